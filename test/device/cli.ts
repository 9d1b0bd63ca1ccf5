// The device simulator: `npm run device -- <command> [options]`. Plays an air-gapped device:
// makes a key pair and requests (JSON file, QR PNG, animated-QR Y4M video for a fake camera), and
// checks and applies responses, printing why one is refused. State lives in --state DIR.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import QRCode from 'qrcode';
import { toHex } from '../../shared/crypto/encoding.ts';
import { checkResponse, generateDeviceKeyPair, makeReceipt, makeRequest, randomNonce, requestFrames, type PendingRequest } from '../../shared/device/kit.ts';
import type { ReceiptReason } from '../../shared/formats/receipt.ts';
import { fromHex } from '../../shared/formats/hex.ts';
import { decodeKioskEnvelope, REQUEST_KINDS, type KioskRequest, type RequestKind } from '../../shared/formats/kiosk-request.ts';
import { grayToRgba, qrMatrix, renderGray } from '../../shared/qr/qr-image.ts';
import { makeOfflineRequest } from '../servers/cryptlex/index.ts';
import { LICENSESPRING_SAMPLES } from '../servers/licensespring/index.ts';
import { makeLicenseSpringRequest } from '../servers/licensespring/request-file.ts';
import { readKeygenFile } from '../support/keygen-device-reader.ts';
import { buildVectors, renderSpecVectors, SPEC_VECTORS_HEADING } from './vectors.ts';
import { writeY4m } from './y4m.ts';

const USAGE = `device simulator
  keygen   --state DIR                      make the device key pair (DIR/device-key.json)
  request  --state DIR --key KEY --fingerprint FP [--kind activate|deactivate|refresh|license-file]
           [--form kiosk|license-api|keygen-qr|cryptlex|licensespring]   (default kiosk; the others are
           the foreign forms other devices produce: seed-004 JSON, Keygen's example QR, a Cryptlex
           request file, a LicenseSpring offline request file as their SDK writes it, signed with
           --shared-key for --api-key (defaults: the LicenseSpring test server's); --username instead
           of --key for a user-based licence; --product is the product code)
           [--hostname H] [--os OS] [--app-version V] [--product P] [--connection C]
           [--expires-in SECONDS] [--unsigned] [--cryptlex-file PATH]
           [--out FILE.json] [--qr FILE.png] [--y4m FILE.y4m --fragment BYTES --fps N --size PX --passes N
           [--drop-every N]]   (--drop-every leaves every Nth frame out of the video, as a camera that
           misses frames would; the fountain frames that follow make up for them)
  check    --state DIR (--response FILE | --ur TEXT) [--vendor-key PEM] [--now ISO]   check, do not apply
           [--keygen-key HEX|PEM-FILE]   also read the file as a Keygen machine or licence file with
           the account's verify key (test/support/keygen-device-reader.ts, written apart from the kiosk)
  apply    same as check; on success writes DIR/license/<file name>. A signed device then prints its
           receipt (ur:kiosk-receipt version 2, naming the response it read: applied, or refused with
           a reason) for the kiosk to scan back
           [--receipt-qr FILE.png] [--receipt-y4m FILE.y4m --size PX]
  vectors  [--out test/fixtures/kiosk-vectors.json]   rewrite the test vectors (fixture + SPEC.md §9)`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    state: { type: 'string', default: 'device-state' },
    key: { type: 'string' },
    fingerprint: { type: 'string' },
    kind: { type: 'string', default: 'activate' },
    form: { type: 'string', default: 'kiosk' },
    'product-id': { type: 'string', default: 'product-1' },
    hostname: { type: 'string' },
    os: { type: 'string' },
    'app-version': { type: 'string' },
    product: { type: 'string' },
    connection: { type: 'string' },
    'expires-in': { type: 'string' },
    unsigned: { type: 'boolean', default: false },
    'cryptlex-file': { type: 'string' },
    'api-key': { type: 'string', default: LICENSESPRING_SAMPLES.apiKeys.full },
    'shared-key': { type: 'string', default: LICENSESPRING_SAMPLES.sharedKey },
    username: { type: 'string' },
    out: { type: 'string' },
    qr: { type: 'string' },
    y4m: { type: 'string' },
    fragment: { type: 'string', default: '200' },
    fps: { type: 'string', default: '5' },
    size: { type: 'string', default: '480' },
    passes: { type: 'string', default: '2' },
    'drop-every': { type: 'string' },
    response: { type: 'string' },
    ur: { type: 'string' },
    'vendor-key': { type: 'string' },
    'keygen-key': { type: 'string' },
    now: { type: 'string' },
    'receipt-qr': { type: 'string' },
    'receipt-y4m': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const state = values.state!;
const keyFile = join(state, 'device-key.json');
const pendingFile = join(state, 'pending-request.cbor.hex');

async function main() {
  const command = positionals[0];
  if (!command || values.help) {
    console.log(USAGE);
    return;
  }
  if (command === 'keygen') {
    mkdirSync(state, { recursive: true });
    const pair = generateDeviceKeyPair();
    writeFileSync(keyFile, JSON.stringify({ secretKey: toHex(pair.secretKey), publicKey: toHex(pair.publicKey) }, null, 2), { mode: 0o600 });
    console.log(`device public key ${toHex(pair.publicKey)} (written to ${keyFile})`);
    return;
  }
  if (command === 'request') return request();
  if (command === 'check' || command === 'apply') return check(command === 'apply');
  if (command === 'vectors') {
    const out = values.out ?? 'test/fixtures/kiosk-vectors.json';
    const vectors = await buildVectors();
    writeFileSync(out, `${JSON.stringify(vectors, null, 2)}\n`);
    const specPath = 'shared/device/SPEC.md';
    const spec = readFileSync(specPath, 'utf8');
    const at = spec.indexOf(SPEC_VECTORS_HEADING);
    writeFileSync(specPath, (at >= 0 ? spec.slice(0, at) : `${spec}\n`) + renderSpecVectors(vectors));
    console.log(`wrote ${out} and the vectors section of ${specPath}`);
    return;
  }
  fail(`unknown command "${command}"\n${USAGE}`);
}

async function request() {
  if (!values.fingerprint) fail('--fingerprint is required');
  if (values.form !== 'kiosk') return foreignRequest(values.form!, values.fingerprint);
  if (!(REQUEST_KINDS as readonly string[]).includes(values.kind!)) fail(`--kind must be ${REQUEST_KINDS.join(', ')}`);
  const now = Math.floor(Date.now() / 1000);
  const r: KioskRequest = { kind: values.kind as RequestKind, fingerprint: values.fingerprint, nonce: randomNonce(), createdAt: now };
  if (values.key) r.licenseKey = values.key;
  if (values['expires-in']) r.expiresAt = now + Number(values['expires-in']);
  if (values.product || values.connection) r.target = { ...(values.product ? { product: values.product } : {}), ...(values.connection ? { connection: values.connection } : {}) };
  if (values.hostname || values.os || values['app-version']) {
    r.device = { ...(values.hostname ? { hostname: values.hostname } : {}), ...(values.os ? { os: values.os } : {}), ...(values['app-version'] ? { appVersion: values['app-version'] } : {}) };
  }
  if (values['cryptlex-file']) r.vendorRequest = { vendor: 'cryptlex', body: readFileSync(values['cryptlex-file'], 'utf8').trim() };
  let secretKey: Uint8Array | undefined;
  if (!values.unsigned) {
    if (!existsSync(keyFile)) fail(`no key pair in ${state}: run "keygen" first, or pass --unsigned`);
    secretKey = fromHex(JSON.parse(readFileSync(keyFile, 'utf8')).secretKey);
  }
  const made = await makeRequest(r, secretKey);
  mkdirSync(state, { recursive: true });
  writeFileSync(pendingFile, toHex(made.cbor));
  console.log(`request ${made.requestId} (${made.cbor.length} bytes CBOR, ${made.envelope.signature ? 'signed' : 'unsigned'})`);
  if (values.out) {
    writeFileSync(values.out, made.json);
    console.log(`file: ${values.out}`);
  }
  if (values.qr) {
    await QRCode.toFile(values.qr, made.ur, { errorCorrectionLevel: 'L', margin: 4, scale: 6 });
    console.log(`QR (single frame, version ${qrMatrix(made.ur).version}): ${values.qr}`);
  }
  if (values.y4m) {
    const all = requestFrames(made, Number(values.fragment), Number(values.passes));
    const dropEvery = values['drop-every'] ? Number(values['drop-every']) : 0;
    if (values['drop-every'] && !(Number.isInteger(dropEvery) && dropEvery >= 2)) fail('--drop-every must be a whole number of 2 or more');
    const frames = dropEvery ? all.filter((_, i) => (i + 1) % dropEvery !== 0) : all;
    const side = Number(values.size) & ~1;
    const images = frames.map((text) => {
      const matrix = qrMatrix(text);
      const scale = Math.max(1, Math.floor(side / (matrix.size + 8)));
      const gray = renderGray(matrix, scale, 4, side);
      return { width: gray.width & ~1, height: gray.height & ~1, rgba: crop(grayToRgba(gray), gray.width, gray.width & ~1) };
    });
    const fps = Number(values.fps);
    // Chromium's fake camera plays at 30 fps-ish pacing of the header rate; repeat to hold each QR.
    writeFileSync(values.y4m, writeY4m(images, fps * 2, 2));
    const dropped = all.length - frames.length;
    console.log(`Y4M: ${values.y4m} (${frames.length} QR frames at ${fps}/s, ${images[0]!.width}x${images[0]!.height}${dropped ? `, ${dropped} of ${all.length} left out` : ''})`);
  }
  if (!values.out && !values.qr && !values.y4m) console.log(made.ur);
}

/** The request forms of devices that do not speak the kiosk envelope. */
async function foreignRequest(form: string, fingerprint: string) {
  let text: string;
  if (form === 'license-api') {
    if (!values.key) fail('--key is required for the license-api form');
    text = `${JSON.stringify({ license_key: values.key, machine_id: fingerprint, ...(values.hostname ? { hostname: values.hostname } : {}) }, null, 2)}\n`;
  } else if (form === 'keygen-qr') {
    if (!values.key) fail('--key is required for the keygen-qr form');
    text = Buffer.from(JSON.stringify({ key: values.key, fingerprint })).toString('base64');
  } else if (form === 'cryptlex') {
    text = makeOfflineRequest({
      type: values.kind === 'deactivate' ? 'deactivation' : 'activation',
      key: values.key ?? '',
      fp: fingerprint,
      pid: values['product-id']!,
      ...(values.hostname ? { hostname: values.hostname } : {}),
      ...(values.os ? { os: values.os } : {}),
    });
  } else if (form === 'licensespring') {
    if (!values.key && !values.username) fail('--key or --username is required for the licensespring form');
    text = `${makeLicenseSpringRequest({
      kind: values.kind === 'deactivate' ? 'deactivation' : 'activation',
      product: values.product ?? LICENSESPRING_SAMPLES.product,
      hardwareId: fingerprint,
      ...(values.key ? { licenseKey: values.key } : { username: values.username! }),
      apiKey: values['api-key']!,
      sharedKey: values['shared-key']!,
      ...(values.hostname ? { hostname: values.hostname } : {}),
      ...(values.os ? { osVer: values.os } : {}),
      ...(values['app-version'] ? { appVer: values['app-version'] } : {}),
    })}\n`;
  } else {
    fail(`--form must be kiosk, license-api, keygen-qr, cryptlex or licensespring (got "${form}")`);
  }
  if (values.out) {
    writeFileSync(values.out, text);
    console.log(`${form} request file: ${values.out}`);
  }
  if (values.qr) {
    await QRCode.toFile(values.qr, text, { errorCorrectionLevel: 'L', margin: 4, scale: 6 });
    console.log(`${form} request QR: ${values.qr}`);
  }
  if (!values.out && !values.qr) console.log(text);
}

function crop(rgba: Uint8ClampedArray, width: number, target: number): Uint8ClampedArray {
  if (width === target) return rgba;
  const out = new Uint8ClampedArray(target * target * 4);
  for (let y = 0; y < target; y++) out.set(rgba.subarray(y * width * 4, y * width * 4 + target * 4), y * target * 4);
  return out;
}

async function check(apply: boolean) {
  if (!existsSync(pendingFile)) fail(`no pending request in ${state}: run "request" first`);
  const cbor = fromHex(readFileSync(pendingFile, 'utf8').trim());
  const { request: pendingRequest } = decodeKioskEnvelope(cbor);
  const made = await makeRequest(pendingRequest);
  let input: string | Uint8Array;
  let fileName: string | undefined;
  if (values.ur) input = values.ur;
  else if (values.response) {
    input = new Uint8Array(readFileSync(values.response));
    fileName = values.response.split(/[\\/]/).pop();
    const text = new TextDecoder().decode(input).trim();
    if (/^ur:/i.test(text)) input = text;
  } else fail('--response FILE or --ur TEXT is required');
  const pending = { requestId: made.requestId, request: pendingRequest };
  const now = values.now ? new Date(values.now) : new Date();
  const result = await checkResponse(input, {
    pending,
    vendor: values['vendor-key'] ? { kind: 'seed004', publicKeyPem: readFileSync(values['vendor-key'], 'utf8') } : { kind: 'none' },
    now,
    ...(fileName ? { fileName } : {}),
  });
  if (!result.ok) {
    console.error('REFUSED:');
    for (const reason of result.reasons) console.error(`  - ${reason}`);
    if (apply) await receipt(pending, now, result.responseDigest, refusalReason(result.reasons));
    process.exit(1);
  }
  const keygenProblem = values['keygen-key'] ? await readAsKeygenFile(result.bytes, pendingRequest, now) : null;
  if (keygenProblem !== null) {
    console.error('REFUSED:');
    console.error(`  - ${keygenProblem}`);
    if (apply) await receipt(pending, now, result.responseDigest, refusalReason([keygenProblem]));
    process.exit(1);
  }
  for (const note of result.notes) console.log(`note: ${note}`);
  console.log(`OK: ${result.fileName} (${result.bytes.length} bytes)${result.licenseExpiresAt ? `, licence valid until ${result.licenseExpiresAt}` : ''}`);
  if (apply) {
    const dir = join(state, 'license');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, result.fileName), result.bytes);
    console.log(`applied: ${join(dir, result.fileName)}`);
    await receipt(pending, now, result.responseDigest);
  }
}

/** Reads a Keygen machine or licence file as a device would (its own reader); the reason it is refused, or null. */
async function readAsKeygenFile(bytes: Uint8Array, request: KioskRequest, now: Date): Promise<string | null> {
  const given = values['keygen-key']!;
  const verifyKey = existsSync(given) ? readFileSync(given, 'utf8') : given;
  try {
    const file = await readKeygenFile(new TextDecoder().decode(bytes), { verifyKey, licenseKey: request.licenseKey ?? '', fingerprint: request.fingerprint, now: now.getTime() });
    console.log(`note: Keygen ${file.kind} file (${file.alg}) for ${file.document.data.type} ${file.document.data.id}, valid until ${file.document.meta.expiry}`);
    return null;
  } catch (error) {
    return `not a Keygen file this device accepts: ${(error as Error).message}`;
  }
}

/** The receipt a signed device shows after applying (or refusing): the UR, and a QR PNG or Y4M when asked. */
async function receipt(pending: PendingRequest, now: Date, responseDigest: string | null, reason?: ReceiptReason) {
  if (!pending.request.devicePublicKey || !existsSync(keyFile)) {
    console.log('no receipt: this device did not sign its request, so the kiosk could not verify one');
    return;
  }
  if (responseDigest === null) {
    console.log('no receipt: the input is not a readable response, so there is no response for a receipt to name');
    return;
  }
  const secretKey = fromHex(JSON.parse(readFileSync(keyFile, 'utf8')).secretKey);
  const { ur } = makeReceipt({ pending, outcome: reason ? 'refused' : 'applied', ...(reason ? { reason } : {}), now, responseDigest }, secretKey);
  console.log(`receipt: ${ur}`);
  if (values['receipt-qr']) {
    await QRCode.toFile(values['receipt-qr'], ur, { errorCorrectionLevel: 'L', margin: 4, scale: 6 });
    console.log(`receipt QR: ${values['receipt-qr']}`);
  }
  if (values['receipt-y4m']) {
    const side = Number(values.size) & ~1;
    const matrix = qrMatrix(ur);
    const gray = renderGray(matrix, Math.max(1, Math.floor(side / (matrix.size + 8))), 4, side);
    const image = { width: gray.width & ~1, height: gray.height & ~1, rgba: crop(grayToRgba(gray), gray.width, gray.width & ~1) };
    writeFileSync(values['receipt-y4m'], writeY4m([image], 10, 2));
    console.log(`receipt Y4M: ${values['receipt-y4m']}`);
  }
}

/** The receipt's reason code for the first refusal reason checkResponse gave. */
function refusalReason(reasons: string[]): ReceiptReason {
  const first = reasons[0] ?? '';
  if (/another request|nonce/.test(first)) return 'wrong-request';
  if (/another device|another licence/.test(first)) return 'wrong-device';
  if (/signature/.test(first)) return 'signature';
  if (/expired/.test(first)) return 'expired';
  if (/future/.test(first)) return 'clock';
  return 'other';
}

await main();
