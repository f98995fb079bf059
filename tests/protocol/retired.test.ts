import { describe, expect, it } from 'vitest';
import { initialViewer, viewerStep } from '../../src/protocol/viewer';

const viewer = { device: 'laptopDev', session: 'viewSess01', since: 1000 };
const sender = { device: 'phoneDev1', session: 'sendSess01', since: 500 };

describe("a viewer told its room's link was ended (the sender made a new link)", () => {
  it("the 'retired' bye puts a viewer that has no sender into error retired", () => {
    const started = viewerStep(initialViewer(viewer), { type: 'start', now: 1000 }).state;
    const out = viewerStep(started, {
      type: 'message',
      header: { from: sender.session, role: 'sender', key: sender.device },
      body: { t: 'bye', reason: 'retired', to: viewer.session },
      now: 1100,
    });
    expect(out.state.state).toBe('error');
    expect(out.state.reason).toBe('retired');
  });

  it("a 'retired' bye addressed to another viewer changes nothing", () => {
    const started = viewerStep(initialViewer(viewer), { type: 'start', now: 1000 }).state;
    const out = viewerStep(started, {
      type: 'message',
      header: { from: sender.session, role: 'sender', key: sender.device },
      body: { t: 'bye', reason: 'retired', to: 'someoneElse1' },
      now: 1100,
    });
    expect(out.state.state).toBe('init');
  });
});
