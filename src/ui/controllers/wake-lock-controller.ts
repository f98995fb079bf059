import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Keeps the screen awake while its host wants it (sending), re-acquiring when the page is visible again. */
export class WakeLockController implements ReactiveController {
  /** Whether a wake lock is held right now. */
  held = false;
  /**
   * Wanted where the browser has no Wake Lock API: the fallback is the page's playing camera
   * preview (a playing inline video keeps such browsers awake; the monitor screen keeps it playing).
   */
  get fallback(): boolean {
    return this.wanted && !('wakeLock' in navigator);
  }
  private wanted = false;
  private sentinel: WakeLockSentinel | undefined;
  /** The request under way: a second one (want and visibilitychange at once) waits for it instead of taking a second lock. */
  private acquiring: Promise<void> | undefined;
  private readonly onVisibility = (): void => {
    if (document.visibilityState === 'visible' && this.wanted && !this.sentinel) void this.acquire();
  };

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Asks for (true) or gives up (false) the screen wake lock. */
  async want(on: boolean): Promise<void> {
    this.wanted = on;
    if (on) await this.acquire();
    else await this.release();
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.onVisibility);
    void this.want(false);
  }

  private acquire(): Promise<void> {
    if (this.sentinel || !('wakeLock' in navigator) || document.visibilityState !== 'visible') return Promise.resolve();
    this.acquiring ??= this.request().finally(() => {
      this.acquiring = undefined;
    });
    return this.acquiring;
  }

  private async request(): Promise<void> {
    try {
      const sentinel = await navigator.wakeLock.request('screen');
      if (!this.wanted) {
        // Given up while asking (the screen was left): let it go at once.
        await sentinel.release().catch(() => undefined);
        return;
      }
      this.sentinel = sentinel;
      this.held = true;
      // The browser releases the lock when the page is hidden; visibilitychange re-acquires it.
      sentinel.addEventListener('release', () => {
        if (this.sentinel === sentinel) this.sentinel = undefined;
        this.held = false;
        this.host.requestUpdate();
      });
    } catch {
      this.held = false;
    }
    this.host.requestUpdate();
  }

  private async release(): Promise<void> {
    const sentinel = this.sentinel;
    this.sentinel = undefined;
    this.held = false;
    await sentinel?.release().catch(() => undefined);
  }
}
