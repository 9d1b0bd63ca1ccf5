// Checks at save that a pasted RSA public key imports, so a wrong key is named in Settings rather
// than at the first sync.
import { KioskError } from '../../shared/api/errors.ts';
import { importRsaPublicKey, PublicKeyError } from '../../shared/crypto/rsa.ts';
import { t } from '../../shared/i18n/index.ts';

export async function checkRsaPublicKey(pem: string, what = t('connector:publicKey.name')): Promise<void> {
  try {
    await importRsaPublicKey(pem);
  } catch (error) {
    if (error instanceof PublicKeyError) throw new KioskError('invalid_input', t('connector:publicKey.problem', { what, problem: error.message }));
    throw error;
  }
}
