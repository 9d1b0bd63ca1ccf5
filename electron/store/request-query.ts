// The request lists' SQL: a filter becomes a WHERE clause and a sort an ORDER BY that the list
// indexes (migration 12, "indexes for the request lists", which match ORDER_COLUMNS column for column) serve, so a window of 100,000 rows is read without a full scan or a sort.
import type { RequestFilter, RequestSort, SortKey } from '../../shared/api/request-list.ts';
import { DEFAULT_SORT } from '../../shared/api/request-list.ts';

export interface SqlPart {
  sql: string;
  values: unknown[];
}

/** Each sort key's columns, the last ones breaking ties so a page boundary never splits equal rows unpredictably. */
const ORDER_COLUMNS: Record<SortKey, readonly string[]> = {
  capturedAt: ['r.captured_at', 'r.id'],
  updatedAt: ['r.updated_at', 'r.id'],
  state: ['r.state', 'r.captured_at', 'r.id'],
  // ui-text-ok: SQL
  device: ['COALESCE(r.device_label, r.device_id)', 'r.id'],
  format: ['r.format_label', 'r.id'],
  attempts: ['r.attempts', 'r.id'],
  nextAttemptAt: ['r.next_attempt_at', 'r.id'],
};

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export function whereClause(filter: RequestFilter): SqlPart {
  const where: string[] = [];
  const values: unknown[] = [];
  if (filter.states?.length) {
    // ui-text-ok: SQL
    where.push(`r.state IN (${filter.states.map(() => '?').join(', ')})`);
    values.push(...filter.states);
  }
  if (filter.visitId !== undefined) {
    // ui-text-ok: SQL
    where.push(filter.visitId === null ? 'r.visit_id IS NULL' : 'r.visit_id = ?');
    if (filter.visitId !== null) values.push(filter.visitId);
  }
  if (filter.exported !== undefined) {
    // ui-text-ok: SQL
    where.push(`${filter.exported ? '' : 'NOT '}EXISTS (SELECT 1 FROM responses e WHERE e.request_id = r.id AND e.exported_at IS NOT NULL)`);
  }
  if (filter.errorCode) {
    // ui-text-ok: SQL
    where.push('r.last_error_code = ?');
    values.push(filter.errorCode);
  }
  const search = filter.search?.trim();
  if (search) {
    const like = `%${escapeLike(search)}%`;
    // ui-text-ok: SQL
    where.push(`(r.device_label LIKE ? ESCAPE '\\' OR r.device_id LIKE ? ESCAPE '\\' OR r.source_name LIKE ? ESCAPE '\\' OR r.id LIKE ? ESCAPE '\\')`);
    // Ids are hex: only a prefix of one is meant.
    values.push(like, like, like, like.slice(1));
  }
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', values };
}

export function orderClause(sort: RequestSort = DEFAULT_SORT): string {
  const dir = sort.dir === 'asc' ? 'ASC' : 'DESC';
  return `ORDER BY ${ORDER_COLUMNS[sort.key].map((column) => `${column} ${dir}`).join(', ')}`;
}
