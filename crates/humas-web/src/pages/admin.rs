//! Agencies, users, the region profile and the audit log.

use super::{Layout, NoFields, Notice, opt_id, see_other};
use crate::AppState;
use crate::error::{PageError, render};
use crate::fmt;
use crate::i18n::Tr;
use crate::session::{CsrfForm, PageUser};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use humas_core::Role;
use humas_core::agency::{Agency, AgencyInput, AgencyKind};
use humas_core::audit::AuditFilter;
use humas_core::ids::{AgencyId, UserId};
use humas_core::region::{District, Region};
use humas_core::store::AccountFilter;
use humas_core::user::UserInput;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/instansi", get(list_agencies).post(create_agency))
        .route("/instansi/{id}", get(show_agency).post(update_agency))
        .route("/pengguna", get(list_users).post(create_user))
        .route("/pengguna/{id}/nonaktifkan", post(disable_user))
        .route("/pengguna/{id}/aktifkan", post(enable_user))
        .route("/daerah", get(show_region).post(update_region))
        .route("/daerah/kecamatan", post(add_district))
        .route("/daerah/logo", get(region_logo).post(upload_logo))
        .route("/audit", get(audit_log))
}

pub struct AgencyFormValues {
    code: String,
    name: String,
    kind: String,
    affairs: String,
    is_dinas: bool,
}

impl AgencyFormValues {
    fn of(a: &Agency) -> Self {
        Self {
            code: a.code.clone(),
            name: a.name.clone(),
            kind: a.kind.as_str().into(),
            affairs: a.affairs.join("\n"),
            is_dinas: a.is_dinas,
        }
    }
}

#[derive(Template)]
#[template(path = "agencies.html")]
struct AgenciesPage {
    l: Layout,
    agencies: Vec<Agency>,
    can_edit: bool,
    kinds: [AgencyKind; 12],
    form: AgencyFormValues,
    form_action: String,
}

async fn list_agencies(
    State(s): State<AppState>,
    tr: Tr,
    user: PageUser,
    Query(n): Query<Notice>,
) -> Result<Response, PageError> {
    let agencies = s.humas.agencies().await.map_err(|e| PageError(e, tr.clone()))?;
    let page = AgenciesPage {
        l: Layout::user(&s, tr.clone(), &user, "agencies").await.with_notice(n.ok.as_deref()),
        agencies,
        can_edit: user.actor().require_dinas().is_ok(),
        kinds: AgencyKind::ALL,
        form: AgencyFormValues {
            code: String::new(),
            name: String::new(),
            kind: "dinas".into(),
            affairs: String::new(),
            is_dinas: false,
        },
        form_action: "/instansi".into(),
    };
    render(&page, &tr)
}

#[derive(serde::Deserialize)]
struct AgencyForm {
    code: String,
    name: String,
    kind: String,
    #[serde(default)]
    affairs: String,
    is_dinas: Option<String>,
}

impl AgencyForm {
    fn input(self) -> AgencyInput {
        AgencyInput {
            code: self.code,
            name: self.name,
            kind: self.kind,
            affairs: vec![self.affairs],
            is_dinas: self.is_dinas.is_some(),
        }
    }
}

async fn create_agency(State(s): State<AppState>, f: CsrfForm<AgencyForm>) -> Result<Response, PageError> {
    let a = s.humas.create_agency(f.user.actor(), f.form.input()).await.map_err(|e| PageError(e, f.tr.clone()))?;
    Ok(see_other(&format!("/instansi/{}?ok=created", a.id)))
}

#[derive(Template)]
#[template(path = "agency.html")]
struct AgencyPage {
    l: Layout,
    agency: Agency,
    rows: Vec<super::accounts::AccountRow>,
    can_edit: bool,
    kinds: [AgencyKind; 12],
    form: AgencyFormValues,
    form_action: String,
}

async fn show_agency(
    State(s): State<AppState>,
    tr: Tr,
    user: PageUser,
    Path(id): Path<i64>,
    Query(n): Query<Notice>,
) -> Result<Response, PageError> {
    let e = |e| PageError(e, tr.clone());
    let actor = user.actor();
    let agency = s.humas.agency(AgencyId(id)).await.map_err(e)?;
    // Every user may see an agency's name; its accounts only within their scope.
    let accounts = if actor.can_read_agency(agency.id) {
        s.humas.accounts(actor, AccountFilter { agency_id: Some(agency.id), ..Default::default() }).await.map_err(e)?
    } else {
        Vec::new()
    };
    let page = AgencyPage {
        l: Layout::user(&s, tr.clone(), &user, "agencies").await.with_notice(n.ok.as_deref()),
        rows: super::accounts::account_rows(&s, &tr, accounts).await.map_err(e)?,
        can_edit: actor.require_dinas().is_ok(),
        kinds: AgencyKind::ALL,
        form: AgencyFormValues::of(&agency),
        form_action: format!("/instansi/{}", agency.id),
        agency,
    };
    render(&page, &tr)
}

async fn update_agency(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    f: CsrfForm<AgencyForm>,
) -> Result<Response, PageError> {
    s.humas
        .update_agency(f.user.actor(), AgencyId(id), f.form.input())
        .await
        .map_err(|e| PageError(e, f.tr.clone()))?;
    Ok(see_other(&format!("/instansi/{id}?ok=saved")))
}

struct UserRow {
    id: i64,
    username: String,
    display_name: String,
    role: &'static str,
    agency: String,
    disabled: bool,
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    l: Layout,
    rows: Vec<UserRow>,
    can_edit: bool,
    roles: [Role; 5],
    agencies: Vec<Agency>,
}

async fn list_users(
    State(s): State<AppState>,
    tr: Tr,
    user: PageUser,
    Query(n): Query<Notice>,
) -> Result<Response, PageError> {
    let e = |e| PageError(e, tr.clone());
    let users = s.humas.users(user.actor()).await.map_err(e)?;
    let agencies = s.humas.agencies().await.map_err(e)?;
    let rows = users
        .into_iter()
        .map(|u| UserRow {
            id: u.id.0,
            agency: u
                .agency_id
                .and_then(|a| agencies.iter().find(|g| g.id == a))
                .map(|g| g.code.clone())
                .unwrap_or_default(),
            username: u.username,
            display_name: u.display_name,
            role: u.role.label_id(),
            disabled: u.disabled,
        })
        .collect();
    let page = UsersPage {
        l: Layout::user(&s, tr.clone(), &user, "users").await.with_notice(n.ok.as_deref()),
        rows,
        can_edit: user.actor().require_dinas().is_ok(),
        roles: Role::ALL,
        agencies,
    };
    render(&page, &tr)
}

#[derive(serde::Deserialize)]
struct UserForm {
    username: String,
    display_name: String,
    #[serde(default)]
    email: String,
    role: String,
    agency_id: Option<String>,
    password: String,
}

async fn create_user(State(s): State<AppState>, f: CsrfForm<UserForm>) -> Result<Response, PageError> {
    let e = |e| PageError(e, f.tr.clone());
    let role = Role::parse(&f.form.role).map_err(e)?;
    let input = UserInput {
        username: f.form.username,
        display_name: f.form.display_name,
        email: f.form.email,
        role,
        agency_id: opt_id(&f.form.agency_id).map(AgencyId),
        password: f.form.password,
    };
    s.humas.create_user(f.user.actor(), input).await.map_err(e)?;
    Ok(see_other("/pengguna?ok=created"))
}

async fn disable_user(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    f: CsrfForm<NoFields>,
) -> Result<Response, PageError> {
    s.humas.set_user_disabled(f.user.actor(), UserId(id), true).await.map_err(|e| PageError(e, f.tr.clone()))?;
    Ok(see_other("/pengguna?ok=saved"))
}

async fn enable_user(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    f: CsrfForm<NoFields>,
) -> Result<Response, PageError> {
    s.humas.set_user_disabled(f.user.actor(), UserId(id), false).await.map_err(|e| PageError(e, f.tr.clone()))?;
    Ok(see_other("/pengguna?ok=saved"))
}

#[derive(Template)]
#[template(path = "region.html")]
struct RegionPage {
    l: Layout,
    region: Region,
    districts: Vec<District>,
    can_edit: bool,
    zones: [(&'static str, &'static str); 4],
}

const ZONES: [(&str, &str); 4] = [
    ("Asia/Jakarta", "WIB — Asia/Jakarta"),
    ("Asia/Pontianak", "WIB — Asia/Pontianak"),
    ("Asia/Makassar", "WITA — Asia/Makassar"),
    ("Asia/Jayapura", "WIT — Asia/Jayapura"),
];

async fn show_region(
    State(s): State<AppState>,
    tr: Tr,
    user: PageUser,
    Query(n): Query<Notice>,
) -> Result<Response, PageError> {
    let e = |e| PageError(e, tr.clone());
    let page = RegionPage {
        l: Layout::user(&s, tr.clone(), &user, "region").await.with_notice(n.ok.as_deref()),
        region: s.humas.region().await.map_err(e)?,
        districts: s.humas.districts().await.map_err(e)?,
        can_edit: user.actor().require_dinas().is_ok(),
        zones: ZONES,
    };
    render(&page, &tr)
}

#[derive(serde::Deserialize)]
struct RegionForm {
    name: String,
    #[serde(default)]
    province: String,
    time_zone: String,
    #[serde(default)]
    letterhead: String,
    inactivity_days: String,
}

async fn update_region(State(s): State<AppState>, f: CsrfForm<RegionForm>) -> Result<Response, PageError> {
    let e = |e| PageError(e, f.tr.clone());
    let days = f
        .form
        .inactivity_days
        .trim()
        .parse()
        .map_err(|_| e(humas_core::Error::invalid("inactivity_days", "Isi jumlah hari dengan angka.")))?;
    let region = Region {
        name: f.form.name,
        province: f.form.province,
        time_zone: f.form.time_zone,
        letterhead: f.form.letterhead,
        logo_blob: None,
        inactivity_days: days,
    };
    s.humas.update_region(f.user.actor(), region).await.map_err(e)?;
    Ok(see_other("/daerah?ok=saved"))
}

#[derive(serde::Deserialize)]
struct DistrictForm {
    name: String,
}

async fn add_district(State(s): State<AppState>, f: CsrfForm<DistrictForm>) -> Result<Response, PageError> {
    s.humas.add_district(f.user.actor(), &f.form.name).await.map_err(|e| PageError(e, f.tr.clone()))?;
    Ok(see_other("/daerah?ok=created"))
}

/// The letterhead logo; public, like the letterhead itself.
async fn region_logo(State(s): State<AppState>, tr: Tr) -> Result<Response, PageError> {
    use axum::response::IntoResponse;
    let e = |e| PageError(e, tr.clone());
    let region = s.humas.region().await.map_err(e)?;
    let key = region.logo_blob.ok_or(humas_core::Error::NotFound("Logo")).map_err(e)?;
    let bytes = s.humas.blobs.get(&key).await.map_err(e)?.ok_or(humas_core::Error::NotFound("Logo")).map_err(e)?;
    let ct = humas_core::decree::sniff_decree_file(&bytes).unwrap_or("application/octet-stream");
    Ok(([(axum::http::header::CONTENT_TYPE, ct)], bytes).into_response())
}

async fn upload_logo(
    State(s): State<AppState>,
    tr: Tr,
    user: PageUser,
    mut mp: axum::extract::Multipart,
) -> Result<Response, PageError> {
    let e = |e| PageError(e, tr.clone());
    let bad = || humas_core::Error::invalid("logo", "Unggahan logo rusak atau terlalu besar (maksimal 2 MB).");
    let (mut csrf, mut bytes) = (String::new(), Vec::new());
    while let Some(field) = mp.next_field().await.map_err(|_| e(bad()))? {
        match field.name() {
            Some("csrf") => csrf = field.text().await.map_err(|_| e(bad()))?,
            Some("logo") => bytes = field.bytes().await.map_err(|_| e(bad()))?.to_vec(),
            _ => {}
        }
    }
    crate::session::check_csrf(&user.auth, &csrf).map_err(e)?;
    s.humas.set_region_logo(user.actor(), &bytes).await.map_err(e)?;
    Ok(see_other("/daerah?ok=saved"))
}

struct AuditRow {
    seq: i64,
    at: String,
    actor: String,
    action: String,
    entity: String,
    before: Option<String>,
    after: Option<String>,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    l: Layout,
    rows: Vec<AuditRow>,
    entities: [&'static str; 6],
    filter_entity: String,
    filter_actor: String,
    older: Option<i64>,
    chain_status: String,
}

impl AuditPage {
    fn entity_selected(&self, e: &str) -> bool {
        self.filter_entity == e
    }
}

async fn audit_log(
    State(s): State<AppState>,
    tr: Tr,
    user: PageUser,
    Query(mut filter): Query<AuditFilter>,
) -> Result<Response, PageError> {
    let e = |e| PageError(e, tr.clone());
    filter.limit = Some(50);
    let entries = s.humas.audit_entries(user.actor(), &filter).await.map_err(e)?;
    let tz = s.humas.region().await.map(|r| r.tz()).unwrap_or(chrono_tz::Asia::Jakarta);
    let older = if entries.len() == 50 { entries.last().map(|r| r.seq) } else { None };
    let (head, _) = s.humas.store.audit_head().await.map_err(|e| PageError(e.into(), tr.clone()))?;
    let rows = entries
        .into_iter()
        .map(|r| AuditRow {
            seq: r.seq,
            at: fmt::datetime(r.at, tz, tr.is_en()),
            actor: r.actor_name,
            action: r.action,
            entity: format!("{} #{}", r.entity, r.entity_id),
            before: r.before,
            after: r.after,
        })
        .collect();
    let page = AuditPage {
        l: Layout::user(&s, tr.clone(), &user, "audit").await,
        rows,
        entities: ["account", "agency", "decree", "district", "region", "user"],
        filter_entity: filter.entity.unwrap_or_default(),
        filter_actor: filter.actor.unwrap_or_default(),
        older,
        chain_status: format!("{} · {}", tr.t("nav-audit"), fmt::number(head)),
    };
    render(&page, &tr)
}
