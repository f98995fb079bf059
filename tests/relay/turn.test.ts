/**
 * Short-lived TURN credentials (TURN REST API scheme): the HMAC against a known vector, the
 * minted credential in /api/config (only for callers with the token when one is set), and —
 * when coturn is installed — a real coturn with use-auth-secret accepting a minted credential
 * and refusing an expired or forged one (a hand-written TURN Allocate over UDP).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mintTurnCredential, turnPassword } from '../../relay/src/turn.js';
import { rawRequest, startRelay } from './helpers.js';

const secret = 'north-wind';

describe('TURN REST API credentials', () => {
  it('matches a known HMAC-SHA1 vector (computed with openssl dgst -sha1 -hmac)', () => {
    // echo -n "1700003600:porthole" | openssl dgst -sha1 -hmac north-wind -binary | base64
    expect(turnPassword(secret, '1700003600:porthole')).toBe('/e+LDl/JF5D35WAhCRRUkDYeAnc=');
  });

  it('mints expiry:id usernames valid for the TTL', () => {
    const minted = mintTurnCredential(secret, 3600, { nowMs: 1_700_000_000_000, id: 'porthole' });
    expect(minted).toEqual({
      username: '1700003600:porthole',
      credential: '/e+LDl/JF5D35WAhCRRUkDYeAnc=',
      expiresAt: 1_700_003_600,
    });
    const random = mintTurnCredential(secret, 60);
    expect(random.username).toMatch(/^\d+:[A-Za-z0-9_-]{8}$/);
    expect(random.username).not.toBe(mintTurnCredential(secret, 60).username);
  });

  it('/api/config mints a fresh short-lived credential per caller, and none without the token', async () => {
    const relay = await startRelay({
      turnUrls: ['turn:127.0.0.1:3478'],
      turnSecret: secret,
      turnTtlSeconds: 600,
      token: 'tok',
    });
    const anonymous = JSON.parse((await rawRequest(relay.httpPort, '/api/config')).body);
    expect(anonymous).toEqual({ iceServers: [], relay: { path: '/ws', tokenRequired: true } });
    const ask = async () =>
      JSON.parse((await rawRequest(relay.httpPort, '/api/config', { headers: { Authorization: 'Bearer tok' } })).body)
        .iceServers[0];
    const before = Math.floor(Date.now() / 1000);
    const [one, two] = [await ask(), await ask()];
    expect(one.urls).toEqual(['turn:127.0.0.1:3478']);
    const expiry = Number(one.username.split(':')[0]);
    expect(expiry).toBeGreaterThanOrEqual(before + 600);
    expect(expiry).toBeLessThanOrEqual(before + 602);
    expect(one.credential).toBe(createHmac('sha1', secret).update(one.username).digest('base64'));
    expect(two.username).not.toBe(one.username);
    expect(JSON.stringify(one)).not.toContain(secret);
  });
});

const hasCoturn = spawnSync('sh', ['-c', 'command -v turnserver'], { stdio: 'ignore' }).status === 0;
if (!hasCoturn) console.log('turnserver (coturn) not installed: skipping the real-coturn TURN credential check');

describe.skipIf(!hasCoturn)('against a real coturn (use-auth-secret)', () => {
  let coturn: ChildProcess | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'porthole-coturn-'));
  afterAll(() => {
    coturn?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts a minted credential and refuses an expired or forged one', async () => {
    // Below coturn's relay range (49152+), with the next port free too (its alternate listener).
    const port = await freeUdpPortPair();
    let output = '';
    coturn = spawn(
      'turnserver',
      [
        '-n',
        '--listening-ip=127.0.0.1',
        '--relay-ip=127.0.0.1',
        `--listening-port=${port}`,
        '--use-auth-secret',
        `--static-auth-secret=${secret}`,
        '--realm=porthole.test',
        '--no-tls',
        '--no-dtls',
        '--no-cli',
        '--log-file=stdout',
        `--pidfile=${join(dir, 'turn.pid')}`,
        `--db=${join(dir, 'turndb')}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-4000);
    };
    coturn.stdout?.on('data', keep);
    coturn.stderr?.on('data', keep);
    const good = mintTurnCredential(secret, 600);
    const first = await allocate(port, good.username, good.credential).catch((error: Error) => {
      throw new Error(`${error.message} (exit ${coturn?.exitCode}):\n${output}`);
    });
    expect(first).toBe('allocated');
    const expired = mintTurnCredential(secret, 60, { nowMs: Date.now() - 3_600_000 });
    expect(await allocate(port, expired.username, expired.credential)).toBe('refused');
    expect(await allocate(port, good.username, turnPassword('another-secret', good.username))).toBe('refused');
  }, 45_000);
});

/** A UDP port in 20000-48999 that is free on 127.0.0.1, and the one after it too. */
async function freeUdpPortPair(): Promise<number> {
  const bind = (port: number) =>
    new Promise<ReturnType<typeof createSocket> | undefined>((resolve) => {
      const socket = createSocket('udp4');
      socket.once('error', () => {
        try {
          socket.close();
        } catch {
          // never bound
        }
        resolve(undefined);
      });
      socket.bind(port, '127.0.0.1', () => resolve(socket));
    });
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 29_000);
    const sockets = [await bind(port), await bind(port + 1)];
    for (const socket of sockets) socket?.close();
    if (sockets.every(Boolean)) return port;
  }
}

/** Sends a TURN Allocate (UDP) with long-term credentials; 'allocated' on success, 'refused' on an error answer. */
async function allocate(port: number, username: string, password: string): Promise<'allocated' | 'refused'> {
  const socket = createSocket('udp4');
  try {
    // First, unauthenticated: the server answers 401 with its realm and a nonce (retry until it listens).
    let challenge: Map<number, Buffer> | undefined;
    for (let attempt = 0; attempt < 100 && challenge === undefined; attempt += 1) {
      const answer = await exchange(socket, port, stunRequest([[0x0019, Buffer.from([17, 0, 0, 0])]]), 200);
      if (answer !== undefined) challenge = answer.attributes;
    }
    if (challenge === undefined) throw new Error('coturn did not answer');
    const realm = challenge.get(0x0014);
    const nonce = challenge.get(0x0015);
    if (!realm || !nonce) throw new Error('no realm/nonce in the challenge');
    const key = createHash('md5').update(`${username}:${realm.toString()}:${password}`).digest();
    const request = stunRequest(
      [
        [0x0019, Buffer.from([17, 0, 0, 0])],
        [0x0006, Buffer.from(username)],
        [0x0014, realm],
        [0x0015, nonce],
      ],
      key,
    );
    const answer = await exchange(socket, port, request, 2000);
    if (answer === undefined) throw new Error('no answer to the authenticated Allocate');
    return answer.type === 0x0103 ? 'allocated' : 'refused';
  } finally {
    socket.close();
  }
}

/** Encodes an Allocate request; with `integrityKey`, appends MESSAGE-INTEGRITY. */
function stunRequest(attributes: Array<[number, Buffer]>, integrityKey?: Buffer): Buffer {
  const parts = attributes.map(([type, value]) => {
    const padded = Buffer.alloc(4 + Math.ceil(value.length / 4) * 4);
    padded.writeUInt16BE(type, 0);
    padded.writeUInt16BE(value.length, 2);
    value.copy(padded, 4);
    return padded;
  });
  const body = Buffer.concat(parts);
  const header = Buffer.alloc(20);
  header.writeUInt16BE(0x0003, 0);
  header.writeUInt32BE(0x2112a442, 4);
  randomBytes(12).copy(header, 8);
  if (integrityKey === undefined) {
    header.writeUInt16BE(body.length, 2);
    return Buffer.concat([header, body]);
  }
  header.writeUInt16BE(body.length + 24, 2);
  const mac = createHmac('sha1', integrityKey)
    .update(Buffer.concat([header, body]))
    .digest();
  const integrity = Buffer.alloc(24);
  integrity.writeUInt16BE(0x0008, 0);
  integrity.writeUInt16BE(20, 2);
  mac.copy(integrity, 4);
  return Buffer.concat([header, body, integrity]);
}

/** Sends one request and waits for the answer with the same transaction id. */
function exchange(
  socket: ReturnType<typeof createSocket>,
  port: number,
  request: Buffer,
  timeoutMs: number,
): Promise<{ type: number; attributes: Map<number, Buffer> } | undefined> {
  return new Promise((resolve) => {
    const onMessage = (message: Buffer) => {
      if (!message.subarray(8, 20).equals(request.subarray(8, 20))) return;
      clearTimeout(timer);
      socket.off('message', onMessage);
      const attributes = new Map<number, Buffer>();
      for (let at = 20; at + 4 <= message.length; ) {
        const type = message.readUInt16BE(at);
        const length = message.readUInt16BE(at + 2);
        attributes.set(type, message.subarray(at + 4, at + 4 + length));
        at += 4 + Math.ceil(length / 4) * 4;
      }
      resolve({ type: message.readUInt16BE(0), attributes });
    };
    const timer = setTimeout(() => {
      socket.off('message', onMessage);
      resolve(undefined);
    }, timeoutMs);
    socket.on('message', onMessage);
    socket.send(request, port, '127.0.0.1');
  });
}
