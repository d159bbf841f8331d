-- The job queue (clock sweeps, later notifications by e-mail, polling and
-- publishing), in-app notifications, and each item's escalation level.
-- Mirrored in ../postgres/0003_jobs_notifications.sql.

CREATE TABLE jobs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}',
    unique_key TEXT,
    run_at TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    locked_at TEXT,
    last_error TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    CONSTRAINT jobs_unique_key UNIQUE (unique_key)
);
CREATE INDEX jobs_ready_idx ON jobs (status, run_at);

CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    link TEXT NOT NULL DEFAULT '',
    read_at TEXT
);
CREATE INDEX notifications_user_idx ON notifications (user_id, read_at);

ALTER TABLE items ADD COLUMN escalation_level INTEGER NOT NULL DEFAULT 0;
CREATE INDEX items_open_due_idx ON items (status, due_at);
