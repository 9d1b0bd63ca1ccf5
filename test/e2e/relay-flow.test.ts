// A kiosk with a company relay, in Debian Chromium: the engineer connects to the relay in Settings
// with its address and a one-time code, captures a request, syncs through the relay, exports the
// signed answer; the relay's operator page lists the activation with the engineer's name.
import assert from 'node:assert/strict';
import { generateKeyPairSync, verify } from 'node:crypto';
import { after, test } from 'node:test';
import { auditPage } from '../../electron/relay/audit-page.ts';
import { saveConnection } from '../../electron/relay/connection-admin.ts';
import { relayStores, startRelay } from '../../electron/relay/relay.ts';
import { parseSecretKey, secretBox } from '../../electron/relay/secret-box.ts';
import { canonicalJson } from '../../shared/crypto/canonical-json.ts';
import { startLicenseServer } from '../servers/generic/index.ts';
import { dropFiles, launchChromium, openKioskPage, screenshot } from '../support/browser.ts';
import { exportAllAnswers } from '../support/deliver-page.ts';
import { relayDatabase, TEST_SECRET_KEY } from '../support/relay.ts';
import { seed004File } from '../support/requests.ts';
import { addConnection } from '../support/settings-page.ts';
import { tempDir } from '../support/temp.ts';
import { startHostProcess } from '../support/web-host-process.ts';

const KEY = 'RELAY-EENDS-TOEND-00000-00001';
const OPERATOR_TOKEN = 'operator-token-e2e-0123456789';

const { cluster, db } = await relayDatabase();
const stores = relayStores(db);
const secretKey = parseSecretKey(TEST_SECRET_KEY);
const vendor = await startLicenseServer({ licenses: [{ key: KEY, status: 'active', maxActivations: 10 }], privateKeyPem: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });
after(() => vendor.close());
await saveConnection(stores.connections, secretBox(secretKey), { vendor: 'generic', name: 'Plant licences', baseUrl: vendor.url, publicKeyPem: vendor.publicKeyPem }, []);
const relay = await startRelay({ databaseUrl: cluster.url, secretKey, pages: auditPage(stores.audit, OPERATOR_TOKEN) });
after(() => relay.close());

test('enrol with a relay in Settings, capture, sync through the relay, export; the relay page lists it', async (t) => {
  const { code } = await stores.people.addEngineer('Eve Engineer', { products: null, connections: null, dailyLimit: 20, seatReturns: true });
  const host = await startHostProcess(tempDir(t));
  t.after(() => host.stop());
  const { page, pageErrors } = await openKioskPage(t, host.openUrl);
  await page.getByTestId('demo-card').waitFor();
  await page.click('button[data-screen="settings"]');
  await addConnection(page, 'relay', { Name: 'Company relay', 'Base URL': relay.url, 'Enrolment code': code });
  await page.getByTestId('relay-enrolment').filter({ hasText: 'Enrolled as Eve Engineer' }).waitFor();
  assert.match(await page.getByTestId('relay-enrolment').innerText(), /Plant licences \(generic\)/);
  await page.getByTestId('settings-screen').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await screenshot(page, 'relay-settings');
  assert.ok(!(await page.content()).includes(code), 'the spent code is not shown again');

  await page.click('button[data-screen="capture"]');
  await dropFiles(page, '[data-testid="dropzone"]', [{ name: 'press-4.json', text: seed004File(KEY, 'press-4') }]);
  await page.locator('[data-outcome="queued"]').waitFor();
  await page.click('button[data-screen="queue"]');
  await page.getByRole('button', { name: 'Sync now' }).click();
  await page.locator('tr[data-request-id][data-state="fulfilled"]').waitFor({ timeout: 15_000 });
  await screenshot(page, 'relay-queue');

  const stream = await (await exportAllAnswers(page)).createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const answer = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data: unknown; signature: string };
  assert.ok(verify('sha256', Buffer.from(canonicalJson(answer.data)), vendor.publicKeyPem, Buffer.from(answer.signature, 'base64')), "the exported answer verifies with the vendor's key");
  assert.deepEqual(pageErrors, []);

  // The operator's page on the relay, behind the operator token.
  const browser = await launchChromium();
  t.after(() => browser.close());
  const operator = await (await browser.newContext({ httpCredentials: { username: 'operator', password: OPERATOR_TOKEN }, viewport: { width: 900, height: 600 } })).newPage();
  await operator.goto(`${relay.url}/audit`);
  const row = operator.locator('tr', { hasText: 'Eve Engineer' });
  await row.waitFor();
  assert.match(await row.innerText(), /fulfilled/);
  await screenshot(operator, 'relay-operator-page');
});
