import mqtt from 'mqtt';
import WebSocket from 'ws';
import { deriveRoomKeys, newRoomSecret } from '../../src/protocol/room';
import type { Page } from '@playwright/test';
import { expect, expectState, test, videoAdvances, type SignalingEnv } from './fixtures';

/** What an eavesdropper on the signaling server captured. */
interface Captured {
  topic: string;
  data: string;
}

/** Asserts nothing captured reveals SDP, addresses or the room secret. */
function expectNothingRevealed(captured: Captured[], secret: string): void {
  expect(captured.length).toBeGreaterThan(3);
  for (const { topic, data } of captured) {
    expect(topic).not.toContain(secret);
    for (const needle of [secret, 'v=0', 'candidate', 'a=fingerprint', 'ice-ufrag', '127.0.0.1', 'hello', 'offer']) {
      expect(data).not.toContain(needle);
    }
    expect(data).not.toMatch(/\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/);
  }
}

/** Sender and viewer live on a room whose secret the test chose (so it can name the topic). */
async function liveRoom(person: () => Promise<Page>, env: SignalingEnv, secret: string) {
  const sender = await person();
  // A room whose secret the test chose was not made on this device: the person confirms first.
  await sender.goto(`${env.appUrl}#/send?r=${secret}&via=${encodeURIComponent(env.via)}`);
  await sender.getByTestId('consent-confirm').click();
  await expectState(sender, 'waiting');
  const link = (await sender.getByTestId('viewer-link').getAttribute('href'))!;
  const viewer = await person();
  await viewer.goto(link);
  await expectState(viewer, 'active');
  await expectState(sender, 'active');
  return { sender, viewer };
}

/** Junk an attacker without the key might try. */
function forgeries(topicData: string): string[] {
  return [
    'garbage',
    '',
    JSON.stringify({ t: 'busy', to: 'x' }),
    JSON.stringify({ t: 'bye', reason: 'left' }),
    topicData.slice(0, 40),
    `${topicData.slice(0, -4)}AAAA`,
    'A'.repeat(5000),
  ];
}

test.describe('an eavesdropper on the signaling server', () => {
  test.describe('MQTT', () => {
    test.use({ kind: 'mqtt' });

    test('subscribed to # learns nothing, and injected or replayed messages change nothing', async ({
      person,
      env,
    }) => {
      const brokerUrl = env.via.slice('mqtt:'.length);
      const spy = await mqtt.connectAsync(brokerUrl, { protocolVersion: 4, reconnectPeriod: 0 });
      const captured: Captured[] = [];
      spy.on('message', (topic, payload) => captured.push({ topic, data: payload.toString() }));
      await spy.subscribeAsync('#');

      const secret = newRoomSecret();
      const { sender, viewer } = await liveRoom(person, env, secret);
      expectNothingRevealed(captured, secret);
      const { topic } = await deriveRoomKeys(secret);
      expect(captured.every((c) => c.topic === topic)).toBe(true);

      const replays = [...captured];
      for (const { data } of replays) await spy.publishAsync(topic, data);
      for (const junk of forgeries(replays[0]!.data)) await spy.publishAsync(topic, junk);
      await viewer.waitForTimeout(1500);
      await expectState(viewer, 'active', 1000);
      await expectState(sender, 'active', 1000);
      await videoAdvances(viewer, 'porthole-viewer video', 10);
      await spy.endAsync();
    });
  });

  test.describe('relay', () => {
    test.use({ kind: 'relay' });

    test('joined to the room topic learns nothing, and injected or replayed messages change nothing', async ({
      person,
      env,
    }) => {
      const secret = newRoomSecret();
      const { topic } = await deriveRoomKeys(secret);
      const spy = new WebSocket(env.via.slice('relay:'.length));
      const captured: Captured[] = [];
      spy.on('message', (raw) => {
        const frame = JSON.parse(raw.toString()) as { op: string; topic?: string; data?: string };
        if (frame.op === 'msg') captured.push({ topic: frame.topic ?? '', data: frame.data ?? '' });
      });
      await new Promise((resolve, reject) => {
        spy.once('open', resolve);
        spy.once('error', reject);
      });
      spy.send(JSON.stringify({ op: 'join', topic }));

      const { sender, viewer } = await liveRoom(person, env, secret);
      expectNothingRevealed(captured, secret);

      const replays = [...captured];
      for (const { data } of replays) spy.send(JSON.stringify({ op: 'pub', topic, data }));
      for (const junk of forgeries(replays[0]!.data)) spy.send(JSON.stringify({ op: 'pub', topic, data: junk }));
      await viewer.waitForTimeout(1500);
      await expectState(viewer, 'active', 1000);
      await expectState(sender, 'active', 1000);
      await videoAdvances(viewer, 'porthole-viewer video', 10);
      spy.close();
    });
  });
});
