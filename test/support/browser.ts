// Debian's Chromium driven by playwright-core (never a downloaded browser), and the steps every
// end-to-end test of the kiosk page shares.
import path from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { outputDir } from './temp.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-gpu', ...extraArgs],
  });
}

/**
 * A kiosk page in a fresh Chromium (with extra flags, e.g. a fake camera) that accepts downloads, logged
 * in with a one-time launch link (`host.openUrl` asks the host for a fresh one); page errors and console
 * errors are collected. `initScript` runs in the page before the app's own scripts.
 */
export async function openKioskPage(
  t: { after(fn: () => unknown): void },
  openUrl: string | (() => Promise<string>),
  chromiumArgs: string[] = [],
  initScript?: () => void,
): Promise<{ page: Page; pageErrors: string[] }> {
  const browser = await launchChromium(chromiumArgs);
  t.after(() => browser.close());
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  if (initScript) await page.addInitScript(initScript);
  await loginPage(page, typeof openUrl === 'string' ? openUrl : await openUrl());
  return { page, pageErrors };
}

/** Opens a launch link in `page` and waits until the page has spent it for a session (the app or the damaged-database screen shows, or the sentence why not). */
export async function loginPage(page: Page, link: string): Promise<void> {
  await page.goto(link);
  await page.waitForSelector('[data-testid="session-closed"], nav, .damaged-db', { timeout: 15_000 });
  if (await page.getByTestId('session-closed').count()) throw new Error(`the kiosk refused the page: ${await page.getByTestId('session-closed').innerText()}`);
}

/** A test page's script: the entry file and what it imports, bundled for the browser as one IIFE. */
export async function bundleForPage(entry: string): Promise<string> {
  const bundle = await build({ entryPoints: [entry], bundle: true, write: false, platform: 'browser', format: 'iife', target: 'chrome120', logLevel: 'silent' });
  return bundle.outputFiles[0]!.text;
}

/** Saves a screenshot under test-output/e2e/screenshots/. */
export function screenshot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: path.join(outputDir('e2e', 'screenshots'), `${name}.png`), fullPage: true });
}

/** Drops files on an element the way a file manager does (dragenter, dragover, drop with a DataTransfer). */
export async function dropFiles(page: Page, selector: string, files: { name: string; text: string; type?: string }[]): Promise<void> {
  const dataTransfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([f.text], f.name, { type: f.type ?? '' }));
    return dt;
  }, files);
  for (const type of ['dragenter', 'dragover', 'drop']) await page.dispatchEvent(selector, type, { dataTransfer });
}
