import { describe, expect, it } from 'vitest';
import { EchoFilter, echoWindowMs, maxEchoEntries } from '../../src/signaling/mqtt-echoes';

describe('EchoFilter', () => {
  it('drops one echo per publish of ours, on the same topic only', () => {
    const echoes = new EchoFilter();
    echoes.remember('a', 'x', 0);
    echoes.remember('a', 'x', 0);
    expect(echoes.isEcho('b', 'x', 1)).toBe(false);
    expect(echoes.isEcho('a', 'x', 1)).toBe(true);
    expect(echoes.isEcho('a', 'x', 1)).toBe(true);
    expect(echoes.isEcho('a', 'x', 1)).toBe(false); // a third copy is someone else's
  });

  it('lets a copy through once the window is over, and forgets the oldest beyond the limit', () => {
    const echoes = new EchoFilter();
    echoes.remember('a', 'late', 0);
    expect(echoes.isEcho('a', 'late', echoWindowMs + 1)).toBe(false);
    for (let i = 0; i <= maxEchoEntries; i += 1) echoes.remember('a', `m${i}`, 0);
    expect(echoes.isEcho('a', 'm0', 1)).toBe(false);
    expect(echoes.isEcho('a', `m${maxEchoEntries}`, 1)).toBe(true);
  });
});
