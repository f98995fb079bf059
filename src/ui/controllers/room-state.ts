/** What a role screen shows about its room, and the event that announces it to the app shell. */

/** What the sender/viewer elements render: the role state plus messages. */
export interface RoomView {
  /** `init | waiting | active | error` — mirrored to the root's `data-state`. */
  state: 'init' | 'waiting' | 'active' | 'error';
  /** Why we are in error (`busy`, `camera`, `link`, …), mirrored to `data-reason`. */
  reason?: string;
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
