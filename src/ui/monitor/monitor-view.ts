/**
 * Monitor mode's parts of the viewer screen, as templates the viewer places: the alert banner
 * (above the stage) and the panel under it (sound meter, motion timeline, clip button, settings).
 * The elements' events go to the {@link MonitorController}.
 */
import { html, nothing } from 'lit';
import { t } from '../i18n/i18n';
import type { MonitorAlert } from './alert-event';
import type { MonitorController } from './monitor-controller';
import { motionWindowMs } from './monitor-controller';
import type { MonitorAction } from './porthole-monitor-banner';
import './porthole-level-meter';
import './porthole-monitor-banner';
import './porthole-monitor-settings';
import './porthole-motion-timeline';
import './porthole-clip-button';

/** Carries out what the person asked from the banner. */
function onAction(monitor: MonitorController, action: MonitorAction): void {
  if (action === 'silence') monitor.silence();
  else if (action === 'arm') monitor.alarm.arm();
  else monitor.dismiss(action === 'dismiss-sound' ? 'sound' : 'motion');
}

/** The banner with the raised alerts, "tap to arm" and Silence; nothing outside monitor mode. */
export function monitorBanner(monitor: MonitorController) {
  if (!monitor.isActive) return nothing;
  const raised: MonitorAlert[] = monitor.raised;
  const alarm = monitor.alarm.sounding ? 'sounding' : monitor.stall.stalled ? 'silenced' : 'off';
  return html`<porthole-monitor-banner data-testid="monitor-banner" .raised=${raised} .stall=${monitor.stall}
    .soundAt=${monitor.gates.sound.raisedAt} .motionAt=${monitor.gates.motion.raisedAt} .alarm=${alarm}
    ?armed=${monitor.alarm.armed}
    @porthole-monitor-action=${(e: CustomEvent<{ action: MonitorAction }>) => onAction(monitor, e.detail.action)}></porthole-monitor-banner>`;
}

/** The panel under the stage in monitor mode: the sound meter, the motion timeline, the clip button and the settings. */
export function monitorPanel(monitor: MonitorController, stream: MediaStream | null) {
  if (!monitor.isActive) return nothing;
  const s = monitor.settings;
  return html`<section class="monitor" aria-label=${t('monitor.title')} data-testid="monitor-panel">
    ${s.sound ? html`<porthole-level-meter .levelDb=${monitor.levelDb} .thresholdDb=${s.soundThresholdDb}></porthole-level-meter>` : nothing}
    ${s.motion ? html`<porthole-motion-timeline .moments=${monitor.motionMoments} .windowMs=${motionWindowMs}></porthole-motion-timeline>` : nothing}
    <porthole-clip-button .stream=${stream}></porthole-clip-button>
    <porthole-monitor-settings .settings=${s}
      @porthole-monitor-settings=${(e: CustomEvent<{ settings: typeof s }>) => monitor.applySettings(e.detail.settings)}></porthole-monitor-settings>
  </section>`;
}
