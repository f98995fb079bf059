/**
 * A tiny room simulator for cross-machine tests: a broker with per-(publisher, subscriber)
 * FIFO channels delivered in a seeded random interleaving, and a fake rtc glue that turns
 * open-peer/apply-* effects into offers/answers and "connects" a pair once an answer for the
 * current offer is applied on both ends.
 */
import type { Role } from '../../src/protocol/link';
import type { Effect, Event, RoleState, SenderState, ViewerState } from '../../src/protocol/machine';
import type { Body, PeerInfo } from '../../src/protocol/messages';
import { senderStep, initialSender } from '../../src/protocol/sender';
import { initialViewer, viewerStep } from '../../src/protocol/viewer';
import { deepFreeze } from './fixtures';

type State = SenderState | ViewerState;

interface Pc {
  remote: PeerInfo;
  offerId?: string;
  connected: boolean;
}

/** One simulated client. */
export interface SimNode {
  name: string;
  role: Role;
  state: State;
  pc: Pc | null;
  gone: boolean;
  effects: Effect[];
}

// Local rtc events carry the offer they belong to: the glue drops them once that PC is gone.
type Item = { kind: 'msg'; from: SimNode; body: Body } | { kind: 'event'; event: Event; offerId: string };

/** Seeded PRNG (mulberry32). */
function prng(seed: number): () => number {
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
  now = 10_000;
  readonly nodes: SimNode[] = [];
  private readonly channels = new Map<string, { to: SimNode; items: Item[] }>();
  private readonly random: () => number;
  private gen = 0;

  constructor(seed = 1) {
    this.random = prng(seed);
  }

  /** Adds a client (not started). */
  add(name: string, role: Role, self: PeerInfo): SimNode {
    const state = role === 'sender' ? initialSender(self) : initialViewer(self);
    const node: SimNode = { name, role, state, pc: null, gone: false, effects: [] };
    this.nodes.push(node);
    return node;
  }

  /** Feeds one event to a node right now. */
  fire(node: SimNode, event: Event): void {
    if (node.gone) return;
    const step = node.role === 'sender' ? senderStep : viewerStep;
    const out = (step as (s: State, e: Event) => { state: State; effects: Effect[] })(deepFreeze(node.state), event);
    node.state = out.state;
    node.effects.push(...out.effects);
    for (const effect of out.effects) this.glue(node, effect);
  }

  /** Starts a node. */
  start(node: SimNode): void {
    this.fire(node, { type: 'start', now: this.now });
  }

  /** The page goes away: optionally with a clean stop (bye), then silence; its PC dies. */
  leave(node: SimNode, clean: boolean): void {
    if (clean) this.fire(node, { type: 'stop', now: this.now });
    this.closePc(node);
    node.gone = true;
  }

  /** Delivers everything queued, in a random interleaving that keeps each channel's order. */
  flush(maxSteps = 10_000): void {
    for (let i = 0; i < maxSteps; i += 1) {
      const live = [...this.channels.values()].filter((c) => c.items.length > 0);
      if (live.length === 0) return;
      const channel = live[Math.floor(this.random() * live.length)]!;
      const item = channel.items.shift()!;
      this.now += 5;
      if (item.kind === 'event') {
        if (channel.to.pc?.offerId === item.offerId) this.fire(channel.to, { ...item.event, now: this.now } as Event);
      } else {
        const self = item.from.state.self;
        const header = { from: self.session, role: item.from.role, seq: 1, ts: this.now };
        this.fire(channel.to, { type: 'message', header, body: item.body, now: this.now });
      }
    }
    throw new Error('simulation did not settle');
  }

  /** Each node's state name. */
  states(): RoleState[] {
    return this.nodes.map((n) => n.state.state);
  }

  private enqueue(key: string, to: SimNode, item: Item): void {
    let channel = this.channels.get(key);
    if (!channel) {
      channel = { to, items: [] };
      this.channels.set(key, channel);
    }
    channel.items.push(item);
  }

  private publish(from: SimNode, body: Body): void {
    for (const to of this.nodes) {
      if (to !== from && !to.gone) this.enqueue(`${from.name}>${to.name}`, to, { kind: 'msg', from, body });
    }
  }

  private later(node: SimNode, event: Event, offerId: string): void {
    this.enqueue(`local:${node.name}`, node, { kind: 'event', event, offerId });
  }

  private closePc(node: SimNode): void {
    const pc = node.pc;
    node.pc = null;
    if (!pc?.connected) return;
    const other = this.nodes.find((n) => n.pc?.connected && n.pc.offerId === pc.offerId && n !== node);
    if (other) {
      other.pc!.connected = false;
      this.later(other, { type: 'peer-lost', now: 0 }, pc.offerId!);
    }
  }

  private glue(node: SimNode, effect: Effect): void {
    const self = node.state.self;
    switch (effect.type) {
      case 'send':
        this.publish(node, effect.body);
        return;
      case 'close-peer':
        this.closePc(node);
        return;
      case 'open-peer': {
        this.closePc(node);
        node.pc = { remote: effect.remote, connected: false };
        if (node.role === 'sender') {
          this.gen += 1;
          const offerId = `${self.session}#${this.gen}`;
          node.pc.offerId = offerId;
          this.publish(node, { t: 'offer', to: effect.remote.session, sdp: `v=0 ${offerId}`, peer: self });
        }
        return;
      }
      case 'apply-offer': {
        if (!node.pc) throw new Error(`${node.name}: apply-offer without a peer`);
        node.pc.offerId = effect.sdp.slice(4);
        this.publish(node, { t: 'answer', to: node.pc.remote.session, sdp: effect.sdp });
        return;
      }
      case 'apply-answer': {
        const id = effect.sdp.slice(4);
        if (!node.pc || node.pc.offerId !== id) return;
        const viewer = this.nodes.find((n) => !n.gone && n.role === 'viewer' && n.pc?.offerId === id);
        if (!viewer?.pc) return;
        node.pc.connected = true;
        viewer.pc.connected = true;
        this.later(node, { type: 'peer-connected', now: 0 }, id);
        this.later(viewer, { type: 'peer-connected', now: 0 }, id);
        return;
      }
      case 'apply-ice':
      case 'apply-eoc':
        return;
    }
  }
}
