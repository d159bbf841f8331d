//! Decrees and official accounts, with the verification lifecycle.

use super::{ApiJson, ApiPath, ApiQuery, ReasonBody};
use crate::AppState;
use crate::error::ApiError;
use crate::session::ApiUser;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use humas_core::account::{Account, AccountInput, AccountStatus, Platform};
use humas_core::decree::{Decree, DecreeInput};
use humas_core::ids::{AccountId, AgencyId, DecreeId};
use humas_core::service::AccountFlags;
use humas_core::store::AccountFilter;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/decrees", get(list_decrees).post(create_decree))
        .route("/decrees/{id}", get(get_decree))
        .route("/decrees/{id}/file", get(get_decree_file))
        .route("/accounts", get(list_accounts).post(create_account))
        .route("/accounts/{id}", get(get_account).put(update_account))
        .route("/accounts/{id}/request", post(request_account))
        .route("/accounts/{id}/verify", post(verify_account_dinas))
        .route("/accounts/{id}/return", post(return_account))
        .route("/accounts/{id}/archive", post(archive_account))
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
pub struct AgencyQuery {
    pub agency_id: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/decrees", params(AgencyQuery), responses((status = 200, body = [Decree])))]
pub async fn list_decrees(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(q): ApiQuery<AgencyQuery>,
) -> Result<Json<Vec<Decree>>, ApiError> {
    Ok(Json(s.humas.decrees(&actor, q.agency_id.map(AgencyId)).await?))
}

#[utoipa::path(get, path = "/api/v1/decrees/{id}", params(("id" = i64, Path)), responses((status = 200, body = Decree), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_decree(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Decree>, ApiError> {
    Ok(Json(s.humas.decree(&actor, DecreeId(id)).await?))
}

/// JSON (`DecreeInput`, no file) or `multipart/form-data` with the same fields
/// plus `file` (PDF, PNG or JPEG, checked by content) and `appointees` as JSON.
#[utoipa::path(post, path = "/api/v1/decrees", request_body = DecreeInput,
    responses((status = 201, body = Decree), (status = 403, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn create_decree(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    req: Request,
) -> Result<(StatusCode, Json<Decree>), ApiError> {
    let is_multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let decree = if is_multipart {
        let mp = Multipart::from_request(req, &s)
            .await
            .map_err(|_| humas_core::Error::invalid("form", "Isian multipart rusak."))?;
        let form = crate::upload::read_decree_form(mp, s.humas.settings.max_upload_bytes).await?;
        s.humas.create_decree(&actor, form.input, form.upload).await?
    } else {
        let Json(input) = Json::<DecreeInput>::from_request(req, &s)
            .await
            .map_err(|e| humas_core::Error::invalid("body", format!("JSON tidak valid: {}", e.body_text())))?;
        s.humas.create_decree(&actor, input, None).await?
    };
    Ok((StatusCode::CREATED, Json(decree)))
}

/// The scan; public when the decree stands behind a verified account.
#[utoipa::path(get, path = "/api/v1/decrees/{id}/file", params(("id" = i64, Path)), responses((status = 200, description = "PDF, PNG or JPEG"), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_decree_file(
    State(s): State<AppState>,
    user: Option<ApiUser>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, ApiError> {
    let actor = user.map(|u| u.0);
    let (file, bytes) = s.humas.decree_file(actor.as_ref(), DecreeId(id)).await?;
    Ok(file_response(&file, bytes))
}

pub fn file_response(file: &humas_core::decree::DecreeFile, bytes: Vec<u8>) -> Response {
    let disposition = format!(
        "inline; filename=\"sk-{}.{}\"",
        &file.blob_key[..8],
        match file.content_type.as_str() {
            "application/pdf" => "pdf",
            "image/png" => "png",
            _ => "jpg",
        }
    );
    (
        [
            (header::CONTENT_TYPE, file.content_type.clone()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, max-age=300".to_string()),
        ],
        bytes,
    )
        .into_response()
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
pub struct AccountQuery {
    pub agency_id: Option<i64>,
    /// draft, requested, verified, archived
    pub status: Option<String>,
    pub platform: Option<String>,
}

/// An account with what needs attention.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct AccountView {
    #[serde(flatten)]
    pub account: Account,
    pub flags: AccountFlags,
}

#[utoipa::path(get, path = "/api/v1/accounts", params(AccountQuery), responses((status = 200, body = [AccountView]), (status = 403, body = crate::error::ErrorBody)))]
pub async fn list_accounts(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(q): ApiQuery<AccountQuery>,
) -> Result<Json<Vec<AccountView>>, ApiError> {
    let filter = AccountFilter {
        agency_id: q.agency_id.map(AgencyId),
        status: q.status.as_deref().filter(|s| !s.is_empty()).map(AccountStatus::parse).transpose()?,
        platform: q.platform.as_deref().filter(|s| !s.is_empty()).map(Platform::parse).transpose()?,
    };
    let accounts = s.humas.accounts(&actor, filter).await?;
    let flags = s.humas.account_flags(&accounts).await?;
    Ok(Json(accounts.into_iter().zip(flags).map(|(account, flags)| AccountView { account, flags }).collect()))
}

#[utoipa::path(get, path = "/api/v1/accounts/{id}", params(("id" = i64, Path)), responses((status = 200, body = Account), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_account(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Account>, ApiError> {
    Ok(Json(s.humas.account(&actor, AccountId(id)).await?))
}

#[utoipa::path(post, path = "/api/v1/accounts", request_body = AccountInput,
    responses((status = 201, body = Account), (status = 403, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn create_account(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(body): ApiJson<AccountInput>,
) -> Result<(StatusCode, Json<Account>), ApiError> {
    Ok((StatusCode::CREATED, Json(s.humas.create_account(&actor, body).await?)))
}

/// Drafts by the agency; any status by the Dinas.
#[utoipa::path(put, path = "/api/v1/accounts/{id}", params(("id" = i64, Path)), request_body = AccountInput, responses((status = 200, body = Account)))]
pub async fn update_account(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<AccountInput>,
) -> Result<Json<Account>, ApiError> {
    Ok(Json(s.humas.update_account(&actor, AccountId(id), body).await?))
}

/// The agency's Official asks the Dinas to verify (draft → requested).
#[utoipa::path(post, path = "/api/v1/accounts/{id}/request", params(("id" = i64, Path)), responses((status = 200, body = Account), (status = 409, body = crate::error::ErrorBody)))]
pub async fn request_account(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Account>, ApiError> {
    Ok(Json(s.humas.request_verification(&actor, AccountId(id)).await?))
}

/// The Dinas verifies (requested → verified).
#[utoipa::path(post, path = "/api/v1/accounts/{id}/verify", params(("id" = i64, Path)), responses((status = 200, body = Account), (status = 409, body = crate::error::ErrorBody)))]
pub async fn verify_account_dinas(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Account>, ApiError> {
    Ok(Json(s.humas.verify_account(&actor, AccountId(id)).await?))
}

/// The Dinas returns a request to draft with a reason.
#[utoipa::path(post, path = "/api/v1/accounts/{id}/return", params(("id" = i64, Path)), request_body = ReasonBody, responses((status = 200, body = Account)))]
pub async fn return_account(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<ReasonBody>,
) -> Result<Json<Account>, ApiError> {
    Ok(Json(s.humas.return_account(&actor, AccountId(id), &body.reason).await?))
}

/// The agency's Official or the Dinas archives with a reason.
#[utoipa::path(post, path = "/api/v1/accounts/{id}/archive", params(("id" = i64, Path)), request_body = ReasonBody, responses((status = 200, body = Account)))]
pub async fn archive_account(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<ReasonBody>,
) -> Result<Json<Account>, ApiError> {
    Ok(Json(s.humas.archive_account(&actor, AccountId(id), &body.reason).await?))
}
