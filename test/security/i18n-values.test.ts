// Values put into catalogue sentences come from outside (a device's name, a vendor's error text, a
// file name): i18next must insert them as they are, never read them as nesting ($t(...)), as more
// placeholders ({{...}}) or as markup, in either language.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setLanguage, t } from '../../shared/i18n/index.ts';

const HOSTILE = ['$t(common:appName)', '{{count}}', '{{id, number}}', '<img src=x onerror=alert(1)>', '$t(core:refusal.tried, {"forms": "x"})', '\u0000\u202e'];

test('a hostile value is inserted verbatim, not nested, interpolated or escaped twice', (ctx) => {
  ctx.after(() => setLanguage('en', 'en'));
  for (const [language, locale] of [['en', 'en-US'], ['de', 'de-DE']] as const) {
    setLanguage(language, locale);
    for (const value of HOSTILE) {
      const text = t('common:device', { id: value, count: 7 });
      assert.ok(text.includes(value), `${language}: ${JSON.stringify(value)} kept as it came in ${JSON.stringify(text)}`);
      assert.ok(!text.includes('Activation Kiosk'), `${language}: no nested lookup`);
    }
  }
});
