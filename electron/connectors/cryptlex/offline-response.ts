// The Cryptlex offline response: a JWT (RS256, the product's RSA key) whose claims must say what the
// kiosk asked for. The kiosk exports the token byte for byte, so it accepts only a token whose every
// byte the signature covers and whose claims mean one thing to every reader:
// - exactly three canonical base64url parts (no padding, whitespace or appended junk, which lenient
//   decoders skip while the exported file still carries them);
// - header and claims parsed strictly (a duplicate `lid` or `eat` would mean one licence to the kiosk
//   and another to the device);
// - the binding claims present and equal to the request: licence id, device fingerprint (when the
//   captured form names it), SHA-256 of the exact offline request sent, not expired, not suspended.
// Every check but the signature itself runs also when no product public key is configured.
import { createHash, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { readStrictJsonBytes, StrictJsonError } from '../../../shared/crypto/strict-json.ts';
import { maskSecret } from '../../secrets/mask.ts';
import { vendorText } from '../http.ts';
import { t } from '../../../shared/i18n/index.ts';

/** The claim names the kiosk relies on, in one place (Cryptlex's activation token vocabulary). */
export const CLAIM = {
  licenseId: 'lid',
  fingerprint: 'fp',
  expiresAt: 'eat',
  requestHash: 'orh',
  suspended: 'suspended',
  licenseExpiresAt: 'leat',
} as const;

export const RESPONSE_ALGORITHM = 'RS256';

const PART = /^[A-Za-z0-9_-]+$/;
/** 9999-12-31T23:59:59Z: later times do not fit a Date. */
const MAX_SECONDS = 253_402_300_799;
const SHA256_HEX = /^[0-9a-f]{64}$/;
/** A token's header and claims are small flat objects. */
const PART_JSON_LIMITS = { maxLength: 64 * 1024, maxDepth: 16 };

const header = z.looseObject({ alg: z.string() });
const claims = z.looseObject({
  [CLAIM.licenseId]: z.string().min(1),
  [CLAIM.fingerprint]: z.string().min(1),
  [CLAIM.expiresAt]: z.number().int().positive().max(MAX_SECONDS),
  [CLAIM.requestHash]: z.string().regex(SHA256_HEX),
  [CLAIM.suspended]: z.boolean().optional(),
  [CLAIM.licenseExpiresAt]: z.number().int().nonnegative().max(MAX_SECONDS).optional(),
});

export interface OfflineResponseExpectations {
  licenseId: string;
  /** The device fingerprint the captured request names; null when the form does not show it. */
  fingerprint: string | null;
  /** The offline request exactly as sent to Cryptlex. */
  requestSent: string;
  now: number;
  skewMs: number;
  /** The product's RSA public key; null when none is configured (the signature is then not checked). */
  productKey: KeyObject | null;
}

export type OfflineResponseCheck =
  | { ok: true; fingerprint: string; expiresAt: string; verified: boolean }
  | { ok: false; code: string; message: string };

export function checkOfflineResponse(token: string, expect: OfflineResponseExpectations): OfflineResponseCheck {
  // Each catalogue sentence ends with "Nothing was stored."
  const refuse = (code: string, message: string): OfflineResponseCheck => ({ ok: false, code, message });
  const malformed = (what: string) => refuse('signature_invalid', t('cryptlex:response.malformed', { what }));

  const parts = token.split('.');
  if (parts.length !== 3) return malformed(t('cryptlex:response.parts', { count: parts.length }));
  const names = ['header', 'claims', 'signature'] as const;
  const decoded: Buffer[] = [];
  for (const [i, part] of parts.entries()) {
    // Re-encoding must give the same text: no padding, whitespace, stray characters or loose trailing bits.
    const bytes = Buffer.from(part, 'base64url');
    if (!PART.test(part) || bytes.length === 0 || bytes.toString('base64url') !== part) return malformed(t(`cryptlex:response.partNotBase64.${names[i] ?? 'signature'}`));
    decoded.push(bytes);
  }
  const [h, p] = parts as [string, string, string];
  const [headerBytes, claimBytes, signature] = decoded as [Buffer, Buffer, Buffer];

  const headerValue = readStrictJsonBytes(headerBytes, PART_JSON_LIMITS);
  if (headerValue instanceof StrictJsonError) return malformed(t('cryptlex:response.headerNotJson', { detail: headerValue.message }));
  const head = header.safeParse(headerValue);
  if (!head.success) return malformed(t('cryptlex:response.noAlgorithm'));
  if (head.data.alg !== RESPONSE_ALGORITHM) {
    return refuse('signature_invalid', t('cryptlex:response.wrongAlgorithm', { alg: vendorText(head.data.alg, [], maskSecret), expected: RESPONSE_ALGORITHM }));
  }
  if (expect.productKey && !verify('sha256', Buffer.from(`${h}.${p}`), expect.productKey, signature)) {
    return refuse('signature_invalid', t('cryptlex:response.signatureInvalid'));
  }

  const claimValue = readStrictJsonBytes(claimBytes, PART_JSON_LIMITS);
  if (claimValue instanceof StrictJsonError) return malformed(t('cryptlex:response.claimsNotJson', { detail: claimValue.message }));
  const parsed = claims.safeParse(claimValue);
  if (!parsed.success) {
    const missing = parsed.error.issues.map((i) => String(i.path[0] ?? '')).filter(Boolean);
    const claimNames = [...new Set(missing)].map((m) => `"${m}"`).join(', ');
    return refuse('response_unbound', t('cryptlex:response.unbound', { count: missing.length > 1 ? 2 : 1, claims: claimNames }));
  }
  const c = parsed.data;
  const mismatch = (message: string) => refuse('response_mismatch', message);
  if (c[CLAIM.licenseId] !== expect.licenseId) return mismatch(t('cryptlex:response.otherLicence'));
  if (expect.fingerprint !== null && c[CLAIM.fingerprint] !== expect.fingerprint) return mismatch(t('cryptlex:response.otherDevice'));
  if (c[CLAIM.requestHash] !== createHash('sha256').update(expect.requestSent, 'utf8').digest('hex')) {
    return mismatch(t('cryptlex:response.otherRequest'));
  }
  if (c[CLAIM.suspended] === true) {
    return refuse('SUSPENDED_LICENSE', t('cryptlex:response.suspended'));
  }
  const licenceEnd = c[CLAIM.licenseExpiresAt];
  if (licenceEnd !== undefined && licenceEnd > 0 && licenceEnd * 1000 <= expect.now - expect.skewMs) {
    return refuse('EXPIRED_LICENSE', t('cryptlex:response.expired'));
  }
  const eat = c[CLAIM.expiresAt] * 1000;
  if (eat <= expect.now - expect.skewMs) {
    return refuse('response_expired', t('cryptlex:response.responseExpired'));
  }
  return { ok: true, fingerprint: c[CLAIM.fingerprint], expiresAt: new Date(eat).toISOString(), verified: expect.productKey !== null };
}
