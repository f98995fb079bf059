/**
 * Several relays, one room space (REDIS_URL), in real Chromium with a fake camera: a sender on
 * one relay and its viewer on another go live; a relay killed mid-stream while the other keeps
 * its rooms (the killed one's clients come back through the balancer); Redis restarted
 * mid-stream. The app runs under the relay's Content-Security-Policy throughout (no violation).
 */
import type { Page } from '@playwright/test';
import { hasRedis, startRedis, type TestRedis } from '../relay/redis-server';
import { appRoot, expect, expectState as expectStateWithin, openPerson, test, videoAdvances } from './fixtures';
import { startBalancer, startRelayProcess, withVia, type RelayProcess } from './relay-cluster-helpers';

const remoteVideo = 'porthole-viewer video';

/** States are awaited longer than in the single-relay suite: two relay processes and Redis share a small machine. */
const stateTimeoutMs = 45_000;
const expectState = (page: Page, state: string) => expectStateWithin(page, state, stateTimeoutMs);

test.describe('relay cluster over Redis', () => {
  test.skip(!hasRedis, 'redis-server is not installed (apt-get install redis-server)');
  test.setTimeout(240_000);
  let redis: TestRedis;
  let relays: RelayProcess[] = [];
  let prefix = 0;
  const cspViolations: string[] = [];

  test.beforeAll(async () => {
    redis = await startRedis();
  });
  test.afterAll(async () => {
    await redis?.stop();
  });
  test.afterEach(async () => {
    await Promise.all(relays.map((relay) => relay.kill()));
    relays = [];
    expect(cspViolations).toEqual([]);
  });

  /** Two relay processes on the test's Redis. */
  async function twoRelays(): Promise<[RelayProcess, RelayProcess]> {
    const key = `e2e${process.pid}-${prefix++}:`;
    const pair = await Promise.all([startRelayProcess(redis.url, key), startRelayProcess(redis.url, key)]);
    relays.push(...pair);
    return pair;
  }

  /** A page whose CSP violations fail the test. */
  async function person(browser: import('@playwright/test').Browser): Promise<Page> {
    const page = await openPerson(browser);
    page.on('console', (msg) => {
      if (msg.text().includes('Content Security Policy')) cspViolations.push(msg.text());
    });
    return page;
  }

  /** Opens a sender on `appUrl` over `via`; returns the viewer link it shows. */
  async function startSender(page: Page, appUrl: string, via: string): Promise<string> {
    await page.goto(`${appUrl}#/send?via=${encodeURIComponent(via)}`);
    await expectState(page, 'waiting');
    const link = await page.getByTestId('viewer-link').getAttribute('href');
    expect(link).toBeTruthy();
    return link as string;
  }

  test('a sender on one relay and a viewer on the other go live', async ({ browser }) => {
    const [a, b] = await twoRelays();
    const sender = await person(browser);
    const link = await startSender(sender, a.appUrl, a.via);
    const viewer = await person(browser);
    await viewer.goto(withVia(link, b.via).replace(a.appUrl, b.appUrl));
    await expectState(viewer, 'active');
    await expect(appRoot(viewer)).toHaveAttribute('data-role', 'viewer');
    await expectState(sender, 'active');
    const seen = await videoAdvances(viewer, remoteVideo, 10, 30_000);
    expect(seen.width).toBeGreaterThan(0);
    expect((await a.health()).connections).toBe(1);
    expect((await b.health()).connections).toBe(1);
    await sender.context().close();
    await viewer.context().close();
  });

  test('a relay killed mid-stream: the other keeps its rooms, and the killed one’s clients come back through the balancer', async ({
    browser,
  }) => {
    const [a, b] = await twoRelays();
    const balancer = await startBalancer([a.port, b.port]); // everything to a while it lives
    try {
      // Room 1: the sender through the balancer (on a), its viewer on b. Room 2: all on b.
      const sender1 = await person(browser);
      const link1 = await startSender(sender1, a.appUrl, balancer.via);
      const viewer1 = await person(browser);
      await viewer1.goto(withVia(link1, b.via));
      const sender2 = await person(browser);
      const link2 = await startSender(sender2, b.appUrl, b.via);
      const viewer2 = await person(browser);
      await viewer2.goto(link2);
      for (const page of [sender1, viewer1, sender2, viewer2]) await expectState(page, 'active');
      expect((await a.health()).connections).toBe(1);

      await a.kill();
      // Media is peer to peer: both rooms keep playing.
      await videoAdvances(viewer1, remoteVideo, 20, 30_000);
      await videoAdvances(viewer2, remoteVideo, 10, 30_000);
      for (const page of [sender1, viewer1, sender2, viewer2]) await expectState(page, 'active');
      // The killed relay's sender reconnects through the balancer to b.
      await expect(sender1.getByTestId('signaling')).toContainText('connected to', { timeout: 60_000 });
      await expect.poll(async () => (await b.health()).connections, { timeout: 30_000 }).toBe(4); // the four pages' sockets, all on b now
      // Signaling for room 1 works on b: a reload needs a whole new offer/answer exchange.
      await viewer1.reload();
      await expectState(viewer1, 'active');
      await videoAdvances(viewer1, remoteVideo, 5, 30_000);
      await viewer2.reload();
      await expectState(viewer2, 'active');
      await videoAdvances(viewer2, remoteVideo, 5, 30_000);
      for (const page of [sender1, viewer1, sender2, viewer2]) await page.context().close();
    } finally {
      await balancer.close();
    }
  });

  test('Redis restarted mid-stream: video keeps playing, /healthz says so, rooms span relays again after', async ({
    browser,
  }) => {
    const [a, b] = await twoRelays();
    const sender = await person(browser);
    const link = await startSender(sender, a.appUrl, a.via);
    const viewer = await person(browser);
    await viewer.goto(withVia(link, b.via));
    await expectState(viewer, 'active');
    await expectState(sender, 'active');

    await redis.stop(true);
    await expect
      .poll(async () => [(await a.health()).redis, (await b.health()).redis], { timeout: 30_000 })
      .toEqual(['down', 'down']);
    await videoAdvances(viewer, remoteVideo, 20, 30_000);
    await expectState(viewer, 'active');

    await redis.start();
    await expect
      .poll(async () => [(await a.health()).redis, (await b.health()).redis], { timeout: 30_000 })
      .toEqual(['up', 'up']);
    await viewer.reload(); // a new offer/answer from b to a: only through Redis
    await expectState(viewer, 'active');
    await expectState(sender, 'active');
    await videoAdvances(viewer, remoteVideo, 5, 30_000);
    await sender.context().close();
    await viewer.context().close();
  });
});
