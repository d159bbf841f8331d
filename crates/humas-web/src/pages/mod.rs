//! Server-rendered pages, one module per resource, each with its own router.

mod accounts;
mod admin;
mod answers;
mod auth;
mod channels;
mod desk;
mod intake;
mod notifications;
mod public;
mod publishing;
pub(crate) mod reports;

use crate::AppState;
use crate::i18n::Tr;
use crate::session::PageUser;
use axum::Router;
use humas_core::Actor;
use humas_core::service::Authenticated;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(auth::router())
        .merge(public::router())
        .merge(accounts::router())
        .merge(channels::router())
        .merge(admin::router())
        .merge(desk::router())
        .merge(intake::router())
        .merge(publishing::router())
        .merge(notifications::router())
        .merge(answers::router())
        .merge(reports::router())
        .layer(axum::middleware::from_fn(crate::session::reject_cross_site))
}

/// What every page's frame needs.
pub struct Layout {
    pub tr: Tr,
    pub actor: Option<Actor>,
    pub csrf: String,
    pub nav: &'static str,
    pub region_name: String,
    pub notice: Option<String>,
    pub can_audit: bool,
    /// Unread notifications of the logged-in user.
    pub unread: i64,
}

impl Layout {
    pub async fn new(state: &AppState, tr: Tr, auth: Option<&Authenticated>, nav: &'static str) -> Self {
        let region_name = state.humas.region().await.map(|r| r.name).unwrap_or_default();
        let unread = match auth {
            Some(a) => state.humas.unread_notifications(&a.actor).await.unwrap_or(0),
            None => 0,
        };
        Self {
            unread,
            can_audit: auth.is_some_and(|a| a.actor.require_audit_reader().is_ok()),
            actor: auth.map(|a| a.actor.clone()),
            csrf: auth.map(|a| a.csrf_token.clone()).unwrap_or_default(),
            tr,
            nav,
            region_name,
            notice: None,
        }
    }

    /// The menu of the top bar the current page sits in, to mark it.
    pub fn nav_group(&self) -> &'static str {
        match self.nav {
            "topics" | "recommendations" | "reports" | "evaluation" => "analysis",
            "answers" | "accounts" | "decrees" | "agencies" | "users" | "audit" | "region" => "manage",
            _ => "",
        }
    }

    pub async fn user(state: &AppState, tr: Tr, user: &PageUser, nav: &'static str) -> Self {
        Self::new(state, tr, Some(&user.auth), nav).await
    }

    /// Shows the message for a `?ok=` code after a redirect.
    pub fn with_notice(mut self, code: Option<&str>) -> Self {
        self.notice = match code {
            Some("saved") => Some(self.tr.t("notice-saved")),
            Some("created") => Some(self.tr.t("notice-created")),
            Some("password") => Some(self.tr.t("notice-password")),
            Some("queued") => Some(self.tr.t("notice-queued")),
            _ => None,
        };
        self
    }
}

/// The body of a form that carries only its CSRF token (a button).
#[derive(serde::Deserialize)]
pub struct NoFields {}

#[derive(serde::Deserialize, Default)]
pub struct Notice {
    pub ok: Option<String>,
    /// The outcome of a connection test: `ok` or an error kind.
    pub cek: Option<String>,
}

/// A 303 after a successful post, so that reloading does not post again.
pub fn see_other(to: &str) -> axum::response::Response {
    use axum::response::IntoResponse;
    axum::response::Redirect::to(to).into_response()
}

/// Empty form fields (`<option value="">`) mean "none".
pub fn opt_id(s: &Option<String>) -> Option<i64> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty()).and_then(|s| s.parse().ok())
}
