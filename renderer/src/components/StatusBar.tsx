import type { ReactNode } from 'react';
import type { Status } from '../../../shared/api/contract.ts';
import { plural } from '../format.ts';
import { useStatus } from '../store/index.ts';
import { Icon } from './Icon.tsx';
import { Time } from './Time.tsx';

/** Connection, online state, queue counts and syncing: always in view. */
export function StatusBar() {
  const status = useStatus((s) => s.status);
  return (
    <div className="status-bar" role="region" aria-label="Kiosk status" data-testid="status-bar">
      <Connection status={status} />
      <Counts status={status} />
      <SyncArea status={status} />
    </div>
  );
}

function Connection({ status }: { status: Status | null }) {
  const connection = status?.connection ?? null;
  const online = status?.online ?? null;
  // While sync is paused nothing is checked: an old "Online" would be a guess, so the chip says paused.
  const paused = connection !== null && status?.syncPaused === true;
  const onlineText = connection === null ? 'Not connected' : paused ? 'Sync paused' : online === null ? 'Not checked yet' : online ? 'Online' : 'Offline';
  const onlineClass = connection === null || online === null || paused ? 'unknown' : online ? 'online' : 'offline';
  return (
    <div className="status-connection">
      {status ? (
        <span className={`online-chip online-${onlineClass}`} data-online={onlineClass}>
          <span className="chip-dot" aria-hidden="true" />
          {onlineText}
        </span>
      ) : null}
      <span className="visually-hidden">Connection:</span>
      <span className="status-connection-name" data-testid="connection-name" title={connection?.baseUrl}>
        <span className="ellipsis">{status === null ? 'Loading…' : connection ? connection.name : 'No licensing connection'}</span>
        {connection?.isDemo ? <span className="tag">Demo</span> : null}
      </span>
    </div>
  );
}

function Counts({ status }: { status: Status | null }) {
  if (!status) return <div className="status-counts" />;
  const c = status.counts;
  const waiting = (c.queued ?? 0) + (c.in_flight ?? 0) + (c.retry_wait ?? 0);
  const ready = c.fulfilled ?? 0;
  const refused = c.rejected ?? 0;
  return (
    <ul className="status-counts" aria-label="Requests">
      <li data-count="waiting" title="Waiting to sync, sending or waiting to retry">
        <strong>{waiting}</strong> waiting
      </li>
      <li data-count="ready" title="Ready to deliver">
        <strong>{ready}</strong> ready
      </li>
      {refused > 0 ? (
        <li data-count="refused" className="status-count-bad" title="Refused by the licensing service">
          <strong>{refused}</strong> refused
        </li>
      ) : null}
    </ul>
  );
}

function SyncArea({ status }: { status: Status | null }) {
  const syncRequested = useStatus((s) => s.syncRequested);
  const lastResult = useStatus((s) => s.lastSyncResult);
  const syncNow = useStatus((s) => s.syncNow);
  const setPaused = useStatus((s) => s.setPaused);
  const syncing = Boolean(status?.syncing) || syncRequested;
  const paused = Boolean(status?.syncPaused);
  const progress = status?.syncProgress ?? null;
  const nextRetry = status?.nextRetryAt ? (
    <>
      {' · '}next retry <Time iso={status.nextRetryAt} relative />
    </>
  ) : null;

  let line: ReactNode;
  if (syncing) {
    line = progress && progress.total > 0 ? `Syncing ${progress.done} of ${plural(progress.total, 'request')}…` : 'Syncing…';
    if (paused) line = 'Pausing after the requests on their way…';
  } else if (paused) {
    line = (
      <span data-testid="sync-paused" title="Nothing is sent to the licensing services until you resume; captured requests wait in the queue.">
        Sync paused
      </span>
    );
  } else if (status?.lastSyncError) {
    line = (
      <span className="sync-error" data-testid="last-sync-error" title={status.lastSyncError}>
        Last sync failed: {status.lastSyncError}
        {nextRetry}
      </span>
    );
  } else if (status?.lastSyncAt) {
    line = (
      <>
        Last sync <Time iso={status.lastSyncAt} relative />
        {lastResult && lastResult.attempted > 0 ? ` · ${lastResult.fulfilled} ready, ${lastResult.failed} failed` : null}
        {nextRetry}
      </>
    );
  } else {
    line = status ? 'Not synced yet' : '';
  }

  return (
    <div className="status-sync">
      <div className="sync-text">
        {syncing ? (
          <progress
            className="sync-progress"
            aria-label="Sync progress"
            max={progress?.total || 1}
            value={progress && progress.total > 0 ? progress.done : undefined}
          />
        ) : null}
        <span role="status" aria-live="polite" data-testid="sync-status">
          {line}
        </span>
        <LaneNotes status={status} />
      </div>
      <button
        type="button"
        className="button"
        aria-pressed={paused}
        data-testid="pause-sync"
        disabled={!status}
        title={paused ? 'Resume sending requests' : 'Stop sending requests until you resume (kept after a restart)'}
        onClick={() => void setPaused(!paused)}
      >
        {paused ? 'Resume sync' : 'Pause sync'}
      </button>
      <button type="button" className="button button-primary" onClick={() => void syncNow()} disabled={syncing || paused} aria-busy={syncing}>
        <Icon name="sync" size={16} className={syncing ? 'spin' : undefined} />
        Sync now
      </button>
    </div>
  );
}

/** Connections that cannot be reached, or wait for their API's rate limit, when there are several. */
function LaneNotes({ status }: { status: Status | null }) {
  const notes = (status?.syncLanes ?? []).flatMap((lane) => {
    if (lane.online === false && (status?.syncLanes.length ?? 0) > 1) return [{ id: lane.id, text: <>{lane.name} cannot be reached</> }];
    const until = lane.rateLimit?.waitingUntil;
    if (until) {
      return [
        {
          id: lane.id,
          text: (
            <>
              {lane.name} waits for its rate limit until <Time iso={until} />
            </>
          ),
        },
      ];
    }
    return [];
  });
  if (notes.length === 0) return null;
  return (
    <span className="lane-notes muted small" data-testid="lane-notes">
      {notes.map((note, i) => (
        <span key={note.id}>
          {i > 0 ? ' · ' : null}
          {note.text}
        </span>
      ))}
    </span>
  );
}
