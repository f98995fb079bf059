/**
 * Configuration: the defaults object, env parsing, and a clear error naming the variable for
 * every bad value; createRelay validates its options the same way.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { configFromEnv, defaults } from '../../relay/src/config.js';
import { createRelay } from '../../relay/src/index.js';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const dir = mkdtempSync(join(tmpdir(), 'porthole-relay-config-'));
const certPath = join(dir, 'cert.pem');
const keyPath = join(dir, 'key.pem');
writeFileSync(certPath, 'not really a cert');
writeFileSync(keyPath, 'not really a key');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('defaults', () => {
  it('documents every setting with its default', () => {
    expect(defaults).toEqual({
      httpHost: '0.0.0.0',
      httpPort: 8080,
      stunHost: undefined,
      stunPort: 3478,
      staticDir: join(repoRoot, 'dist'),
      tlsCert: undefined,
      tlsKey: undefined,
      token: undefined,
      turnUrls: [],
      turnUsername: undefined,
      turnCredential: undefined,
      turnSecret: undefined,
      turnTtlSeconds: 3600,
      healthToken: undefined,
      redisUrl: undefined,
      redisPrefix: 'porthole:',
      trustedProxies: [],
      serveSourceMaps: false,
      maxFrameBytes: 65536,
      maxTopicsPerSocket: 8,
      maxSubscribersPerTopic: 8,
      maxMessagesPerSecond: 50,
      messageBurst: 100,
      maxConnectionsPerIp: 64,
      maxConnectsPerSecondPerIp: 10,
      maxMessagesPerSecondPerIp: 200,
      messageBurstPerIp: 400,
      maxWillBytesPerSocket: 16384,
      maxWillBytesTotal: 33554432,
      pingIntervalMs: 15000,
      maxTopicLength: 128,
      maxBufferedBytes: 1048576,
    });
    expect(Object.isFrozen(defaults)).toBe(true);
  });

  it('an empty environment gives the defaults, STUN_HOST following HTTP_HOST', () => {
    expect(configFromEnv({})).toEqual({ ...defaults, stunHost: '0.0.0.0', turnUrls: [], trustedProxies: [] });
    expect(configFromEnv({ HTTP_HOST: '192.168.1.5' }).stunHost).toBe('192.168.1.5');
    expect(configFromEnv({ HTTP_PORT: '', RELAY_TOKEN: '  ' })).toMatchObject({ httpPort: 8080, token: undefined });
  });
});

describe('configFromEnv', () => {
  it('reads every variable', () => {
    const config = configFromEnv({
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '9000',
      STUN_HOST: '0.0.0.0',
      STUN_PORT: '3479',
      STATIC_DIR: '/srv/porthole',
      TLS_CERT: certPath,
      TLS_KEY: keyPath,
      RELAY_TOKEN: 'tok',
      TURN_URLS: 'turn:t.example:3478, turns:t.example:5349,',
      TURN_USERNAME: 'u',
      TURN_CREDENTIAL: 'c',
      MAX_FRAME_BYTES: '2048',
      MAX_TOPICS_PER_SOCKET: '3',
      MAX_SUBSCRIBERS_PER_TOPIC: '4',
      MAX_MESSAGES_PER_SECOND: '5',
      MESSAGE_BURST: '6',
      MAX_CONNECTIONS_PER_IP: '7',
      PING_INTERVAL_MS: '1000',
      MAX_TOPIC_LENGTH: '64',
      MAX_BUFFERED_BYTES: '65536',
      HEALTH_TOKEN: 'health',
      REDIS_URL: 'redis://127.0.0.1:6390/2',
      REDIS_PREFIX: 'ph-test:',
      TRUSTED_PROXIES: '127.0.0.1, ::ffff:10.0.0.9, fd00::1',
      SERVE_SOURCE_MAPS: 'yes',
      MAX_CONNECTS_PER_SECOND_PER_IP: '3',
      MAX_MESSAGES_PER_SECOND_PER_IP: '30',
      MESSAGE_BURST_PER_IP: '60',
      MAX_WILL_BYTES_PER_SOCKET: '4096',
      MAX_WILL_BYTES_TOTAL: '1048576',
    });
    expect(config).toEqual({
      httpHost: '127.0.0.1',
      httpPort: 9000,
      stunHost: '0.0.0.0',
      stunPort: 3479,
      staticDir: '/srv/porthole',
      tlsCert: certPath,
      tlsKey: keyPath,
      token: 'tok',
      turnUrls: ['turn:t.example:3478', 'turns:t.example:5349'],
      turnUsername: 'u',
      turnCredential: 'c',
      turnSecret: undefined,
      turnTtlSeconds: 3600,
      healthToken: 'health',
      redisUrl: 'redis://127.0.0.1:6390/2',
      redisPrefix: 'ph-test:',
      trustedProxies: ['127.0.0.1', '10.0.0.9', 'fd00::1'],
      serveSourceMaps: true,
      maxFrameBytes: 2048,
      maxTopicsPerSocket: 3,
      maxSubscribersPerTopic: 4,
      maxMessagesPerSecond: 5,
      messageBurst: 6,
      maxConnectionsPerIp: 7,
      maxConnectsPerSecondPerIp: 3,
      maxMessagesPerSecondPerIp: 30,
      messageBurstPerIp: 60,
      maxWillBytesPerSocket: 4096,
      maxWillBytesTotal: 1048576,
      pingIntervalMs: 1000,
      maxTopicLength: 64,
      maxBufferedBytes: 65536,
    });
  });

  it('turns STUN off with STUN_PORT=off and accepts port 0', () => {
    expect(configFromEnv({ STUN_PORT: 'off' }).stunPort).toBe(false);
    expect(configFromEnv({ STUN_PORT: '0', HTTP_PORT: '0' })).toMatchObject({ stunPort: 0, httpPort: 0 });
  });

  it('takes a TURN secret instead of a long-term username and credential', () => {
    expect(
      configFromEnv({ TURN_URLS: 'turn:t.example:3478', TURN_SECRET: 's3', TURN_TTL_SECONDS: '600' }),
    ).toMatchObject({
      turnUrls: ['turn:t.example:3478'],
      turnSecret: 's3',
      turnTtlSeconds: 600,
      turnUsername: undefined,
    });
  });

  const invalid: Array<[Record<string, string>, RegExp]> = [
    [{ HTTP_PORT: 'eighty' }, /HTTP_PORT="eighty"/],
    [{ HTTP_PORT: '-1' }, /HTTP_PORT="-1"/],
    [{ HTTP_PORT: '65536' }, /HTTP_PORT=65536 is out of range/],
    [{ STUN_PORT: '1e3' }, /STUN_PORT="1e3"/],
    [{ MAX_FRAME_BYTES: '12.5' }, /MAX_FRAME_BYTES="12.5"/],
    [{ MAX_FRAME_BYTES: '10' }, /MAX_FRAME_BYTES=10 is out of range/],
    [{ MAX_BUFFERED_BYTES: '10' }, /MAX_BUFFERED_BYTES=10 is out of range/],
    [{ MAX_TOPICS_PER_SOCKET: '0' }, /MAX_TOPICS_PER_SOCKET=0/],
    [{ MAX_SUBSCRIBERS_PER_TOPIC: 'many' }, /MAX_SUBSCRIBERS_PER_TOPIC="many"/],
    [{ MAX_MESSAGES_PER_SECOND: '-5' }, /MAX_MESSAGES_PER_SECOND="-5"/],
    [{ MESSAGE_BURST: '0' }, /MESSAGE_BURST=0/],
    [{ MAX_CONNECTIONS_PER_IP: '0x10' }, /MAX_CONNECTIONS_PER_IP="0x10"/],
    [{ PING_INTERVAL_MS: '5' }, /PING_INTERVAL_MS=5 is out of range/],
    [{ MAX_TOPIC_LENGTH: 'long' }, /MAX_TOPIC_LENGTH="long"/],
    [{ TLS_CERT: certPath }, /TLS_CERT is set but TLS_KEY is missing/],
    [{ TLS_KEY: keyPath }, /TLS_KEY is set but TLS_CERT is missing/],
    [{ TLS_CERT: join(dir, 'nope.pem'), TLS_KEY: keyPath }, /TLS_CERT=.*nope\.pem cannot be read \(ENOENT\)/],
    [{ TLS_CERT: certPath, TLS_KEY: dir }, /TLS_KEY=.* cannot be read \(EISDIR\)/],
    [{ TURN_URLS: 'turn:t.example:3478' }, /TURN_URLS is set but TURN_USERNAME is missing/],
    [{ TURN_URLS: 'turn:t.example', TURN_USERNAME: 'u' }, /TURN_CREDENTIAL is missing/],
    [
      { TURN_URLS: 'http://t.example', TURN_USERNAME: 'u', TURN_CREDENTIAL: 'c' },
      /TURN_URLS has an invalid entry "http:\/\/t.example"/,
    ],
    [{ TURN_USERNAME: 'u' }, /TURN_USERNAME is set but TURN_URLS is empty/],
    [{ TURN_SECRET: 's' }, /TURN_SECRET is set but TURN_URLS is empty/],
    [
      { TURN_URLS: 'turn:t.example', TURN_SECRET: 's', TURN_USERNAME: 'u', TURN_CREDENTIAL: 'c' },
      /TURN_SECRET and TURN_USERNAME\/TURN_CREDENTIAL are both set/,
    ],
    [{ TURN_URLS: 'turn:t.example', TURN_SECRET: 's', TURN_TTL_SECONDS: '5' }, /TURN_TTL_SECONDS=5 is out of range/],
    [{ REDIS_URL: 'localhost:6379' }, /REDIS_URL="localhost:6379" is invalid/],
    [{ TRUSTED_PROXIES: '127.0.0.1, proxy.lan' }, /TRUSTED_PROXIES has an invalid entry "proxy.lan"/],
    [{ SERVE_SOURCE_MAPS: 'maybe' }, /SERVE_SOURCE_MAPS="maybe" is not a boolean/],
    [{ MAX_MESSAGES_PER_SECOND_PER_IP: '0' }, /MAX_MESSAGES_PER_SECOND_PER_IP=0/],
    [{ MAX_WILL_BYTES_PER_SOCKET: 'lots' }, /MAX_WILL_BYTES_PER_SOCKET="lots"/],
  ];
  for (const [env, message] of invalid) {
    it(`rejects ${JSON.stringify(env).replaceAll(dir, '<tmp>')}`, () => {
      expect(() => configFromEnv(env)).toThrow(message);
    });
  }
});

describe('createRelay options', () => {
  it('throws at once on a bad option, naming it', () => {
    expect(() => createRelay({ httpPort: -1 })).toThrow(/httpPort=-1/);
    expect(() => createRelay({ maxFrameBytes: 1.5 })).toThrow(/maxFrameBytes=1.5/);
    expect(() => createRelay({ tlsCert: certPath })).toThrow(/tlsCert is set but tlsKey is missing/);
    expect(() => createRelay({ nonsense: 1 } as never)).toThrow(/unknown relay option "nonsense"/);
  });
});
