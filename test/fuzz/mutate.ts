// Hostile variations of a seed input for the parser fuzzer: random bytes, truncation, bit flips,
// splicing two seeds, huge declared lengths, deep nesting, repeated tokens, and, where the seed is
// JSON, duplicate keys, "__proto__" members and numbers past 2^53. Deterministic for a given PRNG.
import { seeded } from '../support/seeded.ts';

export type FuzzInput = string | Uint8Array;

export interface Rng {
  next(): number;
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
}

export function rng(seed: number): Rng {
  const next = seeded(seed);
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: (items) => items[int(items.length)]! };
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();
const bytesOf = (input: FuzzInput) => (typeof input === 'string' ? utf8.encode(input) : input);

/** CBOR heads that declare byte/text strings, arrays and maps of 2^32 and 2^64 items. */
const HUGE_CBOR_HEADS = [
  [0x5a, 0xff, 0xff, 0xff, 0xf0],
  [0x7a, 0xff, 0xff, 0xff, 0xf0],
  [0x9a, 0xff, 0xff, 0xff, 0xf0],
  [0xba, 0xff, 0xff, 0xff, 0xf0],
  [0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xf0],
  [0x9b, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
];
const REPEATED = ['{\n', '[', '{"a":', '"', '\\', 'ur:bytes/1-3/', '\n', 'ae', '.', '=', '\u0000', '\uFFFD', '-----BEGIN MACHINE FILE-----'];
const BIG_NUMBERS = ['9007199254740993', '1e400', '-0', '18446744073709551616', '0.1e-400', '123456789012345678901234567890'];

function splice(r: Rng, a: Uint8Array, b: Uint8Array): Uint8Array {
  const i = r.int(a.length + 1);
  const j = r.int(b.length + 1);
  return Uint8Array.from([...a.subarray(0, i), ...b.subarray(j)]);
}

function repeatToken(r: Rng, text: string): string {
  const token = r.next() < 0.5 && text.length > 0 ? text.slice(r.int(text.length), r.int(text.length) + 1 + r.int(8)) : r.pick(REPEATED);
  const times = r.pick([10, 1000, 40_000]);
  const at = r.int(text.length + 1);
  return text.slice(0, at) + token.repeat(Math.max(1, Math.floor(times / Math.max(1, token.length / 2)))) + text.slice(at);
}

/** JSON-aware mutations of a JSON object seed; null when the seed is not JSON. */
function mutateJson(r: Rng, text: string): string | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const body = text.trim().slice(1, -1);
  const keys = Object.keys(value);
  const key = keys.length ? r.pick(keys) : 'data';
  switch (r.int(5)) {
    case 0: // a duplicate key, before or after the genuine member
      return r.next() < 0.5 ? `{"${key}":${JSON.stringify(r.pick<unknown>([{}, 'forged', 0, null, [1]]))},${body}}` : `{${body},"${key}":"forged"}`;
    case 1: // a "__proto__" (or constructor/prototype) member, at the top or inside an object
      return `{"${r.pick(['__proto__', 'constructor', 'prototype'])}":{"license_key":"X","valid":true},${body}}`;
    case 2: // numbers past 2^53 and out of range
      return `{${body},"${key}":${r.pick(BIG_NUMBERS)}}`;
    case 3: // deep nesting inside a member
      return `{${body},"${key}":${'['.repeat(r.pick([100, 10_000, 100_000]))}${']'.repeat(r.pick([0, 100_000]))}}`;
    default: // a huge string member
      return `{${body},"${key}":"${'x'.repeat(r.pick([1000, 100_000, 2_000_000]))}"}`;
  }
}

export function mutateBytes(r: Rng, input: Uint8Array, other: Uint8Array): Uint8Array {
  const b = Array.from(input);
  switch (r.int(9)) {
    case 0:
      return Uint8Array.from({ length: r.int(400) }, () => r.int(256));
    case 1:
      return input.slice(0, r.int(input.length + 1));
    case 2:
      for (let i = 0, n = 1 + r.int(4); i < n && b.length; i++) b[r.int(b.length)]! ^= 1 << r.int(8);
      return Uint8Array.from(b);
    case 3:
      return splice(r, input, other);
    case 4:
      b.splice(r.int(b.length + 1), 0, ...r.pick(HUGE_CBOR_HEADS));
      return Uint8Array.from(b);
    case 5: // deep nesting: arrays or maps of one item, many levels
      return Uint8Array.from([...new Array<number>(r.pick([100, 5000, 100_000])).fill(r.pick([0x81, 0xa1, 0xd8])), 0x00]);
    case 6: {
      const at = r.int(b.length + 1);
      const piece = b.slice(at, at + 1 + r.int(16));
      return Uint8Array.from([...b.slice(0, at), ...new Array<number[]>(r.pick([10, 1000])).fill(piece).flat(), ...b.slice(at)]);
    }
    case 7:
      b.splice(r.int(b.length + 1), r.int(4), ...Array.from({ length: r.int(6) }, () => r.int(256)));
      return Uint8Array.from(b);
    default:
      return input;
  }
}

export function mutateText(r: Rng, input: string, other: string): string {
  switch (r.int(8)) {
    case 0:
      return input.slice(0, r.int(input.length + 1));
    case 1: {
      const i = r.int(input.length);
      return input.slice(0, i) + String.fromCharCode(r.int(0x3000)) + input.slice(i + 1);
    }
    case 2:
      return input.slice(0, r.int(input.length + 1)) + other.slice(r.int(other.length + 1));
    case 3:
      return repeatToken(r, input);
    case 4:
      return mutateJson(r, input) ?? repeatToken(r, input);
    case 5: // change case, as a scanner with Caps Lock does
      return r.next() < 0.5 ? input.toUpperCase() : input.toLowerCase();
    case 6:
      return fromUtf8.decode(mutateBytes(r, bytesOf(input), bytesOf(other)));
    default:
      return input;
  }
}

/** One hostile input from the seeds, of the same kind (text or bytes) as they are. */
export function mutate(r: Rng, seeds: readonly FuzzInput[]): FuzzInput {
  const seed = r.pick(seeds);
  const other = r.pick(seeds);
  if (typeof seed === 'string') return mutateText(r, seed, typeof other === 'string' ? other : fromUtf8.decode(other));
  return mutateBytes(r, seed, bytesOf(other));
}

/** How a failing input is printed for replay (FUZZ_REPLAY=<this>): UTF-8 text as base64, bytes as hex. */
export function replayForm(input: FuzzInput): string {
  return typeof input === 'string' ? `text:${Buffer.from(input, 'utf8').toString('base64')}` : `bytes:${Buffer.from(input).toString('hex')}`;
}

export function fromReplayForm(form: string): FuzzInput {
  if (form.startsWith('text:')) return Buffer.from(form.slice(5), 'base64').toString('utf8');
  if (form.startsWith('bytes:')) return new Uint8Array(Buffer.from(form.slice(6), 'hex'));
  throw new Error('FUZZ_REPLAY must be text:<base64> or bytes:<hex>, as a failed run prints it');
}
