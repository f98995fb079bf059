import type { IceCandidateInit } from '../protocol/messages';
import { setOfferedCodecs } from './codec-preferences';
import { Heartbeat } from './heartbeat';
import type {
  LossReason,
  PeerConnectionEvents,
  PeerConnectionLike,
  PeerConnectionOptions,
} from './peer-connection-types';
import { endQuickStart, holdQuickStart, quickStartMs, quickStartScale } from './sender-encoding';

export type {
  LossReason,
  PeerConnectionEvents,
  PeerConnectionLike,
  PeerConnectionOptions,
} from './peer-connection-types';

/** How many times the end of a quick start is tried before the picture stays as it is. */
const quickStartTries = 3;

/** Data-channel frame kinds; pings carry liveness, `app` carries everything else. */
type ChannelFrame = { k: 'ping' } | { k: 'app'; m: unknown };

/** One RTCPeerConnection with trickle ICE, candidate buffering and a liveness data channel. */
export class PeerConnection implements PeerConnectionLike {
  private readonly pc: RTCPeerConnection;
  private readonly channel: RTCDataChannel;
  private readonly heartbeat: Heartbeat;
  private pendingCandidates: (IceCandidateInit | null)[] = [];
  private ended = false;
  private events: PeerConnectionEvents = unbound;
  /** Track swaps run one after the other, so the last stream given is the one sent. */
  private swaps: Promise<void> = Promise.resolve();
  /** Ends the sender's quick start ({@link quickStartMs} after the channel opens). */
  private quickStartTimer: ReturnType<typeof setTimeout> | undefined;

  /** Creates the connection; `events` may be given later with {@link bind} (a warmed spare). */
  constructor(options: PeerConnectionOptions, events?: PeerConnectionEvents) {
    if (events) this.events = events;
    // max-bundle: one transport for video, audio and data, so candidates are gathered (and sent
    // over signaling) once instead of once per media section. Every browser we talk to bundles.
    this.pc = new RTCPeerConnection({
      iceServers: options.iceServers,
      bundlePolicy: 'max-bundle',
      ...(options.certificate ? { certificates: [options.certificate] } : {}),
    });
    // Negotiated channel: both sides create it with the same id, so it rides in the first
    // offer and needs no extra round trip or `datachannel` event.
    this.channel = this.pc.createDataChannel('porthole', { negotiated: true, id: 0 });
    this.heartbeat = new Heartbeat(
      () => this.sendFrame({ k: 'ping' }),
      () => this.lose('heartbeat-lost'),
    );
    // The viewer adds nothing: the sender's offer creates its receiving transceivers.
    for (const track of options.stream?.getTracks() ?? []) this.addSent(track, options.stream!);
    // Talk back: the sender's audio is always send-and-receive, so the viewer's voice needs no
    // renegotiation; a sender without a microphone still offers the audio line.
    if (options.stream && !options.stream.getTracks().some((track) => track.kind === 'audio')) {
      this.pc.addTransceiver('audio', { direction: 'sendrecv', streams: [options.stream] });
    }
    this.pc.onicecandidate = (e) =>
      this.events.onCandidate(e.candidate ? (e.candidate.toJSON() as IceCandidateInit) : null);
    this.pc.ontrack = (e) => {
      const stream = e.streams[0] ?? new MediaStream([e.track]);
      this.events.onStream?.(stream);
    };
    this.pc.onconnectionstatechange = () => {
      if (this.pc.connectionState === 'failed') this.lose('ice-failed');
    };
    this.channel.onopen = () => {
      this.heartbeat.start();
      this.endQuickStartIn(quickStartMs);
      this.events.onConnected();
    };
    this.channel.onclose = () => this.lose('channel-closed');
    this.channel.onmessage = (e) => this.receive(e.data);
  }

  /** Ends the quick start in `delayMs`; a refused end is tried again (at most {@link quickStartTries} times). */
  private endQuickStartIn(delayMs: number, tries = quickStartTries): void {
    this.quickStartTimer = setTimeout(async () => {
      if (this.ended) return;
      if (!(await endQuickStart(this.pc)) && tries > 1) this.endQuickStartIn(quickStartMs, tries - 1);
    }, delayMs);
  }

  /** Sends `track`: video starts small (quick start, see sender-encoding.ts), audio as it is. */
  private addSent(track: MediaStreamTrack, stream: MediaStream): void {
    const scale = track.kind === 'video' ? quickStartScale(track.getSettings()) : 1;
    if (scale === 1) {
      this.pc.addTrack(track, stream);
      return;
    }
    // The same transceiver addTrack makes, with its one encoding scaled down from the start.
    this.pc.addTransceiver(track, {
      direction: 'sendrecv',
      streams: [stream],
      sendEncodings: [{ scaleResolutionDownBy: scale }],
    });
    holdQuickStart(this.pc, scale);
  }

  /** Routes this connection's events to `events` (until then they are dropped: nobody to tell). */
  bind(events: PeerConnectionEvents): void {
    this.events = events;
  }

  /** The local offer as it stands, with every candidate gathered so far; undefined before one. */
  get localOffer(): string | undefined {
    const description = this.pc.localDescription;
    return description?.type === 'offer' ? description.sdp : undefined;
  }

  /** True once ICE gathering has finished (the local description holds every candidate). */
  get gatheringComplete(): boolean {
    return this.pc.iceGatheringState === 'complete';
  }

  /** The underlying connection, for stats. */
  get connection(): RTCPeerConnection {
    return this.pc;
  }

  /** True while the data channel is open and the peer answered recently. */
  get alive(): boolean {
    return !this.ended && this.channel.readyState === 'open' && this.heartbeat.fresh;
  }

  /** Sender: creates the offer and returns its SDP. */
  async createOffer(): Promise<string> {
    await setOfferedCodecs(this.pc);
    const offer = await this.pc.createOffer();
    await this.pc.setLocalDescription(offer);
    return this.pc.localDescription?.sdp ?? offer.sdp ?? '';
  }

  /** Viewer: applies the sender's offer and returns the answer's SDP. */
  async acceptOffer(sdp: string): Promise<string> {
    await this.pc.setRemoteDescription({ type: 'offer', sdp });
    await this.flushCandidates();
    // Talk back: the viewer's audio line answers send-and-receive with no track yet; push-to-talk
    // puts the microphone on it with replaceTrack (see talk-back.ts), no renegotiation.
    for (const transceiver of this.pc.getTransceivers()) {
      if (transceiver.receiver.track?.kind === 'audio' && transceiver.direction === 'recvonly') {
        transceiver.direction = 'sendrecv';
      }
    }
    const answer = await this.pc.createAnswer();
    // The answer goes out while it is applied: setLocalDescription applies this very SDP (no
    // candidate is in it yet; they trickle), and the sender's side starts sooner. Should applying
    // fail, this connection is lost at once (then the viewer says hello again for a new offer).
    this.pc.setLocalDescription(answer).catch(() => this.lose('negotiation-failed'));
    return answer.sdp ?? '';
  }

  /** Sender: applies the viewer's answer. */
  async acceptAnswer(sdp: string): Promise<void> {
    if (this.pc.signalingState !== 'have-local-offer') return;
    await this.pc.setRemoteDescription({ type: 'answer', sdp });
    await this.flushCandidates();
  }

  /** Adds a remote candidate (`null` = end of candidates), buffered until the remote description is set. */
  async addCandidate(candidate: IceCandidateInit | null): Promise<void> {
    if (!this.pc.remoteDescription) {
      this.pendingCandidates.push(candidate);
      return;
    }
    await this.addNow(candidate);
  }

  /**
   * Swaps the sent tracks for those of `stream` (camera flip or recovery) without renegotiating:
   * each kind replaces the track of the same kind; a kind the connection was not set up with is skipped.
   */
  replaceTracks(stream: MediaStream): Promise<void> {
    this.swaps = this.swaps.catch(() => undefined).then(() => this.swapTracks(stream));
    return this.swaps;
  }

  private async swapTracks(stream: MediaStream): Promise<void> {
    for (const sender of this.pc.getSenders()) {
      const kind =
        sender.track?.kind ?? this.pc.getTransceivers().find((t) => t.sender === sender)?.receiver.track.kind;
      const track = stream.getTracks().find((t) => t.kind === kind);
      if (track && sender.track !== track) await sender.replaceTrack(track).catch(() => undefined);
    }
  }

  /** Sends an application message over the data channel; false when it is not open. */
  send(message: unknown): boolean {
    return this.sendFrame({ k: 'app', m: message });
  }

  /** Closes the connection without reporting loss. */
  close(): void {
    this.ended = true;
    this.heartbeat.stop();
    clearTimeout(this.quickStartTimer);
    this.channel.onclose = null;
    this.pc.onconnectionstatechange = null;
    this.pc.onicecandidate = null;
    this.channel.close();
    this.pc.close();
  }

  private async flushCandidates(): Promise<void> {
    const pending = this.pendingCandidates;
    this.pendingCandidates = [];
    for (const candidate of pending) await this.addNow(candidate);
  }

  private async addNow(candidate: IceCandidateInit | null): Promise<void> {
    try {
      await this.pc.addIceCandidate(candidate ?? undefined);
    } catch {
      // A candidate the browser cannot use (e.g. another network family) is not fatal.
    }
  }

  private sendFrame(frame: ChannelFrame): boolean {
    if (this.channel.readyState !== 'open') return false;
    try {
      this.channel.send(JSON.stringify(frame));
      return true;
    } catch {
      return false;
    }
  }

  private receive(data: unknown): void {
    this.heartbeat.heard();
    if (typeof data !== 'string' || data.length > 16_384) return;
    let frame: unknown;
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }
    if (typeof frame === 'object' && frame !== null && (frame as ChannelFrame).k === 'app') {
      this.events.onMessage?.((frame as { m: unknown }).m);
    }
  }

  private lose(why: LossReason): void {
    if (this.ended) return;
    this.ended = true;
    this.heartbeat.stop();
    clearTimeout(this.quickStartTimer);
    this.events.onLost(why);
  }
}

/** Events of a connection nobody has taken yet: dropped. */
const unbound: PeerConnectionEvents = {
  onCandidate: () => undefined,
  onConnected: () => undefined,
  onLost: () => undefined,
};
