-- Analysis and reporting (Pasal 9h–9j, 16, 17): hot issues noticed, the
-- recommendations register, annual reports with their submitted versions,
-- the yearly deadline, and the Dinas's evaluation. Mirror of ../sqlite.

CREATE TABLE hot_issues (
    id BIGSERIAL PRIMARY KEY,
    theme_key TEXT NOT NULL,
    label TEXT NOT NULL,
    period_start DATE NOT NULL,
    count BIGINT NOT NULL,
    previous BIGINT NOT NULL,
    noticed_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT hot_issues_key UNIQUE (theme_key, period_start)
);

CREATE TABLE recommendations (
    id BIGSERIAL PRIMARY KEY,
    agency_id BIGINT NOT NULL REFERENCES agencies (id),
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    topic TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    status_note TEXT NOT NULL DEFAULT '',
    post_id BIGINT REFERENCES posts (id),
    due_on DATE,
    created_by BIGINT REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX recommendations_agency_idx ON recommendations (agency_id, created_at);

CREATE TABLE recommendation_items (
    recommendation_id BIGINT NOT NULL REFERENCES recommendations (id),
    item_id BIGINT NOT NULL REFERENCES items (id),
    PRIMARY KEY (recommendation_id, item_id)
);

CREATE TABLE reports (
    id BIGSERIAL PRIMARY KEY,
    agency_id BIGINT NOT NULL REFERENCES agencies (id),
    year BIGINT NOT NULL,
    status TEXT NOT NULL,
    narratives TEXT NOT NULL DEFAULT '{}',
    version BIGINT NOT NULL DEFAULT 1,
    submitted_version BIGINT NOT NULL DEFAULT 0,
    submitted_at TIMESTAMPTZ,
    submitted_by BIGINT REFERENCES users (id),
    received_at TIMESTAMPTZ,
    read_at TIMESTAMPTZ,
    updated_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT reports_key UNIQUE (agency_id, year)
);

CREATE TABLE report_versions (
    report_id BIGINT NOT NULL REFERENCES reports (id),
    number BIGINT NOT NULL,
    content TEXT NOT NULL,
    submitted_by BIGINT REFERENCES users (id),
    submitted_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (report_id, number)
);

CREATE TABLE report_deadlines (
    year BIGINT PRIMARY KEY,
    due_on DATE NOT NULL
);

CREATE TABLE evaluation_weights (
    year BIGINT NOT NULL,
    code TEXT NOT NULL,
    weight DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (year, code)
);

CREATE TABLE evaluation_adjustments (
    year BIGINT NOT NULL,
    agency_id BIGINT NOT NULL REFERENCES agencies (id),
    code TEXT NOT NULL,
    score DOUBLE PRECISION NOT NULL,
    note TEXT NOT NULL,
    adjusted_by BIGINT REFERENCES users (id),
    adjusted_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (year, agency_id, code)
);

CREATE TABLE evaluation_targets (
    year BIGINT NOT NULL,
    agency_id BIGINT NOT NULL REFERENCES agencies (id),
    code TEXT NOT NULL,
    target DOUBLE PRECISION NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (year, agency_id, code)
);
