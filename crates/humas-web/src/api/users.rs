//! Users and the audit log.

use super::{ApiJson, ApiPath, ApiQuery};
use crate::AppState;
use crate::error::ApiError;
use crate::session::ApiUser;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use humas_core::audit::{AuditEntry, AuditFilter};
use humas_core::ids::UserId;
use humas_core::user::{User, UserInput};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/users", get(list_users).post(create_user))
        .route("/users/{id}", get(get_user))
        .route("/users/{id}/disable", post(disable_user))
        .route("/users/{id}/enable", post(enable_user))
        .route("/audit", get(list_audit))
}

/// Region-wide roles see every user; Officials and Operators their own agency's.
#[utoipa::path(get, path = "/api/v1/users", responses((status = 200, body = [User])))]
pub async fn list_users(State(s): State<AppState>, ApiUser(actor): ApiUser) -> Result<Json<Vec<User>>, ApiError> {
    Ok(Json(s.humas.users(&actor).await?))
}

#[utoipa::path(get, path = "/api/v1/users/{id}", params(("id" = i64, Path)), responses((status = 200, body = User), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_user(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<User>, ApiError> {
    Ok(Json(s.humas.user(&actor, UserId(id)).await?))
}

/// Dinas only.
#[utoipa::path(post, path = "/api/v1/users", request_body = UserInput,
    responses((status = 201, body = User), (status = 403, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn create_user(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(body): ApiJson<UserInput>,
) -> Result<(StatusCode, Json<User>), ApiError> {
    Ok((StatusCode::CREATED, Json(s.humas.create_user(&actor, body).await?)))
}

/// Dinas only; ends the user's sessions and tokens.
#[utoipa::path(post, path = "/api/v1/users/{id}/disable", params(("id" = i64, Path)), responses((status = 200, body = User)))]
pub async fn disable_user(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<User>, ApiError> {
    Ok(Json(s.humas.set_user_disabled(&actor, UserId(id), true).await?))
}

/// Dinas only.
#[utoipa::path(post, path = "/api/v1/users/{id}/enable", params(("id" = i64, Path)), responses((status = 200, body = User)))]
pub async fn enable_user(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<User>, ApiError> {
    Ok(Json(s.humas.set_user_disabled(&actor, UserId(id), false).await?))
}

/// Auditors and Dinas admins; newest first, page with `before_seq`.
#[utoipa::path(get, path = "/api/v1/audit", params(AuditFilter), responses((status = 200, body = [AuditEntry]), (status = 403, body = crate::error::ErrorBody)))]
pub async fn list_audit(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(filter): ApiQuery<AuditFilter>,
) -> Result<Json<Vec<AuditEntry>>, ApiError> {
    Ok(Json(s.humas.audit_entries(&actor, &filter).await?))
}
