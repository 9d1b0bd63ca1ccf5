// How each outcome of a capture is shown, wherever it is shown: the Capture screen's result list and
// summary, the hand-held scanner's notice, and the camera's notice and tone. One entry per outcome
// of the capture call (shared/api/contract.ts), so a new outcome cannot be forgotten in one place.
import { t } from '../../../shared/i18n/index.ts';
import type { IconName } from '../components/Icon.tsx';
import type { CaptureResult } from '../store/capture.ts';

export type CaptureOutcome = CaptureResult['outcome'];

export interface OutcomeLook {
  /** good: it did what the engineer wanted; info: nothing changed, nothing wrong; bad: it needs the engineer. */
  tone: 'good' | 'info' | 'bad';
  icon: IconName;
  /** The tone the camera plays when a scan ends so; null: none. */
  sound: 'queued' | 'notice' | null;
  /** Whether main's sentence is shown under the item (an item already queued needs none). */
  showMessage: boolean;
}

// The words of each outcome (the chip, the summary's count, the scanner's and the camera's notice)
// are in the capture catalogue under `outcomes.<outcome>`.
export const OUTCOMES: Record<CaptureOutcome, OutcomeLook> = {
  queued: { tone: 'good', icon: 'check', sound: 'queued', showMessage: true },
  duplicate: { tone: 'info', icon: 'info', sound: 'notice', showMessage: false },
  // A device's receipt: main's sentence names the device and says what changed.
  confirmed: { tone: 'good', icon: 'check', sound: 'queued', showMessage: true },
  device_refused: { tone: 'bad', icon: 'alert', sound: 'notice', showMessage: true },
  error: { tone: 'bad', icon: 'alert', sound: null, showMessage: true },
};

/** The result list's chip. */
export function outcomeLabel(outcome: CaptureOutcome): string {
  return t(`capture:outcomes.${outcome}.label`);
}

/** The hand-held scanner's notice: "Scanner input received (…): queued." */
export function outcomeScanned(outcome: CaptureOutcome): string {
  return t(`capture:outcomes.${outcome}.scanned`);
}

/** The camera's one-line notice for a scan named `name` that main answered with `message`. */
export function outcomeNotice(outcome: CaptureOutcome, name: string, message: string): string {
  return t(`capture:outcomes.${outcome}.notice`, { name, message });
}

/** "2 queued · 1 already in the queue": how many items ended each way, in the table's order. */
export function outcomeSummary(results: readonly CaptureResult[]): string {
  return (Object.keys(OUTCOMES) as CaptureOutcome[])
    .map((outcome) => {
      const count = results.filter((r) => r.outcome === outcome).length;
      return count > 0 ? t(`capture:outcomes.${outcome}.counted`, { count }) : null;
    })
    .filter(Boolean)
    .join(' · ');
}
