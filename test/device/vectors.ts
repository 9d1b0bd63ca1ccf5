// Builds the test vectors of shared/device/SPEC.md from fixed inputs. `npm run device -- vectors`
// rewrites test/fixtures/kiosk-vectors.json; test/unit/device-vectors.test.ts checks that the code,
// the fixture and SPEC.md agree.
import { sha256Hex } from '../../shared/crypto/hash.ts';
import { toHex } from '../../shared/crypto/encoding.ts';
import { fromHex } from '../../shared/formats/hex.ts';
import { devicePublicKey } from '../../shared/formats/device-signature.ts';
import {
  canonicalRequestBytes,
  encodeKioskEnvelope,
  kioskCanonicalString,
  kioskEnvelopeToJson,
  kioskEnvelopeToUr,
  signKioskRequest,
  type KioskEnvelope,
  type KioskRequest,
} from '../../shared/formats/kiosk-request.ts';
import { decodeDeterministic, encodeDeterministic } from '../../shared/formats/cbor.ts';
import { encodeResponseEnvelope, responseToUr } from '../../shared/formats/response.ts';
import { toBase64 } from '../../shared/crypto/encoding.ts';
import { encodeReceipt, RECEIPT_SIGNATURE_DOMAINS, receiptToUr, receiptVersion, responseDigestOf, signReceipt, type Receipt } from '../../shared/formats/receipt.ts';

/** RFC 8032 §7.1 test 1 secret key: a published, obviously-not-secret key. */
export const VECTOR_SECRET_KEY = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';

const requests: { name: string; request: KioskRequest; sign: boolean }[] = [
  {
    name: 'minimal unsigned activate',
    sign: false,
    request: { kind: 'activate', licenseKey: 'ABCDE-12345-FGHIJ-67890-KLMNO', fingerprint: 'press-7-fp', nonce: 'nonce-0001', createdAt: 1_795_000_000 },
  },
  {
    name: 'signed refresh with every field',
    sign: true,
    request: {
      kind: 'refresh',
      licenseKey: 'ABCDE-12345-FGHIJ-67890-KLMNO',
      fingerprint: '6a8b0d4e0b1f7f5c2f0e5f9c5d1c3a7e4b2d6f8a0c1e3b5d7f9a1c3e5b7d9f1a',
      nonce: '00112233445566778899aabbccddeeff',
      createdAt: 1_795_000_000,
      expiresAt: 1_795_604_800,
      target: { connection: 'acme-licensing', product: 'press-controller' },
      device: { hostname: 'press-7', os: 'Yocto 4.0', appVersion: '2.3.1' },
    },
  },
  {
    name: 'signed Cryptlex request without a licence key',
    sign: true,
    request: {
      kind: 'activate',
      fingerprint: 'bay-3',
      nonce: 'nonce-cryptlex-01',
      createdAt: 1_795_000_000,
      vendorRequest: { vendor: 'cryptlex', body: 'eyJhbGciOiJub25lIn0.eyJmcCI6ImJheS0zIn0.c2lnbmF0dXJl' },
    },
  },
  {
    name: 'signed licence-file request (Keygen licence file for the key, no machine)',
    sign: true,
    request: {
      kind: 'license-file',
      licenseKey: 'FLOAT3-0A1B2C-3D4E5F-6A7B8C-9D0E1F-V3',
      fingerprint: 'bay-6-fp',
      nonce: 'nonce-license-file-01',
      createdAt: 1_795_000_000,
      device: { hostname: 'bay-6' },
    },
  },
];

export interface RequestVector {
  name: string;
  json: unknown;
  canonicalHex: string;
  signatureHex: string | null;
  envelopeHex: string;
  ur: string;
  requestId: string;
}

export async function buildVectors() {
  const secretKey = fromHex(VECTOR_SECRET_KEY);
  const out: RequestVector[] = [];
  for (const v of requests) {
    const envelope: KioskEnvelope = v.sign ? signKioskRequest(v.request, secretKey) : { request: v.request, signature: null };
    const canonical = canonicalRequestBytes(envelope.request);
    out.push({
      name: v.name,
      json: kioskEnvelopeToJson(envelope),
      canonicalHex: toHex(canonical),
      signatureHex: envelope.signature ? toHex(envelope.signature) : null,
      envelopeHex: toHex(encodeKioskEnvelope(envelope)),
      ur: kioskEnvelopeToUr(envelope),
      requestId: await sha256Hex(kioskCanonicalString(canonical)),
    });
  }
  const answered = out[1]!;
  const artifact = new TextEncoder().encode('{"data":{"license_key":"ABCDE-12345-FGHIJ-67890-KLMNO"},"signature":"c2ln"}');
  const response = {
    requestId: answered.requestId,
    nonce: '00112233445566778899aabbccddeeff',
    vendor: 'seed004',
    issuedAt: 1_795_000_600,
    artifact: { fileName: 'activation-press-7.json', mediaType: 'application/json', bytes: artifact },
  };
  const keygenQr = toBase64(new TextEncoder().encode(JSON.stringify({ key: 'C1B6DE-39A6E3-DE1529-8559A0-4AF593-V3', fingerprint: 'press-7-fp' })));
  // Version 1 (still read) and version 2, which names the response 9.5 (SHA-256 of its artifact).
  const responseDigest = responseDigestOf(artifact);
  const receipts = ([
    { requestId: answered.requestId, nonce: response.nonce, appliedAt: 1_795_000_900, outcome: 'applied' },
    { requestId: answered.requestId, nonce: response.nonce, appliedAt: 1_795_000_900, outcome: 'refused', reason: 'expired' },
    { requestId: answered.requestId, nonce: response.nonce, appliedAt: 1_795_000_900, outcome: 'applied', responseDigest },
    { requestId: answered.requestId, nonce: response.nonce, appliedAt: 1_795_000_900, outcome: 'refused', reason: 'clock', responseDigest },
  ] satisfies Receipt[]).map((input) => {
    const signed = signReceipt(input, secretKey);
    const envelope = encodeReceipt(signed);
    // What the signature covers after the version's domain tag: the map without key 7.
    const map = decodeDeterministic(envelope, 'receipt vector') as Map<number, unknown>;
    map.delete(7);
    return {
      version: receiptVersion(input),
      input,
      signedHex: toHex(encodeDeterministic(map)),
      signatureHex: toHex(signed.signature),
      envelopeHex: toHex(envelope),
      ur: receiptToUr(signed),
    };
  });
  return {
    secretKeyHex: VECTOR_SECRET_KEY,
    publicKeyHex: toHex(devicePublicKey(secretKey)),
    requests: out,
    response: {
      input: { ...response, artifact: { ...response.artifact, bytesUtf8: new TextDecoder().decode(artifact), bytes: undefined } },
      envelopeHex: toHex(encodeResponseEnvelope(response)),
      ur: responseToUr(response),
    },
    keygenQr,
    receipts,
  };
}

type Vectors = Awaited<ReturnType<typeof buildVectors>>;
export const SPEC_VECTORS_HEADING = '## 9. Test vectors';

const wrap = (s: string, n = 96) => s.match(new RegExp(`.{1,${n}}`, 'g'))!.join('\n');

/** The "## 9. Test vectors" section of SPEC.md, rendered from the vectors. */
export function renderSpecVectors(v: Vectors): string {
  const out: string[] = [
    SPEC_VECTORS_HEADING,
    'Device secret key (RFC 8032 §7.1 test 1 — public, for tests only) and the vectors follow; the',
    'inputs are the JSON forms. Long hex and UR strings are wrapped at 96 characters: join the lines.',
    '',
    `- secret key: \`${v.secretKeyHex}\``,
    `- public key: \`${v.publicKeyHex}\``,
  ];
  v.requests.forEach((r, i) => {
    out.push('', `### 9.${i + 1} ${r.name}`, '', 'JSON input:', '```json', JSON.stringify(r.json, null, 2), '```', '');
    out.push(`canonical bytes (${r.canonicalHex.length / 2} bytes, hex):`, '```', wrap(r.canonicalHex), '```', '');
    if (r.signatureHex) out.push('signature:', '```', wrap(r.signatureHex), '```', '');
    out.push(`request id: \`${r.requestId}\``, '', 'UR:', '```', wrap(r.ur), '```');
  });
  const n = v.requests.length;
  out.push('', `### 9.${n + 1} response envelope answering 9.2`, '', 'input:', '```json', JSON.stringify(v.response.input, null, 2), '```');
  out.push('envelope bytes (hex):', '```', wrap(v.response.envelopeHex), '```', 'UR:', '```', wrap(v.response.ur), '```');
  out.push('', `### 9.${n + 2} Keygen air-gapped QR (foreign form)`, '```', v.keygenQr, '```');
  v.receipts.forEach((r, i) => {
    const about = r.version === 1 ? 'version 1 (still read), for 9.2' : `version 2, for 9.2 and the response in 9.${n + 1}`;
    out.push('', `### 9.${n + 3 + i} device receipt ${about}: ${r.input.outcome}`, '', 'input:', '```json', JSON.stringify(r.input, null, 2), '```');
    out.push(`signed bytes (hex; the signature covers \`${JSON.stringify(RECEIPT_SIGNATURE_DOMAINS[r.version]).slice(1, -1)}\` followed by these):`, '```', wrap(r.signedHex), '```');
    out.push('signature:', '```', wrap(r.signatureHex), '```', 'envelope bytes (hex):', '```', wrap(r.envelopeHex), '```', 'UR:', '```', wrap(r.ur), '```');
  });
  out.push('');
  return out.join('\n');
}
