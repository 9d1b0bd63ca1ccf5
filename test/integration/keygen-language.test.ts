// Keygen's refusals and Test connection results are written in the language set at the time: German
// after setLanguage('de'), English again after setLanguage('en').
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test, type TestContext } from 'node:test';
import { createKeygenConnector, type KeygenSettings } from '../../electron/connectors/keygen/keygen-connector.ts';
import type { ConnectorRequest, Failure } from '../../electron/connectors/types.ts';
import { FileSecretStore } from '../../electron/secrets/file-secret-store.ts';
import { setLanguage } from '../../shared/i18n/index.ts';
import { KEYGEN_SAMPLES, keygenSampleOptions, startKeygenServer } from '../servers/keygen/index.ts';
import { tempDir } from '../support/temp.ts';

const PRIVATE_KEY_PEM = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const OTHER_KEY_HEX = Buffer.from((generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }) as { x: string }).x, 'base64url').toString('hex');
const L = KEYGEN_SAMPLES.licenses;

const request: ConnectorRequest = { id: 'req-1', kind: 'activate', licenseKey: L.floating3.key, deviceId: 'press-7:3f9a1c0d2e4b5a69', deviceLabel: 'Press 7', deviceDetails: {} };

/** A connection holding another account's Ed25519 key: every answer's signature fails to verify. */
async function wrongKeyConnector(t: TestContext, settings: Partial<KeygenSettings> = {}) {
  const server = await startKeygenServer({ ...keygenSampleOptions(), privateKeyPem: PRIVATE_KEY_PEM });
  t.after(() => server.close());
  const secrets = new FileSecretStore(`${tempDir(t)}/secrets.json`);
  return createKeygenConnector({ baseUrl: server.url, publicKeyHex: OTHER_KEY_HEX, auth: 'license-key', ...settings }, { secrets, timeoutMs: 3000 });
}

test('a wrong public key reads in German at Test connection and at sync, and in English again after switching back', async (t) => {
  t.after(() => setLanguage('en'));
  const connector = await wrongKeyConnector(t, { verifyResponseSignatures: true });

  setLanguage('de');
  const checks = await connector.health();
  const signaturesDe = checks.find((c) => c.name === 'Antwortsignaturen');
  assert.equal(signaturesDe?.ok, false, JSON.stringify(checks));
  assert.equal(
    signaturesDe?.message,
    'Die Keygen-Signature der Antwort lässt sich mit dem öffentlichen Schlüssel des Kontos nicht bestätigen. Prüfen Sie den öffentlichen Schlüssel: Es muss der öffentliche Ed25519-Schlüssel des Kontos aus den Keygen-Einstellungen sein.',
  );
  assert.ok(checks.some((c) => c.name === 'Keygen erreichbar' && c.ok), 'the other checks are German too');
  const refusedDe = (await connector.fulfil(request)) as Failure;
  assert.equal(refusedDe.ok, false);
  assert.equal(refusedDe.code, 'response_signature_invalid');
  assert.equal(
    refusedDe.message,
    'Die Keygen-Signature der Antwort lässt sich mit dem öffentlichen Schlüssel des Kontos nicht bestätigen. Diese Verbindung verlangt signierte Antworten; die Antwort wurde abgelehnt und nichts gespeichert.',
  );

  setLanguage('en');
  const signaturesEn = (await connector.health()).find((c) => c.name === 'Response signatures');
  assert.equal(
    signaturesEn?.message,
    "The Keygen-Signature of the answer does not verify with the account's public key. Check the public key: it must be the account's Ed25519 public key from Keygen's settings.",
  );
  const refusedEn = (await connector.fulfil(request)) as Failure;
  assert.equal(
    refusedEn.message,
    "The Keygen-Signature of the answer does not verify with the account's public key. This connection requires signed answers; the answer was refused and nothing was stored.",
  );
});

test('a machine file signed by another account is refused in German, then in English', async (t) => {
  t.after(() => setLanguage('en'));
  // Answers are not checked, so the machine file's own signature is what fails.
  const connector = await wrongKeyConnector(t, { verifyResponseSignatures: false });
  setLanguage('de');
  const refusedDe = (await connector.fulfil(request)) as Failure;
  assert.equal(refusedDe.code, 'signature_invalid', refusedDe.message);
  assert.equal(refusedDe.message, 'Signatur ungültig: Die Maschinendatei ist nicht mit dem Schlüssel dieses Keygen-Kontos signiert (Ed25519); es wurde nichts gespeichert.');
  setLanguage('en');
  const refusedEn = (await connector.fulfil({ ...request, id: 'req-2' })) as Failure;
  assert.equal(refusedEn.message, "Signature invalid: the machine file is not signed by this Keygen account's key (Ed25519); nothing was stored.");
});
