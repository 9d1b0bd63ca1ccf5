import { useRef, type KeyboardEvent } from 'react';
import { REQUEST_STATES, STATE_LABELS, type RequestState } from '../../../shared/api/states.ts';
import { Icon } from '../components/Icon.tsx';
import { RequestDetailPanel } from '../components/RequestDetailPanel.tsx';
import { ScreenHeader } from '../components/ScreenHeader.tsx';
import { ExpiryNote } from '../components/ExpiryNote.tsx';
import { StateChip } from '../components/StateChip.tsx';
import { Time } from '../components/Time.tsx';
import { deviceName } from '../format.ts';
import { useQueue, useStatus } from '../store/index.ts';
import { VisitFilter } from '../visits/VisitFilter.tsx';

/** Queue: every request and where it stands, with a detail panel for one. */
export function QueueScreen() {
  const openId = useQueue((s) => s.openId);
  const lastRow = useRef<HTMLElement | null>(null);
  return (
    <div className={`screen screen-queue${openId ? ' has-detail' : ''}`} data-testid="queue-screen">
      <ScreenHeader title="Queue">
        Every captured request and where it stands. Requests sync by themselves when the laptop is online; open one to see its history,
        retry it or cancel it.
      </ScreenHeader>
      <SyncNotice />
      <Filters />
      <RequestTable onOpen={(row) => (lastRow.current = row)} />
      {openId ? <RequestDetailPanel onClosed={() => lastRow.current?.focus()} /> : null}
    </div>
  );
}

/** Why nothing moves: no connection, or the last sync failed. */
function SyncNotice() {
  const noConnection = useStatus((s) => s.status !== null && s.status.connection === null);
  const lastSyncError = useStatus((s) => (s.status?.syncing ? null : (s.status?.lastSyncError ?? null)));
  if (noConnection) {
    return (
      <p className="note note-warn" data-testid="queue-notice">
        No licensing connection is set up, so nothing is sent yet. Add one on the Settings screen (Alt+4).
      </p>
    );
  }
  if (lastSyncError) {
    return (
      <p className="note note-warn" data-testid="queue-notice">
        <span className="note-title">Last sync failed: </span>
        {lastSyncError}
      </p>
    );
  }
  return null;
}

function Filters() {
  const counts = useQueue((s) => s.counts);
  const filter = useQueue((s) => s.filter);
  const search = useQueue((s) => s.search);
  const setFilter = useQueue((s) => s.setFilter);
  const setSearch = useQueue((s) => s.setSearch);
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
        <legend className="visually-hidden">Show requests in state</legend>
        {chip(null, 'All', total)}
        {REQUEST_STATES.map((state) => chip(state, STATE_LABELS[state], counts[state] ?? 0))}
      </fieldset>
      <VisitFilter id="queue-visit-filter" />
      <div className="search-box">
        <Icon name="search" size={16} />
        <input
          type="search"
          aria-label="Search requests"
          placeholder="Search device, key or file name"
          value={search}
          maxLength={200}
          onChange={(event) => setSearch(event.currentTarget.value)}
        />
      </div>
    </div>
  );
}

function RequestTable({ onOpen }: { onOpen: (row: HTMLElement) => void }) {
  const requests = useQueue((s) => s.requests);
  const loaded = useQueue((s) => s.loaded);
  const openId = useQueue((s) => s.openId);
  const filter = useQueue((s) => s.filter);
  const search = useQueue((s) => s.search);
  const open = useQueue((s) => s.open);

  if (loaded && requests.length === 0) {
    const filtered = filter !== null || search.trim() !== '';
    return (
      <div className="empty card" data-testid="queue-empty">
        <p className="empty-title">{filtered ? 'No requests match' : 'Nothing captured yet'}</p>
        <p className="muted">
          {filtered ? 'Choose “All” or clear the search to see every request.' : 'Request files you capture on the Capture screen (Alt+1) appear here.'}
        </p>
      </div>
    );
  }

  const activate = (id: string, row: HTMLElement): void => {
    onOpen(row);
    open(id);
  };
  const onKey = (event: KeyboardEvent<HTMLTableRowElement>, id: string): void => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      activate(id, event.currentTarget);
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = event.key === 'ArrowDown' ? event.currentTarget.nextElementSibling : event.currentTarget.previousElementSibling;
      (next as HTMLElement | null)?.focus();
    }
  };

  return (
    <div className="table-wrap card">
      <table className="table table-requests" aria-label="Requests" aria-busy={!loaded}>
        <thead>
          <tr>
            <th scope="col">Device and source file</th>
            <th scope="col">Licence key</th>
            <th scope="col">Format</th>
            <th scope="col">State</th>
            <th scope="col" className="num">
              Tries
            </th>
            <th scope="col">Last error</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {requests.map((r) => (
            <tr
              key={r.id}
              tabIndex={0}
              className={`row-clickable${openId === r.id ? ' is-open' : ''}`}
              data-request-id={r.id}
              data-state={r.state}
              onClick={(event) => activate(r.id, event.currentTarget)}
              onKeyDown={(event) => onKey(event, r.id)}
            >
              <td className="cell-device">
                <span className="cell-strong">{deviceName(r)}</span>
                {r.kind !== 'activate' ? <span className="tag">{r.kind}</span> : null}
                <span className="cell-sub cell-file" title={r.sourceName}>
                  {r.sourceName}
                </span>
              </td>
              <td className="mono nowrap">{r.licenseKeyMasked}</td>
              <td className="cell-format">{r.formatLabel}</td>
              <td>
                <StateChip state={r.state} />
                <ExpiryNote request={r} />
              </td>
              <td className="num">{r.attempts}</td>
              <td className={`cell-error${r.state === 'rejected' ? ' is-refused' : ''}`} title={r.lastError ?? undefined}>
                {r.needsLicenseKey ? (
                  <span className="clamp">Needs the licence key: open it to enter the key.</span>
                ) : r.lastError ? (
                  <span className="clamp">{r.lastError}</span>
                ) : (
                  <span className="muted">—</span>
                )}
                {r.state === 'retry_wait' && r.nextAttemptAt ? (
                  <span className="cell-sub">
                    Next try <Time iso={r.nextAttemptAt} relative />
                  </span>
                ) : null}
              </td>
              <td className="cell-time">
                <Time iso={r.updatedAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
