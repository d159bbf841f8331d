//! One error type per surface: JSON for the API, a page for the browser.
//! 4xx carry a message the user may read; 5xx are logged with their cause
//! chain and shown as a bare "internal error".

use crate::i18n::Tr;
use askama::Template;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use humas_core::Error;

fn status(e: &Error) -> StatusCode {
    match e {
        Error::Unauthenticated => StatusCode::UNAUTHORIZED,
        Error::Forbidden => StatusCode::FORBIDDEN,
        Error::NotFound(_) => StatusCode::NOT_FOUND,
        Error::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        Error::Conflict { .. } => StatusCode::CONFLICT,
        Error::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
        Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

fn log_internal(e: &Error) {
    if let Error::Internal(cause) = e {
        let mut chain = cause.to_string();
        let mut src = cause.source();
        while let Some(s) = src {
            chain.push_str(": ");
            chain.push_str(&s.to_string());
            src = s.source();
        }
        tracing::error!(error = %chain, "internal error");
    }
}

/// The message a user sees; internal causes stay in the log.
pub fn public_message(e: &Error) -> String {
    match e {
        Error::Internal(_) => "Terjadi kesalahan internal. Coba lagi; bila berulang, hubungi Dinas.".into(),
        other => other.to_string(),
    }
}

#[derive(Debug)]
pub struct ApiError(pub Error);

impl<E: Into<Error>> From<E> for ApiError {
    fn from(e: E) -> Self {
        Self(e.into())
    }
}

/// `{"error": "code", "message": "...", "field": "..."}`
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        log_internal(&self.0);
        let field = match &self.0 {
            Error::Invalid { field, .. } => Some(field.to_string()),
            _ => None,
        };
        let body = ErrorBody { error: self.0.code().into(), message: public_message(&self.0), field };
        let mut resp = (status(&self.0), Json(body)).into_response();
        if let Error::RateLimited { retry_after_secs } = self.0
            && let Ok(v) = retry_after_secs.to_string().parse()
        {
            resp.headers_mut().insert(axum::http::header::RETRY_AFTER, v);
        }
        resp
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    tr: Tr,
    status: u16,
    message: String,
}

/// An error shown as a page. Unauthenticated users are sent to the login page.
#[derive(Debug)]
pub struct PageError(pub Error, pub Tr);

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        if matches!(self.0, Error::Unauthenticated) {
            return axum::response::Redirect::to("/masuk").into_response();
        }
        log_internal(&self.0);
        let code = status(&self.0);
        let page = ErrorPage { tr: self.1, status: code.as_u16(), message: public_message(&self.0) };
        match page.render() {
            Ok(html) => (code, Html(html)).into_response(),
            Err(_) => (code, public_message(&self.0)).into_response(),
        }
    }
}

/// Renders a template, turning a template failure into a 500 page.
pub fn render<T: Template>(t: &T, tr: &Tr) -> Result<Response, PageError> {
    t.render().map(|h| Html(h).into_response()).map_err(|e| PageError(Error::internal(e), tr.clone()))
}
