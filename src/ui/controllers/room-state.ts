/** What a role screen shows about its room, and the event that announces it to the app shell. */
import type { LinkError } from '../../protocol/link';
import type { ErrorReason, RoleState } from '../../protocol/machine';
import type { OpenRoomFailure } from '../../app/open-room';

/**
 * Why a room screen is in 'error' (mirrored to `data-reason`): the protocol machine's reasons
 * (`busy`, `retired`, …), a bad link (`bad-secret`, …), or the page cannot open rooms at all.
 */
export type RoomErrorReason = ErrorReason | LinkError | Extract<OpenRoomFailure, 'insecure'>;

/** Why a screen waits in 'init' before anything is sent: the person must confirm first. */
export type RoomPendingReason = 'confirm';

/** What the sender/viewer elements render: the role state plus messages. */
export interface RoomView {
  /** `init | waiting | active | error` — mirrored to the root's `data-state`. */
  state: RoleState;
  /** Why we are in error (or, with 'init', what we wait for), mirrored to `data-reason`. */
  reason?: RoomErrorReason | RoomPendingReason;
  /** A message for the person, when there is something to say. */
  message?: string;
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
