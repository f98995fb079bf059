import { LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { RoomController } from '../controllers/room-controller';

/**
 * The viewer's line to the camera in monitor mode: what the sender reports (battery, throttling)
 * and what the viewer asks of it (talk back, low data, torch). Placed by the viewer over its video.
 */
@customElement('porthole-monitor-controls')
export class PortholeMonitorControls extends LitElement {
  /** The viewer's room (its session, the sender's reports). */
  @property({ attribute: false }) room: RoomController | undefined;

  override render() {
    return nothing;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'porthole-monitor-controls': PortholeMonitorControls;
  }
}
