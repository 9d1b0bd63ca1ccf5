// The Capture screen's text paths: a hand-held scanner (typing anywhere while no field has focus),
// and pasting request text (the box below, or Ctrl+V anywhere on the screen).
import { useEffect, useState, type FormEvent, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { t as translate } from '../../../shared/i18n/index.ts';
import { Icon } from '../components/Icon.tsx';
import { sourceName } from '../format.ts';
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
  const base = sourceName(translate('capture:sources.pasted'));
  return pieces.map((piece, i): TextSlot => {
    const name = pieces.length > 1 ? translate('capture:sources.piece', { name: base, index: i + 1, total: pieces.length }) : base;
    return piece.kind === 'text' ? { name, text: piece.text, source: 'paste' } : { name, outcome: 'error', requestId: null, message: piece.message };
  });
}

export function TextCapturePanel() {
  const { t } = useTranslation('capture');
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
      setPasteHint(translate('capture:text.pastedChecked', { count: slots.length }));
      void captureTyped(slots);
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, []);

  const add = (event?: FormEvent): void => {
    event?.preventDefault();
    const slots = pastedSlots(text);
    if (slots.length === 0) {
      setPasteHint(t('text.empty'));
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
          <h2 id="text-capture-title">{t('text.title')}</h2>
          <p className="muted">{t('text.intro')}</p>
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
        <label htmlFor="paste-text">{t('text.label')}</label>
        <textarea
          id="paste-text"
          className="mono"
          rows={3}
          spellCheck={false}
          autoComplete="off"
          placeholder={t('text.placeholder')}
          aria-describedby="paste-help"
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          onKeyDown={onTextKey}
        />
        <div className="paste-actions">
          <p id="paste-help" className="muted small">
            {t('text.help')}
          </p>
          <button type="submit" className="button button-primary" disabled={!text.trim()}>
            {t('text.add')}
          </button>
        </div>
      </form>
    </section>
  );
}
