// Makes licence keys the way keygen-api's License model does for each signing scheme
// (generate_ed25519_signed_key!, generate_pkcs1_signed_key!, generate_pkcs1_pss_signed_key!):
//   V2 and ED25519_SIGN: "key/" + b64url(dataset) + "." + b64url(sign("key/" + b64url(dataset)))
//   the older RSA _SIGN: b64url(dataset) + "." + b64url(sign(dataset))
// b64url is Ruby's Base64.urlsafe_encode64, which keeps the "=" padding. PSS: SHA-256, MGF1-SHA-256,
// longest salt (salt_length: :max). Written apart from the kiosk's reader, from keygen-api's code.
import { constants, sign, type KeyObject } from 'node:crypto';

export const KEYGEN_KEY_SCHEMES = ['ED25519_SIGN', 'RSA_2048_PKCS1_PSS_SIGN_V2', 'RSA_2048_PKCS1_SIGN_V2', 'RSA_2048_PKCS1_PSS_SIGN', 'RSA_2048_PKCS1_SIGN'] as const;
export type KeygenKeyScheme = (typeof KEYGEN_KEY_SCHEMES)[number];

/** Ruby's Base64.urlsafe_encode64 (padded). */
export function urlsafeEncode64(bytes: Buffer): string {
  return bytes.toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

export function signKeygenKey(scheme: KeygenKeyScheme, dataset: string, keys: { ed25519?: KeyObject; rsa?: KeyObject }): string {
  const encoded = urlsafeEncode64(Buffer.from(dataset, 'utf8'));
  const v2 = scheme === 'ED25519_SIGN' || scheme.endsWith('_V2');
  const signed = Buffer.from(v2 ? `key/${encoded}` : dataset, 'utf8');
  let signature: Buffer;
  if (scheme === 'ED25519_SIGN') {
    if (!keys.ed25519) throw new Error('an Ed25519 private key is needed');
    signature = sign(null, signed, keys.ed25519);
  } else {
    if (!keys.rsa) throw new Error('an RSA private key is needed');
    const pss = scheme.startsWith('RSA_2048_PKCS1_PSS');
    signature = sign('sha256', signed, pss ? { key: keys.rsa, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_MAX_SIGN } : { key: keys.rsa, padding: constants.RSA_PKCS1_PADDING });
  }
  return `${v2 ? 'key/' : ''}${encoded}.${urlsafeEncode64(signature)}`;
}

/** keygen-api's default dataset (License#default_seed_key), with `extra` entitlements to reach a given length. */
export function keygenDataset(o: { accountId: string; productId: string; policyId: string; licenseId: string; created: string; expiry: string | null; entitlements?: number }): string {
  const base: Record<string, unknown> = {
    account: { id: o.accountId },
    product: { id: o.productId },
    policy: { id: o.policyId, duration: o.expiry ? 31_556_952 : null },
    user: null,
    license: { id: o.licenseId, created: o.created, expiry: o.expiry },
  };
  // Vendors put their own data in the key too; entitlement codes make keys of the lengths seen in use.
  if (o.entitlements) base.entitlements = Array.from({ length: o.entitlements }, (_, i) => `FEATURE_${String(i).padStart(4, '0')}`);
  return JSON.stringify(base);
}
