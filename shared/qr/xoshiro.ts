// Xoshiro256** as BC-UR uses it: state = SHA-256(seed) read as four big-endian 64-bit words.
import { sha256 } from '@noble/hashes/sha2.js';

const MASK = (1n << 64n) - 1n;
const rotl = (x: bigint, k: bigint) => ((x << k) | (x >> (64n - k))) & MASK;

export class Xoshiro256 {
  private s: [bigint, bigint, bigint, bigint];

  constructor(seed: Uint8Array) {
    const digest = sha256(seed);
    const words: bigint[] = [];
    for (let i = 0; i < 4; i++) {
      let v = 0n;
      for (let n = 0; n < 8; n++) v = (v << 8n) | BigInt(digest[i * 8 + n]!);
      words.push(v);
    }
    this.s = words as [bigint, bigint, bigint, bigint];
  }

  next(): bigint {
    const s = this.s;
    const result = (rotl((s[1] * 5n) & MASK, 7n) * 9n) & MASK;
    const t = (s[1] << 17n) & MASK;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45n);
    return result;
  }

  /** A double in [0, 1): next() / 2^64, as the reference implementation computes it. */
  nextDouble(): number {
    return Number(this.next()) / 18446744073709551616;
  }

  /** An integer in [low, high], both included. */
  nextInt(low: number, high: number): number {
    return Math.floor(this.nextDouble() * (high - low + 1)) + low;
  }

  nextByte(): number {
    return this.nextInt(0, 255);
  }

  nextData(count: number): Uint8Array {
    const out = new Uint8Array(count);
    for (let i = 0; i < count; i++) out[i] = this.nextByte();
    return out;
  }
}
