//! The hash-chained audit log. Rows are appended inside the transaction of
//! the change they describe; `audit_head` holds the last sequence number and
//! hash, and updating it first serialises appenders on both engines.

use crate::db::{Db, OrStoreErr, with_db};
use humas_core::audit::{AuditContext, AuditEntry, AuditFilter};
use humas_core::error::StoreError;
use humas_core::ids::{AgencyId, UserId};
use humas_core::store::StoreResult;
use serde::Serialize;

/// Builds the row for a change; `before`/`after` are the stored states as JSON.
#[allow(clippy::too_many_arguments)]
pub(crate) fn entry(
    ctx: &AuditContext,
    seq: i64,
    prev_hash: String,
    entity: &str,
    entity_id: String,
    agency_id: Option<AgencyId>,
    before: Option<String>,
    after: Option<String>,
) -> StoreResult<AuditEntry> {
    let mut e = AuditEntry {
        seq,
        at: ctx.at,
        actor_id: ctx.actor_id,
        actor_name: ctx.actor_name.clone(),
        action: ctx.action.to_string(),
        entity: entity.to_string(),
        entity_id,
        agency_id,
        before,
        after,
        prev_hash,
        hash: String::new(),
    };
    e.hash = e.compute_hash();
    Ok(e)
}

/// The JSON of a stored state, for the audit log.
pub(crate) fn json<T: Serialize>(v: &T) -> StoreResult<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Other(Box::new(e)))
}

/// Appends one audit row inside the open transaction `$tx`.
macro_rules! append_audit {
    ($tx:expr, $ctx:expr, $entity:expr, $entity_id:expr, $agency:expr, $before:expr, $after:expr) => {{
        let (seq, prev): (i64, String) =
            sqlx::query_as("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
                .fetch_one(&mut *$tx)
                .await
                .se()?;
        let e = $crate::audit::entry($ctx, seq, prev, $entity, $entity_id.to_string(), $agency, $before, $after)?;
        sqlx::query(
            "INSERT INTO audit_log (seq, at, actor_id, actor_name, action, entity, entity_id, agency_id, \
             before_json, after_json, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(e.seq)
        .bind(e.at)
        .bind(e.actor_id.map(|u| u.0))
        .bind(&e.actor_name)
        .bind(&e.action)
        .bind(&e.entity)
        .bind(&e.entity_id)
        .bind(e.agency_id.map(|a| a.0))
        .bind(&e.before)
        .bind(&e.after)
        .bind(&e.prev_hash)
        .bind(&e.hash)
        .execute(&mut *$tx)
        .await
        .se()?;
        sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1").bind(&e.hash).execute(&mut *$tx).await.se()?;
    }};
}
pub(crate) use append_audit;

type Row = (
    i64,
    chrono::DateTime<chrono::Utc>,
    Option<i64>,
    String,
    String,
    String,
    String,
    Option<i64>,
    Option<String>,
    Option<String>,
    String,
    String,
);

const COLUMNS: &str =
    "seq, at, actor_id, actor_name, action, entity, entity_id, agency_id, before_json, after_json, prev_hash, hash";

fn from_row(r: Row) -> AuditEntry {
    AuditEntry {
        seq: r.0,
        at: r.1,
        actor_id: r.2.map(UserId),
        actor_name: r.3,
        action: r.4,
        entity: r.5,
        entity_id: r.6,
        agency_id: r.7.map(AgencyId),
        before: r.8,
        after: r.9,
        prev_hash: r.10,
        hash: r.11,
    }
}

pub async fn entries(db: &Db, f: &AuditFilter) -> StoreResult<Vec<AuditEntry>> {
    let limit = f.limit.unwrap_or(50).clamp(1, 500);
    with_db!(db, pool => {
        let mut q = sqlx::QueryBuilder::new(format!("SELECT {COLUMNS} FROM audit_log WHERE 1=1"));
        if let Some(e) = f.entity.as_deref().filter(|s| !s.is_empty()) {
            q.push(" AND entity = ").push_bind(e.to_string());
        }
        if let Some(a) = f.action.as_deref().filter(|s| !s.is_empty()) {
            q.push(" AND action LIKE ").push_bind(format!("{}%", a.replace(['%', '_'], "")));
        }
        if let Some(a) = f.actor.as_deref().filter(|s| !s.is_empty()) {
            q.push(" AND actor_name = ").push_bind(a.to_string());
        }
        if let Some(a) = f.agency_id {
            q.push(" AND agency_id = ").push_bind(a);
        }
        if let Some(b) = f.before_seq {
            q.push(" AND seq < ").push_bind(b);
        }
        q.push(" ORDER BY seq DESC LIMIT ").push_bind(limit);
        let rows: Vec<Row> = q.build_query_as().fetch_all(pool).await.se()?;
        Ok(rows.into_iter().map(from_row).collect())
    })
}

pub async fn after(db: &Db, after: i64, limit: i64) -> StoreResult<Vec<AuditEntry>> {
    const SQL: &str = "SELECT seq, at, actor_id, actor_name, action, entity, entity_id, agency_id, before_json, \
                       after_json, prev_hash, hash FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2";
    with_db!(db, pool => {
        let rows: Vec<Row> = sqlx::query_as(SQL).bind(after).bind(limit).fetch_all(pool).await.se()?;
        Ok(rows.into_iter().map(from_row).collect())
    })
}

pub async fn head(db: &Db) -> StoreResult<(i64, String)> {
    with_db!(db, pool => {
        sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(pool).await.se()
    })
}

/// For the conformance suite: change a stored row behind the log's back.
#[doc(hidden)]
pub async fn tamper(db: &Db, seq: i64, after_json: Option<&str>) -> Result<(), StoreError> {
    with_db!(db, pool => {
        match after_json {
            Some(j) => sqlx::query("UPDATE audit_log SET after_json = $1 WHERE seq = $2").bind(j).bind(seq).execute(pool).await.se()?,
            None => sqlx::query("DELETE FROM audit_log WHERE seq = $1").bind(seq).execute(pool).await.se()?,
        };
        Ok(())
    })
}
