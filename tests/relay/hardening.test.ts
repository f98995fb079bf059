/**
 * Attacks found by reading the relay as an attacker would, each staged for real: reconnecting to
 * refill the message budget, IPv6 hosts spreading over their /64, connection churn, will memory,
 * and a slow reader whose termination would publish wills into someone else's room.
 */
import { describe, expect, it } from 'vitest';
import { addressKey, clientAddress, ipv6Groups } from '../../relay/src/address.js';
import { assertExchange, connect, refusedStatus, startRelay, wsUrl, type Client } from './helpers.js';
import { rawClient } from './raw-client.js';

/** Connects from another loopback address (Linux answers all of 127.0.0.0/8). */
const from = (localAddress: string) => ({ localAddress });

describe('message rate per address', () => {
  it('reconnecting does not refill it, and other addresses keep their own budget', async () => {
    const relay = await startRelay({
      maxMessagesPerSecond: 1000,
      messageBurst: 1000,
      maxMessagesPerSecondPerIp: 1,
      messageBurstPerIp: 10,
    });
    const [a, b] = await Promise.all([
      connect(wsUrl(relay), from('127.0.0.2')),
      connect(wsUrl(relay), from('127.0.0.3')),
    ]);
    await a.join('calm');
    await b.join('calm');
    const spender = await connect(wsUrl(relay));
    await spender.join('spent'); // 1 of 10
    for (let i = 0; i < 9; i += 1) spender.pub('spent', `m${i}`); // 10 of 10
    spender.pub('spent', 'one-too-many');
    expect(await spender.next()).toMatchObject({ op: 'error', code: 'rate-limited' });
    expect(spender.frames).toEqual([]);
    // A fresh socket from the same address starts with the address's empty bucket. (The
    // spender's socket goes unread until its address has a token again: it is closed after.)
    const again = await connect(wsUrl(relay));
    again.send({ op: 'join', topic: 'spent' });
    const answer = await again.next();
    expect(answer).toMatchObject({ op: 'error', code: 'rate-limited' });
    expect(answer.message).toContain('this address');
    spender.ws.close();
    await spender.closed;
    await assertExchange(a, b, 'calm', 'other-addresses');
  });
});

describe('addresses are counted per IPv4 address and per IPv6 /64', () => {
  it('keys addresses (unit)', () => {
    expect(addressKey('192.0.2.7')).toBe('192.0.2.7');
    expect(addressKey('2001:db8:1:2::a')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002:0:0:0:1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:3::a')).toBe('2001:db8:1:3::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(ipv6Groups('64:ff9b::192.0.2.33')).toEqual([0x64, 0xff9b, 0, 0, 0, 0, 0xc000, 0x0221]);
    expect(ipv6Groups('192.0.2.1')).toBeUndefined();
  });

  it('takes X-Forwarded-For only from a trusted proxy (unit)', () => {
    const req = (peer: string, xff?: string) =>
      ({ socket: { remoteAddress: peer }, headers: xff === undefined ? {} : { 'x-forwarded-for': xff } }) as never;
    const proxies = new Set(['127.0.0.1', '10.0.0.2']);
    expect(clientAddress(req('127.0.0.1', '198.51.100.4'), proxies)).toBe('198.51.100.4');
    expect(clientAddress(req('127.0.0.1', 'spoofed, 198.51.100.4, 10.0.0.2'), proxies)).toBe('198.51.100.4');
    expect(clientAddress(req('::ffff:127.0.0.1', '2001:db8::1'), proxies)).toBe('2001:db8::1');
    expect(clientAddress(req('203.0.113.9', '198.51.100.4'), proxies)).toBe('203.0.113.9');
    expect(clientAddress(req('127.0.0.1', 'garbage'), proxies)).toBe('127.0.0.1');
    expect(clientAddress(req('127.0.0.1', '198.51.100.4'), new Set())).toBe('127.0.0.1');
  });

  it('one /64 behind a trusted proxy shares one connection limit', async () => {
    const relay = await startRelay({ trustedProxies: ['127.0.0.1'], maxConnectionsPerIp: 3 });
    const v6 = (address: string) => ({ headers: { 'X-Forwarded-For': address } });
    const held = await Promise.all(
      ['2001:db8:1:2::a', '2001:db8:1:2::b', '2001:db8:1:2::c'].map((a) => connect(wsUrl(relay), v6(a))),
    );
    const fourth = await connect(wsUrl(relay), v6('2001:db8:1:2:dead:beef:0:1'));
    expect(await fourth.closed).toEqual({ code: 1008, reason: 'too many connections from this address' });
    const neighbour = await connect(wsUrl(relay), v6('2001:db8:1:3::1'));
    expect(await neighbour.join('fine')).toMatchObject({ op: 'joined' });
    expect(held.length).toBe(3);
  });

  it('ignores X-Forwarded-For from anyone else (no spoofing a fresh address)', async () => {
    const relay = await startRelay({ maxConnectionsPerIp: 2 });
    const spoof = (n: number) => ({ headers: { 'X-Forwarded-For': `198.51.100.${n}` } });
    await connect(wsUrl(relay), spoof(1));
    await connect(wsUrl(relay), spoof(2));
    const third = await connect(wsUrl(relay), spoof(3));
    expect((await third.closed).code).toBe(1008);
  });
});

describe('connection churn', () => {
  it('refuses upgrades past the connect rate with 429, per address', async () => {
    const relay = await startRelay({ maxConnectsPerSecondPerIp: 1, maxConnectionsPerIp: 2 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const client = await connect(wsUrl(relay)); // burst = 2 + 1
      client.ws.close();
      await client.closed;
    }
    statuses.push(await refusedStatus(wsUrl(relay)));
    expect(statuses).toEqual([429]);
    const elsewhere = await connect(wsUrl(relay), from('127.0.0.4'));
    expect(await elsewhere.join('fine')).toMatchObject({ op: 'joined' });
  });
});

describe('will budgets', () => {
  it('caps the will bytes of one socket (will-too-large, naming the topic)', async () => {
    const relay = await startRelay({ maxWillBytesPerSocket: 1000 });
    const x = await connect(wsUrl(relay));
    await x.join('t1', 'w'.repeat(600));
    x.send({ op: 'join', topic: 't2', will: 'w'.repeat(600) });
    expect(await x.next()).toMatchObject({ op: 'error', code: 'will-too-large', topic: 't2' });
    await x.join('t1', 'w'.repeat(900)); // replacing a will counts the new size only
    x.send({ op: 'join', topic: 't2', will: 'é'.repeat(60) }); // 120 UTF-8 bytes: over by 20
    expect(await x.next()).toMatchObject({ op: 'error', code: 'will-too-large' });
    await x.join('t2'); // no will: fine
    x.send({ op: 'leave', topic: 't1' });
    await x.join('t3', 'w'.repeat(1000));
  });

  it('caps the will bytes of the whole relay (wills-full), and frees them when sockets go', async () => {
    const relay = await startRelay({ maxWillBytesPerSocket: 1000, maxWillBytesTotal: 2000 });
    const [a, b, c, watcher] = await Promise.all(Array.from({ length: 4 }, () => connect(wsUrl(relay))));
    await watcher!.join('room');
    await a!.join('room', 'a'.repeat(1000));
    await b!.join('room', 'b'.repeat(1000));
    c!.send({ op: 'join', topic: 'room', will: 'c' });
    expect(await c!.next()).toMatchObject({ op: 'error', code: 'wills-full', topic: 'room' });
    await c!.join('room'); // joining without a will still works
    a!.ws.terminate();
    expect((await watcher!.next()).data).toBe('a'.repeat(1000));
    expect((await c!.next()).data).toBe('a'.repeat(1000));
    await c!.join('room', 'c');
  });
});

describe('a slow reader terminated by the relay', () => {
  it('publishes only its own will, only where it joined: never a will on a topic it was refused', async () => {
    const relay = await startRelay({
      maxBufferedBytes: 128 * 1024,
      maxSubscribersPerTopic: 4,
      maxMessagesPerSecond: 100_000,
      messageBurst: 100_000,
      maxMessagesPerSecondPerIp: 100_000,
      messageBurstPerIp: 100_000,
    });
    // The victim's room: a sender with its will, a viewer, and the attacker's slow reader.
    const [victim, viewer, flooder] = await Promise.all([
      connect(wsUrl(relay)),
      connect(wsUrl(relay)),
      connect(wsUrl(relay)),
    ]);
    await victim.join('room', 'victim-will');
    await viewer.join('room');
    // Another room, already full: the attacker must not get a will into it.
    const full = await Promise.all(Array.from({ length: 4 }, () => connect(wsUrl(relay))));
    for (const client of full) await client.join('other-room');
    const slow = await rawClient(relay.httpPort, { read: false });
    slow.sendText(JSON.stringify({ op: 'join', topic: 'room', will: 'slow-will' }));
    slow.sendText(JSON.stringify({ op: 'join', topic: 'other-room', will: 'forged-will-for-other-room' }));
    slow.sendText(JSON.stringify({ op: 'join', topic: 'room', will: 'victim-will' })); // a replay of someone's will is only ever its own
    slow.sendText(JSON.stringify({ op: 'leave', topic: 'room' }));
    slow.sendText(JSON.stringify({ op: 'join', topic: 'room', will: 'slow-will' }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(relay.stats().connections).toBe(8);
    // The flooder fills the slow reader's queue until the relay terminates it.
    await flooder.join('room');
    const chunk = 'z'.repeat(30_000);
    for (let i = 0; i < 2000 && relay.stats().connections === 8; i += 1) {
      flooder.pub('room', chunk);
      if (i % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(relay.stats().connections).toBe(7);
    const wills = async (client: Client) => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      return client.frames.filter((f) => f.op === 'msg' && f.data !== chunk).map((f) => f.data);
    };
    // The room heard the slow reader's own will once, and nothing that ends the victim's session.
    expect(await wills(viewer)).toEqual(['slow-will']);
    for (const client of full) expect(await wills(client)).toEqual([]);
    expect(await wills(victim)).toEqual(['slow-will']);
    for (const client of [victim, viewer]) client.frames.length = 0;
    // The victim is still connected and its session works; its own will is still its own.
    await assertExchange(victim, viewer, 'room', 'still-live');
    victim.ws.terminate();
    const last = await viewer.next();
    expect(last).toEqual({ op: 'msg', topic: 'room', data: 'victim-will' });
    slow.socket.destroy();
  }, 30_000);
});
