// Listens for a hand-held scanner anywhere on the screen that mounts it, while no text field has focus.
// Keys of a recognised burst are suppressed so its Enter does not press a focused button.
import { useEffect, useRef } from 'react';
import { isTextEntry } from '../capture/text-entry.ts';
import { ScanBurstDetector, type Burst } from './scan-burst.ts';

export interface ScannerInputOptions {
  /** False leaves every key alone (another view listens for the scanner). Default true. */
  enabled?: boolean;
  /**
   * Called for every key a burst takes (and suppresses), with the timeStamp of the burst's first key,
   * which was not suppressed: only the keys after it tell a burst from a person.
   */
  onBurstKey?: (startedAt: number) => void;
}

export function useScannerInput(onScan: (burst: Burst) => void, options: ScannerInputOptions = {}): void {
  const latest = useRef({ onScan, onBurstKey: options.onBurstKey });
  latest.current = { onScan, onBurstKey: options.onBurstKey };
  const enabled = options.enabled ?? true;
  useEffect(() => {
    if (!enabled) return;
    const detector = new ScanBurstDetector((burst) => latest.current.onScan(burst));
    const onKey = (event: KeyboardEvent): void => {
      // Ctrl or Alt alone are shortcuts; both together are AltGr on Windows and still type.
      if (isTextEntry(event.target) || event.isComposing || event.repeat || event.metaKey || event.ctrlKey !== event.altKey) {
        detector.reset();
        return;
      }
      // A focused list picks the option whose name starts with a typed letter: a scan's first key (not
      // yet known to start a burst) would switch the camera. Letters never choose there; Space still opens it.
      if (event.target instanceof HTMLSelectElement && event.key.length === 1 && event.key !== ' ') event.preventDefault();
      if (detector.key({ key: event.key, code: event.code, shiftKey: event.shiftKey, timeStamp: event.timeStamp })) {
        event.preventDefault();
        event.stopPropagation();
        latest.current.onBurstKey?.(detector.burstStartedAt);
      }
    };
    // Capture phase: ahead of the screen's own key handlers (the drop area opens the file picker on Enter).
    window.addEventListener('keydown', onKey, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      detector.reset();
    };
  }, [enabled]);
}
