//! Logging in and out, the language switch, changing one's password.

use super::{Layout, NoFields, Notice, see_other};
use crate::AppState;
use crate::error::{PageError, render};
use crate::i18n::Tr;
use crate::session::{ClientAddr, CsrfForm, MaybeUser, PageUser, clear_session_cookie, session_cookie};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use humas_core::Error;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/masuk", get(login_page).post(login))
        .route("/keluar", post(logout))
        .route("/bahasa/{lang}", get(switch_language))
        .route("/kata-sandi", get(password_page).post(change_password))
}

async fn home(MaybeUser(user): MaybeUser) -> Response {
    see_other(if user.is_some() { "/dasbor" } else { "/publik" })
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    l: Layout,
    error: Option<String>,
    username: String,
}

async fn login_page(
    State(s): State<AppState>,
    tr: Tr,
    MaybeUser(user): MaybeUser,
    Query(n): Query<Notice>,
) -> Result<Response, PageError> {
    if user.is_some() {
        return Ok(see_other("/dasbor"));
    }
    let page = LoginPage {
        l: Layout::new(&s, tr.clone(), None, "login").await.with_notice(n.ok.as_deref()),
        error: None,
        username: String::new(),
    };
    render(&page, &tr)
}

#[derive(serde::Deserialize)]
struct LoginForm {
    username: String,
    password: String,
}

async fn login(
    State(s): State<AppState>,
    tr: Tr,
    ClientAddr(client): ClientAddr,
    form: Result<Form<LoginForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    let Ok(Form(form)) = form else {
        return Err(PageError(Error::invalid("form", "Isi nama pengguna dan kata sandi."), tr));
    };
    match s.humas.login(&form.username, &form.password, &client).await {
        Ok(outcome) => {
            let cookie = session_cookie(&outcome.token, s.secure_cookies, s.humas.settings.session_hours * 3600);
            Ok(([(header::SET_COOKIE, cookie)], see_other("/dasbor")).into_response())
        }
        Err(e @ (Error::Invalid { .. } | Error::RateLimited { .. })) => {
            let status = if matches!(e, Error::RateLimited { .. }) {
                axum::http::StatusCode::TOO_MANY_REQUESTS
            } else {
                axum::http::StatusCode::UNAUTHORIZED
            };
            let page = LoginPage {
                l: Layout::new(&s, tr.clone(), None, "login").await,
                error: Some(e.to_string()),
                username: form.username.chars().take(64).collect(),
            };
            Ok((status, render(&page, &tr)?).into_response())
        }
        Err(e) => Err(PageError(e, tr)),
    }
}

async fn logout(State(s): State<AppState>, f: CsrfForm<NoFields>) -> Result<Response, PageError> {
    s.humas.logout(&f.user.token).await.map_err(|e| PageError(e, f.tr.clone()))?;
    Ok(([(header::SET_COOKIE, clear_session_cookie())], see_other("/masuk")).into_response())
}

async fn switch_language(Path(lang): Path<String>, headers: axum::http::HeaderMap) -> Response {
    let lang = if lang == "en" { "en" } else { "id" };
    // Only same-site paths are followed back, never an absolute URL from the header.
    let back = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.split_once("://").map(|(_, rest)| rest))
        .and_then(|rest| rest.find('/').map(|i| rest[i..].to_string()))
        .filter(|p| p.starts_with('/') && !p.starts_with("//"))
        .unwrap_or_else(|| "/".into());
    let cookie = format!("lang={lang}; Path=/; SameSite=Lax; Max-Age=31536000");
    ([(header::SET_COOKIE, cookie)], see_other(&back)).into_response()
}

#[derive(Template)]
#[template(path = "password.html")]
struct PasswordPage {
    l: Layout,
}

async fn password_page(State(s): State<AppState>, tr: Tr, user: PageUser) -> Result<Response, PageError> {
    render(&PasswordPage { l: Layout::user(&s, tr.clone(), &user, "password").await }, &tr)
}

#[derive(serde::Deserialize)]
struct PasswordForm {
    current_password: String,
    new_password: String,
}

async fn change_password(State(s): State<AppState>, f: CsrfForm<PasswordForm>) -> Result<Response, PageError> {
    s.humas
        .change_password(f.user.actor(), &f.form.current_password, &f.form.new_password)
        .await
        .map_err(|e| PageError(e, f.tr.clone()))?;
    Ok(([(header::SET_COOKIE, clear_session_cookie())], see_other("/masuk?ok=password")).into_response())
}
