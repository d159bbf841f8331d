//! Publishing (Pasal 8, 9a, 9e, 11, 13–14, Lampiran A): a message composed
//! once for several of the agency's accounts, checked, approved by its
//! Official, then delivered to each account at its scheduled time.
//!
//! Everything here is pure: counting as a reader sees characters, the
//! per-platform rules (data, editable by the Dinas), the checks with their
//! explanations, and the state machine of a message.

use crate::account::{AccountKind, Platform};
use crate::ids::{AccountId, AgencyId, UserId};
use crate::{Error, Result};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use unicode_segmentation::UnicodeSegmentation;

/// Pasal 11: what a message may be about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// a. information on the agency's activities.
    AgencyActivity,
    /// b. a current issue in the region.
    RegionalIssue,
    /// c. policy of the central and provincial governments.
    HigherPolicy,
}

impl Category {
    pub const ALL: [Self; 3] = [Self::AgencyActivity, Self::RegionalIssue, Self::HigherPolicy];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::AgencyActivity => "agency_activity",
            Self::RegionalIssue => "regional_issue",
            Self::HigherPolicy => "higher_policy",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::AgencyActivity => "Kegiatan instansi",
            Self::RegionalIssue => "Isu aktual daerah",
            Self::HigherPolicy => "Kebijakan Pemerintah Pusat/Provinsi",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s.trim())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PostStatus {
    Draft,
    /// Submitted by an Operator, awaiting the Official.
    Submitted,
    Rejected,
    /// Approved: one delivery per account, each at the scheduled time.
    Approved,
    Cancelled,
}

impl PostStatus {
    pub const ALL: [Self; 5] = [Self::Draft, Self::Submitted, Self::Rejected, Self::Approved, Self::Cancelled];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
            Self::Rejected => "rejected",
            Self::Approved => "approved",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "Draf",
            Self::Submitted => "Menunggu persetujuan",
            Self::Rejected => "Dikembalikan",
            Self::Approved => "Disetujui",
            Self::Cancelled => "Dibatalkan",
        }
    }
}

/// What an officer does to a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostAction {
    Edit,
    Submit,
    Approve,
    Reject,
    Cancel,
}

/// The state machine. An edit of an approved message (before any delivery
/// has gone out) makes it a draft again: it needs approval anew.
pub fn post_transition(from: PostStatus, action: PostAction) -> Result<PostStatus> {
    use PostAction::*;
    use PostStatus::*;
    let to = match (from, action) {
        (Draft | Rejected | Submitted | Approved, Edit) => Draft,
        (Draft | Rejected, Submit) => Submitted,
        (Submitted, Approve) => Approved,
        (Submitted, Reject) => Rejected,
        (Draft | Submitted | Rejected | Approved, Cancel) => Cancelled,
        _ => {
            return Err(Error::conflict(
                "wrong_status",
                format!("Pesan berstatus \"{}\" tidak dapat diproses dengan cara ini.", from.label()),
            ));
        }
    };
    Ok(to)
}

/// Per-platform limits, as data the Dinas edits when platforms change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PlatformRule {
    pub platform: Platform,
    /// Characters as a reader sees them; `None`: no limit.
    pub max_chars: Option<i32>,
    /// A link counts as this many characters (X: 23); `None`: as written.
    pub link_chars: Option<i32>,
    pub max_hashtags: Option<i32>,
    pub title_max: Option<i32>,
    /// Whether the platform can publish text at all from humas.
    pub note: String,
}

/// Lampiran A's rule for microblogs: 140 characters including spaces.
pub const MICROBLOG_LIMIT: usize = 140;

/// The rules that ship; the migration writes the same values.
pub fn default_rules() -> Vec<PlatformRule> {
    let r = |platform,
             max_chars: Option<i32>,
             link_chars: Option<i32>,
             max_hashtags: Option<i32>,
             title_max: Option<i32>,
             note: &str| PlatformRule {
        platform,
        max_chars,
        link_chars,
        max_hashtags,
        title_max,
        note: note.into(),
    };
    vec![
        r(Platform::X, Some(280), Some(23), None, None, "X: 280 karakter, tautan dihitung 23"),
        r(Platform::Mastodon, Some(500), Some(23), None, None, "Mastodon: 500 karakter, tautan dihitung 23"),
        r(Platform::Instagram, Some(2200), None, Some(30), None, "Instagram: keterangan 2.200 karakter, 30 tagar"),
        r(Platform::Facebook, Some(63206), None, None, None, "Facebook: 63.206 karakter"),
        r(Platform::Youtube, Some(5000), None, Some(15), Some(100), "YouTube: judul 100, deskripsi 5.000 karakter"),
        r(Platform::Tiktok, Some(2200), None, None, None, "TikTok: keterangan 2.200 karakter"),
        r(Platform::Wordpress, None, None, None, Some(200), "Blog: judul 200 karakter"),
        r(Platform::Mediawiki, None, None, None, Some(255), "Wiki: judul halaman 255 karakter"),
        r(Platform::Forum, None, None, None, Some(90), "Forum: judul utas 90 karakter"),
        r(Platform::Other, None, None, None, None, ""),
    ]
}

/// Characters as a reader sees them: one per grapheme cluster (an emoji
/// with skin tone or ZWJ sequence, a flag, a letter with combining marks).
pub fn reader_chars(text: &str) -> usize {
    text.graphemes(true).count()
}

/// The length a platform counts: links replaced by `link_chars` where the
/// platform shortens them.
pub fn platform_length(text: &str, rule: Option<&PlatformRule>) -> usize {
    let Some(weight) = rule.and_then(|r| r.link_chars) else { return reader_chars(text) };
    let mut total = 0;
    let mut first = true;
    for token in text.split(' ') {
        if !first {
            total += 1;
        }
        first = false;
        total += if is_link(token) { weight as usize } else { reader_chars(token) };
    }
    total
}

fn is_link(token: &str) -> bool {
    let t = token.trim_matches(|c: char| matches!(c, '(' | ')' | ',' | '.' | '!' | '?' | '"' | '\n'));
    (t.starts_with("https://") || t.starts_with("http://")) && t.len() > 10
}

/// Hashtags in a text: `#` followed by letters, digits or underscores (not only digits).
pub fn hashtags(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let starts_word = i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_' || chars[i - 1] == '&');
        if chars[i] == '#' && starts_word {
            let mut j = i + 1;
            while j < chars.len() && (chars[j].is_alphanumeric() || chars[j] == '_') {
                j += 1;
            }
            let tag: String = chars[i + 1..j].iter().collect();
            if !tag.is_empty() && !tag.chars().all(|c| c.is_ascii_digit()) {
                out.push(format!("#{tag}"));
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// A valid theme hashtag, with its `#`.
pub fn normalize_hashtag(s: &str) -> Result<String> {
    let tag = s.trim().trim_start_matches('#');
    if tag.is_empty()
        || tag.chars().count() > 60
        || !tag.chars().all(|c| c.is_alphanumeric() || c == '_')
        || tag.chars().all(|c| c.is_ascii_digit())
    {
        return Err(Error::invalid(
            "hashtag",
            "Tagar tema wajib diisi: huruf, angka atau garis bawah tanpa spasi, misalnya #KobarSehat (Pasal 9 huruf e).",
        ));
    }
    Ok(format!("#{tag}"))
}

/// The text as published on one account: the theme hashtag in front of the
/// message (Pasal 9e) unless the message already carries it, the link last.
pub fn compose(hashtag: &str, body: &str, link: &str) -> String {
    let body = body.trim();
    let mut text = if hashtags(body).iter().any(|h| h.eq_ignore_ascii_case(hashtag)) {
        body.to_string()
    } else {
        format!("{hashtag} {body}")
    };
    let link = link.trim();
    if !link.is_empty() && !text.contains(link) {
        text.push('\n');
        text.push_str(link);
    }
    text
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Blocks submission.
    Error,
    /// Needs the Official's reason to approve.
    Warning,
}

/// One finding of the checks, with a message for a civil servant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Finding {
    pub code: String,
    pub severity: Severity,
    pub message: String,
    /// The account it concerns, for limits that differ by platform.
    pub account_id: Option<AccountId>,
}

/// Word lists the checks use (data the Dinas edits).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct WordLists {
    pub abusive: Vec<String>,
    pub sara: Vec<String>,
    pub partisan: Vec<String>,
    pub classified: Vec<String>,
}

impl WordLists {
    pub const KINDS: [&'static str; 4] = ["abusive", "sara", "partisan", "classified"];

    pub fn list(&self, kind: &str) -> &[String] {
        match kind {
            "abusive" => &self.abusive,
            "sara" => &self.sara,
            "partisan" => &self.partisan,
            _ => &self.classified,
        }
    }

    pub fn list_mut(&mut self, kind: &str) -> Option<&mut Vec<String>> {
        match kind {
            "abusive" => Some(&mut self.abusive),
            "sara" => Some(&mut self.sara),
            "partisan" => Some(&mut self.partisan),
            "classified" => Some(&mut self.classified),
            _ => None,
        }
    }
}

/// One target account as the checks see it.
#[derive(Debug, Clone)]
pub struct CheckTarget {
    pub account_id: AccountId,
    pub platform: Platform,
    pub kind: AccountKind,
    pub handle: String,
    pub text: String,
    pub title: String,
}

/// Lowercase words of a text, for whole-word and phrase matching.
fn words(text: &str) -> Vec<String> {
    text.to_lowercase().split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

fn contains_phrase(haystack: &[String], phrase: &str) -> bool {
    let needle = words(phrase);
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle.as_slice())
}

/// Digit runs with their separators removed (`0812-3456-7890` → one run).
fn digit_runs(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut start = 0;
    let chars: Vec<char> = text.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if c.is_ascii_digit() {
            if current.is_empty() {
                start = i;
            }
            current.push(*c);
        } else if (matches!(c, '-' | ' ' | '.') && !current.is_empty() || *c == '+')
            && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit())
        {
            continue;
        } else if !current.is_empty() {
            out.push((start, std::mem::take(&mut current)));
        }
    }
    if !current.is_empty() {
        out.push((start, current));
    }
    out
}

fn is_government_host(host: &str) -> bool {
    host == "go.id" || host.ends_with(".go.id") || host.ends_with(".desa.id") || host.ends_with(".mil.id")
}

/// The parts of a message the checks read.
#[derive(Debug, Clone, Copy)]
pub struct Message<'a> {
    pub title: &'a str,
    pub body: &'a str,
    pub hashtag: &'a str,
    pub category: Option<Category>,
    pub link: &'a str,
}

/// The checks of Pasal 13–14 and Lampiran A on a message and its targets.
pub fn check(m: Message<'_>, targets: &[CheckTarget], rules: &[PlatformRule], lists: &WordLists) -> Vec<Finding> {
    let Message { title, body, hashtag, category, link } = m;
    let mut f = Vec::new();
    let mut add = |code: &str, severity: Severity, message: String, account_id: Option<AccountId>| {
        f.push(Finding { code: code.into(), severity, message, account_id });
    };
    if normalize_hashtag(hashtag).is_err() {
        add(
            "hashtag_missing",
            Severity::Error,
            "Tagar tema wajib diisi (Pasal 9 huruf e: tanda pagar \"#\" di depan tema pesan).".into(),
            None,
        );
    }
    if category.is_none() {
        add("category_missing", Severity::Error, "Pilih kategori pesan (Pasal 11): kegiatan instansi, isu aktual daerah, atau kebijakan Pemerintah Pusat/Provinsi.".into(), None);
    }
    if body.trim().is_empty() {
        add("body_missing", Severity::Error, "Isi pesan masih kosong.".into(), None);
    }
    if targets.is_empty() {
        add("no_accounts", Severity::Error, "Pilih minimal satu akun resmi tujuan.".into(), None);
    }
    let all_text =
        format!("{title}\n{body}\n{}", targets.iter().map(|t| t.text.as_str()).collect::<Vec<_>>().join("\n"));
    // Personal data of citizens (UU 27/2022).
    for (_, run) in digit_runs(&all_text) {
        let n = run.len();
        if n == 16 {
            add(
                "nik",
                Severity::Error,
                format!("Tampak seperti NIK (16 angka: {}…). Jangan menyiarkan data pribadi warga.", &run[..6]),
                None,
            );
        } else if (run.starts_with("08") && (10..=13).contains(&n))
            || (run.starts_with("628") && (11..=14).contains(&n))
        {
            add(
                "phone",
                Severity::Error,
                format!("Tampak seperti nomor telepon pribadi ({}…). Gunakan nomor layanan resmi instansi.", &run[..4]),
                None,
            );
        }
    }
    let lower = all_text.to_lowercase();
    for (i, _) in lower.match_indices("rek") {
        let rest = &lower[i..];
        // A bounded look-ahead, cut on a character boundary.
        let window: String = rest.chars().take(40).collect();
        if (rest.starts_with("rek.") || rest.starts_with("rekening") || rest.starts_with("rek "))
            && digit_runs(&window).iter().any(|(_, r)| (8..=16).contains(&r.len()) && r.len() != 16)
        {
            add(
                "account_number",
                Severity::Error,
                "Tampak seperti nomor rekening. Jangan menyiarkan nomor rekening pribadi.".into(),
                None,
            );
            break;
        }
    }
    for token in all_text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | '<' | '>')) {
        let t = token.trim_matches(|c: char| matches!(c, '.' | ':' | '!' | '?' | '"'));
        if let Some((user, domain)) = t.split_once('@')
            && !user.is_empty()
            && domain.contains('.')
            && !t.starts_with("http")
            && !is_government_host(&domain.to_lowercase())
        {
            add(
                "email",
                Severity::Error,
                format!("Alamat surel pribadi ({t}). Gunakan alamat resmi instansi (.go.id)."),
                None,
            );
        }
    }
    let w = words(&all_text);
    let found = |list: &[String]| list.iter().filter(|p| contains_phrase(&w, p)).cloned().collect::<Vec<_>>();
    let abusive = found(&lists.abusive);
    if !abusive.is_empty() {
        add(
            "abusive",
            Severity::Error,
            format!(
                "Kata kasar/tidak pantas: {}. Pasal 13: menjunjung tinggi kehormatan instansi.",
                abusive.join(", ")
            ),
            None,
        );
    }
    let sara = found(&lists.sara);
    if !sara.is_empty() {
        add(
            "sara",
            Severity::Error,
            format!(
                "Kata bernuansa SARA: {}. Pesan resmi tidak boleh menyinggung suku, agama, ras, atau antargolongan.",
                sara.join(", ")
            ),
            None,
        );
    }
    let partisan = found(&lists.partisan);
    if !partisan.is_empty() {
        add(
            "partisan",
            Severity::Warning,
            format!(
                "Kata bernuansa politik praktis/kampanye: {}. ASN wajib netral; pastikan pesan tidak berpihak.",
                partisan.join(", ")
            ),
            None,
        );
    }
    let classified = found(&lists.classified);
    if !classified.is_empty() {
        add(
            "classified",
            Severity::Warning,
            format!(
                "Ada penanda klasifikasi dokumen: {}. Pastikan informasinya memang terbuka untuk publik.",
                classified.join(", ")
            ),
            None,
        );
    }
    // Links outside government domains.
    let mut links: Vec<&str> = all_text.split_whitespace().filter(|t| is_link(t)).collect();
    if !link.trim().is_empty() {
        links.push(link.trim());
    }
    for l in links {
        let host = url::Url::parse(l.trim_matches(|c: char| matches!(c, '(' | ')' | ',' | '.' | '!' | '?' | '"')))
            .ok()
            .and_then(|u| u.host_str().map(str::to_lowercase));
        match host {
            Some(h) if is_government_host(&h) => {}
            Some(h) => {
                add(
                    "external_link",
                    Severity::Warning,
                    format!("Tautan ke situs nonpemerintah ({h}). Pastikan sumbernya resmi dan tepercaya."),
                    None,
                );
            }
            None => add("bad_link", Severity::Error, format!("Tautan tidak valid: {l}"), None),
        }
    }
    // Limits, per account.
    for t in targets {
        let rule = rules.iter().find(|r| r.platform == t.platform);
        let len = platform_length(&t.text, rule);
        if t.kind == AccountKind::Microblog && reader_chars(&t.text) > MICROBLOG_LIMIT {
            add(
                "microblog_140",
                Severity::Error,
                format!(
                    "{} ({}): {} karakter; akun microblog paling banyak 140 karakter termasuk spasi (Lampiran A). Buat varian yang lebih pendek.",
                    t.handle,
                    t.platform.label(),
                    reader_chars(&t.text)
                ),
                Some(t.account_id),
            );
        }
        if let Some(max) = rule.and_then(|r| r.max_chars)
            && len > max as usize
        {
            add(
                "too_long",
                Severity::Error,
                format!("{} ({}): {len} karakter, batas platform {max}.", t.handle, t.platform.label(),),
                Some(t.account_id),
            );
        }
        if let Some(max) = rule.and_then(|r| r.max_hashtags) {
            let n = hashtags(&t.text).len();
            if n > max as usize {
                add(
                    "too_many_hashtags",
                    Severity::Error,
                    format!("{} ({}): {n} tagar, batas platform {max}.", t.handle, t.platform.label()),
                    Some(t.account_id),
                );
            }
        }
        if let Some(max) = rule.and_then(|r| r.title_max)
            && reader_chars(&t.title) > max as usize
        {
            add(
                "title_too_long",
                Severity::Error,
                format!(
                    "{} ({}): judul {} karakter, batas {max}.",
                    t.handle,
                    t.platform.label(),
                    reader_chars(&t.title)
                ),
                Some(t.account_id),
            );
        }
        if matches!(t.platform, Platform::Mediawiki | Platform::Forum) && t.title.trim().is_empty() {
            add(
                "title_missing",
                Severity::Error,
                format!("{} ({}): judul wajib diisi untuk platform ini.", t.handle, t.platform.label()),
                Some(t.account_id),
            );
        }
    }
    f
}

/// A region-wide campaign of the Dinas that agencies' messages can join.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Campaign {
    pub id: i64,
    pub name: String,
    pub hashtag: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub description: String,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct CampaignInput {
    pub name: String,
    pub hashtag: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    #[serde(default)]
    pub description: String,
}

/// One account a message goes to, with its own wording where platforms differ.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PostTarget {
    pub account_id: AccountId,
    /// Empty: the message's body.
    #[serde(default)]
    pub variant: String,
}

/// Images per message at most (Mastodon and X take four).
pub const MAX_IMAGES: usize = 4;
/// The largest image accepted.
pub const MAX_IMAGE_BYTES: usize = 5 * 1024 * 1024;

/// The type of an image, decided by its bytes (PNG, JPEG, GIF, WebP), not its name.
pub fn sniff_image(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// An image attached to a message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PostImage {
    pub position: i32,
    pub blob_key: String,
    pub content_type: String,
    pub name: String,
    pub size: i64,
    pub alt: String,
}

/// A message to publish.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Post {
    pub id: i64,
    pub agency_id: AgencyId,
    pub campaign_id: Option<i64>,
    pub title: String,
    pub body: String,
    pub hashtag: String,
    pub category: Option<Category>,
    /// The target audience segment (Pasal 9a).
    pub audience: String,
    pub link: String,
    pub status: PostStatus,
    /// Optimistic lock: a save must name the version it edited.
    pub version: i32,
    pub scheduled_at: Option<DateTime<Utc>>,
    pub targets: Vec<PostTarget>,
    /// Citizens' items this message answers (Pasal 9j: disseminating follow-up).
    pub item_ids: Vec<i64>,
    pub images: Vec<PostImage>,
    pub created_by: Option<UserId>,
    pub created_at: DateTime<Utc>,
    pub updated_by: Option<UserId>,
    pub updated_at: DateTime<Utc>,
    pub submitted_by: Option<UserId>,
    pub decided_by: Option<UserId>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_note: String,
    /// The Official's reason for approving despite warnings.
    pub override_reason: String,
}

impl Post {
    /// The text for one target.
    pub fn text_for(&self, account: AccountId) -> String {
        let body = self
            .targets
            .iter()
            .find(|t| t.account_id == account)
            .map(|t| t.variant.as_str())
            .filter(|v| !v.trim().is_empty())
            .unwrap_or(&self.body);
        compose(&self.hashtag, body, &self.link)
    }
}

/// What an officer writes. `version` is the version edited (absent for a new message).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct PostInput {
    pub agency_id: Option<AgencyId>,
    #[serde(default)]
    pub campaign_id: Option<i64>,
    #[serde(default)]
    pub title: String,
    pub body: String,
    #[serde(default)]
    pub hashtag: String,
    pub category: Option<String>,
    #[serde(default)]
    pub audience: String,
    #[serde(default)]
    pub link: String,
    /// In the region's time zone, `YYYY-MM-DDTHH:MM`; absent: as soon as approved.
    pub scheduled_local: Option<String>,
    #[serde(default)]
    pub targets: Vec<PostTarget>,
    #[serde(default)]
    pub item_ids: Vec<i64>,
    pub version: Option<i32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counting_as_a_reader_sees_it() {
        assert_eq!(reader_chars("👩‍👩‍👧‍👦"), 1, "a ZWJ family is one");
        assert_eq!(reader_chars("🇮🇩"), 1, "a flag is one");
        assert_eq!(reader_chars("e\u{301}"), 1, "a letter with a combining accent is one");
        assert_eq!(reader_chars("👍🏽"), 1, "skin tone");
        assert_eq!(reader_chars("Halo, warga!"), 12);
        let x = default_rules().into_iter().find(|r| r.platform == Platform::X);
        assert_eq!(
            platform_length(
                "Lihat https://kotawaringinbaratkab.go.id/berita/2026/11/jadwal-posyandu-desember ya",
                x.as_ref()
            ),
            6 + 23 + 3
        );
        assert_eq!(platform_length("Lihat https://a.go.id/x ya", None), reader_chars("Lihat https://a.go.id/x ya"));
    }

    #[test]
    fn hashtags_with_underscores_digits_and_punctuation() {
        assert_eq!(
            hashtags("#KobarSehat, #HUT_Kobar79! #2026 a#b &#39; (#Posyandu)"),
            vec!["#KobarSehat", "#HUT_Kobar79", "#Posyandu"]
        );
        assert_eq!(normalize_hashtag(" KobarSehat ").unwrap(), "#KobarSehat");
        assert!(normalize_hashtag("#Kobar Sehat").is_err());
        assert!(normalize_hashtag("#2026").is_err());
        assert_eq!(
            compose("#KobarSehat", "Jadwal posyandu.", "https://dinkes.kotawaringinbaratkab.go.id"),
            "#KobarSehat Jadwal posyandu.\nhttps://dinkes.kotawaringinbaratkab.go.id"
        );
        assert_eq!(compose("#KobarSehat", "Ayo ke posyandu #kobarsehat", ""), "Ayo ke posyandu #kobarsehat");
    }

    fn lists() -> WordLists {
        WordLists {
            abusive: vec!["goblok".into()],
            sara: vec!["kafir".into()],
            partisan: vec!["nomor urut".into(), "coblos".into()],
            classified: vec!["rahasia".into()],
        }
    }

    fn target(platform: Platform, kind: AccountKind, text: &str) -> CheckTarget {
        CheckTarget {
            account_id: AccountId(1),
            platform,
            kind,
            handle: "@dinkes".into(),
            text: text.into(),
            title: String::new(),
        }
    }

    fn msg<'a>(
        title: &'a str,
        body: &'a str,
        hashtag: &'a str,
        category: Option<Category>,
        link: &'a str,
    ) -> Message<'a> {
        Message { title, body, hashtag, category, link }
    }

    fn codes(f: &[Finding]) -> Vec<&str> {
        f.iter().map(|x| x.code.as_str()).collect()
    }

    #[test]
    fn checks_find_personal_data_words_links_and_limits() {
        let body = "Hubungi 0812-3456-7890 atau budi@gmail.com, NIK 6201012345678901, rek. BRI 123456789012. Jangan coblos nomor urut 2! Dokumen RAHASIA. Info https://bit.ly/x";
        let t = vec![target(Platform::Facebook, AccountKind::SocialNetwork, &compose("#Kobar", body, ""))];
        let f = check(msg("", body, "#Kobar", Some(Category::RegionalIssue), ""), &t, &default_rules(), &lists());
        let c = codes(&f);
        for want in ["phone", "email", "nik", "account_number", "partisan", "classified", "external_link"] {
            assert!(c.contains(&want), "{want} in {c:?}");
        }
        assert!(!c.contains(&"abusive"));
        assert_eq!(f.iter().find(|x| x.code == "partisan").unwrap().severity, Severity::Warning);
        // Government addresses and links are fine; a word inside another word is not a match.
        let ok = "Layanan di humas@kotawaringinbaratkab.go.id dan https://dinkes.kotawaringinbaratkab.go.id. Kuota tidak dirahasiakan.";
        let t = vec![target(Platform::Facebook, AccountKind::SocialNetwork, &compose("#Kobar", ok, ""))];
        assert!(
            check(msg("", ok, "#Kobar", Some(Category::AgencyActivity), ""), &t, &default_rules(), &lists()).is_empty()
        );
        let f = check(msg("", "", "", None, ""), &[], &default_rules(), &lists());
        assert_eq!(codes(&f), vec!["hashtag_missing", "category_missing", "body_missing", "no_accounts"]);
    }

    #[test]
    fn the_microblog_rule_and_platform_limits_apply_per_account() {
        let long = "a".repeat(141);
        let t = vec![
            target(Platform::X, AccountKind::Microblog, &long),
            CheckTarget { account_id: AccountId(2), ..target(Platform::Facebook, AccountKind::SocialNetwork, &long) },
        ];
        let f = check(msg("", &long, "#A", Some(Category::AgencyActivity), ""), &t, &default_rules(), &lists());
        assert_eq!(codes(&f), vec!["microblog_140"]);
        assert_eq!(f[0].account_id, Some(AccountId(1)));
        // 140 graphemes of emoji are within the rule even though they are many bytes.
        let emoji = "👩‍👩‍👧‍👦".repeat(140);
        let t = vec![target(Platform::X, AccountKind::Microblog, &emoji)];
        assert!(
            check(msg("", &emoji, "#A", Some(Category::AgencyActivity), ""), &t, &default_rules(), &lists()).is_empty()
        );
        let tags = (0..31).map(|i| format!("#t{i}")).collect::<Vec<_>>().join(" ");
        let t = vec![target(Platform::Instagram, AccountKind::MediaSharing, &tags)];
        assert_eq!(
            codes(&check(msg("", &tags, "#A", Some(Category::AgencyActivity), ""), &t, &default_rules(), &lists())),
            vec!["too_many_hashtags"]
        );
    }

    #[test]
    fn images_are_known_by_their_bytes() {
        assert_eq!(sniff_image(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff_image(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(sniff_image(b"RIFF\x10\x00\x00\x00WEBPVP8 "), Some("image/webp"));
        assert_eq!(sniff_image(b"MZ\x90\x00 renamed.exe"), None);
        assert_eq!(sniff_image(b"<svg onload=alert(1)>"), None, "SVG can carry script: refused");
    }

    #[test]
    fn the_state_machine() {
        use PostAction::*;
        use PostStatus::*;
        assert_eq!(post_transition(Draft, Submit).unwrap(), Submitted);
        assert_eq!(post_transition(Submitted, Approve).unwrap(), Approved);
        assert_eq!(post_transition(Submitted, Reject).unwrap(), Rejected);
        assert_eq!(post_transition(Rejected, Submit).unwrap(), Submitted);
        assert_eq!(post_transition(Approved, Edit).unwrap(), Draft, "an edited approved message needs approval again");
        assert!(post_transition(Draft, Approve).is_err(), "nothing is approved without being submitted");
        assert!(post_transition(Approved, Approve).is_err());
        assert!(post_transition(Cancelled, Edit).is_err());
        assert!(post_transition(Cancelled, Submit).is_err());
    }
}

/// A message that passed validation, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPost {
    pub agency_id: AgencyId,
    pub campaign_id: Option<i64>,
    pub title: String,
    pub body: String,
    pub hashtag: String,
    pub category: Option<Category>,
    pub audience: String,
    pub link: String,
    pub scheduled_at: Option<DateTime<Utc>>,
    pub targets: Vec<PostTarget>,
    pub item_ids: Vec<i64>,
}

/// A status change of a message, applied only if it is still at `version`.
#[derive(Debug, Clone, PartialEq)]
pub struct PostDecision {
    pub from: PostStatus,
    pub to: PostStatus,
    pub version: i32,
    pub by: UserId,
    pub note: String,
    pub override_reason: String,
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
pub struct PostFilter {
    pub agency_id: Option<i64>,
    pub status: Option<String>,
    /// Messages scheduled (or, unscheduled, last changed) from this moment…
    #[serde(skip)]
    pub from: Option<DateTime<Utc>>,
    /// …until before this one.
    #[serde(skip)]
    pub to: Option<DateTime<Utc>>,
    #[serde(skip)]
    pub limit: Option<i64>,
}
