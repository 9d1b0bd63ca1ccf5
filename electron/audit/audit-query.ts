// Windows of the audit trail for the Audit screen and its exports: filtering, counting and paging
// happen in SQLite (indexes from the chain migration), never by loading the trail into memory.
import { VISIT_ENTRIES } from '../core/visit-report.ts';
import { visitTag } from '../store/visit-store.ts';
import type { AuditEntryView, AuditFilter } from '../../shared/api/audit.ts';
import type { AuditRowChained } from '../store/audit-chain.ts';
import type { Db } from '../store/database.ts';

const like = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The day after an ISO day (YYYY-MM-DD), for an inclusive "to". */
function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString();
}

/** The WHERE clause of a filter over `audit a`: each filter is one clause. */
export function auditWhere(filter: AuditFilter): { sql: string; values: unknown[] } {
  const clauses: string[] = [];
  const values: unknown[] = [];
  const add = (sql: string, ...args: unknown[]) => {
    clauses.push(sql);
    values.push(...args);
  };
  // ui-text-ok: SQL
  if (filter.device) add(`a.request_id IN (SELECT id FROM requests WHERE device_label LIKE ? ESCAPE '\\' OR device_id LIKE ? ESCAPE '\\')`, like(filter.device), like(filter.device));
  if (filter.actor) add('a.actor = ?', filter.actor);
  // ui-text-ok: SQL
  if (filter.engineer) add(`a.actor = 'engineer' AND a.actor_name = ?`, filter.engineer);
  if (filter.event) add('a.event = ?', filter.event);
  if (filter.from) add('a.at >= ?', `${filter.from}T00:00:00.000Z`);
  if (filter.to) add('a.at < ?', nextDay(filter.to));
  // ui-text-ok: SQL
  if (filter.requestId) add('a.request_id = ?', filter.requestId);
  if (filter.visitId) {
    const tag = visitTag(filter.visitId);
    add(VISIT_ENTRIES.replaceAll('audit.', 'a.'), filter.visitId, tag.length, tag);
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', values };
}

type ViewRow = AuditRowChained & { device: string | null };

const toView = (row: ViewRow): AuditEntryView => ({
  seq: row.seq,
  at: row.at,
  actor: row.actor,
  actorName: row.actor_name,
  actorId: row.actor_id,
  event: row.event,
  detail: row.detail,
  requestId: row.request_id,
  device: row.device,
  hash: row.hash,
});

const VIEW_SELECT = `SELECT a.seq, a.at, a.request_id, a.actor, a.actor_name, a.actor_id, a.event, a.detail, a.prev_hash, a.hash,
  COALESCE(r.device_label, r.device_id) AS device FROM audit a LEFT JOIN requests r ON r.id = a.request_id`;

export class AuditQuery {
  constructor(private readonly db: Db) {}

  /** One window, newest first, and how many entries the filter matches. */
  page(filter: AuditFilter, offset: number, limit: number): { entries: AuditEntryView[]; total: number } {
    const where = auditWhere(filter);
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM audit a ${where.sql}`).get(...where.values) as { n: number }).n;
    // ui-text-ok: SQL
    const rows = this.db.prepare(`${VIEW_SELECT} ${where.sql} ORDER BY a.seq DESC LIMIT ? OFFSET ?`).all(...where.values, limit, offset) as ViewRow[];
    return { entries: rows.map(toView), total };
  }

  /** Every entry the filter matches, oldest first (for CSV), read a row at a time. */
  *all(filter: AuditFilter): Generator<AuditEntryView> {
    const where = auditWhere(filter);
    // ui-text-ok: SQL
    for (const row of this.db.prepare(`${VIEW_SELECT} ${where.sql} ORDER BY a.seq`).iterate(...where.values) as IterableIterator<ViewRow>) yield toView(row);
  }

  facets(): { events: string[]; engineers: string[] } {
    const events = (this.db.prepare('SELECT DISTINCT event FROM audit ORDER BY event').all() as { event: string }[]).map((r) => r.event);
    const engineers = (
      this.db.prepare(`SELECT DISTINCT actor_name FROM audit WHERE actor = 'engineer' AND actor_name IS NOT NULL ORDER BY actor_name`).all() as { actor_name: string }[]
    ).map((r) => r.actor_name);
    return { events, engineers };
  }
}
