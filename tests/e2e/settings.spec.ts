import type { Page } from '@playwright/test';
import { expect, expectState, test } from './fixtures';

/** Opens the settings panel from the home screen. */
async function openSettings(page: Page): Promise<void> {
  await page.getByTestId('settings-toggle').click();
  await expect(page.locator('porthole-settings')).toBeVisible();
}

const storedSettings = (page: Page) => page.evaluate(() => localStorage.getItem('porthole.settings'));

test.describe('settings', () => {
  test('the default option says which server is in use: the relay that served the page', async ({ env, person }) => {
    const page = await person();
    await page.goto(env.appUrl);
    await openSettings(page);
    const host = new URL(env.appUrl).host;
    await expect(page.getByLabel(`Default: this site's own relay (${host})`)).toBeChecked();
    await expect(page.getByTestId('transport-in-use')).toHaveText(
      `New rooms from this device use this site's own relay (${host}).`,
    );
    await expect(page.getByText('Public MQTT brokers (default)')).toHaveCount(0);

    // Once another server is saved, the line says so (by its host: no path or query).
    await page.getByTestId('transport-relay').check();
    await page.getByTestId('transport-url').fill('wss://relay.example.org:8443/ws');
    await page.getByTestId('settings-save').click();
    await expect(page.getByTestId('transport-in-use')).toHaveText(
      'New rooms from this device use the relay at relay.example.org:8443.',
    );
    await page.reload();
    await openSettings(page);
    await expect(page.getByTestId('transport-in-use')).toHaveText(
      'New rooms from this device use the relay at relay.example.org:8443.',
    );
  });

  test('the default option says public MQTT brokers where no relay served the page', async ({ env, person }) => {
    // No service worker, so that the page's own request for /api/config is the one answered here.
    const page = await person({ serviceWorkers: 'block' });
    await page.route('**/api/config', (route) => route.fulfill({ status: 404, body: 'not here' }));
    await page.goto(env.appUrl);
    await openSettings(page);
    await expect(page.getByLabel('Default: public servers (MQTT brokers)')).toBeChecked();
    await expect(page.getByTestId('transport-in-use')).toHaveText(
      'New rooms from this device use public servers (MQTT brokers).',
    );
  });

  test('a bad MQTT URL shows an inline error and is not saved', async ({ env, person }) => {
    const page = await person();
    await page.goto(env.appUrl);
    await openSettings(page);
    await page.getByTestId('transport-mqtt').check();
    const url = page.getByTestId('transport-url');
    await expect(page.getByLabel('Broker URL (ws:// or wss://)')).toBeVisible();
    for (const [value, message] of [
      ['http://broker.example.org/mqtt', 'must start with ws:// or wss://'],
      ['not a url', 'not a valid URL'],
      ['', "Enter the server's URL"],
    ]) {
      await url.fill(value!);
      await page.getByTestId('settings-save').click();
      await expect(page.getByTestId('url-error')).toContainText(message!);
      await expect(url).toHaveAttribute('aria-invalid', 'true');
      await expect(url).toHaveAttribute('aria-describedby', /url-error/);
      await expect(url).toBeFocused();
      await expect(page.getByTestId('settings-status')).toContainText('Nothing was saved');
      expect(await storedSettings(page)).toBeNull();
    }
    await url.fill('wss://broker.example.org:8084/mqtt');
    await expect(page.getByTestId('url-error')).toHaveCount(0);
    await expect(url).toHaveAttribute('aria-invalid', 'false');
  });

  test('bad STUN/TURN servers are refused', async ({ env, person }) => {
    const page = await person();
    await page.goto(env.appUrl);
    await openSettings(page);
    await page.getByTestId('ice').fill('turn:turn.example.org:3478');
    await page.getByTestId('settings-save').click();
    await expect(page.getByTestId('ice-error')).toContainText('turn:user:password@host:port');
    await expect(page.getByTestId('ice')).toHaveAttribute('aria-invalid', 'true');
    expect(await storedSettings(page)).toBeNull();
  });

  test('the servers field has an everyday label; the format waits behind "How to write it"', async ({
    env,
    person,
  }) => {
    const page = await person();
    await page.goto(env.appUrl);
    await openSettings(page);
    const field = page.getByLabel('Helpers for hard networks (STUN/TURN servers)');
    await expect(field).toBeVisible();
    const format = page.getByText('One per line, at most', { exact: false });
    await expect(format).toBeHidden();
    expect((await page.locator('porthole-settings label').allInnerTexts()).join('\n')).not.toContain('turn:');
    await page.getByTestId('ice-how-to').getByText('How to write it').click();
    await expect(format).toBeVisible();
    await expect(format).toContainText('turn:user:password@host:port');
    await expect(page.locator('porthole-settings')).not.toContainText('Signaling');
  });

  test('a good relay URL and servers are saved and survive a reload; a typed ?token= and TURN passwords stay out of links', async ({
    env,
    person,
  }) => {
    const page = await person({ permissions: ['camera', 'microphone'] });
    await page.goto(env.appUrl);
    await openSettings(page);
    await page.getByTestId('transport-relay').check();
    const relayUrl = env.via.slice('relay:'.length);
    await page.getByLabel('Relay URL (ws:// or wss://)').fill(`${relayUrl}?token=s3cret`);
    await page.getByTestId('ice').fill('stun:stun.example.org:3478\nturn:me:pw@turn.example.org:3478');
    await page.getByTestId('settings-save').click();
    await expect(page.getByTestId('settings-status')).toHaveText(
      'Saved. The token was taken out of the relay URL and kept on this device for that relay only; links never carry it.',
    );
    expect(JSON.parse((await storedSettings(page))!)).toMatchObject({
      via: `relay:${relayUrl}`,
      ice: 'stun:stun.example.org:3478,turn:me:pw@turn.example.org:3478',
    });
    const tokens = await page.evaluate(() => localStorage.getItem('porthole.relayTokens'));
    expect(JSON.parse(tokens!)).toEqual({ [new URL(env.appUrl).origin]: 's3cret' });

    await page.reload();
    await openSettings(page);
    await expect(page.getByTestId('transport-relay')).toBeChecked();
    await expect(page.getByTestId('transport-url')).toHaveValue(relayUrl);
    await expect(page.getByTestId('ice')).toHaveValue('stun:stun.example.org:3478\nturn:me:pw@turn.example.org:3478');

    // The sender's viewer link names the relay and the STUN server, never the token or the TURN password.
    await page.getByTestId('start-sending').click();
    await expectState(page, 'waiting');
    const link = (await page.getByTestId('viewer-link').getAttribute('href'))!;
    expect(link).toContain(`via=${env.via}`);
    expect(link).toContain('ice=stun:stun.example.org:3478');
    for (const secret of ['s3cret', 'token', 'pw@', 'turn']) expect(link).not.toContain(secret);
    await page.goto(env.appUrl);

    await openSettings(page);
    await page.getByTestId('transport-public').check();
    await expect(page.getByTestId('transport-url')).toHaveCount(0);
    await page.getByTestId('settings-save').click();
    expect(JSON.parse((await storedSettings(page))!).via).toBeUndefined();
  });

  test('switching to 简体中文 changes the text at once and persists', async ({ env, person }) => {
    const page = await person();
    await page.goto(env.appUrl);
    await expect(page.getByTestId('start-sending')).toHaveText('Start sending (camera)');
    await openSettings(page);
    await page.getByTestId('language').selectOption('zh-CN');
    await expect(page.getByTestId('start-sending')).toHaveText('开始发送（摄像头）');
    await expect(page.locator('porthole-settings h2')).toHaveText('设置');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');

    await page.reload();
    await expect(page.getByTestId('start-sending')).toHaveText('开始发送（摄像头）');
    await openSettings(page);
    await expect(page.getByTestId('language')).toHaveValue('zh-CN');
    await page.getByTestId('language').selectOption('auto');
    await expect(page.getByTestId('start-sending')).toHaveText('Start sending (camera)');
  });

  test('the theme sets html[data-theme] and persists', async ({ env, person }) => {
    const page = await person();
    await page.goto(env.appUrl);
    const html = page.locator('html');
    await expect(html).not.toHaveAttribute('data-theme', /.*/);
    await openSettings(page);
    await page.getByTestId('theme').selectOption('dark');
    await expect(html).toHaveAttribute('data-theme', 'dark');
    await page.getByTestId('theme').selectOption('light');
    await expect(html).toHaveAttribute('data-theme', 'light');
    await page.reload();
    await expect(html).toHaveAttribute('data-theme', 'light');
    await openSettings(page);
    await page.getByTestId('theme').selectOption('auto');
    await expect(html).not.toHaveAttribute('data-theme', /.*/);
  });

  test('corrupt stored settings fall back to the defaults', async ({ env, person }) => {
    const page = await person();
    await page.addInitScript(() =>
      localStorage.setItem('porthole.settings', '{"via":"relay:http://x","theme":"plaid"'),
    );
    await page.goto(env.appUrl);
    await openSettings(page);
    await expect(page.getByTestId('transport-public')).toBeChecked();
    await expect(page.getByTestId('theme')).toHaveValue('auto');
  });
});
