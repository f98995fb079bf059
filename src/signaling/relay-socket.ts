/**
 * Opening and closing one relay WebSocket, for the relay transport: the open with its timeout
 * and the reason it failed, and a clean close that first leaves what a handshake joined.
 */

/** `WebSocket.CONNECTING` and `WebSocket.OPEN`, spelled out so any implementation works. */
const connectingReadyState = 0;
const openReadyState = 1;
/** Normal closure status code. */
export const normalCloseCode = 1000;

/** Why an open failed; `timedOut` when the socket neither opened nor failed in time. */
export class OpenFailure extends Error {
  /** Whether the limit ran out (rather than the socket failing or closing). */
  readonly timedOut: boolean;

  constructor(message: string, timedOut: boolean) {
    super(message);
    this.timedOut = timedOut;
  }
}

/** A socket being opened, and the outcome of its open. */
export interface OpeningSocket {
  socket: WebSocket;
  /** Resolves once open; rejects with an {@link OpenFailure} (the socket is then closed). */
  opened: Promise<void>;
}

/**
 * Opens a WebSocket to `url` offering `protocols`; fails after `timeoutMs`. A handshake that joined
 * `leaveTopics` (early frames) and timed out is closed with {@link closeSocket}: a relay that did
 * upgrade it late gets their `leave`s, and publishes no will as if the page had crashed.
 */
export function openSocket(
  Impl: typeof WebSocket,
  url: string,
  protocols: string[],
  timeoutMs: number,
  leaveTopics: readonly string[] = [],
): OpeningSocket {
  const socket = new Impl(url, protocols);
  const opened = new Promise<void>((resolve, reject) => {
    let lastError: string | undefined;
    const settle = (failure?: OpenFailure): void => {
      clearTimeout(timer);
      socket.removeEventListener('open', onOpen);
      socket.removeEventListener('close', onClose);
      if (failure === undefined) {
        resolve();
        return;
      }
      if (failure.timedOut) void closeSocket(socket, timeoutMs, leaveTopics);
      else socket.close();
      reject(failure);
    };
    const onOpen = (): void => settle();
    const onClose = (event: CloseEvent): void => settle(new OpenFailure(lastError ?? describeClose(event), false));
    const timer = setTimeout(() => settle(new OpenFailure(`timed out after ${timeoutMs} ms`, true)), timeoutMs);
    socket.addEventListener('error', (event: Event) => {
      const message = (event as Partial<ErrorEvent>).message;
      lastError = typeof message === 'string' && message !== '' ? message : 'connection failed';
    });
    socket.addEventListener('open', onOpen);
    socket.addEventListener('close', onClose);
  });
  return { socket, opened };
}

/**
 * Closes `socket` with 1000 and waits for the close (at most `timeoutMs`). One still opening whose
 * handshake joined `leaveTopics` (early frames) first opens and leaves them: else the relay would
 * publish their wills as if the page had crashed.
 */
export function closeSocket(socket: WebSocket, timeoutMs: number, leaveTopics: readonly string[] = []): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.close(normalCloseCode);
      resolve();
    }, timeoutMs);
    socket.addEventListener('close', () => {
      clearTimeout(timer);
      resolve();
    });
    const leaveAndClose = (): void => {
      if (socket.readyState === openReadyState)
        for (const topic of leaveTopics) socket.send(JSON.stringify({ op: 'leave', topic }));
      socket.close(normalCloseCode);
    };
    if (socket.readyState === connectingReadyState && leaveTopics.length > 0)
      socket.addEventListener('open', leaveAndClose);
    else leaveAndClose();
  });
}

/** A close event as text, with its code and reason. */
export function describeClose(event: CloseEvent): string {
  return `connection closed (code ${event.code}${event.reason ? `: ${event.reason}` : ''})`;
}
