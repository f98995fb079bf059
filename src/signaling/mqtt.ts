/**
 * MQTT transport: topics on a public or self-run broker over MQTT 3.1.1 WebSockets.
 * mqtt.js is imported lazily, on the first connect(), so it stays out of the first-load bundle.
 *
 * One Last Will per connection: MQTT allows one, so the will most recently set (through
 * subscribe() or setWill()) is the connection's will. A client uses one room at a time, so
 * this is the room's will. A will set while connected takes effect at the next (re)connect.
 */
import type { IClientOptions, MqttClient } from 'mqtt';
import { Reconnector, StatusBox, callEach } from './backoff';
import type { SubscribeOptions, Transport, TransportStatus } from './transport';

/** The mqtt.js module, as `import('mqtt')` returns it. */
export type MqttModule = typeof import('mqtt');

/** Options of {@link createMqttTransport}. */
export interface MqttTransportOptions {
  /** Broker WebSocket URLs (`ws:`/`wss:`), in failover order. At least one. */
  urls: string[];
  /** Time allowed for one URL to answer CONNECT with CONNACK, in ms. Default 4000. */
  connectTimeoutMs?: number;
  /** Loads mqtt.js. Default: `() => import('mqtt')` (a lazy chunk). Tests may override it. */
  mqtt?: () => Promise<MqttModule>;
  /** Prefix of the random MQTT client id. Default `porthole_`. */
  clientIdPrefix?: string;
  /** Delay before reconnect attempt n (1-based), in ms. Default: seed 004's schedule (backoff.ts). */
  reconnectDelayMs?: (attempt: number) => number;
}

/** How long our own publishes are remembered to drop their echo, in ms. */
const echoWindowMs = 30_000;
/** Most own publishes remembered at once (oldest forgotten first). */
const maxEchoEntries = 256;
/** Most messages queued while disconnected (oldest dropped first). */
const maxQueuedMessages = 100;

type Topic = { handlers: Set<(data: string) => void>; will?: string };

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
  private readonly topics = new Map<string, Topic>();
  private readonly echoes = new Map<string, number[]>();
  private queue: Array<[topic: string, data: string]> = [];
  private library: Promise<MqttModule> | undefined;
  private client: MqttClient | undefined;
  private pending: MqttClient | undefined;
  private willTopic: string | undefined;
  private index = 0;
  private everConnected = false;
  private closed = false;

  constructor(options: MqttTransportOptions) {
    this.urls = [...options.urls];
    this.connectTimeoutMs = options.connectTimeoutMs ?? 4000;
    this.loader = options.mqtt ?? (() => import('mqtt'));
    this.clientIdPrefix = options.clientIdPrefix ?? 'porthole_';
    this.box = new StatusBox(this.endpoint);
    this.reconnector = new Reconnector({
      round: (attempt) => this.round(attempt),
      ...(options.reconnectDelayMs ? { delayMs: options.reconnectDelayMs } : {}),
      onScheduled: (attempt, _delayMs, error) =>
        this.box.update({ state: 'reconnecting', attempt, ...(error ? { error } : {}) }),
    });
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
    let entry = this.topics.get(topic);
    if (!entry) {
      entry = { handlers: new Set() };
      this.topics.set(topic, entry);
      this.client?.subscribe(topic, { qos: 0 });
    }
    const handler = (data: string): void => onMessage(data);
    entry.handlers.add(handler);
    if (options?.will !== undefined) this.setWill(topic, options.will);
    const subscribed = entry;
    return () => {
      if (!subscribed.handlers.delete(handler) || subscribed.handlers.size > 0) return;
      if (this.topics.get(topic) !== subscribed) return;
      this.setWill(topic, undefined);
      this.topics.delete(topic);
      this.client?.unsubscribe(topic);
    };
  }

  publish(topic: string, data: string): void {
    if (this.closed) return;
    if (this.client) return this.send(this.client, topic, data);
    this.queue.push([topic, data]);
    if (this.queue.length > maxQueuedMessages) this.queue.shift();
  }

  setWill(topic: string, will: string | undefined): void {
    const entry = this.topics.get(topic);
    if (!entry) return;
    if (will !== undefined) {
      entry.will = will;
      this.willTopic = topic;
      return;
    }
    delete entry.will;
    if (this.willTopic !== topic) return;
    this.willTopic = [...this.topics].filter(([, t]) => t.will !== undefined).pop()?.[0];
  }

  onStatus(listener: (status: TransportStatus) => void): () => void {
    return this.box.listen(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.reconnector.cancel();
    this.queue = [];
    const clients = [this.client, this.pending].filter((c): c is MqttClient => c !== undefined);
    this.client = this.pending = undefined;
    const topics = [...this.topics.keys()];
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
    const mqtt = await this.loadLibrary();
    const failures: string[] = [];
    const start = this.index;
    for (let offset = 0; offset < this.urls.length; offset += 1) {
      if (this.closed) throw new Error('transport closed');
      this.index = (start + offset) % this.urls.length;
      const url = this.endpoint;
      const state = this.everConnected || attempt > 0 ? 'reconnecting' : 'connecting';
      this.box.update({ state, endpoint: url, attempt });
      try {
        return this.adopt(await this.open(mqtt, url));
      } catch (error) {
        failures.push(`${url} (${error instanceof Error ? error.message : String(error)})`);
      }
    }
    throw new Error(`could not connect to any MQTT broker: ${failures.join('; ')}`);
  }

  private loadLibrary(): Promise<MqttModule> {
    this.library ??= this.loader().catch((error: unknown) => {
      this.library = undefined;
      throw new Error(`could not load mqtt.js: ${error instanceof Error ? error.message : String(error)}`);
    });
    return this.library;
  }

  /** Opens one connection; resolves on CONNACK, rejects on error, early close or timeout. */
  private open(mqtt: MqttModule, url: string): Promise<MqttClient> {
    // Node's CommonJS build has named exports; the browser ESM build only a default export.
    const connect = mqtt.connect ?? (mqtt as unknown as { default?: MqttModule }).default?.connect;
    if (typeof connect !== 'function') return Promise.reject(new Error('mqtt.js has no connect()'));
    const will = this.willTopic === undefined ? undefined : this.topics.get(this.willTopic)?.will;
    const clientOptions: IClientOptions = {
      protocolVersion: 4,
      clean: true,
      reconnectPeriod: 0,
      connectTimeout: this.connectTimeoutMs,
      clientId: this.clientIdPrefix + randomHex(6),
      ...(will !== undefined && this.willTopic !== undefined
        ? { will: { topic: this.willTopic, payload: will, qos: 0, retain: false } }
        : {}),
    };
    return new Promise((resolve, reject) => {
      const client = connect(url, clientOptions);
      this.pending = client;
      let lastError: string | undefined;
      const settle = (error?: string): void => {
        clearTimeout(timer);
        client.removeListener('connect', onConnect);
        client.removeListener('close', onClose);
        if (this.pending === client) this.pending = undefined;
        if (error === undefined && !this.closed) return resolve(client);
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

  /** Takes a fresh connection into use: re-subscribes, flushes the queue, reports connected. */
  private adopt(client: MqttClient): void {
    this.client = client;
    this.everConnected = true;
    client.on('message', (topic, payload, packet) => {
      if (!packet.retain) this.deliver(topic, new TextDecoder().decode(payload));
    });
    client.on('close', () => this.dropped(client));
    const topics = [...this.topics.keys()];
    if (topics.length > 0) client.subscribe(topics, { qos: 0 });
    const queued = this.queue;
    this.queue = [];
    for (const [topic, data] of queued) this.send(client, topic, data);
    this.box.update({ state: 'connected', endpoint: this.endpoint, attempt: 0 });
  }

  private dropped(client: MqttClient): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.removeAllListeners('message');
    client.end(true);
    this.reconnector.dropped('connection lost');
  }

  private send(client: MqttClient, topic: string, data: string): void {
    const key = `${topic}\n${data}`;
    this.forgetExpiredEchoes();
    this.echoes.set(key, [...(this.echoes.get(key) ?? []), Date.now() + echoWindowMs]);
    if (this.echoes.size > maxEchoEntries) this.echoes.delete(this.echoes.keys().next().value ?? '');
    client.publish(topic, data, { qos: 0, retain: false });
  }

  private deliver(topic: string, data: string): void {
    const key = `${topic}\n${data}`;
    this.forgetExpiredEchoes();
    const expiries = this.echoes.get(key);
    if (expiries) {
      expiries.shift();
      if (expiries.length === 0) this.echoes.delete(key);
      return;
    }
    callEach(this.topics.get(topic)?.handlers, data);
  }

  private forgetExpiredEchoes(): void {
    const nowMs = Date.now();
    for (const [key, expiries] of this.echoes) {
      while (expiries.length > 0 && (expiries[0] ?? 0) <= nowMs) expiries.shift();
      if (expiries.length === 0) this.echoes.delete(key);
    }
  }
}

/** `bytes` random bytes as lowercase hex. */
function randomHex(bytes: number): string {
  const values = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(values, (value) => value.toString(16).padStart(2, '0')).join('');
}
