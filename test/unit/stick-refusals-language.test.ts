// A USB stick's refusals are said in the language set in Settings: a read-only stick in German
// after setLanguage('de'), and in English again after (the catalogue's own words, not a copy).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setLanguage } from '../../shared/i18n/index.ts';
import { writeProblem } from '../../electron/usb/atomic-write.ts';
import { readStickFile, type FileOps } from '../../electron/usb/stick-scan.ts';

const readOnly = Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' });

test('a read-only stick is refused in German once the language is German, and in English again after', (t) => {
  t.after(() => setLanguage('en'));
  setLanguage('de', 'de-DE');
  const german = writeProblem('press-1.lic', 'LOCKED', readOnly);
  assert.equal(german.kind, 'read_only');
  assert.equal(german.message, 'press-1.lic wurde nicht geschrieben: LOCKED ist schreibgeschützt (prüfen Sie den Schreibschutzschalter). Auf dem Stick wurde nichts geändert.');

  setLanguage('en');
  assert.equal(
    writeProblem('press-1.lic', 'LOCKED', readOnly).message,
    'press-1.lic was not written: LOCKED is read-only (check its write-protect switch), nothing was changed on it.',
  );
});

test('a request file that cannot be read from a stick is refused in German', (t) => {
  t.after(() => setLanguage('en'));
  setLanguage('de', 'de-DE');
  const ops: FileOps = {
    stat: () => ({ size: 10, mtimeMs: 1 }),
    readFile: () => Buffer.from([0x7b, 0x00, 0x7d, 0, 0, 0, 0, 0, 0, 0]),
  };
  const file = readStickFile('/media/LOCKED/press-1.json', ops);
  assert.equal(file?.kind, 'unreadable');
  assert.equal((file as { problem: string }).problem, '„press-1.json“ ist eine Binärdatei, keine Anfrage, die der Kiosk lesen kann.');
});
