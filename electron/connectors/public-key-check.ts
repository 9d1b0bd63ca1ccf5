// Checks at save that a pasted RSA public key imports, so a wrong key is named in Settings rather
// than at the first sync.
import { KioskError } from '../../shared/api/errors.ts';
import { importRsaPublicKey, PublicKeyError } from '../../shared/crypto/rsa.ts';

export async function checkRsaPublicKey(pem: string, what = 'Public key'): Promise<void> {
  try {
    await importRsaPublicKey(pem);
  } catch (error) {
    if (error instanceof PublicKeyError) throw new KioskError('invalid_input', `${what}: ${error.message}.`);
    throw error;
  }
}
