//! Analysis (themes, hot issues, charts), the recommendations register, the
//! annual report with its workflow and downloads, and the evaluation.

use super::{Layout, see_other};
use crate::AppState;
use crate::error::{PageError, render};
use crate::i18n::Tr;
use crate::session::{CsrfForm, PageUser};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::{Datelike, Duration, NaiveDate};
use humas_core::agency::Agency;
use humas_core::ids::AgencyId;
use humas_core::insight::TopicReport;
use humas_core::report::{
    CRITERIA, HEADINGS, Narratives, RecStatus, Recommendation, RecommendationChange, RecommendationInput, ReportStatus,
};
use humas_core::service::{ReportStatusLine, ReportView};
use humas_core::{Error, Role};
use humas_report::{Format, chart};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/topik", get(topics))
        .route("/rekomendasi", get(recommendations).post(create_recommendation))
        .route("/rekomendasi/{id}/status", post(change_recommendation))
        .route("/laporan", get(overview))
        .route("/laporan/tenggat", post(set_deadline))
        .route("/laporan/{agency}/{year}", get(report_page))
        .route("/laporan/{agency}/{year}/uraian", post(save_narratives))
        .route("/laporan/{agency}/{year}/ajukan", post(submit))
        .route("/laporan/{agency}/{year}/status", post(move_report))
        .route("/laporan/{agency}/{year}/unduh/{format}", get(download_report))
        .route("/evaluasi", get(evaluation))
        .route("/evaluasi/{year}/sesuaikan", post(adjust))
        .route("/evaluasi/{year}/bobot", post(weights))
        .route("/evaluasi/{year}/target", post(target))
        .route("/evaluasi/{year}/unduh/{format}", get(download_evaluation))
}

fn parse_date(s: Option<&str>) -> Option<NaiveDate> {
    s.and_then(|s| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok())
}

fn parse_agency(s: Option<&str>) -> Option<AgencyId> {
    s.and_then(|s| s.trim().parse().ok()).map(AgencyId)
}

/// The report year people mean: in the first quarter last year's (being
/// reported), later the current one (being compiled).
fn default_year(today: NaiveDate) -> i32 {
    if today.month() <= 3 { today.year() - 1 } else { today.year() }
}

fn pct(x: Option<f64>) -> String {
    x.map(|s| format!("{:.0}%", s * 100.0)).unwrap_or_else(|| "–".into())
}

// ------------------------------------------------------------------ topics

#[derive(serde::Deserialize, Default)]
struct TopicQuery {
    dari: Option<String>,
    sampai: Option<String>,
    instansi: Option<String>,
}

struct AgencyRow {
    code: String,
    items: i64,
    answered: i64,
    median: String,
    on_time: String,
    overdue: i64,
}

#[derive(Template)]
#[template(path = "topics.html")]
struct TopicsPage {
    l: Layout,
    from: String,
    to: String,
    agency: Option<AgencyId>,
    agency_sel: i64,
    agencies: Vec<Agency>,
    region_wide: bool,
    topics: TopicReport,
    chart_months: String,
    chart_kinds: String,
    chart_sentiment: String,
    chart_districts: String,
    chart_agencies: String,
    agency_rows: Vec<AgencyRow>,
}

async fn topics(
    State(s): State<AppState>,
    tr: Tr,
    user: PageUser,
    Query(q): Query<TopicQuery>,
) -> Result<Response, PageError> {
    let e = |e| PageError(e, tr.clone());
    let today = s.humas.today().await.map_err(e)?;
    let to = parse_date(q.sampai.as_deref()).unwrap_or(today);
    let from = parse_date(q.dari.as_deref()).unwrap_or(to - Duration::days(29));
    let wanted = parse_agency(q.instansi.as_deref());
    let actor = user.actor();
    let agency = if actor.reads_region() { wanted } else { actor.agency_id };
    let topics = s.humas.topics(actor, agency, from, to).await.map_err(e)?;
    let a = s.humas.analysis(actor, agency, from, to).await.map_err(e)?;
    let agencies = s.humas.agencies().await.map_err(e)?;
    let code = |id: AgencyId| agencies.iter().find(|a| a.id == id).map(|a| a.code.clone()).unwrap_or_default();
    let months: Vec<String> = a.months.iter().map(|m| humas_report::dates::month_short(&m.0)).collect();
    let agency_rows: Vec<AgencyRow> = a
        .agencies
        .iter()
        .map(|(id, n, r)| AgencyRow {
            code: code(*id),
            items: *n,
            answered: r.answered,
            median: r.median_hours.map(|h| format!("{h:.1}")).unwrap_or_else(|| "–".into()),
            on_time: pct(r.on_time_share),
            overdue: r.referrals_in_overdue_open,
        })
        .collect();
    let bars = |title: &str, rows: &[(String, i64)]| {
        chart::bars(title, &rows.iter().map(|(l, n)| (l.clone(), *n as f64)).collect::<Vec<_>>())
    };
    let page = TopicsPage {
        l: Layout::user(&s, tr.clone(), &user, "topics").await,
        from: from.to_string(),
        to: to.to_string(),
        agency,
        agency_sel: agency.map_or(0, |a| a.0),
        region_wide: actor.reads_region(),
        chart_months: chart::columns(
            "Pesan warga per bulan",
            &months,
            &[("Pesan warga", a.months.iter().map(|m| m.1 as f64).collect())],
        ),
        chart_kinds: bars("Menurut jenis", &a.kinds),
        chart_sentiment: bars("Menurut sentimen", &a.sentiments),
        chart_districts: bars("Menurut kecamatan", &a.districts),
        chart_agencies: bars(
            "Menurut perangkat daerah",
            &agency_rows.iter().take(15).map(|r| (r.code.clone(), r.items)).collect::<Vec<_>>(),
        ),
        agencies,
        topics,
        agency_rows,
    };
    render(&page, &tr)
}

// ---------------------------------------------------------------- register

#[derive(serde::Deserialize, Default)]
struct RecQuery {
    instansi: Option<String>,
    pesan: Option<String>,
    ok: Option<String>,
}

struct RecRow {
    r: Recommendation,
    agency: String,
    status: &'static str,
    next: Vec<(&'static str, &'static str)>,
    can_decide: bool,
}

#[derive(Template)]
#[template(path = "recommendations.html")]
struct RecPage {
    l: Layout,
    rows: Vec<RecRow>,
    agencies: Vec<Agency>,
    own_sel: i64,
    can_create: bool,
    evidence: String,
}

async fn recommendations(
    State(s): State<AppState>,
    tr: Tr,
    user: PageUser,
    Query(q): Query<RecQuery>,
) -> Result<Response, PageError> {
    let e = |e| PageError(e, tr.clone());
    let actor = user.actor();
    let list = s.humas.recommendations(actor, parse_agency(q.instansi.as_deref())).await.map_err(e)?;
    let agencies = s.humas.agencies().await.map_err(e)?;
    let rows = list
        .into_iter()
        .map(|r| RecRow {
            agency: agencies.iter().find(|a| a.id == r.agency_id).map(|a| a.code.clone()).unwrap_or_default(),
            status: r.status.label(),
            next: RecStatus::ALL
                .into_iter()
                .filter(|n| r.status.can_become(*n))
                .map(|n| (n.as_str(), n.label()))
                .collect(),
            can_decide: actor.require_official_of(r.agency_id).is_ok(),
            r,
        })
        .collect();
    let page = RecPage {
        l: Layout::user(&s, tr.clone(), &user, "recommendations").await.with_notice(q.ok.as_deref()),
        rows,
        own_sel: actor.agency_id.map_or(0, |a| a.0),
        can_create: matches!(actor.role, Role::DinasAdmin | Role::Official | Role::Operator),
        evidence: q.pesan.unwrap_or_default().chars().filter(|c| c.is_ascii_digit() || *c == ',').collect(),
        agencies,
    };
    render(&page, &tr)
}

#[derive(serde::Deserialize)]
struct RecForm {
    agency_id: String,
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    topic: String,
    #[serde(default)]
    due_on: String,
    #[serde(default)]
    item_ids: String,
}

fn ids_list(s: &str) -> Result<Vec<i64>, Error> {
    s.split([',', ' ', '\n'])
        .map(|x| x.trim().trim_start_matches('#'))
        .filter(|x| !x.is_empty())
        .map(|x| x.parse().map_err(|_| Error::invalid("item_ids", format!("Nomor pesan tidak valid: {x}"))))
        .collect()
}

async fn create_recommendation(State(s): State<AppState>, f: CsrfForm<RecForm>) -> Result<Response, PageError> {
    let e = |e| PageError(e, f.tr.clone());
    let agency = f
        .form
        .agency_id
        .trim()
        .parse()
        .map(AgencyId)
        .or_else(|_| f.user.actor().agency_id.ok_or(Error::invalid("agency_id", "Pilih perangkat daerah.")))
        .map_err(e)?;
    let due_on = match f.form.due_on.trim() {
        "" => None,
        d => Some(parse_date(Some(d)).ok_or(Error::invalid("due_on", "Tanggal target tidak valid.")).map_err(e)?),
    };
    let input = RecommendationInput {
        agency_id: agency,
        title: f.form.title.clone(),
        body: f.form.body.clone(),
        topic: f.form.topic.clone(),
        due_on,
        item_ids: ids_list(&f.form.item_ids).map_err(e)?,
    };
    s.humas.create_recommendation(f.user.actor(), input).await.map_err(e)?;
    Ok(see_other("/rekomendasi?ok=created"))
}

#[derive(serde::Deserialize)]
struct RecStatusForm {
    status: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    post_id: String,
    version: i64,
}

async fn change_recommendation(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    f: CsrfForm<RecStatusForm>,
) -> Result<Response, PageError> {
    let e = |e| PageError(e, f.tr.clone());
    let post_id = match f.form.post_id.trim().trim_start_matches('#') {
        "" => None,
        p => Some(p.parse().map_err(|_| Error::invalid("post_id", "Nomor pesan terbitan tidak valid.")).map_err(e)?),
    };
    let change = RecommendationChange {
        status: RecStatus::parse(&f.form.status).map_err(e)?,
        note: f.form.note.clone(),
        post_id,
        version: f.form.version,
    };
    s.humas.change_recommendation(f.user.actor(), id, change).await.map_err(e)?;
    Ok(see_other("/rekomendasi?ok=saved"))
}

// ----------------------------------------------------------------- reports

#[derive(serde::Deserialize, Default)]
struct YearQuery {
    tahun: Option<i32>,
    ok: Option<String>,
}

#[derive(Template)]
#[template(path = "reports.html")]
struct OverviewPage {
    l: Layout,
    year: i32,
    lines: Vec<ReportStatusLine>,
    submitted: usize,
    deadline: String,
    can_set_deadline: bool,
}

async fn overview(
    State(s): State<AppState>,
    tr: Tr,
    user: PageUser,
    Query(q): Query<YearQuery>,
) -> Result<Response, PageError> {
    let e = |e| PageError(e, tr.clone());
    let today = s.humas.today().await.map_err(e)?;
    let year = q.tahun.unwrap_or_else(|| default_year(today));
    let actor = user.actor();
    if !actor.reads_region() {
        let own = actor.agency_id.ok_or(Error::Forbidden).map_err(e)?;
        return Ok(see_other(&format!("/laporan/{}/{year}", own.0)));
    }
    let (lines, deadline) = s.humas.report_overview(actor, year).await.map_err(e)?;
    let page = OverviewPage {
        l: Layout::user(&s, tr.clone(), &user, "reports").await.with_notice(q.ok.as_deref()),
        year,
        submitted: lines.iter().filter(|l| l.status != ReportStatus::Draft).count(),
        lines,
        deadline: deadline.map(|d| d.to_string()).unwrap_or_default(),
        can_set_deadline: actor.role == Role::DinasAdmin,
    };
    render(&page, &tr)
}

#[derive(serde::Deserialize)]
struct DeadlineForm {
    year: i32,
    due_on: String,
}

async fn set_deadline(State(s): State<AppState>, f: CsrfForm<DeadlineForm>) -> Result<Response, PageError> {
    let e = |e| PageError(e, f.tr.clone());
    let due = parse_date(Some(&f.form.due_on)).ok_or(Error::invalid("due_on", "Tanggal tidak valid.")).map_err(e)?;
    s.humas.set_report_deadline(f.user.actor(), f.form.year, due).await.map_err(e)?;
    Ok(see_other(&format!("/laporan?tahun={}&ok=saved", f.form.year)))
}

#[derive(Template)]
#[template(path = "report.html")]
struct ReportPage {
    l: Layout,
    agency_id: i64,
    v: ReportView,
    headings: [&'static str; 8],
    status: ReportStatus,
    version: i64,
    can_edit: bool,
    can_submit: bool,
    can_reopen: bool,
    can_receive: bool,
    can_read: bool,
    on_time: String,
    chart_kinds: String,
    chart_months: String,
    chart_audience: String,
    deadline: String,
}

async fn report_page(
    State(s): State<AppState>,
    tr: Tr,
    user: PageUser,
    Path((agency, year)): Path<(i64, i32)>,
    Query(q): Query<YearQuery>,
) -> Result<Response, PageError> {
    let e = |e| PageError(e, tr.clone());
    let actor = user.actor();
    let agency = AgencyId(agency);
    let v = s.humas.annual_report(actor, agency, year).await.map_err(e)?;
    let status = v.record.as_ref().map_or(ReportStatus::Draft, |r| r.status);
    let own_official = actor.role == Role::Official && actor.agency_id == Some(agency);
    let charts = humas_report::pdf::annual_charts(&v.report);
    let page = ReportPage {
        l: Layout::user(&s, tr.clone(), &user, "reports").await.with_notice(q.ok.as_deref()),
        agency_id: agency.0,
        headings: HEADINGS,
        version: v.record.as_ref().map_or(0, |r| r.version),
        can_edit: status == ReportStatus::Draft && actor.require_edit_agency(agency).is_ok(),
        can_submit: status == ReportStatus::Draft && own_official && v.record.is_some(),
        can_reopen: matches!(status, ReportStatus::Submitted | ReportStatus::Received) && own_official,
        can_receive: status == ReportStatus::Submitted && actor.role == Role::DinasAdmin,
        can_read: matches!(status, ReportStatus::Submitted | ReportStatus::Received) && actor.role == Role::Bupati,
        on_time: pct(v.report.responsiveness.on_time_share),
        chart_kinds: charts.kinds,
        chart_months: charts.months,
        chart_audience: charts.audience,
        deadline: v.deadline.map(humas_report::dates::long).unwrap_or_default(),
        status,
        v,
    };
    render(&page, &tr)
}

#[derive(serde::Deserialize)]
struct NarrativesForm {
    #[serde(default)]
    overview: String,
    #[serde(default)]
    obstacles: String,
    #[serde(default)]
    plan: String,
    #[serde(default)]
    costs: String,
    version: i64,
}

async fn save_narratives(
    State(s): State<AppState>,
    Path((agency, year)): Path<(i64, i32)>,
    f: CsrfForm<NarrativesForm>,
) -> Result<Response, PageError> {
    let n = Narratives {
        overview: f.form.overview.clone(),
        obstacles: f.form.obstacles.clone(),
        plan: f.form.plan.clone(),
        costs: f.form.costs.clone(),
    };
    s.humas
        .save_report_narratives(f.user.actor(), AgencyId(agency), year, n, f.form.version)
        .await
        .map_err(|e| PageError(e, f.tr.clone()))?;
    Ok(see_other(&format!("/laporan/{agency}/{year}?ok=saved")))
}

#[derive(serde::Deserialize)]
struct VersionForm {
    version: i64,
}

async fn submit(
    State(s): State<AppState>,
    Path((agency, year)): Path<(i64, i32)>,
    f: CsrfForm<VersionForm>,
) -> Result<Response, PageError> {
    s.humas
        .submit_report(f.user.actor(), AgencyId(agency), year, f.form.version)
        .await
        .map_err(|e| PageError(e, f.tr.clone()))?;
    Ok(see_other(&format!("/laporan/{agency}/{year}?ok=saved")))
}

#[derive(serde::Deserialize)]
struct MoveForm {
    to: String,
}

async fn move_report(
    State(s): State<AppState>,
    Path((agency, year)): Path<(i64, i32)>,
    f: CsrfForm<MoveForm>,
) -> Result<Response, PageError> {
    let to = match f.form.to.as_str() {
        "draft" => ReportStatus::Draft,
        "received" => ReportStatus::Received,
        "read" => ReportStatus::Read,
        _ => return Err(PageError(Error::invalid("to", "Status tidak dikenal."), f.tr.clone())),
    };
    s.humas.move_report(f.user.actor(), AgencyId(agency), year, to).await.map_err(|e| PageError(e, f.tr.clone()))?;
    Ok(see_other(&format!("/laporan/{agency}/{year}?ok=saved")))
}

/// A file download with a safe, descriptive name.
pub(crate) fn file(bytes: Vec<u8>, format: Format, name: &str) -> Response {
    let name: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect();
    (
        [
            (header::CONTENT_TYPE, format.mime().to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}.{}\"", format.extension())),
        ],
        bytes,
    )
        .into_response()
}

/// Runs a renderer on the blocking pool: typesetting is CPU work.
pub(crate) async fn render_file(
    job: impl FnOnce() -> Result<Vec<u8>, humas_report::RenderError> + Send + 'static,
) -> Result<Vec<u8>, Error> {
    tokio::task::spawn_blocking(job).await.map_err(Error::internal)?.map_err(Error::internal)
}

/// The download formats the pages and the API offer.
pub(crate) fn download_format(format: &str) -> Result<Format, Error> {
    match Format::parse(format) {
        Some(f @ (Format::Pdf | Format::Xlsx | Format::Csv)) => Ok(f),
        _ => Err(Error::invalid("format", "Format unduhan: pdf, xlsx atau csv.")),
    }
}

async fn download_report(
    State(s): State<AppState>,
    tr: Tr,
    user: PageUser,
    Path((agency, year, format)): Path<(i64, i32, String)>,
) -> Result<Response, PageError> {
    let e = |e| PageError(e, tr.clone());
    let format = download_format(&format).map_err(e)?;
    let v = s.humas.annual_report(user.actor(), AgencyId(agency), year).await.map_err(e)?;
    let letterhead = s.humas.letterhead().await.map_err(e)?;
    let name = format!("laporan-{}-{year}", v.report.agency_code);
    let bytes = render_file(move || humas_report::annual_report(&v.report, &letterhead, format)).await.map_err(e)?;
    Ok(file(bytes, format, &name))
}

// -------------------------------------------------------------- evaluation

struct EvalRow {
    rank: usize,
    agency_id: i64,
    code: String,
    name: String,
    total: f64,
    previous: String,
    targets: String,
    scores: Vec<(String, String, bool)>,
}

#[derive(Template)]
#[template(path = "evaluation.html")]
struct EvalPage {
    l: Layout,
    year: i32,
    rows: Vec<EvalRow>,
    criteria: Vec<(&'static str, &'static str, &'static str, f64)>,
    chart: String,
    is_dinas: bool,
}

async fn evaluation(
    State(s): State<AppState>,
    tr: Tr,
    user: PageUser,
    Query(q): Query<YearQuery>,
) -> Result<Response, PageError> {
    let e = |e| PageError(e, tr.clone());
    let today = s.humas.today().await.map_err(e)?;
    let year = q.tahun.unwrap_or_else(|| default_year(today));
    let ev = s.humas.evaluation(user.actor(), year).await.map_err(e)?;
    let weight =
        |code: &str| ev.agencies.first().and_then(|a| a.scores.iter().find(|s| s.code == code)).map(|s| s.weight);
    let criteria =
        CRITERIA.iter().map(|c| (c.code, c.label, c.explain, weight(c.code).unwrap_or(c.default_weight))).collect();
    let rows = ev
        .agencies
        .iter()
        .map(|a| EvalRow {
            rank: a.rank,
            agency_id: a.agency_id.0,
            code: a.code.clone(),
            name: a.name.clone(),
            total: a.total,
            previous: a.previous_total.map(|p| format!("{p:.1}")).unwrap_or_else(|| "–".into()),
            targets: if a.targets_set > 0 { format!("{}/{}", a.targets_met, a.targets_set) } else { "–".into() },
            scores: a
                .scores
                .iter()
                .map(|s| (format!("{:.1}", s.value()), s.note.clone(), s.adjusted.is_some()))
                .collect(),
        })
        .collect();
    let page = EvalPage {
        l: Layout::user(&s, tr.clone(), &user, "evaluation").await.with_notice(q.ok.as_deref()),
        year,
        rows,
        criteria,
        chart: humas_report::pdf::evaluation_chart(&ev),
        is_dinas: user.actor().role == Role::DinasAdmin,
    };
    render(&page, &tr)
}

#[derive(serde::Deserialize)]
struct AdjustForm {
    agency_id: i64,
    code: String,
    #[serde(default)]
    score: String,
    #[serde(default)]
    note: String,
}

fn opt_number(s: &str, field: &'static str) -> Result<Option<f64>, Error> {
    match s.trim().replace(',', ".").as_str() {
        "" => Ok(None),
        v => v.parse().map(Some).map_err(|_| Error::invalid(field, "Angka tidak valid.")),
    }
}

async fn adjust(
    State(s): State<AppState>,
    Path(year): Path<i32>,
    f: CsrfForm<AdjustForm>,
) -> Result<Response, PageError> {
    let e = |e| PageError(e, f.tr.clone());
    let score = opt_number(&f.form.score, "score").map_err(e)?;
    s.humas
        .adjust_score(f.user.actor(), year, AgencyId(f.form.agency_id), &f.form.code, score, &f.form.note)
        .await
        .map_err(e)?;
    Ok(see_other(&format!("/evaluasi?tahun={year}&ok=saved")))
}

async fn target(
    State(s): State<AppState>,
    Path(year): Path<i32>,
    f: CsrfForm<AdjustForm>,
) -> Result<Response, PageError> {
    let e = |e| PageError(e, f.tr.clone());
    let t = opt_number(&f.form.score, "target").map_err(e)?;
    s.humas
        .set_target(f.user.actor(), year + 1, AgencyId(f.form.agency_id), &f.form.code, t, &f.form.note)
        .await
        .map_err(e)?;
    Ok(see_other(&format!("/evaluasi?tahun={year}&ok=saved")))
}

async fn weights(
    State(s): State<AppState>,
    Path(year): Path<i32>,
    f: CsrfForm<std::collections::HashMap<String, String>>,
) -> Result<Response, PageError> {
    let e = |e| PageError(e, f.tr.clone());
    let mut w = Vec::new();
    for c in CRITERIA {
        if let Some(v) = f.form.get(c.code)
            && let Some(n) = opt_number(v, "weight").map_err(e)?
        {
            w.push((c.code.to_string(), n));
        }
    }
    s.humas.set_weights(f.user.actor(), year, &w).await.map_err(e)?;
    Ok(see_other(&format!("/evaluasi?tahun={year}&ok=saved")))
}

async fn download_evaluation(
    State(s): State<AppState>,
    tr: Tr,
    user: PageUser,
    Path((year, format)): Path<(i32, String)>,
) -> Result<Response, PageError> {
    let e = |e| PageError(e, tr.clone());
    let format = download_format(&format).map_err(e)?;
    let ev = s.humas.evaluation(user.actor(), year).await.map_err(e)?;
    let letterhead = s.humas.letterhead().await.map_err(e)?;
    let bytes = render_file(move || humas_report::evaluation(&ev, &letterhead, format)).await.map_err(e)?;
    Ok(file(bytes, format, &format!("evaluasi-{year}")))
}
