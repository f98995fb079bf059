/**
 * How the QR scanner reads codes (the browser's Barcode Detection API where it reads QR codes,
 * else jsQR loaded on demand), whether this device can scan at all, and what camera failures mean.
 */

/** The part of a BarcodeDetector we use (the API is not yet in TypeScript's DOM types). */
export interface BarcodeDetectorLike {
  /** The codes seen in the video's current frame. */
  detect(source: HTMLVideoElement): Promise<Array<{ rawValue: string }>>;
}

/** The BarcodeDetector class, as far as we use it. */
export interface BarcodeDetectorClass {
  new (options: { formats: string[] }): BarcodeDetectorLike;
  /** The formats this browser reads (absent in some early versions). */
  getSupportedFormats?(): Promise<string[]>;
}

/** Where the scanning camera is. */
export type ScanStatus = 'starting' | 'scanning' | 'denied' | 'no-camera' | 'failed' | 'no-reader';

/** The browser's BarcodeDetector class, if it has one. */
export function barcodeDetector(scope: object = globalThis): BarcodeDetectorClass | undefined {
  return (scope as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
}

/** True where the Barcode Detection API exists and reads QR codes. */
export async function canScanQr(scope: object = globalThis): Promise<boolean> {
  const Detector = barcodeDetector(scope);
  if (!Detector) return false;
  try {
    return (await Detector.getSupportedFormats?.())?.includes('qr_code') ?? false;
  } catch {
    return false;
  }
}

/** A QR reader: the browser's own where it has one that reads QR codes, else jsQR (its own lazy chunk). */
export async function createQrDetector(scope: object = globalThis): Promise<BarcodeDetectorLike> {
  const Detector = barcodeDetector(scope);
  if (Detector && (await canScanQr(scope))) return new Detector({ formats: ['qr_code'] });
  const { JsQrDetector } = await import('./jsqr-detector');
  return new JsQrDetector();
}

/** The part of `navigator` that tells whether a camera can be opened. */
export interface CameraNavigator {
  /** Absent on insecure pages and in browsers without camera access. */
  mediaDevices?: Partial<Pick<MediaDevices, 'getUserMedia' | 'enumerateDevices'>>;
}

/**
 * False when this device certainly cannot open a camera (no getUserMedia, or a device list
 * without any camera); true otherwise (the list may hide cameras until permission is given).
 */
export async function mayHaveCamera(nav: CameraNavigator | undefined = globalThis.navigator): Promise<boolean> {
  const devices = nav?.mediaDevices;
  if (typeof devices?.getUserMedia !== 'function') return false;
  if (typeof devices.enumerateDevices !== 'function') return true;
  try {
    return (await devices.enumerateDevices()).some((device) => device.kind === 'videoinput');
  } catch {
    return true;
  }
}

/** The scanner's status after opening the camera failed with `error`: refused, no camera, or another failure. */
export function scanStatusAfter(error: unknown): ScanStatus {
  const name = error instanceof Error ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'no-camera';
  return 'failed';
}
