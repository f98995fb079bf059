/**
 * The dead-camera alarm's effects: a looping two-tone beep (Web Audio), vibration where the
 * device has it, and the page's title and favicon changed while it sounds (restored after). The
 * AudioContext may start suspended until a tap (autoplay rules): {@link Alarm.armed} says whether
 * it can be heard, {@link Alarm.arm} resumes it from a gesture.
 */

/** One cycle of the alarm: two beeps then a pause, in ms. */
export const alarmCycleMs = 1_200;
/** The vibration pattern of one cycle (ms on, off, on). */
const vibrationPattern = [300, 150, 300];
/** A red circle with an exclamation mark: the favicon while the alarm sounds. */
const alarmFavicon =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Ccircle cx='16' cy='16' r='15' fill='%23d00'/%3E%3Crect x='14' y='6' width='4' height='13' fill='white'/%3E%3Crect x='14' y='22' width='4' height='4' fill='white'/%3E%3C/svg%3E";

type AudioContextClass = typeof AudioContext;

/** The alarm of one viewer page. */
export class Alarm {
  private context: AudioContext | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private savedTitle: string | undefined;
  private savedIcon: string | undefined;

  /** @param onArmedChange called when the audio becomes audible or not (to re-render "tap to arm") */
  constructor(private readonly onArmedChange: () => void) {}

  /** Creates the AudioContext (suspended where the browser wants a tap first). */
  open(): void {
    if (this.context) return;
    const Context = (globalThis.AudioContext ??
      (globalThis as { webkitAudioContext?: AudioContextClass }).webkitAudioContext) as AudioContextClass | undefined;
    if (!Context) return;
    try {
      this.context = new Context();
      this.context.addEventListener('statechange', this.onArmedChange);
    } catch {
      this.context = undefined;
    }
  }

  /** The alarm can be heard (its AudioContext runs); true where there is no Web Audio (nothing to arm). */
  get armed(): boolean {
    return this.context === undefined || this.context.state === 'running';
  }

  /** Resumes the AudioContext: call from a tap or a key press. */
  arm(): void {
    if (this.context && this.context.state !== 'running') void this.context.resume().catch(() => undefined);
  }

  /** Whether it is sounding. */
  get sounding(): boolean {
    return this.timer !== undefined;
  }

  /** Starts the loop (beep, vibration, title and favicon) with `title` as the page's title. */
  start(title: string): void {
    if (this.timer !== undefined) return;
    this.savedTitle = document.title;
    document.title = title;
    const icon = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
    if (icon) {
      this.savedIcon = icon.href;
      icon.href = alarmFavicon;
    }
    this.cycle();
    this.timer = setInterval(() => this.cycle(), alarmCycleMs);
  }

  /** Stops the loop and restores the title and favicon. */
  stop(): void {
    if (this.timer === undefined) return;
    clearInterval(this.timer);
    this.timer = undefined;
    if (this.savedTitle !== undefined) document.title = this.savedTitle;
    const icon = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
    if (icon && this.savedIcon !== undefined) icon.href = this.savedIcon;
    this.savedTitle = undefined;
    this.savedIcon = undefined;
    navigator.vibrate?.(0);
  }

  /** Stops and lets the AudioContext go (the page leaves monitor mode or the viewer). */
  close(): void {
    this.stop();
    this.context?.removeEventListener('statechange', this.onArmedChange);
    void this.context?.close().catch(() => undefined);
    this.context = undefined;
  }

  /** One cycle: two beeps (880 Hz then 660 Hz) and a vibration. */
  private cycle(): void {
    navigator.vibrate?.(vibrationPattern);
    const context = this.context;
    if (context?.state !== 'running') return;
    const start = context.currentTime + 0.02;
    this.beep(context, start, 880);
    this.beep(context, start + 0.35, 660);
  }

  private beep(context: AudioContext, at: number, hz: number): void {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = 'square';
    oscillator.frequency.value = hz;
    gain.gain.setValueAtTime(0, at);
    gain.gain.linearRampToValueAtTime(0.25, at + 0.01);
    gain.gain.setValueAtTime(0.25, at + 0.25);
    gain.gain.linearRampToValueAtTime(0, at + 0.28);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(at);
    oscillator.stop(at + 0.3);
  }
}
