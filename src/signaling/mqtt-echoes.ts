/**
 * Our own publishes, remembered so that the broker's echo of each is dropped: MQTT 3.1.1 has no
 * noLocal, and a client subscribed to the topic it publishes on hears itself. Each remembered
 * publish drops one echo within {@link echoWindowMs}; at most {@link maxEchoEntries} are kept
 * (oldest forgotten first), so a broker that never echoes costs bounded memory.
 */

/** How long our own publishes are remembered to drop their echo, in ms. */
export const echoWindowMs = 30_000;
/** Most own publishes remembered at once (oldest forgotten first). */
export const maxEchoEntries = 256;

/** The echo filter of one transport. */
export class EchoFilter {
  private readonly echoes = new Map<string, { count: number; expiresMs: number }>();

  /** Remembers a publish of ours on `topic`, so that its echo is dropped. */
  remember(topic: string, data: string, nowMs = Date.now()): void {
    const key = `${topic}\n${data}`;
    const count = this.echoes.get(key)?.count ?? 0;
    this.echoes.delete(key); // re-inserted last: the map stays in age order
    this.echoes.set(key, { count: count + 1, expiresMs: nowMs + echoWindowMs });
    if (this.echoes.size > maxEchoEntries) this.echoes.delete(this.echoes.keys().next().value ?? key);
  }

  /** True when an arriving message is the echo of one of ours (and uses that memory up). */
  isEcho(topic: string, data: string, nowMs = Date.now()): boolean {
    const key = `${topic}\n${data}`;
    const echo = this.echoes.get(key);
    if (!echo) return false;
    echo.count -= 1;
    if (echo.count <= 0) this.echoes.delete(key);
    return echo.expiresMs > nowMs;
  }
}
