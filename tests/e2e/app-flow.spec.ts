import type { Page, WebSocket } from '@playwright/test';
import jsQR from 'jsqr';
import { appRoot, expect, expectState, test, videoAdvances } from './fixtures';

const remoteVideo = 'porthole-viewer video';

/**
 * Decodes the QR code image the sender shows: the page hands over its pixels and jsQR decodes
 * them here (the relay's Content-Security-Policy rightly refuses injected scripts).
 */
async function decodeQr(page: Page): Promise<string | null> {
  const image = await page.getByTestId('qr').evaluate(async (img: HTMLImageElement) => {
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const context = canvas.getContext('2d')!;
    context.drawImage(img, 0, 0);
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
    return { data: Array.from(pixels.data), width: pixels.width, height: pixels.height };
  });
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? null;
}

/** Types a chat line and sends it with the button. */
async function chat(page: Page, text: string): Promise<void> {
  await page.getByTestId('chat-input').fill(text);
  await page.getByTestId('chat-send').click();
}

test.describe('the app, used by clicks', () => {
  test.use({ kind: 'relay' });

  test('start sending, open the link, watch, chat both ways, then a new link ends the viewer and retires the old room', async ({
    person,
    env,
  }) => {
    test.setTimeout(180_000); // four people and two QR decodes: up to two minutes on a busy 2-core machine
    const sender = await person({
      permissions: ['camera', 'microphone', 'screen-wake-lock', 'clipboard-read', 'clipboard-write'],
    });
    // The sender's signaling connections to the relay, open now.
    const relaySockets = new Set<WebSocket>();
    sender.on('websocket', (socket) => {
      if (!socket.url().endsWith('/ws')) return;
      relaySockets.add(socket);
      socket.on('close', () => relaySockets.delete(socket));
    });
    await sender.goto(env.appUrl);
    await sender.getByTestId('start-sending').click();
    await expectState(sender, 'waiting');
    const link = (await sender.getByTestId('viewer-link').getAttribute('href'))!;
    expect(link).toMatch(/#\/view\?r=[A-Za-z0-9_-]{22}/);
    expect(await decodeQr(sender)).toBe(link);
    await sender.getByTestId('copy-link').click();
    await expect(sender.getByTestId('share-note')).toHaveText('Link copied.');
    expect(await sender.evaluate(() => navigator.clipboard.readText())).toBe(link);

    const viewer = await person();
    await viewer.goto(link);
    await expectState(viewer, 'active');
    await expectState(sender, 'active');
    await videoAdvances(viewer, remoteVideo, 10);
    await expect(sender.getByTestId('room-viewer')).toHaveAttribute('data-connected', 'true');

    await chat(sender, 'hello from the phone');
    await expect(viewer.getByTestId('chat-message').filter({ hasText: 'hello from the phone' })).toHaveAttribute(
      'data-from',
      'peer',
    );
    const injection = '<img src=x onerror="document.title=1">';
    // The viewer's controls hide after a few seconds without a touch: a click on the video brings them back.
    await viewer.locator('porthole-viewer .stage').click();
    await chat(viewer, injection);
    await expect(sender.getByTestId('chat-message').filter({ hasText: injection })).toHaveAttribute(
      'data-from',
      'peer',
    );
    await expect(sender.locator('porthole-chat img')).toHaveCount(0);
    expect(relaySockets.size).toBe(1);

    // New link is in the More menu and asks first.
    await sender.getByTestId('more').click();
    await sender.getByTestId('new-link').click();
    await sender.getByTestId('new-link-confirm').click();
    await expectState(viewer, 'error');
    await expect(appRoot(viewer)).toHaveAttribute('data-reason', 'retired');
    await expect(viewer.getByTestId('status')).toContainText('ended by the sender');
    await expectState(sender, 'waiting');
    const newLink = (await sender.getByTestId('viewer-link').getAttribute('href'))!;
    expect(newLink).not.toBe(link);
    expect(await decodeQr(sender)).toBe(newLink);
    // The retired room closed its connection: one relay connection, the new room's.
    await expect.poll(() => relaySockets.size).toBe(1);

    // Nobody answers on the old link any more (not even to say it ended); the new link works.
    const late = await person();
    await late.goto(link);
    const fresh = await person();
    await fresh.goto(newLink);
    await expectState(fresh, 'active');
    await videoAdvances(fresh, remoteVideo, 5);
    await expectState(late, 'init');

    // The retired room is gone from this device: it cannot be reopened from the recent rooms.
    const oldSecret = new URL(link).hash.match(/r=([^&]+)/)![1]!;
    const newSecret = new URL(newLink).hash.match(/r=([^&]+)/)![1]!;
    await sender.goto(`${env.appUrl}#/`);
    await expect(sender.locator(`[data-testid="recent-room"][data-secret="${newSecret}"]`)).toHaveCount(1);
    await expect(sender.locator(`[data-testid="recent-room"][data-secret="${oldSecret}"]`)).toHaveCount(0);
  });

  test('a viewer whose link carries another sender key is told the link is not the sender’s', async ({
    person,
    env,
  }) => {
    const sender = await person();
    await sender.goto(env.appUrl);
    await sender.getByTestId('start-sending').click();
    await expectState(sender, 'waiting');
    const link = (await sender.getByTestId('viewer-link').getAttribute('href'))!;
    expect(link).toMatch(/[?&]k=[A-Za-z0-9_-]{16}/);
    const viewer = await person();
    await viewer.goto(link.replace(/([?&]k=)[A-Za-z0-9_-]{16}/, '$1AAAAAAAAAAAAAAAA'));
    await expect(viewer.getByTestId('hint')).toContainText('not the one this link belongs to');
    await expectState(viewer, 'init');
  });

  test('a viewer whose clock is 2 hours off: the sender is told to check both clocks', async ({ person, env }) => {
    const sender = await person();
    await sender.goto(env.appUrl);
    await sender.getByTestId('start-sending').click();
    await expectState(sender, 'waiting');
    const viewer = await person();
    await viewer.addInitScript(() => {
      const realNow = Date.now.bind(Date);
      Date.now = () => realNow() + 2 * 3_600_000;
    });
    await viewer.goto((await sender.getByTestId('viewer-link').getAttribute('href'))!);
    // Its hello, signed and stamped 2 h in the sender's future (no replay can be), makes the sender name the clocks.
    await expect(sender.getByTestId('hint')).toContainText("Check both devices' clocks", { timeout: 40_000 });
    await expectState(sender, 'waiting');
    await expectState(viewer, 'init');
  });

  test('pausing shows the viewer that the sender is away; resuming clears it', async ({ person, env }) => {
    const sender = await person();
    // Flip shows only on a device with two cameras: this one says it has two (Chromium's fake camera twice).
    await sender.addInitScript(() => {
      const real = navigator.mediaDevices.enumerateDevices.bind(navigator.mediaDevices);
      navigator.mediaDevices.enumerateDevices = async () => {
        const devices = await real();
        const camera = devices.find((d) => d.kind === 'videoinput');
        return camera ? [...devices, camera] : devices;
      };
    });
    await sender.goto(env.appUrl);
    await sender.getByTestId('start-sending').click();
    await expectState(sender, 'waiting');
    const viewer = await person();
    await viewer.goto((await sender.getByTestId('viewer-link').getAttribute('href'))!);
    await expectState(viewer, 'active');

    await sender.getByTestId('pause').click();
    await expect(viewer.getByTestId('peer-paused')).toBeVisible();
    await sender.getByTestId('pause').click();
    await expect(viewer.getByTestId('peer-paused')).toHaveCount(0);
    await sender.getByTestId('flip').click();
    await videoAdvances(viewer, remoteVideo, 10);
    await expectState(viewer, 'active');
  });

  test('the camera comes back after the browser stopped it in the background, and the viewer keeps watching', async ({
    person,
    env,
  }) => {
    const sender = await person();
    await sender.goto(env.appUrl);
    await sender.getByTestId('start-sending').click();
    await expectState(sender, 'waiting');
    await sender.getByTestId('details').locator('summary').click(); // the technical lines wait behind Details
    await expect(sender.getByTestId('wake-lock')).toBeVisible();
    const viewer = await person();
    await viewer.goto((await sender.getByTestId('viewer-link').getAttribute('href'))!);
    await expectState(viewer, 'active');

    // What a phone does to a hidden page: the camera track ends. Coming back must reopen it.
    const before = await sender.locator('porthole-sender video').evaluate((video: HTMLVideoElement) => {
      const track = (video.srcObject as MediaStream).getVideoTracks()[0]!;
      track.stop();
      document.dispatchEvent(new Event('visibilitychange'));
      return track.id;
    });
    await expect
      .poll(() =>
        sender.locator('porthole-sender video').evaluate((video: HTMLVideoElement) => {
          const track = (video.srcObject as MediaStream | null)?.getVideoTracks()[0];
          return track && track.readyState === 'live' ? track.id : null;
        }),
      )
      .not.toBeNull();
    const after = await sender
      .locator('porthole-sender video')
      .evaluate((video: HTMLVideoElement) => (video.srcObject as MediaStream).getVideoTracks()[0]!.id);
    expect(after).not.toBe(before);
    await videoAdvances(viewer, remoteVideo, 10);
    await expectState(viewer, 'active');
  });

  test('an unreachable server is named, with a next step', async ({ person, env }) => {
    const viewer = await person();
    const secret = 'AAAAAAAAAAAAAAAAAAAAAA';
    await viewer.goto(`${env.appUrl}#/view?r=${secret}&via=${encodeURIComponent('relay:ws://127.0.0.1:65530/ws')}`);
    await expect(viewer.getByTestId('signaling')).toContainText('Cannot reach the server 127.0.0.1:65530', {
      timeout: 15_000,
    });
    await expect(viewer.getByTestId('signaling')).toHaveAttribute('role', 'alert');
    await expectState(viewer, 'init');
  });

  test('when peer-to-peer cannot come up, the viewer suggests a TURN server', async ({ person, env }) => {
    test.setTimeout(90_000);
    const sender = await person();
    await sender.goto(env.appUrl);
    await sender.getByTestId('start-sending').click();
    await expectState(sender, 'waiting');
    const viewer = await person();
    // A network where no direct path works: relay-only ICE with no TURN server gathers nothing.
    await viewer.addInitScript(() => {
      const Native = RTCPeerConnection;
      (window as unknown as { RTCPeerConnection: unknown }).RTCPeerConnection = class extends Native {
        constructor(config?: RTCConfiguration) {
          super({ ...config, iceTransportPolicy: 'relay' });
        }
      };
    });
    await viewer.goto((await sender.getByTestId('viewer-link').getAttribute('href'))!);
    await expect(viewer.getByTestId('hint')).toContainText('TURN relay server', { timeout: 30_000 });
    await expect(viewer.getByTestId('hint')).not.toContainText('No sender');
  });

  test('a page without WebCrypto (plain http on a LAN) says it needs https instead of hanging', async ({
    person,
    env,
  }) => {
    const viewer = await person();
    await viewer.addInitScript(() => Object.defineProperty(crypto, 'subtle', { value: undefined }));
    await viewer.goto(`${env.appUrl}#/view?r=AAAAAAAAAAAAAAAAAAAAAA`);
    await expectState(viewer, 'error');
    await expect(appRoot(viewer)).toHaveAttribute('data-reason', 'insecure');
    await expect(viewer.getByTestId('status')).toContainText('https://');
  });

  test('a damaged link explains itself', async ({ person, env }) => {
    const viewer = await person();
    await viewer.goto(`${env.appUrl}#/view?r=not-a-secret`);
    await expectState(viewer, 'error');
    await expect(viewer.getByTestId('status')).toContainText('not valid');
  });
});
