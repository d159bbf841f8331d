//! Connections, polling and deliveries on both engines, against a scripted
//! in-test adapter (the real adapters are tested against the peers in
//! `humas-channels` and end to end in the binary's tests): cursors, backoff,
//! the circuit breaker, and no double delivery when an answer is lost.

#![allow(clippy::unwrap_used)] // a test fails by panicking

mod common;
use common::*;

use chrono::Duration;
use humas_core::account::Platform;
use humas_core::channel::{
    Adapter, Capabilities, ChannelError, ChannelErrorKind, ChannelResult, Connection, Delivered, DeliveryStatus,
    Fetched, FetchedItem, Gateway, Outbound, PostMetrics, RemoteAccount,
};
use humas_core::clock::Clock;
use humas_core::desk::ItemFilter;
use humas_core::ids::AccountId;
use humas_core::secret::Sealer;
use humas_core::service::ConnectionInput;
use humas_core::{Actor, Error, Humas, Role};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

#[derive(Default)]
struct Script {
    fetches: VecDeque<ChannelResult<Fetched>>,
    cursors_seen: Vec<String>,
    posted: Vec<(String, Delivered)>,
    /// The next delivery reaches the platform but its answer is lost.
    lose_next_answer: bool,
    fail_next_delivery: Option<ChannelErrorKind>,
    secrets_seen: Vec<String>,
}

#[derive(Default, Clone)]
struct Fake(Arc<Mutex<Script>>);

#[async_trait::async_trait]
impl Adapter for Fake {
    fn capabilities(&self) -> Capabilities {
        Capabilities {
            publish: true,
            fetch: true,
            reply: true,
            account_metrics: true,
            post_metrics: true,
            images: false,
        }
    }
    async fn check(&self, conn: &Connection) -> ChannelResult<RemoteAccount> {
        self.0.lock().unwrap().secrets_seen.push(conn.secret.clone());
        if conn.secret == "revoked" {
            return Err(ChannelError::new(ChannelErrorKind::Auth, "HTTP 401: invalid token"));
        }
        Ok(RemoteAccount { id: "1".into(), name: "@dinas".into(), url: String::new(), followers: Some(10) })
    }
    async fn fetch(&self, _conn: &Connection, cursor: &str) -> ChannelResult<Fetched> {
        let mut s = self.0.lock().unwrap();
        s.cursors_seen.push(cursor.to_string());
        s.fetches.pop_front().unwrap_or_else(|| Ok(Fetched { items: vec![], cursor: cursor.to_string() }))
    }
    async fn deliver(&self, _conn: &Connection, out: &Outbound) -> ChannelResult<Delivered> {
        let mut s = self.0.lock().unwrap();
        if let Some(kind) = s.fail_next_delivery.take() {
            return Err(ChannelError::new(kind, "scripted"));
        }
        let d = Delivered { remote_id: format!("r{}", s.posted.len() + 1), url: "https://x.test/r".into() };
        s.posted.push((out.key().to_string(), d.clone()));
        if std::mem::take(&mut s.lose_next_answer) {
            return Err(ChannelError::new(ChannelErrorKind::Timeout, "answer lost"));
        }
        Ok(d)
    }
    async fn find_delivered(&self, _conn: &Connection, out: &Outbound) -> ChannelResult<Option<Delivered>> {
        Ok(self.0.lock().unwrap().posted.iter().find(|(k, _)| k == out.key()).map(|(_, d)| d.clone()))
    }
    async fn post_metrics(&self, _conn: &Connection, remote_id: &str) -> ChannelResult<PostMetrics> {
        assert_eq!(remote_id, "r1");
        Ok(PostMetrics { shares: Some(7), comments: Some(2), likes: Some(30), views: None })
    }
}

struct FakeGateway(Fake);
impl Gateway for FakeGateway {
    fn adapter(&self, platform: Platform) -> Option<Arc<dyn Adapter>> {
        (platform == Platform::Mastodon).then(|| Arc::new(self.0.clone()) as Arc<dyn Adapter>)
    }
}

fn item(remote: &str, text: &str) -> FetchedItem {
    FetchedItem {
        remote_id: remote.into(),
        thread_id: Some("post-1".into()),
        parent_remote_id: Some("post-1".into()),
        author_handle: "@warga".into(),
        author_name: "Warga".into(),
        text: text.into(),
        link: format!("https://x.test/{remote}"),
        written_at: None,
    }
}

struct Setup {
    humas: Humas,
    fake: Fake,
    account: AccountId,
    official: Actor,
    operator: Actor,
    other_official: Actor,
}

async fn setup(e: &Env) -> Setup {
    let fake = Fake::default();
    let key = Sealer::generate_key().unwrap();
    let humas = e.humas.clone().with_channels(Arc::new(FakeGateway(fake.clone())), Sealer::from_base64(&key).unwrap());
    let a = agency(e, "DISKOMINFO").await;
    let b = agency(e, "DPUPR").await;
    let official = user(e, "pejabat.a", Role::Official, Some(a)).await;
    let operator = user(e, "petugas.a", Role::Operator, Some(a)).await;
    let other_official = user(e, "pejabat.b", Role::Official, Some(b)).await;
    let sk = decree(e, a, "800/1/2026", None).await;
    let mut input = account_input(a, "diskominfo_kobar", Some(sk));
    input.platform = "mastodon".into();
    input.kind = "microblog".into();
    input.url = "https://mastodon.example/@diskominfo_kobar".into();
    let account = humas.create_account(&official, input).await.unwrap().id;
    humas.request_verification(&official, account).await.unwrap();
    humas.verify_account(&e.sys, account).await.unwrap();
    Setup { humas, fake, account, official, operator, other_official }
}

fn input(secret: &str) -> ConnectionInput {
    ConnectionInput {
        endpoint: "https://mastodon.example/".into(),
        secret: secret.into(),
        poll_minutes: Some(5),
        enabled: true,
        ..ConnectionInput::default()
    }
}

on_each_engine! {
    async fn connecting_seals_the_secret_and_checks_roles(e: Env) {
        let s = setup(&e).await;
        assert!(matches!(s.humas.connect_account(&s.operator, s.account, input("tok")).await, Err(Error::Forbidden)));
        assert!(matches!(s.humas.connect_account(&s.other_official, s.account, input("tok")).await, Err(Error::NotFound(_))));
        let bad = ConnectionInput { endpoint: "javascript:alert(1)".into(), ..input("tok") };
        assert!(matches!(s.humas.connect_account(&s.official, s.account, bad).await, Err(Error::Invalid { field: "endpoint", .. })));
        let bad = ConnectionInput { poll_minutes: Some(0), ..input("tok") };
        assert!(matches!(s.humas.connect_account(&s.official, s.account, bad).await, Err(Error::Invalid { field: "poll_minutes", .. })));

        let (view, check) = s.humas.connect_account(&s.official, s.account, input("rahasia-token-xyz")).await.unwrap();
        assert!(check.ok, "{}", check.message);
        assert_eq!(view.remote_name, "@dinas");
        assert_eq!(view.endpoint, "https://mastodon.example");
        let stored = humas_core::store::Store::channel(&e.store, s.account).await.unwrap().unwrap();
        assert!(!stored.secret_sealed.contains("rahasia"), "sealed at rest");
        assert_eq!(s.fake.0.lock().unwrap().secrets_seen.last().unwrap(), "rahasia-token-xyz");
        let audit = s.humas.audit_entries(&e.sys, &Default::default()).await.unwrap();
        assert!(audit.iter().all(|a| !a.after.as_deref().unwrap_or("").contains("rahasia")), "no secret in the audit log");

        // An empty secret keeps the stored one; a revoked one is explained.
        let (_, check) = s.humas.connect_account(&s.official, s.account, input("")).await.unwrap();
        assert!(check.ok);
        let (_, check) = s.humas.connect_account(&s.official, s.account, input("revoked")).await.unwrap();
        assert_eq!(check.error_kind, Some(ChannelErrorKind::Auth));
        assert!(check.message.contains("kedaluwarsa"), "{}", check.message);
        // Without a key nothing is saved.
        let plain = e.humas.clone();
        assert!(plain.connect_account(&s.official, s.account, input("x")).await.is_err());
    }

    async fn polling_stores_items_then_the_cursor_and_skips_what_it_cannot_take(e: Env) {
        let s = setup(&e).await;
        s.humas.connect_account(&s.official, s.account, input("tok")).await.unwrap();
        s.fake.0.lock().unwrap().fetches.extend([
            Ok(Fetched { items: vec![item("m1", "Jalan di Arut Selatan rusak parah"), item("m2", "  ")], cursor: "c1".into() }),
            Ok(Fetched { items: vec![item("m1", "Jalan di Arut Selatan rusak parah"), item("m3", "Kapan pasar buka?")], cursor: "c2".into() }),
        ]);
        let r = s.humas.sync_account(s.account).await.unwrap();
        assert_eq!((r.fetched, r.created, r.rejected), (2, 1, 1));
        assert_eq!(r.next_at, Some(e.clock.now() + Duration::minutes(5)));
        let r = s.humas.sync_account(s.account).await.unwrap();
        assert_eq!((r.created, r.rejected), (1, 0), "m1 again is not a second item");
        assert_eq!(s.fake.0.lock().unwrap().cursors_seen, vec!["".to_string(), "c1".to_string()]);
        let view = s.humas.connection(&s.official, s.account).await.unwrap().unwrap();
        assert_eq!((view.items_total, view.last_items, view.failures), (2, 1, 0));
        assert!(view.last_success_at.is_some());
        let inbox = s.humas.inbox(&s.operator, ItemFilter::default()).await.unwrap();
        assert_eq!(inbox.items.len(), 2);
    }

    async fn failures_back_off_open_the_breaker_once_and_success_closes_it(e: Env) {
        let s = setup(&e).await;
        s.humas.connect_account(&s.official, s.account, input("tok")).await.unwrap();
        let down = || Err(ChannelError::new(ChannelErrorKind::Unavailable, "HTTP 503"));
        s.fake.0.lock().unwrap().fetches.extend((0..6).map(|_| down()));
        let mut waits = vec![];
        for _ in 0..6 {
            let r = s.humas.sync_account(s.account).await.unwrap();
            assert_eq!(r.error, Some(ChannelErrorKind::Unavailable));
            waits.push((r.next_at.unwrap() - e.clock.now()).num_seconds());
        }
        assert!(waits[1] > waits[0] && waits[2] > waits[1], "backoff grows: {waits:?}");
        let view = s.humas.connection(&s.official, s.account).await.unwrap().unwrap();
        assert_eq!(view.failures, 6);
        assert!(view.paused_until.is_some(), "breaker open");
        assert!(view.last_error.contains("gangguan"), "{}", view.last_error);
        let notes = s.humas.notifications(&s.official).await.unwrap();
        assert_eq!(notes.iter().filter(|n| n.kind == "channel").count(), 1, "told once");
        // Rate limited: never before Retry-After.
        let mut limited = ChannelError::new(ChannelErrorKind::RateLimited, "HTTP 429");
        limited.retry_after = Some(std::time::Duration::from_secs(7200));
        s.fake.0.lock().unwrap().fetches.push_back(Err(limited));
        let r = s.humas.sync_account(s.account).await.unwrap();
        assert!(r.next_at.unwrap() >= e.clock.now() + Duration::seconds(7200));
        // Works again: the breaker closes.
        let r = s.humas.sync_account(s.account).await.unwrap();
        assert_eq!(r.error, None);
        let view = s.humas.connection(&s.official, s.account).await.unwrap().unwrap();
        assert_eq!((view.failures, view.paused_until, view.last_error.as_str()), (0, None, ""));
    }

    async fn an_answer_is_delivered_once_even_when_the_platform_answer_is_lost(e: Env) {
        let s = setup(&e).await;
        s.humas.connect_account(&s.official, s.account, input("tok")).await.unwrap();
        s.fake.0.lock().unwrap().fetches.push_back(Ok(Fetched { items: vec![item("m1", "Kapan jalan diperbaiki?")], cursor: "c1".into() }));
        s.humas.sync_account(s.account).await.unwrap();
        let id = s.humas.inbox(&s.operator, ItemFilter::default()).await.unwrap().items[0].id;

        s.fake.0.lock().unwrap().lose_next_answer = true;
        s.humas.answer_item(&s.operator, id, "Sudah dijadwalkan pekan depan.", "").await.unwrap();
        let d = s.humas.item_deliveries(&s.operator, id).await.unwrap();
        assert_eq!(d.len(), 1);
        match &d[0].outbound {
            Outbound::Reply { parent_remote_id, text, .. } => {
                assert_eq!(parent_remote_id, "m1");
                assert_eq!(text, "Sudah dijadwalkan pekan depan.");
            }
            other => panic!("{other:?}"),
        }
        // The job runs: the platform got it, the answer was lost: retrying.
        while s.humas.run_next_job().await.unwrap() {}
        let d = s.humas.item_deliveries(&s.operator, id).await.unwrap().remove(0);
        assert_eq!(d.status, DeliveryStatus::Retrying, "{}", d.last_error);
        // Later the retry first looks on the platform and finds it.
        e.clock.advance(Duration::hours(1));
        while s.humas.run_next_job().await.unwrap() {}
        let d = s.humas.item_deliveries(&s.operator, id).await.unwrap().remove(0);
        assert_eq!(d.status, DeliveryStatus::Delivered);
        assert_eq!(d.remote_id, "r1");
        assert_eq!(s.fake.0.lock().unwrap().posted.len(), 1, "exactly one reply on the platform");
    }

    async fn a_refused_delivery_fails_tells_the_agency_and_can_be_retried(e: Env) {
        let s = setup(&e).await;
        s.humas.connect_account(&s.official, s.account, input("tok")).await.unwrap();
        s.fake.0.lock().unwrap().fetches.push_back(Ok(Fetched { items: vec![item("m1", "Tolong lampu jalan mati")], cursor: "c1".into() }));
        s.humas.sync_account(s.account).await.unwrap();
        let id = s.humas.inbox(&s.operator, ItemFilter::default()).await.unwrap().items[0].id;
        s.fake.0.lock().unwrap().fail_next_delivery = Some(ChannelErrorKind::Auth);
        s.humas.answer_item(&s.operator, id, "Sudah diteruskan ke PLN.", "").await.unwrap();
        while s.humas.run_next_job().await.unwrap() {}
        let d = s.humas.item_deliveries(&s.operator, id).await.unwrap().remove(0);
        assert_eq!(d.status, DeliveryStatus::Failed);
        assert!(s.humas.notifications(&s.operator).await.unwrap().iter().any(|n| n.kind == "delivery"));
        assert!(matches!(s.humas.retry_delivery(&s.other_official, d.id).await, Err(Error::NotFound(_))));
        s.humas.retry_delivery(&s.operator, d.id).await.unwrap();
        while s.humas.run_next_job().await.unwrap() {}
        let d = s.humas.item_deliveries(&s.operator, id).await.unwrap().remove(0);
        assert_eq!(d.status, DeliveryStatus::Delivered);
        assert!(s.humas.cancel_delivery(&s.operator, d.id).await.is_err(), "a delivered reply cannot be cancelled");
    }

    async fn the_recurring_jobs_poll_connected_accounts(e: Env) {
        let s = setup(&e).await;
        s.humas.connect_account(&s.official, s.account, input("tok")).await.unwrap();
        s.fake.0.lock().unwrap().fetches.push_back(Ok(Fetched { items: vec![item("m9", "Info beasiswa?")], cursor: "c9".into() }));
        s.humas.ensure_recurring_jobs().await.unwrap();
        while s.humas.run_next_job().await.unwrap() {}
        assert_eq!(s.humas.inbox(&s.operator, ItemFilter::default()).await.unwrap().items.len(), 1);
        // The next poll is queued one interval later, not now.
        s.fake.0.lock().unwrap().fetches.push_back(Ok(Fetched { items: vec![item("m10", "Terima kasih")], cursor: "c10".into() }));
        assert!(!s.humas.run_next_job().await.unwrap() || s.humas.inbox(&s.operator, ItemFilter::default()).await.unwrap().items.len() == 1);
        e.clock.advance(Duration::minutes(6));
        while s.humas.run_next_job().await.unwrap() {}
        assert_eq!(s.humas.inbox(&s.operator, ItemFilter::default()).await.unwrap().items.len(), 2);
        s.humas.disconnect_account(&s.official, s.account).await.unwrap();
        assert!(s.humas.connection(&s.official, s.account).await.unwrap().is_none());
    }

    async fn audience_snapshots_keep_an_officers_figure_and_follow_published_posts(e: Env) {
        use humas_core::metrics::{AccountMetricInput, MetricSource};
        let s = setup(&e).await;
        s.humas.connect_account(&s.official, s.account, input("tok")).await.unwrap();
        let today = s.humas.today().await.unwrap();
        // A post delivered through the account.
        let post = Outbound::Post { key: "p1".into(), title: String::new(), text: "Halo #KobarMaju".into(), link: String::new(), media: vec![] };
        let agency = s.official.agency_id.unwrap();
        let d = humas_core::store::Store::create_delivery(&e.store, s.account, agency, None, &post, &humas_core::audit::AuditContext::new(&e.sys, "test", e.clock.now())).await.unwrap();
        assert_eq!(s.humas.deliver(d.id).await.unwrap().status, DeliveryStatus::Delivered);

        assert_eq!(s.humas.snapshot_metrics().await.unwrap(), (1, 1));
        let m = s.humas.account_metrics(&s.operator, s.account, today, today).await.unwrap();
        assert_eq!((m[0].followers, m[0].source), (10, MetricSource::Platform));
        let p = s.humas.post_metrics(&s.operator, d.id).await.unwrap();
        assert_eq!((p[0].shares, p[0].likes, p[0].views), (Some(7), Some(30), None));

        // An officer's figure wins, also over a later platform snapshot the same day.
        let manual = AccountMetricInput { day: today, followers: 12_500, note: "dari Meta Business Suite".into() };
        s.humas.record_followers(&s.operator, s.account, manual).await.unwrap();
        s.humas.snapshot_metrics().await.unwrap();
        let m = s.humas.account_metrics(&s.official, s.account, today - Duration::days(1), today).await.unwrap();
        assert_eq!(m.len(), 1);
        assert_eq!((m[0].followers, m[0].source), (12_500, MetricSource::Manual));

        let future = AccountMetricInput { day: today + Duration::days(1), followers: 1, note: String::new() };
        assert!(matches!(s.humas.record_followers(&s.operator, s.account, future).await, Err(Error::Invalid { field: "day", .. })));
        let negative = AccountMetricInput { day: today, followers: -5, note: String::new() };
        assert!(matches!(s.humas.record_followers(&s.operator, s.account, negative).await, Err(Error::Invalid { field: "followers", .. })));
        let other = AccountMetricInput { day: today, followers: 1, note: String::new() };
        assert!(matches!(s.humas.record_followers(&s.other_official, s.account, other).await, Err(Error::NotFound(_))));
    }

    async fn a_message_is_composed_checked_approved_by_another_official_and_delivered_at_its_time(e: Env) {
        use humas_core::publishing::{PostInput, PostStatus, PostTarget, default_rules};
        let s = setup(&e).await;
        s.humas.connect_account(&s.official, s.account, input("tok")).await.unwrap();
        // The rules that ship are the ones in the database.
        let mut stored = s.humas.platform_rules().await.unwrap();
        let mut shipped = default_rules();
        stored.sort_by_key(|r| r.platform.as_str());
        shipped.sort_by_key(|r| r.platform.as_str());
        assert_eq!(stored, shipped);

        let agency = s.official.agency_id.unwrap();
        // The region is Asia/Pontianak (UTC+7): the form's local time.
        let at = (e.clock.now() + Duration::hours(3) + Duration::hours(7)).format("%Y-%m-%dT%H:%M").to_string();
        let draft = PostInput {
            agency_id: Some(agency),
            body: "Posyandu buka Sabtu pukul 08.00 di semua kelurahan.".into(),
            hashtag: "KobarSehat".into(),
            category: Some("agency_activity".into()),
            targets: vec![PostTarget { account_id: s.account, variant: String::new() }],
            scheduled_local: Some(at),
            ..PostInput::default()
        };
        let v = s.humas.create_post(&s.operator, draft.clone()).await.unwrap();
        assert!(v.findings.is_empty(), "{:?}", v.findings);
        assert_eq!(v.texts[0].1, "#KobarSehat Posyandu buka Sabtu pukul 08.00 di semua kelurahan.");
        let id = v.post.id;

        // Two editors of one draft: the second save of the same version is refused.
        let edit = PostInput { version: Some(v.post.version), body: "Posyandu buka Sabtu pukul 08.00.".into(), ..draft.clone() };
        let saved = s.humas.update_post(&s.operator, id, edit.clone()).await.unwrap();
        let late = s.humas.update_post(&s.official, id, edit).await;
        assert!(matches!(late, Err(Error::Conflict { code: "stale_version", .. })), "{late:?}");

        // Only a submitted message can be approved; not by its author; not by another agency.
        assert!(s.humas.approve_post(&s.official, id, saved.post.version, "").await.is_err());
        let sub = s.humas.submit_post(&s.operator, id, saved.post.version).await.unwrap();
        assert_eq!(sub.post.status, PostStatus::Submitted);
        assert!(matches!(s.humas.approve_post(&s.operator, id, sub.post.version, "").await, Err(Error::Forbidden)), "an operator cannot approve");
        assert!(matches!(s.humas.approve_post(&s.other_official, id, sub.post.version, "").await, Err(Error::NotFound(_))));
        let ok = s.humas.approve_post(&s.official, id, sub.post.version, "").await.unwrap();
        assert_eq!(ok.post.status, PostStatus::Approved);
        assert_eq!(ok.deliveries.len(), 1);

        // Nothing goes out before the scheduled time; then exactly once.
        while s.humas.run_next_job().await.unwrap() {}
        assert!(s.fake.0.lock().unwrap().posted.is_empty(), "not before its time");
        e.clock.advance(Duration::hours(3) + Duration::minutes(1));
        while s.humas.run_next_job().await.unwrap() {}
        let v = s.humas.post_view(&s.operator, id).await.unwrap();
        assert_eq!(v.deliveries[0].status, humas_core::channel::DeliveryStatus::Delivered);
        assert_eq!(s.fake.0.lock().unwrap().posted.len(), 1);
        // Once out, it can no longer be edited.
        let edit = PostInput { version: Some(v.post.version), ..draft };
        assert!(matches!(s.humas.update_post(&s.operator, id, edit).await, Err(Error::Conflict { code: "already_sent", .. })));
    }

    async fn checks_block_submission_and_warnings_need_the_officials_reason(e: Env) {
        use humas_core::publishing::{PostInput, PostStatus, PostTarget};
        let s = setup(&e).await;
        s.humas.connect_account(&s.official, s.account, input("tok")).await.unwrap();
        let agency = s.official.agency_id.unwrap();
        let target = vec![PostTarget { account_id: s.account, variant: String::new() }];
        // A citizen's phone number is an error: it cannot be submitted.
        let bad = PostInput {
            agency_id: Some(agency),
            body: "Hubungi Pak Budi di 0812-3456-7890.".into(),
            hashtag: "Kobar".into(),
            category: Some("regional_issue".into()),
            targets: target.clone(),
            ..PostInput::default()
        };
        let v = s.humas.create_post(&s.operator, bad).await.unwrap();
        assert!(v.has_errors());
        assert!(matches!(s.humas.submit_post(&s.operator, v.post.id, v.post.version).await, Err(Error::Conflict { code: "checks_failed", .. })));
        // A link outside government domains is a warning: the Official approves with a reason.
        let warn = PostInput {
            agency_id: Some(agency),
            body: "Info lengkap di https://contoh.com/info".into(),
            hashtag: "Kobar".into(),
            category: Some("higher_policy".into()),
            targets: target.clone(),
            ..PostInput::default()
        };
        let v = s.humas.create_post(&s.operator, warn).await.unwrap();
        assert!(v.has_warnings() && !v.has_errors(), "{:?}", v.findings);
        let v = s.humas.submit_post(&s.operator, v.post.id, v.post.version).await.unwrap();
        assert!(matches!(s.humas.approve_post(&s.official, v.post.id, v.post.version, "ok").await, Err(Error::Invalid { field: "override_reason", .. })));
        let v = s.humas.approve_post(&s.official, v.post.id, v.post.version, "Situs mitra resmi Kementerian.").await.unwrap();
        assert_eq!(v.post.override_reason, "Situs mitra resmi Kementerian.");
        // Rejection returns it with a note; a past schedule is refused.
        let past = PostInput {
            agency_id: Some(agency),
            body: "x".into(),
            hashtag: "Kobar".into(),
            category: Some("agency_activity".into()),
            targets: target,
            scheduled_local: Some("2020-01-01T08:00".into()),
            ..PostInput::default()
        };
        assert!(matches!(s.humas.create_post(&s.operator, past.clone()).await, Err(Error::Invalid { field: "scheduled_local", .. })));
        let v = s.humas.create_post(&s.operator, PostInput { scheduled_local: None, ..past }).await.unwrap();
        let v = s.humas.submit_post(&s.operator, v.post.id, v.post.version).await.unwrap();
        assert!(s.humas.reject_post(&s.official, v.post.id, v.post.version, "").await.is_err(), "a reason is required");
        let v = s.humas.reject_post(&s.official, v.post.id, v.post.version, "Isi terlalu singkat.").await.unwrap();
        assert_eq!(v.post.status, PostStatus::Rejected);
        assert!(s.humas.notifications(&s.operator).await.unwrap().iter().any(|n| n.text.contains("dikembalikan")));
        // Another agency's officer cannot target this agency's account.
        let foreign = PostInput { agency_id: Some(agency), body: "x".into(), ..PostInput::default() };
        assert!(matches!(s.humas.create_post(&s.other_official, foreign).await, Err(Error::Forbidden)));
    }
}
