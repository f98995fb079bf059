/**
 * A room simulator for cross-machine tests: a broker on a discrete-event clock that can lose,
 * duplicate, delay (reorder) and drop everything in flight (a restart), per-client clocks apart
 * by minutes, and a fake rtc glue that does what the real glue does: it keeps the offer id with
 * its peer connection, drops apply-* effects of any other offer, answers an applied offer, ticks
 * the machine every second, and re-announces itself after a transport reconnect. Like the real
 * glue it reports each description it makes (`local-sdp`, a few ms after it was asked for) and
 * each candidate it gathers (one, then the end of candidates) to the machine, which sends them.
 * A connection comes up only when the sender applied the answer made for its own current offer
 * and at least one side applied a candidate of the other (ICE learns the other's address from
 * its checks); an answer of another offer breaks it (as a mismatched answer breaks ICE in a browser).
 */
import { livenessTimeoutMs } from '../../src/protocol/admission';
import type { Role } from '../../src/protocol/link';
import type { Effect, Event, RoleState, SenderState, ViewerState } from '../../src/protocol/machine';
import type { Body, PeerInfo } from '../../src/protocol/messages';
import { initialSender, senderStep } from '../../src/protocol/sender';
import { initialViewer, viewerStep } from '../../src/protocol/viewer';
import { deepFreeze } from './fixtures';

type State = SenderState | ViewerState;

/** A simulated peer connection. */
interface Pc {
  remote: PeerInfo;
  /** The offer id this connection belongs to. */
  o: number;
  /** Viewer: the sender session and offer id of the offer applied. */
  offer?: string;
  /** Sender: an answer of another offer was applied: this connection can never come up. */
  broken?: boolean;
  /** Sender: the viewer session whose answer to this very offer was applied. */
  answeredBy?: string;
  /** Remote candidates applied. */
  candidates: number;
  /** ICE and DTLS are under way. */
  connecting?: boolean;
  connected: boolean;
}

/** One simulated client. */
export interface SimNode {
  name: string;
  role: Role;
  state: State;
  pc: Pc | null;
  gone: boolean;
  /** Its clock minus the true time, ms. */
  skewMs: number;
  /** False while its network is down (its signaling and peer-to-peer traffic are lost). */
  online: boolean;
  effects: Effect[];
  seq: number;
  /** (from session, seq) already delivered: the opener's replay window. */
  seen: Set<string>;
  helloSent: boolean;
}

/** The broker's behaviour. */
export interface NetOptions {
  /** Probability that a delivery is lost. */
  loss: number;
  /** Probability that a delivery arrives twice. */
  dup: number;
  /** Delivery delay range, ms (a wide range reorders). */
  minDelayMs: number;
  maxDelayMs: number;
}

/** A calm network: nothing lost, short in-order-ish delays. */
export const calm: NetOptions = { loss: 0, dup: 0, minDelayMs: 5, maxDelayMs: 40 };

/** Broadcasts further apart than this from the receiver's clock are dropped (the opener's window). */
const broadcastSkewMs = 3_600_000;

type Job = { at: number; order: number; run: () => void };

/** Seeded PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The simulated room. */
export class Sim {
  /** True time, ms. */
  now = 1_700_000_000_000;
  net: NetOptions = calm;
  readonly nodes: SimNode[] = [];
  readonly random: () => number;
  /** Connections that applied an answer made for another offer (the glue must prevent this). */
  brokenConnections = 0;
  /** Answers applied to a connection that had one already (the machine must prevent this). */
  appliedTwice = 0;
  /** When set, every delivery (and loss) is reported here: for debugging a seed. */
  trace: ((line: string) => void) | undefined;
  private jobs: Job[] = [];
  private order = 0;
  /** Bumped on a broker restart: deliveries scheduled before it are lost. */
  private epoch = 0;

  constructor(seed = 1) {
    this.random = prng(seed);
  }

  /** Adds a client (not started) whose clock is `skewMs` off; its ticks start at once. */
  add(name: string, role: Role, self: PeerInfo, skewMs = 0): SimNode {
    const state = role === 'sender' ? initialSender(self) : initialViewer(self);
    const node: SimNode = {
      name,
      role,
      state,
      pc: null,
      gone: false,
      skewMs,
      online: true,
      effects: [],
      seq: 0,
      seen: new Set(),
      helloSent: false,
    };
    this.nodes.push(node);
    const tick = () => {
      if (node.gone) return;
      this.fire(node, { type: 'tick', now: this.clock(node) });
      this.schedule(1000, tick);
    };
    this.schedule(1000 * this.random(), tick);
    return node;
  }

  /** `node`'s clock. */
  clock(node: SimNode): number {
    return this.now + node.skewMs;
  }

  /** Feeds one event to a node right now. */
  fire(node: SimNode, event: Event): void {
    if (node.gone) return;
    const step = (node.role === 'sender' ? senderStep : viewerStep) as (
      s: State,
      e: Event,
    ) => {
      state: State;
      effects: Effect[];
    };
    const out = step(deepFreeze(node.state), event);
    node.state = out.state;
    node.effects.push(...out.effects);
    for (const effect of out.effects) this.glue(node, effect);
  }

  /** Starts a node. */
  start(node: SimNode): void {
    this.fire(node, { type: 'start', now: this.clock(node) });
  }

  /** The page goes away: with a clean stop (bye), or a crash (the broker publishes its will later). */
  leave(node: SimNode, clean: boolean): void {
    if (clean) this.fire(node, { type: 'stop', now: this.clock(node) });
    this.closePc(node, !clean);
    node.gone = true;
    if (!clean && node.helloSent) {
      this.schedule(2000, () => this.publish(node, { t: 'bye', reason: 'lost' }, true));
    }
  }

  /** The broker restarts: everything in flight is lost; every client reconnects after a moment. */
  restartBroker(): void {
    this.epoch += 1;
    for (const node of this.nodes) {
      if (!node.gone) this.schedule(200 + 1800 * this.random(), () => this.reconnected(node));
    }
  }

  /** `node`'s network goes down for `ms`: signaling and peer-to-peer are lost, then it reconnects. */
  networkDown(node: SimNode, ms: number): void {
    node.online = false;
    const pc = node.pc;
    if (pc?.connected) {
      // The data channel times out on both ends.
      const partner = this.partnerOf(node);
      this.schedule(livenessTimeoutMs, () => this.lose(node, pc));
      if (partner?.pc) {
        const theirs = partner.pc;
        this.schedule(livenessTimeoutMs, () => this.lose(partner, theirs));
      }
    }
    this.schedule(ms, () => {
      node.online = true;
      this.reconnected(node);
    });
  }

  /** Runs scheduled work until `until` (true time). */
  runUntil(until: number): void {
    while (this.jobs.length > 0) {
      const next = this.jobs[0]!;
      if (next.at > until) break;
      this.jobs.shift();
      this.now = next.at;
      next.run();
    }
    this.now = until;
  }

  /** Runs for `ms` more. */
  run(ms: number): void {
    this.runUntil(this.now + ms);
  }

  /** Runs (in 100 ms steps) until `done()` or `ms` passed; the time it took, or undefined. */
  runUntilTrue(done: () => boolean, ms: number): number | undefined {
    const start = this.now;
    while (this.now - start <= ms) {
      if (done()) return this.now - start;
      this.run(100);
    }
    return undefined;
  }

  /** Each node's state name. */
  states(): RoleState[] {
    return this.nodes.map((n) => n.state.state);
  }

  private schedule(delayMs: number, run: () => void): void {
    const job = { at: this.now + delayMs, order: this.order++, run };
    let i = this.jobs.length;
    while (
      i > 0 &&
      (this.jobs[i - 1]!.at > job.at || (this.jobs[i - 1]!.at === job.at && this.jobs[i - 1]!.order > job.order))
    )
      i -= 1;
    this.jobs.splice(i, 0, job);
  }

  /** After a transport reconnect: the glue re-announces its connection, and says hello if not peer-to-peer. */
  private reconnected(node: SimNode): void {
    if (node.gone) return;
    this.publish(node, { t: 'conn' });
    if (node.helloSent && !node.pc?.connected && node.state.state !== 'error') {
      this.publish(node, { t: 'hello', peer: node.state.self });
    }
  }

  private delay(): number {
    const { minDelayMs, maxDelayMs } = this.net;
    return minDelayMs + (maxDelayMs - minDelayMs) * this.random();
  }

  private publish(from: SimNode, body: Body, will = false): void {
    if (!from.online && !will) return;
    from.seq += 1;
    const header = { from: from.state.self.session, role: from.role, seq: from.seq, key: from.state.self.device };
    const ts = this.clock(from);
    const epoch = this.epoch;
    for (const to of this.nodes) {
      if (to === from || to.gone) continue;
      const copies = this.random() < this.net.dup ? 2 : 1;
      for (let i = 0; i < copies; i += 1) {
        const lost = this.random() < this.net.loss;
        this.trace?.(
          `${this.now} ${from.name} → ${to.name} ${body.t}${'o' in body ? ` o=${body.o}` : ''}${lost ? ' LOST' : ''}`,
        );
        if (lost) continue;
        this.schedule(this.delay(), () => {
          if (this.epoch !== epoch || to.gone || !to.online) return;
          // The opener: replays and (for broadcasts) clocks more than an hour apart are dropped.
          const id = `${header.from}#${header.seq}`;
          if (to.seen.has(id)) return;
          const broadcast = body.t === 'hello' || body.t === 'conn' || (body.t === 'bye' && body.to === undefined);
          if (broadcast && !will && Math.abs(ts - this.clock(to)) > broadcastSkewMs) return;
          to.seen.add(id);
          this.fire(to, {
            type: 'message',
            header: { ...header, ...(will ? { will } : {}) },
            body,
            now: this.clock(to),
          });
        });
      }
    }
  }

  private partnerOf(node: SimNode): SimNode | undefined {
    const pc = node.pc;
    if (!pc) return undefined;
    return this.nodes.find(
      (n) => n !== node && !n.gone && n.pc?.connected && n.state.self.session === pc.remote.session,
    );
  }

  /** The connection `pc` of `node` died (if it is still its current one). */
  private lose(node: SimNode, pc: Pc): void {
    if (node.pc !== pc || node.gone) return;
    pc.connected = false;
    this.fire(node, { type: 'peer-lost', now: this.clock(node), o: pc.o });
  }

  /** Closes `node`'s connection; a connected partner notices (at once on a close, after the liveness timeout on a crash). */
  private closePc(node: SimNode, crash = false): void {
    const partner = this.partnerOf(node);
    const pc = node.pc;
    node.pc = null;
    if (!pc?.connected || !partner?.pc) return;
    const theirs = partner.pc;
    this.schedule(crash ? livenessTimeoutMs : 50, () => this.lose(partner, theirs));
  }

  private glue(node: SimNode, effect: Effect): void {
    const self = node.state.self;
    switch (effect.type) {
      case 'send':
        if (effect.body.t === 'hello') node.helloSent = true;
        this.publish(node, effect.body);
        return;
      case 'close-peer':
        this.closePc(node);
        return;
      case 'open-peer': {
        this.closePc(node);
        const pc: Pc = { remote: effect.remote, o: effect.o, candidates: 0, connected: false };
        node.pc = pc;
        if (node.role === 'sender') this.describe(node, pc, `v=0 ${self.session} ${effect.o}`);
        return;
      }
      case 'apply-offer': {
        const pc = node.pc;
        if (!pc || pc.o !== effect.o) return; // the glue drops effects of another offer
        pc.offer = effect.sdp.slice(4);
        this.describe(node, pc, `v=0 ${self.session} ${pc.offer}`);
        return;
      }
      case 'apply-answer': {
        const pc = node.pc;
        if (!pc || pc.o !== effect.o) return;
        const [viewerSession, senderSession, o] = effect.sdp.slice(4).split(' ');
        if (senderSession !== self.session || Number(o) !== pc.o) {
          pc.broken = true;
          this.brokenConnections += 1;
          return;
        }
        if (pc.answeredBy !== undefined) this.appliedTwice += 1;
        pc.answeredBy = viewerSession;
        this.maybeConnect(node);
        return;
      }
      case 'apply-ice': {
        const pc = node.pc;
        if (!pc || pc.o !== effect.o) return;
        pc.candidates += 1;
        const sender =
          node.role === 'sender'
            ? node
            : this.nodes.find((n) => !n.gone && n.pc && n.state.self.session === pc.remote.session);
        if (sender) this.maybeConnect(sender);
        return;
      }
      case 'apply-eoc':
        return;
    }
  }

  /** The glue made its description for `pc` (and then gathers one candidate, then the end): reported to the machine. */
  private describe(node: SimNode, pc: Pc, sdp: string): void {
    const report = (delayMs: number, event: Event) =>
      this.schedule(delayMs, () => {
        if (node.pc === pc && !node.gone) this.fire(node, event);
      });
    const o = pc.o;
    const candidate = {
      candidate: `candidate:${node.state.self.session} 1 udp 1 192.0.2.1 9 typ host`,
      sdpMid: '0',
      sdpMLineIndex: 0,
    };
    report(5 + 20 * this.random(), { type: 'local-sdp', o, sdp, now: this.clock(node) });
    report(30 + 50 * this.random(), { type: 'local-candidate', o, candidate, now: this.clock(node) });
    report(90 + 50 * this.random(), { type: 'local-candidate', o, candidate: null, now: this.clock(node) });
  }

  /**
   * ICE and DTLS start once the sender applied the answer to its current offer and either side
   * has a candidate of the other; they take a moment, and both ends must still hold these very connections.
   */
  private maybeConnect(node: SimNode): void {
    const pc = node.pc;
    if (!pc || pc.broken || pc.connecting || pc.answeredBy === undefined) return;
    const viewer = this.nodes.find((n) => !n.gone && n.state.self.session === pc.answeredBy);
    const theirs = viewer?.pc;
    if (!viewer || !theirs || theirs.offer !== `${node.state.self.session} ${pc.o}`) return;
    if (pc.candidates === 0 && theirs.candidates === 0) return;
    pc.connecting = true;
    this.schedule(50 + 400 * this.random(), () => {
      if (node.pc !== pc || viewer.pc !== theirs || !node.online || !viewer.online || node.gone || viewer.gone) return;
      pc.connected = true;
      theirs.connected = true;
      this.fire(node, { type: 'peer-connected', now: this.clock(node), o: pc.o });
      this.fire(viewer, { type: 'peer-connected', now: this.clock(viewer), o: theirs.o });
    });
  }
}
