/**
 * A Y4M video of a QR code, for Chromium's fake camera (`--use-file-for-fake-video-capture`):
 * the `qrcode` package's module matrix drawn black on white into a grey I420 frame, no ffmpeg.
 */
import { writeFileSync } from 'node:fs';
import QRCode from 'qrcode';

/** The frame's size and how the code sits in it. */
export interface QrFrameOptions {
  /** Frame width in px (even). */
  widthPx?: number;
  /** Frame height in px (even). */
  heightPx?: number;
  /** Size of one QR module in px. */
  modulePx?: number;
}

/** The luma (Y) plane of one frame: the QR code centred with a 4-module quiet zone on grey. */
export function qrLumaPlane(text: string, { widthPx = 640, heightPx = 480, modulePx = 8 }: QrFrameOptions = {}) {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const quiet = 4;
  const sidePx = (modules.size + 2 * quiet) * modulePx;
  if (sidePx > widthPx || sidePx > heightPx) throw new Error(`QR code of ${sidePx} px does not fit the frame`);
  const luma = new Uint8Array(widthPx * heightPx).fill(128);
  const left = Math.floor((widthPx - sidePx) / 2);
  const top = Math.floor((heightPx - sidePx) / 2);
  for (let y = 0; y < sidePx; y++) {
    for (let x = 0; x < sidePx; x++) {
      const row = Math.floor(y / modulePx) - quiet;
      const col = Math.floor(x / modulePx) - quiet;
      const inside = row >= 0 && col >= 0 && row < modules.size && col < modules.size;
      luma[(top + y) * widthPx + left + x] = inside && modules.get(row, col) ? 16 : 235;
    }
  }
  return { luma, widthPx, heightPx };
}

/** Writes a Y4M file (`frames` identical 10 fps I420 frames) showing a QR code of `text` to `path`. */
export function writeQrY4m(path: string, text: string, options: QrFrameOptions = {}, frames = 2): void {
  const { luma, widthPx, heightPx } = qrLumaPlane(text, options);
  const chroma = new Uint8Array((widthPx / 2) * (heightPx / 2)).fill(128);
  const header = Buffer.from(`YUV4MPEG2 W${widthPx} H${heightPx} F10:1 Ip A1:1 C420jpeg\n`, 'ascii');
  const frame = Buffer.concat([Buffer.from('FRAME\n', 'ascii'), luma, chroma, chroma]);
  writeFileSync(path, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
}
