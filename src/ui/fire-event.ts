/** Fires the app's own DOM events the one way they all go: bubbling, composed, typed by HTMLElementEventMap. */

/** The detail that a `porthole-…` event declared in HTMLElementEventMap carries. */
export type EventDetail<K extends keyof HTMLElementEventMap> =
  HTMLElementEventMap[K] extends CustomEvent<infer Detail> ? Detail : never;

/**
 * Dispatches `new CustomEvent(type, { detail, bubbles: true, composed: true })` from `source`, so it
 * crosses shadow roots up to the screen that listens; `type` and `detail` are checked against the
 * HTMLElementEventMap entry the firing element declares. Returns false if a listener cancelled it.
 */
export function fireEvent<K extends keyof HTMLElementEventMap & `porthole-${string}`>(
  source: EventTarget,
  type: K,
  detail: EventDetail<K>,
): boolean {
  return source.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}
