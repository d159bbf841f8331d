//! Publishing pages: the list, compose/edit with live counters, one message
//! with its checks, approval and deliveries, the calendar, and the Dinas's
//! rules, word lists and campaigns.

use super::{Layout, Notice, see_other};
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
use chrono::{Datelike, Duration, NaiveDate};
use humas_core::account::{Account, AccountKind, AccountStatus};
use humas_core::ids::{AccountId, AgencyId};
use humas_core::publishing::{
    Campaign, Category, MICROBLOG_LIMIT, PlatformRule, Post, PostFilter, PostInput, PostStatus, PostTarget, Severity,
    WordLists, platform_length, reader_chars,
};
use humas_core::service::PostView;
use humas_core::store::AccountFilter;
use humas_core::{Actor, Error, Role};
use std::collections::HashMap;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/terbitan", get(list))
        .route("/terbitan/baru", get(new_form).post(create))
        .route("/terbitan/{id}", get(show).post(update))
        .route("/terbitan/{id}/ajukan", post(submit))
        .route("/terbitan/{id}/setujui", post(approve))
        .route("/terbitan/{id}/kembalikan", post(reject))
        .route("/terbitan/{id}/batalkan", post(cancel))
        .route("/terbitan/{id}/balas-warga", post(reply_items))
        .route("/terbitan/{id}/gambar", post(add_image))
        .route("/terbitan/{id}/gambar/{position}", get(image))
        .route("/terbitan/{id}/gambar/{position}/hapus", post(remove_image))
        .route("/kalender", get(calendar))
        .route("/aturan-terbitan", get(rules_page))
        .route("/aturan-terbitan/platform", post(save_rule))
        .route("/aturan-terbitan/kata", post(save_words))
        .route("/aturan-terbitan/kampanye", post(create_campaign))
}

/// A target account on the form: checked, its wording, the limits for the live counter.
pub struct TargetRow {
    pub account: Account,
    pub checked: bool,
    pub variant: String,
    pub limit: i32,
    pub link_chars: i32,
    pub microblog: bool,
    pub can_publish: bool,
}

/// The form's values (new, or the message being edited).
pub struct FormValues {
    pub title: String,
    pub body: String,
    pub hashtag: String,
    pub category: String,
    pub audience: String,
    pub link: String,
    pub scheduled_local: String,
    pub campaign_id: Option<i64>,
    pub item_ids: String,
    pub version: i32,
}

impl FormValues {
    fn of(p: Option<&Post>, tz: chrono_tz::Tz) -> Self {
        match p {
            None => Self {
                title: String::new(),
                body: String::new(),
                hashtag: String::new(),
                category: String::new(),
                audience: String::new(),
                link: String::new(),
                scheduled_local: String::new(),
                campaign_id: None,
                item_ids: String::new(),
                version: 0,
            },
            Some(p) => Self {
                title: p.title.clone(),
                body: p.body.clone(),
                hashtag: p.hashtag.clone(),
                category: p.category.map(|c| c.as_str().to_string()).unwrap_or_default(),
                audience: p.audience.clone(),
                link: p.link.clone(),
                scheduled_local: p
                    .scheduled_at
                    .map(|t| t.with_timezone(&tz).format("%Y-%m-%dT%H:%M").to_string())
                    .unwrap_or_default(),
                campaign_id: p.campaign_id,
                item_ids: p.item_ids.iter().map(i64::to_string).collect::<Vec<_>>().join(","),
                version: p.version,
            },
        }
    }

    fn is_campaign(&self, id: &i64) -> bool {
        self.campaign_id == Some(*id)
    }
}

async fn target_rows(
    s: &AppState,
    actor: &Actor,
    agency: AgencyId,
    post: Option<&Post>,
) -> humas_core::Result<Vec<TargetRow>> {
    let rules = s.humas.platform_rules().await?;
    let accounts = s
        .humas
        .accounts(
            actor,
            AccountFilter {
                agency_id: Some(agency),
                status: Some(AccountStatus::Verified),
                ..AccountFilter::default()
            },
        )
        .await?;
    Ok(accounts
        .into_iter()
        .map(|a| {
            let rule = rules.iter().find(|r| r.platform == a.platform);
            let target = post.and_then(|p| p.targets.iter().find(|t| t.account_id == a.id));
            TargetRow {
                checked: target.is_some(),
                variant: target.map(|t| t.variant.clone()).unwrap_or_default(),
                limit: rule.and_then(|r| r.max_chars).unwrap_or(0),
                link_chars: rule.and_then(|r| r.link_chars).unwrap_or(0),
                microblog: a.kind == AccountKind::Microblog,
                can_publish: s.humas.capabilities(&a).publish,
                account: a,
            }
        })
        .collect())
}

#[derive(Template)]
#[template(path = "post_form.html")]
struct FormPage {
    l: Layout,
    heading: String,
    action: String,
    v: FormValues,
    targets: Vec<TargetRow>,
    campaigns: Vec<Campaign>,
    categories: [Category; 3],
    agency_id: i64,
    agencies: Vec<humas_core::agency::Agency>,
    choose_agency: bool,
}

impl FormPage {
    fn agency_selected(&self, id: &i64) -> bool {
        self.agency_id == *id
    }
}

#[derive(serde::Deserialize)]
struct NewQuery {
    /// A citizen's item this message follows up (Pasal 9j).
    pesan: Option<i64>,
    instansi: Option<i64>,
}

async fn new_form(
    State(s): State<AppState>,
    tr: Tr,
    user: PageUser,
    Query(q): Query<NewQuery>,
) -> Result<Response, PageError> {
    let e = |e| PageError(e, tr.clone());
    let actor = user.actor();
    let agencies = s.humas.agencies().await.map_err(e)?;
    let agency = q
        .instansi
        .map(AgencyId)
        .or(actor.agency_id)
        .or_else(|| agencies.iter().find(|a| a.is_dinas).map(|a| a.id))
        .ok_or_else(|| e(Error::invalid("agency_id", "Pilih instansi.")))?;
    actor.require_edit_agency(agency).map_err(e)?;
    let tz = s.humas.region().await.map(|r| r.tz()).unwrap_or(chrono_tz::Asia::Jakarta);
    let mut v = FormValues::of(None, tz);
    if let Some(item) = q.pesan {
        s.humas.item(actor, item).await.map_err(e)?;
        v.item_ids = item.to_string();
    }
    let page = FormPage {
        l: Layout::user(&s, tr.clone(), &user, "publishing").await,
        heading: tr.t("post-new"),
        action: "/terbitan/baru".into(),
        v,
        targets: target_rows(&s, actor, agency, None).await.map_err(e)?,
        campaigns: s.humas.campaigns().await.map_err(e)?,
        categories: Category::ALL,
        agency_id: agency.0,
        choose_agency: actor.role == Role::DinasAdmin,
        agencies,
    };
    render(&page, &tr)
}

/// The compose form as posted: account checkboxes and variants arrive as
/// `account_<id>` / `variant_<id>` fields.
#[derive(serde::Deserialize)]
struct PostForm {
    agency_id: Option<i64>,
    #[serde(default)]
    campaign_id: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    hashtag: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    audience: String,
    #[serde(default)]
    link: String,
    #[serde(default)]
    scheduled_local: String,
    #[serde(default)]
    item_ids: String,
    version: Option<i32>,
    #[serde(flatten)]
    rest: HashMap<String, String>,
}

impl PostForm {
    fn input(self) -> PostInput {
        let mut targets: Vec<PostTarget> = self
            .rest
            .keys()
            .filter_map(|k| k.strip_prefix("account_").and_then(|id| id.parse::<i64>().ok()))
            .map(|id| PostTarget {
                account_id: AccountId(id),
                variant: self.rest.get(&format!("variant_{id}")).cloned().unwrap_or_default(),
            })
            .collect();
        targets.sort_by_key(|t| t.account_id.0);
        PostInput {
            agency_id: self.agency_id.map(AgencyId),
            campaign_id: self.campaign_id.trim().parse().ok(),
            title: self.title,
            body: self.body,
            hashtag: self.hashtag,
            category: Some(self.category).filter(|c| !c.trim().is_empty()),
            audience: self.audience,
            link: self.link,
            scheduled_local: Some(self.scheduled_local).filter(|s| !s.trim().is_empty()),
            targets,
            item_ids: self.item_ids.split(',').filter_map(|i| i.trim().parse().ok()).collect(),
            version: self.version.filter(|v| *v > 0),
        }
    }
}

async fn create(State(s): State<AppState>, f: CsrfForm<PostForm>) -> Result<Response, PageError> {
    let v = s.humas.create_post(f.user.actor(), f.form.input()).await.map_err(|e| PageError(e, f.tr.clone()))?;
    Ok(see_other(&format!("/terbitan/{}?ok=created", v.post.id)))
}

async fn update(State(s): State<AppState>, Path(id): Path<i64>, f: CsrfForm<PostForm>) -> Result<Response, PageError> {
    s.humas.update_post(f.user.actor(), id, f.form.input()).await.map_err(|e| PageError(e, f.tr.clone()))?;
    Ok(see_other(&format!("/terbitan/{id}?ok=saved")))
}

/// One account's preview: the text, its count against the limits, its findings.
pub struct Preview {
    pub handle: String,
    pub platform: String,
    pub text: String,
    pub count: usize,
    pub limit: String,
    pub over: bool,
}

pub struct DeliveryLine {
    pub handle: String,
    pub row: super::channels::DeliveryRow,
}

#[derive(Template)]
#[template(path = "post.html")]
struct PostPage {
    l: Layout,
    view: PostView,
    agency_name: String,
    scheduled: String,
    decided: String,
    previews: Vec<Preview>,
    errors: Vec<String>,
    warnings: Vec<String>,
    deliveries: Vec<DeliveryLine>,
    can_submit: bool,
    can_decide: bool,
    can_cancel: bool,
    /// Images can be added or removed (a draft the officer may edit).
    can_images: bool,
    own: bool,
    form: Option<FormPage>,
}

async fn show(
    State(s): State<AppState>,
    tr: Tr,
    user: PageUser,
    Path(id): Path<i64>,
    Query(n): Query<Notice>,
) -> Result<Response, PageError> {
    let e = |e| PageError(e, tr.clone());
    let actor = user.actor();
    let view = s.humas.post_view(actor, id).await.map_err(e)?;
    let tz = s.humas.region().await.map(|r| r.tz()).unwrap_or(chrono_tz::Asia::Jakarta);
    let rules = s.humas.platform_rules().await.map_err(e)?;
    let mut previews = Vec::new();
    let mut handles = HashMap::new();
    for (account, text) in &view.texts {
        let Some(a) = s.humas.account(actor, *account).await.ok() else { continue };
        let rule = rules.iter().find(|r| r.platform == a.platform);
        let microblog = a.kind == AccountKind::Microblog;
        let count = if microblog { reader_chars(text) } else { platform_length(text, rule) };
        let limit = if microblog { Some(MICROBLOG_LIMIT as i32) } else { rule.and_then(|r| r.max_chars) };
        handles.insert(a.id, a.handle.clone());
        previews.push(Preview {
            handle: a.handle.clone(),
            platform: a.platform.label().to_string(),
            text: text.clone(),
            count,
            limit: limit.map(|l| fmt::number(l.into())).unwrap_or_else(|| "—".into()),
            over: limit.is_some_and(|l| count > l as usize),
        });
    }
    let by = |sev| view.findings.iter().filter(|f| f.severity == sev).map(|f| f.message.clone()).collect::<Vec<_>>();
    let (errors, warnings) = (by(Severity::Error), by(Severity::Warning));
    let deliveries = view
        .deliveries
        .iter()
        .map(|d| DeliveryLine {
            handle: handles.get(&d.account_id).cloned().unwrap_or_default(),
            row: super::channels::DeliveryRow::of(d, tz, &tr),
        })
        .collect();
    let p = &view.post;
    let editable_agency = actor.require_edit_agency(p.agency_id).is_ok();
    let sent = view.deliveries.iter().any(|d| {
        !matches!(
            d.status,
            humas_core::channel::DeliveryStatus::Queued | humas_core::channel::DeliveryStatus::Cancelled
        )
    });
    let can_edit = editable_agency && !sent && p.status != PostStatus::Cancelled;
    let own = p.created_by == Some(actor.user_id) || p.submitted_by == Some(actor.user_id);
    let form = if can_edit {
        Some(FormPage {
            l: Layout::user(&s, tr.clone(), &user, "publishing").await,
            heading: tr.t("post-edit"),
            action: format!("/terbitan/{}", p.id),
            v: FormValues::of(Some(p), tz),
            targets: target_rows(&s, actor, p.agency_id, Some(p)).await.map_err(e)?,
            campaigns: s.humas.campaigns().await.map_err(e)?,
            categories: Category::ALL,
            agency_id: p.agency_id.0,
            agencies: vec![],
            choose_agency: false,
        })
    } else {
        None
    };
    let page = PostPage {
        l: Layout::user(&s, tr.clone(), &user, "publishing").await.with_notice(n.ok.as_deref()),
        agency_name: s.humas.agency(p.agency_id).await.map(|a| a.name).unwrap_or_default(),
        scheduled: p.scheduled_at.map(|t| fmt::datetime(t, tz, tr.is_en())).unwrap_or_else(|| tr.t("post-asap")),
        decided: p.decided_at.map(|t| fmt::datetime(t, tz, tr.is_en())).unwrap_or_default(),
        can_submit: editable_agency
            && matches!(p.status, PostStatus::Draft | PostStatus::Rejected)
            && errors.is_empty(),
        can_decide: actor.role == Role::Official
            && actor.agency_id == Some(p.agency_id)
            && p.status == PostStatus::Submitted
            && !own,
        can_cancel: editable_agency
            && !matches!(p.status, PostStatus::Cancelled)
            && !view
                .deliveries
                .iter()
                .all(|d| d.status == humas_core::channel::DeliveryStatus::Delivered && !view.deliveries.is_empty()),
        can_images: editable_agency && matches!(p.status, PostStatus::Draft | PostStatus::Rejected),
        own,
        previews,
        errors,
        warnings,
        deliveries,
        form,
        view,
    };
    render(&page, &tr)
}

#[derive(serde::Deserialize)]
struct DecisionForm {
    version: i32,
    #[serde(default)]
    note: String,
    #[serde(default)]
    override_reason: String,
}

async fn submit(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    f: CsrfForm<DecisionForm>,
) -> Result<Response, PageError> {
    s.humas.submit_post(f.user.actor(), id, f.form.version).await.map_err(|e| PageError(e, f.tr.clone()))?;
    Ok(see_other(&format!("/terbitan/{id}?ok=saved")))
}

async fn approve(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    f: CsrfForm<DecisionForm>,
) -> Result<Response, PageError> {
    s.humas
        .approve_post(f.user.actor(), id, f.form.version, &f.form.override_reason)
        .await
        .map_err(|e| PageError(e, f.tr.clone()))?;
    Ok(see_other(&format!("/terbitan/{id}?ok=saved")))
}

async fn reject(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    f: CsrfForm<DecisionForm>,
) -> Result<Response, PageError> {
    s.humas
        .reject_post(f.user.actor(), id, f.form.version, &f.form.note)
        .await
        .map_err(|e| PageError(e, f.tr.clone()))?;
    Ok(see_other(&format!("/terbitan/{id}?ok=saved")))
}

async fn cancel(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    f: CsrfForm<DecisionForm>,
) -> Result<Response, PageError> {
    s.humas.cancel_post(f.user.actor(), id, f.form.version).await.map_err(|e| PageError(e, f.tr.clone()))?;
    Ok(see_other(&format!("/terbitan/{id}?ok=saved")))
}

pub struct ListRow {
    pub post: Post,
    pub when: String,
    pub agency: String,
}

#[derive(Template)]
#[template(path = "posts.html")]
struct ListPage {
    l: Layout,
    rows: Vec<ListRow>,
    status: String,
    statuses: [PostStatus; 5],
    can_compose: bool,
}

impl ListPage {
    fn status_selected(&self, s: &&PostStatus) -> bool {
        self.status == s.as_str()
    }
}

#[derive(serde::Deserialize)]
struct ListQuery {
    status: Option<String>,
}

async fn list(
    State(s): State<AppState>,
    tr: Tr,
    user: PageUser,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let e = |e| PageError(e, tr.clone());
    let actor = user.actor();
    let status = q.status.filter(|x| PostStatus::parse(x).is_some());
    let posts =
        s.humas.posts(actor, PostFilter { status: status.clone(), ..PostFilter::default() }).await.map_err(e)?;
    let tz = s.humas.region().await.map(|r| r.tz()).unwrap_or(chrono_tz::Asia::Jakarta);
    let agencies = s.humas.agencies().await.map_err(e)?;
    let rows = posts
        .into_iter()
        .map(|p| ListRow {
            when: fmt::datetime(p.scheduled_at.unwrap_or(p.updated_at), tz, tr.is_en()),
            agency: agencies.iter().find(|a| a.id == p.agency_id).map(|a| a.code.clone()).unwrap_or_default(),
            post: p,
        })
        .collect();
    let page = ListPage {
        l: Layout::user(&s, tr.clone(), &user, "publishing").await,
        rows,
        status: status.unwrap_or_default(),
        statuses: PostStatus::ALL,
        can_compose: matches!(actor.role, Role::DinasAdmin | Role::Official | Role::Operator),
    };
    render(&page, &tr)
}

pub struct Day {
    pub label: String,
    pub in_month: bool,
    pub today: bool,
    pub posts: Vec<(i64, String, String, &'static str)>,
}

#[derive(Template)]
#[template(path = "calendar.html")]
struct CalendarPage {
    l: Layout,
    title: String,
    weeks: Vec<Vec<Day>>,
    prev: String,
    next: String,
    week_view: bool,
    switch: String,
    weekdays: Vec<String>,
}

#[derive(serde::Deserialize)]
struct CalendarQuery {
    /// `YYYY-MM`
    bulan: Option<String>,
    /// `YYYY-MM-DD`: the week containing that day.
    minggu: Option<String>,
    instansi: Option<i64>,
}

async fn calendar(
    State(s): State<AppState>,
    tr: Tr,
    user: PageUser,
    Query(q): Query<CalendarQuery>,
) -> Result<Response, PageError> {
    let e = |e| PageError(e, tr.clone());
    let actor = user.actor();
    let tz = s.humas.region().await.map(|r| r.tz()).unwrap_or(chrono_tz::Asia::Jakarta);
    let today = s.humas.today().await.map_err(e)?;
    let week_view = q.minggu.is_some();
    let (start, end, anchor) = if let Some(w) = q.minggu.as_deref() {
        let day = NaiveDate::parse_from_str(w, "%Y-%m-%d").unwrap_or(today);
        let monday = day - Duration::days(day.weekday().num_days_from_monday().into());
        (monday, monday + Duration::days(7), day)
    } else {
        let first = q
            .bulan
            .as_deref()
            .and_then(|m| NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").ok())
            .unwrap_or_else(|| today.with_day(1).unwrap_or(today));
        let monday = first - Duration::days(first.weekday().num_days_from_monday().into());
        let next_month = (first + Duration::days(32)).with_day(1).unwrap_or(first);
        let end = next_month + Duration::days(((7 - next_month.weekday().num_days_from_monday()) % 7).into());
        (monday, end, first)
    };
    let at = |d: NaiveDate| {
        use chrono::TimeZone;
        tz.from_local_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default())
            .earliest()
            .map(|t| t.with_timezone(&chrono::Utc))
    };
    let filter =
        PostFilter { agency_id: q.instansi, from: at(start), to: at(end), limit: Some(1000), ..PostFilter::default() };
    let posts = s.humas.posts(actor, filter).await.map_err(e)?;
    let mut days = Vec::new();
    let mut d = start;
    while d < end {
        let mut list: Vec<(i64, String, String, &'static str)> = posts
            .iter()
            .filter(|p| p.status != PostStatus::Cancelled)
            .filter(|p| p.scheduled_at.unwrap_or(p.updated_at).with_timezone(&tz).date_naive() == d)
            .map(|p| {
                let t = p.scheduled_at.unwrap_or(p.updated_at).with_timezone(&tz).format("%H:%M").to_string();
                let label = if p.title.trim().is_empty() {
                    p.body.chars().take(40).collect()
                } else {
                    p.title.chars().take(40).collect()
                };
                (p.id, t, label, p.status.as_str())
            })
            .collect();
        list.sort_by(|a, b| a.1.cmp(&b.1));
        days.push(Day {
            label: d.day().to_string(),
            in_month: week_view || d.month() == anchor.month(),
            today: d == today,
            posts: list,
        });
        d += Duration::days(1);
    }
    let weeks: Vec<Vec<Day>> = days.into_iter().fold(Vec::new(), |mut w: Vec<Vec<Day>>, day| {
        if w.last().is_none_or(|x| x.len() == 7) {
            w.push(Vec::new());
        }
        if let Some(last) = w.last_mut() {
            last.push(day);
        }
        w
    });
    let agency = q.instansi.map(|a| format!("&instansi={a}")).unwrap_or_default();
    let (title, prev, next, switch) = if week_view {
        (
            format!(
                "{} {} – {} {} {}",
                start.day(),
                fmt::month_name(start.month(), tr.is_en()),
                (end - Duration::days(1)).day(),
                fmt::month_name((end - Duration::days(1)).month(), tr.is_en()),
                start.year()
            ),
            format!("/kalender?minggu={}{agency}", start - Duration::days(7)),
            format!("/kalender?minggu={}{agency}", end),
            format!("/kalender?bulan={}{agency}", start.format("%Y-%m")),
        )
    } else {
        let prev = (anchor - Duration::days(1)).format("%Y-%m").to_string();
        let next = (anchor + Duration::days(32)).format("%Y-%m").to_string();
        (
            format!("{} {}", fmt::month_name(anchor.month(), tr.is_en()), anchor.year()),
            format!("/kalender?bulan={prev}{agency}"),
            format!("/kalender?bulan={next}{agency}"),
            format!(
                "/kalender?minggu={}{agency}",
                if anchor.month() == today.month() && anchor.year() == today.year() { today } else { anchor }
            ),
        )
    };
    let weekdays = ["Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min"].iter().map(|d| d.to_string()).collect();
    let page = CalendarPage {
        l: Layout::user(&s, tr.clone(), &user, "calendar").await,
        title,
        weeks,
        prev,
        next,
        week_view,
        switch,
        weekdays,
    };
    render(&page, &tr)
}

#[derive(Template)]
#[template(path = "publishing_rules.html")]
struct RulesPage {
    l: Layout,
    rules: Vec<PlatformRule>,
    words: WordLists,
    kinds: [&'static str; 4],
    campaigns: Vec<Campaign>,
    can_edit: bool,
}

impl RulesPage {
    fn words_of(&self, kind: &&str) -> String {
        self.words.list(kind).join("\n")
    }
}

async fn rules_page(
    State(s): State<AppState>,
    tr: Tr,
    user: PageUser,
    Query(n): Query<Notice>,
) -> Result<Response, PageError> {
    let e = |e| PageError(e, tr.clone());
    let page = RulesPage {
        l: Layout::user(&s, tr.clone(), &user, "publishing").await.with_notice(n.ok.as_deref()),
        rules: s.humas.platform_rules().await.map_err(e)?,
        words: s.humas.word_lists().await.map_err(e)?,
        kinds: WordLists::KINDS,
        campaigns: s.humas.campaigns().await.map_err(e)?,
        can_edit: user.actor().role == Role::DinasAdmin,
    };
    render(&page, &tr)
}

#[derive(serde::Deserialize)]
struct RuleForm {
    platform: String,
    #[serde(default)]
    max_chars: String,
    #[serde(default)]
    link_chars: String,
    #[serde(default)]
    max_hashtags: String,
    #[serde(default)]
    title_max: String,
    #[serde(default)]
    note: String,
}

async fn save_rule(State(s): State<AppState>, f: CsrfForm<RuleForm>) -> Result<Response, PageError> {
    let e = |e| PageError(e, f.tr.clone());
    let num = |v: &str, field: &'static str| -> Result<Option<i32>, PageError> {
        let v = v.trim().replace('.', "");
        if v.is_empty() {
            return Ok(None);
        }
        v.parse::<i32>().map(Some).map_err(|_| e(Error::invalid(field, "Batas harus berupa angka, atau dikosongkan.")))
    };
    let rule = PlatformRule {
        platform: humas_core::account::Platform::parse(&f.form.platform).map_err(e)?,
        max_chars: num(&f.form.max_chars, "max_chars")?,
        link_chars: num(&f.form.link_chars, "link_chars")?,
        max_hashtags: num(&f.form.max_hashtags, "max_hashtags")?,
        title_max: num(&f.form.title_max, "title_max")?,
        note: f.form.note.trim().to_string(),
    };
    s.humas.save_platform_rule(f.user.actor(), rule).await.map_err(e)?;
    Ok(see_other("/aturan-terbitan?ok=saved"))
}

#[derive(serde::Deserialize)]
struct WordsForm {
    kind: String,
    words: String,
}

async fn save_words(State(s): State<AppState>, f: CsrfForm<WordsForm>) -> Result<Response, PageError> {
    let words: Vec<String> = f.form.words.lines().flat_map(|l| l.split(',')).map(str::to_string).collect();
    s.humas.save_word_list(f.user.actor(), &f.form.kind, &words).await.map_err(|e| PageError(e, f.tr.clone()))?;
    Ok(see_other("/aturan-terbitan?ok=saved"))
}

#[derive(serde::Deserialize)]
struct CampaignForm {
    name: String,
    hashtag: String,
    starts_on: String,
    ends_on: String,
    #[serde(default)]
    description: String,
}

async fn create_campaign(State(s): State<AppState>, f: CsrfForm<CampaignForm>) -> Result<Response, PageError> {
    let e = |e| PageError(e, f.tr.clone());
    let date = |v: &str, field: &'static str| {
        NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d").map_err(|_| e(Error::invalid(field, "Tanggal tidak valid.")))
    };
    let input = humas_core::publishing::CampaignInput {
        name: f.form.name.clone(),
        hashtag: f.form.hashtag.clone(),
        starts_on: date(&f.form.starts_on, "starts_on")?,
        ends_on: date(&f.form.ends_on, "ends_on")?,
        description: f.form.description.clone(),
    };
    s.humas.create_campaign(f.user.actor(), input).await.map_err(e)?;
    Ok(see_other("/aturan-terbitan?ok=created"))
}

async fn reply_items(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    f: CsrfForm<super::NoFields>,
) -> Result<Response, PageError> {
    s.humas.reply_to_linked_items(f.user.actor(), id).await.map_err(|e| PageError(e, f.tr.clone()))?;
    Ok(see_other(&format!("/terbitan/{id}?ok=queued")))
}

async fn add_image(
    State(s): State<AppState>,
    tr: Tr,
    user: PageUser,
    Path(id): Path<i64>,
    mp: axum::extract::Multipart,
) -> Result<Response, PageError> {
    let e = |e| PageError(e, tr.clone());
    let f = crate::upload::read_image_form(mp, humas_core::publishing::MAX_IMAGE_BYTES).await.map_err(e)?;
    crate::session::check_csrf(&user.auth, &f.csrf).map_err(e)?;
    s.humas.add_post_image(user.actor(), id, f.version, &f.name, &f.bytes, &f.alt).await.map_err(e)?;
    Ok(see_other(&format!("/terbitan/{id}?ok=saved")))
}

async fn image(
    State(s): State<AppState>,
    tr: Tr,
    user: PageUser,
    Path((id, position)): Path<(i64, i32)>,
) -> Result<Response, PageError> {
    let (content_type, bytes) =
        s.humas.post_image(user.actor(), id, position).await.map_err(|e| PageError(e, tr.clone()))?;
    Ok(crate::upload::image_response(&content_type, bytes))
}

async fn remove_image(
    State(s): State<AppState>,
    Path((id, position)): Path<(i64, i32)>,
    f: CsrfForm<DecisionForm>,
) -> Result<Response, PageError> {
    s.humas
        .remove_post_image(f.user.actor(), id, f.form.version, position)
        .await
        .map_err(|e| PageError(e, f.tr.clone()))?;
    Ok(see_other(&format!("/terbitan/{id}?ok=saved")))
}
