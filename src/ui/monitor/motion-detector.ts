/**
 * The motion alert's detector, pure: small grey frames (the viewer samples its video into a
 * 64×36 canvas a few times a second), the share of pixels in a region that changed by more than a
 * noise floor, and a threshold from the person's sensitivity.
 */
import type { MotionRegion } from '../../storage/monitor-settings';

/** A grey frame: one byte of luma per pixel, row by row. */
export interface GreyFrame {
  width: number;
  height: number;
  luma: Uint8Array;
}

/** How much a pixel must change (0 … 255, after the frames' mean brightness is evened out) to count. */
export const noiseFloor = 24;

/** The changed share of the region that counts as motion, for sensitivity 1 … 10. */
const thresholds = [0.2, 0.12, 0.08, 0.05, 0.03, 0.02, 0.012, 0.008, 0.005, 0.003];

/** The changed share of the region (0 … 1) that counts as motion at `sensitivity` (1 … 10). */
export function sensitivityThreshold(sensitivity: number): number {
  const index = Math.min(thresholds.length, Math.max(1, Math.round(sensitivity))) - 1;
  return thresholds[index]!;
}

/** RGBA pixels (a canvas's ImageData) as a grey frame (Rec. 601 luma). */
export function greyFrame(rgba: ArrayLike<number>, width: number, height: number): GreyFrame {
  const luma = new Uint8Array(width * height);
  for (let i = 0; i < luma.length; i++) {
    const at = i * 4;
    luma[i] = (77 * rgba[at]! + 150 * rgba[at + 1]! + 29 * rgba[at + 2]!) >> 8;
  }
  return { width, height, luma };
}

/** A rectangle in pixels: `[x0, y0, x1, y1)`. */
export type PixelRect = [x0: number, y0: number, x1: number, y1: number];

/** The pixels of `region` in a `width`×`height` frame. */
export function regionRect(region: MotionRegion, width: number, height: number): PixelRect {
  const halfW = Math.round(width / 2);
  const halfH = Math.round(height / 2);
  switch (region) {
    case 'top':
      return [0, 0, width, halfH];
    case 'bottom':
      return [0, halfH, width, height];
    case 'left':
      return [0, 0, halfW, height];
    case 'right':
      return [halfW, 0, width, height];
    case 'centre':
      return [Math.round(width / 4), Math.round(height / 4), Math.round((3 * width) / 4), Math.round((3 * height) / 4)];
    default:
      return [0, 0, width, height];
  }
}

/**
 * The share (0 … 1) of `region`'s pixels that changed by more than {@link noiseFloor} between two
 * frames of the same size; each frame's mean brightness in the region is taken out first, so a
 * camera's exposure change or a light dimming is not motion. Frames of different sizes: 0.
 */
export function changedShare(previous: GreyFrame, next: GreyFrame, region: MotionRegion = 'all'): number {
  if (previous.width !== next.width || previous.height !== next.height) return 0;
  const [x0, y0, x1, y1] = regionRect(region, next.width, next.height);
  const count = (x1 - x0) * (y1 - y0);
  if (count <= 0) return 0;
  let sumA = 0;
  let sumB = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      sumA += previous.luma[y * next.width + x]!;
      sumB += next.luma[y * next.width + x]!;
    }
  }
  const shift = (sumB - sumA) / count;
  let changed = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const at = y * next.width + x;
      if (Math.abs(next.luma[at]! - previous.luma[at]! - shift) > noiseFloor) changed += 1;
    }
  }
  return changed / count;
}

/** What {@link MotionHold} compares against. */
export interface MotionHoldOptions {
  /** Sensitivity 1 … 10 (see {@link sensitivityThreshold}). */
  sensitivity: number;
  /** How many samples in a row must show motion (one decoding glitch is not motion). */
  samples: number;
}

/** Says when motion was seen in enough samples in a row: true once per stretch of motion, re-armed by a still sample. */
export class MotionHold {
  private run = 0;

  constructor(public options: MotionHoldOptions) {}

  /** Takes one sample's changed share; true when this sample completes the run. */
  feed(share: number): boolean {
    if (share < sensitivityThreshold(this.options.sensitivity)) {
      this.run = 0;
      return false;
    }
    this.run += 1;
    return this.run === this.options.samples;
  }
}
