// Audit screen benchmark: the real kiosk process (the web host) and Debian Chromium, with a trail of
// 1,000 entries (the baseline, same run) and of 100,000. Times, in the browser as the engineer sees
// them: the Audit screen's first rows after Alt+5, then filtering by event, by engineer and event,
// by device and by a day; and the chain check of the whole trail (as at start and at each export).
//   npm run bench:audit [-- --sizes 1000,100000 --runs 3]
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { verifyStoredChain } from '../../electron/store/audit-chain.ts';
import { openDatabase } from '../../electron/store/database.ts';
import { appendChained } from '../support/audit-trail.ts';
import { openKioskPage } from '../support/browser.ts';
import { item, seed004File } from '../support/requests.ts';
import { benchDir } from '../support/temp.ts';
import { startHostProcess } from '../support/web-host-process.ts';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '1000,100000' }, runs: { type: 'string', default: '3' } } });
const SIZES = values.sizes.split(',').map(Number);
const RUNS = Number(values.runs);

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed(action: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await action();
  return performance.now() - start;
}

/** Waits until the count shows `total` entries and the newest matching row is on screen. */
async function shows(page: Page, total: number, seq: number): Promise<void> {
  await page.getByTestId('audit-count').filter({ hasText: `${total.toLocaleString('en')} ${total === 1 ? 'entry' : 'entries'}` }).waitFor({ timeout: 60_000 });
  await page.locator(`.audit-row[data-seq="${seq}"]`).waitFor({ timeout: 60_000 });
}

async function measure(size: number) {
  const dataDir = benchDir(`audit-${size}`);
  const db = openDatabase(path.join(dataDir, 'kiosk.sqlite'));
  appendChained(db, size);
  const chainMs: number[] = [];
  for (let i = 0; i < RUNS; i++) chainMs.push(await timed(async () => void (await verifyStoredChain(db))));
  db.close();

  const host = await startHostProcess(dataDir, ['--sync-interval-ms', '0']);
  const cleanups: (() => unknown)[] = [];
  try {
    await host.call('capture', { items: [item('press-2.json', seed004File('AAAAA-11111-BBBBB-22222-CCCCC', 'press-2'))] });
    const expect = async (filter: Parameters<typeof host.call<'listAudit'>>[1]['filter']) => {
      const { total, entries } = await host.call('listAudit', { filter, offset: 0, limit: 1 });
      return { total, seq: entries[0]!.seq };
    };
    const all = await expect({});
    const delivered = await expect({ event: 'delivered' });
    const ben = await expect({ event: 'delivered', engineer: 'Ben Okoro' });
    const device = await expect({ device: 'press-2' });
    const day = await expect({ from: '2026-01-01', to: '2026-01-01' });
    const rows: Record<string, number[]> = { 'first render (Alt+5)': [], 'filter: event': [], 'filter: engineer + event': [], 'filter: device': [], 'filter: one day': [], 'clear filters': [] };
    for (let run = 0; run < RUNS; run++) {
      const { page } = await openKioskPage({ after: (fn) => cleanups.push(fn) }, host.openUrl);
      rows['first render (Alt+5)']!.push(await timed(async () => {
        await page.keyboard.press('Alt+5');
        await shows(page, all.total, all.seq);
      }));
      rows['filter: event']!.push(await timed(async () => {
        await page.getByLabel('Event').selectOption('delivered');
        await shows(page, delivered.total, delivered.seq);
      }));
      rows['filter: engineer + event']!.push(await timed(async () => {
        await page.getByLabel('Who').selectOption({ label: 'Ben Okoro' });
        await shows(page, ben.total, ben.seq);
      }));
      await page.getByRole('button', { name: 'Clear filters' }).click();
      await shows(page, all.total, all.seq);
      rows['filter: device']!.push(await timed(async () => {
        await page.getByLabel('Device').fill('press-2');
        await shows(page, device.total, device.seq);
      }));
      await page.getByRole('button', { name: 'Clear filters' }).click();
      await shows(page, all.total, all.seq);
      rows['filter: one day']!.push(await timed(async () => {
        await page.getByLabel('From (UTC)').fill('2026-01-01');
        await page.getByLabel('To (UTC)').fill('2026-01-01');
        await shows(page, day.total, day.seq);
      }));
      rows['clear filters']!.push(await timed(async () => {
        await page.getByRole('button', { name: 'Clear filters' }).click();
        await shows(page, all.total, all.seq);
      }));
      await cleanups.pop()?.();
    }
    return { chain: median(chainMs), screen: Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, median(v)])) };
  } finally {
    for (const cleanup of cleanups) await cleanup();
    await host.stop();
  }
}

const results = new Map<number, Awaited<ReturnType<typeof measure>>>();
for (const size of SIZES) results.set(size, await measure(size));

const [base, ...rest] = SIZES;
const baseResult = results.get(base!)!;
console.log(`Audit trail in the kiosk process and Chromium; median of ${RUNS} runs, milliseconds. The device filter includes its 250 ms typing pause.\n`);
const table: Record<string, Record<string, string>> = {};
const cell = (ms: number, baseline: number) => (baseline > 0 ? `${ms.toFixed(0)} (×${(ms / baseline).toFixed(1)})` : ms.toFixed(0));
for (const key of [...Object.keys(baseResult.screen), 'chain check (whole trail)']) {
  const row: Record<string, string> = {};
  const baseline = key.startsWith('chain') ? baseResult.chain : baseResult.screen[key]!;
  row[`${base!.toLocaleString('en')} entries (baseline)`] = baseline.toFixed(0);
  for (const size of rest) {
    const result = results.get(size)!;
    row[`${size.toLocaleString('en')} entries`] = cell(key.startsWith('chain') ? result.chain : result.screen[key]!, baseline);
  }
  table[key] = row;
}
console.table(table);
