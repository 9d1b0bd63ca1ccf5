// The device simulator as a command: every request form it makes is recognised by capture.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { detect } from '../../shared/formats/index.ts';
import { machineId } from '../support/requests.ts';
import { repoRoot, tempDir } from '../support/temp.ts';

const device = (args: string[]) =>
  execFileSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'test/device/cli.ts'), ...args], { cwd: repoRoot, encoding: 'utf8' });

test('the simulator makes every request form, and each is detected as that form', (t) => {
  const dir = tempDir(t);
  const fingerprint = machineId('simulated-device');
  const key = 'ABCDE-12345-FGHIJ-67890-KLMNO';
  device(['keygen', '--state', dir]);
  const expected: Record<string, string> = { kiosk: 'kiosk-request-v1', 'license-api': 'seed004-json', 'keygen-qr': 'keygen-qr', cryptlex: 'cryptlex-offline' };
  for (const [form, format] of Object.entries(expected)) {
    const out = path.join(dir, `${form}.req`);
    device(['request', '--state', dir, '--form', form, '--key', key, '--fingerprint', fingerprint, '--hostname', 'sim-1', '--out', out]);
    const parsed = detect(fs.readFileSync(out, 'utf8'));
    assert.ok(parsed.ok, `${form}: ${parsed.ok ? '' : parsed.problem}`);
    assert.equal(parsed.request.format, format, form);
  }
});
