//! The authorization matrix: every role × every endpoint. A refused request
//! gets 401/403/404 and changes nothing (the audit log does not grow).

use crate::helpers::{ROLES, TestApp};
use humas_core::Humas;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const ALL: &[&str] = &ROLES;
const ADMIN: &[&str] = &["admin"];
const AUDIT: &[&str] = &["admin", "auditor"];
const B_READERS: &[&str] = &["admin", "bupati", "auditor", "b.pejabat", "b.petugas"];
const B_EDITORS: &[&str] = &["admin", "b.pejabat", "b.petugas"];
const B_OFFICIAL: &[&str] = &["admin", "b.pejabat"];

const CASES: &[(&str, &[&str])] = &[
    ("get_me", ALL),
    ("get_region", ALL),
    ("update_region", ADMIN),
    ("list_districts", ALL),
    ("create_district", ADMIN),
    ("list_agencies", ALL),
    ("get_agency_b", ALL),
    ("create_agency", ADMIN),
    ("update_agency_b", ADMIN),
    ("list_users", ALL),
    ("get_user_b", B_READERS),
    ("create_user", ADMIN),
    ("disable_user_b", ADMIN),
    ("list_audit", AUDIT),
    ("list_decrees_b", B_READERS),
    ("get_decree_b", B_READERS),
    ("decree_file_b", B_READERS),
    ("create_decree_b", B_EDITORS),
    ("list_accounts_b", B_READERS),
    ("get_account_b", B_READERS),
    ("create_account_b", B_EDITORS),
    ("update_account_b", B_EDITORS),
    ("request_account_b", B_OFFICIAL),
    ("verify_account_b", ADMIN),
    ("return_account_b", ADMIN),
    ("archive_account_b", B_OFFICIAL),
    ("ingest_b", B_EDITORS),
    ("list_items", ALL),
    ("get_item_b", B_READERS),
    ("answer_item_b", B_EDITORS),
    ("refer_item_b", B_EDITORS),
    ("out_of_scope_b", B_EDITORS),
    ("get_sop_b", B_READERS),
    ("get_connection_b", B_READERS),
    ("connect_b", B_OFFICIAL),
    ("test_connection_b", B_EDITORS),
    ("sync_now_b", B_EDITORS),
    ("disconnect_b", B_OFFICIAL),
    ("account_deliveries_b", B_READERS),
    ("create_post_b", B_EDITORS),
    ("get_post_b", B_READERS),
    ("submit_post_b", B_EDITORS),
    ("approve_post_b", &["b.pejabat"]),
    ("reject_post_b", &["b.pejabat"]),
    ("list_posts", ALL),
    ("create_campaign", ADMIN),
    ("save_word_list", ADMIN),
    ("save_platform_rule", ADMIN),
    ("update_sop_b", B_OFFICIAL),
];

/// Sets up a fresh target for the case and returns the request to make.
async fn prepare(app: &TestApp, case: &str, n: usize) -> (Method, String, Option<Value>) {
    let b = app.agency_b;
    let sys = Humas::system_actor();
    let account_body = |handle: String| {
        json!({"agency_id": b.0, "kind": "social_network", "platform": "facebook", "handle": handle,
               "url": format!("https://facebook.com/{}", handle)})
    };
    match case {
        "get_me" => (Method::GET, "/api/v1/me".into(), None),
        "get_region" => (Method::GET, "/api/v1/region".into(), None),
        "update_region" => (
            Method::PUT,
            "/api/v1/region".into(),
            Some(json!({"name": format!("Kabupaten Uji {n}"), "province": "Kalteng", "time_zone": "Asia/Pontianak",
                         "letterhead": "", "logo_blob": null, "inactivity_days": 90})),
        ),
        "list_districts" => (Method::GET, "/api/v1/districts".into(), None),
        "create_district" => {
            (Method::POST, "/api/v1/districts".into(), Some(json!({"name": format!("Kecamatan {n}")})))
        }
        "list_agencies" => (Method::GET, "/api/v1/agencies".into(), None),
        "get_agency_b" => (Method::GET, format!("/api/v1/agencies/{b}"), None),
        "create_agency" => (
            Method::POST,
            "/api/v1/agencies".into(),
            Some(json!({"code": format!("NEW{n}"), "name": "Instansi Baru", "kind": "badan"})),
        ),
        "update_agency_b" => (
            Method::PUT,
            format!("/api/v1/agencies/{b}"),
            Some(json!({"code": "DINKES", "name": format!("Dinas Kesehatan {n}"), "kind": "dinas"})),
        ),
        "list_users" => (Method::GET, "/api/v1/users".into(), None),
        "get_user_b" => (Method::GET, format!("/api/v1/users/{}", app.user("b.petugas").id), None),
        "create_user" => (
            Method::POST,
            "/api/v1/users".into(),
            Some(json!({"username": format!("baru{n}"), "display_name": "Baru", "role": "operator",
                         "agency_id": b.0, "password": "kata-sandi-baru-1"})),
        ),
        "disable_user_b" => {
            let u = app
                .humas
                .create_user(
                    &sys,
                    humas_core::user::UserInput {
                        username: format!("target{n}"),
                        display_name: "Target".into(),
                        email: String::new(),
                        role: humas_core::Role::Operator,
                        agency_id: Some(b),
                        password: "kata-sandi-target".into(),
                    },
                )
                .await
                .expect("target user");
            (Method::POST, format!("/api/v1/users/{}/disable", u.id), None)
        }
        "list_audit" => (Method::GET, "/api/v1/audit".into(), None),
        "list_decrees_b" => (Method::GET, format!("/api/v1/decrees?agency_id={b}"), None),
        "get_decree_b" => {
            let d = app.decree(b, &format!("SK/{n}")).await;
            (Method::GET, format!("/api/v1/decrees/{}", d.id), None)
        }
        "decree_file_b" => {
            let d = app.decree(b, &format!("SK/F/{n}")).await;
            (Method::GET, format!("/api/v1/decrees/{}/file", d.id), None)
        }
        "create_decree_b" => (
            Method::POST,
            "/api/v1/decrees".into(),
            Some(json!({"agency_id": b.0, "number": format!("800/{n}/DINKES/2026"), "decree_date": "2026-02-01",
                         "signer": "Kepala Dinas", "title": "Penunjukan", "valid_from": "2026-02-01", "valid_until": null})),
        ),
        "list_accounts_b" => (Method::GET, format!("/api/v1/accounts?agency_id={b}"), None),
        "get_account_b" => {
            let a = app.account(b, &format!("lihat{n}"), None).await;
            (Method::GET, format!("/api/v1/accounts/{}", a.id), None)
        }
        "create_account_b" => (Method::POST, "/api/v1/accounts".into(), Some(account_body(format!("baru{n}")))),
        "update_account_b" => {
            let a = app.account(b, &format!("ubah{n}"), None).await;
            (Method::PUT, format!("/api/v1/accounts/{}", a.id), Some(account_body(format!("diubah{n}"))))
        }
        "request_account_b" => {
            let d = app.decree(b, &format!("SK/R/{n}")).await;
            let a = app.account(b, &format!("ajukan{n}"), Some(&d)).await;
            (Method::POST, format!("/api/v1/accounts/{}/request", a.id), None)
        }
        "verify_account_b" | "return_account_b" | "archive_account_b" => {
            let d = app.decree(b, &format!("SK/{case}/{n}")).await;
            let a = app.account(b, &format!("{}{n}", &case[..6]), Some(&d)).await;
            app.humas.request_verification(&sys, a.id).await.expect("request");
            if case == "archive_account_b" {
                app.humas.verify_account(&sys, a.id).await.expect("verify");
            }
            let action = &case[..case.find('_').unwrap_or(0)];
            let body = (action != "verify").then(|| json!({"reason": "Alasan uji"}));
            (Method::POST, format!("/api/v1/accounts/{}/{action}", a.id), body)
        }
        "ingest_b" => {
            let a = app.account(b, &format!("masuk{n}"), None).await;
            (
                Method::POST,
                "/api/v1/inbound".into(),
                Some(
                    json!({"items": [{"account_id": a.id.0, "remote_id": format!("r{n}"), "text": "Apakah posyandu buka?"}]}),
                ),
            )
        }
        "list_items" => (Method::GET, "/api/v1/items".into(), None),
        "get_item_b" | "answer_item_b" | "refer_item_b" | "out_of_scope_b" => {
            let id = app.item(b, &format!("i{n}"), "Kapan vaksinasi di puskesmas?").await;
            match case {
                "get_item_b" => (Method::GET, format!("/api/v1/items/{id}"), None),
                "answer_item_b" => {
                    (Method::POST, format!("/api/v1/items/{id}/answer"), Some(json!({"text": "Setiap Senin."})))
                }
                "refer_item_b" => (
                    Method::POST,
                    format!("/api/v1/items/{id}/refer"),
                    Some(json!({"to_agency_id": app.agency_a.0, "note": "mohon"})),
                ),
                _ => (Method::POST, format!("/api/v1/items/{id}/out-of-scope"), Some(json!({"text": "Hubungi BPJS."}))),
            }
        }
        "get_connection_b"
        | "connect_b"
        | "test_connection_b"
        | "sync_now_b"
        | "disconnect_b"
        | "account_deliveries_b" => {
            let a = app.verified_account(b, &format!("conn{n}"), "mastodon", &format!("https://m.test/@conn{n}")).await;
            // Nothing listens on port 9: the connection is saved, its test fails fast.
            let body = json!({"endpoint": "http://127.0.0.1:9", "secret": "token-uji", "poll_minutes": 60});
            if case != "connect_b" {
                app.humas
                    .connect_account(&sys, a.id, serde_json::from_value(body.clone()).expect("input"))
                    .await
                    .expect("connect");
            }
            let path = format!("/api/v1/accounts/{}", a.id);
            match case {
                "get_connection_b" => (Method::GET, format!("{path}/connection"), None),
                "connect_b" => (Method::PUT, format!("{path}/connection"), Some(body)),
                "test_connection_b" => (Method::POST, format!("{path}/connection/test"), None),
                "sync_now_b" => (Method::POST, format!("{path}/sync"), None),
                "disconnect_b" => (Method::DELETE, format!("{path}/connection"), None),
                _ => (Method::GET, format!("{path}/deliveries"), None),
            }
        }
        "create_post_b" | "get_post_b" | "submit_post_b" | "approve_post_b" | "reject_post_b" => {
            let a = app
                .verified_account(b, &format!("post{n}"), "facebook", &format!("https://facebook.com/post{n}"))
                .await;
            let body = json!({"agency_id": b.0, "body": format!("Jadwal vaksinasi {n}."), "hashtag": "KobarSehat",
                              "category": "agency_activity", "targets": [{"account_id": a.id.0}]});
            if case == "create_post_b" {
                return (Method::POST, "/api/v1/posts".into(), Some(body));
            }
            let op = app.user("b.petugas").actor();
            let v = app.humas.create_post(&op, serde_json::from_value(body).expect("input")).await.expect("post");
            let id = v.post.id;
            match case {
                "get_post_b" => (Method::GET, format!("/api/v1/posts/{id}"), None),
                "submit_post_b" => {
                    (Method::POST, format!("/api/v1/posts/{id}/submit"), Some(json!({"version": v.post.version})))
                }
                _ => {
                    let v = app.humas.submit_post(&op, id, v.post.version).await.expect("submit");
                    let action = if case == "approve_post_b" { "approve" } else { "reject" };
                    (
                        Method::POST,
                        format!("/api/v1/posts/{id}/{action}"),
                        Some(
                            json!({"version": v.post.version, "note": "Perlu diperbaiki.", "override_reason": "Diterbitkan manual oleh petugas."}),
                        ),
                    )
                }
            }
        }
        "list_posts" => (Method::GET, "/api/v1/posts".into(), None),
        "create_campaign" => (
            Method::POST,
            "/api/v1/campaigns".into(),
            Some(
                json!({"name": format!("Kampanye {n}"), "hashtag": format!("Kobar{n}"), "starts_on": "2026-12-01", "ends_on": "2026-12-31"}),
            ),
        ),
        "save_word_list" => {
            (Method::PUT, "/api/v1/word-lists/partisan".into(), Some(json!({"words": ["coblos", format!("kata{n}")]})))
        }
        "save_platform_rule" => (
            Method::PUT,
            "/api/v1/platform-rules/x".into(),
            Some(
                json!({"platform": "x", "max_chars": 280 + n as i32 % 5, "link_chars": 23, "max_hashtags": null, "title_max": null, "note": "X"}),
            ),
        ),
        "get_sop_b" => (Method::GET, format!("/api/v1/agencies/{b}/sop"), None),
        "update_sop_b" => (
            Method::PUT,
            format!("/api/v1/agencies/{b}/sop"),
            Some(
                json!({"agency_id": b.0, "first_response_hours": 10 + (n % 10), "referral_hours": 24, "escalate_after_hours": 24, "sop_decree_id": null}),
            ),
        ),
        other => panic!("unknown case {other}"),
    }
}

#[tokio::test]
async fn every_role_on_every_endpoint_is_allowed_or_refused_as_the_policy_says() {
    let app = TestApp::spawn().await;
    let mut n = 0;
    let mut failures = Vec::new();
    for (case, allowed) in CASES {
        for user in ROLES.iter().map(Some).chain([None]) {
            n += 1;
            let (method, path, body) = prepare(&app, case, n).await;
            let before = app.audit_len().await;
            let items_before = app.item_count().await;
            let mut rb = app.api(method, &path, user.copied());
            if let Some(b) = body {
                rb = rb.json(&b);
            }
            let resp = rb.send().await.expect("request");
            let status = resp.status();
            let text = resp.text().await.unwrap_or_default();
            let after = app.audit_len().await;
            let items_after = app.item_count().await;
            let should = user.is_some_and(|u| allowed.contains(u));
            let who = user.unwrap_or(&"anonymous");
            if should && !status.is_success() {
                failures.push(format!("{case} as {who}: expected success, got {status}: {text}"));
            }
            if !should {
                // A batch answers per item: a refusal there is every item refused.
                let batch_refused = *case == "ingest_b"
                    && status == StatusCode::OK
                    && serde_json::from_str::<Value>(&text).is_ok_and(|v| {
                        v["results"].as_array().is_some_and(|r| {
                            r.iter().all(|x| x["error"].as_str() == Some("Anda tidak berwenang melakukan ini."))
                        })
                    });
                let refused = batch_refused
                    || matches!(status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN | StatusCode::NOT_FOUND);
                if items_after != items_before {
                    failures.push(format!("{case} as {who}: refused but items grew {items_before} → {items_after}"));
                }
                if !refused {
                    failures.push(format!("{case} as {who}: expected refusal, got {status}: {text}"));
                }
                if after != before {
                    failures.push(format!("{case} as {who}: refused but the audit log grew {before} → {after}"));
                }
                if refused && !text.contains("\"error\"") {
                    failures.push(format!("{case} as {who}: refusal without an error body: {text}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} of {n} checks failed:\n{}", failures.len(), failures.join("\n"));
}

#[tokio::test]
async fn an_operator_sees_only_the_users_and_accounts_of_its_own_agency() {
    let app = TestApp::spawn().await;
    app.account(app.agency_a, "milik_a", None).await;
    app.account(app.agency_b, "milik_b", None).await;
    let (s, users) = app.get_json("/api/v1/users", "a.petugas").await;
    assert_eq!(s, StatusCode::OK);
    let names: Vec<&str> = users.as_array().expect("list").iter().filter_map(|u| u["username"].as_str()).collect();
    assert_eq!(names, vec!["a.pejabat", "a.petugas"]);
    let (_, accounts) = app.get_json("/api/v1/accounts", "a.petugas").await;
    let handles: Vec<&str> = accounts.as_array().expect("list").iter().filter_map(|a| a["handle"].as_str()).collect();
    assert_eq!(handles, vec!["milik_a"]);
    let (_, all) = app.get_json("/api/v1/accounts", "bupati").await;
    assert_eq!(all.as_array().expect("list").len(), 2);
}

#[tokio::test]
async fn an_official_cannot_move_another_agencys_account_into_its_own() {
    let app = TestApp::spawn().await;
    let a = app.account(app.agency_a, "punya_a", None).await;
    let before = app.audit_len().await;
    let (s, _) = app
        .put_json(
            &format!("/api/v1/accounts/{}", a.id),
            Some("a.pejabat"),
            json!({"agency_id": app.agency_b.0, "kind": "blog", "platform": "wordpress", "handle": "punya_a",
                   "url": "https://facebook.com/punya_a"}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(app.audit_len().await, before);
}
