// The kiosk's audit signing key: an Ed25519 key pair made at first start. The private key lives in a
// secret store of its own (by default audit-key.json, 0600 in the data folder, as the web host keeps
// API tokens); only the public key and its fingerprint are ever shown.
import * as ed from '@noble/ed25519';
import { keyFingerprint } from '../../shared/audit/bundle.ts';
import { toHex } from '../../shared/crypto/encoding.ts';
import { fromHex } from '../../shared/formats/hex.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import { t } from '../../shared/i18n/index.ts';

export const SIGNING_KEY_SECRET_ID = 'audit:signing-key';
/** The key's own secret store in the data folder (beside, not inside, the API tokens' store). */
export const AUDIT_KEY_FILE_NAME = 'audit-key.json';

export interface SigningKey {
  secretKey: Uint8Array;
  publicKeyHex: string;
  fingerprint: string;
}

/** The stored key, or a new one stored first. A stored value that is not a key is never replaced silently. */
export async function loadOrCreateSigningKey(secrets: SecretStore): Promise<SigningKey> {
  let stored = await secrets.get(SIGNING_KEY_SECRET_ID);
  if (stored === null) {
    await secrets.set(SIGNING_KEY_SECRET_ID, toHex(ed.utils.randomSecretKey()));
    stored = await secrets.get(SIGNING_KEY_SECRET_ID);
  }
  if (stored === null || !/^[0-9a-f]{64}$/.test(stored)) {
    throw new Error(t('crypto:audit.signingKeyDamaged', { id: SIGNING_KEY_SECRET_ID }));
  }
  const secretKey = fromHex(stored);
  const publicKeyHex = toHex(ed.getPublicKey(secretKey));
  return { secretKey, publicKeyHex, fingerprint: keyFingerprint(publicKeyHex) };
}
