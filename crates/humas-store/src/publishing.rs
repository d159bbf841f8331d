//! Messages to publish, campaigns, and the data the checks use.

use crate::audit::{append_audit, json};
use crate::db::{BeginWrite, Db, OrStoreErr, with_db};
use chrono::NaiveDate;
use humas_core::account::Platform;
use humas_core::audit::AuditContext;
use humas_core::channel::{Delivery, Outbound};
use humas_core::error::StoreError;
use humas_core::ids::{AccountId, AgencyId, UserId};
use humas_core::publishing::{
    Campaign, CampaignInput, Category, NewPost, PlatformRule, Post, PostDecision, PostFilter, PostImage, PostStatus,
    PostTarget, WordLists,
};
use humas_core::store::StoreResult;

type RuleRow = (String, Option<i32>, Option<i32>, Option<i32>, Option<i32>, String);

pub async fn platform_rules(db: &Db) -> StoreResult<Vec<PlatformRule>> {
    with_db!(db, pool => {
        let rows: Vec<RuleRow> = sqlx::query_as("SELECT platform, max_chars, link_chars, max_hashtags, title_max, note FROM platform_rules ORDER BY platform")
            .fetch_all(pool)
            .await
            .se()?;
        Ok(rows
            .into_iter()
            .filter_map(|r| Some(PlatformRule { platform: Platform::parse(&r.0).ok()?, max_chars: r.1, link_chars: r.2, max_hashtags: r.3, title_max: r.4, note: r.5 }))
            .collect())
    })
}

pub async fn save_platform_rule(db: &Db, r: &PlatformRule, audit: &AuditContext) -> StoreResult<()> {
    let after = json(r)?;
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await.se()?;
        sqlx::query(
            "INSERT INTO platform_rules (platform, max_chars, link_chars, max_hashtags, title_max, note) VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (platform) DO UPDATE SET max_chars = excluded.max_chars, link_chars = excluded.link_chars, \
             max_hashtags = excluded.max_hashtags, title_max = excluded.title_max, note = excluded.note",
        )
        .bind(r.platform.as_str())
        .bind(r.max_chars)
        .bind(r.link_chars)
        .bind(r.max_hashtags)
        .bind(r.title_max)
        .bind(&r.note)
        .execute(&mut *tx)
        .await
        .se()?;
        append_audit!(tx, audit, "platform_rule", r.platform.as_str(), None, None, Some(after));
        tx.commit().await.se()?;
        Ok(())
    })
}

pub async fn word_lists(db: &Db) -> StoreResult<WordLists> {
    with_db!(db, pool => {
        let rows: Vec<(String, String)> = sqlx::query_as("SELECT kind, word FROM word_lists ORDER BY kind, word").fetch_all(pool).await.se()?;
        let mut lists = WordLists::default();
        for (kind, word) in rows {
            if let Some(l) = lists.list_mut(&kind) {
                l.push(word);
            }
        }
        Ok(lists)
    })
}

pub async fn save_word_list(db: &Db, kind: &str, words: &[String], audit: &AuditContext) -> StoreResult<()> {
    let after = json(&words)?;
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await.se()?;
        sqlx::query("DELETE FROM word_lists WHERE kind = $1").bind(kind).execute(&mut *tx).await.se()?;
        for w in words {
            sqlx::query("INSERT INTO word_lists (kind, word) VALUES ($1, $2) ON CONFLICT (kind, word) DO NOTHING")
                .bind(kind)
                .bind(w)
                .execute(&mut *tx)
                .await
                .se()?;
        }
        append_audit!(tx, audit, "word_list", kind, None, None, Some(after));
        tx.commit().await.se()?;
        Ok(())
    })
}

type CampaignRow = (i64, String, String, NaiveDate, NaiveDate, String);

fn campaign_from(r: CampaignRow) -> Campaign {
    Campaign { id: r.0, name: r.1, hashtag: r.2, starts_on: r.3, ends_on: r.4, description: r.5 }
}

pub async fn campaigns(db: &Db) -> StoreResult<Vec<Campaign>> {
    with_db!(db, pool => {
        let rows: Vec<CampaignRow> = sqlx::query_as("SELECT id, name, hashtag, starts_on, ends_on, description FROM campaigns ORDER BY starts_on DESC, id DESC")
            .fetch_all(pool)
            .await
            .se()?;
        Ok(rows.into_iter().map(campaign_from).collect())
    })
}

pub async fn create_campaign(db: &Db, c: &CampaignInput, audit: &AuditContext) -> StoreResult<Campaign> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await.se()?;
        let row: CampaignRow = sqlx::query_as(
            "INSERT INTO campaigns (name, hashtag, starts_on, ends_on, description, created_at) VALUES ($1, $2, $3, $4, $5, $6) \
             RETURNING id, name, hashtag, starts_on, ends_on, description",
        )
        .bind(&c.name)
        .bind(&c.hashtag)
        .bind(c.starts_on)
        .bind(c.ends_on)
        .bind(&c.description)
        .bind(audit.at)
        .fetch_one(&mut *tx)
        .await
        .se()?;
        let campaign = campaign_from(row);
        append_audit!(tx, audit, "campaign", campaign.id, None, None, Some(json(&campaign)?));
        tx.commit().await.se()?;
        Ok(campaign)
    })
}

const POST_COLS: &str = "id, agency_id, campaign_id, title, body, hashtag, category, audience, link, status, version, \
    scheduled_at, created_by, created_at, updated_by, updated_at, submitted_by, decided_by, decided_at, decision_note, override_reason";

/// More columns than sqlx decodes as a tuple: read by position.
macro_rules! post_from_row {
    ($r:expr) => {{
        use sqlx::Row;
        let r = $r;
        (|| -> Result<Post, sqlx::Error> {
            Ok(Post {
                id: r.try_get(0)?,
                agency_id: AgencyId(r.try_get(1)?),
                campaign_id: r.try_get(2)?,
                title: r.try_get(3)?,
                body: r.try_get(4)?,
                hashtag: r.try_get(5)?,
                category: r.try_get::<Option<String>, _>(6)?.as_deref().and_then(Category::parse),
                audience: r.try_get(7)?,
                link: r.try_get(8)?,
                status: PostStatus::parse(&r.try_get::<String, _>(9)?).unwrap_or(PostStatus::Draft),
                version: r.try_get(10)?,
                scheduled_at: r.try_get(11)?,
                created_by: r.try_get::<Option<i64>, _>(12)?.map(UserId),
                created_at: r.try_get(13)?,
                updated_by: r.try_get::<Option<i64>, _>(14)?.map(UserId),
                updated_at: r.try_get(15)?,
                submitted_by: r.try_get::<Option<i64>, _>(16)?.map(UserId),
                decided_by: r.try_get::<Option<i64>, _>(17)?.map(UserId),
                decided_at: r.try_get(18)?,
                decision_note: r.try_get(19)?,
                override_reason: r.try_get(20)?,
                targets: vec![],
                item_ids: vec![],
                images: vec![],
            })
        })()
        .se()
    }};
}

/// Writes targets and linked items of a post (replacing earlier ones).
macro_rules! write_links {
    ($tx:expr, $id:expr, $p:expr) => {{
        sqlx::query("DELETE FROM post_targets WHERE post_id = $1").bind($id).execute(&mut *$tx).await.se()?;
        sqlx::query("DELETE FROM post_items WHERE post_id = $1").bind($id).execute(&mut *$tx).await.se()?;
        for t in &$p.targets {
            sqlx::query("INSERT INTO post_targets (post_id, account_id, variant) VALUES ($1, $2, $3)")
                .bind($id)
                .bind(t.account_id.0)
                .bind(&t.variant)
                .execute(&mut *$tx)
                .await
                .se()?;
        }
        for i in &$p.item_ids {
            sqlx::query("INSERT INTO post_items (post_id, item_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind($id)
                .bind(*i)
                .execute(&mut *$tx)
                .await
                .se()?;
        }
    }};
}

/// Loads targets and items into posts.
macro_rules! load_links {
    ($conn:expr, $posts:expr) => {{
        for p in $posts.iter_mut() {
            let t: Vec<(i64, String)> =
                sqlx::query_as("SELECT account_id, variant FROM post_targets WHERE post_id = $1 ORDER BY account_id")
                    .bind(p.id)
                    .fetch_all(&mut *$conn)
                    .await
                    .se()?;
            p.targets = t.into_iter().map(|(a, variant)| PostTarget { account_id: AccountId(a), variant }).collect();
            let i: Vec<(i64,)> = sqlx::query_as("SELECT item_id FROM post_items WHERE post_id = $1 ORDER BY item_id")
                .bind(p.id)
                .fetch_all(&mut *$conn)
                .await
                .se()?;
            p.item_ids = i.into_iter().map(|x| x.0).collect();
            let img: Vec<(i32, String, String, String, i64, String)> = sqlx::query_as(
                "SELECT position, blob_key, content_type, name, size, alt FROM post_images WHERE post_id = $1 ORDER BY position",
            )
            .bind(p.id)
            .fetch_all(&mut *$conn)
            .await
            .se()?;
            p.images = img
                .into_iter()
                .map(|r| PostImage { position: r.0, blob_key: r.1, content_type: r.2, name: r.3, size: r.4, alt: r.5 })
                .collect();
        }
    }};
}

pub async fn create_post(db: &Db, p: &NewPost, by: UserId, audit: &AuditContext) -> StoreResult<Post> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await.se()?;
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO posts (agency_id, campaign_id, title, body, hashtag, category, audience, link, status, version, scheduled_at, \
             created_by, created_at, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'draft', 1, $9, $10, $11, $10, $11) \
             RETURNING {POST_COLS}"
        )))
        .bind(p.agency_id.0)
        .bind(p.campaign_id)
        .bind(&p.title)
        .bind(&p.body)
        .bind(&p.hashtag)
        .bind(p.category.map(|c| c.as_str()))
        .bind(&p.audience)
        .bind(&p.link)
        .bind(p.scheduled_at)
        .bind(by.0)
        .bind(audit.at)
        .fetch_one(&mut *tx)
        .await
        .se()?;
        let mut post = post_from_row!(row)?;
        write_links!(tx, post.id, p);
        post.targets = p.targets.clone();
        post.item_ids = p.item_ids.clone();
        append_audit!(tx, audit, "post", post.id, Some(post.agency_id), None, Some(json(&post)?));
        tx.commit().await.se()?;
        Ok(post)
    })
}

/// Saves an edit if the post is still at `version` (optimistic lock);
/// `NotFound` otherwise. Its queued deliveries are cancelled (an approved
/// message that is edited needs approval again); `Conflict` if one is under way or done.
pub async fn update_post(
    db: &Db,
    id: i64,
    version: i32,
    p: &NewPost,
    by: UserId,
    audit: &AuditContext,
) -> StoreResult<Post> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await.se()?;
        let before = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {POST_COLS} FROM posts WHERE id = $1")))
            .bind(id)
            .fetch_optional(&mut *tx)
            .await
            .se()?
            .ok_or(StoreError::NotFound)?;
        let before = post_from_row!(before)?;
        let (sent,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM deliveries WHERE post_id = $1 AND status NOT IN ('queued', 'cancelled')")
            .bind(id)
            .fetch_one(&mut *tx)
            .await
            .se()?;
        if sent > 0 {
            return Err(StoreError::Conflict { constraint: "post_already_sent".into() });
        }
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE posts SET campaign_id = $3, title = $4, body = $5, hashtag = $6, category = $7, audience = $8, link = $9, \
             scheduled_at = $10, status = 'draft', version = version + 1, updated_by = $11, updated_at = $12, \
             decided_by = NULL, decided_at = NULL, override_reason = '' \
             WHERE id = $1 AND version = $2 AND status <> 'cancelled' RETURNING {POST_COLS}"
        )))
        .bind(id)
        .bind(version)
        .bind(p.campaign_id)
        .bind(&p.title)
        .bind(&p.body)
        .bind(&p.hashtag)
        .bind(p.category.map(|c| c.as_str()))
        .bind(&p.audience)
        .bind(&p.link)
        .bind(p.scheduled_at)
        .bind(by.0)
        .bind(audit.at)
        .fetch_optional(&mut *tx)
        .await
        .se()?
        .ok_or(StoreError::NotFound)?;
        let mut post = post_from_row!(row)?;
        sqlx::query("UPDATE deliveries SET status = 'cancelled', updated_at = $2 WHERE post_id = $1 AND status = 'queued'")
            .bind(id)
            .bind(audit.at)
            .execute(&mut *tx)
            .await
            .se()?;
        write_links!(tx, post.id, p);
        post.targets = p.targets.clone();
        post.item_ids = p.item_ids.clone();
        append_audit!(tx, audit, "post", post.id, Some(post.agency_id), Some(json(&before)?), Some(json(&post)?));
        tx.commit().await.se()?;
        Ok(post)
    })
}

/// Moves a post from one status to another at a version (compare-and-set);
/// with `deliveries` (approval) their rows are created in the same
/// transaction, each queued for `scheduled_at`. `NotFound` when it moved meanwhile.
pub async fn decide_post(
    db: &Db,
    id: i64,
    d: &PostDecision,
    deliveries: &[(AccountId, Outbound)],
    audit: &AuditContext,
) -> StoreResult<(Post, Vec<Delivery>)> {
    let submitting = d.to == PostStatus::Submitted;
    let deciding = matches!(d.to, PostStatus::Approved | PostStatus::Rejected);
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await.se()?;
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE posts SET status = $4, version = version + 1, updated_at = $5, updated_by = $6, \
             submitted_by = CASE WHEN $7 THEN $6 ELSE submitted_by END, \
             decided_by = CASE WHEN $8 THEN $6 ELSE decided_by END, decided_at = CASE WHEN $8 THEN $5 ELSE decided_at END, \
             decision_note = CASE WHEN $8 THEN $9 ELSE decision_note END, override_reason = CASE WHEN $8 THEN $10 ELSE override_reason END \
             WHERE id = $1 AND status = $2 AND version = $3 RETURNING {POST_COLS}"
        )))
        .bind(id)
        .bind(d.from.as_str())
        .bind(d.version)
        .bind(d.to.as_str())
        .bind(audit.at)
        .bind(d.by.0)
        .bind(submitting)
        .bind(deciding)
        .bind(&d.note)
        .bind(&d.override_reason)
        .fetch_optional(&mut *tx)
        .await
        .se()?
        .ok_or(StoreError::NotFound)?;
        let mut post = post_from_row!(row)?;
        if d.to == PostStatus::Cancelled {
            sqlx::query("UPDATE deliveries SET status = 'cancelled', updated_at = $2 WHERE post_id = $1 AND status IN ('queued', 'retrying', 'failed')")
                .bind(id)
                .bind(audit.at)
                .execute(&mut *tx)
                .await
                .se()?;
        }
        let mut created = Vec::new();
        for (account, outbound) in deliveries {
            let payload = serde_json::to_string(outbound).map_err(|e| StoreError::Other(Box::new(e)))?;
            let row: crate::channels::DeliveryRow = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "INSERT INTO deliveries (account_id, post_id, outbound, idem_key, status, next_attempt_at, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, 'queued', $5, $6, $6) RETURNING {}",
                crate::channels::DELIVERY_RETURNING
            )))
            .bind(account.0)
            .bind(id)
            .bind(&payload)
            .bind(outbound.key())
            .bind(post.scheduled_at)
            .bind(audit.at)
            .fetch_one(&mut *tx)
            .await
            .se()?;
            created.push(crate::channels::delivery_from(row)?);
        }
        load_links!(tx, std::slice::from_mut(&mut post));
        append_audit!(tx, audit, "post", post.id, Some(post.agency_id), None, Some(json(&post)?));
        tx.commit().await.se()?;
        Ok((post, created))
    })
}

pub async fn post(db: &Db, id: i64) -> StoreResult<Option<Post>> {
    with_db!(db, pool => {
        let mut conn = pool.acquire().await.se()?;
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {POST_COLS} FROM posts WHERE id = $1")))
            .bind(id)
            .fetch_optional(&mut *conn)
            .await
            .se()?;
        let Some(row) = row else { return Ok(None) };
        let mut posts = vec![post_from_row!(row)?];
        load_links!(conn, posts);
        Ok(posts.pop())
    })
}

/// Posts by agency, status and time window (scheduled time, or last change when unscheduled).
pub async fn posts(db: &Db, f: &PostFilter) -> StoreResult<Vec<Post>> {
    with_db!(db, pool => {
        let mut conn = pool.acquire().await.se()?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {POST_COLS} FROM posts WHERE ($1 IS NULL OR agency_id = $1) AND ($2 IS NULL OR status = $2) \
             AND ($3 IS NULL OR COALESCE(scheduled_at, updated_at) >= $3) AND ($4 IS NULL OR COALESCE(scheduled_at, updated_at) < $4) \
             ORDER BY COALESCE(scheduled_at, updated_at) DESC, id DESC LIMIT $5"
        )))
        .bind(f.agency_id)
        .bind(f.status.as_deref())
        .bind(f.from)
        .bind(f.to)
        .bind(f.limit.unwrap_or(200))
        .fetch_all(&mut *conn)
        .await
        .se()?;
        let mut posts = rows.into_iter().map(|r| post_from_row!(r)).collect::<StoreResult<Vec<Post>>>()?;
        load_links!(conn, posts);
        Ok(posts)
    })
}

pub async fn post_deliveries(db: &Db, post: i64) -> StoreResult<Vec<Delivery>> {
    with_db!(db, pool => {
        let rows: Vec<crate::channels::DeliveryRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {} FROM deliveries WHERE post_id = $1 ORDER BY id",
            crate::channels::DELIVERY_RETURNING
        )))
        .bind(post)
        .fetch_all(pool)
        .await
        .se()?;
        rows.into_iter().map(crate::channels::delivery_from).collect()
    })
}

/// Deliveries that should be running (queued, retrying, or interrupted while sending), for re-queueing jobs at start.
pub async fn open_deliveries(db: &Db) -> StoreResult<Vec<Delivery>> {
    with_db!(db, pool => {
        let rows: Vec<crate::channels::DeliveryRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {} FROM deliveries WHERE status IN ('queued', 'retrying', 'sending') ORDER BY id",
            crate::channels::DELIVERY_RETURNING
        )))
        .fetch_all(pool)
        .await
        .se()?;
        rows.into_iter().map(crate::channels::delivery_from).collect()
    })
}

/// Adds (`Some`) or removes (`None`, by position) an image of a draft at
/// `version`, bumping the version; `NotFound` when it moved meanwhile.
pub async fn change_post_image(
    db: &Db,
    id: i64,
    version: i32,
    add: Option<&PostImage>,
    remove: Option<i32>,
    audit: &AuditContext,
) -> StoreResult<Post> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await.se()?;
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE posts SET version = version + 1, updated_at = $3 WHERE id = $1 AND version = $2 \
             AND status IN ('draft', 'rejected') RETURNING {POST_COLS}"
        )))
        .bind(id)
        .bind(version)
        .bind(audit.at)
        .fetch_optional(&mut *tx)
        .await
        .se()?
        .ok_or(StoreError::NotFound)?;
        let mut post = post_from_row!(row)?;
        if let Some(img) = add {
            let (next,): (i32,) = sqlx::query_as("SELECT COALESCE(MAX(position), 0) + 1 FROM post_images WHERE post_id = $1")
                .bind(id)
                .fetch_one(&mut *tx)
                .await
                .se()?;
            sqlx::query("INSERT INTO post_images (post_id, position, blob_key, content_type, name, size, alt) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                .bind(id)
                .bind(next)
                .bind(&img.blob_key)
                .bind(&img.content_type)
                .bind(&img.name)
                .bind(img.size)
                .bind(&img.alt)
                .execute(&mut *tx)
                .await
                .se()?;
        }
        if let Some(position) = remove {
            let r = sqlx::query("DELETE FROM post_images WHERE post_id = $1 AND position = $2").bind(id).bind(position).execute(&mut *tx).await.se()?;
            if r.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
        }
        load_links!(tx, std::slice::from_mut(&mut post));
        append_audit!(tx, audit, "post", post.id, Some(post.agency_id), None, Some(json(&post)?));
        tx.commit().await.se()?;
        Ok(post)
    })
}
