// A text that is no request gets one short sentence from main, and the long account (the forms the
// kiosk tried and their fields) as a separate detail, shown on demand; what is queued has no detail.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openCore } from '../support/core.ts';
import { seed004File } from '../support/requests.ts';
import { tempDir } from '../support/temp.ts';

const cases: [string, string, RegExp, RegExp | null][] = [
  ['notes.txt', 'hello, this is no request', /^Not JSON, nor any other request form the kiosk reads\.$/, /^The kiosk tried the kiosk request .*"license_key" and "machine_id".*Cryptlex offline request/],
  ['serial.json', '{"serial": "x"}', /^JSON, but none of the request forms the kiosk reads\.$/, /"format": "activation-kiosk\/request"/],
  ['list.json', '[1, 2]', /^JSON, but not an object: no request form the kiosk reads\.$/, /Keygen air-gapped QR/],
  ['other.json', '{"format": "other/thing"}', /^Unknown request format "other\/thing": not one the kiosk reads\.$/, /LicenseSpring offline request file/],
  ['cut.json', '{"license_key": "ABCDE-', /^Not JSON: it starts like JSON but cannot be read \(cut short or damaged\?\)\.$/, /JSON/],
  ['bad-key.json', JSON.stringify({ license_key: 'nope', machine_id: 'a'.repeat(64) }), /^License API request: license_key must look like XXXXX-XXXXX/, null],
];

test('refusals are one short sentence; the forms tried are the detail', async (t) => {
  const kiosk = openCore(tempDir(t));
  t.after(() => kiosk.core.close());
  const items = [...cases.map(([name, text]) => ({ name, size: text.length, text })), { name: 'good.json', size: 0, text: seed004File('ABCDE-12345-FGHIJ-67890-KLMNO', 'good') }];
  const { results } = await kiosk.call('capture', { items });
  cases.forEach(([name, , message, detail], i) => {
    const result = results[i]!;
    assert.equal(result.name, name);
    assert.equal(result.outcome, 'error', name);
    assert.match(result.message, message, name);
    assert.ok(result.message.length <= 160, `${name}: "${result.message}" is short`);
    if (detail) assert.match(result.detail ?? '', detail, name);
    else assert.equal(result.detail, undefined, name);
  });
  const good = results.at(-1)!;
  assert.equal(good.outcome, 'queued');
  assert.equal(good.detail, undefined);
  // Nothing refused was stored.
  assert.equal((await kiosk.call('listRequests', {})).total, 1);
});
