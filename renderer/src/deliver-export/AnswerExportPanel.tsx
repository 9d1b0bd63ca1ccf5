// The many-answer export in view: a progress bar with Cancel while main writes, then what happened.
import { Icon } from '../components/Icon.tsx';
import { plural } from '../format.ts';
import { useAnswerExport } from './export-store.ts';
import './answer-export.css';

export function AnswerExportPanel() {
  const running = useAnswerExport((s) => s.running);
  const outcome = useAnswerExport((s) => s.outcome);
  const cancel = useAnswerExport((s) => s.cancel);
  if (running) {
    const label = running.cancelling ? 'Cancelling the export…' : `Exporting ${running.done} of ${plural(running.total, 'answer')}…`;
    return (
      <div className="answer-export card" data-testid="answer-export" data-state="running">
        <span id="answer-export-label" className="answer-export-label" aria-live="polite">
          {label}
        </span>
        <progress className="answer-export-bar" max={running.total} value={running.done} aria-labelledby="answer-export-label" />
        <button type="button" className="button" disabled={running.cancelling} onClick={() => void cancel()} data-testid="answer-export-cancel">
          Cancel
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
            <>
              Exported {plural(outcome.count, 'answer')} as one file, <span className="mono">{outcome.where}</span>, in your browser&rsquo;s downloads folder (with
              manifest.json).
            </>
          ) : (
            <>
              Wrote {plural(outcome.count, 'answer')} and manifest.json to <span className="mono">{outcome.where}</span>.
            </>
          )}{' '}
          <span className="note-text">Not delivered yet: once a device has its answer, mark it delivered.</span>
        </p>
      ) : outcome.outcome === 'cancelled' ? (
        <p className="note">Export cancelled. Nothing was written and nothing is marked exported.</p>
      ) : outcome.problems.length === 0 ? (
        <p className="note">Nothing was exported{outcome.mode === 'folder' ? ': no folder was chosen' : ''}.</p>
      ) : null}
      <ExportProblems problems={outcome.problems} what="answer" testId="answer-export-problems" />
    </div>
  );
}

/** The answers an export left out, each with the sentence why (one export or many). */
export function ExportProblems({ problems, what, testId }: { problems: readonly { id: string; label: string; message: string }[]; what: string; testId: string }) {
  if (problems.length === 0) return null;
  return (
    <div className="note note-bad" role="alert" data-testid={testId}>
      <p className="note-title">{plural(problems.length, what)} could not be exported</p>
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
