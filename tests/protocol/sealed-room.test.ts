/** A sender and a viewer talking through real v2 envelopes, clocks 10 minutes apart, with a hostile broker in the middle. */
import { describe, expect, it } from 'vitest';
import type { Effect, Event, SenderState, ViewerState } from '../../src/protocol/machine';
import type { Body } from '../../src/protocol/messages';
import { deriveRoomKeys, newRoomSecret } from '../../src/protocol/room';
import { initialSender, senderStep } from '../../src/protocol/sender';
import { initialViewer, viewerStep } from '../../src/protocol/viewer';
import { sdp } from './fixtures';
import { type Party, party } from './parties';

type State = SenderState | ViewerState;

interface Client extends Party {
  state: State;
  effects: Effect[];
  skewMs: number;
}

describe('sealed room', () => {
  it('connects through envelopes with clocks 10 minutes apart; the broker can neither read, inject nor replay', async () => {
    const room = await deriveRoomKeys(newRoomSecret());
    const attacker = await deriveRoomKeys(newRoomSecret());
    const wire: string[] = []; // everything the broker saw, in order
    let now = 1_700_000_000_000;

    const make = async (role: 'sender' | 'viewer', skewMs: number): Promise<Client> => {
      const p = await party(room, role, { since: now + skewMs });
      const state = role === 'sender' ? initialSender(p.self) : initialViewer(p.self);
      return { ...p, state, effects: [], skewMs };
    };
    const s = await make('sender', 600_000);
    const v = await make('viewer', -600_000);
    const clients = [s, v];
    const inbox = new Map<Client, string[]>(clients.map((c) => [c, []]));

    const fire = async (c: Client, e: Event) => {
      const step = (c.role === 'sender' ? senderStep : viewerStep) as (
        st: State,
        ev: Event,
      ) => { state: State; effects: Effect[] };
      const out = step(c.state, e);
      c.state = out.state;
      c.effects.push(...out.effects);
      for (const effect of out.effects) {
        const self = c.state.self;
        let body: Body | undefined = effect.type === 'send' ? effect.body : undefined;
        // Fake rtc glue: bind the pair peer, the sender offers on open-peer, the viewer answers an applied offer.
        if (effect.type === 'open-peer') c.pairs.bind(effect.remote);
        if (effect.type === 'open-peer' && c.role === 'sender') {
          body = { t: 'offer', to: effect.remote.session, o: effect.o, sdp, peer: self };
        }
        if (effect.type === 'apply-offer' && c.state.role === 'viewer') {
          body = { t: 'answer', to: c.state.sender!.peer.session, o: effect.o, sdp };
        }
        if (!body) continue;
        const sealed = await c.sealer.seal(body, now + c.skewMs);
        wire.push(sealed);
        for (const other of clients) if (other !== c) inbox.get(other)!.push(sealed);
      }
    };
    const pump = async () => {
      for (let busy = true; busy; ) {
        busy = false;
        for (const c of clients) {
          const data = inbox.get(c)!.shift();
          if (data === undefined) continue;
          busy = true;
          now += 10;
          const opened = await c.opener.open(data, now + c.skewMs);
          if (opened) await fire(c, { type: 'message', ...opened, now: now + c.skewMs });
        }
      }
    };

    await fire(s, { type: 'start', now: now + s.skewMs });
    await fire(v, { type: 'start', now: now + v.skewMs });
    await pump();
    expect(s.effects.some((e) => e.type === 'apply-answer')).toBe(true);
    expect(v.effects.some((e) => e.type === 'apply-offer')).toBe(true);
    // Both started at once: the viewer's hello and its here (to the sender's hello) each got an offer; the latest counts.
    const o = (s.state as SenderState).offer!.o;
    expect((v.state as ViewerState).offer?.o).toBe(o);
    await fire(s, { type: 'peer-connected', now, o });
    await fire(v, { type: 'peer-connected', now, o });
    expect([s.state.state, v.state.state]).toEqual(['active', 'active']);
    expect(wire.join('')).not.toContain('v=0');

    // The broker replays everything it saw, and injects an envelope sealed with another key.
    const stranger = await party(attacker, 'sender');
    const forged = await stranger.sealer.seal({ t: 'busy', to: v.self.session }, now);
    for (const c of clients) inbox.get(c)!.push(...wire, forged);
    const before = clients.map((c) => c.effects.length);
    await pump();
    expect(clients.map((c) => c.effects.length)).toEqual(before);
    expect([s.state.state, v.state.state]).toEqual(['active', 'active']);
    expect(v.opener.dropped.auth).toBe(1);
    expect(v.opener.dropped.replay + v.opener.dropped.self).toBe(wire.length);
  });
});
