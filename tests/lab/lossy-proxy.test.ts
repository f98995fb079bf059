import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { type LossyProxy, startLossyProxy } from './lossy-proxy';

/** An upstream that records every text frame it receives, with its arrival time. */
async function recordingUpstream() {
  const received: { at: number; text: string }[] = [];
  const server: Server = createServer();
  const wss = new WebSocketServer({ server });
  wss.on('connection', (ws) => ws.on('message', (data) => received.push({ at: Date.now(), text: data.toString() })));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Sends 100 pub frames with a join every 10th through a fresh proxy; returns what arrived upstream. */
async function sendThrough(lossRate: number, seed: number, delayMs = 50) {
  const upstream = await recordingUpstream();
  const proxy: LossyProxy = await startLossyProxy({ upstream: upstream.url, port: 0, delayMs, lossRate, seed });
  const client = new WebSocket(`${proxy.url}/ws`);
  await new Promise((resolve) => client.once('open', resolve));
  const sentAt = Date.now();
  for (let i = 0; i < 100; i += 1) {
    client.send(JSON.stringify(i % 10 === 0 ? { op: 'join', topic: `t${i}` } : { op: 'pub', topic: 't', data: i }));
  }
  const settleMs = delayMs + 500;
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  client.close();
  await proxy.close();
  await upstream.close();
  return { sentAt, received: upstream.received, stats: proxy.stats() };
}

describe('lossy proxy', () => {
  it('delays frames, keeps their order, drops only pub/msg, and repeats its drops for a seed', async () => {
    const first = await sendThrough(0.5, 42, 200);
    const texts = first.received.map((frame) => frame.text);
    const joins = texts.filter((text) => text.includes('"join"'));
    const pubs = texts.map((text) => JSON.parse(text)).filter((frame) => frame.op === 'pub');
    expect(joins).toHaveLength(10);
    expect(pubs.length).toBeGreaterThan(20);
    expect(pubs.length).toBeLessThan(70);
    expect(first.stats.dropped).toBe(90 - pubs.length);
    expect(pubs.map((frame) => frame.data)).toEqual([...pubs.map((frame) => frame.data)].sort((a, b) => a - b));
    expect(Math.min(...first.received.map((frame) => frame.at)) - first.sentAt).toBeGreaterThanOrEqual(190);

    const again = await sendThrough(0.5, 42, 200);
    expect(again.received.map((frame) => frame.text)).toEqual(texts);
  });

  it('passes everything without loss', async () => {
    const run = await sendThrough(0, 1);
    expect(run.received).toHaveLength(100);
    expect(run.stats.dropped).toBe(0);
  });
});
