-- Items the classifier was unsure of ("perlu ditinjau"), with its confidence in
-- the proposed agency, and officers' corrections kept as training examples.
-- Mirrored in ../postgres/0010_review.sql.

ALTER TABLE items ADD COLUMN needs_review BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE items ADD COLUMN confidence REAL NOT NULL DEFAULT 1;
CREATE INDEX items_review_idx ON items (agency_id, needs_review);

CREATE TABLE training_examples (
    id INTEGER PRIMARY KEY,
    item_id INTEGER REFERENCES items (id),
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    sentiment TEXT NOT NULL,
    agency_code TEXT NOT NULL,
    created_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL
);
