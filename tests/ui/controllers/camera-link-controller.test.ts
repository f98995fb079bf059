/**
 * The sender's handling of viewer requests with stand-ins for the room, the camera and the
 * connection: a flood is serialized and coalesced, the torch changes at most once per second, and
 * the status reports what the encoding applied, not what was asked.
 */
import type { ReactiveControllerHost } from 'lit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ViewerRequest, defaultRequest } from '../../../src/protocol/peer-messages';
import {
  CameraLinkController,
  encodingMinIntervalMs,
  torchMinIntervalMs,
} from '../../../src/ui/controllers/camera-link-controller';
import type { CameraController } from '../../../src/ui/controllers/camera-controller';
import type { RoomController } from '../../../src/ui/controllers/room-controller';
import { talkMaxMs } from '../../../src/ui/monitor/talk-gate';

function setup(options: { rejectParameters?: boolean } = {}) {
  const setParameters = vi.fn(async () => {
    await new Promise((r) => setTimeout(r, 5));
    if (options.rejectParameters) throw new Error('InvalidModificationError');
  });
  const sender = {
    track: { kind: 'video', getSettings: () => ({ height: 720 }) },
    getParameters: () => ({ encodings: [{ active: true }] }),
    setParameters,
  };
  const pc = {
    connectionState: 'connected',
    getTransceivers: () => [{ sender, receiver: { track: { kind: 'video' } } }],
  };
  const sent: unknown[] = [];
  const room = {
    session: { connection: pc, remote: { connected: true } },
    peerRequest: defaultRequest,
    onRequest: undefined as ((r: ViewerRequest) => void) | undefined,
    sendStatus: (s: unknown) => sent.push(s) > 0,
  };
  const camera = {
    torchSupported: true,
    torchOn: false,
    paused: false,
    setTorch: vi.fn(async (on: boolean) => {
      camera.torchOn = on;
      return true;
    }),
    setMaxFps: async () => undefined,
  };
  const host = { addController: () => undefined, requestUpdate: () => undefined } as unknown as ReactiveControllerHost;
  const link = new CameraLinkController(host, room as unknown as RoomController, camera as unknown as CameraController);
  link.hostUpdated(); // the viewer's connection: its encoding set up
  const ask = (r: Partial<ViewerRequest>) => room.onRequest?.({ ...defaultRequest, ...r });
  const leave = () => room.onRequest?.(defaultRequest); // as RoomController does when the viewer's connection ends
  return { link, camera, setParameters, sent, ask, leave, room, pc };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('CameraLinkController requests', () => {
  it('100 requests toggling the torch within 1 s: at most 2 torch changes, few setParameters', async () => {
    const { camera, setParameters, ask } = setup();
    await vi.advanceTimersByTimeAsync(20);
    for (let i = 0; i < 100; i++) {
      ask({ torch: i % 2 === 0, audioOnly: i % 2 === 0 });
      await vi.advanceTimersByTimeAsync(9);
    }
    expect(camera.setTorch.mock.calls.length).toBeLessThanOrEqual(2);
    expect(setParameters.mock.calls.length).toBeLessThanOrEqual(1 + Math.ceil(1000 / encodingMinIntervalMs) + 1);
    // The last ask (torch off) is carried out once the interval allows it.
    await vi.advanceTimersByTimeAsync(torchMinIntervalMs);
    expect(camera.torchOn).toBe(false);
  });

  it('a burst of requests is coalesced: only the first and the latest are applied', async () => {
    const { setParameters, ask, link } = setup();
    await vi.advanceTimersByTimeAsync(20);
    const before = setParameters.mock.calls.length;
    for (let i = 0; i < 50; i++) ask({ capKbps: i % 2 === 0 ? 250 : 500 });
    ask({ capKbps: 1000 });
    await vi.advanceTimersByTimeAsync(encodingMinIntervalMs + 50);
    expect(setParameters.mock.calls.length - before).toBeLessThanOrEqual(2);
    expect(link.status.capKbps).toBe(1000);
  });

  it('reports what was applied: a refused setParameters leaves audioOnly false', async () => {
    const { link, ask, setParameters } = setup({ rejectParameters: true });
    ask({ audioOnly: true });
    await vi.advanceTimersByTimeAsync(encodingMinIntervalMs + 50);
    // It was tried (the video switched off) and refused.
    expect(setParameters).toHaveBeenLastCalledWith(expect.objectContaining({ encodings: [{ active: false }] }));
    expect(link.status.audioOnly).toBe(false);
    expect(link.applied.audioOnly).toBe(false);
  });

  it('a small picture is applied as scaleResolutionDownBy from the track height, reported, and cleared for a new viewer', async () => {
    const { link, ask, leave, setParameters, sent, room, pc } = setup();
    await vi.advanceTimersByTimeAsync(encodingMinIntervalMs + 50);
    ask({ maxHeight: 180, capKbps: 250 });
    await vi.advanceTimersByTimeAsync(encodingMinIntervalMs + 50);
    expect(setParameters).toHaveBeenLastCalledWith(
      expect.objectContaining({ encodings: [{ active: true, maxBitrate: 250_000, scaleResolutionDownBy: 4 }] }),
    );
    expect(link.status).toMatchObject({ capKbps: 250, maxHeight: 180 });
    expect(sent.at(-1)).toMatchObject({ t: 'status', maxHeight: 180 });
    // The viewer leaves (the room puts the default wish in place); a new viewer's connection starts from full.
    leave();
    room.session = { ...room.session, connection: { ...pc } };
    link.hostUpdated();
    expect(link.status).not.toHaveProperty('maxHeight');
    await vi.advanceTimersByTimeAsync(encodingMinIntervalMs + 50);
    expect(setParameters).toHaveBeenLastCalledWith(expect.objectContaining({ encodings: [{ active: true }] }));
  });

  it('plays the viewer only while it says it talks, at most talkMaxMs per press', async () => {
    const { link, ask } = setup();
    expect(link.talkOpen).toBe(false);
    ask({ talk: true });
    expect(link.talkOpen).toBe(true);
    await vi.advanceTimersByTimeAsync(talkMaxMs);
    expect(link.talkOpen).toBe(false);
    ask({ talk: false });
    ask({ talk: true });
    expect(link.talkOpen).toBe(true);
  });

  it('refuses to light the torch while the person is away; the leaving viewer turns off only its own torch', async () => {
    const { camera, ask, leave } = setup();
    camera.paused = true;
    ask({ torch: true });
    await vi.advanceTimersByTimeAsync(20);
    expect(camera.torchOn).toBe(false);
    camera.paused = false;
    camera.torchOn = true; // the person lit it
    leave();
    await vi.advanceTimersByTimeAsync(torchMinIntervalMs);
    expect(camera.torchOn).toBe(true);
  });

  it('skips a repeated request once it is in effect, but carries it out again when the torch went dark', async () => {
    const { camera, ask, link } = setup();
    ask({ torch: true });
    await vi.advanceTimersByTimeAsync(20);
    expect(camera.setTorch).toHaveBeenCalledTimes(1);
    ask({ torch: true });
    await vi.advanceTimersByTimeAsync(torchMinIntervalMs);
    expect(camera.setTorch).toHaveBeenCalledTimes(1);
    camera.torchOn = false; // the camera reopened (flip, recovery)
    link.hostUpdated();
    await vi.advanceTimersByTimeAsync(20);
    expect(camera.setTorch).toHaveBeenCalledTimes(2);
    expect(camera.torchOn).toBe(true);
  });

  it('the leaving viewer turns off the torch it lit', async () => {
    const { camera, ask, leave } = setup();
    ask({ torch: true });
    await vi.advanceTimersByTimeAsync(20);
    expect(camera.torchOn).toBe(true);
    leave();
    await vi.advanceTimersByTimeAsync(torchMinIntervalMs);
    expect(camera.torchOn).toBe(false);
  });
});
