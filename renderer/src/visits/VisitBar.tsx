import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Time } from '../components/Time.tsx';
import { plural } from '../format.ts';
import { useVisits, visitName } from './visits-store.ts';
import './visits.css';

/** The open site visit, on every screen: start one, end it, and take its report when it ends. */
export function VisitBar() {
  const open = useVisits((s) => s.open);
  const justEnded = useVisits((s) => s.justEnded);
  const [mode, setMode] = useState<'idle' | 'starting' | 'ending'>('idle');
  useEffect(() => setMode('idle'), [open?.id]);
  return (
    <div className={`visit-bar${open ? ' is-open' : ''}`} role="region" aria-label="Site visit" data-testid="visit-bar">
      {open ? <OpenVisit ending={mode === 'ending'} onEnding={(on) => setMode(on ? 'ending' : 'idle')} /> : mode === 'starting' ? <StartForm onDone={() => setMode('idle')} /> : <NoVisit onStart={() => setMode('starting')} />}
      {justEnded && !open ? <EndedOffer /> : null}
    </div>
  );
}

function NoVisit({ onStart }: { onStart: () => void }) {
  return (
    <div className="visit-row">
      <span className="visit-state muted">No visit open: requests captured now belong to no visit.</span>
      <span className="toolbar-spacer" />
      <button type="button" className="button button-small" onClick={onStart}>
        Start a visit…
      </button>
    </div>
  );
}

function OpenVisit({ ending, onEnding }: { ending: boolean; onEnding: (on: boolean) => void }) {
  const open = useVisits((s) => s.open)!;
  const busy = useVisits((s) => s.busy);
  const end = useVisits((s) => s.end);
  const exportReport = useVisits((s) => s.exportReport);
  return (
    <div className="visit-row">
      <span className="visit-dot" aria-hidden="true" />
      <span className="visit-state" data-testid="open-visit">
        <span className="visually-hidden">Open visit: </span>
        <strong>{open.customer}</strong> · {open.site}
        {open.ticket ? <span className="tag">{open.ticket}</span> : null}
        <span className="muted small">
          {' '}
          since <Time iso={open.startedAt} />, {plural(open.requests, 'request')}
        </span>
      </span>
      <span className="toolbar-spacer" />
      {ending ? (
        <span className="visit-confirm" role="group" aria-label="End the visit?">
          <span>End this visit? Later captures will belong to no visit.</span>
          <button type="button" className="button button-small button-primary" disabled={busy} onClick={() => void end()} autoFocus>
            End visit
          </button>
          <button type="button" className="button button-small button-quiet" onClick={() => onEnding(false)}>
            Keep it open
          </button>
        </span>
      ) : (
        <>
          <button type="button" className="button button-small button-quiet" onClick={() => void exportReport(open.id, 'pdf')}>
            Report so far
          </button>
          <button type="button" className="button button-small" onClick={() => onEnding(true)}>
            End visit…
          </button>
        </>
      )}
    </div>
  );
}

function StartForm({ onDone }: { onDone: () => void }) {
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
    <form className="visit-form" aria-label="Start a visit" onSubmit={(event) => void submit(event)} onKeyDown={onKey}>
      <div className="field">
        <label htmlFor="visit-customer">Customer</label>
        <input ref={first} id="visit-customer" type="text" required maxLength={120} value={customer} onChange={(e) => setCustomer(e.currentTarget.value)} />
      </div>
      <div className="field">
        <label htmlFor="visit-site">Site</label>
        <input id="visit-site" type="text" required maxLength={120} value={site} onChange={(e) => setSite(e.currentTarget.value)} />
      </div>
      <div className="field">
        <label htmlFor="visit-ticket">Ticket or work order (optional)</label>
        <input id="visit-ticket" type="text" maxLength={60} value={ticket} onChange={(e) => setTicket(e.currentTarget.value)} />
      </div>
      <div className="visit-form-buttons">
        <button type="submit" className="button button-primary" disabled={busy || !customer.trim() || !site.trim()}>
          Start visit
        </button>
        <button type="button" className="button button-quiet" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** After "End visit": the report, as PDF or CSV. */
function EndedOffer() {
  const ended = useVisits((s) => s.justEnded)!;
  const dismiss = useVisits((s) => s.dismissEnded);
  const exportReport = useVisits((s) => s.exportReport);
  return (
    <div className="visit-row visit-ended note note-good" role="status" data-testid="visit-ended">
      <span>
        The visit for <strong>{visitName(ended)}</strong> ended with {plural(ended.requests, 'request')}. Give the customer the visit report:
      </span>
      <span className="toolbar-spacer" />
      <button type="button" className="button button-small button-primary" onClick={() => void exportReport(ended.id, 'pdf')}>
        Report as PDF
      </button>
      <button type="button" className="button button-small" onClick={() => void exportReport(ended.id, 'csv')}>
        Report as CSV
      </button>
      <button type="button" className="button button-small button-quiet" onClick={dismiss}>
        Close
      </button>
    </div>
  );
}
