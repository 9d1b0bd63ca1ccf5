// The audit trail's hash chain in SQLite. A trigger (migrations.ts, 'audit trail hash chain') fills
// each new row's engineer, previous hash and hash inside the transaction that inserts it, whoever
// inserts it; the hash itself is this SQL function, so every connection that writes registers it.
import { createHash } from 'node:crypto';
import { CHAIN_START, entryHash, GENESIS_HASH, verifyChain, type ChainedEntry, type ChainReport, type Sha256 } from '../../shared/audit/chain.ts';
import type { Db } from './database.ts';

export const AUDIT_HASH_FUNCTION = 'kiosk_audit_hash';

/**
 * Whoever inserts an entry (the stores, a later migration's SQL), it is chained in the same
 * transaction: the engineer named from preferences, then linked to the entry before it. A row that
 * comes with its hash is left as it is (and must then be right).
 */
export const AUDIT_CHAIN_TRIGGER = `CREATE TRIGGER IF NOT EXISTS audit_chain AFTER INSERT ON audit WHEN NEW.hash IS NULL
      BEGIN
        UPDATE audit SET
            actor_name = (SELECT json_extract(value, '$.name') FROM preferences WHERE key = 'engineer'),
            actor_id = (SELECT json_extract(value, '$.id') FROM preferences WHERE key = 'engineer')
          WHERE seq = NEW.seq AND NEW.actor = 'engineer' AND NEW.actor_name IS NULL;
        UPDATE audit SET prev_hash = COALESCE((SELECT hash FROM audit WHERE seq < NEW.seq ORDER BY seq DESC LIMIT 1), '${GENESIS_HASH}')
          WHERE seq = NEW.seq;
        UPDATE audit SET hash = ${AUDIT_HASH_FUNCTION}(prev_hash, seq, at, request_id, actor, actor_name, actor_id, event, detail)
          WHERE seq = NEW.seq;
      END;`;

/** After the migrations: the chain's trigger is there again if someone dropped it (entries written meanwhile show as a break). */
export function ensureAuditTrigger(db: Db): void {
  const columns = db.prepare("SELECT name FROM pragma_table_info('audit') WHERE name = 'hash'").all();
  if (columns.length) db.exec(AUDIT_CHAIN_TRIGGER);
}

/** Node's SHA-256: about twice as fast as the pure one on the 100,000-entry check at start. */
export const nodeSha256: Sha256 = (bytes) => createHash('sha256').update(bytes).digest();

type Cell = string | number | bigint | null;
const text = (cell: Cell): string => (cell === null ? '' : String(cell));
const textOrNull = (cell: Cell): string | null => (cell === null ? null : String(cell));

export function registerAuditFunctions(db: Db): void {
  db.function(AUDIT_HASH_FUNCTION, { deterministic: true }, (prevHash: Cell, seq: Cell, at: Cell, requestId: Cell, actor: Cell, actorName: Cell, actorId: Cell, event: Cell, detail: Cell) =>
    entryHash(
      { prevHash: text(prevHash), seq: Number(seq), at: text(at), requestId: textOrNull(requestId), actor: text(actor), actorName: textOrNull(actorName), actorId: textOrNull(actorId), event: text(event), detail: text(detail) },
      nodeSha256,
    ),
  );
}

export interface AuditRowChained {
  seq: number;
  at: string;
  request_id: string | null;
  actor: string;
  actor_name: string | null;
  actor_id: string | null;
  event: string;
  detail: string;
  prev_hash: string | null;
  hash: string | null;
}

// ui-text-ok: SQL
export const CHAINED_COLUMNS = 'seq, at, request_id, actor, actor_name, actor_id, event, detail, prev_hash, hash';

export function toChainedEntry(row: AuditRowChained): ChainedEntry {
  return {
    seq: row.seq,
    at: row.at,
    requestId: row.request_id,
    actor: row.actor,
    actorName: row.actor_name,
    actorId: row.actor_id,
    event: row.event,
    detail: row.detail,
    prevHash: row.prev_hash ?? '',
    hash: row.hash ?? '',
  };
}

/** Every entry in order. */
export function chainedEntries(db: Db): ChainedEntry[] {
  return (db.prepare(`SELECT ${CHAINED_COLUMNS} FROM audit ORDER BY seq`).all() as AuditRowChained[]).map(toChainedEntry);
}

const PAGE_ENTRIES = 5000;
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Checks the whole stored chain a page at a time, letting other work run between pages (the check at
 * start must not hold up the window). A break names the first entry that does not match.
 */
export async function verifyStoredChain(db: Db, between: () => Promise<void> = nextTurn): Promise<ChainReport> {
  const page = db.prepare(`SELECT ${CHAINED_COLUMNS} FROM audit WHERE seq > ? ORDER BY seq LIMIT ${PAGE_ENTRIES}`);
  let report = CHAIN_START;
  for (;;) {
    const rows = page.all(report.lastSeq) as AuditRowChained[];
    const before = report.entries;
    report = verifyChain(rows.map(toChainedEntry), nodeSha256, report);
    if (report.broken || report.entries - before < PAGE_ENTRIES || !db.open) return report;
    await between();
  }
}
