import { describe, expect, it } from 'vitest';
import type { Event, ViewerState } from '../../src/protocol/machine';
import type { PeerInfo } from '../../src/protocol/messages';
import { isOldOffer, maxRememberedSenders, rememberOffer } from '../../src/protocol/offer-memory';
import { initialViewer, viewerStep } from '../../src/protocol/viewer';
import { msg, peer, run, sdp } from './fixtures';

const me = peer('laptop', 'viewV1', 1000);
const sender = peer('phone', 'sendS1', 900);
const t = 5000;

const step = (s: ViewerState, ...events: Event[]) => run(viewerStep, s, events);
const started = () => step(initialViewer(me), { type: 'start', now: 1000 }).state;
const offer = (o: number, now: number, seq = o + 10) =>
  msg(sender, 'sender', { t: 'offer', to: me.session, o, sdp, peer: sender }, now, { seq });
const opens = (effects: { type: string }[]) => effects.filter((e) => e.type === 'open-peer').length;

/** Took offer 1, connected, then lost the peer (no sender now). */
function lostAfterOffer1(): ViewerState {
  return step(started(), offer(1, t), { type: 'peer-connected', now: t + 500 }, { type: 'peer-lost', now: t + 9000 })
    .state;
}

describe('held-back copies of old offers (the broker publishes one later)', () => {
  it('after losing its sender, a copy of offer 1 is ignored; offer 2 is taken', () => {
    const lost = lostAfterOffer1();
    expect(lost.sender).toBeUndefined();
    const old = step(lost, offer(1, t + 10_000, 40));
    expect(old.effects).toEqual([]);
    expect(old.state).toEqual(lost);
    const fresh = step(lost, offer(2, t + 10_000, 41));
    expect(opens(fresh.effects)).toBe(1);
    expect(fresh.state.offer?.o).toBe(2);
  });

  it('refused (error busy): a copy of an offer taken before keeps it refused; a newer offer admits it', () => {
    const refused = step(lostAfterOffer1(), msg(sender, 'sender', { t: 'busy', to: me.session }, t + 9500)).state;
    expect(refused).toMatchObject({ state: 'error', reason: 'busy' });
    const old = step(refused, offer(1, t + 10_000, 40));
    expect(old.effects).toEqual([]);
    expect(old.state).toEqual(refused);
    const fresh = step(refused, offer(3, t + 10_000, 41));
    expect(fresh.state.state).not.toBe('error');
    expect(fresh.state.offer?.o).toBe(3);
  });

  it('remembers the highest offer id per sender session, for the last maxRememberedSenders sessions', () => {
    const senders: PeerInfo[] = Array.from({ length: maxRememberedSenders + 1 }, (_, i) =>
      peer('phone', `sendX${i}`, i),
    );
    let taken = rememberOffer(undefined, senders[0]!, 5);
    taken = rememberOffer(taken, senders[0]!, 2);
    expect(isOldOffer(taken, senders[0]!, 5)).toBe(true);
    expect(isOldOffer(taken, senders[0]!, 6)).toBe(false);
    expect(isOldOffer(taken, senders[1]!, 1)).toBe(false);
    for (const s of senders.slice(1)) taken = rememberOffer(taken, s, 1);
    expect(taken).toHaveLength(maxRememberedSenders);
    expect(isOldOffer(taken, senders[0]!, 5)).toBe(false);
  });
});
