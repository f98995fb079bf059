import { describe, expect, it } from 'vitest';
import {
  changedShare,
  type GreyFrame,
  greyFrame,
  MotionHold,
  regionRect,
  sensitivityThreshold,
} from '../../../src/ui/monitor/motion-detector';

const width = 64;
const height = 36;

/** A seeded pseudo-random number source (reproducible noise). */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

/** A grey scene with ±`noise` per pixel, `brightness` added, and optionally a white block at (`x`, `y`). */
function scene(
  seed: number,
  { noise = 6, brightness = 0, block }: { noise?: number; brightness?: number; block?: [number, number, number] } = {},
): GreyFrame {
  const next = random(seed);
  const luma = new Uint8Array(width * height);
  for (let i = 0; i < luma.length; i++) luma[i] = 100 + brightness + Math.round((next() * 2 - 1) * noise);
  if (block) {
    const [bx, by, side] = block;
    for (let y = by; y < by + side; y++) for (let x = bx; x < bx + side; x++) luma[y * width + x] = 230;
  }
  return { width, height, luma };
}

describe('motion', () => {
  it('a still scene with sensor noise is not motion at any sensitivity', () => {
    const share = changedShare(scene(1), scene(2));
    expect(share).toBe(0);
    expect(new MotionHold({ sensitivity: 10, samples: 1 }).feed(share)).toBe(false);
  });

  it('the whole picture getting brighter (exposure, a lamp) is not motion', () => {
    expect(changedShare(scene(1), scene(2, { brightness: 60 }))).toBe(0);
  });

  it('a block moving is motion: old and new place changed', () => {
    const share = changedShare(scene(1, { block: [4, 4, 8] }), scene(2, { block: [30, 20, 8] }));
    expect(share).toBeCloseTo((2 * 64) / (width * height), 2);
    expect(share).toBeGreaterThan(sensitivityThreshold(5));
    expect(share).toBeLessThan(sensitivityThreshold(1));
  });

  it('a region only counts its own pixels', () => {
    const before = scene(1, { block: [4, 24, 8] });
    const after = scene(2, { block: [40, 24, 8] }); // bottom half only
    expect(changedShare(before, after, 'top')).toBe(0);
    expect(changedShare(before, after, 'bottom')).toBeGreaterThan(0.05);
    expect(regionRect('centre', 64, 36)).toEqual([16, 9, 48, 27]);
    expect(regionRect('right', 64, 36)).toEqual([32, 0, 64, 36]);
  });

  it('frames of different sizes (the stream changed resolution) are not motion', () => {
    expect(changedShare(scene(1), { width: 32, height: 18, luma: new Uint8Array(32 * 18) })).toBe(0);
  });

  it('sensitivity: higher means a smaller change counts; out-of-range values are clamped', () => {
    expect(sensitivityThreshold(10)).toBeLessThan(sensitivityThreshold(1));
    expect(sensitivityThreshold(99)).toBe(sensitivityThreshold(10));
    expect(sensitivityThreshold(-3)).toBe(sensitivityThreshold(1));
  });

  it('MotionHold fires once per run of motion samples and re-arms on a still one', () => {
    const hold = new MotionHold({ sensitivity: 5, samples: 2 });
    const fired = [0.1, 0, 0.1, 0.1, 0.1, 0, 0.1, 0.1].map((share) => hold.feed(share));
    expect(fired).toEqual([false, false, false, true, false, false, false, true]);
  });

  it('greyFrame turns RGBA into luma', () => {
    const rgba = new Uint8ClampedArray([255, 255, 255, 255, 0, 0, 0, 255, 255, 0, 0, 255]);
    expect([...greyFrame(rgba, 3, 1).luma]).toEqual([255, 0, 76]);
  });
});
