//! Region profile, kecamatan and agencies.

use crate::audit::{append_audit, json};
use crate::db::{BeginWrite, Db, OrStoreErr, with_db};
use chrono::{DateTime, Utc};
use humas_core::agency::{Agency, AgencyKind, ValidAgency};
use humas_core::audit::AuditContext;
use humas_core::error::StoreError;
use humas_core::ids::{AgencyId, DistrictId};
use humas_core::region::{District, Region};
use humas_core::store::StoreResult;

type RegionRow = (String, String, String, String, Option<String>, i32);

fn region_from(r: RegionRow) -> Region {
    Region { name: r.0, province: r.1, time_zone: r.2, letterhead: r.3, logo_blob: r.4, inactivity_days: r.5 }
}

const REGION_SQL: &str =
    "SELECT name, province, time_zone, letterhead, logo_blob, inactivity_days FROM region WHERE id = 1";

pub async fn region(db: &Db) -> StoreResult<Option<Region>> {
    with_db!(db, pool => {
        let r: Option<RegionRow> = sqlx::query_as(REGION_SQL).fetch_optional(pool).await.se()?;
        Ok(r.map(region_from))
    })
}

pub async fn save_region(db: &Db, region: &Region, audit: &AuditContext) -> StoreResult<()> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await.se()?;
        let before: Option<RegionRow> = sqlx::query_as(REGION_SQL).fetch_optional(&mut *tx).await.se()?;
        sqlx::query(
            "INSERT INTO region (id, name, province, time_zone, letterhead, logo_blob, inactivity_days) \
             VALUES (1, $1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO UPDATE SET name = excluded.name, \
             province = excluded.province, time_zone = excluded.time_zone, letterhead = excluded.letterhead, \
             logo_blob = excluded.logo_blob, inactivity_days = excluded.inactivity_days",
        )
        .bind(&region.name)
        .bind(&region.province)
        .bind(&region.time_zone)
        .bind(&region.letterhead)
        .bind(&region.logo_blob)
        .bind(region.inactivity_days)
        .execute(&mut *tx)
        .await
        .se()?;
        let before = before.map(region_from).map(|r| json(&r)).transpose()?;
        append_audit!(tx, audit, "region", "1", None, before, Some(json(region)?));
        tx.commit().await.se()
    })
}

pub async fn districts(db: &Db) -> StoreResult<Vec<District>> {
    with_db!(db, pool => {
        let rows: Vec<(i64, String)> = sqlx::query_as("SELECT id, name FROM districts ORDER BY name").fetch_all(pool).await.se()?;
        Ok(rows.into_iter().map(|(id, name)| District { id: DistrictId(id), name }).collect())
    })
}

pub async fn add_district(db: &Db, name: &str, audit: &AuditContext) -> StoreResult<District> {
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await.se()?;
        let (id,): (i64,) = sqlx::query_as("INSERT INTO districts (name) VALUES ($1) RETURNING id")
            .bind(name)
            .fetch_one(&mut *tx)
            .await
            .se()?;
        let d = District { id: DistrictId(id), name: name.to_string() };
        append_audit!(tx, audit, "district", id, None, None, Some(json(&d)?));
        tx.commit().await.se()?;
        Ok(d)
    })
}

type AgencyRow = (i64, String, String, String, String, bool, DateTime<Utc>, DateTime<Utc>);

const AGENCY_COLS: &str = "SELECT id, code, name, kind, affairs, is_dinas, created_at, updated_at FROM agencies";

fn agency_from(r: AgencyRow) -> StoreResult<Agency> {
    Ok(Agency {
        id: AgencyId(r.0),
        code: r.1,
        name: r.2,
        kind: AgencyKind::parse(&r.3).map_err(|e| StoreError::Other(Box::new(e)))?,
        affairs: serde_json::from_str(&r.4).unwrap_or_default(),
        is_dinas: r.5,
        created_at: r.6,
        updated_at: r.7,
    })
}

pub async fn agencies(db: &Db) -> StoreResult<Vec<Agency>> {
    with_db!(db, pool => {
        let rows: Vec<AgencyRow> = sqlx::query_as(sql_with(AGENCY_COLS, " ORDER BY is_dinas DESC, name")).fetch_all(pool).await.se()?;
        rows.into_iter().map(agency_from).collect()
    })
}

/// Joins two constant SQL texts; no value is ever formatted into SQL.
pub(crate) fn sql_with(a: &'static str, b: &'static str) -> sqlx::AssertSqlSafe<String> {
    sqlx::AssertSqlSafe(format!("{a}{b}"))
}

pub async fn agency(db: &Db, id: AgencyId) -> StoreResult<Option<Agency>> {
    with_db!(db, pool => {
        let r: Option<AgencyRow> = sqlx::query_as(sql_with(AGENCY_COLS, " WHERE id = $1")).bind(id.0).fetch_optional(pool).await.se()?;
        r.map(agency_from).transpose()
    })
}

pub async fn agency_by_code(db: &Db, code: &str) -> StoreResult<Option<Agency>> {
    with_db!(db, pool => {
        let r: Option<AgencyRow> = sqlx::query_as(sql_with(AGENCY_COLS, " WHERE code = $1")).bind(code).fetch_optional(pool).await.se()?;
        r.map(agency_from).transpose()
    })
}

pub async fn create_agency(db: &Db, a: &ValidAgency, audit: &AuditContext) -> StoreResult<Agency> {
    let affairs = json(&a.affairs)?;
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await.se()?;
        let row: AgencyRow = sqlx::query_as(
            "INSERT INTO agencies (code, name, kind, affairs, is_dinas, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6) \
             RETURNING id, code, name, kind, affairs, is_dinas, created_at, updated_at",
        )
        .bind(&a.code)
        .bind(&a.name)
        .bind(a.kind.as_str())
        .bind(&affairs)
        .bind(a.is_dinas)
        .bind(audit.at)
        .fetch_one(&mut *tx)
        .await
        .se()?;
        let agency = agency_from(row)?;
        append_audit!(tx, audit, "agency", agency.id, Some(agency.id), None, Some(json(&agency)?));
        tx.commit().await.se()?;
        Ok(agency)
    })
}

pub async fn update_agency(db: &Db, id: AgencyId, a: &ValidAgency, audit: &AuditContext) -> StoreResult<Agency> {
    let affairs = json(&a.affairs)?;
    with_db!(db, pool => {
        let mut tx = pool.begin_write().await.se()?;
        let before: AgencyRow = sqlx::query_as(sql_with(AGENCY_COLS, " WHERE id = $1")).bind(id.0).fetch_one(&mut *tx).await.se()?;
        let row: AgencyRow = sqlx::query_as(
            "UPDATE agencies SET code = $2, name = $3, kind = $4, affairs = $5, is_dinas = $6, updated_at = $7 \
             WHERE id = $1 RETURNING id, code, name, kind, affairs, is_dinas, created_at, updated_at",
        )
        .bind(id.0)
        .bind(&a.code)
        .bind(&a.name)
        .bind(a.kind.as_str())
        .bind(&affairs)
        .bind(a.is_dinas)
        .bind(audit.at)
        .fetch_one(&mut *tx)
        .await
        .se()?;
        let before = agency_from(before)?;
        let agency = agency_from(row)?;
        append_audit!(tx, audit, "agency", id, Some(id), Some(json(&before)?), Some(json(&agency)?));
        tx.commit().await.se()?;
        Ok(agency)
    })
}
