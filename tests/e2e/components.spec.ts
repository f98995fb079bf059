import { mkdir } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { serveComponents, type ComponentsPage } from './harness/serve-components';

// The chat, stats, video-tools, camera-controls and share elements in real Chromium, without the
// app: a Vite library bundle of the elements on a test page served by a relay (see harness/).

const videoWidth = 640;
const videoHeight = 480;
const overlayChat = '#stage porthole-chat';
const listChat = '#list';

let served: ComponentsPage;

test.beforeAll(async () => {
  served = await serveComponents();
});

test.afterAll(async () => {
  await served?.close();
});

/** Opens the test page and waits for its harness. */
async function openHarness(page: Page): Promise<void> {
  await page.goto(served.url);
  await page.waitForFunction(() => window.harness !== undefined);
}

/** Opens the test page and starts the in-page peer connections (canvas video + tone). */
async function openStage(page: Page): Promise<void> {
  await openHarness(page);
  await page.evaluate(([w, h]) => window.harness.start(w, h), [videoWidth, videoHeight] as const);
}

/** Reads width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(bytes: number[]): { width: number; height: number } {
  expect(bytes.slice(0, 8)).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(String.fromCharCode(...bytes.slice(12, 16))).toBe('IHDR');
  const view = new DataView(new Uint8Array(bytes).buffer);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

test.describe('porthole-chat', () => {
  test('Enter and the send button fire porthole-chat-send with the text; the field clears', async ({ person }) => {
    const page = await person();
    await openStage(page);
    const chat = page.locator(overlayChat);
    const input = chat.getByTestId('chat-input');
    await expect(input).toHaveAttribute('maxlength', '500');
    await expect(chat.getByTestId('chat-send')).toBeDisabled();
    await expect(chat.getByRole('log')).toHaveAttribute('aria-live', 'polite');

    await input.fill('  hello from the test  ');
    await input.press('Enter');
    await expect(input).toHaveValue('');
    await input.fill('second');
    await chat.getByTestId('chat-send').click();
    expect(await page.evaluate(() => window.harness.sent)).toEqual(['hello from the test', 'second']);
    const mine = chat.locator('[data-testid="chat-message"][data-from="me"]');
    await expect(mine).toHaveCount(2);
    await expect(mine.first()).toContainText('hello from the test');

    await page.evaluate(() => window.harness.receive('hi back'));
    await expect(chat.locator('[data-testid="chat-message"][data-from="peer"]')).toContainText('Them: hi back');
  });

  test('message text is shown literally, never as HTML', async ({ person }) => {
    const page = await person();
    await openStage(page);
    const attack = '<img src=x onerror="window.__pwned = true"><b>bold</b>';
    await page.evaluate((text) => window.harness.receive(text), attack);
    const chat = page.locator(overlayChat);
    await expect(chat.getByTestId('chat-message').last()).toContainText(attack);
    await chat.getByTestId('chat-input').fill(attack);
    await chat.getByTestId('chat-input').press('Enter');
    await expect(chat.locator('[data-from="me"]')).toContainText(attack);
    expect(await chat.locator('img, b').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __pwned?: boolean }).__pwned)).toBeUndefined();
  });

  test('501 characters are refused with a hint; 500 are sent', async ({ person }) => {
    const page = await person();
    await openStage(page);
    const chat = page.locator(overlayChat);
    const input = chat.getByTestId('chat-input');
    // Past maxlength the way a script or an old browser could: set the value directly.
    await input.evaluate((el: HTMLInputElement) => {
      el.value = 'x'.repeat(501);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await expect(chat.getByTestId('chat-hint')).toHaveAttribute('data-kind', 'error');
    await expect(chat.getByTestId('chat-hint')).toContainText('501');
    await input.press('Enter');
    await chat.getByTestId('chat-send').click();
    expect(await page.evaluate(() => window.harness.sent)).toEqual([]);

    await input.fill('y'.repeat(500));
    await expect(chat.getByTestId('chat-hint')).toContainText('0 characters left');
    await input.press('Enter');
    expect(await page.evaluate(() => window.harness.sent.map((s) => s.length))).toEqual([500]);
  });

  test('disabled without a peer; list mode shows every message in a log', async ({ person }) => {
    const page = await person();
    await page.goto(served.url);
    const list = page.locator(listChat);
    await expect(list.getByTestId('chat-input')).toBeDisabled();
    await expect(list.getByTestId('chat-send')).toBeDisabled();
    await expect(list.getByTestId('chat-input')).toHaveAttribute('placeholder', /other side connects/);
    await expect(list.getByRole('log')).toContainText('No messages yet');
    await list.evaluate((el: HTMLElementTagNameMap['porthole-chat']) => {
      el.messages = Array.from({ length: 30 }, (_, i) => ({
        from: i % 2 ? 'peer' : 'me',
        text: `line ${i}`,
        at: Date.now(),
      }));
    });
    await expect(list.getByTestId('chat-message')).toHaveCount(30);
    const overlay = page.locator(overlayChat);
    await expect(overlay.getByTestId('chat-message')).toHaveCount(0);

    // The overlay shows the latest three; those older than the fade time are faded out.
    await overlay.evaluate((el: HTMLElementTagNameMap['porthole-chat']) => {
      const now = Date.now();
      el.messages = [60, 50, 40, 30, 0].map((ageS, i) => ({ from: 'peer', text: `m${i}`, at: now - ageS * 1000 }));
    });
    await expect(overlay.getByTestId('chat-message')).toHaveText(['Them: m2', 'Them: m3', 'Them: m4']);
    await expect(overlay.locator('.faded')).toHaveText(['Them: m2', 'Them: m3']);
  });
});

test.describe('porthole-stats', () => {
  test('shows resolution, fps, bitrate, round trip and a direct path for a live connection', async ({ person }) => {
    const page = await person();
    await openStage(page);
    const stats = page.getByTestId('stats');
    await expect(stats.getByTestId('stats-resolution')).toHaveText(`${videoWidth}×${videoHeight}`);
    await expect(stats).toHaveAttribute('data-path', 'host');
    await expect(stats.getByTestId('stats-path')).toHaveText('Direct connection');
    await expect(stats.getByTestId('stats-bitrate')).toHaveText(/^[\d.,]+ (k|M)bit\/s$/);
    await expect(stats.getByTestId('stats-rtt')).toHaveText(/^[\d.,]+ ms round trip$/);
    await expect(stats.getByTestId('stats-fps')).toHaveText(/^\d+ fps$/);
    await expect
      .poll(async () => parseInt((await stats.getByTestId('stats-fps').textContent()) ?? '', 10))
      .toBeGreaterThan(0);
    await expect
      .poll(() =>
        page
          .locator('porthole-stats')
          .evaluate((el: HTMLElementTagNameMap['porthole-stats']) => el.sample?.bitrateKbps ?? 0),
      )
      .toBeGreaterThan(0);

    await page.evaluate(() => window.harness.setLocale('zh-CN'));
    await expect(stats.getByTestId('stats-path')).toHaveText('直接连接');
  });
});

test.describe('porthole-video-tools', () => {
  test('mute toggles video.muted, with "Tap for sound" while muted', async ({ person }) => {
    const page = await person();
    await openStage(page);
    const video = page.locator('#stage video');
    const mute = page.getByTestId('tool-mute');
    await expect(mute).toHaveText('Tap for sound');
    expect(await video.evaluate((v: HTMLVideoElement) => v.muted)).toBe(true);
    await mute.click();
    expect(await video.evaluate((v: HTMLVideoElement) => v.muted)).toBe(false);
    await expect(mute).toHaveAccessibleName('Mute');
    await mute.click();
    expect(await video.evaluate((v: HTMLVideoElement) => v.muted)).toBe(true);
    await expect(mute).toHaveText('Tap for sound');
  });

  test('snapshot downloads a PNG of the video size', async ({ person }) => {
    const page = await person();
    await openStage(page);
    const download = page.waitForEvent('download');
    await page.getByTestId('tool-snapshot').click();
    expect((await download).suggestedFilename()).toMatch(/^porthole-\d{8}-\d{6}\.png$/);
    await expect.poll(() => page.evaluate(() => window.harness.snapshots.length)).toBe(1);
    const [shot] = await page.evaluate(() => window.harness.snapshots);
    expect(shot!.fileName).toMatch(/^porthole-\d{8}-\d{6}\.png$/);
    expect(pngSize(shot!.bytes)).toEqual({ width: videoWidth, height: videoHeight });
  });

  test('fullscreen and picture-in-picture follow what the browser allows', async ({ person }) => {
    const page = await person();
    await openStage(page);
    const tools = page.locator('porthole-video-tools');
    const enabled = await page.evaluate(() => ({
      fs: document.fullscreenEnabled,
      pip: document.pictureInPictureEnabled,
    }));
    await expect(page.getByTestId('tool-fullscreen')).toHaveCount(enabled.fs ? 1 : 0);
    await expect(page.getByTestId('tool-pip')).toHaveCount(enabled.pip ? 1 : 0);
    if (enabled.fs) {
      await page.getByTestId('tool-fullscreen').click();
      await expect(page.getByTestId('tool-fullscreen')).toHaveAccessibleName('Exit full screen');
      expect(await page.evaluate(() => document.fullscreenElement?.id)).toBe('stage');
      await page.getByTestId('tool-fullscreen').click();
      await expect(page.getByTestId('tool-fullscreen')).toHaveAccessibleName('Full screen');
    }
    await page.evaluate(() => {
      Object.defineProperty(document, 'fullscreenEnabled', { value: false });
      Object.defineProperty(document, 'pictureInPictureEnabled', { value: false });
    });
    await tools.evaluate((el: HTMLElementTagNameMap['porthole-video-tools']) => el.requestUpdate());
    await expect(page.getByTestId('tool-fullscreen')).toHaveCount(0);
    await expect(page.getByTestId('tool-pip')).toHaveCount(0);
    await expect(page.getByTestId('tool-snapshot')).toBeVisible();
  });
});

test.describe('porthole-camera-controls', () => {
  test('asks for each change with an event and shows only the snapshot it is given', async ({ person }) => {
    const page = await person();
    // Flip shows only with two cameras: this page says it has two (Chromium's fake camera twice).
    await page.addInitScript(() => {
      const real = navigator.mediaDevices.enumerateDevices.bind(navigator.mediaDevices);
      navigator.mediaDevices.enumerateDevices = async () => {
        const devices = await real();
        const camera = devices.find((d) => d.kind === 'videoinput');
        return camera ? [...devices, camera] : devices;
      };
    });
    await openHarness(page);
    const controls = page.locator('porthole-camera-controls');
    await expect(controls.getByTestId('pause')).toHaveCount(0); // no live camera, no controls
    await controls.evaluate((el: HTMLElementTagNameMap['porthole-camera-controls']) => {
      el.snapshot = {
        live: true,
        facing: 'user',
        presetId: 'hd',
        micOn: true,
        hasAudio: true,
        paused: false,
        torchSupported: true,
        torchOn: false,
        zoom: { min: 1, max: 4, step: 1, value: 1 },
      };
    });
    await controls.getByTestId('flip').click();
    await controls.getByTestId('preset').selectOption('sd');
    await controls.getByTestId('mic').click();
    await controls.getByTestId('pause').click();
    await controls.getByTestId('torch').click();
    await controls.getByTestId('zoom').fill('3');
    expect(await page.evaluate(() => window.harness.controlEvents)).toEqual([
      { type: 'porthole-camera-flip', detail: null },
      { type: 'porthole-camera-preset', detail: { presetId: 'sd' } },
      { type: 'porthole-camera-mic', detail: { on: false } },
      { type: 'porthole-camera-pause', detail: { paused: true } },
      { type: 'porthole-camera-torch', detail: { on: true } },
      { type: 'porthole-camera-zoom', detail: { zoom: 3 } },
    ]);
    // Nobody passed a new snapshot down: the controls still show the old one.
    await expect(controls.getByTestId('pause')).toHaveAttribute('aria-pressed', 'false');
    await controls.evaluate((el: HTMLElementTagNameMap['porthole-camera-controls']) => {
      el.snapshot = { ...el.snapshot!, paused: true, micOn: false };
    });
    await expect(controls.getByTestId('pause')).toHaveAttribute('aria-pressed', 'true');
    await expect(controls.getByTestId('pause')).toHaveAccessibleName('Resume camera and microphone');
    // Pressed = muted: the button says what pressing does next.
    await expect(controls.getByTestId('mic')).toHaveAttribute('aria-pressed', 'true');
    await expect(controls.getByTestId('mic')).toHaveAccessibleName('Unmute microphone');
  });
});

test.describe('porthole-share', () => {
  test('draws the QR code of its link with what to do, and shows the notice it is given', async ({ person }) => {
    const page = await person();
    await openHarness(page);
    const share = page.locator('porthole-share');
    await share.evaluate((el: HTMLElementTagNameMap['porthole-share']) => {
      el.link = 'https://porthole.test/#/view?r=first';
    });
    await expect(share.getByTestId('viewer-link')).toHaveAttribute('href', 'https://porthole.test/#/view?r=first');
    const qr = share.getByTestId('qr');
    await expect(qr).toHaveAttribute('src', /^data:image\/png;base64,/);
    const firstQr = await qr.getAttribute('src');
    await expect(share.getByTestId('scan-title')).toHaveText("Scan with the other device's camera");
    await expect(share.getByTestId('new-link')).toHaveCount(0); // New link is in the More menu
    await expect(share.getByTestId('share-note')).toHaveText('');

    // What the sender does once the new room is open: a new link, and a notice.
    await share.evaluate((el: HTMLElementTagNameMap['porthole-share']) => {
      el.link = 'https://porthole.test/#/view?r=second';
      el.notice = 'sender.newLinkDone';
    });
    await expect(share.getByTestId('share-note')).toHaveText('New link made: the old link no longer works.');
    await expect(qr).not.toHaveAttribute('src', firstQr!);
    await expect(qr).toHaveAttribute('src', /^data:image\/png;base64,/);
  });
});

test.describe('porthole-sender-bar', () => {
  test('Stop acts at once with nobody watching; with a viewer it asks in place, and Keep sending keeps', async ({
    person,
  }) => {
    const page = await person();
    await openHarness(page);
    const bar = page.locator('porthole-sender-bar');
    const events = () => page.evaluate(() => window.harness.controlEvents);
    await bar.getByRole('button', { name: 'Stop sending' }).click();
    expect(await events()).toEqual([{ type: 'porthole-stop', detail: null }]);

    await bar.evaluate((el: HTMLElementTagNameMap['porthole-sender-bar']) => {
      el.viewerName = 'Chrome on Android';
    });
    await bar.getByTestId('stop').click();
    await expect(bar.getByTestId('stop-question')).toHaveText(
      'Stop the camera? Chrome on Android will see that you stopped.',
    );
    await expect(bar.getByRole('button', { name: /^Stop/ })).toHaveCount(1);
    await expect(bar.getByRole('button', { name: 'Keep sending' })).toBeFocused();
    await bar.getByRole('button', { name: 'Keep sending' }).click();
    await expect(bar.getByTestId('stop')).toBeFocused();
    expect(await events()).toHaveLength(1);

    await bar.getByTestId('stop').click();
    await bar.getByTestId('stop-confirm').click();
    expect(await events()).toEqual([
      { type: 'porthole-stop', detail: null },
      { type: 'porthole-stop', detail: null },
    ]);
  });

  test('More → New link asks what it does first; Cancel fires nothing, confirming fires porthole-retire', async ({
    person,
  }) => {
    const page = await person();
    await openHarness(page);
    const bar = page.locator('porthole-sender-bar');
    await expect(bar.getByTestId('new-link')).toBeHidden(); // in the closed menu
    await bar.getByRole('button', { name: 'More options' }).click();
    await bar.getByTestId('new-link').click();
    await expect(bar.getByTestId('new-link-question')).toHaveText('Make a new link? The current link stops working.');
    await bar.getByTestId('new-link-cancel').click();
    expect(await page.evaluate(() => window.harness.controlEvents)).toEqual([]);
    await expect(bar.getByTestId('new-link')).toBeHidden();

    await bar.evaluate((el: HTMLElementTagNameMap['porthole-sender-bar']) => {
      el.viewerName = 'Chrome on Android';
    });
    await bar.getByTestId('more').click();
    await bar.getByTestId('new-link').click();
    await expect(bar.getByTestId('new-link-question')).toContainText('Chrome on Android is disconnected');
    await bar.getByTestId('new-link-confirm').click();
    expect(await page.evaluate(() => window.harness.controlEvents)).toEqual([
      { type: 'porthole-retire', detail: null },
    ]);
    await expect(bar.getByTestId('new-link-question')).toHaveCount(0);
  });
});

test('screenshot: chat and stats overlays over the video on a phone', async ({ person }) => {
  const page = await person();
  await page.setViewportSize({ width: 390, height: 844 });
  await openStage(page);
  await page.evaluate(() => window.harness.receive('Can you see the garden?'));
  const input = page.locator(overlayChat).getByTestId('chat-input');
  await input.fill('Yes — the light is great. 看得很清楚！');
  await input.press('Enter');
  await page.evaluate(() => window.harness.receive('<img src=x onerror=alert(1)> stays text'));
  await expect(page.getByTestId('stats-resolution')).toHaveText(`${videoWidth}×${videoHeight}`);
  await expect(page.getByTestId('stats-bitrate')).toHaveText(/bit\/s/);
  await mkdir('/tmp/shots', { recursive: true });
  await page.screenshot({ path: '/tmp/shots/components-phone.png' });
  await page.evaluate(() => window.harness.setLocale('zh-CN'));
  await page.screenshot({ path: '/tmp/shots/components-phone-zh.png' });
});

// ---- porthole-error-card ----
import { expectGoodCard, shootCard } from './error-card-checks';

/** Opens the components page with one error card for `side`'s `view` (a camera failure named by `cameraError`). */
async function openCard(
  page: Page,
  side: 'sender' | 'viewer',
  reason: string,
  options: { cameraError?: string; locale?: 'en' | 'zh-CN' } = {},
): Promise<void> {
  await page.goto(served.url);
  await page.waitForFunction(() => window.errorCards !== undefined);
  await page.evaluate(
    ({ side, reason, cameraError, locale }) => {
      window.harness.setLocale(locale);
      const message = cameraError ? window.errorCards.cameraMessage(cameraError) : `English detail for ${reason}`;
      window.errorCards.show(side, { state: 'error', reason: reason as 'busy', message });
    },
    { side, reason, cameraError: options.cameraError, locale: options.locale ?? 'en' },
  );
}

test.describe('porthole-error-card', () => {
  const cases = [
    { side: 'viewer', reason: 'busy', headline: 'Someone is already watching', action: 'Scan a new code' },
    { side: 'viewer', reason: 'retired', headline: 'This link has ended', action: 'Scan a new code' },
    { side: 'viewer', reason: 'bad-secret', headline: 'This link is damaged', action: 'Scan a new code' },
    { side: 'sender', reason: 'busy', headline: 'This room is already sending', action: 'Start a new room' },
    { side: 'viewer', reason: 'replaced', headline: 'Opened in another tab', action: 'Try again' },
    { side: 'viewer', reason: 'transport', headline: 'Cannot reach the server', action: 'Try again' },
    { side: 'viewer', reason: 'insecure', headline: 'This page is not secure', action: undefined },
  ] as const;
  for (const { side, reason, headline, action } of cases) {
    test(`${side} ${reason}: a plain headline, "${action ?? 'Home only'}", Home, Details, 44 px, axe clean`, async ({
      person,
    }) => {
      const page = await person();
      await page.setViewportSize({ width: 390, height: 844 });
      await openCard(page, side, reason);
      await expectGoodCard(page, { headline, action }, reason);
      await expect(page.getByTestId('error-details')).toContainText(`English detail for ${reason}`);
    });
  }

  test('a server out of reach: the viewer is never sent to Settings, the sender is', async ({ person }) => {
    const page = await person();
    await openCard(page, 'viewer', 'transport');
    await expect(page.locator('porthole-error-card')).not.toContainText('Settings');
    await openCard(page, 'sender', 'transport');
    await expect(page.getByTestId('error-text')).toContainText('Settings');
  });

  test('a blocked camera: steps for this browser behind "How to allow the camera", Try again reloads', async ({
    person,
  }, testInfo) => {
    const page = await person();
    await page.setViewportSize({ width: 390, height: 844 });
    await openCard(page, 'sender', 'camera', { cameraError: 'NotAllowedError' });
    const card = await expectGoodCard(page, { headline: 'The camera is blocked', action: 'Try again' }, 'camera');
    await expect(card.getByTestId('error-details')).toContainText('NotAllowedError');
    const help = card.getByTestId('camera-help-disclosure');
    await expect(card.getByTestId('camera-help')).toBeHidden();
    await help.getByText('How to allow the camera').click();
    // Headless Chromium on Linux: the desktop Chrome steps.
    await expect(card.getByTestId('camera-help')).toHaveAttribute('data-browser', 'chrome-desktop');
    await expect(card.getByTestId('camera-help').locator('li').first()).toHaveText(
      'Click the icon to the left of the address.',
    );
    expect(await card.getByTestId('camera-help').locator('li').count()).toBeGreaterThanOrEqual(3);
    await shootCard(page, testInfo, 'error-card-camera-en-dark');

    await page.evaluate(() => ((window as unknown as { before: boolean }).before = true));
    await card.getByTestId('error-action').click();
    await page.waitForFunction(() => (window as unknown as { before?: boolean }).before === undefined);
  });

  test('a busy camera or none: no browser steps, the right headline', async ({ person }) => {
    const page = await person();
    await openCard(page, 'sender', 'camera', { cameraError: 'NotReadableError' });
    await expectGoodCard(page, { headline: 'The camera is busy', action: 'Try again' }, 'camera');
    await expect(page.getByTestId('camera-help-disclosure')).toHaveCount(0);
    await openCard(page, 'sender', 'camera', { cameraError: 'NotFoundError' });
    await expect(page.getByTestId('error-headline')).toHaveText('No camera found');
  });

  test('Home and Scan go home; Start a new room goes to #/send', async ({ person }) => {
    const page = await person();
    await openCard(page, 'viewer', 'busy');
    await page.getByTestId('error-action').click();
    await expect(page).toHaveURL(/#\/$/);
    await openCard(page, 'viewer', 'busy');
    await page.getByTestId('error-home').click();
    await expect(page).toHaveURL(/#\/$/);
    await openCard(page, 'sender', 'busy');
    await page.getByTestId('error-action').click();
    await expect(page).toHaveURL(/#\/send$/);
  });

  test('in Chinese, and readable in the light theme', async ({ person }, testInfo) => {
    const page = await person({ colorScheme: 'light' });
    await page.setViewportSize({ width: 390, height: 844 });
    await openCard(page, 'viewer', 'busy', { locale: 'zh-CN' });
    await expectGoodCard(page, { headline: '已经有人在观看', action: '扫描新的二维码' }, 'busy');
    await expect(page.getByTestId('error-home')).toHaveText('首页');
    await shootCard(page, testInfo, 'error-card-busy-zh-light');
    await openCard(page, 'sender', 'camera', { cameraError: 'NotAllowedError', locale: 'zh-CN' });
    await page.getByText('如何允许使用摄像头').click();
    await expect(page.getByTestId('camera-help').locator('li').first()).toHaveText('点击地址左侧的图标。');
    await expectGoodCard(page, { headline: '摄像头被阻止了', action: '重试' }, 'camera');
    await shootCard(page, testInfo, 'error-card-camera-zh-light');
    await page.setViewportSize({ width: 1366, height: 768 });
    await shootCard(page, testInfo, 'error-card-camera-zh-light-laptop');
  });
});
