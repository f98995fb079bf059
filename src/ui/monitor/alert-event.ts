/**
 * The monitor's alerts as the app root shows them: `data-alert` on `<porthole-app>` (the test
 * contract) is the alert raised now, absent when none is.
 */

/** An alert a monitor-mode viewer raises: no video from the camera, a loud sound, or motion. */
export type MonitorAlert = 'stalled' | 'sound' | 'motion';

/** Fired (bubbling, composed) by a monitor-mode viewer whenever the raised alert changes; `alert` undefined = none. */
export class MonitorAlertEvent extends Event {
  static readonly eventName = 'porthole-alert';
  constructor(readonly alert: MonitorAlert | undefined) {
    super(MonitorAlertEvent.eventName, { bubbles: true, composed: true });
  }
}
