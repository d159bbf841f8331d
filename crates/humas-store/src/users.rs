//! Users, sessions and API tokens, login failures.

use crate::audit::{append_audit, json};
use crate::db::{BeginWrite, Db, OrStoreErr, with_db};
use crate::registry::sql_with;
use chrono::{DateTime, Utc};
use humas_core::audit::AuditContext;
use humas_core::error::StoreError;
use humas_core::ids::{AgencyId, UserId};
use humas_core::policy::Role;
use humas_core::store::{NewSession, SessionInfo, SessionKind, StoreResult};
use humas_core::user::{NewUser, User};

type UserRow = (i64, String, String, String, String, Option<i64>, bool, DateTime<Utc>);

const USER_COLS: &str = "SELECT id, username, display_name, email, role, agency_id, disabled, created_at FROM users";

fn user_from(r: UserRow) -> StoreResult<User> {
    Ok(User {
        id: UserId(r.0),
        username: r.1,
        display_name: r.2,
        email: r.3,
        role: Role::parse(&r.4).map_err(|e| StoreError::Other(Box::new(e)))?,
        agency_id: r.5.map(AgencyId),
        disabled: r.6,
        created_at: r.7,
    })
}

pub async fn create_user(db: &Db, u: &NewUser, audit: &AuditContext) -> StoreResult<User> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await.se()?;
        let row: UserRow = sqlx::query_as(
            "INSERT INTO users (username, display_name, email, password_hash, role, agency_id, disabled, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, FALSE, $7) \
             RETURNING id, username, display_name, email, role, agency_id, disabled, created_at",
        )
        .bind(&u.username)
        .bind(&u.display_name)
        .bind(&u.email)
        .bind(&u.password_hash)
        .bind(u.role.as_str())
        .bind(u.agency_id.map(|a| a.0))
        .bind(audit.at)
        .fetch_one(&mut *tx)
        .await
        .se()?;
        let user = user_from(row)?;
        append_audit!(tx, audit, "user", user.id, user.agency_id, None, Some(json(&user)?));
        tx.commit().await.se()?;
        Ok(user)
    })
}

pub async fn user(db: &Db, id: UserId) -> StoreResult<Option<User>> {
    with_db!(db, pool => {
        let r: Option<UserRow> = sqlx::query_as(sql_with(USER_COLS, " WHERE id = $1")).bind(id.0).fetch_optional(pool).await.se()?;
        r.map(user_from).transpose()
    })
}

pub async fn user_credentials(db: &Db, username: &str) -> StoreResult<Option<(User, String)>> {
    type Row = (i64, String, String, String, String, Option<i64>, bool, DateTime<Utc>, String);
    with_db!(db, pool => {
        let r: Option<Row> = sqlx::query_as(
            "SELECT id, username, display_name, email, role, agency_id, disabled, created_at, password_hash \
             FROM users WHERE username = $1",
        )
        .bind(username)
        .fetch_optional(pool)
        .await
        .se()?;
        match r {
            Some(r) => Ok(Some((user_from((r.0, r.1, r.2, r.3, r.4, r.5, r.6, r.7))?, r.8))),
            None => Ok(None),
        }
    })
}

pub async fn users(db: &Db, agency: Option<AgencyId>) -> StoreResult<Vec<User>> {
    with_db!(db, pool => {
        let rows: Vec<UserRow> = match agency {
            Some(a) => sqlx::query_as(sql_with(USER_COLS, " WHERE agency_id = $1 ORDER BY username")).bind(a.0).fetch_all(pool).await.se()?,
            None => sqlx::query_as(sql_with(USER_COLS, " ORDER BY username")).fetch_all(pool).await.se()?,
        };
        rows.into_iter().map(user_from).collect()
    })
}

pub async fn set_password(db: &Db, id: UserId, hash: &str, audit: &AuditContext) -> StoreResult<()> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await.se()?;
        let row: UserRow = sqlx::query_as(
            "UPDATE users SET password_hash = $2 WHERE id = $1 \
             RETURNING id, username, display_name, email, role, agency_id, disabled, created_at",
        )
        .bind(id.0)
        .bind(hash)
        .fetch_one(&mut *tx)
        .await
        .se()?;
        let user = user_from(row)?;
        // The hash itself never enters the log; that the password changed does.
        append_audit!(tx, audit, "user", id, user.agency_id, None, Some(json(&user)?));
        tx.commit().await.se()
    })
}

pub async fn set_user_disabled(db: &Db, id: UserId, disabled: bool, audit: &AuditContext) -> StoreResult<User> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await.se()?;
        let before: UserRow = sqlx::query_as(sql_with(USER_COLS, " WHERE id = $1")).bind(id.0).fetch_one(&mut *tx).await.se()?;
        let row: UserRow = sqlx::query_as(
            "UPDATE users SET disabled = $2 WHERE id = $1 \
             RETURNING id, username, display_name, email, role, agency_id, disabled, created_at",
        )
        .bind(id.0)
        .bind(disabled)
        .fetch_one(&mut *tx)
        .await
        .se()?;
        let before = user_from(before)?;
        let user = user_from(row)?;
        append_audit!(tx, audit, "user", id, user.agency_id, Some(json(&before)?), Some(json(&user)?));
        tx.commit().await.se()?;
        Ok(user)
    })
}

pub async fn create_session(db: &Db, s: &NewSession) -> StoreResult<()> {
    with_db!(db, pool => {
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, kind, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&s.token_hash)
        .bind(s.user_id.0)
        .bind(s.kind.as_str())
        .bind(&s.csrf_token)
        .bind(s.created_at)
        .bind(s.expires_at)
        .execute(pool)
        .await
        .se()?;
        Ok(())
    })
}

pub async fn session(db: &Db, token_hash: &str, now: DateTime<Utc>) -> StoreResult<Option<(User, SessionInfo)>> {
    type Row = (i64, String, String, String, String, Option<i64>, bool, DateTime<Utc>, String, String);
    with_db!(db, pool => {
        let r: Option<Row> = sqlx::query_as(
            "SELECT u.id, u.username, u.display_name, u.email, u.role, u.agency_id, u.disabled, u.created_at, \
             s.kind, s.csrf_token FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND (s.expires_at IS NULL OR s.expires_at > $2) AND u.disabled = FALSE",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(pool)
        .await
        .se()?;
        match r {
            Some(r) => {
                let kind = if r.8 == "api" { SessionKind::ApiToken } else { SessionKind::Browser };
                let user = user_from((r.0, r.1, r.2, r.3, r.4, r.5, r.6, r.7))?;
                Ok(Some((user, SessionInfo { kind, csrf_token: r.9 })))
            }
            None => Ok(None),
        }
    })
}

pub async fn delete_session(db: &Db, token_hash: &str) -> StoreResult<()> {
    with_db!(db, pool => {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(pool).await.se()?;
        Ok(())
    })
}

pub async fn delete_user_sessions(db: &Db, user_id: UserId) -> StoreResult<()> {
    with_db!(db, pool => {
        sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id.0).execute(pool).await.se()?;
        Ok(())
    })
}

pub async fn record_login_failure(db: &Db, key: &str, at: DateTime<Utc>) -> StoreResult<()> {
    with_db!(db, pool => {
        sqlx::query("INSERT INTO login_failures (key, at) VALUES ($1, $2)").bind(key).bind(at).execute(pool).await.se()?;
        // Failures older than a day no longer count for anything.
        sqlx::query("DELETE FROM login_failures WHERE at < $1")
            .bind(at - chrono::Duration::days(1))
            .execute(pool)
            .await
            .se()?;
        Ok(())
    })
}

pub async fn login_failures_since(db: &Db, key: &str, since: DateTime<Utc>) -> StoreResult<i64> {
    with_db!(db, pool => {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM login_failures WHERE key = $1 AND at > $2")
            .bind(key)
            .bind(since)
            .fetch_one(pool)
            .await
            .se()?;
        Ok(n)
    })
}

pub async fn clear_login_failures(db: &Db, key: &str) -> StoreResult<()> {
    with_db!(db, pool => {
        sqlx::query("DELETE FROM login_failures WHERE key = $1").bind(key).execute(pool).await.se()?;
        Ok(())
    })
}
