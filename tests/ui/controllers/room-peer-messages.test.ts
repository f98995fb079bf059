/**
 * The room controller's handling of data-channel messages: each type is taken only from the role
 * that may send it (a viewer cannot pause the sender, a sender cannot send requests), bad ones are
 * dropped, and a sender's status and a viewer's request are kept for the screens.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { describe, expect, it, vi } from 'vitest';
import { defaultRequest } from '../../../src/protocol/peer-messages';
import { RoomController, statusAcceptMs } from '../../../src/ui/controllers/room-controller';

/** A controller on a stand-in host, and the private handler a session's `peerMessage` event calls. */
function controller(role: 'sender' | 'viewer') {
  const host = {
    addController: (_: ReactiveController) => undefined,
    requestUpdate: () => undefined,
    dispatchEvent: () => true,
  } as unknown as ReactiveControllerHost & HTMLElement;
  const room = new RoomController(host, role);
  const receive = (raw: unknown) => (room as unknown as { onPeerMessage(raw: unknown): void }).onPeerMessage(raw);
  return { room, receive };
}

const status = { t: 'status', battery: 0.1, charging: false, limit: 'cpu', audioOnly: false, capKbps: 0 };
const request = { t: 'request', audioOnly: true, capKbps: 250, torch: false, talk: true };

describe('RoomController peer messages', () => {
  it('the sender ignores a pause and a status from its viewer, and takes its request', () => {
    const { room, receive } = controller('sender');
    const asked: unknown[] = [];
    room.onRequest = (r) => asked.push(r);
    receive({ t: 'pause', paused: true });
    receive(status);
    expect(room.peerPaused).toBe(false);
    expect(room.peerStatus).toBeUndefined();
    receive(request);
    expect(room.peerRequest).toEqual(request);
    expect(asked).toEqual([request]);
  });

  it('the viewer ignores a request from its sender, and takes its pause and status', () => {
    const { room, receive } = controller('viewer');
    receive(request);
    expect(room.peerRequest).toBe(defaultRequest);
    receive({ t: 'pause', paused: true, reason: 'phone' });
    receive(status);
    expect(room.peerPausedBy).toBe('phone');
    expect(room.peerStatus).toEqual(status);
  });

  it('drops a malformed status or request without touching what it had', () => {
    const viewer = controller('viewer');
    viewer.receive(status);
    viewer.receive({ ...status, battery: 7 });
    expect(viewer.room.peerStatus).toEqual(status);
    const sender = controller('sender');
    sender.receive({ ...request, capKbps: 99_999 });
    expect(sender.room.peerRequest).toBe(defaultRequest);
  });
});

describe('RoomController sessions and floods', () => {
  /** A stand-in session: `on` records handlers, `emit` calls them. */
  function fakeSession() {
    const handlers = new Map<string, (value: unknown) => void>();
    return {
      on: (event: string, fn: (value: unknown) => void) => handlers.set(event, fn),
      emit: (event: string, value: unknown) => handlers.get(event)?.(value),
      stop: () => undefined,
    };
  }

  it("a retired session's late stream(null) leaves the new session's state alone", () => {
    const { room } = controller('sender');
    const follow = (s: unknown) => (room as unknown as { follow(s: unknown): void }).follow(s);
    const a = fakeSession();
    const b = fakeSession();
    follow(a);
    follow(b);
    (room as unknown as { session: unknown }).session = b;
    const stream = { id: 'b' } as unknown as MediaStream;
    b.emit('stream', stream);
    b.emit('peerMessage', request);
    a.emit('stream', null);
    a.emit('peerMessage', { ...request, torch: true });
    expect(room.remoteStream).toBe(stream);
    expect(room.peerRequest).toEqual(request);
  });

  it('drops a flood beyond the bucket', () => {
    const { room, receive } = controller('viewer');
    for (let i = 0; i < 100; i++) receive({ t: 'chat', text: `m${i}`, at: 1 });
    expect(room.chat.length).toBeLessThanOrEqual(41);
    const sender = controller('sender');
    const asked: unknown[] = [];
    sender.room.onRequest = (r) => asked.push(r);
    for (let i = 0; i < 100; i++) sender.receive({ ...request, torch: i % 2 === 0 });
    expect(asked.length).toBeLessThanOrEqual(41);
  });
});

describe('RoomController status rate', () => {
  it('the viewer takes a status at most once per statusAcceptMs, keeping the latest', async () => {
    vi.useFakeTimers();
    try {
      const { room, receive } = controller('viewer');
      receive({ ...status, battery: 0.1 });
      for (let i = 0; i < 30; i++) receive({ ...status, battery: i % 2 === 0 ? 0.9 : 0.1 });
      receive({ ...status, battery: 0.5 });
      expect(room.peerStatus?.battery).toBe(0.1);
      await vi.advanceTimersByTimeAsync(statusAcceptMs);
      expect(room.peerStatus?.battery).toBe(0.5);
    } finally {
      vi.useRealTimers();
    }
  });
});
