//! Helpers for `humas bench`: the baseline every figure is compared with.

use crate::db::{BeginWrite, Db, OrStoreErr, with_db};
use chrono::{DateTime, Utc};
use humas_core::store::StoreResult;

/// A row as the baseline writes it: the same columns the ingest path fills.
pub struct RawRow {
    pub agency_id: i64,
    pub account_id: i64,
    pub remote_id: String,
    pub text: String,
    pub at: DateTime<Utc>,
}

/// Creates the baseline table: the columns the ingest fills and the same
/// B-tree indexes as `items`, but no search index, no events, no analysis.
pub async fn prepare(db: &Db) -> StoreResult<()> {
    with_db!(db, pool => {
        sqlx::query("DROP TABLE IF EXISTS bench_raw").execute(pool).await.se()?;
        sqlx::query(
            "CREATE TABLE bench_raw (agency_id BIGINT NOT NULL, account_id BIGINT, source TEXT NOT NULL, platform TEXT NOT NULL, \
             remote_id TEXT, text TEXT NOT NULL, written_at TEXT NOT NULL, received_at TEXT NOT NULL, kind TEXT NOT NULL, \
             sentiment TEXT NOT NULL, status TEXT NOT NULL)",
        )
        .execute(pool)
        .await
        .se()?;
        for index in [
            "CREATE UNIQUE INDEX bench_raw_remote ON bench_raw (account_id, remote_id)",
            "CREATE INDEX bench_raw_agency ON bench_raw (agency_id, status)",
            "CREATE INDEX bench_raw_received ON bench_raw (received_at)",
        ] {
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
                "INSERT INTO bench_raw (agency_id, account_id, source, platform, remote_id, text, written_at, received_at, kind, sentiment, status) ",
            );
            q.push_values(chunk, |mut b, r| {
                let at = r.at.to_rfc3339();
                b.push_bind(r.agency_id)
                    .push_bind(r.account_id)
                    .push_bind("channel")
                    .push_bind("facebook")
                    .push_bind(r.remote_id.clone())
                    .push_bind(r.text.clone())
                    .push_bind(at.clone())
                    .push_bind(at)
                    .push_bind("comment")
                    .push_bind("neutral")
                    .push_bind("new");
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
