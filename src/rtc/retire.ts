/**
 * Ending a room's link ("New link"), the parts that are not the session's own state: the
 * farewell over the data channel, the viewer's reading of it, and how long the retired session
 * waits for its last message before closing its signaling connection.
 */
import type { MessageHeader } from '../protocol/machine';
import type { Body, PeerInfo } from '../protocol/messages';
import { parsePeerMessage, retiredMessage } from '../protocol/peer-messages';
import type { PeerConnectionLike } from './peer-connection';

/** How long a retiring sender gives its data-channel farewell to leave before it closes the connection, ms. */
export const retireFarewellMs = 250;
/** Longest a retired session waits for its bye to reach the transport before closing its connection, ms. */
export const retireFlushMs = 3000;

/** Sender: tells the connected viewer over the data channel; resolves once the message had time to leave. */
export async function sayRetired(peer: PeerConnectionLike | undefined): Promise<void> {
  if (peer?.send(retiredMessage())) await delay(retireFarewellMs);
}

/**
 * Viewer: the sender's data-channel 'retired' from `remote` (the pair peer; DTLS proves who sent
 * it) as the signaling bye it stands for; null for any other message.
 */
export function retiredBye(
  message: unknown,
  remote: PeerInfo,
  self: string,
): { header: MessageHeader; body: Body } | null {
  if (parsePeerMessage(message)?.t !== 'retired') return null;
  return {
    header: { from: remote.session, role: 'sender', key: remote.device },
    body: { t: 'bye', reason: 'retired', to: self },
  };
}

/** Resolves when `work` does, or after `limitMs`, whichever comes first. */
export async function within(work: Promise<void>, limitMs: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, limitMs);
  });
  await Promise.race([work, limit]);
  clearTimeout(timer);
}

/** Resolves after `ms`. */
function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
