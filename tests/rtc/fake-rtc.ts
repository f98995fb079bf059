/**
 * A fake RTCPeerConnection for Node, installed on globalThis, so the real PeerPool and
 * PeerConnection run in unit tests: it counts connections made and still open, records the
 * tracks each RTCRtpSender sends, and lets a test make createOffer fail, hang, or wait on a gate.
 */

/** What createOffer does: succeed, reject, never settle, or wait until {@link FakeRtc.openGate}. */
export type OfferMode = 'ok' | 'fail' | 'hang' | 'gate';

/** A sent track as the fake sees it. */
export interface FakeTrack {
  kind: 'audio' | 'video';
  id: string;
  /** The camera's size, as MediaStreamTrack.getSettings (none given: unknown). */
  getSettings?(): { width?: number; height?: number };
}

/** One RTCRtpSender: the track it sends now. */
export interface FakeSender {
  track: FakeTrack | null;
  replaceTrack(track: FakeTrack | null): Promise<void>;
}

/** A fake stream of a video and an audio track named after `name`. */
export function fakeStream(name: string): MediaStream {
  const tracks: FakeTrack[] = [
    { kind: 'video', id: `${name}-video`, getSettings: () => ({ width: 1280, height: 720 }) },
    { kind: 'audio', id: `${name}-audio`, getSettings: () => ({}) },
  ];
  return { getTracks: () => tracks } as unknown as MediaStream;
}

/** The fake's registry: counts, modes, and every connection made. */
export class FakeRtc {
  /** Connections made so far. */
  made = 0;
  /** What the next createOffer calls do. */
  offerMode: OfferMode = 'ok';
  /** Whether setLocalDescription rejects (a description the browser refuses to apply). */
  refuseLocal = false;
  /** Every connection made, oldest first. */
  readonly connections: FakeConnection[] = [];
  private gate: Promise<void> = Promise.resolve();
  private release: () => void = () => undefined;

  /** Connections made and not closed. */
  get open(): number {
    return this.connections.filter((c) => !c.closed).length;
  }

  /** From now on, a 'gate' offer waits until {@link openGate}. */
  closeGate(): void {
    this.gate = new Promise((resolve) => {
      this.release = resolve;
    });
  }

  /** Lets every offer waiting at the gate go on. */
  openGate(): void {
    this.release();
  }

  /** Puts the fake on globalThis; returns the undo. */
  install(): () => void {
    const g = globalThis as { RTCPeerConnection?: unknown };
    const before = g.RTCPeerConnection;
    const rtc = this;
    g.RTCPeerConnection = class extends FakeConnection {
      static generateCertificate(): Promise<unknown> {
        return Promise.resolve({});
      }
      constructor() {
        super(rtc);
      }
    };
    return () => {
      g.RTCPeerConnection = before;
    };
  }

  /** The offer, as the current mode says. */
  offer(): Promise<void> {
    switch (this.offerMode) {
      case 'ok':
        return Promise.resolve();
      case 'fail':
        return Promise.reject(new Error('createOffer failed (fake)'));
      case 'hang':
        return new Promise(() => undefined);
      case 'gate':
        return this.gate;
    }
  }
}

/** The fake connection (what PeerConnection uses of RTCPeerConnection). */
export class FakeConnection {
  closed = false;
  readonly senders: FakeSender[] = [];
  /** The scale each addTransceiver asked its first encoding for. */
  readonly startScales: (number | undefined)[] = [];
  localDescription: { type: string; sdp: string } | null = null;
  remoteDescription: { type: string; sdp: string } | null = null;
  signalingState = 'stable';
  iceGatheringState = 'new';
  connectionState = 'new';
  onicecandidate: unknown = null;
  ontrack: unknown = null;
  onconnectionstatechange: unknown = null;
  readonly channel = { readyState: 'connecting', onopen: null, onclose: null, onmessage: null, close() {}, send() {} };

  constructor(private readonly rtc: FakeRtc) {
    rtc.made += 1;
    rtc.connections.push(this);
  }

  createDataChannel(): unknown {
    return this.channel;
  }

  addTrack(track: FakeTrack): FakeSender {
    const sender: FakeSender = {
      track,
      replaceTrack(next) {
        sender.track = next;
        return Promise.resolve();
      },
    };
    this.senders.push(sender);
    return sender;
  }

  /** As addTrack, recording the first encoding asked for (a quick start's scale). */
  addTransceiver(track: FakeTrack, init: { sendEncodings?: { scaleResolutionDownBy?: number }[] }): unknown {
    this.startScales.push(init.sendEncodings?.[0]?.scaleResolutionDownBy);
    return { sender: this.addTrack(track) };
  }

  getSenders(): FakeSender[] {
    return this.senders;
  }

  getTransceivers(): unknown[] {
    return [];
  }

  async createOffer(): Promise<{ type: 'offer'; sdp: string }> {
    await this.rtc.offer();
    return { type: 'offer', sdp: `v=0 fake offer ${this.rtc.connections.indexOf(this) + 1}` };
  }

  async createAnswer(): Promise<{ type: 'answer'; sdp: string }> {
    return { type: 'answer', sdp: `v=0 fake answer ${this.rtc.connections.indexOf(this) + 1}` };
  }

  async setLocalDescription(description: { type: string; sdp: string }): Promise<void> {
    if (this.rtc.refuseLocal) throw new Error('setLocalDescription refused (fake)');
    this.localDescription = description;
    this.signalingState = description.type === 'answer' ? 'stable' : 'have-local-offer';
  }

  async setRemoteDescription(description: { type: string; sdp: string }): Promise<void> {
    this.remoteDescription = description;
    this.signalingState = 'stable';
  }

  async addIceCandidate(): Promise<void> {}

  close(): void {
    this.closed = true;
  }

  /** The ids of the tracks its senders send now. */
  get sentTrackIds(): (string | undefined)[] {
    return this.senders.map((s) => s.track?.id);
  }
}
