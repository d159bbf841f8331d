-- Publishing (Pasal 8, 9a, 9e, 11, 13-14, Lampiran A): messages, their target
-- accounts and citizens' items they follow up, the Dinas's campaigns, the
-- per-platform rules and the word lists the checks use (both data, editable).
-- Mirrored in ../postgres/0008_publishing.sql.

CREATE TABLE campaigns (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    hashtag TEXT NOT NULL,
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);

CREATE TABLE posts (
    id INTEGER PRIMARY KEY,
    agency_id INTEGER NOT NULL REFERENCES agencies (id),
    campaign_id INTEGER REFERENCES campaigns (id),
    title TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL,
    hashtag TEXT NOT NULL DEFAULT '',
    category TEXT,
    audience TEXT NOT NULL DEFAULT '',
    link TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    scheduled_at TEXT,
    created_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_by INTEGER REFERENCES users (id),
    updated_at TEXT NOT NULL,
    submitted_by INTEGER REFERENCES users (id),
    decided_by INTEGER REFERENCES users (id),
    decided_at TEXT,
    decision_note TEXT NOT NULL DEFAULT '',
    override_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX posts_agency_idx ON posts (agency_id, status);
CREATE INDEX posts_schedule_idx ON posts (scheduled_at);

CREATE TABLE post_targets (
    post_id INTEGER NOT NULL REFERENCES posts (id),
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    variant TEXT NOT NULL DEFAULT '',
    CONSTRAINT post_targets_key PRIMARY KEY (post_id, account_id)
);

CREATE TABLE post_items (
    post_id INTEGER NOT NULL REFERENCES posts (id),
    item_id INTEGER NOT NULL REFERENCES items (id),
    CONSTRAINT post_items_key PRIMARY KEY (post_id, item_id)
);

CREATE TABLE platform_rules (
    platform TEXT PRIMARY KEY,
    max_chars INTEGER,
    link_chars INTEGER,
    max_hashtags INTEGER,
    title_max INTEGER,
    note TEXT NOT NULL DEFAULT ''
);

CREATE TABLE word_lists (
    kind TEXT NOT NULL,
    word TEXT NOT NULL,
    CONSTRAINT word_lists_key PRIMARY KEY (kind, word)
);

ALTER TABLE deliveries ADD COLUMN post_id INTEGER REFERENCES posts (id);
CREATE INDEX deliveries_post_idx ON deliveries (post_id);

INSERT INTO platform_rules (platform, max_chars, link_chars, max_hashtags, title_max, note) VALUES
    ('x', 280, 23, NULL, NULL, 'X: 280 karakter, tautan dihitung 23'),
    ('mastodon', 500, 23, NULL, NULL, 'Mastodon: 500 karakter, tautan dihitung 23'),
    ('instagram', 2200, NULL, 30, NULL, 'Instagram: keterangan 2.200 karakter, 30 tagar'),
    ('facebook', 63206, NULL, NULL, NULL, 'Facebook: 63.206 karakter'),
    ('youtube', 5000, NULL, 15, 100, 'YouTube: judul 100, deskripsi 5.000 karakter'),
    ('tiktok', 2200, NULL, NULL, NULL, 'TikTok: keterangan 2.200 karakter'),
    ('wordpress', NULL, NULL, NULL, 200, 'Blog: judul 200 karakter'),
    ('mediawiki', NULL, NULL, NULL, 255, 'Wiki: judul halaman 255 karakter'),
    ('forum', NULL, NULL, NULL, 90, 'Forum: judul utas 90 karakter'),
    ('other', NULL, NULL, NULL, NULL, '');

INSERT INTO word_lists (kind, word) VALUES
    ('abusive', 'anjing'),
    ('abusive', 'bangsat'),
    ('abusive', 'bajingan'),
    ('abusive', 'brengsek'),
    ('abusive', 'goblok'),
    ('abusive', 'tolol'),
    ('abusive', 'kampret'),
    ('abusive', 'keparat'),
    ('abusive', 'babi'),
    ('abusive', 'sialan'),
    ('sara', 'kafir'),
    ('sara', 'aseng'),
    ('sara', 'antek asing'),
    ('sara', 'pribumi asli'),
    ('sara', 'cina babi'),
    ('partisan', 'coblos'),
    ('partisan', 'nomor urut'),
    ('partisan', 'paslon'),
    ('partisan', 'pasangan calon'),
    ('partisan', 'kampanye'),
    ('partisan', 'partai'),
    ('partisan', 'capres'),
    ('partisan', 'cawapres'),
    ('partisan', 'caleg'),
    ('partisan', 'dukung calon'),
    ('partisan', 'pilih nomor'),
    ('classified', 'rahasia'),
    ('classified', 'sangat rahasia'),
    ('classified', 'terbatas'),
    ('classified', 'konfidensial'),
    ('classified', 'tidak untuk disebarluaskan');
