import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { timeOfDayText } from '../format/time-of-day';
import { getLocale, LocaleController, t } from '../i18n/i18n';
import { timelineMarks } from './alert-gate';

/** A strip for the last minutes with a mark at each moment motion was seen (newest on the right). */
@customElement('porthole-motion-timeline')
export class PortholeMotionTimeline extends LitElement {
  static override styles = css`
    :host { display: grid; gap: 4px; font-size: 0.9rem; }
    .strip { position: relative; height: 16px; border-radius: 4px; background: var(--ph-border); }
    .mark { position: absolute; top: 0; bottom: 0; width: 3px; margin-left: -1px; background: var(--ph-error); }
  `;

  /** When motion was seen (ms since the epoch). */
  @property({ attribute: false }) moments: readonly number[] = [];
  /** How far back the strip reaches, in ms. */
  @property({ type: Number }) windowMs = 10 * 60_000;

  private readonly locale = new LocaleController(this);

  override render() {
    void this.locale;
    const marks = timelineMarks(this.moments, Date.now(), this.windowMs);
    return html`<span id="label">${t('monitor.timeline.count', { count: marks.length })}</span>
      <div class="strip" role="list" aria-labelledby="label" data-testid="motion-timeline">
        ${marks.map(
          ({
            at,
            position,
          }) => html`<span class="mark" role="listitem" data-testid="motion-mark" style=${`left: ${position * 100}%`}
            aria-label=${t('monitor.timeline.mark', { time: timeOfDayText(at, getLocale()) })} title=${timeOfDayText(at, getLocale())}></span>`,
        )}
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-motion-timeline': PortholeMotionTimeline;
  }
}
