import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionView, RequestDetail } from '../../../shared/api/contract.ts';
import { kiosk } from '../kiosk-client.ts';
import { reportError } from '../store/ui.ts';

const CHANGEABLE = new Set(['queued', 'retry_wait', 'rejected', 'cancelled']);

/** Lets the engineer send one request through a connection of their choice (or leave it to the kiosk). */
export function ConnectionChoice({ detail }: { detail: RequestDetail }) {
  const { t } = useTranslation('lists');
  const [connections, setConnections] = useState<ConnectionView[] | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    let live = true;
    kiosk()
      .listConnections({})
      .then((list) => live && setConnections(list), reportError);
    return () => {
      live = false;
    };
  }, [detail.id]);

  if (!connections || !CHANGEABLE.has(detail.state)) return null;
  // Main decides which vendor a request needs (detail.vendor); this only offers the fitting connections.
  const fitting = connections.filter((c) => !detail.vendor || c.vendor === detail.vendor);
  if (fitting.length < 2 && !detail.chosenConnectionId) return null;

  const choose = async (value: string): Promise<void> => {
    setSaving(true);
    try {
      await kiosk().chooseConnection({ id: detail.id, connectionId: value === '' ? null : value });
    } catch (error) {
      reportError(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="connection-choice" data-testid="connection-choice">
      <label htmlFor="connection-choice-select">{t('detail.sendThrough')}</label>
      <select id="connection-choice-select" value={detail.chosenConnectionId ?? ''} disabled={saving} onChange={(e) => void choose(e.currentTarget.value)}>
        <option value="">{t('detail.automatic')}</option>
        {fitting.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
      {detail.state === 'rejected' ? <p className="muted small">{t('detail.thenRetry')}</p> : null}
    </div>
  );
}
