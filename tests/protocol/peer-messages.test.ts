import { describe, expect, it } from 'vitest';
import {
  acceptedBy,
  bitrateCapsKbps,
  chatMessage,
  defaultRequest,
  chatTextProblem,
  cleanChatText,
  infoMessage,
  maxChatChars,
  maxPeerNameChars,
  parsePeerMessage,
  pauseMessage,
  pauseReason,
  smallHeightsPx,
  statusMessage,
} from '../../src/protocol/peer-messages';

describe('parsePeerMessage accepts', () => {
  const valid = [
    { t: 'chat', text: 'hello', at: 0 },
    { t: 'chat', text: 'line one\nline two\tindented', at: 1_700_000_000_000 },
    { t: 'chat', text: 'x'.repeat(maxChatChars), at: 5 },
    { t: 'chat', text: '你好，看得见吗？', at: 12.5 },
    { t: 'pause', paused: true },
    { t: 'pause', paused: false },
    { t: 'pause', paused: true, reason: 'phone' },
    { t: 'pause', paused: false, reason: 'phone' },
    { t: 'info', name: 'Kitchen phone' },
    { t: 'info', name: '' },
    { t: 'info', name: 'n'.repeat(maxPeerNameChars) },
    { t: 'retired' },
  ];
  valid.forEach((message, i) => {
    it(`#${i} ${message.t}`, () => {
      expect(parsePeerMessage(message)).toEqual(message);
      expect(parsePeerMessage(JSON.parse(JSON.stringify(message)))).toEqual(message);
    });
  });

  it('returns a fresh object without unknown fields', () => {
    const input = { t: 'chat', text: 'hi', at: 1, extra: '<script>', __proto__: { polluted: true } };
    const out = parsePeerMessage(input);
    expect(out).toEqual({ t: 'chat', text: 'hi', at: 1 });
    expect(out).not.toBe(input);
    expect(Object.keys(out!)).toEqual(['t', 'text', 'at']);
  });

  it('trims chat text and removes control characters except newline and tab', () => {
    expect(parsePeerMessage({ t: 'chat', text: '  a\u0000b\u0007c\r\nd\te\u001b[31m\u007f\u0085  ', at: 1 })).toEqual({
      t: 'chat',
      text: 'abc\nd\te[31m',
      at: 1,
    });
  });

  it('removes bidi overrides from chat text', () => {
    expect(parsePeerMessage({ t: 'chat', text: 'abc\u202egnp.exe', at: 1 })).toEqual({
      t: 'chat',
      text: 'abcgnp.exe',
      at: 1,
    });
  });

  it('trims info names', () => {
    expect(parsePeerMessage({ t: 'info', name: '  Porch  ' })).toEqual({ t: 'info', name: 'Porch' });
  });
});

describe('pause reason', () => {
  it('no reason, "person", or an unknown reason string is the person', () => {
    for (const reason of [undefined, 'person', 'battery', '']) {
      const message = parsePeerMessage({ t: 'pause', paused: true, ...(reason === undefined ? {} : { reason }) });
      expect(message).toEqual({ t: 'pause', paused: true });
      expect(message?.t === 'pause' && pauseReason(message)).toBe('person');
    }
  });

  it('"phone" is the phone (the page went to the background)', () => {
    const message = parsePeerMessage(JSON.parse(JSON.stringify(pauseMessage(true, 'phone'))));
    expect(message?.t === 'pause' && pauseReason(message)).toBe('phone');
  });

  it('keeps only known fields', () => {
    const out = parsePeerMessage({ t: 'pause', paused: true, reason: 'phone', extra: 1 });
    expect(Object.keys(out!)).toEqual(['t', 'paused', 'reason']);
  });
});

describe('parsePeerMessage rejects', () => {
  const bad: Array<[string, unknown]> = [
    ['null', null],
    ['a string', 'chat'],
    ['a number', 42],
    ['an array', [{ t: 'pause', paused: true }]],
    ['unknown t', { t: 'ping' }],
    ['missing t', { text: 'hi', at: 1 }],
    ['chat without text', { t: 'chat', at: 1 }],
    ['chat with numeric text', { t: 'chat', text: 5, at: 1 }],
    ['chat with empty text', { t: 'chat', text: '', at: 1 }],
    ['chat with only spaces', { t: 'chat', text: '   \n\t ', at: 1 }],
    ['chat with only control characters', { t: 'chat', text: '\u0000\u0001\u202e', at: 1 }],
    ['chat text too long', { t: 'chat', text: 'x'.repeat(maxChatChars + 1), at: 1 }],
    ['chat without at', { t: 'chat', text: 'hi' }],
    ['chat with negative at', { t: 'chat', text: 'hi', at: -1 }],
    ['chat with NaN at', { t: 'chat', text: 'hi', at: Number.NaN }],
    ['chat with infinite at', { t: 'chat', text: 'hi', at: Infinity }],
    ['chat with string at', { t: 'chat', text: 'hi', at: '1' }],
    ['pause without paused', { t: 'pause' }],
    ['pause with string paused', { t: 'pause', paused: 'true' }],
    ['pause with numeric paused', { t: 'pause', paused: 1 }],
    ['pause with numeric reason', { t: 'pause', paused: true, reason: 1 }],
    ['pause with null reason', { t: 'pause', paused: true, reason: null }],
    ['pause with object reason', { t: 'pause', paused: true, reason: { phone: true } }],
    ['info without name', { t: 'info' }],
    ['info with numeric name', { t: 'info', name: 7 }],
    ['info name too long', { t: 'info', name: 'n'.repeat(maxPeerNameChars + 1) }],
    ['info name with newline', { t: 'info', name: 'a\nb' }],
    ['info name with tab', { t: 'info', name: 'a\tb' }],
    ['info name with bidi override', { t: 'info', name: 'a\u202eb' }],
  ];
  for (const [what, input] of bad) {
    it(what, () => expect(parsePeerMessage(input)).toBeNull());
  }
});

describe('chatMessage (outgoing)', () => {
  it('builds a chat message with the given time', () => {
    expect(chatMessage('  hello there ', 1234)).toEqual({ t: 'chat', text: 'hello there', at: 1234 });
  });

  it('refuses empty and blank text', () => {
    expect(chatMessage('', 1)).toBeNull();
    expect(chatMessage('  \n ', 1)).toBeNull();
  });

  it('accepts exactly the limit and refuses one more', () => {
    expect(chatMessage('y'.repeat(maxChatChars), 1)).toEqual({ t: 'chat', text: 'y'.repeat(maxChatChars), at: 1 });
    expect(chatMessage('y'.repeat(maxChatChars + 1), 1)).toBeNull();
  });

  it('measures the length after trimming', () => {
    expect(chatMessage(`   ${'z'.repeat(maxChatChars)}   `, 1)).not.toBeNull();
  });

  it('refuses a bad clock', () => {
    expect(chatMessage('hi', -5)).toBeNull();
    expect(chatMessage('hi', Number.NaN)).toBeNull();
  });

  it('round-trips through parsePeerMessage', () => {
    const message = chatMessage('<img src=x onerror=alert(1)>', 99)!;
    expect(parsePeerMessage(JSON.parse(JSON.stringify(message)))).toEqual(message);
  });
});

describe('helpers', () => {
  it('cleanChatText keeps newlines and tabs inside', () => {
    expect(cleanChatText('\u0000 a\nb\tc \u0000')).toBe('a\nb\tc');
  });

  it('chatTextProblem names the problem', () => {
    expect(chatTextProblem('')).toBe('empty');
    expect(chatTextProblem('\u0001')).toBe('empty');
    expect(chatTextProblem('x'.repeat(maxChatChars + 1))).toBe('too-long');
    expect(chatTextProblem('ok')).toBeNull();
  });

  it('pauseMessage and infoMessage', () => {
    expect(pauseMessage(true)).toEqual({ t: 'pause', paused: true });
    expect(pauseMessage(true, 'person')).toEqual({ t: 'pause', paused: true });
    expect(pauseMessage(true, 'phone')).toEqual({ t: 'pause', paused: true, reason: 'phone' });
    expect(infoMessage(' Porch ')).toEqual({ t: 'info', name: 'Porch' });
    expect(infoMessage('a\nb')).toBeNull();
    expect(infoMessage('n'.repeat(maxPeerNameChars + 1))).toBeNull();
  });
});

describe('status (sender → viewer)', () => {
  const full = {
    t: 'status',
    battery: 0.14,
    charging: false,
    limit: 'cpu',
    torch: true,
    audioOnly: true,
    capKbps: 500,
  };

  it('accepts a full status and one without battery or torch', () => {
    expect(parsePeerMessage(full)).toEqual(full);
    expect(parsePeerMessage({ t: 'status', limit: 'none', audioOnly: false, capKbps: 0 })).toEqual({
      t: 'status',
      limit: 'none',
      audioOnly: false,
      capKbps: 0,
    });
    for (const battery of [0, 1, 0.5]) expect(parsePeerMessage({ ...full, battery })).toEqual({ ...full, battery });
  });

  it('carries the picture height applied; absent, 0 or one not offered = full', () => {
    expect(parsePeerMessage({ ...full, maxHeight: 180 })).toEqual({ ...full, maxHeight: 180 });
    for (const maxHeight of [undefined, 0, 720]) expect(parsePeerMessage({ ...full, maxHeight })).toEqual(full);
    expect(parsePeerMessage({ ...full, maxHeight: '180' })).toBeNull();
  });

  it('drops unknown fields', () => {
    const out = parsePeerMessage({ ...full, temperature: 80, html: '<b>' });
    expect(Object.keys(out!)).toEqual(['t', 'battery', 'charging', 'limit', 'torch', 'audioOnly', 'capKbps']);
  });

  const bad: Array<[string, unknown]> = [
    ['battery above 1', { ...full, battery: 1.01 }],
    ['battery below 0', { ...full, battery: -0.1 }],
    ['battery NaN', { ...full, battery: Number.NaN }],
    ['battery as a string', { ...full, battery: '0.5' }],
    ['battery null', { ...full, battery: null }],
    ['charging as a string', { ...full, charging: 'yes' }],
    ['unknown limit', { ...full, limit: 'heat' }],
    ['no limit', { ...full, limit: undefined }],
    ['torch as a number', { ...full, torch: 1 }],
    ['audioOnly missing', { ...full, audioOnly: undefined }],
    ['a cap not offered', { ...full, capKbps: 123 }],
    ['a cap as a string', { ...full, capKbps: '500' }],
  ];
  for (const [what, input] of bad) it(`rejects ${what}`, () => expect(parsePeerMessage(input)).toBeNull());

  it('statusMessage builds a checked status', () => {
    expect(statusMessage({ limit: 'bandwidth', audioOnly: false, capKbps: 250 })).toEqual({
      t: 'status',
      limit: 'bandwidth',
      audioOnly: false,
      capKbps: 250,
    });
  });
});

describe('request (viewer → sender)', () => {
  const wish = { t: 'request', audioOnly: true, capKbps: 250, torch: false, talk: true };

  it('accepts every offered cap', () => {
    for (const capKbps of bitrateCapsKbps) expect(parsePeerMessage({ ...wish, capKbps })).toEqual({ ...wish, capKbps });
    expect(parsePeerMessage(defaultRequest)).toEqual(defaultRequest);
  });

  it('accepts every offered picture height; absent, 0 or a height not offered (a newer viewer) = full', () => {
    for (const maxHeight of smallHeightsPx) {
      expect(parsePeerMessage({ ...wish, maxHeight })).toEqual({ ...wish, maxHeight });
    }
    for (const maxHeight of [undefined, 0, 240, -1, 1e9, Number.NaN]) {
      const parsed = parsePeerMessage({ ...wish, maxHeight });
      expect(parsed).toEqual(wish);
      expect(parsed).not.toHaveProperty('maxHeight');
    }
  });

  it('drops unknown fields', () => {
    expect(Object.keys(parsePeerMessage({ ...wish, zoom: 5 })!)).toEqual([
      't',
      'audioOnly',
      'capKbps',
      'torch',
      'talk',
    ]);
  });

  const bad: Array<[string, unknown]> = [
    ['without talk', { ...wish, talk: undefined }],
    ['torch as a string', { ...wish, torch: 'on' }],
    ['audioOnly as a number', { ...wish, audioOnly: 0 }],
    ['a cap not offered', { ...wish, capKbps: 100_000 }],
    ['a negative cap', { ...wish, capKbps: -1 }],
    ['no cap', { ...wish, capKbps: undefined }],
    ['a picture height as a string', { ...wish, maxHeight: '180' }],
    ['a picture height as null', { ...wish, maxHeight: null }],
    ['a picture height as an object', { ...wish, maxHeight: { px: 180 } }],
  ];
  for (const [what, input] of bad) it(`rejects ${what}`, () => expect(parsePeerMessage(input)).toBeNull());
});

describe('acceptedBy (role checks)', () => {
  const byType = {
    chat: { t: 'chat', text: 'hi', at: 1 },
    info: { t: 'info', name: 'x' },
    pause: { t: 'pause', paused: true },
    retired: { t: 'retired' },
    status: { t: 'status', limit: 'none', audioOnly: false, capKbps: 0 },
    request: defaultRequest,
  } as const;

  it('the sender accepts chat, info and requests only', () => {
    const accepted = Object.values(byType).filter((m) => acceptedBy('sender', parsePeerMessage(m)!));
    expect(accepted.map((m) => m.t)).toEqual(['chat', 'info', 'request']);
  });

  it('the viewer accepts everything but requests', () => {
    const accepted = Object.values(byType).filter((m) => acceptedBy('viewer', parsePeerMessage(m)!));
    expect(accepted.map((m) => m.t)).toEqual(['chat', 'info', 'pause', 'retired', 'status']);
  });
});
