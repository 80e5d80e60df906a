-- patkit, MySQL (8.0.13 or later): tokens in ${table}, owners in ${table}_owners; index names start with ${index}.
-- Times are UTC wall-clock values in DATETIME(6); utf8mb4_0900_bin compares exactly (case, accents, trailing spaces).
-- MySQL has no ADD COLUMN IF NOT EXISTS: a table made by 0.1 is upgraded by hand (see the README).
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
    description       VARCHAR(1000) NULL,
    allowed_addresses TEXT         NOT NULL DEFAULT ('[]'),
    recent_addresses  TEXT         NOT NULL DEFAULT ('[]'),
    active_name       VARCHAR(200) AS (CASE WHEN revoked_at IS NULL THEN name ELSE NULL END) STORED,
    PRIMARY KEY (id),
    UNIQUE KEY ${index}_lookup_uk (lookup_id),
    KEY ${index}_owner_ix (owner_id),
    UNIQUE KEY ${index}_active_name_uk (owner_id, active_name),
    KEY ${index}_expires_ix (expires_at),
    KEY ${index}_page_ix (created_at, id),
    KEY ${index}_owner_page_ix (owner_id, created_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_bin;
-- One row per owner: create, rotate and revokeAll lock the owner's row first, so for one owner they run one at a time.
CREATE TABLE IF NOT EXISTS ${table}_owners (
    owner_id          VARCHAR(255) NOT NULL,
    PRIMARY KEY (owner_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_bin;
-- Cluster mode. Every revocation takes the one row of ${table}_sequence (UPDATE seq = seq + 1) and appends its changes
-- to ${table}_changes in its own transaction: the row lock makes sequence order commit order, with no gaps.
CREATE TABLE IF NOT EXISTS ${table}_sequence (
    id                INTEGER      NOT NULL,
    seq               BIGINT       NOT NULL,
    PRIMARY KEY (id)
) ENGINE=InnoDB;
INSERT IGNORE INTO ${table}_sequence (id, seq) VALUES (1, 0);
CREATE TABLE IF NOT EXISTS ${table}_changes (
    seq               BIGINT       NOT NULL,
    token_id          VARCHAR(64)  NOT NULL,
    lookup_id         VARCHAR(32)  NOT NULL,
    changed_at        DATETIME(6)  NOT NULL,
    PRIMARY KEY (seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_bin;
-- One row per node in cluster mode: its lease (UTC, in the database's clock) and the last change it has applied.
CREATE TABLE IF NOT EXISTS ${table}_nodes (
    node_id           VARCHAR(64)  NOT NULL,
    lease_until       DATETIME(6)  NOT NULL,
    applied_seq       BIGINT       NOT NULL,
    PRIMARY KEY (node_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_bin;
-- Expiry reminders: one row per token and reminder, claimed by the node that sends it, then marked sent.
CREATE TABLE IF NOT EXISTS ${table}_reminders (
    token_id          VARCHAR(64)  NOT NULL,
    reminder          VARCHAR(64)  NOT NULL,
    claimed_at        DATETIME(6)  NOT NULL,
    sent_at           DATETIME(6)  NULL,
    PRIMARY KEY (token_id, reminder)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_bin;
