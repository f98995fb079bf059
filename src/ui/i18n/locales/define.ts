/** One area's messages: English is the source; Chinese must have exactly the same keys. */
export interface Area<K extends string> {
  en: Record<K, string>;
  'zh-CN': Record<K, string>;
}

/** Declares an area's messages, checking at compile time that both languages have every key. */
export function defineArea<const E extends Record<string, string>>(
  en: E,
  zh: Record<keyof E & string, string>,
): Area<keyof E & string> {
  return { en, 'zh-CN': zh };
}
