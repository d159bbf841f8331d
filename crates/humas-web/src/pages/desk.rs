//! The service desk pages: the inbox, one item with the Lampiran B actions,
//! and the citizens' form and follow-up page.

use super::{Layout, opt_id, see_other};
use crate::AppState;
use crate::error::{PageError, render};
use crate::fmt;
use crate::i18n::Tr;
use crate::session::{ClientAddr, CsrfForm, MaybeUser, PageUser};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use humas_core::Error;
use humas_core::agency::Agency;
use humas_core::desk::{ItemFilter, ItemKind, ItemStatus, ReferralStatus};
use humas_core::ids::{AgencyId, UserId};
use humas_core::service::{ItemDetail, PublicStatus, PublicSubmission};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/kotak-masuk", get(inbox))
        .route("/kotak-masuk/tandai", post(bulk_mark))
        .route("/pesan/{id}", get(show_item))
        .route("/pesan/{id}/jawab", post(answer))
        .route("/pesan/{id}/rujuk", post(refer))
        .route("/pesan/{id}/jawab-rujukan", post(answer_referral))
        .route("/pesan/{id}/luar-kewenangan", post(out_of_scope))
        .route("/pesan/{id}/tugaskan", post(assign))
        .route("/pesan/{id}/catatan", post(note))
        .route("/pesan/{id}/koreksi", post(correct))
        .route("/tanya", get(ask_page).post(ask))
        .route("/lacak", get(track_page))
}

#[derive(serde::Deserialize, Default)]
struct InboxQuery {
    status: Option<String>,
    kind: Option<String>,
    platform: Option<String>,
    district: Option<String>,
    from: Option<String>,
    to: Option<String>,
    q: Option<String>,
    open: Option<String>,
    overdue: Option<String>,
    mine: Option<String>,
    incoming: Option<String>,
    /// Only items the classifier was unsure of.
    review: Option<String>,
    page: Option<i64>,
    ok: Option<String>,
    /// Present once the filter form was submitted; the first visit shows open items.
    f: Option<String>,
}

/// The filter values as the form shows them again.
struct FilterView {
    status: String,
    kind: String,
    platform: String,
    district: String,
    from: String,
    to: String,
    q: String,
    open: bool,
    overdue: bool,
    mine: bool,
    incoming: bool,
    review: bool,
    can_incoming: bool,
}

struct ItemRow {
    id: i64,
    excerpt: String,
    agency: String,
    platform: String,
    author: String,
    received: String,
    district: Option<String>,
    kind: &'static str,
    sentiment: &'static str,
    status: &'static str,
    status_label: &'static str,
    due: String,
    overdue: bool,
    needs_review: bool,
}

#[derive(Template)]
#[template(path = "inbox.html")]
struct InboxPage {
    l: Layout,
    f: FilterView,
    statuses: &'static [ItemStatus],
    kinds: &'static [ItemKind],
    platforms: [&'static str; 11],
    districts: Vec<String>,
    rows: Vec<ItemRow>,
    total: i64,
    page: i64,
    pages: i64,
    prev_link: Option<String>,
    next_link: Option<String>,
}

const PLATFORMS: [&str; 11] =
    ["facebook", "instagram", "x", "youtube", "tiktok", "wordpress", "mediawiki", "mastodon", "forum", "web", "manual"];

fn excerpt(text: &str, n: usize) -> String {
    let mut s: String = text.chars().take(n).collect();
    if text.chars().count() > n {
        s.push('…');
    }
    s
}

fn flag(v: &Option<String>) -> bool {
    matches!(v.as_deref(), Some("true" | "on" | "1"))
}

fn date(v: &Option<String>) -> Option<chrono::NaiveDate> {
    v.as_deref().and_then(|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
}

async fn inbox(
    State(s): State<AppState>,
    tr: Tr,
    user: PageUser,
    Query(q): Query<InboxQuery>,
) -> Result<Response, PageError> {
    let e = |e| PageError(e, tr.clone());
    let actor = user.actor();
    let mut q = q;
    if q.f.is_none() && q.open.is_none() {
        q.open = Some("true".into());
    }
    let nonempty = |v: &Option<String>| v.clone().filter(|x| !x.is_empty());
    let filter = ItemFilter {
        status: nonempty(&q.status),
        kind: nonempty(&q.kind),
        platform: nonempty(&q.platform),
        district: nonempty(&q.district),
        from: date(&q.from),
        to: date(&q.to),
        q: nonempty(&q.q),
        open: flag(&q.open).then_some(true),
        overdue: flag(&q.overdue).then_some(true),
        assigned_to: flag(&q.mine).then_some(actor.user_id.0),
        referred_to: if flag(&q.incoming) { actor.agency_id.map(|a| a.0) } else { None },
        review: flag(&q.review).then_some(true),
        page: q.page,
        ..Default::default()
    };
    let result = s.humas.inbox(actor, filter).await.map_err(e)?;
    let agencies = s.humas.agencies().await.map_err(e)?;
    let region = s.humas.region().await.map_err(e)?;
    let tz = region.tz();
    let now = s.humas.clock.now();
    let en = tr.is_en();
    let rows = result
        .items
        .iter()
        .map(|i| ItemRow {
            id: i.id,
            excerpt: excerpt(&i.text, 160),
            agency: agencies.iter().find(|a| a.id == i.agency_id).map(|a| a.code.clone()).unwrap_or_default(),
            platform: i.platform.clone(),
            author: if i.author_name.is_empty() { i.author_handle.clone() } else { i.author_name.clone() },
            received: fmt::datetime(i.received_at, tz, en),
            district: i.district.clone(),
            kind: i.kind.label(),
            sentiment: i.sentiment.label(),
            status: i.status.as_str(),
            status_label: i.status.label(),
            due: i.due_at.filter(|_| !i.status.is_final()).map(|d| fmt::datetime(d, tz, en)).unwrap_or_default(),
            overdue: i.is_overdue(now),
            needs_review: i.needs_review && !i.status.is_final(),
        })
        .collect();
    let pages = ((result.total + result.per_page - 1) / result.per_page).max(1);
    let link = |page: i64| {
        let mut params: Vec<(&str, String)> = vec![("page", page.to_string()), ("f", "1".to_string())];
        for (k, v) in [
            ("status", &q.status),
            ("kind", &q.kind),
            ("platform", &q.platform),
            ("district", &q.district),
            ("from", &q.from),
            ("to", &q.to),
            ("q", &q.q),
            ("open", &q.open),
            ("overdue", &q.overdue),
            ("mine", &q.mine),
            ("incoming", &q.incoming),
            ("review", &q.review),
        ] {
            if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
                params.push((k, v.to_string()));
            }
        }
        format!("/kotak-masuk?{}", serde_urlencoded::to_string(&params).unwrap_or_default())
    };
    let page = InboxPage {
        l: Layout::user(&s, tr.clone(), &user, "inbox").await.with_notice(q.ok.as_deref()),
        f: FilterView {
            status: q.status.clone().unwrap_or_default(),
            kind: q.kind.clone().unwrap_or_default(),
            platform: q.platform.clone().unwrap_or_default(),
            district: q.district.clone().unwrap_or_default(),
            from: q.from.clone().unwrap_or_default(),
            to: q.to.clone().unwrap_or_default(),
            q: q.q.clone().unwrap_or_default(),
            open: flag(&q.open),
            overdue: flag(&q.overdue),
            mine: flag(&q.mine),
            incoming: flag(&q.incoming),
            review: flag(&q.review),
            can_incoming: actor.agency_id.is_some(),
        },
        statuses: ItemStatus::ALL,
        kinds: ItemKind::ALL,
        platforms: PLATFORMS,
        districts: s.humas.districts().await.map_err(e)?.into_iter().map(|d| d.name).collect(),
        rows,
        total: result.total,
        page: result.page,
        pages,
        prev_link: (result.page > 1).then(|| link(result.page - 1)),
        next_link: (result.page < pages).then(|| link(result.page + 1)),
    };
    render(&page, &tr)
}

async fn bulk_mark(State(s): State<AppState>, f: CsrfForm<Vec<(String, String)>>) -> Result<Response, PageError> {
    let ids: Vec<i64> = f.form.iter().filter(|(k, _)| k == "ids").filter_map(|(_, v)| v.parse().ok()).collect();
    let spam = f.form.iter().any(|(k, v)| k == "action" && v == "spam");
    s.humas.mark_items(f.user.actor(), &ids, spam).await.map_err(|e| PageError(e, f.tr.clone()))?;
    Ok(see_other("/kotak-masuk?ok=saved"))
}

struct ReferralView {
    hop: i32,
    route: String,
    when: String,
    status: &'static str,
    due: String,
    overdue: bool,
    note: String,
    answer: String,
}

#[derive(Template)]
#[template(path = "item.html")]
struct ItemPage {
    l: Layout,
    d: ItemDetail,
    author: String,
    received: String,
    owner: String,
    suggested: Option<String>,
    suggested_id: Option<i64>,
    due: Option<String>,
    overdue: bool,
    referral_answer: Option<String>,
    can_answer: bool,
    can_refer: bool,
    can_answer_referral: bool,
    can_close: bool,
    can_edit: bool,
    can_note: bool,
    agencies: Vec<Agency>,
    officers: Vec<(i64, String)>,
    referrals: Vec<ReferralView>,
    events: Vec<(String, String, String, String)>,
    /// Someone else has this item open.
    held_by: Option<String>,
    suggestions: Vec<humas_core::answers::Answer>,
    prefill: String,
    deliveries: Vec<super::channels::DeliveryRow>,
    /// The classifier's confidence in its proposed agency, as a percentage.
    confidence: String,
    /// Every agency, for the one-click correction.
    all_agencies: Vec<Agency>,
}

impl ItemPage {
    fn is_suggested(&self, id: &i64) -> bool {
        self.suggested_id == Some(*id)
    }

    fn is_assigned(&self, id: &i64) -> bool {
        self.d.item.assigned_to.map(|u| u.0) == Some(*id)
    }
}

#[derive(serde::Deserialize)]
struct ItemQuery {
    ok: Option<String>,
    /// A library entry to fill the answer with.
    pakai: Option<i64>,
}

async fn show_item(
    State(s): State<AppState>,
    tr: Tr,
    user: PageUser,
    Path(id): Path<i64>,
    Query(n): Query<ItemQuery>,
) -> Result<Response, PageError> {
    let e = |e| PageError(e, tr.clone());
    let actor = user.actor();
    let d = s.humas.item(actor, id).await.map_err(e)?;
    let agencies = s.humas.agencies().await.map_err(e)?;
    let name = |a: AgencyId| {
        agencies.iter().find(|g| g.id == a).map(|g| format!("{} — {}", g.code, g.name)).unwrap_or_default()
    };
    let tz = s.humas.region().await.map_err(e)?.tz();
    let en = tr.is_en();
    let now = s.humas.clock.now();
    let status = d.item.status;
    let owner_editor = actor.require_edit_agency(d.item.agency_id).is_ok();
    let open = d.open_referral().cloned();
    let receiver_editor = open.as_ref().is_some_and(|r| actor.require_edit_agency(r.to_agency_id).is_ok());
    let referral_answer = (status == ItemStatus::ReferralAnswered)
        .then(|| d.referrals.iter().rev().find(|r| r.status == ReferralStatus::Answered).map(|r| r.answer_text.clone()))
        .flatten();
    let officers = if owner_editor {
        s.humas
            .users(actor)
            .await
            .map_err(e)?
            .into_iter()
            .filter(|u| u.agency_id == Some(d.item.agency_id) && !u.disabled)
            .map(|u| (u.id.0, format!("{} ({})", u.display_name, u.role.label_id())))
            .collect()
    } else {
        Vec::new()
    };
    let referrals = d
        .referrals
        .iter()
        .map(|r| ReferralView {
            hop: r.hop,
            route: format!("{} → {}", name(r.from_agency_id), name(r.to_agency_id)),
            when: fmt::datetime(r.referred_at, tz, en),
            status: r.status.label(),
            due: fmt::datetime(r.due_at, tz, en),
            overdue: r.status == ReferralStatus::Open && r.due_at < now,
            note: r.note.clone(),
            answer: r.answer_text.clone(),
        })
        .collect();
    let events = d
        .events
        .iter()
        .map(|ev| {
            let change = match (ev.from_status, ev.to_status) {
                (Some(a), Some(b)) if a != b => format!("{} → {}", a.label(), b.label()),
                (_, Some(b)) => b.label().to_string(),
                _ => String::new(),
            };
            (fmt::datetime(ev.at, tz, en), ev.actor_name.clone(), format!("{} {}", ev.action, change), ev.note.clone())
        })
        .collect();
    let acts = (owner_editor || receiver_editor) && !status.is_final();
    let held_by = if acts {
        let hold = s.humas.hold_item(actor, &d.item).await.map_err(e)?;
        (!hold.mine).then(|| format!("{} ({})", hold.user_name, fmt::datetime(hold.since, tz, en)))
    } else {
        None
    };
    let can_answer_now = owner_editor && matches!(status, ItemStatus::New | ItemStatus::ReferralAnswered);
    let suggestions = if can_answer_now { s.humas.suggest_answers(&d.item).await.map_err(e)? } else { Vec::new() };
    let prefill = match n.pakai {
        Some(a) if can_answer_now => s.humas.library_entry(actor, a).await.map(|a| a.answer).unwrap_or_default(),
        _ => String::new(),
    };
    let tz = s.humas.region().await.map(|r| r.tz()).unwrap_or(chrono_tz::Asia::Jakarta);
    let deliveries = s
        .humas
        .item_deliveries(actor, d.item.id)
        .await
        .map_err(e)?
        .iter()
        .map(|x| super::channels::DeliveryRow::of(x, tz, &tr))
        .collect();
    let page = ItemPage {
        confidence: format!("{:.0}%", d.item.confidence * 100.0),
        deliveries,
        l: Layout::user(&s, tr.clone(), &user, "inbox").await.with_notice(n.ok.as_deref()),
        held_by,
        suggestions,
        prefill,
        author: [d.item.author_name.as_str(), d.item.author_handle.as_str(), d.item.author_contact.as_str()]
            .iter()
            .filter(|x| !x.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" · "),
        received: fmt::datetime(d.item.received_at, tz, en),
        owner: name(d.item.agency_id),
        suggested: d.item.suggested_agency_id.map(name),
        suggested_id: d.item.suggested_agency_id.map(|a| a.0),
        due: d.item.due_at.filter(|_| !status.is_final()).map(|t| fmt::datetime(t, tz, en)),
        overdue: d.item.is_overdue(now),
        referral_answer,
        can_answer: owner_editor && matches!(status, ItemStatus::New | ItemStatus::ReferralAnswered),
        can_refer: (owner_editor && status == ItemStatus::New) || (receiver_editor && status == ItemStatus::Referred),
        can_answer_referral: receiver_editor && status == ItemStatus::Referred,
        can_close: owner_editor && matches!(status, ItemStatus::New | ItemStatus::ReferralAnswered),
        can_edit: owner_editor && !status.is_final(),
        can_note: owner_editor || d.referrals.iter().any(|r| actor.require_edit_agency(r.to_agency_id).is_ok()),
        agencies: agencies
            .iter()
            .filter(|a| Some(a.id) != open.as_ref().map(|r| r.to_agency_id).or(Some(d.item.agency_id)))
            .cloned()
            .collect(),
        all_agencies: agencies.clone(),
        officers,
        referrals,
        events,
        d,
    };
    render(&page, &tr)
}

#[derive(serde::Deserialize)]
struct AnswerForm {
    text: String,
    #[serde(default)]
    link: String,
}

async fn answer(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    f: CsrfForm<AnswerForm>,
) -> Result<Response, PageError> {
    s.humas
        .answer_item(f.user.actor(), id, &f.form.text, &f.form.link)
        .await
        .map_err(|e| PageError(e, f.tr.clone()))?;
    Ok(see_other(&format!("/pesan/{id}?ok=saved")))
}

#[derive(serde::Deserialize)]
struct ReferForm {
    to_agency_id: i64,
    #[serde(default)]
    note: String,
}

async fn refer(State(s): State<AppState>, Path(id): Path<i64>, f: CsrfForm<ReferForm>) -> Result<Response, PageError> {
    s.humas
        .refer_item(f.user.actor(), id, AgencyId(f.form.to_agency_id), &f.form.note)
        .await
        .map_err(|e| PageError(e, f.tr.clone()))?;
    Ok(see_other(&format!("/pesan/{id}?ok=saved")))
}

#[derive(serde::Deserialize)]
struct TextForm {
    text: String,
}

async fn answer_referral(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    f: CsrfForm<TextForm>,
) -> Result<Response, PageError> {
    s.humas.answer_referral(f.user.actor(), id, &f.form.text).await.map_err(|e| PageError(e, f.tr.clone()))?;
    Ok(see_other(&format!("/pesan/{id}?ok=saved")))
}

async fn out_of_scope(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    f: CsrfForm<TextForm>,
) -> Result<Response, PageError> {
    s.humas.close_out_of_scope(f.user.actor(), id, &f.form.text).await.map_err(|e| PageError(e, f.tr.clone()))?;
    Ok(see_other(&format!("/pesan/{id}?ok=saved")))
}

#[derive(serde::Deserialize)]
struct AssignForm {
    user_id: Option<String>,
}

async fn assign(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    f: CsrfForm<AssignForm>,
) -> Result<Response, PageError> {
    s.humas
        .assign_item(f.user.actor(), id, opt_id(&f.form.user_id).map(UserId))
        .await
        .map_err(|e| PageError(e, f.tr.clone()))?;
    Ok(see_other(&format!("/pesan/{id}?ok=saved")))
}

async fn note(State(s): State<AppState>, Path(id): Path<i64>, f: CsrfForm<TextForm>) -> Result<Response, PageError> {
    s.humas.add_item_note(f.user.actor(), id, &f.form.text).await.map_err(|e| PageError(e, f.tr.clone()))?;
    Ok(see_other(&format!("/pesan/{id}?ok=saved")))
}

#[derive(Template)]
#[template(path = "public_ask.html")]
struct AskPage {
    l: Layout,
    agencies: Vec<Agency>,
    code: Option<String>,
    error: Option<String>,
    text: String,
}

async fn ask_page(State(s): State<AppState>, tr: Tr, MaybeUser(user): MaybeUser) -> Result<Response, PageError> {
    let agencies = s.humas.agencies().await.map_err(|e| PageError(e, tr.clone()))?;
    let page = AskPage {
        l: Layout::new(&s, tr.clone(), user.as_ref(), "ask").await,
        agencies,
        code: None,
        error: None,
        text: String::new(),
    };
    render(&page, &tr)
}

#[derive(serde::Deserialize)]
struct AskForm {
    text: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    contact: String,
    agency_id: Option<String>,
    #[serde(default)]
    website: String,
}

async fn ask(
    State(s): State<AppState>,
    tr: Tr,
    MaybeUser(user): MaybeUser,
    ClientAddr(client): ClientAddr,
    form: Result<Form<AskForm>, axum::extract::rejection::FormRejection>,
) -> Result<Response, PageError> {
    use axum::response::IntoResponse;
    let Ok(Form(f)) = form else {
        return Err(PageError(Error::invalid("text", "Tulis pesan Anda."), tr));
    };
    let agencies = s.humas.agencies().await.map_err(|e| PageError(e, tr.clone()))?;
    let text = f.text.clone();
    let submission = PublicSubmission {
        name: f.name,
        contact: f.contact,
        text: f.text,
        agency_id: opt_id(&f.agency_id).map(AgencyId),
        website: f.website,
    };
    let l = Layout::new(&s, tr.clone(), user.as_ref(), "ask").await;
    match s.humas.submit_public(submission, &client).await {
        Ok(code) => render(&AskPage { l, agencies, code: Some(code), error: None, text: String::new() }, &tr),
        Err(e @ (Error::Invalid { .. } | Error::RateLimited { .. })) => {
            let status = if matches!(e, Error::RateLimited { .. }) {
                axum::http::StatusCode::TOO_MANY_REQUESTS
            } else {
                axum::http::StatusCode::UNPROCESSABLE_ENTITY
            };
            let page = AskPage {
                l,
                agencies,
                code: None,
                error: Some(e.to_string()),
                text: text.chars().take(20_000).collect(),
            };
            Ok((status, render(&page, &tr)?).into_response())
        }
        Err(e) => Err(PageError(e, tr)),
    }
}

#[derive(Template)]
#[template(path = "public_track.html")]
struct TrackPage {
    l: Layout,
    query: String,
    status: Option<PublicStatus>,
    received: String,
    error: Option<String>,
}

#[derive(serde::Deserialize)]
struct TrackQuery {
    kode: Option<String>,
}

async fn track_page(
    State(s): State<AppState>,
    tr: Tr,
    MaybeUser(user): MaybeUser,
    Query(q): Query<TrackQuery>,
) -> Result<Response, PageError> {
    let query: String = q.kode.unwrap_or_default().trim().chars().take(20).collect();
    let (mut status, mut error) = (None, None);
    if !query.is_empty() {
        match s.humas.track(&query).await {
            Ok(st) => status = Some(st),
            Err(Error::NotFound(_)) => {
                error = Some(tr.t("track-title") + ": " + &Error::NotFound("Kode pelacakan").to_string())
            }
            Err(e) => return Err(PageError(e, tr)),
        }
    }
    let tz = s.humas.region().await.map(|r| r.tz()).unwrap_or(chrono_tz::Asia::Jakarta);
    let received = status.as_ref().map(|st| fmt::datetime(st.received_at, tz, tr.is_en())).unwrap_or_default();
    let page =
        TrackPage { l: Layout::new(&s, tr.clone(), user.as_ref(), "track").await, query, status, received, error };
    render(&page, &tr)
}

#[derive(serde::Deserialize)]
struct CorrectForm {
    /// An agency id, or `LUAR` for matters outside regional government.
    agency_id: String,
}

/// One click: the responsible agency, kept as a training example.
async fn correct(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    f: CsrfForm<CorrectForm>,
) -> Result<Response, PageError> {
    let agency = match f.form.agency_id.trim() {
        "LUAR" | "" => None,
        v => Some(AgencyId(
            v.parse().map_err(|_| PageError(Error::invalid("agency_id", "Instansi tidak valid."), f.tr.clone()))?,
        )),
    };
    s.humas.correct_item(f.user.actor(), id, agency).await.map_err(|e| PageError(e, f.tr.clone()))?;
    Ok(see_other(&format!("/pesan/{id}?ok=saved")))
}
