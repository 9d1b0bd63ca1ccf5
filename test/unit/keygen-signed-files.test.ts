// Keygen machine and licence files with every algorithm pair Keygen issues, made here the way
// keygen-api's AbstractCheckoutService makes them (Ruby strict base64 for enc and sig, Base64.encode64
// wrapped at 60 columns for the envelope; PSS with the longest salt; DER ECDSA), checked by the
// connector's module and by the separate device reader; then tampered ones, refused with sentences.
import assert from 'node:assert/strict';
import { constants, createCipheriv, createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { test } from 'node:test';
import { createKeygenConnector } from '../../electron/connectors/keygen/keygen-connector.ts';
import { checkLicenseFile } from '../../electron/connectors/keygen/license-file.ts';
import { checkMachineFile } from '../../electron/connectors/keygen/machine-file.ts';
import { parseVerifyKey, type SigningAlgorithm } from '../../electron/connectors/keygen/signed-file.ts';
import { readKeygenFile } from '../support/keygen-device-reader.ts';

const KEY = 'KG-ALG-0A1B2C-3D4E5F-6A7B8C-V3';
const FP = 'plc-7:aa01bb02';
const LICENSE_ID = '1d3c0a4e-8b2f-4e6a-9c1d-2e3f4a5b6c7d';
const MACHINE_ID = '0b6c2a9e-1f3d-4c5b-8a7e-9d0c1b2a3f4e';
const NOW = Date.now();
const SIGNINGS: SigningAlgorithm[] = ['ed25519', 'rsa-pss-sha256', 'rsa-sha256', 'ecdsa-p256'];
const ENCODINGS = ['aes-256-gcm', 'base64'] as const;

// The account's keys, one of each type, and their verify keys as Keygen shows them.
const ed = generateKeyPairSync('ed25519');
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const ED_HEX = Buffer.from((ed.publicKey.export({ format: 'jwk' }) as { x: string }).x, 'base64url').toString('hex');
const RSA_PEM = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const EC_PEM = ec.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const verifyKeyFor = (s: SigningAlgorithm): string => (s === 'ed25519' ? ED_HEX : s === 'ecdsa-p256' ? EC_PEM : RSA_PEM);

type Kind = 'machine' | 'license';

function keygenSign(signing: SigningAlgorithm, data: Buffer, keys = { ed: ed.privateKey, rsa: rsa.privateKey, ec: ec.privateKey }): Buffer {
  if (signing === 'ed25519') return sign(null, data, keys.ed);
  if (signing === 'rsa-pss-sha256') return sign('sha256', data, { key: keys.rsa, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_MAX_SIGN });
  if (signing === 'rsa-sha256') return sign('sha256', data, { key: keys.rsa, padding: constants.RSA_PKCS1_PADDING });
  return sign('sha256', data, { key: keys.ec, dsaEncoding: 'der' });
}

function armour(kind: Kind, file: { enc: string; sig: string; alg: string }): string {
  const lines = Buffer.from(JSON.stringify(file)).toString('base64').match(/.{1,60}/g) ?? [];
  const name = kind === 'machine' ? 'MACHINE FILE' : 'LICENSE FILE';
  return `-----BEGIN ${name}-----\n${lines.join('\n')}\n-----END ${name}-----\n`;
}

function document(kind: Kind, meta = { issued: new Date(NOW - 60_000).toISOString(), expiry: new Date(NOW + 3_600_000).toISOString(), ttl: 3660 }): unknown {
  const license = { id: LICENSE_ID, type: 'licenses', attributes: { key: KEY, expiry: null, status: 'ACTIVE' } };
  if (kind === 'license') return { data: license, meta };
  return {
    data: { id: MACHINE_ID, type: 'machines', attributes: { fingerprint: FP }, relationships: { license: { data: { type: 'licenses', id: LICENSE_ID } } } },
    included: [license],
    meta,
  };
}

function keygenFile(kind: Kind, encoding: (typeof ENCODINGS)[number], signing: SigningAlgorithm, options: { secret?: string; doc?: unknown; keys?: Parameters<typeof keygenSign>[2] } = {}): string {
  const plain = Buffer.from(JSON.stringify(options.doc ?? document(kind)));
  let enc: string;
  if (encoding === 'aes-256-gcm') {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', createHash('sha256').update(options.secret ?? (kind === 'machine' ? KEY + FP : KEY)).digest(), iv);
    const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
    enc = [ciphertext, iv, cipher.getAuthTag()].map((b) => b.toString('base64')).join('.');
  } else enc = plain.toString('base64');
  const sig = keygenSign(signing, Buffer.from(`${kind}/${enc}`), options.keys).toString('base64');
  return armour(kind, { enc, sig, alg: `${encoding}+${signing}` });
}

async function connectorCheck(kind: Kind, text: string, verifyKey: string, algorithm?: SigningAlgorithm) {
  const common = { licenseKey: KEY, licenseId: LICENSE_ID, now: NOW, clockSkewMs: 60_000, algorithm };
  if (kind === 'machine') return checkMachineFile(text, { ...common, publicKeyHex: verifyKey, fingerprint: FP, machineId: MACHINE_ID });
  return checkLicenseFile(text, { ...common, verifyKey });
}

const deviceRead = (kind: Kind, text: string, verifyKey: string, licenseKey = KEY) => readKeygenFile(text, { verifyKey, licenseKey, fingerprint: kind === 'machine' ? FP : undefined });

function envelopeOf(text: string): { enc: string; sig: string; alg: string } {
  return JSON.parse(Buffer.from(text.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''), 'base64').toString()) as { enc: string; sig: string; alg: string };
}
const flipChar = (s: string, at: number): string => `${s.slice(0, at)}${s[at] === 'A' ? 'B' : 'A'}${s.slice(at + 1)}`;

for (const kind of ['machine', 'license'] as const) {
  for (const encoding of ENCODINGS) {
    for (const signing of SIGNINGS) {
      const alg = `${encoding}+${signing}`;
      test(`${kind} file ${alg}: accepted by the connector and the device reader; each tampering refused with a sentence`, async () => {
        const verifyKey = verifyKeyFor(signing);
        const text = keygenFile(kind, encoding, signing);
        const ok = await connectorCheck(kind, text, verifyKey, signing);
        assert.ok(ok.ok, JSON.stringify(ok));
        assert.equal(ok.algorithm, signing);
        assert.equal(ok.encrypted, encoding === 'aes-256-gcm');
        const read = await deviceRead(kind, text, verifyKey);
        assert.equal(read.alg, alg);
        assert.equal(read.kind, kind);

        // `expected` 'any': the connection accepts every algorithm of its key's type.
        const refused = async (bad: string, code: RegExp, sentence: RegExp, key = verifyKey, expected: SigningAlgorithm | 'any' = signing) => {
          const r = await connectorCheck(kind, bad, key, expected === 'any' ? undefined : expected);
          assert.equal(r.ok, false, `accepted: ${bad.slice(0, 80)}`);
          if (r.ok) return;
          assert.match(r.code, code);
          assert.match(r.message, sentence);
          assert.match(r.message, /\.$/);
        };
        const env = envelopeOf(text);
        const fileName = kind === 'machine' ? 'machine file' : 'licence file';

        // enc altered (one character), sig altered (one bit): the signature fails, for both readers.
        const encAltered = armour(kind, { ...env, enc: flipChar(env.enc, 5) });
        await refused(encAltered, /signature_invalid/, new RegExp(`Signature invalid: the ${fileName} is not signed by this Keygen account's key`));
        await assert.rejects(deviceRead(kind, encAltered, verifyKey));
        const sigBytes = Buffer.from(env.sig, 'base64');
        sigBytes[sigBytes.length - 1] = (sigBytes[sigBytes.length - 1] ?? 0) ^ 0x01;
        const sigAltered = armour(kind, { ...env, sig: sigBytes.toString('base64') });
        await refused(sigAltered, /signature_invalid/, /Signature invalid/);
        await assert.rejects(deviceRead(kind, sigAltered, verifyKey));

        // alg swapped to another algorithm: refused (another key type, or not the expected algorithm).
        const swapTo: Record<SigningAlgorithm, SigningAlgorithm> = { ed25519: 'ecdsa-p256', 'ecdsa-p256': 'ed25519', 'rsa-pss-sha256': 'rsa-sha256', 'rsa-sha256': 'rsa-pss-sha256' };
        const swapped = armour(kind, { ...env, alg: `${encoding}+${swapTo[signing]}` });
        await refused(swapped, /invalid/, /cannot check that|expects/);
        await refused(swapped, /signature_invalid|invalid/, /Signature invalid|cannot check that/, verifyKey, 'any');
        await assert.rejects(deviceRead(kind, swapped, verifyKey));
        const otherEncoding = armour(kind, { ...env, alg: `${encoding === 'base64' ? 'aes-256-gcm' : 'base64'}+${signing}` });
        await assert.rejects(deviceRead(kind, otherEncoding, verifyKey));
        assert.equal((await connectorCheck(kind, otherEncoding, verifyKey, signing)).ok, false);
        await refused(armour(kind, { ...env, alg: `${encoding}+rsa-pss-sha512` }), /invalid/, /not one Keygen issues/);

        // A verify key of another type than the file's algorithm.
        const otherKey = signing === 'ed25519' ? RSA_PEM : ED_HEX;
        await refused(text, /invalid/, /cannot check that; enter the matching verify key in Settings/, otherKey, 'any');
        await assert.rejects(deviceRead(kind, text, otherKey));
        // The same type, but another account's key.
        const stranger = keygenFile(kind, encoding, signing, {
          keys: { ed: generateKeyPairSync('ed25519').privateKey, rsa: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, ec: generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey },
        });
        await refused(stranger, /signature_invalid/, /Signature invalid/);
        await assert.rejects(deviceRead(kind, stranger, verifyKey));

        // Truncated: the last lines of the body lost (armour kept), or the END line lost.
        const lines = text.trimEnd().split('\n');
        const cut = [...lines.slice(0, Math.max(2, lines.length - 3)), lines[lines.length - 1]].join('\n');
        await refused(cut, /invalid/, /truncated|not strict JSON|not whole base64/);
        await assert.rejects(deviceRead(kind, cut, verifyKey));
        await refused(lines.slice(0, -1).join('\n'), /invalid/, new RegExp(`not a ${fileName}`));

        // The wrong licence key: an encrypted file does not open; a plain one names another licence.
        if (encoding === 'aes-256-gcm') {
          const wrongKey = keygenFile(kind, encoding, signing, { secret: kind === 'machine' ? `${KEY}x${FP}` : `${KEY}x` });
          await refused(wrongKey, /invalid/, kind === 'machine' ? /does not decrypt with this licence key and fingerprint/ : /does not decrypt with this licence key/);
          await assert.rejects(deviceRead(kind, text, verifyKey, `${KEY}x`), /decrypt/);
        }
        const otherDoc = kind === 'machine' ? { ...(document('machine') as object), data: { id: MACHINE_ID, type: 'machines', attributes: { fingerprint: FP }, relationships: { license: { data: { type: 'licenses', id: 'another' } } } } } : { ...(document('license') as object), data: { id: 'another', type: 'licenses', attributes: { key: KEY } } };
        await refused(keygenFile(kind, encoding, signing, { doc: otherDoc }), /mismatch/, /another licence/);
      });
    }
  }
}

test('licence files: bound to this key, issued/expiry checked, and the machine-file armour is not a licence file', async () => {
  const doc = (meta: { issued: string; expiry: string | null; ttl: number | null }, key = KEY, more: Record<string, unknown> = {}) => ({ data: { id: LICENSE_ID, type: 'licenses', attributes: { key, ...more } }, meta });
  const check = (text: string, over: { ttlSeconds?: number | null } = {}) => checkLicenseFile(text, { verifyKey: ED_HEX, licenseKey: KEY, licenseId: LICENSE_ID, now: NOW, clockSkewMs: 60_000, ...over });
  const iso = (ms: number) => new Date(NOW + ms).toISOString();
  const plainFile = (d: unknown) => keygenFile('license', 'base64', 'ed25519', { doc: d });
  const cases: Array<[string, { ok: boolean; code?: string; message?: RegExp }, { ttlSeconds?: number | null }?]> = [
    [plainFile(doc({ issued: iso(-1000), expiry: iso(3_600_000), ttl: 3600 }, 'ANOTHER-KEY')), { ok: false, code: 'license_file_mismatch', message: /carries another key/ }],
    [plainFile(doc({ issued: iso(-7_200_000), expiry: iso(-3_600_000), ttl: 3600 })), { ok: false, code: 'license_file_expired', message: /The licence file expired at/ }],
    [plainFile(doc({ issued: iso(3_600_000), expiry: iso(7_200_000), ttl: 3600 })), { ok: false, code: 'license_file_expired', message: /in the future for this laptop's clock/ }],
    [plainFile(doc({ issued: iso(-1000), expiry: null, ttl: null })), { ok: false, code: 'license_file_invalid', message: /never expires/ }],
    [plainFile(doc({ issued: iso(-1000), expiry: null, ttl: null })), { ok: true }, { ttlSeconds: null }],
    [plainFile(doc({ issued: iso(-1000), expiry: iso(30 * 86_400_000), ttl: 3600 })), { ok: false, code: 'license_file_invalid', message: /later than the TTL/ }, { ttlSeconds: 3600 }],
    [plainFile(doc({ issued: iso(-1000), expiry: iso(3_600_000), ttl: 3600 }, KEY, { status: 'SUSPENDED', suspended: true })), { ok: false, code: 'license_suspended', message: /says the licence is suspended/ }],
    [plainFile(doc({ issued: iso(-1000), expiry: iso(3_600_000), ttl: 3600 }, KEY, { status: 'BANNED' })), { ok: false, code: 'license_suspended', message: /says the licence is banned/ }],
    [plainFile(doc({ issued: iso(-1000), expiry: iso(3_600_000), ttl: 3600 }, KEY, { status: 'ACTIVE', suspended: false })), { ok: true }],
    [keygenFile('machine', 'base64', 'ed25519'), { ok: false, code: 'license_file_invalid', message: /not a licence file \(no BEGIN\/END LICENSE FILE armour/ }],
  ];
  for (const [text, want, over] of cases) {
    const r = check(text, over);
    assert.equal(r.ok, want.ok, JSON.stringify(r));
    if (!r.ok) {
      assert.equal(r.code, want.code);
      assert.match(r.message, want.message!);
    }
  }
});

test('verify keys: Ed25519 hex or a PEM of RSA or EC P-256; anything else is named in a sentence', () => {
  assert.deepEqual(parseVerifyKey(ED_HEX).ok && parseVerifyKey(ED_HEX.toUpperCase()).ok, true);
  const rsaKey = parseVerifyKey(RSA_PEM);
  assert.ok(rsaKey.ok && rsaKey.key.type === 'rsa' && rsaKey.key.ed25519Raw === null);
  const pkcs1 = parseVerifyKey(rsa.publicKey.export({ type: 'pkcs1', format: 'pem' }).toString());
  assert.ok(pkcs1.ok && pkcs1.key.type === 'rsa', 'the older "RSA PUBLIC KEY" form too');
  const ecKey = parseVerifyKey(EC_PEM);
  assert.ok(ecKey.ok && ecKey.key.type === 'ec-p256');
  const edPem = parseVerifyKey(ed.publicKey.export({ type: 'spki', format: 'pem' }).toString());
  assert.ok(edPem.ok && edPem.key.type === 'ed25519' && Buffer.from(edPem.key.ed25519Raw!).toString('hex') === ED_HEX);
  const refusals: Array<[string, RegExp]> = [
    ['abc', /neither Keygen's Ed25519 verify key \(64 hexadecimal characters\) nor a PEM public key/],
    [ED_HEX.slice(2), /neither/],
    ['-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----', /does not parse; copy the whole block again/],
    [generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString(), /has 1024 bits; Keygen's keys have 2048/],
    [generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString(), /on the curve secp384r1; Keygen signs with P-256/],
    [generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), /neither/],
  ];
  for (const [text, message] of refusals) {
    const r = parseVerifyKey(text);
    assert.ok(!r.ok, text);
    assert.match(r.message, message);
  }
});

test('the connector takes a PEM verify key unchanged, expects the matching algorithm, and says why a key is unusable', async () => {
  const base = { baseUrl: 'http://127.0.0.1:9/v1/accounts/acme', auth: 'license-key' as const };
  const request = { id: 'r', kind: 'activate' as const, licenseKey: KEY, deviceId: FP, deviceLabel: null, deviceDetails: {} };
  const refusal = async (settings: Parameters<typeof createKeygenConnector>[0]) => {
    const outcome = await createKeygenConnector(settings).fulfil(request);
    assert.ok(!outcome.ok);
    assert.equal(outcome.code, 'configuration');
    return outcome.message;
  };
  assert.match(await refusal({ ...base, publicKeyHex: 'not a key' }), /neither Keygen's Ed25519 verify key .* nor a PEM public key .*; copy it again from Keygen → Settings → Public keys\.$/);
  assert.match(await refusal({ ...base, publicKeyHex: RSA_PEM, signingAlgorithm: 'ecdsa-p256' }), /expects ECDSA P-256 signatures, which an RSA public key \(2048 bits\) cannot check/);
  assert.match(await refusal({ ...base, publicKeyHex: EC_PEM, verifyResponseSignatures: true }), /response signatures, which are made with the account's Ed25519 key, but it holds an EC P-256 public key/);

  const health = async (publicKeyHex: string) => (await createKeygenConnector({ ...base, publicKeyHex }).health()).find((c) => c.name === 'Public key')!;
  assert.match((await health(RSA_PEM)).message, /an RSA public key \(2048 bits\); machine files are expected signed with RSA-PSS-SHA256/);
  assert.match((await health(EC_PEM)).message, /EC P-256 public key; machine files are expected signed with ECDSA P-256/);
  assert.match((await health(ED_HEX)).message, /Ed25519 verify key; machine files are expected signed with Ed25519/);
  const bad = await health('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----');
  assert.equal(bad.ok, false);
  assert.match(bad.message, /does not parse/);
});
