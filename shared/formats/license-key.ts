// Bounds on the licence keys the kiosk carries. Keygen's signed keys ("key/<base64url dataset>.<signature>")
// hold their dataset, so they run from a few hundred characters to several thousand; Keygen allows up
// to 16 KiB. That is the bound for every key in every form; a vendor with a shorter limit of its own
// (Cryptlex) keeps it in its connector and at key entry.
import { t } from '../i18n/index.ts';

/** The longest licence key anything in the kiosk accepts (Keygen's limit). */
export const MAX_LICENSE_KEY_CHARS = 16 * 1024;
/** Cryptlex's licence keys are at most this long. */
export const MAX_CRYPTLEX_LICENSE_KEY_CHARS = 256;

/** "16 KiB" / "256 characters", for sentences. */
export function keyLimitText(max: number): string {
  return max === MAX_LICENSE_KEY_CHARS ? t('formats:detect.keyLimitBytes') : t('formats:detect.keyLimitChars', { max });
}

/**
 * Shows enough of a licence key to recognise it without exposing it: "ABCDE-•••-WXYZ5"; a Keygen
 * signed key keeps its "key/" prefix and the last characters of its signature: "key/•••Q2x9Tw".
 */
export function maskLicenseKey(key: string): string {
  if (key.length <= 10) return '•'.repeat(key.length);
  if (key.startsWith('key/') && key.length > 40) return `key/•••${licenseKeyTail(key)}`;
  // Dashes at the cut are the key's own grouping: shown once, not doubled beside the mask's.
  return `${key.slice(0, 5).replace(/-+$/, '')}-•••-${licenseKeyTail(key).replace(/^-+/, '')}`;
}

/** The end of the key the mask shows (none for a key of 10 characters or fewer, which is all masked). */
export function licenseKeyTail(key: string): string {
  if (key.length <= 10) return '';
  return key.startsWith('key/') && key.length > 40 ? key.replace(/=+$/, '').slice(-6) : key.slice(-5);
}
