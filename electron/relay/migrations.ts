// The relay's numbered PostgreSQL migrations. `relay_schema` holds one row per applied migration;
// each runs in its own transaction under an advisory lock, so two relay processes starting at once
// against an empty database apply each migration exactly once. Append new ones; never edit a shipped one.
export const RELAY_MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'engineers, kiosks, nonces, connections, requests, audit',
    sql: `
      CREATE TABLE engineers (
        id            TEXT PRIMARY KEY,
        name          TEXT NOT NULL,
        products      TEXT[],                 -- NULL: every product
        connections   TEXT[],                 -- NULL: every connection (by name)
        daily_limit   INTEGER CHECK (daily_limit IS NULL OR daily_limit >= 0),
        seat_returns  BOOLEAN NOT NULL DEFAULT TRUE,
        created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
        revoked_at    TIMESTAMPTZ
      );
      CREATE TABLE enrolment_codes (
        code_sha256   TEXT PRIMARY KEY,       -- the code itself is printed once and never stored
        engineer_id   TEXT NOT NULL REFERENCES engineers(id),
        expires_at    TIMESTAMPTZ NOT NULL,
        used_at       TIMESTAMPTZ
      );
      CREATE TABLE kiosks (
        id            TEXT PRIMARY KEY,
        engineer_id   TEXT NOT NULL REFERENCES engineers(id),
        public_key    TEXT NOT NULL UNIQUE,   -- Ed25519, hex; the private key never leaves the kiosk
        label         TEXT NOT NULL,
        enrolled_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
        revoked_at    TIMESTAMPTZ
      );
      -- Nonces seen inside the replay window; older rows are pruned (a call that old is refused by its time).
      CREATE TABLE nonces (
        kiosk_id      TEXT NOT NULL REFERENCES kiosks(id),
        nonce         TEXT NOT NULL,
        seen_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
        PRIMARY KEY (kiosk_id, nonce)
      );
      CREATE INDEX nonces_seen ON nonces (seen_at);
      CREATE TABLE connections (
        id            TEXT PRIMARY KEY,
        name          TEXT NOT NULL UNIQUE,
        vendor        TEXT NOT NULL,
        products      TEXT[] NOT NULL DEFAULT '{}', -- the products it activates, for engineers' product policy
        settings      JSONB NOT NULL,         -- never secrets
        secret        TEXT,                   -- AES-256-GCM with the operator's key (secret-box.ts), never in the clear
        rate_limit    INTEGER CHECK (rate_limit IS NULL OR rate_limit > 0), -- the vendor's limit: calls per window, shared by every process
        rate_window_ms INTEGER CHECK (rate_window_ms IS NULL OR rate_window_ms > 0),
        created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
        updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
      );
      -- One row per kiosk request id (the idempotency key). A process owns a row while claimed_by is set
      -- and claim_expires_at is ahead; 'sent' says a vendor call may have happened, so the next claim
      -- reconciles before it sends anything.
      CREATE TABLE requests (
        id                TEXT PRIMARY KEY,
        content_sha256    TEXT NOT NULL,
        kiosk_id          TEXT NOT NULL REFERENCES kiosks(id),
        engineer_id       TEXT NOT NULL REFERENCES engineers(id),
        connection_id     TEXT NOT NULL REFERENCES connections(id),
        kind              TEXT NOT NULL,
        body              JSONB NOT NULL,
        state             TEXT NOT NULL CHECK (state IN ('pending','done','refused')),
        sent              BOOLEAN NOT NULL DEFAULT FALSE,
        claimed_by        TEXT,
        claim_expires_at  TIMESTAMPTZ,
        attempts          INTEGER NOT NULL DEFAULT 0,
        outcome           JSONB,
        created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
        finished_at       TIMESTAMPTZ
      );
      CREATE INDEX requests_engineer_day ON requests (engineer_id, finished_at) WHERE state = 'done';
      -- Vendor calls inside the current rate window, per connection (vendor-gate.ts), across every relay process.
      CREATE TABLE vendor_calls (
        connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        at            TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
      );
      CREATE INDEX vendor_calls_at ON vendor_calls (connection_id, at);
      CREATE TABLE audit (
        id            BIGSERIAL PRIMARY KEY,
        at            TIMESTAMPTZ NOT NULL DEFAULT now(),
        engineer_id   TEXT,
        engineer_name TEXT,
        kiosk_id      TEXT,
        request_id    TEXT,
        vendor        TEXT,
        connection    TEXT,
        call          TEXT NOT NULL,
        outcome       TEXT NOT NULL,
        detail        TEXT NOT NULL
      );
      CREATE INDEX audit_at ON audit (at);
    `,
  },
  {
    version: 2,
    name: 'a separate lookup token per connection',
    sql: `
      -- A second, narrower vendor token used only to look things up (Cryptlex: license:read, to resolve
      -- licence keys to ids), sealed like \`secret\` but bound to its purpose (secret-box.ts, lookupSealId).
      ALTER TABLE connections ADD COLUMN lookup_secret TEXT;
    `,
  },
];
