//! The job queue and notifications. Claiming is the one query that differs
//! by engine: PostgreSQL skips rows another process has locked.

use crate::db::{BeginWrite, Db, OrStoreErr, with_db};
use chrono::{DateTime, Utc};
use humas_core::ids::UserId;
use humas_core::jobs::{Job, JobOutcome, Notification};
use humas_core::store::StoreResult;

pub async fn enqueue(
    db: &Db,
    kind: &str,
    payload: &str,
    unique_key: Option<&str>,
    run_at: DateTime<Utc>,
) -> StoreResult<bool> {
    with_db!(db, pool => {
        let r = sqlx::query(
            "INSERT INTO jobs (kind, payload, unique_key, run_at, status, created_at) VALUES ($1, $2, $3, $4, 'queued', $4) \
             ON CONFLICT (unique_key) DO NOTHING",
        )
        .bind(kind)
        .bind(payload)
        .bind(unique_key)
        .bind(run_at)
        .execute(pool)
        .await
        .se()?;
        Ok(r.rows_affected() == 1)
    })
}

const CLAIM_SQLITE: &str = "UPDATE jobs SET status = 'running', locked_at = $1, attempts = attempts + 1 \
    WHERE id = (SELECT id FROM jobs WHERE (status = 'queued' AND run_at <= $1) OR (status = 'running' AND locked_at < $2) \
    ORDER BY run_at, id LIMIT 1) AND (status = 'queued' OR (status = 'running' AND locked_at < $2)) \
    RETURNING id, kind, payload, attempts";

const CLAIM_POSTGRES: &str = "UPDATE jobs SET status = 'running', locked_at = $1, attempts = attempts + 1 \
    WHERE id = (SELECT id FROM jobs WHERE (status = 'queued' AND run_at <= $1) OR (status = 'running' AND locked_at < $2) \
    ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED) \
    RETURNING id, kind, payload, attempts";

pub async fn claim(db: &Db, now: DateTime<Utc>, stale_before: DateTime<Utc>) -> StoreResult<Option<Job>> {
    type Row = (i64, String, String, i32);
    let row: Option<Row> = match db {
        Db::Sqlite(p) => sqlx::query_as(CLAIM_SQLITE).bind(now).bind(stale_before).fetch_optional(p).await.se()?,
        Db::Pg(p) => sqlx::query_as(CLAIM_POSTGRES).bind(now).bind(stale_before).fetch_optional(p).await.se()?,
    };
    Ok(row.map(|r| Job { id: r.0, kind: r.1, payload: r.2, attempts: r.3 }))
}

pub async fn finish(db: &Db, id: i64, outcome: &JobOutcome) -> StoreResult<()> {
    with_db!(db, pool => {
        // A finished job gives up its unique key, so the next one of its kind can be queued.
        match outcome {
            JobOutcome::Done => sqlx::query("UPDATE jobs SET status = 'done', unique_key = NULL, locked_at = NULL WHERE id = $1")
                .bind(id)
                .execute(pool)
                .await
                .se()?,
            JobOutcome::Retry { at, error } => sqlx::query("UPDATE jobs SET status = 'queued', run_at = $2, last_error = $3, locked_at = NULL WHERE id = $1")
                .bind(id)
                .bind(at)
                .bind(error)
                .execute(pool)
                .await
                .se()?,
            JobOutcome::Failed { error } => sqlx::query("UPDATE jobs SET status = 'failed', unique_key = NULL, last_error = $2, locked_at = NULL WHERE id = $1")
                .bind(id)
                .bind(error)
                .execute(pool)
                .await
                .se()?,
        };
        Ok(())
    })
}

pub async fn notify(
    db: &Db,
    users: &[UserId],
    kind: &str,
    text: &str,
    link: &str,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    if users.is_empty() {
        return Ok(());
    }
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await.se()?;
        for u in users {
            sqlx::query("INSERT INTO notifications (user_id, at, kind, text, link) VALUES ($1, $2, $3, $4, $5)")
                .bind(u.0)
                .bind(at)
                .bind(kind)
                .bind(text)
                .bind(link)
                .execute(&mut *tx)
                .await
                .se()?;
        }
        tx.commit().await.se()
    })
}

pub async fn notifications(db: &Db, user: UserId, limit: i64) -> StoreResult<Vec<Notification>> {
    type Row = (i64, i64, DateTime<Utc>, String, String, String, Option<DateTime<Utc>>);
    with_db!(db, pool => {
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT id, user_id, at, kind, text, link, read_at FROM notifications WHERE user_id = $1 ORDER BY id DESC LIMIT $2",
        )
        .bind(user.0)
        .bind(limit)
        .fetch_all(pool)
        .await
        .se()?;
        Ok(rows
            .into_iter()
            .map(|r| Notification { id: r.0, user_id: UserId(r.1), at: r.2, kind: r.3, text: r.4, link: r.5, read_at: r.6 })
            .collect())
    })
}

pub async fn unread(db: &Db, user: UserId) -> StoreResult<i64> {
    with_db!(db, pool => {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL")
            .bind(user.0)
            .fetch_one(pool)
            .await
            .se()?;
        Ok(n)
    })
}

pub async fn mark_read(db: &Db, user: UserId, at: DateTime<Utc>) -> StoreResult<()> {
    with_db!(db, pool => {
        sqlx::query("UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL")
            .bind(user.0)
            .bind(at)
            .execute(pool)
            .await
            .se()?;
        Ok(())
    })
}

pub async fn optimize(db: &Db) -> StoreResult<()> {
    match db {
        Db::Sqlite(pool) => {
            // Bounded work: statistics from a sample, and only where they are stale.
            sqlx::query("PRAGMA analysis_limit = 1000").execute(pool).await.se()?;
            sqlx::query("PRAGMA optimize = 0x10002").execute(pool).await.se()?;
        }
        Db::Pg(pool) => {
            // Autovacuum analyses eventually; after a day of bulk changes (an
            // import, closing a year) the planner should not wait for it. ANALYZE
            // reads a fixed sample per table (30,000 rows), so the cost is bounded.
            sqlx::query("ANALYZE").execute(pool).await.se()?;
        }
    }
    Ok(())
}
