-- Connections of official accounts to their platforms (secrets sealed by the
-- application), the state of each account's polling, and deliveries (replies
-- and posts) with their outcome. Mirrored in ../postgres/0006_channels.sql.

CREATE TABLE account_channels (
    account_id INTEGER PRIMARY KEY REFERENCES accounts (id),
    endpoint TEXT NOT NULL,
    username TEXT NOT NULL DEFAULT '',
    target TEXT NOT NULL DEFAULT '',
    secret_sealed TEXT NOT NULL,
    poll_minutes INTEGER NOT NULL DEFAULT 5,
    enabled BOOLEAN NOT NULL DEFAULT TRUE,
    remote_id TEXT NOT NULL DEFAULT '',
    remote_name TEXT NOT NULL DEFAULT '',
    cursor TEXT NOT NULL DEFAULT '',
    last_attempt_at TEXT,
    last_success_at TEXT,
    last_error_kind TEXT,
    last_error TEXT NOT NULL DEFAULT '',
    failures INTEGER NOT NULL DEFAULT 0,
    paused_until TEXT,
    items_total BIGINT NOT NULL DEFAULT 0,
    last_items INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL
);

CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    item_id INTEGER REFERENCES items (id),
    outbound TEXT NOT NULL,
    idem_key TEXT NOT NULL,
    status TEXT NOT NULL,
    remote_id TEXT NOT NULL DEFAULT '',
    remote_url TEXT NOT NULL DEFAULT '',
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    next_attempt_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    delivered_at TEXT,
    CONSTRAINT deliveries_key UNIQUE (idem_key)
);
CREATE INDEX deliveries_item_idx ON deliveries (item_id);
CREATE INDEX deliveries_account_idx ON deliveries (account_id, id);
