// Which licensing API addresses the kiosk may send tokens and licence keys to. Shared by main (which
// refuses at save, test and sync) and Settings (which warns before the engineer saves).
import { t } from '../i18n/index.ts';


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

/** What the "insecure" choice risks, for Settings (current language). */
export function clearTextRisk(): string {
  return t('contract:clearText.risk');
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl.trim()).host;
  } catch {
    return baseUrl;
  }
}

/** The refusal at save and at test time. */
export function clearTextRefusal(baseUrl: string): string {
  return t('contract:clearText.refusal', { host: hostOf(baseUrl) });
}

/** Why sync leaves a connection saved with http:// to a remote host (before https was required) alone. */
export function clearTextWaits(name: string, baseUrl: string): string {
  return t('contract:clearText.waits', { name, host: hostOf(baseUrl) });
}
