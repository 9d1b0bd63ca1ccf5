// Which licensing API addresses the kiosk may send tokens and licence keys to. Shared by main (which
// refuses at save, test and sync) and Settings (which warns before the engineer saves).

/** The API origin (scheme, host and port) of a base URL, as a stored token is bound to it; null when it is not an http(s) URL. */
export function apiOrigin(baseUrl: string): string | null {
  try {
    const url = new URL(baseUrl.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

/** localhost, 127.0.0.0/8 and [::1]: traffic that never leaves this computer. (URL parsing already normalised 0x7f.1 and the like.) */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** True for plain http:// to any host but this computer: what needs the engineer's explicit "insecure" choice. */
export function sendsInClear(baseUrl: string): boolean {
  try {
    const url = new URL(baseUrl.trim());
    return url.protocol === 'http:' && !isLoopbackHost(url.hostname);
  } catch {
    return false;
  }
}

/** What the "insecure" choice risks, for Settings. */
export const CLEAR_TEXT_RISK =
  'Unencrypted http: anyone on the network between this laptop and the server (Wi-Fi, proxy, hotel network) can read the API token and licence keys sent to it and change its answers, for example report a seat released that was not.';

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl.trim()).host;
  } catch {
    return baseUrl;
  }
}

/** The refusal at save and at test time. */
export function clearTextRefusal(baseUrl: string): string {
  return `${hostOf(baseUrl)} would be reached over unencrypted http://, which the kiosk allows only for this computer (localhost): use https://, or choose "Allow unencrypted http" for this connection if that server cannot do TLS.`;
}

/** Why sync leaves a connection saved with http:// to a remote host (before https was required) alone. */
export function clearTextWaits(name: string, baseUrl: string): string {
  return `The connection "${name}" sends to ${hostOf(baseUrl)} over unencrypted http://, which the kiosk no longer does: change its base URL to https:// in Settings (or allow unencrypted http there); the request waits until then.`;
}
