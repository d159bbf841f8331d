//! The port to the platforms: what an adapter can do for an official account
//! (check its connection, fetch new citizens' items since a cursor, deliver a
//! post or a reply, read metrics), and the errors it reports in terms an
//! officer can act on. `humas-channels` implements it over HTTP; the core only
//! sees these types.

use crate::account::Platform;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// How to reach one account on its platform. `secret` is the token, application
/// password or bot password; it is sealed at rest and never printed.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Connection {
    /// The platform's base address, e.g. `https://mastodon.example` or a WordPress site.
    pub endpoint: String,
    /// The login name where the platform needs one (WordPress, MediaWiki bot, forum).
    pub username: String,
    pub secret: String,
    /// What to watch or write to on the platform where the account alone does not
    /// say it: a Facebook page id, a wiki page title, a forum category.
    pub target: String,
}

impl fmt::Debug for Connection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Connection")
            .field("endpoint", &self.endpoint)
            .field("username", &self.username)
            .field("secret", &"<redacted>")
            .field("target", &self.target)
            .finish()
    }
}

/// What an adapter offers; the UI hides what a platform cannot do.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Capabilities {
    pub publish: bool,
    pub images: bool,
    pub fetch: bool,
    pub reply: bool,
    pub account_metrics: bool,
    pub post_metrics: bool,
}

/// The account as the platform sees it, from a connection test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RemoteAccount {
    pub id: String,
    pub name: String,
    pub url: String,
    /// Followers or subscribers, where the platform gives a number.
    pub followers: Option<i64>,
}

/// One citizen's comment, reply or mention read from a platform.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FetchedItem {
    pub remote_id: String,
    /// The post or page the conversation hangs on.
    pub thread_id: Option<String>,
    pub parent_remote_id: Option<String>,
    pub author_handle: String,
    pub author_name: String,
    pub text: String,
    pub link: String,
    pub written_at: Option<DateTime<Utc>>,
}

/// One poll's result: the items, and the cursor to continue from next time.
/// The cursor is opaque to the core; it is stored only after the items are.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fetched {
    pub items: Vec<FetchedItem>,
    pub cursor: String,
}

/// Something humas sends to a platform. `key` is unique per delivery and is
/// what lets an adapter find out whether an earlier attempt got through.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Outbound {
    Post {
        key: String,
        title: String,
        text: String,
        link: String,
        /// Images to attach, by blob key; the service loads their bytes.
        #[serde(default)]
        media: Vec<MediaRef>,
    },
    Reply {
        key: String,
        thread_id: Option<String>,
        parent_remote_id: String,
        author_handle: String,
        text: String,
    },
}

impl Outbound {
    pub fn key(&self) -> &str {
        match self {
            Self::Post { key, .. } | Self::Reply { key, .. } => key,
        }
    }
}

/// An image of a post as stored (its bytes are in the blob store).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MediaRef {
    pub blob_key: String,
    pub content_type: String,
    pub name: String,
    /// Text for readers who cannot see the image.
    pub alt: String,
}

/// An image with its bytes, as an adapter uploads it.
#[derive(Debug, Clone, PartialEq)]
pub struct Media {
    pub bytes: Vec<u8>,
    pub content_type: String,
    pub name: String,
    pub alt: String,
}

/// Where a delivery landed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Delivered {
    pub remote_id: String,
    pub url: String,
}

/// Engagement of one published post, where the platform gives it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct PostMetrics {
    pub shares: Option<i64>,
    pub comments: Option<i64>,
    pub likes: Option<i64>,
    pub views: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChannelErrorKind {
    /// The credentials were refused: wrong, revoked or expired.
    Auth,
    /// The credentials work but lack a permission.
    Permission,
    /// The page, post or account does not exist there.
    NotFound,
    RateLimited,
    /// The platform did not answer, or answered with a server error.
    Unavailable,
    Timeout,
    /// The platform answered something humas cannot read.
    BadResponse,
    /// The platform or its adapter does not offer this.
    Unsupported,
    /// The connection settings themselves are wrong (address, missing fields).
    Config,
}

impl ChannelErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Auth => "auth",
            Self::Permission => "permission",
            Self::NotFound => "not_found",
            Self::RateLimited => "rate_limited",
            Self::Unavailable => "unavailable",
            Self::Timeout => "timeout",
            Self::BadResponse => "bad_response",
            Self::Unsupported => "unsupported",
            Self::Config => "config",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Auth,
            Self::Permission,
            Self::NotFound,
            Self::RateLimited,
            Self::Unavailable,
            Self::Timeout,
            Self::BadResponse,
            Self::Unsupported,
            Self::Config,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }

    /// What an officer reads, and what they can do about it.
    pub fn explain(self) -> &'static str {
        match self {
            Self::Auth => {
                "Platform menolak kredensial: token atau kata sandi aplikasi salah, dicabut, atau kedaluwarsa. Buat token baru di platform lalu simpan ulang koneksi."
            }
            Self::Permission => {
                "Kredensial diterima, tetapi izinnya kurang (misalnya hanya baca). Berikan izin menulis/moderasi pada token di platform."
            }
            Self::NotFound => {
                "Alamat, halaman, atau akun tidak ditemukan di platform. Periksa alamat dan sasaran koneksi."
            }
            Self::RateLimited => "Platform membatasi jumlah permintaan. humas akan mencoba lagi otomatis setelah jeda.",
            Self::Unavailable => {
                "Platform tidak dapat dihubungi atau sedang gangguan. humas akan mencoba lagi otomatis; periksa alamat bila berlanjut."
            }
            Self::Timeout => "Platform terlalu lama menjawab. humas akan mencoba lagi otomatis.",
            Self::BadResponse => {
                "Jawaban platform tidak dapat dibaca (bukan data yang diharapkan). Periksa alamat API-nya."
            }
            Self::Unsupported => "Platform ini tidak menyediakan fungsi tersebut lewat API.",
            Self::Config => "Pengaturan koneksi belum lengkap atau tidak valid.",
        }
    }

    /// Worth trying again later without anyone changing anything.
    pub fn is_transient(self) -> bool {
        matches!(self, Self::RateLimited | Self::Unavailable | Self::Timeout)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChannelError {
    pub kind: ChannelErrorKind,
    /// Technical detail for the status page (HTTP status, the platform's own message), no secrets.
    pub detail: String,
    /// From `Retry-After` or the platform's rate-limit headers.
    pub retry_after: Option<Duration>,
}

impl ChannelError {
    pub fn new(kind: ChannelErrorKind, detail: impl Into<String>) -> Self {
        let mut detail: String = detail.into();
        if detail.len() > 300 {
            let mut cut = 300;
            while !detail.is_char_boundary(cut) {
                cut -= 1;
            }
            detail.truncate(cut);
            detail.push('…');
        }
        Self { kind, detail, retry_after: None }
    }

    pub fn unsupported(what: &str) -> Self {
        Self::new(ChannelErrorKind::Unsupported, what)
    }
}

impl fmt::Display for ChannelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.kind.explain(), self.detail)
    }
}

impl std::error::Error for ChannelError {}

pub type ChannelResult<T> = std::result::Result<T, ChannelError>;

/// One platform's adapter. Methods a platform lacks keep the default, which
/// reports `Unsupported`; `capabilities` says which ones are real.
#[async_trait::async_trait]
pub trait Adapter: Send + Sync {
    fn capabilities(&self) -> Capabilities;

    /// The API address used when the officer leaves it empty (the platform's
    /// public API, for platforms that have one address).
    fn default_endpoint(&self) -> Option<&'static str> {
        None
    }

    /// Tests the connection and returns who it is connected as.
    async fn check(&self, conn: &Connection) -> ChannelResult<RemoteAccount>;

    /// Items newer than the cursor (empty cursor: from now on, plus what is recent).
    async fn fetch(&self, _conn: &Connection, _cursor: &str) -> ChannelResult<Fetched> {
        Err(ChannelError::unsupported("fetch"))
    }

    async fn deliver(&self, _conn: &Connection, _out: &Outbound) -> ChannelResult<Delivered> {
        Err(ChannelError::unsupported("deliver"))
    }

    /// A delivery with images; platforms that take none keep the default,
    /// which sends the text alone when there are none.
    async fn deliver_media(&self, conn: &Connection, out: &Outbound, media: &[Media]) -> ChannelResult<Delivered> {
        if media.is_empty() { self.deliver(conn, out).await } else { Err(ChannelError::unsupported("images")) }
    }

    /// Looks on the platform for an earlier delivery of `out` (by its key or
    /// content) whose outcome humas does not know — before any retry.
    async fn find_delivered(&self, _conn: &Connection, _out: &Outbound) -> ChannelResult<Option<Delivered>> {
        Ok(None)
    }

    async fn post_metrics(&self, _conn: &Connection, _remote_id: &str) -> ChannelResult<PostMetrics> {
        Err(ChannelError::unsupported("post metrics"))
    }
}

/// The set of adapters, by platform; `None` for a platform without an API
/// adapter (its items are recorded by hand or imported).
pub trait Gateway: Send + Sync {
    fn adapter(&self, platform: Platform) -> Option<Arc<dyn Adapter>>;
}

/// An account's connection as stored: settings, the sealed secret, and the
/// state of its polling (cursor, last outcome, circuit breaker).
#[derive(Debug, Clone, PartialEq)]
pub struct ChannelState {
    pub account_id: crate::ids::AccountId,
    pub endpoint: String,
    pub username: String,
    pub target: String,
    /// Sealed with [`crate::secret::Sealer`]; opened only to call the platform.
    pub secret_sealed: String,
    pub poll_minutes: i32,
    pub enabled: bool,
    pub remote_id: String,
    pub remote_name: String,
    pub cursor: String,
    pub last_attempt_at: Option<DateTime<Utc>>,
    pub last_success_at: Option<DateTime<Utc>>,
    pub last_error_kind: Option<ChannelErrorKind>,
    pub last_error: String,
    /// Failed polls in a row; the breaker opens at [`BREAKER_FAILURES`].
    pub failures: i32,
    pub paused_until: Option<DateTime<Utc>>,
    pub items_total: i64,
    pub last_items: i32,
    pub updated_at: DateTime<Utc>,
}

/// Failed polls in a row after which an account's polling pauses and its Official is told.
pub const BREAKER_FAILURES: i32 = 5;

/// The settings part of a connection, as saved by an officer.
#[derive(Debug, Clone, PartialEq)]
pub struct ChannelSetup {
    pub account_id: crate::ids::AccountId,
    pub endpoint: String,
    pub username: String,
    pub target: String,
    pub secret_sealed: String,
    pub poll_minutes: i32,
    pub enabled: bool,
}

/// The outcome of one poll, written back in one statement.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncRecord {
    pub at: DateTime<Utc>,
    /// `Ok(new cursor, new items)` or the error.
    pub outcome: std::result::Result<(String, i32), (ChannelErrorKind, String)>,
    pub remote: Option<RemoteAccount>,
    pub paused_until: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    Queued,
    /// An attempt is under way, or was when the process stopped: its outcome
    /// is unknown until the platform is asked.
    Sending,
    Retrying,
    Delivered,
    Failed,
    Cancelled,
}

impl DeliveryStatus {
    pub const ALL: [Self; 6] =
        [Self::Queued, Self::Sending, Self::Retrying, Self::Delivered, Self::Failed, Self::Cancelled];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Sending => "sending",
            Self::Retrying => "retrying",
            Self::Delivered => "delivered",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Queued => "Antre",
            Self::Sending => "Sedang dikirim",
            Self::Retrying => "Dicoba lagi",
            Self::Delivered => "Terkirim",
            Self::Failed => "Gagal",
            Self::Cancelled => "Dibatalkan",
        }
    }

    pub fn is_open(self) -> bool {
        matches!(self, Self::Queued | Self::Sending | Self::Retrying)
    }
}

/// One thing sent to one account: a reply to a citizen's item, or a post.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Delivery {
    pub id: i64,
    pub account_id: crate::ids::AccountId,
    pub item_id: Option<i64>,
    #[schema(value_type = Object)]
    pub outbound: Outbound,
    pub status: DeliveryStatus,
    pub remote_id: String,
    pub remote_url: String,
    pub attempts: i32,
    pub last_error: String,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
}

/// A change of a delivery's status, applied only if it is still in `from`.
#[derive(Debug, Clone, PartialEq)]
pub struct DeliveryChange {
    pub from: Vec<DeliveryStatus>,
    pub to: DeliveryStatus,
    pub at: DateTime<Utc>,
    pub remote: Option<Delivered>,
    pub error: String,
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// Counts this as an attempt.
    pub attempt: bool,
}
