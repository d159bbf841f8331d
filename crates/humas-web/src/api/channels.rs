//! An account's connection to its platform, its polling status, and the
//! deliveries (replies, posts) sent through it.

use super::{ApiJson, ApiPath};
use crate::AppState;
use crate::error::ApiError;
use crate::session::ApiUser;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use humas_core::channel::Delivery;
use humas_core::ids::AccountId;
use humas_core::metrics::{AccountMetric, AccountMetricInput, PostMetric};
use humas_core::service::{CheckResult, ConnectionInput, ConnectionView, ImportReport};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/accounts/{id}/connection", get(get_connection).put(put_connection).delete(delete_connection))
        .route("/accounts/{id}/connection/test", post(test_connection))
        .route("/accounts/{id}/sync", post(sync_now))
        .route("/accounts/{id}/deliveries", get(account_deliveries))
        .route("/items/{id}/deliveries", get(item_deliveries))
        .route("/deliveries/{id}/retry", post(retry_delivery))
        .route("/deliveries/{id}/cancel", post(cancel_delivery))
        .route("/deliveries/{id}/metrics", get(delivery_metrics))
        .route("/accounts/{id}/metrics", get(account_metrics).post(record_followers))
        .route("/accounts/{id}/import", post(import_file))
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
pub struct ImportQuery {
    /// `csv`, `json` (array or one object per line) or `wxr` (WordPress export); default: detected.
    pub format: Option<String>,
    /// The file's name, to help the detection.
    pub name: Option<String>,
}

/// Imports a file of citizens' items of one account (the raw file is the
/// body). Rows already stored are counted as duplicates; bad rows are
/// reported by line and the rest stored.
#[utoipa::path(post, path = "/api/v1/accounts/{id}/import", params(("id" = i64, Path), ImportQuery),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = ImportReport), (status = 403, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn import_file(
    axum::extract::State(s): axum::extract::State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
    super::ApiQuery(q): super::ApiQuery<ImportQuery>,
    body: axum::body::Bytes,
) -> Result<Json<ImportReport>, ApiError> {
    let report =
        crate::import::run(&s, &actor, AccountId(id), q.format.as_deref(), q.name.as_deref().unwrap_or(""), &body)
            .await?;
    Ok(Json(report))
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
pub struct PeriodQuery {
    /// First day (YYYY-MM-DD); default a year before `to`.
    pub from: Option<chrono::NaiveDate>,
    /// Last day (YYYY-MM-DD); default today.
    pub to: Option<chrono::NaiveDate>,
}

/// Daily audience figures of an account, from the platform or entered by hand (`source`).
#[utoipa::path(get, path = "/api/v1/accounts/{id}/metrics", params(("id" = i64, Path), PeriodQuery),
    responses((status = 200, body = [AccountMetric]), (status = 404, body = crate::error::ErrorBody)))]
pub async fn account_metrics(
    axum::extract::State(s): axum::extract::State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
    super::ApiQuery(q): super::ApiQuery<PeriodQuery>,
) -> Result<Json<Vec<AccountMetric>>, ApiError> {
    let to = match q.to {
        Some(t) => t,
        None => s.humas.today().await?,
    };
    let from = q.from.unwrap_or(to - chrono::Duration::days(366));
    Ok(Json(s.humas.account_metrics(&actor, AccountId(id), from, to).await?))
}

/// An officer's audience figure for a day, where the platform gives none (or to correct it).
#[utoipa::path(post, path = "/api/v1/accounts/{id}/metrics", params(("id" = i64, Path)), request_body = AccountMetricInput,
    responses((status = 201, body = AccountMetric), (status = 403, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn record_followers(
    axum::extract::State(s): axum::extract::State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<AccountMetricInput>,
) -> Result<(StatusCode, Json<AccountMetric>), ApiError> {
    Ok((StatusCode::CREATED, Json(s.humas.record_followers(&actor, AccountId(id), body).await?)))
}

/// Daily engagement (shares, comments, likes, views) of a published post.
#[utoipa::path(get, path = "/api/v1/deliveries/{id}/metrics", params(("id" = i64, Path)), responses((status = 200, body = [PostMetric])))]
pub async fn delivery_metrics(
    axum::extract::State(s): axum::extract::State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<PostMetric>>, ApiError> {
    Ok(Json(s.humas.post_metrics(&actor, id).await?))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ConnectResult {
    pub connection: ConnectionView,
    pub check: CheckResult,
}

/// The connection and its polling status (never the secret); `null` when not connected.
#[utoipa::path(get, path = "/api/v1/accounts/{id}/connection", params(("id" = i64, Path)),
    responses((status = 200, body = Option<ConnectionView>), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_connection(
    axum::extract::State(s): axum::extract::State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Option<ConnectionView>>, ApiError> {
    Ok(Json(s.humas.connection(&actor, AccountId(id)).await?))
}

/// Saves the connection of a verified account (its Official or the Dinas) and
/// tests it; an empty `secret` keeps the stored one. The test's outcome is in `check`.
#[utoipa::path(put, path = "/api/v1/accounts/{id}/connection", params(("id" = i64, Path)), request_body = ConnectionInput,
    responses((status = 200, body = ConnectResult), (status = 403, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn put_connection(
    axum::extract::State(s): axum::extract::State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<ConnectionInput>,
) -> Result<Json<ConnectResult>, ApiError> {
    let (connection, check) = s.humas.connect_account(&actor, AccountId(id), body).await?;
    Ok(Json(ConnectResult { connection, check }))
}

#[utoipa::path(delete, path = "/api/v1/accounts/{id}/connection", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = crate::error::ErrorBody)))]
pub async fn delete_connection(
    axum::extract::State(s): axum::extract::State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    s.humas.disconnect_account(&actor, AccountId(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/accounts/{id}/connection/test", params(("id" = i64, Path)),
    responses((status = 200, body = CheckResult), (status = 404, body = crate::error::ErrorBody)))]
pub async fn test_connection(
    axum::extract::State(s): axum::extract::State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<CheckResult>, ApiError> {
    Ok(Json(s.humas.test_connection(&actor, AccountId(id)).await?))
}

/// Queues a poll of the account now (also while its breaker is open).
#[utoipa::path(post, path = "/api/v1/accounts/{id}/sync", params(("id" = i64, Path)),
    responses((status = 202), (status = 404, body = crate::error::ErrorBody)))]
pub async fn sync_now(
    axum::extract::State(s): axum::extract::State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    s.humas.sync_now(&actor, AccountId(id)).await?;
    Ok(StatusCode::ACCEPTED)
}

#[utoipa::path(get, path = "/api/v1/accounts/{id}/deliveries", params(("id" = i64, Path)), responses((status = 200, body = [Delivery])))]
pub async fn account_deliveries(
    axum::extract::State(s): axum::extract::State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<Delivery>>, ApiError> {
    Ok(Json(s.humas.account_deliveries(&actor, AccountId(id)).await?))
}

/// The replies to one item sent to its platform, with their outcome.
#[utoipa::path(get, path = "/api/v1/items/{id}/deliveries", params(("id" = i64, Path)), responses((status = 200, body = [Delivery])))]
pub async fn item_deliveries(
    axum::extract::State(s): axum::extract::State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<Delivery>>, ApiError> {
    Ok(Json(s.humas.item_deliveries(&actor, id).await?))
}

#[utoipa::path(post, path = "/api/v1/deliveries/{id}/retry", params(("id" = i64, Path)),
    responses((status = 200, body = Delivery), (status = 409, body = crate::error::ErrorBody)))]
pub async fn retry_delivery(
    axum::extract::State(s): axum::extract::State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Delivery>, ApiError> {
    Ok(Json(s.humas.retry_delivery(&actor, id).await?))
}

#[utoipa::path(post, path = "/api/v1/deliveries/{id}/cancel", params(("id" = i64, Path)),
    responses((status = 200, body = Delivery), (status = 409, body = crate::error::ErrorBody)))]
pub async fn cancel_delivery(
    axum::extract::State(s): axum::extract::State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Delivery>, ApiError> {
    Ok(Json(s.humas.cancel_delivery(&actor, id).await?))
}
