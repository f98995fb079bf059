/**
 * Packets written right after the client's CONNECT, before the broker's CONNACK. MQTT 3.1.1
 * allows it (§3.1.4: "Clients are allowed to send further Control Packets immediately after
 * sending a CONNECT Packet; Clients need not wait for a CONNACK Packet to arrive from the
 * Server"), and a broker handles one client's packets in order (aedes queues them until its
 * CONNACK). mqtt.js always waits for CONNACK before it subscribes or publishes, which cost every
 * join one round trip to the broker: the subscription and the first hello now travel with the
 * CONNECT. mqtt.js still subscribes after CONNACK (the same subscription: a broker replaces it),
 * so a broker that dropped early packets costs the time of the next hello, not the room.
 *
 * From CONNACK on, the transport's messages (QoS 0 PUBLISH, no packet id, no state in mqtt.js)
 * are written the same way, at once: mqtt.js's write path (cork, then uncork on its `nextTick`,
 * a timer in the browser) held each one 20–50 ms on a busy page, on both sides of every step of a
 * join. Ours go out only while mqtt.js has nothing on its way ({@link streamIdle}): a packet of
 * its own (SUBSCRIBE, UNSUBSCRIBE, DISCONNECT, a ping) stays before ours, and one split over
 * several writes (Node's `ws` stream) is never cut in two. In the browser mqtt.js hands each
 * packet to the socket whole, in one `send`.
 */
import { FirstPacketLength, publishPacket, subscribePacket } from './mqtt-packets';

/**
 * Packet identifier of the SUBSCRIBE written early. mqtt.js ignores an ack it did not ask for;
 * its own ids start at random, so about one connection in 65 534 has its first SUBSCRIBE share
 * this id, which then makes mqtt.js take the early SUBACK for its own (the same subscription).
 */
export const earlySubscribeId = 0xffff;

/** `WebSocket.OPEN`, spelled out so any implementation works. */
const openReadyState = 1;

/** A message as the transport queues it. */
export type QueuedMessage = [topic: string, data: string];

/** The part of a WebSocket (the browser's, or the `ws` package's in Node) used here. */
export interface SendingSocket {
  send(data: unknown, ...rest: unknown[]): void;
  /** `WebSocket.OPEN` (1) while messages can be written; absent on a stand-in, taken as open. */
  readonly readyState?: number;
}

/** The parts of mqtt.js's stream (a Node stream; in the browser one wrapping another) read by {@link streamIdle}. */
interface ClientStream {
  readonly writableLength?: number;
  readonly writableCorked?: number;
  readonly proxy?: ClientStream;
}

/** Whether mqtt.js's `stream` holds no write of its own (nothing corked or buffered, here or in its inner stream). */
export function streamIdle(stream: unknown): boolean {
  const idle = (s: ClientStream | undefined): boolean =>
    s === undefined || ((s.writableLength ?? 0) === 0 && (s.writableCorked ?? 0) === 0);
  const outer = stream as ClientStream | undefined;
  return outer !== undefined && idle(outer) && idle(outer.proxy);
}

/** Bytes of what a client hands to `send` (undefined for what cannot be counted, e.g. a Blob). */
function bytesOf(data: unknown): Uint8Array | undefined {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (typeof data === 'string') return new TextEncoder().encode(data);
  return undefined;
}

/**
 * One connection's early packets. Watches what the client sends on `socket`; once exactly its
 * CONNECT is out, calls `onReady` (where the owner writes with {@link send}). Anything else
 * first (more bytes than the CONNECT, or not a CONNECT) switches it off for good: the client
 * then does everything itself, as without this.
 */
export class EarlyPackets {
  private state: 'connect' | 'ready' | 'direct' | 'off' = 'connect';
  private readonly socket: SendingSocket;
  private write: ((bytes: Uint8Array) => void) | undefined;
  private readonly written = new Set<QueuedMessage>();
  private subscribed: readonly string[] = [];

  /** Starts watching `socket`'s sends (wraps its `send`). */
  constructor(socket: SendingSocket, onReady: (early: EarlyPackets) => void) {
    this.socket = socket;
    const original = socket.send;
    const length = new FirstPacketLength();
    let seen = 0;
    socket.send = (data: unknown, ...rest: unknown[]): void => {
      original.call(socket, data, ...rest);
      if (this.state !== 'connect') return;
      try {
        const bytes = bytesOf(data);
        if (!bytes) throw new Error('unknown data');
        seen += bytes.length;
        const total = length.push(bytes);
        if (total === undefined || seen < total) return;
        if (seen > total) throw new Error('more than a CONNECT before CONNACK');
        this.state = 'ready';
        this.write = (packet) => original.call(socket, packet);
        onReady(this);
      } catch {
        this.state = 'off';
      }
    };
  }

  /** True once the CONNECT is out (and until the connection is taken into use or lost). */
  get ready(): boolean {
    return this.state === 'ready';
  }

  /** True once anything was written early (a failure before CONNACK may then be ours). */
  get wrote(): boolean {
    return this.subscribed.length > 0 || this.written.size > 0;
  }

  /** Writes a SUBSCRIBE to `topics` now, when ready (else nothing). */
  subscribe(topics: readonly string[]): void {
    if (topics.length === 0 || !this.write || this.state !== 'ready') return;
    this.write(subscribePacket(topics, earlySubscribeId));
    this.subscribed = [...topics];
  }

  /**
   * Writes `message` now, before CONNACK when ready (remembered: see {@link has}) or after it
   * while the socket is open; returns whether it was written.
   */
  publish(message: QueuedMessage): boolean {
    if (!this.write) return false;
    if (this.state === 'ready') {
      this.write(publishPacket(message[0], message[1]));
      this.written.add(message);
      return true;
    }
    if (this.state !== 'direct' || (this.socket.readyState ?? openReadyState) !== openReadyState) return false;
    this.write(publishPacket(message[0], message[1]));
    return true;
  }

  /** Whether `message` was written early on this connection. */
  has(message: QueuedMessage): boolean {
    return this.written.has(message);
  }

  /** Whether the early SUBSCRIBE covered every one of `topics` (none subscribed since). */
  subscribedAll(topics: readonly string[]): boolean {
    return topics.every((topic) => this.subscribed.includes(topic));
  }

  /** Topics subscribed early that are not among `topics` any more (left before CONNACK). */
  subscribedBeyond(topics: readonly string[]): string[] {
    return this.subscribed.filter((topic) => !topics.includes(topic));
  }

  /** CONNACK came: no more early packets, and messages are written at once from now on (when the CONNECT was seen). */
  connected(): void {
    if (this.state === 'ready') this.state = 'direct';
  }

  /** Stops writing anything (the connection failed, or is over). */
  end(): void {
    this.state = 'off';
    this.write = undefined;
  }
}
