import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { connectionInput, type CallOutput, type ConnectionView } from '../../../shared/api/contract.ts';
import { KioskError } from '../../../shared/api/errors.ts';
import { DemoCard } from '../components/DemoCard.tsx';
import { Icon } from '../components/Icon.tsx';
import { ScreenHeader } from '../components/ScreenHeader.tsx';
import { kiosk } from '../kiosk-client.ts';
import { errorMessage, reportError, useStatus } from '../store/index.ts';

type Form = { name: string; baseUrl: string; publicKeyPem: string };
type Field = keyof Form;
const EMPTY: Form = { name: '', baseUrl: '', publicKeyPem: '' };

function fromConnection(connection: ConnectionView | null): Form {
  return connection ? { name: connection.name, baseUrl: connection.baseUrl, publicKeyPem: connection.publicKeyPem } : EMPTY;
}

function validate(form: Form): Partial<Record<Field, string>> {
  const result = connectionInput.safeParse(form);
  if (result.success) return {};
  const errors: Partial<Record<Field, string>> = {};
  for (const issue of result.error.issues) {
    const field = issue.path[0] as Field | undefined;
    if (field && !errors[field]) errors[field] = issue.message;
  }
  return errors;
}

/** Settings: the licensing connection, and where the kiosk keeps its data. */
export function SettingsScreen() {
  const status = useStatus((s) => s.status);
  const connection = status?.connection ?? null;
  return (
    <div className="screen screen-settings" data-testid="settings-screen">
      <ScreenHeader title="Settings">
        The licensing service the kiosk talks to. Your vendor gives you its address and public key; the key proves each response is genuine.
      </ScreenHeader>
      <DemoCard />
      <div className="settings-grid">
        <ConnectionForm connection={connection} />
        <aside className="settings-side">
          <section className="card info-card" aria-labelledby="current-connection-title">
            <h2 id="current-connection-title">Current connection</h2>
            {connection ? (
              <>
                <p className="info-value" data-testid="current-connection">
                  {connection.name} {connection.isDemo ? <span className="tag">Demo</span> : null}
                </p>
                <p className="muted small break">{connection.baseUrl}</p>
                {connection.isDemo ? (
                  <p className="muted small">
                    This is the built-in demo licensing service: safe to try things out, nothing real is activated.
                  </p>
                ) : null}
              </>
            ) : (
              <p className="muted">None yet. Requests wait in the queue until a connection is saved.</p>
            )}
          </section>
          <section className="card info-card" aria-labelledby="data-folder-title">
            <h2 id="data-folder-title">Data folder</h2>
            <p className="mono small break" data-testid="data-dir">
              {status?.dataDir ?? '…'}
            </p>
            <p className="muted small">The queue, the responses and the audit trail are kept here.</p>
          </section>
          <section className="card info-card" aria-labelledby="exports-title">
            <h2 id="exports-title">Exports</h2>
            <p className="muted small">
              {status?.deliverTo === 'folder'
                ? 'Each export asks for a folder, usually the USB stick.'
                : 'Exports are downloaded by the browser into its downloads folder.'}
            </p>
          </section>
        </aside>
      </div>
    </div>
  );
}

function ConnectionForm({ connection }: { connection: ConnectionView | null }) {
  const [form, setForm] = useState<Form>(() => fromConnection(connection));
  const [dirty, setDirty] = useState(false);
  const [showErrors, setShowErrors] = useState(false);
  const [busy, setBusy] = useState<'test' | 'save' | null>(null);
  const [callError, setCallError] = useState<string | null>(null);
  const [test, setTest] = useState<CallOutput<'testConnection'> | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  // Follow main's connection until the engineer starts editing.
  useEffect(() => {
    if (!dirty) setForm(fromConnection(connection));
  }, [connection, dirty]);

  const errors = showErrors ? validate(form) : {};
  const change = (field: Field, value: string): void => {
    setForm((f) => ({ ...f, [field]: value }));
    setDirty(true);
    setSaved(null);
    setTest(null);
    setCallError(null);
  };

  const run = async (kind: 'test' | 'save'): Promise<void> => {
    setShowErrors(true);
    setCallError(null);
    setSaved(null);
    if (kind === 'test') setTest(null);
    if (Object.keys(validate(form)).length > 0) return;
    setBusy(kind);
    try {
      if (kind === 'test') {
        setTest(await kiosk().testConnection(form));
      } else {
        const view = await kiosk().saveConnection(form);
        setDirty(false);
        setShowErrors(false);
        setForm(fromConnection(view));
        setSaved(`Saved. The kiosk now uses “${view.name}”.`);
        void useStatus.getState().refresh();
      }
    } catch (error) {
      if (error instanceof KioskError && error.code === 'invalid_input') setCallError(errorMessage(error));
      else {
        setCallError(errorMessage(error));
        reportError(error);
      }
    } finally {
      setBusy(null);
    }
  };

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    void run('save');
  };

  return (
    <form className="card connection-form" onSubmit={onSubmit} noValidate aria-labelledby="connection-form-title" data-testid="connection-form">
      <h2 id="connection-form-title">Licensing connection</h2>
      <TextField label="Name" hint="What you call this service, e.g. the vendor's name." error={errors.name}>
        {(props) => <input {...props} type="text" value={form.name} autoComplete="off" onChange={(e) => change('name', e.currentTarget.value)} />}
      </TextField>
      <TextField label="Base URL" hint="The licensing API's address, starting with https://" error={errors.baseUrl}>
        {(props) => (
          <input
            {...props}
            type="text"
            inputMode="url"
            spellCheck={false}
            autoComplete="off"
            placeholder="https://licensing.example.com/api"
            value={form.baseUrl}
            onChange={(e) => change('baseUrl', e.currentTarget.value)}
          />
        )}
      </TextField>
      <TextField
        label="Vendor public key (PEM)"
        hint="Paste the whole key, including the -----BEGIN PUBLIC KEY----- and -----END PUBLIC KEY----- lines."
        error={errors.publicKeyPem}
      >
        {(props) => (
          <textarea
            {...props}
            className="mono"
            rows={7}
            spellCheck={false}
            placeholder={'-----BEGIN PUBLIC KEY-----\n…\n-----END PUBLIC KEY-----'}
            value={form.publicKeyPem}
            onChange={(e) => change('publicKeyPem', e.currentTarget.value)}
          />
        )}
      </TextField>

      {callError ? (
        <p className="note note-bad" role="alert" data-testid="connection-error">
          {callError}
        </p>
      ) : null}

      <div className="button-row">
        <button type="button" className="button" disabled={busy !== null} onClick={() => void run('test')}>
          <Icon name="plug" size={16} className={busy === 'test' ? 'pulse' : undefined} />
          Test connection
        </button>
        <button type="submit" className="button button-primary" disabled={busy !== null}>
          Save
        </button>
        {dirty && connection ? (
          <button
            type="button"
            className="button button-quiet"
            disabled={busy !== null}
            onClick={() => {
              setDirty(false);
              setShowErrors(false);
              setCallError(null);
              setTest(null);
            }}
          >
            Undo changes
          </button>
        ) : null}
      </div>

      <div aria-live="polite">
        {busy === 'test' ? <p className="muted">Testing the connection…</p> : null}
        {saved ? (
          <p className="note note-good" data-testid="connection-saved">
            {saved}
          </p>
        ) : null}
        {test ? (
          <div className={`test-result ${test.ok ? 'is-ok' : 'is-bad'}`} data-testid="connection-test" data-ok={test.ok}>
            <p className="note-title">{test.ok ? 'The connection works.' : 'The connection has problems.'}</p>
            <ul className="check-list">
              {test.checks.map((check) => (
                <li key={check.name} data-check={check.name} data-ok={check.ok}>
                  <span className={`check-mark ${check.ok ? 'ok' : 'bad'}`} aria-hidden="true">
                    {check.ok ? '✓' : '✗'}
                  </span>
                  <span className="visually-hidden">{check.ok ? 'Passed: ' : 'Failed: '}</span>
                  <span className="check-name">{check.name}</span>
                  <span className="check-message">{check.message}</span>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
    </form>
  );
}

type FieldProps = { id: string; 'aria-invalid': boolean; 'aria-describedby': string };

function TextField({ label, hint, error, children }: { label: string; hint: string; error: string | undefined; children: (props: FieldProps) => ReactNode }) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': error ? `${errorId} ${hintId}` : hintId })}
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
      <p id={hintId} className="field-hint">
        {hint}
      </p>
    </div>
  );
}
