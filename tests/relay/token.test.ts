/**
 * The optional access token: refused upgrades answer 401 before any WebSocket exists, except for
 * clients speaking porthole.v1 (browsers), whose socket is closed at once with 4401; the right token works as a subprotocol entry (never echoed), a Bearer header, or (deprecated) a
 * query parameter.
 */
import { describe, expect, it } from 'vitest';
import { connect as netConnect } from 'node:net';
import { connect, rawRequest, refusedStatus, startRelay, wsUrl } from './helpers.js';

const token = 'correct-horse-battery-staple';

describe('relay token', () => {
  it('refuses an upgrade without a token or with a wrong one (401)', async () => {
    const relay = await startRelay({ token });
    expect(await refusedStatus(wsUrl(relay))).toBe(401);
    expect(await refusedStatus(wsUrl(relay, '?token=wrong'))).toBe(401);
    expect(await refusedStatus(wsUrl(relay, `?token=${token}x`))).toBe(401);
    expect(await refusedStatus(wsUrl(relay), { headers: { Authorization: 'Bearer nope' } })).toBe(401);
    expect(await refusedStatus(wsUrl(relay), { headers: { Authorization: `Basic ${token}` } })).toBe(401);
    expect(relay.stats().connections).toBe(0);
  });

  it('accepts the token as a query parameter and as a Bearer header', async () => {
    const relay = await startRelay({ token });
    const viaQuery = await connect(wsUrl(relay, `?token=${encodeURIComponent(token)}`));
    const viaHeader = await connect(wsUrl(relay), { headers: { Authorization: `Bearer ${token}` } });
    await viaQuery.join('room');
    await viaHeader.join('room');
    viaQuery.pub('room', 'hello');
    expect(await viaHeader.next()).toEqual({ op: 'msg', topic: 'room', data: 'hello' });
    expect(relay.stats().connections).toBe(2);
  });

  it('accepts the token as a porthole.token.* subprotocol, selects porthole.v1 and never echoes the token', async () => {
    const relay = await startRelay({ token });
    const offered = ['porthole.v1', `porthole.token.${Buffer.from(token).toString('base64url')}`];
    const a = await connect(wsUrl(relay), {}, offered);
    expect(a.ws.protocol).toBe('porthole.v1');
    const b = await connect(wsUrl(relay), {}, offered);
    await a.join('room');
    await b.join('room');
    a.pub('room', 'via-subprotocol');
    expect(await b.next()).toEqual({ op: 'msg', topic: 'room', data: 'via-subprotocol' });
    // The raw handshake answer names porthole.v1 only: the token is not echoed anywhere.
    const answer = await rawUpgrade(relay.httpPort, offered.join(', '));
    expect(answer).toMatch(/^HTTP\/1\.1 101 /);
    expect(answer).toMatch(/\r\nSec-WebSocket-Protocol: porthole\.v1\r\n/i);
    expect(answer).not.toContain('porthole.token');
    expect(answer).not.toContain(Buffer.from(token).toString('base64url'));
  });

  it('closes a porthole.v1 client with a wrong or missing token with 4401 (a browser sees no HTTP status), and a token without porthole.v1 gets 400', async () => {
    const relay = await startRelay({ token });
    const wrong = `porthole.token.${Buffer.from('nope').toString('base64url')}`;
    for (const offered of [['porthole.v1', wrong], ['porthole.v1', 'porthole.token.***'], ['porthole.v1']]) {
      const client = await connect(wsUrl(relay), {}, offered);
      expect(client.ws.protocol).toBe('porthole.v1');
      expect(await client.closed).toEqual({ code: 4401, reason: 'relay token missing or wrong' });
      expect(client.frames).toEqual([]);
    }
    // A refused socket never joins: its frames are ignored, and it holds no connection slot.
    const sneaky = await connect(wsUrl(relay), {}, ['porthole.v1', wrong]);
    sneaky.ws.send(JSON.stringify({ op: 'join', topic: 'room' }));
    expect((await sneaky.closed).code).toBe(4401);
    expect(sneaky.frames).toEqual([]);
    expect(relay.stats()).toMatchObject({ connections: 0, topics: 0 });
    const alone = `porthole.token.${Buffer.from(token).toString('base64url')}`;
    expect(await refusedStatus(wsUrl(relay), {}, [alone])).toBe(400);
    const refused = await rawUpgrade(relay.httpPort, `porthole.v1, ${wrong}`);
    expect(refused).toMatch(/^HTTP\/1\.1 101 /);
    expect(refused).not.toContain('porthole.token');
    // Clients that do not speak porthole.v1 still get the 401 before any WebSocket exists.
    const plain = await rawUpgrade(relay.httpPort, `chat, ${wrong}`);
    expect(plain).toMatch(/^HTTP\/1\.1 401 Unauthorized/);
    expect(plain).toContain('relay token missing or wrong');
  });

  it('speaks porthole.v1 without a token too, and plain WebSocket for older clients', async () => {
    const relay = await startRelay();
    const modern = await connect(wsUrl(relay), {}, ['porthole.v1']);
    const old = await connect(wsUrl(relay));
    expect(modern.ws.protocol).toBe('porthole.v1');
    expect(old.ws.protocol).toBe('');
  });

  it('hands TURN credentials only to callers with the token', async () => {
    const relay = await startRelay({
      token,
      stunPort: 0,
      turnUrls: ['turn:turn.example.test:3478'],
      turnUsername: 'long-term-user',
      turnCredential: 'long-term-pass',
    });
    const anonymous = JSON.parse((await rawRequest(relay.httpPort, '/api/config')).body);
    expect(anonymous.iceServers).toEqual([{ urls: `stun:127.0.0.1:${relay.stunPort}` }]);
    expect(anonymous.relay.tokenRequired).toBe(true);
    expect(JSON.stringify(anonymous)).not.toContain('long-term');
    const wrong = await rawRequest(relay.httpPort, '/api/config', { headers: { Authorization: 'Bearer nope' } });
    expect(JSON.stringify(JSON.parse(wrong.body))).not.toContain('long-term');
    const operator = await rawRequest(relay.httpPort, '/api/config', { headers: { Authorization: `Bearer ${token}` } });
    expect(JSON.parse(operator.body).iceServers[1]).toEqual({
      urls: ['turn:turn.example.test:3478'],
      username: 'long-term-user',
      credential: 'long-term-pass',
    });
  });

  it('takes the token as base64url in a Porthole-Token header too (what fetch can send for any token)', async () => {
    const spaced = 'correct horse 芝麻 staple';
    const relay = await startRelay({
      token: spaced,
      stunPort: false,
      turnUrls: ['turn:turn.example.test:3478'],
      turnUsername: 'long-term-user',
      turnCredential: 'long-term-pass',
    });
    const ask = async (value: string) =>
      JSON.stringify(
        JSON.parse((await rawRequest(relay.httpPort, '/api/config', { headers: { 'Porthole-Token': value } })).body),
      );
    expect(await ask(Buffer.from(spaced).toString('base64url'))).toContain('long-term-pass');
    expect(await ask(Buffer.from('wrong').toString('base64url'))).not.toContain('long-term');
    expect(await ask('not base64url!')).not.toContain('long-term');
    const preflight = await rawRequest(relay.httpPort, '/api/config', { method: 'OPTIONS' });
    expect(preflight.headers['access-control-allow-headers']).toContain('Porthole-Token');
  });

  it('tells clients a token is required in /api/config, and only then', async () => {
    const withToken = await startRelay({ token });
    const without = await startRelay();
    const a = JSON.parse((await rawRequest(withToken.httpPort, '/api/config')).body);
    const b = JSON.parse((await rawRequest(without.httpPort, '/api/config')).body);
    expect(a.relay).toEqual({ path: '/ws', tokenRequired: true });
    expect(b.relay).toEqual({ path: '/ws', tokenRequired: false });
    expect(JSON.stringify(a)).not.toContain(token);
  });
});

/** Performs a WebSocket handshake by hand offering `protocols`; resolves with the raw answer head. */
function rawUpgrade(port: number, protocols: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = netConnect(port, '127.0.0.1', () => {
      socket.write(
        [
          'GET /ws HTTP/1.1',
          `Host: 127.0.0.1:${port}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          'Sec-WebSocket-Version: 13',
          `Sec-WebSocket-Key: ${Buffer.alloc(16, 1).toString('base64')}`,
          `Sec-WebSocket-Protocol: ${protocols}`,
          '',
          '',
        ].join('\r\n'),
      );
    });
    let head = '';
    socket.on('data', (chunk) => {
      head += chunk.toString('latin1');
      if (head.includes('\r\n\r\n')) {
        socket.destroy();
        resolve(head);
      }
    });
    socket.on('error', reject);
    setTimeout(() => reject(new Error('no answer')), 3000);
  });
}
