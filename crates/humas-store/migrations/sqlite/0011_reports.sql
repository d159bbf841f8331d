-- Analysis and reporting (Pasal 9h–9j, 16, 17): hot issues noticed, the
-- recommendations register, annual reports with their submitted versions,
-- the yearly deadline, and the Dinas's evaluation. Mirrored in ../postgres.

CREATE TABLE hot_issues (
    id INTEGER PRIMARY KEY,
    theme_key TEXT NOT NULL,
    label TEXT NOT NULL,
    period_start TEXT NOT NULL,
    count INTEGER NOT NULL,
    previous INTEGER NOT NULL,
    noticed_at TEXT NOT NULL,
    CONSTRAINT hot_issues_key UNIQUE (theme_key, period_start)
);

CREATE TABLE recommendations (
    id INTEGER PRIMARY KEY,
    agency_id INTEGER NOT NULL REFERENCES agencies (id),
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    topic TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    status_note TEXT NOT NULL DEFAULT '',
    post_id INTEGER REFERENCES posts (id),
    due_on TEXT,
    created_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX recommendations_agency_idx ON recommendations (agency_id, created_at);

CREATE TABLE recommendation_items (
    recommendation_id INTEGER NOT NULL REFERENCES recommendations (id),
    item_id INTEGER NOT NULL REFERENCES items (id),
    PRIMARY KEY (recommendation_id, item_id)
);

CREATE TABLE reports (
    id INTEGER PRIMARY KEY,
    agency_id INTEGER NOT NULL REFERENCES agencies (id),
    year INTEGER NOT NULL,
    status TEXT NOT NULL,
    narratives TEXT NOT NULL DEFAULT '{}',
    version INTEGER NOT NULL DEFAULT 1,
    submitted_version INTEGER NOT NULL DEFAULT 0,
    submitted_at TEXT,
    submitted_by INTEGER REFERENCES users (id),
    received_at TEXT,
    read_at TEXT,
    updated_at TEXT NOT NULL,
    CONSTRAINT reports_key UNIQUE (agency_id, year)
);

CREATE TABLE report_versions (
    report_id INTEGER NOT NULL REFERENCES reports (id),
    number INTEGER NOT NULL,
    content TEXT NOT NULL,
    submitted_by INTEGER REFERENCES users (id),
    submitted_at TEXT NOT NULL,
    PRIMARY KEY (report_id, number)
);

CREATE TABLE report_deadlines (
    year INTEGER PRIMARY KEY,
    due_on TEXT NOT NULL
);

CREATE TABLE evaluation_weights (
    year INTEGER NOT NULL,
    code TEXT NOT NULL,
    weight REAL NOT NULL,
    PRIMARY KEY (year, code)
);

CREATE TABLE evaluation_adjustments (
    year INTEGER NOT NULL,
    agency_id INTEGER NOT NULL REFERENCES agencies (id),
    code TEXT NOT NULL,
    score REAL NOT NULL,
    note TEXT NOT NULL,
    adjusted_by INTEGER REFERENCES users (id),
    adjusted_at TEXT NOT NULL,
    PRIMARY KEY (year, agency_id, code)
);

CREATE TABLE evaluation_targets (
    year INTEGER NOT NULL,
    agency_id INTEGER NOT NULL REFERENCES agencies (id),
    code TEXT NOT NULL,
    target REAL NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (year, agency_id, code)
);
