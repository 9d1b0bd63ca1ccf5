import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestDetail } from '../../../shared/api/contract.ts';
import { t } from '../../../shared/i18n/index.ts';
import en from '../../../shared/i18n/en/lists.ts';
import { MAX_LICENSE_KEY_CHARS } from '../../../shared/formats/license-key.ts';
import { deviceName, formatBytes, humanize } from '../format.ts';
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
  const { t } = useTranslation(['lists', 'common']);
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
          {detail ? deviceName(detail) : t('detail.loading')}
        </h2>
        <button type="button" className="icon-button" aria-label={t('detail.close')} title={t('detail.closeHint')} onClick={closePanel}>
          <Icon name="close" />
        </button>
      </div>
      {detail ? <DetailBody detail={detail} /> : <p className="muted detail-loading">{t('detail.loadingRequest')}</p>}
    </aside>
  );
}

function DetailBody({ detail }: { detail: RequestDetail }) {
  const { t } = useTranslation(['lists', 'common']);
  const deviceDetails = Object.entries(detail.deviceDetails);
  return (
    <div className="detail-body">
      <div className="detail-state">
        <StateChip state={detail.state} />
        <span className="muted">{t(`detail.kind.${detail.kind}`)}</span>
      </div>
      <Problem detail={detail} />
      <ExpiryNote request={detail} full />
      {detail.needsLicenseKey ? <LicenseKeyForm detail={detail} /> : detail.keyEditable ? <ChangeLicenseKey key={detail.id} detail={detail} /> : null}
      <ConnectionChoice detail={detail} />
      <Actions detail={detail} />
      <MoveToVisit detail={detail} />

      <section className="detail-section" aria-label={t('detail.request')}>
        <h3>{t('detail.request')}</h3>
        <dl className="fields">
          <dt>{t('detail.licenceKey')}</dt>
          <dd className="mono">{detail.licenseKeyMasked}</dd>
          <dt>{t('detail.deviceId')}</dt>
          <dd className="mono break">{detail.deviceId}</dd>
          <dt>{t('detail.format')}</dt>
          <dd>{detail.formatLabel}</dd>
          <dt>{t('detail.sourceFile')}</dt>
          <dd className="break">{detail.sourceName}</dd>
          <dt>{t('detail.captured')}</dt>
          <dd>
            <Time iso={detail.capturedAt} />
          </dd>
          <dt>{t('detail.updated')}</dt>
          <dd>
            <Time iso={detail.updatedAt} />
          </dd>
          <dt>{t('detail.attempts')}</dt>
          <dd>{detail.attempts}</dd>
          {detail.nextAttemptAt ? (
            <>
              <dt>{t('detail.nextAttempt')}</dt>
              <dd>
                <Time iso={detail.nextAttemptAt} /> (<Time iso={detail.nextAttemptAt} relative />)
              </dd>
            </>
          ) : null}
          <dt>{t('detail.requestId')}</dt>
          <dd className="mono break small">{detail.id}</dd>
        </dl>
      </section>

      {detail.signedKey ? <SignedKey signedKey={detail.signedKey} /> : null}

      {deviceDetails.length > 0 ? (
        <section className="detail-section" aria-label={t('detail.device')}>
          <h3>{t('detail.device')}</h3>
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

      <section className="detail-section" aria-label={t('detail.response')}>
        <h3>{t('detail.response')}</h3>
        {detail.response ? (
          <>
            <dl className="fields">
              <dt>{t('detail.fileName')}</dt>
              <dd className="mono break" data-testid="response-file-name">
                {detail.response.fileName}
              </dd>
              <dt>{t('detail.size')}</dt>
              <dd>
                {formatBytes(detail.response.sizeBytes)} <span className="muted">({detail.response.mediaType})</span>
              </dd>
              <dt>{t('detail.signatureChecked')}</dt>
              <dd>
                <Time iso={detail.response.verifiedAt} />
              </dd>
              <dt>{t('detail.delivered')}</dt>
              <dd>{detail.response.deliveredAt ? <Time iso={detail.response.deliveredAt} /> : t('detail.notYet')}</dd>
            </dl>
            <pre className="preview" tabIndex={0} aria-label={t('detail.preview')}>
              {detail.response.preview}
            </pre>
            {detail.state === 'fulfilled' || detail.state === 'delivered' ? (
              <div className="button-row detail-show-qr">
                <ShowQrButton id={detail.id} device={deviceName(detail)} />
              </div>
            ) : null}
          </>
        ) : (
          <p className="muted">{t('detail.noResponse')}</p>
        )}
      </section>

      <section className="detail-section" aria-label={t('detail.history')}>
        <h3>{t('detail.history')}</h3>
        {detail.history.length > 0 ? (
          <ol className="timeline">
            {[...detail.history].reverse().map((entry) => (
              <li key={entry.seq} data-event={entry.event}>
                <span className="timeline-dot" aria-hidden="true" />
                <div>
                  <p className="timeline-title">
                    {eventLabel(entry.event)}
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
          <p className="muted">{t('detail.noHistory')}</p>
        )}
      </section>
    </div>
  );
}

type EventCode = keyof typeof en.events;

/** A history event in the engineer's words; a code this kiosk does not know (from a newer one) as the word itself. */
function eventLabel(event: string): string {
  return Object.hasOwn(en.events, event) ? t(`lists:events.${event as EventCode}`) : humanize(event);
}

function Problem({ detail }: { detail: RequestDetail }) {
  const { t } = useTranslation(['lists', 'common']);
  if (!detail.lastError) {
    if (detail.state === 'fulfilled') {
      return <p className="note note-good">{t('detail.ready')}</p>;
    }
    return null;
  }
  // A signature the kiosk could not verify is not the service's refusal: the service answered (it may
  // have taken the seat), and the key in Settings is the likely cause.
  const key = detail.keyProblem;
  const title = key
    ? key.connectionName
      ? t('detail.keyProblemNamed', { connection: key.connectionName })
      : t('detail.keyProblem')
    : detail.state === 'rejected'
      ? t('detail.refused')
      : detail.state === 'retry_wait'
        ? t('detail.willRetry')
        : t('detail.lastProblem', { state: t(`common:states.${detail.state}`) });
  return (
    <div className={`note ${detail.state === 'rejected' ? 'note-bad' : 'note-warn'}`} data-testid="detail-error">
      <p className="note-title">{title}</p>
      <p className="note-text">{detail.lastError}</p>
      {key ? (
        <p className="note-text" data-testid="key-problem">
          {t('detail.keyProblemText')}
        </p>
      ) : null}
      {detail.lastErrorCode ? <p className="note-code mono">{t('detail.code', { code: detail.lastErrorCode })}</p> : null}
    </div>
  );
}

const SIGNED_KEY_NOTE = { verified: 'note-good', unchecked: 'note-warn', invalid: 'note-bad' } as const;

/** A Keygen signed key: main's verdict on its signature and what its signed dataset says, as plain text. */
function SignedKey({ signedKey }: { signedKey: NonNullable<RequestDetail['signedKey']> }) {
  const { t } = useTranslation(['lists', 'common']);
  const fields = [
    ['licence', signedKey.licence],
    ['product', signedKey.product],
    ['expiry', signedKey.expiry],
  ] as const;
  return (
    <section className="detail-section" aria-label={t('detail.signedKey')} data-testid="signed-key">
      <h3>{t('detail.signedKey')}</h3>
      <p className={`note ${SIGNED_KEY_NOTE[signedKey.status]}`} data-status={signedKey.status}>
        {signedKey.message}
      </p>
      <dl className="fields">
        {fields.map(([name, value]) =>
          value === null ? null : (
            <div key={name} className="field-pair">
              <dt>{t(`detail.signedFields.${name}`)}</dt>
              <dd className="mono break" data-field={name}>
                {value}
              </dd>
            </div>
          ),
        )}
      </dl>
      {signedKey.dataset !== null ? (
        <pre className="preview" tabIndex={0} aria-label={t('detail.signedKeyDataset')}>
          {signedKey.dataset}
        </pre>
      ) : null}
    </section>
  );
}

/** A vendor request file that came without its licence key waits until the engineer types it. */
function LicenseKeyForm({ detail }: { detail: RequestDetail }) {
  const { t } = useTranslation(['lists', 'common']);
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
      <p className="note-title">{t('detail.noKeyTitle')}</p>
      <p className="note-text">{t('detail.noKeyText')}</p>
      <label htmlFor="license-key-input">{t('detail.licenceKey')}</label>
      <div className="license-key-row">
        <input id="license-key-input" className="mono" type="text" autoComplete="off" spellCheck={false} maxLength={MAX_LICENSE_KEY_CHARS} value={key} onChange={(e) => setKey(e.currentTarget.value)} />
        <button type="submit" className="button button-primary" disabled={!key.trim() || acting !== null}>
          {t('detail.saveKey')}
        </button>
      </div>
    </form>
  );
}

/** A key the engineer typed can be corrected until the request is sent (main decides: keyEditable). */
function ChangeLicenseKey({ detail }: { detail: RequestDetail }) {
  const { t } = useTranslation(['lists', 'common']);
  const acting = useQueue((s) => s.acting);
  const setLicenseKey = useQueue((s) => s.setLicenseKey);
  const [open, setOpen] = useState(false);
  const [key, setKey] = useState('');
  if (!open) {
    return (
      <div className="license-key-change">
        <button type="button" className="button button-small" onClick={() => setOpen(true)} disabled={acting !== null}>
          {t('detail.changeKey')}
        </button>
        <span className="muted">{t('detail.changeKeyHint')}</span>
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
      <label htmlFor="license-key-change-input">{t('detail.newKey', { key: detail.licenseKeyMasked })}</label>
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
          {t('detail.saveKey')}
        </button>
        <button type="button" className="button" onClick={() => setOpen(false)}>
          {t('common:cancel')}
        </button>
      </div>
      <p className="muted">{t('detail.newKeyHint')}</p>
    </form>
  );
}

function Actions({ detail }: { detail: RequestDetail }) {
  const { t } = useTranslation(['lists', 'common']);
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
          {t('detail.restore')}
        </button>
        <span className="muted small">{t('detail.restoreHint')}</span>
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
      <div className="confirm" role="group" aria-label={t('detail.confirmCancelling')}>
        <p>{t('detail.cancelQuestion')}</p>
        <div className="button-row">
          <button
            type="button"
            className="button button-danger"
            disabled={acting !== null}
            onClick={() => void cancel(detail.id).then(() => setConfirming(false))}
          >
            {t('detail.yesCancel')}
          </button>
          <button type="button" className="button" onClick={() => setConfirming(false)} autoFocus>
            {t('detail.keepIt')}
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
          {t('detail.retryNow')}
        </button>
      ) : null}
      {canCancel ? (
        <button type="button" className="button" disabled={acting !== null} onClick={() => setConfirming(true)}>
          {t('detail.cancelRequest')}
        </button>
      ) : null}
      {canReturn ? (
        <button type="button" className="button" disabled={acting !== null} onClick={() => setReturning(true)}>
          {t('detail.returnSeat')}
        </button>
      ) : null}
      {detail.state === 'rejected' && detail.lastErrorCode ? <RetryAllForReason code={detail.lastErrorCode} /> : null}
    </div>
  );
}

/** Every request refused for the same reason goes again at once (e.g. after the licence was fixed at the vendor). */
function RetryAllForReason({ code }: { code: string }) {
  const { t } = useTranslation(['lists', 'common']);
  const ask = useBulk((s) => s.ask);
  const start = async () => {
    const filter = { states: ['rejected' as const], errorCode: code };
    try {
      const { total } = await kiosk().listRequests({ ...filter, limit: 0 });
      ask({ action: 'retry', target: { filter, except: [] }, count: total, scope: 'reason', list: 'queue' });
    } catch (error) {
      reportError(error);
    }
  };
  return (
    <button type="button" className="button" data-testid="retry-all-for-reason" onClick={() => void start()}>
      {t('detail.retryAllForReason')}
    </button>
  );
}
