/**
 * The optional access token: refused upgrades answer 401 before any WebSocket exists; the
 * right token works as a query parameter or as a Bearer header.
 */
import { describe, expect, it } from 'vitest';
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
