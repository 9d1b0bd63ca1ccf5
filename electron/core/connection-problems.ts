// Why a saved connection may not be used for sync now: it would send over unencrypted http to another
// computer without the engineer's choice (a connection saved before https was required), or it needs
// an API token and has none for its current address. Its requests wait with this sentence.
import { apiOrigin, clearTextWaits, sendsInClear } from '../../shared/api/api-address.ts';
import { t } from '../../shared/i18n/index.ts';
import { vendorOf } from '../connectors/registry.ts';
import type { StoredToken } from '../secrets/connection-secrets.ts';
import type { SavedSettings } from '../store/connection-store.ts';

/** The notice after a save whose new address cleared the stored token. */
export function tokenCleared(): string {
  return t('core:connection.tokenCleared');
}

/** Whether these settings send the stored token (Keygen with token authentication, Cryptlex); each vendor's descriptor says. */
export function needsToken(saved: SavedSettings): boolean {
  return vendorOf(saved.vendor).secret?.needed(saved.settings) ?? false;
}

export function connectionProblem(name: string, saved: SavedSettings, stored: StoredToken | null): string | null {
  const { baseUrl, allowInsecureHttp } = saved.settings;
  if (sendsInClear(baseUrl) && !allowInsecureHttp) return clearTextWaits(name, baseUrl);
  const secret = vendorOf(saved.vendor).secret;
  if (!secret?.needed(saved.settings)) return null;
  if (!stored) return t('core:connection.noSecret', { name, secret: secret.name });
  const origin = apiOrigin(baseUrl);
  if (stored.origin !== origin) {
    return t('core:connection.secretOtherAddress', { secret: secret.name, name, stored: stored.origin, origin: origin ?? baseUrl });
  }
  return null;
}

/** Test connection with an address the stored token was not entered for: the token must be typed. */
export function tokenNotForThisAddress(stored: StoredToken, baseUrl: string): string {
  return t('core:connection.tokenNotForAddress', { stored: stored.origin, origin: apiOrigin(baseUrl) ?? baseUrl });
}
