// The Capture screen's "Licence file for a key": the engineer (or a device that cannot make a request)
// needs the vendor's licence file for a key, not a machine activation. Main builds the request
// (requestLicenseFile); its result joins the capture results like any captured request.
import { useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { calls } from '../../../shared/api/contract.ts';
import { Icon } from '../components/Icon.tsx';
import { kiosk } from '../kiosk-client.ts';
import { keepResults } from '../store/capture.ts';
import { errorMessage } from '../store/ui.ts';
import './text-capture.css';

export function LicenseFilePanel() {
  const { t } = useTranslation('capture');
  const [key, setKey] = useState('');
  const [label, setLabel] = useState('');
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setDone(null);
    if (!key.trim()) {
      setProblem(t('licenseFile.noKey'));
      return;
    }
    // The contract's own rules, so a bad key gets its sentence here without a refused call.
    const checked = calls.requestLicenseFile.input.safeParse({ licenseKey: key, ...(label.trim() ? { label } : {}) });
    if (!checked.success) {
      setProblem(sentence(checked.error.issues[0]?.message ?? t('licenseFile.invalidKey')));
      return;
    }
    setSending(true);
    try {
      const result = await kiosk().requestLicenseFile({ licenseKey: key, ...(label.trim() ? { label } : {}) });
      keepResults([result]);
      if (result.outcome === 'error') setProblem(result.message);
      else {
        setProblem(null);
        setDone(result.message);
        setKey('');
        setLabel('');
      }
    } catch (error) {
      setProblem(sentence(errorMessage(error)));
    } finally {
      setSending(false);
    }
  };

  return (
    <section className="card text-capture" aria-labelledby="license-file-title" data-testid="license-file-panel">
      <div className="text-capture-scanner">
        <Icon name="file" size={22} className="text-capture-icon" />
        <div>
          <h2 id="license-file-title">{t('licenseFile.title')}</h2>
          <p className="muted" id="license-file-help">
            <Trans t={t} i18nKey="licenseFile.help" components={{ mono: <span className="mono" /> }} shouldUnescape />
          </p>
        </div>
      </div>
      <form className="paste-form" onSubmit={(event) => void submit(event)} noValidate>
        <label htmlFor="license-file-key">{t('licenseFile.keyLabel')}</label>
        <input
          id="license-file-key"
          type="text"
          className="mono"
          spellCheck={false}
          autoComplete="off"
          aria-describedby="license-file-help license-file-status"
          aria-invalid={problem ? true : undefined}
          value={key}
          onChange={(event) => {
            setKey(event.currentTarget.value);
            setProblem(null);
          }}
        />
        <label htmlFor="license-file-label">{t('licenseFile.labelLabel')}</label>
        <input
          id="license-file-label"
          type="text"
          maxLength={60}
          autoComplete="off"
          placeholder={t('licenseFile.labelPlaceholder')}
          value={label}
          onChange={(event) => setLabel(event.currentTarget.value)}
        />
        <div className="paste-actions">
          <div id="license-file-status" role="status" aria-live="polite" data-testid="license-file-status">
            {problem ? <p className="note note-bad">{problem}</p> : done ? <p className="note note-good">{done}</p> : null}
          </div>
          <button type="submit" className="button button-primary" disabled={sending}>
            {t('licenseFile.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

function sentence(message: string): string {
  return `${message.charAt(0).toUpperCase()}${message.slice(1)}${/[.!?]$/.test(message) ? '' : '.'}`;
}
