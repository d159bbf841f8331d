//! The answer library and item holds.

use crate::audit::{append_audit, json};
use crate::db::{BeginWrite, Db, OrStoreErr, with_db};
use chrono::{DateTime, NaiveDate, Utc};
use humas_core::answers::{Answer, AnswerInput};
use humas_core::audit::AuditContext;
use humas_core::error::StoreError;
use humas_core::ids::{AgencyId, UserId};
use humas_core::store::StoreResult;

type Row = (i64, Option<i64>, String, String, String, Option<NaiveDate>, Option<i64>, DateTime<Utc>);

fn from_row(r: Row) -> Answer {
    Answer {
        id: r.0,
        agency_id: r.1.map(AgencyId),
        question: r.2,
        answer: r.3,
        tags: r.4.split(',').filter(|t| !t.is_empty()).map(str::to_string).collect(),
        valid_until: r.5,
        created_by: r.6.map(UserId),
        updated_at: r.7,
    }
}

const COLS: &str = "SELECT id, agency_id, question, answer, tags, valid_until, created_by, updated_at FROM answers";

pub async fn answers(db: &Db, agency: Option<AgencyId>) -> StoreResult<Vec<Answer>> {
    with_db!(db, pool => {
        let rows: Vec<Row> = match agency {
            Some(a) => sqlx::query_as(crate::registry::sql_with(COLS, " WHERE agency_id = $1 OR agency_id IS NULL ORDER BY updated_at DESC"))
                .bind(a.0).fetch_all(pool).await.se()?,
            None => sqlx::query_as(crate::registry::sql_with(COLS, " ORDER BY updated_at DESC")).fetch_all(pool).await.se()?,
        };
        Ok(rows.into_iter().map(from_row).collect())
    })
}

pub async fn answer(db: &Db, id: i64) -> StoreResult<Option<Answer>> {
    with_db!(db, pool => {
        let r: Option<Row> = sqlx::query_as(crate::registry::sql_with(COLS, " WHERE id = $1")).bind(id).fetch_optional(pool).await.se()?;
        Ok(r.map(from_row))
    })
}

pub async fn save_answer(db: &Db, id: Option<i64>, a: &AnswerInput, audit: &AuditContext) -> StoreResult<Answer> {
    let before = match id {
        Some(id) => Some(answer(db, id).await?.ok_or(StoreError::NotFound)?),
        None => None,
    };
    let tags = a.tags.join(",");
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await.se()?;
        let row: Row = match id {
            Some(id) => sqlx::query_as(
                "UPDATE answers SET agency_id = $2, question = $3, answer = $4, tags = $5, valid_until = $6, updated_at = $7 \
                 WHERE id = $1 RETURNING id, agency_id, question, answer, tags, valid_until, created_by, updated_at",
            )
            .bind(id)
            .bind(a.agency_id.map(|x| x.0))
            .bind(&a.question)
            .bind(&a.answer)
            .bind(&tags)
            .bind(a.valid_until)
            .bind(audit.at)
            .fetch_one(&mut *tx)
            .await
            .se()?,
            None => sqlx::query_as(
                "INSERT INTO answers (agency_id, question, answer, tags, valid_until, created_by, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id, agency_id, question, answer, tags, valid_until, created_by, updated_at",
            )
            .bind(a.agency_id.map(|x| x.0))
            .bind(&a.question)
            .bind(&a.answer)
            .bind(&tags)
            .bind(a.valid_until)
            .bind(audit.actor_id.map(|u| u.0))
            .bind(audit.at)
            .fetch_one(&mut *tx)
            .await
            .se()?,
        };
        let saved = from_row(row);
        let before = before.map(|b| json(&b)).transpose()?;
        append_audit!(tx, audit, "answer", saved.id, saved.agency_id, before, Some(json(&saved)?));
        tx.commit().await.se()?;
        Ok(saved)
    })
}

pub async fn delete_answer(db: &Db, id: i64, audit: &AuditContext) -> StoreResult<()> {
    let before = answer(db, id).await?.ok_or(StoreError::NotFound)?;
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await.se()?;
        sqlx::query("DELETE FROM answers WHERE id = $1").bind(id).execute(&mut *tx).await.se()?;
        append_audit!(tx, audit, "answer", id, before.agency_id, Some(json(&before)?), None::<String>);
        tx.commit().await.se()
    })
}

pub async fn hold_item(
    db: &Db,
    item_id: i64,
    user: UserId,
    name: &str,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> StoreResult<(UserId, String, DateTime<Utc>)> {
    with_db!(db, pool => {
        // Taken when free or expired, renewed by its holder, left alone otherwise.
        sqlx::query(
            "INSERT INTO item_holds (item_id, user_id, user_name, since, until) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (item_id) DO UPDATE SET user_id = excluded.user_id, user_name = excluded.user_name, \
             since = CASE WHEN item_holds.user_id = excluded.user_id THEN item_holds.since ELSE excluded.since END, \
             until = excluded.until WHERE item_holds.user_id = excluded.user_id OR item_holds.until < excluded.since",
        )
        .bind(item_id)
        .bind(user.0)
        .bind(name)
        .bind(now)
        .bind(until)
        .execute(pool)
        .await
        .se()?;
        let (u, n, since): (i64, String, DateTime<Utc>) =
            sqlx::query_as("SELECT user_id, user_name, since FROM item_holds WHERE item_id = $1").bind(item_id).fetch_one(pool).await.se()?;
        Ok((UserId(u), n, since))
    })
}
