import { describe, expect, it } from 'vitest';
import { roomSettled } from '../../src/pwa/room-settled';

/** The two attribute reads `roomSettled` makes, on a root with `attributes`. */
function root(attributes: Record<string, string>): Element {
  return {
    getAttribute: (name: string) => attributes[name] ?? null,
    hasAttribute: (name: string) => name in attributes,
  } as unknown as Element;
}

describe('roomSettled', () => {
  it('is settled off a room route, whatever the root shows', () => {
    for (const hash of ['', '#/', '#/grid', '#/settings', '#/viewer']) {
      expect(roomSettled(root({ 'data-state': 'init' }), hash)).toBe(true);
    }
  });

  it('waits on a room route while the root shows nothing yet or init without a reason', () => {
    for (const hash of ['#/view?r=abc', '#/send', '#/send?via=x', '#view?r=abc', '#/view/?r=abc']) {
      expect(roomSettled(root({}), hash)).toBe(false);
      expect(roomSettled(root({ 'data-state': 'init', 'data-role': 'viewer' }), hash)).toBe(false);
    }
  });

  it('is settled once the room is past init, or init waits on the person (a reason)', () => {
    const hash = '#/view?r=abc';
    for (const state of ['waiting', 'active', 'error'])
      expect(roomSettled(root({ 'data-state': state }), hash)).toBe(true);
    expect(roomSettled(root({ 'data-state': 'init', 'data-reason': 'token' }), hash)).toBe(true);
  });
});
