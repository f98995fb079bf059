import { describe, expect, it } from 'vitest';
import { chooseIceServers, chooseSignaling, publicMqttBrokers, publicStunServers } from '../../src/app/open-room';
import type { AppConfig } from '../../src/signaling/app-config';

describe('chooseSignaling', () => {
  const relayConfig: AppConfig = { iceServers: [], relay: { path: '/ws', tokenRequired: false } };

  it('lets an explicit via win', () => {
    expect(chooseSignaling({ kind: 'mqtt', url: 'ws://127.0.0.1:1883' }, relayConfig, 'https://h/')).toEqual({
      kind: 'mqtt',
      urls: ['ws://127.0.0.1:1883'],
    });
    expect(chooseSignaling({ kind: 'relay', url: 'wss://r.example/ws' }, null, 'https://h/')).toEqual({
      kind: 'relay',
      url: 'wss://r.example/ws',
    });
  });

  it('uses the relay that served the page, wss on https, ws on http', () => {
    expect(chooseSignaling(undefined, relayConfig, 'https://cam.example:8443/#/view?r=x')).toEqual({
      kind: 'relay',
      url: 'wss://cam.example:8443/ws',
    });
    expect(chooseSignaling(undefined, relayConfig, 'http://192.168.1.5:8080/')).toEqual({
      kind: 'relay',
      url: 'ws://192.168.1.5:8080/ws',
    });
    expect(chooseSignaling(undefined, relayConfig, 'http://h/', 'a b')).toEqual({
      kind: 'relay',
      url: 'ws://h/ws?token=a%20b',
    });
  });

  it('falls back to the public MQTT brokers, all of them for failover', () => {
    const choice = chooseSignaling(undefined, null, 'https://h/');
    expect(choice).toEqual({ kind: 'mqtt', urls: [...publicMqttBrokers] });
    expect(chooseSignaling(undefined, { iceServers: [] }, 'https://h/')).toEqual(choice);
    expect(publicMqttBrokers[0]).toBe('wss://broker.emqx.io:8084/mqtt');
  });
});

describe('chooseIceServers', () => {
  const config: AppConfig = { iceServers: [{ urls: 'stun:relay:3478' }] };

  it('puts the link servers first, then the relay servers', () => {
    expect(chooseIceServers(config, [{ urls: 'turn:t:3478', username: 'u', credential: 'c' }])).toEqual([
      { urls: 'turn:t:3478', username: 'u', credential: 'c' },
      { urls: 'stun:relay:3478' },
    ]);
    expect(chooseIceServers(config)).toEqual([{ urls: 'stun:relay:3478' }]);
    expect(chooseIceServers(null, [{ urls: 'stun:l:1' }])).toEqual([{ urls: 'stun:l:1' }]);
  });

  it('uses public STUN when nobody supplies servers', () => {
    expect(chooseIceServers(null)).toEqual(publicStunServers);
    expect(chooseIceServers({ iceServers: [] }, [])).toEqual(publicStunServers);
    expect(publicStunServers).toEqual([
      { urls: 'stun:stun.l.google.com:19302' },
      { urls: 'stun:stun.cloudflare.com:3478' },
    ]);
  });
});
