/**
 * One DTLS certificate for every peer connection a page makes. Making one is a key generation
 * that blocks the main thread (about 20 ms on a quiet desktop, two to three times that on a busy
 * one), and a viewer used to make it at the start of every join; now the page makes it once,
 * when idle (the app's warm-up), and each connection takes it. Kept in memory only: a new page
 * gets a new certificate, so its fingerprint links no two visits. A page that stays open past
 * the certificate's expiry (a sender left on for weeks) gets a new one before it would expire.
 */

/** A certificate is replaced once it has less than this left before its expiry, in ms. */
export const certificateRenewBeforeMs = 24 * 60 * 60 * 1000;

/** The certificate being made or made, and once made, the certificate itself. */
interface Current {
  made: Promise<RTCCertificate | undefined>;
  certificate?: RTCCertificate;
}

let current: Current | undefined;

/**
 * The page's DTLS certificate: made on the first call, again when near its expiry (see
 * {@link certificateRenewBeforeMs}) or after a failure; undefined where the browser cannot make
 * one (each connection then makes its own, as without this).
 */
export function dtlsCertificate(nowMs = Date.now()): Promise<RTCCertificate | undefined> {
  if (current?.certificate && current.certificate.expires - nowMs < certificateRenewBeforeMs) current = undefined;
  if (current) return current.made;
  const entry: Current = { made: generate() };
  current = entry;
  void entry.made.then((certificate) => {
    if (certificate) entry.certificate = certificate;
    else if (current === entry) current = undefined; // failed: the next call tries again
  });
  return entry.made;
}

/** A new ECDSA P-256 certificate (the browser's default kind); undefined on failure. */
function generate(): Promise<RTCCertificate | undefined> {
  try {
    return RTCPeerConnection.generateCertificate({ name: 'ECDSA', namedCurve: 'P-256' } as EcKeyGenParams).catch(
      () => undefined,
    );
  } catch {
    return Promise.resolve(undefined); // no WebRTC here
  }
}
