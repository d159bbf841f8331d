//! The service desk API: ingest, inbox, the Lampiran B actions, SOP clocks,
//! and the citizens' public form and follow-up.

use super::{ApiJson, ApiPath, ApiQuery};
use crate::AppState;
use crate::error::ApiError;
use crate::session::{ApiUser, ClientAddr};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::routing::{get, post};
use axum::{Json, Router};
use humas_core::Error;
use humas_core::desk::{InboundItem, Item, ItemFilter, ItemPage, ItemSource, Sop};
use humas_core::ids::{AgencyId, UserId};
use humas_core::service::{IngestOutcome, ItemDetail, PublicStatus, PublicSubmission};
use serde::{Deserialize, Serialize};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/inbound", post(ingest_items))
        .route("/items", get(list_items))
        .route("/items/bulk", post(bulk_items))
        .route("/items/{id}", get(get_item))
        .route("/items/{id}/answer", post(answer_item))
        .route("/items/{id}/refer", post(refer_item))
        .route("/items/{id}/referral-answer", post(answer_referral))
        .route("/items/{id}/out-of-scope", post(close_out_of_scope))
        .route("/items/{id}/assign", post(assign_item))
        .route("/items/{id}/notes", post(add_note))
        .route("/items/{id}/correct", post(correct_item))
        .route("/agencies/{id}/sop", get(get_sop).put(update_sop))
        .route("/answers", get(list_answers).post(create_answer))
        .route("/answers/{id}", axum::routing::put(update_answer).delete(delete_answer))
        .route("/items/{id}/suggestions", get(item_suggestions))
        .route("/notifications", get(list_notifications))
        .route("/notifications/read", post(read_notifications))
        .route("/public/questions", post(submit_question))
        .route("/public/questions/{code}", get(track_question))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct InboundBatch {
    pub items: Vec<InboundItem>,
    /// `channel` (default) or `import` or `manual`.
    pub source: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct IngestResponse {
    pub results: Vec<IngestOutcome>,
}

/// A batch from an adapter or an import: `application/json` (`InboundBatch`)
/// or `application/x-ndjson`, one `InboundItem` per line — there a line that
/// is not UTF-8 or not JSON is reported alone and the others are stored.
#[utoipa::path(post, path = "/api/v1/inbound", request_body = InboundBatch,
    responses((status = 200, body = IngestResponse), (status = 403, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn ingest_items(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<IngestResponse>, ApiError> {
    let ndjson = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("ndjson"));
    let (items, source, mut broken) = if ndjson {
        let mut items = Vec::new();
        let mut broken = Vec::new();
        let mut index = 0;
        for line in body.split(|b| *b == b'\n') {
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let parsed = std::str::from_utf8(line)
                .map_err(|_| "Baris ini bukan teks UTF-8 yang sah.".to_string())
                .and_then(|t| serde_json::from_str::<InboundItem>(t).map_err(|e| format!("JSON tidak valid: {e}")));
            match parsed {
                Ok(item) => items.push((index, item)),
                Err(e) => broken.push(IngestOutcome { index, id: None, created: false, error: Some(e) }),
            }
            index += 1;
        }
        (items, ItemSource::Channel, broken)
    } else {
        let batch: InboundBatch = serde_json::from_slice(&body)
            .map_err(|e| Error::invalid("body", format!("Isi permintaan tidak valid: {e}")))?;
        let source = match batch.source.as_deref() {
            None | Some("channel") => ItemSource::Channel,
            Some("import") => ItemSource::Import,
            Some("manual") => ItemSource::Manual,
            Some(other) => return Err(Error::invalid("source", format!("Sumber tidak dikenal: {other}")).into()),
        };
        (batch.items.into_iter().enumerate().collect(), source, Vec::new())
    };
    let (indexes, items): (Vec<usize>, Vec<InboundItem>) = items.into_iter().unzip();
    let mut results = s.humas.ingest(&actor, items, source).await?;
    for r in &mut results {
        r.index = indexes[r.index];
    }
    results.append(&mut broken);
    results.sort_by_key(|r| r.index);
    Ok(Json(IngestResponse { results }))
}

/// The inbox: what the caller's agency owns or was referred, filtered and paged.
#[utoipa::path(get, path = "/api/v1/items", params(ItemFilter), responses((status = 200, body = ItemPage)))]
pub async fn list_items(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiQuery(f): ApiQuery<ItemFilter>,
) -> Result<Json<ItemPage>, ApiError> {
    Ok(Json(s.humas.inbox(&actor, f).await?))
}

#[utoipa::path(get, path = "/api/v1/items/{id}", params(("id" = i64, Path)), responses((status = 200, body = ItemDetail), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get_item(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<ItemDetail>, ApiError> {
    Ok(Json(s.humas.item(&actor, id).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct AnswerBody {
    pub text: String,
    /// Where the answer was posted, when answered outside humas.
    #[serde(default)]
    pub link: String,
}

/// The owning agency answers (directly, or relaying a referral's answer).
#[utoipa::path(post, path = "/api/v1/items/{id}/answer", params(("id" = i64, Path)), request_body = AnswerBody,
    responses((status = 200, body = Item), (status = 409, body = crate::error::ErrorBody)))]
pub async fn answer_item(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<AnswerBody>,
) -> Result<Json<Item>, ApiError> {
    Ok(Json(s.humas.answer_item(&actor, id, &b.text, &b.link).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ReferBody {
    pub to_agency_id: i64,
    #[serde(default)]
    pub note: String,
}

/// Refers to the responsible agency; its answer is due within its SOP hours (24 by default).
#[utoipa::path(post, path = "/api/v1/items/{id}/refer", params(("id" = i64, Path)), request_body = ReferBody, responses((status = 200, body = Item)))]
pub async fn refer_item(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<ReferBody>,
) -> Result<Json<Item>, ApiError> {
    Ok(Json(s.humas.refer_item(&actor, id, AgencyId(b.to_agency_id), &b.note).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct TextBody {
    pub text: String,
}

/// The receiving agency answers a referral.
#[utoipa::path(post, path = "/api/v1/items/{id}/referral-answer", params(("id" = i64, Path)), request_body = TextBody, responses((status = 200, body = Item)))]
pub async fn answer_referral(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<TextBody>,
) -> Result<Json<Item>, ApiError> {
    Ok(Json(s.humas.answer_referral(&actor, id, &b.text).await?))
}

/// Closes a matter outside regional government, with an answer saying where to go.
#[utoipa::path(post, path = "/api/v1/items/{id}/out-of-scope", params(("id" = i64, Path)), request_body = TextBody, responses((status = 200, body = Item)))]
pub async fn close_out_of_scope(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<TextBody>,
) -> Result<Json<Item>, ApiError> {
    Ok(Json(s.humas.close_out_of_scope(&actor, id, &b.text).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct AssignBody {
    pub user_id: Option<i64>,
}

#[utoipa::path(post, path = "/api/v1/items/{id}/assign", params(("id" = i64, Path)), request_body = AssignBody, responses((status = 200, body = Item)))]
pub async fn assign_item(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<AssignBody>,
) -> Result<Json<Item>, ApiError> {
    Ok(Json(s.humas.assign_item(&actor, id, b.user_id.map(UserId)).await?))
}

/// An internal note for officers.
#[utoipa::path(post, path = "/api/v1/items/{id}/notes", params(("id" = i64, Path)), request_body = TextBody, responses((status = 204)))]
pub async fn add_note(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<TextBody>,
) -> Result<StatusCode, ApiError> {
    s.humas.add_item_note(&actor, id, &b.text).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct BulkBody {
    pub ids: Vec<i64>,
    /// `spam` or `duplicate`
    pub action: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct BulkResult {
    pub changed: usize,
}

/// Marks many items as spam or duplicate; items that cannot be changed are skipped.
#[utoipa::path(post, path = "/api/v1/items/bulk", request_body = BulkBody, responses((status = 200, body = BulkResult)))]
pub async fn bulk_items(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(b): ApiJson<BulkBody>,
) -> Result<Json<BulkResult>, ApiError> {
    let spam = match b.action.as_str() {
        "spam" => true,
        "duplicate" => false,
        _ => return Err(Error::invalid("action", "Tindakan harus spam atau duplicate.").into()),
    };
    Ok(Json(BulkResult { changed: s.humas.mark_items(&actor, &b.ids, spam).await? }))
}

#[utoipa::path(get, path = "/api/v1/agencies/{id}/sop", params(("id" = i64, Path)), responses((status = 200, body = Sop)))]
pub async fn get_sop(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Sop>, ApiError> {
    actor.require_read_agency(AgencyId(id))?;
    Ok(Json(s.humas.sop(AgencyId(id)).await?))
}

/// The agency's Official or the Dinas.
#[utoipa::path(put, path = "/api/v1/agencies/{id}/sop", params(("id" = i64, Path)), request_body = Sop, responses((status = 200, body = Sop)))]
pub async fn update_sop(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(mut b): ApiJson<Sop>,
) -> Result<Json<Sop>, ApiError> {
    b.agency_id = AgencyId(id);
    Ok(Json(s.humas.save_sop(&actor, b).await?))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Submitted {
    pub tracking_code: String,
}

/// The citizens' form, without login; rate-limited per client.
#[utoipa::path(post, path = "/api/v1/public/questions", request_body = PublicSubmission,
    responses((status = 201, body = Submitted), (status = 422, body = crate::error::ErrorBody), (status = 429, body = crate::error::ErrorBody)))]
pub async fn submit_question(
    State(s): State<AppState>,
    ClientAddr(client): ClientAddr,
    ApiJson(b): ApiJson<PublicSubmission>,
) -> Result<(StatusCode, Json<Submitted>), ApiError> {
    let code = s.humas.submit_public(b, &client).await?;
    Ok((StatusCode::CREATED, Json(Submitted { tracking_code: code })))
}

/// Status and, once answered, the answer; no personal data.
#[utoipa::path(get, path = "/api/v1/public/questions/{code}", params(("code" = String, Path)), responses((status = 200, body = PublicStatus), (status = 404, body = crate::error::ErrorBody)))]
pub async fn track_question(
    State(s): State<AppState>,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<PublicStatus>, ApiError> {
    Ok(Json(s.humas.track(&code).await?))
}

/// The caller's notifications, newest first.
#[utoipa::path(get, path = "/api/v1/notifications", responses((status = 200, body = [humas_core::jobs::Notification])))]
pub async fn list_notifications(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
) -> Result<Json<Vec<humas_core::jobs::Notification>>, ApiError> {
    Ok(Json(s.humas.notifications(&actor).await?))
}

/// Marks all of the caller's notifications as read.
#[utoipa::path(post, path = "/api/v1/notifications/read", responses((status = 204)))]
pub async fn read_notifications(State(s): State<AppState>, ApiUser(actor): ApiUser) -> Result<StatusCode, ApiError> {
    s.humas.mark_notifications_read(&actor).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The answer library the caller may use.
#[utoipa::path(get, path = "/api/v1/answers", responses((status = 200, body = [humas_core::answers::Answer])))]
pub async fn list_answers(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
) -> Result<Json<Vec<humas_core::answers::Answer>>, ApiError> {
    Ok(Json(s.humas.answer_library(&actor).await?))
}

/// Region-wide entries (no `agency_id`) by the Dinas; an agency's by its officers.
#[utoipa::path(post, path = "/api/v1/answers", request_body = humas_core::answers::AnswerInput, responses((status = 201, body = humas_core::answers::Answer)))]
pub async fn create_answer(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiJson(b): ApiJson<humas_core::answers::AnswerInput>,
) -> Result<(StatusCode, Json<humas_core::answers::Answer>), ApiError> {
    Ok((StatusCode::CREATED, Json(s.humas.save_answer(&actor, None, b).await?)))
}

#[utoipa::path(put, path = "/api/v1/answers/{id}", params(("id" = i64, Path)), request_body = humas_core::answers::AnswerInput, responses((status = 200, body = humas_core::answers::Answer)))]
pub async fn update_answer(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(b): ApiJson<humas_core::answers::AnswerInput>,
) -> Result<Json<humas_core::answers::Answer>, ApiError> {
    Ok(Json(s.humas.save_answer(&actor, Some(id), b).await?))
}

#[utoipa::path(delete, path = "/api/v1/answers/{id}", params(("id" = i64, Path)), responses((status = 204)))]
pub async fn delete_answer(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    s.humas.delete_answer(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Library entries that fit the item, best first.
#[utoipa::path(get, path = "/api/v1/items/{id}/suggestions", params(("id" = i64, Path)), responses((status = 200, body = [humas_core::answers::Answer])))]
pub async fn item_suggestions(
    State(s): State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Vec<humas_core::answers::Answer>>, ApiError> {
    let d = s.humas.item(&actor, id).await?;
    Ok(Json(s.humas.suggest_answers(&d.item).await?))
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct Correction {
    /// The responsible agency; `null` for matters outside regional government (`LUAR`).
    pub agency_id: Option<i64>,
}

/// One click: the agency really responsible; the item leaves the review list
/// and the correction is kept as a training example.
#[utoipa::path(post, path = "/api/v1/items/{id}/correct", params(("id" = i64, Path)), request_body = Correction,
    responses((status = 200, body = humas_core::desk::Item), (status = 403, body = crate::error::ErrorBody)))]
pub async fn correct_item(
    axum::extract::State(s): axum::extract::State<AppState>,
    ApiUser(actor): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<Correction>,
) -> Result<Json<humas_core::desk::Item>, ApiError> {
    Ok(Json(s.humas.correct_item(&actor, id, body.agency_id.map(humas_core::ids::AgencyId)).await?))
}
