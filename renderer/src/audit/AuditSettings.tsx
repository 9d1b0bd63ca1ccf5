import { useEffect, useState } from 'react';
import type { CallOutput } from '../../../shared/api/contract.ts';
import { kiosk } from '../kiosk-client.ts';
import { reportError } from '../store/ui.ts';
import { EngineerForm } from './EngineerFirstRun.tsx';
import './audit.css';

/** Settings: the engineer's name, and the key that signs audit bundles. */
export function AuditSettings() {
  return (
    <>
      <section className="card info-card" aria-labelledby="engineer-title" data-testid="engineer-settings">
        <h2 id="engineer-title">Engineer</h2>
        <p className="muted small">Every audit entry names the engineer set here when it was written.</p>
        <EngineerForm />
      </section>
      <AuditKeyCard />
    </>
  );
}

function AuditKeyCard() {
  const [key, setKey] = useState<CallOutput<'getAuditKey'> | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  useEffect(() => {
    void kiosk().getAuditKey({}).then(setKey, reportError);
  }, []);
  async function copy() {
    if (!key) return;
    try {
      await navigator.clipboard.writeText(key.publicKeyHex);
      setCopied('Public key copied.');
    } catch {
      setCopied('Copying was refused: select the key below and copy it by hand.');
    }
  }
  return (
    <section className="card info-card" aria-labelledby="audit-key-title" data-testid="audit-key">
      <h2 id="audit-key-title">Audit signing key</h2>
      <p className="muted small">
        Signed audit bundles carry this key. A customer checks a bundle with <code>npm run audit -- verify FILE --key FINGERPRINT</code>.
      </p>
      <p className="small">Fingerprint (SHA-256)</p>
      <p className="mono small break audit-fingerprint" data-testid="audit-key-fingerprint">
        {key?.fingerprint ?? '…'}
      </p>
      <label className="small" htmlFor="audit-public-key">
        Public key
      </label>
      <input id="audit-public-key" className="mono" type="text" readOnly value={key?.publicKeyHex ?? ''} onFocus={(event) => event.target.select()} />
      <div className="button-row">
        <button type="button" className="button" onClick={() => void copy()} disabled={!key}>
          Copy public key
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
