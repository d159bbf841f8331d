//! Shared set-up of the conformance suites: a fresh database per engine, a
//! controlled clock, a region.
#![allow(dead_code, unused_macros, unused_imports)]

use chrono::{NaiveDate, TimeZone, Utc};
use humas_core::account::AccountInput;
use humas_core::agency::AgencyInput;
use humas_core::clock::{Clock, ManualClock};
use humas_core::decree::DecreeInput;
use humas_core::ids::AgencyId;
use humas_core::region::Region;
use humas_core::service::{DecreeUpload, Settings};
use humas_core::{Actor, Humas};
use humas_store::testing::fresh_store;
use humas_store::{LocalBlobs, SqlStore};
use std::sync::Arc;

pub struct Env {
    pub humas: Humas,
    pub store: SqlStore,
    pub clock: Arc<ManualClock>,
    pub sys: Actor,
    /// The database URL, for opening a second pool (a second process).
    pub url: String,
}

pub async fn env(engine: &str) -> Env {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("conformance");
    humas_store::testing::announce_engines();
    let url = humas_store::testing::fresh_url(engine, &dir).await;
    let store = SqlStore::open(&url).await.expect("open test database");
    let clock = Arc::new(ManualClock::new(Utc.with_ymd_and_hms(2026, 11, 27, 3, 0, 0).single().expect("time")));
    let blobs = Arc::new(LocalBlobs::new(dir.join("blobs")));
    let humas = Humas::new(Arc::new(store.clone()), blobs, clock.clone(), Settings::default());
    let sys = Humas::system_actor();
    humas
        .update_region(
            &sys,
            Region {
                name: "Kabupaten Uji".into(),
                province: "Kalimantan Tengah".into(),
                time_zone: "Asia/Pontianak".into(),
                letterhead: String::new(),
                logo_blob: None,
                inactivity_days: 90,
            },
        )
        .await
        .expect("region");
    Env { humas, store, clock, sys, url }
}

/// Runs a test body once per engine.
#[macro_export]
macro_rules! on_each_engine {
    ($(async fn $name:ident($e:ident: Env) $body:block)*) => {$(
        #[tokio::test]
        async fn $name() {
            for engine in humas_store::testing::engines() {
                let $e = common::env(engine).await;
                $body
            }
        }
    )*};
}

pub fn agency_input(code: &str) -> AgencyInput {
    AgencyInput {
        code: code.into(),
        name: format!("Dinas {code}"),
        kind: "dinas".into(),
        affairs: vec!["jalan".into()],
        is_dinas: false,
    }
}

pub async fn agency(e: &Env, code: &str) -> AgencyId {
    e.humas.create_agency(&e.sys, agency_input(code)).await.expect("agency").id
}

pub fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".to_vec()
}

pub async fn decree(e: &Env, agency: AgencyId, number: &str, until: Option<NaiveDate>) -> humas_core::ids::DecreeId {
    use chrono::Datelike;
    let from = NaiveDate::from_ymd_opt(until.map(|u| u.year()).unwrap_or(2026), 1, 5).expect("date");
    e.humas
        .create_decree(
            &e.sys,
            DecreeInput {
                agency_id: agency,
                number: number.into(),
                decree_date: from,
                signer: "Kepala Dinas".into(),
                title: "Penunjukan akun resmi".into(),
                valid_from: from,
                valid_until: until,
                appointees: vec![],
            },
            Some(DecreeUpload { name: "sk.pdf".into(), bytes: pdf() }),
        )
        .await
        .expect("decree")
        .id
}

pub fn account_input(agency: AgencyId, handle: &str, decree: Option<humas_core::ids::DecreeId>) -> AccountInput {
    AccountInput {
        agency_id: agency,
        kind: "media_sharing".into(),
        platform: "instagram".into(),
        handle: handle.into(),
        url: format!("https://www.instagram.com/{handle}"),
        display_name: String::new(),
        audience: String::new(),
        decree_id: decree,
    }
}

/// A user of a role (of an agency, or region-wide), as the actor the service sees.
pub async fn user(e: &Env, name: &str, role: humas_core::Role, agency: Option<AgencyId>) -> Actor {
    e.humas
        .create_user(
            &e.sys,
            humas_core::user::UserInput {
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
