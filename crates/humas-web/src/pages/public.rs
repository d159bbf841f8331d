//! Pages for citizens, no login: the directory and "Cek akun resmi" (R-ACC-3).

use super::Layout;
use crate::AppState;
use crate::error::{PageError, render};
use crate::fmt;
use crate::i18n::Tr;
use crate::session::MaybeUser;
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use humas_core::Error;

pub fn router() -> Router<AppState> {
    Router::new().route("/publik", get(directory)).route("/cek-akun", get(verify_page))
}

struct DirRow {
    platform: &'static str,
    handle: String,
    url: String,
    kind: &'static str,
    decree: String,
    decree_file: Option<i64>,
}

struct DirGroup {
    agency: String,
    rows: Vec<DirRow>,
}

#[derive(Template)]
#[template(path = "public_directory.html")]
struct DirectoryPage {
    l: Layout,
    groups: Vec<DirGroup>,
}

async fn directory(State(s): State<AppState>, tr: Tr, MaybeUser(user): MaybeUser) -> Result<Response, PageError> {
    let entries = s.humas.directory().await.map_err(|e| PageError(e, tr.clone()))?;
    let mut groups: Vec<DirGroup> = Vec::new();
    for e in entries {
        let decree = e
            .decree
            .as_ref()
            .map(|d| format!("SK {} ({})", d.number, fmt::date(d.decree_date, tr.is_en())))
            .unwrap_or_else(|| tr.t("decree-none"));
        let row = DirRow {
            platform: e.account.platform.label(),
            handle: e.account.handle.clone(),
            url: e.account.url.clone(),
            kind: e.account.kind.label(),
            decree,
            decree_file: e.decree.as_ref().filter(|d| d.file.is_some()).map(|d| d.id.0),
        };
        match groups.last_mut() {
            Some(g) if g.agency == e.agency.name => g.rows.push(row),
            _ => groups.push(DirGroup { agency: e.agency.name.clone(), rows: vec![row] }),
        }
    }
    let page = DirectoryPage { l: Layout::new(&s, tr.clone(), user.as_ref(), "directory").await, groups };
    render(&page, &tr)
}

#[derive(serde::Deserialize)]
struct VerifyQuery {
    url: Option<String>,
}

struct Verdict {
    status: String,
    title: String,
    text: String,
    agency: Option<String>,
    account: Option<String>,
    decree: Option<String>,
}

#[derive(Template)]
#[template(path = "public_verify.html")]
struct VerifyPage {
    l: Layout,
    query: String,
    verdict: Option<Verdict>,
    error: Option<String>,
}

async fn verify_page(
    State(s): State<AppState>,
    tr: Tr,
    MaybeUser(user): MaybeUser,
    Query(q): Query<VerifyQuery>,
) -> Result<Response, PageError> {
    let query = q.url.unwrap_or_default();
    let (mut verdict, mut error) = (None, None);
    if !query.trim().is_empty() {
        match s.humas.verify_lookup(&query).await {
            Ok(v) => {
                let (title, text) = match v.status.as_str() {
                    "verified" => ("verify-official", "verify-official-text"),
                    "archived" => ("verify-archived", "verify-archived-text"),
                    _ => ("verify-unknown", "verify-unknown-text"),
                };
                verdict = Some(Verdict {
                    status: if v.official { "official".into() } else { v.status.clone() },
                    title: tr.t(title),
                    text: tr.t(text),
                    agency: v.agency.map(|a| a.name),
                    account: v.account.map(|a| format!("{} · {}", a.platform.label(), a.handle)),
                    decree: v
                        .decree
                        .map(|d| format!("{} ({}) — {}", d.number, fmt::date(d.decree_date, tr.is_en()), d.title)),
                });
            }
            Err(e @ Error::Invalid { .. }) => error = Some(e.to_string()),
            Err(e) => return Err(PageError(e, tr)),
        }
    }
    let page = VerifyPage { l: Layout::new(&s, tr.clone(), user.as_ref(), "verify").await, query, verdict, error };
    render(&page, &tr)
}
