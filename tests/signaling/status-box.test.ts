import { describe, expect, it } from 'vitest';
import { StatusBox } from '../../src/signaling/status-box';

describe('StatusBox', () => {
  it('merges updates, clears the error unless repeated, and notifies listeners', () => {
    const box = new StatusBox('wss://example');
    const seen: unknown[] = [];
    const off = box.listen((status) => seen.push(status));
    box.update({ state: 'reconnecting', attempt: 2, error: 'refused' });
    box.update({ state: 'connected', attempt: 0 });
    off();
    box.update({ state: 'closed' });
    expect(seen).toEqual([
      { state: 'reconnecting', endpoint: 'wss://example', attempt: 2, error: 'refused' },
      { state: 'connected', endpoint: 'wss://example', attempt: 0 },
    ]);
    expect(box.status).toEqual({ state: 'closed', endpoint: 'wss://example', attempt: 0 });
  });
});
