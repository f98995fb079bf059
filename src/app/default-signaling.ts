/**
 * Which signaling transport "the default" means on this page, for the settings screen: the relay
 * that served the page (when it answers `/api/config`), else the public MQTT brokers. The same
 * choice {@link chooseSignaling} makes when a room opens without `via`.
 */
import { type AppConfig, fetchAppConfig } from '../signaling/app-config';
import { chooseSignaling } from './open-room';

/** The default transport on this page: the relay that served it (its host), or the public MQTT brokers. */
export type DefaultSignaling = { kind: 'relay'; host: string } | { kind: 'public' };

/** Asks the page's origin for `/api/config` and names the transport a room without `via` would use. */
export async function defaultSignaling(
  pageUrl: string,
  fetchConfig: (origin: string) => Promise<AppConfig | null> = fetchAppConfig,
): Promise<DefaultSignaling> {
  const config = await fetchConfig(new URL(pageUrl).origin);
  const choice = chooseSignaling(undefined, config, pageUrl);
  return choice.kind === 'relay' ? { kind: 'relay', host: new URL(choice.url).host } : { kind: 'public' };
}
