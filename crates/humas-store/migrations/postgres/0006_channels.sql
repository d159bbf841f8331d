-- Connections of official accounts to their platforms (secrets sealed by the
-- application), the state of each account's polling, and deliveries (replies
-- and posts) with their outcome. Mirrored in ../sqlite/0006_channels.sql.

CREATE TABLE account_channels (
    account_id BIGINT PRIMARY KEY REFERENCES accounts (id),
    endpoint TEXT NOT NULL,
    username TEXT NOT NULL DEFAULT '',
    target TEXT NOT NULL DEFAULT '',
    secret_sealed TEXT NOT NULL,
    poll_minutes INTEGER NOT NULL DEFAULT 5,
    enabled BOOLEAN NOT NULL DEFAULT TRUE,
    remote_id TEXT NOT NULL DEFAULT '',
    remote_name TEXT NOT NULL DEFAULT '',
    cursor TEXT NOT NULL DEFAULT '',
    last_attempt_at TIMESTAMPTZ,
    last_success_at TIMESTAMPTZ,
    last_error_kind TEXT,
    last_error TEXT NOT NULL DEFAULT '',
    failures INTEGER NOT NULL DEFAULT 0,
    paused_until TIMESTAMPTZ,
    items_total BIGINT NOT NULL DEFAULT 0,
    last_items INTEGER NOT NULL DEFAULT 0,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE deliveries (
    id BIGSERIAL PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    item_id BIGINT REFERENCES items (id),
    outbound TEXT NOT NULL,
    idem_key TEXT NOT NULL,
    status TEXT NOT NULL,
    remote_id TEXT NOT NULL DEFAULT '',
    remote_url TEXT NOT NULL DEFAULT '',
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    next_attempt_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    delivered_at TIMESTAMPTZ,
    CONSTRAINT deliveries_key UNIQUE (idem_key)
);
CREATE INDEX deliveries_item_idx ON deliveries (item_id);
CREATE INDEX deliveries_account_idx ON deliveries (account_id, id);
