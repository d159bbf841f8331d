//! Public endpoints: no login.

use crate::AppState;
use crate::error::ApiError;
use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Json, Router};
use humas_core::service::{DirectoryEntry, VerifyResult};

pub fn router() -> Router<AppState> {
    Router::new().route("/public/accounts/verify", get(verify_account)).route("/public/accounts", get(list_directory))
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
pub struct VerifyQuery {
    /// A URL or `@handle`.
    pub url: String,
}

/// Is this URL or @handle an official account of the region?
#[utoipa::path(get, path = "/api/v1/public/accounts/verify", params(VerifyQuery),
    responses((status = 200, body = VerifyResult), (status = 422, body = crate::error::ErrorBody)))]
pub async fn verify_account(
    State(s): State<AppState>,
    q: Result<Query<VerifyQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<VerifyResult>, ApiError> {
    let Ok(Query(q)) = q else {
        return Err(humas_core::Error::invalid("url", "Parameter url wajib diisi.").into());
    };
    Ok(Json(s.humas.verify_lookup(&q.url).await?))
}

/// The directory of verified official accounts, with their decrees.
#[utoipa::path(get, path = "/api/v1/public/accounts", responses((status = 200, body = [DirectoryEntry])))]
pub async fn list_directory(State(s): State<AppState>) -> Result<Json<Vec<DirectoryEntry>>, ApiError> {
    Ok(Json(s.humas.directory().await?))
}
