-- Full-text search over citizens' items. The application stores a stemmed
-- form of each text (humas-text, Snowball Indonesian) in `search_terms`;
-- each engine indexes that column its own way. FTS5 keeps no positions
-- (detail = none): queries are words and prefixes, never phrases.
-- Mirrored in ../postgres/0005_search.sql.

ALTER TABLE items ADD COLUMN search_terms TEXT NOT NULL DEFAULT '';

-- engine-specific
CREATE VIRTUAL TABLE items_fts USING fts5(search_terms, content = 'items', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2', detail = 'none');
CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN
    INSERT INTO items_fts (rowid, search_terms) VALUES (new.id, new.search_terms);
END;
CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN
    INSERT INTO items_fts (items_fts, rowid, search_terms) VALUES ('delete', old.id, old.search_terms);
END;
CREATE TRIGGER items_fts_update AFTER UPDATE OF search_terms ON items BEGIN
    INSERT INTO items_fts (items_fts, rowid, search_terms) VALUES ('delete', old.id, old.search_terms);
    INSERT INTO items_fts (rowid, search_terms) VALUES (new.id, new.search_terms);
END;
