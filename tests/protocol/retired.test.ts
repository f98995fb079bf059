import { describe, expect, it } from 'vitest';
import { retiredRoomReply } from '../../src/protocol/retired';
import { initialViewer, viewerStep } from '../../src/protocol/viewer';

const viewer = { device: 'laptopDev', session: 'viewSess01', since: 1000 };
const sender = { device: 'phoneDev1', session: 'sendSess01', since: 500 };

describe('an expired room (the sender made a new link)', () => {
  it("answers a viewer hello with a 'retired' bye addressed to that viewer", () => {
    const reply = retiredRoomReply(
      { from: viewer.session, role: 'viewer', key: viewer.device },
      { t: 'hello', peer: viewer },
    );
    expect(reply).toEqual({ t: 'bye', reason: 'retired', to: viewer.session });
  });

  it('ignores senders, other messages, and hellos whose session does not match the envelope', () => {
    expect(
      retiredRoomReply({ from: sender.session, role: 'sender', key: sender.device }, { t: 'hello', peer: sender }),
    ).toBeNull();
    expect(
      retiredRoomReply(
        { from: viewer.session, role: 'viewer', key: viewer.device },
        { t: 'eoc', to: 'x'.repeat(16), o: 1 },
      ),
    ).toBeNull();
    expect(
      retiredRoomReply({ from: 'otherSess1', role: 'viewer', key: viewer.device }, { t: 'hello', peer: viewer }),
    ).toBeNull();
  });

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
