/** The Barcode Detection API as the QR scanner uses it, and what its camera's failures mean. */

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
export type ScanStatus = 'starting' | 'scanning' | 'denied' | 'no-camera' | 'failed';

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

/** The scanner's status after opening the camera failed with `error`: refused, no camera, or another failure. */
export function scanStatusAfter(error: unknown): ScanStatus {
  const name = error instanceof Error ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'no-camera';
  return 'failed';
}
