// Deterministic CBOR (RFC 8949 §4.2.1: shortest integers and lengths, definite lengths, map keys
// sorted bytewise) through cborg, and a strict reader that accepts only that form.
import { t } from '../i18n/index.ts';
import { decode, encode, rfc8949EncodeOptions, Tokenizer, Type, type DecodeOptions } from 'cborg';
import { FormatError } from './errors.ts';

export const MAX_CBOR_BYTES = 64 * 1024;
/** Nesting no kiosk form comes near (they are flat maps); deeper input is refused before decoding. */
export const MAX_CBOR_DEPTH = 16;
const DECODE_OPTIONS: DecodeOptions = { strict: true, allowIndefinite: false, allowUndefined: false, rejectDuplicateMapKeys: true, useMaps: true, allowBigInt: false };

/**
 * True when the CBOR nests containers deeper than `max`, found by a flat walk over its tokens (the
 * decoder recurses, and overflowing its stack costs most of a second). Bad bytes are left to the decoder.
 */
export function nestsDeeperThan(bytes: Uint8Array, max: number): boolean {
  const left: number[] = []; // items still to come in each open container
  try {
    const tokens = new Tokenizer(bytes, DECODE_OPTIONS);
    while (!tokens.done()) {
      const token = tokens.next();
      while (left.length > 0 && left[left.length - 1] === 0) left.pop();
      if (left.length > 0) left[left.length - 1]! -= 1;
      const children = token.type === Type.array ? Number(token.value) : token.type === Type.map ? 2 * Number(token.value) : token.type === Type.tag ? 1 : 0;
      if (children > 0) left.push(children);
      if (left.length > max) return true;
    }
  } catch {
    return false;
  }
  return false;
}

export function encodeDeterministic(value: unknown): Uint8Array {
  // cborg hands out a Node Buffer under Node: copy into a plain Uint8Array so results are the same everywhere
  const bytes = encode(value, rfc8949EncodeOptions);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength).slice();
}

/** Decodes deterministic CBOR (maps as Map); throws FormatError naming `form`. */
export function decodeDeterministic(bytes: Uint8Array, form: string): unknown {
  if (bytes.length > MAX_CBOR_BYTES) throw new FormatError(form, t('formats:cbor.tooLarge', { bytes: bytes.length, max: MAX_CBOR_BYTES }));
  if (nestsDeeperThan(bytes, MAX_CBOR_DEPTH)) throw new FormatError(form, t('formats:cbor.tooDeepMax', { max: MAX_CBOR_DEPTH }));
  let value: unknown;
  try {
    value = decode(bytes, DECODE_OPTIONS);
  } catch (error) {
    // a stack overflow would land here too (RangeError), as a refusal
    if (error instanceof RangeError) throw new FormatError(form, t('formats:cbor.tooDeep'));
    throw new FormatError(form, t('formats:cbor.invalid', { why: (error as Error).message.replace(/^CBOR decode error: /, '') }));
  }
  let encoded: Uint8Array;
  try {
    encoded = encodeDeterministic(value);
  } catch {
    throw new FormatError(form, t('formats:cbor.notAllowed'));
  }
  if (encoded.length !== bytes.length || encoded.some((b, i) => b !== bytes[i])) {
    throw new FormatError(form, t('formats:cbor.notDeterministic'));
  }
  return value;
}

/** Decodes a deterministic CBOR map with only the given integer keys; returns a reader of its values. */
export function decodeKnownMap(bytes: Uint8Array, form: string, keys: Record<string, number>): (key: number) => unknown {
  const value = decodeDeterministic(bytes, form);
  if (!(value instanceof Map)) throw new FormatError(form, t('formats:cbor.notMap'));
  const known = new Set<number>(Object.values(keys));
  for (const k of value.keys()) if (typeof k !== 'number' || !known.has(k)) throw new FormatError(form, t('formats:cbor.unexpectedKey', { key: String(k).slice(0, 20) }));
  return (key) => value.get(key) as unknown;
}
