import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rmsDb } from '../../src/ui/monitor/sound-level';
import { sceneLuma, writeSceneY4m, writeWav } from './test-media';

const dir = mkdtempSync(join(tmpdir(), 'porthole-media-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('test media', () => {
  it('a WAV of silence then a loud tone: a valid 48 kHz mono 16-bit header, silent then about −5 dBFS', () => {
    const path = join(dir, 'a.wav');
    writeWav(path, { silenceS: 1, toneS: 0.5 });
    const wav = readFileSync(path);
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.toString('ascii', 8, 16)).toBe('WAVEfmt ');
    expect([wav.readUInt16LE(22), wav.readUInt32LE(24), wav.readUInt16LE(34)]).toEqual([1, 48_000, 16]);
    expect(wav.readUInt32LE(40)).toBe(1.5 * 48_000 * 2);
    const samples = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, i) => wav.readInt16LE(44 + (from + i) * 2) / 32_768);
    expect(rmsDb(samples(0, 48_000))).toBe(-100);
    expect(rmsDb(samples(48_000, 72_000))).toBeCloseTo(-4.9, 0);
  });

  it('a Y4M scene: header, then every frame the size of an I420 picture', () => {
    const path = join(dir, 'a.y4m');
    writeSceneY4m(path, { widthPx: 32, heightPx: 18, stillFrames: 2, movingFrames: 3 });
    const y4m = readFileSync(path);
    const header = 'YUV4MPEG2 W32 H18 F10:1 Ip A1:1 C420jpeg\n';
    expect(y4m.toString('ascii', 0, header.length)).toBe(header);
    expect(y4m.length).toBe(header.length + 5 * ('FRAME\n'.length + 32 * 18 * 1.5));
  });

  it('the still scene only has noise; the moving block is bright', () => {
    const a = sceneLuma(64, 36, 4, 1);
    const b = sceneLuma(64, 36, 4, 2, 10);
    expect(Math.max(...a) - Math.min(...a)).toBeLessThanOrEqual(8);
    expect(b[18 * 64 + 15]).toBe(235);
  });
});
