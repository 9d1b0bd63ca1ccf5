// Where a captured text came from: only a file's name labels a device that names none (a Keygen QR);
// a scan, paste or camera code never does, and the audit says which way the request came in.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CAPTURE_SOURCES } from '../../shared/api/contract.ts';
import { openCore } from '../support/core.ts';
import { keygenQrText, machineId } from '../support/requests.ts';
import { tempDir } from '../support/temp.ts';

test('a file name labels the device; scanner, paste and camera names do not', async (t) => {
  const kiosk = openCore(tempDir(t));
  t.after(() => kiosk.core.close());
  for (const source of CAPTURE_SOURCES) {
    const text = keygenQrText('ABCDE-12345-FGHIJ-67890-KLMNO', machineId(`source-${source}`));
    const name = source === 'file' ? 'press-4.txt' : `${source} 14:02:11`;
    const { results } = await kiosk.call('capture', { items: [{ name, size: text.length, text, source }] });
    const detail = await kiosk.call('getRequest', { id: results[0]!.requestId! });
    if (source === 'file') {
      assert.equal(detail.deviceLabel, 'press-4');
      assert.equal(detail.history[0]!.detail, 'Captured from file press-4.txt (Keygen air-gapped QR)');
    } else {
      assert.equal(detail.deviceLabel, null, source);
      assert.match(results[0]!.message, /for device [0-9a-f]{12}\.$/);
      assert.equal(detail.history[0]!.detail, `Captured from ${source} input "${name}" (Keygen air-gapped QR)`);
    }
  }
  const refused = await kiosk.fail('capture', { items: [{ name: 'x', size: 1, text: 'x', source: 'carrier pigeon' }] });
  assert.equal(refused.code, 'invalid_input');
});
