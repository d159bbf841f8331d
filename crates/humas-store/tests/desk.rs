//! The service desk on both engines, with a controlled clock: every path of
//! Lampiran B, the 24-hour clock per referral hop, idempotent ingest.

mod common;
use common::*;

use chrono::{Duration, TimeZone, Utc};
use humas_core::clock::Clock;
use humas_core::desk::{InboundItem, ItemFilter, ItemSource, ItemStatus, ReferralStatus};
use humas_core::ids::{AccountId, AgencyId};
use humas_core::service::PublicSubmission;
use humas_core::user::UserInput;
use humas_core::{Actor, Error, Role};

fn inbound(account: AccountId, remote: &str, text: &str) -> InboundItem {
    InboundItem {
        account_id: Some(account),
        remote_id: Some(remote.into()),
        author_handle: "@warga".into(),
        author_name: "Warga".into(),
        text: text.into(),
        ..Default::default()
    }
}

async fn operator(e: &Env, name: &str, agency: AgencyId) -> Actor {
    user(e, name, Role::Operator, Some(agency)).await
}

/// Three agencies (A owns the account, B and C receive referrals, D is a bystander).
struct Desk {
    a: AgencyId,
    b: AgencyId,
    c: AgencyId,
    op_a: Actor,
    op_b: Actor,
    op_c: Actor,
    op_d: Actor,
    account: AccountId,
}

async fn desk(e: &Env) -> Desk {
    let a = agency(e, "DISKOMINFO").await;
    let b = agency(e, "DPUPR").await;
    let c = agency(e, "DISPERKIM").await;
    let d = agency(e, "DINKES").await;
    let account = e.humas.create_account(&e.sys, account_input(a, "diskominfo_kobar", None)).await.expect("account").id;
    Desk {
        a,
        b,
        c,
        op_a: operator(e, "op.a", a).await,
        op_b: operator(e, "op.b", b).await,
        op_c: operator(e, "op.c", c).await,
        op_d: operator(e, "op.d", d).await,
        account,
    }
}

on_each_engine! {
    async fn the_same_remote_item_twice_is_one_item(e: Env) {
        let d = desk(&e).await;
        let batch = vec![inbound(d.account, "c-1", "jalan rusak"), inbound(d.account, "c-1", "jalan rusak")];
        let out = e.humas.ingest(&d.op_a, batch, ItemSource::Channel).await.expect("ingest");
        assert_eq!((out[0].created, out[1].created), (true, false));
        assert_eq!(out[0].id, out[1].id);
        let again = e.humas.ingest(&d.op_a, vec![inbound(d.account, "c-1", "jalan rusak")], ItemSource::Channel).await.expect("ingest");
        assert_eq!((again[0].created, again[0].id), (false, out[0].id));
        assert_eq!(e.humas.inbox(&e.sys, ItemFilter::default()).await.expect("inbox").total, 1);
    }

    async fn a_bad_item_in_a_batch_is_reported_and_the_rest_stored(e: Env) {
        let d = desk(&e).await;
        let batch = vec![
            inbound(d.account, "b-1", "Kapan jalan di Kumai diperbaiki?"),
            inbound(d.account, "b-2", "   "),
            inbound(d.account, "b-3", &"x".repeat(100_000)),
            inbound(AccountId(9999), "b-4", "akun tak dikenal"),
            inbound(d.account, "b-5", "<script>alert(1)</script> terima kasih"),
        ];
        let out = e.humas.ingest(&d.op_a, batch, ItemSource::Channel).await.expect("ingest");
        let ok: Vec<bool> = out.iter().map(|o| o.error.is_none()).collect();
        assert_eq!(ok, vec![true, false, false, false, true]);
        assert!(out[2].error.as_deref().unwrap_or("").contains("terlalu panjang"));
        let page = e.humas.inbox(&e.sys, ItemFilter::default()).await.expect("inbox");
        assert_eq!(page.total, 2);
        let stored = page.items.iter().find(|i| i.remote_id.as_deref() == Some("b-5")).expect("b-5");
        assert_eq!(stored.text, "<script>alert(1)</script> terima kasih", "stored as written; escaping is the views' job");
        // An operator of another agency cannot feed items into this account.
        let foreign = e.humas.ingest(&d.op_b, vec![inbound(d.account, "b-6", "x")], ItemSource::Channel).await.expect("ingest");
        assert!(foreign[0].error.is_some());
    }

    async fn a_large_batch_keeps_each_outcome_in_place_and_every_stored_item_searchable(e: Env) {
        // 400 items: split across threads for classification, stored in one transaction.
        let d = desk(&e).await;
        let batch: Vec<InboundItem> = (0..400)
            .map(|i| match i % 7 {
                3 => inbound(d.account, &format!("L-{i}"), "  "),
                5 => inbound(AccountId(9999), &format!("L-{i}"), "akun tak dikenal"),
                _ => inbound(d.account, &format!("L-{i}"), &format!("Lampu jalan padam nomor{i} mohon diperbaiki")),
            })
            .collect();
        let out = e.humas.ingest(&d.op_a, batch, ItemSource::Channel).await.expect("ingest");
        assert_eq!(out.len(), 400);
        for (i, o) in out.iter().enumerate() {
            assert_eq!(o.index, i);
            assert_eq!(o.error.is_some(), i % 7 == 3 || i % 7 == 5, "item {i}: {o:?}");
        }
        let good = out.iter().filter(|o| o.error.is_none()).count() as i64;
        assert_eq!(e.humas.inbox(&e.sys, ItemFilter::default()).await.expect("inbox").total, good);
        // Each stored item carries its own text and is found by its own word.
        for i in [0usize, 1, 200, 398] {
            let id = out[i].id.expect("stored");
            let item = e.humas.item(&e.sys, id).await.expect("item").item;
            assert_eq!(item.remote_id.as_deref(), Some(format!("L-{i}").as_str()));
            assert!(item.text.contains(&format!("nomor{i} ")), "{}", item.text);
            let found = e.humas.inbox(&e.sys, ItemFilter { q: Some(format!("nomor{i}")), ..Default::default() }).await.expect("search");
            assert_eq!(found.items.iter().map(|x| x.id).collect::<Vec<_>>(), vec![id], "search finds item {i}");
        }
        // The same batch again stores nothing new.
        let again: Vec<InboundItem> = (0..400).filter(|i| i % 7 != 3 && i % 7 != 5).map(|i| inbound(d.account, &format!("L-{i}"), "ulang")).collect();
        let out = e.humas.ingest(&d.op_a, again, ItemSource::Channel).await.expect("again");
        assert!(out.iter().all(|o| o.error.is_none() && !o.created));
        assert_eq!(e.humas.inbox(&e.sys, ItemFilter::default()).await.expect("inbox").total, good);
    }

    async fn a_referral_at_2359_wib_is_due_24_hours_later_and_walks_lampiran_b(e: Env) {
        let d = desk(&e).await;
        // 23:59 WIB on 27 November is 16:59 UTC.
        e.clock.set(Utc.with_ymd_and_hms(2026, 11, 27, 16, 59, 0).single().expect("time"));
        let out = e.humas.ingest(&d.op_a, vec![inbound(d.account, "r-1", "Jalan di Kumai berlubang parah")], ItemSource::Channel).await.expect("ingest");
        let id = out[0].id.expect("id");
        let item = e.humas.refer_item(&d.op_a, id, d.b, "Mohon dijawab, kewenangan PUPR").await.expect("refer");
        assert_eq!(item.status, ItemStatus::Referred);
        assert_eq!(item.due_at, Some(Utc.with_ymd_and_hms(2026, 11, 28, 16, 59, 0).single().expect("time")), "due 23:59 WIB the next day");
        // The receiving agency sees it among its incoming referrals; a bystander does not.
        let incoming = e.humas.inbox(&d.op_b, ItemFilter { referred_to: Some(d.b.0), ..Default::default() }).await.expect("inbox");
        assert_eq!(incoming.total, 1);
        assert!(matches!(e.humas.item(&d.op_d, id).await, Err(Error::NotFound(_))));
        assert_eq!(e.humas.inbox(&d.op_d, ItemFilter::default()).await.expect("inbox").total, 0);
        // Only the receiving agency answers the referral; not the bystander, not the referrer.
        assert!(e.humas.answer_referral(&d.op_d, id, "x").await.is_err());
        assert!(e.humas.answer_referral(&d.op_a, id, "x").await.is_err());
        e.clock.advance(Duration::hours(5));
        let item = e.humas.answer_referral(&d.op_b, id, "Perbaikan dijadwalkan Desember 2026.").await.expect("answer referral");
        assert_eq!(item.status, ItemStatus::ReferralAnswered);
        // B cannot answer the citizen for A.
        assert!(matches!(e.humas.answer_item(&d.op_b, id, "x", "").await, Err(Error::Forbidden)));
        let item = e.humas.answer_item(&d.op_a, id, "Menurut DPUPR, perbaikan dijadwalkan Desember 2026.", "https://facebook.com/x/1").await.expect("relay");
        assert_eq!(item.status, ItemStatus::Answered);
        assert_eq!(item.due_at, None);
        assert_eq!(item.answered_by, Some(d.op_a.user_id));
        let detail = e.humas.item(&d.op_a, id).await.expect("detail");
        assert_eq!(detail.referrals.len(), 1);
        assert_eq!(detail.referrals[0].status, ReferralStatus::Answered);
        assert_eq!(detail.referrals[0].answered_at, Some(Utc.with_ymd_and_hms(2026, 11, 27, 21, 59, 0).single().expect("time")));
        let actions: Vec<&str> = detail.events.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(actions, vec!["received", "refer", "answer_referral", "answer"]);
        assert!(e.humas.verify_audit().await.expect("verify").is_ok());
    }

    async fn a_re_referral_keeps_a_clock_per_hop(e: Env) {
        let d = desk(&e).await;
        let id = e.humas.ingest(&d.op_a, vec![inbound(d.account, "rr-1", "lampu jalan mati di Kumai")], ItemSource::Channel).await.expect("ingest")[0].id.expect("id");
        e.humas.refer_item(&d.op_a, id, d.b, "").await.expect("refer to B");
        e.clock.advance(Duration::hours(20));
        // B finds it is C's matter and refers it onward: C gets a fresh 24 hours.
        let item = e.humas.refer_item(&d.op_b, id, d.c, "Lampu jalan kewenangan Perkim").await.expect("refer to C");
        assert_eq!(item.due_at, Some(e.clock.now() + Duration::hours(24)));
        let detail = e.humas.item(&d.op_c, id).await.expect("C sees it");
        assert_eq!(detail.referrals.iter().map(|r| (r.hop, r.status)).collect::<Vec<_>>(), vec![(1, ReferralStatus::Forwarded), (2, ReferralStatus::Open)]);
        assert!(e.humas.answer_referral(&d.op_b, id, "x").await.is_err(), "B's hop is closed");
        e.humas.answer_referral(&d.op_c, id, "Lampu diganti besok.").await.expect("C answers");
        assert!(matches!(e.humas.item(&d.op_d, id).await, Err(Error::NotFound(_))));
    }

    async fn overdue_items_are_found_and_final_ones_are_not(e: Env) {
        let d = desk(&e).await;
        let out = e.humas.ingest(&d.op_a, vec![inbound(d.account, "o-1", "pertanyaan"), inbound(d.account, "o-2", "kedua")], ItemSource::Channel).await.expect("ingest");
        e.humas.refer_item(&d.op_a, out[0].id.expect("id"), d.b, "").await.expect("refer");
        e.humas.answer_item(&d.op_a, out[1].id.expect("id"), "Sudah", "").await.expect("answer");
        let overdue = || ItemFilter { overdue: Some(true), ..Default::default() };
        assert_eq!(e.humas.inbox(&e.sys, overdue()).await.expect("inbox").total, 0);
        e.clock.advance(Duration::hours(24) + Duration::minutes(1));
        let page = e.humas.inbox(&e.sys, overdue()).await.expect("inbox");
        assert_eq!(page.total, 1);
        assert!(page.items[0].is_overdue(e.clock.now()));
    }

    async fn two_operators_answering_at_once_give_one_answer(e: Env) {
        let d = desk(&e).await;
        let op_a2 = operator(&e, "op.a2", d.a).await;
        let id = e.humas.ingest(&d.op_a, vec![inbound(d.account, "d-1", "tanya")], ItemSource::Channel).await.expect("ingest")[0].id.expect("id");
        let (x, y) = tokio::join!(e.humas.answer_item(&d.op_a, id, "Jawaban satu", ""), e.humas.answer_item(&op_a2, id, "Jawaban dua", ""));
        assert_eq!([x.is_ok(), y.is_ok()].iter().filter(|ok| **ok).count(), 1, "{x:?} {y:?}");
        let detail = e.humas.item(&e.sys, id).await.expect("detail");
        assert_eq!(detail.events.iter().filter(|e| e.action == "answer").count(), 1);
    }

    async fn out_of_scope_spam_and_search(e: Env) {
        let d = desk(&e).await;
        let out = e.humas.ingest(&d.op_a, vec![
            inbound(d.account, "s-1", "Listrik padam terus, PLN kemana?"),
            inbound(d.account, "s-2", "promo pinjol cepat cair"),
            inbound(d.account, "s-3", "Pelayanan KTP di Disdukcapil cepat, 100% puas"),
        ], ItemSource::Channel).await.expect("ingest");
        let ids: Vec<i64> = out.iter().map(|o| o.id.expect("id")).collect();
        let item = e.humas.close_out_of_scope(&d.op_a, ids[0], "Gangguan listrik: hubungi PLN 123.").await.expect("close");
        assert_eq!(item.status, ItemStatus::OutOfScope);
        assert_eq!(e.humas.mark_items(&d.op_b, &ids[1..2], true).await.expect("bulk"), 0, "not B's to mark");
        assert_eq!(e.humas.mark_items(&d.op_a, &ids[1..2], true).await.expect("bulk"), 1);
        let found = e.humas.inbox(&e.sys, ItemFilter { q: Some("ktp PUAS".into()), ..Default::default() }).await.expect("search");
        assert_eq!(found.items.iter().map(|i| i.id).collect::<Vec<_>>(), vec![ids[2]]);
        let pct = e.humas.inbox(&e.sys, ItemFilter { q: Some("100%".into()), ..Default::default() }).await.expect("search");
        assert_eq!(pct.total, 1, "% is punctuation, not a wildcard");
        let stemmed = e.humas.inbox(&e.sys, ItemFilter { q: Some("pelayanannya".into()), ..Default::default() }).await.expect("search");
        assert_eq!(stemmed.items.iter().map(|i| i.id).collect::<Vec<_>>(), vec![ids[2]], "pelayanannya finds Pelayanan");
        let hostile = e.humas.inbox(&e.sys, ItemFilter { q: Some("\"; DROP TABLE items; -- NEAR(".into()), ..Default::default() }).await.expect("hostile query is just words");
        assert_eq!(hostile.total, 0);
        let open = e.humas.inbox(&e.sys, ItemFilter { open: Some(true), ..Default::default() }).await.expect("open");
        assert_eq!(open.total, 1);
    }

    async fn a_citizen_follows_up_with_the_tracking_code(e: Env) {
        let d = desk(&e).await;
        let code = e.humas.submit_public(PublicSubmission {
            name: "Budi".into(), contact: "0812".into(), text: "Kapan jalan di Kumai diaspal?".into(), agency_id: None, website: String::new(),
        }, "10.1.1.1").await.expect("submit");
        let status = e.humas.track(&code.to_lowercase()).await.expect("track");
        assert_eq!(status.status, ItemStatus::New);
        assert!(status.answer.is_none());
        let page = e.humas.inbox(&e.sys, ItemFilter::default()).await.expect("inbox");
        let item = &page.items[0];
        assert_eq!(item.agency_id, d.b, "routed to DPUPR by the classifier");
        assert_eq!(item.author_name, "Budi");
        e.humas.answer_item(&d.op_b, item.id, "Pengaspalan dimulai Januari.", "").await.expect("answer");
        let status = e.humas.track(&code).await.expect("track");
        assert_eq!(status.answer.as_deref(), Some("Pengaspalan dimulai Januari."));
        assert!(matches!(e.humas.track("KB-XXXX-XXXX").await, Err(Error::NotFound(_))));
        for _ in 0..4 {
            e.humas.submit_public(PublicSubmission { name: String::new(), contact: String::new(), text: "tanya".into(), agency_id: None, website: String::new() }, "10.1.1.1").await.expect("submit");
        }
        let limited = e.humas.submit_public(PublicSubmission { name: String::new(), contact: String::new(), text: "tanya".into(), agency_id: None, website: String::new() }, "10.1.1.1").await;
        assert!(matches!(limited, Err(Error::RateLimited { .. })));
        let _ = d.op_c;
    }
}

async fn official(e: &Env, name: &str, agency: AgencyId) -> Actor {
    e.humas
        .create_user(
            &e.sys,
            UserInput {
                username: name.into(),
                display_name: name.into(),
                email: String::new(),
                role: Role::Official,
                agency_id: Some(agency),
                password: "kata-sandi-panjang".into(),
            },
        )
        .await
        .expect("official")
        .actor()
}

async fn dinas_admin(e: &Env) -> Actor {
    e.humas
        .create_user(
            &e.sys,
            UserInput {
                username: "dinas".into(),
                display_name: "Dinas".into(),
                email: String::new(),
                role: Role::DinasAdmin,
                agency_id: None,
                password: "kata-sandi-panjang".into(),
            },
        )
        .await
        .expect("dinas")
        .actor()
}

async fn unread(e: &Env, a: &Actor) -> i64 {
    e.humas.unread_notifications(a).await.expect("unread")
}

on_each_engine! {
    async fn a_referral_warns_then_escalates_to_the_official_then_to_the_dinas_each_once(e: Env) {
        let d = desk(&e).await;
        let off_b = official(&e, "off.b", d.b).await;
        let dinas = dinas_admin(&e).await;
        let id = e.humas.ingest(&d.op_a, vec![inbound(d.account, "e-1", "jalan berlubang")], ItemSource::Channel).await.expect("ingest")[0].id.expect("id");
        e.humas.refer_item(&d.op_a, id, d.b, "").await.expect("refer");
        let sweep_twice = || async {
            let n = e.humas.sweep_clocks().await.expect("sweep");
            assert_eq!(e.humas.sweep_clocks().await.expect("sweep again"), 0, "a second sweep changes nothing");
            n
        };
        e.clock.advance(Duration::hours(21));
        assert_eq!(sweep_twice().await, 0);
        e.clock.advance(Duration::minutes(90));
        assert_eq!(sweep_twice().await, 1, "warned two hours before due");
        assert_eq!((unread(&e, &d.op_b).await, unread(&e, &off_b).await, unread(&e, &d.op_a).await), (1, 1, 0));
        e.clock.advance(Duration::hours(2));
        assert_eq!(sweep_twice().await, 1, "due: to B's Official");
        assert_eq!((unread(&e, &d.op_b).await, unread(&e, &off_b).await, unread(&e, &dinas).await), (1, 2, 0));
        e.clock.advance(Duration::hours(24));
        assert_eq!(sweep_twice().await, 1, "a day later: to the Dinas");
        assert_eq!(unread(&e, &dinas).await, 1);
        let n = e.humas.notifications(&dinas).await.expect("list");
        assert!(n[0].text.contains(&format!("#{id}")) && n[0].text.contains("DPUPR"), "{}", n[0].text);
        e.humas.mark_notifications_read(&dinas).await.expect("read");
        assert_eq!(unread(&e, &dinas).await, 0);
        // Answering resets the clock: nothing more escalates.
        e.humas.answer_referral(&d.op_b, id, "Sudah dijadwalkan.").await.expect("answer");
        let item = e.humas.store.item(id).await.expect("read").expect("item");
        assert_eq!(item.escalation_level, 0);
    }

    async fn what_fell_due_while_the_server_was_down_escalates_once(e: Env) {
        let d = desk(&e).await;
        let dinas = dinas_admin(&e).await;
        let off_a = official(&e, "off.a", d.a).await;
        e.humas.ingest(&d.op_a, vec![inbound(d.account, "down-1", "tanya")], ItemSource::Channel).await.expect("ingest");
        e.humas.ensure_recurring_jobs().await.expect("jobs");
        // The server is down for 60 hours; on restart the queue runs again.
        e.clock.advance(Duration::hours(60));
        e.humas.ensure_recurring_jobs().await.expect("jobs again");
        let mut ran = 0;
        while e.humas.run_next_job().await.expect("run") {
            ran += 1;
        }
        assert_eq!(ran, 4, "the sweep, the daily upkeep, the audience snapshot and the hot-issue check were due, once each");
        e.clock.advance(Duration::seconds(61));
        assert!(e.humas.run_next_job().await.expect("run"), "the next sweep");
        assert!(!e.humas.run_next_job().await.expect("run"), "the upkeep, the snapshot and the hot-issue check wait a day");
        assert_eq!(unread(&e, &dinas).await, 1, "escalated to the Dinas once");
        assert_eq!(unread(&e, &off_a).await, 0, "past the official's step: only the highest step is sent");
    }

    async fn racing_workers_claim_every_job_exactly_once(e: Env) {
        let now = e.clock.now();
        for i in 0..60 {
            humas_core::store::Store::enqueue_job(&e.store, "noop", "{}", None, now - Duration::seconds(i)).await.expect("enqueue");
        }
        // A second connection pool stands in for a second `humas serve` process.
        let other = humas_store::SqlStore::connect(&e.url).await.expect("second pool");
        let mut tasks = Vec::new();
        for w in 0..4 {
            let store = if w % 2 == 0 { e.store.clone() } else { other.clone() };
            tasks.push(tokio::spawn(async move {
                let mut got = Vec::new();
                while let Some(job) = humas_core::store::Store::claim_job(&store, now, now - Duration::minutes(10)).await.expect("claim") {
                    got.push(job.id);
                }
                got
            }));
        }
        let mut all = Vec::new();
        for t in tasks {
            all.extend(t.await.expect("join"));
        }
        let n = all.len();
        all.sort();
        all.dedup();
        assert_eq!((n, all.len()), (60, 60), "every job claimed, none twice");
    }
}

on_each_engine! {
    async fn a_search_within_an_agency_sees_only_its_own_and_referred_items(e: Env) {
        let mut ids = Vec::new();
        for i in 1..=12 {
            ids.push(agency(&e, &format!("AG{i:02}")).await);
        }
        let (one, twelve) = (ids[0], ids[11]);
        let acc1 = e.humas.create_account(&e.sys, account_input(one, "akun_satu", None)).await.expect("account").id;
        let acc12 = e.humas.create_account(&e.sys, account_input(twelve, "akun_dua_belas", None)).await.expect("account").id;
        let op1 = operator(&e, "op.satu", one).await;
        e.humas.ingest(&e.sys, vec![inbound(acc1, "s1", "jembatan putus di desa"), inbound(acc12, "s12", "jembatan rusak berat")], ItemSource::Channel).await.expect("ingest");
        let found = e.humas.inbox(&op1, ItemFilter { q: Some("jembatan".into()), ..Default::default() }).await.expect("search");
        assert_eq!(found.items.iter().map(|i| i.remote_id.clone().unwrap_or_default()).collect::<Vec<_>>(), vec!["s1".to_string()]);
        // Once referred to agency 1, agency 12's item is found by agency 1 too.
        let all = e.humas.inbox(&e.sys, ItemFilter { q: Some("jembatan".into()), ..Default::default() }).await.expect("search");
        let item12 = all.items.iter().find(|i| i.remote_id.as_deref() == Some("s12")).expect("s12").id;
        e.humas.refer_item(&e.sys, item12, one, "").await.expect("refer");
        let found = e.humas.inbox(&op1, ItemFilter { q: Some("jembatan".into()), ..Default::default() }).await.expect("search");
        assert_eq!(found.total, 2);
    }
}

/// A classifier that is never sure, for the review flow.
struct Unsure;
impl humas_core::rules::Classifier for Unsure {
    fn classify(
        &self,
        _text: &str,
        agencies: &[humas_core::agency::Agency],
        _d: &[String],
    ) -> humas_core::rules::Proposal {
        humas_core::rules::Proposal {
            kind: humas_core::desk::ItemKind::Question,
            sentiment: humas_core::desk::Sentiment::Neutral,
            agency: agencies.first().map(|a| a.id),
            district: None,
            confidence: 0.31,
            needs_review: true,
        }
    }
}

on_each_engine! {
    async fn unsure_items_are_marked_for_review_and_a_correction_is_kept_for_training(e: Env) {
        let d = desk(&e).await;
        let humas = e.humas.clone().with_classifier(std::sync::Arc::new(Unsure));
        humas.ingest(&d.op_a, vec![inbound(d.account, "rv-1", "lampu jalan dan air bersih di desa kami")], ItemSource::Channel).await.expect("ingest");
        // An importer that sets the kind itself is not the model's guess.
        let mut labelled = inbound(d.account, "rv-2", "terima kasih");
        labelled.kind = Some(humas_core::desk::ItemKind::Comment);
        humas.ingest(&d.op_a, vec![labelled], ItemSource::Import).await.expect("ingest");
        let page = humas.inbox(&d.op_a, ItemFilter { review: Some(true), ..ItemFilter::default() }).await.expect("inbox");
        assert_eq!(page.items.len(), 1);
        let item = &page.items[0];
        assert!(item.needs_review);
        assert!((item.confidence - 0.31).abs() < 1e-9);

        assert!(matches!(humas.correct_item(&d.op_d, item.id, Some(d.b)).await, Err(Error::NotFound(_) | Error::Forbidden)));
        let fixed = humas.correct_item(&d.op_a, item.id, Some(d.b)).await.expect("correct");
        assert!(!fixed.needs_review);
        assert_eq!(fixed.suggested_agency_id, Some(d.b));
        let page = humas.inbox(&d.op_a, ItemFilter { review: Some(true), ..ItemFilter::default() }).await.expect("inbox");
        assert!(page.items.is_empty(), "no longer in the review list");
        let dinas = dinas_admin(&e).await;
        let examples = humas.training_examples(&dinas).await.expect("examples");
        assert_eq!(examples.len(), 1);
        assert_eq!((examples[0].agency_code.as_str(), examples[0].kind.as_str()), ("DPUPR", "pertanyaan"));
        assert!(humas.training_examples(&d.op_a).await.is_err(), "the Dinas reads the examples");
        // Outside regional government: LUAR, no agency.
        let out = humas.correct_item(&d.op_a, item.id, None).await.expect("correct");
        assert_eq!(out.suggested_agency_id, None);
        assert_eq!(humas.training_examples(&dinas).await.expect("examples")[1].agency_code, "LUAR");
    }
}
