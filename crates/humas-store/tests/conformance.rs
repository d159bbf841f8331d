//! The store conformance suite: the same tests on SQLite and, when
//! `HUMAS_TEST_DATABASE_URL` is set, on PostgreSQL. They go through the
//! service layer, so they also check what the service asks of the store.

use chrono::{Duration, NaiveDate, Utc};
use humas_core::account::AccountStatus;
use humas_core::agency::AgencyInput;
use humas_core::clock::Clock;
use humas_core::store::AccountFilter;
use humas_core::user::UserInput;
use humas_core::{Error, Role};

mod common;
use common::*;

on_each_engine! {
    async fn agencies_round_trip_and_duplicate_codes_conflict(e: Env) {
        let id = agency(&e, "DPUPR").await;
        let a = e.humas.agency(id).await.expect("read back");
        assert_eq!(a.code, "DPUPR");
        assert_eq!(a.affairs, vec!["jalan"]);
        assert_eq!(a.created_at, e.clock.now(), "timestamps round-trip to the microsecond");
        let dup = e.humas.create_agency(&e.sys, agency_input("dpupr")).await;
        assert!(matches!(dup, Err(Error::Conflict { .. })), "{dup:?}");
        assert_eq!(e.humas.agencies().await.expect("list").len(), 1);
        let updated = e.humas.update_agency(&e.sys, id, AgencyInput { name: "Dinas PUPR".into(), ..agency_input("DPUPR") }).await.expect("update");
        assert_eq!(updated.name, "Dinas PUPR");
    }

    async fn sessions_expire_and_end_when_a_user_is_disabled(e: Env) {
        let id = agency(&e, "DINKES").await;
        let user = e.humas.create_user(&e.sys, UserInput {
            username: "petugas".into(), display_name: "Petugas".into(), email: String::new(),
            role: Role::Operator, agency_id: Some(id), password: "kata-sandi-panjang".into(),
        }).await.expect("user");
        let login = e.humas.login("Petugas", "kata-sandi-panjang", "10.0.0.1").await.expect("login");
        assert_eq!(login.actor.agency_id, Some(id));
        assert!(e.humas.authenticate(&login.token).await.expect("auth").is_some());
        e.clock.advance(Duration::hours(13));
        assert!(e.humas.authenticate(&login.token).await.expect("auth").is_none(), "expired after 12 h");
        let token = e.humas.issue_api_token("petugas").await.expect("token");
        assert!(e.humas.authenticate(&token).await.expect("auth").is_some_and(|a| a.via_api_token));
        e.humas.set_user_disabled(&e.sys, user.id, true).await.expect("disable");
        assert!(e.humas.authenticate(&token).await.expect("auth").is_none(), "tokens end with the user");
        assert!(e.humas.login("petugas", "kata-sandi-panjang", "10.0.0.1").await.is_err());
    }

    async fn repeated_failed_logins_are_refused_for_a_while(e: Env) {
        e.humas.create_user(&e.sys, UserInput {
            username: "admin2".into(), display_name: "Admin".into(), email: String::new(),
            role: Role::DinasAdmin, agency_id: None, password: "kata-sandi-panjang".into(),
        }).await.expect("user");
        for _ in 0..5 {
            assert!(matches!(e.humas.login("admin2", "salah-salah-salah", "10.0.0.2").await, Err(Error::Invalid { .. })));
        }
        let blocked = e.humas.login("admin2", "kata-sandi-panjang", "10.0.0.3").await;
        assert!(matches!(blocked, Err(Error::RateLimited { .. })), "even the right password waits: {blocked:?}");
        e.clock.advance(Duration::minutes(16));
        assert!(e.humas.login("admin2", "kata-sandi-panjang", "10.0.0.3").await.is_ok());
    }

    async fn the_account_lifecycle_needs_a_decree_and_moves_once(e: Env) {
        let id = agency(&e, "DISKOMINFO").await;
        let bare = e.humas.create_account(&e.sys, account_input(id, "tanpa_sk", None)).await.expect("draft");
        let r = e.humas.request_verification(&e.sys, bare.id).await;
        assert!(matches!(r, Err(Error::Conflict { code: "decree_required", .. })), "{r:?}");

        let expired = decree(&e, id, "800/1/2025", NaiveDate::from_ymd_opt(2025, 12, 31)).await;
        let old = e.humas.create_account(&e.sys, account_input(id, "sk_lama", Some(expired))).await.expect("draft");
        let r = e.humas.request_verification(&e.sys, old.id).await;
        assert!(matches!(r, Err(Error::Conflict { code: "decree_expired", .. })), "{r:?}");
        let flags = e.humas.account_flags(std::slice::from_ref(&old)).await.expect("flags");
        assert!(flags[0].decree_expired);

        let sk = decree(&e, id, "800/2/2026", NaiveDate::from_ymd_opt(2026, 12, 31)).await;
        let a = e.humas.create_account(&e.sys, account_input(id, "diskominfo_kobar", Some(sk))).await.expect("draft");
        assert_eq!(a.status, AccountStatus::Draft);
        let a = e.humas.request_verification(&e.sys, a.id).await.expect("request");
        assert_eq!(a.status, AccountStatus::Requested);
        // Two Dinas admins press "verify" at once: exactly one succeeds.
        let (x, y) = tokio::join!(e.humas.verify_account(&e.sys, a.id), e.humas.verify_account(&e.sys, a.id));
        assert_eq!([x.is_ok(), y.is_ok()].iter().filter(|ok| **ok).count(), 1, "{x:?} {y:?}");
        let a = e.humas.store.account(a.id).await.expect("read").expect("exists");
        assert_eq!(a.status, AccountStatus::Verified);
        assert!(a.verified_at.is_some());
        let archived = e.humas.archive_account(&e.sys, a.id, "Diganti akun baru").await.expect("archive");
        assert_eq!(archived.status_note, "Diganti akun baru");
        assert!(e.humas.archive_account(&e.sys, a.id, "lagi").await.is_err());
        let drafts = e.humas.store.accounts(&AccountFilter { status: Some(AccountStatus::Draft), ..Default::default() }).await.expect("list");
        assert_eq!(drafts.len(), 2);
    }

    async fn duplicate_accounts_conflict_by_url_and_by_handle(e: Env) {
        let id = agency(&e, "DLH").await;
        e.humas.create_account(&e.sys, account_input(id, "dlh_kobar", None)).await.expect("first");
        let mut same_url = account_input(id, "lain", None);
        same_url.url = "http://instagram.com/DLH_Kobar/".into();
        assert!(matches!(e.humas.create_account(&e.sys, same_url).await, Err(Error::Conflict { .. })));
        let mut same_handle = account_input(id, "@DLH_KOBAR", None);
        same_handle.url = "https://instagram.com/other".into();
        assert!(matches!(e.humas.create_account(&e.sys, same_handle).await, Err(Error::Conflict { .. })));
        assert_eq!(e.humas.store.accounts(&AccountFilter::default()).await.expect("list").len(), 1, "nothing half-written");
    }

    async fn lookups_find_accounts_by_url_variants_and_handles(e: Env) {
        let id = agency(&e, "DISKOMINFO").await;
        let sk = decree(&e, id, "800/3/2026", None).await;
        let a = e.humas.create_account(&e.sys, account_input(id, "Diskominfo_Kobar", Some(sk))).await.expect("draft");
        let unknown = e.humas.verify_lookup("https://instagram.com/diskominfo_kobar").await.expect("lookup");
        assert!(!unknown.official, "a draft is not public");
        assert_eq!(unknown.status, "unknown");
        e.humas.request_verification(&e.sys, a.id).await.expect("request");
        e.humas.verify_account(&e.sys, a.id).await.expect("verify");
        for q in ["https://instagram.com/diskominfo_kobar", "http://m.instagram.com/DISKOMINFO_KOBAR/?igsh=1", "www.instagram.com/diskominfo_kobar/", "@diskominfo_kobar", "Diskominfo_Kobar"] {
            let v = e.humas.verify_lookup(q).await.expect("lookup");
            assert!(v.official, "{q}");
            assert_eq!(v.agency.map(|a| a.code).as_deref(), Some("DISKOMINFO"));
        }
        assert!(!e.humas.verify_lookup("https://instagram.com/diskominfo_kobar_asli").await.expect("lookup").official);
        e.humas.archive_account(&e.sys, a.id, "tidak dipakai").await.expect("archive");
        let v = e.humas.verify_lookup("@diskominfo_kobar").await.expect("lookup");
        assert_eq!((v.official, v.status.as_str()), (false, "archived"));
    }

    async fn the_audit_chain_verifies_and_names_a_tampered_row(e: Env) {
        for code in ["A1", "A2", "A3"] {
            agency(&e, code).await;
        }
        let n = e.humas.verify_audit().await.expect("verify").expect("intact");
        assert_eq!(n, 4, "region + three agencies");
        let rows = e.humas.audit_entries(&e.sys, &Default::default()).await.expect("entries");
        assert_eq!(rows[0].action, "agency.create");
        assert!(rows[0].after.as_deref().is_some_and(|a| a.contains("A3")));
        e.store.tamper_audit_row(3, Some("{\"code\":\"XX\"}")).await.expect("tamper");
        assert_eq!(e.humas.verify_audit().await.expect("verify").map_err(|b| b.seq), Err(3));
    }

    async fn a_deleted_audit_row_is_detected(e: Env) {
        agency(&e, "B1").await;
        agency(&e, "B2").await;
        e.store.tamper_audit_row(3, None).await.expect("delete last");
        assert_eq!(e.humas.verify_audit().await.expect("verify").map_err(|b| b.seq), Err(3));
    }

    async fn concurrent_writes_keep_one_unbroken_chain(e: Env) {
        let tasks: Vec<_> = (0..16).map(|i| {
            let h = e.humas.clone();
            let sys = e.sys.clone();
            tokio::spawn(async move { h.create_agency(&sys, agency_input(&format!("C{i:02}"))).await })
        }).collect();
        for t in tasks {
            t.await.expect("join").expect("create");
        }
        assert_eq!(e.humas.verify_audit().await.expect("verify").expect("intact"), 17);
    }

    async fn activity_marks_never_move_backwards(e: Env) {
        let id = agency(&e, "PDAM").await;
        let a = e.humas.create_account(&e.sys, account_input(id, "pdam", None)).await.expect("draft");
        let now = e.clock.now();
        e.store_activity(a.id, now).await;
        e.store_activity(a.id, now - Duration::days(3)).await;
        let a = e.humas.store.account(a.id).await.expect("read").expect("exists");
        assert_eq!(a.last_activity_at, Some(now));
    }
}

impl Env {
    async fn store_activity(&self, id: humas_core::ids::AccountId, at: chrono::DateTime<Utc>) {
        use humas_core::store::Store;
        self.store.record_account_activity(id, at).await.expect("activity");
    }
}

/// The ingest benchmark's baseline has the same B-tree indexes as `items`
/// (SQLite, where the budget is measured): an index added to `items` without
/// adding it to the baseline would make the ratio unfair in either direction.
#[tokio::test]
async fn the_bench_baseline_has_the_indexes_of_items() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-baseline");
    let store = humas_store::testing::fresh_store("sqlite", &dir).await;
    humas_store::bench::prepare(&store.db).await.expect("baseline table");
    let humas_store::Db::Sqlite(pool) = &store.db else { unreachable!("asked for SQLite") };
    let indexes = |table: &'static str| async move {
        let list: Vec<(i64, String, bool, String, bool)> =
            sqlx::query_as(sqlx::AssertSqlSafe(format!("PRAGMA index_list({table})")))
                .fetch_all(pool)
                .await
                .expect("list");
        let mut out = Vec::new();
        for (_, name, unique, _, _) in list {
            let cols: Vec<(i64, i64, Option<String>)> =
                sqlx::query_as(sqlx::AssertSqlSafe(format!("PRAGMA index_info({name})")))
                    .fetch_all(pool)
                    .await
                    .expect("info");
            out.push((unique, cols.into_iter().map(|c| c.2.unwrap_or_default()).collect::<Vec<_>>().join(",")));
        }
        out.sort();
        out
    };
    let items = indexes("items").await;
    assert_eq!(items.len(), humas_store::bench::BASELINE_INDEXES.len(), "{items:?}");
    assert_eq!(indexes("bench_raw").await, items);
}
