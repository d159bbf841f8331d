//! Who is calling: the session cookie (pages) or a Bearer token (API), and the
//! CSRF checks that go with cookies.

use crate::AppState;
use crate::error::{ApiError, PageError};
use crate::i18n::{Tr, lang_from_cookie};
use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::{Method, header, request::Parts};
use humas_core::service::Authenticated;
use humas_core::{Actor, Error};
use serde::de::DeserializeOwned;
use std::net::SocketAddr;

pub const SESSION_COOKIE: &str = "humas_session";

/// The value of one cookie in a `Cookie` header.
pub fn cookie<'a>(header: Option<&'a str>, name: &str) -> Option<&'a str> {
    header?.split(';').filter_map(|kv| kv.trim().split_once('=')).find(|(k, _)| *k == name).map(|(_, v)| v)
}

pub fn session_cookie(token: &str, secure: bool, max_age_secs: i64) -> String {
    format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{}",
        if secure { "; Secure" } else { "" }
    )
}

pub fn clear_session_cookie() -> String {
    format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
}

fn cookie_header(parts: &Parts) -> Option<&str> {
    parts.headers.get(header::COOKIE).and_then(|v| v.to_str().ok())
}

fn bearer(parts: &Parts) -> Option<&str> {
    parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ").map(str::trim)
}

/// The client address, for rate limits (the socket peer; a proxy in front
/// should be configured to keep it meaningful).
pub fn client_addr(parts: &Parts) -> String {
    parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string()).unwrap_or_else(|| "unknown".into())
}

async fn from_cookie(parts: &Parts, state: &AppState) -> Result<Option<(Authenticated, String)>, Error> {
    let Some(token) = cookie(cookie_header(parts), SESSION_COOKIE) else { return Ok(None) };
    let token = token.to_string();
    Ok(state.humas.authenticate(&token).await?.filter(|a| !a.via_api_token).map(|a| (a, token)))
}

/// A page visitor who may or may not be logged in.
pub struct MaybeUser(pub Option<Authenticated>);

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let tr = Tr { lang: lang_from_cookie(cookie_header(parts)) };
        let found = from_cookie(parts, state).await.map_err(|e| PageError(e, tr))?;
        Ok(MaybeUser(found.map(|(a, _)| a)))
    }
}

/// A logged-in page user; others are sent to the login page.
pub struct PageUser {
    pub auth: Authenticated,
    pub token: String,
}

impl PageUser {
    pub fn actor(&self) -> &Actor {
        &self.auth.actor
    }
}

impl FromRequestParts<AppState> for PageUser {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let tr = Tr { lang: lang_from_cookie(cookie_header(parts)) };
        match from_cookie(parts, state).await {
            Ok(Some((auth, token))) => Ok(PageUser { auth, token }),
            Ok(None) => Err(PageError(Error::Unauthenticated, tr)),
            Err(e) => Err(PageError(e, tr)),
        }
    }
}

pub fn check_csrf(auth: &Authenticated, sent: &str) -> Result<(), Error> {
    if humas_core::auth::constant_time_eq(&auth.csrf_token, sent) {
        Ok(())
    } else {
        Err(Error::invalid("csrf", "Formulir kedaluwarsa atau tidak sah. Muat ulang halaman lalu coba lagi."))
    }
}

/// A form posted by a logged-in user, whose `csrf` field has been checked
/// against the session before the handler runs.
pub struct CsrfForm<T> {
    pub user: PageUser,
    pub form: T,
    pub tr: Tr,
}

impl<T: DeserializeOwned> FromRequest<AppState> for CsrfForm<T> {
    type Rejection = PageError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let tr = Tr { lang: lang_from_cookie(cookie_header(&parts)) };
        let user = PageUser::from_request_parts(&mut parts, state).await?;
        let bytes = Bytes::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(|_| PageError(Error::invalid("form", "Isian formulir terlalu besar atau rusak."), tr.clone()))?;
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes)
            .map_err(|_| PageError(Error::invalid("form", "Isian formulir rusak."), tr.clone()))?;
        let sent = pairs.iter().find(|(k, _)| k == "csrf").map(|(_, v)| v.as_str()).unwrap_or("");
        check_csrf(&user.auth, sent).map_err(|e| PageError(e, tr.clone()))?;
        let form = serde_urlencoded::from_bytes(&bytes)
            .map_err(|e| PageError(Error::invalid("form", format!("Isian formulir tidak lengkap: {e}")), tr.clone()))?;
        Ok(CsrfForm { user, form, tr })
    }
}

/// An API caller: a Bearer token, or a session cookie plus the `X-CSRF-Token`
/// header on anything that changes data.
pub struct ApiUser(pub Actor);

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if let Some(token) = bearer(parts) {
            return match state.humas.authenticate(token).await? {
                Some(a) => Ok(ApiUser(a.actor)),
                None => Err(ApiError(Error::Unauthenticated)),
            };
        }
        let Some((auth, _)) = from_cookie(parts, state).await? else {
            return Err(ApiError(Error::Unauthenticated));
        };
        if !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS) {
            let sent = parts.headers.get("x-csrf-token").and_then(|v| v.to_str().ok()).unwrap_or("");
            check_csrf(&auth, sent)?;
        }
        Ok(ApiUser(auth.actor))
    }
}

/// Refuses state-changing requests that a browser marks as coming from
/// another site: a second line of defence beside the tokens, and the one that
/// covers the login form (which has no session yet).
pub async fn reject_cross_site(req: Request, next: axum::middleware::Next) -> axum::response::Response {
    use axum::response::IntoResponse;
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let cross_site = req.headers().get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("cross-site");
    let origin_mismatch = match (req.headers().get(header::ORIGIN), req.headers().get(header::HOST)) {
        (Some(o), Some(h)) => {
            let o = o.to_str().unwrap_or("");
            let host = h.to_str().unwrap_or("");
            o != "null" && !o.ends_with(&format!("://{host}"))
        }
        _ => false,
    };
    if unsafe_method && (cross_site || origin_mismatch) {
        return (axum::http::StatusCode::FORBIDDEN, "Permintaan lintas situs ditolak.").into_response();
    }
    next.run(req).await
}

/// The client address as an extractor.
pub struct ClientAddr(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(client_addr(parts)))
    }
}

impl axum::extract::OptionalFromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Option<Self>, Self::Rejection> {
        match <ApiUser as FromRequestParts<AppState>>::from_request_parts(parts, state).await {
            Ok(u) => Ok(Some(u)),
            Err(ApiError(Error::Unauthenticated)) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_found_by_name() {
        let h = Some("lang=en; humas_session=abc123; other=x");
        assert_eq!(cookie(h, "humas_session"), Some("abc123"));
        assert_eq!(cookie(h, "lang"), Some("en"));
        assert_eq!(cookie(h, "missing"), None);
        assert_eq!(cookie(None, "lang"), None);
    }
}
