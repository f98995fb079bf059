import { describe, expect, it } from 'vitest';
import { roomParams } from '../../src/app/room-params';
import { buildLink, parseRoute } from '../../src/protocol/link';
import { validateSettings, type Settings } from '../../src/storage/settings-store';

const secret = 'AAECAwQFBgcICQoLDA0ODw';
const stun = { urls: 'stun:stun.example.org:3478' };
const turn = { urls: 'turn:turn.example.org:3478', username: 'alice', credential: 'hunter2' };
const settings = (patch: Partial<Settings>): Settings => ({ ice: [], language: 'auto', theme: 'auto', ...patch });

/** The viewer link a sender with `s` would show. */
function viewerLink(s: Settings): string {
  const { link } = roomParams('sender', {}, s);
  return buildLink('https://app.example/', 'view', { ...link, secret });
}

describe('roomParams', () => {
  it('a sender with a TURN server with password in settings uses it, and its viewer link carries no password', () => {
    const { own, link } = roomParams('sender', {}, settings({ ice: [stun, turn] }));
    expect(own.ice).toEqual([stun, turn]);
    expect(link.ice).toEqual([stun]);
    const url = viewerLink(settings({ ice: [stun, turn] }));
    expect(url).not.toContain('hunter2');
    expect(url).not.toContain('turn');
    expect(parseRoute(url.slice(url.indexOf('#'))).params.ice).toEqual([stun]);
  });

  it('a sender with only a TURN server puts no ice into links at all', () => {
    const { own, link } = roomParams('sender', {}, settings({ ice: [turn] }));
    expect(own.ice).toEqual([turn]);
    expect(link).toEqual({});
  });

  it("a sender's #/send link with servers wins for links, and the settings' TURN servers are added to its own", () => {
    const other = { urls: 'stun:other.example:3478' };
    const via = { kind: 'relay' as const, url: 'wss://r.example/ws' };
    const { own, link } = roomParams('sender', { secret, ice: [other] }, settings({ via, ice: [stun, turn] }));
    expect(own).toEqual({ secret, via, ice: [other, turn] });
    expect(link).toEqual({ secret, via, ice: [other] });
  });

  it('strips TURN credentials an old #/send link carried from the links it makes, still using them itself', () => {
    const { own, link } = roomParams('sender', { ice: [turn] }, settings({}));
    expect(own.ice).toEqual([turn]);
    expect(link.ice).toBeUndefined();
  });

  it('a viewer follows its link as it is', () => {
    const route = { secret, ice: [turn] };
    expect(roomParams('viewer', route, settings({ ice: [stun] }))).toEqual({ own: route, link: route });
  });

  it('settings typed with a relay ?token=x: no link contains "token"', () => {
    const result = validateSettings({
      transport: 'relay',
      url: 'wss://relay.example.org/ws?token=x',
      ice: '',
      language: 'auto',
      theme: 'auto',
    });
    if (!result.ok) throw new Error('expected valid settings');
    expect(result.relayToken).toBe('x');
    const url = viewerLink(result.settings);
    expect(url).toContain('via=relay:wss://relay.example.org/ws');
    expect(url).not.toContain('token');
  });
});
