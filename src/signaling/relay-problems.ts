/**
 * What the relay can say is wrong with this client, as stable codes: its error frames' codes
 * (relay/src/wire.d.ts) and the close codes it ends a connection with. The UI translates each
 * one (src/ui/i18n/relay-problems.ts); the relay transport reacts to some (src/signaling/relay.ts).
 */
import type { ErrorCode } from '../../relay/src/wire';
import type { TransportProblem } from './transport';

/** Why the relay closed a connection, when its close code says so. */
export type RelayCloseProblem = 'token-refused' | 'too-many-connections' | 'flooding' | 'frame-too-large';

/** Every problem code the relay transport reports. */
export type RelayProblemCode = ErrorCode | RelayCloseProblem;

/** Close code of a relay refusing the token (a `porthole.v1` client; others get HTTP 401). */
export const tokenRefusedCloseCode = 4401;
/** Close code of a policy violation: too many connections from one address, or sustained flooding. */
export const policyViolationCloseCode = 1008;
/** Close code of a frame larger than the relay's limit. */
export const messageTooBigCloseCode = 1009;

/** Every error frame code the relay sends, each listed once (the object's type makes tsc check that). */
const errorCodeSet: Record<ErrorCode, true> = {
  'bad-json': true,
  'bad-frame': true,
  'unknown-op': true,
  'bad-field': true,
  'topic-too-long': true,
  'too-many-topics': true,
  'topic-full': true,
  'rate-limited': true,
  'not-joined': true,
  'will-too-large': true,
  'wills-full': true,
};

/** The relay's error frame codes. */
export const relayErrorCodes = Object.keys(errorCodeSet) as ErrorCode[];

/** The problems the relay's close codes stand for. */
export const relayCloseProblems: readonly RelayCloseProblem[] = [
  'token-refused',
  'too-many-connections',
  'flooding',
  'frame-too-large',
];

/** Whether `code` is one of the relay's error frame codes. */
export function isRelayErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(errorCodeSet, code);
}

/** The problem a close code (and its reason) stands for; undefined for an ordinary close or drop. */
export function closeProblem(code: number, reason: string): TransportProblem | undefined {
  if (code === tokenRefusedCloseCode) return { code: 'token-refused' };
  if (code === messageTooBigCloseCode) return { code: 'frame-too-large' };
  if (code === policyViolationCloseCode) {
    return { code: /connections/i.test(reason) ? 'too-many-connections' : 'flooding' };
  }
  return undefined;
}

/** The problem an error frame stands for (its code as sent, with its topic when it named one). */
export function frameProblem(code: string | number, topic: string | undefined): TransportProblem {
  const problem: TransportProblem = { code: String(code) };
  if (topic !== undefined) problem.topic = topic;
  return problem;
}
