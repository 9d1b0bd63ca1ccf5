// Seed-004 signed documents ({"data": {...}, "signature": "<base64>"}) read so that what is exported
// means exactly what the signature covers. The document is parsed strictly (strict-json.ts), the
// signed text is rebuilt from that parse, and the bytes handed on are either the server's own bytes
// (when they hold nothing but `data` and `signature`, so their meaning is the signed meaning) or a
// document rebuilt from the verified parse (when the server added members the signature does not
// cover: those are left out rather than passed to a device that might read them).
import { canonicalJson, pythonSortedJson, type Json } from './canonical-json.ts';
import { verifyRsaSha256 } from './rsa.ts';
import { utf8 } from './encoding.ts';
import { t } from '../i18n/index.ts';
import { parseStrictJsonBytes, StrictJsonError } from './strict-json.ts';

export type SignedData = { [key: string]: Json };

export interface SignedDocument {
  data: SignedData;
  signature: string;
  /** Members beside `data` and `signature`; the signature says nothing about them. */
  unsignedMembers: string[];
}

/** Which encoding of `data` the signature covers: compact sorted JSON, or Python's sorted `json.dumps`. */
export type SignedForm = 'compact' | 'python';

export type ReadDocument = { ok: true; document: SignedDocument } | { ok: false; reason: string };

/** Signed documents are small; anything larger is not a licence record. */
const MAX_DOCUMENT_CHARS = 256 * 1024;

/** Strictly parses a signed document; the reason says what is wrong in words an engineer can pass on. */
export function readSignedDocument(bytes: Uint8Array): ReadDocument {
  let value: Json;
  try {
    value = parseStrictJsonBytes(bytes, { maxLength: MAX_DOCUMENT_CHARS, maxDepth: 32 });
  } catch (error) {
    if (error instanceof StrictJsonError) return { ok: false, reason: t('crypto:document.notStrictJson', { problem: error.message }) };
    throw error;
  }
  if (!isObject(value)) return { ok: false, reason: t('crypto:document.notObject') };
  const { data, signature } = value;
  if (!isObject(data) || typeof signature !== 'string' || signature.length === 0) {
    return { ok: false, reason: t('crypto:document.fields') };
  }
  return { ok: true, document: { data, signature, unsignedMembers: Object.keys(value).filter((k) => k !== 'data' && k !== 'signature') } };
}

/** The encoding of `data` the signature verifies over, or null when it verifies over none. */
export async function verifySignedDocument(key: CryptoKey, document: SignedDocument): Promise<SignedForm | null> {
  if (await verifyRsaSha256(key, canonicalJson(document.data), document.signature)) return 'compact';
  if (await verifyRsaSha256(key, pythonSortedJson(document.data), document.signature)) return 'python';
  return null;
}

/**
 * The bytes to export for a verified document: the server's own when it holds only `data` and
 * `signature`; otherwise `{"data": <the signed text>, "signature": ...}`, so even a device that
 * compares bytes finds the signed text verbatim.
 */
export function exportedBytes(original: Uint8Array, document: SignedDocument, form: SignedForm): Uint8Array {
  if (document.unsignedMembers.length === 0) return original;
  const signature = JSON.stringify(document.signature);
  return utf8(
    form === 'compact'
      ? `{"data":${canonicalJson(document.data)},"signature":${signature}}`
      : `{"data": ${pythonSortedJson(document.data)}, "signature": ${signature}}`,
  );
}

function isObject(value: Json | undefined): value is SignedData {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
