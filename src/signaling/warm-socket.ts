/**
 * One WebSocket opened ahead: when the address becomes a viewer link that names its relay or
 * broker, the connection's handshake (two round trips: TCP, then the HTTP upgrade) starts at
 * once, while the page still loads the screen's code and derives the room's keys. The room's
 * transport takes it when it connects (same URL and subprotocols); nothing is sent on it before.
 * Not taken within {@link warmSocketHoldMs}, or replaced by another, it is closed.
 */

/** How long a socket opened ahead waits for its transport before it is closed, ms. */
export const warmSocketHoldMs = 10_000;

/** The socket opened ahead, what it was opened for, and its closing timer. */
let warm: { key: string; socket: WebSocket; timer: ReturnType<typeof setTimeout> } | undefined;

/** What a socket is for: its URL (normalized as the WebSocket constructor would) and subprotocols. */
function keyOf(url: string, protocols: readonly string[]): string | undefined {
  try {
    return JSON.stringify([new URL(url).href, [...protocols]]);
  } catch {
    return undefined;
  }
}

/** Opens a WebSocket to `url` with `protocols` ahead of its transport; a socket opened ahead before is closed. */
export function warmSocket(url: string, protocols: readonly string[]): void {
  const key = keyOf(url, protocols);
  if (key === undefined || key === warm?.key || typeof WebSocket !== 'function') return;
  dropWarmSocket();
  let socket: WebSocket;
  try {
    socket = new WebSocket(url, [...protocols]);
  } catch {
    return; // a URL the browser refuses: the transport reports it when it tries
  }
  warm = { key, socket, timer: setTimeout(dropWarmSocket, warmSocketHoldMs) };
  performance.mark('porthole:socket-ahead'); // read by the connect benchmark and the browser tests
}

/** Whether a socket was opened ahead for `url` and `protocols` (not taken yet). */
export function hasWarmSocket(url: string, protocols: readonly string[]): boolean {
  return warm !== undefined && warm.key === keyOf(url, protocols);
}

/**
 * The socket opened ahead for `url` and `protocols`, if there is one still opening or open (it is
 * handed over once); undefined otherwise, and then a socket for something else stays where it is.
 */
export function takeWarmSocket(url: string, protocols: readonly string[]): WebSocket | undefined {
  if (!warm || warm.key !== keyOf(url, protocols)) return undefined;
  const { socket, timer } = warm;
  warm = undefined;
  clearTimeout(timer);
  if (socket.readyState === WebSocket.CONNECTING || socket.readyState === WebSocket.OPEN) return socket;
  socket.close();
  return undefined;
}

/** Closes the socket opened ahead, if no transport took it. */
export function dropWarmSocket(): void {
  const dropped = warm;
  warm = undefined;
  if (!dropped) return;
  clearTimeout(dropped.timer);
  dropped.socket.close(1000);
}
