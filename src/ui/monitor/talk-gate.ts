/**
 * When the sender plays the viewer's voice: only while the viewer's request says it talks, and
 * for at most {@link talkMaxMs} per press (after that, silent until the viewer releases and presses
 * again). A modified viewer that puts audio on the line without `talk: true`, or never releases,
 * is not heard. Pure: the caller gives the clock.
 */

/** The longest one push-to-talk is heard, in ms (the viewer's button releases at the same cap). */
export const talkMaxMs = 60_000;

/** The viewer's audio element is muted: muted by the person, or the viewer is not (or no longer) talking. */
export function talkAudioMuted(viewerMuted: boolean, talking: boolean): boolean {
  return viewerMuted || !talking;
}

/** Follows the viewer's `talk` flag and answers whether its voice may be played now. */
export class TalkGate {
  private startedAtMs: number | undefined;
  /** This press ran past the cap: silent until a release. */
  private spent = false;

  /** The viewer's request said `talk` at `nowMs`. */
  set(talk: boolean, nowMs: number): void {
    if (!talk) {
      this.startedAtMs = undefined;
      this.spent = false;
    } else if (this.startedAtMs === undefined && !this.spent) this.startedAtMs = nowMs;
  }

  /** The viewer's voice may be played at `nowMs`. */
  open(nowMs: number): boolean {
    if (this.startedAtMs === undefined) return false;
    if (nowMs - this.startedAtMs < talkMaxMs) return true;
    this.startedAtMs = undefined;
    this.spent = true;
    return false;
  }

  /** How long the current talk may still be heard, in ms; undefined when none is heard. */
  remainingMs(nowMs: number): number | undefined {
    return this.open(nowMs) && this.startedAtMs !== undefined ? this.startedAtMs + talkMaxMs - nowMs : undefined;
  }
}
