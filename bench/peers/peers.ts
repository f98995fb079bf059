/**
 * The page of `bench:connect`'s peers and floor, bundled by Vite and served on 127.0.0.1 by the
 * bench's servers: PeerJS (with its own server) and Trystero over MQTT, each pointed at local
 * servers only (no STUN, no public trackers), and the floor (two peer connections in one page).
 * Everything is exposed on `window.bench`; times are `performance.now()` ms of this page.
 */
import { joinRoom } from '@trystero-p2p/mqtt';
import { Peer } from 'peerjs';

/** Resolves with the time of the first frame presented by a video showing `stream`. */
function firstFrame(stream: MediaStream): Promise<number> {
  const video = document.createElement('video');
  video.muted = true;
  video.autoplay = true;
  video.playsInline = true;
  document.body.append(video);
  video.srcObject = stream;
  void video.play().catch(() => undefined);
  return new Promise((resolve) => video.requestVideoFrameCallback((now) => resolve(now)));
}

const camera = (): Promise<MediaStream> => navigator.mediaDevices.getUserMedia({ video: true });
const noIce: RTCConfiguration = { iceServers: [] };

/**
 * The floor: camera, two peer connections in this page exchanging SDP directly, first frame. Then
 * everything is closed, so that a run leaves no encoder running to load the runs after it.
 */
async function floor(): Promise<number> {
  const stream = await camera();
  const a = new RTCPeerConnection(noIce);
  const b = new RTCPeerConnection(noIce);
  a.onicecandidate = (e) => void (e.candidate && b.addIceCandidate(e.candidate));
  b.onicecandidate = (e) => void (e.candidate && a.addIceCandidate(e.candidate));
  for (const track of stream.getTracks()) a.addTrack(track, stream);
  const first = new Promise<number>((resolve) => {
    b.ontrack = (e) => resolve(firstFrame(e.streams[0]!));
  });
  await a.setLocalDescription(await a.createOffer());
  await b.setRemoteDescription(a.localDescription!);
  await b.setLocalDescription(await b.createAnswer());
  await a.setRemoteDescription(b.localDescription!);
  const at = await first;
  a.close();
  b.close();
  for (const track of stream.getTracks()) track.stop();
  for (const video of document.querySelectorAll('video')) video.remove();
  return at;
}

/** Where a PeerJS server listens. */
interface PeerServerAt {
  port: number;
  path: string;
}

const peerOptions = (at: PeerServerAt) => ({
  host: '127.0.0.1',
  port: at.port,
  path: at.path,
  secure: false,
  config: noIce,
});

/** PeerJS sender: camera on, registered as `id`, answers every call with the camera. Resolves once registered. */
async function peerjsSender(id: string, at: PeerServerAt): Promise<void> {
  const stream = await camera();
  const peer = new Peer(id, peerOptions(at));
  peer.on('call', (call) => call.answer(stream));
  await new Promise<void>((resolve, reject) => {
    peer.on('open', () => resolve());
    peer.on('error', reject);
  });
}

/**
 * PeerJS viewer: registers, calls the sender (PeerJS needs a stream to call: a 16×16 canvas) and
 * resolves with the time of the sender's first frame.
 */
function peerjsViewer(senderId: string, at: PeerServerAt): Promise<number> {
  const peer = new Peer(peerOptions(at));
  const canvas = Object.assign(document.createElement('canvas'), { width: 16, height: 16 });
  canvas.getContext('2d')!.fillRect(0, 0, 16, 16);
  const dummy = canvas.captureStream(1);
  return new Promise((resolve, reject) => {
    peer.on('error', reject);
    peer.on('open', () => {
      const call = peer.call(senderId, dummy);
      call.on('stream', (stream) => resolve(firstFrame(stream)));
      call.on('error', reject);
    });
  });
}

/** Trystero over MQTT: the broker URL and the room. */
interface TrysteroAt {
  url: string;
  room: string;
}

const trysteroRoom = (at: TrysteroAt) =>
  joinRoom({ appId: 'porthole-bench', relayConfig: { urls: [at.url] }, rtcConfig: noIce }, at.room);

/** Trystero sender: camera on, sends it to everyone who joins. */
async function trysteroSender(at: TrysteroAt): Promise<void> {
  const stream = await camera();
  const room = trysteroRoom(at);
  room.addStream(stream);
  room.onPeerJoin = (peerId) => void room.addStream(stream, { target: peerId });
}

/** Trystero viewer: joins and resolves with the time of the first frame of the first stream. */
function trysteroViewer(at: TrysteroAt): Promise<number> {
  const room = trysteroRoom(at);
  return new Promise((resolve) => {
    room.onPeerStream = (stream) => resolve(firstFrame(stream));
  });
}

Object.assign(window, { bench: { floor, peerjsSender, peerjsViewer, trysteroSender, trysteroViewer } });

// `?floor`: the floor from navigation (the page's own load included).
if (new URLSearchParams(location.search).has('floor')) {
  void floor().then((at) => Object.assign(window, { benchFirstFrameMs: at }));
}
