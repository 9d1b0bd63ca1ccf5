// The BC-UR fountain code (BCR-2020-005 / BCR-2024-001): parts 1..seqLen carry the message's
// fragments in order; later parts XOR a pseudo-random set of fragments chosen by Xoshiro256**
// seeded from (seqNum, checksum), so every receiver derives the same set. A receiver that misses
// frames completes from later ones.
import { decode as cborDecode, encode as cborEncode } from 'cborg';
import { crc32, uint32BE } from './crc32.ts';
import { UrError } from './errors.ts';
import { Xoshiro256 } from './xoshiro.ts';

export const MAX_MESSAGE_BYTES = 1024 * 1024;
export const MAX_SEQ_LEN = 10_000;
export const MAX_FRAGMENT_BYTES = 64 * 1024;

export interface FountainPart {
  seqNum: number;
  seqLen: number;
  messageLen: number;
  checksum: number;
  data: Uint8Array;
}

/** Walker's alias method, built exactly as the reference implementation builds it. */
export class RandomSampler {
  private readonly probs: number[];
  private readonly aliases: number[];

  constructor(weights: number[]) {
    const n = weights.length;
    const sum = weights.reduce((a, b) => a + b, 0);
    const p = weights.map((w) => (w * n) / sum);
    const small: number[] = [];
    const large: number[] = [];
    for (let i = n - 1; i >= 0; i--) (p[i]! < 1 ? small : large).push(i);
    this.probs = new Array<number>(n).fill(0);
    this.aliases = new Array<number>(n).fill(0);
    while (small.length > 0 && large.length > 0) {
      const a = small.pop()!;
      const g = large.pop()!;
      this.probs[a] = p[a]!;
      this.aliases[a] = g;
      p[g] = p[g]! + p[a]! - 1;
      (p[g]! < 1 ? small : large).push(g);
    }
    while (large.length > 0) this.probs[large.pop()!] = 1;
    while (small.length > 0) this.probs[small.pop()!] = 1;
  }

  next(random: () => number): number {
    const r1 = random();
    const r2 = random();
    const i = Math.floor(this.probs.length * r1);
    return r2 < this.probs[i]! ? i : this.aliases[i]!;
  }
}

const samplers = new Map<number, RandomSampler>();

export function chooseDegree(seqLen: number, rng: Xoshiro256): number {
  let sampler = samplers.get(seqLen);
  if (!sampler) {
    sampler = new RandomSampler(Array.from({ length: seqLen }, (_, i) => 1 / (i + 1)));
    if (samplers.size > 64) samplers.clear();
    samplers.set(seqLen, sampler);
  }
  return sampler.next(() => rng.nextDouble()) + 1;
}

export function shuffled<T>(items: readonly T[], rng: Xoshiro256): T[] {
  const remaining = [...items];
  const result: T[] = [];
  while (remaining.length > 0) {
    const index = rng.nextInt(0, remaining.length - 1);
    result.push(remaining.splice(index, 1)[0]!);
  }
  return result;
}

/** The 0-based fragment indexes part `seqNum` mixes. */
export function chooseFragments(seqNum: number, seqLen: number, checksum: number): number[] {
  if (seqNum <= seqLen) return [seqNum - 1];
  const seed = new Uint8Array(8);
  seed.set(uint32BE(seqNum >>> 0), 0);
  seed.set(uint32BE(checksum >>> 0), 4);
  const rng = new Xoshiro256(seed);
  const degree = chooseDegree(seqLen, rng);
  const order = shuffled(
    Array.from({ length: seqLen }, (_, i) => i),
    rng,
  );
  return order.slice(0, degree).sort((a, b) => a - b);
}

export function findNominalFragmentLength(messageLen: number, minFragmentLen: number, maxFragmentLen: number): number {
  const maxFragmentCount = Math.max(1, Math.floor(messageLen / minFragmentLen));
  let fragmentLen = 0;
  for (let count = 1; count <= maxFragmentCount; count++) {
    fragmentLen = Math.ceil(messageLen / count);
    if (fragmentLen <= maxFragmentLen) break;
  }
  return Math.max(1, fragmentLen);
}

export function partitionMessage(message: Uint8Array, fragmentLen: number): Uint8Array[] {
  const fragments: Uint8Array[] = [];
  for (let i = 0; i < message.length; i += fragmentLen) {
    const fragment = new Uint8Array(fragmentLen);
    fragment.set(message.subarray(i, Math.min(i + fragmentLen, message.length)));
    fragments.push(fragment);
  }
  if (fragments.length === 0) fragments.push(new Uint8Array(fragmentLen));
  return fragments;
}

function isSubset(small: number[], big: number[]): boolean {
  return small.every((x) => big.includes(x));
}

function xorInto(target: Uint8Array, source: Uint8Array): void {
  for (let i = 0; i < target.length; i++) target[i]! ^= source[i]!;
}

export class FountainEncoder {
  readonly messageLen: number;
  readonly checksum: number;
  readonly fragmentLen: number;
  private readonly fragments: Uint8Array[];
  private seq: number;

  constructor(message: Uint8Array, maxFragmentLen: number, firstSeqNum = 0, minFragmentLen = 10) {
    if (message.length > MAX_MESSAGE_BYTES) throw new UrError(`message too large (${message.length} bytes; at most ${MAX_MESSAGE_BYTES})`);
    if (!Number.isInteger(maxFragmentLen) || maxFragmentLen < 1) throw new UrError('maxFragmentLen must be a positive integer');
    this.messageLen = message.length;
    this.checksum = crc32(message);
    this.fragmentLen = findNominalFragmentLength(message.length, minFragmentLen, maxFragmentLen);
    this.fragments = partitionMessage(message, this.fragmentLen);
    this.seq = firstSeqNum;
  }

  get seqLen(): number {
    return this.fragments.length;
  }

  get seqNum(): number {
    return this.seq;
  }

  /** True once every plain fragment has been emitted once. */
  get isComplete(): boolean {
    return this.seq >= this.seqLen;
  }

  get isSinglePart(): boolean {
    return this.seqLen === 1;
  }

  nextPart(): FountainPart {
    this.seq = (this.seq + 1) >>> 0;
    const indexes = chooseFragments(this.seq, this.seqLen, this.checksum);
    const data = new Uint8Array(this.fragmentLen);
    for (const i of indexes) xorInto(data, this.fragments[i]!);
    return { seqNum: this.seq, seqLen: this.seqLen, messageLen: this.messageLen, checksum: this.checksum, data };
  }
}

export function encodePart(part: FountainPart): Uint8Array {
  const bytes = cborEncode([part.seqNum, part.seqLen, part.messageLen, part.checksum, part.data]);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength).slice();
}

const isUint = (v: unknown, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;

export function decodePart(bytes: Uint8Array): FountainPart {
  let value: unknown;
  try {
    value = cborDecode(bytes, { strict: true, allowIndefinite: false, allowUndefined: false, rejectDuplicateMapKeys: true });
  } catch (error) {
    throw new UrError(`part is not valid CBOR (${(error as Error).message})`);
  }
  if (!Array.isArray(value) || value.length !== 5) throw new UrError('part must be a CBOR array of 5 items');
  const [seqNum, seqLen, messageLen, checksum, data] = value as unknown[];
  if (!isUint(seqNum, 0xffffffff) || seqNum < 1) throw new UrError('part seqNum must be an integer ≥ 1');
  if (!isUint(seqLen, MAX_SEQ_LEN) || seqLen < 1) throw new UrError(`part seqLen must be 1..${MAX_SEQ_LEN}`);
  if (!isUint(messageLen, MAX_MESSAGE_BYTES) || messageLen < 1) throw new UrError(`part messageLen must be 1..${MAX_MESSAGE_BYTES}`);
  if (!isUint(checksum, 0xffffffff)) throw new UrError('part checksum must be a 32-bit unsigned integer');
  if (!(data instanceof Uint8Array) || data.length < 1 || data.length > MAX_FRAGMENT_BYTES) throw new UrError('part data must be a byte string of 1..65536 bytes');
  if (Math.ceil(messageLen / data.length) !== seqLen) throw new UrError('part seqLen does not match messageLen and fragment length');
  return { seqNum, seqLen, messageLen, checksum, data };
}

interface Pending {
  indexes: number[];
  data: Uint8Array;
}

/** Collects parts (in any order, with losses and duplicates) until the message is complete. */
export class FountainDecoder {
  private expected: { seqLen: number; messageLen: number; checksum: number; fragmentLen: number } | null = null;
  private readonly simple = new Map<number, Uint8Array>();
  private readonly mixed = new Map<string, Pending>();
  private readonly seen = new Set<number>();
  private resultBytes: Uint8Array | null = null;
  private failure: string | null = null;
  processedParts = 0;

  get isComplete(): boolean {
    return this.resultBytes !== null || this.failure !== null;
  }

  get result(): Uint8Array | null {
    return this.resultBytes;
  }

  get error(): string | null {
    return this.failure;
  }

  get expectedPartCount(): number {
    return this.expected?.seqLen ?? 0;
  }

  get receivedFragmentCount(): number {
    return this.simple.size;
  }

  /** 0..1, an estimate (fragments known / fragments needed). */
  get progress(): number {
    if (this.resultBytes) return 1;
    if (!this.expected) return 0;
    return Math.min(0.99, this.simple.size / this.expected.seqLen);
  }

  /**
   * Takes one part. Returns false (and keeps everything collected) when the part belongs to another
   * message; throws nothing.
   */
  receivePart(part: FountainPart): boolean {
    if (this.isComplete) return false;
    if (!this.expected) {
      this.expected = { seqLen: part.seqLen, messageLen: part.messageLen, checksum: part.checksum, fragmentLen: part.data.length };
    } else if (
      part.seqLen !== this.expected.seqLen ||
      part.messageLen !== this.expected.messageLen ||
      part.checksum !== this.expected.checksum ||
      part.data.length !== this.expected.fragmentLen
    ) {
      return false;
    }
    if (this.seen.has(part.seqNum)) return true;
    this.seen.add(part.seqNum);
    this.processedParts++;
    const queue: Pending[] = [{ indexes: chooseFragments(part.seqNum, part.seqLen, part.checksum), data: part.data.slice() }];
    while (queue.length > 0 && !this.isComplete) {
      const p = queue.shift()!;
      if (p.indexes.length === 1) this.addSimple(p.indexes[0]!, p.data, queue);
      else this.addMixed(p, queue);
    }
    return true;
  }

  private addSimple(index: number, data: Uint8Array, queue: Pending[]): void {
    if (this.simple.has(index)) return;
    this.simple.set(index, data);
    for (const [key, m] of [...this.mixed]) {
      if (!m.indexes.includes(index)) continue;
      this.mixed.delete(key);
      const reduced = { indexes: m.indexes.filter((i) => i !== index), data: m.data.slice() };
      xorInto(reduced.data, data);
      queue.push(reduced);
    }
    if (this.simple.size === this.expected!.seqLen) this.finish();
  }

  private addMixed(p: Pending, queue: Pending[]): void {
    let indexes = p.indexes;
    const data = p.data;
    for (const i of p.indexes) {
      const known = this.simple.get(i);
      if (known) {
        xorInto(data, known);
        indexes = indexes.filter((x) => x !== i);
      }
    }
    // reduce by every stored mix that is a strict subset of this one (as the reference decoder does)
    for (const m of this.mixed.values()) {
      if (m.indexes.length < indexes.length && isSubset(m.indexes, indexes)) {
        xorInto(data, m.data);
        indexes = indexes.filter((x) => !m.indexes.includes(x));
      }
    }
    if (indexes.length === 0) return;
    if (indexes.length === 1) {
      queue.push({ indexes, data });
      return;
    }
    const key = indexes.join(',');
    if (this.mixed.has(key)) return;
    // and reduce stored mixes that contain this one
    for (const [k, m] of [...this.mixed]) {
      if (m.indexes.length > indexes.length && isSubset(indexes, m.indexes)) {
        this.mixed.delete(k);
        const reduced = { indexes: m.indexes.filter((x) => !indexes.includes(x)), data: m.data.slice() };
        xorInto(reduced.data, data);
        queue.push(reduced);
      }
    }
    this.mixed.set(key, { indexes, data });
  }

  private finish(): void {
    const { seqLen, messageLen, checksum, fragmentLen } = this.expected!;
    const joined = new Uint8Array(seqLen * fragmentLen);
    for (let i = 0; i < seqLen; i++) joined.set(this.simple.get(i)!, i * fragmentLen);
    const message = joined.slice(0, messageLen);
    if (crc32(message) !== checksum) this.failure = 'the assembled message fails its checksum';
    else this.resultBytes = message;
  }
}
