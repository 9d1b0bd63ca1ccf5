// Vendor tokens at rest: AES-256-GCM with a key the operator provides (RELAY_SECRET_KEY, 32 bytes as
// 64 hex characters or base64). The connection id is bound in as associated data, so a sealed token
// copied onto another connection's row does not open.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const SECRET_KEY_ENV = 'RELAY_SECRET_KEY';
const VERSION = 'v1';

/**
 * What a connection's lookup token is sealed to: its own associated data, so the activation token's
 * sealed text moved into the lookup column (or back) does not open.
 */
export const lookupSealId = (connectionId: string): string => `${connectionId}/lookup`;

export interface SecretBox {
  seal(connectionId: string, plaintext: string): string;
  open(connectionId: string, sealed: string): string;
}

/** The operator's key from its text form; refused with a sentence when it is not 32 bytes. */
export function parseSecretKey(text: string | undefined): Buffer {
  const value = (text ?? '').trim();
  if (!value) throw new Error(`Set ${SECRET_KEY_ENV} to a 32-byte key (64 hex characters, e.g. from "openssl rand -hex 32"); vendor tokens are encrypted with it.`);
  const key = /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (key.length !== 32) throw new Error(`${SECRET_KEY_ENV} must be 32 bytes: 64 hex characters or 44 base64 characters (e.g. from "openssl rand -hex 32").`);
  return key;
}

export function secretBox(key: Buffer): SecretBox {
  return {
    seal(connectionId, plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(connectionId, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
    },
    open(connectionId, sealed) {
      const [version, data] = sealed.split(':');
      if (version !== VERSION || !data) throw new Error('A stored vendor token is not in a form this relay reads; enter it again with "connection add".');
      const raw = Buffer.from(data, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAAD(Buffer.from(connectionId, 'utf8'));
      decipher.setAuthTag(raw.subarray(12, 28));
      try {
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      } catch {
        throw new Error(`A stored vendor token does not open with this ${SECRET_KEY_ENV}; start the relay with the key the token was saved with, or enter the token again.`);
      }
    },
  };
}
