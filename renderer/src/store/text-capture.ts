// Capturing typed text (hand-held scanner bursts, pastes) through the same path as camera codes:
// each text goes to main as a capture item named for where it came from; refusals found in the
// renderer (layout damage, missing parts) keep their place among main's results. Scans and pastes
// are captured one after another, in the order they came; like camera scans they never block a drop.
import { t } from '../../../shared/i18n/index.ts';
import { sourceName } from '../format.ts';
import { readScan } from '../scanner/read-scan.ts';
import type { Burst } from '../scanner/scan-burst.ts';
import { captureTexts, type CaptureEntry, type CaptureResult } from './capture.ts';

export interface TextPiece {
  name: string;
  text: string;
  source: 'scanner' | 'paste';
  /** Appended to the result's sentence (e.g. how a scan was read). */
  note?: string | null;
}

export type TextSlot = TextPiece | CaptureResult;

let queue: Promise<unknown> = Promise.resolve();

/** Queues the pieces for capture (each call a capture of its own); resolves with their results once they are shown. */
export function captureTyped(slots: readonly TextSlot[]): Promise<CaptureResult[]> {
  const run = queue.then(() => captureNow(slots));
  queue = run.catch(() => undefined);
  return run;
}

async function captureNow(slots: readonly TextSlot[]): Promise<CaptureResult[]> {
  if (slots.length === 0) return [];
  const entries = slots.map((slot): CaptureEntry =>
    'text' in slot ? { name: slot.name, size: new TextEncoder().encode(slot.text).length, text: slot.text, source: slot.source, note: slot.note } : slot,
  );
  return (await captureTexts(entries)).results;
}

/** A hand-held scan on its way: its name, how many characters came, and main's answer once it comes. */
export interface ScanCapture {
  name: string;
  characters: number;
  result: Promise<CaptureResult | null>;
}

/** Reads a scanner's burst (keyboard-layout damage repaired or refused) and queues it for capture; its result is added to the list. */
export function captureScan(burst: Burst): ScanCapture {
  const name = sourceName(t('common:store.scanner'));
  const reading = readScan(burst);
  const slot: TextSlot = reading.ok ? { name, text: reading.text, note: reading.note, source: 'scanner' } : { name, outcome: 'error', requestId: null, message: reading.message };
  return { name, characters: burst.typed.length, result: captureTyped([slot]).then(([result]) => result ?? null) };
}
