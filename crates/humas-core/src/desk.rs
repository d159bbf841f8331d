//! The service desk of Lampiran B: citizens' items (questions, comments,
//! criticism, suggestions), their life as an explicit state machine, and the
//! referral (rujukan) to the agency whose authority the matter is.

use crate::ids::{AccountId, AgencyId, UserId};
use crate::{Error, Result};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $s:literal / $label:literal),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $s),* }
            }

            /// The Indonesian label shown to users.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),* }
            }

            pub fn parse(s: &str) -> Result<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == s.trim()).ok_or_else(|| {
                    Error::invalid(stringify!($name), format!("Nilai tidak dikenal: {}", s.trim()))
                })
            }
        }
    };
}

string_enum!(
    /// The four kinds of Lampiran B.
    ItemKind {
        Question = "question" / "Pertanyaan",
        Comment = "comment" / "Komentar",
        Criticism = "criticism" / "Kritik",
        Suggestion = "suggestion" / "Saran",
    }
);

string_enum!(Sentiment { Positive = "positive" / "Positif", Neutral = "neutral" / "Netral", Negative = "negative" / "Negatif" });

string_enum!(
    /// Where an item stands. `Answered`, `OutOfScope`, `Spam` and `Duplicate` are final.
    ItemStatus {
        New = "new" / "Baru",
        Referred = "referred" / "Dirujuk",
        ReferralAnswered = "referral_answered" / "Jawaban rujukan diterima",
        Answered = "answered" / "Dijawab",
        OutOfScope = "out_of_scope" / "Di luar kewenangan",
        Spam = "spam" / "Spam",
        Duplicate = "duplicate" / "Duplikat",
    }
);

string_enum!(
    /// How an item reached humas.
    ItemSource { Channel = "channel" / "Kanal", WebForm = "web_form" / "Formulir web", Manual = "manual" / "Dicatat petugas", Import = "import" / "Impor" }
);

impl ItemStatus {
    pub fn is_final(self) -> bool {
        matches!(self, Self::Answered | Self::OutOfScope | Self::Spam | Self::Duplicate)
    }
}

/// What someone does to an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// The owning agency answers (directly, or relaying a referral's answer).
    Answer,
    /// The owning agency refers the item, or the receiving agency refers it onward.
    Refer,
    /// The receiving agency sends its answer back.
    AnswerReferral,
    /// A matter outside regional government: closed with an answer saying where to go.
    CloseOutOfScope,
    MarkSpam,
    MarkDuplicate,
}

/// The state machine of Lampiran B: the next status, or why not.
pub fn transition(from: ItemStatus, action: Action) -> Result<ItemStatus> {
    use Action::*;
    use ItemStatus::*;
    let to = match (from, action) {
        (New | ReferralAnswered, Answer) => Answered,
        (New | Referred, Refer) => Referred,
        (Referred, AnswerReferral) => ReferralAnswered,
        (New | ReferralAnswered, CloseOutOfScope) => OutOfScope,
        (New, MarkSpam) => Spam,
        (New, MarkDuplicate) => Duplicate,
        _ => {
            return Err(Error::conflict(
                "wrong_status",
                format!("Tindakan ini tidak dapat dilakukan pada item berstatus {}.", from.label()),
            ));
        }
    };
    Ok(to)
}

/// A citizen's item as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Item {
    pub id: i64,
    /// The agency that received it (owner of the account, or chosen on the web form).
    pub agency_id: AgencyId,
    pub account_id: Option<AccountId>,
    pub source: ItemSource,
    pub platform: String,
    pub remote_id: Option<String>,
    pub thread_id: Option<String>,
    pub parent_remote_id: Option<String>,
    /// Personal data: shown to officers, masked in analytics.
    pub author_handle: String,
    pub author_name: String,
    pub author_contact: String,
    pub text: String,
    pub link: String,
    pub written_at: DateTime<Utc>,
    pub received_at: DateTime<Utc>,
    pub kind: ItemKind,
    pub sentiment: Sentiment,
    pub district: Option<String>,
    pub topic: String,
    /// The agency the classifier thinks responsible.
    pub suggested_agency_id: Option<AgencyId>,
    pub status: ItemStatus,
    /// When the next response is due: first response, or the open referral's 24 hours.
    pub due_at: Option<DateTime<Utc>>,
    pub assigned_to: Option<UserId>,
    pub tracking_code: Option<String>,
    pub answer_text: String,
    pub answer_link: String,
    pub answered_by: Option<UserId>,
    pub answered_at: Option<DateTime<Utc>>,
    pub first_response_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    /// 0 none, 1 warned before due, 2 escalated to the agency's Official, 3 to the Dinas.
    pub escalation_level: i32,
    /// The classifier was unsure: an officer should check kind and agency.
    pub needs_review: bool,
    /// The classifier's confidence in the proposed agency (0..1).
    pub confidence: f64,
}

impl Item {
    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        !self.status.is_final() && self.due_at.is_some_and(|d| d < now)
    }
}

string_enum!(ReferralStatus { Open = "open" / "Menunggu jawaban", Answered = "answered" / "Dijawab", Forwarded = "forwarded" / "Dirujuk lagi" });

/// One hop of a referral: from one agency to another, with its own 24-hour clock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Referral {
    pub id: i64,
    pub item_id: i64,
    pub hop: i32,
    pub from_agency_id: AgencyId,
    pub to_agency_id: AgencyId,
    pub referred_by: Option<UserId>,
    pub referred_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub note: String,
    pub status: ReferralStatus,
    pub answer_text: String,
    pub answered_by: Option<UserId>,
    pub answered_at: Option<DateTime<Utc>>,
}

/// One recorded step in an item's life.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ItemEvent {
    pub id: i64,
    pub item_id: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<UserId>,
    pub actor_name: String,
    pub action: String,
    pub from_status: Option<ItemStatus>,
    pub to_status: Option<ItemStatus>,
    pub note: String,
}

/// An item arriving from a channel, an import, the web form or an operator.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct InboundItem {
    pub account_id: Option<AccountId>,
    /// For items without an account (web form): the agency addressed.
    pub agency_id: Option<AgencyId>,
    pub remote_id: Option<String>,
    #[serde(default)]
    pub thread_id: Option<String>,
    #[serde(default)]
    pub parent_remote_id: Option<String>,
    #[serde(default)]
    pub author_handle: String,
    #[serde(default)]
    pub author_name: String,
    #[serde(default)]
    pub author_contact: String,
    pub text: String,
    #[serde(default)]
    pub link: String,
    pub written_at: Option<DateTime<Utc>>,
    /// Set by an operator or an import that already knows; otherwise the classifier decides.
    pub kind: Option<ItemKind>,
    pub sentiment: Option<Sentiment>,
    pub district: Option<String>,
    #[serde(default)]
    pub topic: String,
}

/// A link citizens' items and answers may carry: plain http(s), nothing else.
pub fn is_web_link(s: &str) -> bool {
    s.starts_with("https://") || s.starts_with("http://")
}

/// The largest item text accepted; longer texts are refused, not cut.
pub const MAX_TEXT_CHARS: usize = 20_000;

impl InboundItem {
    /// Trims and checks what a source sends; personal fields are kept as given.
    pub fn validate(mut self) -> Result<Self> {
        self.text = self.text.trim().to_string();
        if self.text.is_empty() {
            return Err(Error::invalid("text", "Teks pesan kosong."));
        }
        if self.text.chars().count() > MAX_TEXT_CHARS {
            return Err(Error::invalid(
                "text",
                format!("Teks pesan terlalu panjang (maksimal {MAX_TEXT_CHARS} karakter)."),
            ));
        }
        if self.text.chars().any(|c| c == '\0') {
            return Err(Error::invalid("text", "Teks pesan berisi karakter yang tidak sah."));
        }
        for (name, v, max) in [
            ("author_handle", &mut self.author_handle, 200),
            ("author_name", &mut self.author_name, 200),
            ("author_contact", &mut self.author_contact, 200),
            ("link", &mut self.link, 1000),
            ("topic", &mut self.topic, 200),
        ] {
            *v = v.trim().to_string();
            if v.chars().count() > max {
                return Err(Error::invalid(name, format!("Isian {name} terlalu panjang (maksimal {max} karakter).")));
            }
        }
        if let Some(r) = &self.remote_id
            && (r.is_empty() || r.len() > 200)
        {
            return Err(Error::invalid("remote_id", "ID pesan di platform tidak valid."));
        }
        if !self.link.is_empty() && !is_web_link(&self.link) {
            return Err(Error::invalid("link", "Tautan pesan harus berupa URL http(s)."));
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::Action::*;
    use super::ItemStatus::*;
    use super::*;

    const ACTIONS: [Action; 6] = [Answer, Refer, AnswerReferral, CloseOutOfScope, MarkSpam, MarkDuplicate];

    #[test]
    fn every_allowed_transition_of_lampiran_b() {
        let allowed = [
            (New, Answer, Answered),
            (New, Refer, Referred),
            (New, CloseOutOfScope, OutOfScope),
            (New, MarkSpam, Spam),
            (New, MarkDuplicate, Duplicate),
            (Referred, Refer, Referred),
            (Referred, AnswerReferral, ReferralAnswered),
            (ReferralAnswered, Answer, Answered),
            (ReferralAnswered, CloseOutOfScope, OutOfScope),
        ];
        for (from, action, to) in allowed {
            assert_eq!(transition(from, action).ok(), Some(to), "{from:?} --{action:?}-->");
        }
        // Everything else is forbidden.
        for &from in ItemStatus::ALL {
            for action in ACTIONS {
                let expected = allowed.iter().find(|(f, a, _)| *f == from && *a == action).map(|t| t.2);
                assert_eq!(transition(from, action).ok(), expected, "{from:?} --{action:?}-->");
            }
        }
    }

    #[test]
    fn final_states_allow_nothing() {
        for &s in ItemStatus::ALL.iter().filter(|s| s.is_final()) {
            for a in ACTIONS {
                assert!(matches!(transition(s, a), Err(Error::Conflict { code: "wrong_status", .. })));
            }
        }
    }

    #[test]
    fn inbound_text_is_checked() {
        let base = InboundItem { remote_id: Some("1".into()), text: "  jalan rusak  ".into(), ..Default::default() };
        assert_eq!(base.clone().validate().expect("valid").text, "jalan rusak");
        assert!(InboundItem { text: " ".into(), ..base.clone() }.validate().is_err());
        assert!(InboundItem { text: "x".repeat(MAX_TEXT_CHARS + 1), ..base.clone() }.validate().is_err());
        assert!(
            InboundItem { text: "a".repeat(100_000), ..base.clone() }.validate().is_err(),
            "100 KB texts are refused"
        );
        assert!(InboundItem { link: "javascript:alert(1)".into(), ..base.clone() }.validate().is_err());
        assert!(InboundItem { remote_id: Some(String::new()), ..base }.validate().is_err());
    }

    #[test]
    fn labels_and_names_round_trip() {
        for &k in ItemKind::ALL {
            assert_eq!(ItemKind::parse(k.as_str()).ok(), Some(k));
        }
        assert_eq!(ItemStatus::parse("referral_answered").ok(), Some(ReferralAnswered));
        assert!(ItemStatus::parse("closed").is_err());
    }
}

/// An agency's service SOP (Pasal 12(1)): its clocks, set by its head's decree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Sop {
    pub agency_id: AgencyId,
    /// Target for the first response to a new item.
    pub first_response_hours: i32,
    /// Time the agency has to answer a referral (the regulation: 24 clock hours).
    pub referral_hours: i32,
    /// After an item falls due, how long until it escalates to the Dinas.
    pub escalate_after_hours: i32,
    pub sop_decree_id: Option<crate::ids::DecreeId>,
}

impl Sop {
    pub fn default_for(agency_id: AgencyId) -> Self {
        Self { agency_id, first_response_hours: 24, referral_hours: 24, escalate_after_hours: 24, sop_decree_id: None }
    }

    pub fn validate(self) -> Result<Self> {
        for (name, v) in [
            ("first_response_hours", self.first_response_hours),
            ("referral_hours", self.referral_hours),
            ("escalate_after_hours", self.escalate_after_hours),
        ] {
            if !(1..=24 * 30).contains(&v) {
                return Err(Error::invalid(name, "Jam harus antara 1 dan 720."));
            }
        }
        Ok(self)
    }
}

/// An item ready to be stored: validated, routed and classified.
#[derive(Debug, Clone)]
pub struct NewItem {
    pub agency_id: AgencyId,
    pub account_id: Option<AccountId>,
    pub source: ItemSource,
    pub platform: String,
    pub remote_id: Option<String>,
    pub thread_id: Option<String>,
    pub parent_remote_id: Option<String>,
    pub author_handle: String,
    pub author_name: String,
    pub author_contact: String,
    pub text: String,
    pub link: String,
    pub written_at: DateTime<Utc>,
    pub received_at: DateTime<Utc>,
    pub kind: ItemKind,
    pub sentiment: Sentiment,
    pub district: Option<String>,
    pub topic: String,
    pub suggested_agency_id: Option<AgencyId>,
    pub due_at: DateTime<Utc>,
    pub tracking_code: Option<String>,
    /// The stemmed form the search index holds (humas-text).
    pub search_terms: String,
    pub needs_review: bool,
    pub confidence: f64,
}

/// The search token that marks an agency's items (owner or referral
/// target), so that a search within an agency is one index lookup.
pub fn agency_token(agency: AgencyId) -> String {
    format!("zzag{}", agency.0)
}

/// Inbox filters.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
pub struct ItemFilter {
    /// Items owned by, or referred to, this agency (set by the service from the caller's scope).
    #[serde(skip)]
    pub scope: Option<AgencyId>,
    pub agency_id: Option<i64>,
    pub status: Option<String>,
    pub kind: Option<String>,
    pub account_id: Option<i64>,
    pub platform: Option<String>,
    pub district: Option<String>,
    /// Only items past their due time and not done.
    pub overdue: Option<bool>,
    /// Only open items (not in a final status).
    pub open: Option<bool>,
    pub assigned_to: Option<i64>,
    /// Items referred to this agency (incoming referrals).
    pub referred_to: Option<i64>,
    pub from: Option<chrono::NaiveDate>,
    pub to: Option<chrono::NaiveDate>,
    /// Words to find in the text (all must occur).
    pub q: Option<String>,
    /// Only items the classifier was unsure of.
    pub review: Option<bool>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
    #[serde(skip)]
    pub now: Option<DateTime<Utc>>,
    /// `from`/`to` as moments, computed by the service in the region's zone.
    #[serde(skip)]
    pub received_after: Option<DateTime<Utc>>,
    #[serde(skip)]
    pub received_before: Option<DateTime<Utc>>,
    /// `q` stemmed by the service, letters and digits only.
    #[serde(skip)]
    pub search_terms: Vec<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ItemPage {
    pub items: Vec<Item>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// A new referral hop.
#[derive(Debug, Clone)]
pub struct NewReferral {
    pub from_agency_id: AgencyId,
    pub to_agency_id: AgencyId,
    pub due_at: DateTime<Utc>,
    pub note: String,
}

/// One transition of an item, applied atomically by the store: the status
/// moves only if it is still `from` (a second, racing change finds it moved).
#[derive(Debug, Clone)]
pub struct ItemChange {
    pub item_id: i64,
    pub from: ItemStatus,
    pub to: ItemStatus,
    pub due_at: Option<DateTime<Utc>>,
    /// The answer to the citizen (text, link), when this change answers.
    pub answer: Option<(String, String)>,
    /// Counts as the first response (answering, referring, closing).
    pub responds: bool,
    /// The open referral this change closes, with its new status and answer.
    pub close_referral: Option<(i64, ReferralStatus, String)>,
    pub open_referral: Option<NewReferral>,
    pub action: &'static str,
    pub note: String,
}

/// An officer's correction of what the classifier proposed, kept for retraining.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct TrainingExample {
    pub item_id: Option<i64>,
    pub text: String,
    /// `pertanyaan`, `komentar`, `kritik`, `saran` (the labels of `data/pesan`).
    pub kind: String,
    pub sentiment: String,
    /// An agency code, `LUAR` or `UMUM`.
    pub agency_code: String,
}
