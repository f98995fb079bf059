import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { qrLumaPlane, writeQrY4m } from './qr-y4m';

describe('qr-y4m', () => {
  it('draws a QR code that jsQR reads back', () => {
    const text = 'http://127.0.0.1:1234/#/view?r=AAAAAAAAAAAAAAAAAAAAAA';
    const { luma, widthPx, heightPx } = qrLumaPlane(text);
    const rgba = new Uint8ClampedArray(widthPx * heightPx * 4);
    luma.forEach((y, i) => {
      rgba.set([y, y, y, 255], i * 4);
    });
    expect(jsQR(rgba, widthPx, heightPx)?.data).toBe(text);
  });

  it('writes a Y4M header and whole I420 frames', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qr-y4m-'));
    try {
      const file = join(dir, 'qr.y4m');
      writeQrY4m(file, 'hello', { widthPx: 320, heightPx: 240, modulePx: 6 }, 3);
      const bytes = readFileSync(file);
      const header = 'YUV4MPEG2 W320 H240 F10:1 Ip A1:1 C420jpeg\n';
      expect(bytes.subarray(0, header.length).toString('ascii')).toBe(header);
      expect(bytes.length).toBe(header.length + 3 * (6 + 320 * 240 * 1.5));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
