// Settings: the folders the kiosk watches like USB sticks, whether it imports by itself, and where
// it looks for removable media. Main checks each folder and answers with the sentence when it refuses.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { StickSettings } from '../../../shared/api/sticks.ts';
import { kiosk } from '../kiosk-client.ts';
import { errorMessage } from '../store/ui.ts';
import { TextField } from '../settings/text-field.tsx';
import './sticks.css';

export function WatchedFoldersCard() {
  const { t } = useTranslation('settings');
  const [settings, setSettings] = useState<StickSettings | null>(null);
  const [folder, setFolder] = useState('');
  const [problem, setProblem] = useState<string | undefined>();

  useEffect(() => {
    void kiosk()
      .getStickSettings({})
      .then(setSettings)
      .catch((error: unknown) => setProblem(errorMessage(error)));
  }, []);

  const save = async (change: { watchedFolders?: string[]; autoImport?: boolean }): Promise<boolean> => {
    try {
      setSettings(await kiosk().setStickSettings(change));
      setProblem(undefined);
      return true;
    } catch (error) {
      setProblem(errorMessage(error));
      return false;
    }
  };

  const add = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!settings) return;
    if (!folder.trim()) {
      setProblem(t('watched.missingPath'));
      return;
    }
    if (await save({ watchedFolders: [...settings.watchedFolders, folder.trim()] })) setFolder('');
  };

  return (
    <section className="card info-card" aria-labelledby="watched-title" data-testid="watched-folders">
      <h2 id="watched-title">{t('watched.title')}</h2>
      <p className="muted small">
        {t('watched.intro')}
        {settings?.mountRoots.length ? ` ${t('watched.mountRoots', { roots: settings.mountRoots.join(', ') })}` : ''}
      </p>
      {settings?.watchedFolders.length ? (
        <ul className="watched-list">
          {settings.watchedFolders.map((f) => (
            <li key={f}>
              <span className="mono small break">{f}</span>
              <button type="button" className="button button-small" aria-label={t('watched.stopWatching', { folder: f })} onClick={() => void save({ watchedFolders: settings.watchedFolders.filter((x) => x !== f) })}>
                {t('watched.remove')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <form className="watched-form" onSubmit={(e) => void add(e)}>
        <TextField label={t('watched.watch')} hint={t('watched.watchHint')} error={problem}>
          {(props) => (
            <div className="watched-add">
              <input {...props} type="text" value={folder} onChange={(e) => setFolder(e.currentTarget.value)} spellCheck={false} data-testid="watched-folder-input" />
              <button type="submit" className="button" disabled={!settings}>
                {t('watched.add')}
              </button>
            </div>
          )}
        </TextField>
      </form>
      <label className="check-field">
        <input type="checkbox" checked={settings?.autoImport ?? false} disabled={!settings} onChange={(e) => void save({ autoImport: e.currentTarget.checked })} data-testid="auto-import" /> {t('watched.autoImport')}
      </label>
    </section>
  );
}
