import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import { chatMessage, chatTextProblem, maxChatChars, type PeerMessage } from '../../protocol/peer-messages';
import { draftHint } from '../chat/draft-hint';
import { nextOverlayFadeInMs, overlayFaded, overlayMessageCount, overlayOpacity } from '../chat/overlay-fade';
import { fireEvent } from '../fire-event';
import { timeOfDayText } from '../format/time-of-day';
import { getLocale, LocaleController, t } from '../i18n/i18n';

/** One line of the conversation as the chat shows it. */
export interface ChatEntry {
  /** Who wrote it. */
  from: 'me' | 'peer';
  /** The text, shown as plain text. */
  text: string;
  /** When it was sent or received, ms since the epoch on this device's clock (overlay fading uses it). */
  at: number;
}

/** The detail of a `porthole-chat-send` event. */
export interface ChatSendDetail {
  /** The cleaned text to send. */
  text: string;
  /** The validated data-channel message, ready for `RoomSession.sendToPeer`. */
  message: PeerMessage;
}

/** Extra wait after a message's fade time before re-rendering, in ms, so the message is past it. */
const fadeRenderSlackMs = 50;

/**
 * Chat with the other side: the messages (an overlay of the latest few over the video, or a
 * scrollable list), a message field and a send button. The host appends sent and received
 * entries to `messages`; the element never adds them itself. `::part(form)` and `::part(hint)` let
 * a host hide the field over its video while the messages stay.
 * @fires porthole-chat-send - `CustomEvent<ChatSendDetail>` when a valid message is sent.
 */
@customElement('porthole-chat')
export class PortholeChat extends LitElement {
  static override styles = css`
    :host { display: flex; flex-direction: column; gap: 6px; font-size: 0.95rem; color: var(--ph-text); }
    .log { display: flex; flex-direction: column; gap: 4px; margin: 0; padding: 0; }
    .message { margin: 0; padding: 4px 10px; border-radius: 10px; max-width: 85%; width: fit-content;
      white-space: pre-wrap; overflow-wrap: anywhere; transition: opacity 1s ease; }
    .message[data-from='me'] { align-self: flex-end; }
    .who { font-weight: 600; }
    time { font-size: 0.75rem; color: var(--ph-muted); margin-inline-start: 6px; }
    :host([mode='overlay']) .log { pointer-events: none; }
    :host([mode='overlay']) .message { background: var(--ph-overlay); color: var(--ph-on-overlay, #ffffff); }
    :host([mode='overlay']) .message.faded { opacity: 0 !important; }
    :host([mode='overlay']:focus-within) .message.faded { opacity: 0.7 !important; }
    :host([mode='list']) .log { overflow-y: auto; max-height: var(--porthole-chat-list-height, 40vh); padding: 4px; }
    :host([mode='list']) .message { background: var(--ph-surface); border: 1px solid var(--ph-border); }
    .empty { color: var(--ph-muted); margin: 0; }
    form { display: flex; gap: 6px; }
    input { flex: 1; min-width: 0; font: inherit; padding: 8px 10px; border-radius: 8px; border: 1px solid var(--ph-border);
      background: var(--ph-surface); color: var(--ph-text); }
    :host([mode='overlay']) input { background: var(--ph-overlay); color: var(--ph-on-overlay, #ffffff); }
    input, button { min-height: 44px; min-width: 44px; box-sizing: border-box; }
    :host([mode='overlay']) input::placeholder { color: var(--ph-on-overlay, #ffffff); opacity: 0.75; }
    button { font: inherit; padding: 8px 14px; border-radius: 8px; border: 1px solid var(--ph-border);
      background: var(--ph-accent-strong); color: var(--ph-on-overlay, #ffffff); cursor: pointer; }
    button:disabled, input:disabled { opacity: 0.6; cursor: not-allowed; }
    input:focus-visible, button:focus-visible { outline: 3px solid var(--ph-accent); outline-offset: 2px; }
    .hint { margin: 0; font-size: 0.8rem; color: var(--ph-muted); }
    :host([mode='overlay']) .hint { background: var(--ph-overlay); color: var(--ph-on-overlay, #ffffff); padding: 2px 8px;
      border-radius: 6px; width: fit-content; }
    .hint[data-kind='error'] { font-weight: 600; }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  `;

  /** The conversation, oldest first. */
  @property({ attribute: false }) messages: ChatEntry[] = [];
  /** `overlay`: the latest few over the video, older ones fading; `list`: a scrollable list. */
  @property({ reflect: true }) mode: 'overlay' | 'list' = 'overlay';
  /** No peer connected: the field and the button are off. */
  @property({ type: Boolean, reflect: true }) disabled = false;
  /** How the other side is named (default: "Them"). */
  @property({ attribute: 'peer-label' }) peerLabel = '';

  @state() private draft = '';
  @query('.log') private log!: HTMLElement | null;
  @query('input') private input!: HTMLInputElement | null;
  private fadeTimer: ReturnType<typeof setTimeout> | undefined;
  private stickToBottom = true;

  constructor() {
    super();
    new LocaleController(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.fadeTimer);
  }

  /** Puts the keyboard focus in the message field. */
  override focus(): void {
    this.input?.focus();
  }

  protected override willUpdate(): void {
    const log = this.log;
    this.stickToBottom = !log || log.scrollHeight - log.scrollTop - log.clientHeight < 24;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('messages') && this.mode === 'list' && this.stickToBottom && this.log) {
      this.log.scrollTop = this.log.scrollHeight;
    }
    this._scheduleFade();
  }

  /** Re-renders when the next overlay message is due to fade. */
  private _scheduleFade(): void {
    clearTimeout(this.fadeTimer);
    if (this.mode !== 'overlay') return;
    const dueMs = nextOverlayFadeInMs(this.messages, Date.now());
    if (dueMs !== undefined) this.fadeTimer = setTimeout(() => this.requestUpdate(), dueMs + fadeRenderSlackMs);
  }

  private _onInput(event: Event): void {
    this.draft = (event.target as HTMLInputElement).value;
  }

  private _onSubmit(event: Event): void {
    event.preventDefault();
    if (this.disabled) return;
    const message = chatMessage(this.draft, Date.now());
    if (message?.t !== 'chat') return;
    this.draft = '';
    fireEvent(this, 'porthole-chat-send', { text: message.text, message });
  }

  private renderHint() {
    const hint = draftHint(this.draft);
    if (hint?.kind === 'too-long') {
      return html`<p class="hint" part="hint" id="hint" data-testid="chat-hint" data-kind="error" role="alert">
        ${t('chat.tooLong', { count: hint.count, max: maxChatChars })}</p>`;
    }
    if (hint?.kind === 'remaining') {
      return html`<p class="hint" part="hint" id="hint" data-testid="chat-hint">${t('chat.remaining', { count: hint.count })}</p>`;
    }
    return nothing;
  }

  private renderMessage(entry: ChatEntry, rank: number, now: number) {
    const overlay = this.mode === 'overlay';
    const faded = overlay && overlayFaded(entry.at, now);
    const opacity = overlay ? overlayOpacity(rank) : 1;
    const who = entry.from === 'me' ? t('chat.me') : this.peerLabel || t('chat.peer');
    return html`<p class="message ${faded ? 'faded' : ''}" style="opacity: ${opacity}" data-testid="chat-message"
      data-from=${entry.from}><span class="who">${t('chat.from', { name: who })}</span> <span class="text">${entry.text}</span>${
        overlay
          ? nothing
          : html`<time datetime=${new Date(entry.at).toISOString()}>${timeOfDayText(entry.at, getLocale())}</time>`
      }</p>`;
  }

  override render() {
    const all = this.messages.map((entry, index) => ({ entry, index }));
    const shown = this.mode === 'overlay' ? all.slice(-overlayMessageCount) : all;
    const now = Date.now();
    const problem = chatTextProblem(this.draft);
    return html`
      <div class="log" role="log" aria-live="polite" aria-label=${t('chat.log')} data-testid="chat-log">
        ${repeat(
          shown,
          (m) => m.index,
          (m, i) => this.renderMessage(m.entry, shown.length - 1 - i, now),
        )}
        ${this.mode === 'list' && shown.length === 0 ? html`<p class="empty">${t('chat.empty')}</p>` : nothing}
      </div>
      <form part="form" @submit=${this._onSubmit} aria-label=${t('chat.label')}>
        <label class="visually-hidden" for="input">${t('chat.input')}</label>
        <input id="input" data-testid="chat-input" type="text" maxlength=${maxChatChars} autocomplete="off"
          .enterKeyHint=${'send'} aria-describedby="hint" aria-invalid=${problem === 'too-long' ? 'true' : 'false'}
          placeholder=${this.disabled ? t('chat.placeholderDisabled') : t('chat.placeholder')}
          ?disabled=${this.disabled} .value=${live(this.draft)} @input=${this._onInput} />
        <button type="submit" data-testid="chat-send" ?disabled=${this.disabled || problem === 'empty'}>${t('chat.send')}</button>
      </form>
      ${this.renderHint()}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-chat': PortholeChat;
  }
  interface HTMLElementEventMap {
    'porthole-chat-send': CustomEvent<ChatSendDetail>;
  }
}
