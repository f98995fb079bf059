import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { type CameraHelpKind, currentCameraHelpKind } from '../format/browser-kind';
import { LocaleController, t } from '../i18n/i18n';

/** Numbered steps to allow the camera for this site, written for the person's browser. */
@customElement('porthole-camera-help')
export class PortholeCameraHelp extends LitElement {
  static override styles = css`
    :host { display: block; }
    ol { margin: 0; padding-left: 1.5em; line-height: 1.5; }
    li + li { margin-top: 4px; }
  `;

  /** Whose steps to show; this browser's by default. */
  @property({ attribute: false }) kind: CameraHelpKind = currentCameraHelpKind();
  private readonly locale = new LocaleController(this);

  override render() {
    void this.locale;
    const steps = t(`errors.help.${this.kind}`).split('\n');
    return html`<ol data-testid="camera-help" data-browser=${this.kind}>${steps.map((step) => html`<li>${step}</li>`)}</ol>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-camera-help': PortholeCameraHelp;
  }
}
