//! Getting citizens' items from platforms without a connection into the
//! inbox: an officer records one by hand, or imports a file (CSV, JSON, a
//! WordPress export), and sees what happened to every row.

use super::{Layout, see_other};
use crate::AppState;
use crate::error::{PageError, render};
use crate::i18n::Tr;
use crate::session::{CsrfForm, PageUser, check_csrf};
use askama::Template;
use axum::Router;
use axum::extract::{Multipart, State};
use axum::response::Response;
use axum::routing::get;
use humas_core::Error;
use humas_core::account::{Account, AccountStatus};
use humas_core::desk::{InboundItem, ItemSource};
use humas_core::ids::AccountId;
use humas_core::service::ImportReport;
use humas_core::store::AccountFilter;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/kotak-masuk/catat", get(intake_page).post(record_item))
        .route("/kotak-masuk/impor", axum::routing::post(import_file))
}

#[derive(Template)]
#[template(path = "intake.html")]
struct IntakePage {
    l: Layout,
    accounts: Vec<Account>,
    report: Option<ImportReport>,
    /// The report's errors, first 200, as (line, reason).
    report_errors: Vec<(usize, String)>,
}

/// The accounts whose items this officer may record: its agency's (all for the Dinas), not archived.
async fn accounts(s: &AppState, user: &PageUser) -> humas_core::Result<Vec<Account>> {
    let actor = user.actor();
    let filter = AccountFilter { agency_id: actor.read_scope(), ..AccountFilter::default() };
    let mut list = s.humas.accounts(actor, filter).await?;
    list.retain(|a| a.status != AccountStatus::Archived && actor.require_edit_agency(a.agency_id).is_ok());
    list.sort_by(|a, b| (a.platform.label(), &a.handle).cmp(&(b.platform.label(), &b.handle)));
    Ok(list)
}

async fn page(s: &AppState, tr: Tr, user: &PageUser, report: Option<ImportReport>) -> Result<Response, PageError> {
    let accounts = accounts(s, user).await.map_err(|e| PageError(e, tr.clone()))?;
    let report_errors = report.as_ref().map(|r| r.errors.iter().take(200).cloned().collect()).unwrap_or_default();
    let page = IntakePage { l: Layout::user(s, tr.clone(), user, "inbox").await, accounts, report, report_errors };
    render(&page, &tr)
}

async fn intake_page(State(s): State<AppState>, tr: Tr, user: PageUser) -> Result<Response, PageError> {
    page(&s, tr, &user, None).await
}

#[derive(serde::Deserialize)]
struct RecordForm {
    account_id: i64,
    #[serde(default)]
    author_handle: String,
    #[serde(default)]
    author_name: String,
    text: String,
    #[serde(default)]
    link: String,
    #[serde(default)]
    written_at: String,
}

/// One item copied by hand from a platform; the same item recorded twice is one item.
async fn record_item(State(s): State<AppState>, f: CsrfForm<RecordForm>) -> Result<Response, PageError> {
    let e = |e| PageError(e, f.tr.clone());
    let tz = s.humas.region().await.map(|r| r.tz()).unwrap_or(chrono_tz::Asia::Jakarta);
    let when = f.form.written_at.replace('T', " ");
    let written_at = humas_channels::import::parse_time(&when, tz).map_err(|m| e(Error::invalid("written_at", m)))?;
    let key = if f.form.link.trim().is_empty() {
        format!("{}|{}", f.form.author_handle.trim(), when.trim())
    } else {
        f.form.link.trim().to_string()
    };
    let item = InboundItem {
        account_id: Some(AccountId(f.form.account_id)),
        agency_id: None,
        remote_id: Some(humas_channels::import::derived_id("manual", &key, f.form.text.trim())),
        thread_id: None,
        parent_remote_id: None,
        author_handle: f.form.author_handle.trim().to_string(),
        author_name: f.form.author_name.trim().to_string(),
        author_contact: String::new(),
        text: f.form.text.clone(),
        link: f.form.link.trim().to_string(),
        written_at,
        kind: None,
        sentiment: None,
        district: None,
        topic: String::new(),
    };
    // The account must be one this officer may record for (ingest checks the agency).
    s.humas.account(f.user.actor(), AccountId(f.form.account_id)).await.map_err(e)?;
    let out = s.humas.ingest(f.user.actor(), vec![item], ItemSource::Manual).await.map_err(e)?;
    let first = out.into_iter().next().ok_or_else(|| e(Error::internal("empty ingest result")))?;
    if let Some(msg) = first.error {
        return Err(e(Error::invalid("text", msg)));
    }
    let id = first.id.ok_or_else(|| e(Error::internal("no id")))?;
    Ok(see_other(&format!("/pesan/{id}?ok={}", if first.created { "created" } else { "saved" })))
}

async fn import_file(
    State(s): State<AppState>,
    tr: Tr,
    user: PageUser,
    mut mp: Multipart,
) -> Result<Response, PageError> {
    let e = |e| PageError(e, tr.clone());
    let max = s.humas.settings.max_upload_bytes;
    let too_big = || Error::invalid("file", format!("Berkas terlalu besar (maksimal {} MB).", max / (1024 * 1024)));
    let (mut csrf, mut account, mut format, mut name, mut bytes) =
        (String::new(), None, String::new(), String::new(), Vec::new());
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(err) if err.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => return Err(e(too_big())),
            Err(_) => return Err(e(Error::invalid("form", "Isian formulir rusak."))),
        };
        match field.name().unwrap_or("") {
            "file" => {
                name = field.file_name().unwrap_or("").to_string();
                let b = field.bytes().await.map_err(|_| e(too_big()))?;
                if b.len() > max {
                    return Err(e(too_big()));
                }
                bytes = b.to_vec();
            }
            other => {
                let other = other.to_string();
                let value = field.text().await.map_err(|_| e(Error::invalid("form", "Isian formulir rusak.")))?;
                match other.as_str() {
                    "csrf" => csrf = value,
                    "account_id" => account = value.trim().parse::<i64>().ok(),
                    "format" => format = value,
                    _ => {}
                }
            }
        }
    }
    check_csrf(&user.auth, &csrf).map_err(e)?;
    let account = account.ok_or_else(|| e(Error::invalid("account_id", "Pilih akun asal pesan.")))?;
    let report = crate::import::run(&s, user.actor(), AccountId(account), Some(format.as_str()), &name, &bytes)
        .await
        .map_err(e)?;
    page(&s, tr, &user, Some(report)).await
}
