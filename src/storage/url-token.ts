/**
 * A relay token typed or stored in a relay URL's query (`wss://host/ws?token=…`, how tokens were
 * once given) is taken out: links carry no query, and the token belongs in the relay-token store.
 */

/** A URL without its `token` query parameters: the rest verbatim (other parameters kept), and the first non-empty token. */
export function takeUrlToken(url: string): { url: string; token?: string } {
  const q = url.indexOf('?');
  if (q < 0) return { url };
  const rest: string[] = [];
  let token: string | undefined;
  for (const part of url.slice(q + 1).split('&')) {
    const params = new URLSearchParams(part);
    const value = params.get('token');
    if (value === null) {
      if (part !== '') rest.push(part);
    } else if (token === undefined && value !== '') token = value;
  }
  const stripped = url.slice(0, q) + (rest.length > 0 ? `?${rest.join('&')}` : '');
  return token === undefined ? { url: stripped } : { url: stripped, token };
}

/** A stored `via` value (`relay:wss://…`) with any `token` query parameter taken out. */
export function viaWithoutToken(via: string): string {
  const colon = via.indexOf(':');
  return colon < 0 ? via : via.slice(0, colon + 1) + takeUrlToken(via.slice(colon + 1)).url;
}
