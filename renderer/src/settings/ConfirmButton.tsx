// An in-app confirmation in place of the browser's native dialog: the button turns into the question
// with the action and "Keep" (focus on "Keep", so Enter by habit does nothing harmful; Esc keeps).
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import './confirm.css';

export function ConfirmButton({ label, question, confirmLabel, ariaLabel, onConfirm }: { label: string; question: string; confirmLabel: string; ariaLabel: string; onConfirm: () => void }) {
  const { t } = useTranslation('settings');
  const [asking, setAsking] = useState(false);
  const keep = useRef<HTMLButtonElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) keep.current?.focus();
  }, [asking]);
  const close = () => {
    setAsking(false);
    setTimeout(() => opener.current?.focus());
  };
  if (!asking) {
    return (
      <button ref={opener} type="button" className="button button-quiet" aria-label={ariaLabel} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span
      className="confirm-inline"
      role="group"
      aria-label={question}
      data-testid="confirm-inline"
      onKeyDown={(event) => {
        if (event.key === 'Escape') close();
      }}
    >
      <span className="confirm-question">{question}</span>
      <button type="button" className="button button-small button-danger" onClick={() => { setAsking(false); onConfirm(); }}>
        {confirmLabel}
      </button>
      <button ref={keep} type="button" className="button button-small" onClick={close}>
        {t('confirm.keep')}
      </button>
    </span>
  );
}
