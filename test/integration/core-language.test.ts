// Main writes its sentences in the language set in Settings at the time: the visit report (its HTML
// page and its CSV headers) and a capture refusal come out in German once the engineer picks German,
// and in English again after English is picked; the report's times name their time zone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { currentLanguage } from '../../shared/i18n/index.ts';
import { openCore } from '../support/core.ts';
import { item, seed004File } from '../support/requests.ts';
import { tempDir } from '../support/temp.ts';

const KEY = 'LANGS-11111-BBBBB-22222-CCCCC';

test('a visit report and a capture refusal follow the language set, German and back to English', async (t) => {
  const pages: string[] = [];
  const kiosk = openCore(tempDir(t), { deliverTo: 'download', printPage: (html) => (pages.push(html), `/print/${'0'.repeat(64)}`) });
  t.after(async () => {
    await kiosk.core.call('setUiPreferences', { language: 'en' });
    await kiosk.core.close();
  });
  const visit = await kiosk.call('startVisit', { customer: 'Müller GmbH', site: 'Werk 2', ticket: 'WO-42' });
  const captured = await kiosk.call('capture', { items: [item('press.json', seed004File(KEY, 'press-7'))] });
  assert.equal(captured.results[0]!.outcome, 'queued', captured.results[0]!.message);
  await kiosk.call('endVisit', { id: visit.id });

  const refusal = async () => (await kiosk.call('capture', { items: [item('notes.txt', 'hello, this is no request')] })).results[0]!;
  const report = async () => {
    const printed = await kiosk.call('exportVisitReport', { id: visit.id, format: 'pdf' });
    assert.equal(printed.via, 'print');
    const csv = await kiosk.call('exportVisitReport', { id: visit.id, format: 'csv' });
    assert.ok(csv.via === 'download');
    return { html: pages.at(-1)!, csvHeader: Buffer.from(csv.file.contentBase64, 'base64').toString('utf8').split('\r\n')[0]! };
  };

  const german = await kiosk.call('setUiPreferences', { language: 'de' });
  assert.equal(german.display.language, 'de');
  assert.equal(currentLanguage(), 'de');
  const refusedDe = await refusal();
  assert.equal(refusedDe.outcome, 'error');
  assert.equal(refusedDe.message, 'Weder JSON noch eine andere Anfrageform, die der Kiosk liest.');
  assert.match(refusedDe.detail ?? '', /^Geprüft wurden: /);
  const de = await report();
  assert.match(de.html, /<html lang="de">/);
  assert.match(de.html, /<h1>Einsatzbericht<\/h1>/);
  assert.match(de.html, /<dt>Kunde<\/dt><dd>Müller GmbH<\/dd>/);
  assert.match(de.html, /<dt>Beginn \([^)]+\)<\/dt>/, 'the report names the time zone of its times');
  assert.match(de.html, /<strong>1<\/strong> Anfrage: 0 zugestellt/);
  assert.match(de.html, /<td>Aktivierung<\/td>\s*<td>Wartet auf Versand<\/td>/);
  assert.match(de.html, /Protokoll-Prüfsumme/);
  assert.doesNotMatch(de.html, /Visit report|Customer|Waiting to sync/);
  assert.match(de.csvHeader, /^Kunde,Standort,Ticket,Techniker,Gerät,Geräte-ID,Lizenz \(maskiert\),/);

  const english = await kiosk.call('setUiPreferences', { language: 'en' });
  assert.equal(english.display.language, 'en');
  const refusedEn = await refusal();
  assert.equal(refusedEn.message, 'Not JSON, nor any other request form the kiosk reads.');
  assert.match(refusedEn.detail ?? '', /^The kiosk tried the kiosk request /);
  const en = await report();
  assert.match(en.html, /<html lang="en">/);
  assert.match(en.html, /<h1>Visit report<\/h1>/);
  assert.match(en.html, /<dt>Started \([^)]+\)<\/dt>/);
  assert.match(en.html, /<strong>1<\/strong> request: 0 delivered/);
  assert.match(en.html, /<td>Activation<\/td>\s*<td>Waiting to sync<\/td>/);
  assert.doesNotMatch(en.html, /Einsatzbericht|Kunde/);
  assert.match(en.csvHeader, /^Customer,Site,Ticket,Engineer,Device,Device id,Licence \(masked\),/);
});
