import { describe, expect, it } from 'vitest';
import { clipExtension, clipFileName } from '../../../src/ui/monitor/clip-file-name';

describe('clipFileName', () => {
  it('names the clip by local time and container', () => {
    const at = new Date(2026, 0, 2, 3, 4, 5);
    expect(clipFileName(at, 'video/webm;codecs=vp8,opus')).toBe('porthole-clip-20260102-030405.webm');
    expect(clipFileName(at, 'video/mp4')).toBe('porthole-clip-20260102-030405.mp4');
    expect(clipExtension('VIDEO/MP4;codecs=avc1')).toBe('mp4');
  });
});
