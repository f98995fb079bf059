/**
 * How a room is opened: which signaling transport and which ICE servers a page uses (the link's
 * choice, else the relay that served the page, else the public defaults), and the
 * {@link RoomSession} made from that choice. No DOM here: it runs in Node under test.
 */
import type { Identity } from '../protocol/identity';
import type { IceServerSpec, Role, RouteParams, Via } from '../protocol/link';
import { mark } from '../rtc/marks';
import type { PeerPoolLike } from '../rtc/peer-pool';
import { RoomSession, type RoomSessionDeps } from '../rtc/session';
import { type AppConfig, copyIceServer, type IceServerConfig } from '../signaling/app-config';
import type { SignalingChoice } from '../signaling/create-transport';
import type { Transport } from '../signaling/transport';
import { loadRelayToken } from '../storage/relay-token';
import { fetchRelayConfig, relayTokenRefused } from './relay-access';

/** Public MQTT-over-WebSocket brokers, in failover order (the default transport). */
export const publicMqttBrokers: readonly string[] = [
  'wss://broker.emqx.io:8084/mqtt',
  'wss://broker.hivemq.com:8884/mqtt',
  'wss://test.mosquitto.org:8081/mqtt',
];

/** Public STUN servers used when neither the link nor a relay supplies ICE servers. */
export const publicStunServers: readonly IceServerConfig[] = [
  { urls: 'stun:stun.l.google.com:19302' },
  { urls: 'stun:stun.cloudflare.com:3478' },
];

/**
 * Picks the signaling transport: an explicit `via` wins; else the relay that served the page
 * (same host, `wss:` when the page is `https:`); else the public MQTT brokers with failover.
 * `relayToken(url)` gives the access token kept for a relay, if any (sent in the WebSocket
 * handshake, never in the URL).
 */
export function chooseSignaling(
  via: Via | undefined,
  config: AppConfig | null,
  pageUrl: string,
  relayToken: (relayUrl: string) => string | undefined = () => undefined,
): SignalingChoice {
  if (via?.kind === 'mqtt') return { kind: 'mqtt', urls: [via.url] };
  let url: string | undefined = via?.url;
  if (url === undefined && config?.relay) {
    const page = new URL(pageUrl);
    const scheme = page.protocol === 'https:' ? 'wss:' : 'ws:';
    url = `${scheme}//${page.host}${config.relay.path}`;
  }
  if (url === undefined) return { kind: 'mqtt', urls: [...publicMqttBrokers] };
  const token = relayToken(url);
  return token === undefined ? { kind: 'relay', url } : { kind: 'relay', url, token };
}

/** ICE servers for a peer connection: the link's first, then the relay's; public STUN if none. */
export function chooseIceServers(config: AppConfig | null, linkIce?: readonly IceServerSpec[]): IceServerConfig[] {
  const servers: IceServerConfig[] = [...(linkIce ?? []).map(copyIceServer), ...(config?.iceServers ?? [])];
  return servers.length > 0 ? servers : publicStunServers.map(copyIceServer);
}

/** Why {@link openRoom} gave up: the page lacks WebCrypto or WebRTC (`insecure`), or `signal` aborted (`closed`). */
export type OpenRoomFailure = 'insecure' | 'closed';

/** The error {@link openRoom} rejects with, carrying its {@link OpenRoomFailure}. */
export class OpenRoomError extends Error {
  constructor(readonly reason: OpenRoomFailure) {
    super(reason === 'insecure' ? 'WebCrypto or WebRTC unavailable (insecure context)' : 'the screen was closed');
    this.name = 'OpenRoomError';
  }
}

/** What {@link openRoom} needs to know about the room and the page. */
export interface OpenRoomOptions {
  /** Which side of the room this page plays. */
  role: Role;
  /** The room secret from the link. */
  secret: string;
  /** The link parameters in effect: `via` picks the transport, `ice` adds ICE servers. */
  params: Pick<RouteParams, 'via' | 'ice' | 'senderKey'>;
  /** The page's URL (`location.href`): its origin serves `/api/config`, its host a relay. */
  pageUrl: string;
  /** The key this page signs with: the room's sender key, or this device's key for a viewer. */
  identity: Identity | Promise<Identity>;
  /** Optional device name shown to the other side. */
  name?: string;
  /** Aborted when the screen that asked is gone: no session is made after that. */
  signal?: AbortSignal;
  /** Opened by {@link openRoomAhead}, not by a screen. */
  ahead?: boolean;
}

/** Replaceable parts of {@link openRoom} (tests); each defaults to the real one. */
export interface OpenRoomDeps {
  /** Loads the relay's config for an origin (default {@link fetchRelayConfig}, with its token; null when there is none). */
  fetchConfig?: (origin: string) => Promise<AppConfig | null>;
  /** The access token kept for a relay URL (default: this device's, {@link loadRelayToken}). */
  relayToken?: (relayUrl: string) => string | undefined;
  /** Makes the transport for the chosen signaling (default: the session makes the real one). */
  createTransport?: (choice: SignalingChoice) => Transport;
  /** Makes the peer pool on the chosen ICE servers (default: the session makes a real `PeerPool`). */
  createPool?: (role: Role, iceServers: Promise<RTCIceServer[]>) => PeerPoolLike;
}

/**
 * Opens a room session (connecting its transport at once; call `start` to join). With a transport
 * named in the link, signaling starts before `/api/config` answers (its ICE servers are only needed
 * when the peer connection is made); without one, the config decides the transport first.
 * Rejects with an {@link OpenRoomError}.
 */
export async function openRoom(options: OpenRoomOptions, deps: OpenRoomDeps = {}): Promise<RoomSession> {
  if (options.ahead) return (await openWithChoice(options, deps)).session;
  onScreen = screenKey(options);
  const early = takeRoomAhead(options);
  if (early) {
    const taken = await early; // a failure is the one the screen's own would meet
    if (sameToken(taken.signaling, deps)) return claim(taken.session, options.signal);
    taken.session.discard(); // opened with a token refused since: the screen opens with the new one
  }
  return (await openWithChoice(options, deps)).session;
}

/** A session and the signaling it was opened with. */
interface Opened {
  session: RoomSession;
  signaling: SignalingChoice;
}

/** {@link openRoom}'s work, also telling which signaling was chosen. */
async function openWithChoice(options: OpenRoomOptions, deps: OpenRoomDeps): Promise<Opened> {
  // Plain http:// on a LAN address has no WebCrypto (and no WebRTC in some browsers): say so, don't hang.
  const needsWebRtc = deps.createPool === undefined;
  if (!globalThis.crypto?.subtle || (needsWebRtc && typeof RTCPeerConnection !== 'function')) {
    throw new OpenRoomError('insecure');
  }
  const { role, params, pageUrl } = options;
  const configPromise = (deps.fetchConfig ?? fetchRelayConfig)(new URL(pageUrl).origin);
  const config = params.via ? null : await configPromise;
  if (options.signal?.aborted) throw new OpenRoomError('closed');
  const signaling = chooseSignaling(params.via, config, pageUrl, deps.relayToken ?? ((url) => loadRelayToken(url)));
  const iceServers = configPromise.then((c) => chooseIceServers(c, params.ice) as RTCIceServer[]);
  const sessionDeps: RoomSessionDeps = {};
  if (deps.createTransport) sessionDeps.transport = deps.createTransport(signaling);
  if (deps.createPool) sessionDeps.pool = deps.createPool(role, iceServers);
  const session = new RoomSession(
    {
      role,
      secret: options.secret,
      signaling,
      iceServers,
      identity: options.identity,
      ...(params.senderKey ? { senderKey: params.senderKey } : {}),
      ...(options.name ? { name: options.name } : {}),
    },
    sessionDeps,
  );
  if (signaling.kind === 'relay') watchTokenRefusal(session, signaling.url);
  return { session, signaling };
}

/** A room opened ahead of its screen and not taken yet is closed after this, ms. */
export const roomAheadHoldMs = 10_000;

/** The room opened ahead ({@link openRoomAhead}), until a screen takes it or it is dropped. */
let ahead: { key: string; screen: string; opened: Promise<Opened>; timer: ReturnType<typeof setTimeout> } | undefined;
/**
 * The room on screen (opened or taken by a screen's {@link openRoom}): never opened ahead again
 * until dropped, whatever its `via`, `mode` or other parameters (the screen is rebuilt only when
 * the secret changes, so a second session would be a hidden duplicate).
 */
let onScreen: string | undefined;

/** What must match for a screen's {@link openRoom} to take the room opened ahead. */
function aheadKey(options: OpenRoomOptions): string {
  const { role, secret, params, name } = options;
  return JSON.stringify([role, secret, params, name ?? '', new URL(options.pageUrl).origin]);
}

/** Which room a screen shows: its side and secret (the parameters that rebuild the screen). */
function screenKey(options: OpenRoomOptions): string {
  return JSON.stringify([options.role, options.secret, new URL(options.pageUrl).origin]);
}

/**
 * Opens a room before its screen asks (the link is in the address while the screen's code still
 * loads): its keys, its transport's connection and a spare peer connection are made meanwhile.
 * It joins once it is made, as the screen would (only rooms the screen opens without asking the
 * person: a viewer, no camera), so that its hello does not wait for the screen's render; the next
 * {@link openRoom} with the same options takes it, started, and what it heard meanwhile (its
 * stream, the peer's messages) is held for the screen. Not taken within {@link roomAheadHoldMs}
 * (or another room opened ahead), it is closed: with its bye if it had joined. One at a time.
 */
export function openRoomAhead(options: OpenRoomOptions, deps: OpenRoomDeps = {}): void {
  // The room on screen stays the room on screen until another screen opens: a link to another
  // room may come and go while the screen is held (early-room.ts), and the screen never changed.
  discardAhead();
  if (screenKey(options) === onScreen) return;
  mark('room-ahead');
  const opened = openWithChoice({ ...options, ahead: true }, deps);
  // It joins at once (the hello need not wait for the screen's render); the screen that takes it
  // finds it started. The screen's own openRoom reports failures.
  opened.then(
    ({ session }) => ahead?.opened === opened && session.start(),
    () => undefined,
  );
  const timer = setTimeout(dropRoomAhead, roomAheadHoldMs);
  ahead = { key: aheadKey(options), screen: screenKey(options), opened, timer };
}

/** Once the room opened ahead is connected peer-to-peer (or failed to open); undefined when there is none. */
export function roomAheadConnected(): Promise<void> | undefined {
  return ahead?.opened.then(
    ({ session }) => session.connected,
    () => undefined,
  );
}

/** Closes the room opened ahead, if no screen took it (the address left the room, or the page is hidden). */
export function dropRoomAhead(): void {
  onScreen = undefined;
  discardAhead();
}

/** Closes the room opened ahead without a word, if there is one. */
function discardAhead(): void {
  const dropped = ahead;
  ahead = undefined;
  if (!dropped) return;
  clearTimeout(dropped.timer);
  void dropped.opened.then(
    ({ session }) => session.discard(),
    () => undefined,
  );
}

/**
 * The room opened ahead if it was opened with these options (then it is no longer held). One of
 * the same room with other options is useless to the screen, which opens its own: it is closed.
 */
function takeRoomAhead(options: OpenRoomOptions): Promise<Opened> | undefined {
  if (!ahead) return undefined;
  if (ahead.key !== aheadKey(options)) {
    if (ahead.screen === screenKey(options)) discardAhead();
    return undefined;
  }
  const { opened, timer } = ahead;
  ahead = undefined;
  clearTimeout(timer);
  return opened;
}

/** Whether a room opened ahead on `signaling` carries the relay token kept now (none for MQTT). */
function sameToken(signaling: SignalingChoice, deps: OpenRoomDeps): boolean {
  if (signaling.kind !== 'relay') return true;
  return (deps.relayToken ?? ((url) => loadRelayToken(url)))(signaling.url) === signaling.token;
}

/** The room opened ahead, for a screen; closed (and `closed` thrown) if the screen went meanwhile. */
function claim(session: RoomSession, signal: AbortSignal | undefined): RoomSession {
  mark('room-taken');
  if (signal?.aborted) {
    session.discard();
    throw new OpenRoomError('closed');
  }
  return session;
}
/** Tells the app (once) when the room's relay refuses this device's token, so that it asks again. */
function watchTokenRefusal(session: RoomSession, relayUrl: string): void {
  const off = session.on('change', () => {
    if (session.transportStatus.problem?.code !== 'token-refused') return;
    off();
    relayTokenRefused(relayUrl);
  });
}
