//! Publishing through the server: drafts and their checks, the approval
//! rules, and — against the Mastodon-API peer (`mastodon_mock`, a mock) —
//! a message composed on the pages, approved by the Official and delivered.

use crate::helpers::TestApp;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// A 1×1 PNG.
const PNG: &[u8] = &[
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 31, 21, 196,
    137, 0, 0, 0, 13, 73, 68, 65, 84, 120, 218, 99, 252, 207, 192, 80, 15, 0, 4, 133, 1, 128, 132, 169, 140, 33, 0, 0,
    0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];

fn image_form(csrf: &str, version: &Value, bytes: &'static [u8], name: &str) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new()
        .text("csrf", csrf.to_string())
        .text("version", version.to_string())
        .text("alt", "Petugas posyandu menimbang bayi")
        .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()))
}

#[tokio::test]
async fn drafts_are_checked_and_only_another_official_of_the_agency_approves() {
    let app = TestApp::spawn().await;
    let account = app.verified_account(app.agency_a, "dpupr_x", "x", "https://x.com/dpupr_x").await;
    let body = json!({"body": "Info di 0812-3456-7890 <script>alert(1)</script>", "hashtag": "KobarMaju", "category": "agency_activity",
                      "targets": [{"account_id": account.id.0}]});
    let (status, v) = app.post_json("/api/v1/posts", Some("a.petugas"), body).await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    assert!(v["findings"].as_array().expect("findings").iter().any(|f| f["code"] == "phone"));
    let id = v["post"]["id"].as_i64().expect("id");
    let (status, e) = app
        .post_json(&format!("/api/v1/posts/{id}/submit"), Some("a.petugas"), json!({"version": v["post"]["version"]}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(e["error"], "checks_failed");
    // The page shows the findings and the text escaped.
    let (client, _) = app.browser("a.petugas").await;
    let page = client.get(app.url(&format!("/terbitan/{id}"))).send().await.expect("page").text().await.expect("body");
    assert!(page.contains("id=\"post-errors\"") && page.contains("nomor telepon"));
    assert!(page.contains("&lt;script&gt;") || page.contains("&#60;script&#62;"), "escaped text is visible");
    assert!(!page.contains("<script>alert"));

    // A clean message: submitted by the operator, not approvable by itself, another agency or the Dinas.
    let body = json!({"body": "Perbaikan jalan Pangkalan Bun–Kumai dimulai Senin.", "hashtag": "KobarMaju", "category": "agency_activity",
                      "targets": [{"account_id": account.id.0}]});
    let (_, v) = app.post_json("/api/v1/posts", Some("a.petugas"), body).await;
    let id = v["post"]["id"].as_i64().expect("id");
    let (_, v) = app
        .post_json(&format!("/api/v1/posts/{id}/submit"), Some("a.petugas"), json!({"version": v["post"]["version"]}))
        .await;
    let version = v["post"]["version"].clone();
    for user in ["a.petugas", "b.pejabat", "admin", "bupati"] {
        let (status, _) = app
            .post_json(
                &format!("/api/v1/posts/{id}/approve"),
                Some(user),
                json!({"version": version, "override_reason": "tidak terhubung ke platform"}),
            )
            .await;
        assert!(matches!(status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND), "{user}: {status}");
    }
    // The account is not connected: a warning, so the Official gives a reason.
    let (status, e) =
        app.post_json(&format!("/api/v1/posts/{id}/approve"), Some("a.pejabat"), json!({"version": version})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    let (status, v) = app
        .post_json(
            &format!("/api/v1/posts/{id}/approve"),
            Some("a.pejabat"),
            json!({"version": version, "override_reason": "Diterbitkan manual oleh petugas."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["post"]["status"], "approved");
    // An approved message edited goes back to draft.
    let edit = json!({"body": "Perbaikan jalan dimulai Selasa.", "hashtag": "KobarMaju", "category": "agency_activity",
                      "targets": [{"account_id": account.id.0}], "version": v["post"]["version"]});
    let (status, v) = app.put_json(&format!("/api/v1/posts/{id}"), Some("a.petugas"), edit.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["post"]["status"], "draft");
    let (status, e) = app.put_json(&format!("/api/v1/posts/{id}"), Some("a.pejabat"), edit).await;
    assert_eq!(status, StatusCode::CONFLICT, "the same version saved twice");
    assert_eq!(e["error"], "stale_version");
    // The calendar and list pages show it.
    let page = client.get(app.url("/terbitan")).send().await.expect("list").text().await.expect("body");
    assert!(page.contains(&format!("/terbitan/{id}")));
    assert_eq!(client.get(app.url("/kalender")).send().await.expect("cal").status(), StatusCode::OK);
    assert_eq!(client.get(app.url("/kalender?minggu=2026-11-30")).send().await.expect("week").status(), StatusCode::OK);
}

#[tokio::test]
async fn a_message_composed_on_the_pages_is_approved_and_delivered_to_the_peer() {
    let base = match std::env::var("HUMAS_PEER_MASTODON") {
        Ok(b) if !b.is_empty() => b,
        _ => {
            assert!(
                std::env::var("HUMAS_REQUIRE_PEERS").as_deref() != Ok("1"),
                "HUMAS_PEER_MASTODON not set but peers are required"
            );
            eprintln!("skipped: HUMAS_PEER_MASTODON not set (start the peers with scripts/peers/start.sh)");
            return;
        }
    };
    let app = TestApp::spawn().await;
    let account = app.verified_account(app.agency_a, "diskominfo", "mastodon", &format!("{base}/@diskominfo")).await;
    let (status, _) = app
        .put_json(
            &format!("/api/v1/accounts/{}/connection", account.id),
            Some("a.pejabat"),
            json!({"endpoint": base, "secret": "token-diskominfo", "poll_minutes": 60}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    // Short: a 16-digit number would rightly be refused as a NIK.
    let n = format!(
        "{}",
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("time").as_micros() % 100_000_000
    );
    // A citizen's question on the platform, fetched into the inbox: the message will follow it up.
    let question = format!("@diskominfo kapan posyandu buka? {n}");
    let asked: Value = reqwest::Client::new()
        .post(format!("{base}/api/v1/statuses"))
        .bearer_auth("token-warga1")
        .form(&[("status", question.as_str())])
        .send()
        .await
        .expect("mention")
        .json()
        .await
        .expect("json");
    app.humas.sync_account(account.id).await.expect("sync");
    let (_, items) = app.get_json("/api/v1/items?per_page=100", "a.petugas").await;
    let item = items["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["text"] == question.as_str())
        .expect("the question")["id"]
        .as_i64()
        .expect("id");

    let (op, csrf) = app.browser("a.petugas").await;
    let r = op
        .post(app.url("/terbitan/baru"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("item_ids", &item.to_string()),
            ("agency_id", &app.agency_a.0.to_string()),
            ("hashtag", "KobarSehat"),
            ("category", "agency_activity"),
            ("body", &format!("Posyandu buka Sabtu pukul 08.00 WIB. {n}")),
            (&format!("account_{}", account.id), "on"),
        ])
        .send()
        .await
        .expect("compose");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = r.headers()["location"].to_str().expect("location").to_string();
    let id: i64 = to.trim_start_matches("/terbitan/").split('?').next().expect("id").parse().expect("id");
    let page = op.get(app.url(&to)).send().await.expect("page").text().await.expect("body");
    assert!(page.contains("#KobarSehat Posyandu buka Sabtu"), "the preview puts the hashtag in front");
    // An image: a renamed executable and an SVG are refused, a PNG is attached.
    let (_, v) = app.get_json(&format!("/api/v1/posts/{id}"), "a.petugas").await;
    let bad = op
        .post(app.url(&format!("/terbitan/{id}/gambar")))
        .multipart(image_form(&csrf, &v["post"]["version"], b"MZ\\x90\\x00not an image", "foto.png"))
        .send()
        .await
        .expect("upload");
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let svg = op
        .post(app.url(&format!("/terbitan/{id}/gambar")))
        .multipart(image_form(&csrf, &v["post"]["version"], b"<svg onload=alert(1)/>", "x.svg"))
        .send()
        .await
        .expect("upload");
    assert_eq!(svg.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let ok = op
        .post(app.url(&format!("/terbitan/{id}/gambar")))
        .multipart(image_form(&csrf, &v["post"]["version"], PNG, "posyandu.png"))
        .send()
        .await
        .expect("upload");
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    let stale = op
        .post(app.url(&format!("/terbitan/{id}/gambar")))
        .multipart(image_form(&csrf, &v["post"]["version"], PNG, "lagi.png"))
        .send()
        .await
        .expect("upload");
    assert_eq!(stale.status(), StatusCode::CONFLICT, "the version the officer saw is no longer current");
    let img = op.get(app.url(&format!("/terbitan/{id}/gambar/1"))).send().await.expect("image");
    assert_eq!(img.headers()["content-type"], "image/png");
    assert_eq!(img.bytes().await.expect("bytes").as_ref(), PNG);

    let (_, v) = app.get_json(&format!("/api/v1/posts/{id}"), "a.petugas").await;
    let r = op
        .post(app.url(&format!("/terbitan/{id}/ajukan")))
        .form(&[("csrf", csrf.as_str()), ("version", &v["post"]["version"].to_string())])
        .send()
        .await
        .expect("submit");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    let (official, csrf2) = app.browser("a.pejabat").await;
    let page =
        official.get(app.url(&format!("/terbitan/{id}"))).send().await.expect("page").text().await.expect("body");
    assert!(page.contains("id=\"btn-post-approve\""));
    let (_, v) = app.get_json(&format!("/api/v1/posts/{id}"), "a.pejabat").await;
    let r = official
        .post(app.url(&format!("/terbitan/{id}/setujui")))
        .form(&[("csrf", csrf2.as_str()), ("version", &v["post"]["version"].to_string())])
        .send()
        .await
        .expect("approve");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    let started = Instant::now();
    let delivered = loop {
        let (_, v) = app.get_json(&format!("/api/v1/posts/{id}"), "a.petugas").await;
        let d = v["deliveries"][0].clone();
        if d["status"] == "delivered" {
            break d;
        }
        assert!(d["status"] != "failed", "{d}");
        assert!(started.elapsed() < Duration::from_secs(30), "not delivered: {v}");
        tokio::time::sleep(Duration::from_millis(300)).await;
    };
    let page =
        official.get(app.url(&format!("/terbitan/{id}"))).send().await.expect("page").text().await.expect("body");
    assert!(
        page.contains("class=\"post-link\"") && page.contains(delivered["remote_url"].as_str().expect("url")),
        "the link is on the page"
    );
    let status: Value = reqwest::Client::new()
        .get(format!("{base}/api/v1/statuses/{}", delivered["remote_id"].as_str().expect("id")))
        .bearer_auth("token-diskominfo")
        .send()
        .await
        .expect("status")
        .json()
        .await
        .expect("json");
    assert!(status["content"].as_str().expect("content").contains(&n));
    assert!(status["content"].as_str().expect("content").contains("KobarSehat"));
    assert_eq!(status["media_attachments"].as_array().expect("media").len(), 1, "the image went with it");

    // Pasal 9j: one action answers the citizen on their thread with the link.
    let (status, v) = app.post_json(&format!("/api/v1/posts/{id}/reply-items"), Some("a.petugas"), json!({})).await;
    assert_eq!((status, v["queued"].as_i64()), (StatusCode::OK, Some(1)), "{v}");
    let started = Instant::now();
    loop {
        let (_, list) = app.get_json(&format!("/api/v1/items/{item}/deliveries"), "a.petugas").await;
        if list[0]["status"] == "delivered" {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "{list}");
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    let context: Value = reqwest::Client::new()
        .get(format!("{base}/api/v1/statuses/{}/context", asked["id"].as_str().expect("id")))
        .bearer_auth("token-warga1")
        .send()
        .await
        .expect("context")
        .json()
        .await
        .expect("json");
    let replies: Vec<&Value> = context["descendants"]
        .as_array()
        .expect("list")
        .iter()
        .filter(|s| s["account"]["username"] == "diskominfo")
        .collect();
    assert_eq!(replies.len(), 1);
    assert!(replies[0]["content"].as_str().expect("content").contains(delivered["remote_url"].as_str().expect("url")));
    // Twice is still once.
    let (_, v) = app.post_json(&format!("/api/v1/posts/{id}/reply-items"), Some("a.petugas"), json!({})).await;
    assert_eq!(v["queued"], 0);
}
