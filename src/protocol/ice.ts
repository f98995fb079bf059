/**
 * The `ice` link parameter: a short comma-separated list of STUN/TURN servers, e.g.
 * `stun:stun.example.org:3478,turn:alice:s%3Acret@turn.example.org:3478?transport=tcp`.
 * TURN credentials ride inside the entry as percent-encoded `USER:PASS@`.
 */

/** One ICE server as RTCPeerConnection takes it (a subset of RTCIceServer). */
export interface IceServerSpec {
  /** One `stun:`, `turn:` or `turns:` URL, without credentials. */
  urls: string;
  /** TURN username (TURN entries only; required for them). */
  username?: string;
  /** TURN password (TURN entries only; required for them). */
  credential?: string;
}

/** Most servers one link may carry. */
export const maxIceServers = 4;
/** Longest accepted `ice` parameter value, in characters. */
export const maxIceChars = 1024;

const entryPattern =
  /^(stun|turns?):(?:([^:@/?#,\s]+):([^@/?#,\s]+)@)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)(?::(\d{1,5}))?(\?transport=(?:udp|tcp))?$/;

/** Percent-decodes, or null on malformed escapes. */
function decodePart(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

/** Parses one list entry; null when invalid. */
function parseEntry(entry: string): IceServerSpec | null {
  const m = entryPattern.exec(entry);
  if (!m) return null;
  const [, scheme, rawUser, rawPass, host, port, transport] = m;
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535 || port.startsWith('0'))) return null;
  const urls = `${scheme}:${host}${port !== undefined ? `:${port}` : ''}${transport ?? ''}`;
  if (scheme === 'stun') {
    return rawUser === undefined && transport === undefined ? { urls } : null;
  }
  // RTCPeerConnection throws on a TURN server without credentials: refuse it here instead.
  if (rawUser === undefined || rawPass === undefined) return null;
  const username = decodePart(rawUser);
  const credential = decodePart(rawPass);
  if (!username || !credential) return null;
  return { urls, username, credential };
}

/** Parses the `ice` link parameter; null on any invalid entry or more than 4 entries. */
export function parseIce(s: string): IceServerSpec[] | null {
  if (typeof s !== 'string' || s.length === 0 || s.length > maxIceChars) return null;
  const entries = s.split(',');
  if (entries.length > maxIceServers) return null;
  const out: IceServerSpec[] = [];
  for (const entry of entries) {
    const spec = parseEntry(entry);
    if (!spec) return null;
    out.push(spec);
  }
  return out;
}

/** Formats servers for the `ice` link parameter (inverse of parseIce for valid lists). */
export function formatIce(list: readonly IceServerSpec[]): string {
  return list
    .map(({ urls, username, credential }) => {
      if (username === undefined || credential === undefined) return urls;
      const colon = urls.indexOf(':');
      const auth = `${encodeURIComponent(username)}:${encodeURIComponent(credential)}@`;
      return urls.slice(0, colon + 1) + auth + urls.slice(colon + 1);
    })
    .join(',');
}
