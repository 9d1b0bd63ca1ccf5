// Deterministic CBOR (RFC 8949 §4.2.1: shortest integers and lengths, definite lengths, map keys
// sorted bytewise) through cborg, and a strict reader that accepts only that form.
import { decode, encode, rfc8949EncodeOptions } from 'cborg';
import { FormatError } from './errors.ts';

export const MAX_CBOR_BYTES = 64 * 1024;

export function encodeDeterministic(value: unknown): Uint8Array {
  // cborg hands out a Node Buffer under Node: copy into a plain Uint8Array so results are the same everywhere
  const bytes = encode(value, rfc8949EncodeOptions);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength).slice();
}

/** Decodes deterministic CBOR (maps as Map); throws FormatError naming `form`. */
export function decodeDeterministic(bytes: Uint8Array, form: string): unknown {
  if (bytes.length > MAX_CBOR_BYTES) throw new FormatError(form, `too large (${bytes.length} bytes; at most ${MAX_CBOR_BYTES})`);
  let value: unknown;
  try {
    value = decode(bytes, { strict: true, allowIndefinite: false, allowUndefined: false, rejectDuplicateMapKeys: true, useMaps: true, allowBigInt: false });
  } catch (error) {
    // a stack overflow from absurd nesting lands here too (RangeError), as a refusal
    if (error instanceof RangeError) throw new FormatError(form, 'CBOR nested too deeply');
    throw new FormatError(form, `not valid CBOR (${(error as Error).message.replace(/^CBOR decode error: /, '')})`);
  }
  let encoded: Uint8Array;
  try {
    encoded = encodeDeterministic(value);
  } catch {
    throw new FormatError(form, 'CBOR holds values this form does not allow');
  }
  if (encoded.length !== bytes.length || encoded.some((b, i) => b !== bytes[i])) {
    throw new FormatError(form, 'CBOR is not in deterministic form (RFC 8949 §4.2.1: sorted map keys, shortest lengths)');
  }
  return value;
}

/** Decodes a deterministic CBOR map with only the given integer keys; returns a reader of its values. */
export function decodeKnownMap(bytes: Uint8Array, form: string, keys: Record<string, number>): (key: number) => unknown {
  const value = decodeDeterministic(bytes, form);
  if (!(value instanceof Map)) throw new FormatError(form, 'the CBOR must be a map');
  const known = new Set<number>(Object.values(keys));
  for (const k of value.keys()) if (typeof k !== 'number' || !known.has(k)) throw new FormatError(form, `unexpected map key ${String(k).slice(0, 20)}`);
  return (key) => value.get(key) as unknown;
}
