//! Malformed, oversized, hostile and concurrent input: a clear error, and
//! nothing written.

use crate::helpers::TestApp;
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::json;

fn account(agency: i64, platform: &str, handle: &str, url: &str) -> serde_json::Value {
    json!({"agency_id": agency, "kind": "social_network", "platform": platform, "handle": handle, "url": url})
}

#[tokio::test]
async fn invalid_accounts_are_refused_with_the_field_named() {
    let app = TestApp::spawn().await;
    let b = app.agency_b.0;
    let cases = [
        (account(b, "facebook", "ok", "javascript:alert(1)"), "url"),
        (account(b, "facebook", "ok", "bukan alamat"), "url"),
        (account(b, "myspace", "ok", "https://myspace.com/ok"), "platform"),
        (
            json!({"agency_id": b, "kind": "podcast", "platform": "facebook", "handle": "ok", "url": "https://facebook.com/ok"}),
            "kind",
        ),
        (account(b, "facebook", "dua kata", "https://facebook.com/ok"), "handle"),
        (account(b, "facebook", &"x".repeat(101), "https://facebook.com/ok"), "handle"),
    ];
    let before = app.audit_len().await;
    for (body, field) in cases {
        let (s, err) = app.post_json("/api/v1/accounts", Some("b.petugas"), body.clone()).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(err["field"], field, "{err}");
        assert!(err["message"].as_str().is_some_and(|m| m.len() > 10), "a readable message: {err}");
    }
    let (s, err) = app.post_json("/api/v1/accounts", Some("b.petugas"), json!({"agency_id": "satu"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["error"], "invalid_input");
    let r = app
        .api(reqwest::Method::POST, "/api/v1/accounts", Some("b.petugas"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .expect("request");
    assert!(r.status().is_client_error());
    assert_eq!(r.json::<serde_json::Value>().await.expect("json error body")["error"], "invalid_input");
    assert_eq!(app.audit_len().await, before, "nothing was written");
}

#[tokio::test]
async fn a_duplicate_account_conflicts_even_when_sent_concurrently() {
    let app = TestApp::spawn().await;
    let b = app.agency_b.0;
    // Request builders own their client, so the sends can run as separate tasks at once.
    let mut set = tokio::task::JoinSet::new();
    for i in 0..8 {
        let url = if i % 2 == 0 { "https://www.facebook.com/DinkesKobar/" } else { "http://facebook.com/dinkeskobar" };
        let rb = app.api(reqwest::Method::POST, "/api/v1/accounts", Some("b.petugas")).json(&account(
            b,
            "facebook",
            "dinkeskobar",
            url,
        ));
        set.spawn(async move { rb.send().await.expect("send").status() });
    }
    let statuses = set.join_all().await;
    let created = statuses.iter().filter(|s| **s == StatusCode::CREATED).count();
    let conflicts = statuses.iter().filter(|s| **s == StatusCode::CONFLICT).count();
    assert_eq!((created, conflicts), (1, 7), "{statuses:?}");
    let (_, list) = app.get_json("/api/v1/accounts", "admin").await;
    assert_eq!(list.as_array().expect("list").len(), 1);
}

#[tokio::test]
async fn decrees_with_reversed_dates_or_disguised_or_oversized_files_are_refused() {
    let app = TestApp::spawn().await;
    let before = app.audit_len().await;
    let (s, err) = app
        .post_json(
            "/api/v1/decrees",
            Some("b.pejabat"),
            json!({"agency_id": app.agency_b.0, "number": "800/1/2026", "decree_date": "2026-03-01", "signer": "Kepala",
                   "title": "Penunjukan", "valid_from": "2026-03-01", "valid_until": "2026-01-01"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["field"], "valid_until");

    let form = |bytes: Vec<u8>, name: &str| {
        Form::new()
            .text("agency_id", app.agency_b.0.to_string())
            .text("number", "800/2/2026")
            .text("decree_date", "2026-03-01")
            .text("signer", "Kepala")
            .text("title", "Penunjukan")
            .part("file", Part::bytes(bytes).file_name(name.to_string()).mime_str("application/pdf").expect("mime"))
    };
    let exe = [b"MZ\x90\x00\x03".as_slice(), &[0u8; 500]].concat();
    let r = app
        .api(reqwest::Method::POST, "/api/v1/decrees", Some("b.pejabat"))
        .multipart(form(exe, "sk.pdf"))
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let err: serde_json::Value = r.json().await.expect("json");
    assert!(err["message"].as_str().unwrap_or("").contains("PDF"), "{err}");

    // The test server accepts 1 MB uploads.
    let big = [b"%PDF-1.4\n".as_slice(), &vec![b'x'; 2 * 1024 * 1024]].concat();
    let r = app
        .api(reqwest::Method::POST, "/api/v1/decrees", Some("b.pejabat"))
        .multipart(form(big, "besar.pdf"))
        .send()
        .await
        .expect("send");
    assert!(matches!(r.status(), StatusCode::UNPROCESSABLE_ENTITY | StatusCode::PAYLOAD_TOO_LARGE), "{}", r.status());
    assert_eq!(app.audit_len().await, before, "nothing was written");

    let ok = app
        .api(reqwest::Method::POST, "/api/v1/decrees", Some("b.pejabat"))
        .multipart(
            form(humas::demo::minimal_pdf(&["SK"]), "sk.pdf")
                .text("appointees", r#"[{"name":"Budi","nip":"","role":"operator"}]"#),
        )
        .send()
        .await
        .expect("send");
    assert_eq!(ok.status(), StatusCode::CREATED);
    let d: serde_json::Value = ok.json().await.expect("json");
    assert_eq!(d["file"]["content_type"], "application/pdf");
    assert_eq!(d["appointees"][0]["name"], "Budi");
    let file = app
        .api(reqwest::Method::GET, &format!("/api/v1/decrees/{}/file", d["id"]), Some("b.petugas"))
        .send()
        .await
        .expect("get");
    assert_eq!(file.headers()["content-type"], "application/pdf");
    assert!(file.bytes().await.expect("bytes").starts_with(b"%PDF-"));
}

#[tokio::test]
async fn citizens_and_officers_text_is_shown_as_text_not_markup() {
    let app = TestApp::spawn().await;
    let hostile = "<script>alert('x')</script><img src=x onerror=alert(1)>";
    let (s, acc) = app
        .post_json(
            "/api/v1/accounts",
            Some("b.petugas"),
            json!({"agency_id": app.agency_b.0, "kind": "blog", "platform": "wordpress", "handle": "blog_dinkes",
                   "url": "https://dinkes.example.go.id", "display_name": hostile, "audience": "'; DROP TABLE accounts; --"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    assert_eq!(acc["display_name"], hostile, "stored exactly as sent");
    let (client, _) = app.browser("b.petugas").await;
    let page =
        client.get(app.url(&format!("/akun/{}", acc["id"]))).send().await.expect("page").text().await.expect("body");
    assert!(!page.contains("<script>alert"), "script must be escaped");
    assert!(page.contains("&lt;script&gt;") || page.contains("&#60;script&#62;"), "escaped text is visible");
    assert!(page.contains("DROP TABLE"), "SQL-looking text is just text");
    let (_, list) = app.get_json("/api/v1/accounts", "admin").await;
    assert_eq!(list.as_array().expect("table still there").len(), 1);
}

#[tokio::test]
async fn an_oversized_json_body_is_refused() {
    let app = TestApp::spawn().await;
    let huge = "x".repeat(3 * 1024 * 1024);
    let (s, _) =
        app.post_json("/api/v1/agencies", Some("admin"), json!({"code": "BIG", "name": huge, "kind": "dinas"})).await;
    assert!(matches!(s, StatusCode::PAYLOAD_TOO_LARGE | StatusCode::UNPROCESSABLE_ENTITY), "{s}");
    let (s, _) = app
        .post_json("/api/v1/agencies", Some("admin"), json!({"code": "LONG", "name": "x".repeat(300), "kind": "dinas"}))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
}
