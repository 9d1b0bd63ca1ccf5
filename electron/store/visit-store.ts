// Site visits: at most one open at a time; requests captured while one is open belong to it (the
// request store tags them in its insert). Every change is one transaction with its audit entries.
import { randomUUID } from 'node:crypto';
import { t } from '../../shared/i18n/index.ts';
import type { Db } from './database.ts';
import type { RequestStore } from './request-store.ts';

export interface VisitRow {
  id: string;
  customer: string;
  site: string;
  ticket: string | null;
  /** JSON {name, id} as Preferences held it when the visit started; null: not set. */
  engineer: string | null;
  started_at: string;
  ended_at: string | null;
}

export interface VisitWithCount extends VisitRow {
  requests: number;
}

/** How audit entries name a visit; the report's digest finds the visit's own entries by it. */
export const visitTag = (id: string): string => `[visit ${id}]`;

export class VisitStore {
  constructor(
    private readonly db: Db,
    private readonly requests: RequestStore,
    private readonly now: () => Date,
  ) {}

  open(): VisitRow | undefined {
    return this.db.prepare('SELECT * FROM visits WHERE ended_at IS NULL').get() as VisitRow | undefined;
  }

  get(id: string): VisitRow | undefined {
    return this.db.prepare('SELECT * FROM visits WHERE id = ?').get(id) as VisitRow | undefined;
  }

  count(id: string): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM requests WHERE visit_id = ?').get(id) as { n: number }).n;
  }

  /** Newest first, with how many requests each holds now. */
  list(limit = 200): VisitWithCount[] {
    return this.db
      .prepare(
        `SELECT v.*, (SELECT COUNT(*) FROM requests r WHERE r.visit_id = v.id) AS requests
         FROM visits v ORDER BY v.ended_at IS NOT NULL, v.started_at DESC LIMIT ?`,
      )
      .all(limit) as VisitWithCount[];
  }

  /** Starts a visit; undefined when one is already open (nothing changes). */
  start(input: { customer: string; site: string; ticket: string | null; engineer: unknown }): VisitRow | undefined {
    return this.db.transaction(() => {
      if (this.open()) return undefined;
      const row: VisitRow = {
        id: randomUUID(),
        customer: input.customer,
        site: input.site,
        ticket: input.ticket,
        engineer: input.engineer === null || input.engineer === undefined ? null : JSON.stringify(input.engineer),
        started_at: this.now().toISOString(),
        ended_at: null,
      };
      this.db
        .prepare('INSERT INTO visits (id, customer, site, ticket, engineer, started_at) VALUES (@id, @customer, @site, @ticket, @engineer, @started_at)')
        .run(row);
      const where = { customer: JSON.stringify(row.customer), site: JSON.stringify(row.site), ticket: JSON.stringify(row.ticket) };
      const started = row.ticket === null ? t('store:visit.started', where) : t('store:visit.startedTicket', where);
      this.requests.audit(null, 'engineer', 'visit_started', `${visitTag(row.id)} ${started}`);
      return row;
    })();
  }

  /** Ends the open visit; undefined when `id` is not the open one. */
  end(id: string): VisitRow | undefined {
    return this.db.transaction(() => {
      const at = this.now().toISOString();
      const done = this.db.prepare('UPDATE visits SET ended_at = ? WHERE id = ? AND ended_at IS NULL').run(at, id);
      if (done.changes === 0) return undefined;
      const count = this.count(id);
      this.requests.audit(null, 'engineer', 'visit_ended', `${visitTag(id)} ${t('store:visit.ended', { count })}`);
      return this.get(id);
    })();
  }

  /**
   * Moves requests to a visit (null: to none) in one transaction, one audit entry per request that
   * changed. Returns the ids that moved and those not found; requests already there are left alone.
   */
  move(ids: readonly string[], visit: VisitRow | null): { moved: string[]; missing: string[] } {
    return this.db.transaction(() => {
      const moved: string[] = [];
      const missing: string[] = [];
      const read = this.db.prepare('SELECT visit_id FROM requests WHERE id = ?');
      const update = this.db.prepare('UPDATE requests SET visit_id = ?, updated_at = ? WHERE id = ?');
      const at = this.now().toISOString();
      const to = visit ? `${visitTag(visit.id)} ${t('store:visit.moved', { customer: JSON.stringify(visit.customer), site: JSON.stringify(visit.site) })}` : t('store:visit.movedOut');
      for (const id of new Set(ids)) {
        const row = read.get(id) as { visit_id: string | null } | undefined;
        if (!row) {
          missing.push(id);
          continue;
        }
        if (row.visit_id === (visit?.id ?? null)) continue;
        update.run(visit?.id ?? null, at, id);
        const from = row.visit_id ? ` ${t('store:visit.was', { visit: visitTag(row.visit_id) })}` : '';
        this.requests.audit(id, 'engineer', 'visit_moved', `${to}${from}`);
        moved.push(id);
      }
      return { moved, missing };
    })();
  }
}
