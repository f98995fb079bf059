import { describe, expect, it } from 'vitest';
import { maxChatChars } from '../../../src/protocol/peer-messages';
import { counterFromRemainingChars, draftHint } from '../../../src/ui/chat/draft-hint';

describe('draftHint', () => {
  it('says nothing while the limit is far', () => {
    expect(draftHint('')).toBeUndefined();
    expect(draftHint('x'.repeat(maxChatChars - counterFromRemainingChars - 1))).toBeUndefined();
  });

  it('counts the characters left near the limit', () => {
    expect(draftHint('x'.repeat(maxChatChars - counterFromRemainingChars))).toEqual({
      kind: 'remaining',
      count: counterFromRemainingChars,
    });
    expect(draftHint('x'.repeat(maxChatChars))).toEqual({ kind: 'remaining', count: 0 });
  });

  it('says how long a draft over the limit is', () => {
    expect(draftHint('x'.repeat(maxChatChars + 1))).toEqual({ kind: 'too-long', count: maxChatChars + 1 });
  });

  it('counts the text as it would be sent (trimmed)', () => {
    expect(draftHint(`   ${'x'.repeat(maxChatChars)}   `)).toEqual({ kind: 'remaining', count: 0 });
  });
});
