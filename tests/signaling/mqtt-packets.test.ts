/**
 * The packets Porthole writes itself, read back by mqtt-packet (the parser mqtt.js and aedes
 * use), and the CONNECT length follower fed mqtt-packet's own CONNECT in every split.
 */
import mqttPacket from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import { connectPacket } from '../helpers/mqtt-connect';
import { FirstPacketLength, publishPacket, subscribePacket } from '../../src/signaling/mqtt-packets';

/** Every packet mqtt-packet parses from `bytes`. */
function parse(bytes: Uint8Array): mqttPacket.Packet[] {
  const parser = mqttPacket.parser({ protocolVersion: 4 });
  const out: mqttPacket.Packet[] = [];
  const errors: Error[] = [];
  parser.on('packet', (packet) => out.push(packet));
  parser.on('error', (error) => errors.push(error));
  parser.parse(Buffer.from(bytes));
  expect(errors).toEqual([]);
  return out;
}

describe('subscribePacket', () => {
  it('subscribes to each topic at QoS 0 with the packet id', () => {
    const [packet] = parse(subscribePacket(['porthole/2/room', 'porthole/2/ünïcode'], 0xffff));
    expect(packet).toMatchObject({
      cmd: 'subscribe',
      messageId: 0xffff,
      subscriptions: [
        { topic: 'porthole/2/room', qos: 0 },
        { topic: 'porthole/2/ünïcode', qos: 0 },
      ],
    });
  });

  it('refuses no topic and a topic longer than MQTT allows', () => {
    expect(() => subscribePacket([], 1)).toThrow(RangeError);
    expect(() => subscribePacket(['x'.repeat(70_000)], 1)).toThrow(RangeError);
  });
});

describe('publishPacket', () => {
  it('publishes the payload at QoS 0, not retained, for small and multi-byte-length bodies', () => {
    for (const size of [0, 100, 127, 128, 16_383, 16_384, 200_000]) {
      const payload = 'é'.repeat(size);
      const [packet] = parse(publishPacket('porthole/2/t', payload));
      expect(packet).toMatchObject({ cmd: 'publish', topic: 'porthole/2/t', qos: 0, retain: false, dup: false });
      expect((packet as mqttPacket.IPublishPacket).payload.toString()).toBe(payload);
    }
  });

  it('two packets back to back parse as two', () => {
    const both = new Uint8Array([...subscribePacket(['a'], 7), ...publishPacket('a', 'hi')]);
    expect(parse(both).map((p) => p.cmd)).toEqual(['subscribe', 'publish']);
  });
});

describe('FirstPacketLength', () => {
  const connect = connectPacket(300); // a will long enough for a two-byte remaining length

  it('knows where a CONNECT ends, however its bytes are split', () => {
    for (const cut of [1, 2, 3, 10, connect.length - 1]) {
      const length = new FirstPacketLength();
      expect(length.push(connect.slice(0, cut))).toBe(cut >= 3 ? connect.length : undefined);
      expect(length.push(connect.slice(cut))).toBe(connect.length);
    }
    expect(new FirstPacketLength().push(connect)).toBe(connect.length);
  });

  it('throws on anything but a CONNECT first, and on a malformed length', () => {
    expect(() => new FirstPacketLength().push(publishPacket('a', 'b'))).toThrow(/not a CONNECT/);
    expect(() => new FirstPacketLength().push(new Uint8Array([0x10, 0xff, 0xff, 0xff, 0xff, 0x01]))).toThrow(
      /malformed/,
    );
  });
});
