// Lists benchmark: the Queue and Deliver screens over a store of 100,000 requests, against the same
// figures at 1,000 in the same run. The store is filled through the store's own insert and transition
// code, served by the real kiosk process (the web host) and measured in Chromium: time to first rows
// of Queue and Deliver, to apply a filter, to sort, to select all, and the bulk retry of the selection
// (its throughput); the JS heap and DOM nodes. Also listRequests in main against the query it replaced
// (every row up to 5,000, in one go). Goal: each UI step under 200 ms at 100,000.
//   npm run bench:lists [-- --large 100000 --small 1000]
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { DATABASE_FILE_NAME } from '../../electron/store/data-folder.ts';
import { RequestStore, type RequestRow } from '../../electron/store/request-store.ts';
import { toSummary } from '../../electron/core/views.ts';
import { launchChromium, loginPage } from '../support/browser.ts';
import { fillRequests } from '../support/many-requests.ts';
import { benchDir } from '../support/temp.ts';
import { startHostProcess } from '../support/web-host-process.ts';

const { values } = parseArgs({ options: { large: { type: 'string', default: '100000' }, small: { type: 'string', default: '1000' } } });
const SIZES = [Number(values.small), Number(values.large)];
const GOAL_MS = 200;

type Step = 'queue' | 'deliver' | 'filter' | 'sort' | 'selectAll' | 'retry';

/** One UI step, timed inside the page from the action to the rows showing the result. */
function inPage([step, expect]: [Step, string]): Promise<number> {
  const until = (done: () => boolean) =>
    new Promise<void>((resolve, reject) => {
      const deadline = performance.now() + 120_000;
      const check = () => (done() ? resolve() : performance.now() > deadline ? reject(new Error(`timed out: ${step}`)) : requestAnimationFrame(check));
      check();
    });
  const q = (selector: string) => document.querySelector<HTMLElement>(selector);
  const grid = () => q('table[role="grid"]')!;
  const start = performance.now();
  const act: Record<Step, () => boolean> = {
    queue: () => (q('button[data-screen="queue"]')!.click(), true),
    deliver: () => (q('button[data-screen="deliver"]')!.click(), true),
    filter: () => (q('[data-filter="rejected"] input')!.click(), true),
    sort: () => (q('th button[data-sort="device"]')!.click(), true),
    selectAll: () => (grid().dispatchEvent(new KeyboardEvent('keydown', { key: 'a', ctrlKey: true, bubbles: true })), true),
    retry: () => (q('[data-testid="queue-bulk-bar"] button.button-small')!.click(), true),
  };
  const done: Record<Step, () => boolean> = {
    queue: () => q('[data-testid="queue-screen"] tr[data-request-id]') !== null,
    deliver: () => q('[data-testid="deliver-screen"] tr[data-request-id]') !== null,
    filter: () => q('tr[aria-rowindex="2"]')?.dataset.state === 'rejected' && grid().getAttribute('aria-rowcount') === expect,
    sort: () => q('tr[aria-rowindex="2"]')?.dataset.requestId === expect,
    selectAll: () => q('[data-testid="queue-selected"]')?.textContent === expect,
    retry: () => q('[data-testid="bulk-summary"]')?.textContent?.startsWith(expect) === true,
  };
  act[step]();
  return (async () => {
    if (step === 'retry') {
      await until(() => q('[data-testid="bulk-confirm"] .button-primary') !== null);
      q('[data-testid="bulk-confirm"] .button-primary')!.click();
    }
    await until(done[step]);
    return performance.now() - start;
  })();
}

const usage = (page: Page) =>
  page.evaluate(() => ({
    heapMiB: ((performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize / 1024 / 1024),
    domNodes: document.getElementsByTagName('*').length,
  }));

/** The list query before this change: every matching row (up to 5,000) with its summary, in one call. */
function oldListMs(db: Database.Database): number {
  const start = performance.now();
  const rows = db
    .prepare(`SELECT r.*, s.file_name AS response_file_name, s.expires_at AS response_expires_at FROM requests r LEFT JOIN responses s ON s.request_id = r.id ORDER BY r.captured_at DESC, r.id LIMIT 5000`)
    .all() as RequestRow[];
  rows.map((row) => toSummary(row, new Date()));
  return performance.now() - start;
}

function newListMs(store: RequestStore): number {
  const start = performance.now();
  store.page({}, undefined, 0, 100).map((row) => toSummary(row, new Date()));
  store.count({});
  store.counts();
  return performance.now() - start;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function measure(size: number): Promise<Record<string, number | string>> {
  const dir = benchDir(`lists-${size}`);
  const filledAt = performance.now();
  fillRequests(dir, size);
  const fillS = (performance.now() - filledAt) / 1000;

  const db = new Database(path.join(dir, DATABASE_FILE_NAME), { readonly: true });
  const store = new RequestStore(db, () => new Date());
  const oldMs = median([1, 2, 3].map(() => oldListMs(db)));
  const newMs = median([1, 2, 3].map(() => newListMs(store)));
  const rejected = store.count({ states: ['rejected'] });
  const firstByDevice = store.page({ states: ['rejected'] }, { key: 'device', dir: 'asc' }, 0, 1)[0]!.id;
  db.close();

  const host = await startHostProcess(dir);
  const browser = await launchChromium(['--enable-precise-memory-info']);
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await loginPage(page, await host.openUrl());
    // tsx keeps function names with a helper the page lacks; the step functions below need it there.
    await page.evaluate('globalThis.__name = (fn) => fn');
    const step = (name: Step, expect = '') => page.evaluate(inPage, [name, expect] as [Step, string]);
    const deliverMs = await step('deliver');
    const queueMs = await step('queue');
    const filterMs = await step('filter', String(rejected + 1));
    const sortMs = await step('sort', firstByDevice);
    const selectMs = await step('selectAll', `${rejected.toLocaleString('en-US')} of ${rejected.toLocaleString('en-US')} selected`);
    const { heapMiB, domNodes } = await usage(page);
    const retryMs = await step('retry', `Queued again: ${rejected} requests.`);
    return {
      requests: size.toLocaleString('en'),
      'fill store (s)': fillS.toFixed(1),
      'listRequests before (ms)': oldMs.toFixed(1),
      'listRequests now (ms)': newMs.toFixed(1),
      'Queue first rows (ms)': queueMs.toFixed(0),
      'Deliver first rows (ms)': deliverMs.toFixed(0),
      'filter "Refused" (ms)': filterMs.toFixed(0),
      'sort by device (ms)': sortMs.toFixed(0),
      'select all (ms)': selectMs.toFixed(0),
      [`retry the selection (ms)`]: retryMs.toFixed(0),
      'retry throughput (requests/s)': Math.round(rejected / (retryMs / 1000)),
      'JS heap (MiB)': heapMiB.toFixed(1),
      'DOM nodes': domNodes,
    };
  } finally {
    await browser.close();
    await host.stop();
  }
}

const results: Record<string, number | string>[] = [];
for (const size of SIZES) results.push(await measure(size));
console.log(`\nQueue and Deliver lists, ${SIZES.map((s) => s.toLocaleString('en')).join(' vs ')} requests (goal: each UI step under ${GOAL_MS} ms; the retry reports its throughput)\n`);
const metrics = Object.keys(results[0]!).filter((k) => k !== 'requests');
console.table(Object.fromEntries(metrics.map((metric) => [metric, Object.fromEntries(results.map((r) => [r.requests, r[metric]]))])));
