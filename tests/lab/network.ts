/**
 * The lab namespace's client network, changed with `ip` from inside the tests. Every function
 * first checks that this process runs in a private network namespace made by run-lab.mjs, so a
 * lab test started by hand on a real machine can never touch that machine's addresses.
 */
import { execFileSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { clientAddress, clientInterface, clientPrefixBits } from './netns.mjs';

export { clientAddress };

/** Throws unless this process is in the lab's own network namespace. */
export function assertLabNamespace(): void {
  const own = readlinkSync('/proc/self/ns/net');
  let init = '';
  try {
    init = readlinkSync('/proc/1/ns/net');
  } catch {
    // /proc/1 unreadable: rely on the marker alone.
  }
  if (process.env.PORTHOLE_LAB_NETNS !== '1' || own === init) {
    throw new Error('the lab runs only inside its own network namespace: use `npm run test:lab`');
  }
}

/** Runs `ip ARGS` in the lab namespace. */
function ip(...args: string[]): string {
  assertLabNamespace();
  return execFileSync('ip', args, { encoding: 'utf8' });
}

/** The IPv4 addresses on the client interface now. */
export function clientAddresses(): string[] {
  const out = ip('-4', '-o', 'addr', 'show', 'dev', clientInterface);
  return [...out.matchAll(/inet (\d+\.\d+\.\d+\.\d+)\//g)].map((m) => m[1]!);
}

/** Puts the client interface back to its one starting address. */
export function resetClientNetwork(): void {
  ip('-4', 'addr', 'flush', 'dev', clientInterface);
  ip('addr', 'add', `${clientAddress}/${clientPrefixBits}`, 'dev', clientInterface);
}

/** A network change: `from` disappears and `to` appears on the client interface (a phone changing Wi-Fi). */
export function moveClientAddress(from: string, to: string): void {
  ip('addr', 'del', `${from}/${clientPrefixBits}`, 'dev', clientInterface);
  ip('addr', 'add', `${to}/${clientPrefixBits}`, 'dev', clientInterface);
}

/** The address a network change moves to from `address` (10.77.0.2 ↔ 10.77.1.2). */
export function otherClientAddress(address: string): string {
  return address === clientAddress ? '10.77.1.2' : clientAddress;
}
