// The viewer screen as a first-time user sees it, at phone portrait, phone landscape and laptop
// size, dark English and light Chinese: the connection steps in order inside a stage that does
// not jump, "Live" only once frames arrive, controls only with the first frame and hiding after a
// few seconds, connection details behind the info button, the video edge to edge on a phone on
// its side, finger-sized targets, and the last frame dimmed with the time when the sender dies.
// Screenshots go to the test's output folder for a person to look at.
import type { Page } from '@playwright/test';
import { autoHideMs } from '../../src/ui/controllers/auto-hide-controller';
import { expect, expectState, test } from './fixtures';
import { type Look, minTargetPx, pageWidths, layoutCases, targetsTooSmall, useLook } from './layout-helpers';

/** Generous waits: two browsers and the relay share a small, busy machine. */
const see = expect.configure({ timeout: 40_000 });

/** What the person reads, per language. */
const words = {
  en: {
    camera: 'Waiting for the camera',
    live: 'Live',
    lost: /Connection lost at \d|The sender left at \d/,
    info: 'Connection details',
  },
  'zh-CN': { camera: '正在等待摄像头', live: '直播中', lost: /连接在 .*断开|发送端在 .*离开/, info: '连接详情' },
} as const;

/** One step the status line showed, and when (`performance.now()` ms). */
interface SeenStep {
  step: string;
  at: number;
}

/**
 * Records, in the page, every step the status line shows and when, and when the video presented
 * its first frame (the `now` of its first `requestVideoFrameCallback`, which is the start of
 * that frame's rendering: before anything that frame caused).
 */
async function recordSteps(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const record = { steps: [] as { step: string; at: number }[], firstFrameAt: undefined as number | undefined };
    (window as unknown as { __record: typeof record }).__record = record;
    const root = (): ShadowRoot | null | undefined =>
      document.querySelector('porthole-app')?.shadowRoot?.querySelector('porthole-viewer')?.shadowRoot;
    const note = (status: HTMLElement): void => {
      const step = status.dataset.step ?? '';
      if (record.steps.at(-1)?.step !== step) record.steps.push({ step, at: performance.now() });
    };
    const timer = setInterval(() => {
      const status = root()?.querySelector<HTMLElement>('[data-testid="status"]');
      const video = root()?.querySelector('video');
      if (!status || !video) return;
      clearInterval(timer);
      note(status);
      new MutationObserver(() => note(status)).observe(status, { attributes: true, attributeFilter: ['data-step'] });
      video.requestVideoFrameCallback((now) => (record.firstFrameAt = now));
    }, 5);
  });
}

/** In the page: getUserMedia answers only once `releaseCamera()` is called (a sender whose camera is slow to start). */
function holdCamera(): void {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  (window as unknown as { releaseCamera: () => void }).releaseCamera = () => release();
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    await released;
    return original(constraints);
  };
}

/** The stage's height on screen. */
async function stageHeight(page: Page): Promise<number> {
  return (await page.locator('porthole-viewer .stage').boundingBox())?.height ?? 0;
}

/** Taps (touch) or clicks the middle of the stage, the way a person brings the controls back. */
async function tapStage(page: Page, touch: boolean): Promise<void> {
  const box = (await page.locator('porthole-viewer .stage').boundingBox())!;
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  if (touch) await page.touchscreen.tap(x, y);
  else await page.mouse.click(x, y);
}

for (const { size, look } of layoutCases) {
  test(`viewer at ${size.name} size (${look.language}, ${look.theme}): steps, live, controls, lost`, async ({
    person,
    env,
  }, testInfo) => {
    test.setTimeout(300_000); // two people, a held camera, a 4 s auto-hide and a lost sender, on a busy 2-core machine
    const say = words[look.language as Look['language']];
    const tag = `${size.name}-${look.language}-${look.theme}`;
    const shot = (name: string, page: Page) => page.screenshot({ path: testInfo.outputPath(`${tag}-${name}.png`) });

    // The viewer arrives first: the sender's camera is held back until the viewer waits for it.
    const phone = await person();
    await phone.addInitScript(holdCamera);
    await phone.goto(`${env.appUrl}#/send?via=${encodeURIComponent(env.via)}`);
    const link = (await phone.getByTestId('viewer-link').getAttribute('href'))!;
    const viewer = await person({ viewport: { width: size.width, height: size.height }, hasTouch: size.touch });
    await useLook(viewer, look);
    await recordSteps(viewer);
    await viewer.goto(link);
    const status = viewer.getByTestId('status');
    await see(status).toHaveText(say.camera);
    await see(viewer.locator('[data-testid="connect-step"][data-status="done"]')).toHaveAttribute(
      'data-step',
      'server',
    );
    await see(viewer.locator('[data-testid="connect-step"][data-status="now"]')).toHaveAttribute('data-step', 'camera');
    // Nothing to control before there is video.
    await see(viewer.getByTestId('tool-snapshot')).toHaveCount(0);
    await see(viewer.getByTestId('chat-input')).toHaveCount(0);
    await see(viewer.getByTestId('info')).toHaveCount(0);
    const connectingHeight = await stageHeight(viewer);
    expect(connectingHeight).toBeGreaterThan(150);
    await shot('connecting', viewer);

    await phone.evaluate(() => (window as unknown as { releaseCamera: () => void }).releaseCamera());
    await expectState(phone, 'active', 90_000);
    await see(status).toHaveText(say.live);
    const { steps, firstFrameAt } = await viewer.evaluate(
      () => (window as unknown as { __record: { steps: SeenStep[]; firstFrameAt?: number } }).__record,
    );
    const order = steps.map((s) => s.step);
    expect(order.slice(-3), JSON.stringify(steps)).toEqual(['camera', 'video', 'live']);
    expect(['server', 'camera']).toContain(order[0]);
    // "Live" came with the first frame, not before.
    expect(firstFrameAt, 'a frame was presented').toBeDefined();
    expect(steps.at(-1)!.at, JSON.stringify({ steps, firstFrameAt })).toBeGreaterThanOrEqual(firstFrameAt!);
    expect(Math.abs((await stageHeight(viewer)) - connectingHeight)).toBeLessThanOrEqual(3);

    // Controls with the first frame; connection details only after the info button.
    const snapshot = viewer.getByTestId('tool-snapshot');
    await see(snapshot).toBeVisible();
    await see(viewer.getByTestId('stats')).toHaveCount(0);
    const info = viewer.getByRole('button', { name: say.info });
    await info.click();
    await see(viewer.getByTestId('stats')).toBeVisible();
    await see(viewer.getByTestId('stats-resolution')).toHaveText(/\d+×\d+/);
    expect(await viewer.evaluate(targetsTooSmall, minTargetPx), tag).toEqual([]);
    await shot('live-details', viewer);
    await info.click();
    await see(viewer.getByTestId('stats')).toHaveCount(0);

    // They go after a few seconds without a touch, and come back on one.
    await see(snapshot).toBeHidden({ timeout: autoHideMs + 20_000 });
    await see(viewer.getByTestId('leave')).toBeVisible();
    await shot('live-quiet', viewer);
    await tapStage(viewer, size.touch);
    await see(snapshot).toBeVisible();
    await shot('live', viewer);
    expect(await viewer.evaluate(targetsTooSmall, minTargetPx), tag).toEqual([]);
    const leave = await viewer.getByTestId('leave').boundingBox();
    expect(leave!.height).toBeGreaterThanOrEqual(minTargetPx - 0.5);

    const { scrollWidth, innerWidth } = await pageWidths(viewer);
    expect(scrollWidth, 'page width').toBeLessThanOrEqual(innerWidth);
    if (size.name === 'landscape') {
      const fit = await viewer.evaluate(() => ({
        scrollHeight: document.scrollingElement!.scrollHeight,
        innerHeight,
        video: document
          .querySelector('porthole-app')!
          .shadowRoot!.querySelector('porthole-viewer')!
          .shadowRoot!.querySelector('video')!
          .getBoundingClientRect()
          .toJSON() as DOMRect,
      }));
      expect(fit.scrollHeight, 'no page scroll').toBeLessThanOrEqual(fit.innerHeight);
      expect(fit.video.height, 'video fills the height').toBeGreaterThanOrEqual(fit.innerHeight - 1);
      expect(fit.video.top).toBeLessThanOrEqual(0.5);
      expect(fit.video.width, 'edge to edge').toBeGreaterThanOrEqual(size.width - 1);
    }

    // The sender's page dies: the last frame stays, dimmed, with the time it was lost.
    await phone.close();
    await see(viewer.getByTestId('connection-lost')).toHaveText(say.lost);
    const kept = await viewer.locator('porthole-viewer canvas.last-frame').evaluate((canvas: HTMLCanvasElement) => {
      const context = canvas.getContext('2d')!;
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      let lit = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i]! + data[i + 1]! + data[i + 2]! > 60) lit += 1;
      return {
        width: canvas.width,
        lit,
        visible: getComputedStyle(canvas).display !== 'none',
        filter: getComputedStyle(canvas).filter,
      };
    });
    expect(kept.visible).toBe(true);
    expect(kept.width).toBeGreaterThan(0);
    expect(kept.lit, 'the last frame is a picture, not black').toBeGreaterThan(100);
    expect(kept.filter).toContain('brightness');
    await shot('lost', viewer);
  });
}
