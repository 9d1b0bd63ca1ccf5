// Turns the texts a camera reads, frame after frame, into whole messages: single codes pass through;
// frames of animated UR codes are collected per message (so an unrelated code in view never costs
// the parts already collected) until the message is complete.
import { decodePart, parseUrText, urHeader, UrDecoder } from '../../../shared/qr/index.ts';

export interface UrProgress {
  /** Plain parts known so far (received, or recovered from fountain mixes). */
  received: number;
  total: number;
  percent: number;
}

export type ScanStep =
  /** A whole message: a single code, or an animated code now complete (as single-part UR text). */
  | { kind: 'message'; text: string; parts: number }
  | { kind: 'progress'; progress: UrProgress }
  /** A frame that adds nothing: a message already assembled, or a frame that cannot be read. */
  | { kind: 'ignored' };

/** Messages collected at once; the one idle longest goes first. */
const MAX_OPEN_MESSAGES = 4;
/** Assembled messages remembered (so a looping animation is not captured twice); the oldest goes first. */
const MAX_FINISHED_MESSAGES = 16;

export class UrAssembler {
  private readonly open = new Map<string, UrDecoder>();
  /** Message → its text, once assembled. */
  private readonly finished = new Map<string, string>();

  receive(text: string): ScanStep {
    let header;
    try {
      header = urHeader(text);
    } catch {
      return { kind: 'message', text, parts: 1 };
    }
    if (!header.seq) return { kind: 'message', text, parts: 1 };
    let key: string;
    try {
      const part = decodePart(parseUrText(text).body);
      key = `${header.type}/${part.seqLen}/${part.messageLen}/${part.checksum}`;
    } catch {
      // A frame of an animated code that cannot be read: the next frames make up for it.
      return { kind: 'ignored' };
    }
    // The animation loops on after it was captured.
    if (this.finished.has(key)) return { kind: 'ignored' };
    const decoder = this.open.get(key) ?? new UrDecoder(header.type);
    this.open.delete(key);
    this.open.set(key, decoder);
    if (this.open.size > MAX_OPEN_MESSAGES) this.open.delete(this.open.keys().next().value!);
    decoder.receivePart(text);
    if (decoder.isComplete) {
      this.open.delete(key);
      const whole = decoder.isSuccess ? decoder.resultText() : null;
      // All parts came but the message did not assemble: nothing to capture.
      if (!whole) return { kind: 'ignored' };
      this.finished.set(key, whole);
      if (this.finished.size > MAX_FINISHED_MESSAGES) this.finished.delete(this.finished.keys().next().value!);
      return { kind: 'message', text: whole, parts: decoder.expectedPartCount };
    }
    const total = decoder.expectedPartCount;
    const received = Math.round(decoder.progress * total);
    return { kind: 'progress', progress: { received, total, percent: Math.floor((received / total) * 100) } };
  }

  /** Lets a message be assembled again (its capture did not reach the kiosk service). */
  forget(text: string): void {
    for (const [key, whole] of this.finished) if (whole === text) this.finished.delete(key);
  }

  /** Forgets everything: a new scan session starts clean. */
  reset(): void {
    this.open.clear();
    this.finished.clear();
  }
}
