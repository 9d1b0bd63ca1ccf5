// A list's selection bar: "Select all", how many are chosen, the bulk actions, the in-app
// confirmation and the last action's summary.
import { useEffect, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { BulkAction } from '../../../shared/api/request-list.ts';
import { refreshDetail } from '../store/queue.ts';
import { useBulk } from './bulk.ts';
import { bulkTarget, selectedCount, type ListStore } from './request-list.ts';

interface BulkBarProps {
  list: ListStore;
  name: 'queue' | 'deliver';
  actions: readonly BulkAction[];
  /** What else the bar holds on the right (e.g. Deliver's Export button). */
  children?: ReactNode;
}

export function BulkBar({ list, name, actions, children }: BulkBarProps) {
  const { t } = useTranslation('lists');
  const count = list((s) => selectedCount(s));
  const total = list((s) => s.total);
  const all = list((s) => s.selection.all && s.selection.ids.size === 0);
  const ask = useBulk((s) => s.ask);
  const box = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (box.current) box.current.indeterminate = count > 0 && !all;
  }, [count, all]);

  const start = (action: BulkAction) => {
    const state = list.getState();
    ask({ action, target: bulkTarget(state), count, scope: all ? 'all' : 'selected', list: name });
  };

  return (
    <div className="bulk-bar" data-testid={`${name}-bulk-bar`}>
      <label className="checkbox-label">
        <input ref={box} type="checkbox" checked={all && total > 0} disabled={total === 0} onChange={(event) => list.getState().selectAll(event.currentTarget.checked)} />
        {t('bulk.selectAll')}
      </label>
      <span className="muted" aria-live="polite" data-testid={`${name}-selected`}>
        {count > 0 ? t('bulk.selectedOf', { count, total }) : total > 0 ? t('bulk.nothingSelected') : ''}
      </span>
      {actions.map((action) => (
        <button key={action} type="button" className="button button-small" disabled={count === 0} onClick={() => start(action)}>
          {t(`bulk.verb.${action}`)} {count > 0 ? count : ''}
        </button>
      ))}
      <span className="toolbar-spacer" />
      {children}
    </div>
  );
}

/** The last bulk action's outcome for this list, until dismissed. */
export function BulkSummary({ name }: { name: 'queue' | 'deliver' }) {
  const { t } = useTranslation('lists');
  const summary = useBulk((s) => (s.summary?.list === name ? s.summary : null));
  const clear = useBulk((s) => s.clearSummary);
  if (!summary) return null;
  return (
    <div className={`note note-${summary.tone} bulk-summary`} role="status" data-testid="bulk-summary">
      <span>{summary.text}</span>
      <button type="button" className="button button-small" onClick={clear}>
        {t('bulk.dismiss')}
      </button>
    </div>
  );
}

/** The one confirmation before a bulk action, in the app (not the browser's dialog). */
export function BulkConfirm({ list, name }: { list: ListStore; name: 'queue' | 'deliver' }) {
  const { t } = useTranslation('lists');
  const asking = useBulk((s) => (s.asking?.list === name ? s.asking : null));
  const running = useBulk((s) => s.running);
  const dismiss = useBulk((s) => s.dismiss);
  const confirm = useBulk((s) => s.confirm);
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) yes.current?.focus();
  }, [asking]);
  if (!asking) return null;
  const done = async () => {
    list.getState().selectAll(false);
    // The open request may be among those moved: its panel shows the new state at once.
    await Promise.all([list.getState().refresh(), refreshDetail()]);
  };
  // On top of everything on screen (the detail panel too), as a modal dialog is.
  return createPortal(
    <div className="bulk-confirm-backdrop" onKeyDown={(event) => event.key === 'Escape' && dismiss()}>
      <div className="bulk-confirm card" role="alertdialog" aria-modal="true" aria-labelledby="bulk-confirm-title" aria-describedby="bulk-confirm-text" data-testid="bulk-confirm">
        <h2 id="bulk-confirm-title">
          {t(`bulk.ask.${asking.action}.${asking.scope}`, { count: asking.count })}
        </h2>
        <p id="bulk-confirm-text" className="muted">
          {asking.action === 'retry'
            ? t('bulk.retryText')
            : t('bulk.cancelText')}
        </p>
        <div className="bulk-confirm-actions">
          <button type="button" className="button" onClick={dismiss} disabled={running}>
            {t('bulk.back')}
          </button>
          <button ref={yes} type="button" className="button button-primary" onClick={() => void confirm(done)} disabled={running}>
            {running ? t('bulk.working') : t(`bulk.button.${asking.action}`, { count: asking.count })}
          </button>
        </div>
      </div>
    </div>,
    document.body,
  );
}
