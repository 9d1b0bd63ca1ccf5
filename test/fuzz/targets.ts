// Every entry point that reads outside input, as fuzz targets: a name, seed inputs (valid ones, so
// mutations reach deep), the function under test, and what counts as the app's own refusal. Adding
// a parser to the fuzz run is one entry here; test/unit/fuzz.test.ts and `npm run fuzz` both run all.
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as ed from '@noble/ed25519';
import { encode as cborEncode } from 'cborg';
import { checkOfflineResponse } from '../../electron/connectors/cryptlex/offline-response.ts';
import { checkLicenseFile } from '../../electron/connectors/keygen/license-file.ts';
import { checkMachineFile } from '../../electron/connectors/keygen/machine-file.ts';
import { checkLicenseDocument } from '../../electron/connectors/licensespring/license-document.ts';
import { checkSignedKey } from '../../electron/connectors/keygen/signed-key.ts';
import { splitPastedText } from '../../renderer/src/capture/paste-text.ts';
import { UrAssembler } from '../../renderer/src/camera/ur-assembler.ts';
import { readScan } from '../../renderer/src/scanner/read-scan.ts';
import { canonicalJson } from '../../shared/crypto/canonical-json.ts';
import { importRsaPublicKey } from '../../shared/crypto/rsa.ts';
import { readSignedDocument, verifySignedDocument } from '../../shared/crypto/signed-document.ts';
import { parseStrictJson, StrictJsonError } from '../../shared/crypto/strict-json.ts';
import { checkActiveRecord } from '../../shared/formats/license-record.ts';
import { checkResponse } from '../../shared/device/kit.ts';
import { decodeDeterministic } from '../../shared/formats/cbor.ts';
import { FormatError } from '../../shared/formats/errors.ts';
import { readLicenseSpring } from '../../shared/formats/licensespring.ts';
import { decodeKioskEnvelope, kioskEnvelopeFromUr } from '../../shared/formats/kiosk-request.ts';
import { decodeReceipt, receiptFromUr } from '../../shared/formats/receipt.ts';
import { detect } from '../../shared/formats/request.ts';
import { decodeResponseEnvelope, responseFromUr } from '../../shared/formats/response.ts';
import { decodeBytewordsMinimal, encodeBytewordsMinimal } from '../../shared/qr/bytewords.ts';
import { UrError } from '../../shared/qr/errors.ts';
import { decodePart } from '../../shared/qr/fountain.ts';
import { parseUrText, UrDecoder, UrEncoder } from '../../shared/qr/ur.ts';
import { signLicenseDocument } from '../servers/licensespring/index.ts';
import { makeLicenseSpringRequest, PyObject } from '../servers/licensespring/request-file.ts';
import type { FuzzInput } from './mutate.ts';

/** What one input came to: the parser took it, or refused it the app's own way. Anything thrown that `typedError` does not claim is a crash. */
export type Outcome = 'accepted' | 'refused';

export interface FuzzTarget {
  name: string;
  seeds: readonly FuzzInput[];
  run(input: FuzzInput): Outcome | Promise<Outcome>;
  /** Errors that are the parser's own refusal (FormatError, UrError); the default claims none. */
  typedError?(error: unknown): boolean;
}

const fixtures = new URL('../fixtures/', import.meta.url);
const vectors = JSON.parse(readFileSync(new URL('kiosk-vectors.json', fixtures), 'utf8'));
const urVectors = JSON.parse(readFileSync(new URL('ur-vectors.json', fixtures), 'utf8'));
const unhex = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));
const text = (input: FuzzInput) => (typeof input === 'string' ? input : new TextDecoder().decode(input));
const bytes = (input: FuzzInput) => (typeof input === 'string' ? new TextEncoder().encode(input) : input);
const formatOrUr = (e: unknown) => e instanceof FormatError || e instanceof UrError;
const parsed = (fn: () => unknown): Outcome => (fn(), 'accepted');

const requests = vectors.requests as { ur: string; json: unknown; envelopeHex: string; requestId: string }[];
const requestUrs = requests.map((v) => v.ur);
const requestJson = requests.map((v) => JSON.stringify(v.json, null, 2));
const envelopes = requests.map((v) => unhex(v.envelopeHex));
const receipts = vectors.receipts as { ur: string; envelopeHex: string }[];

/** Frames one input may hold for the decoder targets: a camera session of minutes (each frame is bounded alone). */
const MAX_FRAMES = 2000;
const frames = (input: FuzzInput) => text(input).split('\n').slice(0, MAX_FRAMES);

/** Frames of a real animated code, one per line (so line mutations break, repeat and reorder them). */
function animated(cbor: Uint8Array, fragment: number, extra: number): string {
  const encoder = new UrEncoder({ type: 'kiosk-request', cbor }, fragment);
  return Array.from({ length: encoder.seqLen + extra }, () => encoder.nextPart()).join('\n');
}
const animatedSeeds = [animated(envelopes[1]!, 30, 4), animated(envelopes[0]!, 60, 0), urVectors.urEncoder256x30.join('\n') as string];

/** A frame whose header claims the largest message the decoder takes, made of many small fragments. */
const widest = `ur:kiosk-request/2000-1024/${encodeBytewordsMinimal(cborEncode([2000, 1024, 65536, 7, new Uint8Array(64)]))}`;

// seed-004 licence documents, signed with a key made for the run (what the device kit checks).
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsaPem = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const pending = { requestId: requests[1]!.requestId, request: decodeKioskEnvelope(envelopes[1]!).request };
function signedLicence(data: Record<string, unknown>): string {
  return JSON.stringify({ data, signature: sign('sha256', Buffer.from(canonicalJson(data)), rsa.privateKey).toString('base64') });
}
const licence = signedLicence({ license_key: pending.request.licenseKey, machine_id: pending.request.fingerprint, valid: true, activated_at: '2026-11-18T11:00:00Z', expires_at: '2027-11-18T11:00:00Z' });

// Keygen machine files, signed with an account key made for the run.
const accountKey = createHash('sha256').update('fuzz account').digest();
const accountPublic = Buffer.from(ed.getPublicKey(accountKey)).toString('hex');
const fingerprint = 'f'.repeat(64);
function machineFile(doc: unknown): string {
  const enc = Buffer.from(JSON.stringify(doc)).toString('base64');
  const sig = Buffer.from(ed.sign(new TextEncoder().encode(`machine/${enc}`), accountKey)).toString('base64');
  const body = Buffer.from(JSON.stringify({ enc, sig, alg: 'base64+ed25519' })).toString('base64');
  return `-----BEGIN MACHINE FILE-----\n${body.match(/.{1,64}/g)!.join('\n')}\n-----END MACHINE FILE-----\n`;
}
const machineDoc = {
  data: { id: 'm-1', type: 'machines', attributes: { fingerprint }, relationships: { license: { data: { id: 'l-1' } } } },
  meta: { issued: '2026-11-18T11:00:00Z', expiry: '2027-11-18T11:00:00Z', ttl: 2629746 },
};

// Keygen licence files and signed keys, with the same account key.
function licenseFile(doc: unknown): string {
  const enc = Buffer.from(JSON.stringify(doc)).toString('base64');
  const sig = Buffer.from(ed.sign(new TextEncoder().encode(`license/${enc}`), accountKey)).toString('base64');
  const body = Buffer.from(JSON.stringify({ enc, sig, alg: 'base64+ed25519' })).toString('base64');
  return `-----BEGIN LICENSE FILE-----\n${body.match(/.{1,64}/g)!.join('\n')}\n-----END LICENSE FILE-----\n`;
}
const licenseDoc = {
  data: { id: 'l-1', type: 'licenses', attributes: { key: 'KEY', expiry: null } },
  meta: { issued: '2026-11-18T11:00:00Z', expiry: '2027-11-18T11:00:00Z', ttl: 2629746 },
};
function signedKey(dataset: string): string {
  const encoded = `key/${Buffer.from(dataset).toString('base64url')}`;
  return `${encoded}.${Buffer.from(ed.sign(new TextEncoder().encode(encoded), accountKey)).toString('base64url')}`;
}

// Cryptlex offline responses: RS256 tokens signed with the run's RSA key.
const offlineRequest = 'eyJ2IjoxfQ.cGF5bG9hZA.c2ln';
function offlineResponse(claims: Record<string, unknown>): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const signing = `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}`;
  return `${signing}.${sign('sha256', Buffer.from(signing), rsa.privateKey).toString('base64url')}`;
}
const cryptlexClaims = { lid: 'lic-1', fp: 'c0ffee', eat: 1_900_000_000, orh: createHash('sha256').update(offlineRequest).digest('hex'), suspended: false };
const rsaKey = importRsaPublicKey(rsaPem);

// LicenseSpring: a device's request file, and the licence document answering it, signed with the run's RSA key.
const lsFile = makeLicenseSpringRequest({ kind: 'activation', product: 'fooapp', hardwareId: 'hw-1', licenseKey: 'AAAA-BBBB-CCCC-0001', apiKey: 'api-key-0001', sharedKey: 'shared-key-0001', hostname: 'press-1', requestId: 'r-1', date: 'Fri, 20 Nov 2026 12:00:00 GMT' });
const lsRequest = readLicenseSpring(lsFile);
const lsDocument = signLicenseDocument(
  [['id', 1], ['license_key', 'AAAA-BBBB-CCCC-0001'], ['hardware_id', 'hw-1'], ['request_id', 'r-1'], ['validity_period', '2030-01-01'], ['metadata', new PyObject([['site', 'Hall 3'], ['10', 'x']])]],
  rsa.privateKey,
  'hw-1#AAAA-BBBB-CCCC-0001#2030-01-01',
);

export const TARGETS: readonly FuzzTarget[] = [
  {
    name: 'request forms: detect()',
    seeds: [...requestUrs, ...requestJson, vectors.keygenQr, lsFile, 'eyJ2IjoxfQ.cGF5bG9hZA.c2ln', JSON.stringify({ license_key: 'ABCDE-12345-FGHIJ-67890-KLMNO', machine_id: 'a'.repeat(64), device: { os: 'x' } })],
    run: (input) => (detect(text(input)).ok ? 'accepted' : 'refused'),
  },
  { name: 'kiosk request CBOR', seeds: envelopes, run: (input) => parsed(() => decodeKioskEnvelope(bytes(input))), typedError: formatOrUr },
  { name: 'kiosk request QR', seeds: requestUrs, run: (input) => parsed(() => kioskEnvelopeFromUr(text(input))), typedError: formatOrUr },
  { name: 'deterministic CBOR', seeds: [...envelopes, unhex(vectors.response.envelopeHex)], run: (input) => parsed(() => decodeDeterministic(bytes(input), 'fuzz')), typedError: formatOrUr },
  { name: 'response envelope CBOR', seeds: [unhex(vectors.response.envelopeHex)], run: (input) => parsed(() => decodeResponseEnvelope(bytes(input))), typedError: formatOrUr },
  { name: 'response envelope QR', seeds: [vectors.response.ur], run: (input) => parsed(() => responseFromUr(text(input))), typedError: formatOrUr },
  { name: 'receipt CBOR', seeds: receipts.map((r) => unhex(r.envelopeHex)), run: (input) => parsed(() => decodeReceipt(bytes(input))), typedError: formatOrUr },
  { name: 'receipt QR', seeds: receipts.map((r) => r.ur), run: (input) => parsed(() => receiptFromUr(text(input))), typedError: formatOrUr },
  { name: 'UR text and bytewords', seeds: [...requestUrs, ...urVectors.urEncoder256x30, urVectors.shortCrcPart], run: (input) => parsed(() => parseUrText(text(input))), typedError: formatOrUr },
  {
    name: 'bytewords (minimal)',
    seeds: urVectors.bytewords.map((v: { minimal: string }) => v.minimal),
    run: (input) => parsed(() => decodeBytewordsMinimal(text(input))),
    typedError: formatOrUr,
  },
  { name: 'fountain part CBOR', seeds: [...urVectors.fountainEncoderCbor256x30.map(unhex), cborEncode([2000, 1024, 65536, 7, new Uint8Array(64)])], run: (input) => parsed(() => decodePart(bytes(input))), typedError: formatOrUr },
  {
    name: 'animated QR decoder (frames, one per line)',
    seeds: [...animatedSeeds, widest],
    run: (input) => {
      const decoder = new UrDecoder();
      for (const line of frames(input)) decoder.receivePart(line);
      return decoder.isSuccess ? 'accepted' : 'refused';
    },
  },
  {
    name: 'camera UR assembler (frames, one per line)',
    seeds: animatedSeeds,
    run: (input) => {
      const assembler = new UrAssembler();
      let outcome: Outcome = 'refused';
      for (const line of frames(input)) if (assembler.receive(line).kind === 'message') outcome = 'accepted';
      return outcome;
    },
  },
  {
    name: 'paste splitter',
    seeds: [animatedSeeds[0]!, requestJson.join('\n'), `${requestUrs.join('\r\n')}\n${vectors.keygenQr}`, '{\n'.repeat(50)],
    run: (input) => (splitPastedText(text(input)).some((p) => p.kind === 'text') ? 'accepted' : 'refused'),
  },
  {
    name: 'scanner reader',
    seeds: [...requestUrs, vectors.keygenQr, receipts[0]!.ur, 'UR§KIOSK-REQUEST-'],
    run: (input) => (readScan({ typed: text(input), byPosition: null, keys: text(input).length, averageIntervalMs: 10 }).ok ? 'accepted' : 'refused'),
  },
  {
    name: 'device kit checkResponse (seed-004 licence)',
    seeds: [licence, vectors.response.ur],
    run: async (input) => ((await checkResponse(input, { pending, vendor: { kind: 'seed004', publicKeyPem: rsaPem }, now: new Date('2026-11-20T12:00:00Z') })).ok ? 'accepted' : 'refused'),
  },
  {
    name: 'Keygen machine file',
    seeds: [machineFile(machineDoc), machineFile({ ...machineDoc, included: [{ type: 'licenses', id: 'l-1', attributes: { key: 'KEY' } }] })],
    run: async (input) =>
      (await checkMachineFile(text(input), { publicKeyHex: accountPublic, licenseKey: 'KEY', licenseId: 'l-1', fingerprint, now: Date.parse('2026-11-20T12:00:00Z'), clockSkewMs: 300_000 })).ok ? 'accepted' : 'refused',
  },
  {
    name: 'strict JSON',
    seeds: [licence, JSON.stringify(machineDoc), '{"a":[1,2.5,-3e-7,"\\u00e9",null,true]}'],
    run: (input) => parsed(() => parseStrictJson(text(input))),
    typedError: (e) => e instanceof StrictJsonError,
  },
  {
    name: 'licence API signed record',
    seeds: [licence],
    run: async (input) => {
      const read = readSignedDocument(bytes(input));
      if (!read.ok || !(await verifySignedDocument(await rsaKey, read.document))) return 'refused';
      const ask = { licenseKey: pending.request.licenseKey, machineId: pending.request.fingerprint };
      return checkActiveRecord(read.document.data, ask, Date.parse('2026-11-20T12:00:00Z'), 300_000).problems.length ? 'refused' : 'accepted';
    },
  },
  {
    name: 'Cryptlex offline response',
    seeds: [offlineResponse(cryptlexClaims), offlineResponse({ ...cryptlexClaims, suspended: true })],
    run: (input) =>
      checkOfflineResponse(text(input), { licenseId: 'lic-1', fingerprint: 'c0ffee', requestSent: offlineRequest, now: Date.parse('2026-11-20T12:00:00Z'), skewMs: 300_000, productKey: rsa.publicKey }).ok ? 'accepted' : 'refused',
  },
  { name: 'LicenseSpring request file', seeds: [lsFile], run: (input) => parsed(() => readLicenseSpring(text(input))), typedError: (e) => e instanceof FormatError },
  {
    name: 'LicenseSpring licence document',
    seeds: [lsDocument],
    run: (input) => (checkLicenseDocument(bytes(input), lsRequest, rsa.publicKey).ok ? 'accepted' : 'refused'),
  },
  {
    name: 'Keygen licence file',
    seeds: [licenseFile(licenseDoc)],
    run: (input) =>
      checkLicenseFile(text(input), { verifyKey: accountPublic, licenseKey: 'KEY', licenseId: 'l-1', now: Date.parse('2026-11-20T12:00:00Z'), clockSkewMs: 300_000 }).ok ? 'accepted' : 'refused',
  },
  {
    name: 'Keygen signed key',
    seeds: [signedKey(JSON.stringify({ license: { id: 'l-1', expiry: '2027-01-01T00:00:00Z' }, product: { id: 'p-1' } })), signedKey('plain dataset')],
    run: (input) => (checkSignedKey(text(input), accountPublic, 'the fuzz input')?.status === 'verified' ? 'accepted' : 'refused'),
  },
];
