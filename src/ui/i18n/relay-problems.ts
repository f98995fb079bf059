/** The person's words for each problem a relay reports (see src/signaling/relay-problems.ts). */
import type { RelayProblemCode } from '../../signaling/relay-problems';
import type { TransportProblem } from '../../signaling/transport';
import { t } from './i18n';
import type { relay } from './locales/relay';

/** The message of every relay problem code: tsc checks that none is missing. */
export const relayProblemKeys: Record<RelayProblemCode, keyof (typeof relay)['en']> = {
  'token-refused': 'relay.problem.token-refused',
  'too-many-connections': 'relay.problem.too-many-connections',
  flooding: 'relay.problem.flooding',
  'frame-too-large': 'relay.problem.frame-too-large',
  'bad-json': 'relay.problem.bad-json',
  'bad-frame': 'relay.problem.bad-frame',
  'unknown-op': 'relay.problem.unknown-op',
  'bad-field': 'relay.problem.bad-field',
  'topic-too-long': 'relay.problem.topic-too-long',
  'too-many-topics': 'relay.problem.too-many-topics',
  'topic-full': 'relay.problem.topic-full',
  'rate-limited': 'relay.problem.rate-limited',
  'not-joined': 'relay.problem.not-joined',
  'will-too-large': 'relay.problem.will-too-large',
  'wills-full': 'relay.problem.wills-full',
};

/** One sentence about `problem` in the current language (a code this app does not know is named). */
export function describeRelayProblem(problem: TransportProblem): string {
  const key = Object.hasOwn(relayProblemKeys, problem.code)
    ? relayProblemKeys[problem.code as RelayProblemCode]
    : undefined;
  return key ? t(key) : t('relay.problem.unknown', { code: problem.code.slice(0, 40) });
}
