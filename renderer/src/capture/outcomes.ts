// How each outcome of a capture is shown, wherever it is shown: the Capture screen's result list and
// summary, the hand-held scanner's notice, and the camera's notice and tone. One entry per outcome
// of the capture call (shared/api/contract.ts), so a new outcome cannot be forgotten in one place.
import type { IconName } from '../components/Icon.tsx';
import type { CaptureResult } from '../store/capture.ts';

export type CaptureOutcome = CaptureResult['outcome'];

export interface OutcomeLook {
  /** good: it did what the engineer wanted; info: nothing changed, nothing wrong; bad: it needs the engineer. */
  tone: 'good' | 'info' | 'bad';
  icon: IconName;
  /** The tone the camera plays when a scan ends so; null: none. */
  sound: 'queued' | 'notice' | null;
  /** The result list's chip. */
  label: string;
  /** The summary's words: "2 queued · 1 confirmed by the device". */
  counted: string;
  /** The hand-held scanner's notice: "Scanner input received (…): queued." */
  scanned: string;
  /** The camera's one-line notice for a scan named `name` that main answered with `message`. */
  notice(name: string, message: string): string;
  /** Whether main's sentence is shown under the item (an item already queued needs none). */
  showMessage: boolean;
}

export const OUTCOMES: Record<CaptureOutcome, OutcomeLook> = {
  queued: {
    tone: 'good',
    icon: 'check',
    sound: 'queued',
    label: 'Queued',
    counted: 'queued',
    scanned: 'queued',
    notice: (name) => `Queued: ${name}`,
    showMessage: true,
  },
  duplicate: {
    tone: 'info',
    icon: 'info',
    sound: 'notice',
    label: 'Already in the queue — not added again',
    counted: 'already in the queue',
    scanned: 'already in the queue, not added again',
    notice: (name) => `Already in the queue: ${name}`,
    showMessage: false,
  },
  // A device's receipt: main's sentence names the device and says what changed.
  confirmed: {
    tone: 'good',
    icon: 'check',
    sound: 'queued',
    label: 'Confirmed by the device',
    counted: 'confirmed by the device',
    scanned: 'device receipt, confirmed',
    notice: (_name, message) => message,
    showMessage: true,
  },
  device_refused: {
    tone: 'bad',
    icon: 'alert',
    sound: 'notice',
    label: 'Refused by the device',
    counted: 'refused by the device',
    scanned: 'device receipt, the device refused the response',
    notice: (_name, message) => message,
    showMessage: true,
  },
  error: {
    tone: 'bad',
    icon: 'alert',
    sound: null,
    label: 'Not added',
    counted: 'not added',
    scanned: 'not queued',
    notice: (_name, message) => `Not added: ${message}`,
    showMessage: true,
  },
};

/** "2 queued · 1 already in the queue": how many items ended each way, in the table's order. */
export function outcomeSummary(results: readonly CaptureResult[]): string {
  return Object.entries(OUTCOMES)
    .map(([outcome, look]) => {
      const count = results.filter((r) => r.outcome === outcome).length;
      return count > 0 ? `${count} ${look.counted}` : null;
    })
    .filter(Boolean)
    .join(' · ');
}
