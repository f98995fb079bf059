/**
 * Counts the video frames the peer connection received, from its stats (`inbound-rtp`
 * `framesReceived`, else `framesDecoded`). The monitor uses it beside the `<video>`'s own frame
 * callbacks, which stop while the page is hidden: a monitor in a background tab must not take its
 * own hidden page for a dead camera.
 */

/** The video frames received so far on `connection`, undefined when its stats do not say. */
export async function receivedVideoFrames(connection: RTCPeerConnection | undefined): Promise<number | undefined> {
  if (!connection) return undefined;
  try {
    const report = await connection.getStats();
    let total: number | undefined;
    report.forEach((entry: { type?: string; kind?: string; framesReceived?: unknown; framesDecoded?: unknown }) => {
      if (entry.type !== 'inbound-rtp' || entry.kind !== 'video') return;
      const frames = typeof entry.framesReceived === 'number' ? entry.framesReceived : entry.framesDecoded;
      if (typeof frames === 'number' && Number.isFinite(frames)) total = (total ?? 0) + frames;
    });
    return total;
  } catch {
    return undefined;
  }
}
