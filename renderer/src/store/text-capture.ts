// Capturing text (scanner bursts, pastes): each text goes to main as a capture item named for where
// it came from; refusals found in the renderer (layout damage, missing parts) join main's results in
// the order the pieces came. Captures run one after another, so a scan during a capture waits, never drops.
import { MAX_CAPTURE_ITEMS } from '../../../shared/api/contract.ts';
import { kiosk } from '../kiosk-client.ts';
import { useCapture, type CaptureResult } from './capture.ts';
import { errorMessage, reportError } from './ui.ts';

export interface TextPiece {
  name: string;
  text: string;
  source: 'scanner' | 'paste';
  /** Appended to the result's sentence (e.g. how a scan was read). */
  note?: string | null;
}

export type TextSlot = TextPiece | CaptureResult;

let queue: Promise<void> = Promise.resolve();

/** Queues the pieces for capture; resolves with their results once they are shown. */
export function captureTexts(slots: readonly TextSlot[]): Promise<CaptureResult[]> {
  const run = queue.then(() => captureNow(slots));
  queue = run.then(() => undefined, () => undefined);
  return run;
}

function idle(): Promise<void> {
  if (!useCapture.getState().busy) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = useCapture.subscribe((state) => {
      if (!state.busy) {
        stop();
        resolve();
      }
    });
  });
}

async function captureNow(slots: readonly TextSlot[]): Promise<CaptureResult[]> {
  if (slots.length === 0) return [];
  await idle();
  const pieces = slots.filter((s): s is TextPiece => 'text' in s);
  useCapture.setState({ busy: true, pending: pieces.length });
  try {
    const answers: CaptureResult[] = [];
    for (let at = 0; at < pieces.length; at += MAX_CAPTURE_ITEMS) {
      const chunk = pieces.slice(at, at + MAX_CAPTURE_ITEMS);
      try {
        const { results } = await kiosk().capture({ items: chunk.map((p) => ({ name: p.name, size: new TextEncoder().encode(p.text).length, text: p.text, source: p.source })) });
        answers.push(...results.map((r, i) => (chunk[i]?.note && r.outcome !== 'error' ? { ...r, message: `${r.message} ${chunk[i]!.note}` } : r)));
      } catch (error) {
        reportError(error);
        answers.push(...chunk.map((p): CaptureResult => ({ name: p.name, outcome: 'error', requestId: null, message: errorMessage(error) })));
      }
    }
    let next = 0;
    const results = slots.map((slot): CaptureResult => {
      if (!('text' in slot)) return slot;
      return answers[next++] ?? { name: slot.name, outcome: 'error', requestId: null, message: 'The kiosk service gave no result for this text.' };
    });
    useCapture.setState({ results });
    return results;
  } finally {
    useCapture.setState({ busy: false, pending: 0 });
  }
}

/** "Scanner 14:02:11": names a captured text by its source and the time it came. */
export function sourceName(source: string, at = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${source} ${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
}
