/**
 * A relay with RELAY_TOKEN, in real Chromium: the app asks for the token before anything
 * connects, says so clearly when the relay refuses it, keeps the right one on the device (a
 * reload does not ask again), and the pair goes live. The token never appears in a URL, a link or
 * the console, and the TURN credentials the relay mints never appear in the viewer link. A relay
 * problem (a full room) shows in the signaling line while the page stays up.
 */
import type { Page } from '@playwright/test';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRelay } from '../../relay/src/index.js';
import { appRoot, distDir, expect, expectState, test, videoAdvances } from './fixtures';

const token = 'correct horse battery staple';
const turnSecret = 'turn-rest-shared-secret';
const remoteVideo = 'porthole-viewer video';

/** A private copy of the built app (or of PORTHOLE_DIST): a rebuild of dist/ mid-run does not change the app under test. */
function appCopy(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'porthole-token-app-'));
  cpSync(process.env.PORTHOLE_DIST ?? distDir, dir, { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Starts a relay on 127.0.0.1 serving the app, with `options` (a token, limits). */
async function startRelay(staticDir: string, options: Parameters<typeof createRelay>[0] = {}) {
  const relay = createRelay({
    httpHost: '127.0.0.1',
    httpPort: 0,
    stunHost: '127.0.0.1',
    stunPort: 0,
    staticDir,
    ...options,
  });
  await relay.ready;
  return relay;
}

/** An `/api/config` body as the page received it. */
type ConfigBody = { iceServers: Array<{ urls: string | string[]; username?: string; credential?: string }> };

/** Records every URL a page requests or opens a WebSocket to, every `/api/config` it got, and everything it logs. */
function watch(page: Page): { urls: string[]; logs: string[]; configs: ConfigBody[] } {
  const seen = { urls: [] as string[], logs: [] as string[], configs: [] as ConfigBody[] };
  page.on('request', (request) => seen.urls.push(request.url()));
  page.on('response', async (response) => {
    if (new URL(response.url()).pathname === '/api/config')
      seen.configs.push(await response.json().catch(() => ({ iceServers: [] })));
  });
  page.on('websocket', (socket) => seen.urls.push(socket.url()));
  page.on('console', (message) => seen.logs.push(message.text()));
  return seen;
}

/** Types `value` into the token screen and submits it. */
async function enterToken(page: Page, value: string): Promise<void> {
  await expect(page.getByTestId('relay-token-screen')).toBeVisible();
  await page.getByTestId('relay-token').fill(value);
  await page.getByTestId('relay-token-submit').click();
}

test.describe('a relay with a token', () => {
  let app: { dir: string; remove: () => void };
  test.beforeAll(() => {
    app = appCopy();
  });
  test.afterAll(() => app.remove());

  test('asks for the token first, refuses a wrong one clearly, goes live with the right one, and keeps it across a reload', async ({
    person,
  }) => {
    test.slow(); // two pages, a refused attempt, a reload: 60-90 s on a busy 2-core machine
    const relay = await startRelay(app.dir, {
      token,
      // A TURN server nobody listens on: what matters is that its minted password stays out of links.
      turnUrls: ['turn:127.0.0.1:9'],
      turnSecret,
    });
    try {
      const appUrl = `http://127.0.0.1:${relay.httpPort}/`;
      const sender = await person();
      const senderSeen = watch(sender);
      await sender.goto(`${appUrl}#/send`);
      // Asked before anything connects.
      await expect(sender.getByTestId('relay-token-screen')).toBeVisible();
      await expect(appRoot(sender)).toHaveAttribute('data-state', 'init');
      await expect(appRoot(sender)).toHaveAttribute('data-reason', 'token');
      await expect(appRoot(sender)).toHaveAttribute('data-role', 'sender');
      await expect(sender.getByTestId('relay-token-screen')).toContainText('127.0.0.1');
      expect(relay.stats().connections).toBe(0);

      // A wrong token: the relay refuses it (close 4401), and the screen asks again, saying why.
      await enterToken(sender, 'wrong token');
      await expect(sender.getByTestId('relay-token-error')).toContainText('refused this token', { timeout: 20_000 });
      await expect(appRoot(sender)).toHaveAttribute('data-reason', 'token');
      await expect(sender.getByTestId('relay-token-screen')).toBeVisible();

      // The right one: the sender connects and waits for a viewer.
      await enterToken(sender, token);
      await expectState(sender, 'waiting', 30_000);
      await expect(sender.getByTestId('signaling')).toContainText('connected to');
      const link = await sender.getByTestId('viewer-link').getAttribute('href');
      expect(link).toContain('#/view?r=');

      // The viewer, on its own device, is asked too; then both go live with frames arriving.
      const viewer = await person();
      const viewerSeen = watch(viewer);
      await viewer.goto(link!);
      await enterToken(viewer, token);
      await expectState(viewer, 'active', 30_000);
      await expectState(sender, 'active');
      const seen = await videoAdvances(viewer, remoteVideo, 10);
      expect(seen.width).toBeGreaterThan(0);

      // A reload keeps the token on the device: no question, live again.
      await viewer.reload();
      await expectState(viewer, 'active', 30_000);
      await expect(viewer.getByTestId('relay-token-screen')).toHaveCount(0);
      await videoAdvances(viewer, remoteVideo, 5);
      const kept = await viewer.evaluate(() => localStorage.getItem('porthole.relayTokens'));
      expect(JSON.parse(kept ?? '{}')).toEqual({ [appUrl.replace(/\/$/, '')]: token });

      // The token in no URL, link or log; the relay's TURN credentials not in the viewer link.
      const encoded = Buffer.from(token).toString('base64url');
      for (const text of [link!, ...senderSeen.urls, ...viewerSeen.urls, ...senderSeen.logs, ...viewerSeen.logs]) {
        expect(text).not.toContain('battery');
        expect(text).not.toContain(encoded);
      }
      expect(senderSeen.urls.some((url) => url.startsWith(`ws://127.0.0.1:${relay.httpPort}/ws`))).toBe(true);
      for (const leak of ['turn', 'ice=', turnSecret]) expect(link).not.toContain(leak);
      // The sender got minted TURN credentials (it presented the token to /api/config), and
      // neither the username nor the password is in the viewer link.
      const turn = senderSeen.configs.flatMap((config) => config.iceServers).find((server) => server.credential);
      expect(turn?.username).toMatch(/^\d+:/);
      expect(link).not.toContain(encodeURIComponent(turn!.username!));
      expect(link).not.toContain(encodeURIComponent(turn!.credential!));
      expect(link).not.toContain(turn!.username!.split(':')[0]);
    } finally {
      await relay.close();
    }
  });

  test("a link naming another relay that asks for a token: the screen names that relay's host and warns it is not this page's server", async ({
    person,
  }) => {
    // The page comes from an open relay; the link's via names a second relay (the attacker's, in
    // the finding) that closes with 4401: the person must see whose token is being asked for.
    const home = await startRelay(app.dir);
    const other = await startRelay(app.dir, { token });
    try {
      const viewer = await person();
      const via = `relay:ws://127.0.0.1:${other.httpPort}/ws`;
      await viewer.goto(`http://127.0.0.1:${home.httpPort}/#/view?r=AAECAwQFBgcICQoLDA0ODw&via=${via}`);
      await expect(viewer.getByTestId('relay-token-screen')).toBeVisible({ timeout: 20_000 });
      await expect(viewer.getByTestId('relay-token-host')).toHaveText(`127.0.0.1:${other.httpPort}`);
      const note = viewer.getByTestId('relay-token-other-server');
      await expect(note).toContainText(`This link names another server, 127.0.0.1:${other.httpPort}`);
      await expect(note).toContainText(`not 127.0.0.1:${home.httpPort} where this page came from`);
      await expect(note).toContainText(`Enter only a token that the operator of 127.0.0.1:${other.httpPort} gave you`);

      // The page's own relay asking shows its host and no such note.
      const guarded = await startRelay(app.dir, { token });
      try {
        const sender = await person();
        await sender.goto(`http://127.0.0.1:${guarded.httpPort}/#/send`);
        await expect(sender.getByTestId('relay-token-host')).toHaveText(`127.0.0.1:${guarded.httpPort}`);
        await expect(sender.getByTestId('relay-token-other-server')).toHaveCount(0);
      } finally {
        await guarded.close();
      }
    } finally {
      await other.close();
      await home.close();
    }
  });

  test('a full room on the relay shows a clear message in the signaling line, and the page stays up', async ({
    person,
  }) => {
    const relay = await startRelay(app.dir, { maxSubscribersPerTopic: 1 });
    try {
      const appUrl = `http://127.0.0.1:${relay.httpPort}/`;
      const sender = await person();
      await sender.goto(`${appUrl}#/send`);
      await expectState(sender, 'waiting', 30_000);
      const link = await sender.getByTestId('viewer-link').getAttribute('href');
      const viewer = await person();
      await viewer.goto(link!);
      // The room's topic holds one socket (the sender's): the viewer's join is refused as topic-full.
      await expect(viewer.getByTestId('signaling')).toContainText('This room is full on the relay', {
        timeout: 20_000,
      });
      await expect(viewer.getByTestId('signaling')).toContainText('connected to');
      await expect(appRoot(viewer)).not.toHaveAttribute('data-state', 'error');
      expect(relay.stats().connections).toBe(2);
    } finally {
      await relay.close();
    }
  });
});
