//! Public pages and endpoints: the directory and "Cek akun resmi" (R-ACC-3).

use crate::helpers::TestApp;
use humas_core::Humas;
use reqwest::StatusCode;

async fn verified(app: &TestApp, handle: &str, url: &str) {
    let sys = Humas::system_actor();
    let d = app.decree(app.agency_b, &format!("SK/{handle}")).await;
    let a = app
        .humas
        .create_account(
            &sys,
            humas_core::account::AccountInput {
                agency_id: app.agency_b,
                kind: "media_sharing".into(),
                platform: "instagram".into(),
                handle: handle.into(),
                url: url.into(),
                display_name: String::new(),
                audience: String::new(),
                decree_id: Some(d.id),
            },
        )
        .await
        .expect("account");
    app.humas.request_verification(&sys, a.id).await.expect("request");
    app.humas.verify_account(&sys, a.id).await.expect("verify");
}

#[tokio::test]
async fn the_verify_endpoint_matches_url_variants_without_login() {
    let app = TestApp::spawn().await;
    verified(&app, "dinkes_kobar", "https://www.instagram.com/dinkes_kobar").await;
    let client = reqwest::Client::new();
    for q in [
        "https://instagram.com/dinkes_kobar",
        "http://www.instagram.com/Dinkes_Kobar/",
        "https://m.instagram.com/dinkes_kobar?utm_source=x#top",
        "@DINKES_KOBAR",
        "instagram.com/dinkes_kobar",
    ] {
        let r = client.get(app.url("/api/v1/public/accounts/verify")).query(&[("url", q)]).send().await.expect("send");
        assert_eq!(r.status(), StatusCode::OK, "{q}");
        let v: serde_json::Value = r.json().await.expect("json");
        assert_eq!(v["official"], true, "{q}: {v}");
        assert_eq!(v["status"], "verified");
        assert_eq!(v["agency"]["code"], "DINKES");
        assert_eq!(v["account"]["handle"], "dinkes_kobar");
    }
    let r = client
        .get(app.url("/api/v1/public/accounts/verify"))
        .query(&[("url", "https://instagram.com/dinkes_kobar_official")])
        .send()
        .await
        .expect("send");
    let v: serde_json::Value = r.json().await.expect("json");
    assert_eq!((v["official"].as_bool(), v["status"].as_str()), (Some(false), Some("unknown")));
    assert!(v["agency"].is_null());
    for bad in ["", "ftp://x.y/z", "' OR 1=1 --"] {
        let r =
            client.get(app.url("/api/v1/public/accounts/verify")).query(&[("url", bad)]).send().await.expect("send");
        assert!(
            r.status() == StatusCode::UNPROCESSABLE_ENTITY || r.status() == StatusCode::OK,
            "{bad}: {}",
            r.status()
        );
        let v: serde_json::Value = r.json().await.expect("json");
        assert_ne!(v["official"], true, "{bad}");
    }
    let r = client.get(app.url("/api/v1/public/accounts/verify")).send().await.expect("send");
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_public_directory_lists_only_verified_accounts_with_their_decree() {
    let app = TestApp::spawn().await;
    verified(&app, "dinkes_kobar", "https://www.instagram.com/dinkes_kobar").await;
    app.account(app.agency_b, "draf_rahasia", None).await;
    let page = reqwest::get(app.url("/publik")).await.expect("get").text().await.expect("body");
    assert!(page.contains("dinkes_kobar"));
    assert!(page.contains("SK SK/dinkes_kobar"));
    assert!(!page.contains("draf_rahasia"), "drafts are not public");
    let list: serde_json::Value =
        reqwest::get(app.url("/api/v1/public/accounts")).await.expect("get").json().await.expect("json");
    assert_eq!(list.as_array().expect("list").len(), 1);
    // The decree behind a verified account is public.
    let id = list[0]["decree"]["id"].as_i64().expect("decree id");
    let file = reqwest::get(app.url(&format!("/sk/{id}/berkas"))).await.expect("get");
    assert_eq!(file.status(), StatusCode::OK);
    assert_eq!(file.headers()["content-type"], "application/pdf");
}

#[tokio::test]
async fn the_cek_akun_page_answers_in_plain_words() {
    let app = TestApp::spawn().await;
    verified(&app, "dinkes_kobar", "https://www.instagram.com/dinkes_kobar").await;
    let client = reqwest::Client::new();
    let ok = client
        .get(app.url("/cek-akun"))
        .query(&[("url", "https://instagram.com/DINKES_KOBAR/")])
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("body");
    assert!(ok.contains("Akun resmi") && ok.contains("Instansi DINKES"), "{ok}");
    let unknown = client
        .get(app.url("/cek-akun"))
        .query(&[("url", "<script>x</script>")])
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("body");
    assert!(!unknown.contains("<script>x"), "the query is echoed escaped");
    let en = client
        .get(app.url("/cek-akun"))
        .header("cookie", "lang=en")
        .query(&[("url", "@nobody_here")])
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("body");
    assert!(en.contains("Not registered"), "English on request");
}

#[tokio::test]
async fn health_and_openapi_are_served() {
    let app = TestApp::spawn().await;
    let h: serde_json::Value = reqwest::get(app.url("/healthz")).await.expect("get").json().await.expect("json");
    assert_eq!(h["status"], "ok");
    let doc: serde_json::Value =
        reqwest::get(app.url("/api/v1/openapi.json")).await.expect("get").json().await.expect("json");
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")));
    for path in [
        "/api/v1/public/accounts/verify",
        "/api/v1/accounts/{id}/verify",
        "/api/v1/decrees",
        "/api/v1/audit",
        "/api/v1/users",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} documented");
    }
}
