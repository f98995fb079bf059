/**
 * What the room screens are told about signaling problems: the controller's view names a wrong
 * sender key (the link's `k` is not the sender's) and clocks too far apart, from real sessions'
 * drop counters (real sealing over the memory hub), and nothing when all is well.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { afterEach, describe, expect, it } from 'vitest';
import { helloRetryMs } from '../../../src/protocol/admission';
import { toBase64Url } from '../../../src/protocol/encoding';
import { deriveRoomKeys, newId } from '../../../src/protocol/room';
import { aeadSeal, envelopeVersion, padPlaintext, roomAad } from '../../../src/protocol/wire';
import { RoomController } from '../../../src/ui/controllers/room-controller';
import { signalingNotice } from '../../../src/ui/controllers/room-state';
import { newIdentity, Room } from '../../rtc/room-harness';

let room: Room | undefined;

afterEach(() => room?.close());

/** A controller on a stand-in host (no DOM: the view is all these tests read). */
function controller(role: 'sender' | 'viewer'): RoomController {
  const host = {
    addController: (_: ReactiveController) => undefined,
    removeController: () => undefined,
    requestUpdate: () => undefined,
    updateComplete: Promise.resolve(true),
    dispatchEvent: () => true,
  } as unknown as ReactiveControllerHost & HTMLElement;
  return new RoomController(host, role);
}

const quiet: Parameters<typeof signalingNotice>[2] = { clockSuspect: false, wrongKey: false };

describe('signalingNotice', () => {
  it('names a wrong key for a viewer with no sender, clocks for either role, only while nothing connects', () => {
    const untrusted = { ...quiet, wrongKey: true };
    const clock = { ...quiet, clockSuspect: true };
    expect(signalingNotice('viewer', 'init', untrusted, false)).toBe('wrong-key');
    expect(signalingNotice('viewer', 'init', untrusted, true)).toBeUndefined(); // it has its sender
    expect(signalingNotice('sender', 'waiting', untrusted, false)).toBeUndefined();
    expect(signalingNotice('sender', 'waiting', clock, false)).toBe('clock');
    expect(signalingNotice('viewer', 'waiting', clock, false)).toBe('clock');
    expect(signalingNotice('viewer', 'active', clock, true)).toBeUndefined();
    expect(signalingNotice('viewer', 'error', clock, false)).toBeUndefined(); // the error says more
    expect(signalingNotice('viewer', 'init', quiet, false)).toBeUndefined();
  });
});

describe('RoomController.view', () => {
  it("a viewer whose link carries another key than the sender's: the wrong-key notice", async () => {
    room = new Room();
    const sender = room.join('sender', 'phone');
    sender.session.start();
    await room.waitFor(() => sender.session.state.state === 'waiting');
    const viewer = room.join('viewer', 'laptop', { senderKey: (await newIdentity()).id });
    viewer.session.start();
    await room.waitFor(() => viewer.session.signaling.dropped.untrusted >= 1); // the sender's offer
    const view = controller('viewer');
    view.session = viewer.session;
    expect(view.view).toEqual({ state: 'init', notice: 'wrong-key' });
  });

  it('a trusted sender message resets the wrong-key notice: it does not come back once the sender has left', async () => {
    room = new Room();
    const k = (await room.senderIdentity).id;
    const evil = room.join('sender', 'evil-phone', { identity: newIdentity() });
    evil.session.start();
    await room.waitFor(() => evil.session.state.state === 'waiting');
    const viewer = room.join('viewer', 'laptop', { senderKey: k });
    viewer.session.start();
    const view = controller('viewer');
    view.session = viewer.session;
    await room.waitFor(() => view.view.notice === 'wrong-key'); // the link holder's offer, signed by its own key
    evil.session.stop();
    room.clock += 1000;
    const sender = room.join('sender', 'phone');
    sender.session.start();
    await room.waitFor(() => viewer.session.remote?.peer.device === k);
    sender.session.stop();
    await room.waitFor(() => viewer.session.remote === undefined && viewer.session.state.state !== 'active');
    expect(viewer.session.signaling.dropped.untrusted).toBeGreaterThanOrEqual(1); // the drop count stays
    expect(view.view.notice).toBeUndefined();
    expect(viewer.session.signaling.wrongKey).toBe(false);
  });

  it('a sender-role envelope with a junk signature from a link holder: no wrong-key notice', async () => {
    room = new Room();
    const keys = await deriveRoomKeys(room.secret);
    const spy = room.hub.transport('spy');
    let heard = 0;
    spy.subscribe(keys.topic, () => {
      heard += 1;
    });
    await spy.connect();
    const viewer = room.join('viewer', 'laptop', { senderKey: (await room.senderIdentity).id });
    viewer.session.start();
    await room.waitFor(() => heard >= 1); // its hello: it is subscribed
    const evil = await newIdentity();
    const body = { t: 'conn' };
    const m = JSON.stringify({ f: newId(), r: 'sender', s: 1, c: newId(), ts: room.clock, b: body });
    const plain = padPlaintext(JSON.stringify({ k: evil.publicKey, m, g: 'AAAA' }))!;
    const sealed = await aeadSeal(keys.key, roomAad(keys.topic), plain);
    spy.publish(keys.topic, toBase64Url(new Uint8Array([envelopeVersion, ...sealed])));
    const { dropped } = viewer.session.signaling;
    await room.waitFor(() => viewer.session.signaling.dropped.forged + viewer.session.signaling.dropped.untrusted >= 1);
    const view = controller('viewer');
    view.session = viewer.session;
    expect(view.view.notice).toBeUndefined();
    expect(viewer.session.signaling.dropped).toMatchObject({ forged: dropped.forged + 1, untrusted: 0 });
  });

  it('a viewer 2 hours ahead: the sender is told to check the clocks', async () => {
    room = new Room();
    const sender = room.join('sender', 'phone');
    sender.session.start();
    await room.waitFor(() => sender.session.state.state === 'waiting');
    const far = room.join('viewer', 'tv', { skewMs: 2 * 3_600_000 });
    far.session.start();
    const view = controller('sender');
    view.session = sender.session;
    // Its first hello, signed and from 2 h in the future (no replay carries a future time), is enough.
    await room.waitFor(() => sender.session.signaling.dropped.stale >= 1);
    expect(view.view).toEqual({ state: 'waiting', notice: 'clock' });
    room.clock += helloRetryMs;
    await room.waitFor(() => sender.session.signaling.dropped.stale >= 2);
    expect(view.view).toEqual({ state: 'waiting', notice: 'clock' });
  });

  it('the right key and clocks: no notice, before or after the pair connects', async () => {
    room = new Room();
    const k = (await room.senderIdentity).id;
    const { sender, viewer } = await room.activePair({ senderKey: k });
    const senderView = controller('sender');
    const viewerView = controller('viewer');
    senderView.session = sender.session;
    viewerView.session = viewer.session;
    expect(senderView.view).toEqual({ state: 'active' });
    expect(viewerView.view).toEqual({ state: 'active' });
    expect(viewer.session.signaling.dropped.untrusted).toBe(0);
    expect(viewer.session.signaling.wrongKey).toBe(false);
  });
});
