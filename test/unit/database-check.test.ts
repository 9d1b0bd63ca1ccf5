// The start-up check of the database on real SQLite files: the WAL reader against SQLite's own
// recovery (a stale generation after a checkpoint, a damaged frame or header), and the
// schema promised by each version.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { checkDatabase } from '../../electron/store/database-check.ts';
import { migrate } from '../../electron/store/database.ts';
import { MIGRATIONS } from '../../electron/store/migrations.ts';
import { checkWal } from '../../electron/store/wal-check.ts';
import { tempDir } from '../support/temp.ts';

/** A WAL database with `rows` committed inserts, and a copy of its files taken while it is open. */
function walCopy(dir: string, write: (db: Database.Database) => void): { file: string; wal: Buffer } {
  const live = new Database(path.join(dir, 'live.sqlite'));
  live.pragma('journal_mode = WAL');
  live.pragma('wal_autocheckpoint = 0');
  live.exec('CREATE TABLE t (x TEXT)');
  write(live);
  const file = path.join(dir, 'copy.sqlite');
  fs.copyFileSync(path.join(dir, 'live.sqlite'), file);
  fs.copyFileSync(path.join(dir, 'live.sqlite-wal'), `${file}-wal`);
  live.close();
  return { file, wal: fs.readFileSync(`${file}-wal`) };
}

const insert = (db: Database.Database, n: number, from = 0) => {
  for (let i = from; i < from + n; i++) db.prepare('INSERT INTO t VALUES (?)').run(`row ${i} ${'x'.repeat(3000)}`);
};
const rowsIn = (file: string) => {
  const db = new Database(file, { readonly: true });
  const n = (db.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n;
  db.close();
  return n;
};

test('frames of an older generation after a checkpoint restarted the WAL are not damage', (t) => {
  const { file, wal } = walCopy(tempDir(t), (db) => {
    insert(db, 12);
    db.pragma('wal_checkpoint(RESTART)');
    insert(db, 2, 12); // rewrites the first frames with new salts; the old ones stay behind them
  });
  const check = checkWal(wal);
  assert.ok(check.ok);
  assert.ok((wal.length - 32) / (24 + wal.readUInt32BE(8)) > check.frames, 'older frames follow the current ones');
  assert.equal(rowsIn(file), 14);
  assert.deepEqual(checkDatabase(file), { ok: true });
});

test('a damaged frame in the current generation with commits after it is damage', (t) => {
  const { wal } = walCopy(tempDir(t), (db) => insert(db, 5));
  const pageSize = wal.readUInt32BE(8);
  const flipped = Buffer.from(wal);
  flipped[32 + 24 + 7]! ^= 0x80;
  assert.match((checkWal(flipped) as { problem: string }).problem, /damaged at frame 1 of \d+: SQLite would silently drop [56] committed changes/);
  // A frame header whose salt was hit stops SQLite's recovery just the same.
  const salted = Buffer.from(wal);
  salted[32 + (24 + pageSize) + 9]! ^= 0x01;
  assert.equal(checkWal(salted).ok, false);
});

test('a damaged WAL header is damage only when frames follow it', (t) => {
  const { wal } = walCopy(tempDir(t), (db) => insert(db, 2));
  const header = Buffer.from(wal);
  header[20]! ^= 0xff;
  assert.match((checkWal(header) as { problem: string }).problem, /header of the database's write-ahead log .* damaged/);
  assert.deepEqual(checkWal(header.subarray(0, 40)), { ok: true, frames: 0 });
  assert.deepEqual(checkWal(Buffer.alloc(0)), { ok: true, frames: 0 });
});

test('every schema version passes the check; a missing column or table is named', (t) => {
  const dir = tempDir(t);
  for (const m of MIGRATIONS) {
    const file = path.join(dir, `v${m.version}.sqlite`);
    const db = new Database(file);
    migrate(db, m.version);
    db.close();
    assert.deepEqual(checkDatabase(file), { ok: true }, `schema ${m.version}`);
  }
  const last = path.join(dir, `v${MIGRATIONS.length}.sqlite`);
  const db = new Database(last);
  db.exec('ALTER TABLE requests DROP COLUMN vendor_hint');
  db.close();
  assert.deepEqual(checkDatabase(last), { ok: false, problem: `The kiosk database says it is at schema version ${MIGRATIONS.length}, but its table "requests" has no column "vendor_hint".` });
  const v3 = path.join(dir, 'v3.sqlite');
  const noTable = new Database(v3);
  noTable.exec('DROP TABLE audit');
  noTable.close();
  assert.deepEqual(checkDatabase(v3), { ok: false, problem: 'The kiosk database says it is at schema version 3, but its table "audit" is missing.' });
});

test('a file that is not a database at all is named as such', (t) => {
  const file = path.join(tempDir(t), 'kiosk.sqlite');
  fs.writeFileSync(file, Buffer.alloc(8192, 0x41));
  assert.deepEqual(checkDatabase(file), { ok: false, problem: 'The kiosk database file is not a SQLite database any more (its header is damaged).' });
});
