// The Capture screen's notice for USB sticks and watched folders: what is new on each, Import, and
// Write answers back, with progress while main works. Each stick is one labelled group of buttons.
import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon.tsx';
import { t as tr } from '../../../shared/i18n/index.ts';
import type { StickView } from '../../../shared/api/sticks.ts';
import { importedParts, useSticks, type StickOutcome } from './stick-store.ts';
import './sticks.css';

export function StickPanel() {
  const { t } = useTranslation('settings');
  const sticks = useSticks((s) => s.sticks);
  if (sticks.length === 0) return null;
  return (
    <section className="card stick-panel" aria-labelledby="stick-panel-title" data-testid="stick-panel">
      <h2 id="stick-panel-title">
        <Icon name="file" size={18} /> {t('sticks.title')}
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
  const requests = tr('settings:sticks.requests', { count: stick.newRequests });
  if (!stick.newReceipts) return tr('settings:sticks.offer', { requests, label: stick.label });
  return tr('settings:sticks.offerWithReceipts', { requests, receipts: tr('settings:sticks.receipts', { count: stick.newReceipts }), label: stick.label });
}

/** What the kiosk imported by itself, shown like the engineer's own import. */
function autoOutcome(stick: StickView): StickOutcome | undefined {
  const auto = stick.autoImported;
  if (!auto) return undefined;
  const parts = importedParts(auto.queued, auto.duplicates, auto.failed.length);
  return { tone: auto.failed.length ? 'bad' : 'good', title: tr('settings:sticks.autoImported', { label: stick.label, parts }), lines: auto.failed };
}

function StickRow({ stick }: { stick: StickView }) {
  const { t } = useTranslation('settings');
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
          <strong>{stick.label}</strong> <span className="muted small">{stick.kind === 'watched' ? t('sticks.watchedFolder') : t('sticks.usbStick')}</span>
        </p>
        <p className="muted small mono break">{stick.path}</p>
      </div>
      <p className="stick-offer" data-testid="stick-offer">
        {hasNew ? offer(stick) : stick.imported ? t('sticks.readBefore', { count: stick.imported }) : t('sticks.noFiles')}
        {stick.answersReady ? ` ${t('sticks.answersReady', { count: stick.answersReady })}` : ''}
      </p>
      <div className="stick-actions">
        {hasNew ? (
          <button type="button" className="button button-primary" disabled={busy !== null} onClick={() => void importFrom(stick.path)} data-testid="stick-import">
            {t('sticks.import')}
          </button>
        ) : null}
        {stick.imported ? (
          <button type="button" className="button" disabled={busy !== null} onClick={() => void writeBack(stick.path)} data-testid="stick-write">
            {t('sticks.writeBack', { label: stick.label })}
          </button>
        ) : null}
      </div>
      {busy ? (
        <div className="stick-progress" role="status">
          <progress max={Math.max(busy.total, 1)} value={busy.done} aria-label={busy.action === 'import' ? t('sticks.importingFrom', { label: stick.label }) : t('sticks.writingTo', { label: stick.label })} />
          <span className="small">
            {busy.action === 'import'
              ? busy.total
                ? t('sticks.importing', { done: busy.done, total: busy.total })
                : t('sticks.importingStarted')
              : busy.total
                ? t('sticks.writing', { done: busy.done, total: busy.total })
                : t('sticks.writingStarted')}
          </span>
        </div>
      ) : null}
      {stick.problems.length ? (
        <details className="stick-problems">
          <summary>{t('sticks.unreadable', { count: stick.problems.length })}</summary>
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
