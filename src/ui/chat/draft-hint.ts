/** What the chat says under its field about the length of the message being written. */
import { chatTextProblem, cleanChatText, maxChatChars } from '../../protocol/peer-messages';

/** The character counter appears when this few characters are left. */
export const counterFromRemainingChars = 100;

/** Too long (with the length it has), characters left (near the limit only), or nothing to say. */
export type DraftHint = { kind: 'too-long'; count: number } | { kind: 'remaining'; count: number } | undefined;

/** The hint for a draft, counting it as it would be sent (cleaned). */
export function draftHint(draft: string): DraftHint {
  const count = cleanChatText(draft).length;
  if (chatTextProblem(draft) === 'too-long') return { kind: 'too-long', count };
  const remaining = maxChatChars - count;
  return remaining <= counterFromRemainingChars ? { kind: 'remaining', count: remaining } : undefined;
}
