/** Where the viewer stands, as one step the screen names in plain words, and which hint fits it. */
import type { RoleState } from '../../protocol/machine';
import type { RoomNotice } from './room-state';

/**
 * The viewer's step: the three connection steps (`server` → `camera` → `video`), `live`, and
 * after being live: `reconnecting` (the path dropped and comes back, or a sender answers again),
 * `left` (nobody connected: the sender said goodbye or stopped answering) or
 * a pause (`paused-phone`: the sender's page went to the background; `paused-person`: the
 * person at the camera paused it). `error` while the room is in error.
 */
export type ViewerStep =
  | 'server'
  | 'camera'
  | 'video'
  | 'live'
  | 'reconnecting'
  | 'left'
  | 'paused-phone'
  | 'paused-person'
  | 'error';

/** The connection steps, in the order they happen. */
export const connectSteps = ['server', 'camera', 'video'] as const;
/** One of {@link connectSteps}. */
export type ConnectStep = (typeof connectSteps)[number];

/** How long the viewer may stay in one step before a hint with a next step shows, in ms. */
export const stepHintMs = 10_000;

/** How long without a frame before "paused by the phone" shows (until then the picture is live). */
export const phonePauseGapMs = 1000;

/** What {@link viewerStep} decides from. */
export interface ViewerStepInput {
  /** The room's state (`data-state`). */
  state: RoleState;
  /** The server connection's state (the transport's `connected`, `reconnecting`, …). */
  transport: string | undefined;
  /** A sender answered (it is the admitted peer). */
  remote: boolean;
  /** Peer-to-peer with that sender is up (the protocol says so). */
  remoteConnected: boolean;
  /** The peer connection reports `disconnected` or `failed` (ICE may be restarting). */
  peerDown: boolean;
  /** Frames arrived on the video since the current stream started. */
  framesArrived: boolean;
  /** The sender paused its video. */
  paused: boolean;
  /** Who paused it, when the sender says: the person, or the phone (its page went to the background). */
  pausedBy?: 'person' | 'phone' | undefined;
  /** The viewer was live at least once on this page. */
  wasLive: boolean;
  /** Peer-to-peer with a sender was up at least once on this page (frames or not). */
  wasConnected?: boolean;
}

/** The step to show for `input` (pure). */
export function viewerStep(input: ViewerStepInput): ViewerStep {
  if (input.state === 'error') return 'error';
  const connected = input.state === 'active' && input.remoteConnected;
  if (connected && input.paused) return input.pausedBy === 'phone' ? 'paused-phone' : 'paused-person';
  if (connected && !input.peerDown && input.framesArrived) return 'live';
  if (input.wasLive) {
    if (connected || input.peerDown || input.remote) return 'reconnecting';
    return 'left';
  }
  // Connected once, then the sender left before a frame was shown: "left". A first attempt that
  // failed goes back to the steps (with their hints): nobody had been there to leave.
  if (input.state === 'waiting' && !input.remote && input.wasConnected) return 'left';
  if (input.remote) return 'video';
  return input.transport === 'connected' ? 'camera' : 'server';
}

/** A hint the viewer can show: what seems wrong, with a next step. */
export type ViewerHint = 'server' | 'noSender' | 'iceFailed' | 'noFrames' | 'wrongKey' | 'clock';

/** What {@link viewerHint} decides from. */
export interface ViewerHintInput {
  /** The current step. */
  step: ViewerStep;
  /** How long the viewer has been in that step, in ms. */
  msInStep: number;
  /** A signaling problem named at once (wrong key, clocks apart). */
  notice?: RoomNotice | undefined;
  /** The last peer connection failed to find a path (ICE failed): said in any step until one connects. */
  iceFailed: boolean;
  /** A sender answered. */
  remote: boolean;
  /** Peer-to-peer is up (frames are what is missing). */
  remoteConnected: boolean;
}

/** The hint to show, if any (pure): notices at once, the others after {@link stepHintMs} in one step. */
export function viewerHint(input: ViewerHintInput): ViewerHint | undefined {
  const { step } = input;
  if (step === 'live' || step === 'error' || step === 'paused-phone' || step === 'paused-person') return undefined;
  if (input.notice === 'wrong-key') return 'wrongKey';
  if (input.notice === 'clock') return 'clock';
  if (input.iceFailed) return 'iceFailed';
  if (input.msInStep < stepHintMs) return undefined;
  if (step === 'server') return 'server';
  if (step === 'camera' || step === 'left') return 'noSender';
  if (!input.remote) return step === 'reconnecting' ? 'noSender' : undefined;
  return input.remoteConnected ? 'noFrames' : 'iceFailed';
}
