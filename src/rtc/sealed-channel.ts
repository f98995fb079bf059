/**
 * The sealed signaling channel of one RoomSession: the room's keys, this session's identity and
 * pair keys, an ordered outbox (messages leave in the order they were sent, whatever sealing
 * takes), a bounded inbox stamped on arrival, the will and connection id of each transport
 * connection, and the bye sealed ahead for pagehide.
 *
 * Connection ids: the will the server holds names a connection id, and only the latest id a
 * session announced counts. When the transport loses its connection, a will naming a new id
 * (sealed ahead) is registered before the next connection is made, so the will of a half-open
 * old connection, published by the server later, names an older id and is dropped; after the
 * reconnect the channel announces the new id (`conn`).
 */

import { generateIdentityKeyPair, type Identity, identityFromKeyPair } from '../protocol/identity';
import { Inbox, type InboxDrop } from '../protocol/inbox';
import type { Role } from '../protocol/link';
import type { Body, PeerInfo } from '../protocol/messages';
import { clockSuspect, Opener } from '../protocol/open';
import { generateSessionKey, PairBook } from '../protocol/pairwise';
import { deriveRoomKeys, newId } from '../protocol/room';
import { Sealer } from '../protocol/seal';
import type { DropReason, Opened } from '../protocol/wire';
import type { Transport } from '../signaling/transport';
import { mark } from './marks';
import { publishOptions } from './replace-key';

/** How many of the first envelopes to arrive get a performance mark each (`arrive-N`). */
const markedArrivals = 16;

/** What a {@link SealedChannel} needs. */
export interface SealedChannelOptions {
  /** This session's role. */
  role: Role;
  /** The room secret. */
  secret: string;
  /** This session's id. */
  session: string;
  /** Who signs (a promise: while the key store answers); absent, a new in-memory identity. */
  identity?: Identity | Promise<Identity>;
  /** Viewer: the link's `k` (absent: trust on first use). The sender trusts its own key. */
  senderKey?: string;
  /** The transport (connected by the channel). */
  transport: Transport;
  /** The clock. */
  now: () => number;
  /** An envelope was queued: the session should call {@link SealedChannel.openNext} in its turn. */
  onArrival: () => void;
}

/** A will sealed ahead, and the connection id it names. */
interface PreparedWill {
  conn: string;
  data: string;
}

/** What the UI can show about signaling drops. */
export interface SignalingStats {
  /** Envelopes refused or dropped, by reason (inbox and opener together). */
  dropped: Readonly<Record<DropReason | InboxDrop, number>>;
  /** Envelopes accepted. */
  accepted: number;
  /** True when signed broadcasts keep arriving from beyond the clock window in the future: "check the clocks". */
  clockSuspect: boolean;
  /** True when a sender message signed by a real key other than the room's arrived since the last trusted one. */
  wrongKey: boolean;
}

/** One session's sealed channel on the room topic. */
export class SealedChannel {
  /** Resolves once keys are derived and the topic is subscribed. */
  readonly ready: Promise<void>;
  private sealer: Sealer | undefined;
  private opener: Opener | undefined;
  private pairs: PairBook | undefined;
  private readonly inbox = new Inbox();
  private topic = '';
  private outbox: Promise<void> = Promise.resolve();
  /** The will for the next connection, sealed ahead (undefined while it is being sealed). */
  private nextWill: PreparedWill | undefined;
  private me: { device: string; ek: string } | undefined;
  private preparedBye: { conn: string; data: string } | undefined;
  private everConnected = false;
  private connected = false;
  private closed = false;
  /** Envelopes arrived so far, up to `markedArrivals` (marked for the connect benchmark). */
  private arrivals = 0;

  /** Derives the keys, subscribes with a will and starts connecting at once. */
  constructor(private readonly options: SealedChannelOptions) {
    this.ready = this.setup();
  }

  /** Once ready: this session's device id (the identity's key id) and ECDH public key (PeerInfo.ek). */
  get self(): { device: string; ek: string } | undefined {
    return this.me;
  }

  private async setup(): Promise<void> {
    const { role, session, senderKey, transport } = this.options;
    mark('start');
    // A transport that takes the will after connecting (the relay) opens its connection now, so
    // that its handshake overlaps the keys; the topic is joined, with its will, once they exist.
    // (After this call stack: status listeners may be told at once, and the session is still being made.)
    if (transport.lateWill) queueMicrotask(() => this.closed || this.connect());
    const [keys, identity, sessionKey] = await Promise.all([
      deriveRoomKeys(this.options.secret),
      this.identity(),
      generateSessionKey(),
    ]);
    mark('keys');
    this.me = { device: identity.id, ek: sessionKey.publicKey };
    this.topic = keys.topic;
    this.pairs = new PairBook({ own: sessionKey, session, role, pairSalt: keys.pairSalt });
    const conn = newId();
    this.sealer = new Sealer({ key: keys.key, topic: keys.topic, identity, session, role, pairs: this.pairs, conn });
    this.opener = new Opener({
      key: keys.key,
      topic: keys.topic,
      session,
      role,
      pairs: this.pairs,
      senderKey: role === 'sender' ? identity.id : senderKey,
    });
    const will = await this.sealWill(conn);
    if (this.closed) return;
    void this.prepareBye();
    transport.subscribe(keys.topic, (data) => this.receive(data), { will: will.data });
    this.connect();
  }

  /** Starts connecting the transport (idempotent). */
  private connect(): void {
    this.options.transport.connect().catch(() => {
      // Status carries the error; the transport keeps retrying in the background.
    });
  }

  /** The identity given, or (until every caller passes one) a new in-memory one: no reclaim across reloads then. */
  private async identity(): Promise<Identity> {
    return (await this.options.identity) ?? identityFromKeyPair(await generateIdentityKeyPair());
  }

  /** Binds `peer` as the pair peer (the machine chose it: open-peer). */
  bind(peer: PeerInfo): void {
    this.pairs?.bind(peer);
  }

  /** Seals `body` now (numbered in call order) and publishes it after everything sent before it. */
  send(body: Body): void {
    const sealer = this.sealer;
    if (!sealer || this.closed) return;
    const sealed = sealer.seal(body, this.options.now());
    this.outbox = this.outbox
      .then(async () => {
        const data = await sealed;
        mark(`send-${body.t}`);
        if (!this.closed) this.options.transport.publish(this.topic, data, publishOptions(body));
      })
      .catch((error: unknown) => console.warn('porthole: could not send', error));
  }

  /** Opens the oldest queued envelope; null when there is none or it must be ignored. */
  async openNext(): Promise<Opened | null> {
    const arrival = this.inbox.shift();
    if (!arrival || !this.opener) return null;
    return this.opener.open(arrival.data, arrival.receivedAt);
  }

  /** Drops and the clock hint, for the UI. */
  get stats(): SignalingStats {
    const opener = this.opener;
    const dropped = { ...opener?.dropped, ...this.inbox.dropped } as Record<DropReason | InboxDrop, number>;
    dropped.malformed = (opener?.dropped.malformed ?? 0) + this.inbox.dropped.malformed;
    const [clock, wrongKey] = opener ? [clockSuspect(opener), opener.hints.wrongKey > 0] : [false, false];
    return { dropped, accepted: opener?.accepted ?? 0, clockSuspect: clock, wrongKey };
  }

  /**
   * Follows the transport's status. On losing the connection: a will naming a new connection
   * id, registered before the next connection is made. Returns true on a reconnect (the
   * connection id is announced; the session may say hello again).
   */
  onStatus(): boolean {
    const state = this.options.transport.status.state;
    if (!this.sealer || this.closed) return false;
    if (state !== 'connected') {
      if (this.connected) this.switchConnection();
      this.connected = false;
      return false;
    }
    if (this.connected) return false;
    this.connected = true;
    if (!this.everConnected) {
      this.everConnected = true;
      mark('signaling-connected');
      this.prepareNextWill();
      return false;
    }
    this.send({ t: 'conn' });
    return true;
  }

  /** Resolves once everything sent so far has been handed to the transport. */
  flush(): Promise<void> {
    return this.outbox;
  }

  /**
   * Leaves at once: publishes the bye sealed ahead (pagehide; `bye: false` for a retired room,
   * whose viewer was told already) and closes the transport. Resolves once it is closed.
   */
  close({ bye = true }: { bye?: boolean } = {}): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    if (bye && this.preparedBye) this.options.transport.publish(this.topic, this.preparedBye.data);
    return this.options.transport.close();
  }

  private receive(data: string): void {
    if (this.arrivals < markedArrivals) mark(`arrive-${++this.arrivals}`);
    if (this.inbox.push(data, this.options.now())) this.options.onArrival();
  }

  /**
   * The connection dropped: the next one gets a will naming a new id. The will sealed ahead is
   * registered at once, before the transport reconnects; if none is ready yet, one is sealed now
   * (a transport that fixes the will when connecting may then still use the old one: it will
   * not count, and liveness falls back to the data channel and the timeouts).
   */
  private switchConnection(): void {
    const apply = (will: PreparedWill): void => {
      if (this.closed) return;
      this.sealer!.conn = will.conn;
      this.options.transport.setWill(this.topic, will.data);
      void this.prepareBye();
      this.prepareNextWill();
    };
    const ready = this.nextWill;
    this.nextWill = undefined;
    if (ready) apply(ready);
    else void this.sealWill(newId()).then(apply, () => undefined);
  }

  /** Seals the will for the next connection ahead of time. */
  private prepareNextWill(): void {
    void this.sealWill(newId()).then(
      (will) => {
        this.nextWill = will;
      },
      () => undefined,
    );
  }

  /** A will ('lost') naming connection `conn`. */
  private async sealWill(conn: string): Promise<PreparedWill> {
    const data = await this.sealer!.seal({ t: 'bye', reason: 'lost' }, this.options.now(), { will: true, conn });
    return { conn, data };
  }

  /** The bye for pagehide is sealed ahead (the page cannot await WebCrypto while unloading), once per connection id. */
  private async prepareBye(): Promise<void> {
    const sealer = this.sealer;
    if (!sealer) return;
    const conn = sealer.conn;
    if (this.preparedBye?.conn === conn) return;
    const data = await sealer.seal({ t: 'bye', reason: 'left' }, this.options.now(), { will: true });
    if (sealer.conn === conn) this.preparedBye = { conn, data };
  }
}
