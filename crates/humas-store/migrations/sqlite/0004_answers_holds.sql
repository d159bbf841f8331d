-- The answer library ("jawaban tersedia", Lampiran B) and the hold an officer
-- takes on an item while it is open on their screen.
-- Mirrored in ../postgres/0004_answers_holds.sql.

CREATE TABLE answers (
    id INTEGER PRIMARY KEY,
    agency_id INTEGER REFERENCES agencies (id),
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    tags TEXT NOT NULL DEFAULT '',
    valid_until TEXT,
    created_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX answers_agency_idx ON answers (agency_id);

CREATE TABLE item_holds (
    item_id INTEGER PRIMARY KEY REFERENCES items (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    user_name TEXT NOT NULL,
    since TEXT NOT NULL,
    until TEXT NOT NULL
);
