// Uniform Resources (BCR-2020-005): `ur:<type>/<bytewords>` for one part and
// `ur:<type>/<seqNum>-<seqLen>/<bytewords of the part's CBOR>` for the frames of an animated QR.
// Strings are produced upper-case so a QR code encodes them in alphanumeric mode; decoding accepts
// either case.
import { decodeBytewordsMinimal, encodeBytewordsMinimal } from './bytewords.ts';
import { UrError } from './errors.ts';
import { t } from '../i18n/index.ts';
import { decodePart, encodePart, FountainDecoder, FountainEncoder } from './fountain.ts';

export { UrError } from './errors.ts';

export const UR_TYPE_PATTERN = /^[a-z0-9-]{1,64}$/;
/**
 * One UR's text is at most this long: a single-part UR of the largest payload (64 KiB of CBOR) as
 * two letters a byte, with room to spare; an animated code's frame is far shorter (a version-40 QR
 * in alphanumeric mode holds 4296 characters).
 */
export const MAX_UR_TEXT_CHARS = 160 * 1024;

export interface Ur {
  type: string;
  /** The payload: CBOR bytes. */
  cbor: Uint8Array;
}

function checkType(type: string): void {
  if (!UR_TYPE_PATTERN.test(type)) throw new UrError(t('qr:ur.badType', { type: type.slice(0, 40) }));
}

export function encodeSinglePartUr(ur: Ur): string {
  checkType(ur.type);
  return `ur:${ur.type}/${encodeBytewordsMinimal(ur.cbor)}`.toUpperCase();
}

export interface ParsedUrText {
  type: string;
  /** null for a single-part UR. */
  seq: { num: number; len: number } | null;
  body: Uint8Array;
}

/** Splits and bytewords-decodes one UR string (one QR frame). Throws UrError. */
export function parseUrText(text: string): ParsedUrText {
  if (text.length > MAX_UR_TEXT_CHARS) throw new UrError(t('qr:ur.tooLong'));
  const lower = text.trim().toLowerCase();
  if (!lower.startsWith('ur:')) throw new UrError(t('qr:ur.noPrefix'));
  const components = lower.slice(3).split('/');
  const type = components[0] ?? '';
  checkType(type);
  if (components.length === 2) {
    return { type, seq: null, body: decodeBytewordsMinimal(components[1]!) };
  }
  if (components.length === 3) {
    const match = /^([1-9][0-9]{0,9})-([1-9][0-9]{0,4})$/.exec(components[1]!);
    if (!match) throw new UrError(t('qr:ur.badSequence', { sequence: components[1]!.slice(0, 30) }));
    const num = Number(match[1]);
    const len = Number(match[2]);
    if (num > 0xffffffff) throw new UrError(t('qr:ur.sequenceTooLarge'));
    return { type, seq: { num, len }, body: decodeBytewordsMinimal(components[2]!) };
  }
  throw new UrError(t('qr:ur.form'));
}

/** The type and sequence of a UR string, without decoding its data. */
export function urHeader(text: string): { type: string; seq: { num: number; len: number } | null } {
  const match = /^ur:([^/]*)\/(?:([0-9]+)-([0-9]+)\/)?/i.exec(text.trim());
  if (!match) throw new UrError(t('qr:ur.notUr'));
  const type = match[1]!.toLowerCase();
  checkType(type);
  return { type, seq: match[2] ? { num: Number(match[2]), len: Number(match[3]) } : null };
}

/** Decodes a single-part UR. A frame of a multi-part UR is refused with a reason. */
export function decodeSinglePartUr(text: string, expectedType?: string): Ur {
  const header = urHeader(text);
  if (expectedType && header.type !== expectedType) throw new UrError(t('qr:ur.wrongType', { type: header.type, expected: expectedType }));
  if (header.seq) throw new UrError(t('qr:ur.oneFrame', { num: header.seq.num, len: header.seq.len }));
  const parsed = parseUrText(text);
  if (parsed.seq) {
    throw new UrError(t('qr:ur.oneFrame', { num: parsed.seq.num, len: parsed.seq.len }));
  }
  return { type: parsed.type, cbor: parsed.body };
}

/**
 * Produces the frames of an animated QR: single-part when the payload fits one fragment, else an
 * endless sequence (seqNum 1..seqLen are the plain fragments, then fountain mixes).
 */
export class UrEncoder {
  private readonly fountain: FountainEncoder;

  constructor(
    readonly ur: Ur,
    maxFragmentLen: number,
    firstSeqNum = 0,
    minFragmentLen = 10,
  ) {
    checkType(ur.type);
    this.fountain = new FountainEncoder(ur.cbor, maxFragmentLen, firstSeqNum, minFragmentLen);
  }

  get isSinglePart(): boolean {
    return this.fountain.isSinglePart;
  }

  /** Number of plain fragments (frames needed with no loss). */
  get seqLen(): number {
    return this.fountain.seqLen;
  }

  nextPart(): string {
    if (this.isSinglePart) return encodeSinglePartUr(this.ur);
    const part = this.fountain.nextPart();
    return `ur:${this.ur.type}/${part.seqNum}-${part.seqLen}/${encodeBytewordsMinimal(encodePart(part))}`.toUpperCase();
  }
}

export type ReceiveResult =
  | { accepted: true; complete: boolean; progress: number }
  | { accepted: false; reason: string; complete: boolean; progress: number };

/**
 * Assembles a UR from frames scanned in any order. A frame that cannot be read, or that belongs to
 * another UR, is reported and ignored; collected frames are never dropped because of it.
 */
export class UrDecoder {
  private type: string | null = null;
  private readonly fountain = new FountainDecoder();
  private single: Ur | null = null;
  private failure: string | null = null;

  constructor(private readonly expectedType?: string) {}

  receivePart(text: string): ReceiveResult {
    const state = () => ({ complete: this.isComplete, progress: this.progress });
    if (this.isComplete) return { accepted: false, reason: t('qr:ur.complete'), ...state() };
    let parsed: ParsedUrText;
    try {
      parsed = parseUrText(text);
    } catch (error) {
      return { accepted: false, reason: (error as Error).message, ...state() };
    }
    if (this.expectedType && parsed.type !== this.expectedType) {
      return { accepted: false, reason: t('qr:ur.expected', { expected: this.expectedType, type: parsed.type }), ...state() };
    }
    if (this.type && parsed.type !== this.type) {
      return { accepted: false, reason: t('qr:ur.otherCode', { type: parsed.type, collecting: this.type }), ...state() };
    }
    if (!parsed.seq) {
      this.type = parsed.type;
      this.single = { type: parsed.type, cbor: parsed.body };
      return { accepted: true, ...state() };
    }
    let part;
    try {
      part = decodePart(parsed.body);
    } catch (error) {
      return { accepted: false, reason: (error as Error).message, ...state() };
    }
    if (part.seqNum !== parsed.seq.num || part.seqLen !== parsed.seq.len) {
      return { accepted: false, reason: t('qr:ur.disagree'), ...state() };
    }
    if (!this.fountain.receivePart(part)) {
      return { accepted: false, reason: t('qr:ur.otherLength'), ...state() };
    }
    this.type = parsed.type;
    if (this.fountain.error) this.failure = this.fountain.error;
    return { accepted: true, ...state() };
  }

  get isComplete(): boolean {
    return this.single !== null || this.fountain.isComplete;
  }

  get isSuccess(): boolean {
    return this.single !== null || this.fountain.result !== null;
  }

  get error(): string | null {
    return this.failure;
  }

  get progress(): number {
    return this.single ? 1 : this.fountain.progress;
  }

  get expectedPartCount(): number {
    return this.single ? 1 : this.fountain.expectedPartCount;
  }

  /** Work units spent assembling so far (see FountainDecoder's budgets). */
  get work(): number {
    return this.fountain.totalWork;
  }

  get result(): Ur | null {
    if (this.single) return this.single;
    const bytes = this.fountain.result;
    return bytes && this.type ? { type: this.type, cbor: bytes } : null;
  }

  /** The assembled UR as one single-part string (what capture takes). */
  resultText(): string | null {
    const ur = this.result;
    return ur ? encodeSinglePartUr(ur) : null;
  }
}

/** All frames for one pass of plain fragments; `extra` fountain frames appended. */
export function urFrames(ur: Ur, maxFragmentLen: number, extra = 0): string[] {
  const encoder = new UrEncoder(ur, maxFragmentLen);
  const count = encoder.isSinglePart ? 1 : encoder.seqLen + extra;
  return Array.from({ length: count }, () => encoder.nextPart());
}
