/** Reads a viewer link that someone pasted or scanned. */
import { parseRoute, type LinkError } from '../../protocol/link';
import type { MessageKey } from '../i18n/i18n';

/** What is wrong with a link whose route did parse, as the home screen says it. */
const linkErrorMessages: Record<Exclude<LinkError, 'unknown-page'>, MessageKey> = {
  'bad-secret': 'home.paste.badSecret',
  'bad-via': 'home.paste.badVia',
  'bad-ice': 'home.paste.badIce',
};

/**
 * Reads a pasted or scanned viewer link: a full URL or just its `#/view?…` part (white space
 * anywhere is dropped, as links wrap in chats). Returns the hash to navigate to, or the message
 * saying what is wrong with it.
 */
export function viewerHashFrom(text: string): { hash: string } | { error: MessageKey } {
  const value = text.replace(/\s+/g, '');
  if (value === '') return { error: 'home.paste.empty' };
  const hashAt = value.indexOf('#');
  if (hashAt < 0) return { error: 'home.paste.notLink' };
  const hash = value.slice(hashAt);
  const route = parseRoute(hash);
  if (route.page === 'home') return { error: 'home.paste.notLink' };
  if (route.page === 'send') return { error: 'home.paste.senderLink' };
  if (route.error && route.error !== 'unknown-page') return { error: linkErrorMessages[route.error] };
  if (!route.params.secret) return { error: 'home.paste.noSecret' };
  return { hash };
}
