// After a connection is saved: if its key refused answers before (a signature that did not verify),
// offer to send those requests again. Safe: the connectors reconcile, no seat is taken twice.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { kiosk } from '../kiosk-client.ts';
import { reportError } from '../store/ui.ts';

export function KeyRefusalOffer({ connectionId }: { connectionId: string }) {
  const { t } = useTranslation('settings');
  const [count, setCount] = useState(0);
  const [retried, setRetried] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let live = true;
    setRetried(null);
    kiosk()
      .keyRefusals({ connectionId, retry: false })
      .then((r) => live && setCount(r.count), reportError);
    return () => {
      live = false;
    };
  }, [connectionId]);
  if (retried !== null) {
    return (
      <p className="note note-good" data-testid="key-refusals-retried">
        {t('keyRefusals.retried', { count: retried })}
      </p>
    );
  }
  if (count === 0) return null;
  const retry = async () => {
    setBusy(true);
    try {
      setRetried((await kiosk().keyRefusals({ connectionId, retry: true })).retried);
    } catch (error) {
      reportError(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="note note-warn" data-testid="key-refusals">
      <p className="note-title">
        {t('keyRefusals.title', { count })}
      </p>
      <p className="note-text">{t('keyRefusals.text')}</p>
      <button type="button" className="button button-small" disabled={busy} onClick={() => void retry()}>
        {t('keyRefusals.retry', { count })}
      </button>
    </div>
  );
}
