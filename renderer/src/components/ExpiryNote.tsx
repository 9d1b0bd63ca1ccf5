import { useTranslation } from 'react-i18next';
import type { RequestSummary } from '../../../shared/api/contract.ts';
import { Slots, slot } from './Slots.tsx';
import { Icon } from './Icon.tsx';
import { Time } from './Time.tsx';

/** A request or response close to (or past) its validity limit: a chip in tables, a sentence in the detail. */
export function ExpiryNote({ request, full = false }: { request: RequestSummary; full?: boolean }) {
  const { t } = useTranslation('lists');
  const warning = request.expiryWarning;
  if (!warning) return null;
  const { at } = warning;
  const what = warning.subject === 'response' ? 'response' : 'request';
  if (!full) {
    return (
      <span className={`expiry-chip expiry-${warning.level}`} data-expiry={warning.level} title={warning.message}>
        <Icon name="alert" size={14} />
        <Slots text={t(`expiry.${what}.${warning.level === 'expired' ? 'expired' : 'expires'}`, { when: slot('when') })} slots={{ when: <Time iso={at} relative /> }} />
      </span>
    );
  }
  return (
    <div className={`note expiry-note expiry-${warning.level}`} role="note" data-expiry={warning.level}>
      <Icon name="alert" size={16} />
      <div>
        <p className="note-text">{warning.message}</p>
        <p className="muted small">
          <Slots text={t(`expiry.validUntil.${what}`, { at: slot('at') })} slots={{ at: <Time iso={at} /> }} />
        </p>
      </div>
    </div>
  );
}
