import type { RequestSummary } from '../../../shared/api/contract.ts';
import { Icon } from './Icon.tsx';
import { Time } from './Time.tsx';

/** A request or response close to (or past) its validity limit: a chip in tables, a sentence in the detail. */
export function ExpiryNote({ request, full = false }: { request: RequestSummary; full?: boolean }) {
  const warning = request.expiryWarning;
  if (!warning) return null;
  const { at } = warning;
  const what = warning.subject === 'response' ? 'Response' : 'Request';
  const when = (
    <>
      {warning.level === 'expired' ? 'expired' : 'expires'} <Time iso={at} relative />
    </>
  );
  if (!full) {
    return (
      <span className={`expiry-chip expiry-${warning.level}`} data-expiry={warning.level} title={warning.message}>
        <Icon name="alert" size={14} />
        {what} {when}
      </span>
    );
  }
  return (
    <div className={`note expiry-note expiry-${warning.level}`} role="note" data-expiry={warning.level}>
      <Icon name="alert" size={16} />
      <div>
        <p className="note-text">{warning.message}</p>
        <p className="muted small">
          {what} valid until <Time iso={at} />.
        </p>
      </div>
    </div>
  );
}
