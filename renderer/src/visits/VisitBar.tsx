import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Time } from '../components/Time.tsx';
import { useVisits, visitName } from './visits-store.ts';
import './visits.css';

/** The open site visit, on every screen: start one, end it, and take its report when it ends. */
export function VisitBar() {
  const { t } = useTranslation('visits');
  const open = useVisits((s) => s.open);
  const justEnded = useVisits((s) => s.justEnded);
  const [mode, setMode] = useState<'idle' | 'starting' | 'ending'>('idle');
  useEffect(() => setMode('idle'), [open?.id]);
  return (
    <div className={`visit-bar${open ? ' is-open' : ''}`} role="region" aria-label={t('bar.region')} data-testid="visit-bar">
      {open ? <OpenVisit ending={mode === 'ending'} onEnding={(on) => setMode(on ? 'ending' : 'idle')} /> : mode === 'starting' ? <StartForm onDone={() => setMode('idle')} /> : <NoVisit onStart={() => setMode('starting')} />}
      {justEnded && !open ? <EndedOffer /> : null}
    </div>
  );
}

function NoVisit({ onStart }: { onStart: () => void }) {
  const { t } = useTranslation('visits');
  return (
    <div className="visit-row">
      <span className="visit-state muted">{t('bar.none')}</span>
      <span className="toolbar-spacer" />
      <button type="button" className="button button-small" onClick={onStart}>
        {t('bar.start')}
      </button>
    </div>
  );
}

function OpenVisit({ ending, onEnding }: { ending: boolean; onEnding: (on: boolean) => void }) {
  const { t } = useTranslation('visits');
  const open = useVisits((s) => s.open)!;
  const busy = useVisits((s) => s.busy);
  const end = useVisits((s) => s.end);
  const exportReport = useVisits((s) => s.exportReport);
  return (
    <div className="visit-row">
      <span className="visit-dot" aria-hidden="true" />
      <span className="visit-state" data-testid="open-visit">
        <span className="visually-hidden">{t('bar.openPrefix')}</span>
        <strong>{open.customer}</strong> · {open.site}
        {open.ticket ? <span className="tag">{open.ticket}</span> : null}
        <span className="muted small">
          {' '}
          <Trans t={t} i18nKey="bar.since" count={open.requests} components={{ time: <Time iso={open.startedAt} /> }} />
        </span>
      </span>
      <span className="toolbar-spacer" />
      {ending ? (
        <span className="visit-confirm" role="group" aria-label={t('bar.endQuestion')}>
          <span>{t('bar.endConfirm')}</span>
          <button type="button" className="button button-small button-primary" disabled={busy} onClick={() => void end()} autoFocus>
            {t('bar.end')}
          </button>
          <button type="button" className="button button-small button-quiet" onClick={() => onEnding(false)}>
            {t('bar.keepOpen')}
          </button>
        </span>
      ) : (
        <>
          <button type="button" className="button button-small button-quiet" onClick={() => void exportReport(open.id, 'pdf')}>
            {t('bar.reportSoFar')}
          </button>
          <button type="button" className="button button-small" onClick={() => onEnding(true)}>
            {t('bar.endEllipsis')}
          </button>
        </>
      )}
    </div>
  );
}

function StartForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation('visits');
  const start = useVisits((s) => s.start);
  const busy = useVisits((s) => s.busy);
  const [customer, setCustomer] = useState('');
  const [site, setSite] = useState('');
  const [ticket, setTicket] = useState('');
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await start({ customer, site, ...(ticket.trim() ? { ticket } : {}) })) onDone();
  };
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape') onDone();
  };
  return (
    <form className="visit-form" aria-label={t('form.label')} onSubmit={(event) => void submit(event)} onKeyDown={onKey}>
      <div className="field">
        <label htmlFor="visit-customer">{t('form.customer')}</label>
        <input ref={first} id="visit-customer" type="text" required maxLength={120} value={customer} onChange={(e) => setCustomer(e.currentTarget.value)} />
      </div>
      <div className="field">
        <label htmlFor="visit-site">{t('form.site')}</label>
        <input id="visit-site" type="text" required maxLength={120} value={site} onChange={(e) => setSite(e.currentTarget.value)} />
      </div>
      <div className="field">
        <label htmlFor="visit-ticket">{t('form.ticket')}</label>
        <input id="visit-ticket" type="text" maxLength={60} value={ticket} onChange={(e) => setTicket(e.currentTarget.value)} />
      </div>
      <div className="visit-form-buttons">
        <button type="submit" className="button button-primary" disabled={busy || !customer.trim() || !site.trim()}>
          {t('form.submit')}
        </button>
        <button type="button" className="button button-quiet" onClick={onDone}>
          {t('form.cancel')}
        </button>
      </div>
    </form>
  );
}

/** After "End visit": the report, as PDF or CSV. */
function EndedOffer() {
  const { t } = useTranslation('visits');
  const ended = useVisits((s) => s.justEnded)!;
  const dismiss = useVisits((s) => s.dismissEnded);
  const exportReport = useVisits((s) => s.exportReport);
  return (
    <div className="visit-row visit-ended note note-good" role="status" data-testid="visit-ended">
      <span>
        <Trans t={t} i18nKey="ended.text" count={ended.requests} values={{ name: visitName(ended) }} components={{ strong: <strong /> }} />
      </span>
      <span className="toolbar-spacer" />
      <button type="button" className="button button-small button-primary" onClick={() => void exportReport(ended.id, 'pdf')}>
        {t('ended.pdf')}
      </button>
      <button type="button" className="button button-small" onClick={() => void exportReport(ended.id, 'csv')}>
        {t('ended.csv')}
      </button>
      <button type="button" className="button button-small button-quiet" onClick={dismiss}>
        {t('ended.close')}
      </button>
    </div>
  );
}
