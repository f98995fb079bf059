import { screenHoldCapMs } from '../../src/app/early-room';
import { newRoomSecret } from '../../src/protocol/room';
import { appRoot, expect, expectState, startSender, test, videoAdvances, type TransportKind } from './fixtures';

const remoteVideo = 'porthole-viewer video';
const preview = 'porthole-sender video';

/** The browser suite every transport must pass (run once per transport). */
export function signalingSuite(kind: TransportKind): void {
  test.describe(`over ${kind}`, () => {
    test.use({ kind });

    test('sender and viewer go live and the viewer sees advancing frames', async ({ person, env }) => {
      const sender = await person();
      const link = await startSender(sender, env);
      await expect(appRoot(sender)).toHaveAttribute('data-role', 'sender');
      expect(link).toContain('#/view?r=');
      await videoAdvances(sender, preview, 3);

      const viewer = await person();
      const signalingUrl = env.via.replace(/^(relay|mqtt):/, '');
      const sockets: string[] = [];
      viewer.on('websocket', (socket) => {
        if (socket.url().startsWith(signalingUrl)) sockets.push(socket.url());
      });
      await viewer.goto(link);
      await expectState(viewer, 'active');
      await expect(appRoot(viewer)).toHaveAttribute('data-role', 'viewer');
      await expectState(sender, 'active');
      const seen = await videoAdvances(viewer, remoteVideo, 10);
      expect(seen.width).toBeGreaterThan(0);
      expect(seen.height).toBeGreaterThan(0);
      // One connection to the relay or broker. A broker's socket is opened ahead, at the first
      // script, and is the room's; a relay's is not: its handshake carries the join and the hello.
      expect(sockets).toHaveLength(1);
      const ahead = await viewer.evaluate(() => performance.getEntriesByName('porthole:socket-ahead').length);
      expect(ahead).toBe(kind === 'mqtt' ? 1 : 0);
    });

    test('a link pasted into a loaded page: the room connects first, then its screen shows, with frames', async ({
      person,
      env,
    }) => {
      const sender = await person();
      const link = await startSender(sender, env);
      const viewer = await person();
      await viewer.goto(`${env.appUrl}#/`);
      await expect(viewer.getByTestId('start-sending')).toBeVisible();
      await viewer.waitForFunction(() => customElements.get('porthole-viewer') !== undefined);
      // The address changes to the link; each frame notes whether home is still there.
      const seen = await viewer.evaluate((hash) => {
        const app = document.querySelector('porthole-app')!;
        const linkAt = performance.now();
        location.hash = hash;
        return new Promise<{ linkAt: number; homeGoneAt: number; connectedAt: number | undefined }>((resolve) => {
          const look = (): void => {
            if (!app.shadowRoot!.querySelector('porthole-home')) {
              const connected = performance.getEntriesByName('porthole:p2p')[0];
              resolve({ linkAt, homeGoneAt: performance.now(), connectedAt: connected?.startTime });
              return;
            }
            requestAnimationFrame(look);
          };
          look();
        });
      }, new URL(link).hash);
      // Home stayed until the room was connected peer-to-peer, or the hold's cap (a loaded machine).
      const heldUntil = Math.min(seen.connectedAt ?? Number.POSITIVE_INFINITY, seen.linkAt + screenHoldCapMs);
      expect(seen.homeGoneAt).toBeGreaterThanOrEqual(heldUntil);
      await expectState(viewer, 'active');
      await videoAdvances(viewer, remoteVideo, 5);
    });

    test('a link to a room nobody sends in still shows its screen at once, waiting', async ({ person, env }) => {
      const viewer = await person();
      await viewer.goto(`${env.appUrl}#/`);
      await expect(viewer.getByTestId('start-sending')).toBeVisible();
      await viewer.evaluate(
        ([secret, via]) => {
          location.hash = `#/view?r=${secret}&via=${encodeURIComponent(via)}`;
        },
        [newRoomSecret(), env.via] as const,
      );
      await expect(appRoot(viewer)).toHaveAttribute('data-role', 'viewer', { timeout: 2000 });
      await expect(viewer.getByTestId('signaling')).toContainText('connected to');
    });

    test('a second viewer is refused as busy while both incumbents stay live', async ({ person, env }) => {
      const sender = await person();
      const link = await startSender(sender, env);
      const viewer = await person();
      await viewer.goto(link);
      await expectState(viewer, 'active');

      const intruder = await person();
      await intruder.goto(link);
      await expectState(intruder, 'error');
      await expect(appRoot(intruder)).toHaveAttribute('data-reason', 'busy');
      await expect(intruder.getByTestId('status')).toContainText('already has a viewer');

      await expectState(sender, 'active');
      await expectState(viewer, 'active');
      await videoAdvances(viewer, remoteVideo, 5);
    });

    test('a #/send link made elsewhere asks first, and nothing is sent until the person confirms', async ({
      person,
      env,
    }) => {
      // Whoever made the link holds the room secret and watches with the viewer link.
      const secret = newRoomSecret();
      const via = encodeURIComponent(env.via);
      const watcher = await person();
      await watcher.goto(`${env.appUrl}#/view?r=${secret}&via=${via}`);
      await expect(watcher.getByTestId('signaling')).toContainText('connected to');

      const victim = await person();
      await victim.addInitScript(() => {
        const counted = window as unknown as { __cameraCalls: number };
        counted.__cameraCalls = 0;
        const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
        navigator.mediaDevices.getUserMedia = (constraints) => {
          counted.__cameraCalls += 1;
          return original(constraints);
        };
      });
      await victim.goto(`${env.appUrl}#/send?r=${secret}&via=${via}`);
      await expect(victim.getByTestId('consent')).toBeVisible();
      await expect(appRoot(victim)).toHaveAttribute('data-state', 'init');
      await expect(appRoot(victim)).toHaveAttribute('data-reason', 'confirm');
      await expect(victim.getByTestId('consent')).toContainText('camera and microphone');
      // While it asks: no camera opened, no room joined (no signaling at all), nothing on screen.
      expect(await victim.evaluate(() => (window as unknown as { __cameraCalls: number }).__cameraCalls)).toBe(0);
      await expect(victim.getByTestId('signaling')).toHaveCount(0);
      await expect(victim.locator('porthole-sender video')).toHaveCount(0);
      await expectState(watcher, 'init');

      await victim.getByTestId('consent-confirm').click();
      await expectState(victim, 'active');
      await expectState(watcher, 'active');
      await videoAdvances(watcher, remoteVideo, 5);

      // Confirmed once: a reload of the same link resumes without asking again.
      await victim.reload();
      await expect(victim.getByTestId('consent')).toHaveCount(0);
      await expectState(victim, 'active');
    });

    test('cancelling the question goes home and turns nothing on', async ({ person, env }) => {
      const victim = await person();
      await victim.goto(`${env.appUrl}#/send?r=${newRoomSecret()}&via=${encodeURIComponent(env.via)}`);
      await victim.getByTestId('consent-cancel').click();
      await expect(victim).toHaveURL(/#\/$/);
      await expect(victim.getByTestId('start-sending')).toBeVisible();
    });

    test("a viewer whose page copied the admitted viewer's storage is still refused; the incumbent keeps its frames", async ({
      person,
      env,
    }) => {
      const sender = await person();
      const link = await startSender(sender, env);
      const viewer = await person();
      await viewer.goto(link);
      await expectState(viewer, 'active');
      const copied = await viewer.evaluate(() => JSON.stringify({ ...localStorage }));

      // Everything a script could copy (localStorage) is copied; the device key is not copyable.
      const copycat = await person();
      await copycat.goto(`${env.appUrl}#/`);
      await copycat.evaluate((items) => {
        for (const [key, value] of Object.entries(JSON.parse(items) as Record<string, string>)) {
          localStorage.setItem(key, value);
        }
      }, copied);
      await copycat.goto(link);
      await expectState(copycat, 'error');
      await expect(appRoot(copycat)).toHaveAttribute('data-reason', 'busy');
      await expectState(viewer, 'active');
      await videoAdvances(viewer, remoteVideo, 10);
    });

    for (const [label, offsetMs] of [
      ['5 minutes ahead', 5 * 60_000],
      ['5 minutes behind', -5 * 60_000],
    ] as const) {
      test(`a sender whose clock is ${label} connects`, async ({ person, env }) => {
        const sender = await person();
        await sender.addInitScript((offset) => {
          const realNow = Date.now.bind(Date);
          Date.now = () => realNow() + offset;
        }, offsetMs);
        const link = await startSender(sender, env);
        // biome-ignore lint/complexity/useDateNow: the real clock, to prove the page runs on the shifted one
        expect(await sender.evaluate(() => Date.now() - new Date().getTime())).not.toBe(0);
        const viewer = await person();
        await viewer.goto(link);
        await expectState(viewer, 'active');
        await videoAdvances(viewer, remoteVideo, 5);
      });
    }

    test('the viewer reloads and plays again at once', async ({ person, env }) => {
      const sender = await person();
      const link = await startSender(sender, env);
      const viewer = await person();
      await viewer.goto(link);
      await expectState(viewer, 'active');
      await viewer.reload();
      await expectState(viewer, 'active');
      await videoAdvances(viewer, remoteVideo, 5);
      await expectState(sender, 'active');
    });

    test('the sender leaves: the viewer waits, then plays again when a sender returns', async ({ person, env }) => {
      const sender = await person();
      const link = await startSender(sender, env);
      const viewer = await person();
      await viewer.goto(link);
      await expectState(viewer, 'active');

      await sender.close();
      await expectState(viewer, 'waiting', 8_000);
      await expect(viewer.getByTestId('status')).toContainText('sender left');

      // The phone opens the room again (same device: its room key is still there, so no question).
      const secret = new URL(link).hash.match(/r=([^&]+)/)?.[1];
      const again = await sender.context().newPage();
      // Not startSender: the waiting viewer's hello may reach the new sender at once (its
      // subscription goes out with its CONNECT), so `waiting` can last too briefly to be seen.
      await again.goto(`${env.appUrl}#/send?r=${secret}&via=${encodeURIComponent(env.via)}`);
      await expectState(viewer, 'active');
      await expectState(again, 'active');
      await videoAdvances(viewer, remoteVideo, 5);
    });

    test('signaling goes down mid-stream: video keeps playing, and signaling recovers', async ({ person, env }) => {
      const sender = await person();
      const link = await startSender(sender, env);
      const viewer = await person();
      await viewer.goto(link);
      await expectState(viewer, 'active');

      await env.stop();
      await expect(viewer.getByTestId('signaling')).toContainText('retrying', { timeout: 10_000 });
      await videoAdvances(viewer, remoteVideo, 20);
      await expectState(viewer, 'active');
      await expectState(sender, 'active');

      await env.restart();
      await expect(sender.getByTestId('signaling')).toContainText('connected to', { timeout: 15_000 });
      await expect(viewer.getByTestId('signaling')).toContainText('connected to', { timeout: 15_000 });
      // Prove signaling works again: a reload needs a whole new offer/answer exchange.
      await viewer.reload();
      await expectState(viewer, 'active');
      await videoAdvances(viewer, remoteVideo, 5);
    });
  });
}
