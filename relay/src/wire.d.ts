/**
 * The relay's WebSocket wire protocol (`/ws`), as types only: JSON text frames, one object each.
 * Nothing here exists at run time; the app imports it with `import type` (erased at build) and
 * the relay's JSDoc refers to it. relay/README.md describes the same frames in prose.
 */

/** The subprotocol a client offers (and the relay selects) in `Sec-WebSocket-Protocol`. */
export type Subprotocol = 'porthole.v1';

/** Selected instead of `porthole.v1` when the relay took the frames carried in the handshake (relay/src/early.js). */
export type EarlySubprotocol = 'porthole.v1.early';

/** The entry carrying early frames: `porthole.frames.<base64url of the UTF-8 JSON array of frame texts>`. Never echoed. */
export type EarlyFramesSubprotocol = `porthole.frames.${string}`;

/** The subprotocol entry that carries the access token: `porthole.token.<base64url of the token>`. Never echoed. */
export type TokenSubprotocol = `porthole.token.${string}`;

/** Subscribe to `topic`; `will` is published to it if this socket dies while still joined. */
export interface JoinFrame {
  op: 'join';
  /** 1–maxTopicLength printable ASCII characters without spaces. */
  topic: string;
  /** Opaque (the client's sealed envelope); joining again replaces it, none = no will. */
  will?: string;
}

/** Unsubscribe from `topic`; its will is discarded. Not answered. */
export interface LeaveFrame {
  op: 'leave';
  topic: string;
}

/** Deliver `data` to the other subscribers of `topic` (the socket must have joined it). */
export interface PubFrame {
  op: 'pub';
  topic: string;
  /** Opaque (the client's sealed envelope). */
  data: string;
}

/** Any frame a client sends. */
export type ClientFrame = JoinFrame | LeaveFrame | PubFrame;

/** Answer to every successful join: `peers` = other subscribers of the topic (on every relay instance). */
export interface JoinedFrame {
  op: 'joined';
  topic: string;
  peers: number;
}

/** Someone else published `data` on `topic` (or died and left it as will). Never echoed to the publisher. */
export interface MsgFrame {
  op: 'msg';
  topic: string;
  data: string;
}

/** Stable error codes of `{"op":"error"}` frames (relay/README.md lists when each is sent). */
export type ErrorCode =
  | 'bad-json'
  | 'bad-frame'
  | 'unknown-op'
  | 'bad-field'
  | 'topic-too-long'
  | 'too-many-topics'
  | 'topic-full'
  | 'rate-limited'
  | 'not-joined'
  | 'will-too-large'
  | 'wills-full';

/** A refused frame. The socket stays open. `topic` is present when the refused frame named a valid one. */
export interface ErrorFrame {
  op: 'error';
  code: ErrorCode;
  /** Human-readable, English; may change between versions (match on `code`). */
  message: string;
  topic?: string;
}

/** Any frame the relay sends. */
export type ServerFrame = JoinedFrame | MsgFrame | ErrorFrame;

/**
 * WebSocket close codes the relay uses: 1001 server going away, 1008 policy (too many connections
 * from one address, sustained flooding), 1009 frame too big, 4401 token missing or wrong (clients
 * that offered `porthole.v1`; others get HTTP 401); 1006 (abnormal) when it terminates a socket
 * (ping timeout, a reader that stopped reading, relay shutdown).
 */
export type CloseCode = 1001 | 1006 | 1007 | 1008 | 1009 | 4401;
