import { describe, expect, it } from 'vitest';
import type { Event, SenderState } from '../../src/protocol/machine';
import type { PeerInfo } from '../../src/protocol/messages';
import { initialSender, senderStep } from '../../src/protocol/sender';
import { msg, peer, run, sdp } from './fixtures';

const me = peer('phone', 'sendS1', 1000);
const viewer = peer('laptop', 'viewV1', 1200);
const t = 5000;

const step = (s: SenderState, ...events: Event[]) => run(senderStep, s, events);
const started = () => step(initialSender(me), { type: 'start', now: 1000 }).state;
const hello = (p: PeerInfo, seq: number, now: number) => msg(p, 'viewer', { t: 'hello', peer: p }, now, { seq });
const answer = (seq: number, now: number) =>
  msg(viewer, 'viewer', { t: 'answer', to: me.session, o: 1, sdp: 'answer-sdp' }, now, { seq });

/** Admitted on hello seq 1, offer 1 made at t + 100, answered at seq 5, connected. */
function connected(): SenderState {
  return step(started(), hello(viewer, 1, t), { type: 'local-sdp', o: 1, sdp, now: t + 100 }, answer(5, t + 500), {
    type: 'peer-connected',
    now: t + 600,
  }).state;
}

describe('held-back viewer hellos (the broker publishes an old one later)', () => {
  it('a hello of my viewer session older than its answer changes nothing; a newer one re-admits', () => {
    const s = connected();
    const old = step(s, hello(viewer, 3, t + 60_000));
    expect(old.effects).toEqual([]);
    expect(old.state).toEqual(s);
    const fresh = step(s, hello(viewer, 9, t + 60_000));
    expect(fresh.effects).toEqual([{ type: 'close-peer' }, { type: 'open-peer', remote: viewer, o: 2 }]);
  });

  it('a held-back here is ignored the same way', () => {
    const here = msg(viewer, 'viewer', { t: 'here', to: me.session, peer: viewer }, t + 60_000, { seq: 2 });
    expect(step(connected(), here).effects).toEqual([]);
  });
});
