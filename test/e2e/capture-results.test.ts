// The Capture screen's results panel in Chromium: a broken file's refusal stays (pinned at the top)
// when the next drop comes, each refusal is one short sentence with its details on demand, new
// results are announced, the panel sits beside the drop zone at 1280 px and above the inputs at
// 640 px, a problem is dismissed by keyboard, and "Clear" empties the panel.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dropFiles, openKioskPage, screenshot } from '../support/browser.ts';
import { seed004File } from '../support/requests.ts';
import { tempDir } from '../support/temp.ts';
import { startHostProcess } from '../support/web-host-process.ts';

const KEY = 'ABCDE-12345-FGHIJ-67890-KLMNO';

test('capture results stay in view: problems pinned, details on demand, dismiss and clear', async (t) => {
  const host = await startHostProcess(tempDir(t));
  t.after(() => host.stop());
  const { page, pageErrors } = await openKioskPage(t, host.openUrl);
  await page.getByTestId('dropzone').waitFor();
  const items = page.locator('.result-list > li');

  // A broken file, then a good one in a later drop: both stay, the problem pinned on top.
  await dropFiles(page, '[data-testid="dropzone"]', [{ name: 'serial.json', text: '{"serial": "x"}' }]);
  await page.locator('[data-outcome="error"][data-file="serial.json"]').waitFor();
  await dropFiles(page, '[data-testid="dropzone"]', [{ name: 'press-2.json', text: seed004File(KEY, 'press-2') }]);
  await page.locator('[data-outcome="queued"][data-file="press-2.json"]').waitFor();
  await dropFiles(page, '[data-testid="dropzone"]', [{ name: 'press-3.json', text: seed004File(KEY, 'press-3') }]);
  await page.locator('[data-outcome="queued"][data-file="press-3.json"]').waitFor();
  assert.deepEqual(await items.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-file'))), ['serial.json', 'press-3.json', 'press-2.json'], 'problem pinned, then newest first');
  assert.equal(await page.locator('[data-testid="pinned-results"] > li').count(), 1);
  assert.match(await page.getByTestId('capture-summary').innerText(), /Latest capture, 1 item: 1 queued/);
  assert.equal(await page.locator('.capture-results [role="status"]').getAttribute('aria-live'), 'polite');

  // One short sentence; the forms tried only once asked for (a disclosure, opened by keyboard).
  const refused = page.locator('[data-outcome="error"][data-file="serial.json"]');
  assert.equal(await refused.locator('.result-message').innerText(), 'JSON, but none of the request forms the kiosk reads.');
  const detail = refused.locator('.result-detail p');
  assert.equal(await detail.isVisible(), false, 'the detail is closed at first');
  await refused.locator('summary').focus();
  await page.keyboard.press('Enter');
  await detail.waitFor();
  assert.match(await detail.innerText(), /^The kiosk tried the kiosk request .*"license_key" and "machine_id"/);

  // Beside the drop zone at 1280 px, in view without scrolling.
  const panel = page.getByTestId('capture-results');
  const [zone, box] = [await page.getByTestId('dropzone').boundingBox(), await panel.boundingBox()];
  assert.ok(zone && box && box.x > zone.x + zone.width, 'the panel is right of the drop zone');
  assert.ok(box.y < 800, 'the panel starts above the fold');
  await screenshot(page, 'capture-results-1280');

  // Still in view after scrolling the inputs down (it is sticky).
  await page.getByTestId('license-file-panel').scrollIntoViewIfNeeded();
  const scrolled = await panel.boundingBox();
  assert.ok(scrolled && scrolled.y >= 0 && scrolled.y < 200, `the panel stays in view (y ${scrolled?.y})`);

  // At 640 px: above the inputs, above the fold.
  await page.setViewportSize({ width: 640, height: 800 });
  await page.getByTestId('capture-screen').evaluate((el) => el.scrollTo(0, 0));
  const narrow = await panel.boundingBox();
  const zoneNarrow = await page.getByTestId('dropzone').boundingBox();
  assert.ok(narrow && zoneNarrow && narrow.y < zoneNarrow.y && narrow.y < 800, 'above the drop zone, above the fold');
  await screenshot(page, 'capture-results-640');
  await page.setViewportSize({ width: 1280, height: 800 });

  // Dismissed: no longer pinned, still listed in its capture's place.
  await page.getByRole('button', { name: 'Dismiss the problem with serial.json' }).focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('pinned-results').waitFor({ state: 'detached' });
  assert.deepEqual(await items.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-file'))), ['press-3.json', 'press-2.json', 'serial.json']);

  // Clear empties it; the next capture starts a new list.
  await page.getByTestId('clear-results').click();
  assert.equal(await items.count(), 0);
  await page.getByText('they stay until you clear them').waitFor();
  assert.equal((await host.call('listRequests', {})).total, 2, 'clearing the panel changes nothing stored');
  assert.deepEqual(pageErrors, []);
});
