// Licensing connections. Settings are plain JSON (base URL, public key); secrets never live here.
import { randomUUID } from 'node:crypto';
import type { Db } from './database.ts';

export interface GenericSettings {
  baseUrl: string;
  publicKeyPem: string;
}

export interface ConnectionRecord {
  id: string;
  vendor: 'generic';
  name: string;
  isDemo: boolean;
  /** For the demo connection these come from the running demo service, not from the database. */
  settings: GenericSettings | null;
}

interface Row {
  id: string;
  vendor: string;
  name: string;
  settings: string;
  is_demo: number;
}

export class ConnectionStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  getDefault(): ConnectionRecord | null {
    const row = this.db.prepare('SELECT * FROM connections WHERE is_default = 1 LIMIT 1').get() as Row | undefined;
    if (!row) return null;
    return {
      id: row.id,
      vendor: 'generic',
      name: row.name,
      isDemo: row.is_demo === 1,
      settings: row.is_demo ? null : (JSON.parse(row.settings) as GenericSettings),
    };
  }

  /** Saves the engineer's own connection and makes it the default. */
  saveGeneric(name: string, settings: GenericSettings): ConnectionRecord {
    return this.db.transaction(() => {
      const at = this.now().toISOString();
      const existing = this.db.prepare('SELECT id FROM connections WHERE is_demo = 0 AND vendor = ? LIMIT 1').get('generic') as
        | { id: string }
        | undefined;
      const id = existing?.id ?? randomUUID();
      this.db.prepare('UPDATE connections SET is_default = 0').run();
      this.db
        .prepare(
          `INSERT INTO connections (id, vendor, name, settings, is_demo, is_default, created_at, updated_at)
           VALUES (?, 'generic', ?, ?, 0, 1, ?, ?)
           ON CONFLICT(id) DO UPDATE SET name = excluded.name, settings = excluded.settings, is_default = 1, updated_at = excluded.updated_at`,
        )
        .run(id, name, JSON.stringify(settings), at, at);
      return { id, vendor: 'generic' as const, name, isDemo: false, settings };
    })();
  }

  /** Makes the built-in demo connection the default, creating it on first use. */
  useDemo(): ConnectionRecord {
    return this.db.transaction(() => {
      const at = this.now().toISOString();
      this.db.prepare('UPDATE connections SET is_default = 0').run();
      this.db
        .prepare(
          `INSERT INTO connections (id, vendor, name, settings, is_demo, is_default, created_at, updated_at)
           VALUES ('demo', 'generic', 'Demo licensing service', '{}', 1, 1, ?, ?)
           ON CONFLICT(id) DO UPDATE SET is_default = 1, updated_at = excluded.updated_at`,
        )
        .run(at, at);
      return { id: 'demo', vendor: 'generic' as const, name: 'Demo licensing service', isDemo: true, settings: null };
    })();
  }
}
