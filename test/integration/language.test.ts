// The language through the core: it follows the OS's locales until Settings chooses one, main keeps
// the choice across a restart, a stored value it cannot read counts as "like the computer", and
// main's own sentences come out in the language of the moment.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Preferences } from '../../electron/store/preferences.ts';
import { openDatabase } from '../../electron/store/database.ts';
import { setLanguage } from '../../shared/i18n/index.ts';
import { openCore } from '../support/core.ts';
import { tempDir } from '../support/temp.ts';

test('language: follows the OS, chosen in Settings, kept across a restart, main speaks it', async (t) => {
  t.after(() => setLanguage('en', 'en'));
  const dataDir = tempDir(t);
  let kiosk = openCore(dataDir, { systemLocales: () => ['de_DE.UTF-8', 'en-US'] });
  const first = await kiosk.call('getUiPreferences', {});
  assert.deepEqual({ language: first.language, display: first.display }, { language: 'system', display: { language: 'de', locale: 'de-DE', system: 'de' } });
  const german = (await kiosk.fail('startKioskMode', { pin: '12' })).message;
  assert.doesNotMatch(german, /digits/, `main's sentence is German: ${german}`);

  const chosen = await kiosk.call('setUiPreferences', { language: 'en' });
  assert.deepEqual(chosen.display, { language: 'en', locale: 'en-US', system: 'de' }, 'the OS region kept for the chosen language');
  assert.match((await kiosk.fail('startKioskMode', { pin: '12' })).message, /4 to 12 digits/);
  assert.equal((await kiosk.fail('setUiPreferences', { language: 'fr' } as never)).code, 'invalid_input');
  await kiosk.core.close();

  kiosk = openCore(dataDir, { systemLocales: () => ['de-DE'] });
  assert.equal((await kiosk.call('getUiPreferences', {})).language, 'en', 'kept across a restart');
  await kiosk.core.close();

  // A hand-edited or older entry: an unknown language is "like the computer", the theme is kept.
  const db = openDatabase(`${dataDir}/kiosk.sqlite`);
  new Preferences(db).set('ui', { theme: 'dark', language: 'klingon' });
  db.close();
  kiosk = openCore(dataDir, { systemLocales: () => ['fr-FR'] });
  t.after(() => kiosk.core.close());
  const read = await kiosk.call('getUiPreferences', {});
  assert.deepEqual({ theme: read.theme, language: read.language, display: read.display }, { theme: 'dark', language: 'system', display: { language: 'en', locale: 'en', system: 'en' } });
});
