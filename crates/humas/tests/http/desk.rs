//! The service desk over HTTP: ingest, the Lampiran B path in the API and the
//! pages, the citizens' form and follow-up, hostile input.

use crate::helpers::{TestApp, csrf_of};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn an_item_walks_lampiran_b_through_the_api_and_a_third_agency_never_sees_it() {
    let mut app = TestApp::spawn().await;
    let c = app.third_agency_operator().await;
    let account = app.account(app.agency_b, "dinkes_fb", None).await;
    let (s, r) = app
        .post_json(
            "/api/v1/inbound",
            Some("b.petugas"),
            json!({"items": [{"account_id": account.id.0, "remote_id": "fb-1", "text": "Jalan depan puskesmas berlubang, kapan diperbaiki?", "author_handle": "@budi"}]}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{r}");
    let id = r["results"][0]["id"].as_i64().expect("id");
    assert_eq!(r["results"][0]["created"], true);
    let (s, item) = app
        .post_json(
            &format!("/api/v1/items/{id}/refer"),
            Some("b.petugas"),
            json!({"to_agency_id": app.agency_a.0, "note": "Kewenangan PUPR"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{item}");
    assert_eq!(item["status"], "referred");
    assert!(item["due_at"].is_string());
    let (s, _) = app.get_json(&format!("/api/v1/items/{id}"), &c).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "a third agency does not see the item");
    let (_, page) = app.get_json(&format!("/api/v1/items?referred_to={}", app.agency_a.0), "a.petugas").await;
    assert_eq!(page["total"], 1, "A sees it among incoming referrals");
    let (s, _) = app.post_json(&format!("/api/v1/items/{id}/referral-answer"), Some(&c), json!({"text": "x"})).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, item) = app
        .post_json(
            &format!("/api/v1/items/{id}/referral-answer"),
            Some("a.petugas"),
            json!({"text": "Dijadwalkan minggu depan."}),
        )
        .await;
    assert_eq!((s, item["status"].as_str()), (StatusCode::OK, Some("referral_answered")));
    let (s, _) = app.post_json(&format!("/api/v1/items/{id}/answer"), Some("a.petugas"), json!({"text": "x"})).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "an operator cannot answer for another agency");
    let (s, item) = app
        .post_json(
            &format!("/api/v1/items/{id}/answer"),
            Some("b.petugas"),
            json!({"text": "DPUPR: dijadwalkan minggu depan.", "link": "https://facebook.com/dinkes_fb/posts/1"}),
        )
        .await;
    assert_eq!((s, item["status"].as_str()), (StatusCode::OK, Some("answered")));
    let (s, again) =
        app.post_json(&format!("/api/v1/items/{id}/answer"), Some("b.petugas"), json!({"text": "lagi"})).await;
    assert_eq!((s, again["error"].as_str()), (StatusCode::CONFLICT, Some("wrong_status")));
    let (_, detail) = app.get_json(&format!("/api/v1/items/{id}"), "auditor").await;
    let actions: Vec<&str> =
        detail["events"].as_array().expect("events").iter().filter_map(|e| e["action"].as_str()).collect();
    assert_eq!(actions, vec!["received", "refer", "answer_referral", "answer"]);
    assert_eq!(detail["referrals"][0]["status"], "answered");
}

#[tokio::test]
async fn ndjson_batches_report_broken_lines_and_store_the_rest() {
    let app = TestApp::spawn().await;
    let account = app.account(app.agency_b, "dinkes_ig", None).await;
    let mut body = Vec::new();
    body.extend_from_slice(
        format!("{{\"account_id\":{},\"remote_id\":\"a\",\"text\":\"satu\"}}\n", account.id).as_bytes(),
    );
    body.extend_from_slice(b"{\"account_id\":1,\"remote_id\":\"b\",\"text\":\"\xff\xfe rusak\"}\n");
    body.extend_from_slice(b"{not json}\n");
    body.extend_from_slice(
        format!("{{\"account_id\":{},\"remote_id\":\"c\",\"text\":\"{}\"}}\n", account.id, "x".repeat(100 * 1024))
            .as_bytes(),
    );
    body.extend_from_slice(
        format!("{{\"account_id\":{},\"remote_id\":\"d\",\"text\":\"empat\"}}\n", account.id).as_bytes(),
    );
    let r = app
        .api(reqwest::Method::POST, "/api/v1/inbound", Some("b.petugas"))
        .header("content-type", "application/x-ndjson")
        .body(body)
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), StatusCode::OK);
    let v: serde_json::Value = r.json().await.expect("json");
    let results = v["results"].as_array().expect("results");
    let errors: Vec<bool> = results.iter().map(|r| r["error"].is_string()).collect();
    assert_eq!(errors, vec![false, true, true, true, false], "{v}");
    assert!(results[1]["error"].as_str().unwrap_or("").contains("UTF-8"));
    let (_, page) = app.get_json("/api/v1/items", "b.petugas").await;
    assert_eq!(page["total"], 2);
}

#[tokio::test]
async fn a_citizen_asks_on_the_public_form_and_follows_up_with_the_code() {
    let app = TestApp::spawn().await;
    let client = reqwest::Client::new();
    let r = client
        .post(app.url("/tanya"))
        .form(&[
            ("text", "Kapan jadwal vaksin di puskesmas? <b>penting</b>"),
            ("name", "Siti"),
            ("contact", "0812000"),
            ("agency_id", &app.agency_b.0.to_string()),
            ("website", ""),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::OK);
    let page = r.text().await.expect("body");
    let marker = "id=\"tracking-code\">";
    let start = page.find(marker).expect("tracking code shown") + marker.len();
    let code = page[start..].split('<').next().expect("code").to_string();
    assert!(code.starts_with("KB-"), "{code}");
    let track = client
        .get(app.url("/lacak"))
        .query(&[("kode", code.as_str())])
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("body");
    assert!(track.contains("Diterima, menunggu jawaban"));
    assert!(!track.contains("Siti"), "no personal data on the public page");
    let (_, page) = app.get_json("/api/v1/items", "b.petugas").await;
    let id = page["items"][0]["id"].as_i64().expect("id");
    assert_eq!(page["items"][0]["author_name"], "Siti");
    app.post_json(
        &format!("/api/v1/items/{id}/answer"),
        Some("b.petugas"),
        json!({"text": "Setiap Selasa pukul 08.00."}),
    )
    .await;
    let status: serde_json::Value = client
        .get(app.url(&format!("/api/v1/public/questions/{code}")))
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(status["answer"], "Setiap Selasa pukul 08.00.");
    assert!(status.get("author_name").is_none());
    // A bot filling the hidden field is told "thank you" and nothing is stored.
    let bot = client
        .post(app.url("/tanya"))
        .form(&[("text", "beli obat murah"), ("website", "http://spam.example")])
        .send()
        .await
        .expect("post");
    assert_eq!(bot.status(), StatusCode::OK);
    let (_, page) = app.get_json("/api/v1/items", "admin").await;
    assert_eq!(page["total"], 1);
    let empty = client.post(app.url("/tanya")).form(&[("text", "   ")]).send().await.expect("post");
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_inbox_and_item_pages_walk_an_item_and_show_citizens_text_escaped() {
    let app = TestApp::spawn().await;
    let id = app.item(app.agency_b, "x-1", "<script>alert('x')</script> Imunisasi di puskesmas kapan?").await;
    let (client, csrf) = app.browser("b.petugas").await;
    let inbox = client.get(app.url("/kotak-masuk?open=true")).send().await.expect("get");
    assert_eq!(inbox.status(), StatusCode::OK);
    let inbox = inbox.text().await.expect("body");
    assert!(inbox.contains(&format!("/pesan/{id}")));
    assert!(!inbox.contains("<script>alert"), "escaped in the list");
    let page = client.get(app.url(&format!("/pesan/{id}"))).send().await.expect("get").text().await.expect("body");
    assert!(page.contains("&lt;script&gt;") || page.contains("&#60;script&#62;"));
    assert!(!page.contains("<script>alert"));
    let r = client
        .post(app.url(&format!("/pesan/{id}/rujuk")))
        .form(&[("csrf", csrf.as_str()), ("to_agency_id", &app.agency_a.0.to_string()), ("note", "Mohon dijawab")])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (a_client, _) = app.browser("a.petugas").await;
    let page = a_client.get(app.url(&format!("/pesan/{id}"))).send().await.expect("get").text().await.expect("body");
    assert!(page.contains("Jawaban untuk rujukan"), "the receiving agency sees the referral form");
    let r = a_client
        .post(app.url(&format!("/pesan/{id}/jawab-rujukan")))
        .form(&[("csrf", csrf_of(&page).as_str()), ("text", "Jadwal imunisasi tiap Kamis.")])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = client.get(app.url(&format!("/pesan/{id}"))).send().await.expect("get").text().await.expect("body");
    assert!(page.contains("Jadwal imunisasi tiap Kamis."), "the answer returns to the referring operator");
    let r = client
        .post(app.url(&format!("/pesan/{id}/jawab")))
        .form(&[("csrf", csrf.as_str()), ("text", "Jadwal imunisasi tiap Kamis."), ("link", "")])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = client.get(app.url(&format!("/pesan/{id}"))).send().await.expect("get").text().await.expect("body");
    assert!(page.contains("Dijawab"));
    let dash = client.get(app.url("/dasbor")).send().await.expect("get").text().await.expect("body");
    assert!(dash.contains("id=\"dash-open\">0<"), "nothing open any more");
}

#[tokio::test]
async fn bulk_marking_from_the_inbox_changes_only_the_agencys_own_items() {
    let app = TestApp::spawn().await;
    let own = app.item(app.agency_b, "s-1", "promo pinjol").await;
    let other = app.item(app.agency_a, "s-2", "jalan rusak").await;
    let (client, csrf) = app.browser("b.petugas").await;
    let r = client
        .post(app.url("/kotak-masuk/tandai"))
        .form(&[("csrf", csrf.as_str()), ("ids", &own.to_string()), ("ids", &other.to_string()), ("action", "spam")])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, a) = app.get_json(&format!("/api/v1/items/{own}"), "admin").await;
    let (_, b) = app.get_json(&format!("/api/v1/items/{other}"), "admin").await;
    assert_eq!((a["item"]["status"].as_str(), b["item"]["status"].as_str()), (Some("spam"), Some("new")));
}

#[tokio::test]
async fn the_answer_library_suggests_and_fills_the_reply_and_keeps_scopes() {
    let app = TestApp::spawn().await;
    let (s, region) = app
        .post_json("/api/v1/answers", Some("admin"), json!({"question": "Syarat membuat KTP elektronik", "answer": "Bawa KK asli ke kantor Disdukcapil.", "tags": ["ktp"]}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{region}");
    let (s, _) = app.post_json("/api/v1/answers", Some("b.petugas"), json!({"question": "x", "answer": "y"})).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "region-wide entries are the Dinas's");
    let (s, _) = app
        .post_json(
            "/api/v1/answers",
            Some("a.petugas"),
            json!({"agency_id": app.agency_b.0, "question": "x", "answer": "y"}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "not for another agency");
    let (s, own) = app
        .post_json("/api/v1/answers", Some("b.petugas"), json!({"agency_id": app.agency_b.0, "question": "Jadwal imunisasi puskesmas", "answer": "Setiap Kamis pukul 08.00.", "tags": ["imunisasi"]}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{own}");
    let (_, a_lib) = app.get_json("/api/v1/answers", "a.petugas").await;
    assert_eq!(a_lib.as_array().expect("list").len(), 1, "A sees the region-wide entry only");
    let id = app.item(app.agency_b, "lib-1", "min syarat bikin ktp apa aja?").await;
    let (_, sugg) = app.get_json(&format!("/api/v1/items/{id}/suggestions"), "b.petugas").await;
    assert_eq!(sugg[0]["id"], region["id"]);
    let (client, _) = app.browser("b.petugas").await;
    let page = client.get(app.url(&format!("/pesan/{id}"))).send().await.expect("get").text().await.expect("body");
    assert!(page.contains("id=\"suggestions\"") && page.contains(&format!("?pakai={}", region["id"])));
    let filled = client
        .get(app.url(&format!("/pesan/{id}?pakai={}", region["id"])))
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("body");
    assert!(filled.contains(">Bawa KK asli ke kantor Disdukcapil.</textarea>"), "one click fills the reply");
}

#[tokio::test]
async fn a_second_officer_sees_who_has_the_item_open() {
    let app = TestApp::spawn().await;
    let id = app.item(app.agency_b, "hold-1", "Kapan posyandu buka?").await;
    let (first, _) = app.browser("b.petugas").await;
    let page = first.get(app.url(&format!("/pesan/{id}"))).send().await.expect("get").text().await.expect("body");
    assert!(!page.contains("id=\"held-by\""));
    let (second, _) = app.browser("b.pejabat").await;
    let page = second.get(app.url(&format!("/pesan/{id}"))).send().await.expect("get").text().await.expect("body");
    assert!(
        page.contains("id=\"held-by\"") && page.contains("Sedang dibuka oleh b.petugas"),
        "the second sees the first"
    );
    let page = first.get(app.url(&format!("/pesan/{id}"))).send().await.expect("get").text().await.expect("body");
    assert!(!page.contains("id=\"held-by\""), "the holder renews without a warning");
}

/// One click on the item page: the right agency; then the API shows it and
/// the item is no longer "perlu ditinjau".
#[tokio::test]
async fn an_officer_corrects_the_proposed_agency_in_one_click() {
    let app = crate::helpers::TestApp::spawn().await;
    let id = app.item(app.agency_a, "koreksi-1", "Tolong makam desa sudah penuh").await;
    let (client, csrf) = app.browser("a.petugas").await;
    let page = client.get(app.url(&format!("/pesan/{id}"))).send().await.expect("page").text().await.expect("body");
    assert!(page.contains("id=\"correct-form\""));
    let r = client
        .post(app.url(&format!("/pesan/{id}/koreksi")))
        .form(&[("csrf", csrf.as_str()), ("agency_id", &app.agency_b.0.to_string())])
        .send()
        .await
        .expect("correct");
    assert_eq!(r.status(), reqwest::StatusCode::SEE_OTHER);
    let (_, v) = app.get_json(&format!("/api/v1/items/{id}"), "a.petugas").await;
    assert_eq!(v["item"]["suggested_agency_id"], app.agency_b.0);
    assert_eq!(v["item"]["needs_review"], false);
    let (status, _) = app
        .post_json(&format!("/api/v1/items/{id}/correct"), Some("b.petugas"), serde_json::json!({"agency_id": null}))
        .await;
    assert!(
        status == reqwest::StatusCode::NOT_FOUND || status == reqwest::StatusCode::FORBIDDEN,
        "another agency cannot: {status}"
    );
    let (status, v) = app
        .post_json(&format!("/api/v1/items/{id}/correct"), Some("a.pejabat"), serde_json::json!({"agency_id": null}))
        .await;
    assert_eq!(status, reqwest::StatusCode::OK, "{v}");
    assert_eq!(v["suggested_agency_id"], serde_json::Value::Null);
    let page = client.get(app.url("/kotak-masuk?f=1&review=true")).send().await.expect("inbox");
    assert_eq!(page.status(), reqwest::StatusCode::OK);
}
