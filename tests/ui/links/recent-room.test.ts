import { describe, expect, it } from 'vitest';
import { parseRoute } from '../../../src/protocol/link';
import { recentRoomHash, shortRoomId, shortRoomIdChars, transportHost } from '../../../src/ui/links/recent-room';

const secret = 'AAECAwQFBgcICQoLDA0ODw';
const at = 1_700_000_000_000;

describe('recentRoomHash', () => {
  it('reopens a sender room on #/send and a viewer room on #/view', () => {
    expect(recentRoomHash({ role: 'sender', secret, at })).toBe(`#/send?r=${secret}`);
    expect(recentRoomHash({ role: 'viewer', secret, at })).toBe(`#/view?r=${secret}`);
  });

  it("never carries the person's name for the room (it stays on this device)", () => {
    expect(recentRoomHash({ role: 'viewer', secret, at, name: 'Nursery' })).toBe(`#/view?r=${secret}`);
  });

  it('carries the room transport and ICE servers, so the link parses back to the same room', () => {
    const via = { kind: 'mqtt', url: 'wss://broker.example:8084/mqtt' } as const;
    const ice = [{ urls: 'turn:turn.example.org:3478', username: 'alice', credential: 's:cret' }];
    const hash = recentRoomHash({ role: 'viewer', secret, via, ice, at });
    expect(parseRoute(hash)).toEqual({ page: 'view', params: { secret, via, ice } });
  });

  it("leaves a sender room's TURN password out of its #/send hash (its settings supply it), keeping STUN", () => {
    const stun = { urls: 'stun:stun.example.org:3478' };
    const turn = { urls: 'turn:turn.example.org:3478', username: 'alice', credential: 's:cret' };
    expect(recentRoomHash({ role: 'sender', secret, ice: [stun, turn], at })).toBe(
      `#/send?r=${secret}&ice=stun:stun.example.org:3478`,
    );
    expect(recentRoomHash({ role: 'sender', secret, ice: [turn], at })).toBe(`#/send?r=${secret}`);
  });
});

describe('shortRoomId', () => {
  it('is the first characters of the secret', () => {
    expect(shortRoomIdChars).toBe(6);
    expect(shortRoomId(secret)).toBe('AAECAw');
  });
});

describe('transportHost', () => {
  it('is the host and port of the transport URL, empty for the default transport', () => {
    expect(transportHost({})).toBe('');
    expect(transportHost({ via: { kind: 'mqtt', url: 'wss://broker.example:8084/mqtt' } })).toBe('broker.example:8084');
    expect(transportHost({ via: { kind: 'relay', url: 'ws://192.168.1.20/ws' } })).toBe('192.168.1.20');
  });

  it('falls back to the whole URL when it does not parse', () => {
    expect(transportHost({ via: { kind: 'relay', url: 'not a url' } })).toBe('not a url');
  });
});
