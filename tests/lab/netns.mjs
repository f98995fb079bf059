// @ts-check
/**
 * Runs a command inside a private network namespace made for the lab (`unshare -n`, root only):
 * loopback up, a veth pair v0/v1 up, the lab's client address on v1, nothing that leads out of
 * the namespace. The lab's servers listen on 127.0.0.1 inside it; pages get their media only
 * from the 10.x address (Chromium runs there without --allow-loopback-in-peer-connection).
 */
import { spawn, spawnSync } from 'node:child_process';

/** The address the pages' media starts on (on v1); network-change scenarios move it. */
export const clientAddress = '10.77.0.2';
/** The prefix length of every lab address. */
export const clientPrefixBits = 24;
/** The interface the client address lives on. */
export const clientInterface = 'v1';

/** PATH with the sbin folders, where `ip` lives (a root shell may not have them). */
const sbinEnv = { ...process.env, PATH: `${process.env.PATH ?? '/usr/bin:/bin'}:/usr/sbin:/sbin` };

/**
 * The shell script that builds the namespace's network, then execs `command`.
 * @param {string} command
 */
function setupScript(command) {
  return [
    'set -e',
    'ip link set lo up',
    'ip link add v0 type veth peer name v1',
    // v0 stays without an address: Chromium would gather it too, and scenarios must know which
    // address carries the media. It is up so that v1 has a carrier.
    'ip link set v0 up',
    `ip addr add ${clientAddress}/${clientPrefixBits} dev ${clientInterface}`,
    `ip link set ${clientInterface} up`,
    // A default route through v1 (no gateway, no way out: the namespace has no outside link):
    // Chromium looks up its "default" local address with it.
    `ip route add default dev ${clientInterface}`,
    `exec ${command}`,
  ].join(' && ');
}

/**
 * Why the namespace cannot be made here, or undefined when it can: probes `unshare -n` once.
 * @returns {string | undefined}
 */
export function namespaceUnavailable() {
  if (process.platform !== 'linux') return `not Linux (${process.platform})`;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'not running as root';
  if (spawnSync('ip', ['-V'], { env: sbinEnv }).error) return '`ip` not found (Debian package iproute2)';
  const probe = spawnSync('unshare', ['-n', '--', 'ip', 'link', 'set', 'lo', 'up'], { encoding: 'utf8', env: sbinEnv });
  if (probe.error) return `unshare not found (${probe.error.message})`;
  if (probe.status !== 0) return `unshare -n refused: ${(probe.stderr || '').trim() || `exit ${probe.status}`}`;
  return undefined;
}

/**
 * Runs `command` (a shell command line) in a fresh lab namespace with inherited stdio; resolves
 * with its exit code. The namespace disappears with the command's last process.
 * @param {string} command
 * @param {Record<string, string>} [env]
 * @returns {Promise<number>}
 */
export function runInNamespace(command, env = {}) {
  return new Promise((resolve) => {
    const child = spawn('unshare', ['-n', '--', 'bash', '-c', setupScript(command)], {
      stdio: 'inherit',
      env: { ...sbinEnv, PORTHOLE_LAB_NETNS: '1', ...env },
    });
    /** @param {NodeJS.Signals} signal */
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}
