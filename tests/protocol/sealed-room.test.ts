/** A sender and a viewer talking through real sealed envelopes, with a hostile broker in the middle. */
import { describe, expect, it } from 'vitest';
import { Opener, Sealer } from '../../src/protocol/envelope';
import type { Role } from '../../src/protocol/link';
import type { Effect, Event, SenderState, ViewerState } from '../../src/protocol/machine';
import { deriveRoomKeys, newRoomSecret } from '../../src/protocol/room';
import { initialSender, senderStep } from '../../src/protocol/sender';
import { initialViewer, viewerStep } from '../../src/protocol/viewer';
import { peer, sdp } from './fixtures';

type State = SenderState | ViewerState;

interface Client {
  role: Role;
  state: State;
  sealer: Sealer;
  opener: Opener;
  effects: Effect[];
}

describe('sealed room', () => {
  it('connects through envelopes; the broker can neither inject nor replay', async () => {
    const secret = newRoomSecret();
    const room = await deriveRoomKeys(secret);
    const attacker = await deriveRoomKeys(newRoomSecret());
    const wire: string[] = []; // everything the broker saw, in order
    let now = 1_000_000;

    const make = (role: Role, self: ReturnType<typeof peer>): Client => ({
      role,
      state: role === 'sender' ? initialSender(self) : initialViewer(self),
      sealer: new Sealer(room.key, room.topic, self.session, role),
      opener: new Opener(room.key, room.topic, self.session),
      effects: [],
    });
    const s = make('sender', peer('phone', 'sendS1', now));
    const v = make('viewer', peer('laptop', 'viewV1', now));
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
        let body = effect.type === 'send' ? effect.body : undefined;
        // Fake rtc glue: the sender offers on open-peer, the viewer answers an applied offer.
        if (effect.type === 'open-peer' && c.role === 'sender')
          body = { t: 'offer', to: effect.remote.session, sdp, peer: self };
        if (effect.type === 'apply-offer' && c.state.role === 'viewer')
          body = { t: 'answer', to: c.state.sender!.peer.session, sdp };
        if (!body) continue;
        const sealed = await c.sealer.seal(body, now);
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
          const opened = await c.opener.open(data, now);
          if (opened) await fire(c, { type: 'message', ...opened, now });
        }
      }
    };

    await fire(s, { type: 'start', now });
    await fire(v, { type: 'start', now });
    await pump();
    expect(s.effects.some((e) => e.type === 'apply-answer')).toBe(true);
    expect(v.effects.some((e) => e.type === 'apply-offer')).toBe(true);
    await fire(s, { type: 'peer-connected', now });
    await fire(v, { type: 'peer-connected', now });
    expect([s.state.state, v.state.state]).toEqual(['active', 'active']);
    expect(wire.join('')).not.toContain('v=0');

    // The broker replays everything it saw, and injects a busy sealed with another key.
    const forged = await new Sealer(attacker.key, room.topic, 'attacker1', 'sender').seal(
      { t: 'busy', to: 'viewV100' },
      now,
    );
    for (const c of clients) inbox.get(c)!.push(...wire, forged);
    const before = clients.map((c) => c.effects.length);
    await pump();
    expect(clients.map((c) => c.effects.length)).toEqual(before);
    expect([s.state.state, v.state.state]).toEqual(['active', 'active']);
    expect(v.opener.dropped.auth).toBe(1);
    expect(v.opener.dropped.replay + v.opener.dropped.self).toBe(wire.length);
  });
});
