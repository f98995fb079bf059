import { describe, expect, it } from 'vitest';
import { snapshotFileName } from '../../../src/ui/format/snapshot-file-name';

describe('snapshotFileName', () => {
  it('is porthole-YYYYMMDD-HHMMSS.png in local time, zero-padded', () => {
    expect(snapshotFileName(new Date(2024, 0, 2, 3, 4, 5))).toBe('porthole-20240102-030405.png');
    expect(snapshotFileName(new Date(2025, 11, 31, 23, 59, 58))).toBe('porthole-20251231-235958.png');
  });
});
