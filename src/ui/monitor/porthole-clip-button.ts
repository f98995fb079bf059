import { LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';

/**
 * Keeps the last seconds of a stream (a rolling recording) and saves them as a clip: a button for
 * the person, and {@link PortholeClipButton.saveClip} for an alert that saves one by itself.
 */
@customElement('porthole-clip-button')
export class PortholeClipButton extends LitElement {
  /** The stream to keep (the viewer's remote stream); null = nothing recorded. */
  @property({ attribute: false }) stream: MediaStream | null = null;

  /** Saves the kept seconds as a file (downloaded); resolves with the clip, or undefined when there is none. */
  async saveClip(): Promise<Blob | undefined> {
    return undefined;
  }

  override render() {
    return nothing;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-clip-button': PortholeClipButton;
  }
}
