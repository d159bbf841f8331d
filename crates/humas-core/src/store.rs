//! The storage boundary, shaped as domain operations. One implementation
//! (`humas-store`) serves SQLite and PostgreSQL. Every write takes an
//! [`AuditContext`] and appends its audit row in the same transaction.

use crate::account::{Account, AccountStatus, Platform, ValidAccount};
use crate::agency::{Agency, ValidAgency};
use crate::answers::{Answer, AnswerInput};
use crate::audit::{AuditContext, AuditEntry, AuditFilter};
use crate::channel::{ChannelSetup, ChannelState, Delivery, DeliveryChange, Outbound, SyncRecord};
use crate::decree::{Decree, DecreeFile, DecreeInput};
use crate::desk::{Item, ItemChange, ItemEvent, ItemFilter, ItemPage, NewItem, Referral, Sop};
use crate::error::StoreError;
use crate::ids::{AccountId, AgencyId, DecreeId, UserId};
use crate::jobs::{Job, JobOutcome, Notification};
use crate::metrics::{AccountMetric, PostMetric};
use crate::publishing::{
    Campaign, CampaignInput, NewPost, PlatformRule, Post, PostDecision, PostFilter, PostImage, WordLists,
};
use crate::region::{District, Region};
use crate::user::{NewUser, User};
use chrono::{DateTime, NaiveDate, Utc};

pub type StoreResult<T> = std::result::Result<T, StoreError>;

/// A browser session or an API token, stored under the hash of its secret.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token_hash: String,
    pub user_id: UserId,
    pub kind: SessionKind,
    pub csrf_token: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    Browser,
    ApiToken,
}

impl SessionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Browser => "browser",
            Self::ApiToken => "api",
        }
    }
}

#[derive(Debug, Clone)]
pub struct SessionInfo {
    pub kind: SessionKind,
    pub csrf_token: String,
}

#[derive(Debug, Clone, Default)]
pub struct AccountFilter {
    pub agency_id: Option<AgencyId>,
    pub status: Option<AccountStatus>,
    pub platform: Option<Platform>,
}

#[async_trait::async_trait]
pub trait Store: Send + Sync {
    async fn region(&self) -> StoreResult<Option<Region>>;
    async fn save_region(&self, region: &Region, audit: &AuditContext) -> StoreResult<()>;
    async fn districts(&self) -> StoreResult<Vec<District>>;
    async fn add_district(&self, name: &str, audit: &AuditContext) -> StoreResult<District>;

    async fn agencies(&self) -> StoreResult<Vec<Agency>>;
    async fn agency(&self, id: AgencyId) -> StoreResult<Option<Agency>>;
    async fn agency_by_code(&self, code: &str) -> StoreResult<Option<Agency>>;
    async fn create_agency(&self, a: &ValidAgency, audit: &AuditContext) -> StoreResult<Agency>;
    async fn update_agency(&self, id: AgencyId, a: &ValidAgency, audit: &AuditContext) -> StoreResult<Agency>;

    async fn create_user(&self, u: &NewUser, audit: &AuditContext) -> StoreResult<User>;
    async fn user(&self, id: UserId) -> StoreResult<Option<User>>;
    /// The user and their password hash, for logging in.
    async fn user_credentials(&self, username: &str) -> StoreResult<Option<(User, String)>>;
    async fn users(&self, agency: Option<AgencyId>) -> StoreResult<Vec<User>>;
    async fn set_password(&self, id: UserId, hash: &str, audit: &AuditContext) -> StoreResult<()>;
    async fn set_user_disabled(&self, id: UserId, disabled: bool, audit: &AuditContext) -> StoreResult<User>;

    async fn create_session(&self, s: &NewSession) -> StoreResult<()>;
    /// A live session: not expired at `now`, its user not disabled.
    async fn session(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<Option<(User, SessionInfo)>>;
    async fn delete_session(&self, token_hash: &str) -> StoreResult<()>;
    async fn delete_user_sessions(&self, user_id: UserId) -> StoreResult<()>;
    async fn record_login_failure(&self, key: &str, at: DateTime<Utc>) -> StoreResult<()>;
    async fn login_failures_since(&self, key: &str, since: DateTime<Utc>) -> StoreResult<i64>;
    async fn clear_login_failures(&self, key: &str) -> StoreResult<()>;

    async fn create_decree(
        &self,
        d: &DecreeInput,
        file: Option<&DecreeFile>,
        audit: &AuditContext,
    ) -> StoreResult<Decree>;
    async fn decree(&self, id: DecreeId) -> StoreResult<Option<Decree>>;
    async fn decrees(&self, agency: Option<AgencyId>) -> StoreResult<Vec<Decree>>;

    async fn create_account(&self, a: &ValidAccount, audit: &AuditContext) -> StoreResult<Account>;
    async fn update_account(&self, id: AccountId, a: &ValidAccount, audit: &AuditContext) -> StoreResult<Account>;
    /// Moves an account from one status to another; `NotFound` when it is no
    /// longer in `from` (someone else moved it first).
    async fn transition_account(
        &self,
        id: AccountId,
        from: AccountStatus,
        to: AccountStatus,
        note: &str,
        audit: &AuditContext,
    ) -> StoreResult<Account>;
    /// The last time the account was seen active on its platform (set by sync).
    async fn record_account_activity(&self, id: AccountId, at: DateTime<Utc>) -> StoreResult<()>;
    async fn account(&self, id: AccountId) -> StoreResult<Option<Account>>;
    async fn accounts(&self, filter: &AccountFilter) -> StoreResult<Vec<Account>>;
    async fn accounts_by_url(&self, url_norm: &str) -> StoreResult<Vec<Account>>;
    async fn accounts_by_handle(&self, platform: Option<Platform>, handle_norm: &str) -> StoreResult<Vec<Account>>;

    async fn sop(&self, agency: AgencyId) -> StoreResult<Sop>;
    /// Every SOP on record (agencies without one use the defaults).
    async fn sops(&self) -> StoreResult<Vec<Sop>>;
    async fn save_sop(&self, sop: &Sop, audit: &AuditContext) -> StoreResult<Sop>;
    /// Stores a batch in one transaction; for each item its id and whether it
    /// is new (false: the same account and remote id was already there).
    async fn ingest_items(&self, items: &[NewItem]) -> StoreResult<Vec<(i64, bool)>>;
    async fn item(&self, id: i64) -> StoreResult<Option<Item>>;
    async fn item_by_tracking_code(&self, code: &str) -> StoreResult<Option<Item>>;
    async fn items(&self, filter: &ItemFilter) -> StoreResult<ItemPage>;
    async fn referrals(&self, item_id: i64) -> StoreResult<Vec<Referral>>;
    async fn item_events(&self, item_id: i64) -> StoreResult<Vec<ItemEvent>>;
    /// Applies one transition atomically; `NotFound` when the item is no longer in `change.from`.
    async fn change_item(&self, change: &ItemChange, audit: &AuditContext) -> StoreResult<Item>;
    async fn assign_item(&self, item_id: i64, user: Option<UserId>, audit: &AuditContext) -> StoreResult<Item>;
    /// Sets the agency an officer says is responsible, clears the review mark,
    /// and keeps the correction as a training example.
    async fn correct_item(
        &self,
        item_id: i64,
        agency: Option<AgencyId>,
        example: &crate::desk::TrainingExample,
        audit: &AuditContext,
    ) -> StoreResult<Item>;
    async fn training_examples(&self) -> StoreResult<Vec<crate::desk::TrainingExample>>;
    async fn add_item_note(&self, item_id: i64, note: &str, audit: &AuditContext) -> StoreResult<()>;

    /// Refreshes the query planner's statistics (SQLite `PRAGMA optimize`;
    /// PostgreSQL's autovacuum does this by itself).
    async fn optimize(&self) -> StoreResult<()>;
    async fn enqueue_job(
        &self,
        kind: &str,
        payload: &str,
        unique_key: Option<&str>,
        run_at: DateTime<Utc>,
    ) -> StoreResult<bool>;
    /// Claims the oldest job due at `now`; a job left `running` since before
    /// `stale_before` (its process died) is claimed again.
    async fn claim_job(&self, now: DateTime<Utc>, stale_before: DateTime<Utc>) -> StoreResult<Option<Job>>;
    async fn finish_job(&self, id: i64, outcome: &JobOutcome) -> StoreResult<()>;
    /// Open items due before `before` and not yet escalated to the top, with
    /// the agency an open referral points to.
    async fn escalation_candidates(
        &self,
        before: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<(Item, Option<AgencyId>)>>;
    /// Raises an item's escalation level if it is still `from`; false when someone else did.
    async fn set_escalation(&self, item_id: i64, from: i32, to: i32) -> StoreResult<bool>;
    async fn notify(&self, users: &[UserId], kind: &str, text: &str, link: &str, at: DateTime<Utc>) -> StoreResult<()>;
    async fn notifications(&self, user: UserId, limit: i64) -> StoreResult<Vec<Notification>>;
    async fn unread_notifications(&self, user: UserId) -> StoreResult<i64>;
    async fn mark_notifications_read(&self, user: UserId, at: DateTime<Utc>) -> StoreResult<()>;

    /// Library entries of these agencies plus the region-wide ones.
    async fn answers(&self, agency: Option<AgencyId>) -> StoreResult<Vec<Answer>>;
    async fn answer(&self, id: i64) -> StoreResult<Option<Answer>>;
    async fn save_answer(&self, id: Option<i64>, a: &AnswerInput, audit: &AuditContext) -> StoreResult<Answer>;
    async fn delete_answer(&self, id: i64, audit: &AuditContext) -> StoreResult<()>;
    /// Takes or renews the hold on an item unless someone else holds it;
    /// returns the holder (name, since) after the call.
    async fn hold_item(
        &self,
        item_id: i64,
        user: UserId,
        name: &str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> StoreResult<(UserId, String, DateTime<Utc>)>;

    /// Saves an account's platform connection (insert or update).
    async fn save_channel(&self, s: &ChannelSetup, agency: AgencyId, audit: &AuditContext)
    -> StoreResult<ChannelState>;
    async fn delete_channel(&self, account: AccountId, agency: AgencyId, audit: &AuditContext) -> StoreResult<()>;
    async fn channel(&self, account: AccountId) -> StoreResult<Option<ChannelState>>;
    async fn channels(&self) -> StoreResult<Vec<ChannelState>>;
    /// The outcome of one poll (not audited: it is the machine's own work).
    async fn record_sync(&self, account: AccountId, r: &SyncRecord) -> StoreResult<()>;
    async fn create_delivery(
        &self,
        account: AccountId,
        agency: AgencyId,
        item: Option<i64>,
        outbound: &Outbound,
        audit: &AuditContext,
    ) -> StoreResult<Delivery>;
    async fn delivery(&self, id: i64) -> StoreResult<Option<Delivery>>;
    /// Newest first: of one account, of one item, or both.
    async fn deliveries(&self, account: Option<AccountId>, item: Option<i64>, limit: i64)
    -> StoreResult<Vec<Delivery>>;
    /// Compare-and-set on the status; `None` when it is no longer in `c.from`.
    async fn change_delivery(&self, id: i64, c: &DeliveryChange) -> StoreResult<Option<Delivery>>;

    /// Upserts a day's audience figure; a manual figure is never replaced by a
    /// platform's. Audited when `audit` is given (an officer's entry).
    async fn save_account_metric(&self, m: &AccountMetric, audit: Option<&AuditContext>) -> StoreResult<()>;
    async fn account_metrics(
        &self,
        account: AccountId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<AccountMetric>>;
    async fn save_post_metric(&self, m: &PostMetric) -> StoreResult<()>;
    async fn post_metrics(&self, delivery: i64) -> StoreResult<Vec<PostMetric>>;
    /// Posts delivered since `since`, for the daily engagement snapshot.
    async fn delivered_posts(&self, since: DateTime<Utc>) -> StoreResult<Vec<Delivery>>;

    async fn platform_rules(&self) -> StoreResult<Vec<PlatformRule>>;
    async fn save_platform_rule(&self, r: &PlatformRule, audit: &AuditContext) -> StoreResult<()>;
    async fn word_lists(&self) -> StoreResult<WordLists>;
    /// Replaces one word list (`abusive`, `sara`, `partisan`, `classified`).
    async fn save_word_list(&self, kind: &str, words: &[String], audit: &AuditContext) -> StoreResult<()>;
    async fn campaigns(&self) -> StoreResult<Vec<Campaign>>;
    async fn create_campaign(&self, c: &CampaignInput, audit: &AuditContext) -> StoreResult<Campaign>;
    async fn create_post(&self, p: &NewPost, by: UserId, audit: &AuditContext) -> StoreResult<Post>;
    /// Saves an edit at `version` (optimistic lock: `NotFound` if someone saved
    /// first); queued deliveries are cancelled; `Conflict` once any went out.
    async fn update_post(
        &self,
        id: i64,
        version: i32,
        p: &NewPost,
        by: UserId,
        audit: &AuditContext,
    ) -> StoreResult<Post>;
    /// A status change at a version; on approval with its deliveries, in one transaction.
    async fn decide_post(
        &self,
        id: i64,
        d: &PostDecision,
        deliveries: &[(AccountId, Outbound)],
        audit: &AuditContext,
    ) -> StoreResult<(Post, Vec<Delivery>)>;
    /// Adds or removes an image of a draft at `version` (bumping it).
    async fn change_post_image(
        &self,
        id: i64,
        version: i32,
        add: Option<&PostImage>,
        remove: Option<i32>,
        audit: &AuditContext,
    ) -> StoreResult<Post>;
    async fn post(&self, id: i64) -> StoreResult<Option<Post>>;
    async fn posts(&self, f: &PostFilter) -> StoreResult<Vec<Post>>;
    async fn post_deliveries(&self, post: i64) -> StoreResult<Vec<Delivery>>;
    /// Deliveries still to be sent (queued, retrying, interrupted), for re-queueing their jobs.
    async fn open_deliveries(&self) -> StoreResult<Vec<Delivery>>;

    async fn audit_entries(&self, filter: &AuditFilter) -> StoreResult<Vec<AuditEntry>>;
    /// Rows with `seq > after`, in order, at most `limit`: for walking the chain.
    async fn audit_after(&self, after: i64, limit: i64) -> StoreResult<Vec<AuditEntry>>;
    /// The last sequence number and hash written.
    async fn audit_head(&self) -> StoreResult<(i64, String)>;

    // Analysis and reporting (Pasal 9h–9j, 16, 17).
    /// Items received in `[from, to)`, newest first, at most `limit`.
    async fn item_texts(
        &self,
        agency: Option<AgencyId>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<crate::insight::ItemText>>;
    /// Records a hot issue once per theme and period; `true` the first time.
    async fn note_hot_issue(
        &self,
        key: &str,
        label: &str,
        period_start: NaiveDate,
        count: i64,
        previous: i64,
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;
    /// Hot issues recorded for weeks starting on or after `since`, newest first.
    async fn hot_issues_since(&self, since: NaiveDate) -> StoreResult<Vec<crate::insight::HotIssue>>;
    async fn recommendations(&self, agency: Option<AgencyId>) -> StoreResult<Vec<crate::report::Recommendation>>;
    async fn recommendation(&self, id: i64) -> StoreResult<Option<crate::report::Recommendation>>;
    async fn create_recommendation(
        &self,
        r: &crate::report::RecommendationInput,
        by: UserId,
        audit: &AuditContext,
    ) -> StoreResult<crate::report::Recommendation>;
    /// `None` when the version is stale.
    async fn change_recommendation(
        &self,
        id: i64,
        c: &crate::report::RecommendationChange,
        audit: &AuditContext,
    ) -> StoreResult<Option<crate::report::Recommendation>>;
    /// Grouped figures over `[from, to)`; `tz_secs` is the region's UTC offset.
    async fn report_facts(
        &self,
        agency: Option<AgencyId>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        tz_secs: i32,
        detail: crate::report::FactsDetail,
    ) -> StoreResult<crate::report::Facts>;
    async fn report_records(
        &self,
        year: i32,
        agency: Option<AgencyId>,
    ) -> StoreResult<Vec<crate::report::ReportRecord>>;
    /// Version 0 creates the draft; `None`: stale version or not a draft.
    async fn save_report_narratives(
        &self,
        agency: AgencyId,
        year: i32,
        n: &crate::report::Narratives,
        version: i64,
        audit: &AuditContext,
    ) -> StoreResult<Option<crate::report::ReportRecord>>;
    /// Locks `content` as the next submitted version; `None`: stale or not a draft.
    async fn submit_report(
        &self,
        agency: AgencyId,
        year: i32,
        version: i64,
        content: &str,
        by: UserId,
        audit: &AuditContext,
    ) -> StoreResult<Option<crate::report::ReportRecord>>;
    /// `None` when the report was not in `from`.
    async fn move_report(
        &self,
        agency: AgencyId,
        year: i32,
        from: crate::report::ReportStatus,
        to: crate::report::ReportStatus,
        audit: &AuditContext,
    ) -> StoreResult<Option<crate::report::ReportRecord>>;
    async fn report_version(&self, report_id: i64, number: i64) -> StoreResult<Option<String>>;
    async fn report_deadline(&self, year: i32) -> StoreResult<Option<NaiveDate>>;
    async fn set_report_deadline(&self, year: i32, due: NaiveDate, audit: &AuditContext) -> StoreResult<()>;
    async fn evaluation_weights(&self, year: i32) -> StoreResult<Vec<(String, f64)>>;
    async fn save_evaluation_weights(&self, year: i32, w: &[(String, f64)], audit: &AuditContext) -> StoreResult<()>;
    /// Adjusted scores (`targets = false`) or next year's targets.
    async fn evaluation_marks(&self, year: i32, targets: bool) -> StoreResult<Vec<(AgencyId, String, f64, String)>>;
    #[allow(clippy::too_many_arguments)]
    async fn save_evaluation_mark(
        &self,
        year: i32,
        agency: AgencyId,
        code: &str,
        value: Option<f64>,
        note: &str,
        targets: bool,
        audit: &AuditContext,
    ) -> StoreResult<()>;
}
