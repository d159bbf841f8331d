//! Themes, the recommendations register, annual reports and the evaluation.

use super::{ApiJson, ApiPath, ApiQuery};
use crate::AppState;
use crate::error::ApiError;
use crate::pages::reports::{download_format, file, render_file};
use crate::session::ApiUser;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use chrono::{Duration, NaiveDate};
use humas_core::ids::AgencyId;
use humas_core::insight::TopicReport;
use humas_core::report::{
    AnnualReport, Evaluation, Narratives, Recommendation, RecommendationChange, RecommendationInput, ReportRecord,
    ReportStatus,
};
use humas_core::service::{ReportStatusLine, ReportView};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/topics", get(topics))
        .route("/recommendations", get(list_recommendations).post(create_recommendation))
        .route("/recommendations/{id}", get(get_recommendation))
        .route("/recommendations/{id}/status", post(change_recommendation))
        .route("/reports/{year}", get(report_overview))
        .route("/reports/{year}/deadline", put(set_deadline))
        .route("/agencies/{id}/reports/{year}", get(get_report))
        .route("/agencies/{id}/reports/{year}/narratives", put(save_narratives))
        .route("/agencies/{id}/reports/{year}/submit", post(submit_report))
        .route("/agencies/{id}/reports/{year}/status", post(move_report))
        .route("/agencies/{id}/reports/{year}/file/{format}", get(report_file))
        .route("/agencies/{id}/report", get(period_report))
        .route("/evaluations/{year}", get(get_evaluation))
        .route("/evaluations/{year}/file/{format}", get(evaluation_file))
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
pub struct PeriodQuery {
    /// `YYYY-MM-DD`, default 30 days before `to`.
    pub from: Option<NaiveDate>,
    /// `YYYY-MM-DD`, default today.
    pub to: Option<NaiveDate>,
    pub agency_id: Option<i64>,
}

/// Themes of a period with trend, districts and masked examples; `hot` marks hot issues.
#[utoipa::path(get, path = "/api/v1/topics", params(PeriodQuery), responses((status = 200, body = TopicReport)))]
pub async fn topics(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(q): ApiQuery<PeriodQuery>,
) -> Result<Json<TopicReport>, ApiError> {
    let to = match q.to {
        Some(t) => t,
        None => s.humas.today().await?,
    };
    let from = q.from.unwrap_or(to - Duration::days(29));
    Ok(Json(s.humas.topics(&actor, q.agency_id.map(AgencyId), from, to).await?))
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
pub struct AgencyQuery {
    pub agency_id: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/recommendations", params(AgencyQuery), responses((status = 200, body = [Recommendation])))]
pub async fn list_recommendations(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(q): ApiQuery<AgencyQuery>,
) -> Result<Json<Vec<Recommendation>>, ApiError> {
    Ok(Json(s.humas.recommendations(&actor, q.agency_id.map(AgencyId)).await?))
}

#[utoipa::path(post, path = "/api/v1/recommendations", request_body = RecommendationInput,
    responses((status = 201, body = Recommendation), (status = 422, body = crate::error::ErrorBody)))]
pub async fn create_recommendation(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(input): ApiJson<RecommendationInput>,
) -> Result<(StatusCode, Json<Recommendation>), ApiError> {
    Ok((StatusCode::CREATED, Json(s.humas.create_recommendation(&actor, input).await?)))
}

#[utoipa::path(get, path = "/api/v1/recommendations/{id}", responses((status = 200, body = Recommendation)))]
pub async fn get_recommendation(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Recommendation>, ApiError> {
    Ok(Json(s.humas.recommendation(&actor, id).await?))
}

/// proposed → accepted → in_progress → done, or rejected (with a reason); `post_id` links the message
/// that disseminated the follow-up; a stale `version` is refused (409).
#[utoipa::path(post, path = "/api/v1/recommendations/{id}/status", request_body = RecommendationChange,
    responses((status = 200, body = Recommendation), (status = 409, body = crate::error::ErrorBody)))]
pub async fn change_recommendation(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(c): ApiJson<RecommendationChange>,
) -> Result<Json<Recommendation>, ApiError> {
    Ok(Json(s.humas.change_recommendation(&actor, id, c).await?))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Overview {
    pub deadline: Option<NaiveDate>,
    pub agencies: Vec<ReportStatusLine>,
}

/// Which agencies have submitted their report for a year (Dinas, Bupati, Auditor).
#[utoipa::path(get, path = "/api/v1/reports/{year}", responses((status = 200, body = Overview)))]
pub async fn report_overview(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(year): ApiPath<i32>,
) -> Result<Json<Overview>, ApiError> {
    let (agencies, deadline) = s.humas.report_overview(&actor, year).await?;
    Ok(Json(Overview { deadline, agencies }))
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct Deadline {
    pub due_on: NaiveDate,
}

#[utoipa::path(put, path = "/api/v1/reports/{year}/deadline", request_body = Deadline, responses((status = 204)))]
pub async fn set_deadline(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(year): ApiPath<i32>,
    ApiJson(d): ApiJson<Deadline>,
) -> Result<StatusCode, ApiError> {
    s.humas.set_report_deadline(&actor, year, d.due_on).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The report of a year: the locked submitted version, or a draft computed now.
#[utoipa::path(get, path = "/api/v1/agencies/{id}/reports/{year}", responses((status = 200, body = ReportView)))]
pub async fn get_report(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath((id, year)): ApiPath<(i64, i32)>,
) -> Result<Json<ReportView>, ApiError> {
    Ok(Json(s.humas.annual_report(&actor, AgencyId(id), year).await?))
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
pub struct RangeQuery {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// A report over any period, computed now (no workflow).
#[utoipa::path(get, path = "/api/v1/agencies/{id}/report", params(RangeQuery), responses((status = 200, body = AnnualReport)))]
pub async fn period_report(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<RangeQuery>,
) -> Result<Json<AnnualReport>, ApiError> {
    Ok(Json(s.humas.period_report(&actor, AgencyId(id), q.from, q.to).await?))
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct NarrativesInput {
    #[serde(flatten)]
    pub narratives: Narratives,
    /// The record's version the writer saw (0 for a new report).
    #[serde(default)]
    pub version: i64,
}

#[utoipa::path(put, path = "/api/v1/agencies/{id}/reports/{year}/narratives", request_body = NarrativesInput,
    responses((status = 200, body = ReportRecord), (status = 409, body = crate::error::ErrorBody)))]
pub async fn save_narratives(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath((id, year)): ApiPath<(i64, i32)>,
    ApiJson(n): ApiJson<NarrativesInput>,
) -> Result<Json<ReportRecord>, ApiError> {
    Ok(Json(s.humas.save_report_narratives(&actor, AgencyId(id), year, n.narratives, n.version).await?))
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct VersionInput {
    pub version: i64,
}

/// The agency's Official submits; the content is locked as a new version.
#[utoipa::path(post, path = "/api/v1/agencies/{id}/reports/{year}/submit", request_body = VersionInput,
    responses((status = 200, body = ReportRecord), (status = 403, body = crate::error::ErrorBody)))]
pub async fn submit_report(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath((id, year)): ApiPath<(i64, i32)>,
    ApiJson(v): ApiJson<VersionInput>,
) -> Result<Json<ReportRecord>, ApiError> {
    Ok(Json(s.humas.submit_report(&actor, AgencyId(id), year, v.version).await?))
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct MoveInput {
    /// `draft` (the Official reopens), `received` (the Dinas), `read` (the Bupati).
    pub to: ReportStatus,
}

#[utoipa::path(post, path = "/api/v1/agencies/{id}/reports/{year}/status", request_body = MoveInput,
    responses((status = 200, body = ReportRecord), (status = 409, body = crate::error::ErrorBody)))]
pub async fn move_report(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath((id, year)): ApiPath<(i64, i32)>,
    ApiJson(m): ApiJson<MoveInput>,
) -> Result<Json<ReportRecord>, ApiError> {
    Ok(Json(s.humas.move_report(&actor, AgencyId(id), year, m.to).await?))
}

/// The report as `pdf`, `xlsx` or `csv`.
#[utoipa::path(get, path = "/api/v1/agencies/{id}/reports/{year}/file/{format}", responses((status = 200)))]
pub async fn report_file(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath((id, year, format)): ApiPath<(i64, i32, String)>,
) -> Result<Response, ApiError> {
    let format = download_format(&format)?;
    let v = s.humas.annual_report(&actor, AgencyId(id), year).await?;
    let letterhead = s.humas.letterhead().await?;
    let name = format!("laporan-{}-{year}", v.report.agency_code);
    Ok(file(render_file(move || humas_report::annual_report(&v.report, &letterhead, format)).await?, format, &name))
}

/// Scores per criterion, totals, ranks and last year's totals (Dinas, Bupati, Auditor).
#[utoipa::path(get, path = "/api/v1/evaluations/{year}", responses((status = 200, body = Evaluation)))]
pub async fn get_evaluation(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(year): ApiPath<i32>,
) -> Result<Json<Evaluation>, ApiError> {
    Ok(Json(s.humas.evaluation(&actor, year).await?))
}

#[utoipa::path(get, path = "/api/v1/evaluations/{year}/file/{format}", responses((status = 200)))]
pub async fn evaluation_file(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath((year, format)): ApiPath<(i32, String)>,
) -> Result<Response, ApiError> {
    let format = download_format(&format)?;
    let ev = s.humas.evaluation(&actor, year).await?;
    let letterhead = s.humas.letterhead().await?;
    Ok(file(
        render_file(move || humas_report::evaluation(&ev, &letterhead, format)).await?,
        format,
        &format!("evaluasi-{year}"),
    ))
}
