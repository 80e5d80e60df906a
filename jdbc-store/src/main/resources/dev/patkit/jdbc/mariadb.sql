-- patkit, MariaDB (10.3 or later): tokens in ${table}, owners in ${table}_owners; index names start with ${index}.
-- Times are UTC wall-clock values in DATETIME(6); utf8mb4_nopad_bin compares exactly (case, accents, trailing spaces).
CREATE TABLE IF NOT EXISTS ${table} (
    id                VARCHAR(64)  NOT NULL,
    owner_id          VARCHAR(255) NOT NULL,
    name              VARCHAR(200) NOT NULL,
    lookup_id         VARCHAR(32)  NOT NULL,
    secret_hash       VARCHAR(512) NOT NULL,
    created_at        DATETIME(6)  NOT NULL,
    expires_at        DATETIME(6)  NULL,
    last_used_at      DATETIME(6)  NULL,
    revoked_at        DATETIME(6)  NULL,
    scopes            TEXT         NOT NULL,
    replaced_token_id VARCHAR(64)  NULL,
    active_name       VARCHAR(200) AS (CASE WHEN revoked_at IS NULL THEN name ELSE NULL END) PERSISTENT,
    PRIMARY KEY (id),
    UNIQUE KEY ${index}_lookup_uk (lookup_id),
    KEY ${index}_owner_ix (owner_id),
    UNIQUE KEY ${index}_active_name_uk (owner_id, active_name),
    KEY ${index}_expires_ix (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
-- One row per owner: create, rotate and revokeAll lock the owner's row first, so for one owner they run one at a time.
CREATE TABLE IF NOT EXISTS ${table}_owners (
    owner_id          VARCHAR(255) NOT NULL,
    PRIMARY KEY (owner_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
