// Licensing connections, several at once (one per vendor/product). Settings are plain JSON (base URL,
// public key, options); secrets never live here: they sit behind the SecretStore port under
// `secretIdFor(id)`, bound to the API origin they were entered for (electron/secrets/connection-secrets.ts).
import { randomUUID } from 'node:crypto';
import { connectionVendor, DEFAULT_CONNECTION_VENDOR, type ConnectionVendor } from '../../shared/api/contract.ts';
import type { Db } from './database.ts';

/** The demo is a connection of the default vendor (the seed-004 licence API) whose settings come from the demo service. */
const DEMO_VENDOR: ConnectionVendor = DEFAULT_CONNECTION_VENDOR;

export type Vendor = ConnectionVendor;

/** Every vendor's settings: plain http:// to a host other than this computer only with this set. */
export interface TransportSettings {
  baseUrl: string;
  /** The engineer chose to send to this http:// (non-loopback) address unencrypted; absent: https required. */
  allowInsecureHttp?: boolean;
}

/** A vendor's stored settings: its address, and its own fields (shared/api/vendors/<vendor>.ts) its descriptor reads. */
export type StoredSettings = TransportSettings;

export interface ConnectionRecord {
  id: string;
  name: string;
  isDemo: boolean;
  isDefault: boolean;
  vendor: Vendor;
  /** Null for the demo connection: its settings come from the running demo service. */
  settings: StoredSettings | null;
}

export interface SavedSettings {
  vendor: Vendor;
  settings: StoredSettings;
}

interface Row {
  id: string;
  vendor: string;
  name: string;
  settings: string;
  is_demo: number;
  is_default: number;
}

/** The SecretStore id of a connection's API token. */
export function secretIdFor(connectionId: string): string {
  return `connection:${connectionId.replace(/[^A-Za-z0-9._-]/g, '_')}:token`;
}

function toRecord(row: Row): ConnectionRecord {
  const common = { id: row.id, name: row.name, isDemo: row.is_demo === 1, isDefault: row.is_default === 1 };
  // A vendor this kiosk does not know is read as the default one (as before vendors were listed).
  const vendor = connectionVendor.safeParse(row.vendor);
  return { ...common, vendor: vendor.success ? vendor.data : DEFAULT_CONNECTION_VENDOR, settings: row.is_demo ? null : (JSON.parse(row.settings) as StoredSettings) };
}

export class ConnectionStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  getDefault(): ConnectionRecord | null {
    const row = this.db.prepare('SELECT * FROM connections WHERE is_default = 1 LIMIT 1').get() as Row | undefined;
    return row ? toRecord(row) : null;
  }

  get(id: string): ConnectionRecord | null {
    const row = this.db.prepare('SELECT * FROM connections WHERE id = ?').get(id) as Row | undefined;
    return row ? toRecord(row) : null;
  }

  /** All connections, the default first, then by creation. */
  list(): ConnectionRecord[] {
    return (this.db.prepare('SELECT * FROM connections ORDER BY is_default DESC, created_at, rowid').all() as Row[]).map(toRecord);
  }

  /**
   * Adds or edits a connection. A connection of a `single` vendor (generic) without an id updates the
   * engineer's one connection of that vendor and makes it the default (the original single-connection
   * behaviour). Other new connections become the default only when there is none yet.
   */
  /**
   * A new connection becomes the default only when there is none, or only the demo: the engineer's
   * choice of default never changes because another connection was added (Make default does that).
   */
  private takesDefault(): boolean {
    const current = this.getDefault();
    return current === null || current.isDemo;
  }

  save(input: SavedSettings & { id?: string; name: string; single: boolean }): ConnectionRecord {
    return this.db.transaction(() => {
      const at = this.now().toISOString();
      let id = input.id;
      let makeDefault = false;
      if (id) {
        const existing = this.get(id);
        if (!existing) throw new Error('not_found');
        if (existing.vendor !== input.vendor) throw new Error('vendor_change');
        if (existing.isDemo) throw new Error('demo');
      } else if (input.single) {
        const existing = this.db.prepare('SELECT id FROM connections WHERE is_demo = 0 AND vendor = ? ORDER BY created_at LIMIT 1').get(input.vendor) as { id: string } | undefined;
        id = existing?.id ?? randomUUID();
        makeDefault = this.takesDefault();
      } else {
        id = randomUUID();
        makeDefault = this.takesDefault();
      }
      if (makeDefault) this.db.prepare('UPDATE connections SET is_default = 0').run();
      this.db
        .prepare(
          `INSERT INTO connections (id, vendor, name, settings, is_demo, is_default, created_at, updated_at)
           VALUES (?, ?, ?, ?, 0, ?, ?, ?)
           ON CONFLICT(id) DO UPDATE SET name = excluded.name, settings = excluded.settings,
             is_default = MAX(is_default, excluded.is_default), updated_at = excluded.updated_at`,
        )
        .run(id, input.vendor, input.name, JSON.stringify(input.settings), makeDefault ? 1 : 0, at, at);
      const saved = this.get(id);
      if (!saved) throw new Error('not saved');
      return saved;
    })();
  }

  /** Changes only the name (the demo's too); false when there is no such connection. */
  rename(id: string, name: string): boolean {
    return this.db.prepare('UPDATE connections SET name = ?, updated_at = ? WHERE id = ?').run(name, this.now().toISOString(), id).changes > 0;
  }

  setDefault(id: string): boolean {
    return this.db.transaction(() => {
      if (!this.get(id)) return false;
      this.db.prepare('UPDATE connections SET is_default = CASE WHEN id = ? THEN 1 ELSE 0 END').run(id);
      return true;
    })();
  }

  /**
   * Removes a connection unless requests are in flight through it; requests that went through it
   * keep their history but no longer point at it. Another connection becomes the default if needed.
   */
  remove(id: string): 'removed' | 'in_flight' | 'not_found' {
    return this.db.transaction(() => {
      const existing = this.get(id);
      if (!existing) return 'not_found';
      const busy = this.db.prepare("SELECT COUNT(*) AS n FROM requests WHERE connection_id = ? AND state = 'in_flight'").get(id) as { n: number };
      if (busy.n > 0) return 'in_flight';
      this.db.prepare('UPDATE requests SET connection_id = NULL WHERE connection_id = ?').run(id);
      this.db.prepare('DELETE FROM connections WHERE id = ?').run(id);
      if (existing.isDefault) {
        const next = this.db.prepare('SELECT id FROM connections ORDER BY is_demo, created_at, rowid LIMIT 1').get() as { id: string } | undefined;
        if (next) this.db.prepare('UPDATE connections SET is_default = 1 WHERE id = ?').run(next.id);
      }
      return 'removed';
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
           VALUES ('demo', ?, 'Demo licensing service', '{}', 1, 1, ?, ?)
           ON CONFLICT(id) DO UPDATE SET is_default = 1, updated_at = excluded.updated_at`,
        )
        .run(DEMO_VENDOR, at, at);
      // Its name is the engineer's once renamed.
      const saved = this.get('demo');
      if (!saved) throw new Error('not saved');
      return saved;
    })();
  }
}
