//! Messages to publish: compose, check, submit, approve, schedule; campaigns;
//! the per-platform rules and word lists (the Dinas's data).

use super::{ApiJson, ApiPath, ApiQuery};
use crate::AppState;
use crate::error::ApiError;
use crate::session::ApiUser;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use humas_core::publishing::{Campaign, CampaignInput, PlatformRule, Post, PostFilter, PostInput, WordLists};
use humas_core::service::PostView;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/posts", get(list_posts).post(create_post))
        .route("/posts/{id}", get(get_post).put(update_post))
        .route("/posts/{id}/submit", post(submit_post))
        .route("/posts/{id}/approve", post(approve_post))
        .route("/posts/{id}/reject", post(reject_post))
        .route("/posts/{id}/cancel", post(cancel_post))
        .route("/posts/{id}/reply-items", post(reply_items))
        .route("/posts/{id}/images", post(add_image))
        .route("/posts/{id}/images/{position}", get(get_image).delete(remove_image))
        .route("/campaigns", get(list_campaigns).post(create_campaign))
        .route("/platform-rules", get(list_rules))
        .route("/platform-rules/{platform}", put(save_rule))
        .route("/word-lists", get(get_word_lists))
        .route("/word-lists/{kind}", put(save_word_list))
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct Decision {
    /// The version of the message the officer saw.
    pub version: i32,
    #[serde(default)]
    pub note: String,
    /// Required (10+ characters) when approving a message with warnings; kept.
    #[serde(default)]
    pub override_reason: String,
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct Words {
    pub words: Vec<String>,
}

#[utoipa::path(get, path = "/api/v1/posts", params(PostFilter), responses((status = 200, body = [Post])))]
pub async fn list_posts(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(f): ApiQuery<PostFilter>,
) -> Result<Json<Vec<Post>>, ApiError> {
    Ok(Json(s.humas.posts(&actor, f).await?))
}

/// A draft; the checks' findings come back with it (`findings`), the text per account in `texts`.
#[utoipa::path(post, path = "/api/v1/posts", request_body = PostInput,
    responses((status = 201, body = PostView), (status = 403, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn create_post(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(body): ApiJson<PostInput>,
) -> Result<(StatusCode, Json<PostView>), ApiError> {
    Ok((StatusCode::CREATED, Json(s.humas.create_post(&actor, body).await?)))
}

#[utoipa::path(get, path = "/api/v1/posts/{id}", params(("id" = i64, Path)), responses((status = 200, body = PostView), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_post(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<PostView>, ApiError> {
    Ok(Json(s.humas.post_view(&actor, id).await?))
}

/// An edit of `version`; refused with `stale_version` when someone saved first. An approved message becomes a draft again.
#[utoipa::path(put, path = "/api/v1/posts/{id}", params(("id" = i64, Path)), request_body = PostInput,
    responses((status = 200, body = PostView), (status = 409, body = crate::error::ErrorBody)))]
pub async fn update_post(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<PostInput>,
) -> Result<Json<PostView>, ApiError> {
    Ok(Json(s.humas.update_post(&actor, id, body).await?))
}

#[utoipa::path(post, path = "/api/v1/posts/{id}/submit", params(("id" = i64, Path)), request_body = Decision,
    responses((status = 200, body = PostView), (status = 409, body = crate::error::ErrorBody)))]
pub async fn submit_post(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(d): ApiJson<Decision>,
) -> Result<Json<PostView>, ApiError> {
    Ok(Json(s.humas.submit_post(&actor, id, d.version).await?))
}

/// The agency's Official (not the author) approves; deliveries are queued for the scheduled time.
#[utoipa::path(post, path = "/api/v1/posts/{id}/approve", params(("id" = i64, Path)), request_body = Decision,
    responses((status = 200, body = PostView), (status = 403, body = crate::error::ErrorBody), (status = 409, body = crate::error::ErrorBody)))]
pub async fn approve_post(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(d): ApiJson<Decision>,
) -> Result<Json<PostView>, ApiError> {
    Ok(Json(s.humas.approve_post(&actor, id, d.version, &d.override_reason).await?))
}

#[utoipa::path(post, path = "/api/v1/posts/{id}/reject", params(("id" = i64, Path)), request_body = Decision, responses((status = 200, body = PostView)))]
pub async fn reject_post(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(d): ApiJson<Decision>,
) -> Result<Json<PostView>, ApiError> {
    Ok(Json(s.humas.reject_post(&actor, id, d.version, &d.note).await?))
}

#[utoipa::path(post, path = "/api/v1/posts/{id}/cancel", params(("id" = i64, Path)), request_body = Decision, responses((status = 200, body = PostView)))]
pub async fn cancel_post(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(d): ApiJson<Decision>,
) -> Result<Json<PostView>, ApiError> {
    Ok(Json(s.humas.cancel_post(&actor, id, d.version).await?))
}

#[utoipa::path(get, path = "/api/v1/campaigns", responses((status = 200, body = [Campaign])))]
pub async fn list_campaigns(
    State(s): State<AppState>,
    ApiUser(_actor): ApiUser,
) -> Result<Json<Vec<Campaign>>, ApiError> {
    Ok(Json(s.humas.campaigns().await?))
}

#[utoipa::path(post, path = "/api/v1/campaigns", request_body = CampaignInput, responses((status = 201, body = Campaign), (status = 403, body = crate::error::ErrorBody)))]
pub async fn create_campaign(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(body): ApiJson<CampaignInput>,
) -> Result<(StatusCode, Json<Campaign>), ApiError> {
    Ok((StatusCode::CREATED, Json(s.humas.create_campaign(&actor, body).await?)))
}

#[utoipa::path(get, path = "/api/v1/platform-rules", responses((status = 200, body = [PlatformRule])))]
pub async fn list_rules(
    State(s): State<AppState>,
    ApiUser(_actor): ApiUser,
) -> Result<Json<Vec<PlatformRule>>, ApiError> {
    Ok(Json(s.humas.platform_rules().await?))
}

/// The Dinas changes a platform's limits when the platform does.
#[utoipa::path(put, path = "/api/v1/platform-rules/{platform}", params(("platform" = String, Path)), request_body = PlatformRule,
    responses((status = 204), (status = 403, body = crate::error::ErrorBody)))]
pub async fn save_rule(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(platform): ApiPath<String>,
    ApiJson(mut rule): ApiJson<PlatformRule>,
) -> Result<StatusCode, ApiError> {
    rule.platform = humas_core::account::Platform::parse(&platform)?;
    s.humas.save_platform_rule(&actor, rule).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/word-lists", responses((status = 200, body = WordLists)))]
pub async fn get_word_lists(State(s): State<AppState>, ApiUser(_actor): ApiUser) -> Result<Json<WordLists>, ApiError> {
    Ok(Json(s.humas.word_lists().await?))
}

/// Replaces one list: `abusive`, `sara`, `partisan` or `classified`.
#[utoipa::path(put, path = "/api/v1/word-lists/{kind}", params(("kind" = String, Path)), request_body = Words,
    responses((status = 204), (status = 403, body = crate::error::ErrorBody)))]
pub async fn save_word_list(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(kind): ApiPath<String>,
    ApiJson(body): ApiJson<Words>,
) -> Result<StatusCode, ApiError> {
    s.humas.save_word_list(&actor, &kind, &body.words).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Queued {
    pub queued: usize,
}

/// Pasal 9j: replies to the citizens whose items the published message follows up, with its link.
#[utoipa::path(post, path = "/api/v1/posts/{id}/reply-items", params(("id" = i64, Path)),
    responses((status = 200, body = Queued), (status = 409, body = crate::error::ErrorBody)))]
pub async fn reply_items(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Queued>, ApiError> {
    Ok(Json(Queued { queued: s.humas.reply_to_linked_items(&actor, id).await? }))
}

/// Attaches an image to a draft: `multipart/form-data` with `file` (PNG, JPEG,
/// GIF or WebP, checked by content, 5 MB), `alt` and `version`.
#[utoipa::path(post, path = "/api/v1/posts/{id}/images", params(("id" = i64, Path)),
    responses((status = 200, body = PostView), (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn add_image(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
    mp: axum::extract::Multipart,
) -> Result<Json<PostView>, ApiError> {
    let f = crate::upload::read_image_form(mp, humas_core::publishing::MAX_IMAGE_BYTES).await?;
    Ok(Json(s.humas.add_post_image(&actor, id, f.version, &f.name, &f.bytes, &f.alt).await?))
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
pub struct VersionQuery {
    pub version: i32,
}

#[utoipa::path(delete, path = "/api/v1/posts/{id}/images/{position}", params(("id" = i64, Path), ("position" = i32, Path), VersionQuery),
    responses((status = 200, body = PostView), (status = 409, body = crate::error::ErrorBody)))]
pub async fn remove_image(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath((id, position)): ApiPath<(i64, i32)>,
    ApiQuery(q): ApiQuery<VersionQuery>,
) -> Result<Json<PostView>, ApiError> {
    Ok(Json(s.humas.remove_post_image(&actor, id, q.version, position).await?))
}

#[utoipa::path(get, path = "/api/v1/posts/{id}/images/{position}", params(("id" = i64, Path), ("position" = i32, Path)), responses((status = 200, content_type = "image/png")))]
pub async fn get_image(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath((id, position)): ApiPath<(i64, i32)>,
) -> Result<axum::response::Response, ApiError> {
    let (content_type, bytes) = s.humas.post_image(&actor, id, position).await?;
    Ok(crate::upload::image_response(&content_type, bytes))
}
