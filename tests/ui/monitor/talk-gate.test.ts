import { describe, expect, it } from 'vitest';
import { TalkGate, talkAudioMuted, talkMaxMs } from '../../../src/ui/monitor/talk-gate';

describe('talkAudioMuted', () => {
  it('mutes the viewer audio unless the viewer says it talks and the person did not mute it', () => {
    expect(talkAudioMuted(false, false)).toBe(true); // audio on the line without talk:true
    expect(talkAudioMuted(true, true)).toBe(true);
    expect(talkAudioMuted(false, true)).toBe(false);
  });
});

describe('TalkGate', () => {
  it('is closed without talk:true', () => {
    const gate = new TalkGate();
    expect(gate.open(0)).toBe(false);
    gate.set(false, 0);
    expect(gate.open(10)).toBe(false);
  });

  it('caps one talk, and opens again only after a release and a new press', () => {
    const gate = new TalkGate();
    gate.set(true, 1000);
    expect(gate.open(1000 + talkMaxMs - 1)).toBe(true);
    expect(gate.remainingMs(1000 + talkMaxMs - 1)).toBe(1);
    expect(gate.open(1000 + talkMaxMs)).toBe(false);
    gate.set(true, 1000 + talkMaxMs + 5); // the same press repeated: still silent
    expect(gate.open(1000 + talkMaxMs + 10)).toBe(false);
    gate.set(false, 1000 + talkMaxMs + 20);
    gate.set(true, 1000 + talkMaxMs + 30);
    expect(gate.open(1000 + talkMaxMs + 40)).toBe(true);
  });
});
