import { describe, expect, it } from 'vitest';
import { defaultSignaling } from '../../src/app/default-signaling';

describe('defaultSignaling', () => {
  it('is the relay that served the page when it answers /api/config', async () => {
    const asked: string[] = [];
    const fetchConfig = async (origin: string) => {
      asked.push(origin);
      return { iceServers: [], relay: { path: '/ws', tokenRequired: false } };
    };
    expect(await defaultSignaling('https://cam.example.org:8443/app/#/', fetchConfig)).toEqual({
      kind: 'relay',
      host: 'cam.example.org:8443',
    });
    expect(asked).toEqual(['https://cam.example.org:8443']);
  });

  it('is the public MQTT brokers without a relay (no config, or a config without one)', async () => {
    expect(await defaultSignaling('https://static.example.org/', async () => null)).toEqual({ kind: 'public' });
    expect(await defaultSignaling('https://static.example.org/', async () => ({ iceServers: [] }))).toEqual({
      kind: 'public',
    });
  });
});
