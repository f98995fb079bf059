/** The typed emitter: listeners in order, and held events for an owner that starts before anyone listens. */
import { describe, expect, it } from 'vitest';
import { Emitter } from '../../src/rtc/emitter';

interface Events {
  stream(name: string | null): void;
  message(text: string): void;
  change(): void;
}

describe('Emitter.hold', () => {
  it('keeps the last events of a held type while nobody listens, for the first listener (on a microtask)', async () => {
    const events = new Emitter<Events>();
    events.hold('stream', 1);
    events.hold('message', 2);
    events.emit('stream', 'first');
    events.emit('stream', 'second');
    events.emit('message', 'a');
    events.emit('message', 'b');
    events.emit('message', 'c');
    events.emit('change'); // not held: gone
    const seen: string[] = [];
    events.on('stream', (name) => seen.push(`stream ${name}`));
    events.on('message', (text) => seen.push(`message ${text}`));
    events.on('change', () => seen.push('change'));
    expect(seen).toEqual([]);
    await Promise.resolve();
    expect(seen).toEqual(['stream second', 'message b', 'message c']);
  });

  it('holds nothing while someone listens, and delivers held events once', async () => {
    const events = new Emitter<Events>();
    events.hold('message', 4);
    const first: string[] = [];
    const off = events.on('message', (text) => first.push(text));
    events.emit('message', 'live');
    expect(first).toEqual(['live']);
    off();
    events.emit('message', 'held');
    const second: string[] = [];
    events.on('message', (text) => second.push(text));
    events.on('message', (text) => second.push(`again ${text}`));
    await Promise.resolve();
    expect(second).toEqual(['held', 'again held']);
    await Promise.resolve();
    expect(second).toHaveLength(2);
  });

  it('delivers held events before a live one emitted before their microtask', async () => {
    const events = new Emitter<Events>();
    events.hold('stream', 1);
    events.emit('stream', 'old connection');
    const seen: (string | null)[] = [];
    events.on('stream', (name) => seen.push(name));
    events.emit('stream', null); // the old connection closed, before the held event's microtask
    await Promise.resolve();
    expect(seen).toEqual(['old connection', null]);
  });

  it('dropHeld forgets what no longer applies; a listener gone before delivery leaves them for the next', async () => {
    const events = new Emitter<Events>();
    events.hold('message', 4);
    events.emit('message', 'of the old connection');
    events.dropHeld('message');
    events.emit('message', 'kept');
    const off = events.on('message', () => undefined);
    off();
    await Promise.resolve();
    const seen: string[] = [];
    events.on('message', (text) => seen.push(text));
    await Promise.resolve();
    expect(seen).toEqual(['kept']);
  });
});
