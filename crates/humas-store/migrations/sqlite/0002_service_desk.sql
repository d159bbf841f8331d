-- Service desk (Lampiran B): items, referrals with their clocks, item events,
-- and each agency's SOP settings. Mirrored in ../postgres/0002_service_desk.sql.

CREATE TABLE agency_sop (
    agency_id INTEGER PRIMARY KEY REFERENCES agencies (id),
    first_response_hours INTEGER NOT NULL DEFAULT 24,
    referral_hours INTEGER NOT NULL DEFAULT 24,
    escalate_after_hours INTEGER NOT NULL DEFAULT 24,
    sop_decree_id INTEGER REFERENCES decrees (id)
);

CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    agency_id INTEGER NOT NULL REFERENCES agencies (id),
    account_id INTEGER REFERENCES accounts (id),
    source TEXT NOT NULL,
    platform TEXT NOT NULL,
    remote_id TEXT,
    thread_id TEXT,
    parent_remote_id TEXT,
    author_handle TEXT NOT NULL DEFAULT '',
    author_name TEXT NOT NULL DEFAULT '',
    author_contact TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL,
    link TEXT NOT NULL DEFAULT '',
    written_at TEXT NOT NULL,
    received_at TEXT NOT NULL,
    kind TEXT NOT NULL,
    sentiment TEXT NOT NULL,
    district TEXT,
    topic TEXT NOT NULL DEFAULT '',
    suggested_agency_id INTEGER REFERENCES agencies (id),
    status TEXT NOT NULL,
    due_at TEXT,
    assigned_to INTEGER REFERENCES users (id),
    tracking_code TEXT,
    answer_text TEXT NOT NULL DEFAULT '',
    answer_link TEXT NOT NULL DEFAULT '',
    answered_by INTEGER REFERENCES users (id),
    answered_at TEXT,
    first_response_at TEXT,
    updated_at TEXT NOT NULL,
    CONSTRAINT items_remote_key UNIQUE (account_id, remote_id),
    CONSTRAINT items_tracking_key UNIQUE (tracking_code)
);
CREATE INDEX items_agency_due_idx ON items (agency_id, status, due_at);
CREATE INDEX items_received_idx ON items (received_at);

CREATE TABLE referrals (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items (id),
    hop INTEGER NOT NULL,
    from_agency_id INTEGER NOT NULL REFERENCES agencies (id),
    to_agency_id INTEGER NOT NULL REFERENCES agencies (id),
    referred_by INTEGER REFERENCES users (id),
    referred_at TEXT NOT NULL,
    due_at TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    answer_text TEXT NOT NULL DEFAULT '',
    answered_by INTEGER REFERENCES users (id),
    answered_at TEXT,
    CONSTRAINT referrals_hop_key UNIQUE (item_id, hop)
);
CREATE INDEX referrals_to_idx ON referrals (to_agency_id, status, due_at);

CREATE TABLE item_events (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items (id),
    at TEXT NOT NULL,
    actor_id INTEGER REFERENCES users (id),
    actor_name TEXT NOT NULL,
    action TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX item_events_item_idx ON item_events (item_id);
