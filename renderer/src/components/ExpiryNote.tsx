import type { RequestSummary } from '../../../shared/api/contract.ts';
import { Icon } from './Icon.tsx';
import { Time } from './Time.tsx';

/** The time a warning is about: the request's limit while it waits to be sent, else the response's. */
function limitOf(request: RequestSummary): string | null {
  return request.state === 'fulfilled' ? request.responseExpiresAt : request.expiresAt;
}

/** A request or response close to (or past) its validity limit: a chip in tables, a sentence in the detail. */
export function ExpiryNote({ request, full = false }: { request: RequestSummary; full?: boolean }) {
  const warning = request.expiryWarning;
  if (!warning) return null;
  const at = limitOf(request);
  const what = request.state === 'fulfilled' ? 'Response' : 'Request';
  const when = at ? (
    <>
      {warning.level === 'expired' ? 'expired' : 'expires'} <Time iso={at} relative />
    </>
  ) : warning.level === 'expired' ? (
    'expired'
  ) : (
    'expires soon'
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
        {at ? (
          <p className="muted small">
            {what} valid until <Time iso={at} />.
          </p>
        ) : null}
      </div>
    </div>
  );
}
