//! In-app notifications: warnings and escalations of the service clocks.

use super::{Layout, NoFields, see_other};
use crate::AppState;
use crate::error::{PageError, render};
use crate::fmt;
use crate::i18n::Tr;
use crate::session::{CsrfForm, PageUser};
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};

pub fn router() -> Router<AppState> {
    Router::new().route("/notifikasi", get(list)).route("/notifikasi/dibaca", post(mark_read))
}

struct Row {
    at: String,
    text: String,
    link: String,
    unread: bool,
}

#[derive(Template)]
#[template(path = "notifications.html")]
struct Page {
    l: Layout,
    rows: Vec<Row>,
}

async fn list(State(s): State<AppState>, tr: Tr, user: PageUser) -> Result<Response, PageError> {
    let e = |e| PageError(e, tr.clone());
    let tz = s.humas.region().await.map_err(e)?.tz();
    let rows = s
        .humas
        .notifications(user.actor())
        .await
        .map_err(e)?
        .into_iter()
        .map(|n| Row {
            at: fmt::datetime(n.at, tz, tr.is_en()),
            text: n.text,
            // Only our own paths: a notification never links off-site.
            link: if n.link.starts_with('/') && !n.link.starts_with("//") { n.link } else { "/".into() },
            unread: n.read_at.is_none(),
        })
        .collect();
    render(&Page { l: Layout::user(&s, tr.clone(), &user, "notifications").await, rows }, &tr)
}

async fn mark_read(State(s): State<AppState>, f: CsrfForm<NoFields>) -> Result<Response, PageError> {
    s.humas.mark_notifications_read(f.user.actor()).await.map_err(|e| PageError(e, f.tr.clone()))?;
    Ok(see_other("/notifikasi"))
}
