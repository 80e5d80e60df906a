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
CREATE UNIQUE INDEX IF NOT EXISTS ${index}_lookup_uk ON ${table} (lookup_id);
CREATE INDEX IF NOT EXISTS ${index}_owner_ix ON ${table} (owner_id);
CREATE UNIQUE INDEX IF NOT EXISTS ${index}_active_name_uk ON ${table} (owner_id, active_name);
CREATE INDEX IF NOT EXISTS ${index}_expires_ix ON ${table} (expires_at);
-- One row per owner: create, rotate and revokeAll lock the owner's row first, so for one owner they run one at a time.
CREATE TABLE IF NOT EXISTS ${table}_owners (
    owner_id          VARCHAR(255) NOT NULL PRIMARY KEY
);
