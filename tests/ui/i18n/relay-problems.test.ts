/**
 * Every problem the relay can report has a clear message in English and in Chinese, and the
 * signaling status line carries it (instead of the English error detail).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { relayCloseProblems, relayErrorCodes } from '../../../src/signaling/relay-problems';
import { t } from '../../../src/ui/i18n/i18n';
import { relay } from '../../../src/ui/i18n/locales/relay';
import { describeTransport } from '../../../src/ui/i18n/messages';
import { describeRelayProblem, relayProblemKeys } from '../../../src/ui/i18n/relay-problems';
import { setTestLocale } from '../set-test-locale';

afterEach(() => {
  setTestLocale('en');
  vi.unstubAllGlobals();
});

const everyCode = [...relayErrorCodes, ...relayCloseProblems];

describe('relay problem messages', () => {
  it('have one message per error code and close problem, in both languages', () => {
    expect(Object.keys(relayProblemKeys).sort()).toEqual([...everyCode].sort());
    for (const code of everyCode) {
      const key = relayProblemKeys[code];
      expect(relay.en[key], code).toMatch(/relay/i);
      expect(relay['zh-CN'][key], code).toMatch(/中继/);
    }
  });

  it('name the problem in the current language', () => {
    expect(describeRelayProblem({ code: 'topic-full', topic: 'porthole/1/x' })).toBe(t('relay.problem.topic-full'));
    expect(describeRelayProblem({ code: 'topic-full' })).toContain('full');
    setTestLocale('zh-CN');
    expect(describeRelayProblem({ code: 'topic-full' })).toContain('已满');
    expect(describeRelayProblem({ code: 'token-refused' })).toBe('中继拒绝了访问令牌。');
  });

  it('name an unknown code (a newer relay) without trusting it', () => {
    expect(describeRelayProblem({ code: 'brand-new' })).toBe('The relay reported a problem (brand-new).');
    expect(describeRelayProblem({ code: 'toString' })).toBe('The relay reported a problem (toString).');
    expect(describeRelayProblem({ code: 'x'.repeat(500) }).length).toBeLessThan(100);
  });

  it('follow the server status line, which keeps its state', () => {
    const endpoint = 'ws://127.0.0.1:8080/ws';
    const host = '127.0.0.1:8080';
    const connected = describeTransport({
      state: 'connected',
      endpoint,
      attempt: 0,
      error: 'relay error topic-full: topic porthole/1/x is full: it holds 8 subscribers already',
      problem: { code: 'topic-full', topic: 'porthole/1/x' },
    });
    expect(connected).toBe(`Server: connected to ${host} — ${t('relay.problem.topic-full')}`);
    expect(connected).not.toContain('subscribers already');
    const refused = describeTransport({
      state: 'reconnecting',
      endpoint,
      attempt: 2,
      error: 'connection closed (code 4401: relay token missing or wrong)',
      problem: { code: 'token-refused' },
    });
    expect(refused).toBe(`Server: cannot reach ${host}; retrying (attempt 2)… — The relay refused the access token.`);
    setTestLocale('zh-CN');
    expect(describeTransport({ state: 'connected', endpoint, attempt: 0, problem: { code: 'rate-limited' } })).toBe(
      `服务器：已连接到 ${host} — 中继正在限制这台设备的发送速度：部分消息被丢弃，稍后会重新发送。`,
    );
    expect(describeTransport({ state: 'connected', endpoint, attempt: 0 })).toBe(`服务器：已连接到 ${host}`);
  });
});
