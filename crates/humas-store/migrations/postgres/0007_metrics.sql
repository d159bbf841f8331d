-- Audience and engagement over time (Pasal 16(3) b, f): one snapshot per
-- account and day, one per published post and day; `source` says whether a
-- platform gave the number or an officer entered it.
-- Mirrored in ../sqlite/0007_metrics.sql.

CREATE TABLE account_metrics (
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    day DATE NOT NULL,
    followers BIGINT NOT NULL,
    source TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    recorded_by BIGINT REFERENCES users (id),
    recorded_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT account_metrics_key PRIMARY KEY (account_id, day)
);

CREATE TABLE post_metrics (
    delivery_id BIGINT NOT NULL REFERENCES deliveries (id),
    day DATE NOT NULL,
    shares BIGINT,
    comments BIGINT,
    likes BIGINT,
    views BIGINT,
    source TEXT NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT post_metrics_key PRIMARY KEY (delivery_id, day)
);
