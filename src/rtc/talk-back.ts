/**
 * Talk back, the viewer's side: its microphone goes on the connection's audio line (answered
 * send-and-receive, see peer-connection.ts) only while push-to-talk is held, with replaceTrack,
 * no renegotiation; released, the line carries nothing and the microphone is stopped.
 */

/** The sender of the connection's audio line (the transceiver that receives the camera's sound). */
export function audioSender(pc: RTCPeerConnection): RTCRtpSender | undefined {
  return pc.getTransceivers().find((t) => t.receiver.track?.kind === 'audio' && t.currentDirection !== 'stopped')
    ?.sender;
}

/** One push-to-talk: the microphone opened on press, on the connection while held, stopped on release. */
export class TalkBack {
  private track: MediaStreamTrack | undefined;
  private pc: RTCPeerConnection | undefined;
  /** Bumped by every press and release, so a microphone that opens after the release is stopped at once. */
  private turn = 0;

  /** True while the viewer's microphone is on the connection. */
  get talking(): boolean {
    return this.track !== undefined;
  }

  /**
   * Opens the microphone and puts it on `pc`'s audio line. Resolves true when it is on; false when
   * the line is missing, the microphone was refused, or the button was released meanwhile.
   */
  async start(pc: RTCPeerConnection): Promise<boolean> {
    this.stop();
    const turn = ++this.turn;
    const sender = audioSender(pc);
    if (!sender || !navigator.mediaDevices?.getUserMedia) return false;
    let track: MediaStreamTrack | undefined;
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
      track = stream.getAudioTracks()[0];
      if (!track || turn !== this.turn) throw new Error('released');
      await sender.replaceTrack(track);
      if (turn !== this.turn) throw new Error('released');
    } catch {
      track?.stop();
      if (turn === this.turn) await sender.replaceTrack(null).catch(() => undefined);
      return false;
    }
    this.track = track;
    this.pc = pc;
    return true;
  }

  /** Takes the microphone off the connection and stops it (release, leaving, a new connection). */
  stop(): void {
    this.turn += 1;
    const track = this.track;
    const pc = this.pc;
    this.track = undefined;
    this.pc = undefined;
    if (!track) return;
    track.stop();
    if (pc && pc.connectionState !== 'closed')
      void audioSender(pc)
        ?.replaceTrack(null)
        .catch(() => undefined);
  }
}
