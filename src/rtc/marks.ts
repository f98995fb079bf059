/** Names marked so far in this page (a set: asking the performance timeline each time cost ms under load). */
const marked = new Set<string>();

/** A performance mark (first occurrence only) for timing the join; read by the connect benchmark. */
export function mark(name: string): void {
  if (marked.has(name)) return;
  marked.add(name);
  performance.mark(`porthole:${name}`);
}
