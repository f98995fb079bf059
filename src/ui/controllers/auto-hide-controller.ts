import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How long controls stay after the last tap, mouse move or key, in ms. */
export const autoHideMs = 4000;

/**
 * Shows a host's controls on interaction and hides them after {@link autoHideMs} without any,
 * unless something holds them (the chat field has the focus, a panel is open). The host calls
 * {@link wake} on a tap, mouse move or key, and {@link hold} while they must stay.
 */
export class AutoHideController implements ReactiveController {
  /** The controls are on screen. */
  shown = true;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly holds = new Set<string>();
  private connected = false;

  /**
   * @param host the element showing the controls (re-rendered when they show or hide)
   * @param delayMs how long they stay after the last interaction
   */
  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly delayMs = autoHideMs,
  ) {
    host.addController(this);
  }

  /** Shows the controls and starts the countdown again. */
  wake(): void {
    this.set(true);
    this.arm();
  }

  /** Keeps the controls on screen while `on` for `reason` (e.g. 'focus', 'panel'); counts down again once nothing holds. */
  hold(reason: string, on: boolean): void {
    if (on === this.holds.has(reason)) return;
    if (on) this.holds.add(reason);
    else this.holds.delete(reason);
    this.wake();
  }

  hostConnected(): void {
    this.connected = true;
    this.arm();
  }

  hostDisconnected(): void {
    this.connected = false;
    clearTimeout(this.timer);
  }

  private arm(): void {
    clearTimeout(this.timer);
    if (!this.connected || this.holds.size > 0) return;
    this.timer = setTimeout(() => this.set(false), this.delayMs);
  }

  private set(shown: boolean): void {
    if (shown === this.shown) return;
    this.shown = shown;
    this.host.requestUpdate();
  }
}
