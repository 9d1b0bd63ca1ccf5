// The engineer's day in Chromium through the web host: a visit is started; a USB stick with 20 request
// files of five forms (licence-API seed and kiosk JSON, a Keygen QR payload, LicenseSpring and Cryptlex
// request files) appears under the host's mount root (a temp folder standing for /media/<user>);
// Capture offers the import, the engineer imports, syncs against each vendor's test server, and writes
// the answers back. Every answer must sit beside its request and match manifest.json's digest. The
// visit ends, and its report (PDF printed by Chromium, text read back with pdfjs; and CSV) names all
// 20 devices.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { startLicenseServer } from '../../electron/demo/license-server.ts';
import { encodeLicenseSpringCredentials } from '../../electron/connectors/licensespring/credentials.ts';
import { CRYPTLEX_SAMPLES, cryptlexSampleOptions, makeOfflineRequest, startCryptlexServer } from '../servers/cryptlex/index.ts';
import { KEYGEN_SAMPLES, keygenSampleOptions, startKeygenServer } from '../servers/keygen/index.ts';
import { LICENSESPRING_SAMPLES, licenseSpringSampleOptions, startLicenseSpringServer } from '../servers/licensespring/index.ts';
import { makeLicenseSpringRequest } from '../servers/licensespring/request-file.ts';
import type { Download } from 'playwright-core';
import { openKioskPage, screenshot } from '../support/browser.ts';
import { pdfText } from '../support/pdf-text.ts';
import { keygenQrText, kioskFile, machineId, seed004File } from '../support/requests.ts';
import { outputDir, tempDir } from '../support/temp.ts';
import { startHostProcess } from '../support/web-host-process.ts';

const GENERIC_KEY = 'AAAAA-11111-BBBBB-22222-CCCCC';
const LS = LICENSESPRING_SAMPLES;
const CL = CRYPTLEX_SAMPLES;

test("the engineer's day: a visit, a stick with 20 mixed requests imported, synced, every answer written back beside its request, the report names all 20", async (t) => {
  // Each vendor's test server, with seats enough for the stick's devices.
  const generic = await startLicenseServer({ licenses: [{ key: GENERIC_KEY, status: 'active', maxActivations: 50 }] });
  t.after(() => generic.close());
  const kgOptions = keygenSampleOptions();
  const keygen = await startKeygenServer({ ...kgOptions, licenses: kgOptions.licenses.map((l) => ({ ...l, maxMachines: l.maxMachines === null ? null : 50 })) });
  t.after(() => keygen.close());
  const lsOptions = licenseSpringSampleOptions();
  const licensespring = await startLicenseSpringServer({ ...lsOptions, licenses: lsOptions.licenses.map((l) => ({ ...l, maxActivations: 50 })) });
  t.after(() => licensespring.close());
  const clOptions = cryptlexSampleOptions();
  const cryptlex = await startCryptlexServer({ ...clOptions, licenses: clOptions.licenses.map((l) => ({ ...l, allowedActivations: 50 })) });
  t.after(() => cryptlex.close());

  const mountRoot = tempDir(t, 'kiosk-media-');
  const host = await startHostProcess(tempDir(t), ['--mount-root', mountRoot, '--stick-poll-ms', '300']);
  t.after(() => host.stop());
  await host.call('saveConnection', { name: 'Plant licence API', baseUrl: generic.url, publicKeyPem: generic.publicKeyPem });
  await host.call('saveConnection', { vendor: 'keygen', name: 'Keygen', baseUrl: keygen.url, publicKeyHex: keygen.publicKeyHex, auth: 'license-key' });
  await host.call('saveConnection', {
    vendor: 'licensespring',
    name: 'LicenseSpring',
    baseUrl: licensespring.url,
    publicKeyPem: licensespring.publicKeyPem,
    secret: encodeLicenseSpringCredentials({ apiKey: LS.apiKeys.full, sharedKey: LS.sharedKey }),
  });
  await host.call('saveConnection', { vendor: 'cryptlex', name: 'Cryptlex', baseUrl: cryptlex.url, productPublicKeyPem: cryptlex.productPublicKeyPem, secret: CL.tokens.full });

  const { page, pageErrors } = await openKioskPage(t, host.openUrl);
  await page.getByTestId('capture-screen').waitFor();
  const downloads: Download[] = [];
  page.on('download', (d) => downloads.push(d));

  // The visit: every request captured from now on belongs to it.
  const bar = page.getByTestId('visit-bar');
  await bar.getByRole('button', { name: 'Start a visit…' }).click();
  await page.getByLabel('Customer', { exact: true }).fill('Northwind Extrusion');
  await page.getByLabel('Site', { exact: true }).fill('Plant 7');
  await page.getByLabel('Ticket or work order (optional)').fill('WO-2026-118');
  await page.getByLabel('Ticket or work order (optional)').press('Enter');
  await page.getByTestId('open-visit').waitFor();

  // The stick's files, written aside and then moved under the mount root at once, as a mount appears.
  const files: Record<string, string> = {};
  for (let i = 1; i <= 6; i++) files[`press-${i}.json`] = seed004File(GENERIC_KEY, `press-${i}`);
  for (let i = 1; i <= 4; i++) files[`bays/bay-${i}.json`] = kioskFile(GENERIC_KEY, `bay-${i}`);
  for (let i = 1; i <= 4; i++) files[`kg-${i}.txt`] = keygenQrText(KEYGEN_SAMPLES.licenses.floating3.key, machineId(`kg-${i}`));
  for (let i = 1; i <= 4; i++) {
    files[`ls-${i}.req`] = `${makeLicenseSpringRequest({ kind: 'activation', product: LS.product, hardwareId: machineId(`ls-${i}`), licenseKey: LS.licenses.perpetual.key, apiKey: LS.apiKeys.full, sharedKey: LS.sharedKey, hostname: `ls-${i}` })}\n`;
  }
  for (let i = 1; i <= 2; i++) files[`cl-${i}.req`] = makeOfflineRequest({ type: 'activation', key: CL.licenses.twoSeats.key, fp: `c0ffee0${i}`.padEnd(32, '0'), pid: CL.productId, hostname: `cl-${i}` });
  assert.equal(Object.keys(files).length, 20);
  const staging = path.join(tempDir(t), 'KINGSTON');
  // And one request file cut short (the stick was pulled while the device wrote it).
  const broken = { 'ls-cut.req': files['ls-1.req']!.slice(0, 200) };
  for (const [name, text] of Object.entries({ ...files, ...broken })) {
    fs.mkdirSync(path.dirname(path.join(staging, name)), { recursive: true });
    fs.writeFileSync(path.join(staging, name), text);
  }
  const stick = path.join(mountRoot, 'KINGSTON');
  fs.renameSync(staging, stick);

  // Capture offers the import, and the nav says a stick has news.
  const offer = page.getByTestId('stick-offer');
  await offer.filter({ hasText: 'Import 20 requests from KINGSTON?' }).waitFor({ timeout: 10_000 });
  assert.match(await page.locator('button[data-screen="capture"]').innerText(), /1/);
  await page.locator('.stick-problems summary').click();
  await page.locator('.stick-problems li', { hasText: '"ls-cut.req" is not a request the kiosk can read: LicenseSpring' }).waitFor();
  await screenshot(page, 'usb-stick-offer');
  await page.getByTestId('stick-import').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('stick-outcome').filter({ hasText: 'Imported from KINGSTON: 20 requests queued, 1 not imported.' }).waitFor({ timeout: 15_000 });

  // Cryptlex files carry no licence key: the engineer enters it, then syncs.
  const { requests } = await host.call('listRequests', {});
  assert.equal(requests.length, 20);
  for (const r of requests.filter((r) => r.needsLicenseKey)) await host.call('setLicenseKey', { id: r.id, licenseKey: CL.licenses.twoSeats.key });
  await page.click('button[data-screen="queue"]');
  await page.getByRole('button', { name: 'Sync now' }).click();
  const deadline = Date.now() + 30_000;
  let fulfilled = 0;
  while (Date.now() < deadline && (fulfilled = (await host.call('listRequests', { states: ['fulfilled'] })).requests.length) < 20) await page.waitForTimeout(200);
  assert.equal(fulfilled, 20, JSON.stringify((await host.call('listRequests', {})).requests.filter((r) => r.state !== 'fulfilled').map((r) => [r.sourceName, r.state, r.lastError])));

  await page.click('button[data-screen="capture"]');
  await offer.filter({ hasText: '20 answers ready to write back.' }).waitFor();
  await page.getByRole('button', { name: 'Write answers back to KINGSTON' }).click();
  await page.getByTestId('stick-outcome').filter({ hasText: 'Answers written back to KINGSTON: 20 answers written.' }).waitFor({ timeout: 15_000 });
  await page.getByTestId('stick-panel').scrollIntoViewIfNeeded();
  await screenshot(page, 'usb-stick-written');
  // At 640 px the panel's buttons wrap and stay reachable.
  await page.setViewportSize({ width: 640, height: 800 });
  await page.getByTestId('stick-panel').scrollIntoViewIfNeeded();
  await screenshot(page, 'usb-stick-narrow');

  // Every answer beside its request, with the vendor's extension, and the manifest's digests match.
  const manifest = JSON.parse(fs.readFileSync(path.join(stick, 'manifest.json'), 'utf8')) as { answers: { requestId: string; device: string; file: string; sha256: string }[] };
  assert.equal(manifest.answers.length, 20);
  const expected = Object.keys(files).map((f) => {
    const ext = path.extname(f);
    const base = f.slice(0, -ext.length);
    return f.startsWith('kg-') || f.startsWith('ls-') ? `${base}.lic` : f.startsWith('cl-') ? `${base}.dat` : `${base}.response.json`;
  });
  assert.deepEqual(manifest.answers.map((a) => a.file).sort(), expected.sort());
  for (const answer of manifest.answers) {
    const bytes = fs.readFileSync(path.join(stick, answer.file));
    assert.equal(createHash('sha256').update(bytes).digest('hex'), answer.sha256, answer.file);
  }
  assert.ok(fs.existsSync(path.join(stick, 'README.txt')));
  assert.equal((await host.call('listRequests', { states: ['fulfilled'], exported: true })).requests.length, 20, 'on the stick: exported, not yet delivered');
  assert.equal(keygen.state.machines(KEYGEN_SAMPLES.licenses.floating3.key).length, 4);

  // End the visit: its report names every device of the stick (label, or the start of its id).
  await page.setViewportSize({ width: 1280, height: 800 });
  const all = (await host.call('listRequests', {})).requests;
  assert.ok(all.every((r) => r.visitId !== null), 'every request from the stick belongs to the visit');
  const names = all.map((r) => r.deviceLabel ?? r.deviceId.slice(0, 16));
  await bar.getByRole('button', { name: 'End visit…' }).click();
  await bar.getByRole('button', { name: 'End visit', exact: true }).click();
  const ended = page.getByTestId('visit-ended');
  await ended.waitFor();
  assert.match(await ended.innerText(), /ended with 20 requests/);
  // The browser's print dialog is the OS's part: noted, then Chromium's own PDF output prints the page.
  await page.context().addInitScript(() => {
    window.print = () => document.documentElement.setAttribute('data-print-asked', 'yes');
  });
  const [popup] = await Promise.all([page.waitForEvent('popup'), ended.getByRole('button', { name: 'Report as PDF' }).click()]);
  await popup.getByRole('heading', { name: 'Visit report' }).waitFor();
  await popup.locator('html[data-print-asked="yes"]').waitFor({ state: 'attached' });
  const pdf = await popup.pdf({ path: path.join(outputDir('e2e', 'exports'), 'stick-visit-report.pdf'), format: 'A4', preferCSSPageSize: true });
  const text = (await pdfText(new Uint8Array(pdf))).join('\n').replace(/\s+/g, ' ');
  for (const name of names) assert.ok(text.includes(name), `the PDF names ${name}`);
  // (pdfjs reads the "fi" ligature as its own item, so the counts are checked around it)
  assert.ok(text.includes('20 requests: 0 delivered') && text.includes('20 exported but not yet delivered'), 'the counts: written to the stick is exported');
  assert.ok(text.includes('Northwind Extrusion') && text.includes('WO-2026-118'));
  await ended.getByRole('button', { name: 'Report as CSV' }).click();
  const deadline2 = Date.now() + 10_000;
  while (downloads.length < 1 && Date.now() < deadline2) await page.waitForTimeout(50);
  const csvFile = path.join(outputDir('e2e', 'exports'), downloads[0]!.suggestedFilename());
  await downloads[0]!.saveAs(csvFile);
  const csv = fs.readFileSync(csvFile, 'utf8').trimEnd().split('\r\n');
  assert.equal(csv.length, 21, 'a header and a row per device');
  for (const name of names) assert.ok(csv.some((line) => line.includes(name)), `the CSV names ${name}`);
  assert.deepEqual(pageErrors, []);
});

test('Settings: a watched folder is added and removed with the keyboard, a wrong path gets its sentence', async (t) => {
  const host = await startHostProcess(tempDir(t), ['--mount-root', tempDir(t, 'kiosk-media-'), '--stick-poll-ms', '300']);
  t.after(() => host.stop());
  const watched = tempDir(t, 'kiosk-watched-');
  fs.writeFileSync(path.join(watched, 'press-9.json'), seed004File(GENERIC_KEY, 'press-9'));
  const { page, pageErrors } = await openKioskPage(t, host.openUrl);
  await page.click('button[data-screen="settings"]');
  const card = page.getByTestId('watched-folders');
  await card.scrollIntoViewIfNeeded();
  const input = page.getByTestId('watched-folder-input');
  await input.fill(path.join(watched, 'nope'));
  await input.press('Enter');
  await card.getByText('is not a folder on this computer').waitFor();
  await input.fill(watched);
  await input.press('Enter');
  await card.getByText(watched).waitFor();
  await screenshot(page, 'usb-watched-folders');
  assert.deepEqual((await host.call('getStickSettings', {})).watchedFolders, [watched]);

  await page.click('button[data-screen="capture"]');
  await page.getByTestId('stick-offer').filter({ hasText: `Import 1 request from ${path.basename(watched)}?` }).waitFor({ timeout: 10_000 });

  await page.click('button[data-screen="settings"]');
  await page.getByRole('button', { name: `Stop watching ${watched}` }).click();
  await card.getByText(watched).waitFor({ state: 'detached' });
  assert.deepEqual((await host.call('getStickSettings', {})).watchedFolders, []);
  // The refused folder came back as the host's 400 answer, which Chromium logs; nothing else may.
  assert.deepEqual(pageErrors.filter((e) => !e.includes('status of 400 (Bad Request)')), []);
  assert.equal(pageErrors.length, 1);
});
