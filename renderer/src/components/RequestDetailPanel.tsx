import { useEffect, useRef, useState } from 'react';
import type { RequestDetail } from '../../../shared/api/contract.ts';
import { STATE_LABELS } from '../../../shared/api/states.ts';
import { MAX_LICENSE_KEY_CHARS } from '../../../shared/formats/license-key.ts';
import { deviceName, formatBytes, humanize, plural } from '../format.ts';
import { kiosk } from '../kiosk-client.ts';
import { useBulk } from '../lists/bulk.ts';
import { SeatReturnConfirm } from '../seats/SeatReturnConfirm.tsx';
import { reportError, useQueue } from '../store/index.ts';
import { notify } from '../store/ui.ts';
import { ShowQrButton } from '../deliver-qr/ShowQrButton.tsx';
import { ConnectionChoice } from './ConnectionChoice.tsx';
import { Icon } from './Icon.tsx';
import { ExpiryNote } from './ExpiryNote.tsx';
import { StateChip } from './StateChip.tsx';
import { MoveToVisit } from '../visits/MoveToVisit.tsx';
import { Time } from './Time.tsx';


/** Everything about one request: fields, device, response, history, and what can be done with it. */
export function RequestDetailPanel({ onClosed }: { onClosed: () => void }) {
  const detail = useQueue((s) => s.detail);
  const openId = useQueue((s) => s.openId);
  const close = useQueue((s) => s.close);
  const heading = useRef<HTMLHeadingElement>(null);

  const closePanel = (): void => {
    close();
    onClosed();
  };

  useEffect(() => {
    heading.current?.focus();
  }, [openId]);

  return (
    <aside
      className="detail-panel"
      aria-labelledby="detail-title"
      data-testid="request-detail"
      data-request-id={openId ?? undefined}
      data-state={detail?.state}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          closePanel();
        }
      }}
    >
      <div className="detail-head">
        <h2 id="detail-title" ref={heading} tabIndex={-1}>
          {detail ? deviceName(detail) : 'Loading…'}
        </h2>
        <button type="button" className="icon-button" aria-label="Close details" title="Close (Esc)" onClick={closePanel}>
          <Icon name="close" />
        </button>
      </div>
      {detail ? <DetailBody detail={detail} /> : <p className="muted detail-loading">Loading the request…</p>}
    </aside>
  );
}

function DetailBody({ detail }: { detail: RequestDetail }) {
  const deviceDetails = Object.entries(detail.deviceDetails);
  return (
    <div className="detail-body">
      <div className="detail-state">
        <StateChip state={detail.state} />
        <span className="muted">{kindText(detail.kind)}</span>
      </div>
      <Problem detail={detail} />
      <ExpiryNote request={detail} full />
      {detail.needsLicenseKey ? <LicenseKeyForm detail={detail} /> : detail.keyEditable ? <ChangeLicenseKey key={detail.id} detail={detail} /> : null}
      <ConnectionChoice detail={detail} />
      <Actions detail={detail} />
      <MoveToVisit detail={detail} />

      <section className="detail-section" aria-label="Request">
        <h3>Request</h3>
        <dl className="fields">
          <dt>Licence key</dt>
          <dd className="mono">{detail.licenseKeyMasked}</dd>
          <dt>Device ID</dt>
          <dd className="mono break">{detail.deviceId}</dd>
          <dt>Format</dt>
          <dd>{detail.formatLabel}</dd>
          <dt>Source file</dt>
          <dd className="break">{detail.sourceName}</dd>
          <dt>Captured</dt>
          <dd>
            <Time iso={detail.capturedAt} />
          </dd>
          <dt>Updated</dt>
          <dd>
            <Time iso={detail.updatedAt} />
          </dd>
          <dt>Attempts</dt>
          <dd>{detail.attempts}</dd>
          {detail.nextAttemptAt ? (
            <>
              <dt>Next attempt</dt>
              <dd>
                <Time iso={detail.nextAttemptAt} /> (<Time iso={detail.nextAttemptAt} relative />)
              </dd>
            </>
          ) : null}
          <dt>Request ID</dt>
          <dd className="mono break small">{detail.id}</dd>
        </dl>
      </section>

      {detail.signedKey ? <SignedKey signedKey={detail.signedKey} /> : null}

      {deviceDetails.length > 0 ? (
        <section className="detail-section" aria-label="Device">
          <h3>Device</h3>
          <dl className="fields">
            {deviceDetails.map(([key, value]) => (
              <div key={key} className="field-pair">
                <dt>{humanize(key)}</dt>
                <dd className="break">{value}</dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}

      <section className="detail-section" aria-label="Response">
        <h3>Response</h3>
        {detail.response ? (
          <>
            <dl className="fields">
              <dt>File name</dt>
              <dd className="mono break" data-testid="response-file-name">
                {detail.response.fileName}
              </dd>
              <dt>Size</dt>
              <dd>
                {formatBytes(detail.response.sizeBytes)} <span className="muted">({detail.response.mediaType})</span>
              </dd>
              <dt>Signature checked</dt>
              <dd>
                <Time iso={detail.response.verifiedAt} />
              </dd>
              <dt>Delivered</dt>
              <dd>{detail.response.deliveredAt ? <Time iso={detail.response.deliveredAt} /> : 'Not yet'}</dd>
            </dl>
            <pre className="preview" tabIndex={0} aria-label="Response preview">
              {detail.response.preview}
            </pre>
            {detail.state === 'fulfilled' || detail.state === 'delivered' ? (
              <div className="button-row detail-show-qr">
                <ShowQrButton id={detail.id} device={deviceName(detail)} />
              </div>
            ) : null}
          </>
        ) : (
          <p className="muted">No response yet. It appears here once the licensing service answers and its signature checks out.</p>
        )}
      </section>

      <section className="detail-section" aria-label="History">
        <h3>History</h3>
        {detail.history.length > 0 ? (
          <ol className="timeline">
            {[...detail.history].reverse().map((entry) => (
              <li key={entry.seq} data-event={entry.event}>
                <span className="timeline-dot" aria-hidden="true" />
                <div>
                  <p className="timeline-title">
                    {humanize(entry.event)}
                    <span className="muted">
                      {' · '}
                      <Time iso={entry.at} />
                    </span>
                  </p>
                  {entry.detail ? <p className="timeline-detail">{entry.detail}</p> : null}
                </div>
              </li>
            ))}
          </ol>
        ) : (
          <p className="muted">No history recorded.</p>
        )}
      </section>
    </div>
  );
}

const KIND_TEXT: Record<RequestDetail['kind'], string> = { activate: 'Activation', deactivate: 'Deactivation', refresh: 'Refresh', 'license-file': 'Licence file for the key' };

function kindText(kind: RequestDetail['kind']): string {
  return KIND_TEXT[kind];
}

function Problem({ detail }: { detail: RequestDetail }) {
  if (!detail.lastError) {
    if (detail.state === 'fulfilled') {
      return <p className="note note-good">The signed response is ready. Export it on the Deliver screen (Alt+3).</p>;
    }
    return null;
  }
  // A signature the kiosk could not verify is not the service's refusal: the service answered (it may
  // have taken the seat), and the key in Settings is the likely cause.
  const key = detail.keyProblem;
  const title = key
    ? `Check the public key${key.connectionName ? ` of "${key.connectionName}"` : ''}: the answer's signature did not verify`
    : detail.state === 'rejected'
      ? 'The licensing service refused this request'
      : detail.state === 'retry_wait'
        ? 'The last attempt failed; the kiosk will try again'
        : `${STATE_LABELS[detail.state]} — last problem`;
  return (
    <div className={`note ${detail.state === 'rejected' ? 'note-bad' : 'note-warn'}`} data-testid="detail-error">
      <p className="note-title">{title}</p>
      <p className="note-text">{detail.lastError}</p>
      {key ? (
        <p className="note-text" data-testid="key-problem">
          The licensing service answered, so it may have taken a seat. Fix the key in Settings and save; then retry: the kiosk finds a seat already
          taken instead of taking another.
        </p>
      ) : null}
      {detail.lastErrorCode ? <p className="note-code mono">Code: {detail.lastErrorCode}</p> : null}
    </div>
  );
}

const SIGNED_KEY_NOTE = { verified: 'note-good', unchecked: 'note-warn', invalid: 'note-bad' } as const;

/** A Keygen signed key: main's verdict on its signature and what its signed dataset says, as plain text. */
function SignedKey({ signedKey }: { signedKey: NonNullable<RequestDetail['signedKey']> }) {
  const fields = [
    ['Licence', signedKey.licence],
    ['Product', signedKey.product],
    ['Expiry', signedKey.expiry],
  ] as const;
  return (
    <section className="detail-section" aria-label="Signed licence key" data-testid="signed-key">
      <h3>Signed licence key</h3>
      <p className={`note ${SIGNED_KEY_NOTE[signedKey.status]}`} data-status={signedKey.status}>
        {signedKey.message}
      </p>
      <dl className="fields">
        {fields.map(([name, value]) =>
          value === null ? null : (
            <div key={name} className="field-pair">
              <dt>{name}</dt>
              <dd className="mono break" data-field={name.toLowerCase()}>
                {value}
              </dd>
            </div>
          ),
        )}
      </dl>
      {signedKey.dataset !== null ? (
        <pre className="preview" tabIndex={0} aria-label="Signed key dataset">
          {signedKey.dataset}
        </pre>
      ) : null}
    </section>
  );
}

/** A vendor request file that came without its licence key waits until the engineer types it. */
function LicenseKeyForm({ detail }: { detail: RequestDetail }) {
  const acting = useQueue((s) => s.acting);
  const setLicenseKey = useQueue((s) => s.setLicenseKey);
  const [key, setKey] = useState('');
  return (
    <form
      className="note note-warn license-key-form"
      data-testid="license-key-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (key.trim()) void setLicenseKey(detail.id, key.trim());
      }}
    >
      <p className="note-title">This request came without a licence key</p>
      <p className="note-text">It waits here until you enter the key that belongs to this device (from the order or the customer).</p>
      <label htmlFor="license-key-input">Licence key</label>
      <div className="license-key-row">
        <input id="license-key-input" className="mono" type="text" autoComplete="off" spellCheck={false} maxLength={MAX_LICENSE_KEY_CHARS} value={key} onChange={(e) => setKey(e.currentTarget.value)} />
        <button type="submit" className="button button-primary" disabled={!key.trim() || acting !== null}>
          Save key
        </button>
      </div>
    </form>
  );
}

/** A key the engineer typed can be corrected until the request is sent (main decides: keyEditable). */
function ChangeLicenseKey({ detail }: { detail: RequestDetail }) {
  const acting = useQueue((s) => s.acting);
  const setLicenseKey = useQueue((s) => s.setLicenseKey);
  const [open, setOpen] = useState(false);
  const [key, setKey] = useState('');
  if (!open) {
    return (
      <div className="license-key-change">
        <button type="button" className="button button-small" onClick={() => setOpen(true)} disabled={acting !== null}>
          Change licence key…
        </button>
        <span className="muted">The key was typed here and the request has not been sent, so it can still be corrected.</span>
      </div>
    );
  }
  return (
    <form
      className="note license-key-form"
      data-testid="license-key-change"
      onSubmit={(event) => {
        event.preventDefault();
        if (key.trim()) void setLicenseKey(detail.id, key).then(() => setOpen(false));
      }}
    >
      <label htmlFor="license-key-change-input">New licence key (now {detail.licenseKeyMasked})</label>
      <div className="license-key-row">
        <input
          id="license-key-change-input"
          className="mono"
          type="text"
          autoComplete="off"
          spellCheck={false}
          maxLength={MAX_LICENSE_KEY_CHARS}
          value={key}
          autoFocus
          onChange={(e) => setKey(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setOpen(false);
          }}
        />
        <button type="submit" className="button button-primary" disabled={!key.trim() || acting !== null}>
          Save key
        </button>
        <button type="button" className="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
      <p className="muted">Spaces are removed; the audit trail keeps the old and the new key, masked.</p>
    </form>
  );
}

function Actions({ detail }: { detail: RequestDetail }) {
  const acting = useQueue((s) => s.acting);
  const retry = useQueue((s) => s.retry);
  const cancel = useQueue((s) => s.cancel);
  const open = useQueue((s) => s.open);
  const restore = useQueue((s) => s.restore);
  const [confirming, setConfirming] = useState(false);
  const [returning, setReturning] = useState(false);
  const { retry: canRetry, cancel: canCancel, restore: canRestore, returnSeat: canReturn } = detail.actions;

  useEffect(() => {
    setConfirming(false);
    setReturning(false);
  }, [detail.id, detail.state]);

  if (canRestore) {
    return (
      <div className="button-row detail-actions">
        <button type="button" className="button" disabled={acting !== null} onClick={() => void restore(detail.id)}>
          Restore
        </button>
        <span className="muted small">Cancelled: it will not be sent. Restore puts it back in the queue.</span>
      </div>
    );
  }
  if (!canRetry && !canCancel && !canReturn) return null;
  if (returning) {
    return (
      <SeatReturnConfirm
        device={deviceName(detail)}
        licence={detail.licenseKeyMasked}
        send={(reason) => kiosk().returnSeat({ from: 'request', requestId: detail.id, reason })}
        onClose={(result) => {
          setReturning(false);
          if (result) {
            notify(result.message);
            // The seat return is a request of its own: show it, so its sync and proof can be followed.
            if (result.requestId) open(result.requestId);
          }
        }}
      />
    );
  }
  if (confirming) {
    return (
      <div className="confirm" role="group" aria-label="Confirm cancelling">
        <p>Cancel this request? It will not be sent to the licensing service (you can restore it later).</p>
        <div className="button-row">
          <button
            type="button"
            className="button button-danger"
            disabled={acting !== null}
            onClick={() => void cancel(detail.id).then(() => setConfirming(false))}
          >
            Yes, cancel it
          </button>
          <button type="button" className="button" onClick={() => setConfirming(false)} autoFocus>
            Keep it
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="button-row detail-actions">
      {canRetry ? (
        <button type="button" className="button button-primary" disabled={acting !== null} onClick={() => void retry(detail.id)}>
          <Icon name="sync" size={16} className={acting === 'retry' ? 'spin' : undefined} />
          Retry now
        </button>
      ) : null}
      {canCancel ? (
        <button type="button" className="button" disabled={acting !== null} onClick={() => setConfirming(true)}>
          Cancel request
        </button>
      ) : null}
      {canReturn ? (
        <button type="button" className="button" disabled={acting !== null} onClick={() => setReturning(true)}>
          Return this device&rsquo;s seat
        </button>
      ) : null}
      {detail.state === 'rejected' && detail.lastErrorCode ? <RetryAllForReason code={detail.lastErrorCode} /> : null}
    </div>
  );
}

/** Every request refused for the same reason goes again at once (e.g. after the licence was fixed at the vendor). */
function RetryAllForReason({ code }: { code: string }) {
  const ask = useBulk((s) => s.ask);
  const start = async () => {
    const filter = { states: ['rejected' as const], errorCode: code };
    try {
      const { total } = await kiosk().listRequests({ ...filter, limit: 0 });
      ask({ action: 'retry', target: { filter, except: [] }, count: total, what: `all ${plural(total, 'request')} refused for this reason`, list: 'queue' });
    } catch (error) {
      reportError(error);
    }
  };
  return (
    <button type="button" className="button" data-testid="retry-all-for-reason" onClick={() => void start()}>
      Retry all refused for this reason
    </button>
  );
}
