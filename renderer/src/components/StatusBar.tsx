import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Status } from '../../../shared/api/contract.ts';
import { useStatus } from '../store/index.ts';
import { Icon } from './Icon.tsx';
import { Slots, slot } from './Slots.tsx';
import { Time } from './Time.tsx';

/** Connection, online state, queue counts and syncing: always in view. */
export function StatusBar() {
  const { t } = useTranslation('common');
  const status = useStatus((s) => s.status);
  return (
    <div className="status-bar" role="region" aria-label={t('status.label')} data-testid="status-bar">
      <Connection status={status} />
      <Counts status={status} />
      <SyncArea status={status} />
    </div>
  );
}

function Connection({ status }: { status: Status | null }) {
  const { t } = useTranslation('common');
  const connection = status?.connection ?? null;
  const online = status?.online ?? null;
  // While sync is paused nothing is checked: an old "Online" would be a guess, so the chip says paused.
  const paused = connection !== null && status?.syncPaused === true;
  const onlineText = connection === null ? t('status.notConnected') : paused ? t('status.syncPaused') : online === null ? t('status.notChecked') : online ? t('status.online') : t('status.offline');
  const onlineClass = connection === null || online === null || paused ? 'unknown' : online ? 'online' : 'offline';
  return (
    <div className="status-connection">
      {status ? (
        <span className={`online-chip online-${onlineClass}`} data-online={onlineClass}>
          <span className="chip-dot" aria-hidden="true" />
          {onlineText}
        </span>
      ) : null}
      <span className="visually-hidden">{t('status.connection')}</span>
      <span className="status-connection-name" data-testid="connection-name" title={connection ? `${connection.name} — ${connection.baseUrl}` : undefined}>
        <span className="ellipsis">{status === null ? t('loading') : connection ? connection.name : t('status.noConnection')}</span>
        {connection?.isDemo ? <span className="tag">{t('status.demo')}</span> : null}
      </span>
    </div>
  );
}

function Counts({ status }: { status: Status | null }) {
  const { t } = useTranslation('common');
  if (!status) return <div className="status-counts" />;
  const c = status.counts;
  const waiting = (c.queued ?? 0) + (c.in_flight ?? 0) + (c.retry_wait ?? 0);
  const ready = c.fulfilled ?? 0;
  const refused = c.rejected ?? 0;
  return (
    <ul className="status-counts" aria-label={t('status.requests')}>
      <li data-count="waiting" title={t('status.waitingHint')}>
        <Slots text={t('status.waiting', { n: slot('n') })} slots={{ n: <strong>{waiting}</strong> }} />
      </li>
      <li data-count="ready" title={t('status.readyHint')}>
        <Slots text={t('status.ready', { n: slot('n') })} slots={{ n: <strong>{ready}</strong> }} />
      </li>
      {refused > 0 ? (
        <li data-count="refused" className="status-count-bad" title={t('status.refusedHint')}>
          <Slots text={t('status.refused', { n: slot('n') })} slots={{ n: <strong>{refused}</strong> }} />
        </li>
      ) : null}
    </ul>
  );
}

function SyncArea({ status }: { status: Status | null }) {
  const { t } = useTranslation('common');
  const syncRequested = useStatus((s) => s.syncRequested);
  const lastResult = useStatus((s) => s.lastSyncResult);
  const syncNow = useStatus((s) => s.syncNow);
  const setPaused = useStatus((s) => s.setPaused);
  const syncing = Boolean(status?.syncing) || syncRequested;
  const paused = Boolean(status?.syncPaused);
  const progress = status?.syncProgress ?? null;
  const nextRetry = status?.nextRetryAt ? <Slots text={t('status.nextRetry', { when: slot('when') })} slots={{ when: <Time iso={status.nextRetryAt} relative /> }} /> : null;

  let line: ReactNode;
  if (syncing) {
    line = progress && progress.total > 0 ? t('status.syncingOf', { done: progress.done, count: progress.total }) : t('status.syncing');
    if (paused) line = t('status.pausing');
  } else if (paused) {
    line = (
      <span data-testid="sync-paused" title={t('status.pausedHint')}>
        {t('status.syncPaused')}
      </span>
    );
  } else if (status?.lastSyncError) {
    line = (
      <span className="sync-error" data-testid="last-sync-error" title={status.lastSyncError}>
        {t('status.lastSyncFailed', { error: status.lastSyncError })}
        {nextRetry}
      </span>
    );
  } else if (status?.lastSyncAt) {
    line = (
      <>
        <Slots text={t('status.lastSync', { when: slot('when') })} slots={{ when: <Time iso={status.lastSyncAt} relative /> }} />
        {lastResult && lastResult.attempted > 0 ? t('status.lastResult', { fulfilled: lastResult.fulfilled, failed: lastResult.failed }) : null}
        {nextRetry}
      </>
    );
  } else {
    line = status ? t('status.notSynced') : '';
  }

  return (
    <div className="status-sync">
      <div className="sync-text">
        {syncing ? (
          <progress
            className="sync-progress"
            aria-label={t('status.progress')}
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
        title={paused ? t('status.resumeHint') : t('status.pauseHint')}
        onClick={() => void setPaused(!paused)}
      >
        {paused ? t('status.resume') : t('status.pause')}
      </button>
      <button type="button" className="button button-primary" onClick={() => void syncNow()} disabled={syncing || paused} aria-busy={syncing}>
        <Icon name="sync" size={16} className={syncing ? 'spin' : undefined} />
        {t('status.syncNow')}
      </button>
    </div>
  );
}

/** Connections that cannot be reached, or wait for their API's rate limit, when there are several. */
function LaneNotes({ status }: { status: Status | null }) {
  const { t } = useTranslation('common');
  const notes = (status?.syncLanes ?? []).flatMap((lane) => {
    if (lane.online === false && (status?.syncLanes.length ?? 0) > 1) return [{ id: lane.id, text: <>{t('status.unreachable', { name: lane.name })}</> }];
    const until = lane.rateLimit?.waitingUntil;
    if (until) {
      return [
        {
          id: lane.id,
          text: (
            <Slots text={t('status.rateLimited', { name: lane.name, at: slot('at') })} slots={{ at: <Time iso={until} /> }} />
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
