-- patkit, H2 (2.x): tokens in ${table}, owners in ${table}_owners; index names start with ${index}.
CREATE TABLE IF NOT EXISTS ${table} (
    id                VARCHAR(64)  NOT NULL PRIMARY KEY,
    owner_id          VARCHAR(255) NOT NULL,
    name              VARCHAR(200) NOT NULL,
    lookup_id         VARCHAR(32)  NOT NULL,
    secret_hash       VARCHAR(512) NOT NULL,
    created_at        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    expires_at        TIMESTAMP(6) WITH TIME ZONE,
    last_used_at      TIMESTAMP(6) WITH TIME ZONE,
    revoked_at        TIMESTAMP(6) WITH TIME ZONE,
    scopes            VARCHAR(20000) NOT NULL DEFAULT '[]',
    replaced_token_id VARCHAR(64),
    active_name       VARCHAR(200) GENERATED ALWAYS AS (CASE WHEN revoked_at IS NULL THEN name END)
);
-- Added in 0.2; this also adds them to a table made by 0.1 (existing rows get no description and empty lists).
-- Allowed client address ranges and recent client addresses are JSON arrays of strings, like scopes.
ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS description VARCHAR(1000);
ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS allowed_addresses VARCHAR(20000) NOT NULL DEFAULT '[]';
ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS recent_addresses VARCHAR(20000) NOT NULL DEFAULT '[]';
CREATE UNIQUE INDEX IF NOT EXISTS ${index}_lookup_uk ON ${table} (lookup_id);
CREATE INDEX IF NOT EXISTS ${index}_owner_ix ON ${table} (owner_id);
CREATE UNIQUE INDEX IF NOT EXISTS ${index}_active_name_uk ON ${table} (owner_id, active_name);
CREATE INDEX IF NOT EXISTS ${index}_expires_ix ON ${table} (expires_at);
-- find(): newest first in keyset pages, of everyone and of one owner, and by last use.
CREATE INDEX IF NOT EXISTS ${index}_page_ix ON ${table} (created_at, id);
CREATE INDEX IF NOT EXISTS ${index}_owner_page_ix ON ${table} (owner_id, created_at, id);
-- One row per owner: create, rotate and revokeAll lock the owner's row first, so for one owner they run one at a time.
CREATE TABLE IF NOT EXISTS ${table}_owners (
    owner_id          VARCHAR(255) NOT NULL PRIMARY KEY
);
-- Cluster mode. Every revocation takes the one row of ${table}_sequence (UPDATE seq = seq + 1) and appends its changes
-- to ${table}_changes in its own transaction: the row lock makes sequence order commit order, with no gaps.
CREATE TABLE IF NOT EXISTS ${table}_sequence (
    id                INTEGER      NOT NULL PRIMARY KEY,
    seq               BIGINT       NOT NULL
);
INSERT INTO ${table}_sequence (id, seq) SELECT 1, 0 WHERE NOT EXISTS (SELECT 1 FROM ${table}_sequence WHERE id = 1);
CREATE TABLE IF NOT EXISTS ${table}_changes (
    seq               BIGINT       NOT NULL PRIMARY KEY,
    token_id          VARCHAR(64)  NOT NULL,
    lookup_id         VARCHAR(32)  NOT NULL,
    changed_at        TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
-- One row per node in cluster mode: its lease (in the database's clock) and the last change it has applied.
CREATE TABLE IF NOT EXISTS ${table}_nodes (
    node_id           VARCHAR(64)  NOT NULL PRIMARY KEY,
    lease_until       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    applied_seq       BIGINT       NOT NULL
);
-- Expiry reminders: one row per token and reminder, claimed by the node that sends it, then marked sent.
CREATE TABLE IF NOT EXISTS ${table}_reminders (
    token_id          VARCHAR(64)  NOT NULL,
    reminder          VARCHAR(64)  NOT NULL,
    claimed_at        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    sent_at           TIMESTAMP(6) WITH TIME ZONE,
    PRIMARY KEY (token_id, reminder)
);
