//! The platform connection of an account (on its page): settings, test,
//! polling status, and the deliveries sent through it; and the delivery
//! status of an item's reply.

use super::NoFields;
use super::see_other;
use crate::AppState;
use crate::error::PageError;
use crate::fmt;
use crate::i18n::Tr;
use crate::session::CsrfForm;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::post;
use humas_core::account::{Account, AccountStatus, Platform};
use humas_core::channel::{Capabilities, Delivery, DeliveryStatus, Outbound};
use humas_core::ids::AccountId;
use humas_core::service::{CheckResult, ConnectionInput, ConnectionView};
use humas_core::{Actor, Humas};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/akun/{id}/koneksi", post(save_connection))
        .route("/akun/{id}/koneksi/uji", post(test_connection))
        .route("/akun/{id}/koneksi/putuskan", post(disconnect))
        .route("/akun/{id}/ambil", post(sync_now))
        .route("/akun/{id}/pengikut", post(record_followers))
        .route("/kiriman/{id}/ulang", post(retry_delivery))
        .route("/kiriman/{id}/batal", post(cancel_delivery))
}

/// A delivery as a table row.
pub struct DeliveryRow {
    pub id: i64,
    pub when: String,
    pub what: String,
    pub status: DeliveryStatus,
    pub url: String,
    pub error: String,
    pub item_id: Option<i64>,
}

impl DeliveryRow {
    pub fn of(d: &Delivery, tz: chrono_tz::Tz, tr: &Tr) -> Self {
        let what = match &d.outbound {
            Outbound::Reply { author_handle, .. } => format!("{} {author_handle}", tr.t("delivery-reply-to")),
            Outbound::Post { title, text, .. } => {
                let t = if title.is_empty() { text } else { title };
                t.chars().take(60).collect()
            }
        };
        Self {
            id: d.id,
            when: fmt::datetime(d.delivered_at.unwrap_or(d.updated_at), tz, tr.is_en()),
            what,
            status: d.status,
            url: d.remote_url.clone(),
            error: d.last_error.clone(),
            item_id: d.item_id,
        }
    }

    pub fn can_retry(&self) -> bool {
        self.status == DeliveryStatus::Failed
    }

    pub fn can_cancel(&self) -> bool {
        matches!(self.status, DeliveryStatus::Queued | DeliveryStatus::Retrying | DeliveryStatus::Failed)
    }
}

/// Everything the account page shows about the connection.
pub struct ConnectionSection {
    pub available: bool,
    pub can_connect: bool,
    pub can_operate: bool,
    pub caps: Capabilities,
    pub conn: Option<ConnectionView>,
    pub last_success: String,
    pub last_attempt: String,
    pub paused_until: String,
    pub hint: String,
    pub check: Option<(bool, String)>,
    pub deliveries: Vec<DeliveryRow>,
    pub endpoint: String,
    pub username: String,
    pub target: String,
    pub poll_minutes: i32,
    pub enabled: bool,
    /// The platform's own API address, used when the field is left empty.
    pub default_endpoint: String,
    /// The latest audience figures, newest first: day, followers, source.
    pub metrics: Vec<(String, String, &'static str)>,
    pub today: String,
}

impl ConnectionSection {
    pub async fn load(
        humas: &Humas,
        actor: &Actor,
        account: &Account,
        tz: chrono_tz::Tz,
        tr: &Tr,
        check: Option<&str>,
    ) -> humas_core::Result<Self> {
        let caps = humas.capabilities(account);
        let available = caps.fetch || caps.publish || caps.reply;
        let conn = if available { humas.connection(actor, account.id).await? } else { None };
        let deliveries = if conn.is_some() { humas.account_deliveries(actor, account.id).await? } else { vec![] };
        let when =
            |t: Option<chrono::DateTime<chrono::Utc>>| t.map(|t| fmt::datetime(t, tz, tr.is_en())).unwrap_or_default();
        let check = check.map(|c| match c {
            "ok" => (
                true,
                format!("{} {}", tr.t("conn-check-ok"), conn.as_ref().map(|c| c.remote_name.as_str()).unwrap_or("")),
            ),
            kind => (
                false,
                humas_core::channel::ChannelErrorKind::parse(kind).map(|k| k.explain().to_string()).unwrap_or_default(),
            ),
        });
        let hint_key = match account.platform {
            Platform::Mastodon => "conn-hint-mastodon",
            Platform::Wordpress => "conn-hint-wordpress",
            Platform::Mediawiki => "conn-hint-mediawiki",
            Platform::Facebook => "conn-hint-facebook",
            Platform::Instagram => "conn-hint-instagram",
            Platform::X => "conn-hint-x",
            Platform::Youtube => "conn-hint-youtube",
            Platform::Forum => "conn-hint-forum",
            _ => "conn-hint-other",
        };
        Ok(Self {
            available,
            can_connect: available
                && account.status == AccountStatus::Verified
                && actor.require_official_of(account.agency_id).is_ok(),
            can_operate: actor.require_edit_agency(account.agency_id).is_ok(),
            caps,
            last_success: when(conn.as_ref().and_then(|c| c.last_success_at)),
            last_attempt: when(conn.as_ref().and_then(|c| c.last_attempt_at)),
            paused_until: when(conn.as_ref().and_then(|c| c.paused_until)),
            hint: tr.t(hint_key),
            check,
            deliveries: deliveries.iter().map(|d| DeliveryRow::of(d, tz, tr)).collect(),
            endpoint: conn.as_ref().map(|c| c.endpoint.clone()).unwrap_or_default(),
            username: conn.as_ref().map(|c| c.username.clone()).unwrap_or_default(),
            target: conn.as_ref().map(|c| c.target.clone()).unwrap_or_default(),
            poll_minutes: conn.as_ref().map(|c| c.poll_minutes).unwrap_or(5),
            enabled: conn.as_ref().is_none_or(|c| c.enabled),
            default_endpoint: humas.default_endpoint(account).unwrap_or_default().to_string(),
            metrics: {
                let today = humas.today().await?;
                let mut m =
                    humas.account_metrics(actor, account.id, today - chrono::Duration::days(400), today).await?;
                m.reverse();
                m.truncate(12);
                m.iter().map(|x| (fmt::date(x.day, tr.is_en()), fmt::number(x.followers), x.source.label())).collect()
            },
            today: humas.today().await?.to_string(),
            conn,
        })
    }
}

#[derive(serde::Deserialize)]
struct ConnectionForm {
    endpoint: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    secret: String,
    #[serde(default)]
    target: String,
    poll_minutes: Option<String>,
    enabled: Option<String>,
}

fn check_code(c: &CheckResult) -> &'static str {
    match c.error_kind {
        None => "ok",
        Some(k) => k.as_str(),
    }
}

async fn save_connection(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    f: CsrfForm<ConnectionForm>,
) -> Result<Response, PageError> {
    let poll = match f.form.poll_minutes.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => Some(p.parse::<i32>().map_err(|_| {
            PageError(
                humas_core::Error::invalid("poll_minutes", "Selang pengambilan harus berupa angka menit."),
                f.tr.clone(),
            )
        })?),
        None => None,
    };
    let input = ConnectionInput {
        endpoint: f.form.endpoint,
        username: f.form.username,
        secret: f.form.secret,
        target: f.form.target,
        poll_minutes: poll,
        enabled: f.form.enabled.is_some(),
    };
    let (_, check) =
        s.humas.connect_account(f.user.actor(), AccountId(id), input).await.map_err(|e| PageError(e, f.tr.clone()))?;
    Ok(see_other(&format!("/akun/{id}?cek={}#koneksi", check_code(&check))))
}

async fn test_connection(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    f: CsrfForm<NoFields>,
) -> Result<Response, PageError> {
    let check = s.humas.test_connection(f.user.actor(), AccountId(id)).await.map_err(|e| PageError(e, f.tr.clone()))?;
    Ok(see_other(&format!("/akun/{id}?cek={}#koneksi", check_code(&check))))
}

async fn disconnect(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    f: CsrfForm<NoFields>,
) -> Result<Response, PageError> {
    s.humas.disconnect_account(f.user.actor(), AccountId(id)).await.map_err(|e| PageError(e, f.tr.clone()))?;
    Ok(see_other(&format!("/akun/{id}?ok=saved#koneksi")))
}

async fn sync_now(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    f: CsrfForm<NoFields>,
) -> Result<Response, PageError> {
    s.humas.sync_now(f.user.actor(), AccountId(id)).await.map_err(|e| PageError(e, f.tr.clone()))?;
    Ok(see_other(&format!("/akun/{id}?ok=queued#koneksi")))
}

/// Back to where the delivery is shown: its item, or its account.
fn back_to(d: &Delivery) -> String {
    match d.item_id {
        Some(i) => format!("/pesan/{i}?ok=saved"),
        None => format!("/akun/{}?ok=saved#koneksi", d.account_id.0),
    }
}

async fn retry_delivery(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    f: CsrfForm<NoFields>,
) -> Result<Response, PageError> {
    let d = s.humas.retry_delivery(f.user.actor(), id).await.map_err(|e| PageError(e, f.tr.clone()))?;
    Ok(see_other(&back_to(&d)))
}

async fn cancel_delivery(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    f: CsrfForm<NoFields>,
) -> Result<Response, PageError> {
    let d = s.humas.cancel_delivery(f.user.actor(), id).await.map_err(|e| PageError(e, f.tr.clone()))?;
    Ok(see_other(&back_to(&d)))
}

#[derive(serde::Deserialize)]
struct FollowersForm {
    day: String,
    followers: String,
    #[serde(default)]
    note: String,
}

async fn record_followers(
    State(s): State<AppState>,
    Path(id): Path<i64>,
    f: CsrfForm<FollowersForm>,
) -> Result<Response, PageError> {
    let e = |e| PageError(e, f.tr.clone());
    let day = chrono::NaiveDate::parse_from_str(f.form.day.trim(), "%Y-%m-%d")
        .map_err(|_| e(humas_core::Error::invalid("day", "Tanggal tidak valid.")))?;
    let followers = f
        .form
        .followers
        .trim()
        .replace(['.', ',', ' '], "")
        .parse::<i64>()
        .map_err(|_| e(humas_core::Error::invalid("followers", "Jumlah pengikut harus berupa angka.")))?;
    let input = humas_core::metrics::AccountMetricInput { day, followers, note: f.form.note.clone() };
    s.humas.record_followers(f.user.actor(), AccountId(id), input).await.map_err(e)?;
    Ok(see_other(&format!("/akun/{id}?ok=saved#khalayak")))
}
