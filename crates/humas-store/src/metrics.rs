//! Audience and engagement snapshots.

use crate::audit::{append_audit, json};
use crate::db::{BeginWrite, Db, OrStoreErr, with_db};
use chrono::{DateTime, NaiveDate, Utc};
use humas_core::audit::AuditContext;
use humas_core::channel::Delivery;
use humas_core::ids::{AccountId, UserId};
use humas_core::metrics::{AccountMetric, MetricSource, PostMetric};
use humas_core::store::StoreResult;

const UPSERT_ACCOUNT: &str = "INSERT INTO account_metrics (account_id, day, followers, source, note, recorded_by, recorded_at) \
    VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (account_id, day) DO UPDATE SET \
    followers = excluded.followers, source = excluded.source, note = excluded.note, \
    recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at \
    WHERE account_metrics.source = 'platform' OR excluded.source = 'manual'";

pub async fn save_account_metric(db: &Db, m: &AccountMetric, audit: Option<&AuditContext>) -> StoreResult<()> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await.se()?;
        sqlx::query(UPSERT_ACCOUNT)
            .bind(m.account_id.0)
            .bind(m.day)
            .bind(m.followers)
            .bind(m.source.as_str())
            .bind(&m.note)
            .bind(m.recorded_by.map(|u| u.0))
            .bind(m.recorded_at)
            .execute(&mut *tx)
            .await
            .se()?;
        if let Some(audit) = audit {
            append_audit!(tx, audit, "account_metric", format!("{}:{}", m.account_id.0, m.day), None, None, Some(json(m)?));
        }
        tx.commit().await.se()?;
        Ok(())
    })
}

type AccountMetricRow = (i64, NaiveDate, i64, String, String, Option<i64>, DateTime<Utc>);

pub async fn account_metrics(
    db: &Db,
    account: AccountId,
    from: NaiveDate,
    to: NaiveDate,
) -> StoreResult<Vec<AccountMetric>> {
    with_db!(db, pool => {
        let rows: Vec<AccountMetricRow> = sqlx::query_as(
            "SELECT account_id, day, followers, source, note, recorded_by, recorded_at FROM account_metrics \
             WHERE account_id = $1 AND day >= $2 AND day <= $3 ORDER BY day",
        )
        .bind(account.0)
        .bind(from)
        .bind(to)
        .fetch_all(pool)
        .await
        .se()?;
        Ok(rows
            .into_iter()
            .map(|r| AccountMetric {
                account_id: AccountId(r.0),
                day: r.1,
                followers: r.2,
                source: MetricSource::parse(&r.3),
                note: r.4,
                recorded_by: r.5.map(UserId),
                recorded_at: r.6,
            })
            .collect())
    })
}

pub async fn save_post_metric(db: &Db, m: &PostMetric) -> StoreResult<()> {
    with_db!(db, pool => {
        sqlx::query(
            "INSERT INTO post_metrics (delivery_id, day, shares, comments, likes, views, source, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (delivery_id, day) DO UPDATE SET \
             shares = excluded.shares, comments = excluded.comments, likes = excluded.likes, views = excluded.views, \
             source = excluded.source, recorded_at = excluded.recorded_at \
             WHERE post_metrics.source = 'platform' OR excluded.source = 'manual'",
        )
        .bind(m.delivery_id)
        .bind(m.day)
        .bind(m.shares)
        .bind(m.comments)
        .bind(m.likes)
        .bind(m.views)
        .bind(m.source.as_str())
        .bind(m.recorded_at)
        .execute(pool)
        .await
        .se()?;
        Ok(())
    })
}

type PostMetricRow = (i64, NaiveDate, Option<i64>, Option<i64>, Option<i64>, Option<i64>, String, DateTime<Utc>);

pub async fn post_metrics(db: &Db, delivery: i64) -> StoreResult<Vec<PostMetric>> {
    with_db!(db, pool => {
        let rows: Vec<PostMetricRow> = sqlx::query_as(
            "SELECT delivery_id, day, shares, comments, likes, views, source, recorded_at FROM post_metrics \
             WHERE delivery_id = $1 ORDER BY day",
        )
        .bind(delivery)
        .fetch_all(pool)
        .await
        .se()?;
        Ok(rows
            .into_iter()
            .map(|r| PostMetric {
                delivery_id: r.0,
                day: r.1,
                shares: r.2,
                comments: r.3,
                likes: r.4,
                views: r.5,
                source: MetricSource::parse(&r.6),
                recorded_at: r.7,
            })
            .collect())
    })
}

pub async fn delivered_posts(db: &Db, since: DateTime<Utc>) -> StoreResult<Vec<Delivery>> {
    crate::channels::deliveries_where(
        db,
        "status = 'delivered' AND outbound LIKE '{\"type\":\"post\"%' AND delivered_at >= $1",
        since,
    )
    .await
}
