/**
 * Reads the level of the sound the sender sends, for the sound alert (VOX) and its meter.
 *
 * From the RTP receiver (`getSynchronizationSources()[0].audioLevel`, the RFC 6464 level of the
 * latest packet) rather than a Web Audio analyser on the remote stream: it works before the
 * person's first tap (an AudioContext may stay suspended until then, and a suspended analyser
 * reads silence), and it avoids Chromium's long-standing silence of a remote WebRTC stream fed to
 * `createMediaStreamSource` without a media element playing it.
 */
import { levelDb, silenceDb } from './sound-level';

/** A packet older than this (ms) says nothing about the sound now. */
const staleMs = 1_000;

/** The level of the sound now arriving on `connection`, in dBFS ({@link silenceDb} with none). */
export function receivedLevelDb(connection: RTCPeerConnection | undefined): number {
  if (!connection) return silenceDb;
  try {
    let loudest = silenceDb;
    for (const receiver of connection.getReceivers()) {
      if (receiver.track.kind !== 'audio' || typeof receiver.getSynchronizationSources !== 'function') continue;
      for (const source of receiver.getSynchronizationSources()) {
        // A packet older than a second is stale: the sender stopped sending sound. (The timestamp is
        // on the wall clock in current browsers, on the page's clock in older ones.)
        const ageMs = source.timestamp > 1e12 ? Date.now() - source.timestamp : performance.now() - source.timestamp;
        if (ageMs > staleMs) continue;
        loudest = Math.max(loudest, levelDb(source.audioLevel));
      }
    }
    return loudest;
  } catch {
    return silenceDb;
  }
}
