//! Region, kecamatan, agencies, and the caller's own identity.

use super::{ApiJson, ApiPath};
use crate::AppState;
use crate::error::ApiError;
use crate::session::ApiUser;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use humas_core::Actor;
use humas_core::agency::{Agency, AgencyInput};
use humas_core::ids::AgencyId;
use humas_core::region::{District, Region};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/me", get(get_me))
        .route("/region", get(get_region).put(update_region))
        .route("/districts", get(list_districts).post(create_district))
        .route("/agencies", get(list_agencies).post(create_agency))
        .route("/agencies/{id}", get(get_agency).put(update_agency))
}

/// Who the token or session belongs to.
#[utoipa::path(get, path = "/api/v1/me", responses((status = 200, body = Actor), (status = 401, body = crate::error::ErrorBody)))]
pub async fn get_me(ApiUser(actor): ApiUser) -> Json<Actor> {
    Json(actor)
}

#[utoipa::path(get, path = "/api/v1/region", responses((status = 200, body = Region)))]
pub async fn get_region(State(s): State<AppState>, _user: ApiUser) -> Result<Json<Region>, ApiError> {
    Ok(Json(s.humas.region().await?))
}

/// Dinas only.
#[utoipa::path(put, path = "/api/v1/region", request_body = Region,
    responses((status = 200, body = Region), (status = 403, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn update_region(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(body): ApiJson<Region>,
) -> Result<Json<Region>, ApiError> {
    Ok(Json(s.humas.update_region(&actor, body).await?))
}

#[utoipa::path(get, path = "/api/v1/districts", responses((status = 200, body = [District])))]
pub async fn list_districts(State(s): State<AppState>, _user: ApiUser) -> Result<Json<Vec<District>>, ApiError> {
    Ok(Json(s.humas.districts().await?))
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct DistrictBody {
    pub name: String,
}

/// Dinas only.
#[utoipa::path(post, path = "/api/v1/districts", request_body = DistrictBody, responses((status = 201, body = District)))]
pub async fn create_district(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(body): ApiJson<DistrictBody>,
) -> Result<(StatusCode, Json<District>), ApiError> {
    Ok((StatusCode::CREATED, Json(s.humas.add_district(&actor, &body.name).await?)))
}

#[utoipa::path(get, path = "/api/v1/agencies", responses((status = 200, body = [Agency])))]
pub async fn list_agencies(State(s): State<AppState>, _user: ApiUser) -> Result<Json<Vec<Agency>>, ApiError> {
    Ok(Json(s.humas.agencies().await?))
}

#[utoipa::path(get, path = "/api/v1/agencies/{id}", params(("id" = i64, Path)), responses((status = 200, body = Agency), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_agency(
    State(s): State<AppState>,
    _user: ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Agency>, ApiError> {
    Ok(Json(s.humas.agency(AgencyId(id)).await?))
}

/// Dinas only.
#[utoipa::path(post, path = "/api/v1/agencies", request_body = AgencyInput,
    responses((status = 201, body = Agency), (status = 403, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn create_agency(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(body): ApiJson<AgencyInput>,
) -> Result<(StatusCode, Json<Agency>), ApiError> {
    Ok((StatusCode::CREATED, Json(s.humas.create_agency(&actor, body).await?)))
}

/// Dinas only.
#[utoipa::path(put, path = "/api/v1/agencies/{id}", params(("id" = i64, Path)), request_body = AgencyInput, responses((status = 200, body = Agency)))]
pub async fn update_agency(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<AgencyInput>,
) -> Result<Json<Agency>, ApiError> {
    Ok(Json(s.humas.update_agency(&actor, AgencyId(id), body).await?))
}
