// What the kiosk read from sticks and wrote onto them (tables of migration 8).
import type { Db } from '../store/database.ts';

export interface StickFileRow {
  path: string;
  sha256: string;
  volume: string;
  request_id: string | null;
  problem: string | null;
  imported_at: string;
}

export class StickStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  /** Whether this exact content at this path was read before. */
  seen(path: string, sha256: string): boolean {
    return this.db.prepare('SELECT 1 FROM stick_files WHERE path = ? AND sha256 = ?').get(path, sha256) !== undefined;
  }

  remember(row: Omit<StickFileRow, 'imported_at'>): void {
    this.db
      .prepare('INSERT OR IGNORE INTO stick_files (path, sha256, volume, request_id, problem, imported_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(row.path, row.sha256, row.volume, row.request_id, row.problem, this.now().toISOString());
  }

  /** Request files read from under `volume` that became (or matched) a request: the newest content per path. */
  requestFiles(volume: string): { path: string; request_id: string }[] {
    return this.db
      .prepare(
        `SELECT path, request_id FROM stick_files f WHERE volume = ? AND request_id IS NOT NULL
           AND imported_at = (SELECT MAX(imported_at) FROM stick_files g WHERE g.path = f.path AND g.request_id IS NOT NULL)
         GROUP BY path ORDER BY path`,
      )
      .all(volume) as { path: string; request_id: string }[];
  }

  /** The SHA-256 of what the kiosk last wrote at `path`, if it wrote there. */
  written(path: string): string | null {
    return (this.db.prepare('SELECT sha256 FROM stick_writes WHERE path = ?').get(path) as { sha256: string } | undefined)?.sha256 ?? null;
  }

  writtenPaths(): Set<string> {
    return new Set((this.db.prepare('SELECT path FROM stick_writes').all() as { path: string }[]).map((r) => r.path));
  }

  recordWrite(path: string, sha256: string, requestId: string | null): void {
    this.db
      .prepare('INSERT INTO stick_writes (path, sha256, request_id, written_at) VALUES (?, ?, ?, ?) ON CONFLICT(path) DO UPDATE SET sha256 = excluded.sha256, request_id = excluded.request_id, written_at = excluded.written_at')
      .run(path, sha256, requestId, this.now().toISOString());
  }
}
