// A typed key per vendor: spaces always go; only the licence API's keys (case-insensitive, in capitals) are uppercased.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { vendorOf } from '../../electron/connectors/registry.ts';
import { normaliseLicenseKey } from '../../electron/core/license-key-entry.ts';

test('keys are normalised per vendor: spaces removed, case changed only where keys ignore case', () => {
  assert.equal(normaliseLicenseKey(' abcde - 12345\t- fghij ', vendorOf('generic')), 'ABCDE-12345-FGHIJ');
  for (const vendor of ['keygen', 'cryptlex', 'licensespring'] as const) {
    assert.equal(normaliseLicenseKey(' aBc1-dEf2 ', vendorOf(vendor)), 'aBc1-dEf2', vendor);
  }
  assert.equal(normaliseLicenseKey('key/abc De', null), 'key/abcDe', 'an unknown vendor: case kept');
});
