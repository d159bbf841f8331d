//! Analysis and reporting: texts for the theme grouping, hot issues noticed,
//! the recommendations register, the report's grouped figures, annual report
//! records with their submitted versions, and the evaluation's settings.
//!
//! Month buckets and time differences are where the engines' SQL differs;
//! those queries come in one version per engine.

use crate::audit::{append_audit, json};
use crate::db::{BeginWrite, Db, OrStoreErr, with_db};
use chrono::{DateTime, NaiveDate, Utc};
use humas_core::audit::AuditContext;
use humas_core::error::StoreError;
use humas_core::ids::{AccountId, AgencyId, UserId};
use humas_core::insight::ItemText;
use humas_core::report::{
    DeliveryStat, Facts, FactsDetail, ItemStat, Narratives, PostStat, RecStatus, Recommendation, RecommendationChange,
    RecommendationInput, ReferralRow, ReportRecord, ReportStatus, ResponseRow,
};
use humas_core::store::StoreResult;

/// The agency condition on parameter `$3`: a plain equality when there is an
/// agency, so that the `(agency_id, received_at)` index is used — the planners
/// cannot use it for `($3 IS NULL OR agency_id = $3)` and scan the whole region.
fn agency_is(agency: Option<AgencyId>, column: &'static str) -> String {
    match agency {
        Some(_) => format!("{column} = $3"),
        None => "$3 IS NULL".to_string(),
    }
}

pub async fn item_texts(
    db: &Db,
    agency: Option<AgencyId>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    limit: i64,
) -> StoreResult<Vec<ItemText>> {
    type Row = (i64, i64, String, Option<String>, DateTime<Utc>);
    with_db!(db, pool => {
        let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT id, agency_id, text, district, received_at FROM items \
             WHERE received_at >= $1 AND received_at < $2 AND {} \
             ORDER BY received_at DESC LIMIT $4",
            agency_is(agency, "agency_id")
        )))
        .bind(from)
        .bind(to)
        .bind(agency.map(|a| a.0))
        .bind(limit)
        .fetch_all(pool)
        .await
        .se()?;
        Ok(rows
            .into_iter()
            .map(|r| ItemText { id: r.0, agency_id: AgencyId(r.1), text: r.2, district: r.3, received_at: r.4 })
            .collect())
    })
}

/// Records a hot issue once per theme and period; `true` the first time.
pub async fn note_hot_issue(
    db: &Db,
    key: &str,
    label: &str,
    period_start: NaiveDate,
    count: i64,
    previous: i64,
    at: DateTime<Utc>,
) -> StoreResult<bool> {
    with_db!(db, pool => {
        let r = sqlx::query(
            "INSERT INTO hot_issues (theme_key, label, period_start, count, previous, noticed_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (theme_key, period_start) DO NOTHING",
        )
        .bind(key)
        .bind(label)
        .bind(period_start)
        .bind(count)
        .bind(previous)
        .bind(at)
        .execute(pool)
        .await
        .se()?;
        Ok(r.rows_affected() == 1)
    })
}

pub async fn hot_issues_since(db: &Db, since: NaiveDate) -> StoreResult<Vec<humas_core::insight::HotIssue>> {
    with_db!(db, pool => {
        let rows: Vec<(String, String, i64, i64, NaiveDate)> = sqlx::query_as(
            "SELECT theme_key, label, count, previous, period_start FROM hot_issues WHERE period_start >= $1 \
             ORDER BY period_start DESC, count DESC LIMIT 20",
        )
        .bind(since)
        .fetch_all(pool)
        .await
        .se()?;
        Ok(rows
            .into_iter()
            .map(|r| humas_core::insight::HotIssue { key: r.0, label: r.1, count: r.2, previous: r.3, period_start: r.4 })
            .collect())
    })
}

// ---------------------------------------------------------------- register

type RecRow = (
    i64,
    i64,
    String,
    String,
    String,
    String,
    String,
    Option<i64>,
    Option<NaiveDate>,
    Option<i64>,
    DateTime<Utc>,
    DateTime<Utc>,
    i64,
);
const REC_COLS: &str = "id, agency_id, title, body, topic, status, status_note, post_id, due_on, created_by, \
    created_at, updated_at, version";

fn rec_from(r: RecRow, item_ids: Vec<i64>) -> StoreResult<Recommendation> {
    Ok(Recommendation {
        id: r.0,
        agency_id: AgencyId(r.1),
        title: r.2,
        body: r.3,
        topic: r.4,
        status: RecStatus::parse(&r.5).map_err(|e| StoreError::Other(Box::new(e)))?,
        status_note: r.6,
        post_id: r.7,
        due_on: r.8,
        created_by: r.9.map(UserId),
        created_at: r.10,
        updated_at: r.11,
        version: r.12,
        item_ids,
    })
}

pub async fn recommendations(db: &Db, agency: Option<AgencyId>) -> StoreResult<Vec<Recommendation>> {
    with_db!(db, pool => {
        let rows: Vec<RecRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {REC_COLS} FROM recommendations WHERE ($1 IS NULL OR agency_id = $1) ORDER BY created_at DESC, id DESC"
        )))
        .bind(agency.map(|a| a.0))
        .fetch_all(pool)
        .await
        .se()?;
        let links: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT l.recommendation_id, l.item_id FROM recommendation_items l \
             JOIN recommendations r ON r.id = l.recommendation_id WHERE ($1 IS NULL OR r.agency_id = $1) \
             ORDER BY l.item_id",
        )
        .bind(agency.map(|a| a.0))
        .fetch_all(pool)
        .await
        .se()?;
        rows.into_iter()
            .map(|r| {
                let items = links.iter().filter(|l| l.0 == r.0).map(|l| l.1).collect();
                rec_from(r, items)
            })
            .collect()
    })
}

pub async fn recommendation(db: &Db, id: i64) -> StoreResult<Option<Recommendation>> {
    with_db!(db, pool => {
        let row: Option<RecRow> =
            sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {REC_COLS} FROM recommendations WHERE id = $1")))
                .bind(id)
                .fetch_optional(pool)
                .await
                .se()?;
        let Some(row) = row else { return Ok(None) };
        let items: Vec<(i64,)> =
            sqlx::query_as("SELECT item_id FROM recommendation_items WHERE recommendation_id = $1 ORDER BY item_id")
                .bind(id)
                .fetch_all(pool)
                .await
                .se()?;
        rec_from(row, items.into_iter().map(|i| i.0).collect()).map(Some)
    })
}

pub async fn create_recommendation(
    db: &Db,
    r: &RecommendationInput,
    by: UserId,
    audit: &AuditContext,
) -> StoreResult<Recommendation> {
    let id = with_db!(db, pool => {
        let mut tx = pool.begin_write().await.se()?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO recommendations (agency_id, title, body, topic, status, post_id, due_on, created_by, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, 'proposed', NULL, $5, $6, $7, $7) RETURNING id",
        )
        .bind(r.agency_id.0)
        .bind(&r.title)
        .bind(&r.body)
        .bind(&r.topic)
        .bind(r.due_on)
        .bind(by.0)
        .bind(audit.at)
        .fetch_one(&mut *tx)
        .await
        .se()?;
        for item in &r.item_ids {
            // Only the agency's own items (or items it was referred) can be evidence;
            // the service checked readability, the insert checks existence.
            sqlx::query("INSERT INTO recommendation_items (recommendation_id, item_id) VALUES ($1, $2)")
                .bind(id)
                .bind(item)
                .execute(&mut *tx)
                .await
                .se()?;
        }
        let after = serde_json::json!({"title": r.title, "topic": r.topic, "items": r.item_ids});
        append_audit!(tx, audit, "recommendation", id, Some(r.agency_id), None, Some(after.to_string()));
        tx.commit().await.se()?;
        id
    });
    recommendation(db, id).await?.ok_or(StoreError::NotFound)
}

/// Moves a recommendation on; `None` when `version` is stale.
pub async fn change_recommendation(
    db: &Db,
    id: i64,
    c: &RecommendationChange,
    audit: &AuditContext,
) -> StoreResult<Option<Recommendation>> {
    let before = recommendation(db, id).await?.ok_or(StoreError::NotFound)?;
    let changed = with_db!(db, pool => {
        let mut tx = pool.begin_write().await.se()?;
        let r = sqlx::query(
            "UPDATE recommendations SET status = $1, status_note = $2, post_id = COALESCE($3, post_id), \
             updated_at = $4, version = version + 1 WHERE id = $5 AND version = $6",
        )
        .bind(c.status.as_str())
        .bind(&c.note)
        .bind(c.post_id)
        .bind(audit.at)
        .bind(id)
        .bind(c.version)
        .execute(&mut *tx)
        .await
        .se()?;
        if r.rows_affected() == 1 {
            let after = serde_json::json!({"status": c.status.as_str(), "note": c.note, "post_id": c.post_id});
            let was = serde_json::json!({"status": before.status.as_str()}).to_string();
            append_audit!(tx, audit, "recommendation", id, Some(before.agency_id), Some(was), Some(after.to_string()));
        }
        tx.commit().await.se()?;
        r.rows_affected() == 1
    });
    if changed { recommendation(db, id).await } else { Ok(None) }
}

// ------------------------------------------------------------------- facts

/// The report's grouped figures for one agency or all, over `[from, to)`.
/// `tz_secs` is the region's UTC offset (Indonesia keeps no summer time).
pub async fn report_facts(
    db: &Db,
    agency: Option<AgencyId>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    tz_secs: i32,
    detail: FactsDetail,
) -> StoreResult<Facts> {
    let a = agency.map(|a| a.0);
    // Per agency only: one count per agency, read from the index alone.
    let (sqlite_groups, pg_groups) = match detail {
        FactsDetail::Full => (
            "strftime('%Y-%m', received_at, $4), kind, sentiment, district, COUNT(*) FROM items",
            "to_char(received_at AT TIME ZONE 'UTC' + $4::interval, 'YYYY-MM'), kind, sentiment, district, COUNT(*) \
             FROM items",
        ),
        FactsDetail::PerAgency => (
            // `$4` (the offset) is bound either way; here it yields an empty month.
            "substr($4, 1, 0), '', '', NULL, COUNT(*) FROM items",
            "left($4::text, 0), '', '', NULL::text, COUNT(*) FROM items",
        ),
    };
    let item_groups = match detail {
        FactsDetail::Full => "GROUP BY 1, 2, 3, 4, 5",
        FactsDetail::PerAgency => "GROUP BY 1",
    };
    let on_items = agency_is(agency, "agency_id");
    let on_accounts = agency_is(agency, "ac.agency_id");
    let on_posts = agency_is(agency, "p.agency_id");
    type ItemRow = (i64, String, String, String, Option<String>, i64);
    type RespRow = (i64, i64, bool, i64);
    type RefRow = (i64, i64, DateTime<Utc>, Option<DateTime<Utc>>);
    type DelRow = (i64, i64, String, bool, i64);
    type PostRow = (i64, i64, String, String, Option<String>, Option<String>, i64, i64, i64, i64);
    let (items, responses, deliveries): (Vec<ItemRow>, Vec<RespRow>, Vec<DelRow>) = match db {
        Db::Sqlite(pool) => {
            let shift = format!("{tz_secs:+} seconds");
            let items = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT agency_id, {sqlite_groups} \
                 WHERE received_at >= $1 AND received_at < $2 AND {on_items} {item_groups}"
            )))
            .bind(from)
            .bind(to)
            .bind(a)
            .bind(&shift)
            .fetch_all(pool);
            // Six-minute buckets (0.1 h), rounded.
            let responses = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT agency_id, CAST(ROUND((julianday(first_response_at) - julianday(received_at)) * 240.0) AS INTEGER), \
                 due_at IS NULL OR julianday(first_response_at) <= julianday(due_at), COUNT(*) FROM items \
                 WHERE received_at >= $1 AND received_at < $2 AND {on_items} \
                 AND first_response_at IS NOT NULL GROUP BY 1, 2, 3"
            )))
            .bind(from)
            .bind(to)
            .bind(a)
            .fetch_all(pool);
            let deliveries = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT ac.agency_id, d.account_id, strftime('%Y-%m', d.delivered_at, $4), d.post_id IS NOT NULL, \
                 COUNT(*) FROM deliveries d JOIN accounts ac ON ac.id = d.account_id \
                 WHERE d.status = 'delivered' AND d.delivered_at >= $1 AND d.delivered_at < $2 \
                 AND {on_accounts} GROUP BY 1, 2, 3, 4"
            )))
            .bind(from)
            .bind(to)
            .bind(a)
            .bind(&shift)
            .fetch_all(pool);
            // Three readers at once (WAL): the region's year is two scans of every item.
            tokio::try_join!(items, responses, deliveries).se()?
        }
        Db::Pg(pool) => {
            let shift = format!("{tz_secs} seconds");
            let items = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT agency_id, {pg_groups} \
                 WHERE received_at >= $1 AND received_at < $2 AND {on_items} {item_groups}"
            )))
            .bind(from)
            .bind(to)
            .bind(a)
            .bind(&shift)
            .fetch_all(pool);
            let responses = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT agency_id, ROUND(EXTRACT(EPOCH FROM (first_response_at - received_at)) / 360.0)::bigint, \
                 (due_at IS NULL OR first_response_at <= due_at), COUNT(*) FROM items \
                 WHERE received_at >= $1 AND received_at < $2 AND {on_items} \
                 AND first_response_at IS NOT NULL GROUP BY 1, 2, 3"
            )))
            .bind(from)
            .bind(to)
            .bind(a)
            .fetch_all(pool);
            let deliveries = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT ac.agency_id, d.account_id, to_char(d.delivered_at AT TIME ZONE 'UTC' + $4::interval, 'YYYY-MM'), \
                 d.post_id IS NOT NULL, COUNT(*) FROM deliveries d JOIN accounts ac ON ac.id = d.account_id \
                 WHERE d.status = 'delivered' AND d.delivered_at >= $1 AND d.delivered_at < $2 \
                 AND {on_accounts} GROUP BY 1, 2, 3, 4"
            )))
            .bind(from)
            .bind(to)
            .bind(a)
            .bind(&shift)
            .fetch_all(pool);
            tokio::try_join!(items, responses, deliveries).se()?
        }
    };
    let (referrals, posts): (Vec<RefRow>, Vec<PostRow>) = with_db!(db, pool => {
        let referrals = sqlx::query_as(
            "SELECT from_agency_id, to_agency_id, due_at, answered_at FROM referrals \
             WHERE referred_at >= $1 AND referred_at < $2 AND ($3 IS NULL OR from_agency_id = $3 OR to_agency_id = $3)",
        )
        .bind(from)
        .bind(to)
        .bind(a)
        .fetch_all(pool)
        .await
        .se()?;
        let posts = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT p.agency_id, p.id, p.title, p.body, p.category, MAX(c.name), \
             CAST(COALESCE(SUM(m.likes), 0) AS BIGINT), CAST(COALESCE(SUM(m.comments), 0) AS BIGINT), \
             CAST(COALESCE(SUM(m.shares), 0) AS BIGINT), CAST(COALESCE(SUM(m.views), 0) AS BIGINT) \
             FROM posts p JOIN deliveries d ON d.post_id = p.id \
             LEFT JOIN campaigns c ON c.id = p.campaign_id \
             LEFT JOIN (SELECT delivery_id, MAX(likes) AS likes, MAX(comments) AS comments, MAX(shares) AS shares, \
                        MAX(views) AS views FROM post_metrics GROUP BY delivery_id) m ON m.delivery_id = d.id \
             WHERE d.status = 'delivered' AND d.delivered_at >= $1 AND d.delivered_at < $2 \
             AND {on_posts} GROUP BY p.agency_id, p.id, p.title, p.body, p.category"
        )))
        .bind(from)
        .bind(to)
        .bind(a)
        .fetch_all(pool)
        .await
        .se()?;
        (referrals, posts)
    });
    Ok(Facts {
        items: items
            .into_iter()
            .map(|r| ItemStat {
                agency_id: AgencyId(r.0),
                month: r.1,
                kind: r.2,
                sentiment: r.3,
                district: r.4,
                count: r.5,
            })
            .collect(),
        responses: responses
            .into_iter()
            .map(|r| ResponseRow {
                agency_id: AgencyId(r.0),
                seconds: r.1.max(0) as f64 * 360.0,
                on_time: r.2,
                count: r.3,
            })
            .collect(),
        referrals: referrals
            .into_iter()
            .map(|r| ReferralRow {
                from_agency: AgencyId(r.0),
                to_agency: AgencyId(r.1),
                due_at: r.2,
                answered_at: r.3,
            })
            .collect(),
        deliveries: deliveries
            .into_iter()
            .map(|r| DeliveryStat {
                agency_id: AgencyId(r.0),
                account_id: AccountId(r.1),
                month: r.2,
                is_post: r.3,
                count: r.4,
            })
            .collect(),
        posts: posts
            .into_iter()
            .map(|r| PostStat {
                agency_id: AgencyId(r.0),
                post_id: r.1,
                title: if r.2.trim().is_empty() { r.3.chars().take(80).collect() } else { r.2 },
                category: r.4,
                campaign: r.5,
                likes: r.6,
                comments: r.7,
                shares: r.8,
                views: r.9,
            })
            .collect(),
    })
}

// ------------------------------------------------------------------ reports

type ReportRow = (
    i64,
    i64,
    i64,
    String,
    String,
    i64,
    i64,
    Option<DateTime<Utc>>,
    Option<i64>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    DateTime<Utc>,
);
const REPORT_COLS: &str = "id, agency_id, year, status, narratives, version, submitted_version, submitted_at, \
    submitted_by, received_at, read_at, updated_at";

fn report_from(r: ReportRow) -> StoreResult<ReportRecord> {
    Ok(ReportRecord {
        id: r.0,
        agency_id: AgencyId(r.1),
        year: r.2 as i32,
        status: ReportStatus::parse(&r.3),
        narratives: serde_json::from_str(&r.4).map_err(|e| StoreError::Other(Box::new(e)))?,
        version: r.5,
        submitted_version: r.6,
        submitted_at: r.7,
        submitted_by: r.8.map(UserId),
        received_at: r.9,
        read_at: r.10,
        updated_at: r.11,
    })
}

pub async fn report_records(db: &Db, year: i32, agency: Option<AgencyId>) -> StoreResult<Vec<ReportRecord>> {
    with_db!(db, pool => {
        let rows: Vec<ReportRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {REPORT_COLS} FROM reports WHERE year = $1 AND ($2 IS NULL OR agency_id = $2) ORDER BY agency_id"
        )))
        .bind(i64::from(year))
        .bind(agency.map(|a| a.0))
        .fetch_all(pool)
        .await
        .se()?;
        rows.into_iter().map(report_from).collect()
    })
}

async fn report_record(db: &Db, agency: AgencyId, year: i32) -> StoreResult<Option<ReportRecord>> {
    Ok(report_records(db, year, Some(agency)).await?.into_iter().next())
}

/// Saves the narratives of a draft; `None` when `version` is stale or the
/// report is no longer a draft. Version 0 creates the record.
pub async fn save_report_narratives(
    db: &Db,
    agency: AgencyId,
    year: i32,
    n: &Narratives,
    version: i64,
    audit: &AuditContext,
) -> StoreResult<Option<ReportRecord>> {
    let text = json(n)?;
    let ok = with_db!(db, pool => {
        let mut tx = pool.begin_write().await.se()?;
        let done = if version == 0 {
            sqlx::query(
                "INSERT INTO reports (agency_id, year, status, narratives, updated_at) VALUES ($1, $2, 'draft', $3, $4) \
                 ON CONFLICT (agency_id, year) DO NOTHING",
            )
            .bind(agency.0)
            .bind(i64::from(year))
            .bind(&text)
            .bind(audit.at)
            .execute(&mut *tx)
            .await
            .se()?
            .rows_affected()
        } else {
            sqlx::query(
                "UPDATE reports SET narratives = $1, version = version + 1, updated_at = $2 \
                 WHERE agency_id = $3 AND year = $4 AND version = $5 AND status = 'draft'",
            )
            .bind(&text)
            .bind(audit.at)
            .bind(agency.0)
            .bind(i64::from(year))
            .bind(version)
            .execute(&mut *tx)
            .await
            .se()?
            .rows_affected()
        } == 1;
        if done {
            append_audit!(tx, audit, "report", format!("{}:{year}", agency.0), Some(agency), None, Some(text.clone()));
        }
        tx.commit().await.se()?;
        done
    });
    if ok { report_record(db, agency, year).await } else { Ok(None) }
}

/// Locks the current content as the next version and marks the report
/// submitted. `None` when the report is missing or `version` is stale.
pub async fn submit_report(
    db: &Db,
    agency: AgencyId,
    year: i32,
    version: i64,
    content: &str,
    by: UserId,
    audit: &AuditContext,
) -> StoreResult<Option<ReportRecord>> {
    let ok = with_db!(db, pool => {
        let mut tx = pool.begin_write().await.se()?;
        let row: Option<(i64, i64)> = sqlx::query_as(
            "UPDATE reports SET status = 'submitted', submitted_version = submitted_version + 1, \
             submitted_at = $1, submitted_by = $2, received_at = NULL, read_at = NULL, version = version + 1, \
             updated_at = $1 WHERE agency_id = $3 AND year = $4 AND version = $5 AND status = 'draft' \
             RETURNING id, submitted_version",
        )
        .bind(audit.at)
        .bind(by.0)
        .bind(agency.0)
        .bind(i64::from(year))
        .bind(version)
        .fetch_optional(&mut *tx)
        .await
        .se()?;
        if let Some((id, number)) = row {
            sqlx::query(
                "INSERT INTO report_versions (report_id, number, content, submitted_by, submitted_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(number)
            .bind(content)
            .bind(by.0)
            .bind(audit.at)
            .execute(&mut *tx)
            .await
            .se()?;
            let after = serde_json::json!({"status": "submitted", "version": number});
            append_audit!(tx, audit, "report", format!("{}:{year}", agency.0), Some(agency), None, Some(after.to_string()));
        }
        tx.commit().await.se()?;
        row.is_some()
    });
    if ok { report_record(db, agency, year).await } else { Ok(None) }
}

/// Moves a report along: reopened as a draft for a correction, received by
/// the Dinas, read by the Bupati. `None` when it was not in `from`.
pub async fn move_report(
    db: &Db,
    agency: AgencyId,
    year: i32,
    from: ReportStatus,
    to: ReportStatus,
    audit: &AuditContext,
) -> StoreResult<Option<ReportRecord>> {
    let ok = with_db!(db, pool => {
        let mut tx = pool.begin_write().await.se()?;
        let stamp = match to {
            ReportStatus::Received => "received_at = $1,",
            ReportStatus::Read => "read_at = $1,",
            _ => "",
        };
        let n = sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE reports SET status = $2, {stamp} version = version + 1, updated_at = $1 \
             WHERE agency_id = $3 AND year = $4 AND status = $5"
        )))
        .bind(audit.at)
        .bind(to.as_str())
        .bind(agency.0)
        .bind(i64::from(year))
        .bind(from.as_str())
        .execute(&mut *tx)
        .await
        .se()?
        .rows_affected();
        if n == 1 {
            let after = serde_json::json!({"status": to.as_str()});
            append_audit!(tx, audit, "report", format!("{}:{year}", agency.0), Some(agency), None, Some(after.to_string()));
        }
        tx.commit().await.se()?;
        n == 1
    });
    if ok { report_record(db, agency, year).await } else { Ok(None) }
}

pub async fn report_version(db: &Db, report_id: i64, number: i64) -> StoreResult<Option<String>> {
    with_db!(db, pool => {
        let r: Option<(String,)> =
            sqlx::query_as("SELECT content FROM report_versions WHERE report_id = $1 AND number = $2")
                .bind(report_id)
                .bind(number)
                .fetch_optional(pool)
                .await
                .se()?;
        Ok(r.map(|r| r.0))
    })
}

pub async fn report_deadline(db: &Db, year: i32) -> StoreResult<Option<NaiveDate>> {
    with_db!(db, pool => {
        let r: Option<(NaiveDate,)> = sqlx::query_as("SELECT due_on FROM report_deadlines WHERE year = $1")
            .bind(i64::from(year))
            .fetch_optional(pool)
            .await
            .se()?;
        Ok(r.map(|r| r.0))
    })
}

pub async fn set_report_deadline(db: &Db, year: i32, due: NaiveDate, audit: &AuditContext) -> StoreResult<()> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await.se()?;
        sqlx::query(
            "INSERT INTO report_deadlines (year, due_on) VALUES ($1, $2) \
             ON CONFLICT (year) DO UPDATE SET due_on = excluded.due_on",
        )
        .bind(i64::from(year))
        .bind(due)
        .execute(&mut *tx)
        .await
        .se()?;
        append_audit!(tx, audit, "report_deadline", year, None, None, Some(due.to_string()));
        tx.commit().await.se()?;
        Ok(())
    })
}

// --------------------------------------------------------------- evaluation

pub async fn evaluation_weights(db: &Db, year: i32) -> StoreResult<Vec<(String, f64)>> {
    with_db!(db, pool => {
        sqlx::query_as("SELECT code, weight FROM evaluation_weights WHERE year = $1 ORDER BY code")
            .bind(i64::from(year))
            .fetch_all(pool)
            .await
            .se()
    })
}

pub async fn save_evaluation_weights(
    db: &Db,
    year: i32,
    weights: &[(String, f64)],
    audit: &AuditContext,
) -> StoreResult<()> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await.se()?;
        for (code, w) in weights {
            sqlx::query(
                "INSERT INTO evaluation_weights (year, code, weight) VALUES ($1, $2, $3) \
                 ON CONFLICT (year, code) DO UPDATE SET weight = excluded.weight",
            )
            .bind(i64::from(year))
            .bind(code)
            .bind(w)
            .execute(&mut *tx)
            .await
            .se()?;
        }
        append_audit!(tx, audit, "evaluation_weights", year, None, None, Some(json(&weights)?));
        tx.commit().await.se()?;
        Ok(())
    })
}

/// The Dinas's adjusted scores, or next year's targets (`table` decides).
pub async fn evaluation_marks(db: &Db, year: i32, targets: bool) -> StoreResult<Vec<(AgencyId, String, f64, String)>> {
    let sql = if targets {
        "SELECT agency_id, code, target, note FROM evaluation_targets WHERE year = $1"
    } else {
        "SELECT agency_id, code, score, note FROM evaluation_adjustments WHERE year = $1"
    };
    with_db!(db, pool => {
        let rows: Vec<(i64, String, f64, String)> =
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(i64::from(year)).fetch_all(pool).await.se()?;
        Ok(rows.into_iter().map(|r| (AgencyId(r.0), r.1, r.2, r.3)).collect())
    })
}

/// Saves (or with `value: None` removes) an adjusted score or a target.
#[allow(clippy::too_many_arguments)]
pub async fn save_evaluation_mark(
    db: &Db,
    year: i32,
    agency: AgencyId,
    code: &str,
    value: Option<f64>,
    note: &str,
    targets: bool,
    audit: &AuditContext,
) -> StoreResult<()> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await.se()?;
        let (table, col) = if targets { ("evaluation_targets", "target") } else { ("evaluation_adjustments", "score") };
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DELETE FROM {table} WHERE year = $1 AND agency_id = $2 AND code = $3"
        )))
        .bind(i64::from(year))
        .bind(agency.0)
        .bind(code)
        .execute(&mut *tx)
        .await
        .se()?;
        if let Some(v) = value {
            let q = if targets {
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "INSERT INTO {table} (year, agency_id, code, {col}, note) VALUES ($1, $2, $3, $4, $5)"
                )))
            } else {
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "INSERT INTO {table} (year, agency_id, code, {col}, note, adjusted_by, adjusted_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)"
                )))
            };
            let q = q.bind(i64::from(year)).bind(agency.0).bind(code).bind(v).bind(note);
            let q = if targets { q } else { q.bind(audit.actor_id.map(|u| u.0)).bind(audit.at) };
            q.execute(&mut *tx).await.se()?;
        }
        let after = serde_json::json!({"code": code, "value": value, "note": note});
        append_audit!(tx, audit, table, format!("{}:{year}", agency.0), Some(agency), None, Some(after.to_string()));
        tx.commit().await.se()?;
        Ok(())
    })
}
