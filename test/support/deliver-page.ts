// The Deliver screen's "export everything ready" step that the vendor flows share.
import assert from 'node:assert/strict';
import type { Download, Page } from 'playwright-core';

/** Opens Deliver, waits for `ready` answers, selects all and exports: the one download (a file, or a ZIP of several). */
export async function exportAllAnswers(page: Page, ready = 1): Promise<Download> {
  await page.click('button[data-screen="deliver"]');
  await page.locator('tr[data-request-id][data-state="fulfilled"]').nth(ready - 1).waitFor();
  const downloads: Download[] = [];
  page.on('download', (d) => downloads.push(d));
  await page.getByLabel(/select all/i).check();
  await page.getByRole('button', { name: /^Export/ }).click();
  const deadline = Date.now() + 10_000;
  while (downloads.length < 1 && Date.now() < deadline) await page.waitForTimeout(50);
  assert.equal(downloads.length, 1, 'one download for the whole export');
  return downloads[0]!;
}
