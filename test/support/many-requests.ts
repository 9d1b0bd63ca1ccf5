// Fills a kiosk data folder with many requests through the store's own insert and transition code,
// in one transaction (seconds for 100,000): for list tests and the lists benchmark.
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { ParsedRequest } from '../../shared/formats/request.ts';
import type { RequestState } from '../../shared/api/states.ts';
import { DATABASE_FILE_NAME } from '../../electron/store/data-folder.ts';
import { openDatabase } from '../../electron/store/database.ts';
import { RequestStore } from '../../electron/store/request-store.ts';

/** The state of request `i` of a generated store: mostly queued and ready, some of every other. */
export function stateOf(i: number): RequestState {
  const STATES: RequestState[] = ['queued', 'queued', 'fulfilled', 'fulfilled', 'delivered', 'rejected', 'retry_wait', 'cancelled', 'expired', 'queued'];
  return STATES[i % STATES.length]!;
}

/** Two refusal reasons alternate among the refused ones, so "retry all refused for this reason" has a choice. */
export const refusalOf = (i: number): string => (i % 20 === 5 ? 'license_suspended' : 'license_not_found');

export function fillRequests(dataDir: string, count: number, startAt = Date.parse('2026-11-01T08:00:00Z')): string[] {
  const db = openDatabase(path.join(dataDir, DATABASE_FILE_NAME));
  let clock = startAt;
  const store = new RequestStore(db, () => new Date(clock));
  const ids: string[] = [];
  try {
    store.inOneTransaction(() => {
      for (let i = 0; i < count; i++) {
        clock = startAt + i * 1000;
        const label = `line-${String(i % 97).padStart(2, '0')}-device-${i}`;
        const canonical = JSON.stringify({ n: i, label });
        const id = createHash('sha256').update(canonical).digest('hex');
        const parsed: ParsedRequest = {
          format: 'seed004-json',
          formatLabel: i % 3 === 0 ? 'Kiosk request (JSON)' : 'Keygen machine activation',
          kind: 'activate',
          licenseKey: `KEY-${String(i).padStart(8, '0')}`,
          deviceId: createHash('sha256').update(label).digest('hex').slice(0, 32),
          deviceLabel: label,
          deviceDetails: {},
          expiresAt: null,
          canonical,
        };
        store.insert(id, parsed, { kind: 'file', name: `${label}.json`, raw: canonical }, 'queued');
        const state = stateOf(i);
        if (state === 'fulfilled' || state === 'delivered') {
          store.transition(id, ['queued'], { to: 'in_flight', actor: 'sync', event: 'sending', detail: 'Sending' });
          store.fulfil(id, { fileName: `activation-${label}.json`, mediaType: 'application/json', bytes: Buffer.from(`{"n":${i}}`) }, { actor: 'sync', event: 'fulfilled', detail: 'Fulfilled' });
          if (state === 'delivered') store.markDelivered(id, 'a browser download', 'Exported');
        } else if (state !== 'queued') {
          const code = state === 'rejected' ? refusalOf(i) : state === 'retry_wait' ? 'network' : null;
          store.transition(id, ['queued'], {
            to: state,
            actor: 'sync',
            event: state,
            detail: state,
            ...(code ? { error: { code, message: code === 'network' ? 'The licensing service could not be reached.' : `Refused: ${code}` } } : {}),
            ...(state === 'retry_wait' ? { nextAttemptAt: new Date(startAt + 3600_000).toISOString(), attempts: 1 } : {}),
          });
        }
        ids.push(id);
      }
    });
  } finally {
    db.close();
  }
  return ids;
}
