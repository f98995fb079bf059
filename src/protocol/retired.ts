import type { MessageHeader } from './machine';
import type { Body } from './messages';

/**
 * A room whose link the sender replaced ("New link"): the sender stays subscribed to the old
 * topic for as long as its page lives and answers every viewer that announces itself there with
 * a 'retired' bye addressed to it, so an old link fails with a clear message instead of waiting forever.
 * Returns the reply to send, or null.
 */
export function retiredRoomReply(header: MessageHeader, body: Body): Body | null {
  if (header.role !== 'viewer') return null;
  if (body.t !== 'hello' || body.peer.session !== header.from) return null;
  return { t: 'bye', reason: 'retired', to: body.peer.session };
}
