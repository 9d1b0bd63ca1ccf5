// Keygen signed licence keys of 500 to 4,000 characters, made here the way keygen-api makes them for
// each scheme (test/support/keygen-signed-keys.ts), verified by the kiosk's module; tampered, cut,
// foreign and mistyped ones refused with sentences; the 16 KiB bound in every form a key travels in;
// masking that keeps a long key short.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { createKeygenConnector, type KeygenSettings } from '../../electron/connectors/keygen/keygen-connector.ts';
import { checkSignedKey, readSignedKey } from '../../electron/connectors/keygen/signed-key.ts';
import { maskSecret, maskSecretsIn } from '../../electron/secrets/mask.ts';
import { keygenForm, readKeygen } from '../../shared/formats/foreign.ts';
import { maskLicenseKey, MAX_LICENSE_KEY_CHARS } from '../../shared/formats/license-key.ts';
import { parseRequestText } from '../../shared/formats/request.ts';
import type { FormatError } from '../../shared/formats/errors.ts';
import { kioskEnvelopeToUr, type KioskRequest } from '../../shared/formats/kiosk-request.ts';
import type { ConnectorRequest } from '../../electron/connectors/types.ts';
import { KEYGEN_KEY_SCHEMES, keygenDataset, signKeygenKey, type KeygenKeyScheme } from '../support/keygen-signed-keys.ts';

const ed = generateKeyPairSync('ed25519');
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = { ed25519: generateKeyPairSync('ed25519').privateKey, rsa: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey };
const KEYS = { ed25519: ed.privateKey, rsa: rsa.privateKey };
const ED_HEX = Buffer.from((ed.publicKey.export({ format: 'jwk' }) as { x: string }).x, 'base64url').toString('hex');
const RSA_PEM = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const verifyKeyOf = (scheme: KeygenKeyScheme): string => (scheme === 'ED25519_SIGN' ? ED_HEX : RSA_PEM);

const LICENCE = '6a1d9a8e-7b3c-4c2d-9e1f-0a2b3c4d5e6f';
const PRODUCT = '2b3c4d5e-6f70-4812-93a4-b5c6d7e8f901';
const EXPIRY = '2027-06-30T00:00:00.000Z';
const dataset = (entitlements: number): string =>
  keygenDataset({ accountId: '0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f', productId: PRODUCT, policyId: '3c4d5e6f-7081-4923-a4b5-c6d7e8f90a1b', licenseId: LICENCE, created: '2026-06-30T00:00:00.000Z', expiry: EXPIRY, entitlements });

/** Keys of about 500-800, 2,000 and 3,600-3,900 characters for a scheme (the signature adds 88 or 344 characters). */
function keysFor(scheme: KeygenKeyScheme): string[] {
  return [0, 60, 155].map((n) => signKeygenKey(scheme, dataset(n), KEYS));
}

/** Changes one character in the middle of `part` of the key (0: dataset, 1: signature) to another base64url letter. */
function flip(key: string, part: 0 | 1): string {
  const dot = key.lastIndexOf('.');
  const start = part === 0 ? key.indexOf('/') + 1 + 4 : dot + 5;
  const at = start + Math.floor(((part === 0 ? dot : key.replace(/=+$/, '').length) - start) / 2);
  const c = key[at]!;
  return `${key.slice(0, at)}${c === 'A' ? 'B' : 'A'}${key.slice(at + 1)}`;
}

test('each scheme: keys of 500 to 4,000 characters verify, name their scheme and show licence, product and expiry', () => {
  for (const scheme of KEYGEN_KEY_SCHEMES) {
    const keys = keysFor(scheme);
    assert.ok(keys[0]!.length >= 500 && keys[0]!.length < 800, `${scheme}: shortest key is ${keys[0]!.length} characters`);
    assert.ok(keys[2]!.length >= 3500 && keys[2]!.length <= 4000, `${scheme}: longest key is ${keys[2]!.length} characters`);
    for (const key of keys) {
      assert.equal(key.startsWith('key/'), scheme === 'ED25519_SIGN' || scheme.endsWith('_V2'));
      const check = checkSignedKey(key, verifyKeyOf(scheme), 'qr.txt');
      assert.ok(check, `${scheme} is read as a signed key`);
      assert.equal(check.status, 'verified', `${scheme} (${key.length}): ${check.message}`);
      assert.ok(check.status === 'verified' && check.scheme === scheme, `${scheme} is named as such`);
      assert.equal(check.dataset?.licence, LICENCE);
      assert.equal(check.dataset?.product, PRODUCT);
      assert.equal(check.dataset?.expiry, EXPIRY);
    }
  }
});

test('a tampered dataset or signature, a key of another account, or a cut key is refused with a sentence naming the source', () => {
  for (const scheme of KEYGEN_KEY_SCHEMES) {
    const key = keysFor(scheme)[1]!;
    const foreign = signKeygenKey(scheme, dataset(60), other);
    const cut = key.slice(0, key.length - 30);
    for (const [what, bad] of [
      ['dataset', flip(key, 0)],
      ['signature', flip(key, 1)],
      ['another account', foreign],
    ] as const) {
      const check = checkSignedKey(bad, verifyKeyOf(scheme), '"press-7.txt"');
      assert.equal(check?.status, 'invalid', `${scheme}, ${what}`);
      assert.match(check!.message, /^The licence key in "press-7\.txt" is not signed by this Keygen account \(its signature does not verify with .+\); it may be altered or from another account\. Ask the vendor for the key again\.$/);
    }
    const truncated = checkSignedKey(cut, verifyKeyOf(scheme), '"press-7.txt"');
    if (scheme.endsWith('_V2') || scheme === 'ED25519_SIGN') {
      assert.equal(truncated?.status, 'invalid', `${scheme}, cut`);
      assert.match(truncated!.message, /^The licence key in "press-7\.txt" is not a valid Keygen signed key: its signature .* is not an Ed25519 or RSA-2048 signature in base64url; the key may be cut or mistyped\. Ask the vendor for the key again\.$/);
    } else {
      // A cut older-form key is no longer recognisable as signed: it is left to Keygen, like any plain key.
      assert.equal(truncated, null);
    }
  }
  const mistyped = checkSignedKey('key/eyJhIjoxfQ==!.AAAA', ED_HEX, 'the scanner input');
  assert.equal(mistyped?.status, 'invalid');
  assert.match(mistyped!.message, /^The licence key in the scanner input is not a valid Keygen signed key: it starts with "key\/" like a Keygen signed key but is not "key\/<dataset>\.<signature>" in base64url/);
});

test('without a verify key, or with the other key type, a signed key is kept and the sentence says when it is checked', () => {
  const key = keysFor('ED25519_SIGN')[0]!;
  const none = checkSignedKey(key, null, 'qr.txt');
  assert.equal(none?.status, 'unchecked');
  assert.match(none!.message, /its signature is checked once a Keygen connection with the account's verify key exists/);
  assert.equal(none!.dataset?.licence, LICENCE);
  const rsaKey = checkSignedKey(keysFor('RSA_2048_PKCS1_SIGN_V2')[0]!, ED_HEX, 'qr.txt');
  assert.equal(rsaKey?.status, 'unchecked');
  assert.match(rsaKey!.message, /signed with the account's RSA key, and the connection holds the Ed25519 verify key; enter the RSA verify key in Settings/);
  // A damaged key/… is not refused without a key to judge it by, but the sentence says it is damaged.
  const damaged = checkSignedKey('key/%%%.AAAA', null, 'qr.txt');
  assert.equal(damaged?.status, 'unchecked');
  assert.match(damaged!.message, /is not a valid Keygen signed key/);
});

test('plain keys are not signed keys; a text dataset is shown as text, control characters blanked', () => {
  for (const plain of ['C1B6DE-39A6E3-DE1A2B-7C3D4E-A1B2C3-V3', 'ABCDE-12345-FGHIJ-67890-KLMNO', 'abc.def', `${'A'.repeat(40)}.${'B'.repeat(40)}`]) {
    assert.equal(readSignedKey(plain), null, plain);
    assert.equal(checkSignedKey(plain, ED_HEX, 'x'), null, plain);
  }
  const text = 'Licensed to: <b>ACME</b>\u0007 line 2\nseats=5';
  const check = checkSignedKey(signKeygenKey('ED25519_SIGN', text, KEYS), ED_HEX, 'x');
  assert.equal(check?.status, 'verified');
  assert.deepEqual({ ...check!.dataset }, { licence: null, product: null, expiry: null, text: 'Licensed to: <b>ACME</b>  line 2\nseats=5' });
});

test('Keygen keys up to 16 KiB travel in the Keygen QR form and the kiosk envelope; longer ones are refused', () => {
  const longKey = signKeygenKey('ED25519_SIGN', 'x'.repeat(12_000), KEYS);
  assert.ok(longKey.length > 16_000 && longKey.length <= MAX_LICENSE_KEY_CHARS, String(longKey.length));
  const qr = (key: string) => Buffer.from(JSON.stringify({ key, fingerprint: 'plc-7:aa01' })).toString('base64');
  for (const key of [keysFor('RSA_2048_PKCS1_PSS_SIGN_V2')[2]!, longKey]) {
    const parsed = parseRequestText(qr(key));
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.problem);
    assert.equal(parsed.request.licenseKey, key);
    assert.equal(readKeygen(qr(key)).key, key);
  }
  const tooLong = `${longKey}${'A'.repeat(MAX_LICENSE_KEY_CHARS - longKey.length + 1)}`;
  assert.throws(() => readKeygen(qr(tooLong)), (e: FormatError) => e.form === keygenForm() && /key must be 1 to 16384 characters .*Keygen keys are at most 16 KiB/.test(e.message));
  const refused = parseRequestText(qr(tooLong));
  assert.ok(!refused.ok);

  const envelope = (key: string): KioskRequest => ({ kind: 'activate', licenseKey: key, fingerprint: 'plc-7:aa01', nonce: 'n0nce-0001', createdAt: 1_780_000_000 });
  const ur = kioskEnvelopeToUr({ request: envelope(longKey), signature: null });
  const fromUr = parseRequestText(ur);
  assert.ok(fromUr.ok, fromUr.ok ? '' : fromUr.problem);
  assert.equal(fromUr.request.licenseKey, longKey);
  assert.throws(() => kioskEnvelopeToUr({ request: envelope(tooLong), signature: null }), /license_key must be 1 to 16384 characters/);
});

test('a long signed key masks to something short and recognisable, in sentences and in the queue', () => {
  const key = keysFor('ED25519_SIGN')[2]!;
  const masked = maskSecret(key);
  assert.match(masked, /^key\/…[A-Za-z0-9_-]{4}$/);
  assert.equal(masked.slice(-4), key.replace(/=+$/, '').slice(-4));
  const sentence = maskSecretsIn(`Keygen said: key ${key} is unknown (also ${encodeURIComponent(key)})`, [key]);
  assert.equal(sentence, `Keygen said: key ${masked} is unknown (also ${masked})`);
  const shown = maskLicenseKey(key);
  assert.ok(shown.length <= 14 && shown.startsWith('key/•••'), shown);
  assert.equal(maskLicenseKey('ABCDE-12345-FGHIJ-67890-KLMNO'), 'ABCDE-•••-KLMNO');
  assert.equal(maskLicenseKey('AAAA-BBBB-CCCC-0001'), 'AAAA-•••-0001', 'a key grouped in fours shows its dashes once');
});

function connectorRequest(licenseKey: string): ConnectorRequest {
  return { id: 'r1', kind: 'activate', licenseKey, deviceId: 'plc-7:aa01', deviceLabel: null, deviceDetails: {} };
}

test('the connector checks a signed key before sending, and keeps over-long keys out of the License header', async () => {
  // Port 9 (discard) on loopback: nothing is listening, so a request that got sent would fail differently.
  const settings: KeygenSettings = { baseUrl: 'http://127.0.0.1:9/v1/accounts/acme', publicKeyHex: ED_HEX, auth: 'license-key' };
  const tampered = await createKeygenConnector(settings).fulfil(connectorRequest(flip(keysFor('ED25519_SIGN')[0]!, 0)));
  assert.ok(!tampered.ok);
  assert.equal(tampered.code, 'signed_key_invalid');
  assert.equal(tampered.retryable, false);
  assert.match(tampered.message, /not signed by this Keygen account .* Nothing was sent\.$/);

  const huge = signKeygenKey('ED25519_SIGN', 'y'.repeat(7000), KEYS);
  const header = await createKeygenConnector(settings).fulfil(connectorRequest(huge));
  assert.ok(!header.ok);
  assert.equal(header.code, 'key_too_long_for_header');
  assert.match(header.message, /too long to send as "Authorization: License <key>" .* Use an activation or product token for this connection in Settings\.$/);

  const tooLong = await createKeygenConnector(settings).fulfil(connectorRequest('K'.repeat(MAX_LICENSE_KEY_CHARS + 1)));
  assert.ok(!tooLong.ok);
  assert.match(tooLong.message, /more than the 16 KiB Keygen allows; nothing was sent/);
});
