// Shown instead of the app when main found the database damaged at start: what is wrong, where the copy
// of the damaged files is, and the two ways on (a backup, or an empty database after a confirmation).
import { useState } from 'react';
import type { StorageView } from '../../../shared/api/contract.ts';
import { useStorage } from '../store/storage.ts';

type Damaged = Extract<StorageView, { state: 'damaged' }>;

export function DamagedDatabaseScreen({ storage }: { storage: Damaged }) {
  const { busy, error, restoreBackup, startFresh } = useStorage();
  const [confirming, setConfirming] = useState(false);
  return (
    <main className="damaged-db" aria-labelledby="damaged-db-title">
      <h1 id="damaged-db-title">The kiosk database is damaged</h1>
      <p className="damaged-db-problem" data-testid="damaged-problem">
        {storage.problem}
      </p>
      <p>
        The kiosk has not changed anything. A copy of the damaged files is kept in{' '}
        <code data-testid="damaged-copy-path">{storage.copyPath}</code>.
      </p>
      {error ? (
        <p className="damaged-db-error" role="alert">
          {error}
        </p>
      ) : null}
      <section className="card" aria-labelledby="damaged-db-backups">
        <h2 id="damaged-db-backups">Restore a backup</h2>
        {storage.backups.length === 0 ? (
          <p>There is no backup to restore.</p>
        ) : (
          <table className="damaged-db-backups">
            <thead>
              <tr>
                <th scope="col">Taken</th>
                <th scope="col">Requests</th>
                <th scope="col" aria-label="Action" />
              </tr>
            </thead>
            <tbody>
              {storage.backups.map((backup, index) => (
                <tr key={backup.file}>
                  <td>
                    <time dateTime={backup.takenAt}>{new Date(backup.takenAt).toLocaleString()}</time>
                    {index === 0 ? ' (newest)' : ''}
                  </td>
                  <td>{backup.requests}</td>
                  <td>
                    <button type="button" className={index === 0 ? 'button button-primary' : 'button'} disabled={busy} onClick={() => void restoreBackup(backup.file)}>
                      Restore this backup
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="damaged-db-note">Requests captured after the backup was taken are not in it; capture them again from their devices.</p>
      </section>
      <section className="card" aria-labelledby="damaged-db-fresh">
        <h2 id="damaged-db-fresh">Start with an empty database</h2>
        <p>The queue, the responses, the connections and the audit trail start empty. The copy of the damaged files stays where it is.</p>
        {confirming ? (
          <div className="button-row">
            <button type="button" className="button button-danger" disabled={busy} onClick={() => void startFresh()}>
              Yes, start with an empty database
            </button>
            <button type="button" className="button button-quiet" disabled={busy} onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        ) : (
          <div className="button-row">
            <button type="button" className="button" disabled={busy} onClick={() => setConfirming(true)}>
              Start with an empty database…
            </button>
          </div>
        )}
      </section>
    </main>
  );
}
