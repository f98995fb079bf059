// The line between viewer and camera: the video sent small for a quick start, then full size; the sender's reports (a low battery warned about on the
// viewer), the viewer's requests (audio only drops the video to about nothing and back; push-to-talk
// reaches the sender, measured there, and stops on release), and the sender's monitor screen
// (black, a tiny status, a tap wakes it). Real Chromium pages, fake camera and microphone, the
// relay; only the battery is stood in for (headless Chromium has none).
import type { Page } from '@playwright/test';
import { expectAxeClean } from './axe-over-video';
import { liveCameraTracks, recordCameraStreams } from './camera-streams';
import { expect, expectState, startSender, test } from './fixtures';
import { minTargetPx, targetsTooSmall, useLook } from './layout-helpers';

/** In the page (an init script): keeps every RTCPeerConnection made in `window.peerConnections`. */
function recordPeerConnections(): void {
  const made: RTCPeerConnection[] = [];
  (window as unknown as { peerConnections: RTCPeerConnection[] }).peerConnections = made;
  const Original = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Original {
    constructor(config?: RTCConfiguration) {
      super(config);
      made.push(this);
    }
  } as typeof RTCPeerConnection;
}

/** In the page (an init script): a battery at 12 %, discharging, in place of the hardware. */
function lowBattery(): void {
  const battery = Object.assign(new EventTarget(), {
    level: 0.12,
    charging: false,
    chargingTime: Infinity,
    dischargingTime: 3600,
  });
  (navigator as unknown as { getBattery: () => Promise<unknown> }).getBattery = () => Promise.resolve(battery);
}

/** In the page: the summed stats of the live connection's RTP streams of `type` and `kind`. */
async function rtp(page: Page, type: 'inbound-rtp', kind: 'audio' | 'video') {
  return page.evaluate(
    async ([type, kind]) => {
      const pcs = (window as unknown as { peerConnections: RTCPeerConnection[] }).peerConnections;
      const pc = pcs.filter((p) => p.connectionState === 'connected').at(-1);
      let bytes = 0;
      let energy = 0;
      for (const stat of (await pc?.getStats())?.values() ?? []) {
        if (stat.type !== type || stat.kind !== kind) continue;
        bytes += stat.bytesReceived ?? 0;
        energy += stat.totalAudioEnergy ?? 0;
      }
      return { bytes, energy };
    },
    [type, kind] as const,
  );
}

/** Video bytes the viewer received over `ms`. */
async function videoBytesOver(viewer: Page, ms: number): Promise<number> {
  const before = await rtp(viewer, 'inbound-rtp', 'video');
  await viewer.waitForTimeout(ms);
  return (await rtp(viewer, 'inbound-rtp', 'video')).bytes - before.bytes;
}

/** Audio energy the sender received from the viewer over `ms` (the viewer's voice, when it talks). */
async function talkEnergyOver(sender: Page, ms: number): Promise<number> {
  const before = await rtp(sender, 'inbound-rtp', 'audio');
  await sender.waitForTimeout(ms);
  return (await rtp(sender, 'inbound-rtp', 'audio')).energy - before.energy;
}

/** Moves the mouse over the viewer's video, as a person does to bring back its controls (they hide after a few seconds). */
async function revealControls(viewer: Page): Promise<void> {
  const box = await viewer.locator('porthole-viewer video').boundingBox();
  if (!box) return;
  await viewer.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await viewer.mouse.move(box.x + box.width / 2 + 5, box.y + box.height / 2 + 5);
}

/** In the page (an init script): keeps the `scaleResolutionDownBy` each added transceiver's first encoding starts with in `window.startScales`. */
function recordStartScales(): void {
  const scales: (number | undefined)[] = [];
  (window as unknown as { startScales: typeof scales }).startScales = scales;
  const add = RTCPeerConnection.prototype.addTransceiver;
  RTCPeerConnection.prototype.addTransceiver = function (this: RTCPeerConnection, ...args) {
    scales.push(args[1]?.sendEncodings?.[0]?.scaleResolutionDownBy);
    return add.apply(this, args);
  } as typeof add;
}

/** In the page: the `scaleResolutionDownBy` of the live connection's video sender now. */
function videoScale(page: Page): Promise<number | undefined> {
  return page.evaluate(() => {
    const pcs = (window as unknown as { peerConnections: RTCPeerConnection[] }).peerConnections;
    const pc = pcs.filter((p) => p.connectionState === 'connected').at(-1);
    const sender = pc?.getSenders().find((s) => s.track?.kind === 'video');
    return sender?.getParameters().encodings[0]?.scaleResolutionDownBy;
  });
}

/** The height of the pictures the viewer's video shows now. */
function pictureHeight(viewer: Page): Promise<number> {
  return viewer.locator('porthole-viewer video').evaluate((video: HTMLVideoElement) => video.videoHeight);
}

/** A sender (a low battery; in Chinese when told) and a viewer, both live. */
async function connect(person: (o?: object) => Promise<Page>, env: Parameters<typeof startSender>[1], chinese = false) {
  const sender = await person({ viewport: { width: 390, height: 844 }, hasTouch: true });
  if (chinese) await useLook(sender, { language: 'zh-CN', theme: 'light' });
  await sender.addInitScript(recordPeerConnections);
  await sender.addInitScript(lowBattery);
  await sender.addInitScript(recordStartScales);
  const link = await startSender(sender, env);
  const viewer = await person();
  await viewer.addInitScript(recordPeerConnections);
  await viewer.addInitScript(recordCameraStreams);
  // The controls sit over the video in both modes; the plain viewer leaves more of this small machine to the pair.
  await viewer.goto(link);
  // Generous: other people's browser tests share this small machine.
  await expectState(viewer, 'active', 60_000);
  await expectState(sender, 'active', 30_000);
  return { sender, viewer };
}

test('the viewer warns of a low camera battery; audio only stops the video and it comes back; push-to-talk reaches the sender only while held', async ({
  person,
  env,
}) => {
  test.slow(); // two pages and several measured windows on a busy 2-core machine
  const { sender, viewer } = await connect(person, env);

  // Quick start: the fake camera films 1280×720; its video is sent at half size from the start,
  // then (1 s after the connection opened) at full size, which the viewer then shows.
  expect(await sender.evaluate(() => (window as unknown as { startScales: unknown[] }).startScales)).toContain(2);
  await expect.poll(() => videoScale(sender), { timeout: 10_000 }).toBe(1);
  await expect.poll(() => pictureHeight(viewer), { timeout: 20_000 }).toBe(720);

  await expect(viewer.getByTestId('battery-warning')).toContainText('Camera battery low — plug it in');
  await expectAxeClean(viewer, 'viewer with its camera controls');
  expect(await viewer.evaluate(targetsTooSmall, minTargetPx)).toEqual([]);

  // Audio only: the viewer's inbound video drops to about nothing, and comes back after.
  await expect.poll(() => videoBytesOver(viewer, 1000), { timeout: 20_000 }).toBeGreaterThan(5_000);
  const audioOnly = viewer.getByRole('button', { name: 'Audio only' });
  await revealControls(viewer);
  await audioOnly.click();
  await expect(audioOnly).toHaveAttribute('aria-pressed', 'true');
  await expect(viewer.getByTestId('audio-only-note')).toBeVisible(); // the sender says it applies it
  // The pressed control and the camera's note over the video: whole page, both themes.
  await expectAxeClean(viewer, 'viewer with audio only on');
  await expect.poll(() => videoBytesOver(viewer, 2000), { timeout: 20_000 }).toBeLessThan(1_000);
  await revealControls(viewer);
  await audioOnly.click();
  await expect(viewer.getByTestId('audio-only-note')).toHaveCount(0);
  await expect.poll(() => videoBytesOver(viewer, 1000), { timeout: 20_000 }).toBeGreaterThan(5_000);

  // Push-to-talk: the viewer's microphone (Chromium's fake beeps) is heard on the sender while held.
  expect(await talkEnergyOver(sender, 1500)).toBe(0);
  await revealControls(viewer);
  await expect(viewer.getByRole('button', { name: 'Hold to talk' })).toBeEnabled();
  const talk = viewer.getByTestId('talk'); // named "Talking… release to stop" while held
  await talk.hover();
  await viewer.mouse.down();
  await expect(talk).toHaveAttribute('aria-pressed', 'true');
  await expect(sender.getByTestId('viewer-talking')).toBeVisible();
  await expect.poll(() => talkEnergyOver(sender, 1500), { timeout: 20_000 }).toBeGreaterThan(0);
  await viewer.mouse.up();
  await expect(talk).toHaveAttribute('aria-pressed', 'false');
  await expect(sender.getByTestId('viewer-talking')).toHaveCount(0);
  await expect.poll(() => viewer.evaluate(liveCameraTracks)).toBe(0); // the viewer's microphone is stopped
  await expect.poll(() => talkEnergyOver(sender, 1500), { timeout: 20_000 }).toBe(0);
});

test('the sender’s monitor screen (in Chinese) is black with a tiny status, and a tap wakes it', async ({
  person,
  env,
}) => {
  test.slow();
  const { sender } = await connect(person, env, true);
  await expectAxeClean(sender, 'the live sender with talk back');
  await sender.getByTestId('more').click();
  await sender.getByRole('button', { name: '监看屏幕' }).click();
  const wake = sender.getByRole('button', { name: '监看屏幕：轻触唤醒' });
  await expect(wake).toBeVisible();
  await expect(wake).toBeFocused();
  await expect(sender.getByTestId('monitor-status')).toHaveAttribute('data-live', 'true');
  await expect(sender.getByTestId('monitor-battery')).toHaveText('摄像头电量 12%');
  // Black over the whole page: nothing else is on top.
  const box = await wake.boundingBox();
  expect(box).toMatchObject({ x: 0, y: 0, width: 390, height: 844 });
  expect(await wake.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(0, 0, 0)');
  await expectAxeClean(sender, 'the monitor screen');

  await wake.tap();
  await expect(wake).toHaveCount(0);
  await expect(sender.getByTestId('preview')).toBeVisible();
  // The full live screen again (generous: on a busy machine the pair may have had to reconnect meanwhile).
  await expect(sender.getByTestId('live-badge')).toBeVisible({ timeout: 60_000 });
});
