import { useEffect, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { CallOutput } from '../../../shared/api/contract.ts';
import { kiosk } from '../kiosk-client.ts';
import { reportError } from '../store/ui.ts';
import { EngineerForm } from './EngineerFirstRun.tsx';
import './audit.css';

/** Settings: the engineer's name, and the key that signs audit bundles. */
export function AuditSettings() {
  const { t } = useTranslation('audit');
  return (
    <>
      <section className="card info-card" aria-labelledby="engineer-title" data-testid="engineer-settings">
        <h2 id="engineer-title">{t('engineer.title')}</h2>
        <p className="muted small">{t('engineer.note')}</p>
        <EngineerForm />
      </section>
      <AuditKeyCard />
    </>
  );
}

function AuditKeyCard() {
  const { t } = useTranslation('audit');
  const [key, setKey] = useState<CallOutput<'getAuditKey'> | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  useEffect(() => {
    void kiosk().getAuditKey({}).then(setKey, reportError);
  }, []);
  async function copy() {
    if (!key) return;
    try {
      await navigator.clipboard.writeText(key.publicKeyHex);
      setCopied(t('key.copied'));
    } catch {
      setCopied(t('key.copyRefused'));
    }
  }
  return (
    <section className="card info-card" aria-labelledby="audit-key-title" data-testid="audit-key">
      <h2 id="audit-key-title">{t('key.title')}</h2>
      <p className="muted small">
        <Trans t={t} i18nKey="key.intro" components={{ code: <code /> }} />
      </p>
      <p className="small">{t('key.fingerprint')}</p>
      <p className="mono small break audit-fingerprint" data-testid="audit-key-fingerprint">
        {key?.fingerprint ?? '…'}
      </p>
      <label className="small" htmlFor="audit-public-key">
        {t('key.publicKey')}
      </label>
      <input id="audit-public-key" className="mono" type="text" readOnly value={key?.publicKeyHex ?? ''} onFocus={(event) => event.target.select()} />
      <div className="button-row">
        <button type="button" className="button" onClick={() => void copy()} disabled={!key}>
          {t('key.copy')}
        </button>
        {copied ? (
          <span className="muted small" role="status">
            {copied}
          </span>
        ) : null}
      </div>
    </section>
  );
}
