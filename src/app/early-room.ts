/**
 * Starts a viewer's room from the very first script: when the address holds a viewer link (on
 * load, or when it changes to one), the room's keys, its transport and a spare peer connection
 * are made while the viewer screen's code still loads (src/app/preopen.ts, a lazy chunk). On the
 * pages a link is pasted or scanned into (home, grid), what a link needs is loaded ahead.
 */
import { type Page, parseRoute, type Via } from '../protocol/link';
import { dropWarmSocket, warmSocket } from '../signaling/warm-socket';

/** On home or the grid, what a viewer link needs is loaded once the page is idle, or after this long at most (ms). */
export const warmAfterMs = 1000;

/**
 * Longest a viewer link opened in a loaded page keeps the screen before it waiting for its room
 * (see {@link viewerScreenHold}), ms.
 */
export const screenHoldCapMs = 150;

/** Pages a viewer link is pasted or scanned into. */
const linkPages: readonly Page[] = ['home', 'grid'];

let warmed = false;

/** The hold of the viewer link in the address (see {@link viewerScreenHold}); none off a viewer link. */
let hold: Promise<void> | undefined;
/** Looks at the address now (set by {@link watchViewerLinks}; a second look at the same link does nothing). */
let lookNow: (() => void) | undefined;

/** The code that opens rooms ahead, once loaded: then used at once, not through another `import()`. */
let preopen: typeof import('./preopen') | undefined;

/** The code that opens rooms ahead (kept in {@link preopen} once loaded). */
function loadPreopen(): Promise<typeof import('./preopen')> {
  return import('./preopen').then((module) => {
    preopen = module;
    return module;
  });
}

/**
 * Loads, once, what opening a viewer link needs first: the code that opens rooms ahead (and with
 * it this device's key), whether the page's relay needs a token, the viewer screen's code
 * (`loadScreen`, given by the shell: this layer does not import the UI) and mqtt.js (the default
 * transport's library; evaluating it took a third of an MQTT join). No room opens and no
 * transport connects: the one request is for the page's relay config (app at the origin's root).
 */
function warmUp(loadScreen: () => Promise<unknown>): void {
  if (warmed) return;
  warmed = true;
  const load = (): void => {
    void loadPreopen().then(
      (early) => {
        early.warmDevice();
        early.warmRelay(location.href);
      },
      () => undefined,
    );
    loadScreen().catch(() => undefined);
    void import('mqtt').catch(() => undefined);
  };
  if ('requestIdleCallback' in globalThis) requestIdleCallback(load, { timeout: warmAfterMs });
  else setTimeout(load, warmAfterMs);
}

/**
 * Starts the WebSocket handshake with the broker a viewer link names, before anything else (see
 * src/signaling/warm-socket.ts). Not with a relay: its transport's handshake carries the room's
 * join and the viewer's hello (early frames, src/signaling/relay-early.ts), which saves more than
 * opening ahead without them would.
 */
function openSocketAhead(via: Via): void {
  if (via.kind === 'mqtt') warmSocket(via.url, ['mqtt']);
}

/** Resolves when `connected` settles (its room connected, or none was opened) or after {@link screenHoldCapMs}. */
function holdFor(connected: Promise<unknown>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, screenHoldCapMs);
    const done = (): void => {
      clearTimeout(timer);
      resolve();
    };
    connected.then(done, done);
  });
}

/**
 * When the screen of the viewer link in the address may show: once its room opened ahead is
 * connected peer-to-peer, or {@link screenHoldCapMs} after the link came; undefined off a viewer
 * link. Until then the screen before it stays (asked on a change of address only). Rendering a
 * screen (its elements, styles, first paint) in the same tens of ms as the room's WebSocket
 * opened, its offer came in and its connection was made delayed each of them on the 2-core test
 * machine: the browser handed the socket's open and messages to the page 15–25 ms late. Held
 * this little, the new screen still shows before the first picture (which follows the connection
 * by a camera frame and its encoding).
 */
export function viewerScreenHold(): Promise<void> | undefined {
  lookNow?.(); // the app's listener may run before this module's: the room ahead starts first either way
  return hold;
}

/**
 * Follows the address: a viewer link with a new secret opens its room ahead (and the socket to
 * its broker, when it names one); any other page drops
 * one not taken. On home and the grid, what a link needs is loaded once the page is idle (at most
 * {@link warmAfterMs}), the viewer screen with `loadViewerScreen`, so that a link pasted or
 * scanned later starts at once.
 */
export function watchViewerLinks(loadViewerScreen: () => Promise<unknown>): void {
  let last = '';
  const look = (): void => {
    const route = parseRoute(location.hash);
    const viewer = route.page === 'view' && route.error === undefined && route.params.secret !== undefined;
    // Only a new page or secret opens ahead (as only they rebuild the screen): a changed `mode` or
    // `via` of the room on screen must not open a second, hidden session of it.
    const key = viewer ? `view:${route.params.secret}` : '';
    if (linkPages.includes(route.page)) warmUp(loadViewerScreen);
    if (!viewer) hold = undefined;
    if (key === last) return;
    last = key;
    if (viewer && route.params.via) openSocketAhead(route.params.via);
    else dropWarmSocket();
    const href = location.href;
    // Only while the address still shows this link: a late import must not open a room left already.
    const follow = (early: typeof import('./preopen')): unknown =>
      key !== last ? undefined : viewer ? early.preopenViewer(route.params, href) : early.dropPreopened();
    // Loaded already (home warmed it): the room opens ahead in this listener's microtasks, before
    // the app's listener renders the screen (a dynamic import would resolve after that render).
    const followed = (preopen ? Promise.resolve(follow(preopen)) : loadPreopen().then(follow)).catch(() => undefined);
    if (viewer) hold = holdFor(followed.then(() => preopen?.roomAheadConnected()));
  };
  look();
  lookNow = look;
  // The app's own listener (added first, when <porthole-app> was defined) asks for the screen
  // hold, which looks first: the socket and the room ahead start before any render of the new
  // screen (a render first took 100 ms of a busy page before they got started).
  addEventListener('hashchange', look);
  addEventListener('pagehide', dropWarmSocket);
}
