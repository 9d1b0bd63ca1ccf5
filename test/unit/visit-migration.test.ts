// The visits migration: requests stored before it belong to no visit, and the database itself holds
// to one open visit at a time (even against two writers racing).
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { migrate, openDatabase } from '../../electron/store/database.ts';
import { MIGRATIONS } from '../../electron/store/migrations.ts';
import { tempDir } from '../support/temp.ts';

const VISITS = MIGRATIONS.find((m) => m.name.startsWith('site visits'))!;

test('requests from before visits belong to none; only one visit can be open', (t) => {
  const file = path.join(tempDir(t), 'kiosk.sqlite');
  const before = new Database(file);
  migrate(before, VISITS.version - 1);
  before
    .prepare(
      "INSERT INTO requests (id, format, format_label, kind, source, source_name, raw, canonical, license_key, device_id, device_details, state, captured_at, updated_at) VALUES ('r1','seed004-json','f','activate','file','a.json','{}','{}','K','D','{}','queued','t','t')",
    )
    .run();
  before.close();
  const db = openDatabase(file);
  t.after(() => db.close());
  assert.deepEqual(db.prepare('SELECT id, visit_id FROM requests').all(), [{ id: 'r1', visit_id: null }]);
  const open = db.prepare("INSERT INTO visits (id, customer, site, started_at) VALUES (?, 'Acme', 'Hall', 't')");
  open.run('v1');
  assert.throws(() => open.run('v2'), /UNIQUE constraint failed/);
  db.prepare("UPDATE visits SET ended_at = 't2' WHERE id = 'v1'").run();
  open.run('v2');
  db.prepare("INSERT INTO visits (id, customer, site, started_at, ended_at) VALUES ('v3', 'Acme', 'Hall', 't', 't3')").run();
  assert.throws(() => db.prepare("UPDATE requests SET visit_id = 'nowhere' WHERE id = 'r1'").run(), /FOREIGN KEY/);
});
