// The Capture screen's text paths: a hand-held scanner (typing anywhere while no field has focus),
// and pasting request text (the box below, or Ctrl+V anywhere on the screen).
import { useEffect, useState, type FormEvent, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { Icon } from '../components/Icon.tsx';
import { plural, sourceName } from '../format.ts';
import { useScannerInput } from '../scanner/use-scanner-input.ts';
import { useQrDelivery } from '../store/qr-delivery.ts';
import { captureTyped, type TextSlot } from '../store/text-capture.ts';
import { splitPastedText } from './paste-text.ts';
import { ScanNotice, useScanNotice } from './ScanNotice.tsx';
import { isTextEntry } from './text-entry.ts';
import './text-capture.css';

const NOTICE_MS = 8000;

function pastedSlots(text: string): TextSlot[] {
  const pieces = splitPastedText(text);
  const base = sourceName('Pasted');
  return pieces.map((piece, i): TextSlot => {
    const name = pieces.length > 1 ? `${base} (${i + 1} of ${pieces.length})` : base;
    return piece.kind === 'text' ? { name, text: piece.text, source: 'paste' } : { name, outcome: 'error', requestId: null, message: piece.message };
  });
}

export function TextCapturePanel() {
  const [text, setText] = useState('');
  const [pasteHint, setPasteHint] = useState<string | null>(null);
  const { notice, scanned } = useScanNotice(NOTICE_MS);
  // The QR delivery view, when open over this screen, listens for the scanner itself.
  const qrShown = useQrDelivery((s) => s.shown !== null);
  useScannerInput((burst) => void scanned(burst), { enabled: !qrShown });

  // Ctrl+V anywhere on the Capture screen while no field has focus.
  useEffect(() => {
    const onPaste = (event: ClipboardEvent): void => {
      if (isTextEntry(event.target)) return;
      const pasted = event.clipboardData?.getData('text/plain') ?? '';
      if (!pasted.trim()) return;
      event.preventDefault();
      const slots = pastedSlots(pasted);
      setPasteHint(`Pasted text: ${plural(slots.length, 'request')} checked.`);
      void captureTyped(slots);
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, []);

  const add = (event?: FormEvent): void => {
    event?.preventDefault();
    const slots = pastedSlots(text);
    if (slots.length === 0) {
      setPasteHint('Paste or type a request first (UR text, base64 or JSON).');
      return;
    }
    setPasteHint(null);
    setText('');
    void captureTyped(slots);
  };
  const onTextKey = (event: ReactKeyboardEvent<HTMLTextAreaElement>): void => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) add();
  };

  return (
    <section className="card text-capture" aria-labelledby="text-capture-title" data-testid="text-capture">
      <div className="text-capture-scanner">
        <Icon name="scan" size={22} className="text-capture-icon" />
        <div>
          <h2 id="text-capture-title">Hand-held scanner or pasted text</h2>
          <p className="muted">
            Scan a request with a hand-held scanner while no text field is selected; it is checked and queued at once. Or paste request text
            (Ctrl+V anywhere here): UR, base64 or JSON, one request per line, or all the parts of an animated code. A device&rsquo;s receipt QR is read here too: it marks its request delivered.
          </p>
        </div>
      </div>
      <div role="status" aria-live="polite" className="text-capture-status" data-testid="scanner-status">
        {notice ? (
          <ScanNotice notice={notice} />
        ) : pasteHint ? (
          <p className="note scan-notice">{pasteHint}</p>
        ) : null}
      </div>
      <form className="paste-form" onSubmit={add}>
        <label htmlFor="paste-text">Request text</label>
        <textarea
          id="paste-text"
          className="mono"
          rows={3}
          spellCheck={false}
          autoComplete="off"
          placeholder="UR:KIOSK-REQUEST/…, eyJrZXkiOi…, or {&quot;license_key&quot;: …}"
          aria-describedby="paste-help"
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          onKeyDown={onTextKey}
        />
        <div className="paste-actions">
          <p id="paste-help" className="muted small">
            Ctrl+Enter adds. While this box has focus a scanner types into it.
          </p>
          <button type="submit" className="button button-primary" disabled={!text.trim()}>
            Add
          </button>
        </div>
      </form>
    </section>
  );
}
