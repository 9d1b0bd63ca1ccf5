// Responses for delivery. The vendor's artifact travels byte for byte under the file name the
// device expects; for QR delivery it is wrapped in a response envelope (ur:kiosk-response) that
// also says which request it answers (request id and nonce).
import { t } from '../i18n/index.ts';
import { decodeKnownMap, encodeDeterministic } from './cbor.ts';
import { FormatError } from './errors.ts';
import { fromHex, toHex } from './hex.ts';
import { cborOfUr } from './ur-payload.ts';
import { encodeSinglePartUr, UrEncoder } from '../qr/ur.ts';

export const KIOSK_RESPONSE_UR_TYPE = 'kiosk-response';
export const KIOSK_RESPONSE_VERSION = 1;
export const MAX_ARTIFACT_BYTES = 48 * 1024;
const form = (): string => t('formats:forms.response');

export interface ResponseArtifact {
  /** The name the device looks for, e.g. "<machine-id>.lic" for a Keygen machine file. */
  fileName: string;
  mediaType: string;
  /** The vendor's bytes, unchanged. */
  bytes: Uint8Array;
}

export interface ResponseEnvelope {
  /** The kiosk request id it answers: 32 bytes, hex here (SHA-256 of the request's canonical string). */
  requestId: string;
  /** The kiosk request's nonce, when the request had one. */
  nonce?: string;
  vendor?: string;
  /** Whole seconds since the Unix epoch. */
  issuedAt: number;
  artifact: ResponseArtifact;
}

export const RESPONSE_KEYS = { version: 1, requestId: 2, nonce: 3, fileName: 4, mediaType: 5, artifact: 6, vendor: 7, issuedAt: 8 } as const;

/** A file name safe on every OS a device may run: no path, no reserved characters, ≤ 128 characters. */
export function checkFileName(name: string): string {
  if (typeof name !== 'string' || name.length < 1 || name.length > 128) throw new FormatError(form(), t('formats:response.fileNameLength'));
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f<>:"/\\|?*]/.test(name) || name === '.' || name === '..' || /[. ]$/.test(name)) {
    throw new FormatError(form(), t('formats:response.unsafeFileName', { name: name.slice(0, 40) }));
  }
  return name;
}

/** The file names devices expect, per vendor (Keygen: "<machine id>.lic"). */
export function expectedFileName(vendor: 'keygen' | 'cryptlex' | 'seed004', hint: { machineId?: string; device?: string }): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 60) || 'device';
  if (vendor === 'keygen') return checkFileName(`${safe(hint.machineId ?? 'machine')}.lic`);
  if (vendor === 'cryptlex') return checkFileName(`${safe(hint.device ?? 'device')}-offline-response.dat`);
  return checkFileName(`activation-${safe(hint.device ?? 'device')}-${(hint.machineId ?? '').slice(0, 12)}.json`);
}

export function encodeResponseEnvelope(e: ResponseEnvelope): Uint8Array {
  if (!/^[0-9a-f]{64}$/.test(e.requestId)) throw new FormatError(form(), t('formats:response.requestId'));
  checkFileName(e.artifact.fileName);
  if (e.artifact.bytes.length > MAX_ARTIFACT_BYTES) throw new FormatError(form(), t('formats:response.tooLarge', { bytes: e.artifact.bytes.length, max: MAX_ARTIFACT_BYTES }));
  const m = new Map<number, unknown>([
    [RESPONSE_KEYS.version, KIOSK_RESPONSE_VERSION],
    [RESPONSE_KEYS.requestId, fromHex(e.requestId)],
    [RESPONSE_KEYS.fileName, e.artifact.fileName],
    [RESPONSE_KEYS.mediaType, e.artifact.mediaType],
    [RESPONSE_KEYS.artifact, e.artifact.bytes],
    [RESPONSE_KEYS.issuedAt, e.issuedAt],
  ]);
  if (e.nonce !== undefined) m.set(RESPONSE_KEYS.nonce, e.nonce);
  if (e.vendor !== undefined) m.set(RESPONSE_KEYS.vendor, e.vendor);
  return encodeDeterministic(m);
}

export function decodeResponseEnvelope(bytes: Uint8Array): ResponseEnvelope {
  const get = decodeKnownMap(bytes, form(), RESPONSE_KEYS);
  const version = get(RESPONSE_KEYS.version);
  if (typeof version === 'number' && version > KIOSK_RESPONSE_VERSION) throw new FormatError(form(), t('formats:response.newer', { version, supported: KIOSK_RESPONSE_VERSION }));
  if (version !== KIOSK_RESPONSE_VERSION) throw new FormatError(form(), t('formats:response.version'));
  const id = get(RESPONSE_KEYS.requestId);
  if (!(id instanceof Uint8Array) || id.length !== 32) throw new FormatError(form(), t('formats:response.requestIdBytes'));
  const str = (k: number, field: string, max: number) => {
    const v = get(k);
    if (typeof v !== 'string' || v.length < 1 || v.length > max) throw new FormatError(form(), t('formats:response.length', { field, max }));
    return v;
  };
  const artifact = get(RESPONSE_KEYS.artifact);
  if (!(artifact instanceof Uint8Array) || artifact.length > MAX_ARTIFACT_BYTES) throw new FormatError(form(), t('formats:response.artifact'));
  const issuedAt = get(RESPONSE_KEYS.issuedAt);
  if (typeof issuedAt !== 'number' || !Number.isInteger(issuedAt) || issuedAt < 0) throw new FormatError(form(), t('formats:response.issuedAt'));
  const e: ResponseEnvelope = {
    requestId: toHex(id),
    issuedAt,
    artifact: { fileName: checkFileName(str(RESPONSE_KEYS.fileName, 'file_name', 128)), mediaType: str(RESPONSE_KEYS.mediaType, 'media_type', 100), bytes: artifact },
  };
  if (get(RESPONSE_KEYS.nonce) !== undefined) e.nonce = str(RESPONSE_KEYS.nonce, 'nonce', 128);
  if (get(RESPONSE_KEYS.vendor) !== undefined) e.vendor = str(RESPONSE_KEYS.vendor, 'vendor', 40);
  return e;
}

export function responseToUr(e: ResponseEnvelope): string {
  return encodeSinglePartUr({ type: KIOSK_RESPONSE_UR_TYPE, cbor: encodeResponseEnvelope(e) });
}

/** An animated-QR encoder for a response: `nextPart()` gives frame after frame. */
export function responseUrEncoder(e: ResponseEnvelope, maxFragmentLen = 300): UrEncoder {
  return new UrEncoder({ type: KIOSK_RESPONSE_UR_TYPE, cbor: encodeResponseEnvelope(e) }, maxFragmentLen);
}

export function responseFromUr(text: string): ResponseEnvelope {
  return decodeResponseEnvelope(cborOfUr(text, KIOSK_RESPONSE_UR_TYPE, t('formats:forms.responseQr')));
}
