import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { AuditEntryView } from '../../../shared/api/audit.ts';
import { ScreenHeader } from '../components/ScreenHeader.tsx';
import { Time } from '../components/Time.tsx';
import { formatFullTime, humanize } from '../format.ts';
import { entryAt, useAudit } from '../store/audit.ts';
import { useStatus } from '../store/index.ts';
import '../audit/audit.css';
import { useVisits, visitName } from '../visits/visits-store.ts';

const ROW_HEIGHT = 48;

/** Audit: the whole trail, newest first, filtered and paged in main; exports as CSV or a signed bundle. */
export function AuditScreen() {
  const refresh = useAudit((s) => s.refresh);
  useEffect(() => refresh(), [refresh]);
  return (
    <div className="screen screen-audit" data-testid="audit-screen">
      <ScreenHeader title="Audit" actions={<ExportActions />}>
        Every step taken on this kiosk, who took it and when. Each entry carries the hash of the one before it, so a change made outside the kiosk
        is found.
      </ScreenHeader>
      <ChainLine />
      <AuditFilters />
      <AuditList />
    </div>
  );
}

function ChainLine() {
  const chain = useStatus((s) => s.status?.auditChain);
  if (!chain || chain.state === 'checking') return <p className="muted small">Checking the audit trail’s chain…</p>;
  if (chain.state === 'broken') {
    return (
      <p className="note note-bad" data-testid="audit-chain" data-state="broken">
        <span className="note-title">Chain broken at entry #{chain.brokenSeq}. </span>
        {chain.message}
      </p>
    );
  }
  return (
    <p className="muted small" data-testid="audit-chain" data-state="ok">
      Chain intact: {chain.entries.toLocaleString('en')} entries checked {chain.checkedAt ? <Time iso={chain.checkedAt} /> : null}.
    </p>
  );
}

function ExportActions() {
  const exporting = useAudit((s) => s.exporting);
  const exportAs = useAudit((s) => s.exportAs);
  const refresh = useAudit((s) => s.refresh);
  const to = useStatus((s) => s.status?.deliverTo ?? 'download');
  return (
    <div className="button-row">
      <button type="button" className="button button-quiet" onClick={refresh} title="Show the entries written since the list was loaded">
        Refresh
      </button>
      <button type="button" className="button" disabled={exporting !== null} onClick={() => void exportAs('csv', to)} data-testid="audit-export-csv">
        {exporting === 'csv' ? 'Exporting…' : 'Export CSV'}
      </button>
      <button type="button" className="button button-primary" disabled={exporting !== null} onClick={() => void exportAs('bundle', to)} data-testid="audit-export-bundle">
        {exporting === 'bundle' ? 'Signing…' : 'Export signed bundle'}
      </button>
    </div>
  );
}

function AuditFilters() {
  const filter = useAudit((s) => s.filter);
  const facets = useAudit((s) => s.facets);
  const total = useAudit((s) => s.total);
  const setFilter = useAudit((s) => s.setFilter);
  const visits = useVisits((s) => s.visits);
  const clearFilter = useAudit((s) => s.clearFilter);
  const [device, setDevice] = useState(filter.device ?? '');
  useEffect(() => setDevice(filter.device ?? ''), [filter.device]);
  useEffect(() => {
    if (device === (filter.device ?? '')) return;
    const timer = setTimeout(() => setFilter({ device }), 250);
    return () => clearTimeout(timer);
  }, [device, filter.device, setFilter]);
  const who = filter.engineer ? `engineer:${filter.engineer}` : (filter.actor ?? '');
  const filtered = Object.keys(filter).length > 0;
  return (
    <form className="audit-filters" aria-label="Filter the audit trail" onSubmit={(event) => event.preventDefault()}>
      <div className="audit-filter">
        <label htmlFor="audit-device">Device</label>
        <input id="audit-device" type="search" placeholder="Name or id" value={device} onChange={(event) => setDevice(event.target.value)} />
      </div>
      <div className="audit-filter">
        <label htmlFor="audit-visit">Visit</label>
        <select id="audit-visit" value={filter.visitId ?? ''} onChange={(event) => setFilter({ visitId: event.target.value || undefined })}>
          <option value="">Any visit</option>
          {visits.map((visit) => (
            <option key={visit.id} value={visit.id}>
              {visitName(visit)}
              {visit.ticket ? ` (${visit.ticket})` : ''}
            </option>
          ))}
        </select>
      </div>
      <div className="audit-filter">
        <label htmlFor="audit-who">Who</label>
        <select
          id="audit-who"
          value={who}
          onChange={(event) => {
            const value = event.target.value;
            if (value.startsWith('engineer:')) setFilter({ actor: undefined, engineer: value.slice('engineer:'.length) });
            else setFilter({ engineer: undefined, actor: (value || undefined) as 'engineer' | 'sync' | 'system' | undefined });
          }}
        >
          <option value="">Anyone</option>
          <option value="engineer">Any engineer</option>
          {facets.engineers.map((name) => (
            <option key={name} value={`engineer:${name}`}>
              {name}
            </option>
          ))}
          <option value="sync">Sync</option>
          <option value="system">System</option>
        </select>
      </div>
      <div className="audit-filter">
        <label htmlFor="audit-event">Event</label>
        <select id="audit-event" value={filter.event ?? ''} onChange={(event) => setFilter({ event: event.target.value || undefined })}>
          <option value="">Any event</option>
          {facets.events.map((name) => (
            <option key={name} value={name}>
              {humanize(name)}
            </option>
          ))}
        </select>
      </div>
      <div className="audit-filter">
        <label htmlFor="audit-from">From (UTC)</label>
        <input id="audit-from" type="date" value={filter.from ?? ''} onChange={(event) => setFilter({ from: event.target.value || undefined })} />
      </div>
      <div className="audit-filter">
        <label htmlFor="audit-to">To (UTC)</label>
        <input id="audit-to" type="date" value={filter.to ?? ''} onChange={(event) => setFilter({ to: event.target.value || undefined })} />
      </div>
      <div className="audit-filter audit-filter-end">
        <span className="audit-count" role="status" data-testid="audit-count">
          {total === null ? 'Loading…' : `${total.toLocaleString('en')} ${total === 1 ? 'entry' : 'entries'}`}
        </span>
        <button type="button" className="button button-quiet" onClick={clearFilter} disabled={!filtered}>
          Clear filters
        </button>
      </div>
    </form>
  );
}

function who(entry: AuditEntryView): string {
  if (entry.actor !== 'engineer') return humanize(entry.actor);
  if (!entry.actorName) return 'Engineer';
  return entry.actorId ? `${entry.actorName} (${entry.actorId})` : entry.actorName;
}

function AuditList() {
  const total = useAudit((s) => s.total) ?? 0;
  const pages = useAudit((s) => s.pages);
  const generation = useAudit((s) => s.generation);
  const ensure = useAudit((s) => s.ensure);
  const scroller = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (total > 0) ensure(first, last);
  }, [first, last, total, generation, ensure]);
  useEffect(() => {
    setActive(0);
    scroller.current?.scrollTo({ top: 0 });
  }, [generation]);

  const move = (to: number) => {
    const index = Math.max(0, Math.min(total - 1, to));
    setActive(index);
    virtualizer.scrollToIndex(index, { align: 'auto' });
  };
  const onKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
    const keys: Record<string, number> = { ArrowDown: active + 1, ArrowUp: active - 1, PageDown: active + page, PageUp: active - page, Home: 0, End: total - 1 };
    const to = keys[event.key];
    if (to === undefined || total === 0) return;
    event.preventDefault();
    move(to);
  };
  const selected = entryAt({ pages }, active);

  if (total === 0) {
    return (
      <p className="muted audit-empty" data-testid="audit-empty">
        No entries match these filters.
      </p>
    );
  }
  return (
    <div className="audit-body">
      <div className="audit-head" aria-hidden="true">
        <span>#</span>
        <span>Time</span>
        <span>Who</span>
        <span>Event</span>
        <span>Device</span>
        <span>Detail</span>
      </div>
      <div
        ref={scroller}
        className="audit-scroll"
        role="listbox"
        tabIndex={0}
        aria-label={`Audit entries, newest first (${total.toLocaleString('en')}); arrow keys, Page Up/Down, Home and End move`}
        aria-activedescendant={`audit-row-${active}`}
        onKeyDown={onKey}
        data-testid="audit-list"
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const entry = entryAt({ pages }, item.index);
            return (
              <div
                key={item.key}
                id={`audit-row-${item.index}`}
                role="option"
                aria-selected={item.index === active}
                aria-setsize={total}
                aria-posinset={item.index + 1}
                className={`audit-row${item.index === active ? ' is-active' : ''}${entry ? '' : ' is-loading'}`}
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                data-seq={entry?.seq}
                onClick={() => setActive(item.index)}
              >
                {entry ? (
                  <>
                    <span className="audit-seq">#{entry.seq}</span>
                    <span className="audit-time">
                      <Time iso={entry.at} />
                    </span>
                    <span className={`audit-who audit-who-${entry.actor}`}>{who(entry)}</span>
                    <span className="audit-event">{humanize(entry.event)}</span>
                    <span className="audit-device">{entry.device ?? ''}</span>
                    <span className="audit-detail">{entry.detail}</span>
                  </>
                ) : (
                  <span className="muted">Loading…</span>
                )}
              </div>
            );
          })}
        </div>
      </div>
      <EntryDetail entry={selected} />
    </div>
  );
}

function EntryDetail({ entry }: { entry: AuditEntryView | undefined }) {
  if (!entry) return null;
  return (
    <section className="card audit-entry" aria-label={`Audit entry ${entry.seq}`} aria-live="polite" data-testid="audit-entry">
      <dl className="fields">
        <div className="field-pair">
          <dt>Entry</dt>
          <dd>
            #{entry.seq}, {formatFullTime(entry.at)}
          </dd>
        </div>
        <div className="field-pair">
          <dt>Who</dt>
          <dd>{who(entry)}</dd>
        </div>
        <div className="field-pair">
          <dt>What</dt>
          <dd>
            {humanize(entry.event)}: {entry.detail}
          </dd>
        </div>
        {entry.requestId ? (
          <div className="field-pair">
            <dt>Request</dt>
            <dd className="mono break">
              {entry.device ? `${entry.device}, ` : ''}
              {entry.requestId}
            </dd>
          </div>
        ) : null}
        <div className="field-pair">
          <dt>Hash</dt>
          <dd className="mono break small">{entry.hash ?? 'none'}</dd>
        </div>
      </dl>
    </section>
  );
}
