import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useEngineer } from '../store/engineer.ts';

/**
 * First start: who is working on this kiosk. A modal the engineer leaves only by entering a name
 * (Escape does not close it): every audit entry, export and report names them from then on.
 */
export function EngineerFirstRun() {
  const loaded = useEngineer((s) => s.loaded);
  const engineer = useEngineer((s) => s.engineer);
  const load = useEngineer((s) => s.load);
  const dialog = useRef<HTMLDialogElement>(null);
  const open = loaded && engineer === null;
  useEffect(() => {
    if (!loaded) void load();
  }, [loaded, load]);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return (
    <dialog ref={dialog} className="engineer-first-run" aria-labelledby="first-run-title" data-testid="engineer-first-run" onCancel={(event) => event.preventDefault()}>
      {open ? <EngineerForm first /> : null}
    </dialog>
  );
}

/** Name and optional id; used by the first-run step and by Settings. */
export function EngineerForm({ first = false }: { first?: boolean }) {
  const { t } = useTranslation('audit');
  const engineer = useEngineer((s) => s.engineer);
  const save = useEngineer((s) => s.save);
  const [name, setName] = useState(engineer?.name ?? '');
  const [id, setId] = useState(engineer?.id ?? '');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setName(engineer?.name ?? '');
    setId(engineer?.id ?? '');
  }, [engineer]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) {
      setError(t('engineer.missingName'));
      return;
    }
    setBusy(true);
    const problem = await save(name, id);
    setBusy(false);
    setError(problem);
    setSaved(problem === null);
  }

  const prefix = first ? 'first-run' : 'settings-engineer';
  return (
    <form className="engineer-form" onSubmit={(event) => void submit(event)} noValidate data-testid={`${prefix}-form`}>
      {first ? (
        <>
          <h2 id="first-run-title">{t('engineer.firstTitle')}</h2>
          <p className="muted">{t('engineer.firstText')}</p>
        </>
      ) : null}
      <div className={`field${error ? ' has-error' : ''}`}>
        <label htmlFor={`${prefix}-name`}>{t('engineer.name')}</label>
        <input
          id={`${prefix}-name`}
          type="text"
          autoComplete="name"
          maxLength={80}
          value={name}
          autoFocus={first}
          aria-invalid={Boolean(error)}
          aria-describedby={error ? `${prefix}-error` : undefined}
          onChange={(event) => {
            setName(event.target.value);
            setSaved(false);
          }}
        />
        {error ? (
          <p id={`${prefix}-error`} className="field-error" role="alert">
            {error}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-id`}>{t('engineer.id')}</label>
        <input
          id={`${prefix}-id`}
          type="text"
          maxLength={40}
          value={id}
          aria-describedby={`${prefix}-id-hint`}
          onChange={(event) => {
            setId(event.target.value);
            setSaved(false);
          }}
        />
        <p id={`${prefix}-id-hint`} className="field-hint">
          {t('engineer.idHint')}
        </p>
      </div>
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={busy}>
          {first ? t('engineer.start') : t('engineer.update')}
        </button>
        {saved && !first ? (
          <span className="muted small" role="status">
            {t('engineer.saved', { name: name.trim() })}
          </span>
        ) : null}
      </div>
    </form>
  );
}
