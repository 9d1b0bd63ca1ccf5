// The Capture screen's results panel: every result since the app started (files, images, camera,
// scanner, paste, licence-file requests, USB sticks), newest capture first, problems pinned at the
// top until dismissed, until the engineer clears it. Each result is one short sentence; a longer
// account (main's `detail`) opens on demand. New results are announced politely.
import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon.tsx';
import { Time } from '../components/Time.tsx';
import { useCapture, useQueue, useUi } from '../store/index.ts';
import type { KeptResult } from '../store/capture.ts';
import { OUTCOMES, outcomeLabel, outcomeSummary } from './outcomes.ts';
import './capture-results.css';

const isProblem = (r: KeptResult): boolean => OUTCOMES[r.outcome].tone === 'bad';
/** Newest capture first; within a capture, in the order the items came. */
const newestFirst = (a: KeptResult, b: KeptResult): number => b.batch - a.batch || a.key - b.key;

/** The panel's two lists: problems not yet dismissed, then everything else. */
export function panelOrder(results: readonly KeptResult[]): { pinned: KeptResult[]; rest: KeptResult[] } {
  const pinned = results.filter((r) => isProblem(r) && !r.dismissed).sort(newestFirst);
  const rest = results.filter((r) => !isProblem(r) || r.dismissed).sort(newestFirst);
  return { pinned, rest };
}

export function CaptureResults() {
  const { t } = useTranslation('capture');
  const busy = useCapture((s) => s.busy);
  const pending = useCapture((s) => s.pending);
  const results = useCapture((s) => s.results);
  const latest = useCapture((s) => s.latest);
  const clear = useCapture((s) => s.clear);
  const { pinned, rest } = panelOrder(results);
  const last = results.filter((r) => r.batch === latest);

  return (
    <aside className="capture-results card" aria-labelledby="capture-results-title" aria-busy={busy} data-testid="capture-results">
      <div className="capture-results-head">
        <h2 id="capture-results-title">{results.length > 0 ? t('results.titleCount', { count: results.length }) : t('results.title')}</h2>
        {results.length > 0 ? (
          <button type="button" className="button button-quiet button-small" onClick={clear} data-testid="clear-results">
            {t('results.clear')}
          </button>
        ) : null}
      </div>
      <div role="status" aria-live="polite" className="capture-results-status">
        {busy ? (
          <p className="capture-busy">
            <Icon name="sync" size={16} className="spin" /> {t('results.checking', { count: pending })}
          </p>
        ) : null}
        {last.length > 0 ? (
          <p className="muted" data-testid="capture-summary">
            {t('results.latest', { count: last.length, summary: outcomeSummary(last) })}
          </p>
        ) : null}
      </div>
      {results.length === 0 && !busy ? (
        <p className="empty-hint muted">{t('results.empty')}</p>
      ) : null}
      {pinned.length > 0 ? (
        <section aria-label={t('results.problems')} className="result-group">
          <h3 className="result-group-title">
            <Icon name="alert" size={14} /> {t('results.pinned', { count: pinned.length })}
          </h3>
          <ul className="result-list result-list-pinned" data-testid="pinned-results">
            {pinned.map((r) => (
              <ResultItem key={r.key} result={r} pinned />
            ))}
          </ul>
        </section>
      ) : null}
      {rest.length > 0 ? (
        <ul className="result-list" aria-label={t('results.earlier')}>
          {rest.map((r) => (
            <ResultItem key={r.key} result={r} pinned={false} />
          ))}
        </ul>
      ) : null}
    </aside>
  );
}

function ResultItem({ result, pinned }: { result: KeptResult; pinned: boolean }) {
  const { t } = useTranslation('capture');
  const showScreen = useUi((s) => s.showScreen);
  const openRequest = useQueue((s) => s.open);
  const dismiss = useCapture((s) => s.dismiss);
  const look = OUTCOMES[result.outcome];
  const at = new Date(result.at).toISOString();

  return (
    <li className={`result result-${result.outcome}`} data-outcome={result.outcome} data-file={result.name} data-pinned={pinned || undefined}>
      <Icon name={look.icon} className="result-icon" />
      <div className="result-main">
        <span className="result-name">{result.name}</span>
        {look.showMessage ? <span className="result-message">{result.message}</span> : null}
        {result.detail ? (
          <details className="result-detail">
            <summary>{t('results.details')}</summary>
            <p>{result.detail}</p>
          </details>
        ) : null}
        <div className="result-meta">
          <span className={`chip chip-outcome outcome-${result.outcome}`}>{outcomeLabel(result.outcome)}</span>
          <span className="muted">
            <Time iso={at} seconds />
          </span>
          {result.requestId ? (
            <button
              type="button"
              className="button button-quiet button-small"
              aria-label={t('results.openLabel', { name: result.name })}
              onClick={() => {
                openRequest(result.requestId!);
                showScreen('queue');
              }}
            >
              {t('results.open')}
            </button>
          ) : null}
          {pinned ? (
            <button type="button" className="button button-quiet button-small" aria-label={t('results.dismissLabel', { name: result.name })} onClick={() => dismiss(result.key)}>
              {t('results.dismiss')}
            </button>
          ) : null}
        </div>
      </div>
    </li>
  );
}
