import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** A stand-in RTCPeerConnection whose certificates expire `lifetimeMs` after they are made (at `now()`). */
function stubCertificates(now: () => number, lifetimeMs: number, failFirst = 0) {
  const made: Array<{ expires: number }> = [];
  let failures = failFirst;
  vi.stubGlobal('RTCPeerConnection', {
    generateCertificate: vi.fn(async () => {
      if (failures > 0) {
        failures -= 1;
        throw new Error('not supported');
      }
      const certificate = { expires: now() + lifetimeMs };
      made.push(certificate);
      return certificate;
    }),
  });
  return made;
}

describe('dtlsCertificate', () => {
  const dayMs = 24 * 60 * 60 * 1000;
  let load: () => Promise<typeof import('../../src/rtc/dtls-certificate')>;

  beforeEach(() => {
    vi.resetModules(); // the page's certificate lives in the module
    load = () => import('../../src/rtc/dtls-certificate');
  });
  afterEach(() => vi.unstubAllGlobals());

  it('makes one certificate for the page and hands the same one to every caller', async () => {
    const made = stubCertificates(() => 0, 30 * dayMs);
    const { dtlsCertificate } = await load();
    const [a, b] = await Promise.all([dtlsCertificate(0), dtlsCertificate(0)]);
    const c = await dtlsCertificate(dayMs);
    expect(made).toHaveLength(1);
    expect(a).toBe(made[0]);
    expect(b).toBe(a);
    expect(c).toBe(a);
  });

  it('makes a new one when the one it has is within a day of its expiry', async () => {
    let nowMs = 0;
    const made = stubCertificates(() => nowMs, 30 * dayMs);
    const { dtlsCertificate, certificateRenewBeforeMs } = await load();
    const first = await dtlsCertificate(nowMs);
    nowMs = 30 * dayMs - certificateRenewBeforeMs - 1;
    expect(await dtlsCertificate(nowMs)).toBe(first);
    nowMs += 2;
    const second = await dtlsCertificate(nowMs);
    expect(second).not.toBe(first);
    expect(made).toHaveLength(2);
    expect(second!.expires).toBeGreaterThan(nowMs + certificateRenewBeforeMs);
  });

  it('gives undefined when the browser cannot make one, and tries again on the next call', async () => {
    const made = stubCertificates(() => 0, 30 * dayMs, 1);
    const { dtlsCertificate } = await load();
    expect(await dtlsCertificate(0)).toBeUndefined();
    expect(await dtlsCertificate(0)).toBe(made[0]);
  });
});
