import { describe, expect, it } from 'vitest';
import { expiredRoomReply } from '../../src/protocol/expired';
import { initialViewer, viewerStep } from '../../src/protocol/viewer';

const viewer = { device: 'laptopDev', session: 'viewSess01', since: 1000 };
const sender = { device: 'phoneDev1', session: 'sendSess01', since: 500 };

describe('an expired room (the sender made a new link)', () => {
  it('answers a viewer hello with a kick addressed to that viewer', () => {
    const reply = expiredRoomReply(
      { from: viewer.session, role: 'viewer', seq: 1, ts: 1 },
      { t: 'hello', peer: viewer },
    );
    expect(reply).toEqual({ t: 'bye', reason: 'kicked', to: viewer.session });
  });

  it('ignores senders, other messages, and hellos whose session does not match the envelope', () => {
    expect(
      expiredRoomReply({ from: sender.session, role: 'sender', seq: 1, ts: 1 }, { t: 'hello', peer: sender }),
    ).toBeNull();
    expect(
      expiredRoomReply({ from: viewer.session, role: 'viewer', seq: 1, ts: 1 }, { t: 'eoc', to: 'x'.repeat(16) }),
    ).toBeNull();
    expect(
      expiredRoomReply({ from: 'otherSess1', role: 'viewer', seq: 1, ts: 1 }, { t: 'hello', peer: viewer }),
    ).toBeNull();
  });

  it('the kick puts a viewer that has no sender into error "kicked"', () => {
    const started = viewerStep(initialViewer(viewer), { type: 'start', now: 1000 }).state;
    const out = viewerStep(started, {
      type: 'message',
      header: { from: sender.session, role: 'sender', seq: 1, ts: 1100 },
      body: { t: 'bye', reason: 'kicked', to: viewer.session },
      now: 1100,
    });
    expect(out.state.state).toBe('error');
    expect(out.state.reason).toBe('kicked');
  });

  it('a kick addressed to another viewer changes nothing', () => {
    const started = viewerStep(initialViewer(viewer), { type: 'start', now: 1000 }).state;
    const out = viewerStep(started, {
      type: 'message',
      header: { from: sender.session, role: 'sender', seq: 1, ts: 1100 },
      body: { t: 'bye', reason: 'kicked', to: 'someoneElse1' },
      now: 1100,
    });
    expect(out.state.state).toBe('init');
  });
});
