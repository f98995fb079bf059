/**
 * Which queued signaling message a new one replaces while the transport is disconnected. The
 * machines re-send a handshake step until the next one shows it arrived (the same offer id, answer,
 * candidate, hello): copies of one step share a key, so a reconnect flushes the latest copy of
 * each instead of every re-send (the transports see sealed bytes only; the key is made here,
 * before sealing, and never leaves this device).
 */
import type { Body } from '../protocol/messages';
import type { PublishOptions } from '../signaling/transport';

/** The replace key of `body`: the step it is a copy of; undefined for a bye (each one counts). */
export function replaceKeyOf(body: Body): string | undefined {
  switch (body.t) {
    case 'hello':
    case 'conn':
      return body.t;
    case 'here':
    case 'busy':
      return `${body.t}:${body.to}`;
    case 'offer':
    case 'answer':
    case 'eoc':
      return `${body.t}:${body.to}:${body.o}`;
    case 'ice':
      return `ice:${body.to}:${body.o}:${JSON.stringify(body.candidate)}`;
    default:
      return undefined;
  }
}

/** The publish options for `body`: its replace key, when it has one. */
export function publishOptions(body: Body): PublishOptions {
  const replaceKey = replaceKeyOf(body);
  return replaceKey === undefined ? {} : { replaceKey };
}
