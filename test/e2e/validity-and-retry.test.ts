// Where a request stands in time, in Debian Chromium against the web host: a request close to its
// validity limit and a short-lived response carry chips in the Queue and Deliver screens (and a note
// in the detail), and a request the server asked to wait shows when it goes next.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startLicenseServer } from '../../electron/demo/license-server.ts';
import { KEYGEN_SAMPLES, keygenSampleOptions, startKeygenServer } from '../servers/keygen/index.ts';
import { openKioskPage, screenshot } from '../support/browser.ts';
import { item, keygenQrText, kioskFile, machineId, seed004File } from '../support/requests.ts';
import { tempDir } from '../support/temp.ts';
import { startHostProcess } from '../support/web-host-process.ts';

const KEY = 'VALID-12345-FGHIJ-67890-KLMNO';

test('expiring requests and responses are flagged, and a waiting request shows its next try', async (t) => {
  const licenses = await startLicenseServer({ licenses: [{ key: KEY, status: 'active', maxActivations: 10 }] });
  t.after(() => licenses.close());
  const keygen = await startKeygenServer(keygenSampleOptions());
  t.after(() => keygen.close());
  const host = await startHostProcess(tempDir(t));
  t.after(() => host.stop());
  await host.call('saveConnection', { name: 'Plant licence server', baseUrl: licenses.url, publicKeyPem: licenses.publicKeyPem });
  // Machine files checked out for one hour: the response is flagged from the start.
  await host.call('saveConnection', { vendor: 'keygen', name: 'Keygen', baseUrl: keygen.url, publicKeyHex: keygen.publicKeyHex, auth: 'token', secret: KEYGEN_SAMPLES.tokens.product, checkoutTtlSeconds: 3600 });

  const keygenQr = keygenQrText(KEYGEN_SAMPLES.licenses.floating3.key, machineId('short-lived'));
  const first = await host.call('capture', { items: [item('short-lived.txt', keygenQr), item('press-wait.json', seed004File(KEY, 'press-wait'))] });
  const [shortLived, waiting] = first.results.map((r) => r.requestId!);
  licenses.faults.failNext(1, 503, 600);
  await host.call('syncNow', {});
  assert.equal((await host.call('getRequest', { id: shortLived! })).state, 'fulfilled');
  assert.equal((await host.call('getRequest', { id: waiting! })).state, 'retry_wait');

  // Captured after the pass: it waits, five hours before the device stops accepting it.
  const expiresAt = new Date(Date.now() + 5 * 3600_000).toISOString();
  const late = await host.call('capture', { items: [item('press-late.json', kioskFile(KEY, 'press-late', { expires_at: expiresAt }))] });
  const lateId = late.results[0]!.requestId!;

  const { page, pageErrors } = await openKioskPage(t, host.openUrl);
  await page.click('button[data-screen="queue"]');
  const row = (id: string) => page.locator(`tr[data-request-id="${id}"]`);
  await row(lateId).waitFor();
  assert.match(await row(lateId).locator('[data-expiry="soon"]').innerText(), /Request expires\s+in [45] h/);
  assert.match(await row(shortLived!).locator('[data-expiry="soon"]').innerText(), /Response expires\s+in (59 min|1 h)/);
  assert.match(await row(waiting!).innerText(), /Next try\s+in (9|10) min/);
  assert.equal(await row(waiting!).locator('[data-expiry]').count(), 0, 'no limit, no chip');
  await screenshot(page, 'queue-validity-and-retry');

  await row(lateId).click();
  const note = page.locator('.expiry-note[data-expiry="soon"]');
  await note.waitFor();
  assert.match(await note.innerText(), /The request expires soon: sync before then, or capture a new one from the device\.\s*Request valid until /);
  await screenshot(page, 'queue-detail-expiring');

  await page.click('button[data-screen="deliver"]');
  const deliverRow = page.locator(`tr[data-request-id="${shortLived}"]`);
  await deliverRow.waitFor();
  assert.match(await deliverRow.locator('[data-expiry="soon"]').innerText(), /Response expires\s+in (59 min|1 h)/);
  assert.deepEqual(pageErrors, []);
});
