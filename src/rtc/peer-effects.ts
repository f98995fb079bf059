/**
 * The machine's apply-* effects, carried out on the peer slot's connection of the offer they name
 * (an effect for any other offer is dropped): the viewer answers an offer, the sender applies the
 * answer, both add the other's candidates.
 */
import type { Effect } from '../protocol/machine';
import { mark } from './marks';
import type { PeerSlot } from './peer-slot';

/** The effects that act on an existing peer connection. */
export type ApplyEffect = Extract<Effect, { type: 'apply-offer' | 'apply-answer' | 'apply-ice' | 'apply-eoc' }>;

/** True for an effect {@link applyPeerEffect} carries out. */
export function isApplyEffect(effect: Effect): effect is ApplyEffect {
  return effect.type.startsWith('apply-');
}

/** Carries out `effect` on `slot`'s connection of its offer; the viewer's answer to offer `o` goes to `answered`. */
export async function applyPeerEffect(
  slot: PeerSlot,
  effect: ApplyEffect,
  answered: (o: number, sdp: string) => Promise<void> | void,
): Promise<void> {
  const link = slot.of(effect.o);
  if (!link) return;
  switch (effect.type) {
    case 'apply-offer': {
      mark('apply-offer');
      const answer = await link.acceptOffer(effect.sdp).catch(() => undefined);
      // Still the same connection: the answer belongs to offer `o`.
      if (answer && slot.of(effect.o) === link) await answered(effect.o, answer);
      return;
    }
    case 'apply-answer':
      await link.acceptAnswer(effect.sdp).catch(() => undefined);
      return;
    case 'apply-ice':
      return link.addCandidate(effect.candidate);
    case 'apply-eoc':
      return link.addCandidate(null);
  }
}
