//! The answer library page.

use super::{Layout, NoFields, Notice, opt_id, see_other};
use crate::AppState;
use crate::error::{PageError, render};
use crate::fmt;
use crate::i18n::Tr;
use crate::session::{CsrfForm, PageUser};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use humas_core::answers::AnswerInput;
use humas_core::ids::AgencyId;

pub fn router() -> Router<AppState> {
    Router::new().route("/jawaban", get(list).post(create)).route("/jawaban/{id}/hapus", post(delete))
}

struct Row {
    id: i64,
    question: String,
    answer: String,
    tags: String,
    scope: String,
    until: String,
    can_delete: bool,
}

#[derive(Template)]
#[template(path = "answers.html")]
struct Page {
    l: Layout,
    rows: Vec<Row>,
    /// (agency id or "", label) the actor may add entries for.
    scopes: Vec<(String, String)>,
}

async fn list(
    State(s): State<AppState>,
    tr: Tr,
    user: PageUser,
    Query(n): Query<Notice>,
) -> Result<Response, PageError> {
    let e = |e| PageError(e, tr.clone());
    let actor = user.actor();
    let agencies = s.humas.agencies().await.map_err(e)?;
    let rows = s
        .humas
        .answer_library(actor)
        .await
        .map_err(e)?
        .into_iter()
        .map(|a| Row {
            id: a.id,
            scope: match a.agency_id {
                Some(g) => agencies.iter().find(|x| x.id == g).map(|x| x.code.clone()).unwrap_or_default(),
                None => tr.t("answers-region"),
            },
            can_delete: match a.agency_id {
                None => actor.require_dinas().is_ok(),
                Some(g) => actor.require_edit_agency(g).is_ok(),
            },
            until: a.valid_until.map(|d| fmt::date(d, tr.is_en())).unwrap_or_default(),
            tags: a.tags.join(", "),
            question: a.question,
            answer: a.answer,
        })
        .collect();
    let mut scopes = Vec::new();
    if actor.require_dinas().is_ok() {
        scopes.push((String::new(), tr.t("answers-region")));
    }
    for a in agencies.iter().filter(|a| actor.require_edit_agency(a.id).is_ok()) {
        scopes.push((a.id.0.to_string(), format!("{} — {}", a.code, a.name)));
    }
    render(
        &Page { l: Layout::user(&s, tr.clone(), &user, "answers").await.with_notice(n.ok.as_deref()), rows, scopes },
        &tr,
    )
}

#[derive(serde::Deserialize)]
struct Form {
    agency_id: Option<String>,
    question: String,
    answer: String,
    #[serde(default)]
    tags: String,
    valid_until: Option<String>,
}

async fn create(State(s): State<AppState>, f: CsrfForm<Form>) -> Result<Response, PageError> {
    let input = AnswerInput {
        agency_id: opt_id(&f.form.agency_id).map(AgencyId),
        question: f.form.question,
        answer: f.form.answer,
        tags: vec![f.form.tags],
        valid_until: f.form.valid_until.as_deref().and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
    };
    s.humas.save_answer(f.user.actor(), None, input).await.map_err(|e| PageError(e, f.tr.clone()))?;
    Ok(see_other("/jawaban?ok=created"))
}

async fn delete(State(s): State<AppState>, Path(id): Path<i64>, f: CsrfForm<NoFields>) -> Result<Response, PageError> {
    s.humas.delete_answer(f.user.actor(), id).await.map_err(|e| PageError(e, f.tr.clone()))?;
    Ok(see_other("/jawaban?ok=saved"))
}
