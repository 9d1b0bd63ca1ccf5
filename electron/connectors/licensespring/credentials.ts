// LicenseSpring signs every License API call with two secrets: the API key (sent, in the
// Authorization header) and the company's shared key (never sent; it keys the HMAC). Both live in one
// secret-store entry (shared/api/vendors/licensespring.ts spells its form), so the origin binding of
// electron/secrets/connection-secrets.ts binds them together: a base URL changed later gets neither.
import { createHmac } from 'node:crypto';
import { licenseSpringSecret, licenseSpringSecretParts } from '../../../shared/api/vendors/licensespring.ts';

export interface LicenseSpringCredentials {
  apiKey: string;
  sharedKey: string;
}

/** The one secret-store value for a LicenseSpring connection; throws for keys LicenseSpring does not issue. */
export function encodeLicenseSpringCredentials(credentials: LicenseSpringCredentials): string {
  const secret = licenseSpringSecret(credentials.apiKey, credentials.sharedKey);
  // ui-text-ok: an invariant for callers (tests and fixtures) that build the entry; Settings checks the keys first
  if (!licenseSpringSecretParts(secret)) throw new Error('an API key and a shared key are 8 to 256 printable characters without spaces');
  return secret;
}

/** Null when the stored value is not a LicenseSpring credentials entry. */
export function decodeLicenseSpringCredentials(value: string | null): LicenseSpringCredentials | null {
  return licenseSpringSecretParts(value);
}

/**
 * The documented request signature: `Date` in RFC 7231 form and an Authorization header whose
 * signature is base64 HMAC-SHA256(shared key, "licenseSpring\ndate: <Date>"). The parameter is spelt
 * `apikey` as in LicenseSpring's own samples (their Python SDK writes `apiKey`; both are accepted).
 */
export function signedHeaders(credentials: LicenseSpringCredentials, now: number): { Date: string; Authorization: string } {
  const date = new Date(now).toUTCString();
  const signature = createHmac('sha256', credentials.sharedKey).update(`licenseSpring\ndate: ${date}`, 'utf8').digest('base64');
  return { Date: date, Authorization: `algorithm="hmac-sha256",headers="date",signature="${signature}",apikey="${credentials.apiKey}"` };
}
