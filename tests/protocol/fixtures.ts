/** Shared fixtures for protocol tests: peers, headers, message events. */
import type { EnvelopeHeader } from '../../src/protocol/wire';
import type { Role } from '../../src/protocol/link';
import type { Event } from '../../src/protocol/machine';
import type { Body, PeerInfo } from '../../src/protocol/messages';

/** A well-formed ephemeral public key (machines never use it; the envelope checks its form). */
export const ek = `BA${'A'.repeat(85)}`;

/** A valid PeerInfo; `device`/`session` are padded to valid ids. */
export function peer(device: string, session: string, since: number): PeerInfo {
  return { device: device.padEnd(8, '0'), session: session.padEnd(8, '0'), since, ek };
}

/** A message event as the glue would feed it: signed by `from`'s key (its device id). */
export function msg(from: PeerInfo, role: Role, body: Body, now: number, extra: Partial<EnvelopeHeader> = {}): Event {
  return {
    type: 'message',
    header: { from: from.session, role, seq: 1, key: from.device, ts: now, ...extra },
    body,
    now,
  };
}

/** A minimal SDP. */
export const sdp = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n';

/** A typical host candidate. */
export const candidate = {
  candidate: 'candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host',
  sdpMid: '0',
  sdpMLineIndex: 0,
};

/** Freezes an object graph, so a step that mutates its input throws in strict mode. */
export function deepFreeze<T>(x: T): T {
  if (typeof x === 'object' && x !== null && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x)) deepFreeze(v);
  }
  return x;
}

/** Runs events through a step function from `state` (frozen each time); returns the last state and all effects. */
export function run<S, E, F>(
  step: (s: S, e: E) => { state: S; effects: F[] },
  state: S,
  events: E[],
): { state: S; effects: F[] } {
  let s = state;
  const effects: F[] = [];
  for (const e of events) {
    const out = step(deepFreeze(s), e);
    s = out.state;
    effects.push(...out.effects);
  }
  return { state: s, effects };
}
