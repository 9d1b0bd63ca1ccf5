// The engineer's hold on sync, in Debian Chromium against the web host: pause it, capture while paused
// (nothing is sent, the status bar says so and its chip says paused, not "Online"), resume, and see
// the pass end with a note whose colour and icon say how it went.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { openKioskPage, screenshot } from '../support/browser.ts';
import { repoRoot, tempDir } from '../support/temp.ts';
import { startHostProcess } from '../support/web-host-process.ts';

test('pause, capture while paused, resume: the status bar and a note follow along', async (t) => {
  const host = await startHostProcess(tempDir(t), ['--sync-interval-ms', '200']);
  t.after(() => host.stop());
  const { page, pageErrors } = await openKioskPage(t, host.openUrl);
  await page.getByRole('button', { name: 'Use the demo connection' }).click();
  await page.locator('[data-testid="connection-name"]', { hasText: 'Demo' }).waitFor();

  await page.getByTestId('pause-sync').click();
  await page.getByTestId('sync-paused').waitFor();
  assert.equal(await page.getByTestId('pause-sync').getAttribute('aria-pressed'), 'true');
  assert.equal(await page.getByRole('button', { name: 'Sync now' }).isDisabled(), true);
  // Nothing is checked while paused: the chip says paused in grey, not a green "Online" from before.
  const chip = page.getByTestId('status-bar').locator('.online-chip');
  await chip.filter({ hasText: 'Sync paused' }).waitFor();
  assert.equal(await chip.getAttribute('data-online'), 'unknown');

  const samples = path.join(repoRoot, 'resources', 'samples');
  const files = fs.readdirSync(samples).filter((name) => name.endsWith('.json'));
  await page.locator('[data-testid="capture-input"]').setInputFiles(files.map((name) => path.join(samples, name)));
  await page.locator('[data-testid="capture-summary"]').waitFor();
  await page.click('button[data-screen="queue"]');
  await page.locator('tr[data-request-id]').first().waitFor();
  await page.waitForTimeout(600);
  assert.equal(await page.locator('tr[data-request-id][data-state="queued"]').count(), await page.locator('tr[data-request-id]').count(), 'nothing sent while paused');
  await screenshot(page, 'sync-paused');

  await page.getByTestId('pause-sync').click();
  const note = page.locator('.toast', { hasText: 'Sync finished' });
  await note.waitFor({ timeout: 15_000 });
  // Good news gets the green check; a pass where some failed is amber with the alert icon.
  const text = await note.innerText();
  assert.equal(await note.getAttribute('data-tone'), /waiting to retry or refused/.test(text) ? 'warn' : 'info', text);
  await page.locator('tr[data-request-id][data-state="queued"]').first().waitFor({ state: 'detached', timeout: 15_000 });
  await screenshot(page, 'sync-finished');
  assert.deepEqual(pageErrors, []);
});
