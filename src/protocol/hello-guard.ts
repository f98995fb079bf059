/**
 * Guards on what a viewer's hello (or here) may make the sender do, pure. The broker may hold
 * back any envelope and publish it later, and a link holder may send as many as it likes, so:
 * a claim of the holder's session older (lower `seq`) than its latest message changes nothing;
 * claims re-send the offer at most once per {@link resendDelayMs}(0) and
 * {@link maxHelloResendsPerOffer} times per offer; and the same device is admitted again (a new
 * peer connection) at once, then at most once per {@link readmitMinIntervalMs}.
 */

import type { SlotHolder } from './admission';
import type { Handshake } from './handshake';
import { resendDelayMs, resent } from './handshake';
import type { MessageHeader, Step } from './machine';

/** Most re-sends of one offer's messages a viewer's hellos may trigger (the tick's own re-sends aside). */
export const maxHelloResendsPerOffer = 4;
/** The shortest time between two admissions of one device (each opens a new peer connection). */
export const readmitMinIntervalMs = 5000;

/** True when `header` is from the holder's own session (its sequence numbers are comparable). */
function fromHolderSession(holder: SlotHolder, header: MessageHeader): boolean {
  return header.from === holder.peer.session && header.key === holder.peer.device;
}

/** True for a claim of the holder's session sealed before its latest message: held back, stale. */
export function isStaleClaim(holder: SlotHolder | undefined, header: MessageHeader): boolean {
  if (!holder || header.seq === undefined || holder.seq === undefined) return false;
  return fromHolderSession(holder, header) && header.seq < holder.seq;
}

/** The holder with the `seq` of a message of its session remembered (the highest); unchanged otherwise. */
export function withHolderSeq(holder: SlotHolder, header: MessageHeader): SlotHolder {
  const { seq } = header;
  if (seq === undefined || !fromHolderSession(holder, header) || seq <= (holder.seq ?? 0)) return holder;
  return { ...holder, seq };
}

/** True when a hello may re-send offer `h.o`'s messages now: not within 2 s of the last hello's re-send, not too often. */
export function mayResendOnHello(h: Handshake, now: number): boolean {
  if ((h.helloResends ?? 0) >= maxHelloResendsPerOffer) return false;
  return h.helloResentAt === undefined || now - h.helloResentAt >= resendDelayMs(0);
}

/** After a hello-triggered re-send at `now`: counted as a re-send and as a hello's. */
export function resentOnHello(h: Handshake, now: number): Handshake {
  return { ...resent(h, now), helloResentAt: now, helloResends: (h.helloResends ?? 0) + 1 };
}

/** True when the holder's device may be admitted again (a new peer connection) at `now`. */
export function mayReadmit(holder: SlotHolder, now: number): boolean {
  return holder.readmittedAt === undefined || now - holder.readmittedAt >= readmitMinIntervalMs;
}

/** `step` (an admission of the holder's device again) with the time of it kept on the new holder. */
export function readmitted<S extends { viewer?: SlotHolder }>(step: Step<S>, now: number): Step<S> {
  const viewer = step.state.viewer;
  return viewer ? { state: { ...step.state, viewer: { ...viewer, readmittedAt: now } }, effects: step.effects } : step;
}
