// Hand-held scanner and pasted text on the Capture screen, in Debian Chromium against the web host:
// trusted key events 10 ms apart ending in Enter queue a request; a person typing slowly is not a scan; a
// scan changed by a keyboard layout is read from the key positions (US-set scanner on a German
// computer) or refused with the layouts named (German-set scanner on a US computer); a scan while
// the camera list has focus is captured and does not change the camera; pasted UR, base64 and JSON
// (several at once, animated-code parts among them) are each queued.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { makeRequest, requestFrames } from '../../shared/device/kit.ts';
import { garble, LAYOUTS, US } from '../../renderer/src/scanner/keyboard-layouts.ts';
import { openKioskPage, screenshot } from '../support/browser.ts';
import { keygenQrText, machineId } from '../support/requests.ts';
import { keyboardAt, scannerKeys } from '../support/scanner-keys.ts';
import { tempDir } from '../support/temp.ts';
import { startHostProcess } from '../support/web-host-process.ts';

const KEY = 'SCANN-12345-FGHIJ-67890-KLMNO';
const DE = LAYOUTS.find((l) => l.id === 'de')!;

const kioskRequest = (device: string) =>
  makeRequest({ kind: 'activate', licenseKey: KEY, fingerprint: machineId(device), nonce: `nonce-${device}`, createdAt: Math.floor(Date.now() / 1000), device: { hostname: device } });

async function resultCount(page: Page): Promise<number> {
  return page.locator('.result-list > li').count();
}

test('hand-held scanner: scans are queued, typing is not, layout damage is read back or refused', async (t) => {
  const host = await startHostProcess(tempDir(t));
  t.after(() => host.stop());
  const { page, pageErrors } = await openKioskPage(t, host.openUrl);
  await page.getByTestId('capture-screen').waitFor();
  await page.getByTestId('text-capture').waitFor();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const type = keyboardAt(page);

  // 1. A scan: trusted key events 10 ms apart, ending in Enter, nothing focused.
  const first = await kioskRequest('scan-press-1');
  await type(scannerKeys(first.ur), 10);
  await page.locator('[data-testid="scanner-status"] .scan-notice[data-outcome="queued"]', { hasText: 'Scanner input received' }).waitFor();
  const queued = page.locator('.result-list > li[data-outcome="queued"]');
  await queued.first().waitFor();
  assert.match((await queued.first().getAttribute('data-file'))!, /^Scanner \d\d:\d\d:\d\d$/);
  assert.match(await queued.first().innerText(), /Queued: Kiosk request.*scan-press-1/s);
  await page.getByTestId('text-capture').scrollIntoViewIfNeeded();
  await screenshot(page, 'capture-scanner');

  // 2. A person typing the same kind of text slowly, then Enter: not a scan, nothing captured.
  const before = await resultCount(page);
  const resultsText = await page.getByTestId('capture-results').innerText();
  const second = await kioskRequest('typed-by-hand');
  await type(scannerKeys(second.ur.slice(0, 24)), 110);
  await page.waitForTimeout(600);
  assert.equal(await resultCount(page), before);
  assert.equal(await page.getByTestId('capture-results').innerText(), resultsText, 'results unchanged');

  // 3. A US-set scanner on a German computer: "/" arrives as "-", Y and Z swap; read back from the key positions.
  const third = await kioskRequest('scan-press-german-pc');
  const keys = scannerKeys(third.ur, DE);
  assert.ok(keys.some((k) => k.key === '-' && k.code === 'Slash'), 'the damage is really there');
  await type(keys, 10);
  const recovered = page.locator('.result-list > li[data-outcome="queued"]', { hasText: 'scan-press-german-pc' });
  await recovered.waitFor();
  assert.match(await recovered.innerText(), /Read from the keys the scanner pressed: it types for a US keyboard, but this computer uses German \(QWERTZ\) \([^)]*"\/" arrived as "-"/);

  // 4. A scanner set to German on this (US) computer: the positions themselves are wrong; refused, layouts named.
  const fourth = await kioskRequest('scan-press-german-scanner');
  await type(scannerKeys(garble(fourth.ur, DE, US)), 10);
  const refused = page.locator('.result-list > li[data-outcome="error"]');
  await refused.waitFor();
  const sentence = await refused.innerText();
  assert.match(sentence, /Scanner input not queued: the keyboard layout changed it\. The scanner types for a German \(QWERTZ\) keyboard, but this computer uses US English \(QWERTY\) \([^)]*"\/" arrived as "&"/);
  assert.match(sentence, /Set the scanner to this computer's keyboard layout/);
  assert.match(await page.locator('.scan-notice[data-outcome="error"]').innerText(), /Scanner input received.*not queued\.\s+Scanner input not queued: the keyboard layout changed it/s);
  await page.getByTestId('text-capture').scrollIntoViewIfNeeded();
  await screenshot(page, 'capture-scanner-layout-refused');

  // A scanner's Enter never presses the focused drop area (which would open the file picker).
  await page.getByTestId('dropzone').focus();
  let chooserOpened = false;
  page.on('filechooser', () => (chooserOpened = true));
  const fifth = await kioskRequest('scan-with-focused-button');
  await type(scannerKeys(fifth.ur), 10);
  await page.locator('.result-list > li[data-outcome="queued"]', { hasText: 'scan-with-focused-button' }).waitFor();
  assert.equal(chooserOpened, false);

  const { requests } = await host.call('listRequests', {});
  assert.deepEqual(
    requests.map((r) => r.deviceLabel).sort(),
    ['scan-press-1', 'scan-press-german-pc', 'scan-with-focused-button'],
  );
  const scanned = await host.call('getRequest', { id: first.requestId });
  assert.match(scanned.history[0]!.detail, /^Captured from scanner input "Scanner \d\d:\d\d:\d\d" \(Kiosk request/);
  assert.deepEqual(pageErrors, []);
});

test('a scan while the camera list has focus is captured and leaves the chosen camera alone', async (t) => {
  const host = await startHostProcess(tempDir(t));
  t.after(() => host.stop());
  const { page, pageErrors } = await openKioskPage(t, host.openUrl, ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream=device-count=2']);
  // Started once, the camera names the fake cameras ("fake_device_0", "fake_device_1").
  await page.getByRole('button', { name: 'Start camera' }).click();
  await page.locator('[data-testid="camera-panel"][data-status="scanning"]').waitFor();
  await page.getByRole('button', { name: 'Stop camera' }).click();
  const select = page.getByTestId('camera-select');
  const labels = await select.locator('option').allInnerTexts();
  assert.ok(labels.length >= 2 && labels.every((l) => l.startsWith('f')), labels.join(', '));
  await select.selectOption({ index: 0 });
  await select.focus();
  const chosen = await select.inputValue();
  const type = keyboardAt(page);

  // A burst starting with "f" would pick the next "fake_device_…" by type-ahead; and a request.
  await type(scannerKeys('ffff-not-a-request'), 10);
  await page.locator('.result-list > li[data-outcome="error"][data-file^="Scanner"]').waitFor();
  const request = await kioskRequest('scan-on-camera-list');
  await type(scannerKeys(request.ur), 10);
  await page.locator('.result-list > li[data-outcome="queued"]', { hasText: 'scan-on-camera-list' }).waitFor();
  assert.equal(await select.inputValue(), chosen, 'the camera did not change');
  assert.equal(await page.evaluate(() => localStorage.getItem('activation-kiosk.camera')), chosen);
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'camera-select');
  assert.deepEqual(pageErrors, []);
});

test('pasted request text: UR, base64 Keygen QR text and JSON, several at once, animated-code parts assembled', async (t) => {
  const host = await startHostProcess(tempDir(t));
  t.after(() => host.stop());
  const { page, pageErrors } = await openKioskPage(t, host.openUrl);
  await page.getByTestId('text-capture').waitFor();

  const ur = await kioskRequest('paste-ur');
  const keygen = keygenQrText(KEY, machineId('paste-keygen'));
  const json = JSON.stringify({ license_key: KEY, machine_id: machineId('paste-json'), hostname: 'paste-json' }, null, 2);
  await page.getByLabel('Request text').fill(`${ur.ur}\n${keygen}\n${json}\n`);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await page.locator('.result-list > li[data-outcome="queued"]').nth(2).waitFor();
  const names = await page.locator('.result-list > li').evaluateAll((items) => items.map((li) => li.getAttribute('data-file')));
  assert.equal(names.length, 3);
  names.forEach((name, i) => assert.match(name!, new RegExp(`^Pasted \\d\\d:\\d\\d:\\d\\d \\(${i + 1} of 3\\)$`)));
  const texts = await page.locator('.result-list > li').allInnerTexts();
  assert.match(texts[0]!, /Kiosk request.*paste-ur/s);
  assert.match(texts[1]!, /Keygen air-gapped QR for device [0-9a-f]{12}\./, 'a paste never labels the device');
  assert.match(texts[2]!, /paste-json/);
  assert.equal(await page.getByLabel('Request text').inputValue(), '', 'the box is emptied once added');
  await page.locator('.capture-results').scrollIntoViewIfNeeded();
  await screenshot(page, 'capture-paste');

  // Ctrl+V anywhere on the screen (no field focused): the parts of an animated code, one request
  // already queued, and the incomplete parts of another.
  const big = await makeRequest({ kind: 'activate', licenseKey: KEY, fingerprint: machineId('paste-animated'), nonce: 'nonce-paste-animated', createdAt: Math.floor(Date.now() / 1000), device: { hostname: `paste-animated-${'x'.repeat(150)}` } });
  const frames = requestFrames(big, 60);
  assert.ok(frames.length >= 4);
  const partial = requestFrames(await makeRequest({ kind: 'activate', licenseKey: KEY, fingerprint: machineId('paste-partial'), nonce: 'nonce-paste-partial', createdAt: 1, device: { hostname: 'y'.repeat(150) } }), 60);
  const clipboard = [...frames.reverse(), ur.ur, ...partial.slice(1)].join('\n');
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.evaluate((text) => navigator.clipboard.writeText(text), clipboard);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Control+V');
  await page.locator('.result-list > li[data-outcome="duplicate"]').waitFor();
  // The results panel keeps the first paste's results below; this paste's problem is pinned on top.
  const outcomes = await page.locator('.result-list > li').evaluateAll((items) => items.map((li) => li.getAttribute('data-outcome')));
  assert.deepEqual(outcomes, ['error', 'queued', 'duplicate', 'queued', 'queued', 'queued']);
  assert.match(await page.locator('.result-list > li').nth(0).innerText(), /animated QR code \(ur:kiosk-request, \d+ parts\) are incomplete/);
  assert.match(await page.locator('.result-list > li').nth(1).innerText(), /paste-animated/);

  const { requests } = await host.call('listRequests', {});
  assert.equal(requests.length, 4);
  assert.deepEqual(pageErrors, []);
});
