/**
 * Packets written before CONNACK (src/signaling/mqtt-early.ts): on a stand-in socket, and end to
 * end on aedes with the `ws` package's sockets recording what went out before the broker's
 * first reply.
 */
import type { MqttClient } from 'mqtt';
import mqttPacket from 'mqtt-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { createWebSocketStream, WebSocketServer } from 'ws';
import { EarlyPackets, type QueuedMessage, type SendingSocket, streamIdle } from '../../src/signaling/mqtt-early';
import { publishPacket } from '../../src/signaling/mqtt-packets';
import type { Transport } from '../../src/signaling/transport';
import { Inbox, roomTopic, sentinel, until } from '../helpers/inbox';
import { startMqttBroker, type TestMqttBroker } from '../helpers/mqtt-broker';
import { connectPacket } from '../helpers/mqtt-connect';
import { testMqttTransport } from './mqtt-harness';

/** A CONNECT as mqtt.js writes it. */
const connect = connectPacket();

/** The MQTT packets in `chunks`, parsed by mqtt-packet. */
function packets(chunks: Uint8Array[]): mqttPacket.Packet[] {
  const parser = mqttPacket.parser({ protocolVersion: 4 });
  const out: mqttPacket.Packet[] = [];
  parser.on('packet', (p) => out.push(p));
  for (const chunk of chunks) parser.parse(Buffer.from(chunk));
  return out;
}

/** A stand-in socket recording every send. */
function standIn(): SendingSocket & { sent: Uint8Array[] } {
  const sent: Uint8Array[] = [];
  return { sent, send: (data: unknown) => void sent.push(data as Uint8Array) };
}

describe('EarlyPackets', () => {
  it('is ready exactly once the CONNECT is out, however it was split, and writes after it', () => {
    const socket = standIn();
    const hi: QueuedMessage = ['t', 'hi'];
    let readyAt = -1;
    const early = new EarlyPackets(socket, (e) => {
      readyAt = socket.sent.length;
      e.subscribe(['t', 'u']);
      expect(e.publish(hi)).toBe(true);
    });
    expect(early.publish(['t', 'too soon'])).toBe(false);
    expect(early.wrote).toBe(false);
    socket.send(connect.slice(0, 1));
    socket.send(connect.slice(1, 5));
    expect(early.ready).toBe(false);
    socket.send(connect.slice(5));
    expect(readyAt).toBe(3);
    expect(early.ready).toBe(true);
    expect(packets(socket.sent.slice(3)).map((p) => p.cmd)).toEqual(['subscribe', 'publish']);
    expect(early.wrote).toBe(true);
    expect(early.has(hi)).toBe(true);
    expect(early.has(['t', 'hi'])).toBe(false); // the queued item itself, not an equal one
    expect(early.subscribedBeyond(['u'])).toEqual(['t']);
    early.end();
    expect(early.publish(['t', 'after the end'])).toBe(false);
    expect(socket.sent).toHaveLength(5);
  });

  it('from CONNACK on, writes each message at once while the socket is open; never after the end', () => {
    const socket = Object.assign(standIn(), { readyState: 1 });
    const early = new EarlyPackets(socket, () => undefined);
    socket.send(connect);
    early.connected();
    expect(early.publish(['t', 'direct'])).toBe(true);
    expect(early.has(['t', 'direct'])).toBe(false);
    expect(packets(socket.sent.slice(1)).map((p) => (p as mqttPacket.IPublishPacket).payload.toString())).toEqual([
      'direct',
    ]);
    socket.readyState = 2; // closing
    expect(early.publish(['t', 'closing'])).toBe(false);
    socket.readyState = 1;
    early.end();
    expect(early.publish(['t', 'ended'])).toBe(false);
    expect(socket.sent).toHaveLength(2);
    // A connection whose CONNECT was never seen (the client split it oddly) writes nothing itself.
    const odd = standIn();
    const off = new EarlyPackets(odd, () => undefined);
    odd.send(new Uint8Array([...connect, 0xc0, 0x00]));
    off.connected();
    expect(off.publish(['t', 'x'])).toBe(false);
  });

  it('stays out of the way when the first bytes are not exactly one CONNECT', () => {
    for (const first of [publishPacket('t', 'x'), new Uint8Array([...connect, 0xc0, 0x00]), new Blob(['x'])]) {
      const socket = standIn();
      let ready = false;
      const early = new EarlyPackets(socket, () => {
        ready = true;
      });
      socket.send(first);
      socket.send(connect);
      expect(ready).toBe(false);
      expect(early.publish(['t', 'x'])).toBe(false);
      expect(socket.sent).toEqual([first, connect]); // everything the client sent still went out
    }
  });
});

/** `ws` sockets that record what they send and how much had gone out when the first message came. */
class Recorded extends WebSocket {
  static made: Recorded[] = [];
  readonly sent: Uint8Array[] = [];
  sentBeforeReply = -1;

  constructor(...args: ConstructorParameters<typeof WebSocket>) {
    super(...args);
    Recorded.made.push(this);
    this.once('message', () => {
      this.sentBeforeReply = this.sent.length;
    });
  }

  override send(data: unknown, ...rest: unknown[]): void {
    this.sent.push(new Uint8Array(data as Uint8Array));
    (super.send as (...a: unknown[]) => void)(data, ...rest);
  }
}

describe('MQTT transport: subscription and queued messages travel with the CONNECT', () => {
  let broker: TestMqttBroker;
  const open: Transport[] = [];
  const transport = (options = {}): Transport => {
    const t = testMqttTransport(broker.url, options);
    open.push(t);
    return t;
  };

  beforeAll(async () => {
    broker = await startMqttBroker();
  });
  afterAll(async () => {
    await Promise.all(open.map((t) => t.close()));
    await broker.close();
  });

  it('writes SUBSCRIBE and the queued PUBLISH before the broker has answered; each arrives once', async () => {
    const topic = roomTopic();
    const [peer, helper] = [transport(), transport()];
    const peerInbox = new Inbox(peer, topic);
    await Promise.all([peer.connect(), helper.connect()]);
    await sentinel(helper, peerInbox);

    Recorded.made = [];
    const joining = transport({ WebSocketImpl: Recorded as unknown as typeof globalThis.WebSocket });
    const ownInbox = new Inbox(joining, topic);
    joining.publish(topic, 'hello');
    await joining.connect();
    await peerInbox.receives('hello');

    const [socket] = Recorded.made;
    expect(socket!.sentBeforeReply).toBeGreaterThan(0);
    const early = packets(socket!.sent.slice(0, socket!.sentBeforeReply));
    expect(early.map((p) => p.cmd)).toEqual(['connect', 'subscribe', 'publish']);
    expect((early[1] as mqttPacket.ISubscribePacket).subscriptions).toEqual([{ topic, qos: 0 }]);
    expect((early[2] as mqttPacket.IPublishPacket).payload.toString()).toBe('hello');

    // The joining side hears the room through the early subscription, and not its own echo.
    await sentinel(helper, ownInbox);
    await sentinel(joining, peerInbox);
    expect(peerInbox.messages.filter((m) => m === 'hello')).toHaveLength(1);
    expect(ownInbox.messages).toEqual([]);
  });

  /** A peer listening on `topic`, and a connected transport on a recorded socket that joined it. */
  async function connectedPair(topic: string) {
    const peer = transport();
    const peerInbox = new Inbox(peer, topic);
    await peer.connect();
    Recorded.made = [];
    const sending = transport({ WebSocketImpl: Recorded as unknown as typeof globalThis.WebSocket });
    new Inbox(sending, topic);
    await sending.connect();
    await sentinel(sending, peerInbox);
    return { peerInbox, sending, socket: Recorded.made[0]! };
  }

  it('once connected, writes a message on the socket within the publish call (not on mqtt.js\u2019s later ticks)', async () => {
    const topic = roomTopic();
    const { peerInbox, sending, socket } = await connectedPair(topic);
    const before = socket.sent.length;
    sending.publish(topic, 'at once');
    const written = packets(socket.sent.slice(before));
    expect(written.map((p) => p.cmd)).toEqual(['publish']);
    expect((written[0] as mqttPacket.IPublishPacket).payload.toString()).toBe('at once');
    await sentinel(sending, peerInbox);
    expect(peerInbox.messages.filter((m) => m === 'at once')).toHaveLength(1);
  });

  it('a message follows a packet mqtt.js has on its way (a SUBSCRIBE) rather than overtaking it', async () => {
    const [topic, other] = [roomTopic(), roomTopic()];
    const { peerInbox, sending, socket } = await connectedPair(topic);
    const before = socket.sent.length;
    new Inbox(sending, other); // mqtt.js's SUBSCRIBE, corked until its next tick
    sending.publish(topic, 'second');
    await peerInbox.receives('second');
    expect(packets(socket.sent.slice(before)).map((p) => p.cmd)).toEqual(['subscribe', 'publish']);
  });

  /**
   * Makes the broker's next CONNECTs wait for `decide` (true: accepted, false: refused with
   * `refusedCode`, 5 "not authorized" unless given) before its CONNACK.
   */
  function gateConnects(decide: () => Promise<boolean>, refusedCode = 5): () => void {
    type Done = (error: Error | null, ok: boolean) => void;
    const aedes = broker.aedes as unknown as { authenticate: (c: unknown, u: unknown, p: unknown, done: Done) => void };
    const before = aedes.authenticate;
    aedes.authenticate = (_client: unknown, _user: unknown, _password: unknown, done: Done) => {
      void decide().then((ok) =>
        ok ? done(null, true) : done(Object.assign(new Error('refused'), { returnCode: refusedCode }), false),
      );
    };
    return () => {
      aedes.authenticate = before;
    };
  }

  it('a topic left before CONNACK is unsubscribed once connected; the others stay', async () => {
    const [kept, left] = [roomTopic(), roomTopic()];
    let accept = (): void => undefined;
    const accepted = new Promise<boolean>((resolve) => {
      accept = () => resolve(true);
    });
    const ungate = gateConnects(() => accepted);
    try {
      Recorded.made = [];
      const joining = transport({ WebSocketImpl: Recorded as unknown as typeof globalThis.WebSocket });
      new Inbox(joining, kept);
      const leave = new Inbox(joining, left);
      const connecting = joining.connect();
      await until(
        () => packets(Recorded.made[0]?.sent ?? []).some((p) => p.cmd === 'subscribe'),
        'the early SUBSCRIBE',
      );
      leave.off();
      accept();
      await connecting;
      const helper = transport();
      await helper.connect();
      await sentinel(joining, new Inbox(helper, kept)); // the broker has handled all the joining side sent
      expect(broker.subscribers(kept)).toBe(2); // the joining side and the helper
      expect(broker.subscribers(left)).toBe(0);
    } finally {
      ungate();
    }
  });

  it('a message published between CONNACK and the connection being taken into use goes out once', async () => {
    const topic = roomTopic();
    const peer = transport();
    const peerInbox = new Inbox(peer, topic);
    await peer.connect();
    let accept = (): void => undefined;
    const accepted = new Promise<boolean>((resolve) => {
      accept = () => resolve(true);
    });
    const ungate = gateConnects(() => accepted);
    try {
      const joining = transport({ WebSocketImpl: Recorded as unknown as typeof globalThis.WebSocket });
      new Inbox(joining, topic);
      const connecting = joining.connect();
      // The pending client (a private field): its CONNACK is held until a listener of ours follows the transport's.
      const pending = (): MqttClient | undefined => (joining as unknown as { pending?: MqttClient }).pending;
      await until(() => pending() !== undefined, 'the connection started');
      pending()!.on('packetreceive', (packet) => {
        if (packet.cmd === 'connack') joining.publish(topic, 'between');
      });
      accept();
      await connecting;
      await peerInbox.receives('between');
      await sentinel(joining, peerInbox);
      expect(peerInbox.messages.filter((m) => m === 'between')).toHaveLength(1);
    } finally {
      ungate();
    }
  });

  /**
   * Connects `joining` (on a Recorded socket, subscribed early) with its CONNACK held until
   * `beforeAccept` ran; publishes `data` on `topic` between CONNACK and the connection being taken
   * into use. Resolves with the commands on the socket when the transport reported `connected`.
   */
  async function publishAtConnack(joining: Transport, topic: string, data: string, beforeAccept: () => void) {
    let accept = (): void => undefined;
    const accepted = new Promise<boolean>((resolve) => {
      accept = () => resolve(true);
    });
    const ungate = gateConnects(() => accepted);
    try {
      let atConnected: string[] = [];
      joining.onStatus((status) => {
        if (status.state === 'connected') atConnected = packets(Recorded.made[0]!.sent).map((p) => p.cmd);
      });
      const connecting = joining.connect();
      await until(
        () => packets(Recorded.made[0]?.sent ?? []).some((p) => p.cmd === 'subscribe'),
        'the early SUBSCRIBE',
      );
      beforeAccept();
      const pending = (joining as unknown as { pending?: MqttClient }).pending!;
      pending.on('packetreceive', (packet) => {
        if (packet.cmd === 'connack') joining.publish(topic, data);
      });
      accept();
      await connecting;
      return atConnected;
    } finally {
      ungate();
    }
  }

  it('a message queued at CONNACK goes out at once when the early SUBSCRIBE covered every topic', async () => {
    const topic = roomTopic();
    const peer = transport();
    const peerInbox = new Inbox(peer, topic);
    await peer.connect();
    Recorded.made = [];
    const joining = transport({ WebSocketImpl: Recorded as unknown as typeof globalThis.WebSocket });
    new Inbox(joining, topic);
    const atConnected = await publishAtConnack(joining, topic, 'between', () => undefined);
    // Written within the adoption (on the socket, past mqtt.js), before mqtt.js's own SUBSCRIBE.
    expect(atConnected).toEqual(['connect', 'subscribe', 'publish']);
    await peerInbox.receives('between');
    await sentinel(joining, peerInbox);
    expect(peerInbox.messages.filter((m) => m === 'between')).toHaveLength(1);
  });

  it('a topic joined after the early SUBSCRIBE is subscribed before the queue flushed at CONNACK', async () => {
    const [topic, later] = [roomTopic(), roomTopic()];
    const peer = transport();
    const peerInbox = new Inbox(peer, later);
    await peer.connect();
    Recorded.made = [];
    const joining = transport({ WebSocketImpl: Recorded as unknown as typeof globalThis.WebSocket });
    new Inbox(joining, topic);
    await publishAtConnack(joining, later, 'after it', () => new Inbox(joining, later));
    await peerInbox.receives('after it');
    const socket = Recorded.made[0]!;
    const after = packets(socket.sent.slice(socket.sentBeforeReply)).filter((p) => p.cmd !== 'pingreq');
    expect(after.map((p) => p.cmd)).toEqual(['subscribe', 'publish']);
    const subscribe = after[0] as mqttPacket.ISubscribePacket;
    expect(subscribe.subscriptions.map((s) => s.topic)).toEqual([topic, later]);
  });

  /**
   * A WebSocket front to the broker whose first connection reads the client's early packets and
   * closes without any CONNACK (as a proxy that takes nothing before its reply would); the later
   * ones reach the broker. `received` holds what the first connection read.
   */
  async function closingFront(): Promise<{ url: string; received: Uint8Array[]; close: () => Promise<void> }> {
    const server = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      handleProtocols: (protocols) => (protocols.has('mqtt') ? 'mqtt' : false),
    });
    await new Promise((resolve) => server.once('listening', resolve));
    const received: Uint8Array[] = [];
    let connections = 0;
    server.on('connection', (ws, request) => {
      connections += 1;
      if (connections > 1) {
        const stream = createWebSocketStream(ws);
        stream.on('error', () => stream.destroy());
        broker.aedes.handle(stream, request);
        return;
      }
      ws.on('message', (data) => {
        received.push(new Uint8Array(data as Buffer));
        if (packets(received).some((p) => p.cmd === 'publish')) ws.close();
      });
    });
    const { port } = server.address() as { port: number };
    const close = async (): Promise<void> => {
      for (const ws of server.clients) ws.terminate();
      await new Promise((resolve) => server.close(resolve));
    };
    return { url: `ws://127.0.0.1:${port}`, received, close };
  }

  it('a broker that closes a connection with early packets without any CONNACK gets none again; nothing is lost', async () => {
    const topic = roomTopic();
    const peer = transport();
    const peerInbox = new Inbox(peer, topic);
    await peer.connect();
    const front = await closingFront();
    Recorded.made = [];
    const joining = testMqttTransport(front.url, { WebSocketImpl: Recorded as unknown as typeof globalThis.WebSocket });
    try {
      new Inbox(joining, topic);
      joining.publish(topic, 'hello');
      await expect(joining.connect()).rejects.toThrow(/before CONNACK/); // the retry follows by itself
      expect(packets(front.received).map((p) => p.cmd)).toEqual(['connect', 'subscribe', 'publish']);
      await peerInbox.receives('hello');
      expect(Recorded.made).toHaveLength(2);
      const [, second] = Recorded.made;
      expect(packets(second!.sent.slice(0, second!.sentBeforeReply)).map((p) => p.cmd)).toEqual(['connect']);
      await sentinel(joining, peerInbox);
      expect(peerInbox.messages.filter((m) => m === 'hello')).toHaveLength(1);
    } finally {
      await joining.close(); // before its front goes: no reconnects to it
      await front.close();
    }
  });

  it('a refused CONNACK (server unavailable) leaves early packets on: the broker read them', async () => {
    const topic = roomTopic();
    const peer = transport();
    const peerInbox = new Inbox(peer, topic);
    await peer.connect();
    let attempts = 0;
    const ungate = gateConnects(async () => {
      attempts += 1;
      return attempts > 1; // the joining side's first is refused
    }, 3);
    try {
      Recorded.made = [];
      const joining = transport({ WebSocketImpl: Recorded as unknown as typeof globalThis.WebSocket });
      new Inbox(joining, topic);
      joining.publish(topic, 'hello');
      await expect(joining.connect()).rejects.toThrow(/Server unavailable/); // the retry follows by itself
      await peerInbox.receives('hello');
      expect(Recorded.made).toHaveLength(2);
      for (const socket of Recorded.made)
        expect(packets(socket.sent.slice(0, socket.sentBeforeReply)).map((p) => p.cmd)).toEqual([
          'connect',
          'subscribe',
          'publish',
        ]);
      await sentinel(joining, peerInbox);
      expect(peerInbox.messages.filter((m) => m === 'hello')).toHaveLength(1);
    } finally {
      ungate();
    }
  });
});

describe('streamIdle', () => {
  it('is true only when neither the stream nor its inner one holds a write', async () => {
    const { PassThrough } = await import('node:stream');
    const stream = new PassThrough({ highWaterMark: 1 });
    expect(streamIdle(stream)).toBe(true);
    stream.cork();
    stream.write('x');
    expect(streamIdle(stream)).toBe(false);
    stream.uncork();
    expect(streamIdle(stream)).toBe(false); // written, but not yet read by anyone
    expect(streamIdle(Object.assign(new PassThrough(), { proxy: stream }))).toBe(false);
    stream.resume();
    await new Promise((resolve) => setImmediate(resolve));
    expect(streamIdle(stream)).toBe(true);
    expect(streamIdle(undefined)).toBe(false);
  });
});
