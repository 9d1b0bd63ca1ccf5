// The format readers and the contract write their refusals in the language of the moment: after
// setLanguage('de') a malformed request, a bad call input and the labels read in German, and back
// in English after the reset (no sentence is frozen at load).
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { parseInput } from '../../shared/api/contract.ts';
import { KioskError } from '../../shared/api/errors.ts';
import { stateLabel } from '../../shared/api/states.ts';
import { syncFinishedText } from '../../shared/api/sync-text.ts';
import { decodeReceipt } from '../../shared/formats/receipt.ts';
import { detect, withLicenseKey } from '../../shared/formats/request.ts';
import { setLanguage } from '../../shared/i18n/index.ts';

afterEach(() => setLanguage('en'));

const malformed = JSON.stringify({ format: 'activation-kiosk/request', version: 1, kind: 'activate', license_key: 'ABCDE-12345', fingerprint: 'device-1', nonce: 'short', created_at: '2026-11-23T10:00:00Z' });

function problemOf(text: string): string {
  const r = detect(text);
  assert.ok(!r.ok);
  return r.problem;
}

test('a malformed request is refused in German after setLanguage("de"), in English after the reset', () => {
  setLanguage('de');
  assert.equal(problemOf(malformed), 'Kiosk-Anfrage: nonce muss 8 bis 128 druckbare ASCII-Zeichen haben');
  assert.equal(problemOf('   '), 'die Datei ist leer');
  assert.match(problemOf('hello there'), /^weder JSON noch eine andere Form einer Anfrage \(geprüft wurden: die Kiosk-Anfrage/);
  assert.equal(problemOf('{"license_key": "nope", "machine_id": "x"}'), 'Anfrage der License API: license_key muss die Form XXXXX-XXXXX-XXXXX-XXXXX-XXXXX haben (Buchstaben und Ziffern)');
  // zod's own words too (no message of ours for a wrong type)
  assert.match(problemOf(JSON.stringify({ ...JSON.parse(malformed), nonce: 'nonce-0001', target: { connection: '' } })), /^Kiosk-Anfrage: target\.connection: Zu klein/);
  assert.throws(() => decodeReceipt(new Uint8Array([0xa1, 0x01, 0x00])), /version muss 1 oder 2 sein/);
  setLanguage('en');
  assert.equal(problemOf(malformed), 'kiosk request: nonce must be 8 to 128 printable ASCII characters');
  assert.equal(problemOf('   '), 'the file is empty');
});

test('a call input refusal, the state labels and the sync summary follow the language', () => {
  const refusal = (): string => {
    try {
      parseInput('setEngineer', { name: '', id: null });
    } catch (error) {
      assert.ok(error instanceof KioskError);
      return error.message;
    }
    return assert.fail('no refusal');
  };
  setLanguage('de');
  assert.equal(refusal(), 'geben Sie Ihren Namen ein (name)');
  assert.equal(stateLabel('queued'), 'Wartet auf Versand');
  assert.deepEqual(syncFinishedText({ attempted: 1200, fulfilled: 1199, failed: 1 } as Parameters<typeof syncFinishedText>[0]), {
    title: 'Synchronisierung abgeschlossen, einige brauchen Aufmerksamkeit',
    body: '1.199 von 1.200 Anfragen bereit zum Zustellen; 1 warten auf einen neuen Versuch oder wurden abgelehnt.',
  });
  setLanguage('en');
  assert.equal(refusal(), 'enter your name (name)');
  assert.equal(stateLabel('queued'), 'Waiting to sync');
  assert.equal(syncFinishedText({ attempted: 1, fulfilled: 1, failed: 0 } as Parameters<typeof syncFinishedText>[0]).body, '1 of 1 request ready to deliver.');
});

test('a label stored in German loses its missing-key note when the key is typed in English, and the other way', () => {
  const token = `${'a'.repeat(20)}.${'b'.repeat(20)}.${'c'.repeat(20)}`;
  setLanguage('de');
  const captured = detect(token);
  assert.ok(captured.ok);
  assert.equal(captured.request.formatLabel, 'Cryptlex-Offline-Anfrage (Lizenzschlüssel fehlt)');
  setLanguage('en');
  assert.equal(withLicenseKey(captured.request, 'KEY-1').formatLabel, 'Cryptlex-Offline-Anfrage');
  const english = detect(token);
  assert.ok(english.ok);
  setLanguage('de');
  assert.equal(withLicenseKey(english.request, 'KEY-1').formatLabel, 'Cryptlex offline request');
});
