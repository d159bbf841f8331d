-- Items the classifier was unsure of ("perlu ditinjau"), with its confidence in
-- the proposed agency, and officers' corrections kept as training examples.
-- Mirrored in ../sqlite/0010_review.sql.

ALTER TABLE items ADD COLUMN needs_review BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE items ADD COLUMN confidence DOUBLE PRECISION NOT NULL DEFAULT 1;
CREATE INDEX items_review_idx ON items (agency_id, needs_review);

CREATE TABLE training_examples (
    id BIGSERIAL PRIMARY KEY,
    item_id BIGINT REFERENCES items (id),
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    sentiment TEXT NOT NULL,
    agency_code TEXT NOT NULL,
    created_by BIGINT REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL
);
