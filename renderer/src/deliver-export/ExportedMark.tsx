// Exported is not delivered: the note under an exported answer's state, and the engineer's
// "Mark delivered" once the device has it.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { t } from '../../../shared/i18n/index.ts';
import type { RequestSummary } from '../../../shared/api/contract.ts';
import { Slots, slot } from '../components/Slots.tsx';
import { Time } from '../components/Time.tsx';
import { kiosk } from '../kiosk-client.ts';
import { notify, reportError } from '../store/ui.ts';
import './answer-export.css';

export function ExportedNote({ request }: { request: RequestSummary }) {
  const { t } = useTranslation('lists');
  if (request.state !== 'fulfilled' || !request.exportedAt) return null;
  return (
    <span className="exported-note" data-testid="exported-note">
      <Slots text={t('export.exportedNote', { at: slot('at') })} slots={{ at: <Time iso={request.exportedAt} /> }} />
    </span>
  );
}

/** `tabIndex` -1 inside a list row: the list is one Tab stop and its keys reach the row's actions. */
export function MarkDeliveredButton({ request, device, tabIndex }: { request: RequestSummary; device: string; tabIndex?: number }) {
  const [busy, setBusy] = useState(false);
  if (request.state !== 'fulfilled' || !request.exportedAt) return null;
  const mark = async () => {
    setBusy(true);
    try {
      const { delivered, problems } = await kiosk().markManyDelivered({ ids: [request.id] });
      if (delivered.length) notify(t('lists:export.markedDelivered', { device }));
      else if (problems[0]) notify(problems[0].message);
    } catch (error) {
      reportError(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <button type="button" className="button button-small mark-delivered" disabled={busy} tabIndex={tabIndex} aria-label={t('lists:export.markDeliveredLabel', { device })} data-testid="mark-delivered" onClick={() => void mark()}>
      {t('lists:export.markDelivered')}
    </button>
  );
}
