import { describe, expect, it } from 'vitest';
import { JsQrDetector } from '../../../src/ui/scan/jsqr-detector';
import {
  barcodeDetector,
  canScanQr,
  createQrDetector,
  mayHaveCamera,
  scanStatusAfter,
} from '../../../src/ui/scan/qr-support';

/** A stand-in BarcodeDetector class reading `formats` (or failing to say). */
function detectorReading(formats: string[] | Error | undefined) {
  return class {
    static getSupportedFormats =
      formats === undefined
        ? undefined
        : async (): Promise<string[]> => {
            if (formats instanceof Error) throw formats;
            return formats;
          };
    async detect(): Promise<Array<{ rawValue: string }>> {
      return [];
    }
  };
}

describe('canScanQr', () => {
  it('is true only where a BarcodeDetector reads QR codes', async () => {
    expect(await canScanQr({})).toBe(false);
    expect(await canScanQr({ BarcodeDetector: detectorReading(['qr_code', 'ean_13']) })).toBe(true);
    expect(await canScanQr({ BarcodeDetector: detectorReading(['ean_13']) })).toBe(false);
  });

  it('is false when the browser cannot say what it reads', async () => {
    expect(await canScanQr({ BarcodeDetector: detectorReading(undefined) })).toBe(false);
    expect(await canScanQr({ BarcodeDetector: detectorReading(new Error('boom')) })).toBe(false);
  });
});

describe('barcodeDetector', () => {
  it('finds the class on the scope, or nothing', () => {
    const Detector = detectorReading(['qr_code']);
    expect(barcodeDetector({ BarcodeDetector: Detector })).toBe(Detector);
    expect(barcodeDetector({})).toBeUndefined();
  });
});

describe('scanStatusAfter', () => {
  const named = (name: string): Error => Object.assign(new Error(name), { name });

  it('tells a refusal, a missing camera and other failures apart', () => {
    expect(scanStatusAfter(named('NotAllowedError'))).toBe('denied');
    expect(scanStatusAfter(named('SecurityError'))).toBe('denied');
    expect(scanStatusAfter(named('NotFoundError'))).toBe('no-camera');
    expect(scanStatusAfter(named('OverconstrainedError'))).toBe('no-camera');
    expect(scanStatusAfter(named('NotReadableError'))).toBe('failed');
    expect(scanStatusAfter('not an error')).toBe('failed');
  });
});

describe('createQrDetector', () => {
  it('uses the browser detector where it reads QR codes', async () => {
    const Detector = detectorReading(['qr_code']);
    expect(await createQrDetector({ BarcodeDetector: Detector })).toBeInstanceOf(Detector);
  });

  it('falls back to jsQR where there is no detector, or one that does not read QR codes', async () => {
    expect(await createQrDetector({})).toBeInstanceOf(JsQrDetector);
    expect(await createQrDetector({ BarcodeDetector: detectorReading(['ean_13']) })).toBeInstanceOf(JsQrDetector);
  });
});

describe('mayHaveCamera', () => {
  const getUserMedia = async () => new MediaStreamStandIn();
  class MediaStreamStandIn {}
  const listing = (kinds: string[]) => async () => kinds.map((kind) => ({ kind }) as MediaDeviceInfo);

  it('is false without getUserMedia (insecure page, no camera API)', async () => {
    expect(await mayHaveCamera(undefined)).toBe(false);
    expect(await mayHaveCamera({})).toBe(false);
    expect(await mayHaveCamera({ mediaDevices: {} })).toBe(false);
  });

  it('follows the device list when there is one, and hopes when it cannot tell', async () => {
    const gum = getUserMedia as unknown as MediaDevices['getUserMedia'];
    expect(
      await mayHaveCamera({ mediaDevices: { getUserMedia: gum, enumerateDevices: listing(['audioinput']) } }),
    ).toBe(false);
    expect(
      await mayHaveCamera({
        mediaDevices: { getUserMedia: gum, enumerateDevices: listing(['audioinput', 'videoinput']) },
      }),
    ).toBe(true);
    expect(await mayHaveCamera({ mediaDevices: { getUserMedia: gum } })).toBe(true);
    const failing = async (): Promise<MediaDeviceInfo[]> => {
      throw new Error('nope');
    };
    expect(await mayHaveCamera({ mediaDevices: { getUserMedia: gum, enumerateDevices: failing } })).toBe(true);
  });
});
