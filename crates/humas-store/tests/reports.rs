//! The report's figures on both engines against an independent count over
//! generated data: months in the region's zone (across month boundaries),
//! kinds, sentiments, districts, first-response median and on-time share,
//! referrals answered within 24 hours; and the register and report records.

mod common;
use common::*;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use humas_core::Role;
use humas_core::clock::Clock;
use humas_core::desk::{InboundItem, ItemKind, ItemSource, Sentiment};
use humas_core::report::{FactsDetail, Narratives, ReportStatus};
use std::collections::BTreeMap;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

const KINDS: [(ItemKind, &str); 4] = [
    (ItemKind::Question, "Pertanyaan"),
    (ItemKind::Comment, "Komentar"),
    (ItemKind::Criticism, "Kritik"),
    (ItemKind::Suggestion, "Saran"),
];
const SENTIMENTS: [(Sentiment, &str); 3] =
    [(Sentiment::Positive, "Positif"), (Sentiment::Neutral, "Netral"), (Sentiment::Negative, "Negatif")];
const DISTRICTS: [Option<&str>; 3] = [Some("Arut Selatan"), Some("Kumai"), None];

fn wib(t: DateTime<Utc>) -> chrono::DateTime<chrono_tz::Tz> {
    t.with_timezone(&chrono_tz::Asia::Pontianak)
}

/// One generated delivery through an account: a post (with its engagement
/// snapshots) or a reply, delivered (or failed) at a time.
struct Sent {
    account: usize,
    at: DateTime<Utc>,
    delivered: bool,
}

on_each_engine! {
    async fn report_figures_match_an_independent_count(e: Env) {
        let a = agency(&e, "DPUPR").await;
        let b = agency(&e, "DINKES").await;
        let account = e.humas.create_account(&e.sys, account_input(a, "dpupr_kobar", None)).await.expect("account").id;
        let op_a = user(&e, "op.a", Role::Operator, Some(a)).await;
        let op_b = user(&e, "op.b", Role::Operator, Some(b)).await;
        for d in DISTRICTS.iter().flatten() {
            e.humas.add_district(&e.sys, d).await.expect("district");
        }
        let mut rng = Rng(0x5EED_1234_ABCD_0001);
        let year_start = Utc.with_ymd_and_hms(2025, 12, 31, 17, 0, 0).unwrap(); // 1 Jan 2026 00:00 WIB
        // Expected figures, counted here from what we generate.
        let mut months: BTreeMap<String, i64> = BTreeMap::new();
        let mut kinds: BTreeMap<&str, i64> = BTreeMap::new();
        let mut sentiments: BTreeMap<&str, i64> = BTreeMap::new();
        let mut districts: BTreeMap<String, i64> = BTreeMap::new();
        let mut response_hours: Vec<f64> = Vec::new();
        let mut referred = Vec::new();
        let n = 120;
        for i in 0..n {
            // Spread over the year, many within hours of a local month boundary.
            let day = (rng.next() % 330) as i64;
            let at = if i % 4 == 0 {
                let m = 1 + (rng.next() % 10) as u32;
                let first = chrono_tz::Asia::Pontianak.with_ymd_and_hms(2026, m + 1, 1, 0, 0, 0).unwrap().with_timezone(&Utc);
                first + Duration::minutes((rng.next() % 240) as i64) - Duration::minutes(120)
            } else {
                year_start + Duration::days(day) + Duration::minutes((rng.next() % 1440) as i64)
            };
            let (kind, kind_label) = KINDS[(rng.next() % 4) as usize];
            let (sentiment, sentiment_label) = SENTIMENTS[(rng.next() % 3) as usize];
            let district = DISTRICTS[(rng.next() % 3) as usize];
            e.clock.set(at);
            let out = e.humas
                .ingest(&op_a, vec![InboundItem {
                    account_id: Some(account),
                    remote_id: Some(format!("g{i}")),
                    author_handle: "@warga".into(),
                    text: format!("Pesan uji nomor {i}"),
                    written_at: Some(at),
                    kind: Some(kind),
                    sentiment: Some(sentiment),
                    district: district.map(str::to_string),
                    ..Default::default()
                }], ItemSource::Import)
                .await
                .expect("ingest");
            let id = out[0].id.expect("stored");
            *months.entry(wib(at).format("%Y-%m").to_string()).or_default() += 1;
            *kinds.entry(kind_label).or_default() += 1;
            *sentiments.entry(sentiment_label).or_default() += 1;
            *districts.entry(district.unwrap_or("(tidak disebut)").to_string()).or_default() += 1;
            match i % 5 {
                0 | 1 => {
                    let h = 1 + (rng.next() % 40) as i64;
                    e.clock.set(at + Duration::hours(h));
                    e.humas.answer_item(&op_a, id, "Terima kasih, sudah kami catat.", "").await.expect("answer");
                    response_hours.push(h as f64);
                }
                2 => referred.push((id, at)),
                _ => {}
            }
        }
        // Referrals A → B: answered after 3 h, after 30 h (late), or never (overdue).
        let mut expect_on_time = 0;
        let mut expect_overdue_open = 0;
        for (k, (id, at)) in referred.iter().enumerate() {
            e.clock.set(*at + Duration::minutes(10));
            e.humas.refer_item(&op_a, *id, b, "Kewenangan DINKES").await.expect("refer");
            match k % 3 {
                0 => {
                    e.clock.set(*at + Duration::hours(3));
                    e.humas.answer_referral(&op_b, *id, "Sudah ditangani.").await.expect("answer");
                    expect_on_time += 1;
                }
                1 => {
                    e.clock.set(*at + Duration::hours(30));
                    e.humas.answer_referral(&op_b, *id, "Maaf terlambat.").await.expect("answer");
                }
                _ => expect_overdue_open += 1,
            }
        }
        e.clock.set(Utc.with_ymd_and_hms(2027, 1, 10, 3, 0, 0).unwrap());
        let dinas = user(&e, "admin.dinas", Role::DinasAdmin, None).await;
        let v = e.humas.annual_report(&dinas, a, 2026).await.expect("report");
        let r = &v.report;
        assert_eq!(r.items_total, n as i64);
        let got: BTreeMap<String, i64> = r.months.iter().map(|m| (m.month.clone(), m.items)).collect();
        assert_eq!(got, months, "months in the region's zone");
        let got: BTreeMap<&str, i64> = r.items_by_kind.iter().map(|c| (c.label.as_str(), c.count)).collect();
        assert_eq!(got, kinds);
        let got: BTreeMap<&str, i64> = r.items_by_sentiment.iter().map(|c| (c.label.as_str(), c.count)).collect();
        assert_eq!(got, sentiments);
        let got: BTreeMap<String, i64> = r.items_by_district.iter().map(|c| (c.label.clone(), c.count)).collect();
        assert_eq!(got, districts);
        // Median of first responses among answered items (referrals also answer first: counted by the store).
        let answered = r.responsiveness.answered;
        assert!(answered >= response_hours.len() as i64, "{answered}");
        let year_end = year_start + Duration::days(365);
        let facts = |agency, detail| e.humas.store.report_facts(agency, year_start, year_end, 7 * 3600, detail);
        let rb = humas_core::report::responsiveness(&facts(Some(b), FactsDetail::Full).await.expect("facts"), b, e.clock.now());
        // The evaluation's cheaper per-agency counts agree with the full grouping.
        let coarse = facts(None, FactsDetail::PerAgency).await.expect("coarse facts");
        let full = facts(None, FactsDetail::Full).await.expect("full facts");
        for agency in [a, b] {
            let (x, y) = (
                humas_core::report::responsiveness(&coarse, agency, e.clock.now()),
                humas_core::report::responsiveness(&full, agency, e.clock.now()),
            );
            assert_eq!(format!("{x:?}"), format!("{y:?}"));
        }
        assert_eq!(coarse.items.iter().filter(|s| s.agency_id == a).map(|s| s.count).sum::<i64>(), n as i64);
        assert_eq!(rb.referrals_in, referred.len() as i64);
        assert_eq!(rb.referrals_in_on_time, expect_on_time);
        assert_eq!(rb.referrals_in_overdue_open, expect_overdue_open);
        assert_eq!(r.responsiveness.referrals_out, referred.len() as i64);
        // A period that excludes everything counts nothing.
        let empty = e.humas.period_report(&dinas, a, NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(), NaiveDate::from_ymd_opt(2024, 12, 31).unwrap()).await.expect("empty");
        assert_eq!((empty.items_total, empty.months.len()), (0, 0));
    }

    async fn only_answered_items_give_the_median(e: Env) {
        let a = agency(&e, "DPUPR").await;
        let account = e.humas.create_account(&e.sys, account_input(a, "dpupr_kobar", None)).await.expect("account").id;
        let op = user(&e, "op.a", Role::Operator, Some(a)).await;
        let t0 = Utc.with_ymd_and_hms(2026, 3, 2, 1, 0, 0).unwrap();
        for (i, h) in [2i64, 5, 9].iter().enumerate() {
            e.clock.set(t0 + Duration::days(i as i64));
            let out = e.humas.ingest(&op, vec![InboundItem {
                account_id: Some(account),
                remote_id: Some(format!("m{i}")),
                author_handle: "@w".into(),
                text: "Tanya jadwal".into(),
                ..Default::default()
            }], ItemSource::Channel).await.expect("ingest");
            e.clock.advance(Duration::hours(*h));
            e.humas.answer_item(&op, out[0].id.expect("id"), "Jadwal di laman kami.", "").await.expect("answer");
        }
        let r = e.humas.period_report(&op, a, NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(), NaiveDate::from_ymd_opt(2026, 3, 31).unwrap()).await.expect("report");
        assert_eq!(r.responsiveness.median_hours, Some(5.0));
        assert_eq!(r.responsiveness.answered, 3);
    }

    async fn report_records_keep_every_submitted_version(e: Env) {
        let a = agency(&e, "DPUPR").await;
        let official = user(&e, "pej.a", Role::Official, Some(a)).await;
        let rec = e.humas.save_report_narratives(&official, a, 2026, Narratives { overview: "Kebijakan.".into(), ..Default::default() }, 0).await.expect("save");
        let rec = e.humas.submit_report(&official, a, 2026, rec.version).await.expect("submit");
        assert_eq!((rec.status, rec.submitted_version), (ReportStatus::Submitted, 1));
        let rec = e.humas.move_report(&official, a, 2026, ReportStatus::Draft).await.expect("reopen");
        let rec = e.humas.save_report_narratives(&official, a, 2026, Narratives { overview: "Kebijakan baru.".into(), ..Default::default() }, rec.version).await.expect("save");
        let rec = e.humas.submit_report(&official, a, 2026, rec.version).await.expect("submit");
        assert_eq!(rec.submitted_version, 2);
        let v1 = e.humas.store.report_version(rec.id, 1).await.expect("v1").expect("kept");
        let v2 = e.humas.store.report_version(rec.id, 2).await.expect("v2").expect("kept");
        assert!(v1.contains("\"Kebijakan.\"") && v2.contains("Kebijakan baru."));
        // Two writers with the same version: one wins.
        let rec = e.humas.move_report(&official, a, 2026, ReportStatus::Draft).await.expect("reopen");
        let first = e.humas.save_report_narratives(&official, a, 2026, Narratives { overview: "A".into(), ..Default::default() }, rec.version).await;
        let second = e.humas.save_report_narratives(&official, a, 2026, Narratives { overview: "B".into(), ..Default::default() }, rec.version).await;
        assert!(first.is_ok() && second.is_err());
    }

    async fn audience_and_publishing_figures_match_an_independent_count(e: Env) {
        use humas_core::audit::AuditContext;
        use humas_core::channel::{Delivered, DeliveryChange, DeliveryStatus, Outbound};
        use humas_core::metrics::{AccountMetric, MetricSource, PostMetric};
        use humas_core::publishing::{CampaignInput, Category, NewPost, PostDecision, PostStatus, PostTarget};
        use humas_core::store::Store;
        let a = agency(&e, "DPUPR").await;
        let b = agency(&e, "DINKES").await;
        // Two accounts of A on different platforms; one of B, whose figures must not count.
        let mut accounts = Vec::new();
        for (owner, handle, platform, kind) in [
            (a, "dpupr_ig", "instagram", "media_sharing"),
            (a, "dpupr_fb", "facebook", "social_network"),
            (b, "dinkes_ig", "instagram", "media_sharing"),
        ] {
            let mut input = account_input(owner, handle, None);
            input.platform = platform.into();
            input.kind = kind.into();
            input.url = format!("https://{platform}.test/{handle}");
            accounts.push(e.humas.create_account(&e.sys, input).await.expect("account"));
        }
        let op = user(&e, "op.a", Role::Operator, Some(a)).await;
        let official = user(&e, "pej.a", Role::Official, Some(a)).await;
        let op_b = user(&e, "op.b", Role::Operator, Some(b)).await;
        let pej_b = user(&e, "pej.b", Role::Official, Some(b)).await;
        let at_sys = |action, t| AuditContext::new(&e.sys, action, t);
        let campaign = e
            .store
            .create_campaign(
                &CampaignInput {
                    name: "Kobar Bersih".into(),
                    hashtag: "KobarBersih".into(),
                    starts_on: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
                    ends_on: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
                    description: String::new(),
                },
                &at_sys("campaign.create", Utc.with_ymd_and_hms(2025, 12, 1, 0, 0, 0).unwrap()),
            )
            .await
            .expect("campaign");

        // Audience: snapshots before, inside and after the year; the Facebook
        // account's figures are an officer's (manual).
        let mut rng = Rng(0xA0D1_E11C_E000_0007);
        let mut snapshots: Vec<Vec<(NaiveDate, i64)>> = vec![Vec::new(); 3];
        for (k, acc) in accounts.iter().enumerate() {
            let manual = k == 1;
            for day in (0..560).step_by(9 + k * 4) {
                let day = NaiveDate::from_ymd_opt(2025, 9, 1).unwrap() + Duration::days(day);
                let followers = 1_000 + (rng.next() % 5_000) as i64;
                snapshots[k].push((day, followers));
                let m = AccountMetric {
                    account_id: acc.id,
                    day,
                    followers,
                    source: if manual { MetricSource::Manual } else { MetricSource::Platform },
                    note: String::new(),
                    recorded_by: None,
                    recorded_at: Utc.with_ymd_and_hms(2025, 9, 1, 0, 0, 0).unwrap() + Duration::days(1),
                };
                e.store.save_account_metric(&m, None).await.expect("metric");
            }
        }
        let (jan1, dec31) = (NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), NaiveDate::from_ymd_opt(2026, 12, 31).unwrap());
        let expect_start = |k: usize| snapshots[k].iter().rev().find(|s| s.0 <= jan1).map(|s| s.1);
        let expect_end = |k: usize| snapshots[k].iter().rev().find(|s| s.0 <= dec31).map(|s| s.1);

        // Posts: each to one or both of A's accounts at one moment, some around
        // local month boundaries, some outside the year, some failing; engagement
        // snapshots per delivery (the report takes each delivery's latest, i.e. largest).
        let categories = [Some(Category::AgencyActivity), Some(Category::RegionalIssue), Some(Category::HigherPolicy), None];
        let year_start = Utc.with_ymd_and_hms(2025, 12, 31, 17, 0, 0).unwrap();
        let year_end = Utc.with_ymd_and_hms(2026, 12, 31, 17, 0, 0).unwrap();
        let mut expect_posts = 0i64;
        let mut by_category: BTreeMap<String, i64> = BTreeMap::new();
        let mut by_campaign = 0i64;
        let mut per_account: BTreeMap<String, (i64, i64)> = BTreeMap::new();
        let mut per_month: BTreeMap<String, (i64, i64)> = BTreeMap::new();
        let mut per_platform: BTreeMap<String, i64> = BTreeMap::new();
        let mut shares_total = 0i64;
        let mut engagement: Vec<(i64, i64, String)> = Vec::new(); // (engagement, post id, title)
        for n in 0..40 {
            let at = match n % 8 {
                // Within two hours of a local month's start (WIB = UTC+7).
                0 | 1 => {
                    let m = 2 + (rng.next() % 11) as u32;
                    chrono_tz::Asia::Pontianak.with_ymd_and_hms(2026, m, 1, 0, 0, 0).unwrap().with_timezone(&Utc)
                        + Duration::minutes((rng.next() % 240) as i64 - 120)
                }
                2 => year_start - Duration::minutes(1 + (rng.next() % 600) as i64), // 2025
                3 => year_end + Duration::minutes((rng.next() % 600) as i64),        // 2027
                _ => year_start + Duration::minutes((rng.next() % (364 * 1440)) as i64),
            };
            let owner_b = n % 10 == 9;
            let targets: Vec<Sent> = if owner_b {
                vec![Sent { account: 2, at, delivered: true }]
            } else {
                match n % 3 {
                    0 => vec![Sent { account: 0, at, delivered: true }],
                    1 => vec![Sent { account: 1, at, delivered: n % 7 != 1 }],
                    _ => vec![Sent { account: 0, at, delivered: true }, Sent { account: 1, at, delivered: true }],
                }
            };
            let category = categories[n % 4];
            let in_campaign = n % 5 == 0;
            let (author, approver, owner) = if owner_b { (&op_b, &pej_b, b) } else { (&op, &official, a) };
            let title = format!("Pesan {n}");
            let post = e
                .store
                .create_post(
                    &NewPost {
                        agency_id: owner,
                        campaign_id: in_campaign.then_some(campaign.id),
                        title: title.clone(),
                        body: format!("Isi pesan {n} #KobarBersih"),
                        hashtag: "KobarBersih".into(),
                        category,
                        audience: String::new(),
                        link: String::new(),
                        scheduled_at: Some(at),
                        targets: targets.iter().map(|t| PostTarget { account_id: accounts[t.account].id, variant: String::new() }).collect(),
                        item_ids: vec![],
                    },
                    author.user_id,
                    &AuditContext::new(author, "post.create", at - Duration::days(2)),
                )
                .await
                .expect("post");
            let decide = |from, to, version| PostDecision { from, to, version, by: approver.user_id, note: String::new(), override_reason: String::new() };
            let (post, _) = e.store.decide_post(post.id, &decide(PostStatus::Draft, PostStatus::Submitted, post.version), &[], &AuditContext::new(author, "post.submit", at - Duration::days(1))).await.expect("submit");
            let outbound: Vec<_> = targets
                .iter()
                .map(|t| (accounts[t.account].id, Outbound::Post { key: format!("p{n}-{}", t.account), title: title.clone(), text: String::new(), link: String::new(), media: vec![] }))
                .collect();
            let (_, deliveries) = e.store.decide_post(post.id, &decide(PostStatus::Submitted, PostStatus::Approved, post.version), &outbound, &AuditContext::new(approver, "post.approve", at - Duration::hours(3))).await.expect("approve");
            let mut post_engagement = 0i64;
            let mut post_shares = 0i64;
            let mut counted = false;
            for (d, t) in deliveries.iter().zip(&targets) {
                let change = DeliveryChange {
                    from: vec![DeliveryStatus::Queued],
                    to: if t.delivered { DeliveryStatus::Delivered } else { DeliveryStatus::Failed },
                    at: t.at,
                    remote: t.delivered.then(|| Delivered { remote_id: format!("r{}", d.id), url: String::new() }),
                    error: if t.delivered { String::new() } else { "ditolak".into() },
                    next_attempt_at: None,
                    attempt: true,
                };
                e.store.change_delivery(d.id, &change).await.expect("delivered");
                // Growing figures a day, a week and a month later: the largest counts.
                let mut best = (0i64, 0i64, 0i64);
                for (days, scale) in [(1i64, 1i64), (7, 2), (30, 3)] {
                    let (s, c, l) = ((rng.next() % 9) as i64 * scale, (rng.next() % 5) as i64 * scale, (rng.next() % 40) as i64 * scale);
                    best = (best.0.max(s), best.1.max(c), best.2.max(l));
                    let m = PostMetric { delivery_id: d.id, day: (t.at + Duration::days(days)).date_naive(), shares: Some(s), comments: Some(c), likes: Some(l), views: None, source: MetricSource::Platform, recorded_at: t.at + Duration::days(days) };
                    e.store.save_post_metric(&m).await.expect("post metric");
                }
                if owner_b || !t.delivered || t.at < year_start || t.at >= year_end {
                    continue;
                }
                counted = true;
                post_shares += best.0;
                post_engagement += best.0 + best.1 + best.2;
                let acc = &accounts[t.account];
                per_account.entry(acc.handle.clone()).or_default().0 += 1;
                per_month.entry(wib(t.at).format("%Y-%m").to_string()).or_default().0 += 1;
                *per_platform.entry(acc.platform.label().to_string()).or_default() += 1;
            }
            if counted {
                expect_posts += 1;
                *by_category.entry(category.map_or("(tanpa kategori)", |c| c.label()).to_string()).or_default() += 1;
                by_campaign += i64::from(in_campaign);
                shares_total += post_shares;
                engagement.push((post_engagement, post.id, title));
            }
        }
        // Replies relayed to citizens: counted per account and month, never as posts.
        for k in 0..12i64 {
            let t = year_start + Duration::days(k * 29) + Duration::hours(5);
            let acc = &accounts[(k % 2) as usize];
            let out = Outbound::Reply { key: format!("r{k}"), thread_id: None, parent_remote_id: "1".into(), author_handle: "@warga".into(), text: "Terima kasih.".into() };
            let d = e.store.create_delivery(acc.id, a, None, &out, &at_sys("delivery.create", t)).await.expect("reply");
            let change = DeliveryChange { from: vec![DeliveryStatus::Queued], to: DeliveryStatus::Delivered, at: t, remote: Some(Delivered { remote_id: format!("x{k}"), url: String::new() }), error: String::new(), next_attempt_at: None, attempt: true };
            e.store.change_delivery(d.id, &change).await.expect("delivered");
            per_account.entry(acc.handle.clone()).or_default().1 += 1;
            per_month.entry(wib(t).format("%Y-%m").to_string()).or_default().1 += 1;
            *per_platform.entry(acc.platform.label().to_string()).or_default() += 1;
        }

        e.clock.set(Utc.with_ymd_and_hms(2027, 1, 10, 3, 0, 0).unwrap());
        let dinas = user(&e, "admin.dinas", Role::DinasAdmin, None).await;
        let r = e.humas.annual_report(&dinas, a, 2026).await.expect("report").report;

        // b. Audience per account at the start and end of the year, manual marked.
        assert_eq!(r.audience.len(), 2, "only the agency's own accounts");
        for row in &r.audience {
            let k = if row.account == accounts[0].handle { 0 } else { 1 };
            assert_eq!((row.start, row.end), (expect_start(k), expect_end(k)), "account {}", row.account);
            assert_eq!(row.source == "dicatat petugas", k == 1, "{row:?}");
        }
        assert_eq!(r.audience_start, expect_start(0).unwrap_or(0) + expect_start(1).unwrap_or(0));
        assert_eq!(r.audience_end, expect_end(0).unwrap_or(0) + expect_end(1).unwrap_or(0));
        // c. Messages by category and campaign; the most engaging first.
        assert_eq!(r.posts_total, expect_posts);
        let got: BTreeMap<String, i64> = r.posts_by_category.iter().map(|c| (c.label.clone(), c.count)).collect();
        assert_eq!(got, by_category);
        let got: i64 = r.posts_by_campaign.iter().filter(|c| c.label == "Kobar Bersih").map(|c| c.count).sum();
        assert_eq!(got, by_campaign);
        engagement.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
        let expect_top: Vec<(String, i64)> = engagement.iter().take(5).map(|x| (x.2.clone(), x.0)).collect();
        let got_top: Vec<(String, i64)> = r.top_posts.iter().map(|p| (p.title.clone(), p.likes + p.comments + p.shares)).collect();
        assert_eq!(got_top, expect_top);
        // e. Sent per account, per month and per platform.
        let got: BTreeMap<String, (i64, i64)> = r.sent.iter().map(|s| (s.account.clone(), (s.posts, s.replies))).collect();
        assert_eq!(got, per_account);
        let got: BTreeMap<String, (i64, i64)> = r.months.iter().filter(|m| m.posts + m.replies > 0).map(|m| (m.month.clone(), (m.posts, m.replies))).collect();
        assert_eq!(got, per_month, "months in the region's zone");
        let got: BTreeMap<String, i64> = r.sent_by_platform.iter().map(|c| (c.label.clone(), c.count)).collect();
        assert_eq!(got, per_platform);
        // f. Shares.
        assert_eq!(r.shares_total, shares_total);
    }
}
