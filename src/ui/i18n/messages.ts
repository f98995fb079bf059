import type { CameraError } from '../../rtc/camera';
import type { TransportStatus } from '../../signaling/transport';
import { t, type MessageKey } from './i18n';
import { room } from './locales/room';
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
 * One line about the connection to the server; `everConnected` false turns a retry into
 * "unreachable", with a next step for `role` (the sender may choose another server in Settings;
 * the viewer, whose server comes with the link, asks for a new link; without a role, only the
 * network is named). A problem the server reported (topic full, token refused, …) follows in the
 * person's language.
 */
export function describeTransport(status: TransportStatus, everConnected = true, role?: 'sender' | 'viewer'): string {
  if (!status.problem) return describeTransportState(status, everConnected, role);
  const { error: _english, ...rest } = status;
  return `${describeTransportState(rest, everConnected, role)} — ${describeRelayProblem(status.problem)}`;
}

/** The server's `host:port` from an endpoint URL (the endpoint itself when it is no URL). */
export function endpointHost(endpoint: string): string {
  try {
    const host = new URL(endpoint).host;
    return host || endpoint;
  } catch {
    return endpoint;
  }
}

const unreachableKeys = {
  sender: 'room.signal.unreachable.sender',
  viewer: 'room.signal.unreachable.viewer',
  any: 'room.signal.unreachable',
} as const satisfies Record<string, MessageKey>;

/** The line about the connection's state (with the English error detail, if any). */
function describeTransportState(status: TransportStatus, everConnected: boolean, role?: 'sender' | 'viewer'): string {
  const detail = status.error ? ` (${status.error})` : '';
  const endpoint = endpointHost(status.endpoint);
  switch (status.state) {
    case 'connected':
      return t('room.signal.connected', { endpoint });
    case 'connecting':
      return t('room.signal.connecting', { endpoint });
    case 'reconnecting':
      return everConnected
        ? t('room.signal.retrying', { endpoint, detail, attempt: status.attempt })
        : t(unreachableKeys[role ?? 'any'], { endpoint, detail });
    case 'closed':
      return t('room.signal.closed');
    default:
      return t('room.signal.idle');
  }
}

/** The English error names of camera failures described on this page, by the text they got. */
const cameraErrorNames = new Map<string, string>();

/** The English error name (`NotAllowedError`, …) of a camera failure this page described as `message`. */
export function cameraErrorName(message: string | undefined): string | undefined {
  return message === undefined ? undefined : cameraErrorNames.get(message);
}

/** The camera failure in the person's language. */
export function describeCameraError(error: CameraError): string {
  const text = cameraErrorText(error);
  cameraErrorNames.set(text, error.kind);
  return text;
}

function cameraErrorText(error: CameraError): string {
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

/** A camera failure as the error card groups it. */
export type CameraProblem = 'denied' | 'busy' | 'notFound' | 'unsupported' | 'other';

const cameraProblemKeys = {
  denied: 'room.camera.denied',
  busy: 'room.camera.busy',
  notFound: 'room.camera.notFound',
  unsupported: 'room.camera.unsupported',
} as const satisfies Partial<Record<CameraProblem, MessageKey>>;

/**
 * The camera problem a text of {@link describeCameraError} names, in either language (the
 * language may have changed since); undefined for any other text.
 */
export function cameraProblemOf(message: string | undefined): CameraProblem | undefined {
  if (!message) return undefined;
  for (const dictionary of [room.en, room['zh-CN']]) {
    for (const [problem, key] of Object.entries(cameraProblemKeys)) {
      if (dictionary[key] === message) return problem as CameraProblem;
    }
    const [before = '', after = ''] = dictionary['room.camera.other'].split('{name}');
    if (message.length > before.length + after.length && message.startsWith(before) && message.endsWith(after)) {
      return 'other';
    }
  }
  return undefined;
}

/** The main action of an error card: reload, scan a new code, start a new room, or none (Home only). */
export type ErrorAction = 'retry' | 'scan' | 'new-room' | 'none';

/** What an error card says and offers for a room's error. */
export interface ErrorCopy {
  /** The headline, in plain words. */
  title: MessageKey;
  /** One or two sentences: what happened and what to do. */
  text: MessageKey;
  /** The main action (Home is always the second one). */
  action: ErrorAction;
  /** True when the camera was blocked: the card offers the browser's steps to allow it. */
  cameraHelp: boolean;
}

/** The headline, explanation and main action of the error card for `side`'s error `view`. */
export function errorCopy(side: 'sender' | 'viewer', view: RoomView): ErrorCopy {
  const copy = (title: MessageKey, text: MessageKey, action: ErrorAction, cameraHelp = false): ErrorCopy => ({
    title,
    text,
    action,
    cameraHelp,
  });
  switch (view.reason) {
    case 'busy':
      return side === 'viewer'
        ? copy('errors.busy.viewer.title', 'errors.busy.viewer.text', 'scan')
        : copy('errors.busy.sender.title', 'errors.busy.sender.text', 'new-room');
    case 'retired':
      return copy('errors.retired.title', 'errors.retired.text', side === 'viewer' ? 'scan' : 'new-room');
    case 'replaced':
      return copy('errors.replaced.title', 'errors.replaced.text', 'retry');
    case 'link':
    case 'bad-secret':
    case 'bad-via':
    case 'bad-ice':
    case 'unknown-page':
      return side === 'viewer'
        ? copy('errors.link.title', 'errors.link.viewer.text', 'scan')
        : copy('errors.link.title', 'errors.link.sender.text', 'new-room');
    case 'camera': {
      const problem = cameraProblemOf(view.message) ?? 'other';
      return copy(`errors.camera.${problem}.title`, `errors.camera.${problem}.text`, 'retry', problem === 'denied');
    }
    case 'transport':
      return copy('errors.transport.title', `errors.transport.${side}.text`, 'retry');
    case 'insecure':
      return copy('errors.insecure.title', 'errors.insecure.text', 'none');
    default:
      return copy('errors.generic.title', 'errors.generic.text', 'retry');
  }
}
