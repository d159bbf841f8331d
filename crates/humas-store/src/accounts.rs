//! Decrees and official accounts.

use crate::audit::{append_audit, json};
use crate::db::{BeginWrite, Db, OrStoreErr, with_db};
use crate::registry::sql_with;
use chrono::{DateTime, NaiveDate, Utc};
use humas_core::account::{Account, AccountKind, AccountStatus, Platform, ValidAccount};
use humas_core::audit::AuditContext;
use humas_core::decree::{Decree, DecreeFile, DecreeInput};
use humas_core::error::StoreError;
use humas_core::ids::{AccountId, AgencyId, DecreeId, UserId};
use humas_core::store::{AccountFilter, StoreResult};

type DecreeRow = (
    i64,
    i64,
    String,
    NaiveDate,
    String,
    String,
    NaiveDate,
    Option<NaiveDate>,
    String,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<String>,
    DateTime<Utc>,
);

const DECREE_COLS: &str = "SELECT id, agency_id, number, decree_date, signer, title, valid_from, valid_until, \
                           appointees, file_blob, file_type, file_size, file_name, created_at FROM decrees";

fn decree_from(r: DecreeRow) -> Decree {
    let file = match (r.9, r.10) {
        (Some(blob_key), Some(content_type)) => {
            Some(DecreeFile { blob_key, content_type, size: r.11.unwrap_or(0), name: r.12.unwrap_or_default() })
        }
        _ => None,
    };
    Decree {
        id: DecreeId(r.0),
        agency_id: AgencyId(r.1),
        number: r.2,
        decree_date: r.3,
        signer: r.4,
        title: r.5,
        valid_from: r.6,
        valid_until: r.7,
        appointees: serde_json::from_str(&r.8).unwrap_or_default(),
        file,
        created_at: r.13,
    }
}

pub async fn create_decree(
    db: &Db,
    d: &DecreeInput,
    file: Option<&DecreeFile>,
    audit: &AuditContext,
) -> StoreResult<Decree> {
    let appointees = json(&d.appointees)?;
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await.se()?;
        let row: DecreeRow = sqlx::query_as(
            "INSERT INTO decrees (agency_id, number, decree_date, signer, title, valid_from, valid_until, appointees, \
             file_blob, file_type, file_size, file_name, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
             RETURNING id, agency_id, number, decree_date, signer, title, valid_from, valid_until, appointees, \
             file_blob, file_type, file_size, file_name, created_at",
        )
        .bind(d.agency_id.0)
        .bind(&d.number)
        .bind(d.decree_date)
        .bind(&d.signer)
        .bind(&d.title)
        .bind(d.valid_from)
        .bind(d.valid_until)
        .bind(&appointees)
        .bind(file.map(|f| f.blob_key.clone()))
        .bind(file.map(|f| f.content_type.clone()))
        .bind(file.map(|f| f.size))
        .bind(file.map(|f| f.name.clone()))
        .bind(audit.at)
        .fetch_one(&mut *tx)
        .await
        .se()?;
        let decree = decree_from(row);
        append_audit!(tx, audit, "decree", decree.id, Some(decree.agency_id), None, Some(json(&decree)?));
        tx.commit().await.se()?;
        Ok(decree)
    })
}

pub async fn decree(db: &Db, id: DecreeId) -> StoreResult<Option<Decree>> {
    with_db!(db, pool => {
        let r: Option<DecreeRow> = sqlx::query_as(sql_with(DECREE_COLS, " WHERE id = $1")).bind(id.0).fetch_optional(pool).await.se()?;
        Ok(r.map(decree_from))
    })
}

pub async fn decrees(db: &Db, agency: Option<AgencyId>) -> StoreResult<Vec<Decree>> {
    with_db!(db, pool => {
        let rows: Vec<DecreeRow> = match agency {
            Some(a) => sqlx::query_as(sql_with(DECREE_COLS, " WHERE agency_id = $1 ORDER BY decree_date DESC, id DESC")).bind(a.0).fetch_all(pool).await.se()?,
            None => sqlx::query_as(sql_with(DECREE_COLS, " ORDER BY decree_date DESC, id DESC")).fetch_all(pool).await.se()?,
        };
        Ok(rows.into_iter().map(decree_from).collect())
    })
}

type AccountRow = (
    i64,
    i64,
    Option<i64>,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<i64>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    DateTime<Utc>,
    DateTime<Utc>,
);

const ACCOUNT_RETURNING: &str = "id, agency_id, decree_id, kind, platform, handle, url, display_name, audience, \
                                 status, status_note, verified_by, verified_at, last_activity_at, created_at, updated_at";
const ACCOUNT_COLS: &str = "SELECT id, agency_id, decree_id, kind, platform, handle, url, display_name, audience, \
                            status, status_note, verified_by, verified_at, last_activity_at, created_at, updated_at \
                            FROM accounts";

fn bad(e: humas_core::Error) -> StoreError {
    StoreError::Other(Box::new(e))
}

fn account_from(r: AccountRow) -> StoreResult<Account> {
    Ok(Account {
        id: AccountId(r.0),
        agency_id: AgencyId(r.1),
        decree_id: r.2.map(DecreeId),
        kind: AccountKind::parse(&r.3).map_err(bad)?,
        platform: Platform::parse(&r.4).map_err(bad)?,
        handle: r.5,
        url: r.6,
        display_name: r.7,
        audience: r.8,
        status: AccountStatus::parse(&r.9).map_err(bad)?,
        status_note: r.10,
        verified_by: r.11.map(UserId),
        verified_at: r.12,
        last_activity_at: r.13,
        created_at: r.14,
        updated_at: r.15,
    })
}

pub async fn create_account(db: &Db, a: &ValidAccount, audit: &AuditContext) -> StoreResult<Account> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await.se()?;
        let row: AccountRow = sqlx::query_as(sql_with(
            "INSERT INTO accounts (agency_id, decree_id, kind, platform, handle, handle_norm, url, url_norm, \
             display_name, audience, status, status_note, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'draft', '', $11, $11) RETURNING ",
            ACCOUNT_RETURNING,
        ))
        .bind(a.agency_id.0)
        .bind(a.decree_id.map(|d| d.0))
        .bind(a.kind.as_str())
        .bind(a.platform.as_str())
        .bind(&a.handle)
        .bind(&a.handle_norm)
        .bind(&a.url)
        .bind(&a.url_norm)
        .bind(&a.display_name)
        .bind(&a.audience)
        .bind(audit.at)
        .fetch_one(&mut *tx)
        .await
        .se()?;
        let account = account_from(row)?;
        append_audit!(tx, audit, "account", account.id, Some(account.agency_id), None, Some(json(&account)?));
        tx.commit().await.se()?;
        Ok(account)
    })
}

pub async fn update_account(db: &Db, id: AccountId, a: &ValidAccount, audit: &AuditContext) -> StoreResult<Account> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await.se()?;
        let before: AccountRow = sqlx::query_as(sql_with(ACCOUNT_COLS, " WHERE id = $1")).bind(id.0).fetch_one(&mut *tx).await.se()?;
        let row: AccountRow = sqlx::query_as(sql_with(
            "UPDATE accounts SET agency_id = $2, decree_id = $3, kind = $4, platform = $5, handle = $6, \
             handle_norm = $7, url = $8, url_norm = $9, display_name = $10, audience = $11, updated_at = $12 \
             WHERE id = $1 RETURNING ",
            ACCOUNT_RETURNING,
        ))
        .bind(id.0)
        .bind(a.agency_id.0)
        .bind(a.decree_id.map(|d| d.0))
        .bind(a.kind.as_str())
        .bind(a.platform.as_str())
        .bind(&a.handle)
        .bind(&a.handle_norm)
        .bind(&a.url)
        .bind(&a.url_norm)
        .bind(&a.display_name)
        .bind(&a.audience)
        .bind(audit.at)
        .fetch_one(&mut *tx)
        .await
        .se()?;
        let before = account_from(before)?;
        let account = account_from(row)?;
        append_audit!(tx, audit, "account", id, Some(account.agency_id), Some(json(&before)?), Some(json(&account)?));
        tx.commit().await.se()?;
        Ok(account)
    })
}

pub async fn transition_account(
    db: &Db,
    id: AccountId,
    from: AccountStatus,
    to: AccountStatus,
    note: &str,
    audit: &AuditContext,
) -> StoreResult<Account> {
    let verifying = to == AccountStatus::Verified;
    let verified_by = if verifying { audit.actor_id.map(|u| u.0) } else { None };
    let verified_at = if verifying { Some(audit.at) } else { None };
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await.se()?;
        let before: AccountRow = sqlx::query_as(sql_with(ACCOUNT_COLS, " WHERE id = $1")).bind(id.0).fetch_one(&mut *tx).await.se()?;
        // The status in the WHERE makes this a compare-and-set: of two racing
        // transitions, the second finds no row.
        let row: Option<AccountRow> = sqlx::query_as(sql_with(
            "UPDATE accounts SET status = $3, status_note = $4, updated_at = $5, \
             verified_by = COALESCE($6, verified_by), verified_at = COALESCE($7, verified_at) \
             WHERE id = $1 AND status = $2 RETURNING ",
            ACCOUNT_RETURNING,
        ))
        .bind(id.0)
        .bind(from.as_str())
        .bind(to.as_str())
        .bind(note)
        .bind(audit.at)
        .bind(verified_by)
        .bind(verified_at)
        .fetch_optional(&mut *tx)
        .await
        .se()?;
        let Some(row) = row else { return Err(StoreError::NotFound) };
        let before = account_from(before)?;
        let account = account_from(row)?;
        append_audit!(tx, audit, "account", id, Some(account.agency_id), Some(json(&before)?), Some(json(&account)?));
        tx.commit().await.se()?;
        Ok(account)
    })
}

pub async fn account(db: &Db, id: AccountId) -> StoreResult<Option<Account>> {
    with_db!(db, pool => {
        let r: Option<AccountRow> = sqlx::query_as(sql_with(ACCOUNT_COLS, " WHERE id = $1")).bind(id.0).fetch_optional(pool).await.se()?;
        r.map(account_from).transpose()
    })
}

pub async fn accounts(db: &Db, f: &AccountFilter) -> StoreResult<Vec<Account>> {
    with_db!(db, pool => {
        let mut q = sqlx::QueryBuilder::new(ACCOUNT_COLS);
        q.push(" WHERE 1=1");
        if let Some(a) = f.agency_id {
            q.push(" AND agency_id = ").push_bind(a.0);
        }
        if let Some(s) = f.status {
            q.push(" AND status = ").push_bind(s.as_str());
        }
        if let Some(p) = f.platform {
            q.push(" AND platform = ").push_bind(p.as_str());
        }
        q.push(" ORDER BY agency_id, platform, handle_norm");
        let rows: Vec<AccountRow> = q.build_query_as().fetch_all(pool).await.se()?;
        rows.into_iter().map(account_from).collect()
    })
}

pub async fn accounts_by_url(db: &Db, url_norm: &str) -> StoreResult<Vec<Account>> {
    with_db!(db, pool => {
        let rows: Vec<AccountRow> = sqlx::query_as(sql_with(ACCOUNT_COLS, " WHERE url_norm = $1")).bind(url_norm).fetch_all(pool).await.se()?;
        rows.into_iter().map(account_from).collect()
    })
}

pub async fn accounts_by_handle(db: &Db, platform: Option<Platform>, handle_norm: &str) -> StoreResult<Vec<Account>> {
    with_db!(db, pool => {
        let rows: Vec<AccountRow> = match platform {
            Some(p) => sqlx::query_as(sql_with(ACCOUNT_COLS, " WHERE platform = $1 AND handle_norm = $2"))
                .bind(p.as_str()).bind(handle_norm).fetch_all(pool).await.se()?,
            None => sqlx::query_as(sql_with(ACCOUNT_COLS, " WHERE handle_norm = $1 ORDER BY id"))
                .bind(handle_norm).fetch_all(pool).await.se()?,
        };
        rows.into_iter().map(account_from).collect()
    })
}

pub async fn record_activity(db: &Db, id: AccountId, at: DateTime<Utc>) -> StoreResult<()> {
    with_db!(db, pool => {
        // Never move the mark backwards: a late, older observation changes nothing.
        sqlx::query("UPDATE accounts SET last_activity_at = $2 WHERE id = $1 AND (last_activity_at IS NULL OR last_activity_at < $2)")
            .bind(id.0)
            .bind(at)
            .execute(pool)
            .await
            .se()?;
        Ok(())
    })
}
