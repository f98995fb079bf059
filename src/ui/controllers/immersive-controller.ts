import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** A phone on its side: wide and low, where the video should take the whole screen. */
export const phoneLandscapeQuery = '(orientation: landscape) and (max-height: 500px)';

/**
 * Whether the host should show its video edge to edge: a phone on its side
 * ({@link phoneLandscapeQuery}) or the host in full screen. Reflects it as the host's
 * `immersive` attribute (for its styles) and re-renders the host when it changes.
 */
export class ImmersiveController implements ReactiveController {
  /** The video takes the whole screen. */
  on = false;
  private query: MediaQueryList | undefined;
  private readonly onChange = (): void => this.read();

  /** @param host the element that goes full screen or edge to edge */
  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  hostConnected(): void {
    this.query = matchMedia(phoneLandscapeQuery);
    this.query.addEventListener('change', this.onChange);
    document.addEventListener('fullscreenchange', this.onChange);
    this.read();
  }

  hostDisconnected(): void {
    this.query?.removeEventListener('change', this.onChange);
    document.removeEventListener('fullscreenchange', this.onChange);
  }

  private read(): void {
    // Inside a shadow tree, the document names the outermost host: ask the host's own root.
    const root = this.host.getRootNode() as Document | ShadowRoot;
    const on = this.query?.matches === true || root.fullscreenElement === this.host;
    this.host.toggleAttribute('immersive', on);
    if (on === this.on) return;
    this.on = on;
    this.host.requestUpdate();
  }
}
