//! Platform connections of accounts, their polling state, and deliveries.

use crate::audit::{append_audit, json};
use crate::db::{BeginWrite, Db, OrStoreErr, with_db};
use chrono::{DateTime, Utc};
use humas_core::audit::AuditContext;
use humas_core::channel::{
    ChannelErrorKind, ChannelSetup, ChannelState, Delivery, DeliveryChange, DeliveryStatus, Outbound, SyncRecord,
};
use humas_core::error::StoreError;
use humas_core::ids::{AccountId, AgencyId};
use humas_core::store::StoreResult;

const CHANNEL_COLS: &str = "SELECT account_id, endpoint, username, target, secret_sealed, poll_minutes, enabled, \
    remote_id, remote_name, cursor, last_attempt_at, last_success_at, last_error_kind, last_error, failures, \
    paused_until, items_total, last_items, updated_at FROM account_channels";

/// More columns than sqlx decodes as a tuple: read by position.
macro_rules! channel_from_row {
    ($r:expr) => {{
        use sqlx::Row;
        let r = $r;
        (|| -> Result<ChannelState, sqlx::Error> {
            Ok(ChannelState {
                account_id: AccountId(r.try_get(0)?),
                endpoint: r.try_get(1)?,
                username: r.try_get(2)?,
                target: r.try_get(3)?,
                secret_sealed: r.try_get(4)?,
                poll_minutes: r.try_get(5)?,
                enabled: r.try_get(6)?,
                remote_id: r.try_get(7)?,
                remote_name: r.try_get(8)?,
                cursor: r.try_get(9)?,
                last_attempt_at: r.try_get(10)?,
                last_success_at: r.try_get(11)?,
                last_error_kind: r.try_get::<Option<String>, _>(12)?.as_deref().and_then(ChannelErrorKind::parse),
                last_error: r.try_get(13)?,
                failures: r.try_get(14)?,
                paused_until: r.try_get(15)?,
                items_total: r.try_get(16)?,
                last_items: r.try_get(17)?,
                updated_at: r.try_get(18)?,
            })
        })()
        .se()
    }};
}

/// What the audit log keeps of a connection: never the secret.
fn audit_view(s: &ChannelSetup) -> serde_json::Value {
    serde_json::json!({
        "account_id": s.account_id.0, "endpoint": s.endpoint, "username": s.username,
        "target": s.target, "poll_minutes": s.poll_minutes, "enabled": s.enabled, "secret": "<sealed>",
    })
}

pub async fn save_channel(
    db: &Db,
    s: &ChannelSetup,
    agency: AgencyId,
    audit: &AuditContext,
) -> StoreResult<ChannelState> {
    let after = json(&audit_view(s))?;
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await.se()?;
        // A new address or login starts reading afresh; a changed secret or
        // interval keeps the cursor. Saving closes an open breaker.
        sqlx::query(
            "INSERT INTO account_channels (account_id, endpoint, username, target, secret_sealed, poll_minutes, enabled, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (account_id) DO UPDATE SET \
             cursor = CASE WHEN account_channels.endpoint = excluded.endpoint AND account_channels.username = excluded.username \
                      AND account_channels.target = excluded.target THEN account_channels.cursor ELSE '' END, \
             endpoint = excluded.endpoint, username = excluded.username, target = excluded.target, \
             secret_sealed = excluded.secret_sealed, poll_minutes = excluded.poll_minutes, enabled = excluded.enabled, \
             failures = 0, paused_until = NULL, updated_at = excluded.updated_at",
        )
        .bind(s.account_id.0)
        .bind(&s.endpoint)
        .bind(&s.username)
        .bind(&s.target)
        .bind(&s.secret_sealed)
        .bind(s.poll_minutes)
        .bind(s.enabled)
        .bind(audit.at)
        .execute(&mut *tx)
        .await
        .se()?;
        append_audit!(tx, audit, "account_channel", s.account_id, Some(agency), None, Some(after));
        let row = sqlx::query(crate::registry::sql_with(CHANNEL_COLS, " WHERE account_id = $1"))
            .bind(s.account_id.0)
            .fetch_one(&mut *tx)
            .await
            .se()?;
        let state = channel_from_row!(row)?;
        tx.commit().await.se()?;
        Ok(state)
    })
}

pub async fn delete_channel(db: &Db, account: AccountId, agency: AgencyId, audit: &AuditContext) -> StoreResult<()> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await.se()?;
        let r = sqlx::query("DELETE FROM account_channels WHERE account_id = $1").bind(account.0).execute(&mut *tx).await.se()?;
        if r.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        append_audit!(tx, audit, "account_channel", account, Some(agency), None, None);
        tx.commit().await.se()?;
        Ok(())
    })
}

pub async fn channel(db: &Db, account: AccountId) -> StoreResult<Option<ChannelState>> {
    with_db!(db, pool => {
        let r = sqlx::query(crate::registry::sql_with(CHANNEL_COLS, " WHERE account_id = $1"))
            .bind(account.0)
            .fetch_optional(pool)
            .await
            .se()?;
        r.map(|r| channel_from_row!(r)).transpose()
    })
}

pub async fn channels(db: &Db) -> StoreResult<Vec<ChannelState>> {
    with_db!(db, pool => {
        let rows = sqlx::query(crate::registry::sql_with(CHANNEL_COLS, " ORDER BY account_id"))
            .fetch_all(pool)
            .await
            .se()?;
        rows.into_iter().map(|r| channel_from_row!(r)).collect()
    })
}

pub async fn record_sync(db: &Db, account: AccountId, r: &SyncRecord) -> StoreResult<()> {
    let (remote_id, remote_name) = r.remote.as_ref().map(|a| (a.id.clone(), a.name.clone())).unzip();
    with_db!(db, pool => {
        match &r.outcome {
            Ok((cursor, items)) => sqlx::query(
                "UPDATE account_channels SET cursor = $2, last_attempt_at = $3, last_success_at = $3, \
                 last_error_kind = NULL, last_error = '', failures = 0, paused_until = NULL, \
                 items_total = items_total + $4, last_items = $4, \
                 remote_id = COALESCE($5, remote_id), remote_name = COALESCE($6, remote_name) WHERE account_id = $1",
            )
            .bind(account.0)
            .bind(cursor)
            .bind(r.at)
            .bind(*items)
            .bind(remote_id)
            .bind(remote_name)
            .execute(pool)
            .await
            .se()?,
            Err((kind, error)) => sqlx::query(
                "UPDATE account_channels SET last_attempt_at = $2, last_error_kind = $3, last_error = $4, \
                 failures = failures + 1, paused_until = $5 WHERE account_id = $1",
            )
            .bind(account.0)
            .bind(r.at)
            .bind(kind.as_str())
            .bind(error)
            .bind(r.paused_until)
            .execute(pool)
            .await
            .se()?,
        };
        Ok(())
    })
}

pub(crate) type DeliveryRow = (
    i64,
    i64,
    Option<i64>,
    String,
    String,
    String,
    String,
    i32,
    String,
    Option<DateTime<Utc>>,
    DateTime<Utc>,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
);

pub(crate) const DELIVERY_RETURNING: &str = "id, account_id, item_id, outbound, status, remote_id, remote_url, attempts, \
    last_error, next_attempt_at, created_at, updated_at, delivered_at";

pub(crate) fn delivery_from(r: DeliveryRow) -> StoreResult<Delivery> {
    let outbound: Outbound = serde_json::from_str(&r.3).map_err(|e| StoreError::Other(Box::new(e)))?;
    Ok(Delivery {
        id: r.0,
        account_id: AccountId(r.1),
        item_id: r.2,
        outbound,
        status: DeliveryStatus::parse(&r.4).unwrap_or(DeliveryStatus::Failed),
        remote_id: r.5,
        remote_url: r.6,
        attempts: r.7,
        last_error: r.8,
        next_attempt_at: r.9,
        created_at: r.10,
        updated_at: r.11,
        delivered_at: r.12,
    })
}

pub async fn create_delivery(
    db: &Db,
    account: AccountId,
    agency: AgencyId,
    item: Option<i64>,
    outbound: &Outbound,
    audit: &AuditContext,
) -> StoreResult<Delivery> {
    let payload = serde_json::to_string(outbound).map_err(|e| StoreError::Other(Box::new(e)))?;
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await.se()?;
        let row: DeliveryRow = sqlx::query_as(crate::registry::sql_with(
            "INSERT INTO deliveries (account_id, item_id, outbound, idem_key, status, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, 'queued', $5, $5) RETURNING ",
            DELIVERY_RETURNING,
        ))
        .bind(account.0)
        .bind(item)
        .bind(&payload)
        .bind(outbound.key())
        .bind(audit.at)
        .fetch_one(&mut *tx)
        .await
        .se()?;
        let d = delivery_from(row)?;
        append_audit!(tx, audit, "delivery", d.id, Some(agency), None, Some(json(&d)?));
        tx.commit().await.se()?;
        Ok(d)
    })
}

pub async fn delivery(db: &Db, id: i64) -> StoreResult<Option<Delivery>> {
    with_db!(db, pool => {
        let r: Option<DeliveryRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {DELIVERY_RETURNING} FROM deliveries WHERE id = $1")))
            .bind(id)
            .fetch_optional(pool)
            .await
            .se()?;
        r.map(delivery_from).transpose()
    })
}

/// Deliveries of one item (`item`) or the latest of one account.
pub async fn deliveries(
    db: &Db,
    account: Option<AccountId>,
    item: Option<i64>,
    limit: i64,
) -> StoreResult<Vec<Delivery>> {
    with_db!(db, pool => {
        let rows: Vec<DeliveryRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {DELIVERY_RETURNING} FROM deliveries WHERE ($1 IS NULL OR account_id = $1) \
             AND ($2 IS NULL OR item_id = $2) ORDER BY id DESC LIMIT $3"
        )))
        .bind(account.map(|a| a.0))
        .bind(item)
        .bind(limit)
        .fetch_all(pool)
        .await
        .se()?;
        rows.into_iter().map(delivery_from).collect()
    })
}

/// Compare-and-set on the status: `None` when the delivery is no longer in
/// one of `from` (another worker moved it).
pub async fn change_delivery(db: &Db, id: i64, c: &DeliveryChange) -> StoreResult<Option<Delivery>> {
    let from: Vec<&str> = c.from.iter().map(|s| s.as_str()).collect();
    let list = from.iter().enumerate().map(|(i, _)| format!("${}", i + 9)).collect::<Vec<_>>().join(", ");
    let sql = format!(
        "UPDATE deliveries SET status = $2, updated_at = $3, \
         remote_id = COALESCE($4, remote_id), remote_url = COALESCE($5, remote_url), \
         last_error = $6, next_attempt_at = $7, attempts = attempts + $8, \
         delivered_at = CASE WHEN $2 = 'delivered' THEN $3 ELSE delivered_at END \
         WHERE id = $1 AND status IN ({list}) RETURNING {DELIVERY_RETURNING}"
    );
    let (remote_id, remote_url) = c.remote.as_ref().map(|d| (d.remote_id.clone(), d.url.clone())).unzip();
    with_db!(db, pool => {
        let mut q = sqlx::query_as::<_, DeliveryRow>(sqlx::AssertSqlSafe(sql.clone()))
            .bind(id)
            .bind(c.to.as_str())
            .bind(c.at)
            .bind(remote_id)
            .bind(remote_url)
            .bind(&c.error)
            .bind(c.next_attempt_at)
            .bind(i32::from(c.attempt));
        for f in &from {
            q = q.bind(*f);
        }
        let r: Option<DeliveryRow> = q.fetch_optional(pool).await.se()?;
        r.map(delivery_from).transpose()
    })
}

/// Deliveries matching a fixed condition with one time parameter (`$1`).
pub(crate) async fn deliveries_where(
    db: &Db,
    condition: &'static str,
    at: DateTime<Utc>,
) -> StoreResult<Vec<Delivery>> {
    with_db!(db, pool => {
        let rows: Vec<DeliveryRow> =
            sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {DELIVERY_RETURNING} FROM deliveries WHERE {condition} ORDER BY id")))
                .bind(at)
                .fetch_all(pool)
                .await
                .se()?;
        rows.into_iter().map(delivery_from).collect()
    })
}
