//! The dashboard, official accounts and their decrees.

use super::{Layout, NoFields, Notice, opt_id, see_other};
use crate::AppState;
use crate::error::{PageError, render};
use crate::fmt;
use crate::i18n::Tr;
use crate::session::{CsrfForm, PageUser, check_csrf};
use askama::Template;
use axum::Router;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use humas_core::account::{Account, AccountInput, AccountKind, AccountStatus, Platform};
use humas_core::agency::Agency;
use humas_core::decree::Decree;
use humas_core::ids::{AccountId, AgencyId, DecreeId};
use humas_core::service::AccountFlags;
use humas_core::store::AccountFilter;
use humas_core::{Actor, Role};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/dasbor", get(dashboard))
        .route("/akun", get(list_accounts).post(create_account))
        .route("/akun/{id}", get(show_account).post(update_account))
        .route("/akun/{id}/ajukan", post(request_account))
        .route("/akun/{id}/verifikasi", post(verify_account))
        .route("/akun/{id}/kembalikan", post(return_account))
        .route("/akun/{id}/arsipkan", post(archive_account))
        .route("/sk", get(list_decrees).post(create_decree))
        .route("/sk/{id}/berkas", get(decree_file))
}

pub struct AccountRow {
    pub id: i64,
    pub agency: String,
    pub platform: &'static str,
    pub handle: String,
    pub url: String,
    pub kind: &'static str,
    pub status: &'static str,
    pub status_label: &'static str,
    pub flags: Vec<String>,
}

pub fn flag_labels(f: &AccountFlags, tr: &Tr) -> Vec<String> {
    let mut v = Vec::new();
    if f.decree_expired {
        v.push(tr.t("flag-decree-expired"));
    }
    if f.no_decree {
        v.push(tr.t("flag-no-decree"));
    }
    if f.inactive {
        v.push(tr.t("flag-inactive"));
    }
    v
}

pub async fn account_rows(s: &AppState, tr: &Tr, accounts: Vec<Account>) -> humas_core::Result<Vec<AccountRow>> {
    let agencies = s.humas.agencies().await?;
    let flags = s.humas.account_flags(&accounts).await?;
    Ok(accounts
        .into_iter()
        .zip(flags)
        .map(|(a, f)| AccountRow {
            id: a.id.0,
            agency: agencies.iter().find(|g| g.id == a.agency_id).map(|g| g.code.clone()).unwrap_or_default(),
            platform: a.platform.label(),
            handle: a.handle,
            url: a.url,
            kind: a.kind.label(),
            status: a.status.as_str(),
            status_label: a.status.label(),
            flags: flag_labels(&f, tr),
        })
        .collect())
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    l: Layout,
    display_name: String,
    role_label: &'static str,
    agency_name: Option<String>,
    verified: usize,
    requested: usize,
    drafts: usize,
    archived: usize,
    pending: Vec<AccountRow>,
    attention: Vec<AccountRow>,
    items_open: i64,
    items_overdue: i64,
    referrals_in: Option<i64>,
    hot: Vec<humas_core::insight::HotIssue>,
    /// Region readers: (year, submitted, agencies).
    reports: Option<(i32, usize, usize)>,
}

async fn dashboard(State(s): State<AppState>, tr: Tr, user: PageUser) -> Result<Response, PageError> {
    let e = |e| PageError(e, tr.clone());
    let actor = user.actor();
    let me = s.humas.user(actor, actor.user_id).await.map_err(e)?;
    let accounts = s.humas.accounts(actor, AccountFilter::default()).await.map_err(e)?;
    let count = |st| accounts.iter().filter(|a| a.status == st).count();
    let (verified, requested, drafts, archived) = (
        count(AccountStatus::Verified),
        count(AccountStatus::Requested),
        count(AccountStatus::Draft),
        count(AccountStatus::Archived),
    );
    let rows = account_rows(&s, &tr, accounts).await.map_err(e)?;
    let (pending, rest): (Vec<_>, Vec<_>) = rows.into_iter().partition(|r| r.status == "requested");
    let attention = rest.into_iter().filter(|r| !r.flags.is_empty() && r.status != "archived").collect();
    let count_items = |f: humas_core::desk::ItemFilter| {
        let h = s.humas.clone();
        let actor = actor.clone();
        async move { h.inbox(&actor, humas_core::desk::ItemFilter { per_page: Some(1), ..f }).await.map(|p| p.total) }
    };
    let items_open =
        count_items(humas_core::desk::ItemFilter { open: Some(true), ..Default::default() }).await.map_err(e)?;
    let items_overdue =
        count_items(humas_core::desk::ItemFilter { overdue: Some(true), ..Default::default() }).await.map_err(e)?;
    let referrals_in = match actor.agency_id {
        Some(a) => Some(
            count_items(humas_core::desk::ItemFilter {
                referred_to: Some(a.0),
                status: Some("referred".into()),
                ..Default::default()
            })
            .await
            .map_err(e)?,
        ),
        None => None,
    };
    let agency_name = match actor.agency_id {
        Some(a) => Some(s.humas.agency(a).await.map_err(e)?.name),
        None => None,
    };
    let hot = s.humas.hot_issues(actor).await.map_err(e)?;
    let reports = if actor.reads_region() {
        use chrono::Datelike;
        let today = s.humas.today().await.map_err(e)?;
        let year = if today.month() <= 3 { today.year() - 1 } else { today.year() };
        let (lines, _) = s.humas.report_overview(actor, year).await.map_err(e)?;
        let submitted = lines.iter().filter(|l| l.status != humas_core::report::ReportStatus::Draft).count();
        Some((year, submitted, lines.len()))
    } else {
        None
    };
    let page = DashboardPage {
        hot,
        reports,
        l: Layout::user(&s, tr.clone(), &user, "dashboard").await,
        display_name: me.display_name,
        role_label: actor.role.label_id(),
        agency_name,
        verified,
        requested,
        drafts,
        archived,
        pending,
        attention,
        items_open,
        items_overdue,
        referrals_in,
    };
    render(&page, &tr)
}

/// The agencies whose registry an actor may change.
fn editable(actor: &Actor, agencies: &[Agency]) -> Vec<Agency> {
    agencies.iter().filter(|a| actor.require_edit_agency(a.id).is_ok()).cloned().collect()
}

pub struct AccountFormValues {
    pub agency_id: i64,
    pub kind: String,
    pub platform: String,
    pub handle: String,
    pub url: String,
    pub display_name: String,
    pub audience: String,
    pub decree_id: Option<i64>,
}

impl AccountFormValues {
    fn blank(agency: i64) -> Self {
        Self {
            agency_id: agency,
            kind: "social_network".into(),
            platform: "facebook".into(),
            handle: String::new(),
            url: String::new(),
            display_name: String::new(),
            audience: String::new(),
            decree_id: None,
        }
    }

    pub fn has_decree(&self, id: &i64) -> bool {
        self.decree_id == Some(*id)
    }

    pub fn has_agency(&self, id: &i64) -> bool {
        self.agency_id == *id
    }

    fn of(a: &Account) -> Self {
        Self {
            agency_id: a.agency_id.0,
            kind: a.kind.as_str().into(),
            platform: a.platform.as_str().into(),
            handle: a.handle.clone(),
            url: a.url.clone(),
            display_name: a.display_name.clone(),
            audience: a.audience.clone(),
            decree_id: a.decree_id.map(|d| d.0),
        }
    }
}

#[derive(Template)]
#[template(path = "accounts.html")]
struct AccountsPage {
    l: Layout,
    rows: Vec<AccountRow>,
    agencies: Vec<Agency>,
    statuses: [AccountStatus; 4],
    platforms: [Platform; 10],
    kinds: [AccountKind; 6],
    filter_agency: Option<i64>,
    filter_status: String,
    filter_platform: String,
    can_create: bool,
    editable_agencies: Vec<Agency>,
    decrees: Vec<Decree>,
    form: AccountFormValues,
    form_action: String,
}

impl AccountsPage {
    fn agency_selected(&self, id: &i64) -> bool {
        self.filter_agency == Some(*id)
    }

    fn count(&self) -> i64 {
        self.rows.len() as i64
    }
}

const STATUSES: [AccountStatus; 4] =
    [AccountStatus::Draft, AccountStatus::Requested, AccountStatus::Verified, AccountStatus::Archived];

#[derive(serde::Deserialize)]
struct AccountQuery {
    agency_id: Option<String>,
    status: Option<String>,
    platform: Option<String>,
    ok: Option<String>,
}

async fn list_accounts(
    State(s): State<AppState>,
    tr: Tr,
    user: PageUser,
    Query(q): Query<AccountQuery>,
) -> Result<Response, PageError> {
    let e = |e| PageError(e, tr.clone());
    let actor = user.actor();
    let filter = AccountFilter {
        agency_id: opt_id(&q.agency_id).map(AgencyId),
        status: q.status.as_deref().filter(|s| !s.is_empty()).and_then(|s| AccountStatus::parse(s).ok()),
        platform: q.platform.as_deref().filter(|s| !s.is_empty()).and_then(|s| Platform::parse(s).ok()),
    };
    let accounts = s.humas.accounts(actor, filter.clone()).await.map_err(e)?;
    let all_agencies = s.humas.agencies().await.map_err(e)?;
    let editable_agencies = editable(actor, &all_agencies);
    let agencies = all_agencies.into_iter().filter(|a| actor.can_read_agency(a.id)).collect();
    let decrees = s.humas.decrees(actor, None).await.unwrap_or_default();
    let default_agency = actor.agency_id.map(|a| a.0).or(editable_agencies.first().map(|a| a.id.0)).unwrap_or(0);
    let page = AccountsPage {
        l: Layout::user(&s, tr.clone(), &user, "accounts").await.with_notice(q.ok.as_deref()),
        rows: account_rows(&s, &tr, accounts).await.map_err(e)?,
        agencies,
        statuses: STATUSES,
        platforms: Platform::ALL,
        kinds: AccountKind::ALL,
        filter_agency: filter.agency_id.map(|a| a.0),
        filter_status: filter.status.map(|s| s.as_str().to_string()).unwrap_or_default(),
        filter_platform: filter.platform.map(|p| p.as_str().to_string()).unwrap_or_default(),
        can_create: !editable_agencies.is_empty(),
        editable_agencies,
        decrees,
        form: AccountFormValues::blank(default_agency),
        form_action: "/akun".into(),
    };
    render(&page, &tr)
}

#[derive(serde::Deserialize)]
struct AccountForm {
    agency_id: i64,
    kind: String,
    platform: String,
    handle: String,
    url: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    audience: String,
    decree_id: Option<String>,
}

impl AccountForm {
    fn input(self) -> AccountInput {
        AccountInput {
            agency_id: AgencyId(self.agency_id),
            kind: self.kind,
            platform: self.platform,
            handle: self.handle,
            url: self.url,
            display_name: self.display_name,
            audience: self.audience,
            decree_id: opt_id(&self.decree_id).map(DecreeId),
        }
    }
}

async fn create_account(State(s): State<AppState>, f: CsrfForm<AccountForm>) -> Result<Response, PageError> {
    let a = s.humas.create_account(f.user.actor(), f.form.input()).await.map_err(|e| PageError(e, f.tr.clone()))?;
    Ok(see_other(&format!("/akun/{}?ok=created", a.id)))
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    l: Layout,
    account: Account,
    agency_name: String,
    decree: Option<Decree>,
    decree_date: String,
    flags: Vec<String>,
    can_request: bool,
    can_verify: bool,
    can_archive: bool,
    can_edit: bool,
    editable_agencies: Vec<Agency>,
    decrees: Vec<Decree>,
    platforms: [Platform; 10],
    kinds: [AccountKind; 6],
    form: AccountFormValues,
    form_action: String,
    c: super::channels::ConnectionSection,
}

async fn show_account(
    State(s): State<AppState>,
    tr: Tr,
    user: PageUser,
    Path(id): Path<i64>,
    Query(n): Query<Notice>,
) -> Result<Response, PageError> {
    let e = |e| PageError(e, tr.clone());
    let actor = user.actor();
    let account = s.humas.account(actor, AccountId(id)).await.map_err(e)?;
    let agency = s.humas.agency(account.agency_id).await.map_err(e)?;
    let decree = match account.decree_id {
        Some(d) => s.humas.decree(actor, d).await.ok(),
        None => None,
    };
    let flags = s.humas.account_flags(std::slice::from_ref(&account)).await.map_err(e)?;
    let all_agencies = s.humas.agencies().await.map_err(e)?;
    let is_official = actor.require_official_of(account.agency_id).is_ok();
    let can_edit = actor.require_edit_agency(account.agency_id).is_ok()
        && (account.status == AccountStatus::Draft || actor.role == Role::DinasAdmin);
    let tz = s.humas.region().await.map(|r| r.tz()).unwrap_or(chrono_tz::Asia::Jakarta);
    let c = super::channels::ConnectionSection::load(&s.humas, actor, &account, tz, &tr, n.cek.as_deref())
        .await
        .map_err(e)?;
    let page = AccountPage {
        c,
        l: Layout::user(&s, tr.clone(), &user, "accounts").await.with_notice(n.ok.as_deref()),
        agency_name: agency.name,
        decree_date: decree.as_ref().map(|d| fmt::date(d.decree_date, tr.is_en())).unwrap_or_default(),
        decree,
        flags: flags.first().map(|f| flag_labels(f, &tr)).unwrap_or_default(),
        can_request: is_official && account.status == AccountStatus::Draft,
        can_verify: actor.role == Role::DinasAdmin && account.status == AccountStatus::Requested,
        can_archive: is_official && account.status != AccountStatus::Archived,
        can_edit,
        editable_agencies: editable(actor, &all_agencies),
        decrees: s.humas.decrees(actor, Some(account.agency_id)).await.unwrap_or_default(),
        platforms: Platform::ALL,
        kinds: AccountKind::ALL,
        form: AccountFormValues::of(&account),
        form_action: format!("/akun/{}", account.id),
        account,
    };
    render(&page, &tr)
}

async fn update_account(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    f: CsrfForm<AccountForm>,
) -> Result<Response, PageError> {
    s.humas
        .update_account(f.user.actor(), AccountId(id), f.form.input())
        .await
        .map_err(|e| PageError(e, f.tr.clone()))?;
    Ok(see_other(&format!("/akun/{id}?ok=saved")))
}

#[derive(serde::Deserialize)]
struct ReasonForm {
    reason: String,
}

async fn request_account(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    f: CsrfForm<NoFields>,
) -> Result<Response, PageError> {
    s.humas.request_verification(f.user.actor(), AccountId(id)).await.map_err(|e| PageError(e, f.tr.clone()))?;
    Ok(see_other(&format!("/akun/{id}?ok=saved")))
}

async fn verify_account(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    f: CsrfForm<NoFields>,
) -> Result<Response, PageError> {
    s.humas.verify_account(f.user.actor(), AccountId(id)).await.map_err(|e| PageError(e, f.tr.clone()))?;
    Ok(see_other(&format!("/akun/{id}?ok=saved")))
}

async fn return_account(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    f: CsrfForm<ReasonForm>,
) -> Result<Response, PageError> {
    s.humas
        .return_account(f.user.actor(), AccountId(id), &f.form.reason)
        .await
        .map_err(|e| PageError(e, f.tr.clone()))?;
    Ok(see_other(&format!("/akun/{id}?ok=saved")))
}

async fn archive_account(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    f: CsrfForm<ReasonForm>,
) -> Result<Response, PageError> {
    s.humas
        .archive_account(f.user.actor(), AccountId(id), &f.form.reason)
        .await
        .map_err(|e| PageError(e, f.tr.clone()))?;
    Ok(see_other(&format!("/akun/{id}?ok=saved")))
}

struct DecreeRow {
    id: i64,
    agency: String,
    number: String,
    date: String,
    signer: String,
    title: String,
    validity: String,
    expired: bool,
    appointees: String,
    has_file: bool,
}

#[derive(Template)]
#[template(path = "decrees.html")]
struct DecreesPage {
    l: Layout,
    rows: Vec<DecreeRow>,
    editable_agencies: Vec<Agency>,
}

async fn list_decrees(
    State(s): State<AppState>,
    tr: Tr,
    user: PageUser,
    Query(n): Query<Notice>,
) -> Result<Response, PageError> {
    let e = |e| PageError(e, tr.clone());
    let actor = user.actor();
    let decrees = s.humas.decrees(actor, None).await.map_err(e)?;
    let agencies = s.humas.agencies().await.map_err(e)?;
    let today = s.humas.today().await.map_err(e)?;
    let en = tr.is_en();
    let rows = decrees
        .into_iter()
        .map(|d| DecreeRow {
            id: d.id.0,
            agency: agencies.iter().find(|a| a.id == d.agency_id).map(|a| a.code.clone()).unwrap_or_default(),
            expired: d.is_expired(today),
            validity: format!(
                "{} – {}",
                fmt::date(d.valid_from, en),
                d.valid_until.map(|u| fmt::date(u, en)).unwrap_or_else(|| tr.t("decree-until-open"))
            ),
            number: d.number,
            date: fmt::date(d.decree_date, en),
            signer: d.signer,
            title: d.title,
            appointees: d.appointees.iter().map(|a| a.name.as_str()).collect::<Vec<_>>().join(", "),
            has_file: d.file.is_some(),
        })
        .collect();
    let page = DecreesPage {
        l: Layout::user(&s, tr.clone(), &user, "decrees").await.with_notice(n.ok.as_deref()),
        rows,
        editable_agencies: editable(actor, &agencies),
    };
    render(&page, &tr)
}

async fn create_decree(
    State(s): State<AppState>,
    tr: Tr,
    user: PageUser,
    mp: Multipart,
) -> Result<Response, PageError> {
    let e = |e| PageError(e, tr.clone());
    let form = crate::upload::read_decree_form(mp, s.humas.settings.max_upload_bytes).await.map_err(e)?;
    check_csrf(&user.auth, &form.csrf).map_err(e)?;
    s.humas.create_decree(user.actor(), form.input, form.upload).await.map_err(e)?;
    Ok(see_other("/sk?ok=created"))
}

async fn decree_file(
    State(s): State<AppState>,
    tr: Tr,
    user: crate::session::MaybeUser,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let actor = user.0.map(|a| a.actor);
    let (file, bytes) = s.humas.decree_file(actor.as_ref(), DecreeId(id)).await.map_err(|e| PageError(e, tr))?;
    Ok(crate::api::file_response(&file, bytes))
}
