-- Foundation: region, agencies, users, sessions, decrees, accounts, audit log.
-- Mirrored in ../postgres/0001_foundation.sql; constraint names are shared.

CREATE TABLE region (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL,
    province TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    letterhead TEXT NOT NULL DEFAULT '',
    logo_blob TEXT,
    inactivity_days INTEGER NOT NULL DEFAULT 90
);

CREATE TABLE districts (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    CONSTRAINT districts_name_key UNIQUE (name)
);

CREATE TABLE agencies (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    affairs TEXT NOT NULL DEFAULT '[]',
    is_dinas BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CONSTRAINT agencies_code_key UNIQUE (code)
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    display_name TEXT NOT NULL,
    email TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    agency_id INTEGER REFERENCES agencies (id),
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TEXT NOT NULL,
    CONSTRAINT users_username_key UNIQUE (username)
);
CREATE INDEX users_agency_idx ON users (agency_id);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX login_failures_key_idx ON login_failures (key, at);

CREATE TABLE decrees (
    id INTEGER PRIMARY KEY,
    agency_id INTEGER NOT NULL REFERENCES agencies (id),
    number TEXT NOT NULL,
    decree_date TEXT NOT NULL,
    signer TEXT NOT NULL,
    title TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_until TEXT,
    appointees TEXT NOT NULL DEFAULT '[]',
    file_blob TEXT,
    file_type TEXT,
    file_size BIGINT,
    file_name TEXT,
    created_at TEXT NOT NULL,
    CONSTRAINT decrees_number_key UNIQUE (agency_id, number)
);

CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    agency_id INTEGER NOT NULL REFERENCES agencies (id),
    decree_id INTEGER REFERENCES decrees (id),
    kind TEXT NOT NULL,
    platform TEXT NOT NULL,
    handle TEXT NOT NULL,
    handle_norm TEXT NOT NULL,
    url TEXT NOT NULL,
    url_norm TEXT NOT NULL,
    display_name TEXT NOT NULL DEFAULT '',
    audience TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    status_note TEXT NOT NULL DEFAULT '',
    verified_by INTEGER REFERENCES users (id),
    verified_at TEXT,
    last_activity_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CONSTRAINT accounts_url_key UNIQUE (url_norm),
    CONSTRAINT accounts_handle_key UNIQUE (platform, handle_norm)
);
CREATE INDEX accounts_agency_idx ON accounts (agency_id, status);
CREATE INDEX accounts_handle_idx ON accounts (handle_norm);

CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY,
    at TEXT NOT NULL,
    actor_id BIGINT,
    actor_name TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    agency_id BIGINT,
    before_json TEXT,
    after_json TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id);
