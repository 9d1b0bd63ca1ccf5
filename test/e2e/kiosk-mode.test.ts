// Kiosk mode and the help sheet in Chromium: the PIN is typed twice to start, the side bar offers the
// way out, a wrong PIN is said plainly in the dialog, the right one leaves; ? opens the help sheet.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openKioskPage, screenshot } from '../support/browser.ts';
import { tempDir } from '../support/temp.ts';
import { startHostProcess } from '../support/web-host-process.ts';

test('kiosk mode: start with a PIN typed twice, a wrong PIN is refused in the dialog, the right one leaves', async (t) => {
  const host = await startHostProcess(tempDir(t));
  t.after(() => host.stop());
  const { page, pageErrors } = await openKioskPage(t, host.openUrl);

  await page.keyboard.press('Shift+?');
  await page.getByTestId('help-sheet').waitFor();
  assert.match(await page.getByTestId('help-sheet').innerText(), /Alt\+1 … Alt\+5/);
  await page.keyboard.press('Escape');
  await page.getByTestId('help-sheet').waitFor({ state: 'hidden' });

  await page.click('button[data-screen="settings"]');
  const card = page.getByTestId('kiosk-mode');
  await card.getByLabel('PIN', { exact: true }).fill('4821');
  await card.getByLabel('PIN again').fill('4812');
  await card.getByRole('button', { name: 'Start kiosk mode' }).click();
  await card.getByText('The two PINs differ').waitFor();
  await card.getByLabel('PIN again').fill('4821');
  await card.getByRole('button', { name: 'Start kiosk mode' }).click();
  await card.getByText(/^On: leave it with/).waitFor();
  assert.equal((await host.call('getUiPreferences', {})).kioskMode, true);

  await page.getByTestId('leave-kiosk-mode').click();
  const dialog = page.getByRole('dialog', { name: 'Leave kiosk mode' });
  await dialog.getByLabel('PIN').fill('1111');
  await dialog.getByRole('button', { name: 'Leave', exact: true }).click();
  await dialog.getByRole('alert').filter({ hasText: 'That PIN is wrong; kiosk mode stays on' }).waitFor();
  await screenshot(page, 'kiosk-mode-wrong-pin');
  await dialog.getByLabel('PIN').fill('4821');
  await dialog.getByRole('button', { name: 'Leave', exact: true }).click();
  await page.getByTestId('leave-kiosk-mode').waitFor({ state: 'detached' });
  assert.equal((await host.call('getUiPreferences', {})).kioskMode, false);
  // The wrong PIN's refusal is an HTTP 400 the browser logs; nothing else may appear.
  assert.deepEqual(pageErrors.filter((e) => !/status of 400/.test(e)), []);
});
