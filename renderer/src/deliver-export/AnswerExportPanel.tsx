// The many-answer export in view: a progress bar with Cancel while main writes, then what happened.
import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon.tsx';
import { Slots, slot } from '../components/Slots.tsx';
import { useAnswerExport } from './export-store.ts';
import './answer-export.css';

export function AnswerExportPanel() {
  const { t } = useTranslation(['lists', 'common']);
  const running = useAnswerExport((s) => s.running);
  const outcome = useAnswerExport((s) => s.outcome);
  const cancel = useAnswerExport((s) => s.cancel);
  if (running) {
    const label = running.cancelling ? t('export.cancelling') : t('export.exporting', { done: running.done, count: running.total });
    return (
      <div className="answer-export card" data-testid="answer-export" data-state="running">
        <span id="answer-export-label" className="answer-export-label" aria-live="polite">
          {label}
        </span>
        <progress className="answer-export-bar" max={running.total} value={running.done} aria-labelledby="answer-export-label" />
        <button type="button" className="button" disabled={running.cancelling} onClick={() => void cancel()} data-testid="answer-export-cancel">
          {t('common:cancel')}
        </button>
      </div>
    );
  }
  if (!outcome) return null;
  return (
    <div aria-live="polite" data-testid="answer-export" data-state={outcome.outcome}>
      {outcome.outcome === 'exported' ? (
        <p className="note note-good" data-exported={outcome.count}>
          <Icon name="check" size={16} />{' '}
          {outcome.mode === 'download' ? (
            <Slots text={t('export.downloaded', { count: outcome.count, where: slot('where') })} slots={{ where: <span className="mono">{outcome.where}</span> }} />
          ) : (
            <Slots text={t('export.wrote', { count: outcome.count, where: slot('where') })} slots={{ where: <span className="mono">{outcome.where}</span> }} />
          )}{' '}
          <span className="note-text">{t('export.notDelivered')}</span>
        </p>
      ) : outcome.outcome === 'cancelled' ? (
        <p className="note">{t('export.cancelled')}</p>
      ) : outcome.problems.length === 0 ? (
        <p className="note">{outcome.mode === 'folder' ? t('export.nothingNoFolder') : t('export.nothing')}</p>
      ) : null}
      <ExportProblems problems={outcome.problems} what="answer" testId="answer-export-problems" />
    </div>
  );
}

/** The answers an export left out, each with the sentence why (one export or many). */
export function ExportProblems({ problems, what, testId }: { problems: readonly { id: string; label: string; message: string }[]; what: 'answer' | 'file'; testId: string }) {
  const { t } = useTranslation(['lists', 'common']);
  if (problems.length === 0) return null;
  return (
    <div className="note note-bad" role="alert" data-testid={testId}>
      <p className="note-title">{t(`export.problems.${what}`, { count: problems.length })}</p>
      <ul className="problem-list">
        {problems.map((p) => (
          <li key={p.id} data-request-id={p.id}>
            <span className="mono">{p.label}</span>: {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
