import type { RoomView } from './room-controller';

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
