// QR delivery on screen, in Debian Chromium against the web host and the licence API test server:
// the device simulator makes a request, the kiosk fulfils it, "Show as QR" opens the full-screen
// view, and the frames as drawn on screen (screenshots of the canvas, decoded with zxing-wasm) are
// assembled and accepted by the device simulator (`device check --ur`). Speed, density and pause
// change what is shown; Enter marks the response delivered with its audit entry; Esc closes. The
// device's receipt, scanned with a hand-held scanner while the view is open, confirms the delivery.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import type { Page } from 'playwright-core';
import { UrDecoder } from '../../shared/qr/ur.ts';
import { openKioskPage, screenshot } from '../support/browser.ts';
import { runDevice } from '../support/device-cli.ts';
import { fulfilledRequest } from '../support/fulfilled-request.ts';
import { readQrTexts } from '../support/qr-decode.ts';
import { machineId } from '../support/requests.ts';
import { keyboardAt, pressAt, scannerKeys } from '../support/scanner-keys.ts';
import { tempDir } from '../support/temp.ts';
import type { HostProcess } from '../support/web-host-process.ts';

const KEY = 'SHOWQ-12345-FGHIJ-67890-KLMNO';

/** Screenshots the QR canvas until the frames read from it assemble the whole response. */
async function readResponseFromScreen(page: Page, timeoutMs = 60_000): Promise<{ text: string; frames: Set<string> }> {
  const decoder = new UrDecoder('kiosk-response');
  const frames = new Set<string>();
  const deadline = Date.now() + timeoutMs;
  while (!decoder.isSuccess) {
    assert.ok(Date.now() < deadline, `the response did not assemble from the screen (${frames.size} frames read, ${Math.round(decoder.progress * 100)} %)`);
    const png = await page.getByTestId('qr-canvas').screenshot();
    for (const text of await readQrTexts(new Uint8Array(png))) {
      frames.add(text);
      const result = decoder.receivePart(text);
      assert.ok(result.accepted || /already complete/.test(result.reason), `frame refused: ${result.accepted ? '' : result.reason}`);
    }
  }
  return { text: decoder.resultText()!, frames };
}

/** The part counts (`<seq>-<count>` in the UR header) of the frames read, each once. */
function partCounts(frames: Set<string>): number[] {
  return [...new Set([...frames].map((f) => Number(/^UR:KIOSK-RESPONSE\/\d+-(\d+)\//.exec(f)?.[1])))];
}

/** Opens the full-screen QR view of a fulfilled request from the Deliver screen. */
async function openQrView(t: TestContext, host: HostProcess, id: string) {
  const { page, pageErrors } = await openKioskPage(t, host.openUrl);
  await page.click('button[data-screen="deliver"]');
  await page.locator(`tr[data-request-id="${id}"][data-state="fulfilled"]`).getByRole('button', { name: /^Show as QR/ }).click();
  const view = page.getByTestId('qr-delivery');
  await view.waitFor();
  return { page, pageErrors, view };
}

/** The receipt UR the device simulator prints after `apply`. */
function receiptOf(applied: { stdout: string }): string {
  const receipt = /^receipt: (UR:KIOSK-RECEIPT\/[A-Z]+)$/m.exec(applied.stdout)?.[1];
  assert.ok(receipt, applied.stdout);
  return receipt;
}

test('a response shown as an animated QR code on screen is read by the device; marked delivered', async (t) => {
  const { licenses, host, state, id } = await fulfilledRequest(t, KEY, 'qr-press-9');
  const vendorKey = path.join(state, 'vendor.pem');
  fs.writeFileSync(vendorKey, licenses.publicKeyPem);

  const { page, pageErrors } = await openKioskPage(t, host.openUrl);
  await page.click('button[data-screen="deliver"]');
  const row = page.locator(`tr[data-request-id="${id}"][data-state="fulfilled"]`);
  await row.waitFor();
  await screenshot(page, 'deliver-with-qr');
  await row.getByRole('button', { name: 'Show as QR: the response for qr-press-9' }).click();
  const view = page.getByTestId('qr-delivery');
  await view.waitFor();
  assert.equal(await view.getAttribute('data-fps'), '5');
  assert.equal(await view.getAttribute('data-fragment'), '250');
  const parts = Number(await view.getAttribute('data-parts'));
  assert.ok(parts >= 3, `an animated code (${parts} parts at 250 bytes)`);
  const box = await page.getByTestId('qr-canvas').boundingBox();
  assert.ok(box && box.width >= 700 && box.width === box.height, `the code fills the window's height: ${JSON.stringify(box)}`);
  await screenshot(page, 'qr-delivery');
  // Alt+1 (the Capture screen) does nothing under the modal view.
  await view.press('Alt+1');
  assert.equal(await page.locator('main.content').getAttribute('data-screen'), 'deliver');
  assert.equal(await view.count(), 1);

  // What is on screen is the response: the device simulator accepts it.
  const first = await readResponseFromScreen(page);
  assert.ok([...first.frames].every((f) => /^UR:KIOSK-RESPONSE\/\d+-\d+\/[A-Z]+$/.test(f)), 'upper-case UR frames (alphanumeric mode)');
  assert.deepEqual(partCounts(first.frames), [parts], 'every frame read carries the part count the view shows');
  const checked = await runDevice(['check', '--state', state, '--ur', first.text, '--vendor-key', vendorKey]);
  assert.match(checked.stdout, /^OK: activation-.*\.json/m);

  // Another device refuses it (the response is bound to this request).
  const other = tempDir(t);
  await runDevice(['keygen', '--state', other]);
  await runDevice(['request', '--state', other, '--key', KEY, '--fingerprint', machineId('another-press'), '--out', path.join(other, 'r.json')]);
  await assert.rejects(runDevice(['check', '--state', other, '--ur', first.text, '--vendor-key', vendorKey]), (error: { stderr: string }) => /REFUSED/.test(error.stderr));

  // Controls: faster (+), lower density (arrow left, twice) re-cuts into more frames that still read.
  await view.press('+');
  assert.equal(await view.getAttribute('data-fps'), '6');
  await view.press('ArrowLeft');
  await view.press('ArrowLeft');
  assert.equal(await view.getAttribute('data-fragment'), '150');
  const moreParts = Number(await view.getAttribute('data-parts'));
  assert.ok(moreParts > parts);
  const second = await readResponseFromScreen(page);
  assert.equal(second.text, first.text, 'the same response at another density');
  assert.deepEqual(partCounts(second.frames), [moreParts], 'every frame read after the density change is cut anew');

  // Space pauses the animation.
  await view.press(' ');
  assert.equal(await view.getAttribute('data-paused'), 'true');
  const frameNow = await view.getAttribute('data-frame');
  await page.waitForTimeout(700);
  assert.equal(await view.getAttribute('data-frame'), frameNow);
  assert.match(await page.getByTestId('qr-frame-counter').innerText(), /paused/);

  // Tab stays inside the view (from the last control back to the first).
  await page.getByRole('button', { name: /Mark delivered/ }).focus();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Close (Esc)');

  // Enter marks it delivered: one transition, audited as shown on screen.
  await view.press('Enter');
  await page.getByTestId('qr-delivered').waitFor();
  const detail = await host.call('getRequest', { id });
  assert.equal(detail.state, 'delivered');
  assert.equal(detail.history.filter((h) => h.event === 'delivered').length, 1);
  assert.match(detail.history.at(-1)!.detail, /^Shown as QR on screen \(activation-.*\.json\)/);
  await screenshot(page, 'qr-delivery-delivered');
  await view.press('Escape');
  await view.waitFor({ state: 'detached' });
  await deliveredInDeliverList(page, id);

  // From the Queue's detail panel too.
  await page.click('button[data-screen="queue"]');
  await page.locator(`tr[data-request-id="${id}"]`).click();
  await page.locator('[data-testid="request-detail"][data-state="delivered"]').getByTestId('show-qr').scrollIntoViewIfNeeded();
  await screenshot(page, 'queue-detail-show-qr');
  await page.locator('[data-testid="request-detail"][data-state="delivered"]').getByTestId('show-qr').click();
  await view.waitFor();
  await page.keyboard.press('Escape');
  await view.waitFor({ state: 'detached' });
  assert.deepEqual(pageErrors, []);
});

test("the device's receipt confirms delivery: the QR view says so, and the Capture screen names the receipt", async (t) => {
  const { host, state, id } = await fulfilledRequest(t, KEY, 'receipt-press');

  const { page, pageErrors, view } = await openQrView(t, host, id);
  assert.match(await page.getByTestId('qr-receipt-hint').innerText(), /receipt QR, scan it with the hand-held scanner or the camera/);

  // The device reads the screen, applies the response and shows its receipt; the kiosk's scanner reads it.
  const shown = await readResponseFromScreen(page);
  const applied = await runDevice(['apply', '--state', state, '--ur', shown.text]);
  const receipt = receiptOf(applied);
  const scanned = await host.call('capture', { items: [{ name: 'Scanner 10:00:00', size: receipt.length, text: receipt, source: 'scanner' }] });
  assert.equal(scanned.results[0]!.outcome, 'confirmed');
  const said = page.locator('[data-testid="qr-device-receipt"][data-confirmed="true"]');
  await said.waitFor();
  assert.match((await said.innerText()).trim(), /^Confirmed by the device\. Applied on the device at .+ \(device clock\)\.$/);
  assert.equal(await page.getByRole('button', { name: /Mark delivered/ }).count(), 0, 'nothing left to mark');
  await screenshot(page, 'qr-delivery-confirmed-by-device');
  await view.press('Enter');
  await view.waitFor({ state: 'detached' });
  await deliveredInDeliverList(page, id);

  // The same receipt pasted on the Capture screen: named as a receipt, nothing queued.
  await page.click('button[data-screen="capture"]');
  await page.getByLabel('Request text').fill(receipt);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  const item = page.locator('.result-list > li[data-outcome="confirmed"]');
  await item.waitFor();
  assert.match(await item.innerText(), /Already confirmed by receipt-press; nothing changed\.[\s\S]*Confirmed by the device/);
  await item.scrollIntoViewIfNeeded();
  await screenshot(page, 'capture-device-receipt');
  assert.equal((await host.call('listRequests', {})).requests.length, 1);
  assert.deepEqual(pageErrors, []);
});

test("a hand-held scan in the QR view: the device's receipt confirms delivery there, its keys are no shortcuts", async (t) => {
  const { host, state, id } = await fulfilledRequest(t, KEY, 'scanner-receipt-press');

  const { page, pageErrors, view } = await openQrView(t, host, id);
  const fps = await view.getAttribute('data-fps');
  const type = keyboardAt(page);

  // A burst that starts with "-" (the speed key) and holds more: one scan, not shortcuts, and its
  // Enter does not mark the response delivered.
  await type(scannerKeys('-x-y-z-w-v'), 10);
  await page.locator('[data-testid="qr-delivery"] .scan-notice[data-outcome="error"]', { hasText: 'Scanner input received' }).waitFor();
  assert.equal(await view.getAttribute('data-fps'), fps, 'the speed did not change');
  assert.equal(await page.getByTestId('qr-delivered').count(), 0);
  assert.equal((await host.call('getRequest', { id })).state, 'fulfilled');
  const mark = await page.getByRole('button', { name: /Mark delivered/ }).boundingBox();
  assert.ok(mark && mark.y + mark.height <= page.viewportSize()!.height, `the refused scan's sentence leaves Mark delivered in view: ${JSON.stringify(mark)}`);
  await screenshot(page, 'qr-delivery-scanner-not-a-request');

  // The device reads the screen, applies the response and shows its receipt; the scanner reads it here.
  const shown = await readResponseFromScreen(page);
  const applied = await runDevice(['apply', '--state', state, '--ur', shown.text]);
  const receipt = receiptOf(applied);
  assert.ok(receipt.includes('-'), 'the receipt holds the speed key');
  const scanEnded = await type(scannerKeys(receipt), 10);
  const said = page.locator('[data-testid="qr-device-receipt"][data-confirmed="true"]');
  await said.waitFor();
  assert.match((await said.innerText()).trim(), /^Confirmed by the device\. Applied on the device at /);
  assert.equal(await view.getAttribute('data-fps'), fps, 'the speed did not change');
  assert.equal(await page.getByRole('button', { name: /Mark delivered/ }).count(), 0, 'nothing left to mark');
  await screenshot(page, 'qr-delivery-scanner-receipt');
  const detail = await host.call('getRequest', { id });
  assert.equal(detail.state, 'delivered');
  assert.deepEqual(detail.history.filter((h) => h.event === 'delivered' || h.event === 'device_confirmed').map((h) => h.event), ['device_confirmed'], "the device confirmed it; the scan's Enter marked nothing");

  // Esc right after the scan (when a scanner's trailing keys are still ignored) closes the view: no scanner sends Esc.
  await pressAt(page, { key: 'Escape', code: 'Escape', windowsVirtualKeyCode: 27 }, scanEnded + 30);
  await view.waitFor({ state: 'detached', timeout: 5_000 });

  // The scans went through the Capture screen's path: both are in its results.
  await page.click('button[data-screen="capture"]');
  const scans = await page.locator('.result-list > li[data-file^="Scanner"]').evaluateAll((items) => items.map((li) => li.getAttribute('data-outcome')));
  assert.deepEqual(scans, ['error', 'confirmed']);
  assert.deepEqual(pageErrors, []);
});

test("the device's receipt refused the response: the QR view offers no Mark delivered, Enter marks nothing, it says what to do", async (t) => {
  const { licenses, host, state, id } = await fulfilledRequest(t, KEY, 'refusing-press');
  const vendorKey = path.join(state, 'vendor.pem');
  fs.writeFileSync(vendorKey, licenses.publicKeyPem);

  const { page, pageErrors, view } = await openQrView(t, host, id);

  // The device's clock is years behind: it refuses the response as issued in the future, and says so in its receipt.
  const shown = await readResponseFromScreen(page);
  const applied = await runDevice(['apply', '--state', state, '--ur', shown.text, '--vendor-key', vendorKey, '--now', '2001-01-01T00:00:00Z']).then(
    () => assert.fail('the device should refuse the response'),
    (error: { stdout: string; stderr: string }) => error,
  );
  assert.match(applied.stderr, /REFUSED:[\s\S]*issued in the future/);
  const receipt = receiptOf(applied);
  const scanned = await host.call('capture', { items: [{ name: 'Scanner 10:00:00', size: receipt.length, text: receipt, source: 'scanner' }] });
  assert.equal(scanned.results[0]!.outcome, 'device_refused');

  const said = page.locator('[data-testid="qr-device-receipt"][data-confirmed="false"]');
  await said.waitFor();
  assert.match(await said.innerText(), /The device refused the response\. Refused on the device at .*: the device clock disagrees with the licence dates\./);
  assert.equal(await page.getByRole('button', { name: /Mark delivered/ }).count(), 0, 'nothing to mark');
  assert.match(await page.getByTestId('qr-refused-hint').innerText(), /The response is not delivered\. Fix what the device names/);
  await screenshot(page, 'qr-delivery-refused-by-device');

  // Enter marks nothing: the view stays open and the request stays fulfilled.
  await view.press('Enter');
  await page.waitForTimeout(500);
  assert.equal(await view.count(), 1);
  assert.equal(await page.getByTestId('qr-delivered').count(), 0);
  const detail = await host.call('getRequest', { id });
  assert.equal(detail.state, 'fulfilled');
  assert.equal(detail.history.filter((h) => h.event === 'delivered').length, 0);
  await page.getByRole('button', { name: 'Close', exact: true }).click();
  await view.waitFor({ state: 'detached' });
  assert.deepEqual(pageErrors, []);
});

/** A delivered response leaves Deliver's list, and shows there again with "Show delivered". */
async function deliveredInDeliverList(page: Page, id: string): Promise<void> {
  await page.locator(`tr[data-request-id="${id}"]`).waitFor({ state: 'detached' });
  await page.getByLabel(/Show delivered/).check();
  await page.locator(`tr[data-request-id="${id}"][data-state="delivered"]`).waitFor();
}
