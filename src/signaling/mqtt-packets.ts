/**
 * The two MQTT 3.1.1 packets Porthole writes itself (see mqtt-early.ts): SUBSCRIBE and a QoS 0
 * PUBLISH, and the length of the CONNECT that mqtt.js writes before them. Written by hand: mqtt.js
 * bundles mqtt-packet but does not export it, and importing mqtt-packet again would add a second
 * copy, with its Buffer polyfill, to the app for two packets of a few bytes' layout.
 */

/** Largest remaining length MQTT can express (four length bytes), in bytes. */
export const maxRemainingLengthBytes = 268_435_455;

/** The variable-length "remaining length" of MQTT's fixed header (§2.2.3). */
function remainingLength(length: number): number[] {
  if (length > maxRemainingLengthBytes) throw new RangeError(`MQTT packet too large: ${length} bytes`);
  const out: number[] = [];
  let rest = length;
  do {
    let byte = rest % 128;
    rest = Math.floor(rest / 128);
    if (rest > 0) byte |= 0x80;
    out.push(byte);
  } while (rest > 0);
  return out;
}

/** A UTF-8 string with its two-byte length prefix (§1.5.3). */
function prefixed(text: string): Uint8Array {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length > 0xffff) throw new RangeError('MQTT string longer than 65 535 bytes');
  const out = new Uint8Array(2 + bytes.length);
  out[0] = bytes.length >> 8;
  out[1] = bytes.length & 0xff;
  out.set(bytes, 2);
  return out;
}

/** A packet: fixed header byte, remaining length, then the parts. */
function packet(header: number, parts: Uint8Array[]): Uint8Array {
  const bodyLength = parts.reduce((sum, part) => sum + part.length, 0);
  const head = [header, ...remainingLength(bodyLength)];
  const out = new Uint8Array(head.length + bodyLength);
  out.set(head, 0);
  let at = head.length;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** SUBSCRIBE (§3.8) to `topics` at QoS 0, with packet identifier `packetId` (1–65 535). */
export function subscribePacket(topics: readonly string[], packetId: number): Uint8Array {
  if (topics.length === 0) throw new RangeError('SUBSCRIBE needs at least one topic');
  const id = new Uint8Array([packetId >> 8, packetId & 0xff]);
  const filters = topics.flatMap((topic) => [prefixed(topic), new Uint8Array([0])]);
  return packet(0x82, [id, ...filters]);
}

/** PUBLISH (§3.3) of `payload` (UTF-8) on `topic`: QoS 0, not retained, not a duplicate. */
export function publishPacket(topic: string, payload: string): Uint8Array {
  return packet(0x30, [prefixed(topic), new TextEncoder().encode(payload)]);
}

/**
 * Follows the first bytes a client writes and tells where its first packet (the CONNECT) ends:
 * `push` each chunk written, in order; it returns the packet's total length in bytes once the
 * fixed header is complete, undefined before, and throws when the bytes are not a CONNECT.
 */
export class FirstPacketLength {
  private readonly header: number[] = [];
  private total: number | undefined;

  /** Takes the next written bytes; returns the first packet's length once known. */
  push(bytes: Uint8Array): number | undefined {
    for (const byte of bytes) {
      if (this.total !== undefined) break;
      this.header.push(byte);
      if (this.header.length === 1) {
        if (byte !== 0x10) throw new Error('the first packet written is not a CONNECT');
        continue;
      }
      if (this.header.length > 5) throw new Error('malformed remaining length');
      if ((byte & 0x80) === 0) {
        let length = 0;
        for (let i = this.header.length - 1; i >= 1; i -= 1) length = length * 128 + ((this.header[i] ?? 0) & 0x7f);
        this.total = this.header.length + length;
      }
    }
    return this.total;
  }
}
