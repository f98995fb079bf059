/**
 * MQTT transport: topics on a public or self-run broker over MQTT 3.1.1 WebSockets; QoS 0,
 * never retained. mqtt.js is imported lazily on the first connect() (not in the first load).
 *
 * One Last Will per connection (MQTT allows one): the will set most recently, through
 * subscribe() or setWill(), is the connection's will, since a client uses one room at a time.
 * The broker fixes it at CONNECT: a will set, changed or unsubscribed while connected takes
 * effect at the next (re)connect.
 */
import type { MqttClient } from 'mqtt';
import { Reconnector, reportRetries } from './reconnector';
import { SendQueue } from './send-queue';
import { StatusBox } from './status-box';
import { TopicTable } from './topic-table';
import type { PublishOptions, SubscribeOptions, Transport, TransportStatus } from './transport';
import { hasWarmSocket, takeWarmSocket } from './warm-socket';
import { EarlyPackets, type QueuedMessage, streamIdle } from './mqtt-early';
import { EchoFilter } from './mqtt-echoes';
import { type MqttModule, type MqttTransportOptions, mqttClientOptions } from './mqtt-options';

export type { MqttModule, MqttTransportOptions } from './mqtt-options';

/** Most messages queued while disconnected (oldest dropped first; one per replace key). */
const maxQueuedMessages = 100;

/** Creates an MQTT transport over `options.urls` (see {@link MqttTransportOptions}). */
export function createMqttTransport(options: MqttTransportOptions): Transport {
  if (options.urls.length === 0) throw new Error('MQTT transport needs at least one broker URL');
  return new MqttTransport(options);
}

class MqttTransport implements Transport {
  private readonly urls: string[];
  private readonly connectTimeoutMs: number;
  private readonly loader: () => Promise<MqttModule>;
  private readonly clientIdPrefix: string;
  private readonly box: StatusBox;
  private readonly reconnector: Reconnector;
  private readonly topics = new TopicTable();
  private readonly echoes = new EchoFilter();
  private readonly queue = new SendQueue<QueuedMessage>(maxQueuedMessages);
  private library: Promise<MqttModule> | undefined;
  private client: MqttClient | undefined;
  private pending: MqttClient | undefined;
  /** The pending connection's packets written before CONNACK; the adopted one's, written at once after it. */
  private early: EarlyPackets | undefined;
  private direct: EarlyPackets | undefined;
  private readonly WebSocketImpl: typeof WebSocket | undefined;
  /** Brokers that ended a connection with early packets without any CONNACK: no early packets to them again. */
  private readonly noEarly = new Set<string>();
  private index = 0;
  private closed = false;

  constructor(options: MqttTransportOptions) {
    this.urls = [...options.urls];
    this.connectTimeoutMs = options.connectTimeoutMs ?? 4000;
    this.loader = options.mqtt ?? (() => import('mqtt'));
    this.clientIdPrefix = options.clientIdPrefix ?? 'porthole_';
    // Only a page's: Node 22's global WebSocket (undici) is not the `ws` socket mqtt.js needs there.
    this.WebSocketImpl = options.WebSocketImpl ?? (typeof window === 'undefined' ? undefined : globalThis.WebSocket);
    this.box = new StatusBox(this.endpoint);
    this.reconnector = new Reconnector({
      round: (attempt) => this.round(attempt),
      delayMs: options.reconnectDelayMs,
      onScheduled: reportRetries(this.box),
    });
    // Start loading mqtt.js now: evaluating it is the slowest step of an MQTT join, and it can
    // overlap the room key derivation that comes before connect(). A failure is retried there.
    this.library = this.loader();
    this.library.catch(() => undefined);
  }

  get endpoint(): string {
    return this.urls[this.index] ?? '';
  }

  get status(): TransportStatus {
    return this.box.status;
  }

  connect(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('transport closed'));
    if (this.client) return Promise.resolve();
    return this.reconnector.connect();
  }

  subscribe(topic: string, onMessage: (data: string) => void, options?: SubscribeOptions): () => void {
    const { first, remove } = this.topics.add(topic, onMessage);
    if (first) this.client?.subscribe(topic, { qos: 0 });
    if (options?.will !== undefined) this.topics.setWill(topic, options.will);
    return () => {
      if (remove()) this.client?.unsubscribe(topic);
    };
  }

  publish(topic: string, data: string, options?: PublishOptions): void {
    if (this.closed) return;
    if (this.client) {
      this.send(this.client, topic, data);
      return;
    }
    const key = options?.replaceKey;
    const item: QueuedMessage = [topic, data];
    this.queue.push(item, key === undefined ? undefined : JSON.stringify([topic, key]));
    // Before CONNACK only: from CONNACK until adopt() the queue is flushed there (written once).
    if (this.early?.ready && this.early.publish(item)) this.echoes.remember(topic, data);
  }

  /** Takes effect at the next (re)connect: MQTT fixes the will when connecting. */
  setWill(topic: string, will: string | undefined): void {
    this.topics.setWill(topic, will);
  }

  onStatus(listener: (status: TransportStatus) => void): () => void {
    return this.box.listen(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.reconnector.cancel();
    this.queue.clear();
    this.direct?.end();
    this.direct = undefined;
    const clients = [this.client, this.pending].filter((c): c is MqttClient => c !== undefined);
    this.client = this.pending = undefined;
    const topics = this.topics.names();
    this.topics.clear();
    await Promise.all(clients.map((client) => this.endCleanly(client, topics)));
    this.box.update({ state: 'closed', attempt: 0 });
  }

  /** Unsubscribes and sends DISCONNECT (so the broker drops the will); forces after the timeout. */
  private endCleanly(client: MqttClient, topics: string[]): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => client.end(true, () => resolve()), this.connectTimeoutMs);
      if (client.connected && topics.length > 0) client.unsubscribe(topics);
      client.end(false, () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** One pass over every URL, starting with the one last used. */
  private async round(attempt: number): Promise<void> {
    this.library ??= this.loader();
    const mqtt = await this.library.catch((error: unknown) => {
      this.library = undefined; // a failed chunk load is retried with the next round
      throw new Error(`could not load mqtt.js: ${error instanceof Error ? error.message : String(error)}`);
    });
    if (attempt === 0) performance.mark('porthole:mqtt-loaded'); // read by the connect benchmark
    const failures: string[] = [];
    const start = this.index;
    for (let offset = 0; offset < this.urls.length; offset += 1) {
      if (this.closed) throw new Error('transport closed');
      this.index = (start + offset) % this.urls.length;
      const url = this.endpoint;
      const state = attempt > 0 ? 'reconnecting' : 'connecting';
      this.box.update({ state, endpoint: url, attempt });
      try {
        const { client, early } = await this.open(mqtt, url);
        if (this.closed) {
          client.end(true); // closed while mqtt.js finished the CONNACK
          throw new Error('transport closed');
        }
        return this.adopt(client, early);
      } catch (error) {
        failures.push(`${url} (${error instanceof Error ? error.message : String(error)})`);
      }
    }
    throw new Error(`could not connect to any MQTT broker: ${failures.join('; ')}`);
  }

  /**
   * Opens one connection; resolves on CONNACK (with the packets written before it), rejects on
   * error, early close or timeout.
   */
  private open(mqtt: MqttModule, url: string): Promise<{ client: MqttClient; early: EarlyPackets | undefined }> {
    // Node's CommonJS build has named exports; the browser ESM build only a default export.
    const connect = mqtt.connect ?? (mqtt as unknown as { default?: MqttModule }).default?.connect;
    if (typeof connect !== 'function') return Promise.reject(new Error('mqtt.js has no connect()'));
    // The socket opened ahead for this broker (a viewer link just opened), if there is one: taken
    // when mqtt.js makes its socket (so it is never left unowned), else a new one as mqtt.js would;
    // either way watched for the end of CONNECT, where the early packets go.
    const Impl = this.WebSocketImpl;
    const early: { packets?: EarlyPackets } = {};
    const createWebsocket = (wsUrl: string, protocols: string[]): WebSocket => {
      const socket = takeWarmSocket(url, ['mqtt']) ?? new (Impl ?? WebSocket)(wsUrl, protocols);
      if (!this.noEarly.has(url)) early.packets = this.early = new EarlyPackets(socket, (e) => this.writeEarly(e));
      return socket;
    };
    const will = this.topics.lastWill();
    const clientOptions = mqttClientOptions({
      clientIdPrefix: this.clientIdPrefix,
      connectTimeoutMs: this.connectTimeoutMs,
      ...(will ? { will } : {}),
      ...(Impl || hasWarmSocket(url, ['mqtt']) ? { createWebsocket } : {}),
    });
    return new Promise((resolve, reject) => {
      const client = connect(url, clientOptions);
      this.pending = client;
      let lastError: string | undefined;
      // From the start: messages may follow CONNACK before this connection is adopted.
      let live = true; // false once this attempt failed (the client is ended)
      // A refusing CONNACK came: the broker read our CONNECT and answered it (an accepting one
      // followed by a close before the adoption counts as none: the early packets may be why).
      let refused = false;
      // mqtt.js writes again from CONNACK on (its 'connect' comes a few ticks later).
      client.on('packetreceive', (packet) => {
        if (packet.cmd !== 'connack') return;
        if ((packet as { returnCode?: number }).returnCode === 0) early.packets?.connected();
        else refused = true;
      });
      client.on('message', (topic, payload, packet) => {
        if (!live || this.closed) return;
        if (!packet.retain) this.deliver(topic, new TextDecoder().decode(payload));
      });
      const settle = (error?: string): void => {
        clearTimeout(timer);
        if (error !== undefined || this.closed) early.packets?.end();
        if (this.early === early.packets) this.early = undefined;
        client.removeListener('connect', onConnect);
        client.removeListener('close', onClose);
        if (this.pending === client) this.pending = undefined;
        if (error === undefined && !this.closed) {
          resolve({ client, early: early.packets });
          return;
        }
        live = false;
        // A broker that ended a connection with early packets without a refusing CONNACK (closed,
        // or let it time out, or accepted and closed at once) gets none again from this transport.
        // A refusal (bad credentials, server unavailable) is an answer: it read the early packets fine.
        if (error !== undefined && !refused && early.packets?.wrote) this.noEarly.add(url);
        client.end(error !== undefined); // connected but closed meanwhile: clean DISCONNECT, no will
        reject(new Error(error ?? 'transport closed'));
      };
      const onConnect = (): void => settle();
      const onClose = (): void => settle(lastError ?? 'connection closed before CONNACK');
      const timer = setTimeout(() => settle(`timed out after ${this.connectTimeoutMs} ms`), this.connectTimeoutMs);
      client.on('error', (error: Error) => {
        lastError = error.message;
        if (this.client === client) this.box.update({ error: error.message });
      });
      client.on('connect', onConnect);
      client.on('close', onClose);
    });
  }

  /**
   * Takes a fresh connection into use: subscribes (again, after the early SUBSCRIBE), flushes
   * what the queue holds that was not written early, reports connected.
   */
  private adopt(client: MqttClient, early: EarlyPackets | undefined): void {
    this.client = client;
    this.direct = early;
    client.on('close', () => this.dropped(client));
    const topics = this.topics.names();
    const left = early?.subscribedBeyond(topics) ?? []; // unsubscribed before CONNACK
    const flush = (): void => {
      for (const item of this.queue.take()) if (!early?.has(item)) this.send(client, item[0], item[1]);
    };
    // mqtt.js's SUBSCRIBE corks its stream until its next tick, and a message sent meanwhile
    // waits behind it (mqtt.js's path). When the early SUBSCRIBE, ahead of CONNACK, already
    // covers every topic, the queue goes first, at once; else the SUBSCRIBE does, so that no
    // message overtakes the subscription its answers come back on. (A broker that dropped the
    // early SUBSCRIBE then costs the time of the next hello, as for early messages.)
    const subscribedEarly = early?.subscribedAll(topics) ?? topics.length === 0;
    if (subscribedEarly) flush();
    if (topics.length > 0) client.subscribe(topics, { qos: 0 });
    if (left.length > 0) client.unsubscribe(left);
    if (!subscribedEarly) flush();
    this.box.update({ state: 'connected', endpoint: this.endpoint, attempt: 0 });
  }

  /** CONNECT is out: the subscription and everything queued follow it at once. */
  private writeEarly(early: EarlyPackets): void {
    early.subscribe(this.topics.names());
    for (const item of this.queue.peek()) if (early.publish(item)) this.echoes.remember(item[0], item[1]);
  }

  private dropped(client: MqttClient): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.direct?.end();
    this.direct = undefined;
    client.removeAllListeners('message');
    client.end(true);
    this.reconnector.dropped('connection lost');
  }

  /** Publishes, remembering the payload so that the broker's echo of it can be dropped. */
  private send(client: MqttClient, topic: string, data: string): void {
    this.echoes.remember(topic, data);
    // At once, past mqtt.js (see mqtt-early.ts), unless mqtt.js has a packet of its own on the way.
    if (streamIdle(client.stream) && this.direct?.publish([topic, data])) return;
    client.publish(topic, data, { qos: 0, retain: false });
  }

  /** Hands a message to the subscribers unless it is the echo of one of ours. */
  private deliver(topic: string, data: string): void {
    if (!this.echoes.isEcho(topic, data)) this.topics.deliver(topic, data);
  }
}
