/** What a role screen shows about its room, and the event that announces it to the app shell. */
import type { LinkError } from '../../protocol/link';
import type { ErrorReason, RoleState } from '../../protocol/machine';
import type { OpenRoomFailure } from '../../app/open-room';
import type { SignalingStats } from '../../rtc/session';

/**
 * Why a room screen is in 'error' (mirrored to `data-reason`): the protocol machine's reasons
 * (`busy`, `retired`, …), a bad link (`bad-secret`, …), or the page cannot open rooms at all.
 */
export type RoomErrorReason = ErrorReason | LinkError | Extract<OpenRoomFailure, 'insecure'>;

/** Why a screen waits in 'init' before anything is sent: the person must confirm first. */
export type RoomPendingReason = 'confirm';

/** A signaling problem a screen names as a hint (not an error): clocks far apart, or a link whose sender key does not match. */
export type RoomNotice = 'clock' | 'wrong-key';

/**
 * What the signaling drops point at while nothing connects (`init`/`waiting`): a viewer paired
 * with no sender that got sender messages signed by a real key other than its link's `k`, and
 * none by the link's since, has a wrong or old link ('wrong-key'); signed broadcasts from
 * beyond the window in the future mean clocks more than the window apart ('clock').
 */
export function signalingNotice(
  role: 'sender' | 'viewer',
  state: RoleState,
  stats: Pick<SignalingStats, 'clockSuspect' | 'wrongKey'>,
  paired: boolean,
): RoomNotice | undefined {
  if (state !== 'init' && state !== 'waiting') return undefined;
  if (role === 'viewer' && !paired && stats.wrongKey) return 'wrong-key';
  return stats.clockSuspect ? 'clock' : undefined;
}

/** What the sender/viewer elements render: the role state plus messages. */
export interface RoomView {
  /** `init | waiting | active | error` — mirrored to the root's `data-state`. */
  state: RoleState;
  /** Why we are in error (or, with 'init', what we wait for), mirrored to `data-reason`. */
  reason?: RoomErrorReason | RoomPendingReason;
  /** A message for the person, when there is something to say. */
  message?: string;
  /** A signaling problem to name as a hint (see {@link signalingNotice}); no `data-*` attribute mirrors it. */
  notice?: RoomNotice;
}

/** Event a role element fires when its state changes; the app mirrors it to `data-state`. */
export class RoomStateEvent extends Event {
  static readonly eventName = 'porthole-state';
  constructor(
    readonly role: 'sender' | 'viewer',
    readonly view: RoomView,
  ) {
    super(RoomStateEvent.eventName, { bubbles: true, composed: true });
  }
}
