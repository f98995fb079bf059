/** A tiny typed event emitter: every event name has one listener signature, so no caller casts. */

/** The shape an events interface must have: each key is a listener (a method returning nothing). */
export type EventListeners<Events> = { [K in keyof Events]: (...args: never[]) => void };

/** Listeners per event name, typed by `Events` (e.g. `{ change(): void; stream(s: MediaStream | null): void }`). */
export class Emitter<Events extends EventListeners<Events>> {
  private readonly listeners = new Map<keyof Events, Set<Events[keyof Events]>>();
  /** Events of the held types emitted while nobody listened, and how many of each type are kept. */
  private readonly holding = new Map<keyof Events, { max: number; held: unknown[][] }>();

  /**
   * From now on, keeps the last `max` `type` events emitted while no listener is subscribed, and
   * delivers them (on a microtask, in order, and always before a later live event) once one is:
   * for an owner that may start before anyone listens.
   */
  hold<K extends keyof Events>(type: K, max: number): void {
    this.holding.set(type, { max, held: [] });
  }

  /** Calls `listener` on every `type` event until the returned function is called. */
  on<K extends keyof Events>(type: K, listener: Events[K]): () => void {
    let set = this.listeners.get(type);
    if (!set) {
      set = new Set();
      this.listeners.set(type, set);
    }
    set.add(listener);
    if ((this.holding.get(type)?.held.length ?? 0) > 0) queueMicrotask(() => this.flush(type));
    return () => void set.delete(listener);
  }

  /**
   * Calls every `type` listener with `args`, in the order they were added. A listener that throws
   * does not stop the others or the emitter's owner: its error is rethrown on a later microtask
   * (reported like an error in a DOM event listener).
   */
  emit<K extends keyof Events>(type: K, ...args: Parameters<Events[K]>): void {
    const holding = this.holding.get(type);
    if (holding && (this.listeners.get(type)?.size ?? 0) === 0) {
      holding.held.push(args);
      if (holding.held.length > holding.max) holding.held.shift();
      return;
    }
    this.flush(type); // held events first: they happened before this one
    this.deliver(type, args);
  }

  /** Forgets the `type` events held so far (they no longer apply). */
  dropHeld<K extends keyof Events>(type: K): void {
    this.holding.get(type)?.held.splice(0);
  }

  /** Delivers the held `type` events, oldest first, to the listeners there are now. */
  private flush<K extends keyof Events>(type: K): void {
    if ((this.listeners.get(type)?.size ?? 0) === 0) return; // kept for the next listener
    for (const args of this.holding.get(type)?.held.splice(0) ?? []) this.deliver(type, args as Parameters<Events[K]>);
  }

  private deliver<K extends keyof Events>(type: K, args: Parameters<Events[K]>): void {
    for (const listener of [...(this.listeners.get(type) ?? [])]) {
      try {
        (listener as (...values: Parameters<Events[K]>) => void)(...args);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}
