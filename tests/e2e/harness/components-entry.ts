/**
 * Test page for the chat, stats, video-tools, camera-controls and share elements outside the app:
 * bundled by components.spec.ts with Vite, served by a relay. `window.harness` builds a viewer-like
 * screen fed by two RTCPeerConnections in this one page (a canvas video plus a tone as the
 * "camera"), and records the events the sender's controls fire.
 */
import type { ChatEntry } from '../../../src/ui/components/porthole-chat';
import { setLocale, type Locale } from '../../../src/ui/i18n/i18n';
import '../../../src/ui/components/porthole-camera-controls';
import '../../../src/ui/components/porthole-chat';
import '../../../src/ui/components/porthole-sender-bar';
import '../../../src/ui/components/porthole-share';
import '../../../src/ui/components/porthole-stats';
import '../../../src/ui/components/porthole-video-tools';

/** The events of the sender's controls that the page records, as they bubble up to `#controls`. */
const controlEvents = [
  'porthole-camera-flip',
  'porthole-camera-preset',
  'porthole-camera-mic',
  'porthole-camera-pause',
  'porthole-camera-torch',
  'porthole-camera-zoom',
  'porthole-retire',
  'porthole-stop',
] as const satisfies readonly (keyof HTMLElementEventMap)[];

/** What the page records and offers to the test. */
export interface Harness {
  /** Texts of every `porthole-chat-send` event, in order. */
  sent: string[];
  /** Snapshots taken, with their PNG bytes. */
  snapshots: { fileName: string; bytes: number[] }[];
  /** Events of the sender's controls that reached `#controls`, in order. */
  controlEvents: { type: string; detail: unknown }[];
  /** Connects the two peer connections and shows the screen; resolves when video plays. */
  start(width: number, height: number): Promise<void>;
  /** Adds a message from the other side. */
  receive(text: string): void;
  /** Switches the language. */
  setLocale(locale: Locale): void;
}

/** How long start() waits for the first received video frame, in ms. */
const firstFrameTimeoutMs = 20_000;

/** Animates a canvas so that frames keep coming. */
function animatedCanvas(width: number, height: number): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d')!;
  let frame = 0;
  setInterval(() => {
    frame += 1;
    const gradient = ctx.createLinearGradient(0, 0, width, height);
    gradient.addColorStop(0, '#1d4e6b');
    gradient.addColorStop(1, '#6b8f3a');
    ctx.fillStyle = gradient;
    ctx.fillRect(0, 0, width, height);
    ctx.fillStyle = '#f4d35e';
    ctx.beginPath();
    ctx.arc((frame * 7) % width, height / 2, height / 8, 0, Math.PI * 2);
    ctx.fill();
  }, 33);
  return canvas;
}

/** A camera-like stream: the canvas's video and an oscillator's audio. */
function fakeCamera(width: number, height: number): MediaStream {
  const stream = animatedCanvas(width, height).captureStream(30);
  const audio = new AudioContext();
  const tone = audio.createOscillator();
  const out = audio.createMediaStreamDestination();
  tone.connect(out);
  tone.start();
  for (const track of out.stream.getAudioTracks()) stream.addTrack(track);
  return stream;
}

/** Connects a sending and a receiving peer connection in this page; resolves with the receiver and its stream. */
async function connectPair(stream: MediaStream): Promise<{ receiver: RTCPeerConnection; remote: MediaStream }> {
  const sender = new RTCPeerConnection({ iceServers: [] });
  const receiver = new RTCPeerConnection({ iceServers: [] });
  sender.onicecandidate = (e) => void receiver.addIceCandidate(e.candidate ?? undefined);
  receiver.onicecandidate = (e) => void sender.addIceCandidate(e.candidate ?? undefined);
  const remote = new MediaStream();
  receiver.ontrack = (e) => remote.addTrack(e.track);
  for (const track of stream.getTracks()) sender.addTrack(track, stream);
  await sender.setLocalDescription(await sender.createOffer());
  await receiver.setRemoteDescription(sender.localDescription!);
  await receiver.setLocalDescription(await receiver.createAnswer());
  await sender.setRemoteDescription(receiver.localDescription!);
  return { receiver, remote };
}

const harness: Harness = {
  sent: [],
  snapshots: [],
  controlEvents: [],
  async start(width, height) {
    const { receiver, remote } = await connectPair(fakeCamera(width, height));
    const wrap = document.getElementById('stage')!;
    const video = wrap.querySelector('video')!;
    video.srcObject = remote;
    const chat = wrap.querySelector('porthole-chat')!;
    const stats = wrap.querySelector('porthole-stats')!;
    const tools = wrap.querySelector('porthole-video-tools')!;
    stats.connection = receiver;
    tools.video = video;
    tools.target = wrap;
    chat.disabled = false;
    // Listened to on the stage: the events bubble up from the elements.
    wrap.addEventListener('porthole-chat-send', (e) => {
      const { text } = e.detail;
      harness.sent.push(text);
      chat.messages = [...chat.messages, { from: 'me', text, at: Date.now() } satisfies ChatEntry];
    });
    wrap.addEventListener('porthole-snapshot', (e) => {
      const { blob, fileName } = e.detail;
      void blob
        .arrayBuffer()
        .then((buffer) => harness.snapshots.push({ fileName, bytes: [...new Uint8Array(buffer)] }));
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no video frame; ICE ${receiver.iceConnectionState}`)),
        firstFrameTimeoutMs,
      );
      video.requestVideoFrameCallback(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  },
  receive(text) {
    const chat = document.querySelector('porthole-chat')!;
    chat.messages = [...chat.messages, { from: 'peer', text, at: Date.now() }];
  },
  setLocale(locale) {
    setLocale(locale);
  },
};

declare global {
  interface Window {
    /** The test page's API. */
    harness: Harness;
  }
}

window.harness = harness;

const controls = document.getElementById('controls')!;
// The sender's top bar (Stop, and the More menu with New link), for the sender-side tests.
const senderBar = document.createElement('porthole-sender-bar');
senderBar.menu = true;
controls.prepend(senderBar);
for (const type of controlEvents) {
  controls.addEventListener(type, (e) => harness.controlEvents.push({ type, detail: e.detail }));
}

// ---- The error card (porthole-error-card) ----
import { CameraError } from '../../../src/rtc/camera';
import type { RoomView } from '../../../src/ui/controllers/room-state';
import '../../../src/ui/components/porthole-error-card';
import { describeCameraError } from '../../../src/ui/i18n/messages';

/** Shows error cards on the test page, in place of the stage. */
export interface ErrorCards {
  /** Replaces the page's content with one error card for `side`'s `view`. */
  show(side: 'sender' | 'viewer', view: RoomView): void;
  /** The text the sender's camera failure `name` (`NotAllowedError`, …) gets, as the sender puts it in its view. */
  cameraMessage(name: string): string;
}

declare global {
  interface Window {
    /** The error card page's API. */
    errorCards: ErrorCards;
  }
}

window.errorCards = {
  show(side, view) {
    document.body.replaceChildren();
    const card = document.createElement('porthole-error-card');
    card.side = side;
    card.view = view;
    document.body.append(card);
  },
  cameraMessage(name) {
    return describeCameraError(new CameraError(name, `${name}: test`));
  },
};
