// Vendor connections, which live only on the relay: settings as the kiosk stores them (the vendor
// descriptors' toSaved), the token sealed with the operator's key.
import { randomUUID } from 'node:crypto';
import type { RelayedVendor } from '../../shared/api/vendors/relay.ts';
import type { TransportSettings } from '../store/connection-store.ts';
import type { Db } from './db.ts';

export interface RelayConnection {
  id: string;
  name: string;
  vendor: RelayedVendor;
  /** The products it activates: an engineer limited to some products may use it when one is theirs. */
  products: string[];
  settings: TransportSettings;
  /** The sealed token (secret-box.ts), or null when the connection takes none. */
  sealedSecret: string | null;
  /** A second, narrower token sealed for lookups only (lookupSealId); absent or null: the token above looks up too. */
  sealedLookupSecret?: string | null;
  /** The vendor's rate limit, kept to by every relay process together (vendor-gate.ts); null: none. */
  rateLimit?: { limit: number; windowMs: number } | null;
}

type Row = { id: string; name: string; vendor: RelayedVendor; products: string[]; settings: TransportSettings; secret: string | null; lookup_secret: string | null; rate_limit: number | null; rate_window_ms: number | null };
const toConnection = (row: Row): RelayConnection => ({ id: row.id, name: row.name, vendor: row.vendor, products: row.products, settings: row.settings, sealedSecret: row.secret, sealedLookupSecret: row.lookup_secret, rateLimit: row.rate_limit && row.rate_window_ms ? { limit: row.rate_limit, windowMs: row.rate_window_ms } : null });

export function connectionStore(db: Db) {
  return {
    /** A new id for a connection about to be saved (its token is sealed to it before the row exists). */
    newId: () => randomUUID(),
    async save(connection: RelayConnection): Promise<void> {
      await db.query(
        `INSERT INTO connections (id, name, vendor, settings, secret, lookup_secret, products, rate_limit, rate_window_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (id) DO UPDATE SET name = $2, settings = $4, secret = COALESCE($5, connections.secret), lookup_secret = $6, products = $7, rate_limit = $8, rate_window_ms = $9, updated_at = now()`,
        [connection.id, connection.name, connection.vendor, JSON.stringify(connection.settings), connection.sealedSecret, connection.sealedLookupSecret ?? null, connection.products, connection.rateLimit?.limit ?? null, connection.rateLimit?.windowMs ?? null],
      );
    },
    async byName(name: string): Promise<RelayConnection | null> {
      const { rows } = await db.query<Row>('SELECT * FROM connections WHERE name = $1', [name]);
      return rows[0] ? toConnection(rows[0]) : null;
    },
    async byId(id: string): Promise<RelayConnection | null> {
      const { rows } = await db.query<Row>('SELECT * FROM connections WHERE id = $1', [id]);
      return rows[0] ? toConnection(rows[0]) : null;
    },
    async list(): Promise<RelayConnection[]> {
      const { rows } = await db.query<Row>('SELECT * FROM connections ORDER BY name');
      return rows.map(toConnection);
    },
    /** False when requests still refer to it (their answers stay readable). */
    async remove(id: string): Promise<boolean> {
      const used = await db.query('SELECT 1 FROM requests WHERE connection_id = $1 LIMIT 1', [id]);
      if (used.rowCount) return false;
      await db.query('DELETE FROM connections WHERE id = $1', [id]);
      return true;
    },
  };
}

export type ConnectionStore = ReturnType<typeof connectionStore>;
