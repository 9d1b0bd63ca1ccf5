import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { REQUEST_STATES, type RequestState } from '../../../shared/api/states.ts';
import { t } from '../../../shared/i18n/index.ts';
import { RequestDetailPanel } from '../components/RequestDetailPanel.tsx';
import { ScreenHeader } from '../components/ScreenHeader.tsx';
import { ExpiryNote } from '../components/ExpiryNote.tsx';
import { StateChip } from '../components/StateChip.tsx';
import { Slots, slot } from '../components/Slots.tsx';
import { Time } from '../components/Time.tsx';
import { deviceName } from '../format.ts';
import { VisitFilter } from '../visits/VisitFilter.tsx';
import { BulkBar, BulkConfirm, BulkSummary } from '../lists/BulkBar.tsx';
import { QueueSelectionActions } from '../lists/SelectionActions.tsx';
import { RequestGrid, type GridColumn } from '../lists/RequestGrid.tsx';
import { SearchBox } from '../lists/SearchBox.tsx';
import { queueList, useQueue, useStatus } from '../store/index.ts';

/** Queue: every request and where it stands, with a detail panel for one. */
export function QueueScreen() {
  const { t } = useTranslation(['lists', 'common']);
  const openId = useQueue((s) => s.openId);
  const lastRow = useRef<HTMLElement | null>(null);
  return (
    <div className={`screen screen-queue${openId ? ' has-detail' : ''}`} data-testid="queue-screen">
      <ScreenHeader title={t('queue.title')}>{t('queue.lede')}</ScreenHeader>
      <SyncNotice />
      <Filters />
      <RequestTable onOpen={(row) => (lastRow.current = row)} />
      {openId ? <RequestDetailPanel onClosed={() => lastRow.current?.focus()} /> : null}
    </div>
  );
}

/** Why nothing moves: no connection, or the last sync failed. */
function SyncNotice() {
  const { t } = useTranslation(['lists', 'common']);
  const noConnection = useStatus((s) => s.status !== null && s.status.connection === null);
  const lastSyncError = useStatus((s) => (s.status?.syncing ? null : (s.status?.lastSyncError ?? null)));
  if (noConnection) {
    return (
      <p className="note note-warn" data-testid="queue-notice">
        {t('queue.noConnection')}
      </p>
    );
  }
  if (lastSyncError) {
    return (
      <p className="note note-warn" data-testid="queue-notice">
        <span className="note-title">{t('queue.lastSyncFailed')}</span>
        {lastSyncError}
      </p>
    );
  }
  return null;
}

function Filters() {
  const { t } = useTranslation(['lists', 'common']);
  const counts = queueList((s) => s.counts);
  const states = queueList((s) => s.filter.states);
  const filter = states?.length === 1 ? states[0]! : null;
  const setFilter = (state: RequestState | null) => queueList.getState().setFilter({ states: state ? [state] : undefined, errorCode: undefined });
  const total = REQUEST_STATES.reduce((sum, state) => sum + (counts[state] ?? 0), 0);
  const chip = (state: RequestState | null, label: string, count: number) => (
    <label key={state ?? 'all'} className={`filter-chip${count === 0 ? ' is-empty' : ''}`} data-filter={state ?? 'all'}>
      <input type="radio" name="state-filter" checked={filter === state} onChange={() => setFilter(state)} />
      <span className="filter-chip-body">
        {state ? <span className={`chip-dot state-${state}`} aria-hidden="true" /> : null}
        {label}
        <span className="filter-count">{count}</span>
      </span>
    </label>
  );
  return (
    <div className="queue-tools">
      <fieldset className="filter-chips">
        <legend className="visually-hidden">{t('queue.filterLegend')}</legend>
        {chip(null, t('queue.all'), total)}
        {REQUEST_STATES.map((state) => chip(state, t(`common:states.${state}`), counts[state] ?? 0))}
      </fieldset>
      <VisitFilter id="queue-visit-filter" />
      <SearchBox list={queueList} label={t('queue.search')} />
    </div>
  );
}

// Labels are read when the grid renders, so they follow the language.
const COLUMNS: GridColumn[] = [
  {
    key: 'device',
    label: () => t('lists:columns.device'),
    sort: 'device',
    className: 'col-device',
    cell: (r) => (
      <span className="cell-line" title={deviceName(r)}>
        <span className="cell-strong">{deviceName(r)}</span>
        {r.kind !== 'activate' ? <span className="tag">{t(`lists:kindTag.${r.kind}`)}</span> : null}
      </span>
    ),
  },
  { key: 'file', label: () => t('lists:columns.sourceFile'), className: 'col-file', cell: (r) => <span className="cell-line muted" title={r.sourceName}>{r.sourceName}</span> },
  { key: 'key', label: () => t('lists:columns.licenceKey'), className: 'col-key mono', cell: (r) => <span className="cell-line">{r.licenseKeyMasked}</span> },
  { key: 'format', label: () => t('lists:columns.format'), sort: 'format', className: 'col-format', cell: (r) => <span className="cell-line" title={r.formatLabel}>{r.formatLabel}</span> },
  {
    key: 'state',
    label: () => t('lists:columns.state'),
    sort: 'state',
    className: 'col-state',
    cell: (r) => (
      <span className="cell-line">
        <StateChip state={r.state} />
        <ExpiryNote request={r} />
      </span>
    ),
  },
  { key: 'tries', label: () => t('lists:columns.tries'), sort: 'attempts', firstDir: 'desc', className: 'col-tries num', cell: (r) => r.attempts },
  {
    key: 'error',
    label: () => t('lists:columns.lastError'),
    className: 'col-error',
    cell: (r) => {
      const text = r.needsLicenseKey ? t('lists:queue.needsKey') : r.lastError;
      return (
        <span className={`cell-line${r.state === 'rejected' ? ' is-refused' : ''}`} title={text ?? undefined}>
          {r.state === 'retry_wait' && r.nextAttemptAt ? (
            <span className="next-try">
              <Slots text={t('lists:queue.nextTry', { at: slot('at') })} slots={{ at: <Time iso={r.nextAttemptAt} relative /> }} />
              {text ? ' · ' : ''}
            </span>
          ) : null}
          {text ?? (r.state === 'retry_wait' ? null : <span className="muted">—</span>)}
        </span>
      );
    },
  },
  { key: 'updated', label: () => t('lists:columns.updated'), sort: 'updatedAt', firstDir: 'desc', className: 'col-time cell-time', cell: (r) => <Time iso={r.updatedAt} /> },
];

function RequestTable({ onOpen }: { onOpen: (row: HTMLElement) => void }) {
  const { t } = useTranslation(['lists', 'common']);
  const total = queueList((s) => s.total);
  const loaded = queueList((s) => s.loaded);
  const filtered = queueList((s) => (s.filter.states?.length ?? 0) > 0 || (s.filter.search ?? '').trim() !== '' || s.filter.errorCode !== undefined);
  const openId = useQueue((s) => s.openId);
  const open = useQueue((s) => s.open);

  return (
    <>
      <BulkBar list={queueList} name="queue" actions={['retry', 'cancel']}>
        <QueueSelectionActions list={queueList} />
      </BulkBar>
      <BulkSummary name="queue" />
      <BulkConfirm list={queueList} name="queue" />
      {loaded && total === 0 ? (
        <div className="empty card" data-testid="queue-empty">
          <p className="empty-title">{filtered ? t('queue.noMatch') : t('queue.empty')}</p>
          <p className="muted">
            {filtered ? t('queue.noMatchText') : t('queue.emptyText')}
          </p>
        </div>
      ) : (
        <RequestGrid
          list={queueList}
          label={t('queue.gridLabel')}
          className="table-requests"
          columns={COLUMNS}
          rowClass={(r) => `row-clickable${openId === r.id ? ' is-open' : ''}`}
          onOpen={(row, element) => {
            onOpen(element);
            open(row.id);
          }}
        />
      )}
    </>
  );
}
