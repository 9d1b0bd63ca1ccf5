// The Cryptlex, LicenseSpring and licence API connectors write their refusals in the language set at
// the time: German after setLanguage('de'), English again after setLanguage('en').
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createCryptlexConnector } from '../../electron/connectors/cryptlex/cryptlex-connector.ts';
import { genericVendor } from '../../electron/connectors/generic/descriptor.ts';
import { createGenericConnector } from '../../electron/connectors/generic/generic-connector.ts';
import { createLicenseSpringConnector } from '../../electron/connectors/licensespring/licensespring-connector.ts';
import type { ConnectorRequest, Outcome } from '../../electron/connectors/types.ts';
import type { SecretStore } from '../../electron/secrets/secret-store.ts';
import { setLanguage } from '../../shared/i18n/index.ts';

const noSecrets = { get: async () => null } as unknown as SecretStore;
const noNetwork = (() => Promise.reject(new Error('no call is expected'))) as typeof fetch;

const base: ConnectorRequest = { id: 'req-1', kind: 'activate', licenseKey: 'ABCDE-ABCDE-ABCDE-ABCDE-ABCDE', deviceId: 'a'.repeat(64), deviceLabel: null, deviceDetails: {}, requestBody: 'offline-request' };

function message(outcome: Outcome): string {
  assert.equal(outcome.ok, false);
  return (outcome as Extract<Outcome, { ok: false }>).message;
}

/** One refusal from each connector, none of which reaches the network. */
async function refusals() {
  const cryptlex = createCryptlexConnector({ baseUrl: 'https://api.cryptlex.com', accessTokenSecretId: 'x' }, { secrets: noSecrets, fetch: noNetwork });
  const licensespring = createLicenseSpringConnector({ baseUrl: 'not an address', credentialsSecretId: 'x', publicKeyPem: '' }, { secrets: noSecrets, fetch: noNetwork });
  const generic = createGenericConnector({ baseUrl: 'https://licence.example', publicKeyPem: '', fetch: noNetwork });
  return {
    cryptlex: message(await cryptlex.fulfil({ ...base, kind: 'license-file' })),
    licensespring: message(await licensespring.fulfil(base)),
    generic: message(await generic.fulfil({ ...base, licenseKey: 'not a key' })),
    genericName: genericVendor.names.connection,
  };
}

test('the connectors refuse in German after setLanguage("de") and in English after setLanguage("en")', async () => {
  try {
    setLanguage('de');
    assert.deepEqual(await refusals(), {
      cryptlex: 'Cryptlex stellt keine Lizenzdatei allein für einen Schlüssel aus. Es wurde nichts gesendet.',
      licensespring: 'Die LicenseSpring-Basis-URL ist keine gültige http(s)-Adresse wie https://api.licensespring.com. Korrigieren Sie sie in den Einstellungen.',
      generic: 'Der Lizenzschlüssel hat nicht die Form XXXXX-XXXXX-XXXXX-XXXXX-XXXXX (Buchstaben und Ziffern), die diese Lizenz-API erwartet. Es wurde nichts gesendet.',
      genericName: 'Lizenz-API (JSON)',
    });
    setLanguage('en');
    assert.deepEqual(await refusals(), {
      cryptlex: 'Cryptlex issues no licence file for a key alone; nothing was sent.',
      licensespring: 'The LicenseSpring base URL is not a valid http(s) address like https://api.licensespring.com; correct it in Settings.',
      generic: 'The licence key is not in the XXXXX-XXXXX-XXXXX-XXXXX-XXXXX form (letters and digits) this licensing API expects; nothing was sent.',
      genericName: 'licence API (JSON)',
    });
  } finally {
    setLanguage('en');
  }
});
