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
      await viewer.goto(link);
      await expectState(viewer, 'active');
      await expect(appRoot(viewer)).toHaveAttribute('data-role', 'viewer');
      await expectState(sender, 'active');
      const seen = await videoAdvances(viewer, remoteVideo, 10);
      expect(seen.width).toBeGreaterThan(0);
      expect(seen.height).toBeGreaterThan(0);
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

      const secret = new URL(link).hash.match(/r=([^&]+)/)?.[1];
      const again = await person();
      await startSender(again, env, secret);
      await expectState(viewer, 'active');
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
