// The device simulator as a command: every request form it makes is recognised by capture.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { detect } from '../../shared/formats/index.ts';
import { runDeviceSync } from '../support/device-cli.ts';
import { machineId } from '../support/requests.ts';
import { tempDir } from '../support/temp.ts';

test('the simulator makes every request form, and each is detected as that form', (t) => {
  const dir = tempDir(t);
  const fingerprint = machineId('simulated-device');
  const key = 'ABCDE-12345-FGHIJ-67890-KLMNO';
  runDeviceSync(['keygen', '--state', dir]);
  const expected: Record<string, string> = { kiosk: 'kiosk-request-v1', 'license-api': 'seed004-json', 'keygen-qr': 'keygen-qr', cryptlex: 'cryptlex-offline', licensespring: 'licensespring-offline' };
  for (const [form, format] of Object.entries(expected)) {
    const out = path.join(dir, `${form}.req`);
    runDeviceSync(['request', '--state', dir, '--form', form, '--key', key, '--fingerprint', fingerprint, '--hostname', 'sim-1', '--out', out]);
    const parsed = detect(fs.readFileSync(out, 'utf8'));
    assert.ok(parsed.ok, `${form}: ${parsed.ok ? '' : parsed.problem}`);
    assert.equal(parsed.request.format, format, form);
  }
});
