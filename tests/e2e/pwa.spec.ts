// The installed-app side of Porthole, through the relay-served build: manifest, service worker,
// precache, offline shell and banner, the update prompt, installability, and a sub-path deployment.
import { appendFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { createRelay } from '../../relay/src/index.js';
import { createStaticHandler } from '../../relay/src/static.js';
import { newRoomSecret } from '../../src/protocol/room';
import { chromiumArgs, chromiumPath } from './chromium';
import { distDir, expect, expectState, startSender, test } from './fixtures';

/** Waits for an active service worker, reloads, and checks that it now controls the page. */
async function untilControlled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state ?? null)).toBe('activated');
}

/** The URLs stored in every Cache Storage cache of the page's origin. */
function cachedUrls(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
    }
    return urls;
  });
}

test('the manifest is linked, fetched and valid, with its icons', async ({ env, person }) => {
  const page = await person();
  await page.goto(env.appUrl);
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBe('./manifest.webmanifest');
  const response = await page.request.get(new URL(href!, env.appUrl).href);
  expect(response.ok()).toBe(true);
  expect(response.headers()['content-type']).toContain('application/manifest+json');
  const manifest = (await response.json()) as { name: string; icons: { src: string; type: string }[] };
  expect(manifest.name).toBe('Porthole');
  for (const icon of manifest.icons) {
    const image = await page.request.get(new URL(icon.src, env.appUrl).href);
    expect(image.ok(), icon.src).toBe(true);
    expect(image.headers()['content-type']).toBe(icon.type);
  }
  // The browser's own view of it: fetched from the page's link, parsed without errors.
  const cdp = await page.context().newCDPSession(page);
  const { url, errors } = await cdp.send('Page.getAppManifest');
  expect(url).toBe(new URL('manifest.webmanifest', env.appUrl).href);
  expect(errors).toEqual([]);
});

test('the service worker takes control, precaches the shell and leaves /api/config to the network', async ({
  env,
  person,
}) => {
  const page = await person();
  await page.goto(env.appUrl);
  // First install: a toast says so, then goes away by itself.
  await expect(page.getByTestId('pwa-offline-ready')).toHaveText('Ready to work offline');
  await expect(page.getByTestId('pwa-offline-ready')).toHaveAttribute('role', 'status');
  await untilControlled(page);
  const scriptUrl = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL);
  expect(scriptUrl).toBe(new URL('sw.js', env.appUrl).href);
  // The reload itself was answered by the worker (the precached index.html).
  const [navigation] = await Promise.all([
    page.waitForResponse((r) => r.request().isNavigationRequest()),
    page.reload(),
  ]);
  expect(navigation.fromServiceWorker()).toBe(true);

  const urls = await cachedUrls(page);
  expect(urls.some((url) => new URL(url).pathname === '/index.html')).toBe(true);
  expect(urls.some((url) => new URL(url).pathname === '/manifest.webmanifest')).toBe(true);
  expect(urls.some((url) => /\/assets\/index-[\w-]+\.js$/.test(new URL(url).pathname))).toBe(true);
  expect(urls.some((url) => url.includes('/api/'))).toBe(false);

  // /api/config: no route in the worker, straight from the network, never cached.
  const [config] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/api/config'),
    page.evaluate(() => fetch('/api/config', { cache: 'no-store' }).then((r) => r.status)),
  ]);
  expect(config.status()).toBe(200);
  expect(config.fromServiceWorker()).toBe(false);
  expect((await cachedUrls(page)).some((url) => url.includes('/api/'))).toBe(false);
  await expect(page.getByTestId('pwa-offline-ready')).toBeHidden({ timeout: 10_000 });
});

test('a first visit to a viewer link registers the worker only once the room has connected', async ({
  env,
  person,
}) => {
  const link = await startSender(await person(), env);
  const page = await person();
  // Records when the page registers a worker and when its root first shows the room active.
  await page.addInitScript(() => {
    const seen: Record<string, number> = {};
    (window as unknown as { seen: typeof seen }).seen = seen;
    const register = navigator.serviceWorker.register.bind(navigator.serviceWorker);
    navigator.serviceWorker.register = (...args) => {
      seen.register ??= performance.now();
      return register(...args);
    };
    new MutationObserver(() => {
      if (document.querySelector('porthole-app')?.getAttribute('data-state') === 'active')
        seen.active ??= performance.now();
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-state'] });
  });
  await page.goto(link);
  await expectState(page, 'active');
  await expect(page.getByTestId('remote-video')).toBeVisible();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  const seen = await page.evaluate(() => (window as unknown as { seen: { register: number; active: number } }).seen);
  expect(seen.active).toBeGreaterThan(0);
  expect(seen.register).toBeGreaterThanOrEqual(seen.active);
  expect(seen.register - seen.active).toBeLessThan(2000); // on the room settling, not at the 8 s cap
});

test('"ready to work offline" never covers video: it waits for the home screen and leaves with it', async ({
  env,
  person,
}) => {
  const page = await person();
  // First visit straight to a viewer link: the worker installs while the viewer screen is up.
  await page.goto(`${env.appUrl}#/view?r=${newRoomSecret()}`);
  await expect(page.locator('porthole-app')).toHaveAttribute('data-role', 'viewer');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state ?? null)).toBe('activated');
  await page.waitForTimeout(1000);
  await expect(page.getByTestId('pwa-offline-ready')).toHaveCount(0);

  // Home: the news that waited is shown there.
  await page.evaluate(() => {
    location.hash = '#/';
  });
  await expect(page.getByTestId('start-sending')).toBeVisible();
  await expect(page.getByTestId('pwa-offline-ready')).toHaveText('Ready to work offline');
  // It sits in the page flow above the app, overlapping nothing.
  const notice = (await page.getByTestId('pwa-offline-ready').boundingBox())!;
  const app = (await page.locator('porthole-app').boundingBox())!;
  expect(notice.y + notice.height).toBeLessThanOrEqual(app.y + 0.5);
  // Leaving home for a room hides it at once.
  await page.evaluate(() => {
    location.hash = `#/view?r=${'A'.repeat(22)}`;
  });
  await expect(page.locator('porthole-app')).toHaveAttribute('data-role', 'viewer');
  await expect(page.getByTestId('pwa-offline-ready')).toHaveCount(0);
  // It was news once: back home, it is not shown again.
  await page.evaluate(() => {
    location.hash = '#/';
  });
  await expect(page.getByTestId('start-sending')).toBeVisible();
  await page.waitForTimeout(500);
  await expect(page.getByTestId('pwa-offline-ready')).toHaveCount(0);
});

test('offline: the shell still opens from the precache and a banner explains; it hides when back online', async ({
  env,
  person,
}) => {
  const page = await person();
  await page.goto(env.appUrl);
  await untilControlled(page);
  await expect(page.getByTestId('pwa-offline')).toHaveCount(0);

  await page.context().setOffline(true);
  await page.reload();
  await expect(page.locator('porthole-app')).toHaveAttribute('data-state', 'init');
  await expect(page.getByTestId('start-sending')).toBeVisible();
  const banner = page.getByTestId('pwa-offline');
  await expect(banner).toBeVisible();
  await expect(banner).toHaveText(
    /You're offline\. Porthole is installed and works, but connecting to another device needs a network\./,
  );
  await expect(banner).toHaveAttribute('role', 'alert');
  // Lazy chunks work offline too (precached): mqtt.js imports while the network is gone.
  const mqttChunk = (await cachedUrls(page)).find((url) => /\/assets\/mqtt[\w.-]*\.js/.test(url));
  expect(mqttChunk).toBeDefined();
  const imported = await page.evaluate(
    async (url) => Object.keys(await import(url)).length > 0,
    mqttChunk!.split('?')[0]!,
  );
  expect(imported).toBe(true);

  await page.context().setOffline(false);
  await expect(banner).toBeHidden();
  await expect(page.getByTestId('pwa-offline')).toHaveCount(0);
});

test('a new version waits, the prompt offers Reload (never over video), and Reload activates it', async ({
  person,
}) => {
  const dir = await mkdtemp(join(tmpdir(), 'porthole-pwa-'));
  await cp(distDir, dir, { recursive: true });
  const relay = createRelay({ httpHost: '127.0.0.1', httpPort: 0, stunPort: false, staticDir: dir });
  try {
    await relay.ready;
    const appUrl = `http://127.0.0.1:${relay.httpPort}/`;
    const page = await person();
    await page.goto(appUrl);
    await untilControlled(page);
    await expect(page.getByTestId('pwa-update')).toHaveCount(0);

    // Any byte change makes a new worker; this one also answers a version probe.
    await appendFile(
      join(dir, 'sw.js'),
      `\n;self.addEventListener('message',(e)=>{if(e.data==='porthole-test-version')e.source?.postMessage('updated')});\n`,
    );
    await page.evaluate(async () => {
      await (await navigator.serviceWorker.getRegistration())?.update();
    });
    const prompt = page.getByTestId('pwa-update');
    await expect(prompt).toBeVisible();
    await expect(prompt).toContainText('New version available');
    await expect(prompt).toHaveAttribute('role', 'status');
    await expect
      .poll(() => page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())?.waiting))
      .toBe(true);

    // It never covers video: on a sender's screen it is a bar above the app, clear of the camera preview.
    await expect(prompt).toHaveAttribute('data-placement', 'floating');
    await page.evaluate(() => {
      location.hash = '#/send';
    });
    const preview = page.getByTestId('preview');
    await expect(preview).toBeVisible();
    await expect(prompt).toHaveAttribute('data-placement', 'bar');
    await expect(prompt).toContainText('New version available');
    const bar = (await prompt.boundingBox())!;
    const app = (await page.locator('porthole-app').boundingBox())!;
    const video = (await preview.boundingBox())!;
    expect(bar.y + bar.height).toBeLessThanOrEqual(app.y + 0.5);
    expect(bar.y + bar.height).toBeLessThanOrEqual(video.y + 0.5);
    expect(await prompt.evaluate((el) => getComputedStyle(el).position)).toBe('static');
    for (const button of await prompt.getByRole('button').all()) {
      const box = (await button.boundingBox())!;
      expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(44);
    }
    // Back home (which ends the room), it floats again.
    await page.evaluate(() => {
      location.hash = '#/';
    });
    await expect(page.getByTestId('start-sending')).toBeVisible();
    await expect(prompt).toHaveAttribute('data-placement', 'floating');

    // "Not now" hides it; the worker keeps waiting and the next load asks again.
    await prompt.getByRole('button', { name: 'Not now' }).click();
    await expect(prompt).toHaveCount(0);
    await page.reload();
    await expect(prompt).toBeVisible();

    await page.evaluate(() => ((window as unknown as { beforeReload: boolean }).beforeReload = true));
    await Promise.all([page.waitForEvent('load'), prompt.getByRole('button', { name: 'Reload' }).click()]);
    await expect.poll(() => page.evaluate(() => 'beforeReload' in window)).toBe(false);
    await expect(page.locator('porthole-app')).toBeAttached();
    await expect(prompt).toHaveCount(0);
    const registration = await page.evaluate(async () => {
      const r = await navigator.serviceWorker.getRegistration();
      return { waiting: !!r?.waiting, active: r?.active?.state, controller: navigator.serviceWorker.controller?.state };
    });
    expect(registration).toEqual({ waiting: false, active: 'activated', controller: 'activated' });
    // The page is controlled by the new worker.
    const version = await page.evaluate(
      () =>
        new Promise<unknown>((resolve) => {
          navigator.serviceWorker.addEventListener('message', (event) => resolve(event.data), { once: true });
          navigator.serviceWorker.controller?.postMessage('porthole-test-version');
          setTimeout(() => resolve('no answer'), 3000);
        }),
    );
    expect(version).toBe('updated');
  } finally {
    await relay.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('?nosw: no worker registers, and one already there is removed', async ({ env, person }) => {
  const page = await person();
  const registered = (): Promise<boolean> =>
    page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration()));
  await page.goto(`${env.appUrl}?nosw`);
  await expect(page.getByTestId('start-sending')).toBeVisible();
  await page.waitForTimeout(1000);
  expect(await registered()).toBe(false);

  await page.goto(env.appUrl);
  await untilControlled(page);
  await page.goto(`${env.appUrl}?nosw#/`);
  await expect.poll(registered).toBe(false);
});

test('installable: Chromium reports no installability errors', async ({ env }) => {
  // Playwright's contexts are off the record ("in-incognito" blocks installing): use a profile.
  const profile = await mkdtemp(join(tmpdir(), 'porthole-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    args: chromiumArgs,
    headless: true,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(env.appUrl);
    await untilControlled(page);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
    const { appId, recommendedId } = await cdp.send('Page.getAppId');
    expect(appId).toBe(env.appUrl);
    expect(recommendedId).toBeDefined();
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
});

test('works under a sub-path: relative URLs, worker scope and start_url stay inside it', async ({ person }) => {
  // The built app served at /porthole/ (the relay's own static handler behind a prefix).
  const serve = createStaticHandler(distDir);
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/porthole') return void res.writeHead(301, { location: '/porthole/' }).end();
    if (!path.startsWith('/porthole/')) return void res.writeHead(404).end();
    void serve(req, res, path.slice('/porthole'.length));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/porthole/`;
    const page = await person();
    const failed: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(r.url());
    });
    await page.goto(base);
    await expect(page.getByTestId('start-sending')).toBeVisible();
    await untilControlled(page);
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.scope);
    expect(scope).toBe(base);
    const cdp = await page.context().newCDPSession(page);
    const manifest = await cdp.send('Page.getAppManifest');
    expect(manifest.url).toBe(`${base}manifest.webmanifest`);
    expect(manifest.errors).toEqual([]);
    expect(manifest.manifest?.startUrl).toBe(base);
    expect(manifest.manifest?.scope).toBe(base);
    expect(failed).toEqual([]);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
