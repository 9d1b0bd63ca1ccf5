import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useHelp } from './help-store.ts';
import './help.css';

/** What the engineer can press, by where it works (the words are in the help catalogue, by these ids). Kept beside the sheet so both change together. */
const SHORTCUTS = {
  anywhere: ['screens', 'help', 'close'],
  capture: ['scanner', 'add', 'choose'],
  lists: ['move', 'open', 'select', 'all'],
  qr: ['pause', 'speed', 'density', 'delivered', 'close'],
} as const;

const FLOW = ['capture', 'queue', 'deliver', 'prove'] as const;

/** The help sheet: the flow in four steps and every keyboard shortcut. Opened with ? or F1. */
export function HelpSheet() {
  const { t } = useTranslation('help');
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
        <h2 id="help-title">{t('title')}</h2>
        <button type="button" className="button button-quiet" onClick={close} autoFocus>
          {t('close')}
        </button>
      </header>
      <ol className="help-flow">
        {FLOW.map((step) => (
          <li key={step}>
            <strong>{t(`flow.${step}.step`)}</strong> {t(`flow.${step}.text`)}
          </li>
        ))}
      </ol>
      <h3 className="help-subtitle">{t('keyboard')}</h3>
      <div className="help-keys">
        {(Object.keys(SHORTCUTS) as (keyof typeof SHORTCUTS)[]).map((group) => (
          <section key={group} aria-label={t(`shortcuts.${group}.title`)}>
            <h4>{t(`shortcuts.${group}.title`)}</h4>
            <dl>
              {SHORTCUTS[group].map((id) => (
                <div key={id} className="help-key">
                  <dt>
                    <kbd>{t(`shortcuts.${group}.${id}.keys` as 'shortcuts.anywhere.help.keys')}</kbd>
                  </dt>
                  <dd>{t(`shortcuts.${group}.${id}.what` as 'shortcuts.anywhere.help.what')}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
      <p className="help-note muted small">{t('germanKeyboard')}</p>
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
