// A cancelled request in the Queue's detail, in Debian Chromium against the web host: no "Retry now",
// a "Restore" that puts it back in the queue on purpose.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startLicenseServer } from '../../electron/demo/license-server.ts';
import { openKioskPage, screenshot } from '../support/browser.ts';
import { seed004File } from '../support/requests.ts';
import { tempDir } from '../support/temp.ts';
import { startHostProcess } from '../support/web-host-process.ts';

test('a cancelled request offers Restore, not Retry now', async (t) => {
  const licenses = await startLicenseServer({ licenses: [] });
  t.after(() => licenses.close());
  const host = await startHostProcess(tempDir(t), ['--sync-interval-ms', '0']);
  t.after(() => host.stop());
  await host.call('saveConnection', { name: 'Plant licence server', baseUrl: licenses.url, publicKeyPem: licenses.publicKeyPem });
  const text = seed004File('AAAAA-11111-BBBBB-22222-CCCCC', 'press-5');
  const { results } = await host.call('capture', { items: [{ name: 'press-5.json', size: text.length, text }] });
  const id = results[0]!.requestId!;
  await host.call('cancelRequest', { id });

  const { page, pageErrors } = await openKioskPage(t, host.openUrl);
  await page.click('button[data-screen="queue"]');
  await page.locator(`tr[data-request-id="${id}"]`).click();
  const detail = page.locator('[data-testid="request-detail"][data-state="cancelled"]');
  await detail.waitFor();
  assert.equal(await detail.getByRole('button', { name: 'Retry now' }).count(), 0);
  const restore = detail.getByRole('button', { name: 'Restore' });
  await restore.focus();
  await screenshot(page, 'request-cancelled-restore');
  await page.keyboard.press('Enter');
  await page.locator('[data-testid="request-detail"][data-state="queued"]').waitFor();
  const after = await host.call('getRequest', { id });
  assert.deepEqual(after.history.map((h) => h.event), ['captured', 'cancelled', 'restored']);
  assert.deepEqual(pageErrors, []);
});
