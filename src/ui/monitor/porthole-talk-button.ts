import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { TalkBack } from '../../rtc/talk-back';
import { fireEvent } from '../fire-event';
import { LocaleController, t } from '../i18n/i18n';
import { screenStyles } from '../styles/shared-styles';
import { watchRelease } from './talk-release';

/** The detail of a `porthole-talk` event. */
export interface TalkDetail {
  /** The viewer's microphone is on the connection now (true) or off again (false). */
  talking: boolean;
}

/**
 * Push-to-talk: while the button is held (pointer, or Space/Enter held on the keyboard) the
 * viewer's microphone goes to the camera phone, which plays it; released, lost focus or pointer
 * capture, the page hidden, the window blurred, held past the cap, another connection or the
 * element gone, the microphone is stopped.
 * @fires porthole-talk - `CustomEvent<TalkDetail>` when talking starts and stops.
 */
@customElement('porthole-talk-button')
export class PortholeTalkButton extends LitElement {
  static override styles = [
    screenStyles,
    css`
      :host { display: inline-block; padding: 0; margin: 0; max-width: none; }
      button { min-height: 44px; min-width: 44px; touch-action: none; user-select: none; -webkit-user-select: none; }
      button[aria-pressed='true'] { background: var(--ph-accent); color: var(--ph-bg); font-weight: 600; }
      .problem { display: block; font-size: 0.8rem; }
    `,
  ];

  /** The connection whose audio line carries the voice; the button is disabled without one. */
  @property({ attribute: false }) connection: RTCPeerConnection | undefined;
  @state() private talking = false;
  @state() private failed = false;
  private readonly talk = new TalkBack();
  private held = false;
  /** Stops watching for the page hidden, the window blurred and the press cap (see watchRelease). */
  private unwatch: (() => void) | undefined;
  private readonly locale = new LocaleController(this);

  private async press(): Promise<void> {
    const pc = this.connection;
    if (this.held || !pc) return;
    this.held = true;
    this.failed = false;
    this.unwatch = watchRelease(() => this.release(), { doc: document, win: window });
    const on = await this.talk.start(pc);
    if (!this.held) return; // released while the microphone opened: TalkBack stopped it
    this.failed = !on;
    this.setTalking(on);
  }

  private release(): void {
    if (!this.held) return;
    this.held = false;
    this.unwatch?.();
    this.unwatch = undefined;
    this.talk.stop();
    this.setTalking(false);
  }

  private setTalking(on: boolean): void {
    if (on === this.talking) return;
    this.talking = on;
    fireEvent(this, 'porthole-talk', { talking: on });
  }

  private _onKeyDown(event: KeyboardEvent): void {
    if (event.key !== ' ' && event.key !== 'Enter') return;
    event.preventDefault();
    if (!event.repeat) void this.press();
  }

  private _onKeyUp(event: KeyboardEvent): void {
    if (event.key === ' ' || event.key === 'Enter') this.release();
  }

  private _onPointerDown(event: PointerEvent): void {
    if (event.button !== 0) return;
    (event.currentTarget as HTMLElement).setPointerCapture?.(event.pointerId);
    void this.press();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('connection') && changed.get('connection') !== undefined) this.release();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.release();
  }

  override render() {
    void this.locale;
    return html`
      <button type="button" data-testid="talk" aria-pressed=${this.talking ? 'true' : 'false'} ?disabled=${!this.connection}
        @pointerdown=${this._onPointerDown} @pointerup=${this.release} @pointercancel=${this.release} @lostpointercapture=${this.release}
        @keydown=${this._onKeyDown} @keyup=${this._onKeyUp} @blur=${this.release}
        @contextmenu=${(e: Event) => e.preventDefault()}>${t(this.talking ? 'cameraLink.talking' : 'cameraLink.talk')}</button>
      ${this.failed ? html`<span class="problem" role="alert">${t('cameraLink.talkFailed')}</span>` : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-talk-button': PortholeTalkButton;
  }
  interface HTMLElementEventMap {
    'porthole-talk': CustomEvent<TalkDetail>;
  }
}
