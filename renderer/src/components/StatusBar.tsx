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
  const onlineText = connection === null ? 'Not connected' : online === null ? 'Not checked yet' : online ? 'Online' : 'Offline';
  const onlineClass = connection === null || online === null ? 'unknown' : online ? 'online' : 'offline';
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
  const syncing = Boolean(status?.syncing) || syncRequested;
  const progress = status?.syncProgress ?? null;

  let line: ReactNode;
  if (syncing) {
    line = progress && progress.total > 0 ? `Syncing ${progress.done} of ${plural(progress.total, 'request')}…` : 'Syncing…';
  } else if (status?.lastSyncError) {
    line = (
      <span className="sync-error" data-testid="last-sync-error" title={status.lastSyncError}>
        Last sync failed: {status.lastSyncError}
      </span>
    );
  } else if (status?.lastSyncAt) {
    line = (
      <>
        Last sync <Time iso={status.lastSyncAt} relative />
        {lastResult && lastResult.attempted > 0 ? ` · ${lastResult.fulfilled} ready, ${lastResult.failed} failed` : null}
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
      </div>
      <button type="button" className="button button-primary" onClick={() => void syncNow()} disabled={syncing} aria-busy={syncing}>
        <Icon name="sync" size={16} className={syncing ? 'spin' : undefined} />
        Sync now
      </button>
    </div>
  );
}
