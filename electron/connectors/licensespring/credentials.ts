// LicenseSpring signs every License API call with two secrets: the API key (sent, in the
// Authorization header) and the company's shared key (never sent; it keys the HMAC). Both live in one
// secret-store entry, as JSON, so the existing origin binding (electron/secrets/connection-secrets.ts)
// binds them together: a base URL changed later gets neither.
import { createHmac } from 'node:crypto';
import { z } from 'zod';

export interface LicenseSpringCredentials {
  apiKey: string;
  sharedKey: string;
}

const printable = z.string().trim().min(8).max(256).regex(/^[\x21-\x7e]+$/);
const entry = z.object({ apiKey: printable, sharedKey: printable }).strict();

/** The one secret-store value for a LicenseSpring connection. */
export function encodeLicenseSpringCredentials(credentials: LicenseSpringCredentials): string {
  const parsed = entry.parse(credentials);
  return JSON.stringify({ apiKey: parsed.apiKey, sharedKey: parsed.sharedKey });
}

/** Null when the stored value is not a LicenseSpring credentials entry. */
export function decodeLicenseSpringCredentials(value: string | null): LicenseSpringCredentials | null {
  if (!value?.startsWith('{')) return null;
  try {
    const parsed = entry.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
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
