/** The relay transport's options and their defaults. */

/** Options of `createRelayTransport` (relay.ts). */
export interface RelayTransportOptions {
  /** `ws:`/`wss:` URL of the relay's `/ws`. (A deprecated `?token=…` still works, kept out of `endpoint`.) */
  url: string;
  /**
   * The relay's access token, when it needs one: offered as the subprotocol
   * `porthole.token.<base64url of its UTF-8>` next to `porthole.v1`, so it never lands in a URL
   * or a proxy log. A relay refusing it closes with 4401: `status.problem` is `token-refused`.
   */
  token?: string;
  /**
   * WebSocket constructor. Default: the global `WebSocket` (browsers). Tests in Node pass the
   * `ws` package's class.
   */
  WebSocketImpl?: typeof WebSocket;
  /** Time allowed for the WebSocket to open, in ms. Default 4000. */
  connectTimeoutMs?: number;
  /** Delay before reconnect attempt n (1-based), in ms. Default: reconnectDelayMs (reconnector.ts). */
  reconnectDelayMs?: (attempt: number) => number;
  /**
   * Longest the first connection waits for a topic to join and a message to publish, so that its
   * handshake carries them (a session's join and hello come a few ms after it starts), in ms.
   * Default {@link earlyGatherMs}.
   */
  earlyGatherMs?: number;
}

/** Default longest wait of the first connection for the frames its handshake carries, ms. */
export const earlyGatherMs = 150;
