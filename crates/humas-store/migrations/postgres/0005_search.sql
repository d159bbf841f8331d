-- Full-text search over citizens' items. The application stores a stemmed
-- form of each text (humas-text, Snowball Indonesian) in `search_terms`;
-- each engine indexes that column its own way.
-- Mirrored in ../sqlite/0005_search.sql.

ALTER TABLE items ADD COLUMN search_terms TEXT NOT NULL DEFAULT '';

-- engine-specific
CREATE INDEX items_search_idx ON items USING GIN (to_tsvector('simple', search_terms));
