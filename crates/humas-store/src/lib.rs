//! Storage for humas on an embedded SQLite file (the default) or PostgreSQL.
//!
//! One SQL text per query where the engines agree (`$1` placeholders,
//! `RETURNING`, `ON CONFLICT`), one per engine where they do not. Rows are read
//! as tuples, which sqlx decodes on either engine, and turned into domain types
//! here; nothing above this crate sees `sqlx`.

mod accounts;
mod answers;
mod audit;
#[doc(hidden)]
pub mod bench;
mod blobs;
mod channels;
mod db;
mod desk;
mod jobs;
mod metrics;
mod migrations;
mod publishing;
mod registry;
mod reports;
mod users;

#[doc(hidden)]
pub mod testing;

pub use blobs::LocalBlobs;
pub use db::{Db, Engine, redact as redact_url};
pub use migrations::{MIGRATION_NAMES_POSTGRES, MIGRATION_NAMES_SQLITE};

use chrono::{DateTime, NaiveDate, Utc};
use humas_core::account::{Account, AccountStatus, Platform, ValidAccount};
use humas_core::agency::{Agency, ValidAgency};
use humas_core::answers::{Answer, AnswerInput};
use humas_core::audit::{AuditContext, AuditEntry, AuditFilter};
use humas_core::channel::{ChannelSetup, ChannelState, Delivery, DeliveryChange, Outbound, SyncRecord};
use humas_core::decree::{Decree, DecreeFile, DecreeInput};
use humas_core::desk::{Item, ItemChange, ItemEvent, ItemFilter, ItemPage, NewItem, Referral, Sop};
use humas_core::ids::{AccountId, AgencyId, DecreeId, UserId};
use humas_core::insight::ItemText;
use humas_core::jobs::{Job, JobOutcome, Notification};
use humas_core::metrics::{AccountMetric, PostMetric};
use humas_core::publishing::{
    Campaign, CampaignInput, NewPost, PlatformRule, Post, PostDecision, PostFilter, PostImage, WordLists,
};
use humas_core::region::{District, Region};
use humas_core::report::{
    Facts, Narratives, Recommendation, RecommendationChange, RecommendationInput, ReportRecord, ReportStatus,
};
use humas_core::store::{AccountFilter, NewSession, SessionInfo, Store, StoreResult};
use humas_core::user::{NewUser, User};

/// The one implementation of [`Store`], over whichever engine is configured.
#[derive(Clone)]
pub struct SqlStore {
    pub db: Db,
}

impl SqlStore {
    /// For tests of `humas audit verify`: alters (`Some`) or deletes (`None`)
    /// an audit row behind the log's back.
    #[doc(hidden)]
    pub async fn tamper_audit_row(
        &self,
        seq: i64,
        after_json: Option<&str>,
    ) -> Result<(), humas_core::error::StoreError> {
        audit::tamper(&self.db, seq, after_json).await
    }

    /// Connects (creating a SQLite file if needed) without migrating.
    pub async fn connect(url: &str) -> Result<Self, sqlx::Error> {
        Ok(Self { db: Db::connect(url).await? })
    }

    /// Connects and brings the schema up to date.
    pub async fn open(url: &str) -> Result<Self, sqlx::Error> {
        let store = Self::connect(url).await?;
        store.migrate().await?;
        Ok(store)
    }

    pub async fn migrate(&self) -> Result<(), sqlx::Error> {
        migrations::run(&self.db).await
    }

    pub fn engine(&self) -> Engine {
        self.db.engine()
    }
}

#[async_trait::async_trait]
impl Store for SqlStore {
    async fn region(&self) -> StoreResult<Option<Region>> {
        registry::region(&self.db).await
    }
    async fn save_region(&self, region: &Region, audit: &AuditContext) -> StoreResult<()> {
        registry::save_region(&self.db, region, audit).await
    }
    async fn districts(&self) -> StoreResult<Vec<District>> {
        registry::districts(&self.db).await
    }
    async fn add_district(&self, name: &str, audit: &AuditContext) -> StoreResult<District> {
        registry::add_district(&self.db, name, audit).await
    }

    async fn agencies(&self) -> StoreResult<Vec<Agency>> {
        registry::agencies(&self.db).await
    }
    async fn agency(&self, id: AgencyId) -> StoreResult<Option<Agency>> {
        registry::agency(&self.db, id).await
    }
    async fn agency_by_code(&self, code: &str) -> StoreResult<Option<Agency>> {
        registry::agency_by_code(&self.db, code).await
    }
    async fn create_agency(&self, a: &ValidAgency, audit: &AuditContext) -> StoreResult<Agency> {
        registry::create_agency(&self.db, a, audit).await
    }
    async fn update_agency(&self, id: AgencyId, a: &ValidAgency, audit: &AuditContext) -> StoreResult<Agency> {
        registry::update_agency(&self.db, id, a, audit).await
    }

    async fn create_user(&self, u: &NewUser, audit: &AuditContext) -> StoreResult<User> {
        users::create_user(&self.db, u, audit).await
    }
    async fn user(&self, id: UserId) -> StoreResult<Option<User>> {
        users::user(&self.db, id).await
    }
    async fn user_credentials(&self, username: &str) -> StoreResult<Option<(User, String)>> {
        users::user_credentials(&self.db, username).await
    }
    async fn users(&self, agency: Option<AgencyId>) -> StoreResult<Vec<User>> {
        users::users(&self.db, agency).await
    }
    async fn set_password(&self, id: UserId, hash: &str, audit: &AuditContext) -> StoreResult<()> {
        users::set_password(&self.db, id, hash, audit).await
    }
    async fn set_user_disabled(&self, id: UserId, disabled: bool, audit: &AuditContext) -> StoreResult<User> {
        users::set_user_disabled(&self.db, id, disabled, audit).await
    }

    async fn create_session(&self, s: &NewSession) -> StoreResult<()> {
        users::create_session(&self.db, s).await
    }
    async fn session(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<Option<(User, SessionInfo)>> {
        users::session(&self.db, token_hash, now).await
    }
    async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        users::delete_session(&self.db, token_hash).await
    }
    async fn delete_user_sessions(&self, user_id: UserId) -> StoreResult<()> {
        users::delete_user_sessions(&self.db, user_id).await
    }
    async fn record_login_failure(&self, key: &str, at: DateTime<Utc>) -> StoreResult<()> {
        users::record_login_failure(&self.db, key, at).await
    }
    async fn login_failures_since(&self, key: &str, since: DateTime<Utc>) -> StoreResult<i64> {
        users::login_failures_since(&self.db, key, since).await
    }
    async fn clear_login_failures(&self, key: &str) -> StoreResult<()> {
        users::clear_login_failures(&self.db, key).await
    }

    async fn create_decree(
        &self,
        d: &DecreeInput,
        file: Option<&DecreeFile>,
        audit: &AuditContext,
    ) -> StoreResult<Decree> {
        accounts::create_decree(&self.db, d, file, audit).await
    }
    async fn decree(&self, id: DecreeId) -> StoreResult<Option<Decree>> {
        accounts::decree(&self.db, id).await
    }
    async fn decrees(&self, agency: Option<AgencyId>) -> StoreResult<Vec<Decree>> {
        accounts::decrees(&self.db, agency).await
    }

    async fn create_account(&self, a: &ValidAccount, audit: &AuditContext) -> StoreResult<Account> {
        accounts::create_account(&self.db, a, audit).await
    }
    async fn update_account(&self, id: AccountId, a: &ValidAccount, audit: &AuditContext) -> StoreResult<Account> {
        accounts::update_account(&self.db, id, a, audit).await
    }
    async fn transition_account(
        &self,
        id: AccountId,
        from: AccountStatus,
        to: AccountStatus,
        note: &str,
        audit: &AuditContext,
    ) -> StoreResult<Account> {
        accounts::transition_account(&self.db, id, from, to, note, audit).await
    }
    async fn record_account_activity(&self, id: AccountId, at: DateTime<Utc>) -> StoreResult<()> {
        accounts::record_activity(&self.db, id, at).await
    }
    async fn account(&self, id: AccountId) -> StoreResult<Option<Account>> {
        accounts::account(&self.db, id).await
    }
    async fn accounts(&self, filter: &AccountFilter) -> StoreResult<Vec<Account>> {
        accounts::accounts(&self.db, filter).await
    }
    async fn accounts_by_url(&self, url_norm: &str) -> StoreResult<Vec<Account>> {
        accounts::accounts_by_url(&self.db, url_norm).await
    }
    async fn accounts_by_handle(&self, platform: Option<Platform>, handle_norm: &str) -> StoreResult<Vec<Account>> {
        accounts::accounts_by_handle(&self.db, platform, handle_norm).await
    }

    async fn sops(&self) -> StoreResult<Vec<Sop>> {
        desk::sops(&self.db).await
    }
    async fn sop(&self, agency: AgencyId) -> StoreResult<Sop> {
        desk::sop(&self.db, agency).await
    }
    async fn save_sop(&self, sop: &Sop, audit: &AuditContext) -> StoreResult<Sop> {
        desk::save_sop(&self.db, sop, audit).await
    }
    async fn ingest_items(&self, items: &[NewItem]) -> StoreResult<Vec<(i64, bool)>> {
        desk::ingest_items(&self.db, items).await
    }
    async fn item(&self, id: i64) -> StoreResult<Option<Item>> {
        desk::item(&self.db, id).await
    }
    async fn item_by_tracking_code(&self, code: &str) -> StoreResult<Option<Item>> {
        desk::item_by_tracking_code(&self.db, code).await
    }
    async fn items(&self, filter: &ItemFilter) -> StoreResult<ItemPage> {
        desk::items(&self.db, filter).await
    }
    async fn referrals(&self, item_id: i64) -> StoreResult<Vec<Referral>> {
        desk::referrals(&self.db, item_id).await
    }
    async fn item_events(&self, item_id: i64) -> StoreResult<Vec<ItemEvent>> {
        desk::item_events(&self.db, item_id).await
    }
    async fn change_item(&self, change: &ItemChange, audit: &AuditContext) -> StoreResult<Item> {
        desk::change_item(&self.db, change, audit).await
    }
    async fn assign_item(&self, item_id: i64, user: Option<UserId>, audit: &AuditContext) -> StoreResult<Item> {
        desk::assign_item(&self.db, item_id, user, audit).await
    }
    async fn correct_item(
        &self,
        item_id: i64,
        agency: Option<AgencyId>,
        example: &humas_core::desk::TrainingExample,
        audit: &AuditContext,
    ) -> StoreResult<Item> {
        desk::correct_item(&self.db, item_id, agency, example, audit).await
    }
    async fn training_examples(&self) -> StoreResult<Vec<humas_core::desk::TrainingExample>> {
        desk::training_examples(&self.db).await
    }
    async fn add_item_note(&self, item_id: i64, note: &str, audit: &AuditContext) -> StoreResult<()> {
        desk::add_item_note(&self.db, item_id, note, audit).await
    }

    async fn optimize(&self) -> StoreResult<()> {
        jobs::optimize(&self.db).await
    }
    async fn enqueue_job(
        &self,
        kind: &str,
        payload: &str,
        unique_key: Option<&str>,
        run_at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        jobs::enqueue(&self.db, kind, payload, unique_key, run_at).await
    }
    async fn claim_job(&self, now: DateTime<Utc>, stale_before: DateTime<Utc>) -> StoreResult<Option<Job>> {
        jobs::claim(&self.db, now, stale_before).await
    }
    async fn finish_job(&self, id: i64, outcome: &JobOutcome) -> StoreResult<()> {
        jobs::finish(&self.db, id, outcome).await
    }
    async fn escalation_candidates(
        &self,
        before: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<(Item, Option<AgencyId>)>> {
        desk::escalation_candidates(&self.db, before, limit).await
    }
    async fn set_escalation(&self, item_id: i64, from: i32, to: i32) -> StoreResult<bool> {
        desk::set_escalation(&self.db, item_id, from, to).await
    }
    async fn notify(&self, users: &[UserId], kind: &str, text: &str, link: &str, at: DateTime<Utc>) -> StoreResult<()> {
        jobs::notify(&self.db, users, kind, text, link, at).await
    }
    async fn notifications(&self, user: UserId, limit: i64) -> StoreResult<Vec<Notification>> {
        jobs::notifications(&self.db, user, limit).await
    }
    async fn unread_notifications(&self, user: UserId) -> StoreResult<i64> {
        jobs::unread(&self.db, user).await
    }
    async fn mark_notifications_read(&self, user: UserId, at: DateTime<Utc>) -> StoreResult<()> {
        jobs::mark_read(&self.db, user, at).await
    }

    async fn answers(&self, agency: Option<AgencyId>) -> StoreResult<Vec<Answer>> {
        answers::answers(&self.db, agency).await
    }
    async fn answer(&self, id: i64) -> StoreResult<Option<Answer>> {
        answers::answer(&self.db, id).await
    }
    async fn save_answer(&self, id: Option<i64>, a: &AnswerInput, audit: &AuditContext) -> StoreResult<Answer> {
        answers::save_answer(&self.db, id, a, audit).await
    }
    async fn delete_answer(&self, id: i64, audit: &AuditContext) -> StoreResult<()> {
        answers::delete_answer(&self.db, id, audit).await
    }
    async fn hold_item(
        &self,
        item_id: i64,
        user: UserId,
        name: &str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> StoreResult<(UserId, String, DateTime<Utc>)> {
        answers::hold_item(&self.db, item_id, user, name, now, until).await
    }

    async fn save_channel(
        &self,
        s: &ChannelSetup,
        agency: AgencyId,
        audit: &AuditContext,
    ) -> StoreResult<ChannelState> {
        channels::save_channel(&self.db, s, agency, audit).await
    }
    async fn delete_channel(&self, account: AccountId, agency: AgencyId, audit: &AuditContext) -> StoreResult<()> {
        channels::delete_channel(&self.db, account, agency, audit).await
    }
    async fn channel(&self, account: AccountId) -> StoreResult<Option<ChannelState>> {
        channels::channel(&self.db, account).await
    }
    async fn channels(&self) -> StoreResult<Vec<ChannelState>> {
        channels::channels(&self.db).await
    }
    async fn record_sync(&self, account: AccountId, r: &SyncRecord) -> StoreResult<()> {
        channels::record_sync(&self.db, account, r).await
    }
    async fn create_delivery(
        &self,
        account: AccountId,
        agency: AgencyId,
        item: Option<i64>,
        outbound: &Outbound,
        audit: &AuditContext,
    ) -> StoreResult<Delivery> {
        channels::create_delivery(&self.db, account, agency, item, outbound, audit).await
    }
    async fn delivery(&self, id: i64) -> StoreResult<Option<Delivery>> {
        channels::delivery(&self.db, id).await
    }
    async fn deliveries(
        &self,
        account: Option<AccountId>,
        item: Option<i64>,
        limit: i64,
    ) -> StoreResult<Vec<Delivery>> {
        channels::deliveries(&self.db, account, item, limit).await
    }
    async fn change_delivery(&self, id: i64, c: &DeliveryChange) -> StoreResult<Option<Delivery>> {
        channels::change_delivery(&self.db, id, c).await
    }

    async fn save_account_metric(&self, m: &AccountMetric, audit: Option<&AuditContext>) -> StoreResult<()> {
        metrics::save_account_metric(&self.db, m, audit).await
    }
    async fn account_metrics(
        &self,
        account: AccountId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<AccountMetric>> {
        metrics::account_metrics(&self.db, account, from, to).await
    }
    async fn save_post_metric(&self, m: &PostMetric) -> StoreResult<()> {
        metrics::save_post_metric(&self.db, m).await
    }
    async fn post_metrics(&self, delivery: i64) -> StoreResult<Vec<PostMetric>> {
        metrics::post_metrics(&self.db, delivery).await
    }
    async fn delivered_posts(&self, since: DateTime<Utc>) -> StoreResult<Vec<Delivery>> {
        metrics::delivered_posts(&self.db, since).await
    }

    async fn platform_rules(&self) -> StoreResult<Vec<PlatformRule>> {
        publishing::platform_rules(&self.db).await
    }
    async fn save_platform_rule(&self, r: &PlatformRule, audit: &AuditContext) -> StoreResult<()> {
        publishing::save_platform_rule(&self.db, r, audit).await
    }
    async fn word_lists(&self) -> StoreResult<WordLists> {
        publishing::word_lists(&self.db).await
    }
    async fn save_word_list(&self, kind: &str, words: &[String], audit: &AuditContext) -> StoreResult<()> {
        publishing::save_word_list(&self.db, kind, words, audit).await
    }
    async fn campaigns(&self) -> StoreResult<Vec<Campaign>> {
        publishing::campaigns(&self.db).await
    }
    async fn create_campaign(&self, c: &CampaignInput, audit: &AuditContext) -> StoreResult<Campaign> {
        publishing::create_campaign(&self.db, c, audit).await
    }
    async fn create_post(&self, p: &NewPost, by: UserId, audit: &AuditContext) -> StoreResult<Post> {
        publishing::create_post(&self.db, p, by, audit).await
    }
    async fn update_post(
        &self,
        id: i64,
        version: i32,
        p: &NewPost,
        by: UserId,
        audit: &AuditContext,
    ) -> StoreResult<Post> {
        publishing::update_post(&self.db, id, version, p, by, audit).await
    }
    async fn decide_post(
        &self,
        id: i64,
        d: &PostDecision,
        deliveries: &[(AccountId, Outbound)],
        audit: &AuditContext,
    ) -> StoreResult<(Post, Vec<Delivery>)> {
        publishing::decide_post(&self.db, id, d, deliveries, audit).await
    }
    async fn change_post_image(
        &self,
        id: i64,
        version: i32,
        add: Option<&PostImage>,
        remove: Option<i32>,
        audit: &AuditContext,
    ) -> StoreResult<Post> {
        publishing::change_post_image(&self.db, id, version, add, remove, audit).await
    }
    async fn post(&self, id: i64) -> StoreResult<Option<Post>> {
        publishing::post(&self.db, id).await
    }
    async fn posts(&self, f: &PostFilter) -> StoreResult<Vec<Post>> {
        publishing::posts(&self.db, f).await
    }
    async fn post_deliveries(&self, post: i64) -> StoreResult<Vec<Delivery>> {
        publishing::post_deliveries(&self.db, post).await
    }
    async fn open_deliveries(&self) -> StoreResult<Vec<Delivery>> {
        publishing::open_deliveries(&self.db).await
    }

    async fn audit_entries(&self, filter: &AuditFilter) -> StoreResult<Vec<AuditEntry>> {
        audit::entries(&self.db, filter).await
    }
    async fn audit_after(&self, after: i64, limit: i64) -> StoreResult<Vec<AuditEntry>> {
        audit::after(&self.db, after, limit).await
    }
    async fn audit_head(&self) -> StoreResult<(i64, String)> {
        audit::head(&self.db).await
    }

    async fn item_texts(
        &self,
        agency: Option<AgencyId>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<ItemText>> {
        reports::item_texts(&self.db, agency, from, to, limit).await
    }
    async fn note_hot_issue(
        &self,
        key: &str,
        label: &str,
        period_start: NaiveDate,
        count: i64,
        previous: i64,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        reports::note_hot_issue(&self.db, key, label, period_start, count, previous, at).await
    }
    async fn hot_issues_since(&self, since: NaiveDate) -> StoreResult<Vec<humas_core::insight::HotIssue>> {
        reports::hot_issues_since(&self.db, since).await
    }
    async fn recommendations(&self, agency: Option<AgencyId>) -> StoreResult<Vec<Recommendation>> {
        reports::recommendations(&self.db, agency).await
    }
    async fn recommendation(&self, id: i64) -> StoreResult<Option<Recommendation>> {
        reports::recommendation(&self.db, id).await
    }
    async fn create_recommendation(
        &self,
        r: &RecommendationInput,
        by: UserId,
        audit: &AuditContext,
    ) -> StoreResult<Recommendation> {
        reports::create_recommendation(&self.db, r, by, audit).await
    }
    async fn change_recommendation(
        &self,
        id: i64,
        c: &RecommendationChange,
        audit: &AuditContext,
    ) -> StoreResult<Option<Recommendation>> {
        reports::change_recommendation(&self.db, id, c, audit).await
    }
    async fn report_facts(
        &self,
        agency: Option<AgencyId>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        tz_secs: i32,
        detail: humas_core::report::FactsDetail,
    ) -> StoreResult<Facts> {
        reports::report_facts(&self.db, agency, from, to, tz_secs, detail).await
    }
    async fn report_records(&self, year: i32, agency: Option<AgencyId>) -> StoreResult<Vec<ReportRecord>> {
        reports::report_records(&self.db, year, agency).await
    }
    async fn save_report_narratives(
        &self,
        agency: AgencyId,
        year: i32,
        n: &Narratives,
        version: i64,
        audit: &AuditContext,
    ) -> StoreResult<Option<ReportRecord>> {
        reports::save_report_narratives(&self.db, agency, year, n, version, audit).await
    }
    async fn submit_report(
        &self,
        agency: AgencyId,
        year: i32,
        version: i64,
        content: &str,
        by: UserId,
        audit: &AuditContext,
    ) -> StoreResult<Option<ReportRecord>> {
        reports::submit_report(&self.db, agency, year, version, content, by, audit).await
    }
    async fn move_report(
        &self,
        agency: AgencyId,
        year: i32,
        from: ReportStatus,
        to: ReportStatus,
        audit: &AuditContext,
    ) -> StoreResult<Option<ReportRecord>> {
        reports::move_report(&self.db, agency, year, from, to, audit).await
    }
    async fn report_version(&self, report_id: i64, number: i64) -> StoreResult<Option<String>> {
        reports::report_version(&self.db, report_id, number).await
    }
    async fn report_deadline(&self, year: i32) -> StoreResult<Option<NaiveDate>> {
        reports::report_deadline(&self.db, year).await
    }
    async fn set_report_deadline(&self, year: i32, due: NaiveDate, audit: &AuditContext) -> StoreResult<()> {
        reports::set_report_deadline(&self.db, year, due, audit).await
    }
    async fn evaluation_weights(&self, year: i32) -> StoreResult<Vec<(String, f64)>> {
        reports::evaluation_weights(&self.db, year).await
    }
    async fn save_evaluation_weights(&self, year: i32, w: &[(String, f64)], audit: &AuditContext) -> StoreResult<()> {
        reports::save_evaluation_weights(&self.db, year, w, audit).await
    }
    async fn evaluation_marks(&self, year: i32, targets: bool) -> StoreResult<Vec<(AgencyId, String, f64, String)>> {
        reports::evaluation_marks(&self.db, year, targets).await
    }
    async fn save_evaluation_mark(
        &self,
        year: i32,
        agency: AgencyId,
        code: &str,
        value: Option<f64>,
        note: &str,
        targets: bool,
        audit: &AuditContext,
    ) -> StoreResult<()> {
        reports::save_evaluation_mark(&self.db, year, agency, code, value, note, targets, audit).await
    }
}
