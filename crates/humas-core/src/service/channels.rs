//! Connecting official accounts to their platforms, polling them for
//! citizens' items, and delivering replies: the jobs that run by themselves,
//! with cursors saved only after the items are, backoff with jitter, a
//! per-account circuit breaker, and a look on the platform before any retry
//! of a delivery whose outcome is unknown.

use super::Humas;
use crate::account::{Account, AccountStatus};
use crate::channel::{
    Adapter, BREAKER_FAILURES, Capabilities, ChannelError, ChannelErrorKind, ChannelSetup, ChannelState, Connection,
    Delivery, DeliveryChange, DeliveryStatus, Outbound, RemoteAccount, SyncRecord,
};
use crate::desk::{InboundItem, Item, ItemSource};
use crate::ids::AccountId;
use crate::policy::{Actor, Role};
use crate::{Error, Result};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The job that polls one account; payload `{"account": id}`.
pub const SYNC: &str = "account_sync";
/// The job that sends one delivery; payload `{"delivery": id}`.
pub const DELIVER: &str = "deliver";

/// Polling intervals an officer may choose, in minutes.
pub const POLL_MINUTES: std::ops::RangeInclusive<i32> = 1..=1440;
/// The longest wait between polls after failures.
const MAX_BACKOFF_MINUTES: i64 = 6 * 60;
/// How long an open breaker pauses polling.
const BREAKER_PAUSE_MINUTES: i64 = 60;
/// Delivery attempts before a delivery is marked failed.
pub const MAX_DELIVERY_ATTEMPTS: i32 = 6;

/// What an officer enters to connect an account. An empty secret keeps the stored one.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct ConnectionInput {
    pub endpoint: String,
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub secret: String,
    #[serde(default)]
    pub target: String,
    pub poll_minutes: Option<i32>,
    #[serde(default = "yes")]
    pub enabled: bool,
}

fn yes() -> bool {
    true
}

/// A connection as shown to officers: never the secret.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ConnectionView {
    pub account_id: AccountId,
    pub endpoint: String,
    pub username: String,
    pub target: String,
    pub has_secret: bool,
    pub poll_minutes: i32,
    pub enabled: bool,
    pub remote_name: String,
    pub last_attempt_at: Option<DateTime<Utc>>,
    pub last_success_at: Option<DateTime<Utc>>,
    pub last_error_kind: Option<ChannelErrorKind>,
    /// The error explained for an officer, then the platform's detail.
    pub last_error: String,
    pub failures: i32,
    pub paused_until: Option<DateTime<Utc>>,
    pub items_total: i64,
    pub last_items: i32,
    pub capabilities: Capabilities,
}

impl ConnectionView {
    fn from(s: ChannelState, capabilities: Capabilities) -> Self {
        let last_error = match s.last_error_kind {
            Some(kind) => format!("{} ({})", kind.explain(), s.last_error),
            None => String::new(),
        };
        Self {
            account_id: s.account_id,
            endpoint: s.endpoint,
            username: s.username,
            target: s.target,
            has_secret: !s.secret_sealed.is_empty(),
            poll_minutes: s.poll_minutes,
            enabled: s.enabled,
            remote_name: s.remote_name,
            last_attempt_at: s.last_attempt_at,
            last_success_at: s.last_success_at,
            last_error_kind: s.last_error_kind,
            last_error,
            failures: s.failures,
            paused_until: s.paused_until,
            items_total: s.items_total,
            last_items: s.last_items,
            capabilities,
        }
    }
}

/// The result of a connection test, for the page and the API.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CheckResult {
    pub ok: bool,
    pub remote_name: String,
    pub remote_url: String,
    pub followers: Option<i64>,
    pub error_kind: Option<ChannelErrorKind>,
    pub message: String,
}

impl CheckResult {
    fn from(r: std::result::Result<RemoteAccount, ChannelError>) -> Self {
        match r {
            Ok(a) => Self {
                ok: true,
                message: format!("Tersambung sebagai {}.", a.name),
                remote_name: a.name,
                remote_url: a.url,
                followers: a.followers,
                error_kind: None,
            },
            Err(e) => Self {
                ok: false,
                remote_name: String::new(),
                remote_url: String::new(),
                followers: None,
                error_kind: Some(e.kind),
                message: e.to_string(),
            },
        }
    }
}

/// What one poll did, for the job log and tests.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncReport {
    pub fetched: usize,
    pub created: usize,
    pub rejected: usize,
    pub error: Option<ChannelErrorKind>,
    pub next_at: Option<DateTime<Utc>>,
}

/// A job to queue once the current one has finished (while it runs, it holds
/// its unique key, so it cannot queue its own successor).
pub struct FollowUp {
    pub kind: &'static str,
    pub payload: String,
    pub key: String,
    pub at: DateTime<Utc>,
}

#[derive(Serialize, Deserialize)]
struct SyncPayload {
    account: i64,
}

#[derive(Serialize, Deserialize)]
struct DeliverPayload {
    delivery: i64,
}

fn sync_key(account: AccountId) -> String {
    format!("{SYNC}:{}", account.0)
}

/// A random fraction in [0.8, 1.2): spreads retries of many accounts apart.
fn jitter() -> f64 {
    let mut b = [0u8; 2];
    let _ = getrandom::fill(&mut b);
    0.8 + f64::from(u16::from_le_bytes(b)) / f64::from(u16::MAX) * 0.4
}

/// When to poll again after `failures` failures in a row: the interval
/// doubled per failure, capped, with jitter; never before the platform's `Retry-After`.
pub fn backoff(poll_minutes: i32, failures: i32, retry_after: Option<std::time::Duration>) -> Duration {
    let base = i64::from(poll_minutes.max(1)) * 60;
    let exp = base.saturating_mul(1i64 << failures.clamp(0, 12)).min(MAX_BACKOFF_MINUTES * 60);
    let secs = (exp as f64 * jitter()) as i64;
    let floor = retry_after.map(|d| d.as_secs() as i64).unwrap_or(0);
    Duration::seconds(secs.max(floor).max(30))
}

impl Humas {
    pub(super) fn adapter_for(&self, account: &Account) -> Result<Arc<dyn Adapter>> {
        self.gateway.as_ref().and_then(|g| g.adapter(account.platform)).ok_or_else(|| {
            Error::invalid(
                "platform",
                format!(
                    "Belum ada penghubung API untuk {}. Catat pesannya lewat kotak masuk atau impor berkas.",
                    account.platform.label()
                ),
            )
        })
    }

    fn sealer(&self) -> Result<&crate::secret::Sealer> {
        self.sealer.as_deref().ok_or_else(|| {
            Error::conflict(
                "no_secret_key",
                "Kunci rahasia server belum diatur (secret_key); koneksi platform tidak dapat disimpan.",
            )
        })
    }

    fn purpose(account: AccountId) -> String {
        format!("account_channel:{}", account.0)
    }

    pub(super) fn open_connection(&self, s: &ChannelState) -> Result<Connection> {
        let secret = self.sealer()?.open(&Self::purpose(s.account_id), &s.secret_sealed).map_err(|e| {
            Error::conflict(
                "secret_unreadable",
                format!("Kredensial tersimpan tidak dapat dibuka: {e}. Simpan ulang koneksi."),
            )
        })?;
        Ok(Connection { endpoint: s.endpoint.clone(), username: s.username.clone(), secret, target: s.target.clone() })
    }

    /// The API address used when an officer leaves it empty, if the platform has one.
    pub fn default_endpoint(&self, account: &Account) -> Option<&'static str> {
        self.adapter_for(account).ok().and_then(|a| a.default_endpoint())
    }

    /// What a platform's adapter can do; all false where there is none.
    pub fn capabilities(&self, account: &Account) -> Capabilities {
        self.adapter_for(account).map(|a| a.capabilities()).unwrap_or_default()
    }

    /// Saves the connection of a verified account (its Official or the Dinas),
    /// tests it, and queues its first poll.
    pub async fn connect_account(
        &self,
        actor: &Actor,
        id: AccountId,
        input: ConnectionInput,
    ) -> Result<(ConnectionView, CheckResult)> {
        let account = self.account(actor, id).await?;
        actor.require_official_of(account.agency_id)?;
        if account.status != AccountStatus::Verified {
            return Err(Error::conflict(
                "not_verified",
                "Hanya akun yang sudah diverifikasi Dinas yang dapat dihubungkan ke platform.",
            ));
        }
        let adapter = self.adapter_for(&account)?;
        let endpoint = match (input.endpoint.trim(), adapter.default_endpoint()) {
            ("", Some(default)) => default.to_string(),
            (given, _) => given.trim_end_matches('/').to_string(),
        };
        let parsed =
            url::Url::parse(&endpoint).ok().filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some());
        if parsed.is_none() || endpoint.len() > 500 {
            return Err(Error::invalid(
                "endpoint",
                "Alamat platform harus berupa alamat web lengkap, misalnya https://blog.kotawaringinbaratkab.go.id",
            ));
        }
        let poll_minutes = input.poll_minutes.unwrap_or(5);
        if !POLL_MINUTES.contains(&poll_minutes) {
            return Err(Error::invalid("poll_minutes", "Selang pengambilan harus antara 1 dan 1440 menit."));
        }
        for (field, value) in [("username", &input.username), ("target", &input.target)] {
            if value.chars().count() > 200 || value.chars().any(char::is_control) {
                return Err(Error::invalid(field, "Isian terlalu panjang atau memuat karakter tidak sah."));
            }
        }
        if input.secret.len() > 4000 {
            return Err(Error::invalid("secret", "Token terlalu panjang."));
        }
        let existing = self.store.channel(id).await?;
        let secret_sealed = match (input.secret.trim(), &existing) {
            ("", Some(e)) => e.secret_sealed.clone(),
            ("", None) => return Err(Error::invalid("secret", "Token atau kata sandi aplikasi wajib diisi.")),
            (s, _) => self.sealer()?.seal(&Self::purpose(id), s).map_err(Error::internal)?,
        };
        let setup = ChannelSetup {
            account_id: id,
            endpoint,
            username: input.username.trim().to_string(),
            target: input.target.trim().to_string(),
            secret_sealed,
            poll_minutes,
            enabled: input.enabled,
        };
        let state = self.store.save_channel(&setup, account.agency_id, &self.audit(actor, "account.connect")).await?;
        let conn = self.open_connection(&state)?;
        let check = adapter.check(&conn).await;
        if let Ok(remote) = &check {
            let record = SyncRecord {
                at: self.clock.now(),
                outcome: Ok((state.cursor.clone(), 0)),
                remote: Some(remote.clone()),
                paused_until: None,
            };
            // Records who it is connected as, without counting a poll.
            self.store.record_sync(id, &record).await?;
        }
        if state.enabled && adapter.capabilities().fetch {
            self.store.enqueue_job(SYNC, &sync_payload(id), Some(&sync_key(id)), self.clock.now()).await?;
        }
        let state = self.store.channel(id).await?.unwrap_or(state);
        Ok((ConnectionView::from(state, adapter.capabilities()), CheckResult::from(check)))
    }

    pub async fn connection(&self, actor: &Actor, id: AccountId) -> Result<Option<ConnectionView>> {
        let account = self.account(actor, id).await?;
        let caps = self.capabilities(&account);
        Ok(self.store.channel(id).await?.map(|s| ConnectionView::from(s, caps)))
    }

    /// Tests the stored connection now.
    pub async fn test_connection(&self, actor: &Actor, id: AccountId) -> Result<CheckResult> {
        let account = self.account(actor, id).await?;
        actor.require_edit_agency(account.agency_id)?;
        let state = self.store.channel(id).await?.ok_or(Error::NotFound("Koneksi"))?;
        let conn = self.open_connection(&state)?;
        Ok(CheckResult::from(self.adapter_for(&account)?.check(&conn).await))
    }

    pub async fn disconnect_account(&self, actor: &Actor, id: AccountId) -> Result<()> {
        let account = self.account(actor, id).await?;
        actor.require_official_of(account.agency_id)?;
        self.store.delete_channel(id, account.agency_id, &self.audit(actor, "account.disconnect")).await.map_err(|e| {
            match e {
                crate::error::StoreError::NotFound => Error::NotFound("Koneksi"),
                other => other.into(),
            }
        })
    }

    /// Queues a poll now (an officer's "ambil sekarang"), also through an open breaker.
    pub async fn sync_now(&self, actor: &Actor, id: AccountId) -> Result<()> {
        let account = self.account(actor, id).await?;
        actor.require_edit_agency(account.agency_id)?;
        self.store.channel(id).await?.ok_or(Error::NotFound("Koneksi"))?;
        self.store
            .enqueue_job(SYNC, &sync_payload(id), Some(&format!("{}:now", sync_key(id))), self.clock.now())
            .await?;
        Ok(())
    }

    /// Queues the polls of every enabled connection that has none queued (at start).
    pub(super) async fn ensure_sync_jobs(&self) -> Result<()> {
        for s in self.store.channels().await?.into_iter().filter(|s| s.enabled) {
            let at = s.paused_until.unwrap_or_else(|| self.clock.now());
            self.store.enqueue_job(SYNC, &sync_payload(s.account_id), Some(&sync_key(s.account_id)), at).await?;
        }
        Ok(())
    }

    /// The polling job: fetch after the cursor, store the items, then the cursor.
    /// Platform errors are recorded on the account and decide the next poll;
    /// only storage failures fail the job.
    pub(super) async fn run_sync_job(&self, payload: &str) -> Result<Option<FollowUp>> {
        let p: SyncPayload = serde_json::from_str(payload).map_err(Error::internal)?;
        let id = AccountId(p.account);
        let report = self.sync_account(id).await?;
        Ok(report.next_at.map(|at| FollowUp { kind: SYNC, payload: sync_payload(id), key: sync_key(id), at }))
    }

    /// One poll of one account. `next_at` is `None` when the account is no
    /// longer polled (disconnected, disabled, not verified).
    pub async fn sync_account(&self, id: AccountId) -> Result<SyncReport> {
        let now = self.clock.now();
        let idle = SyncReport { fetched: 0, created: 0, rejected: 0, error: None, next_at: None };
        let Some(state) = self.store.channel(id).await? else { return Ok(idle) };
        let Some(account) = self.store.account(id).await? else { return Ok(idle) };
        if !state.enabled || account.status != AccountStatus::Verified {
            return Ok(idle);
        }
        let adapter = self.adapter_for(&account)?;
        let result = match self.open_connection(&state) {
            Ok(conn) => adapter.fetch(&conn, &state.cursor).await,
            Err(e) => Err(ChannelError::new(ChannelErrorKind::Config, e.to_string())),
        };
        let fetched = match result {
            Ok(f) => f,
            Err(e) => return self.record_sync_failure(&account, &state, e).await,
        };
        let count = fetched.items.len();
        let batch: Vec<InboundItem> = fetched.items.into_iter().map(|i| inbound_of(id, i)).collect();
        let (mut created, mut rejected) = (0, 0);
        for chunk in batch.chunks(1000) {
            for o in self.ingest(&Self::system_actor(), chunk.to_vec(), ItemSource::Channel).await? {
                match (&o.error, o.created) {
                    (Some(e), _) => {
                        // An item humas cannot take (e.g. an image without text) is skipped, not retried forever.
                        tracing::info!(account = id.0, error = %e, "platform item skipped");
                        rejected += 1;
                    }
                    (None, true) => created += 1,
                    (None, false) => {}
                }
            }
        }
        let record =
            SyncRecord { at: now, outcome: Ok((fetched.cursor, created as i32)), remote: None, paused_until: None };
        self.store.record_sync(id, &record).await?;
        let next_at = now + Duration::minutes(state.poll_minutes.into());
        Ok(SyncReport { fetched: count, created, rejected, error: None, next_at: Some(next_at) })
    }

    async fn record_sync_failure(
        &self,
        account: &Account,
        state: &ChannelState,
        e: ChannelError,
    ) -> Result<SyncReport> {
        let now = self.clock.now();
        let failures = state.failures + 1;
        let opens = failures >= BREAKER_FAILURES && state.failures < BREAKER_FAILURES;
        let paused_until = (failures >= BREAKER_FAILURES).then(|| now + Duration::minutes(BREAKER_PAUSE_MINUTES));
        tracing::warn!(account = account.id.0, kind = e.kind.as_str(), failures, "platform poll failed");
        let record = SyncRecord { at: now, outcome: Err((e.kind, e.detail.clone())), remote: None, paused_until };
        self.store.record_sync(account.id, &record).await?;
        if opens {
            let users = self.store.users(Some(account.agency_id)).await?;
            let officials: Vec<_> =
                users.iter().filter(|u| u.role == Role::Official && !u.disabled).map(|u| u.id).collect();
            let text = format!(
                "Pengambilan pesan dari akun {} ({}) gagal {failures} kali berturut-turut dan dihentikan sementara: {}",
                account.handle,
                account.platform.label(),
                e.kind.explain()
            );
            self.store.notify(&officials, "channel", &text, &format!("/akun/{}", account.id.0), now).await?;
        }
        let next = paused_until.unwrap_or(now + backoff(state.poll_minutes, state.failures, e.retry_after));
        let next = match e.retry_after {
            Some(wait) => next.max(now + Duration::seconds(wait.as_secs() as i64)),
            None => next,
        };
        Ok(SyncReport { fetched: 0, created: 0, rejected: 0, error: Some(e.kind), next_at: Some(next) })
    }

    /// After an answer: a reply on the citizen's thread, when the item came
    /// from a connected account whose platform can reply. `None` otherwise.
    pub(super) async fn queue_reply(&self, actor: &Actor, item: &Item) -> Result<Option<Delivery>> {
        let (Some(account_id), Some(remote_id)) = (item.account_id, item.remote_id.as_ref()) else { return Ok(None) };
        if item.source != ItemSource::Channel || item.answer_text.is_empty() {
            return Ok(None);
        }
        let Some(account) = self.store.account(account_id).await? else { return Ok(None) };
        if self.store.channel(account_id).await?.is_none() || !self.capabilities(&account).reply {
            return Ok(None);
        }
        let mut text = item.answer_text.clone();
        if !item.answer_link.is_empty() {
            text.push_str(&format!("\n{}", item.answer_link));
        }
        let outbound = Outbound::Reply {
            key: format!("humas-r{}-{}", item.id, &crate::auth::random_token()?[..12]),
            thread_id: item.thread_id.clone(),
            parent_remote_id: remote_id.clone(),
            author_handle: item.author_handle.clone(),
            text,
        };
        let d = self
            .store
            .create_delivery(
                account_id,
                account.agency_id,
                Some(item.id),
                &outbound,
                &self.audit(actor, "delivery.create"),
            )
            .await?;
        self.enqueue_delivery(d.id, self.clock.now()).await?;
        Ok(Some(d))
    }

    async fn enqueue_delivery(&self, id: i64, at: DateTime<Utc>) -> Result<()> {
        let payload = serde_json::to_string(&DeliverPayload { delivery: id }).map_err(Error::internal)?;
        self.store.enqueue_job(DELIVER, &payload, Some(&format!("{DELIVER}:{id}")), at).await?;
        Ok(())
    }

    /// Deliveries of an item, for its page.
    pub async fn item_deliveries(&self, actor: &Actor, item: i64) -> Result<Vec<Delivery>> {
        self.item(actor, item).await?;
        Ok(self.store.deliveries(None, Some(item), 20).await?)
    }

    /// The latest deliveries of an account, for its status page.
    pub async fn account_deliveries(&self, actor: &Actor, id: AccountId) -> Result<Vec<Delivery>> {
        self.account(actor, id).await?;
        Ok(self.store.deliveries(Some(id), None, 20).await?)
    }

    /// An officer retries a failed delivery (after fixing the connection).
    pub async fn retry_delivery(&self, actor: &Actor, id: i64) -> Result<Delivery> {
        let d = self.store.delivery(id).await?.ok_or(Error::NotFound("Pengiriman"))?;
        let account = self.account(actor, d.account_id).await?;
        actor.require_edit_agency(account.agency_id)?;
        let change = DeliveryChange {
            from: vec![DeliveryStatus::Failed],
            to: DeliveryStatus::Retrying,
            at: self.clock.now(),
            remote: None,
            error: String::new(),
            next_attempt_at: Some(self.clock.now()),
            attempt: false,
        };
        let d =
            self.store.change_delivery(id, &change).await?.ok_or_else(|| {
                Error::conflict("wrong_status", "Hanya pengiriman yang gagal yang dapat dicoba ulang.")
            })?;
        self.enqueue_delivery(id, self.clock.now()).await?;
        Ok(d)
    }

    /// Cancels a delivery that has not been sent.
    pub async fn cancel_delivery(&self, actor: &Actor, id: i64) -> Result<Delivery> {
        let d = self.store.delivery(id).await?.ok_or(Error::NotFound("Pengiriman"))?;
        let account = self.account(actor, d.account_id).await?;
        actor.require_edit_agency(account.agency_id)?;
        let change = DeliveryChange {
            from: vec![DeliveryStatus::Queued, DeliveryStatus::Retrying, DeliveryStatus::Failed],
            to: DeliveryStatus::Cancelled,
            at: self.clock.now(),
            remote: None,
            error: String::new(),
            next_attempt_at: None,
            attempt: false,
        };
        self.store.change_delivery(id, &change).await?.ok_or_else(|| {
            Error::conflict(
                "wrong_status",
                "Pengiriman ini sedang berlangsung atau sudah selesai; tidak dapat dibatalkan.",
            )
        })
    }

    /// The delivery job. Before any attempt after the first, the platform is
    /// asked whether an earlier one got through: a post is never sent twice.
    pub(super) async fn run_delivery_job(&self, payload: &str) -> Result<Option<FollowUp>> {
        let p: DeliverPayload = serde_json::from_str(payload).map_err(Error::internal)?;
        let d = self.deliver(p.delivery).await?;
        Ok(match (d.status, d.next_attempt_at) {
            (DeliveryStatus::Retrying, Some(at)) => {
                Some(FollowUp { kind: DELIVER, payload: payload.to_string(), key: format!("{DELIVER}:{}", d.id), at })
            }
            _ => None,
        })
    }

    pub async fn deliver(&self, id: i64) -> Result<Delivery> {
        let now = self.clock.now();
        let d = self.store.delivery(id).await?.ok_or(Error::NotFound("Pengiriman"))?;
        if !d.status.is_open() {
            return Ok(d);
        }
        let account = self.store.account(d.account_id).await?.ok_or(Error::NotFound("Akun"))?;
        let adapter = self.adapter_for(&account)?;
        let state = self.store.channel(d.account_id).await?;
        let conn = match state.as_ref().map(|s| self.open_connection(s)) {
            Some(Ok(c)) => c,
            Some(Err(e)) => {
                return self.delivery_failed(&d, ChannelError::new(ChannelErrorKind::Config, e.to_string())).await;
            }
            None => {
                return self
                    .delivery_failed(
                        &d,
                        ChannelError::new(ChannelErrorKind::Config, "akun tidak lagi terhubung ke platform"),
                    )
                    .await;
            }
        };
        // Claim: only one worker sends (compare-and-set to `sending`).
        let claim = DeliveryChange {
            from: vec![d.status],
            to: DeliveryStatus::Sending,
            at: now,
            remote: None,
            error: d.last_error.clone(),
            next_attempt_at: None,
            attempt: true,
        };
        let Some(claimed) = self.store.change_delivery(id, &claim).await? else { return Ok(d) };
        if claimed.attempts > 1 {
            match adapter.find_delivered(&conn, &d.outbound).await {
                Ok(Some(found)) => return self.delivery_done(&claimed, found).await,
                Ok(None) => {}
                Err(e) => return self.delivery_failed(&claimed, e).await,
            }
        }
        let media = match &d.outbound {
            Outbound::Post { media, .. } => {
                let mut loaded = Vec::with_capacity(media.len());
                for m in media {
                    let Some(bytes) = self.blobs.get(&m.blob_key).await? else {
                        let e = ChannelError::new(
                            ChannelErrorKind::Config,
                            format!("gambar {} tidak ditemukan di penyimpanan", m.name),
                        );
                        return self.delivery_failed(&claimed, e).await;
                    };
                    loaded.push(crate::channel::Media {
                        bytes,
                        content_type: m.content_type.clone(),
                        name: m.name.clone(),
                        alt: m.alt.clone(),
                    });
                }
                loaded
            }
            Outbound::Reply { .. } => Vec::new(),
        };
        match adapter.deliver_media(&conn, &d.outbound, &media).await {
            Ok(_) if self.settings.exit_after_send => {
                tracing::error!(delivery = id, "fault injection: exiting after the platform accepted the delivery");
                std::process::exit(86);
            }
            Ok(done) => self.delivery_done(&claimed, done).await,
            Err(e) => self.delivery_failed(&claimed, e).await,
        }
    }

    async fn delivery_done(&self, d: &Delivery, remote: crate::channel::Delivered) -> Result<Delivery> {
        let change = DeliveryChange {
            from: vec![DeliveryStatus::Sending],
            to: DeliveryStatus::Delivered,
            at: self.clock.now(),
            remote: Some(remote),
            error: String::new(),
            next_attempt_at: None,
            attempt: false,
        };
        Ok(self.store.change_delivery(d.id, &change).await?.unwrap_or_else(|| d.clone()))
    }

    /// Transient errors retry with backoff (the outcome stays unknown until
    /// the next attempt looks); others fail at once and tell the agency.
    async fn delivery_failed(&self, d: &Delivery, e: ChannelError) -> Result<Delivery> {
        let now = self.clock.now();
        let retry = e.kind.is_transient() && d.attempts < MAX_DELIVERY_ATTEMPTS;
        let next = retry.then(|| now + backoff(1, d.attempts, e.retry_after));
        let change = DeliveryChange {
            from: vec![d.status, DeliveryStatus::Sending],
            to: if retry { DeliveryStatus::Retrying } else { DeliveryStatus::Failed },
            at: now,
            remote: None,
            error: e.to_string(),
            next_attempt_at: next,
            attempt: false,
        };
        let updated = self.store.change_delivery(d.id, &change).await?.unwrap_or_else(|| d.clone());
        // A retry is queued by the job runner once this job has finished.
        match next {
            Some(_) => {}
            None => {
                if let Some(account) = self.store.account(d.account_id).await? {
                    let users = self.store.users(Some(account.agency_id)).await?;
                    let to: Vec<_> = users
                        .iter()
                        .filter(|u| matches!(u.role, Role::Official | Role::Operator) && !u.disabled)
                        .map(|u| u.id)
                        .collect();
                    let link =
                        d.item_id.map(|i| format!("/pesan/{i}")).unwrap_or_else(|| format!("/akun/{}", account.id.0));
                    let text = format!(
                        "Pengiriman ke {} ({}) gagal: {}",
                        account.handle,
                        account.platform.label(),
                        e.kind.explain()
                    );
                    self.store.notify(&to, "delivery", &text, &link, now).await?;
                }
            }
        }
        Ok(updated)
    }
}

/// A platform's item as the desk takes it in: classified by the model.
fn inbound_of(account: AccountId, i: crate::channel::FetchedItem) -> InboundItem {
    InboundItem {
        account_id: Some(account),
        agency_id: None,
        remote_id: Some(i.remote_id),
        thread_id: i.thread_id,
        parent_remote_id: i.parent_remote_id,
        author_handle: i.author_handle,
        author_name: i.author_name,
        author_contact: String::new(),
        text: i.text,
        link: i.link,
        written_at: i.written_at,
        kind: None,
        sentiment: None,
        district: None,
        topic: String::new(),
    }
}

/// What an import did, row by row.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct ImportReport {
    pub rows: usize,
    pub created: usize,
    /// Rows already stored (same account and id): a re-import is harmless.
    pub duplicates: usize,
    /// (line, reason) of the rows not taken.
    pub errors: Vec<(usize, String)>,
}

impl Humas {
    /// Items of one account read from a file (or typed in by an officer):
    /// each row stored once, bad rows reported by line, nothing else lost.
    pub async fn import_items(
        &self,
        actor: &Actor,
        id: AccountId,
        rows: Vec<(usize, std::result::Result<crate::channel::FetchedItem, String>)>,
        source: ItemSource,
    ) -> Result<ImportReport> {
        let account = self.account(actor, id).await?;
        actor.require_edit_agency(account.agency_id)?;
        if account.status == AccountStatus::Archived {
            return Err(Error::conflict(
                "already_archived",
                "Akun ini sudah diarsipkan; pesannya tidak dapat ditambahkan.",
            ));
        }
        let mut report = ImportReport { rows: rows.len(), ..ImportReport::default() };
        let mut good = Vec::new();
        for (line, row) in rows {
            match row {
                Ok(item) => good.push((line, inbound_of(id, item))),
                Err(e) => report.errors.push((line, e)),
            }
        }
        for chunk in good.chunks(1000) {
            let batch: Vec<InboundItem> = chunk.iter().map(|(_, i)| i.clone()).collect();
            for o in self.ingest(actor, batch, source).await? {
                match (o.error, o.created) {
                    (Some(e), _) => report.errors.push((chunk[o.index].0, e)),
                    (None, true) => report.created += 1,
                    (None, false) => report.duplicates += 1,
                }
            }
        }
        report.errors.sort_by_key(|(line, _)| *line);
        Ok(report)
    }
}

fn sync_payload(id: AccountId) -> String {
    serde_json::to_string(&SyncPayload { account: id.0 }).unwrap_or_else(|_| "{}".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_is_capped_and_honours_retry_after() {
        for _ in 0..50 {
            let first = backoff(5, 0, None).num_seconds();
            assert!((240..=360).contains(&first), "{first}");
            let third = backoff(5, 2, None).num_seconds();
            assert!((960..=1440).contains(&third), "{third}");
            let capped = backoff(5, 20, None).num_seconds();
            assert!(capped <= MAX_BACKOFF_MINUTES * 60 * 12 / 10, "{capped}");
            let waited = backoff(1, 0, Some(std::time::Duration::from_secs(3600))).num_seconds();
            assert!(waited >= 3600);
        }
    }
}
