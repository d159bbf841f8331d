//! The JSON API under `/api/v1`, described by an OpenAPI document.

mod accounts;
mod channels;
mod desk;
mod public;
mod publishing;
mod registry;
mod reports;
mod users;

pub use accounts::file_response;

use crate::AppState;
use axum::Router;
use axum::routing::get;
use utoipa::OpenApi;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(|| async { axum::Json(ApiDoc::openapi()) }))
        .merge(public::router())
        .merge(registry::router())
        .merge(users::router())
        .merge(accounts::router())
        .merge(channels::router())
        .merge(desk::router())
        .merge(publishing::router())
        .merge(reports::router())
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "humas API",
        description = "Official social media of a regional government (Perbup Kotawaringin Barat 20/2017). \
        Authenticate with `Authorization: Bearer <token>` (`humas user token USERNAME`). Errors are \
        `{\"error\": code, \"message\": text, \"field\": name?}` with codes unauthenticated, forbidden, not_found, \
        invalid_input, conflict, rate_limited, wrong_status, decree_required, decree_file_required, decree_expired, \
        account_locked, already_archived, not_verified, no_secret_key, secret_unreadable, sync_disabled, stale_version, already_sent, checks_failed, own_post, not_published, user_disabled, self_disable, internal."
    ),
    paths(
        public::verify_account,
        public::list_directory,
        registry::get_me,
        registry::get_region,
        registry::update_region,
        registry::list_districts,
        registry::create_district,
        registry::list_agencies,
        registry::get_agency,
        registry::create_agency,
        registry::update_agency,
        users::list_users,
        users::get_user,
        users::create_user,
        users::disable_user,
        users::enable_user,
        users::list_audit,
        accounts::list_decrees,
        accounts::get_decree,
        accounts::create_decree,
        accounts::get_decree_file,
        accounts::list_accounts,
        accounts::get_account,
        accounts::create_account,
        accounts::update_account,
        accounts::request_account,
        accounts::verify_account_dinas,
        accounts::return_account,
        accounts::archive_account,
        channels::get_connection,
        channels::put_connection,
        channels::delete_connection,
        channels::test_connection,
        channels::sync_now,
        channels::account_deliveries,
        channels::item_deliveries,
        channels::retry_delivery,
        channels::cancel_delivery,
        channels::account_metrics,
        channels::record_followers,
        channels::delivery_metrics,
        channels::import_file,
        publishing::list_posts,
        publishing::create_post,
        publishing::get_post,
        publishing::update_post,
        publishing::submit_post,
        publishing::approve_post,
        publishing::reject_post,
        publishing::cancel_post,
        publishing::reply_items,
        publishing::add_image,
        publishing::remove_image,
        publishing::get_image,
        publishing::list_campaigns,
        publishing::create_campaign,
        publishing::list_rules,
        publishing::save_rule,
        publishing::get_word_lists,
        publishing::save_word_list,
        reports::topics,
        reports::list_recommendations,
        reports::create_recommendation,
        reports::get_recommendation,
        reports::change_recommendation,
        reports::report_overview,
        reports::set_deadline,
        reports::get_report,
        reports::period_report,
        reports::save_narratives,
        reports::submit_report,
        reports::move_report,
        reports::report_file,
        reports::get_evaluation,
        reports::evaluation_file,
        desk::ingest_items,
        desk::list_items,
        desk::get_item,
        desk::answer_item,
        desk::refer_item,
        desk::answer_referral,
        desk::close_out_of_scope,
        desk::assign_item,
        desk::add_note,
        desk::correct_item,
        desk::bulk_items,
        desk::get_sop,
        desk::update_sop,
        desk::list_answers,
        desk::create_answer,
        desk::update_answer,
        desk::delete_answer,
        desk::item_suggestions,
        desk::list_notifications,
        desk::read_notifications,
        desk::submit_question,
        desk::track_question,
    ),
    components(schemas(crate::error::ErrorBody))
)]
struct ApiDoc;

/// The OpenAPI document as JSON text (for `humas` to print and for tests).
pub fn openapi_json() -> String {
    ApiDoc::openapi().to_pretty_json().unwrap_or_default()
}

/// A reason sent with archive/return actions.
#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct ReasonBody {
    pub reason: String,
}

/// `Json`, `Query` and `Path` whose rejections answer in the API's error shape.
pub struct ApiJson<T>(pub T);
pub struct ApiQuery<T>(pub T);
pub struct ApiPath<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> axum::extract::FromRequest<S> for ApiJson<T> {
    type Rejection = crate::error::ApiError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(e) => {
                Err(humas_core::Error::invalid("body", format!("Isi permintaan tidak valid: {}", e.body_text())).into())
            }
        }
    }
}

impl<T: serde::de::DeserializeOwned, S: Send + Sync> axum::extract::FromRequestParts<S> for ApiQuery<T> {
    type Rejection = crate::error::ApiError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(ApiQuery(v)),
            Err(e) => {
                Err(humas_core::Error::invalid("query", format!("Parameter tidak valid: {}", e.body_text())).into())
            }
        }
    }
}

impl<T: serde::de::DeserializeOwned + Send, S: Send + Sync> axum::extract::FromRequestParts<S> for ApiPath<T> {
    type Rejection = crate::error::ApiError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(ApiPath(v)),
            Err(_) => Err(humas_core::Error::NotFound("Data").into()),
        }
    }
}
