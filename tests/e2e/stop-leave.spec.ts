/**
 * The test contract's Stop and Leave: the sender's button named "Stop…" ends sending and the
 * camera (asking first, in the page, while a viewer watches); the viewer's "Leave…" ends its
 * session, and the sender is free for the next viewer.
 */
import { appRoot, expect, expectState, startSender, test, videoAdvances } from './fixtures';
import { recordCameraStreams, liveCameraTracks } from './camera-streams';

test('Leave ends the viewer’s session and frees the sender; Stop ends sending and the camera', async ({
  person,
  env,
}) => {
  const sender = await person();
  await sender.addInitScript(recordCameraStreams);
  const link = await startSender(sender, env);
  const viewer = await person();
  await viewer.goto(link);
  await expectState(viewer, 'active');
  await videoAdvances(viewer, 'porthole-viewer video', 3);

  // A viewer watches: Stop asks first (its "Stop sending" replaces the bar's), "Keep sending" keeps the room.
  await expectState(sender, 'active');
  await sender.getByRole('button', { name: /^Stop/ }).click();
  await expect(sender.getByRole('button', { name: /^Stop/ })).toHaveCount(1);
  await sender.getByRole('button', { name: 'Keep sending' }).click();
  await expectState(viewer, 'active');

  await viewer.getByRole('button', { name: /^Leave/ }).click();
  await expect(viewer).toHaveURL(/#\/$/);
  await expect(viewer.locator('porthole-viewer')).toHaveCount(0);
  await expectState(sender, 'waiting'); // the slot is free again
  expect(await sender.evaluate(liveCameraTracks)).toBeGreaterThan(0);

  await sender.getByRole('button', { name: /^Stop/ }).click(); // nobody watches: no question
  await expect(sender).toHaveURL(/#\/$/);
  await expect(sender.locator('porthole-sender')).toHaveCount(0);
  await expect.poll(() => sender.evaluate(liveCameraTracks)).toBe(0);
  await expect(appRoot(sender)).not.toHaveAttribute('data-role', 'sender');
});
