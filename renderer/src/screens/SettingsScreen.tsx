import { AuditSettings } from '../audit/AuditSettings.tsx';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_CONNECTION_VENDOR, type CallInput, type CallOutput, type ConnectionVendor, type ConnectionView } from '../../../shared/api/contract.ts';
import { apiOrigin, clearTextRefusal, clearTextRisk, sendsInClear } from '../../../shared/api/api-address.ts';
import { KeyRefusalOffer } from '../settings/KeyRefusalOffer.tsx';
import { ConfirmButton } from '../settings/ConfirmButton.tsx';
import { KioskError } from '../../../shared/api/errors.ts';
import { DemoCard } from '../components/DemoCard.tsx';
import { Icon } from '../components/Icon.tsx';
import { ScreenHeader } from '../components/ScreenHeader.tsx';
import { kiosk } from '../kiosk-client.ts';
import { formFor, VENDOR_FORMS } from '../settings/registry.ts';
import { TextField } from '../settings/text-field.tsx';
import { WatchedFoldersCard } from '../sticks/WatchedFoldersCard.tsx';
import { errorMessage, reportError, useStatus } from '../store/index.ts';
import { AppearanceCard } from '../appearance/AppearanceCard.tsx';
import { KioskModeCard } from '../appearance/KioskModeCard.tsx';

type Form = {
  vendor: ConnectionVendor;
  name: string;
  baseUrl: string;
  secret: string;
  allowInsecureHttp: boolean;
  /** Each vendor's own fields (its Settings form's), kept while the engineer switches vendor. */
  fields: Record<ConnectionVendor, unknown>;
};
type CommonField = Exclude<keyof Form, 'fields'>;

function emptyForm(vendor: ConnectionVendor = DEFAULT_CONNECTION_VENDOR): Form {
  return {
    vendor,
    name: '',
    baseUrl: '',
    secret: '',
    allowInsecureHttp: false,
    fields: Object.fromEntries(VENDOR_FORMS.map((f) => [f.vendor, f.empty])) as Record<ConnectionVendor, unknown>,
  };
}

function fromConnection(connection: ConnectionView | null): Form {
  if (!connection || connection.isDemo) return emptyForm();
  const empty = emptyForm(connection.vendor);
  return {
    ...empty,
    name: connection.name,
    baseUrl: connection.baseUrl,
    allowInsecureHttp: connection.allowInsecureHttp,
    fields: { ...empty.fields, [connection.vendor]: formFor(connection.vendor).fromView(connection.settings) },
  };
}

/** The contract input for the form; the secret only when the engineer typed one. */
function toInput(form: Form, id: string | null): CallInput<'saveConnection'> {
  const common = {
    ...(id ? { id } : {}),
    name: form.name,
    baseUrl: form.baseUrl,
    allowInsecureHttp: form.allowInsecureHttp && sendsInClear(form.baseUrl),
    ...(form.secret.trim() ? { secret: form.secret } : {}),
  };
  return formFor(form.vendor).toInput(common, form.fields[form.vendor]);
}

/** Sentences by field name: the common fields' and the vendor's own. */
function validate(form: Form): Partial<Record<string, string>> {
  const result = formFor(form.vendor).schema.safeParse(toInput(form, null));
  const errors: Partial<Record<string, string>> = {};
  for (const issue of result.success ? [] : result.error.issues) {
    const field = issue.path[0];
    if (typeof field === 'string' && !errors[field]) errors[field] = issue.message;
  }
  // Main refuses the same at save and test; saying it here keeps the sentence beside the field.
  if (!errors.baseUrl && sendsInClear(form.baseUrl) && !form.allowInsecureHttp) errors.baseUrl = clearTextRefusal(form.baseUrl);
  return errors;
}

/** Settings: the licensing connections, and where the kiosk keeps its data. */
export function SettingsScreen() {
  const { t } = useTranslation('settings');
  const status = useStatus((s) => s.status);
  const connection = status?.connection ?? null;
  const [list, setList] = useState<ConnectionView[]>([]);
  /** The connection being edited: an id, 'new', or null to follow the default connection. */
  const [editing, setEditing] = useState<string | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  /** A fresh form only when the engineer picks Add or Edit (a save keeps the form and its message). */
  const [formKey, setFormKey] = useState(0);
  const edit = (id: string | null): void => {
    setEditing(id);
    setFormKey((k) => k + 1);
  };

  const reload = async (): Promise<void> => {
    try {
      setList(await kiosk().listConnections({}));
    } catch (error) {
      reportError(error);
    }
  };
  useEffect(() => {
    void reload();
  }, [status?.connection?.id, status?.connection?.name]);

  const followed = editing === 'new' ? null : editing ? (list.find((c) => c.id === editing) ?? null) : connection?.isDemo ? null : connection;
  const act = async (what: () => Promise<unknown>): Promise<void> => {
    setListError(null);
    try {
      await what();
      await reload();
      void useStatus.getState().refresh();
    } catch (error) {
      setListError(errorMessage(error));
    }
  };

  return (
    <div className="screen screen-settings" data-testid="settings-screen">
      <ScreenHeader title={t('title')}>{t('lede')}</ScreenHeader>
      <DemoCard />
      <div className="settings-grid">
        <div className="settings-main">
          <section className="card connection-list-card" aria-labelledby="connections-title" data-testid="connection-list">
            <div className="card-title-row">
              <h2 id="connections-title">{t('connections.title')}</h2>
              <button type="button" className="button button-quiet" onClick={() => edit('new')} data-testid="add-connection">
                {t('connections.add')}
              </button>
            </div>
            {list.length === 0 ? <p className="muted">{t('connections.none')}</p> : null}
            <ul className="connection-list">
              {list.map((c) => (
                <li key={c.id} className={`connection-item${followed?.id === c.id ? ' is-selected' : ''}`} data-connection-id={c.id} data-vendor={c.vendor} data-testid="connection-item">
                  <div className="connection-item-main">
                    <span className="connection-item-name">{c.name}</span> <span className="tag">{formFor(c.vendor).label}</span>
                    {c.isDefault ? <span className="tag tag-good">{t('connections.default')}</span> : null}
                    {c.isDemo ? <span className="tag">{t('connections.demo')}</span> : null}
                    {c.allowInsecureHttp ? <span className="tag tag-bad">{t('connections.insecure')}</span> : null}
                    <p className="muted small break">
                      {formFor(c.vendor).secret ? t(c.hasSecret ? 'connections.tokenSaved' : 'connections.noTokenSaved', { url: c.baseUrl }) : c.baseUrl}
                    </p>
                    {c.problem ? (
                      <p className="small bad-text" data-testid="connection-problem">
                        {c.problem}
                      </p>
                    ) : null}
                  </div>
                  <div className="button-row">
                    {!c.isDemo ? (
                      <button type="button" className="button button-quiet" onClick={() => edit(c.id)} aria-label={t('connections.editAria', { name: c.name })}>
                        {t('connections.edit')}
                      </button>
                    ) : (
                      <RenameConnection connection={c} onRenamed={() => void reload()} />
                    )}
                    {!c.isDefault ? (
                      <button type="button" className="button button-quiet" onClick={() => void act(() => kiosk().setDefaultConnection({ id: c.id }))} aria-label={t('connections.makeDefaultAria', { name: c.name })}>
                        {t('connections.makeDefault')}
                      </button>
                    ) : null}
                    <ConfirmButton
                      label={t('connections.remove')}
                      ariaLabel={t('connections.removeAria', { name: c.name })}
                      question={t('connections.removeQuestion', { name: c.name })}
                      confirmLabel={t('connections.remove')}
                      onConfirm={() =>
                        void act(async () => {
                          await kiosk().removeConnection({ id: c.id });
                          if (editing === c.id) edit(null);
                        })
                      }
                    />
                  </div>
                </li>
              ))}
            </ul>
            {listError ? (
              <p className="note note-bad" role="alert" data-testid="connection-list-error">
                {listError}
              </p>
            ) : null}
          </section>
          <ConnectionForm
            key={formKey}
            connection={followed}
            isNew={editing === 'new' || !followed}
            onSaved={(view) => {
              setList((prev) => (prev.some((c) => c.id === view.id) ? prev.map((c) => (c.id === view.id ? view : c)) : [...prev, view]));
              setEditing(view.id);
              void reload();
            }}
          />
        </div>
        <aside className="settings-side">
          <AuditSettings />
          <section className="card info-card" aria-labelledby="current-connection-title">
            <h2 id="current-connection-title">{t('side.defaultTitle')}</h2>
            {connection ? (
              <>
                <p className="info-value" data-testid="current-connection">
                  {connection.name} {connection.isDemo ? <span className="tag">{t('connections.demo')}</span> : null}
                </p>
                <p className="muted small break">{connection.baseUrl}</p>
                {connection.isDemo ? (
                  <p className="muted small">{t('side.demoNote')}</p>
                ) : null}
              </>
            ) : (
              <p className="muted">{t('connections.none')}</p>
            )}
          </section>
          <section className="card info-card" aria-labelledby="secrets-title">
            <h2 id="secrets-title">{t('side.secretsTitle')}</h2>
            <p className="muted small" data-testid="secret-storage">
              {list[0]?.secretStorage ?? t('side.secretsDefault')}
            </p>
          </section>
          <section className="card info-card" aria-labelledby="data-folder-title">
            <h2 id="data-folder-title">{t('side.dataFolderTitle')}</h2>
            <p className="mono small break" data-testid="data-dir">
              {status?.dataDir ?? '…'}
            </p>
            <p className="muted small">{t('side.dataFolderNote')}</p>
          </section>
          <section className="card info-card" aria-labelledby="exports-title">
            <h2 id="exports-title">{t('side.exportsTitle')}</h2>
            <p className="muted small">{status?.deliverTo === 'folder' ? t('side.exportsFolder') : t('side.exportsDownload')}</p>
          </section>
          <AppearanceCard />
          <KioskModeCard />
          <WatchedFoldersCard />
        </aside>
      </div>
    </div>
  );
}

function ConnectionForm({ connection, isNew, onSaved }: { connection: ConnectionView | null; isNew: boolean; onSaved: (view: ConnectionView) => void }) {
  const { t } = useTranslation('settings');
  const [form, setForm] = useState<Form>(() => fromConnection(connection));
  const [dirty, setDirty] = useState(false);
  const [showErrors, setShowErrors] = useState(false);
  const [busy, setBusy] = useState<'test' | 'save' | null>(null);
  const [callError, setCallError] = useState<string | null>(null);
  const [test, setTest] = useState<CallOutput<'testConnection'> | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  /** What the last save changed beyond the form (a token cleared because the address changed). */
  const [notice, setNotice] = useState<string | null>(null);
  /** The connection just saved, to offer retrying what its key refused. */
  const [savedId, setSavedId] = useState<string | null>(null);
  const id = isNew ? null : (connection?.id ?? null);

  // Follow main's connection until the engineer starts editing.
  useEffect(() => {
    if (!dirty) setForm(fromConnection(connection));
  }, [connection, dirty]);

  const errors = showErrors ? validate(form) : {};
  const vendorForm = formFor(form.vendor);
  const touched = (): void => {
    setDirty(true);
    setSaved(null);
    setNotice(null);
    setTest(null);
    setCallError(null);
  };
  const change = <F extends CommonField>(field: F, value: Form[F]): void => {
    setForm((f) => ({ ...f, [field]: value }));
    touched();
  };
  const changeVendorField = (field: string | number | symbol, value: unknown): void => {
    setForm((f) => ({ ...f, fields: { ...f.fields, [f.vendor]: { ...(f.fields[f.vendor] as object), [field]: value } } }));
    touched();
  };

  const run = async (kind: 'test' | 'save'): Promise<void> => {
    setShowErrors(true);
    setCallError(null);
    setSaved(null);
    setNotice(null);
    if (kind === 'test') setTest(null);
    if (Object.keys(validate(form)).length > 0) return;
    setBusy(kind);
    try {
      if (kind === 'test') {
        setTest(await kiosk().testConnection(toInput(form, id)));
      } else {
        const view = await kiosk().saveConnection(toInput(form, id));
        setDirty(false);
        setShowErrors(false);
        setForm(fromConnection(view));
        setSaved(view.isDefault ? t('form.savedDefault', { name: view.name }) : t('form.savedFor', { name: view.name, vendor: formFor(view.vendor).label }));
        setNotice(view.notice);
        setSavedId(view.id);
        onSaved(view);
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
  const hasSecret = !isNew && connection?.hasSecret === true && connection.vendor === form.vendor;
  const newOrigin = apiOrigin(form.baseUrl);
  /** Saving now would clear the stored token: the address moved to another origin and no token was typed. */
  const tokenWillClear = hasSecret && connection !== null && form.secret.trim() === '' && newOrigin !== null && newOrigin !== apiOrigin(connection.baseUrl);
  const inClear = sendsInClear(form.baseUrl);

  return (
    <form className="card connection-form" onSubmit={onSubmit} noValidate aria-labelledby="connection-form-title" data-testid="connection-form" data-vendor={form.vendor}>
      <h2 id="connection-form-title">{isNew ? t('form.newTitle') : t('form.editTitle', { name: connection?.name ?? '' })}</h2>
      {isNew ? (
        <div className="field">
          <label htmlFor="connection-vendor">{t('form.vendor')}</label>
          <select id="connection-vendor" value={form.vendor} onChange={(e) => change('vendor', e.currentTarget.value as ConnectionVendor)} data-testid="connection-vendor">
            {VENDOR_FORMS.map((f) => (
              <option key={f.vendor} value={f.vendor}>
                {f.label}
              </option>
            ))}
          </select>
          <p className="field-hint">{vendorForm.help}</p>
        </div>
      ) : (
        <p className="muted small">{vendorForm.help}</p>
      )}
      <TextField label={t('form.name')} hint={t('form.nameHint')} error={errors.name}>
        {(props) => <input {...props} type="text" value={form.name} autoComplete="off" onChange={(e) => change('name', e.currentTarget.value)} />}
      </TextField>
      <TextField
        label={t('form.baseUrl')}
        hint={vendorForm.baseUrl.hint}
        error={errors.baseUrl}
      >
        {(props) => (
          <input
            {...props}
            type="text"
            inputMode="url"
            spellCheck={false}
            autoComplete="off"
            placeholder={vendorForm.baseUrl.placeholder}
            value={form.baseUrl}
            onChange={(e) => change('baseUrl', e.currentTarget.value)}
          />
        )}
      </TextField>
      {inClear ? (
        <div className={`insecure-choice${form.allowInsecureHttp ? ' is-chosen' : ''}`} data-testid="insecure-http">
          <label className="check-field">
            <input type="checkbox" checked={form.allowInsecureHttp} onChange={(e) => change('allowInsecureHttp', e.currentTarget.checked)} /> {t('form.allowHttp')}
          </label>
          <p className="small">{t('form.httpAdvice', { risk: clearTextRisk() })}</p>
        </div>
      ) : null}
      <vendorForm.Fields fields={form.fields[form.vendor]} change={changeVendorField} errors={errors} />
      {vendorForm.secret ? (
        <TextField label={vendorForm.secret.label} hint={vendorForm.secret.hint} error={errors.secret}>
          {(props) => (
            <input
              {...props}
              type="password"
              autoComplete="new-password"
              spellCheck={false}
              placeholder={tokenWillClear ? t('form.secretForNewAddress') : hasSecret ? t('form.secretSaved') : ''}
              value={form.secret}
              onChange={(e) => change('secret', e.currentTarget.value)}
              data-testid="connection-secret"
              data-saved={hasSecret}
            />
          )}
        </TextField>
      ) : null}
      {tokenWillClear && connection ? (
        <p className="note note-warn" role="status" data-testid="token-will-clear">
          {t('form.tokenWillClear', { from: apiOrigin(connection.baseUrl), to: newOrigin })}
        </p>
      ) : null}
      {!dirty && !notice && connection?.problem ? (
        <p className="note note-bad" data-testid="connection-form-problem">
          {connection.problem}
        </p>
      ) : null}

      {callError ? (
        <p className="note note-bad" role="alert" data-testid="connection-error">
          {callError}
        </p>
      ) : null}

      <div className="button-row">
        <button type="button" className="button" disabled={busy !== null} onClick={() => void run('test')}>
          <Icon name="plug" size={16} className={busy === 'test' ? 'pulse' : undefined} />
          {t('form.test')}
        </button>
        <button type="submit" className="button button-primary" disabled={busy !== null}>
          {t('form.save')}
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
            {t('form.undo')}
          </button>
        ) : null}
      </div>

      <div aria-live="polite">
        {busy === 'test' ? <p className="muted">{t('form.testing')}</p> : null}
        {saved ? (
          <p className="note note-good" data-testid="connection-saved">
            {saved}
          </p>
        ) : null}
        {saved && savedId ? <KeyRefusalOffer connectionId={savedId} /> : null}
        {notice ? (
          <p className="note note-warn" data-testid="connection-notice">
            {notice}
          </p>
        ) : null}
        {test ? (
          <div className={`test-result ${test.ok ? 'is-ok' : 'is-bad'}`} data-testid="connection-test" data-ok={test.ok}>
            <p className="note-title">{test.ok ? t('form.testOk') : t('form.testBad')}</p>
            <ul className="check-list">
              {test.checks.map((check) => (
                <li key={check.name} data-check={check.name} data-ok={check.ok} data-not-run={check.notRun ? 'true' : undefined}>
                  <span className={`check-mark ${check.notRun ? 'not-run' : check.ok ? 'ok' : 'bad'}`} aria-hidden="true">
                    {check.notRun ? '–' : check.ok ? '✓' : '✗'}
                  </span>
                  <span className="visually-hidden">{t(check.notRun ? 'form.checkNotRun' : check.ok ? 'form.checkPassed' : 'form.checkFailed')}</span>
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

/** The demo's address and key belong to the built-in demo service; its name is the engineer's to choose. */
function RenameConnection({ connection, onRenamed }: { connection: ConnectionView; onRenamed: () => void }) {
  const { t } = useTranslation('settings');
  const [name, setName] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  if (name === null) {
    return (
      <button type="button" className="button button-quiet" onClick={() => setName(connection.name)} aria-label={t('connections.editAria', { name: connection.name })}>
        {t('connections.edit')}
      </button>
    );
  }
  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    try {
      await kiosk().renameConnection({ id: connection.id, name });
      setName(null);
      setProblem(null);
      onRenamed();
      void useStatus.getState().refresh();
    } catch (error) {
      setProblem(errorMessage(error));
    }
  };
  return (
    <form className="rename-connection" onSubmit={(event) => void save(event)} data-testid="rename-connection">
      <label htmlFor={`rename-${connection.id}`}>{t('rename.name')}</label>
      <input
        id={`rename-${connection.id}`}
        type="text"
        maxLength={100}
        autoComplete="off"
        autoFocus
        value={name}
        aria-describedby={`rename-${connection.id}-help`}
        onChange={(event) => setName(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') setName(null);
        }}
      />
      <button type="submit" className="button button-primary button-small">
        {t('rename.save')}
      </button>
      <button type="button" className="button button-quiet button-small" onClick={() => setName(null)}>
        {t('rename.cancel')}
      </button>
      <p id={`rename-${connection.id}-help`} className="muted small">
        {t('rename.hint')}
      </p>
      {problem ? (
        <p className="note note-bad" role="alert">
          {problem}
        </p>
      ) : null}
    </form>
  );
}
