// Listens for a hand-held scanner anywhere on the screen that mounts it, while no text field has focus.
// Keys of a recognised burst are suppressed so its Enter does not press a focused button.
import { useEffect, useRef } from 'react';
import { isTextEntry } from '../capture/text-entry.ts';
import { ScanBurstDetector, type Burst } from './scan-burst.ts';

export function useScannerInput(onScan: (burst: Burst) => void): void {
  const latest = useRef(onScan);
  latest.current = onScan;
  useEffect(() => {
    const detector = new ScanBurstDetector((burst) => latest.current(burst));
    const onKey = (event: KeyboardEvent): void => {
      // Ctrl or Alt alone are shortcuts; both together are AltGr on Windows and still type.
      if (isTextEntry(event.target) || event.isComposing || event.repeat || event.metaKey || event.ctrlKey !== event.altKey) {
        detector.reset();
        return;
      }
      if (detector.key({ key: event.key, code: event.code, shiftKey: event.shiftKey, timeStamp: event.timeStamp })) {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    // Capture phase: ahead of the screen's own key handlers (the drop area opens the file picker on Enter).
    window.addEventListener('keydown', onKey, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      detector.reset();
    };
  }, []);
}
