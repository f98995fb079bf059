import { describe, expect, it } from 'vitest';
import { fireEvent } from '../../src/ui/fire-event';

describe('fireEvent', () => {
  it('dispatches a bubbling, composed, not cancelable CustomEvent carrying the detail', () => {
    const target = new EventTarget();
    const seen: CustomEvent[] = [];
    target.addEventListener('porthole-chat-send', (event) => seen.push(event as CustomEvent));
    const detail = { text: 'hi', message: { t: 'chat', text: 'hi', at: 1 } } as const;
    expect(fireEvent(target, 'porthole-chat-send', detail)).toBe(true);
    expect(seen).toHaveLength(1);
    const [event] = seen;
    expect(event).toBeInstanceOf(CustomEvent);
    expect(event!.type).toBe('porthole-chat-send');
    expect(event!.detail).toBe(detail);
    expect(event!.bubbles).toBe(true);
    expect(event!.composed).toBe(true);
    expect(event!.cancelable).toBe(false);
  });
});
