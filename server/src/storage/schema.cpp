// SPDX-License-Identifier: Apache-2.0
// Migrations. 1: reference data, accounts and sessions, activities and their reviews, ratings, evaluations,
// feedback, idempotent ops, the change feed and the hash-chained audit log.
#include "storage/schema.hpp"

#include <array>

namespace jejak::server {
namespace {

// Times are integer milliseconds since the Unix epoch, UTC. JSON columns hold the shared codec's encoding.
constexpr std::string_view kMigration1 = R"sql(

-- Reference data imported from bundles (docs/bundle-format.md): one row per entity, the codec's JSON.
-- kind: instansi | unit | position | employee | placement | roleBinding | target | skp | skpItem | team | membership
CREATE TABLE ref_entity (
    kind TEXT NOT NULL,
    id   TEXT NOT NULL,          -- employees: the NIP
    data TEXT NOT NULL,
    PRIMARY KEY (kind, id)
) WITHOUT ROWID;

-- Bumped by every import; clients whose cursor names an older version get a reset snapshot.
CREATE TABLE ref_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL,
    imported_at INTEGER NOT NULL
);

-- Accounts: one per employee who may log in. Admin is also derivable from a Role::Admin binding.
CREATE TABLE account (
    nip           TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,     -- libsodium crypto_pwhash_str (Argon2id)
    created_at    INTEGER NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- Sessions: opaque random tokens, stored only as SHA-256; one per device login.
CREATE TABLE session (
    token_hash  BLOB PRIMARY KEY,
    nip         TEXT NOT NULL REFERENCES account(nip),
    device_id   TEXT NOT NULL,
    device_name TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    revoked_at  INTEGER
) WITHOUT ROWID;
CREATE INDEX session_nip ON session(nip, device_id);

-- Activities: the current revision, its server-decided state and route.
CREATE TABLE activity (
    id            TEXT PRIMARY KEY,
    nip           TEXT NOT NULL,
    revision      INTEGER NOT NULL,
    state         TEXT NOT NULL,     -- submitted | approved | returned | rejected | withdrawn | rated
    validator_nip TEXT NOT NULL,
    route_kind    TEXT NOT NULL,
    unlinked      INTEGER NOT NULL,
    flags         TEXT NOT NULL,     -- JSON array of error codes
    team_id       TEXT,
    skp_item_id   TEXT,
    start_ms      INTEGER NOT NULL,
    end_ms        INTEGER NOT NULL,
    data          TEXT NOT NULL,     -- Activity JSON of the current revision
    created_at    INTEGER NOT NULL,  -- server time of the first submission
    updated_at    INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX activity_author_time ON activity(nip, start_ms);
CREATE INDEX activity_validator   ON activity(validator_nip, state);
CREATE INDEX activity_team        ON activity(team_id, state);
CREATE INDEX activity_skp_item    ON activity(skp_item_id, state);

-- Every submitted revision, kept (returned work and its fix are both part of the record).
CREATE TABLE activity_revision (
    activity_id  TEXT NOT NULL REFERENCES activity(id),
    revision     INTEGER NOT NULL,
    data         TEXT NOT NULL,
    submitted_at INTEGER NOT NULL,
    PRIMARY KEY (activity_id, revision)
) WITHOUT ROWID;

-- Evidence of the current revision, for "photo already used" and download authorization.
CREATE TABLE activity_evidence (
    activity_id TEXT NOT NULL REFERENCES activity(id),
    sha256      TEXT NOT NULL,
    PRIMARY KEY (activity_id, sha256)
) WITHOUT ROWID;
CREATE INDEX activity_evidence_sha ON activity_evidence(sha256);

CREATE TABLE review (
    id           TEXT PRIMARY KEY,
    activity_id  TEXT NOT NULL REFERENCES activity(id),
    revision     INTEGER NOT NULL,
    reviewer_nip TEXT NOT NULL,
    decision     TEXT NOT NULL,
    data         TEXT NOT NULL,
    decided_at   INTEGER NOT NULL    -- server time
) WITHOUT ROWID;
CREATE INDEX review_activity ON review(activity_id);

CREATE TABLE rating (
    id            TEXT PRIMARY KEY,
    activity_id   TEXT NOT NULL UNIQUE REFERENCES activity(id),
    appraiser_nip TEXT NOT NULL,
    data          TEXT NOT NULL,
    rated_at      INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE evaluation (
    id            TEXT PRIMARY KEY,
    nip           TEXT NOT NULL,
    year          INTEGER NOT NULL,
    quarter       INTEGER NOT NULL,
    appraiser_nip TEXT NOT NULL,
    data          TEXT NOT NULL,
    evaluated_at  INTEGER NOT NULL,
    UNIQUE (nip, year, quarter)
) WITHOUT ROWID;

CREATE TABLE feedback (
    id          TEXT PRIMARY KEY,
    skp_item_id TEXT NOT NULL,
    author_nip  TEXT NOT NULL,
    data        TEXT NOT NULL,
    posted_at   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX feedback_item ON feedback(skp_item_id, posted_at);

-- Idempotency: every applied op with its stored result; a repeated op id returns this and changes nothing.
CREATE TABLE applied_op (
    op_id      TEXT PRIMARY KEY,
    nip        TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    result     TEXT NOT NULL,        -- OpResult JSON as first answered
    applied_at INTEGER NOT NULL
) WITHOUT ROWID;

-- Change feed, fanned out on write: one row per (audience, change). Pull reads audience = caller.
CREATE TABLE change (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    audience  TEXT NOT NULL,         -- NIP that may see it
    entity    TEXT NOT NULL,         -- protocol Change.entity
    entity_id TEXT NOT NULL,
    deleted   INTEGER NOT NULL DEFAULT 0,
    data      TEXT,                  -- entity JSON
    at        INTEGER NOT NULL
);
CREATE INDEX change_audience ON change(audience, seq);

-- Append-only audit log, hash-chained: hash = SHA-256(prev_hash || canonical JSON of the row's fields).
CREATE TABLE audit (
    seq       INTEGER PRIMARY KEY,   -- 1, 2, 3 ... without gaps
    at        INTEGER NOT NULL,
    actor_nip TEXT NOT NULL,
    action    TEXT NOT NULL,         -- e.g. activity.submit, review.approve, import, account.create
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    detail    TEXT NOT NULL,         -- JSON
    prev_hash TEXT NOT NULL,         -- hex; 64 zeros for seq 1
    hash      TEXT NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
)sql";

// Migration 2: who uploaded which blob (an uploader may read their evidence before any activity cites it).
constexpr std::string_view kMigration2 = R"sql(
CREATE TABLE blob_upload (
    sha256      TEXT NOT NULL,
    nip         TEXT NOT NULL,
    uploaded_at INTEGER NOT NULL,
    PRIMARY KEY (sha256, nip)
) WITHOUT ROWID;
)sql";

// Migration 3: the overlap check looks up a person's activities that end after a new one starts. Through
// (nip, start_ms) it visited the person's whole history; through (nip, end_ms) it visits only the recent.
constexpr std::string_view kMigration3 = R"sql(
CREATE INDEX activity_author_end ON activity(nip, end_ms);
)sql";

constexpr std::array kMigrations = {
    shared::sqlite::Migration{1, kMigration1},
    shared::sqlite::Migration{2, kMigration2},
    shared::sqlite::Migration{3, kMigration3},
};

} // namespace

std::span<const shared::sqlite::Migration> schemaMigrations() noexcept { return kMigrations; }

} // namespace jejak::server
