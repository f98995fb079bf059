/**
 * A QR reader for browsers without the Barcode Detection API (iOS Safari, desktop Linux and
 * Windows Chromium, Firefox): draws the video's current frame on a canvas and decodes it with
 * jsQR (pure JavaScript, no WebAssembly, nothing fetched at run time). Loaded on demand only.
 */
import jsQR from 'jsqr';

/** The longest side a frame is scaled down to before decoding, in px (bounds the work per frame). */
export const maxDecodeSidePx = 640;

/** The size a `width`×`height` frame is decoded at: scaled down to {@link maxDecodeSidePx}, never up. */
export function decodeSize(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, maxDecodeSidePx / Math.max(width, height, 1));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * Reads dark-on-light QR codes with jsQR (Porthole draws its codes black on white, in both
 * themes; skipping the inverted pass halves the work per frame); shaped like qr-support's
 * `BarcodeDetectorLike` (structurally: importing it back would make an import cycle).
 */
export class JsQrDetector {
  private canvas: HTMLCanvasElement | undefined;

  async detect(source: HTMLVideoElement): Promise<Array<{ rawValue: string }>> {
    if (source.videoWidth === 0 || source.videoHeight === 0) return [];
    const { width, height } = decodeSize(source.videoWidth, source.videoHeight);
    this.canvas ??= document.createElement('canvas');
    // Resizing clears and reallocates the canvas: only when the camera's size changed.
    if (this.canvas.width !== width) this.canvas.width = width;
    if (this.canvas.height !== height) this.canvas.height = height;
    const context = this.canvas.getContext('2d', { willReadFrequently: true });
    if (!context) return [];
    context.drawImage(source, 0, 0, width, height);
    const { data } = context.getImageData(0, 0, width, height);
    const code = jsQR(data, width, height, { inversionAttempts: 'dontInvert' });
    return code ? [{ rawValue: code.data }] : [];
  }
}
