import { useEffect, useRef } from 'react';
import { useHelp } from './help-store.ts';
import './help.css';

/** What the engineer can press, by where it works. Kept beside the sheet so both change together. */
const SHORTCUTS: { where: string; keys: [string, string][] }[] = [
  {
    where: 'Anywhere',
    keys: [
      ['Alt+1 … Alt+5', 'Capture, Queue, Deliver, Settings, Audit'],
      ['? or F1', 'This help'],
      ['Esc', 'Close a panel or this help'],
    ],
  },
  {
    where: 'Capture',
    keys: [
      ['Hand-held scanner', 'Scan anywhere on this screen: the request is read as it arrives'],
      ['Ctrl+Enter', 'Add the pasted text'],
      ['Enter or Space', 'Choose files (on the drop area)'],
    ],
  },
  {
    where: 'Queue and Deliver lists',
    keys: [
      ['↑ ↓ Home End PgUp PgDn', 'Move through the rows'],
      ['Enter', 'Open the request'],
      ['Space, Shift+click, Ctrl+click', 'Select one, a range, or more'],
      ['Ctrl+A', 'Select every row the filter shows'],
    ],
  },
  {
    where: 'QR code on screen',
    keys: [
      ['Space', 'Pause or play the animation'],
      ['+ / −', 'Faster or slower'],
      ['← → (↑ ↓)', 'Less or more data per code'],
      ['Enter', 'Mark delivered (the device took it)'],
      ['Esc', 'Close'],
    ],
  },
];

const FLOW: [string, string][] = [
  ['Capture', 'Take the device’s activation request: camera, hand-held scanner, a file from the USB stick, or pasted text.'],
  ['Queue', 'The kiosk keeps every request and sends it to the licensing service whenever the laptop is online. Nothing is lost offline.'],
  ['Deliver', 'Give the verified answer back to the device: as a file on the stick, or as a QR code the device reads from the screen.'],
  ['Prove', 'Each step is recorded; a device’s receipt confirms the answer was applied.'],
];

/** The help sheet: the flow in four steps and every keyboard shortcut. Opened with ? or F1. */
export function HelpSheet() {
  const open = useHelp((s) => s.open);
  const close = useHelp((s) => s.close);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return (
    <dialog ref={dialog} className="help-sheet" aria-labelledby="help-title" onClose={close} data-testid="help-sheet">
      <header className="help-head">
        <h2 id="help-title">How the kiosk works</h2>
        <button type="button" className="button button-quiet" onClick={close} autoFocus>
          Close
        </button>
      </header>
      <ol className="help-flow">
        {FLOW.map(([step, text]) => (
          <li key={step}>
            <strong>{step}</strong> {text}
          </li>
        ))}
      </ol>
      <h3 className="help-subtitle">Keyboard</h3>
      <div className="help-keys">
        {SHORTCUTS.map((group) => (
          <section key={group.where} aria-label={group.where}>
            <h4>{group.where}</h4>
            <dl>
              {group.keys.map(([keys, what]) => (
                <div key={keys} className="help-key">
                  <dt>
                    <kbd>{keys}</kbd>
                  </dt>
                  <dd>{what}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </dialog>
  );
}

/** ? (outside text fields) and F1 (anywhere) open the help; not while the QR view holds the keyboard. */
export function useHelpKeys(blocked: () => boolean): void {
  const show = useHelp((s) => s.show);
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.altKey || event.ctrlKey || event.metaKey || blocked()) return;
      const typing = event.target instanceof HTMLElement && (event.target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName));
      if (event.key === 'F1' || (event.key === '?' && !typing)) {
        event.preventDefault();
        show();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [show, blocked]);
}
