//! The report's figures on both engines against an independent count over
//! generated data: months in the region's zone (across month boundaries),
//! kinds, sentiments, districts, first-response median and on-time share,
//! referrals answered within 24 hours; and the register and report records.

mod common;
use common::*;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use humas_core::clock::Clock;
use humas_core::desk::{InboundItem, ItemKind, ItemSource, Sentiment};
use humas_core::ids::AgencyId;
use humas_core::report::{Narratives, ReportStatus};
use humas_core::user::UserInput;
use humas_core::{Actor, Role};
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

async fn user(e: &Env, name: &str, role: Role, agency: Option<AgencyId>) -> Actor {
    e.humas
        .create_user(
            &e.sys,
            UserInput {
                username: name.into(),
                display_name: name.into(),
                email: String::new(),
                role,
                agency_id: agency,
                password: "kata-sandi-panjang".into(),
            },
        )
        .await
        .expect("user")
        .actor()
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
                    agency_id: None,
                    remote_id: Some(format!("g{i}")),
                    thread_id: None,
                    parent_remote_id: None,
                    author_handle: "@warga".into(),
                    author_name: String::new(),
                    author_contact: String::new(),
                    text: format!("Pesan uji nomor {i}"),
                    link: String::new(),
                    written_at: Some(at),
                    kind: Some(kind),
                    sentiment: Some(sentiment),
                    district: district.map(str::to_string),
                    topic: String::new(),
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
        let rb = humas_core::report::responsiveness(
            &e.humas.store.report_facts(Some(b), year_start, year_start + Duration::days(366), 7 * 3600).await.expect("facts"),
            b,
            e.clock.now(),
        );
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
                account_id: Some(account), agency_id: None, remote_id: Some(format!("m{i}")), thread_id: None,
                parent_remote_id: None, author_handle: "@w".into(), author_name: String::new(), author_contact: String::new(),
                text: "Tanya jadwal".into(), link: String::new(), written_at: None, kind: None, sentiment: None, district: None,
                topic: String::new(),
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
}
