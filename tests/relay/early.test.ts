/**
 * Early frames: a client's first frames carried in the handshake (`porthole.v1.early` and one
 * `porthole.frames.<base64url JSON>` entry) are handled as its first frames, with the same
 * validation and limits; anything malformed gets plain `porthole.v1` and nothing handled.
 */
import { describe, expect, it } from 'vitest';
import { earlyFrames } from '../../relay/src/early.js';
import { connect, startRelay, wsUrl } from './helpers.js';

const framesEntry = (frames: unknown): string =>
  `porthole.frames.${Buffer.from(JSON.stringify(frames)).toString('base64url')}`;
const early = (frames: unknown): string[] => ['porthole.v1', 'porthole.v1.early', framesEntry(frames)];
const join = (topic: string, will?: string): string => JSON.stringify({ op: 'join', topic, ...(will ? { will } : {}) });
const pub = (topic: string, data: string): string => JSON.stringify({ op: 'pub', topic, data });

describe('early frames', () => {
  it('a join and a publication in the handshake reach the topic with no frame sent after the open', async () => {
    const relay = await startRelay();
    const sender = await connect(wsUrl(relay));
    await sender.join('room');
    const viewer = await connect(wsUrl(relay), {}, early([join('room'), pub('room', 'hello')]));
    expect(viewer.ws.protocol).toBe('porthole.v1.early');
    expect(await sender.next()).toEqual({ op: 'msg', topic: 'room', data: 'hello' });
    expect(await viewer.next()).toEqual({ op: 'joined', topic: 'room', peers: 1 });
    // Joined for real: it receives, and its will (none here) and publications work as usual.
    sender.pub('room', 'offer');
    expect(await viewer.next()).toEqual({ op: 'msg', topic: 'room', data: 'offer' });
  });

  it('an early join carries its will, published when the socket dies', async () => {
    const relay = await startRelay();
    const sender = await connect(wsUrl(relay));
    await sender.join('room');
    const viewer = await connect(wsUrl(relay), {}, early([join('room', 'gone')]));
    expect(await viewer.next()).toEqual({ op: 'joined', topic: 'room', peers: 1 });
    viewer.ws.terminate();
    expect(await sender.next()).toEqual({ op: 'msg', topic: 'room', data: 'gone' });
  });

  it('bad early frames get the error frames they would get after the open, in order', async () => {
    const relay = await startRelay();
    const client = await connect(wsUrl(relay), {}, early(['not json', pub('room', 'x'), join('room')]));
    expect(client.ws.protocol).toBe('porthole.v1.early');
    expect((await client.next()).code).toBe('bad-json');
    expect(await client.next()).toMatchObject({ op: 'error', code: 'not-joined', topic: 'room' });
    expect(await client.next()).toEqual({ op: 'joined', topic: 'room', peers: 0 });
  });

  it('early frames count against the socket rate limit', async () => {
    const relay = await startRelay({ maxMessagesPerSecond: 1, messageBurst: 2 });
    const sender = await connect(wsUrl(relay));
    await sender.join('room');
    const frames = [join('room'), pub('room', 'a'), pub('room', 'b'), pub('room', 'c')];
    const client = await connect(wsUrl(relay), {}, early(frames));
    expect(await client.next()).toEqual({ op: 'joined', topic: 'room', peers: 1 });
    expect(await client.next()).toMatchObject({ op: 'error', code: 'rate-limited' });
    expect(await sender.next()).toEqual({ op: 'msg', topic: 'room', data: 'a' });
    await expect(sender.next(300)).rejects.toThrow(/no frame/);
  });

  it('an early frame over the frame size closes the socket with 1009, as after the open', async () => {
    const relay = await startRelay({ maxFrameBytes: 1024 });
    const sender = await connect(wsUrl(relay));
    await sender.join('room');
    const client = await connect(wsUrl(relay), {}, early([join('room'), pub('room', 'x'.repeat(1100))]));
    expect((await client.closed).code).toBe(1009);
    await expect(sender.next(200)).rejects.toThrow(/no frame/);
  });

  it('a malformed entry, or frames without porthole.v1.early, select porthole.v1 and handle nothing', async () => {
    const relay = await startRelay();
    const sender = await connect(wsUrl(relay));
    await sender.join('room');
    const offers = [
      ['porthole.v1', 'porthole.v1.early', 'porthole.frames.%%%'],
      ['porthole.v1', 'porthole.v1.early', 'porthole.frames.'],
      ['porthole.v1', 'porthole.v1.early', framesEntry({ op: 'join', topic: 'room' })],
      ['porthole.v1', 'porthole.v1.early', framesEntry([])],
      ['porthole.v1', 'porthole.v1.early', framesEntry([{ op: 'join', topic: 'room' }])],
      ['porthole.v1', 'porthole.v1.early', framesEntry(Array(9).fill(pub('room', 'x')))],
      ['porthole.v1', 'porthole.v1.early', framesEntry([join('room')]), framesEntry([pub('room', 'x')])],
      ['porthole.v1', framesEntry([join('room'), pub('room', 'x')])],
    ];
    for (const offered of offers) {
      const client = await connect(wsUrl(relay), {}, offered);
      expect(client.ws.protocol).toBe('porthole.v1');
      await expect(client.next(100)).rejects.toThrow(/no frame/);
    }
    await expect(sender.next(100)).rejects.toThrow(/no frame/);
  });

  it('an unauthorized client gets 4401 and none of its early frames handled', async () => {
    const relay = await startRelay({ token: 'sesame' });
    const sender = await connect(wsUrl(relay), {}, [
      'porthole.v1',
      `porthole.token.${Buffer.from('sesame').toString('base64url')}`,
    ]);
    await sender.join('room');
    const intruder = await connect(wsUrl(relay), {}, early([join('room'), pub('room', 'x')]));
    expect((await intruder.closed).code).toBe(4401);
    await expect(sender.next(200)).rejects.toThrow(/no frame/);
  });

  it('decodes at most 8 frames of text, in an entry of at most 12 288 characters', () => {
    expect(earlyFrames(['porthole.v1.early', framesEntry(['a', 'b'])])).toEqual(['a', 'b']);
    expect(earlyFrames(['porthole.v1.early', framesEntry(Array(8).fill('a'))])).toHaveLength(8);
    expect(earlyFrames(['porthole.v1.early', framesEntry(Array(9).fill('a'))])).toBeUndefined();
    expect(earlyFrames(['porthole.v1.early', framesEntry(['a', 2])])).toBeUndefined();
    expect(earlyFrames(['porthole.v1.early', framesEntry(['x'.repeat(9300)])])).toBeUndefined();
    expect(earlyFrames([framesEntry(['a'])])).toBeUndefined();
  });
});
