import { describe, expect, it } from 'vitest';
import { buildHash, buildLink, formatVia, parseRoute, parseVia } from '../../src/protocol/link';
import type { Page, RouteParams } from '../../src/protocol/link';

const secret = 'AAECAwQFBgcICQoLDA0ODw';

describe('parseVia / formatVia', () => {
  it('accepts mqtt and relay over ws/wss, keeping the URL verbatim', () => {
    expect(parseVia('mqtt:wss://broker.emqx.io:8084/mqtt')).toEqual({
      kind: 'mqtt',
      url: 'wss://broker.emqx.io:8084/mqtt',
    });
    expect(parseVia('relay:ws://127.0.0.1:8080/ws')).toEqual({ kind: 'relay', url: 'ws://127.0.0.1:8080/ws' });
    expect(parseVia('relay:wss://[::1]/ws')).toEqual({ kind: 'relay', url: 'wss://[::1]/ws' });
    expect(formatVia({ kind: 'mqtt', url: 'wss://h/mqtt' })).toBe('mqtt:wss://h/mqtt');
  });

  it('rejects other kinds, schemes, credentials, fragments, junk and oversize', () => {
    for (const bad of [
      'wss://host/mqtt',
      'amqp:wss://host/',
      'mqtt:https://host/',
      'mqtt:mqtt://host:1883',
      'mqtt:wss://user:pw@host/mqtt',
      'relay:wss://token@host/ws',
      'relay:wss://host/ws#x',
      'relay:wss://host/ws?token=SECRET',
      'relay:wss://host/ws?',
      'mqtt:wss://host/mqtt?x-amz-signature=abc',
      'mqtt:wss://',
      'mqtt:not a url',
      'mqtt: wss://host/',
      'mqtt:',
      '',
      `relay:wss://host/ws?token=${'x'.repeat(500)}`,
    ]) {
      expect(parseVia(bad), bad).toBeNull();
    }
  });
});

describe('parseRoute', () => {
  it('maps empty hashes to home', () => {
    for (const h of ['', '#', '#/']) expect(parseRoute(h)).toEqual({ page: 'home', params: {} });
  });

  it('refuses a link whose via carries a query (a relay token never rides in a link)', () => {
    for (const via of [
      'relay:wss://host/ws?token%3DSECRET',
      'relay:wss://host/ws%3Ftoken%3DSECRET',
      'mqtt:wss://h/mqtt?a=b',
    ]) {
      const route = parseRoute(`#/view?r=${secret}&via=${via}`);
      expect(route, via).toEqual({ page: 'view', params: { secret }, error: 'bad-via' });
    }
  });

  it('parses #/send without r as a send page with no secret', () => {
    expect(parseRoute('#/send')).toEqual({ page: 'send', params: {} });
  });

  it('parses the real-world example with an unencoded via', () => {
    expect(parseRoute(`#/view?r=${secret}&via=mqtt:wss://broker.emqx.io:8084/mqtt`)).toEqual({
      page: 'view',
      params: { secret, via: { kind: 'mqtt', url: 'wss://broker.emqx.io:8084/mqtt' } },
    });
  });

  it('parses a fully percent-encoded via and ignores unknown params', () => {
    expect(parseRoute(`#/view?r=${secret}&via=mqtt%3Awss%3A%2F%2Fhost%3A8084%2Fmqtt&utm=x`)).toEqual({
      page: 'view',
      params: { secret, via: { kind: 'mqtt', url: 'wss://host:8084/mqtt' } },
    });
  });

  it('reports a bad secret and keeps the page and other params', () => {
    expect(parseRoute('#/view?r=tooshort&via=relay:ws://h/ws')).toEqual({
      page: 'view',
      params: { via: { kind: 'relay', url: 'ws://h/ws' } },
      error: 'bad-secret',
    });
    expect(parseRoute('#/send?r=').error).toBe('bad-secret');
  });

  it('reports bad via and bad ice', () => {
    expect(parseRoute(`#/view?r=${secret}&via=http://h/`)).toEqual({
      page: 'view',
      params: { secret },
      error: 'bad-via',
    });
    expect(parseRoute(`#/view?r=${secret}&ice=ftp:h`)).toEqual({ page: 'view', params: { secret }, error: 'bad-ice' });
  });

  it('reports unknown pages as home', () => {
    expect(parseRoute(`#/admin?r=${secret}`)).toEqual({ page: 'home', params: {}, error: 'unknown-page' });
    expect(parseRoute('#/sendx')).toEqual({ page: 'home', params: {}, error: 'unknown-page' });
  });
});

describe('the grid page', () => {
  it('opens #/grid and ignores any parameter: its rooms are the device’s, never the link’s', () => {
    expect(parseRoute('#/grid')).toEqual({ page: 'grid', params: {} });
    expect(parseRoute('#/grid/')).toEqual({ page: 'grid', params: {} });
    expect(parseRoute(`#/grid?r=${secret}&via=bad`)).toEqual({ page: 'grid', params: {} });
    expect(buildHash('grid', { secret })).toBe('#/grid');
    expect(parseRoute(buildHash('grid', {}))).toEqual({ page: 'grid', params: {} });
  });
});

describe('the viewer mode parameter', () => {
  it('reads mode=monitor', () => {
    expect(parseRoute(`#/view?r=${secret}&mode=monitor`)).toEqual({
      page: 'view',
      params: { secret, mode: 'monitor' },
    });
  });

  it('ignores an unknown mode (the plain viewer, no error)', () => {
    expect(parseRoute(`#/view?r=${secret}&mode=cinema`)).toEqual({ page: 'view', params: { secret } });
  });
});

describe('the sender key parameter k', () => {
  it('is parsed as senderKey', () => {
    expect(parseRoute(`#/view?r=${secret}&k=AbCdEfGhIjKlMnOp`)).toEqual({
      page: 'view',
      params: { secret, senderKey: 'AbCdEfGhIjKlMnOp' },
    });
  });

  it('is optional (old and hand-made links keep working)', () => {
    expect(parseRoute(`#/view?r=${secret}`)).toEqual({ page: 'view', params: { secret } });
  });

  it('a malformed k is a bad link (bad-secret), never silently ignored', () => {
    for (const k of ['', 'short', 'has space here!!', 'x'.repeat(40)]) {
      const route = parseRoute(`#/view?r=${secret}&k=${encodeURIComponent(k)}`);
      expect(route.error, k).toBe('bad-secret');
      expect(route.params).toEqual({ secret });
    }
  });
});

describe('buildHash / buildLink', () => {
  const cases: Array<[Page, RouteParams]> = [
    ['home', {}],
    ['send', {}],
    ['send', { secret }],
    ['view', { secret, senderKey: 'AbCdEfGhIjKlMnOp' }],
    ['view', { secret, via: { kind: 'mqtt', url: 'wss://broker.emqx.io:8084/mqtt' } }],
    ['view', { secret, via: { kind: 'relay', url: 'wss://h.example/a%20b/ws' } }],
    ['view', { secret, mode: 'monitor' }],
    [
      'view',
      {
        secret,
        ice: [
          { urls: 'stun:127.0.0.1:3478' },
          { urls: 'turn:turn.example.org:3478?transport=tcp', username: 'al,ice@x', credential: 'p:w&d%=+ #' },
        ],
      },
    ],
  ];

  it('round-trips through parseRoute', () => {
    for (const [page, params] of cases) {
      expect(parseRoute(buildHash(page, params))).toEqual({ page, params });
    }
  });

  it('builds readable hashes', () => {
    expect(buildHash('home', {})).toBe('#/');
    expect(buildHash('view', { secret, via: { kind: 'mqtt', url: 'wss://h:8084/mqtt' } })).toBe(
      `#/view?r=${secret}&via=mqtt:wss://h:8084/mqtt`,
    );
  });

  it('puts the sender key id right after the secret', () => {
    expect(
      buildHash('view', { secret, senderKey: 'Ab-_0123456789xy', via: { kind: 'mqtt', url: 'wss://h/mqtt' } }),
    ).toBe(`#/view?r=${secret}&k=Ab-_0123456789xy&via=mqtt:wss://h/mqtt`);
  });

  it('replaces any existing fragment of the app URL', () => {
    expect(buildLink('https://app.example/porthole/#/send?r=old', 'view', { secret })).toBe(
      `https://app.example/porthole/#/view?r=${secret}`,
    );
    expect(buildLink('https://app.example/', 'send', {})).toBe('https://app.example/#/send');
  });
});
