//! The browser side: login, sessions, CSRF, rate limits, and pages scoped by role.

use crate::helpers::{PASSWORD, TestApp, csrf_of};
use reqwest::StatusCode;

#[tokio::test]
async fn login_dashboard_logout_round_trip() {
    let app = TestApp::spawn().await;
    let (client, csrf) = app.browser("b.pejabat").await;
    let dash = client.get(app.url("/dasbor")).send().await.expect("get");
    assert_eq!(dash.status(), StatusCode::OK);
    let csp = dash.headers().get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    assert!(csp.contains("script-src 'self'"), "{csp}");
    let body = dash.text().await.expect("body");
    assert!(body.contains("Pengguna b.pejabat") && body.contains("Instansi DINKES"));
    let out = client.post(app.url("/keluar")).form(&[("csrf", csrf.as_str())]).send().await.expect("logout");
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    let again = client.get(app.url("/dasbor")).send().await.expect("get");
    assert_eq!(again.status(), StatusCode::SEE_OTHER, "logged out users go to the login page");
    assert_eq!(again.headers()["location"], "/masuk");
}

#[tokio::test]
async fn forms_without_the_right_csrf_token_change_nothing() {
    let app = TestApp::spawn().await;
    let (client, csrf) = app.browser("admin").await;
    let before = app.audit_len().await;
    for token in ["", "salah", &csrf[..10]] {
        let r = client
            .post(app.url("/instansi"))
            .form(&[("csrf", token), ("code", "X1"), ("name", "X"), ("kind", "dinas")])
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "token {token:?}");
    }
    let cross = client
        .post(app.url("/instansi"))
        .header("origin", "https://jahat.example")
        .form(&[("csrf", csrf.as_str()), ("code", "X2"), ("name", "X"), ("kind", "dinas")])
        .send()
        .await
        .expect("post");
    assert_eq!(cross.status(), StatusCode::FORBIDDEN, "cross-site posts are refused");
    // A cookie-authenticated API call must carry the token in a header.
    let api = client
        .post(app.url("/api/v1/districts"))
        .json(&serde_json::json!({"name": "Kumai"}))
        .send()
        .await
        .expect("post");
    assert_eq!(api.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.audit_len().await, before);
    let ok = client
        .post(app.url("/instansi"))
        .form(&[("csrf", csrf.as_str()), ("code", "X3"), ("name", "Instansi X3"), ("kind", "dinas")])
        .send()
        .await
        .expect("post");
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    let api = client
        .post(app.url("/api/v1/districts"))
        .header("x-csrf-token", &csrf)
        .json(&serde_json::json!({"name": "Kumai"}))
        .send()
        .await
        .expect("post");
    assert_eq!(api.status(), StatusCode::CREATED);
    assert_eq!(app.audit_len().await, before + 2);
}

#[tokio::test]
async fn repeated_wrong_passwords_are_rate_limited() {
    let app = TestApp::spawn().await;
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    for _ in 0..5 {
        let r = client
            .post(app.url("/masuk"))
            .form(&[("username", "admin"), ("password", "salah-salah")])
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        assert!(r.text().await.expect("body").contains("Nama pengguna atau kata sandi salah"));
    }
    let r = client
        .post(app.url("/masuk"))
        .form(&[("username", "admin"), ("password", PASSWORD)])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn an_operator_cannot_open_or_archive_another_agencys_account_from_the_pages() {
    let app = TestApp::spawn().await;
    let d = app.decree(app.agency_b, "SK/B/1").await;
    let b_account = app.account(app.agency_b, "akun_b", Some(&d)).await;
    let (client, csrf) = app.browser("a.pejabat").await;
    let page = client.get(app.url(&format!("/akun/{}", b_account.id))).send().await.expect("get");
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    let before = app.audit_len().await;
    let r = client
        .post(app.url(&format!("/akun/{}/arsipkan", b_account.id)))
        .form(&[("csrf", csrf.as_str()), ("reason", "iseng")])
        .send()
        .await
        .expect("post");
    assert!(matches!(r.status(), StatusCode::NOT_FOUND | StatusCode::FORBIDDEN), "{}", r.status());
    assert_eq!(app.audit_len().await, before);
    let list = client.get(app.url("/akun")).send().await.expect("get").text().await.expect("body");
    assert!(!list.contains("akun_b"));
}

#[tokio::test]
async fn an_official_registers_and_requests_an_account_and_the_dinas_verifies_it_in_the_pages() {
    let app = TestApp::spawn().await;
    let d = app.decree(app.agency_b, "SK/B/2").await;
    let (official, csrf) = app.browser("b.pejabat").await;
    let r = official
        .post(app.url("/akun"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("agency_id", &app.agency_b.0.to_string()),
            ("kind", "media_sharing"),
            ("platform", "youtube"),
            ("handle", "@dinkeskobar"),
            ("url", "https://www.youtube.com/@dinkeskobar"),
            ("display_name", "Dinkes Kobar"),
            ("audience", "Ibu muda"),
            ("decree_id", &d.id.0.to_string()),
        ])
        .send()
        .await
        .expect("create");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let location = r.headers()["location"].to_str().expect("location").to_string();
    let id: i64 = location.trim_start_matches("/akun/").split('?').next().unwrap_or("").parse().expect("id");
    let page = official.get(app.url(&location)).send().await.expect("get").text().await.expect("body");
    assert!(page.contains("Draf") && page.contains("Ajukan verifikasi"));
    let r = official
        .post(app.url(&format!("/akun/{id}/ajukan")))
        .form(&[("csrf", csrf_of(&page).as_str())])
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (dinas, dcsrf) = app.browser("admin").await;
    let dash = dinas.get(app.url("/dasbor")).send().await.expect("get").text().await.expect("body");
    assert!(dash.contains("@dinkeskobar"), "the request waits on the Dinas dashboard");
    let r = dinas
        .post(app.url(&format!("/akun/{id}/verifikasi")))
        .form(&[("csrf", dcsrf.as_str())])
        .send()
        .await
        .expect("verify");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let v: serde_json::Value = reqwest::Client::new()
        .get(app.url("/api/v1/public/accounts/verify"))
        .query(&[("url", "youtube.com/@DinkesKobar")])
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(v["official"], true, "{v}");
}

#[tokio::test]
async fn every_page_renders_for_every_role() {
    let app = TestApp::spawn().await;
    let d = app.decree(app.agency_b, "SK/B/3").await;
    let acc = app.account(app.agency_b, "semua", Some(&d)).await;
    for user in crate::helpers::ROLES {
        let (client, _) = app.browser(user).await;
        for path in [
            "/dasbor",
            "/akun",
            "/sk",
            "/instansi",
            "/pengguna",
            "/daerah",
            "/kata-sandi",
            "/publik",
            "/cek-akun",
            "/kotak-masuk",
            "/kotak-masuk?overdue=true&q=jalan&page=2&from=2026-01-01&to=2026-12-31",
            "/kotak-masuk/catat",
            "/terbitan",
            "/terbitan?status=approved",
            "/kalender",
            "/kalender?bulan=2026-02",
            "/kalender?minggu=2026-12-31",
            "/aturan-terbitan",
            "/notifikasi",
            "/tanya",
            "/lacak?kode=KB-AAAA-AAAA",
            &format!("/instansi/{}", app.agency_b),
        ] {
            let r = client.get(app.url(path)).send().await.expect("get");
            assert_eq!(r.status(), StatusCode::OK, "{path} as {user}");
        }
        let audit = client.get(app.url("/audit")).send().await.expect("get").status();
        let expect = if matches!(user, "admin" | "auditor") { StatusCode::OK } else { StatusCode::FORBIDDEN };
        assert_eq!(audit, expect, "/audit as {user}");
        let acc_page = client.get(app.url(&format!("/akun/{}", acc.id))).send().await.expect("get").status();
        let expect = if user.starts_with("a.") { StatusCode::NOT_FOUND } else { StatusCode::OK };
        assert_eq!(acc_page, expect, "/akun/{} as {user}", acc.id);
    }
}

#[tokio::test]
async fn a_password_change_ends_the_session() {
    let app = TestApp::spawn().await;
    let (client, csrf) = app.browser("a.petugas").await;
    let r = client
        .post(app.url("/kata-sandi"))
        .form(&[("csrf", csrf.as_str()), ("current_password", PASSWORD), ("new_password", "pendek")])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.expect("body").contains("minimal 10 karakter"));
    let r = client
        .post(app.url("/kata-sandi"))
        .form(&[("csrf", csrf.as_str()), ("current_password", PASSWORD), ("new_password", "kata-sandi-baru-99")])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(client.get(app.url("/dasbor")).send().await.expect("get").status(), StatusCode::SEE_OTHER);
    assert!(app.humas.login("a.petugas", "kata-sandi-baru-99", "127.0.0.9").await.is_ok());
}

#[tokio::test]
async fn the_dinas_uploads_a_letterhead_logo_checked_by_content() {
    let app = TestApp::spawn().await;
    let (client, csrf) = app.browser("admin").await;
    let png = [b"\x89PNG\r\n\x1a\n".as_slice(), &[0u8; 64]].concat();
    let form = |bytes: Vec<u8>| {
        reqwest::multipart::Form::new()
            .text("csrf", csrf.clone())
            .part("logo", reqwest::multipart::Part::bytes(bytes).file_name("logo.png"))
    };
    let r = client
        .post(app.url("/daerah/logo"))
        .multipart(form(b"<svg onload=alert(1)>".to_vec()))
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = client.post(app.url("/daerah/logo")).multipart(form(png.clone())).send().await.expect("post");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let logo = reqwest::get(app.url("/daerah/logo")).await.expect("get");
    assert_eq!(logo.headers()["content-type"], "image/png");
    assert_eq!(logo.bytes().await.expect("bytes").to_vec(), png);
    let (official, ocsrf) = app.browser("b.pejabat").await;
    let r = official
        .post(app.url("/daerah/logo"))
        .multipart(
            reqwest::multipart::Form::new()
                .text("csrf", ocsrf)
                .part("logo", reqwest::multipart::Part::bytes(vec![0x89])),
        )
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}
