// Any window size and either language, in Debian Chromium against the web host: every screen (and the
// help sheet, the visit bar and the QR view) at 640 to 2560 px wide and at 200 % zoom, in English and in
// German (whose words run longer), light and dark, with requests in the lists and an open visit. No
// horizontal page scrollbar, the controls an engineer needs are inside the window and not covered by
// anything, and no button, heading, label or column title has its words cut off.
// Screenshots: test-output/e2e/screenshots/layout-<screen>-<width>[-de][-dark].png; with
// DOCS_SCREENSHOTS=1 (`npm run docs:screenshots`) the README's set is copied to docs/screenshots/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { sampleLicenses, startLicenseServer } from '../servers/generic/index.ts';
import { launchChromium, loginPage, screenshot } from '../support/browser.ts';
import { fillRequests } from '../support/many-requests.ts';
import { outputDir, repoRoot, tempDir } from '../support/temp.ts';
import { startHostProcess } from '../support/web-host-process.ts';

const SCREENS = ['capture', 'queue', 'deliver', 'settings', 'audit'] as const;
type Screen = (typeof SCREENS)[number];

/** Widths in CSS px; "zoom" is 1280×800 at 200 %: 640×400 CSS px at a device pixel ratio of 2. */
const SIZES = [
  { name: '640', width: 640, height: 800, scale: 1 },
  { name: '800', width: 800, height: 800, scale: 1 },
  { name: '1024', width: 1024, height: 768, scale: 1 },
  { name: '1280', width: 1280, height: 800, scale: 1 },
  { name: '1920', width: 1920, height: 1080, scale: 1 },
  { name: '2560', width: 2560, height: 1440, scale: 1 },
  { name: 'zoom200', width: 640, height: 400, scale: 2 },
] as const;

type Run = { size: (typeof SIZES)[number]; theme: 'light' | 'dark'; language: 'en' | 'de' };
const at = (...names: string[]) => SIZES.filter((size) => names.includes(size.name));
const MAIN_SIZES = ['640', '1024', '1280', '1920'];
/** English at every size, German at the four main sizes and 200 % zoom, and both in dark at the four main sizes. */
const RUNS: Run[] = [
  ...SIZES.map((size) => ({ size, theme: 'light' as const, language: 'en' as const })),
  ...at(...MAIN_SIZES).map((size) => ({ size, theme: 'dark' as const, language: 'en' as const })),
  ...at(...MAIN_SIZES, 'zoom200').map((size) => ({ size, theme: 'light' as const, language: 'de' as const })),
  ...at(...MAIN_SIZES).map((size) => ({ size, theme: 'dark' as const, language: 'de' as const })),
];

/** The README's pictures (docs/screenshots/<name>.png), picked from this run's screenshots. */
const DOCS = ['queue-1280', 'deliver-1280', 'capture-1280', 'settings-1280', 'audit-1280', 'qr-1280', 'queue-1280-dark', 'deliver-1280-de', 'queue-640'];

/** The controls each screen must show whole and uncovered (CSS selectors), besides the nav and "Sync now". */
const KEY_CONTROLS: Record<Screen, string[]> = {
  capture: ['[data-testid="dropzone"]'],
  queue: ['.screen-queue input[type="search"]', '.screen-queue .filter-chip', '.screen-queue tr[data-request-id] .chip-state'],
  deliver: ['.screen-deliver input[type="search"]', '.screen-deliver .bulk-bar .button-primary', '.screen-deliver tr[data-request-id] [data-testid="show-qr"]'],
  settings: ['[data-testid="add-connection"]'],
  audit: ['[data-testid="audit-export-csv"]', '[data-testid="audit-export-bundle"]'],
};
const EVERYWHERE = ['.nav-item', '.status-bar .button-primary', '[data-testid="pause-sync"]', '.visit-bar button'];

/** Problems with the page as laid out now: horizontal overflow, and controls cut or covered. */
async function layoutProblems(page: Page, selectors: string[]): Promise<string[]> {
  return page.evaluate((list) => {
    const problems: string[] = [];
    const root = document.scrollingElement!;
    if (root.scrollWidth > root.clientWidth) problems.push(`the page scrolls sideways (${root.scrollWidth} > ${root.clientWidth})`);
    const vw = document.documentElement.clientWidth;
    const vh = document.documentElement.clientHeight;
    for (const selector of list) {
      const elements = [...document.querySelectorAll<HTMLElement>(selector)];
      if (elements.length === 0) problems.push(`${selector}: not found`);
      // Within a scrolled list only the first few matter: the rest are reached by scrolling.
      for (const el of elements.slice(0, 6)) {
        const name = `${selector} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 30)}"`;
        el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) {
          problems.push(`${name}: not shown`);
          continue;
        }
        if (r.left < -0.5 || r.top < -0.5 || r.right > vw + 0.5 || r.bottom > vh + 0.5) {
          problems.push(`${name}: outside the window (${Math.round(r.left)},${Math.round(r.top)} to ${Math.round(r.right)},${Math.round(r.bottom)} in ${vw}×${vh})`);
          continue;
        }
        // A control's box must not be clipped by a scrolling or hidden-overflow ancestor either.
        for (let parent = el.parentElement; parent; parent = parent.parentElement) {
          if (getComputedStyle(parent).overflowX === 'visible') continue;
          const p = parent.getBoundingClientRect();
          if (r.left < p.left - 0.5 || r.right > p.right + 0.5) {
            problems.push(`${name}: cut by ${parent.className || parent.tagName}`);
            break;
          }
        }
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        if (!hit || !(el === hit || el.contains(hit))) problems.push(`${name}: covered by ${hit ? `${hit.tagName}.${String(hit.className)}` : 'nothing'}`);
      }
    }
    // Words cut off: a box that clips (or ellipsises) text wider than itself. Table cells may shorten a
    // long device or file name on purpose; a button, heading, label or column title may not.
    for (const el of document.querySelectorAll<HTMLElement>('button, .chip, .filter-chip, th, h1, h2, h3, label, legend, .nav-item, .status-bar *, .visit-bar *')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.bottom < 0 || r.top > vh || !el.textContent?.trim()) continue;
      // Words for screen readers only, and text shortened on purpose with the whole of it on hover.
      if (el.closest('.visually-hidden, [title]')) continue;
      const style = getComputedStyle(el);
      if (style.overflowX === 'visible' && style.textOverflow !== 'ellipsis') continue;
      if (el.scrollWidth > el.clientWidth + 1) problems.push(`"${el.textContent.trim().slice(0, 40)}" (${el.tagName.toLowerCase()}.${String(el.className).split(' ')[0]}): words cut off (${el.scrollWidth} > ${el.clientWidth})`);
    }
    // The bars' parts side by side: none may run into another (a long name into the counts).
    const parts = [...document.querySelectorAll<HTMLElement>('.status-bar > *, .status-connection > *, .status-connection-name > *')].filter((el) => el.getBoundingClientRect().width > 0);
    for (const [i, a] of parts.entries()) {
      for (const b of parts.slice(i + 1)) {
        if (a.contains(b) || b.contains(a)) continue;
        const ra = a.getBoundingClientRect();
        const rb = b.getBoundingClientRect();
        const overlap = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
        const rows = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
        if (overlap > 1 && rows > 1) problems.push(`status bar: "${a.textContent?.trim().slice(0, 20)}" runs into "${b.textContent?.trim().slice(0, 20)}"`);
      }
    }
    return problems;
  }, selectors);
}

test('every screen from 640 to 2560 px wide and at 200 % zoom: no sideways scroll, nothing cut or covered', async (t) => {
  const dir = tempDir(t);
  fillRequests(dir, 300);
  const licenses = await startLicenseServer({ licenses: sampleLicenses() });
  t.after(() => licenses.close());
  const host = await startHostProcess(dir);
  t.after(() => host.stop());
  await host.call('saveConnection', { name: 'Northwind plant licence server (building 4)', baseUrl: licenses.url, publicKeyPem: licenses.publicKeyPem });
  await host.call('setSyncPaused', { paused: true });
  await host.call('startVisit', { customer: 'Northwind Pharmaceuticals Europe', site: 'Hall 4, filling line west', ticket: 'WO-2026-114233' });

  const browser = await launchChromium();
  t.after(() => browser.close());
  const problems: string[] = [];
  const pageErrors: string[] = [];
  for (const { size, theme, language } of RUNS) {
    await host.call('setUiPreferences', { theme: theme === 'dark' ? 'dark' : 'system', language });
    const shot = `${size.name}${language === 'de' ? '-de' : ''}${theme === 'dark' ? '-dark' : ''}`;
    const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, deviceScaleFactor: size.scale });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await loginPage(page, await host.openUrl());
    // Light is the OS's choice here (no data-theme); dark is set in main.
    await page.waitForFunction((dark) => (document.documentElement.dataset.theme === 'dark') === dark, theme === 'dark');
    assert.equal(await page.evaluate(() => document.documentElement.lang.split('-')[0]), language);
    for (const screen of SCREENS) {
      await page.click(`button[data-screen="${screen}"]`);
      await page.locator(`main[data-screen="${screen}"]`).waitFor();
      if (screen === 'queue' || screen === 'deliver') await page.locator(`.screen-${screen} tr[data-request-id]`).first().waitFor();
      if (screen === 'audit') await page.locator('.audit-row[data-seq]').first().waitFor();
      for (const p of await layoutProblems(page, [...EVERYWHERE, ...KEY_CONTROLS[screen]])) problems.push(`${screen} at ${shot}: ${p}`);
      // Back to the top (in a short window the bars and the screen scroll as one) for the screenshot.
      await page.evaluate(() => ['.main', '.screen'].forEach((selector) => document.querySelector(selector)?.scrollTo(0, 0)));
      await screenshot(page, `layout-${screen}-${shot}`);
    }
    // The help sheet and the QR view are modal: their own close button must be whole and uncovered.
    await page.keyboard.press('F1');
    await page.getByTestId('help-sheet').waitFor();
    for (const p of await layoutProblems(page, ['[data-testid="help-sheet"] button'])) problems.push(`help at ${shot}: ${p}`);
    await screenshot(page, `layout-help-${shot}`);
    await page.keyboard.press('Escape');
    await page.click('button[data-screen="deliver"]');
    await page.locator('.screen-deliver tr[data-request-id] [data-testid="show-qr"]').first().click();
    await page.getByTestId('qr-canvas').waitFor();
    for (const p of await layoutProblems(page, ['.qr-delivery-head .icon-button', '[data-testid="qr-canvas"]'])) problems.push(`QR view at ${shot}: ${p}`);
    await screenshot(page, `layout-qr-${shot}`);
    await page.keyboard.press('Escape');
    await context.close();
  }
  assert.deepEqual(problems, []);
  assert.deepEqual(pageErrors, []);
  if (process.env.DOCS_SCREENSHOTS === '1') {
    const docs = path.join(repoRoot, 'docs/screenshots');
    fs.mkdirSync(docs, { recursive: true });
    for (const name of DOCS) fs.copyFileSync(path.join(outputDir('e2e', 'screenshots'), `layout-${name}.png`), path.join(docs, `${name}.png`));
  }
});
