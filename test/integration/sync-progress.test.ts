// The sync progress the status bar shows: its total is what was due when the pass began, so the bar
// only fills (it used to grow by one batch of 200 at a time: "3 of 200", then "201 of 400", …).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startLicenseServer } from '../../electron/demo/license-server.ts';
import type { Status } from '../../shared/api/contract.ts';
import { openCore } from '../support/core.ts';
import { item, seed004File } from '../support/requests.ts';
import { tempDir } from '../support/temp.ts';

const KEY = 'AAAAA-11111-BBBBB-22222-CCCCC';

test('a pass over 450 requests (three batches) reports a total of 450 from its start', async (t) => {
  const licenses = await startLicenseServer({ licenses: [{ key: KEY, status: 'active', maxActivations: 1000 }], rateLimit: { limit: 100_000, windowMs: 1000 } });
  t.after(() => licenses.close());
  const kiosk = openCore(tempDir(t));
  t.after(() => kiosk.core.close());
  await kiosk.call('saveConnection', { name: 'Test API', baseUrl: licenses.url, publicKeyPem: licenses.publicKeyPem });
  await kiosk.call('capture', { items: Array.from({ length: 450 }, (_, i) => item(`p-${i}.json`, seed004File(KEY, `p-${i}`))) });
  const seen: { done: number; total: number }[] = [];
  kiosk.core.subscribe((e) => {
    const progress = e.event === 'statusChanged' ? (e.payload as Status).syncProgress : null;
    if (progress) seen.push(progress);
  });
  const summary = await kiosk.call('syncNow', {});
  assert.equal(summary.fulfilled, 450);
  await new Promise((resolve) => setTimeout(resolve, 300)); // the last coalesced status event
  assert.ok(seen.length >= 2, `status events during the pass: ${seen.length}`);
  assert.deepEqual([...new Set(seen.map((p) => p.total))], [450]);
  assert.ok(seen.every((p, i) => i === 0 || p.done >= seen[i - 1]!.done), 'done only grows');
});
