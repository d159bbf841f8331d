//! The recommendations register (Pasal 6e, 9i–9j), the annual report of an
//! agency (Pasal 16) and the Dinas's evaluation of all agencies (Pasal 17).
//!
//! Figures come from the store as small grouped rows ([`Facts`]); this module
//! turns them into the report's sections, so the arithmetic is plain Rust,
//! the same on both engines, and testable without a database.

use crate::ids::{AgencyId, UserId};
use crate::insight::TopicView;
use crate::{Error, Result};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

// ---------------------------------------------------------------- register

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RecStatus {
    Proposed,
    Accepted,
    InProgress,
    Done,
    Rejected,
}

impl RecStatus {
    pub const ALL: [Self; 5] = [Self::Proposed, Self::Accepted, Self::InProgress, Self::Done, Self::Rejected];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Proposed => "proposed",
            Self::Accepted => "accepted",
            Self::InProgress => "in_progress",
            Self::Done => "done",
            Self::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| Error::invalid("status", format!("Status rekomendasi tidak dikenal: {s}")))
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Proposed => "Diusulkan",
            Self::Accepted => "Diterima",
            Self::InProgress => "Dikerjakan",
            Self::Done => "Selesai",
            Self::Rejected => "Ditolak",
        }
    }

    /// The register's state machine: forward only; rejection until done.
    pub fn can_become(self, next: Self) -> bool {
        use RecStatus::*;
        matches!(
            (self, next),
            (Proposed, Accepted)
                | (Accepted, InProgress)
                | (Accepted, Done)
                | (InProgress, Done)
                | (Proposed | Accepted | InProgress, Rejected)
        )
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Recommendation {
    pub id: i64,
    pub agency_id: AgencyId,
    pub title: String,
    pub body: String,
    pub topic: String,
    pub status: RecStatus,
    pub status_note: String,
    /// The message that disseminated the follow-up (Pasal 9j).
    pub post_id: Option<i64>,
    pub due_on: Option<NaiveDate>,
    pub created_by: Option<UserId>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
    /// Citizens' items that are its evidence.
    pub item_ids: Vec<i64>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct RecommendationInput {
    pub agency_id: AgencyId,
    pub title: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub topic: String,
    #[serde(default)]
    pub due_on: Option<NaiveDate>,
    #[serde(default)]
    pub item_ids: Vec<i64>,
}

pub const MAX_EVIDENCE_ITEMS: usize = 200;

impl RecommendationInput {
    pub fn validate(mut self) -> Result<Self> {
        self.title = self.title.trim().to_string();
        self.body = self.body.trim().to_string();
        self.topic = self.topic.trim().to_string();
        let n = self.title.chars().count();
        if !(3..=200).contains(&n) {
            return Err(Error::invalid("title", "Judul rekomendasi 3 sampai 200 huruf."));
        }
        if self.body.chars().count() > 5000 {
            return Err(Error::invalid("body", "Uraian paling panjang 5.000 huruf."));
        }
        if self.topic.chars().count() > 200 {
            return Err(Error::invalid("topic", "Tema paling panjang 200 huruf."));
        }
        self.item_ids.sort_unstable();
        self.item_ids.dedup();
        if self.item_ids.len() > MAX_EVIDENCE_ITEMS {
            return Err(Error::invalid("item_ids", "Paling banyak 200 pesan warga sebagai bukti."));
        }
        Ok(self)
    }
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct RecommendationChange {
    pub status: RecStatus,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub post_id: Option<i64>,
    /// The version the user saw; a stale one is refused.
    pub version: i64,
}

// ------------------------------------------------------------------- facts

/// Items of one agency, month, kind, sentiment and district.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemStat {
    pub agency_id: AgencyId,
    /// `YYYY-MM` in the region's time zone.
    pub month: String,
    pub kind: String,
    pub sentiment: String,
    pub district: Option<String>,
    pub count: i64,
}

/// First responses of one agency that took the same time (to 6 minutes)
/// and were equally on time: a histogram, so that a region's year is a few
/// thousand rows, not one per item.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseRow {
    pub agency_id: AgencyId,
    pub seconds: f64,
    /// Before the item's due time (the agency's SOP).
    pub on_time: bool,
    pub count: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReferralRow {
    pub from_agency: AgencyId,
    pub to_agency: AgencyId,
    pub due_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
}

/// Delivered messages of one account and month.
#[derive(Debug, Clone, PartialEq)]
pub struct DeliveryStat {
    pub agency_id: AgencyId,
    pub account_id: crate::ids::AccountId,
    pub month: String,
    /// A published message (post), else a reply to a citizen.
    pub is_post: bool,
    pub count: i64,
}

/// A message published in the period with its best engagement figures.
#[derive(Debug, Clone, PartialEq)]
pub struct PostStat {
    pub agency_id: AgencyId,
    pub post_id: i64,
    pub title: String,
    pub category: Option<String>,
    pub campaign: Option<String>,
    pub likes: i64,
    pub comments: i64,
    pub shares: i64,
    pub views: i64,
}

/// How finely the citizens' items are grouped: a report shows months, kinds,
/// sentiments and districts; the evaluation needs each agency's total only,
/// which is far cheaper to count over a whole region's year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactsDetail {
    Full,
    /// `ItemStat` per agency, with its month, kind and sentiment left empty.
    PerAgency,
}

#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub items: Vec<ItemStat>,
    pub responses: Vec<ResponseRow>,
    pub referrals: Vec<ReferralRow>,
    pub deliveries: Vec<DeliveryStat>,
    pub posts: Vec<PostStat>,
}

// ------------------------------------------------------------ the report

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct Narratives {
    /// (a) the agency's policy for information service through social media.
    #[serde(default)]
    pub overview: String,
    /// (g) obstacles inside and outside the agency.
    #[serde(default)]
    pub obstacles: String,
    /// (h) the follow-up plan.
    #[serde(default)]
    pub plan: String,
    /// Pasal 18: spending from the agency's budget, optional.
    #[serde(default)]
    pub costs: String,
}

pub const MAX_NARRATIVE_CHARS: usize = 20_000;

impl Narratives {
    pub fn validate(mut self) -> Result<Self> {
        for (field, text) in [
            ("overview", &mut self.overview),
            ("obstacles", &mut self.obstacles),
            ("plan", &mut self.plan),
            ("costs", &mut self.costs),
        ] {
            *text = text.trim().replace("\r\n", "\n");
            if text.chars().count() > MAX_NARRATIVE_CHARS {
                return Err(Error::invalid(field, "Uraian paling panjang 20.000 huruf."));
            }
        }
        Ok(self)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct Count {
    pub label: String,
    pub count: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct AudienceRow {
    pub account: String,
    pub platform: String,
    pub start: Option<i64>,
    pub end: Option<i64>,
    /// "dicatat petugas" where any figure was entered by hand.
    pub source: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct SentRow {
    pub account: String,
    pub platform: String,
    pub posts: i64,
    pub replies: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct MonthRow {
    pub month: String,
    pub items: i64,
    pub posts: i64,
    pub replies: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct TopPost {
    pub title: String,
    pub category: String,
    pub likes: i64,
    pub comments: i64,
    pub shares: i64,
    pub views: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct TopicLine {
    pub label: String,
    pub count: i64,
    pub quotes: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct RecLine {
    pub title: String,
    pub status: String,
    pub follow_up: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct Responsiveness {
    pub items: i64,
    pub answered: i64,
    /// Median hours to the first response; `None` without any.
    pub median_hours: Option<f64>,
    /// Share (0–1) of first responses within the agency's SOP time.
    pub on_time_share: Option<f64>,
    pub referrals_in: i64,
    pub referrals_in_on_time: i64,
    pub referrals_in_overdue_open: i64,
    pub referrals_out: i64,
}

/// An agency's report for a period: everything Pasal 16(3) asks, each item
/// under its own heading. Serialised as the submitted version's content.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct AnnualReport {
    pub region: String,
    pub agency_code: String,
    pub agency_name: String,
    pub year: i32,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub generated_at: DateTime<Utc>,
    /// Version number when submitted, 0 for a draft.
    pub version: i64,
    pub status: String,
    pub narratives: Narratives,
    /// (a) the SOP decree on record, if any.
    pub sop_decree: String,
    /// (b)
    pub audience: Vec<AudienceRow>,
    pub audience_start: i64,
    pub audience_end: i64,
    /// (c)
    pub posts_total: i64,
    pub posts_by_category: Vec<Count>,
    pub posts_by_campaign: Vec<Count>,
    pub top_posts: Vec<TopPost>,
    /// (d)
    pub items_total: i64,
    pub items_by_kind: Vec<Count>,
    pub items_by_sentiment: Vec<Count>,
    pub items_by_district: Vec<Count>,
    pub topics: Vec<TopicLine>,
    /// (e)
    pub sent: Vec<SentRow>,
    pub months: Vec<MonthRow>,
    pub sent_by_platform: Vec<Count>,
    /// (f)
    pub shares_total: i64,
    /// (g) facts found in the data.
    pub obstacles_found: Vec<String>,
    /// (h)
    pub recommendations: Vec<RecLine>,
    pub responsiveness: Responsiveness,
}

/// The report's workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    Draft,
    Submitted,
    Received,
    Read,
}

impl ReportStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
            Self::Received => "received",
            Self::Read => "read",
        }
    }

    pub fn parse(s: &str) -> Self {
        match s {
            "submitted" => Self::Submitted,
            "received" => Self::Received,
            "read" => Self::Read,
            _ => Self::Draft,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "Konsep",
            Self::Submitted => "Disampaikan ke Dinas",
            Self::Received => "Diterima Dinas",
            Self::Read => "Dibaca Bupati",
        }
    }
}

/// An agency's report record for a year: narratives and workflow.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReportRecord {
    pub id: i64,
    pub agency_id: AgencyId,
    pub year: i32,
    pub status: ReportStatus,
    pub narratives: Narratives,
    pub version: i64,
    pub submitted_version: i64,
    pub submitted_at: Option<DateTime<Utc>>,
    pub submitted_by: Option<UserId>,
    pub received_at: Option<DateTime<Utc>>,
    pub read_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

/// Inputs of [`assemble`] besides the facts.
pub struct ReportContext<'a> {
    pub region: &'a str,
    pub agency_id: AgencyId,
    pub agency_code: &'a str,
    pub agency_name: &'a str,
    pub year: i32,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub now: DateTime<Utc>,
    pub narratives: Narratives,
    pub sop_decree: String,
    pub audience: Vec<AudienceRow>,
    /// Handle and platform of each of the agency's accounts.
    pub accounts: BTreeMap<i64, (String, String)>,
    pub topics: &'a [TopicView],
    pub obstacles_found: Vec<String>,
    pub recommendations: Vec<RecLine>,
}

fn counts(map: BTreeMap<String, i64>) -> Vec<Count> {
    let mut v: Vec<Count> = map.into_iter().map(|(label, count)| Count { label, count }).collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
    v
}

pub fn kind_label(kind: &str) -> &str {
    match kind {
        "question" => "Pertanyaan",
        "comment" => "Komentar",
        "criticism" => "Kritik",
        "suggestion" => "Saran",
        "complaint" => "Pengaduan",
        other => other,
    }
}

pub fn sentiment_label(s: &str) -> &str {
    match s {
        "positive" => "Positif",
        "neutral" => "Netral",
        "negative" => "Negatif",
        other => other,
    }
}

/// The median of values given with their counts.
fn median(values: &mut [(f64, i64)]) -> Option<f64> {
    let n: i64 = values.iter().map(|v| v.1).sum();
    if n == 0 {
        return None;
    }
    values.sort_by(|a, b| a.0.total_cmp(&b.0));
    // The k-th smallest value (0-based).
    let nth = |k: i64| {
        let mut seen = 0;
        for (v, c) in values.iter() {
            seen += c;
            if seen > k {
                return *v;
            }
        }
        values.last().map_or(0.0, |v| v.0)
    };
    Some(if n % 2 == 1 { nth(n / 2) } else { (nth(n / 2 - 1) + nth(n / 2)) / 2.0 })
}

/// Responsiveness of one agency from the facts (which may hold many).
pub fn responsiveness(facts: &Facts, agency: AgencyId, now: DateTime<Utc>) -> Responsiveness {
    let items = facts.items.iter().filter(|s| s.agency_id == agency).map(|s| s.count).sum();
    let mut secs: Vec<(f64, i64)> = Vec::new();
    let mut on_time = 0;
    for r in facts.responses.iter().filter(|r| r.agency_id == agency) {
        secs.push((r.seconds, r.count));
        if r.on_time {
            on_time += r.count;
        }
    }
    let answered = secs.iter().map(|s| s.1).sum();
    let incoming: Vec<&ReferralRow> = facts.referrals.iter().filter(|r| r.to_agency == agency).collect();
    Responsiveness {
        items,
        answered,
        median_hours: median(&mut secs).map(|s| (s / 360.0).round() / 10.0),
        on_time_share: (answered > 0).then(|| on_time as f64 / answered as f64),
        referrals_in: incoming.len() as i64,
        referrals_in_on_time: incoming.iter().filter(|r| r.answered_at.is_some_and(|a| a <= r.due_at)).count() as i64,
        referrals_in_overdue_open: incoming.iter().filter(|r| r.answered_at.is_none() && r.due_at < now).count() as i64,
        referrals_out: facts.referrals.iter().filter(|r| r.from_agency == agency).count() as i64,
    }
}

/// Builds the report of `ctx.agency_id` from the facts.
pub fn assemble(facts: &Facts, ctx: ReportContext<'_>) -> AnnualReport {
    let agency = ctx.agency_id;
    let mut by_kind = BTreeMap::new();
    let mut by_sentiment = BTreeMap::new();
    let mut by_district = BTreeMap::new();
    let mut months: BTreeMap<String, MonthRow> = BTreeMap::new();
    let month_row = |m: &str| MonthRow { month: m.to_string(), items: 0, posts: 0, replies: 0 };
    for s in facts.items.iter().filter(|s| s.agency_id == agency) {
        *by_kind.entry(kind_label(&s.kind).to_string()).or_insert(0) += s.count;
        *by_sentiment.entry(sentiment_label(&s.sentiment).to_string()).or_insert(0) += s.count;
        let d = s.district.clone().filter(|d| !d.is_empty()).unwrap_or_else(|| "(tidak disebut)".into());
        *by_district.entry(d).or_insert(0) += s.count;
        months.entry(s.month.clone()).or_insert_with(|| month_row(&s.month)).items += s.count;
    }
    let mut sent: BTreeMap<i64, SentRow> = BTreeMap::new();
    let mut by_platform = BTreeMap::new();
    for d in facts.deliveries.iter().filter(|d| d.agency_id == agency) {
        let (handle, platform) = ctx.accounts.get(&d.account_id.0).cloned().unwrap_or_default();
        let row = sent.entry(d.account_id.0).or_insert_with(|| SentRow {
            account: handle,
            platform: platform.clone(),
            posts: 0,
            replies: 0,
        });
        let m = months.entry(d.month.clone()).or_insert_with(|| month_row(&d.month));
        if d.is_post {
            row.posts += d.count;
            m.posts += d.count;
        } else {
            row.replies += d.count;
            m.replies += d.count;
        }
        *by_platform.entry(platform).or_insert(0) += d.count;
    }
    let posts: Vec<&PostStat> = facts.posts.iter().filter(|p| p.agency_id == agency).collect();
    let mut by_category = BTreeMap::new();
    let mut by_campaign = BTreeMap::new();
    for p in &posts {
        let label = p
            .category
            .as_deref()
            .and_then(crate::publishing::Category::parse)
            .map_or("(tanpa kategori)", |c| c.label())
            .to_string();
        *by_category.entry(label).or_insert(0) += 1;
        if let Some(c) = &p.campaign {
            *by_campaign.entry(c.clone()).or_insert(0) += 1;
        }
    }
    let mut ranked = posts.clone();
    let engagement = |p: &PostStat| p.likes + p.comments + p.shares;
    ranked.sort_by(|a, b| engagement(b).cmp(&engagement(a)).then_with(|| a.post_id.cmp(&b.post_id)));
    let top_posts = ranked
        .iter()
        .take(5)
        .map(|p| TopPost {
            title: p.title.clone(),
            category: p
                .category
                .as_deref()
                .and_then(crate::publishing::Category::parse)
                .map(|c| c.label().to_string())
                .unwrap_or_default(),
            likes: p.likes,
            comments: p.comments,
            shares: p.shares,
            views: p.views,
        })
        .collect();
    let audience_start = ctx.audience.iter().filter_map(|a| a.start).sum();
    let audience_end = ctx.audience.iter().filter_map(|a| a.end).sum();
    let responsiveness = responsiveness(facts, agency, ctx.now);
    AnnualReport {
        region: ctx.region.to_string(),
        agency_code: ctx.agency_code.to_string(),
        agency_name: ctx.agency_name.to_string(),
        year: ctx.year,
        from: ctx.from,
        to: ctx.to,
        generated_at: ctx.now,
        version: 0,
        status: ReportStatus::Draft.label().to_string(),
        narratives: ctx.narratives,
        sop_decree: ctx.sop_decree,
        audience: ctx.audience,
        audience_start,
        audience_end,
        posts_total: posts.len() as i64,
        posts_by_category: counts(by_category),
        posts_by_campaign: counts(by_campaign),
        top_posts,
        items_total: responsiveness.items,
        items_by_kind: counts(by_kind),
        items_by_sentiment: counts(by_sentiment),
        items_by_district: counts(by_district),
        topics: ctx
            .topics
            .iter()
            .take(8)
            .map(|t| TopicLine {
                label: t.label.clone(),
                count: t.count as i64,
                quotes: t.examples.iter().take(2).map(|q| q.text.clone()).collect(),
            })
            .collect(),
        sent: sent.into_values().collect(),
        months: months.into_values().collect(),
        sent_by_platform: counts(by_platform),
        shares_total: posts.iter().map(|p| p.shares).sum(),
        obstacles_found: ctx.obstacles_found,
        recommendations: ctx.recommendations,
        responsiveness,
    }
}

/// The eight headings of Pasal 16(3), in order.
pub const HEADINGS: [&str; 8] = [
    "a. Gambaran umum kebijakan pelayanan informasi melalui media sosial",
    "b. Jumlah khalayak",
    "c. Pembahasan mengenai isi pesan",
    "d. Komentar tentang isi pesan",
    "e. Jumlah penyebaran informasi dan pesan yang dikirimkan",
    "f. Jumlah pesan yang diteruskan",
    "g. Kendala dari dalam dan luar instansi",
    "h. Rekomendasi dan rencana tindak lanjut",
];

// -------------------------------------------------------------- evaluation

/// A criterion of the Dinas's rubric; each scores 0–100.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Criterion {
    pub code: &'static str,
    pub label: &'static str,
    pub explain: &'static str,
    pub default_weight: f64,
}

pub const CRITERIA: [Criterion; 7] = [
    Criterion {
        code: "responsiveness",
        label: "Kecepatan tanggapan",
        explain: "Bagian tanggapan pertama yang tepat waktu menurut SOP",
        default_weight: 25.0,
    },
    Criterion {
        code: "referrals",
        label: "Rujukan 1×24 jam",
        explain: "Bagian rujukan masuk yang dijawab sebelum tenggat",
        default_weight: 15.0,
    },
    Criterion {
        code: "activity",
        label: "Keaktifan",
        explain: "Pesan terbit per bulan; 4 atau lebih per bulan = 100",
        default_weight: 15.0,
    },
    Criterion {
        code: "audience",
        label: "Pertumbuhan khalayak",
        explain: "Kenaikan pengikut dalam periode; 10% atau lebih = 100, tetap = 50",
        default_weight: 10.0,
    },
    Criterion {
        code: "engagement",
        label: "Keterlibatan",
        explain: "Interaksi rata-rata per pesan dibanding perangkat daerah terbaik",
        default_weight: 10.0,
    },
    Criterion {
        code: "report",
        label: "Laporan tahunan",
        explain: "Disampaikan tepat waktu = 100, terlambat = 60, belum = 0",
        default_weight: 15.0,
    },
    Criterion {
        code: "compliance",
        label: "Kepatuhan",
        explain: "Akun terverifikasi dengan SK berlaku, tanpa rujukan terlambat yang masih terbuka",
        default_weight: 10.0,
    },
];

pub fn criterion(code: &str) -> Option<&'static Criterion> {
    CRITERIA.iter().find(|c| c.code == code)
}

/// What the evaluation reads about an agency besides the facts.
#[derive(Debug, Clone)]
pub struct AgencyStanding {
    pub agency_id: AgencyId,
    pub code: String,
    pub name: String,
    pub audience_start: i64,
    pub audience_end: i64,
    pub accounts: i64,
    /// Accounts not verified, without a valid decree, or with an expired one.
    pub accounts_flagged: i64,
    /// `Some(true)` submitted by the deadline, `Some(false)` late, `None` not yet.
    pub report_on_time: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct Score {
    pub code: String,
    pub label: String,
    pub computed: f64,
    /// The Dinas's adjusted score and its reason.
    pub adjusted: Option<f64>,
    pub note: String,
    pub weight: f64,
    /// Next year's target set after the previous evaluation, if any.
    pub target: Option<f64>,
}

impl Score {
    pub fn value(&self) -> f64 {
        self.adjusted.unwrap_or(self.computed)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct AgencyEvaluation {
    pub agency_id: AgencyId,
    pub code: String,
    pub name: String,
    pub scores: Vec<Score>,
    pub total: f64,
    pub rank: usize,
    pub previous_total: Option<f64>,
    /// Targets of this year that were met / set.
    pub targets_met: usize,
    pub targets_set: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct Evaluation {
    pub region: String,
    pub year: i32,
    pub generated_at: DateTime<Utc>,
    pub agencies: Vec<AgencyEvaluation>,
}

fn ratio_score(num: i64, den: i64, none: f64) -> f64 {
    if den == 0 { none } else { (num as f64 / den as f64 * 100.0).clamp(0.0, 100.0) }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Computed scores (0–100) per criterion for each agency. Where an agency had
/// nothing to measure (no items, no referrals) it scores 100: nothing late.
pub fn compute_scores(
    facts: &Facts,
    agencies: &[AgencyStanding],
    months: f64,
    now: DateTime<Utc>,
) -> Vec<(AgencyId, Vec<(&'static str, f64)>)> {
    let per_post = |a: AgencyId| {
        let posts: Vec<&PostStat> = facts.posts.iter().filter(|p| p.agency_id == a).collect();
        if posts.is_empty() {
            0.0
        } else {
            posts.iter().map(|p| (p.likes + p.comments + p.shares) as f64).sum::<f64>() / posts.len() as f64
        }
    };
    let best = agencies.iter().map(|a| per_post(a.agency_id)).fold(0.0, f64::max);
    let months = months.max(1.0);
    agencies
        .iter()
        .map(|a| {
            let r = responsiveness(facts, a.agency_id, now);
            let answered_on_time: i64 =
                facts.responses.iter().filter(|x| x.agency_id == a.agency_id && x.on_time).map(|x| x.count).sum();
            let posts = facts.posts.iter().filter(|p| p.agency_id == a.agency_id).count() as f64;
            let growth = if a.audience_start > 0 {
                let g = (a.audience_end - a.audience_start) as f64 / a.audience_start as f64;
                (50.0 + g * 500.0).clamp(0.0, 100.0)
            } else if a.audience_end > 0 {
                100.0
            } else {
                0.0
            };
            let compliance = if a.accounts == 0 {
                0.0
            } else {
                let ok = (a.accounts - a.accounts_flagged) as f64 / a.accounts as f64 * 100.0;
                (ok - 10.0 * r.referrals_in_overdue_open as f64).clamp(0.0, 100.0)
            };
            let scores = vec![
                ("responsiveness", ratio_score(answered_on_time, r.answered, 100.0)),
                ("referrals", ratio_score(r.referrals_in_on_time, r.referrals_in, 100.0)),
                ("activity", (posts / months / 4.0 * 100.0).clamp(0.0, 100.0)),
                ("audience", growth),
                ("engagement", if best > 0.0 { per_post(a.agency_id) / best * 100.0 } else { 0.0 }),
                (
                    "report",
                    match a.report_on_time {
                        Some(true) => 100.0,
                        Some(false) => 60.0,
                        None => 0.0,
                    },
                ),
                ("compliance", compliance),
            ];
            (a.agency_id, scores.into_iter().map(|(c, s)| (c, round1(s))).collect())
        })
        .collect()
}

/// Weighted total (0–100) of scores.
pub fn weighted_total(scores: &[Score]) -> f64 {
    let w: f64 = scores.iter().map(|s| s.weight).sum();
    if w <= 0.0 {
        return 0.0;
    }
    round1(scores.iter().map(|s| s.value() * s.weight).sum::<f64>() / w)
}

/// Sorts by total (then code) and numbers the ranks; ties share a rank.
pub fn rank(list: &mut [AgencyEvaluation]) {
    list.sort_by(|a, b| b.total.total_cmp(&a.total).then_with(|| a.code.cmp(&b.code)));
    let mut prev: Option<(f64, usize)> = None;
    for (i, e) in list.iter_mut().enumerate() {
        e.rank = match prev {
            Some((t, r)) if t == e.total => r,
            _ => i + 1,
        };
        prev = Some((e.total, e.rank));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn register_moves_forward_only() {
        use RecStatus::*;
        assert!(Proposed.can_become(Accepted));
        assert!(InProgress.can_become(Done));
        assert!(Accepted.can_become(Rejected));
        assert!(!Done.can_become(Rejected));
        assert!(!Rejected.can_become(Accepted));
        assert!(!Proposed.can_become(Done));
    }

    #[test]
    fn median_and_responsiveness() {
        let a = AgencyId(1);
        let now = Utc::now();
        let facts = Facts {
            responses: [1.0, 3.0, 10.0]
                .iter()
                .map(|h| ResponseRow { agency_id: a, seconds: h * 3600.0, on_time: *h < 5.0, count: 1 })
                .collect(),
            referrals: vec![
                ReferralRow { from_agency: AgencyId(2), to_agency: a, due_at: now, answered_at: Some(now) },
                ReferralRow {
                    from_agency: AgencyId(2),
                    to_agency: a,
                    due_at: now - chrono::Duration::hours(1),
                    answered_at: None,
                },
                ReferralRow { from_agency: a, to_agency: AgencyId(2), due_at: now, answered_at: None },
            ],
            ..Default::default()
        };
        let r = responsiveness(&facts, a, now);
        assert_eq!(r.median_hours, Some(3.0));
        assert_eq!(r.answered, 3);
        assert!((r.on_time_share.unwrap() - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(
            (r.referrals_in, r.referrals_in_on_time, r.referrals_in_overdue_open, r.referrals_out),
            (2, 1, 1, 1)
        );
    }

    #[test]
    fn ties_share_a_rank() {
        let e = |code: &str, total: f64| AgencyEvaluation {
            agency_id: AgencyId(0),
            code: code.into(),
            name: String::new(),
            scores: vec![],
            total,
            rank: 0,
            previous_total: None,
            targets_met: 0,
            targets_set: 0,
        };
        let mut l = vec![e("B", 70.0), e("A", 90.0), e("C", 70.0), e("D", 10.0)];
        rank(&mut l);
        let got: Vec<(&str, usize)> = l.iter().map(|x| (x.code.as_str(), x.rank)).collect();
        assert_eq!(got, vec![("A", 1), ("B", 2), ("C", 2), ("D", 4)]);
    }

    #[test]
    fn weights_make_the_total() {
        let s = |v: f64, w: f64| Score {
            code: String::new(),
            label: String::new(),
            computed: v,
            adjusted: None,
            note: String::new(),
            weight: w,
            target: None,
        };
        assert_eq!(weighted_total(&[s(100.0, 3.0), s(0.0, 1.0)]), 75.0);
        let mut adj = s(0.0, 1.0);
        adj.adjusted = Some(100.0);
        assert_eq!(weighted_total(&[s(100.0, 3.0), adj]), 100.0);
    }
}
