// Numbered schema migrations. The database's `PRAGMA user_version` is the number of the last one
// applied; each runs in its own transaction with the version bump, so a crash mid-way leaves the
// previous version intact. Append new migrations; never edit a shipped one.
import { AUDIT_CHAIN_TRIGGER } from './audit-chain.ts';
/** Now as the store writes it (ISO 8601, milliseconds, UTC). */
const NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
/** A Keygen connection's stored lifetime is null (or missing). */
// ui-text-ok: SQL and the migration's own name, never shown
const TTL_EMPTY = "COALESCE(json_type(settings, '$.checkoutTtlSeconds'), 'null') = 'null'";
// ui-text-ok: SQL and the migration's own name, never shown
const SIGNATURES_OFF = "COALESCE(json_type(settings, '$.verifyResponseSignatures'), 'false') = 'false'";
/** The stored verify key is Ed25519: 64 hex characters, or a PEM starting with the Ed25519 SubjectPublicKeyInfo header. */
// ui-text-ok: SQL
const ED25519_KEY = `(
  (length(json_extract(settings, '$.publicKeyHex')) = 64 AND json_extract(settings, '$.publicKeyHex') NOT GLOB '*[^0-9a-fA-F]*')
  OR replace(replace(json_extract(settings, '$.publicKeyHex'), char(10), ''), char(13), '') GLOB '-----BEGIN PUBLIC KEY-----MCowBQYDK2VwAyEA*')`;

// `rebuildsTables`: the migration rebuilds a table others refer to (SQLite cannot change a CHECK in
// place), so it runs with foreign keys off and is committed only when foreign_key_check finds nothing.
export const MIGRATIONS: readonly { version: number; name: string; sql: string; rebuildsTables?: true }[] = [
  {
    version: 1,
    // ui-text-ok: SQL and the migration's own name, never shown
    name: 'requests, responses, connections, audit',
    sql: `
      CREATE TABLE connections (
        id          TEXT PRIMARY KEY,
        vendor      TEXT NOT NULL,
        name        TEXT NOT NULL,
        settings    TEXT NOT NULL,            -- JSON, never secrets
        is_demo     INTEGER NOT NULL DEFAULT 0,
        is_default  INTEGER NOT NULL DEFAULT 0,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
      );
      CREATE TABLE requests (
        id              TEXT PRIMARY KEY,     -- SHA-256 of the canonical content
        format          TEXT NOT NULL,
        format_label    TEXT NOT NULL,
        kind            TEXT NOT NULL CHECK (kind IN ('activate','deactivate','refresh')),
        source          TEXT NOT NULL,        -- how it was captured: file, ...
        source_name     TEXT NOT NULL,
        raw             TEXT NOT NULL,        -- the input exactly as captured
        canonical       TEXT NOT NULL,
        license_key     TEXT NOT NULL,
        device_id       TEXT NOT NULL,
        device_label    TEXT,
        device_details  TEXT NOT NULL,        -- JSON object of strings
        connection_id   TEXT REFERENCES connections(id),
        state           TEXT NOT NULL CHECK (state IN
                          ('queued','in_flight','retry_wait','fulfilled','delivered','rejected','expired','cancelled')),
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        last_error_code TEXT,
        last_error      TEXT,
        captured_at     TEXT NOT NULL,
        updated_at      TEXT NOT NULL,
        expires_at      TEXT
      );
      CREATE INDEX requests_by_state ON requests (state, next_attempt_at);
      CREATE TABLE responses (
        request_id    TEXT PRIMARY KEY REFERENCES requests(id),
        artifact      BLOB NOT NULL,          -- the vendor's file, byte for byte
        file_name     TEXT NOT NULL,
        media_type    TEXT NOT NULL,
        verified_at   TEXT NOT NULL,
        received_at   TEXT NOT NULL,
        delivered_at  TEXT,
        delivered_to  TEXT
      );
      CREATE TABLE audit (
        seq         INTEGER PRIMARY KEY AUTOINCREMENT,
        at          TEXT NOT NULL,
        request_id  TEXT,
        actor       TEXT NOT NULL,            -- engineer, sync, system
        event       TEXT NOT NULL,
        detail      TEXT NOT NULL
      );
      CREATE INDEX audit_by_request ON audit (request_id, seq);
    `,
  },
  {
    version: 2,
    // ui-text-ok: SQL and the migration's own name, never shown
    name: 'vendor request forms: opaque request body, vendor hint, missing licence key, device key',
    sql: `
      ALTER TABLE requests ADD COLUMN vendor_hint TEXT;
      ALTER TABLE requests ADD COLUMN request_body TEXT;       -- forwarded verbatim (Cryptlex offline request)
      ALTER TABLE requests ADD COLUMN needs_license_key INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE requests ADD COLUMN nonce TEXT;
      ALTER TABLE requests ADD COLUMN device_public_key TEXT;
      ALTER TABLE requests ADD COLUMN signature_state TEXT;   -- kiosk envelope: verified / unsigned
    `,
  },
  {
    version: 3,
    // ui-text-ok: SQL and the migration's own name, never shown
    name: 'the connection the engineer chose for a request',
    sql: `
      ALTER TABLE requests ADD COLUMN chosen_connection_id TEXT;  -- null: routed by vendor and target
    `,
  },
  {
    version: 4,
    // ui-text-ok: SQL and the migration's own name, never shown
    name: 'response validity; kiosk preferences (sync paused)',
    sql: `
      ALTER TABLE responses ADD COLUMN expires_at TEXT;          -- when the device stops accepting it; null: never
      CREATE TABLE preferences (
        key    TEXT PRIMARY KEY,
        value  TEXT NOT NULL                                      -- JSON
      );
    `,
  },
  {
    version: 5,
    // ui-text-ok: SQL and the migration's own name, never shown
    name: 'device receipts bound to one response',
    // ui-text-ok: SQL and the migration's own name, never shown
    sql: `
      -- 1 for a request's first response, +1 for each new one (Retry); old rows count the responses their audit shows.
      ALTER TABLE responses ADD COLUMN response_seq INTEGER NOT NULL DEFAULT 1;
      UPDATE responses SET response_seq = MAX(1, (SELECT COUNT(*) FROM audit a
        WHERE a.request_id = responses.request_id AND a.event IN ('fulfilled', 'reconciled')));
      CREATE TABLE device_receipts (
        request_id      TEXT NOT NULL REFERENCES requests(id),
        receipt_sha256  TEXT NOT NULL,          -- SHA-256 of the receipt's CBOR: a replay is known
        response_seq    INTEGER NOT NULL,       -- the response it was accepted for
        version         INTEGER NOT NULL,
        response_digest TEXT,                   -- version 2: SHA-256 of the artifact; NULL for version 1
        applied_at      INTEGER NOT NULL,       -- device clock, seconds: orders a response's receipts
        outcome         TEXT NOT NULL CHECK (outcome IN ('applied', 'refused')),
        recorded_at     TEXT NOT NULL,
        PRIMARY KEY (request_id, receipt_sha256)
      );
      -- Receipts recorded before this version (audit only) keep counting, timed by when the kiosk read
      -- them: never earlier than the device made them (clocks agreeing), so an older replay stays refused.
      INSERT INTO device_receipts (request_id, receipt_sha256, response_seq, version, response_digest, applied_at, outcome, recorded_at)
        SELECT a.request_id, 'audit:' || a.seq,
          MAX(1, (SELECT COUNT(*) FROM audit f WHERE f.request_id = a.request_id AND f.seq < a.seq AND f.event IN ('fulfilled', 'reconciled'))),
          1, NULL, CAST(strftime('%s', a.at) AS INTEGER), CASE a.event WHEN 'device_confirmed' THEN 'applied' ELSE 'refused' END, a.at
        FROM audit a WHERE a.event IN ('device_confirmed', 'device_refused') AND a.request_id IS NOT NULL;
    `,
  },
  {
    version: 6,
    // ui-text-ok: SQL and the migration's own name, never shown
    name: "Keygen defaults: one month's machine files, response signatures checked, a clock skew",
    // ui-text-ok: SQL and the migration's own name, never shown
    sql: `
      -- An empty lifetime was stored as null and sent as ttl: null, so machine files never expired, which
      -- Keygen's example device refuses. "No expiry" could not be chosen before, so every null is taken as
      -- "left empty" and gets Keygen's default; from now on null means "No expiry", chosen in Settings.
      INSERT INTO audit (at, request_id, actor, event, detail)
        SELECT ${NOW}, NULL, 'system', 'connection_migrated',
          'Keygen connection "' || name || '": its machine-file lifetime was empty, which sent ttl null and made files that never expire (Keygen''s example device refuses them); it is now Keygen''s default of one month (2629746 s). "No expiry" could not be chosen before this version, so every empty lifetime was changed; choose "No expiry" in Settings if that was meant.'
        FROM connections WHERE vendor = 'keygen' AND ${TTL_EMPTY};
      UPDATE connections SET settings = json_set(settings, '$.checkoutTtlSeconds', 2629746), updated_at = ${NOW}
        WHERE vendor = 'keygen' AND ${TTL_EMPTY};

      -- Response signatures: on for every connection whose key can check them (Keygen signs its answers
      -- with the Ed25519 key only); a connection holding an RSA or ECDSA key would refuse every answer, so it keeps them off.
      INSERT INTO audit (at, request_id, actor, event, detail)
        SELECT ${NOW}, NULL, 'system', 'connection_migrated',
          'Keygen connection "' || name || '": Keygen''s response signatures are now checked on every answer (Keygen-Signature, Digest, and a Date within 300 s of this laptop''s clock), as for new connections; turn it off in Settings only for a server that does not sign its answers.'
        FROM connections WHERE vendor = 'keygen' AND ${SIGNATURES_OFF} AND ${ED25519_KEY};
      INSERT INTO audit (at, request_id, actor, event, detail)
        SELECT ${NOW}, NULL, 'system', 'connection_migrated',
          'Keygen connection "' || name || '": response signatures stay unchecked, because it holds an RSA or ECDSA verify key and Keygen signs its answers with the account''s Ed25519 key (checking would refuse every answer); enter the Ed25519 key in Settings to check them.'
        FROM connections WHERE vendor = 'keygen' AND ${SIGNATURES_OFF} AND NOT ${ED25519_KEY};
      UPDATE connections SET settings = json_set(settings, '$.verifyResponseSignatures', json('true')), updated_at = ${NOW}
        WHERE vendor = 'keygen' AND ${SIGNATURES_OFF} AND ${ED25519_KEY};
      UPDATE connections SET settings = json_set(settings, '$.clockSkewSeconds', 300)
        WHERE vendor = 'keygen' AND json_type(settings, '$.clockSkewSeconds') IS NULL;
    `,
  },
  {
    version: 7,
    // ui-text-ok: SQL and the migration's own name, never shown
    name: 'licence-file requests (a licence file for a key, no machine)',
    rebuildsTables: true,
    sql: `
      CREATE TABLE requests_v7 (
        id              TEXT PRIMARY KEY,
        format          TEXT NOT NULL,
        format_label    TEXT NOT NULL,
        kind            TEXT NOT NULL CHECK (kind IN ('activate','deactivate','refresh','license-file')),
        source          TEXT NOT NULL,
        source_name     TEXT NOT NULL,
        raw             TEXT NOT NULL,
        canonical       TEXT NOT NULL,
        license_key     TEXT NOT NULL,
        device_id       TEXT NOT NULL,
        device_label    TEXT,
        device_details  TEXT NOT NULL,
        connection_id   TEXT REFERENCES connections(id),
        state           TEXT NOT NULL CHECK (state IN
                          ('queued','in_flight','retry_wait','fulfilled','delivered','rejected','expired','cancelled')),
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        last_error_code TEXT,
        last_error      TEXT,
        captured_at     TEXT NOT NULL,
        updated_at      TEXT NOT NULL,
        expires_at      TEXT,
        vendor_hint     TEXT,
        request_body    TEXT,
        needs_license_key INTEGER NOT NULL DEFAULT 0,
        nonce           TEXT,
        device_public_key TEXT,
        signature_state TEXT,
        chosen_connection_id TEXT
      );
      INSERT INTO requests_v7 (id, format, format_label, kind, source, source_name, raw, canonical, license_key, device_id, device_label,
          device_details, connection_id, state, attempts, next_attempt_at, last_error_code, last_error, captured_at, updated_at, expires_at,
          vendor_hint, request_body, needs_license_key, nonce, device_public_key, signature_state, chosen_connection_id)
        SELECT id, format, format_label, kind, source, source_name, raw, canonical, license_key, device_id, device_label,
          device_details, connection_id, state, attempts, next_attempt_at, last_error_code, last_error, captured_at, updated_at, expires_at,
          vendor_hint, request_body, needs_license_key, nonce, device_public_key, signature_state, chosen_connection_id FROM requests;
      DROP TABLE requests;
      ALTER TABLE requests_v7 RENAME TO requests;
      CREATE INDEX requests_by_state ON requests (state, next_attempt_at);
    `,
  },
  {
    version: 8,
    // ui-text-ok: SQL and the migration's own name, never shown
    name: 'queued requests read in capture order from an index (the due query sorts nothing)',
    sql: `CREATE INDEX requests_queue_order ON requests (state, needs_license_key);`,
  },
  {
    version: 9,
    // ui-text-ok: SQL and the migration's own name, never shown
    name: 'site visits: customer, site, ticket; each request belongs to one visit or none',
    sql: `
      CREATE TABLE visits (
        id          TEXT PRIMARY KEY,         -- random UUID
        customer    TEXT NOT NULL,
        site        TEXT NOT NULL,
        ticket      TEXT,                     -- ticket or work-order number, optional
        engineer    TEXT,                     -- JSON {name, id} from Preferences 'engineer' at the start; null: not set
        started_at  TEXT NOT NULL,
        ended_at    TEXT                      -- null while open; at most one visit is open
      );
      CREATE UNIQUE INDEX visits_one_open ON visits ((ended_at IS NULL)) WHERE ended_at IS NULL;
      ALTER TABLE requests ADD COLUMN visit_id TEXT REFERENCES visits(id);   -- null: captured outside any visit
      CREATE INDEX requests_by_visit ON requests (visit_id, captured_at);
    `,
  },
  {
    version: 10,
    // ui-text-ok: SQL and the migration's own name, never shown
    name: 'request files read from USB sticks and watched folders, and answers written back to them',
    // ui-text-ok: SQL and the migration's own name, never shown
    sql: `
      -- One row per file read from a stick: (path, content) is never imported twice. request_id is null
      -- when the file was not a request the kiosk could read (the sentence is in problem).
      CREATE TABLE stick_files (
        path        TEXT NOT NULL,
        sha256      TEXT NOT NULL,
        volume      TEXT NOT NULL,
        request_id  TEXT,
        problem     TEXT,
        imported_at TEXT NOT NULL,
        PRIMARY KEY (path, sha256)
      );
      CREATE INDEX stick_files_by_volume ON stick_files (volume);
      -- Answers the kiosk wrote onto a stick, so they are never read back as requests and a rewrite
      -- may replace the kiosk's own earlier answer (and nothing else).
      CREATE TABLE stick_writes (
        path        TEXT PRIMARY KEY,
        sha256      TEXT NOT NULL,
        request_id  TEXT,
        written_at  TEXT NOT NULL
      );
    `,
  },
  {
    version: 11,
    // ui-text-ok: SQL and the migration's own name, never shown
    name: 'audit trail hash chain and the engineer who acted',
    sql: `
      ALTER TABLE audit ADD COLUMN actor_name TEXT;   -- the engineer's name when the engineer acted, as set then
      ALTER TABLE audit ADD COLUMN actor_id TEXT;
      ALTER TABLE audit ADD COLUMN prev_hash TEXT;    -- the hash of the entry before (shared/audit/SPEC.md)
      ALTER TABLE audit ADD COLUMN hash TEXT;
      ${AUDIT_CHAIN_TRIGGER}
      -- The entries written before: chained in their order by inserting them again through the trigger.
      CREATE TEMP TABLE audit_unchained AS SELECT seq, at, request_id, actor, event, detail FROM audit;
      DELETE FROM audit;
      INSERT INTO audit (seq, at, request_id, actor, event, detail)
        SELECT seq, at, request_id, actor, event, detail FROM audit_unchained ORDER BY seq;
      DROP TABLE temp.audit_unchained;
      -- The Audit screen's filters, each read newest first.
      CREATE INDEX audit_by_event ON audit (event, seq);
      CREATE INDEX audit_by_actor ON audit (actor, actor_name, seq);
      CREATE INDEX audit_by_time ON audit (at);
    `,
  },
  {
    version: 12,
    // ui-text-ok: SQL and the migration's own name, never shown
    name: 'indexes for the request lists (filter and sort without a full scan)',
    // Each matches a sort of electron/store/request-query.ts column for column.
    sql: `
      CREATE INDEX requests_by_captured ON requests (captured_at, id);
      CREATE INDEX requests_by_state_captured ON requests (state, captured_at, id);
      CREATE INDEX requests_by_updated ON requests (updated_at, id);
      CREATE INDEX requests_by_state_updated ON requests (state, updated_at, id);
      CREATE INDEX requests_by_device ON requests (COALESCE(device_label, device_id), id);
      CREATE INDEX requests_by_format ON requests (format_label, id);
    `,
  },
  {
    version: 13,
    // ui-text-ok: SQL and the migration's own name, never shown
    name: 'exported is not delivered (when and where a response was last exported)',
    sql: `
      ALTER TABLE responses ADD COLUMN exported_at TEXT;
      ALTER TABLE responses ADD COLUMN exported_to TEXT;
    `,
  },
];

export const LATEST_VERSION = MIGRATIONS.at(-1)?.version ?? 0;
