/** A tiny typed event emitter: every event name has one listener signature, so no caller casts. */

/** The shape an events interface must have: each key is a listener (a method returning nothing). */
export type EventListeners<Events> = { [K in keyof Events]: (...args: never[]) => void };

/** Listeners per event name, typed by `Events` (e.g. `{ change(): void; stream(s: MediaStream | null): void }`). */
export class Emitter<Events extends EventListeners<Events>> {
  private readonly listeners = new Map<keyof Events, Set<Events[keyof Events]>>();

  /** Calls `listener` on every `type` event until the returned function is called. */
  on<K extends keyof Events>(type: K, listener: Events[K]): () => void {
    let set = this.listeners.get(type);
    if (!set) {
      set = new Set();
      this.listeners.set(type, set);
    }
    set.add(listener);
    return () => void set.delete(listener);
  }

  /**
   * Calls every `type` listener with `args`, in the order they were added. A listener that throws
   * does not stop the others or the emitter's owner: its error is rethrown on a later microtask
   * (reported like an error in a DOM event listener).
   */
  emit<K extends keyof Events>(type: K, ...args: Parameters<Events[K]>): void {
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
