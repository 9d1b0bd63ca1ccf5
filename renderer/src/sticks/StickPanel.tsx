// The Capture screen's notice for USB sticks and watched folders: what is new on each, Import, and
// Write answers back, with progress while main works. Each stick is one labelled group of buttons.
import { Icon } from '../components/Icon.tsx';
import type { StickView } from '../../../shared/api/sticks.ts';
import { useSticks, type StickOutcome } from './stick-store.ts';
import './sticks.css';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function StickPanel() {
  const sticks = useSticks((s) => s.sticks);
  if (sticks.length === 0) return null;
  return (
    <section className="card stick-panel" aria-labelledby="stick-panel-title" data-testid="stick-panel">
      <h2 id="stick-panel-title">
        <Icon name="file" size={18} /> USB sticks and watched folders
      </h2>
      <ul className="stick-list">
        {sticks.map((stick) => (
          <StickRow key={stick.path} stick={stick} />
        ))}
      </ul>
    </section>
  );
}

function offer(stick: StickView): string {
  const receipts = stick.newReceipts ? ` and ${plural(stick.newReceipts, 'device receipt')}` : '';
  return `Import ${plural(stick.newRequests, 'request')}${receipts} from ${stick.label}?`;
}

/** What the kiosk imported by itself, shown like the engineer's own import. */
function autoOutcome(stick: StickView): StickOutcome | undefined {
  const auto = stick.autoImported;
  if (!auto) return undefined;
  const extra = `${auto.duplicates ? `, ${auto.duplicates} already in the queue` : ''}${auto.failed.length ? `, ${auto.failed.length} not imported` : ''}`;
  return { tone: auto.failed.length ? 'bad' : 'good', title: `Imported by itself from ${stick.label}: ${plural(auto.queued, 'request')} queued${extra}.`, lines: auto.failed };
}

function StickRow({ stick }: { stick: StickView }) {
  const outcome = useSticks((s) => s.outcomes[stick.path]) ?? autoOutcome(stick);
  const importFrom = useSticks((s) => s.importFrom);
  const writeBack = useSticks((s) => s.writeBack);
  const id = `stick-${stick.label.replace(/[^A-Za-z0-9]/g, '-')}`;
  const hasNew = stick.newRequests + stick.newReceipts > 0;
  const busy = stick.busy;
  return (
    <li className="stick" data-testid="stick" data-label={stick.label} aria-labelledby={`${id}-title`} aria-busy={busy ? true : undefined}>
      <div className="stick-head">
        <p id={`${id}-title`} className="stick-title">
          <strong>{stick.label}</strong> <span className="muted small">{stick.kind === 'watched' ? 'watched folder' : 'USB stick'}</span>
        </p>
        <p className="muted small mono break">{stick.path}</p>
      </div>
      <p className="stick-offer" data-testid="stick-offer">
        {hasNew ? offer(stick) : stick.imported ? `${plural(stick.imported, 'request file')} read from it; nothing new on it.` : 'No request files on it.'}
        {stick.answersReady ? ` ${plural(stick.answersReady, 'answer')} ready to write back.` : ''}
      </p>
      <div className="stick-actions">
        {hasNew ? (
          <button type="button" className="button button-primary" disabled={busy !== null} onClick={() => void importFrom(stick.path)} data-testid="stick-import">
            Import
          </button>
        ) : null}
        {stick.imported ? (
          <button type="button" className="button" disabled={busy !== null} onClick={() => void writeBack(stick.path)} data-testid="stick-write">
            Write answers back to {stick.label}
          </button>
        ) : null}
      </div>
      {busy ? (
        <div className="stick-progress" role="status">
          <progress max={Math.max(busy.total, 1)} value={busy.done} aria-label={busy.action === 'import' ? `Importing from ${stick.label}` : `Writing answers to ${stick.label}`} />
          <span className="small">
            {busy.action === 'import' ? 'Importing' : 'Writing'} {busy.total ? `${busy.done} of ${busy.total}` : '…'}
          </span>
        </div>
      ) : null}
      {stick.problems.length ? (
        <details className="stick-problems">
          <summary>{plural(stick.problems.length, 'file')} on it the kiosk cannot read</summary>
          <ul>
            {stick.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </details>
      ) : null}
      <div aria-live="polite" data-testid="stick-outcome">
        {outcome ? (
          <div className={`stick-outcome stick-outcome-${outcome.tone}`}>
            <p>{outcome.title}</p>
            {outcome.lines.length ? (
              <ul>
                {outcome.lines.map((l) => (
                  <li key={l}>{l}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
      </div>
    </li>
  );
}
