//! `humas bench ingest`: ingest, inbox and search measured on generated data
//! of realistic shape, next to a baseline measured in the same run (a raw
//! batched insert of the same rows into the same database), because the
//! machines are shared and absolute figures drift.

use crate::config::{Config, Secret};
use anyhow::Context;
use chrono::{Duration, Utc};
use humas_core::account::AccountInput;
use humas_core::agency::AgencyInput;
use humas_core::clock::{Clock, ManualClock};
use humas_core::desk::{InboundItem, ItemFilter, ItemSource};
use humas_core::ids::{AccountId, AgencyId};
use humas_core::region::Region;
use humas_core::{Actor, Humas, Role};
use humas_store::bench::RawRow;
use std::sync::Arc;
use std::time::Instant;

pub struct BenchArgs {
    pub messages: usize,
    pub agencies: usize,
    pub queries: usize,
    pub batch: usize,
}

/// A small deterministic generator: the same data on every run.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[(self.next() % v.len() as u64) as usize]
    }
}

const DISTRICTS: [&str; 6] =
    ["Arut Selatan", "Arut Utara", "Kotawaringin Lama", "Kumai", "Pangkalan Banteng", "Pangkalan Lada"];
const SEARCHES: [&str; 8] =
    ["jalan rusak", "ktp", "air mati", "sampah", "lampu jalan", "pelayanan", "banjir", "puskesmas"];

fn percentile(sorted_ms: &[f64], p: f64) -> f64 {
    if sorted_ms.is_empty() {
        return 0.0;
    }
    let i = ((sorted_ms.len() as f64 - 1.0) * p).round() as usize;
    sorted_ms[i]
}

async fn timed<F, Fut>(n: usize, mut f: F) -> anyhow::Result<(f64, f64)>
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>>,
{
    let mut ms = Vec::with_capacity(n);
    for i in 0..n {
        let t = Instant::now();
        f(i).await?;
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    ms.sort_by(|a, b| a.total_cmp(b));
    Ok((percentile(&ms, 0.5), percentile(&ms, 0.95)))
}

pub async fn ingest(config: &Config, args: BenchArgs) -> anyhow::Result<()> {
    let (humas, store) = crate::open(config).await?;
    anyhow::ensure!(
        humas.store.agencies().await?.is_empty(),
        "humas bench needs an empty database (it was given one with agencies)"
    );
    let start = Utc::now() - Duration::days(365);
    let clock = Arc::new(ManualClock::new(start));
    let h = Humas { clock: clock.clone(), ..humas.clone() };
    let sys = Humas::system_actor();
    h.update_region(
        &sys,
        Region {
            name: "Kabupaten Bench".into(),
            province: "Kalimantan Tengah".into(),
            time_zone: "Asia/Pontianak".into(),
            letterhead: String::new(),
            logo_blob: None,
            inactivity_days: 90,
        },
    )
    .await?;
    for d in DISTRICTS {
        h.add_district(&sys, d).await?;
    }
    let mut agencies: Vec<(AgencyId, AccountId)> = Vec::new();
    for i in 0..args.agencies {
        let a = h
            .create_agency(
                &sys,
                AgencyInput {
                    code: format!("B{i:02}"),
                    name: format!("Instansi Bench {i}"),
                    kind: "dinas".into(),
                    affairs: vec![],
                    is_dinas: i == 0,
                },
            )
            .await?;
        let acc = h
            .create_account(
                &sys,
                AccountInput {
                    agency_id: a.id,
                    kind: "social_network".into(),
                    platform: "facebook".into(),
                    handle: format!("bench{i}"),
                    url: format!("https://facebook.com/bench{i}"),
                    display_name: String::new(),
                    audience: String::new(),
                    decree_id: None,
                },
            )
            .await?;
        agencies.push((a.id, acc.id));
    }
    let texts: Vec<String> = include_str!("../../../data/pesan/dev.jsonl")
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["teks"].as_str().map(str::to_string))
        .collect();
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let n = args.messages;
    let batches = n.div_ceil(args.batch);
    eprintln!("generating {n} messages for {} agencies …", args.agencies);
    let messages: Vec<(AccountId, AgencyId, String)> = (0..n)
        .map(|_| {
            let (agency, account) = *rng.pick(&agencies);
            let mut text = rng.pick(&texts).clone();
            match rng.next() % 3 {
                0 => text.push_str(&format!(" di {}", rng.pick(&DISTRICTS))),
                1 => text.push_str(&format!(" RT {:02}", rng.next() % 20)),
                _ => {}
            }
            (account, agency, text)
        })
        .collect();

    eprintln!(
        "ingesting through the service (validation, classification, stemming, search index) in batches of {} …",
        args.batch
    );
    let t = Instant::now();
    for (b, chunk) in messages.chunks(args.batch).enumerate() {
        clock.set(start + Duration::seconds((b as i64) * 365 * 24 * 3600 / batches.max(1) as i64));
        let now = clock.now();
        let batch: Vec<InboundItem> = chunk
            .iter()
            .enumerate()
            .map(|(j, (account, _, text))| InboundItem {
                account_id: Some(*account),
                agency_id: None,
                remote_id: Some(format!("b{}", b * args.batch + j)),
                thread_id: None,
                parent_remote_id: None,
                author_handle: format!("@warga{}", j % 997),
                author_name: String::new(),
                author_contact: String::new(),
                text: text.clone(),
                link: String::new(),
                written_at: Some(now - Duration::minutes(5)),
                kind: None,
                sentiment: None,
                district: None,
                topic: String::new(),
            })
            .collect();
        let out = h.ingest(&sys, batch, ItemSource::Channel).await?;
        if let Some(bad) = out.iter().find(|o| o.error.is_some()) {
            anyhow::bail!("ingest refused a generated message: {:?}", bad.error);
        }
        if batches >= 10 && (b + 1) % (batches / 10) == 0 {
            eprintln!("  {}%", (b + 1) * 100 / batches);
        }
    }
    let ingest_secs = t.elapsed().as_secs_f64();

    eprintln!("baseline: raw batched insert of the same rows …");
    humas_store::bench::prepare(&store.db).await?;
    let raw: Vec<RawRow> = messages
        .iter()
        .enumerate()
        .map(|(i, (account, agency, text))| RawRow {
            agency_id: agency.0,
            account_id: account.0,
            remote_id: format!("b{i}"),
            text: text.clone(),
            at: start,
        })
        .collect();
    let t = Instant::now();
    for chunk in raw.chunks(args.batch) {
        humas_store::bench::raw_insert(&store.db, chunk).await?;
    }
    let raw_secs = t.elapsed().as_secs_f64();
    let (items, raws) = humas_store::bench::counts(&store.db).await?;
    anyhow::ensure!(
        items as usize == n && raws as usize == n,
        "stored {items} items and {raws} raw rows, expected {n}"
    );

    // A year of work leaves most items answered; the inbox is measured on that.
    humas_store::bench::age_items(&store.db).await?;
    // What the daily maintenance job does in a running deployment.
    humas_core::store::Store::optimize(&store).await?;
    let operators: Vec<Actor> = agencies
        .iter()
        .enumerate()
        .map(|(i, (a, _))| Actor {
            user_id: humas_core::ids::UserId(0),
            username: format!("op{i}"),
            role: Role::Operator,
            agency_id: Some(*a),
        })
        .collect();
    let q = args.queries;
    let h2 = humas.clone();
    let inbox = timed(q, |i| {
        let (h, a) = (h2.clone(), operators[i % operators.len()].clone());
        async move { h.inbox(&a, ItemFilter::default()).await.map(|_| ()).context("inbox") }
    })
    .await?;
    let inbox_open =
        timed(q, |i| {
            let (h, a) = (h2.clone(), operators[i % operators.len()].clone());
            async move {
                h.inbox(&a, ItemFilter { open: Some(true), ..Default::default() }).await.map(|_| ()).context("inbox")
            }
        })
        .await?;
    let region = timed(q, |_| {
        let h = h2.clone();
        async move { h.inbox(&Humas::system_actor(), ItemFilter::default()).await.map(|_| ()).context("inbox") }
    })
    .await?;
    let region_open = timed(q, |_| {
        let h = h2.clone();
        async move {
            h.inbox(&Humas::system_actor(), ItemFilter { open: Some(true), ..Default::default() })
                .await
                .map(|_| ())
                .context("inbox")
        }
    })
    .await?;
    let search = timed(q, |i| {
        let (h, a) = (h2.clone(), operators[i % operators.len()].clone());
        async move {
            h.inbox(&a, ItemFilter { q: Some(SEARCHES[i % SEARCHES.len()].into()), ..Default::default() })
                .await
                .map(|_| ())
                .context("search")
        }
    })
    .await?;
    let search_region = timed(q, |i| {
        let h = h2.clone();
        async move {
            h.inbox(
                &Humas::system_actor(),
                ItemFilter { q: Some(SEARCHES[i % SEARCHES.len()].into()), ..Default::default() },
            )
            .await
            .map(|_| ())
            .context("search")
        }
    })
    .await?;

    let engine = match store.engine() {
        humas_store::Engine::Sqlite => "SQLite",
        humas_store::Engine::Postgres => "PostgreSQL",
    };
    let ingest_rate = n as f64 / ingest_secs;
    let raw_rate = n as f64 / raw_secs;
    println!("humas bench ingest — {n} messages, {} agencies, {engine}, batches of {}", args.agencies, args.batch);
    println!("  ingest (service path):        {ingest_rate:>10.0} messages/s  ({ingest_secs:.1} s)");
    println!("  baseline raw batched insert:  {raw_rate:>10.0} rows/s      ({raw_secs:.1} s)");
    println!("  ratio ingest / baseline:      {:>10.2}  (budget ≥ 0.50)", ingest_rate / raw_rate);
    println!("  latency over {q} queries, ms           p50      p95   (budget p95 ≤ 20)");
    for (name, (p50, p95)) in [
        ("inbox, agency, open (default view)", inbox_open),
        ("inbox, agency, all statuses", inbox),
        ("inbox, region, open (default view)", region_open),
        ("inbox, region, all statuses", region),
        ("search, agency", search),
        ("search, region-wide", search_region),
    ] {
        println!("  {name:<34} {p50:>8.2} {p95:>8.2}");
    }
    Ok(())
}

/// Where the benchmark writes when no database is given: a fresh folder.
pub fn scratch_config(base: &Config) -> Config {
    let dir = std::env::temp_dir().join(format!("humas-bench-{}", std::process::id()));
    Config {
        data_dir: dir.clone(),
        database_url: Some(Secret(format!("sqlite://{}", dir.join("bench.db").display()))),
        ..base.clone()
    }
}
