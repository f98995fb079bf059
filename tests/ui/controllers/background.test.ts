/**
 * The sender's page in the background (BackgroundController, on a stand-in document) and the
 * camera's pause (CameraController): what the viewer is told, and what the tracks send.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BackgroundController } from '../../../src/ui/controllers/background-controller';
import { CameraController } from '../../../src/ui/controllers/camera-controller';
import type { RoomController } from '../../../src/ui/controllers/room-controller';

/** A stand-in Lit host: records its controllers, counts update requests. */
class Host implements ReactiveControllerHost {
  readonly controllers: ReactiveController[] = [];
  updates = 0;
  addController(controller: ReactiveController): void {
    this.controllers.push(controller);
  }
  removeController(): void {}
  requestUpdate(): void {
    this.updates += 1;
  }
  get updateComplete(): Promise<boolean> {
    return Promise.resolve(true);
  }
  connect(): void {
    for (const c of this.controllers) c.hostConnected?.();
  }
  updated(): void {
    for (const c of this.controllers) c.hostUpdated?.();
  }
}

/** A track as the controllers use it. */
function track(kind: 'audio' | 'video') {
  return { kind, enabled: true, readyState: 'live' as MediaStreamTrackState, stop: vi.fn() };
}

function stream(tracks: ReturnType<typeof track>[]): MediaStream {
  return {
    getTracks: () => tracks,
    getAudioTracks: () => tracks.filter((t) => t.kind === 'audio'),
    getVideoTracks: () => tracks.filter((t) => t.kind === 'video'),
  } as unknown as MediaStream;
}

/** A stand-in document whose visibility the test sets. */
class FakeDocument extends EventTarget {
  visibilityState: DocumentVisibilityState = 'visible';
  show(state: DocumentVisibilityState): void {
    this.visibilityState = state;
    this.dispatchEvent(new Event('visibilitychange'));
  }
}

let doc: FakeDocument;

beforeEach(() => {
  doc = new FakeDocument();
  vi.stubGlobal('document', doc);
  vi.stubGlobal('addEventListener', () => undefined);
  vi.stubGlobal('removeEventListener', () => undefined);
});

afterEach(() => vi.unstubAllGlobals());

describe('CameraController pause', () => {
  it('pause sends neither video nor sound; resume gives the microphone back as the person had it', () => {
    const camera = new CameraController(new Host());
    const video = track('video');
    const audio = track('audio');
    camera.stream = stream([video, audio]);

    camera.setPaused(true);
    expect([video.enabled, audio.enabled]).toEqual([false, false]);
    camera.setPaused(false);
    expect([video.enabled, audio.enabled]).toEqual([true, true]);

    camera.setMic(false);
    camera.setPaused(true);
    expect([video.enabled, audio.enabled]).toEqual([false, false]);
    camera.setPaused(false);
    expect([video.enabled, audio.enabled]).toEqual([true, false]);
  });

  it('turning the microphone on while paused waits for the resume', () => {
    const camera = new CameraController(new Host());
    const audio = track('audio');
    camera.stream = stream([track('video'), audio]);
    camera.setMic(false);
    camera.setPaused(true);
    camera.setMic(true);
    expect(audio.enabled).toBe(false);
    camera.setPaused(false);
    expect(audio.enabled).toBe(true);
  });
});

/** The sender's room and camera as BackgroundController sees them. */
function sender(options: { connected?: boolean } = {}) {
  const host = new Host();
  const sent: Array<[boolean, string | undefined]> = [];
  const room = {
    session: { connection: {}, remote: { connected: options.connected ?? true } },
    sendPause: (paused: boolean, reason?: string) => {
      sent.push([paused, reason]);
      return room.session.remote.connected;
    },
    restore: vi.fn(() => Promise.resolve(undefined)),
  };
  let recovered: () => void = () => undefined;
  const camera = {
    paused: false,
    ended: false,
    stream: stream([track('video')]),
    recover: vi.fn(
      () =>
        new Promise<void>((resolve) => {
          recovered = resolve;
        }),
    ),
  };
  new BackgroundController(host, camera as unknown as CameraController, room as unknown as RoomController);
  host.connect();
  return { host, room, camera, sent, recovered: () => recovered() };
}

describe('BackgroundController', () => {
  it('hidden: the viewer is told the phone paused; shown: once the camera is back, that it resumed', async () => {
    const { camera, sent, recovered } = sender();
    doc.show('hidden');
    expect(sent).toEqual([[true, 'phone']]);
    doc.show('visible');
    expect(camera.recover).toHaveBeenCalled();
    await Promise.resolve();
    expect(sent).toHaveLength(1); // not before the camera is back
    recovered();
    await vi.waitFor(() =>
      expect(sent).toEqual([
        [true, 'phone'],
        [false, undefined],
      ]),
    );
  });

  it('a pause by the person stands: nothing said when hidden or shown', async () => {
    const { camera, sent, recovered } = sender();
    camera.paused = true;
    doc.show('hidden');
    doc.show('visible');
    recovered();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(sent).toEqual([]);
  });

  it('a viewer that connects while the page is hidden is told at once, and once', () => {
    const { host, room, sent } = sender({ connected: false });
    doc.show('hidden');
    expect(sent).toEqual([]);
    room.session.remote.connected = true;
    host.updated();
    host.updated();
    expect(sent).toEqual([[true, 'phone']]);
    // Another connection (the viewer reconnected) is told again.
    room.session = { connection: {}, remote: { connected: true } };
    host.updated();
    expect(sent).toEqual([
      [true, 'phone'],
      [true, 'phone'],
    ]);
  });

  it('hidden again before the camera is back: the resume is not said', async () => {
    const { sent, recovered } = sender();
    doc.show('hidden');
    doc.show('visible');
    doc.show('hidden');
    recovered();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(sent).toEqual([[true, 'phone']]);
  });
});
