import { describe, expect, it } from 'vitest';
import { decodeSize, maxDecodeSidePx } from '../../../src/ui/scan/jsqr-detector';

describe('decodeSize', () => {
  it(`scales the longest side down to ${maxDecodeSidePx} px, keeping the shape`, () => {
    expect(decodeSize(1280, 720)).toEqual({ width: 640, height: 360 });
    expect(decodeSize(1080, 1920)).toEqual({ width: 360, height: 640 });
  });

  it('never scales up, and never returns an empty size', () => {
    expect(decodeSize(320, 240)).toEqual({ width: 320, height: 240 });
    expect(decodeSize(0, 0)).toEqual({ width: 1, height: 1 });
  });
});
