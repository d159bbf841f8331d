//! Helpers for `humas bench`: the baseline every figure is compared with.

use crate::db::{BeginWrite, Db, OrStoreErr, with_db};
use chrono::{DateTime, Utc};
use humas_core::store::StoreResult;

/// A row as the baseline writes it: the same columns the ingest path fills.
pub struct RawRow {
    pub agency_id: i64,
    pub account_id: i64,
    pub remote_id: String,
    pub author_handle: String,
    pub text: String,
    pub at: DateTime<Utc>,
}

/// The baseline's B-tree indexes: those of `items` (migrations 0001–0013),
/// on the same columns. A test compares them with the live schema, so that an
/// index added to `items` is added here too and the ratio stays fair.
pub const BASELINE_INDEXES: [&str; 7] = [
    "CREATE UNIQUE INDEX bench_raw_remote ON bench_raw (account_id, remote_id)",
    "CREATE UNIQUE INDEX bench_raw_tracking ON bench_raw (tracking_code)",
    "CREATE INDEX bench_raw_agency_due ON bench_raw (agency_id, status, due_at)",
    "CREATE INDEX bench_raw_received ON bench_raw (received_at)",
    "CREATE INDEX bench_raw_open_due ON bench_raw (status, due_at)",
    "CREATE INDEX bench_raw_review ON bench_raw (agency_id, needs_review)",
    "CREATE INDEX bench_raw_agency_received ON bench_raw \
     (agency_id, received_at, kind, sentiment, district, first_response_at, due_at)",
];

/// Creates the baseline table: the columns the ingest fills and the same
/// B-tree indexes as `items`, but no search index, no events, no analysis.
pub async fn prepare(db: &Db) -> StoreResult<()> {
    with_db!(db, pool => {
        sqlx::query("DROP TABLE IF EXISTS bench_raw").execute(pool).await.se()?;
        sqlx::query(
            "CREATE TABLE bench_raw (agency_id BIGINT NOT NULL, account_id BIGINT, source TEXT NOT NULL, platform TEXT NOT NULL, \
             remote_id TEXT, thread_id TEXT, author_handle TEXT NOT NULL, text TEXT NOT NULL, written_at TEXT NOT NULL, \
             received_at TEXT NOT NULL, kind TEXT NOT NULL, sentiment TEXT NOT NULL, district TEXT, status TEXT NOT NULL, \
             due_at TEXT, tracking_code TEXT, updated_at TEXT NOT NULL, needs_review BOOLEAN NOT NULL, \
             first_response_at TEXT, confidence REAL NOT NULL)",
        )
        .execute(pool)
        .await
        .se()?;
        for index in BASELINE_INDEXES {
            sqlx::query(index).execute(pool).await.se()?;
        }
        Ok(())
    })
}

/// The baseline: the same rows in multi-row INSERTs, one transaction per batch.
pub async fn raw_insert(db: &Db, rows: &[RawRow]) -> StoreResult<()> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await.se()?;
        for chunk in rows.chunks(500) {
            let mut q = sqlx::QueryBuilder::new(
                "INSERT INTO bench_raw (agency_id, account_id, source, platform, remote_id, thread_id, author_handle, text, \
                 written_at, received_at, kind, sentiment, district, status, due_at, tracking_code, updated_at, needs_review, \
                 first_response_at, confidence) ",
            );
            q.push_values(chunk, |mut b, r| {
                let at = r.at.to_rfc3339();
                b.push_bind(r.agency_id)
                    .push_bind(r.account_id)
                    .push_bind("channel")
                    .push_bind("facebook")
                    .push_bind(r.remote_id.clone())
                    .push_bind(None::<String>)
                    .push_bind(r.author_handle.clone())
                    .push_bind(r.text.clone())
                    .push_bind(at.clone())
                    .push_bind(at.clone())
                    .push_bind("comment")
                    .push_bind("neutral")
                    .push_bind(None::<String>)
                    .push_bind("new")
                    .push_bind(at.clone())
                    .push_bind(None::<String>)
                    .push_bind(at)
                    .push_bind(false)
                    .push_bind(None::<String>)
                    .push_bind(1.0f64);
            });
            q.build().execute(&mut *tx).await.se()?;
        }
        tx.commit().await.se()
    })
}

/// Closes most of the generated items the way a year of work would leave
/// them (about 97 % answered), so the open set is realistically small.
pub async fn age_items(db: &Db) -> StoreResult<()> {
    with_db!(db, pool => {
        sqlx::query("UPDATE items SET status = 'answered', due_at = NULL WHERE id % 30 <> 0").execute(pool).await.se()?;
        Ok(())
    })
}

/// First responses for the answered items (1–24 hours after receipt), so
/// that the report's responsiveness has something to compute.
pub async fn respond_items(db: &Db) -> StoreResult<()> {
    match db {
        Db::Sqlite(pool) => {
            sqlx::query(
                "UPDATE items SET first_response_at = strftime('%Y-%m-%dT%H:%M:%S+00:00', received_at, \
                 '+' || (1 + id % 24) || ' hours') WHERE status = 'answered'",
            )
            .execute(pool)
            .await
            .se()?;
        }
        Db::Pg(pool) => {
            sqlx::query(
                "UPDATE items SET first_response_at = received_at + (1 + id % 24) * interval '1 hour' \
                 WHERE status = 'answered'",
            )
            .execute(pool)
            .await
            .se()?;
        }
    }
    Ok(())
}

/// The baseline of the report benchmark: one plain pass reading the columns
/// a report needs of one agency's items in a period, grouped nowhere.
pub async fn scan_items(db: &Db, agency: i64, from: DateTime<Utc>, to: DateTime<Utc>) -> StoreResult<usize> {
    with_db!(db, pool => {
        type Row = (String, String, Option<String>, DateTime<Utc>, Option<DateTime<Utc>>);
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT kind, sentiment, district, received_at, first_response_at FROM items \
             WHERE agency_id = $1 AND received_at >= $2 AND received_at < $3",
        )
        .bind(agency)
        .bind(from)
        .bind(to)
        .fetch_all(pool)
        .await
        .se()?;
        Ok(rows.len())
    })
}

/// Row counts of the two tables, to check both runs stored everything.
pub async fn counts(db: &Db) -> StoreResult<(i64, i64)> {
    with_db!(db, pool => {
        let (a,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM items").fetch_one(pool).await.se()?;
        let (b,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM bench_raw").fetch_one(pool).await.se()?;
        Ok((a, b))
    })
}
