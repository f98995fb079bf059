import type { CameraError } from '../../rtc/camera';
import type { TransportStatus } from '../../signaling/transport';
import { t, type MessageKey } from './i18n';
import { describeRelayProblem } from './relay-problems';
import type { RoomErrorReason, RoomView } from '../controllers/room-state';

/** What the person reads for a role's state. */
export function describe(role: 'sender' | 'viewer', view: RoomView): string {
  if (view.state === 'error') {
    const key = view.reason && view.reason !== 'confirm' ? errorKeys[role][view.reason] : undefined;
    return key ? t(key) : (view.message ?? t('room.error'));
  }
  if (view.reason === 'confirm') return t('consent.title');
  return t(`${role}.${view.state}`);
}

/** The text for each error reason that has one; others show the view's own message. */
const errorKeys: Record<'sender' | 'viewer', Partial<Record<RoomErrorReason, MessageKey>>> = {
  sender: {
    busy: 'sender.busy',
    replaced: 'sender.replaced',
    link: 'room.badLink',
    'bad-secret': 'room.badLink',
    'bad-via': 'room.badVia',
    'bad-ice': 'room.badIce',
  },
  viewer: {
    busy: 'viewer.busy',
    retired: 'viewer.retired',
    replaced: 'viewer.replaced',
    link: 'room.badLink',
    'bad-secret': 'room.badLink',
    'bad-via': 'room.badVia',
    'bad-ice': 'room.badIce',
  },
};

/**
 * One line about the signaling connection; `everConnected` false turns a retry into "unreachable".
 * A problem the server reported (topic full, token refused, …) follows in the person's language.
 */
export function describeTransport(status: TransportStatus, everConnected = true): string {
  if (!status.problem) return describeTransportState(status, everConnected);
  const { error: _english, ...rest } = status;
  return `${describeTransportState(rest, everConnected)} — ${describeRelayProblem(status.problem)}`;
}

/** The line about the connection's state (with the English error detail, if any). */
function describeTransportState(status: TransportStatus, everConnected: boolean): string {
  const detail = status.error ? ` (${status.error})` : '';
  switch (status.state) {
    case 'connected':
      return t('room.signal.connected', { endpoint: status.endpoint });
    case 'connecting':
      return t('room.signal.connecting', { endpoint: status.endpoint });
    case 'reconnecting':
      return everConnected
        ? t('room.signal.retrying', { endpoint: status.endpoint, detail, attempt: status.attempt })
        : t('room.signal.unreachable', { endpoint: status.endpoint, detail });
    case 'closed':
      return t('room.signal.closed');
    default:
      return t('room.signal.idle');
  }
}

/** The camera failure in the person's language. */
export function describeCameraError(error: CameraError): string {
  switch (error.kind) {
    case 'Unsupported':
      return t('room.camera.unsupported');
    case 'NotAllowedError':
    case 'SecurityError':
      return t('room.camera.denied');
    case 'NotFoundError':
    case 'OverconstrainedError':
      return t('room.camera.notFound');
    case 'NotReadableError':
      return t('room.camera.busy');
    default:
      return t('room.camera.other', { name: error.kind });
  }
}
