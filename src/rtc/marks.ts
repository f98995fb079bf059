/** A performance mark (first occurrence only) for timing the join; read by the connect benchmark. */
export function mark(name: string): void {
  const full = `porthole:${name}`;
  if (performance.getEntriesByName(full).length === 0) performance.mark(full);
}
