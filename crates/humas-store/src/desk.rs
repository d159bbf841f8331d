//! The service desk: items, referrals, events and agency SOPs.

use crate::audit::{append_audit, json};
use crate::db::{BeginWrite, Db, OrStoreErr, with_db};
use chrono::{DateTime, Utc};
use humas_core::audit::AuditContext;
use humas_core::desk::{
    Item, ItemChange, ItemEvent, ItemFilter, ItemKind, ItemPage, ItemSource, ItemStatus, NewItem, Referral,
    ReferralStatus, Sentiment, Sop,
};
use humas_core::error::StoreError;
use humas_core::ids::{AccountId, AgencyId, DecreeId, UserId};
use humas_core::store::StoreResult;

const ITEM_COLS: &str = "id, agency_id, account_id, source, platform, remote_id, thread_id, parent_remote_id, \
    author_handle, author_name, author_contact, text, link, written_at, received_at, kind, sentiment, district, topic, \
    suggested_agency_id, status, due_at, assigned_to, tracking_code, answer_text, answer_link, answered_by, \
    answered_at, first_response_at, updated_at, escalation_level, needs_review, confidence";

fn decode_err(e: humas_core::Error) -> sqlx::Error {
    sqlx::Error::Decode(Box::new(e))
}

/// Reads an item from a row of `ITEM_COLS`, on either engine.
macro_rules! item_from_row {
    ($r:expr) => {{
        use sqlx::Row;
        let r = $r;
        (|| -> Result<Item, sqlx::Error> {
            Ok(Item {
                id: r.try_get(0)?,
                agency_id: AgencyId(r.try_get(1)?),
                account_id: r.try_get::<Option<i64>, _>(2)?.map(AccountId),
                source: ItemSource::parse(&r.try_get::<String, _>(3)?).map_err(decode_err)?,
                platform: r.try_get(4)?,
                remote_id: r.try_get(5)?,
                thread_id: r.try_get(6)?,
                parent_remote_id: r.try_get(7)?,
                author_handle: r.try_get(8)?,
                author_name: r.try_get(9)?,
                author_contact: r.try_get(10)?,
                text: r.try_get(11)?,
                link: r.try_get(12)?,
                written_at: r.try_get(13)?,
                received_at: r.try_get(14)?,
                kind: ItemKind::parse(&r.try_get::<String, _>(15)?).map_err(decode_err)?,
                sentiment: Sentiment::parse(&r.try_get::<String, _>(16)?).map_err(decode_err)?,
                district: r.try_get(17)?,
                topic: r.try_get(18)?,
                suggested_agency_id: r.try_get::<Option<i64>, _>(19)?.map(AgencyId),
                status: ItemStatus::parse(&r.try_get::<String, _>(20)?).map_err(decode_err)?,
                due_at: r.try_get(21)?,
                assigned_to: r.try_get::<Option<i64>, _>(22)?.map(UserId),
                tracking_code: r.try_get(23)?,
                answer_text: r.try_get(24)?,
                answer_link: r.try_get(25)?,
                answered_by: r.try_get::<Option<i64>, _>(26)?.map(UserId),
                answered_at: r.try_get(27)?,
                first_response_at: r.try_get(28)?,
                updated_at: r.try_get(29)?,
                escalation_level: r.try_get(30)?,
                needs_review: r.try_get(31)?,
                confidence: r.try_get(32)?,
            })
        })()
    }};
}

type SopRow = (i64, i32, i32, i32, Option<i64>);
const SOP_SELECT: &str =
    "SELECT agency_id, first_response_hours, referral_hours, escalate_after_hours, sop_decree_id FROM agency_sop";

fn sop_from(r: SopRow) -> Sop {
    Sop {
        agency_id: AgencyId(r.0),
        first_response_hours: r.1,
        referral_hours: r.2,
        escalate_after_hours: r.3,
        sop_decree_id: r.4.map(DecreeId),
    }
}

pub async fn sop(db: &Db, agency: AgencyId) -> StoreResult<Sop> {
    with_db!(db, pool => {
        let r: Option<SopRow> = sqlx::query_as(crate::registry::sql_with(SOP_SELECT, " WHERE agency_id = $1"))
            .bind(agency.0)
            .fetch_optional(pool)
            .await
            .se()?;
        Ok(r.map_or_else(|| Sop::default_for(agency), sop_from))
    })
}

/// Every SOP on record, for the ingest path's per-batch context.
pub async fn sops(db: &Db) -> StoreResult<Vec<Sop>> {
    with_db!(db, pool => {
        let rows: Vec<SopRow> = sqlx::query_as(SOP_SELECT).fetch_all(pool).await.se()?;
        Ok(rows.into_iter().map(sop_from).collect())
    })
}

pub async fn save_sop(db: &Db, s: &Sop, audit: &AuditContext) -> StoreResult<Sop> {
    let before = sop(db, s.agency_id).await?;
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await.se()?;
        sqlx::query(
            "INSERT INTO agency_sop (agency_id, first_response_hours, referral_hours, escalate_after_hours, sop_decree_id) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (agency_id) DO UPDATE SET \
             first_response_hours = excluded.first_response_hours, referral_hours = excluded.referral_hours, \
             escalate_after_hours = excluded.escalate_after_hours, sop_decree_id = excluded.sop_decree_id",
        )
        .bind(s.agency_id.0)
        .bind(s.first_response_hours)
        .bind(s.referral_hours)
        .bind(s.escalate_after_hours)
        .bind(s.sop_decree_id.map(|d| d.0))
        .execute(&mut *tx)
        .await
        .se()?;
        append_audit!(tx, audit, "agency_sop", s.agency_id, Some(s.agency_id), Some(json(&before)?), Some(json(s)?));
        tx.commit().await.se()?;
        Ok(s.clone())
    })
}

/// The batch path: multi-row inserts in one transaction. Items are matched
/// back to their inputs by (account, remote id), which every batch item has.
pub async fn ingest_items(db: &Db, items: &[NewItem]) -> StoreResult<Vec<(i64, bool)>> {
    use std::collections::HashMap;
    type Key = (Option<i64>, String);
    let key = |i: &NewItem| -> StoreResult<Key> {
        let remote = i.remote_id.clone().ok_or_else(|| StoreError::Other("batch item without remote id".into()))?;
        Ok((i.account_id.map(|a| a.0), remote))
    };
    // Within the batch the first of two identical items wins; the second is its duplicate.
    let mut first: HashMap<Key, usize> = HashMap::new();
    let mut unique = Vec::with_capacity(items.len());
    for (n, i) in items.iter().enumerate() {
        let k = key(i)?;
        if let std::collections::hash_map::Entry::Vacant(v) = first.entry(k) {
            v.insert(n);
            unique.push(n);
        }
    }
    let mut ids: HashMap<Key, (i64, bool)> = HashMap::new();
    let sqlite = matches!(db, Db::Sqlite(_));
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await.se()?;
        for chunk in unique.chunks(500) {
            let mut q = sqlx::QueryBuilder::new(
                "INSERT INTO items (agency_id, account_id, source, platform, remote_id, thread_id, parent_remote_id, \
                 author_handle, author_name, author_contact, text, link, written_at, received_at, kind, sentiment, district, \
                 topic, suggested_agency_id, status, due_at, tracking_code, updated_at, search_terms, needs_review, confidence) ",
            );
            q.push_values(chunk.iter().map(|n| &items[*n]), |mut b, i| {
                b.push_bind(i.agency_id.0)
                    .push_bind(i.account_id.map(|a| a.0))
                    .push_bind(i.source.as_str())
                    .push_bind(i.platform.clone())
                    .push_bind(i.remote_id.clone())
                    .push_bind(i.thread_id.clone())
                    .push_bind(i.parent_remote_id.clone())
                    .push_bind(i.author_handle.clone())
                    .push_bind(i.author_name.clone())
                    .push_bind(i.author_contact.clone())
                    .push_bind(i.text.clone())
                    .push_bind(i.link.clone())
                    .push_bind(i.written_at)
                    .push_bind(i.received_at)
                    .push_bind(i.kind.as_str())
                    .push_bind(i.sentiment.as_str())
                    .push_bind(i.district.clone())
                    .push_bind(i.topic.clone())
                    .push_bind(i.suggested_agency_id.map(|a| a.0))
                    .push_bind("new")
                    .push_bind(i.due_at)
                    .push_bind(i.tracking_code.clone())
                    .push_bind(i.received_at)
                    .push_bind(i.search_terms.clone())
                    .push_bind(i.needs_review)
                    .push_bind(i.confidence);
            });
            q.push(" ON CONFLICT (account_id, remote_id) DO NOTHING RETURNING id, account_id, remote_id");
            let rows: Vec<(i64, Option<i64>, String)> = q.build_query_as().fetch_all(&mut *tx).await.se()?;
            // SQLite's search index is filled here, for the whole chunk in one
            // statement (migration 0014: four times cheaper than a trigger per
            // row); one INSERT gives its rows consecutive ids, so the range
            // holds exactly them. PostgreSQL's GIN index needs nothing.
            let (lo, hi) = rows.iter().fold((i64::MAX, i64::MIN), |(lo, hi), r| (lo.min(r.0), hi.max(r.0)));
            if sqlite && lo <= hi {
                sqlx::query(
                    "INSERT INTO items_fts (rowid, search_terms) SELECT id, search_terms FROM items WHERE id BETWEEN $1 AND $2",
                )
                .bind(lo)
                .bind(hi)
                .execute(&mut *tx)
                .await
                .se()?;
            }
            for (id, account, remote) in rows {
                ids.insert((account, remote), (id, true));
            }
        }
        // What did not come back was already stored: find those ids.
        let missing: Vec<usize> = unique.iter().copied().filter(|n| key(&items[*n]).map(|k| !ids.contains_key(&k)).unwrap_or(false)).collect();
        for chunk in missing.chunks(200) {
            let mut q = sqlx::QueryBuilder::new("SELECT id, account_id, remote_id FROM items WHERE ");
            let mut sep = q.separated(" OR ");
            for n in chunk {
                let i = &items[*n];
                sep.push("(account_id = ").push_bind_unseparated(i.account_id.map(|a| a.0)).push_unseparated(" AND remote_id = ").push_bind_unseparated(i.remote_id.clone()).push_unseparated(")");
            }
            let rows: Vec<(i64, Option<i64>, String)> = q.build_query_as().fetch_all(&mut *tx).await.se()?;
            for (id, account, remote) in rows {
                ids.insert((account, remote), (id, false));
            }
        }
        tx.commit().await.se()?;
        Ok::<(), StoreError>(())
    })?;
    items
        .iter()
        .enumerate()
        .map(|(n, i)| {
            let k = key(i)?;
            let (id, created) = *ids.get(&k).ok_or(StoreError::NotFound)?;
            // The later of two identical items in one batch is a duplicate.
            Ok((id, created && first.get(&k) == Some(&n)))
        })
        .collect()
}

fn sql_with2(a: &'static str, b: &'static str, c: &'static str) -> sqlx::AssertSqlSafe<String> {
    sqlx::AssertSqlSafe(format!("{a}{b}{c}"))
}

pub async fn item(db: &Db, id: i64) -> StoreResult<Option<Item>> {
    with_db!(db, pool => {
        let row = sqlx::query(sql_with2("SELECT ", ITEM_COLS, " FROM items WHERE id = $1")).bind(id).fetch_optional(pool).await.se()?;
        row.map(|r| item_from_row!(&r).se()).transpose()
    })
}

pub async fn item_by_tracking_code(db: &Db, code: &str) -> StoreResult<Option<Item>> {
    with_db!(db, pool => {
        let row = sqlx::query(sql_with2("SELECT ", ITEM_COLS, " FROM items WHERE tracking_code = $1")).bind(code).fetch_optional(pool).await.se()?;
        row.map(|r| item_from_row!(&r).se()).transpose()
    })
}

/// Appends the filter's conditions to a query that already has `WHERE 1=1`.
macro_rules! push_item_filter {
    ($q:expr, $f:expr, $engine:expr) => {{
        let q = &mut $q;
        let f: &ItemFilter = $f;
        if let Some(a) = f.scope {
            q.push(" AND (agency_id = ").push_bind(a.0);
            q.push(" OR id IN (SELECT item_id FROM referrals WHERE to_agency_id = ").push_bind(a.0).push("))");
        }
        if let Some(a) = f.agency_id {
            q.push(" AND agency_id = ").push_bind(a);
        }
        if let Some(a) = f.referred_to {
            q.push(" AND id IN (SELECT item_id FROM referrals WHERE to_agency_id = ").push_bind(a).push(")");
        }
        if let Some(s) = f.status.as_deref().filter(|s| !s.is_empty()) {
            q.push(" AND status = ").push_bind(s.to_string());
        }
        if let Some(k) = f.kind.as_deref().filter(|s| !s.is_empty()) {
            q.push(" AND kind = ").push_bind(k.to_string());
        }
        if let Some(a) = f.account_id {
            q.push(" AND account_id = ").push_bind(a);
        }
        if let Some(p) = f.platform.as_deref().filter(|s| !s.is_empty()) {
            q.push(" AND platform = ").push_bind(p.to_string());
        }
        if let Some(d) = f.district.as_deref().filter(|s| !s.is_empty()) {
            q.push(" AND district = ").push_bind(d.to_string());
        }
        if let Some(u) = f.assigned_to {
            q.push(" AND assigned_to = ").push_bind(u);
        }
        if f.review == Some(true) {
            q.push(" AND needs_review = ")
                .push_bind(true)
                .push(" AND status IN ('new', 'referred', 'referral_answered')");
        }
        if f.open == Some(true) || f.overdue == Some(true) {
            q.push(" AND status IN ('new', 'referred', 'referral_answered')");
        }
        if f.overdue == Some(true) {
            q.push(" AND due_at < ").push_bind(f.now.unwrap_or_else(Utc::now));
        }
        if let Some(t) = f.received_after {
            q.push(" AND received_at >= ").push_bind(t);
        }
        if let Some(t) = f.received_before {
            q.push(" AND received_at < ").push_bind(t);
        }
        if !f.search_terms.is_empty() {
            // Terms are letters and digits only (humas-text), so they are safe
            // inside the match expression. They are stems, matched whole: the
            // stemmer already joins affixed forms, and whole terms keep the
            // agency tokens exact (zzag1 must not match zzag12).
            match $engine {
                crate::db::Engine::Sqlite => {
                    let expr = f.search_terms.iter().map(|t| format!("\"{t}\"")).collect::<Vec<_>>().join(" ");
                    q.push(" AND id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ").push_bind(expr).push(")");
                }
                crate::db::Engine::Postgres => {
                    let expr = f.search_terms.join(" & ");
                    q.push(" AND to_tsvector('simple', search_terms) @@ to_tsquery('simple', ")
                        .push_bind(expr)
                        .push(")");
                }
            }
        }
    }};
}

/// The candidate rows of an inbox query. An agency's scope — what it owns or
/// was referred — is a UNION of two index-friendly halves rather than an OR,
/// which would let the planner pick a worse index.
macro_rules! push_item_source {
    ($q:expr, $f:expr, $engine:expr) => {{
        let q = &mut $q;
        let f: &ItemFilter = $f;
        let rest = ItemFilter { scope: None, search_terms: f.search_terms.clone(), ..f.clone() };
        match f.scope {
            // Searching within an agency: its token in the search index does the scoping.
            Some(a) if !f.search_terms.is_empty() => {
                let mut scoped = rest.clone();
                scoped.search_terms.push(humas_core::desk::agency_token(a));
                q.push("(SELECT id, status, due_at, received_at FROM items WHERE 1=1");
                push_item_filter!(*q, &scoped, $engine);
                q.push(") candidates");
            }
            Some(a) => {
                q.push("(SELECT id, status, due_at, received_at FROM items WHERE agency_id = ").push_bind(a.0);
                push_item_filter!(*q, &rest, $engine);
                q.push(" UNION SELECT id, status, due_at, received_at FROM items WHERE id IN (SELECT item_id FROM referrals WHERE to_agency_id = ")
                    .push_bind(a.0)
                    .push(")");
                push_item_filter!(*q, &rest, $engine);
                q.push(") candidates");
            }
            None => {
                q.push("(SELECT id, status, due_at, received_at FROM items WHERE 1=1");
                push_item_filter!(*q, &rest, $engine);
                q.push(") candidates");
            }
        }
    }};
}

pub async fn items(db: &Db, f: &ItemFilter) -> StoreResult<ItemPage> {
    let engine = db.engine();
    let per_page = f.per_page.unwrap_or(50).clamp(1, 200);
    let page = f.page.unwrap_or(1).max(1);
    with_db!(db, pool => {
        let mut count = sqlx::QueryBuilder::new("SELECT COUNT(*) FROM ");
        push_item_source!(count, f, engine);
        let (total,): (i64,) = count.build_query_as().fetch_one(pool).await.se()?;
        // Sort and page over ids only, then read the page's rows: the sorter
        // then holds small keys instead of whole rows with their texts.
        let mut q = sqlx::QueryBuilder::new("SELECT id FROM ");
        push_item_source!(q, f, engine);
        if f.open == Some(true) || f.overdue == Some(true) {
            q.push(" ORDER BY due_at, id");
        } else {
            // Open items by due time first, then the newest.
            q.push(" ORDER BY CASE WHEN status IN ('new', 'referred', 'referral_answered') THEN 0 ELSE 1 END, due_at, received_at DESC, id DESC");
        }
        q.push(" LIMIT ").push_bind(per_page).push(" OFFSET ").push_bind((page - 1) * per_page);
        let ids: Vec<(i64,)> = q.build_query_as().fetch_all(pool).await.se()?;
        let mut items = Vec::with_capacity(ids.len());
        if !ids.is_empty() {
            let mut rows = sqlx::QueryBuilder::new(format!("SELECT {ITEM_COLS} FROM items WHERE id IN ("));
            let mut sep = rows.separated(", ");
            for (id,) in &ids {
                sep.push_bind(*id);
            }
            rows.push(")");
            let fetched = rows.build().fetch_all(pool).await.se()?;
            let mut by_id: std::collections::HashMap<i64, Item> = fetched
                .iter()
                .map(|r| item_from_row!(r).se().map(|i| (i.id, i)))
                .collect::<StoreResult<_>>()?;
            items.extend(ids.iter().filter_map(|(id,)| by_id.remove(id)));
        }
        Ok(ItemPage { items, total, page, per_page })
    })
}

type ReferralRow = (
    i64,
    i64,
    i32,
    i64,
    i64,
    Option<i64>,
    DateTime<Utc>,
    DateTime<Utc>,
    String,
    String,
    String,
    Option<i64>,
    Option<DateTime<Utc>>,
);

fn referral_from(r: ReferralRow) -> StoreResult<Referral> {
    Ok(Referral {
        id: r.0,
        item_id: r.1,
        hop: r.2,
        from_agency_id: AgencyId(r.3),
        to_agency_id: AgencyId(r.4),
        referred_by: r.5.map(UserId),
        referred_at: r.6,
        due_at: r.7,
        note: r.8,
        status: ReferralStatus::parse(&r.9).map_err(|e| StoreError::Other(Box::new(e)))?,
        answer_text: r.10,
        answered_by: r.11.map(UserId),
        answered_at: r.12,
    })
}

pub async fn referrals(db: &Db, item_id: i64) -> StoreResult<Vec<Referral>> {
    with_db!(db, pool => {
        let rows: Vec<ReferralRow> = sqlx::query_as(
            "SELECT id, item_id, hop, from_agency_id, to_agency_id, referred_by, referred_at, due_at, note, status, \
             answer_text, answered_by, answered_at FROM referrals WHERE item_id = $1 ORDER BY hop",
        )
        .bind(item_id)
        .fetch_all(pool)
        .await
        .se()?;
        rows.into_iter().map(referral_from).collect()
    })
}

pub async fn item_events(db: &Db, item_id: i64) -> StoreResult<Vec<ItemEvent>> {
    type Row = (i64, i64, DateTime<Utc>, Option<i64>, String, String, Option<String>, Option<String>, String);
    with_db!(db, pool => {
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT id, item_id, at, actor_id, actor_name, action, from_status, to_status, note FROM item_events \
             WHERE item_id = $1 ORDER BY id",
        )
        .bind(item_id)
        .fetch_all(pool)
        .await
        .se()?;
        Ok(rows
            .into_iter()
            .map(|r| ItemEvent {
                id: r.0,
                item_id: r.1,
                at: r.2,
                actor_id: r.3.map(UserId),
                actor_name: r.4,
                action: r.5,
                from_status: r.6.and_then(|s| ItemStatus::parse(&s).ok()),
                to_status: r.7.and_then(|s| ItemStatus::parse(&s).ok()),
                note: r.8,
            })
            .collect())
    })
}

/// What the audit log keeps of an item change: the workflow, not the citizen's text or identity.
#[derive(serde::Serialize)]
struct ChangeRecord<'a> {
    from: &'a str,
    to: &'a str,
    note: &'a str,
    referred_to: Option<i64>,
}

pub async fn change_item(db: &Db, c: &ItemChange, audit: &AuditContext) -> StoreResult<Item> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await.se()?;
        let moved = sqlx::query(
            "UPDATE items SET status = $2, due_at = $3, updated_at = $4, escalation_level = 0, \
             first_response_at = CASE WHEN $5 THEN COALESCE(first_response_at, $4) ELSE first_response_at END \
             WHERE id = $1 AND status = $6",
        )
        .bind(c.item_id)
        .bind(c.to.as_str())
        .bind(c.due_at)
        .bind(audit.at)
        .bind(c.responds)
        .bind(c.from.as_str())
        .execute(&mut *tx)
        .await
        .se()?;
        if moved.rows_affected() != 1 {
            return Err(StoreError::NotFound);
        }
        if let Some((text, link)) = &c.answer {
            sqlx::query("UPDATE items SET answer_text = $2, answer_link = $3, answered_by = $4, answered_at = $5 WHERE id = $1")
                .bind(c.item_id)
                .bind(text)
                .bind(link)
                .bind(audit.actor_id.map(|u| u.0))
                .bind(audit.at)
                .execute(&mut *tx)
                .await
                .se()?;
        }
        if let Some((id, status, answer)) = &c.close_referral {
            let closed = sqlx::query(
                "UPDATE referrals SET status = $2, answer_text = $3, answered_by = $4, answered_at = $5 WHERE id = $1 AND status = 'open'",
            )
            .bind(id)
            .bind(status.as_str())
            .bind(answer)
            .bind(audit.actor_id.map(|u| u.0))
            .bind(audit.at)
            .execute(&mut *tx)
            .await
            .se()?;
            if closed.rows_affected() != 1 {
                return Err(StoreError::NotFound);
            }
        }
        if let Some(r) = &c.open_referral {
            // The receiving agency's searches find the item from now on.
            sqlx::query("UPDATE items SET search_terms = search_terms || ' ' || $2 WHERE id = $1")
                .bind(c.item_id)
                .bind(humas_core::desk::agency_token(r.to_agency_id))
                .execute(&mut *tx)
                .await
                .se()?;
            sqlx::query(
                "INSERT INTO referrals (item_id, hop, from_agency_id, to_agency_id, referred_by, referred_at, due_at, note, status) \
                 SELECT $1, COALESCE(MAX(hop), 0) + 1, $2, $3, $4, $5, $6, $7, 'open' FROM referrals WHERE item_id = $1",
            )
            .bind(c.item_id)
            .bind(r.from_agency_id.0)
            .bind(r.to_agency_id.0)
            .bind(audit.actor_id.map(|u| u.0))
            .bind(audit.at)
            .bind(r.due_at)
            .bind(&r.note)
            .execute(&mut *tx)
            .await
            .se()?;
        }
        sqlx::query(
            "INSERT INTO item_events (item_id, at, actor_id, actor_name, action, from_status, to_status, note) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(c.item_id)
        .bind(audit.at)
        .bind(audit.actor_id.map(|u| u.0))
        .bind(&audit.actor_name)
        .bind(c.action)
        .bind(c.from.as_str())
        .bind(c.to.as_str())
        .bind(&c.note)
        .execute(&mut *tx)
        .await
        .se()?;
        let row = sqlx::query(sql_with2("SELECT ", ITEM_COLS, " FROM items WHERE id = $1")).bind(c.item_id).fetch_one(&mut *tx).await.se()?;
        let item = item_from_row!(&row).se()?;
        let record = ChangeRecord {
            from: c.from.as_str(),
            to: c.to.as_str(),
            note: &c.note,
            referred_to: c.open_referral.as_ref().map(|r| r.to_agency_id.0),
        };
        append_audit!(tx, audit, "item", c.item_id, Some(item.agency_id), None::<String>, Some(json(&record)?));
        tx.commit().await.se()?;
        Ok(item)
    })
}

pub async fn assign_item(db: &Db, item_id: i64, user: Option<UserId>, audit: &AuditContext) -> StoreResult<Item> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await.se()?;
        let done = sqlx::query("UPDATE items SET assigned_to = $2, updated_at = $3 WHERE id = $1")
            .bind(item_id)
            .bind(user.map(|u| u.0))
            .bind(audit.at)
            .execute(&mut *tx)
            .await
            .se()?;
        if done.rows_affected() != 1 {
            return Err(StoreError::NotFound);
        }
        let note = user.map(|u| format!("user {u}")).unwrap_or_default();
        sqlx::query(
            "INSERT INTO item_events (item_id, at, actor_id, actor_name, action, note) VALUES ($1, $2, $3, $4, 'assign', $5)",
        )
        .bind(item_id)
        .bind(audit.at)
        .bind(audit.actor_id.map(|u| u.0))
        .bind(&audit.actor_name)
        .bind(&note)
        .execute(&mut *tx)
        .await
        .se()?;
        let row = sqlx::query(sql_with2("SELECT ", ITEM_COLS, " FROM items WHERE id = $1")).bind(item_id).fetch_one(&mut *tx).await.se()?;
        let item = item_from_row!(&row).se()?;
        append_audit!(tx, audit, "item", item_id, Some(item.agency_id), None::<String>, Some(json(&serde_json::json!({"assigned_to": user.map(|u| u.0)}))?));
        tx.commit().await.se()?;
        Ok(item)
    })
}

pub async fn add_item_note(db: &Db, item_id: i64, note: &str, audit: &AuditContext) -> StoreResult<()> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await.se()?;
        let (agency,): (i64,) = sqlx::query_as("SELECT agency_id FROM items WHERE id = $1").bind(item_id).fetch_one(&mut *tx).await.se()?;
        sqlx::query("INSERT INTO item_events (item_id, at, actor_id, actor_name, action, note) VALUES ($1, $2, $3, $4, 'note', $5)")
            .bind(item_id)
            .bind(audit.at)
            .bind(audit.actor_id.map(|u| u.0))
            .bind(&audit.actor_name)
            .bind(note)
            .execute(&mut *tx)
            .await
            .se()?;
        append_audit!(tx, audit, "item", item_id, Some(AgencyId(agency)), None::<String>, Some(json(&serde_json::json!({"note": note}))?));
        tx.commit().await.se()
    })
}

pub async fn escalation_candidates(
    db: &Db,
    before: DateTime<Utc>,
    limit: i64,
) -> StoreResult<Vec<(Item, Option<AgencyId>)>> {
    with_db!(db, pool => {
        let rows = sqlx::query(sql_with2(
            "SELECT ",
            ITEM_COLS,
            ", (SELECT to_agency_id FROM referrals r WHERE r.item_id = items.id AND r.status = 'open') FROM items \
             WHERE status IN ('new', 'referred', 'referral_answered') AND due_at < $1 AND escalation_level < 3 \
             ORDER BY due_at LIMIT $2",
        ))
        .bind(before)
        .bind(limit)
        .fetch_all(pool)
        .await
        .se()?;
        rows.iter()
            .map(|r| {
                use sqlx::Row;
                let item = item_from_row!(r).se()?;
                let to: Option<i64> = r.try_get(33).se()?;
                Ok((item, to.map(AgencyId)))
            })
            .collect()
    })
}

pub async fn set_escalation(db: &Db, item_id: i64, from: i32, to: i32) -> StoreResult<bool> {
    with_db!(db, pool => {
        let r = sqlx::query("UPDATE items SET escalation_level = $3 WHERE id = $1 AND escalation_level = $2")
            .bind(item_id)
            .bind(from)
            .bind(to)
            .execute(pool)
            .await
            .se()?;
        Ok(r.rows_affected() == 1)
    })
}

/// An officer's correction of the proposed agency (and, with it, confirmation
/// of kind and sentiment): the item leaves the review list and the
/// correction is kept as a training example.
pub async fn correct_item(
    db: &Db,
    item_id: i64,
    agency: Option<AgencyId>,
    example: &humas_core::desk::TrainingExample,
    audit: &AuditContext,
) -> StoreResult<Item> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await.se()?;
        let done = sqlx::query("UPDATE items SET suggested_agency_id = $2, needs_review = $3, updated_at = $4 WHERE id = $1")
            .bind(item_id)
            .bind(agency.map(|a| a.0))
            .bind(false)
            .bind(audit.at)
            .execute(&mut *tx)
            .await
            .se()?;
        if done.rows_affected() != 1 {
            return Err(StoreError::NotFound);
        }
        sqlx::query(
            "INSERT INTO training_examples (item_id, text, kind, sentiment, agency_code, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(item_id)
        .bind(&example.text)
        .bind(&example.kind)
        .bind(&example.sentiment)
        .bind(&example.agency_code)
        .bind(audit.actor_id.map(|u| u.0))
        .bind(audit.at)
        .execute(&mut *tx)
        .await
        .se()?;
        sqlx::query(
            "INSERT INTO item_events (item_id, at, actor_id, actor_name, action, note) VALUES ($1, $2, $3, $4, 'correct', $5)",
        )
        .bind(item_id)
        .bind(audit.at)
        .bind(audit.actor_id.map(|u| u.0))
        .bind(&audit.actor_name)
        .bind(&example.agency_code)
        .execute(&mut *tx)
        .await
        .se()?;
        let row = sqlx::query(sql_with2("SELECT ", ITEM_COLS, " FROM items WHERE id = $1")).bind(item_id).fetch_one(&mut *tx).await.se()?;
        let item = item_from_row!(&row).se()?;
        append_audit!(tx, audit, "item", item_id, Some(item.agency_id), None::<String>, Some(json(example)?));
        tx.commit().await.se()?;
        Ok(item)
    })
}

pub async fn training_examples(db: &Db) -> StoreResult<Vec<humas_core::desk::TrainingExample>> {
    with_db!(db, pool => {
        let rows: Vec<(Option<i64>, String, String, String, String)> =
            sqlx::query_as("SELECT item_id, text, kind, sentiment, agency_code FROM training_examples ORDER BY id").fetch_all(pool).await.se()?;
        Ok(rows
            .into_iter()
            .map(|r| humas_core::desk::TrainingExample { item_id: r.0, text: r.1, kind: r.2, sentiment: r.3, agency_code: r.4 })
            .collect())
    })
}
