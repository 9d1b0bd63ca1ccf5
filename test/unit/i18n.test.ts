// The catalogues and the locale rules: German has every English key (the type checker holds that),
// the same placeholders and formatters in each sentence, no sentence left in English, and times and
// numbers follow the locale.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { de } from '../../shared/i18n/de/index.ts';
import { en } from '../../shared/i18n/en/index.ts';
import { resolveLanguage, setLanguage, t } from '../../shared/i18n/index.ts';
import { formatRelative, formatTime } from '../../shared/i18n/time.ts';

type Tree = { [key: string]: string | Tree };
function leaves(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [[`${prefix}${key}`, value] as [string, string]] : leaves(value, `${prefix}${key}.`)));
}
/** The values a sentence uses (each language may format them its own way: a number, a lowercase name). */
const placeholders = (text: string) => [...new Set([...text.matchAll(/\{\{\s*(\w+)[^}]*\}\}/g)].map((m) => m[1]!))].sort();

test('German has every English sentence with the same placeholders, and none left in English', () => {
  const english = new Map(leaves(en as unknown as Tree));
  const german = new Map(leaves(de as unknown as Tree));
  assert.deepEqual([...german.keys()].sort(), [...english.keys()].sort());
  const problems: string[] = [];
  for (const [key, text] of english) {
    const translated = german.get(key)!;
    if (!translated.trim()) problems.push(`${key}: empty`);
    // The singular may say "one" in words instead of the number ("eine Anfrage").
    const expected = placeholders(text).filter((p) => !(key.endsWith('_one') && p === 'count' && !placeholders(translated).includes('count')));
    if (expected.join() !== placeholders(translated).join()) problems.push(`${key}: placeholders ${placeholders(text).join()} in English, ${placeholders(translated).join()} in German`);
    // A sentence of three words or more that is the same in both is an untranslated copy.
    const words = text.replace(/\{\{[^}]*\}\}/g, '').match(/\p{L}{2,}/gu) ?? [];
    if (words.length >= 3 && text === translated) problems.push(`${key}: still English ("${text.slice(0, 60)}")`);
  }
  assert.deepEqual(problems, []);
});

test('the language follows the setting, else the first system locale the kiosk speaks, else English', () => {
  assert.deepEqual(resolveLanguage('system', ['de_DE.UTF-8']), { language: 'de', locale: 'de-DE' });
  assert.deepEqual(resolveLanguage('system', ['fr-FR', 'de-AT', 'en-GB']), { language: 'de', locale: 'de-AT' });
  assert.deepEqual(resolveLanguage('system', ['fr-FR']), { language: 'en', locale: 'en' });
  assert.deepEqual(resolveLanguage('system', []), { language: 'en', locale: 'en' });
  assert.deepEqual(resolveLanguage('en', ['de-DE', 'en-GB']), { language: 'en', locale: 'en-GB' }, 'the OS region kept for the chosen language');
  assert.deepEqual(resolveLanguage('de', ['en-US']), { language: 'de', locale: 'de' });
  assert.deepEqual(resolveLanguage('system', ['not a locale!!', 'de']), { language: 'de', locale: 'de' }, 'an unreadable locale is skipped');
});

test('one time format from the locale: 24 h in German, the region clock in English, seconds where asked', () => {
  const now = new Date(2026, 10, 30, 16, 0, 0);
  const at = new Date(2026, 10, 30, 14, 5, 9);
  assert.equal(formatTime(at, 'de-DE', { now }), '14:05');
  assert.equal(formatTime(at, 'de-DE', { now, seconds: true }), '14:05:09');
  assert.equal(formatTime(at, 'en-GB', { now }), '14:05');
  assert.match(formatTime(at, 'en-US', { now }), /^02:05\sPM$/);
  assert.match(formatTime(new Date(2026, 10, 23, 14, 5), 'de-DE', { now }), /^23\. Nov\.?, 14:05$/);
  assert.match(formatTime(new Date(2025, 10, 23, 14, 5), 'de-DE', { now }), /2025/);
  assert.equal(formatRelative(new Date(now.getTime() - 5 * 60_000), 'en', now), '5 min. ago');
  assert.equal(formatRelative(new Date(now.getTime() - 5 * 60_000), 'de', now), 'vor 5 Min.');
  assert.equal(formatTime('not a time', 'de'), 'not a time', 'what is no time is shown as it came');
});

test('sentences switch language and write times and numbers in the locale', (t2) => {
  t2.after(() => setLanguage('en', 'en'));
  setLanguage('de', 'de-DE');
  assert.equal(t('appearance:language'), 'Sprache');
  setLanguage('en', 'en-GB');
  assert.equal(t('appearance:language'), 'Language');
});
