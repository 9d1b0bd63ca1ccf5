// Shown instead of the app when main found the database damaged at start: what is wrong, where the copy
// of the damaged files is, and the two ways on (a backup, or an empty database after a confirmation).
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { StorageView } from '../../../shared/api/contract.ts';
import { Time } from '../components/Time.tsx';
import { useStorage } from '../store/storage.ts';

type Damaged = Extract<StorageView, { state: 'damaged' }>;

export function DamagedDatabaseScreen({ storage }: { storage: Damaged }) {
  const { busy, error, restoreBackup, startFresh } = useStorage();
  const [confirming, setConfirming] = useState(false);
  const { t } = useTranslation('storage');
  return (
    <main className="damaged-db" aria-labelledby="damaged-db-title">
      <h1 id="damaged-db-title">{t('damaged.title')}</h1>
      <p className="damaged-db-problem" data-testid="damaged-problem">
        {storage.problem}
      </p>
      <p>
        <Trans t={t} i18nKey="damaged.copyKept" components={{ path: <code data-testid="damaged-copy-path">{storage.copyPath}</code> }} />
      </p>
      {error ? (
        <p className="damaged-db-error" role="alert">
          {error}
        </p>
      ) : null}
      <section className="card" aria-labelledby="damaged-db-backups">
        <h2 id="damaged-db-backups">{t('damaged.restoreTitle')}</h2>
        {storage.backups.length === 0 ? (
          <p>{t('damaged.noBackup')}</p>
        ) : (
          <table className="damaged-db-backups">
            <thead>
              <tr>
                <th scope="col">{t('damaged.taken')}</th>
                <th scope="col">{t('damaged.requests')}</th>
                <th scope="col" aria-label={t('damaged.action')} />
              </tr>
            </thead>
            <tbody>
              {storage.backups.map((backup, index) => (
                <tr key={backup.file}>
                  <td>
                    <Time iso={backup.takenAt} />
                    {index === 0 ? t('damaged.newest') : ''}
                  </td>
                  <td>{backup.requests}</td>
                  <td>
                    <button type="button" className={index === 0 ? 'button button-primary' : 'button'} disabled={busy} onClick={() => void restoreBackup(backup.file)}>
                      {t('damaged.restore')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="damaged-db-note">{t('damaged.afterBackup')}</p>
      </section>
      <section className="card" aria-labelledby="damaged-db-fresh">
        <h2 id="damaged-db-fresh">{t('damaged.freshTitle')}</h2>
        <p>{t('damaged.freshText')}</p>
        {confirming ? (
          <div className="button-row">
            <button type="button" className="button button-danger" disabled={busy} onClick={() => void startFresh()}>
              {t('damaged.freshConfirm')}
            </button>
            <button type="button" className="button button-quiet" disabled={busy} onClick={() => setConfirming(false)}>
              {t('damaged.cancel')}
            </button>
          </div>
        ) : (
          <div className="button-row">
            <button type="button" className="button" disabled={busy} onClick={() => setConfirming(true)}>
              {t('damaged.freshAsk')}
            </button>
          </div>
        )}
      </section>
    </main>
  );
}
