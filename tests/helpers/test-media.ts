/**
 * Small test media for Chromium's fake devices, written at test time (no ffmpeg): a WAV for the
 * fake microphone (`--use-file-for-fake-audio-capture`) and Y4M scenes for the fake camera
 * (`--use-file-for-fake-video-capture`). Chromium loops both files.
 */
import { writeFileSync } from 'node:fs';

/** A WAV's content: `silenceS` seconds of silence, then `toneS` seconds of a sine (mono, 16-bit). */
export interface WavOptions {
  sampleRateHz?: number;
  silenceS: number;
  toneS: number;
  toneHz?: number;
  /** The tone's peak, 0 … 1 of full scale. */
  amplitude?: number;
}

/** Writes a 16-bit mono PCM WAV: silence, then a tone. */
export function writeWav(
  path: string,
  { sampleRateHz = 48_000, silenceS, toneS, toneHz = 880, amplitude = 0.8 }: WavOptions,
): void {
  const silent = Math.round(silenceS * sampleRateHz);
  const count = silent + Math.round(toneS * sampleRateHz);
  const data = Buffer.alloc(count * 2);
  for (let i = silent; i < count; i++) {
    data.writeInt16LE(
      Math.round(amplitude * 32_767 * Math.sin((2 * Math.PI * toneHz * (i - silent)) / sampleRateHz)),
      i * 2,
    );
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16); // fmt chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRateHz, 24);
  header.writeUInt32LE(sampleRateHz * 2, 28); // bytes per second
  header.writeUInt16LE(2, 32); // block align
  header.writeUInt16LE(16, 34); // bits per sample
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  writeFileSync(path, Buffer.concat([header, data]));
}

/** A Y4M scene: a grey room with a little sensor noise, still, then (optionally) a block moving across it. */
export interface SceneOptions {
  widthPx?: number;
  heightPx?: number;
  fps?: number;
  /** Frames of the still scene. */
  stillFrames: number;
  /** Frames with a bright block moving left to right after the still ones. */
  movingFrames?: number;
  /** Noise on each pixel, ± luma levels. */
  noise?: number;
}

/** The luma plane of one scene frame; `blockX` places the moving block (undefined = none). */
export function sceneLuma(widthPx: number, heightPx: number, noise: number, seed: number, blockX?: number): Uint8Array {
  let s = seed * 7919 + 1;
  const random = (): number => {
    s = (s * 1_103_515_245 + 12_345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
  const luma = new Uint8Array(widthPx * heightPx);
  for (let i = 0; i < luma.length; i++) luma[i] = 90 + Math.round((random() * 2 - 1) * noise);
  if (blockX !== undefined) {
    const side = Math.round(heightPx / 3);
    const top = Math.round((heightPx - side) / 2);
    for (let y = top; y < top + side; y++) {
      for (let x = Math.max(0, blockX); x < Math.min(widthPx, blockX + side); x++) luma[y * widthPx + x] = 235;
    }
  }
  return luma;
}

/** Writes the scene as an I420 Y4M (grey: chroma at 128). */
export function writeSceneY4m(
  path: string,
  { widthPx = 320, heightPx = 180, fps = 10, stillFrames, movingFrames = 0, noise = 4 }: SceneOptions,
): void {
  const chroma = Buffer.alloc((widthPx / 2) * (heightPx / 2), 128);
  const header = Buffer.from(`YUV4MPEG2 W${widthPx} H${heightPx} F${fps}:1 Ip A1:1 C420jpeg\n`, 'ascii');
  const frames: Buffer[] = [];
  const total = stillFrames + movingFrames;
  for (let i = 0; i < total; i++) {
    const moving = i - stillFrames;
    const blockX = moving >= 0 ? Math.round((moving / Math.max(1, movingFrames)) * widthPx) : undefined;
    frames.push(
      Buffer.from('FRAME\n', 'ascii'),
      Buffer.from(sceneLuma(widthPx, heightPx, noise, i, blockX)),
      chroma,
      chroma,
    );
  }
  writeFileSync(path, Buffer.concat([header, ...frames]));
}
