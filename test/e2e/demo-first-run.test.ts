// A newcomer's first run: no connection, the app offers its built-in demo licensing service, and the
// sample files in resources/samples go all the way through.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { launchChromium, screenshot } from '../support/browser.ts';
import { repoRoot, tempDir } from '../support/temp.ts';
import { startHostProcess } from '../support/web-host-process.ts';

test('first run: the demo connection and the sample files work out of the box', async (t) => {
  const host = await startHostProcess(tempDir(t), ['--sync-interval-ms', '1000']);
  t.after(() => host.stop());
  const browser = await launchChromium();
  t.after(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(await host.openUrl());
  await page.getByTestId('demo-card').waitFor();
  await screenshot(page, 'first-run');
  await page.getByRole('button', { name: 'Use the demo connection' }).click();
  await page.locator('[data-testid="connection-name"]', { hasText: 'Demo' }).waitFor();

  const samplesDir = path.join(repoRoot, 'resources', 'samples');
  const files = fs.readdirSync(samplesDir).map((name) => ({ name, text: fs.readFileSync(path.join(samplesDir, name), 'utf8') }));
  // A vendor request file that carries no licence key: queued, but it waits for the engineer.
  files.push({ name: 'cabinet-12.req', text: 'aGVhZGVy.cGF5bG9hZA.c2ln\n' });
  await page.locator('[data-testid="capture-input"]').setInputFiles(files.map((f) => ({ name: f.name, mimeType: 'application/json', buffer: Buffer.from(f.text) })));
  await page.locator('[data-testid="capture-summary"]').waitFor();
  assert.equal(await page.locator('[data-outcome="queued"]').count(), 5);
  assert.match(await page.locator('[data-outcome="queued"][data-file="cabinet-12.req"]').innerText(), /enter the key/);
  assert.match(await page.locator('[data-outcome="error"][data-file="not-a-request.txt"]').innerText(), /Not JSON/);

  // Automatic sync: no button pressed.
  await page.click('button[data-screen="queue"]');
  await page.locator('tr[data-request-id][data-state="fulfilled"]').nth(2).waitFor({ timeout: 20_000 });
  const refused = page.locator('tr[data-request-id][data-state="rejected"]');
  await refused.waitFor();
  await refused.click();
  assert.match(await page.getByTestId('detail-error').innerText(), /suspended/i);
  await screenshot(page, 'queue-refused');

  const needsKey = page.locator('tr[data-request-id]', { hasText: 'Needs the licence key' });
  await needsKey.click();
  await page.getByTestId('license-key-form').waitFor();
  await screenshot(page, 'queue-needs-key');
  await page.getByLabel('Licence key', { exact: true }).fill('DEMO1-PRESS-LINE0-A1B2C-0001X');
  await page.getByRole('button', { name: 'Save key' }).click();
  await page.getByTestId('license-key-form').waitFor({ state: 'detached' });
});
