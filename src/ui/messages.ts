import type { TransportStatus } from '../signaling/transport';
import type { RoomView } from './room-controller';

/** What the person reads for a role's state. */
export function describe(role: 'sender' | 'viewer', view: RoomView): string {
  if (view.state === 'error') {
    switch (view.reason) {
      case 'busy':
        return role === 'sender'
          ? 'This room already has a sender. Start a new room instead.'
          : 'This room already has a viewer. Ask the sender for a new link.';
      case 'link':
        return 'This link is not valid: it has no room secret or a damaged one. Ask for a new link.';
      case 'replaced':
        return 'This room was opened in another tab of this browser.';
      case 'kicked':
        return 'The sender ended this link. Ask for a new one.';
      default:
        return view.message ?? 'Something went wrong.';
    }
  }
  if (role === 'sender') {
    return view.state === 'init' ? 'Starting the camera…'
      : view.state === 'waiting' ? 'Waiting for a viewer: share the link or the QR code.'
      : 'Live: a viewer is watching.';
  }
  return view.state === 'init' ? 'Connecting to the sender…'
    : view.state === 'waiting' ? 'The sender left. Waiting for them to come back…'
    : 'Live';
}

/** One line about the signaling connection. */
export function describeTransport(status: TransportStatus): string {
  switch (status.state) {
    case 'connected':
      return `Signaling: connected to ${status.endpoint}`;
    case 'connecting':
      return `Signaling: connecting to ${status.endpoint}…`;
    case 'reconnecting':
      return `Signaling: cannot reach ${status.endpoint}${status.error ? ` (${status.error})` : ''}; retrying (attempt ${status.attempt})…`;
    case 'closed':
      return 'Signaling: closed';
    default:
      return 'Signaling: idle';
  }
}
