import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Trans, useTranslation } from 'react-i18next';
import type enAudit from '../../../shared/i18n/en/audit.ts';
import { i18n, t as tr } from '../../../shared/i18n/index.ts';
import type { AuditEntryView } from '../../../shared/api/audit.ts';
import { ScreenHeader } from '../components/ScreenHeader.tsx';
import { Time } from '../components/Time.tsx';
import { formatFullTime, humanize } from '../format.ts';
import { entryAt, useAudit } from '../store/audit.ts';
import { useStatus } from '../store/index.ts';
import '../audit/audit.css';
import { useVisits, visitName } from '../visits/visits-store.ts';

const ROW_HEIGHT = 48;

type EventName = keyof (typeof enAudit)['events'];

/** An event's name in the current language; an event the catalogue does not list shows its code, humanised. */
function eventName(event: string): string {
  return i18n.exists(`audit:events.${event}`) ? tr(`audit:events.${event as EventName}`) : humanize(event);
}

/** Audit: the whole trail, newest first, filtered and paged in main; exports as CSV or a signed bundle. */
export function AuditScreen() {
  const { t } = useTranslation('audit');
  const refresh = useAudit((s) => s.refresh);
  useEffect(() => refresh(), [refresh]);
  return (
    <div className="screen screen-audit" data-testid="audit-screen">
      <ScreenHeader title={t('title')} actions={<ExportActions />}>
        {t('lede')}
      </ScreenHeader>
      <ChainLine />
      <AuditFilters />
      <AuditList />
    </div>
  );
}

function ChainLine() {
  const { t } = useTranslation('audit');
  const chain = useStatus((s) => s.status?.auditChain);
  if (!chain || chain.state === 'checking') return <p className="muted small">{t('chain.checking')}</p>;
  if (chain.state === 'broken') {
    return (
      <p className="note note-bad" data-testid="audit-chain" data-state="broken">
        <span className="note-title">{t('chain.broken', { seq: chain.brokenSeq })}</span>
        {chain.message}
      </p>
    );
  }
  return (
    <p className="muted small" data-testid="audit-chain" data-state="ok">
      {chain.checkedAt ? (
        <Trans t={t} i18nKey="chain.intact" count={chain.entries} components={{ time: <Time iso={chain.checkedAt} /> }} />
      ) : (
        t('chain.intactNoTime', { count: chain.entries })
      )}
    </p>
  );
}

function ExportActions() {
  const { t } = useTranslation('audit');
  const exporting = useAudit((s) => s.exporting);
  const exportAs = useAudit((s) => s.exportAs);
  const refresh = useAudit((s) => s.refresh);
  const to = useStatus((s) => s.status?.deliverTo ?? 'download');
  return (
    <div className="button-row">
      <button type="button" className="button button-quiet" onClick={refresh} title={t('export.refreshHint')}>
        {t('export.refresh')}
      </button>
      <button type="button" className="button" disabled={exporting !== null} onClick={() => void exportAs('csv', to)} data-testid="audit-export-csv">
        {exporting === 'csv' ? t('export.exporting') : t('export.csv')}
      </button>
      <button type="button" className="button button-primary" disabled={exporting !== null} onClick={() => void exportAs('bundle', to)} data-testid="audit-export-bundle">
        {exporting === 'bundle' ? t('export.signing') : t('export.bundle')}
      </button>
    </div>
  );
}

function AuditFilters() {
  const { t } = useTranslation('audit');
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
    <form className="audit-filters" aria-label={t('filters.label')} onSubmit={(event) => event.preventDefault()}>
      <div className="audit-filter">
        <label htmlFor="audit-device">{t('filters.device')}</label>
        <input id="audit-device" type="search" placeholder={t('filters.devicePlaceholder')} value={device} onChange={(event) => setDevice(event.target.value)} />
      </div>
      <div className="audit-filter">
        <label htmlFor="audit-visit">{t('filters.visit')}</label>
        <select id="audit-visit" value={filter.visitId ?? ''} onChange={(event) => setFilter({ visitId: event.target.value || undefined })}>
          <option value="">{t('filters.anyVisit')}</option>
          {visits.map((visit) => (
            <option key={visit.id} value={visit.id}>
              {visitName(visit)}
              {visit.ticket ? ` (${visit.ticket})` : ''}
            </option>
          ))}
        </select>
      </div>
      <div className="audit-filter">
        <label htmlFor="audit-who">{t('filters.who')}</label>
        <select
          id="audit-who"
          value={who}
          onChange={(event) => {
            const value = event.target.value;
            if (value.startsWith('engineer:')) setFilter({ actor: undefined, engineer: value.slice('engineer:'.length) });
            else setFilter({ engineer: undefined, actor: (value || undefined) as 'engineer' | 'sync' | 'system' | undefined });
          }}
        >
          <option value="">{t('filters.anyone')}</option>
          <option value="engineer">{t('filters.anyEngineer')}</option>
          {facets.engineers.map((name) => (
            <option key={name} value={`engineer:${name}`}>
              {name}
            </option>
          ))}
          <option value="sync">{t('actors.sync')}</option>
          <option value="system">{t('actors.system')}</option>
        </select>
      </div>
      <div className="audit-filter">
        <label htmlFor="audit-event">{t('filters.event')}</label>
        <select id="audit-event" value={filter.event ?? ''} onChange={(event) => setFilter({ event: event.target.value || undefined })}>
          <option value="">{t('filters.anyEvent')}</option>
          {facets.events.map((name) => (
            <option key={name} value={name}>
              {eventName(name)}
            </option>
          ))}
        </select>
      </div>
      <div className="audit-filter">
        <label htmlFor="audit-from">{t('filters.from')}</label>
        <input id="audit-from" type="date" value={filter.from ?? ''} onChange={(event) => setFilter({ from: event.target.value || undefined })} />
      </div>
      <div className="audit-filter">
        <label htmlFor="audit-to">{t('filters.to')}</label>
        <input id="audit-to" type="date" value={filter.to ?? ''} onChange={(event) => setFilter({ to: event.target.value || undefined })} />
      </div>
      <div className="audit-filter audit-filter-end">
        <span className="audit-count" role="status" data-testid="audit-count">
          {total === null ? t('filters.loading') : t('filters.count', { count: total })}
        </span>
        <button type="button" className="button button-quiet" onClick={clearFilter} disabled={!filtered}>
          {t('filters.clear')}
        </button>
      </div>
    </form>
  );
}

function who(entry: AuditEntryView): string {
  if (entry.actor === 'sync' || entry.actor === 'system') return tr(`audit:actors.${entry.actor}`);
  if (entry.actor !== 'engineer') return humanize(entry.actor);
  if (!entry.actorName) return tr('audit:actors.engineer');
  return entry.actorId ? `${entry.actorName} (${entry.actorId})` : entry.actorName;
}

function AuditList() {
  const { t } = useTranslation('audit');
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
        {t('list.empty')}
      </p>
    );
  }
  return (
    <div className="audit-body">
      <div className="audit-head" aria-hidden="true">
        <span>#</span>
        <span>{t('list.time')}</span>
        <span>{t('list.who')}</span>
        <span>{t('list.event')}</span>
        <span>{t('list.device')}</span>
        <span>{t('list.detail')}</span>
      </div>
      <div
        ref={scroller}
        className="audit-scroll"
        role="listbox"
        tabIndex={0}
        aria-label={t('list.label', { total })}
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
                      <Time iso={entry.at} seconds />
                    </span>
                    <span className={`audit-who audit-who-${entry.actor}`}>{who(entry)}</span>
                    <span className="audit-event">{eventName(entry.event)}</span>
                    <span className="audit-device">{entry.device ?? ''}</span>
                    <span className="audit-detail">{entry.detail}</span>
                  </>
                ) : (
                  <span className="muted">{t('list.loading')}</span>
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
  const { t } = useTranslation('audit');
  if (!entry) return null;
  return (
    <section className="card audit-entry" aria-label={t('entry.label', { seq: entry.seq })} aria-live="polite" data-testid="audit-entry">
      <dl className="fields">
        <div className="field-pair">
          <dt>{t('entry.entry')}</dt>
          <dd>
            #{entry.seq}, {formatFullTime(entry.at)}
          </dd>
        </div>
        <div className="field-pair">
          <dt>{t('entry.who')}</dt>
          <dd>{who(entry)}</dd>
        </div>
        <div className="field-pair">
          <dt>{t('entry.what')}</dt>
          <dd>
            {eventName(entry.event)}: {entry.detail}
          </dd>
        </div>
        {entry.requestId ? (
          <div className="field-pair">
            <dt>{t('entry.request')}</dt>
            <dd className="mono break">
              {entry.device ? `${entry.device}, ` : ''}
              {entry.requestId}
            </dd>
          </div>
        ) : null}
        <div className="field-pair">
          <dt>{t('entry.hash')}</dt>
          <dd className="mono break small">{entry.hash ?? t('entry.noHash')}</dd>
        </div>
      </dl>
    </section>
  );
}
