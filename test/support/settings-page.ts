// Settings as an engineer uses it, for the end-to-end tests that set connections up.
import type { Page } from 'playwright-core';

/**
 * Adds a connection: picks the vendor, fills each field by its label (a select gets the option),
 * runs Test connection when asked (and waits for it to pass), then saves.
 */
export async function addConnection(page: Page, vendor: string, fields: Record<string, string>, options: { test?: boolean } = {}): Promise<void> {
  await page.getByTestId('add-connection').click();
  await page.getByTestId('connection-vendor').selectOption(vendor);
  for (const [label, value] of Object.entries(fields)) {
    const field = page.getByLabel(label, { exact: true });
    if ((await field.evaluate((el) => el.tagName)) === 'SELECT') await field.selectOption(value);
    else await field.fill(value);
  }
  if (options.test) {
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.locator('[data-testid="connection-test"][data-ok="true"]').waitFor();
  }
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByTestId('connection-saved').waitFor();
}
