import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { connectSteps, type ConnectStep } from '../controllers/viewer-step';
import { LocaleController, t, type MessageKey } from '../i18n/i18n';

const labels: Record<ConnectStep, MessageKey> = {
  server: 'viewer.step.server',
  camera: 'viewer.step.camera',
  video: 'viewer.step.video',
};

/**
 * The viewer's connection steps as a short ordered list: done ones ticked, the current one
 * highlighted, later ones dimmed. A hint (what seems wrong, and a next step) shows under it.
 */
@customElement('porthole-connect-steps')
export class PortholeConnectSteps extends LitElement {
  static override styles = css`
    :host { display: block; color: #ffffff; }
    ol { list-style: none; margin: 0; padding: 0; display: grid; gap: 10px; }
    li { display: flex; align-items: center; gap: 10px; opacity: 0.55; font-size: 1rem; }
    li[data-status='done'] { opacity: 0.85; }
    li[data-status='now'] { opacity: 1; font-weight: 600; }
    .mark { display: inline-grid; place-items: center; width: 1.6rem; height: 1.6rem; border-radius: 50%; flex: none;
      border: 2px solid currentColor; box-sizing: border-box; font-size: 0.9rem; line-height: 1; }
    li[data-status='done'] .mark { background: var(--ph-accent-strong, #2b6cb0); border-color: var(--ph-accent-strong, #2b6cb0); }
    li[data-status='now'] .mark { border-color: var(--ph-accent, #63b3ed); border-top-color: transparent;
      animation: spin 1s linear infinite; }
    @keyframes spin { to { transform: rotate(360deg); } }
    @media (prefers-reduced-motion: reduce) { li[data-status='now'] .mark { animation: none; border-top-color: var(--ph-accent, #63b3ed); } }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
    ::slotted(*) { margin-top: 14px; }
  `;

  /** The step under way; the ones before it are done. */
  @property() step: ConnectStep = 'server';

  constructor() {
    super();
    new LocaleController(this);
  }

  override render() {
    const current = connectSteps.indexOf(this.step);
    return html`
      <ol aria-label=${t('viewer.steps')} data-testid="connect-steps">
        ${connectSteps.map((step, index) => {
          const status = index < current ? 'done' : index === current ? 'now' : 'next';
          return html`<li data-testid="connect-step" data-step=${step} data-status=${status}
            aria-current=${status === 'now' ? 'step' : 'false'}>
            <span class="mark" aria-hidden="true">${status === 'done' ? '✓' : ''}</span>
            <span>${t(labels[step])}</span>${
              status === 'next' ? nothing : html`<span class="visually-hidden">(${t(`viewer.step.${status}`)})</span>`
            }
          </li>`;
        })}
      </ol>
      <slot></slot>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-connect-steps': PortholeConnectSteps;
  }
}
