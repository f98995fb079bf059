import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { newRoomSecret } from '../../src/protocol/room';
import { writeQrY4m } from '../helpers/qr-y4m';
import { chromiumArgs, chromiumPath } from './chromium';
import { appRoot, expect, test } from './fixtures';

/** A fake BarcodeDetector that "sees" the codes in `window.__codes` one after another. */
function installFakeDetector(): void {
  const w = window as unknown as Record<string, unknown> & { __codes: string[]; __streams: MediaStream[] };
  w.__codes = [];
  w.__streams = [];
  w.BarcodeDetector = class {
    static getSupportedFormats = async () => ['qr_code'];
    async detect() {
      const next = w.__codes.shift();
      return next === undefined ? [] : [{ rawValue: next }];
    }
  };
  const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    const stream = await getUserMedia(constraints);
    w.__streams.push(stream);
    return stream;
  };
}

test.describe('home', () => {
  test('shows the app line and a start button; an unknown page says so', async ({ env, person }) => {
    const page = await person();
    await page.goto(`${env.appUrl}#/nowhere`);
    await expect(page.getByTestId('unknown-page')).toBeVisible();
    await expect(page.getByTestId('tagline')).toContainText('camera');
    await page.getByTestId('start-sending').click();
    await expect(page).toHaveURL(/#\/send/);
    await expect(appRoot(page)).toHaveAttribute('data-role', 'sender');
  });

  test('pasting a full viewer link opens the viewer', async ({ env, person }) => {
    const page = await person();
    await page.goto(env.appUrl);
    const hash = `#/view?r=${newRoomSecret()}&via=${encodeURIComponent(env.via)}`;
    await page.getByTestId('paste-link').fill(`  ${env.appUrl}${hash}\n`);
    await page.getByTestId('watch').click();
    await expect(appRoot(page)).toHaveAttribute('data-role', 'viewer');
    expect(new URL(page.url()).hash).toBe(hash);
  });

  test('pasting just the #/view part opens the viewer (Enter submits)', async ({ env, person }) => {
    const page = await person();
    await page.goto(env.appUrl);
    const secret = newRoomSecret();
    await page.getByTestId('paste-link').fill(`#/view?r=${secret}`);
    await page.getByTestId('paste-link').press('Enter');
    await expect(page.locator('porthole-app[data-role=viewer]')).toBeAttached();
    expect(page.url()).toContain(secret);
  });

  for (const [name, text, message] of [
    ['junk', 'hello there', "isn't a Porthole viewer link"],
    ['nothing', '   ', 'Paste the viewer link first'],
    ['a sender link', `#/send?r=${newRoomSecret()}`, 'That is a sender link'],
    ['a damaged secret', 'https://example.org/#/view?r=abc', 'room code in this link is damaged'],
    ['a bad via', `#/view?r=${newRoomSecret()}&via=ftp:x`, 'server address in this link'],
    ['a viewer link without a room', '#/view', 'has no room code'],
  ]) {
    test(`pasting ${name} shows a clear error and stays home`, async ({ env, person }) => {
      const page = await person();
      await page.goto(env.appUrl);
      await page.getByTestId('paste-link').fill(text!);
      await page.getByTestId('watch').click();
      await expect(page.getByTestId('paste-error')).toContainText(message!);
      await expect(page.getByTestId('paste-error')).toHaveAttribute('role', 'alert');
      await expect(page.getByTestId('paste-link')).toHaveAttribute('aria-invalid', 'true');
      await expect(page.getByTestId('paste-link')).toBeFocused();
      await expect(appRoot(page)).not.toHaveAttribute('data-role', /.+/);
      await expect(page.getByTestId('start-sending')).toBeVisible();
    });
  }

  test('without a camera API (insecure page) there is no scan button', async ({ env, person }) => {
    const page = await person();
    await page.addInitScript(() => Object.defineProperty(navigator, 'mediaDevices', { value: undefined }));
    await page.goto(env.appUrl);
    await expect(page.getByTestId('watch')).toBeVisible();
    await expect(page.getByTestId('scan')).toHaveCount(0);
  });

  test('without BarcodeDetector, the scanner reads a QR code from the camera with jsQR and opens the viewer', async ({
    env,
  }) => {
    // The fake camera plays a Y4M file of the viewer link's QR code (made here, no ffmpeg).
    const dir = await mkdtemp(join(tmpdir(), 'porthole-qr-'));
    const secret = newRoomSecret();
    const link = `${env.appUrl}#/view?r=${secret}`;
    const video = join(dir, 'qr.y4m');
    writeQrY4m(video, link);
    const browser = await chromium.launch({
      executablePath: chromiumPath(),
      args: [...chromiumArgs, `--use-file-for-fake-video-capture=${video}`],
    });
    try {
      const context = await browser.newContext({ permissions: ['camera'] });
      const page = await context.newPage();
      await page.addInitScript(() => delete (window as unknown as Record<string, unknown>).BarcodeDetector);
      const scripts: string[] = [];
      page.on('request', (request) => scripts.push(request.url()));
      await page.goto(env.appUrl);
      await expect(page.getByTestId('start-sending')).toBeVisible();
      expect(scripts.filter((url) => url.includes('jsqr'))).toEqual([]);
      expect(await page.evaluate(() => 'BarcodeDetector' in window)).toBe(false);

      await page.getByTestId('scan').click();
      await expect(appRoot(page)).toHaveAttribute('data-role', 'viewer', { timeout: 30_000 });
      expect(page.url()).toBe(link);
      // The reader came in its own chunk, from the app's origin only.
      expect(scripts.some((url) => url.includes('jsqr'))).toBe(true);
      expect(scripts.filter((url) => !url.startsWith(env.appUrl) && !url.startsWith('data:'))).toEqual([]);
    } finally {
      await browser.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('the scanner loads on demand, rejects other codes, opens a scanned viewer link', async ({ env, person }) => {
    const page = await person();
    await page.addInitScript(installFakeDetector);
    const scripts: string[] = [];
    page.on('request', (request) => scripts.push(request.url()));
    await page.goto(env.appUrl);
    await expect(page.getByTestId('start-sending')).toBeVisible();
    expect(scripts.filter((url) => url.includes('porthole-scanner'))).toEqual([]);

    await page.getByTestId('scan').click();
    await expect(page.getByTestId('scan-status')).toHaveText('Point the camera at the QR code on the sending device.');
    expect(scripts.some((url) => url.includes('porthole-scanner'))).toBe(true);
    await page.evaluate(
      (code) => (window as unknown as { __codes: string[] }).__codes.push(code),
      `${env.appUrl}#/send?r=${newRoomSecret()}`,
    );
    await expect(page.getByTestId('scan-hint')).toContainText('That is a sender link');

    const secret = newRoomSecret();
    await page.evaluate(
      (code) => (window as unknown as { __codes: string[] }).__codes.push(code),
      `${env.appUrl}#/view?r=${secret}`,
    );
    await expect(appRoot(page)).toHaveAttribute('data-role', 'viewer');
    expect(page.url()).toContain(secret);
    // Leaving the home removed the scanner: its camera is off.
    const states = await page.evaluate(() =>
      (window as unknown as { __streams: MediaStream[] }).__streams[0]!.getTracks().map((track) => track.readyState),
    );
    expect(states).toEqual(['ended']);
  });

  test('Escape closes the scanner and stops its camera', async ({ env, person }) => {
    const page = await person();
    await page.addInitScript(installFakeDetector);
    await page.goto(env.appUrl);
    await page.getByTestId('scan').click();
    await expect(page.getByTestId('scan-close')).toBeFocused();
    await expect(page.locator('porthole-scanner video')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.locator('porthole-scanner')).toHaveCount(0);
    await expect(page.getByTestId('scan')).toBeFocused();
    const states = await page.evaluate(() =>
      (window as unknown as { __streams: MediaStream[] }).__streams.flatMap((s) =>
        s.getTracks().map((track) => track.readyState),
      ),
    );
    expect(states).toEqual(['ended']);
  });
});

test.describe('recent rooms', () => {
  test('seeded rooms are listed, open their page, and can be forgotten', async ({ env, person }) => {
    const page = await person();
    const viewerSecret = newRoomSecret();
    const senderSecret = newRoomSecret();
    const now = Date.now();
    // The storage format recent-rooms.ts reads (what rememberRoom writes); seeded once per tab.
    const seed = JSON.stringify([
      { role: 'viewer', secret: viewerSecret, at: now - 5 * 60_000 },
      { role: 'sender', secret: senderSecret, via: 'relay:wss://relay.example.org/ws', at: now - 3 * 86_400_000 },
    ]);
    await page.addInitScript((value) => {
      if (sessionStorage.getItem('seeded')) return;
      sessionStorage.setItem('seeded', '1');
      localStorage.setItem('porthole.recent', value);
    }, seed);
    await page.goto(env.appUrl);
    const rooms = page.getByTestId('recent-room');
    await expect(rooms).toHaveCount(2);
    await expect(rooms.nth(0)).toContainText('Watching');
    await expect(rooms.nth(0)).toContainText(`Room ${viewerSecret.slice(0, 6)}`);
    await expect(rooms.nth(0)).toContainText('5 minutes ago');
    await expect(rooms.nth(1)).toContainText('Sending');
    await expect(rooms.nth(1)).toContainText('via relay.example.org');
    await expect(rooms.nth(1).getByTestId('recent-open')).toHaveAttribute(
      'href',
      `#/send?r=${senderSecret}&via=relay:wss://relay.example.org/ws`,
    );

    await rooms.nth(0).getByTestId('recent-open').click();
    await expect(appRoot(page)).toHaveAttribute('data-role', 'viewer');
    expect(page.url()).toContain(`#/view?r=${viewerSecret}`);
    await page.goto(env.appUrl);

    await page.locator(`[data-testid=recent-room][data-secret="${viewerSecret}"]`).getByTestId('recent-forget').click();
    await expect(rooms).toHaveCount(1);
    await expect(rooms.nth(0)).toHaveAttribute('data-secret', senderSecret);
    expect(await page.evaluate(() => localStorage.getItem('porthole.recent'))).not.toContain(viewerSecret);
    await rooms.nth(0).getByTestId('recent-forget').click();
    await expect(page.locator('porthole-recent')).toBeHidden();
    await page.reload();
    await expect(page.getByTestId('start-sending')).toBeVisible();
    await expect(rooms).toHaveCount(0);
  });

  test('a room can be named from the keyboard, is shown and reopened by name, and keeps it', async ({
    env,
    person,
  }) => {
    const page = await person();
    const secret = newRoomSecret();
    const seed = JSON.stringify([{ role: 'viewer', secret, at: Date.now() - 60_000 }]);
    await page.addInitScript((value) => {
      if (sessionStorage.getItem('seeded')) return;
      sessionStorage.setItem('seeded', '1');
      localStorage.setItem('porthole.recent', value);
    }, seed);
    await page.goto(env.appUrl);
    const room = page.getByTestId('recent-room');
    await expect(room.getByTestId('recent-name')).toHaveText(`Room ${secret.slice(0, 6)}`);

    // Keyboard only: focus Rename, Enter opens the form with the field focused.
    const rename = page.getByRole('button', { name: `Rename Room ${secret.slice(0, 6)}` });
    await rename.focus();
    await page.keyboard.press('Enter');
    const input = page.getByLabel('Name for this room');
    await expect(input).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(input).toHaveCount(0);
    await expect(rename).toBeFocused();

    await page.keyboard.press('Enter');
    await input.fill('   ');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('recent-name-error')).toHaveText('Type a name for the room, for example Nursery.');
    await expect(page.getByTestId('recent-name-error')).toHaveAttribute('role', 'alert');
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    await input.fill('x'.repeat(41));
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('recent-name-error')).toContainText('at most 40 characters');
    expect(await page.evaluate(() => localStorage.getItem('porthole.recent'))).not.toContain('"name"');

    await input.fill('  Nursery  ');
    await page.keyboard.press('Enter');
    await expect(room.getByTestId('recent-name')).toHaveText('Nursery');
    await expect(room).toContainText(`Room ${secret.slice(0, 6)}`);
    await expect(page.getByRole('button', { name: 'Rename Nursery' })).toBeFocused();
    const open = page.getByRole('link', { name: 'Open Nursery' });
    // The name stays on this device: not in the link.
    expect(await open.getAttribute('href')).toBe(`#/view?r=${secret}`);

    await page.reload();
    await expect(room.getByTestId('recent-name')).toHaveText('Nursery');
    await page.getByRole('link', { name: 'Open Nursery' }).click();
    await expect(appRoot(page)).toHaveAttribute('data-role', 'viewer');
    expect(page.url()).not.toContain('Nursery');
    // Visiting the room again keeps its name.
    await page.goto(env.appUrl);
    await expect(room.getByTestId('recent-name')).toHaveText('Nursery');
    expect(JSON.parse((await page.evaluate(() => localStorage.getItem('porthole.recent')))!)[0].name).toBe('Nursery');
  });

  test('corrupt storage shows no rooms and no crash', async ({ env, person }) => {
    const page = await person();
    await page.addInitScript(() => {
      if (sessionStorage.getItem('seeded')) return;
      sessionStorage.setItem('seeded', '1');
      localStorage.setItem('porthole.recent', '{not json');
    });
    await page.goto(env.appUrl);
    await expect(page.getByTestId('start-sending')).toBeVisible();
    await expect(page.getByTestId('recent-room')).toHaveCount(0);
    // A damaged name alone loses the name, not the room.
    const secret = newRoomSecret();
    await page.evaluate(
      (value) => localStorage.setItem('porthole.recent', value),
      JSON.stringify([{ role: 'viewer', secret, at: Date.now(), name: { evil: true } }]),
    );
    await page.reload();
    await expect(page.getByTestId('recent-name')).toHaveText(`Room ${secret.slice(0, 6)}`);
  });

  test('a visited viewer room is listed back home', async ({ env, person }) => {
    const page = await person();
    const secret = newRoomSecret();
    await page.goto(`${env.appUrl}#/view?r=${secret}`);
    await expect(appRoot(page)).toHaveAttribute('data-role', 'viewer');
    await page.goto(env.appUrl);
    await expect(page.locator(`[data-testid=recent-room][data-secret="${secret}"]`)).toContainText('Watching');
  });
});
