// The Capture screen's "Licence file for a key": the engineer (or a device that cannot make a request)
// needs the vendor's licence file for a key, not a machine activation. Main builds the request
// (requestLicenseFile); its result joins the capture results like any captured request.
import { useState, type FormEvent } from 'react';
import { calls } from '../../../shared/api/contract.ts';
import { Icon } from '../components/Icon.tsx';
import { kiosk } from '../kiosk-client.ts';
import { keepResults } from '../store/capture.ts';
import { errorMessage } from '../store/ui.ts';
import './text-capture.css';

export function LicenseFilePanel() {
  const [key, setKey] = useState('');
  const [label, setLabel] = useState('');
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setDone(null);
    if (!key.trim()) {
      setProblem('Type or paste the licence key first.');
      return;
    }
    // The contract's own rules, so a bad key gets its sentence here without a refused call.
    const checked = calls.requestLicenseFile.input.safeParse({ licenseKey: key, ...(label.trim() ? { label } : {}) });
    if (!checked.success) {
      setProblem(sentence(checked.error.issues[0]?.message ?? 'the licence key is not valid'));
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
          <h2 id="license-file-title">Licence file for a key</h2>
          <p className="muted" id="license-file-help">
            For a device or relay that needs the vendor&rsquo;s licence file for its key (Keygen&rsquo;s <span className="mono">.lic</span>), not a machine
            activation: no machine is activated and no seat is taken. The file is fetched and verified at the next sync and exported as{' '}
            <span className="mono">&lt;label&gt;-license.lic</span>. The same key asked for twice on one day is queued once.
          </p>
        </div>
      </div>
      <form className="paste-form" onSubmit={(event) => void submit(event)} noValidate>
        <label htmlFor="license-file-key">Licence key</label>
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
        <label htmlFor="license-file-label">Label for the file (optional)</label>
        <input
          id="license-file-label"
          type="text"
          maxLength={60}
          autoComplete="off"
          placeholder="e.g. line-4-relay; without one the key's last characters name it"
          value={label}
          onChange={(event) => setLabel(event.currentTarget.value)}
        />
        <div className="paste-actions">
          <div id="license-file-status" role="status" aria-live="polite" data-testid="license-file-status">
            {problem ? <p className="note note-bad">{problem}</p> : done ? <p className="note note-good">{done}</p> : null}
          </div>
          <button type="submit" className="button button-primary" disabled={sending}>
            Ask for the licence file
          </button>
        </div>
      </form>
    </section>
  );
}

function sentence(message: string): string {
  return `${message.charAt(0).toUpperCase()}${message.slice(1)}${/[.!?]$/.test(message) ? '' : '.'}`;
}
