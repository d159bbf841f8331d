//! The service layer: every operation a user can do, checked against the
//! caller's role and agency, recorded in the audit log, then stored.

mod accounts;
mod answers;
mod audit;
mod auth;
mod channels;
mod desk;
mod insight;
mod jobs;
mod metrics;
mod publishing;
mod registry;
mod reports;
mod users;

pub use accounts::{AccountFlags, DecreeUpload, DirectoryEntry, VerifyResult};
pub use answers::{HOLD_MINUTES, Hold};
pub use auth::{Authenticated, LoginOutcome};
pub use channels::{CheckResult, ConnectionInput, ConnectionView, DELIVER, ImportReport, SYNC, SyncReport, backoff};
pub use desk::{IngestOutcome, ItemDetail, PublicStatus, PublicSubmission};
pub use insight::{Analysis, MAX_TOPIC_DAYS};
pub use publishing::{PostView, parse_local};
pub use reports::{ReportStatusLine, ReportView};

use crate::blob::BlobStore;
use crate::clock::Clock;
use crate::ids::UserId;
use crate::policy::{Actor, Role};
use crate::store::Store;
use std::sync::Arc;

/// Tunables that come from configuration.
#[derive(Debug, Clone)]
pub struct Settings {
    pub max_upload_bytes: usize,
    pub session_hours: i64,
    /// Failed logins per username (and per client address) allowed in the window.
    pub login_max_failures: i64,
    pub login_window_minutes: i64,
    /// How long a claimed job may run before another worker takes it over
    /// (its process is presumed dead).
    pub job_lease_secs: i64,
    /// Fault injection for the crash test: the process exits right after a
    /// platform accepted a delivery, before humas records it.
    pub exit_after_send: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            max_upload_bytes: crate::decree::MAX_DECREE_FILE_BYTES,
            session_hours: 12,
            login_max_failures: 5,
            login_window_minutes: 15,
            job_lease_secs: 600,
            exit_after_send: false,
        }
    }
}

#[derive(Clone)]
pub struct Humas {
    pub store: Arc<dyn Store>,
    pub blobs: Arc<dyn BlobStore>,
    pub clock: Arc<dyn Clock>,
    pub classifier: Arc<dyn crate::rules::Classifier>,
    /// Sends notification e-mails; `None`: in-app notifications only.
    pub mailer: Option<Arc<dyn crate::mail::Mailer>>,
    /// The platform adapters; `None`: no account can be connected.
    pub gateway: Option<Arc<dyn crate::channel::Gateway>>,
    /// Seals platform credentials at rest; `None`: connections cannot be saved.
    pub sealer: Option<Arc<crate::secret::Sealer>>,
    pub settings: Settings,
}

impl Humas {
    pub fn new(store: Arc<dyn Store>, blobs: Arc<dyn BlobStore>, clock: Arc<dyn Clock>, settings: Settings) -> Self {
        Self {
            store,
            blobs,
            clock,
            classifier: Arc::new(crate::rules::ModelClassifier),
            mailer: None,
            gateway: None,
            sealer: None,
            settings,
        }
    }

    /// Sends notifications by e-mail as well.
    pub fn with_mailer(mut self, mailer: Arc<dyn crate::mail::Mailer>) -> Self {
        self.mailer = Some(mailer);
        self
    }

    /// Connects accounts to their platforms through these adapters, with
    /// credentials sealed under this key.
    pub fn with_channels(mut self, gateway: Arc<dyn crate::channel::Gateway>, sealer: crate::secret::Sealer) -> Self {
        self.gateway = Some(gateway);
        self.sealer = Some(Arc::new(sealer));
        self
    }

    /// Replaces the analysis that proposes kind, sentiment and agency.
    pub fn with_classifier(mut self, classifier: Arc<dyn crate::rules::Classifier>) -> Self {
        self.classifier = classifier;
        self
    }

    /// The actor for the command line and the demo seeder: region-wide admin
    /// rights, recorded in the audit log as `system`.
    pub fn system_actor() -> Actor {
        Actor { user_id: UserId(0), username: "system".into(), role: Role::DinasAdmin, agency_id: None }
    }

    fn audit(&self, actor: &Actor, action: &'static str) -> crate::audit::AuditContext {
        crate::audit::AuditContext::new(actor, action, self.clock.now())
    }

    /// Today in the region's time zone, for decree validity.
    pub async fn today(&self) -> crate::Result<chrono::NaiveDate> {
        let tz = self.store.region().await?.map(|r| r.tz()).unwrap_or(chrono_tz::Asia::Jakarta);
        Ok(self.clock.now().with_timezone(&tz).date_naive())
    }
}
