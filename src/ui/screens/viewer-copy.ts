/** The viewer screen's fixed copy: which message each step and hint shows, and the info button's icon. */
import { svg } from 'lit';
import type { ViewerHint, ViewerStep } from '../controllers/viewer-step';
import type { MessageKey } from '../i18n/i18n';

/** What the status line says in each step (the error step shows the error itself). */
export const statusKeys: Record<Exclude<ViewerStep, 'error'>, MessageKey> = {
  server: 'viewer.status.server',
  camera: 'viewer.status.camera',
  video: 'viewer.status.video',
  live: 'viewer.active',
  reconnecting: 'viewer.status.reconnecting',
  left: 'viewer.waiting',
  'paused-phone': 'viewer.status.pausedPhone',
  'paused-person': 'viewer.status.pausedPerson',
};

/** An "i" in a circle (drawn: not every system font has ⓘ). */
export const infoIcon = svg`<svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false"><path fill="currentColor"
  d="M12 2a10 10 0 1 1 0 20 10 10 0 0 1 0-20zm0 2a8 8 0 1 0 0 16 8 8 0 0 0 0-16zm-1 6h2v7h-2v-7zm0-3h2v2h-2V7z"/></svg>`;

/** Each hint: what seems wrong, and the next step. */
export const hintKeys: Record<ViewerHint, [MessageKey, MessageKey]> = {
  server: ['viewer.hint.server', 'viewer.hint.server.next'],
  noSender: ['viewer.hint.noSender', 'viewer.hint.noSender.next'],
  iceFailed: ['viewer.hint.iceFailed', 'viewer.hint.iceFailed.next'],
  noFrames: ['viewer.hint.noFrames', 'viewer.hint.noFrames.next'],
  wrongKey: ['viewer.hint.wrongKey', 'viewer.hint.wrongKey.next'],
  clock: ['viewer.hint.clock', 'viewer.hint.clock.next'],
};
