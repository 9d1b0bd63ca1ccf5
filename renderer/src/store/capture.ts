// Capturing what the engineer brings in (request files, codes read from images and the camera,
// scanned and pasted text): send it to main in as few calls as the contract allows, and keep the
// per-item results of every capture since the app started (until the engineer clears them).
import { create } from 'zustand';
import { MAX_CAPTURE_CALL_BYTES, MAX_CAPTURE_ITEMS, MAX_REQUEST_FILE_BYTES, type CallInput, type CallOutput } from '../../../shared/api/contract.ts';
import { t } from '../../../shared/i18n/index.ts';
import { kiosk } from '../kiosk-client.ts';
import { errorMessage, reportError } from './ui.ts';

export type CaptureResult = CallOutput<'capture'>['results'][number];
type CaptureItem = CallInput<'capture'>['items'][number];
/** An item to send, with a sentence for its result (e.g. how a scan was read), or a result found before sending. */
export type CaptureEntry = (CaptureItem & { note?: string | null }) | CaptureResult;

/** A result as the panel keeps it: which capture it came from (`batch`, counting up) and when. */
export interface KeptResult extends CaptureResult {
  key: number;
  batch: number;
  at: number;
  /** A problem the engineer dismissed: no longer pinned at the top. */
  dismissed?: boolean;
}

/** Which capture results belong to: a drop's files and images share one (and so does a drop that waited behind it); without one, a capture of its own. */
export interface CaptureOptions {
  batch?: number;
}

interface CaptureState {
  /** A drop is being captured (others may wait behind it). */
  busy: boolean;
  /** How many dropped or chosen files the running drop and those waiting behind it hold. */
  pending: number;
  /** Every result since the app started or the panel was cleared, in the order they came. */
  results: KeptResult[];
  /** The capture the results that came last belong to; 0: none yet. */
  latest: number;
  /** Reads request files (at most one byte over the limit each) and captures them. */
  capture(files: readonly File[], options: CaptureOptions): Promise<void>;
  /** Unpins a problem (it stays in the list, in its capture's place). */
  dismiss(key: number): void;
  /** Empties the panel. */
  clear(): void;
}

let nextKey = 0;
let nextBatch = 0;

/** A new capture's number: later captures sort above earlier ones. */
export function newBatch(): number {
  return ++nextBatch;
}

/** Adds results to the panel, in their capture (a new one unless given). */
export function keepResults(results: readonly CaptureResult[], options: CaptureOptions = {}): void {
  if (results.length === 0) return;
  const batch = options.batch ?? newBatch();
  const at = Date.now();
  useCapture.setState((state) => ({ latest: batch, results: [...state.results, ...results.map((r): KeptResult => ({ ...r, key: ++nextKey, batch, at }))] }));
}

export const useCapture = create<CaptureState>()((set) => ({
  busy: false,
  pending: 0,
  results: [],
  latest: 0,
  dismiss(key) {
    set((state) => ({ results: state.results.map((r) => (r.key === key ? { ...r, dismissed: true } : r)) }));
  },
  clear() {
    set({ results: [], latest: 0 });
  },
  async capture(files, options) {
    // One slot per file, in the order they came, whether read or not.
    const slots = await Promise.all(
      files.map(async (file): Promise<CaptureItem | CaptureResult> => {
        try {
          const text = await file.slice(0, MAX_REQUEST_FILE_BYTES + 1).text();
          return { name: file.name, size: file.size, text };
        } catch (error) {
          return { name: file.name, outcome: 'error', requestId: null, message: t('common:store.unreadable', { error: errorMessage(error) }) };
        }
      }),
    );
    await captureTexts(slots, options);
  },
}));

let drops: Promise<unknown> = Promise.resolve();
/** The capture of the running drop, which drops waiting behind it join. */
let dropBatch = 0;

/**
 * Runs the capture of a drop (files dropped or chosen) once the drops before it are done: nothing
 * dropped while a capture runs is lost. The capture is busy, counting the files of every waiting
 * drop, until the last one is done; a drop that had to wait adds its results to those before it.
 */
export function afterEarlierDrops(files: number, run: (options: CaptureOptions) => Promise<void>): Promise<void> {
  if (!useCapture.getState().busy) dropBatch = newBatch();
  const batch = dropBatch;
  useCapture.setState((state) => ({ busy: true, pending: state.pending + files }));
  const done = drops
    .then(() => run({ batch }))
    .finally(() => useCapture.setState((state) => (state.pending > files ? { pending: state.pending - files } : { busy: false, pending: 0 })));
  drops = done.catch(() => undefined);
  return done;
}

/** Splits the items into as few calls as the item and byte limits allow, keeping their order. */
function batches(items: CaptureItem[]): CaptureItem[][] {
  const encoder = new TextEncoder();
  const out: CaptureItem[][] = [];
  let current: CaptureItem[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = encoder.encode(JSON.stringify(item)).length + 1;
    if (current.length > 0 && (current.length >= MAX_CAPTURE_ITEMS || bytes + size > MAX_CAPTURE_CALL_BYTES)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

function withNote(result: CaptureResult, note: string | null | undefined): CaptureResult {
  return note && result.outcome !== 'error' ? { ...result, message: `${result.message} ${note}` } : result;
}

function missing(name: string): CaptureResult {
  return { name, outcome: 'error', requestId: null, message: t('common:store.noResult') };
}

/**
 * Captures the items, with the results of entries that already failed (a file that could not be
 * read, an image holding no code) kept in their place, and shows the results (an item's note added
 * to its sentence unless it failed), kept in the panel under their capture. It never marks the
 * capture busy (drops do, in afterEarlierDrops), so camera scans, scans and pastes go on during a
 * drop. `delivered` is false when a call failed on the way (the kiosk service never saw those texts).
 */
export async function captureTexts(
  entries: readonly CaptureEntry[],
  options: CaptureOptions = {},
): Promise<{ results: CaptureResult[]; delivered: boolean }> {
  const items = entries.filter((e) => 'text' in e).map(({ note: _note, ...item }): CaptureItem => item);
  let delivered = true;
  const answers: CaptureResult[] = [];
  for (const chunk of batches(items)) {
    try {
      answers.push(...(await kiosk().capture({ items: chunk })).results);
    } catch (error) {
      delivered = false;
      reportError(error);
      const message = errorMessage(error);
      answers.push(...chunk.map((item): CaptureResult => ({ name: item.name, outcome: 'error', requestId: null, message })));
    }
  }
  let next = 0;
  const results = entries.map((entry) => ('text' in entry ? withNote(answers[next++] ?? missing(entry.name), entry.note) : entry));
  keepResults(results, options);
  return { results, delivered };
}
