// Why a saved connection may not be used for sync now: it would send over unencrypted http to another
// computer without the engineer's choice (a connection saved before https was required), or it needs
// an API token and has none for its current address. Its requests wait with this sentence.
import { apiOrigin, clearTextWaits, sendsInClear } from '../../shared/api/api-address.ts';
import { vendorOf } from '../connectors/registry.ts';
import type { StoredToken } from '../secrets/connection-secrets.ts';
import type { SavedSettings } from '../store/connection-store.ts';

export const TOKEN_CLEARED = 'The API address changed, so the stored token was cleared: enter it again.';

/** Whether these settings send the stored token (Keygen with token authentication, Cryptlex); each vendor's descriptor says. */
export function needsToken(saved: SavedSettings): boolean {
  return vendorOf(saved.vendor).secret?.needed(saved.settings) ?? false;
}

export function connectionProblem(name: string, saved: SavedSettings, stored: StoredToken | null): string | null {
  const { baseUrl, allowInsecureHttp } = saved.settings;
  if (sendsInClear(baseUrl) && !allowInsecureHttp) return clearTextWaits(name, baseUrl);
  const secret = vendorOf(saved.vendor).secret;
  if (!secret?.needed(saved.settings)) return null;
  if (!stored) return `The connection "${name}" has no ${secret.name}: enter it in Settings; its requests wait until then.`;
  const origin = apiOrigin(baseUrl);
  if (stored.origin !== origin) {
    return `The ${secret.name} of "${name}" was entered for ${stored.origin}, not for its address now (${origin ?? baseUrl}), so it is not sent: enter the token again in Settings; its requests wait until then.`;
  }
  return null;
}

/** Test connection with an address the stored token was not entered for: the token must be typed. */
export function tokenNotForThisAddress(stored: StoredToken, baseUrl: string): string {
  return `The stored token was entered for ${stored.origin} and is never sent to another address: enter the token again to test ${apiOrigin(baseUrl) ?? baseUrl}.`;
}
