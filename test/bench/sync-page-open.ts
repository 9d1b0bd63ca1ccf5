// The kiosk's sync ceiling through the web host, with no page and with a Chromium page on the Queue
// screen: every change event reaches the page, which must refresh only what it shows, so a page left
// open must not slow sync down. Needs `npm run build` (the web host bundle).
import { startLicenseServer } from '../../electron/demo/license-server.ts';
import { launchChromium, loginPage } from '../support/browser.ts';
import { startHostProcess } from '../support/web-host-process.ts';
import { item, seed004File } from '../support/requests.ts';
import { benchDir } from '../support/temp.ts';

const KEY = 'BENCH-CEILI-NGKEY-00000-00001';

interface CeilingRow {
  page: string;
  seconds: number;
  perSecond: number;
}

async function once(n: number, withPage: boolean): Promise<CeilingRow> {
  const licenses = await startLicenseServer({ licenses: [{ key: KEY, status: 'active', maxActivations: n + 10 }], rateLimit: { limit: 1_000_000, windowMs: 1000 } });
  const host = await startHostProcess(benchDir(`sync-ceiling-${withPage ? 'page' : 'none'}`));
  const browser = withPage ? await launchChromium() : null;
  try {
    await host.call('saveConnection', { name: 'API', baseUrl: licenses.url, publicKeyPem: licenses.publicKeyPem });
    await host.call('setSyncPaused', { paused: true });
    for (let start = 0; start < n; start += 500) {
      const batch = Array.from({ length: Math.min(500, n - start) }, (_, k) => item(`c${start + k}.json`, seed004File(KEY, `ceiling-${start + k}`)));
      await host.call('capture', { items: batch });
    }
    if (browser) {
      const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
      await loginPage(page, await host.openUrl());
      await page.locator('nav button[data-screen="queue"]').click();
      await page.waitForTimeout(500);
    }
    const startedAt = performance.now();
    await host.call('setSyncPaused', { paused: false });
    let fulfilled = 0;
    while (fulfilled < n) {
      await host.call('syncNow', {});
      fulfilled = (await host.call('getStatus', {})).counts.fulfilled;
    }
    const seconds = (performance.now() - startedAt) / 1000;
    return { page: withPage ? 'Queue screen open in Chromium' : 'no page (baseline)', seconds, perSecond: n / seconds };
  } finally {
    await browser?.close();
    await host.stop();
    await licenses.close();
  }
}

export async function measureCeiling(n: number): Promise<{ rows: CeilingRow[]; ratio: number }> {
  const none = await once(n, false);
  const page = await once(n, true);
  return { rows: [none, page], ratio: page.perSecond / none.perSecond };
}
