// The request lists' window onto the store: which requests (filter), in what order (sort), and which
// slice (offset, limit). Main filters and sorts in SQLite; the renderer asks only for the rows in view.
import { t } from '../i18n/index.ts';
import { z } from 'zod';
import { REQUEST_STATES } from './states.ts';

/** Most rows one listRequests call returns; a list asks for the rows in view, not the whole queue. */
export const MAX_LIST_LIMIT = 500;
/** Most ids one call may name; larger selections are sent as their filter. */
export const MAX_BULK_IDS = 100_000;

export const SORT_KEYS = ['capturedAt', 'updatedAt', 'state', 'device', 'format', 'attempts', 'nextAttemptAt'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

const requestId = z.string().regex(/^[0-9a-f]{64}$/, { error: () => t('contract:ids.request') });

export const requestFilter = z.object({
  states: z.array(z.enum(REQUEST_STATES)).max(REQUEST_STATES.length).optional(),
  search: z.string().max(200, { error: () => t('contract:search') }).optional(),
  /** Only requests whose last error has this code (e.g. every request refused for one reason). */
  errorCode: z.string().min(1).max(100).optional(),
  /** true: only requests whose response was written out as a file; false: only those never exported. */
  exported: z.boolean().optional(),
  /** Only this visit's requests; null: only those of no visit; absent: every request. */
  visitId: z
    .string()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, { error: () => t('contract:ids.visit') })
    .nullable()
    .optional(),
});
export type RequestFilter = z.output<typeof requestFilter>;

export const requestSort = z.object({ key: z.enum(SORT_KEYS), dir: z.enum(['asc', 'desc']) });
export type RequestSort = z.output<typeof requestSort>;

/** The default order: newest capture first. */
export const DEFAULT_SORT: RequestSort = { key: 'capturedAt', dir: 'desc' };

export const listWindow = requestFilter.extend({
  sort: requestSort.optional(),
  offset: z.number().int().min(0).max(10_000_000).optional(),
  limit: z.number().int().min(0).max(MAX_LIST_LIMIT, { error: () => t('contract:atMost.rows', { max: MAX_LIST_LIMIT }) }).optional(),
});

/** Which requests a bulk action acts on: named ids, or every request matching a filter except some. */
export const bulkTarget = z.union([
  z.object({ ids: z.array(requestId).min(1, { error: () => t('contract:choose.request') }).max(MAX_BULK_IDS, { error: () => t('contract:atMost.requests', { max: MAX_BULK_IDS }) }) }),
  z.object({ filter: requestFilter, except: z.array(requestId).max(MAX_BULK_IDS).default([]) }),
]);
export type BulkTarget = z.input<typeof bulkTarget>;

export const BULK_ACTIONS = ['retry', 'cancel'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

export const bulkResult = z.object({
  action: z.enum(BULK_ACTIONS),
  /** How many requests the action moved. */
  done: z.number().int(),
  /** Requests left as they were, grouped by why (e.g. "Delivered" ones cannot be retried). */
  skipped: z.array(z.object({ reason: z.string(), count: z.number().int() })),
});
export type BulkResult = z.output<typeof bulkResult>;
