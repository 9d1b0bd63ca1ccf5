// The BC-UR fountain code (BCR-2020-005 / BCR-2024-001): parts 1..seqLen carry the message's
// fragments in order; later parts XOR a pseudo-random set of fragments chosen by Xoshiro256**
// seeded from (seqNum, checksum), so every receiver derives the same set. A receiver that misses
// frames completes from later ones.
import { decode as cborDecode, encode as cborEncode } from 'cborg';
import { crc32, uint32BE } from './crc32.ts';
import { UrError } from './errors.ts';
import { t } from '../i18n/index.ts';
import { Xoshiro256 } from './xoshiro.ts';

/**
 * Budgets that bound the work and memory of one message, whatever its frames say. The kiosk's
 * largest UR payload is a response envelope (at most 64 KiB of CBOR); a version-40 QR code holds at
 * most 2,953 bytes, so no real fragment is longer than 4 KiB.
 */
export const MAX_MESSAGE_BYTES = 64 * 1024;
export const MAX_SEQ_LEN = 1024;
export const MAX_FRAGMENT_BYTES = 4 * 1024;
/** The CBOR of one part: its five items around a fragment. */
export const MAX_PART_BYTES = MAX_FRAGMENT_BYTES + 32;
/** Mixed parts kept per message beyond its fragment count: at most (2 seqLen + this) fragments of memory. */
export const MIXED_PARTS_SLACK = 16;
/**
 * Work units (bytes XORed, indexes compared) one part may start: reductions left when it is spent
 * wait for the next part. One reduction costs at most about (fragment bytes + 17 seqLen) units.
 */
export const WORK_PER_PART = 4_000_000;
/** Choosing one fragment of a mix (a Xoshiro256** draw in BigInt arithmetic) costs about this many. */
const DRAW_UNITS = 64;
/** A set or map operation costs about as much as XORing this many bytes. */
const SET_OP_UNITS = 16;
/** Of that, what the optional reduction by stored mixed parts may use (the decoder is correct without it). */
export const SUBSET_WORK_PER_PART = 500_000;

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

/**
 * The first `count` items of the reference shuffle (draw an index among the remaining items, take
 * that item out), found with a Fenwick tree over the remaining items: O(count log n) instead of the
 * reference's O(n²) splicing, with the same draws and so the same result.
 */
export function shuffledPrefix(n: number, count: number, rng: Xoshiro256): number[] {
  const tree = new Int32Array(n + 1);
  for (let i = 1; i <= n; i++) {
    tree[i]! += 1;
    const parent = i + (i & -i);
    if (parent <= n) tree[parent]! += tree[i]!;
  }
  let top = 1;
  while (top * 2 <= n) top *= 2;
  const result: number[] = [];
  for (let remaining = n; result.length < count && remaining > 0; remaining--) {
    let rank = rng.nextInt(0, remaining - 1) + 1;
    let at = 0;
    for (let step = top; step > 0; step >>= 1) {
      if (at + step <= n && tree[at + step]! < rank) {
        at += step;
        rank -= tree[at]!;
      }
    }
    result.push(at);
    for (let i = at + 1; i <= n; i += i & -i) tree[i]! -= 1;
  }
  return result;
}

/** The 0-based fragment indexes part `seqNum` mixes, ascending. */
export function chooseFragments(seqNum: number, seqLen: number, checksum: number): number[] {
  if (seqNum <= seqLen) return [seqNum - 1];
  const seed = new Uint8Array(8);
  seed.set(uint32BE(seqNum >>> 0), 0);
  seed.set(uint32BE(checksum >>> 0), 4);
  const rng = new Xoshiro256(seed);
  const degree = chooseDegree(seqLen, rng);
  return shuffledPrefix(seqLen, degree, rng).sort((a, b) => a - b);
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
    if (message.length > MAX_MESSAGE_BYTES) throw new UrError(t('qr:fountain.messageTooLarge', { size: message.length, max: MAX_MESSAGE_BYTES }));
    if (!Number.isInteger(maxFragmentLen) || maxFragmentLen < 1) throw new UrError('maxFragmentLen must be a positive integer') // ui-text-ok: an invariant (the kiosk picks the length);
    this.messageLen = message.length;
    this.checksum = crc32(message);
    this.fragmentLen = findNominalFragmentLength(message.length, minFragmentLen, maxFragmentLen);
    this.fragments = partitionMessage(message, this.fragmentLen);
    if (this.fragments.length > MAX_SEQ_LEN) throw new UrError(t('qr:fountain.tooManyFragments', { count: this.fragments.length, max: MAX_SEQ_LEN }));
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
  if (bytes.length > MAX_PART_BYTES) throw new UrError(t('qr:fountain.partTooLarge', { size: bytes.length, max: MAX_PART_BYTES }));
  let value: unknown;
  try {
    value = cborDecode(bytes, { strict: true, allowIndefinite: false, allowUndefined: false, rejectDuplicateMapKeys: true });
  } catch (error) {
    throw new UrError(t('qr:fountain.partNotCbor', { problem: (error as Error).message }));
  }
  if (!Array.isArray(value) || value.length !== 5) throw new UrError(t('qr:fountain.partNotArray'));
  const [seqNum, seqLen, messageLen, checksum, data] = value as unknown[];
  if (!isUint(seqNum, 0xffffffff) || seqNum < 1) throw new UrError(t('qr:fountain.partSeqNum'));
  if (!isUint(seqLen, MAX_SEQ_LEN) || seqLen < 1) throw new UrError(t('qr:fountain.partSeqLen', { max: MAX_SEQ_LEN }));
  if (!isUint(messageLen, MAX_MESSAGE_BYTES) || messageLen < 1) throw new UrError(t('qr:fountain.partMessageLen', { max: MAX_MESSAGE_BYTES }));
  if (!isUint(checksum, 0xffffffff)) throw new UrError(t('qr:fountain.partChecksum'));
  if (!(data instanceof Uint8Array) || data.length < 1 || data.length > MAX_FRAGMENT_BYTES) throw new UrError(t('qr:fountain.partData', { max: MAX_FRAGMENT_BYTES }));
  if (Math.ceil(messageLen / data.length) !== seqLen) throw new UrError(t('qr:fountain.partMismatch'));
  return { seqNum, seqLen, messageLen, checksum, data };
}

interface Pending {
  /** Ascending. */
  indexes: number[];
  data: Uint8Array;
}

/** True when every index of `small` is in `big` (both ascending); `cost` counts the steps taken. */
function isSubset(small: number[], big: number[], cost: { units: number }): boolean {
  let j = 0;
  let steps = 1;
  let subset = true;
  for (const x of small) {
    while (j < big.length && big[j]! < x) j++;
    steps++;
    if (j === big.length || big[j] !== x) {
      subset = false;
      break;
    }
    j++;
  }
  cost.units += steps + j;
  return subset;
}


/**
 * Collects parts (in any order, with losses and duplicates) until the message is complete. Work and
 * memory are bounded per message: mixed parts are indexed by fragment (a new fragment touches only
 * the mixes that hold it), at most 2 seqLen + MIXED_PARTS_SLACK of them are kept (the ones mixing
 * fewest fragments), and each part does at most WORK_PER_PART of reduction (the rest waits for the
 * next part) instead of stalling the camera or the window.
 */
export class FountainDecoder {
  private expected: { seqLen: number; messageLen: number; checksum: number; fragmentLen: number } | null = null;
  private readonly simple = new Map<number, Uint8Array>();
  /** Stored mixes by id, and their ids by the fragments they mix (so a repeat is known). */
  private readonly mixed = new Map<number, Pending>();
  private readonly mixedIds = new Map<string, number>();
  private nextId = 0;
  /** Fragment index → ids of the stored mixes that hold it. */
  private readonly holding = new Map<number, Set<number>>();
  /** Parts already taken, so a looping animation's repeats cost nothing (bounded like the mixes). */
  private readonly seen = new Set<number>();
  /** Reductions still to do (carried to the next part once a part's budget is spent). */
  private readonly queue: Pending[] = [];
  private resultBytes: Uint8Array | null = null;
  private failure: string | null = null;
  private work = { units: 0 };
  private subsetWork = { units: 0 };
  /** Work units the last part cost (what the budgets are checked against), and all parts so far. */
  lastPartWork = 0;
  totalWork = 0;

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

  /** Bytes of fragment data held for this message. */
  get retainedBytes(): number {
    return (this.simple.size + this.mixed.size) * (this.expected?.fragmentLen ?? 0);
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
    this.work = { units: 0 };
    this.subsetWork = { units: 0 };
    // A repeat (the animation loops) adds nothing but still carries on reductions left waiting.
    if (!this.seen.has(part.seqNum)) {
      if (this.seen.size < 4 * part.seqLen + MIXED_PARTS_SLACK) this.seen.add(part.seqNum);
      const indexes = chooseFragments(part.seqNum, part.seqLen, part.checksum);
      this.work.units += indexes.length * DRAW_UNITS;
      this.queue.push({ indexes, data: part.data.slice() });
    }
    // At least one reduction per part, then as many as the budget allows; the rest waits for the
    // next part, so no frame stalls the camera or the window.
    while (this.queue.length > 0 && !this.isComplete) {
      const p = this.queue.shift()!;
      if (p.indexes.length === 1) this.addSimple(p.indexes[0]!, p.data);
      else this.addMixed(p);
      if (this.work.units + this.subsetWork.units >= WORK_PER_PART) break;
    }
    this.lastPartWork = this.work.units + this.subsetWork.units;
    this.totalWork += this.lastPartWork;
    return true;
  }

  private without(indexes: number[], drop: (i: number) => boolean): number[] {
    this.work.units += indexes.length;
    return indexes.filter((i) => !drop(i));
  }

  private xor(target: Uint8Array, source: Uint8Array): void {
    xorInto(target, source);
    this.work.units += target.length;
  }

  private store(key: string, p: Pending): void {
    const id = this.nextId++;
    this.mixed.set(id, p);
    this.mixedIds.set(key, id);
    for (const i of p.indexes) {
      let ids = this.holding.get(i);
      if (!ids) this.holding.set(i, (ids = new Set()));
      ids.add(id);
    }
    this.work.units += SET_OP_UNITS * p.indexes.length;
  }

  private unstore(id: number): Pending {
    const p = this.mixed.get(id)!;
    this.mixed.delete(id);
    this.mixedIds.delete(p.indexes.join(','));
    for (const i of p.indexes) this.holding.get(i)?.delete(id);
    this.work.units += SET_OP_UNITS * p.indexes.length;
    return p;
  }

  private addSimple(index: number, data: Uint8Array): void {
    if (this.simple.has(index)) return;
    this.simple.set(index, data);
    const holders = [...(this.holding.get(index) ?? [])];
    this.work.units += holders.length;
    for (const id of holders) {
      const m = this.unstore(id);
      const reduced = { indexes: this.without(m.indexes, (i) => i === index), data: m.data };
      this.xor(reduced.data, data);
      this.queue.push(reduced);
    }
    if (this.simple.size === this.expected!.seqLen) this.finish();
  }

  private addMixed(p: Pending): void {
    let indexes = p.indexes;
    const data = p.data;
    if (indexes.some((i) => this.simple.has(i))) {
      for (const i of indexes) {
        const known = this.simple.get(i);
        if (known) this.xor(data, known);
      }
      indexes = this.without(indexes, (i) => this.simple.has(i));
    }
    this.work.units += p.indexes.length;
    // Reduce by stored mixes that are a strict subset of this one, as the reference decoder does,
    // within its own budget per part: the message still assembles without it, from more frames.
    for (const m of this.mixed.values()) {
      if (this.subsetWork.units > SUBSET_WORK_PER_PART) break;
      this.subsetWork.units++;
      if (m.indexes.length < indexes.length && isSubset(m.indexes, indexes, this.subsetWork)) {
        this.xor(data, m.data);
        const inM = new Set(m.indexes);
        this.work.units += SET_OP_UNITS * m.indexes.length;
        indexes = this.without(indexes, (x) => inM.has(x));
      }
    }
    if (indexes.length === 0) return;
    if (indexes.length === 1) {
      this.queue.push({ indexes, data });
      return;
    }
    const key = indexes.join(',');
    this.work.units += indexes.length;
    if (this.mixedIds.has(key)) return;
    // Reduce stored mixes that contain this one: they all hold its first index.
    for (const id of [...(this.holding.get(indexes[0]!) ?? [])]) {
      const m = this.mixed.get(id)!;
      if (m.indexes.length > indexes.length && isSubset(indexes, m.indexes, this.work)) {
        this.unstore(id);
        const inThis = new Set(indexes);
        this.work.units += SET_OP_UNITS * indexes.length;
        const reduced = { indexes: this.without(m.indexes, (x) => inThis.has(x)), data: m.data };
        this.xor(reduced.data, data);
        this.queue.push(reduced);
      }
    }
    if (this.mixed.size >= 2 * this.expected!.seqLen + MIXED_PARTS_SLACK && !this.evictWiderThan(indexes.length)) return;
    this.store(key, { indexes, data });
  }

  /** Makes room by dropping the stored mix of most fragments, if it mixes more than `degree`. */
  private evictWiderThan(degree: number): boolean {
    let widest: number | null = null;
    let width = degree;
    for (const [id, m] of this.mixed) {
      if (m.indexes.length > width) {
        widest = id;
        width = m.indexes.length;
      }
    }
    this.work.units += this.mixed.size;
    if (widest === null) return false;
    this.unstore(widest);
    return true;
  }

  private finish(): void {
    const { seqLen, messageLen, checksum, fragmentLen } = this.expected!;
    const joined = new Uint8Array(seqLen * fragmentLen);
    for (let i = 0; i < seqLen; i++) joined.set(this.simple.get(i)!, i * fragmentLen);
    const message = joined.slice(0, messageLen);
    if (crc32(message) !== checksum) this.failure = t('qr:fountain.checksum');
    else this.resultBytes = message;
  }
}
