//! No double posts when the process dies at the worst moment: the platform
//! has accepted a reply but humas has not recorded it. The real `humas serve`
//! is run with the fault injection `HUMAS_FAULT_EXIT_AFTER_SEND` (it exits
//! right after the platform's acceptance), then started again: the retry
//! looks on the platform first and finds the reply. Against the real
//! WordPress peer, which has no idempotency key of its own.

#![allow(clippy::unwrap_used)] // a test fails by panicking

use humas::config::Config;
use humas_core::Humas;
use serde_json::Value;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn peer() -> Option<(String, String, String)> {
    match std::env::var("HUMAS_PEER_WORDPRESS") {
        Ok(base) if !base.is_empty() => Some((
            base,
            std::env::var("HUMAS_PEER_WORDPRESS_USER").unwrap_or_else(|_| "admin".into()),
            std::env::var("HUMAS_PEER_WORDPRESS_PASSWORD").unwrap(),
        )),
        _ => {
            assert!(
                std::env::var("HUMAS_REQUIRE_PEERS").as_deref() != Ok("1"),
                "HUMAS_PEER_WORDPRESS not set but peers are required"
            );
            eprintln!("skipped: HUMAS_PEER_WORDPRESS not set (start the peers with scripts/peers/start.sh)");
            None
        }
    }
}

/// A region with one agency and its verified blog account.
async fn seed(humas: &Humas, url: &str) -> humas_core::ids::AccountId {
    let sys = Humas::system_actor();
    let region = humas_core::region::Region {
        name: "Kabupaten Uji".into(),
        province: "Kalimantan Tengah".into(),
        time_zone: "Asia/Pontianak".into(),
        letterhead: String::new(),
        logo_blob: None,
        inactivity_days: 90,
    };
    humas.update_region(&sys, region).await.unwrap();
    let agency = humas
        .create_agency(
            &sys,
            humas_core::agency::AgencyInput {
                code: "DPUPR".into(),
                name: "Dinas PUPR".into(),
                kind: "dinas".into(),
                affairs: vec!["jalan".into()],
                is_dinas: false,
            },
        )
        .await
        .unwrap()
        .id;
    let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
    let decree = humas
        .create_decree(
            &sys,
            humas_core::decree::DecreeInput {
                agency_id: agency,
                number: "800/1/DPUPR/2026".into(),
                decree_date: day,
                signer: "Kepala".into(),
                title: "Penunjukan akun".into(),
                valid_from: day,
                valid_until: None,
                appointees: vec![],
            },
            Some(humas_core::service::DecreeUpload { name: "sk.pdf".into(), bytes: humas::demo::minimal_pdf(&["SK"]) }),
        )
        .await
        .unwrap();
    let account = humas
        .create_account(
            &sys,
            humas_core::account::AccountInput {
                agency_id: agency,
                kind: "blog".into(),
                platform: "wordpress".into(),
                handle: "blog_dpupr".into(),
                url: url.into(),
                display_name: String::new(),
                audience: String::new(),
                decree_id: Some(decree.id),
            },
        )
        .await
        .unwrap();
    humas.request_verification(&sys, account.id).await.unwrap();
    humas.verify_account(&sys, account.id).await.unwrap();
    account.id
}

fn serve(dir: &std::path::Path, fault: bool) -> std::process::Child {
    let mut c = Command::new(env!("CARGO_BIN_EXE_humas"));
    c.args(["serve", "--bind", "127.0.0.1:0", "--data-dir"])
        .arg(dir)
        .env_remove("HUMAS_DATABASE_URL")
        .env("HUMAS_LOG", "warn")
        .env("HUMAS_JOB_LEASE_SECS", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if fault {
        c.env("HUMAS_FAULT_EXIT_AFTER_SEND", "1");
    } else {
        c.env_remove("HUMAS_FAULT_EXIT_AFTER_SEND");
    }
    c.spawn().unwrap()
}

async fn replies(base: &str, user: &str, password: &str, parent: &str) -> Vec<Value> {
    reqwest::Client::new()
        .get(format!("{base}/?rest_route=/wp/v2/comments&parent={parent}&status=all"))
        .basic_auth(user, Some(password))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_reply_accepted_by_the_platform_before_a_crash_is_not_sent_again() {
    let Some((base, user, password)) = peer() else { return };
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("crash-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let config = Config { data_dir: dir.clone(), ..Config::default() };
    let sys = Humas::system_actor();

    // A connected blog with one citizen's comment, answered in humas.
    let (delivery, parent) = {
        let (humas, _) = humas::open(&config).await.unwrap();
        let account = seed(&humas, &format!("{base}/")).await;
        let input = humas_core::service::ConnectionInput {
            endpoint: base.clone(),
            username: user.clone(),
            secret: password.clone(),
            poll_minutes: Some(60),
            enabled: true,
            ..Default::default()
        };
        let (_, check) = humas.connect_account(&sys, account, input).await.unwrap();
        assert!(check.ok, "{}", check.message);
        humas.sync_account(account).await.unwrap();
        let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let post: Value = http
            .post(format!("{base}/?rest_route=/wp/v2/posts"))
            .basic_auth(&user, Some(&password))
            .json(&serde_json::json!({"title": "Pengumuman", "content": "Isi", "status": "publish"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let n = format!("{}", std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_micros());
        let text = format!("Kapan jembatan Sungai Arut selesai? {n}");
        http.post(format!("{base}/wp-comments-post.php"))
            .form(&[
                ("comment_post_ID", post["id"].to_string().as_str()),
                ("comment_parent", "0"),
                ("author", "Yanto"),
                ("email", "yanto@example.org"),
                ("comment", text.as_str()),
            ])
            .send()
            .await
            .unwrap();
        humas.sync_account(account).await.unwrap();
        let page = humas.inbox(&sys, Default::default()).await.unwrap();
        let item = page.items.iter().find(|i| i.text == text).expect("the comment is in the inbox").clone();
        humas.answer_item(&sys, item.id, "Target selesai Desember.", "").await.unwrap();
        let d = humas.item_deliveries(&sys, item.id).await.unwrap().remove(0);
        (d.id, item.remote_id.unwrap())
    };

    // 1. The server sends the reply and dies before recording it.
    let mut first = serve(&dir, true);
    let started = Instant::now();
    let status = loop {
        if let Some(s) = first.try_wait().unwrap() {
            break s;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "the fault was never reached");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(status.code(), Some(86), "exited by the fault injection");
    assert_eq!(replies(&base, &user, &password, &parent).await.len(), 1, "the platform has the reply");
    let (humas, _) = humas::open(&config).await.unwrap();
    let d = humas_core::store::Store::delivery(humas.store.as_ref(), delivery).await.unwrap().unwrap();
    assert_eq!(d.status, humas_core::channel::DeliveryStatus::Sending, "humas does not know the outcome");

    // 2. Restarted, it finds the reply on the platform instead of sending another.
    let mut second = serve(&dir, false);
    let started = Instant::now();
    let done = loop {
        let d = humas_core::store::Store::delivery(humas.store.as_ref(), delivery).await.unwrap().unwrap();
        if d.status == humas_core::channel::DeliveryStatus::Delivered {
            break d;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "not delivered after restart: {d:?}");
        tokio::time::sleep(Duration::from_millis(300)).await;
    };
    let _ = second.kill();
    let _ = second.wait();
    let on_platform = replies(&base, &user, &password, &parent).await;
    assert_eq!(on_platform.len(), 1, "exactly one reply on the platform");
    assert_eq!(on_platform[0]["id"].as_i64().unwrap().to_string(), done.remote_id);
    assert!(done.attempts >= 2);
}
