// Engineers, their one-time enrolment codes, their kiosks' public keys and the nonces of signed calls.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { transaction, type Db } from './db.ts';

export interface Engineer {
  id: string;
  name: string;
  /** Null: every product / every connection. */
  products: string[] | null;
  connections: string[] | null;
  dailyLimit: number | null;
  seatReturns: boolean;
  revoked: boolean;
}

export interface Kiosk {
  id: string;
  engineerId: string;
  publicKey: string;
  label: string;
  revoked: boolean;
}

export interface EngineerPolicy {
  products: string[] | null;
  connections: string[] | null;
  dailyLimit: number | null;
  seatReturns: boolean;
}

/** How long a printed enrolment code can be used. */
const CODE_TTL_HOURS = 72;

export const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** A code an engineer can type: 5 groups of 4 from an alphabet without look-alikes (about 100 bits). */
function newCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(20);
  const chars = Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
  return chars.match(/.{4}/g)!.join('-');
}

export const normaliseCode = (code: string) => code.trim().toUpperCase().replace(/[^A-Z0-9]/g, '').replace(/(.{4})(?=.)/g, '$1-');

type EngineerRow = { id: string; name: string; products: string[] | null; connections: string[] | null; daily_limit: number | null; seat_returns: boolean; revoked_at: Date | null };
const toEngineer = (row: EngineerRow): Engineer => ({
  id: row.id,
  name: row.name,
  products: row.products,
  connections: row.connections,
  dailyLimit: row.daily_limit,
  seatReturns: row.seat_returns,
  revoked: row.revoked_at !== null,
});

export function peopleStore(db: Db) {
  return {
    /** A new engineer and the one-time code their kiosk enrols with (only its hash is stored). */
    async addEngineer(name: string, policy: EngineerPolicy): Promise<{ engineer: Engineer; code: string }> {
      const id = randomUUID();
      const code = newCode();
      const engineer = await transaction(db, async (tx) => {
        const { rows } = await tx.query<EngineerRow>(
          'INSERT INTO engineers (id, name, products, connections, daily_limit, seat_returns) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *',
          [id, name, policy.products, policy.connections, policy.dailyLimit, policy.seatReturns],
        );
        await tx.query(`INSERT INTO enrolment_codes (code_sha256, engineer_id, expires_at) VALUES ($1, $2, now() + interval '${CODE_TTL_HOURS} hours')`, [sha256Hex(code), id]);
        return toEngineer(rows[0]!);
      });
      return { engineer, code };
    },

    /** A further code for an engineer (a second kiosk, or a code that expired). */
    async newCode(engineerId: string): Promise<string> {
      const code = newCode();
      await db.query(`INSERT INTO enrolment_codes (code_sha256, engineer_id, expires_at) VALUES ($1, $2, now() + interval '${CODE_TTL_HOURS} hours')`, [sha256Hex(code), engineerId]);
      return code;
    },

    /** Engineers whose id or name is `who` (names need not be unique, so the caller refuses more than one). */
    async findEngineers(who: string): Promise<Engineer[]> {
      const { rows } = await db.query<EngineerRow>('SELECT * FROM engineers WHERE id = $1 OR name = $1 ORDER BY created_at', [who]);
      return rows.map(toEngineer);
    },

    async listEngineers(): Promise<Engineer[]> {
      const { rows } = await db.query<EngineerRow>('SELECT * FROM engineers ORDER BY created_at');
      return rows.map(toEngineer);
    },

    async revokeEngineer(id: string): Promise<void> {
      await db.query('UPDATE engineers SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1', [id]);
    },

    async revokeKiosk(id: string): Promise<boolean> {
      const result = await db.query('UPDATE kiosks SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1', [id]);
      return (result.rowCount ?? 0) > 0;
    },

    async listKiosks(): Promise<(Kiosk & { engineerName: string })[]> {
      const { rows } = await db.query<{ id: string; engineer_id: string; public_key: string; label: string; revoked_at: Date | null; engineer_name: string }>(
        'SELECT k.*, e.name AS engineer_name FROM kiosks k JOIN engineers e ON e.id = k.engineer_id ORDER BY k.enrolled_at',
      );
      return rows.map((r) => ({ id: r.id, engineerId: r.engineer_id, publicKey: r.public_key, label: r.label, revoked: r.revoked_at !== null, engineerName: r.engineer_name }));
    },

    /** Spends a code on a kiosk's public key; null when the code is unknown, used, expired or its engineer revoked. */
    async enrol(code: string, publicKey: string, label: string): Promise<{ kiosk: Kiosk; engineer: Engineer } | null> {
      return transaction(db, async (tx) => {
        const { rows } = await tx.query<EngineerRow>(
          `UPDATE enrolment_codes c SET used_at = now() FROM engineers e
           WHERE c.code_sha256 = $1 AND c.used_at IS NULL AND c.expires_at > now() AND e.id = c.engineer_id AND e.revoked_at IS NULL
           RETURNING e.*`,
          [sha256Hex(normaliseCode(code))],
        );
        const row = rows[0];
        if (!row) return null;
        const id = randomUUID();
        await tx.query('INSERT INTO kiosks (id, engineer_id, public_key, label) VALUES ($1, $2, $3, $4)', [id, row.id, publicKey, label]);
        return { kiosk: { id, engineerId: row.id, publicKey, label, revoked: false }, engineer: toEngineer(row) };
      });
    },

    /** The kiosk and its engineer, read afresh on every call so a revocation takes effect on the next one. */
    async caller(kioskId: string): Promise<{ kiosk: Kiosk; engineer: Engineer } | null> {
      const { rows } = await db.query<EngineerRow & { kiosk_id: string; public_key: string; label: string; kiosk_revoked_at: Date | null }>(
        `SELECT e.*, k.id AS kiosk_id, k.public_key, k.label, k.revoked_at AS kiosk_revoked_at
         FROM kiosks k JOIN engineers e ON e.id = k.engineer_id WHERE k.id = $1`,
        [kioskId],
      );
      const row = rows[0];
      if (!row) return null;
      return { kiosk: { id: row.kiosk_id, engineerId: row.id, publicKey: row.public_key, label: row.label, revoked: row.kiosk_revoked_at !== null }, engineer: toEngineer(row) };
    },

    /** Records a call's nonce; false when this kiosk already used it inside the replay window. */
    async spendNonce(kioskId: string, nonce: string, windowSeconds: number): Promise<boolean> {
      // Old nonces are pruned now and then rather than on every call: a call that old is refused by its timestamp anyway.
      if (Math.random() < 0.01) await db.query(`DELETE FROM nonces WHERE seen_at < now() - make_interval(secs => $1)`, [windowSeconds * 2]);
      const result = await db.query('INSERT INTO nonces (kiosk_id, nonce) VALUES ($1, $2) ON CONFLICT DO NOTHING', [kioskId, nonce]);
      return result.rowCount === 1;
    },
  };
}

export type PeopleStore = ReturnType<typeof peopleStore>;
