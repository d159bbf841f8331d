//! Analysis, the recommendations register, the annual report's workflow and
//! files, and the evaluation, through the real server.

use crate::helpers::TestApp;
use reqwest::StatusCode;
use serde_json::json;

fn this_year() -> i32 {
    use chrono::Datelike;
    chrono::Utc::now().year()
}

#[tokio::test]
async fn report_workflow_locks_versions_and_respects_roles() {
    let app = TestApp::spawn().await;
    let a = app.agency_a.0;
    let y = this_year();
    for i in 0..6 {
        app.item(app.agency_a, &format!("r{i}"), &format!("Jalan rusak parah di RT {i}, mohon diperbaiki")).await;
    }
    // The draft is computed from the data now; another agency cannot read it.
    let (status, v) = app.get_json(&format!("/api/v1/agencies/{a}/reports/{y}"), "a.petugas").await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["report"]["items_total"], 6);
    assert_eq!(v["locked"], false);
    let (status, _) = app.get_json(&format!("/api/v1/agencies/{a}/reports/{y}"), "b.pejabat").await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Narratives: the operator writes, a stale version is refused, nothing lost.
    let n = json!({"overview": "Kebijakan <script>x</script> =SUM(A1)", "obstacles": "Sinyal", "plan": "Tambah petugas", "version": 0});
    let (status, rec) =
        app.put_json(&format!("/api/v1/agencies/{a}/reports/{y}/narratives"), Some("a.petugas"), n).await;
    assert_eq!(status, StatusCode::OK, "{rec}");
    let version = rec["version"].as_i64().unwrap();
    let n2 = json!({"overview": "Versi kedua", "version": version});
    let (status, _) =
        app.put_json(&format!("/api/v1/agencies/{a}/reports/{y}/narratives"), Some("a.petugas"), n2.clone()).await;
    assert_eq!(status, StatusCode::OK);
    let (status, e) =
        app.put_json(&format!("/api/v1/agencies/{a}/reports/{y}/narratives"), Some("a.pejabat"), n2).await;
    assert_eq!(status, StatusCode::CONFLICT, "{e}");
    assert_eq!(e["error"], "stale_version");

    // Only the agency's Official submits.
    let (_, v) = app.get_json(&format!("/api/v1/agencies/{a}/reports/{y}"), "a.pejabat").await;
    let version = v["record"]["version"].as_i64().unwrap();
    for user in ["a.petugas", "admin", "b.pejabat"] {
        let (status, _) = app
            .post_json(&format!("/api/v1/agencies/{a}/reports/{y}/submit"), Some(user), json!({"version": version}))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{user}");
    }
    let (status, rec) = app
        .post_json(&format!("/api/v1/agencies/{a}/reports/{y}/submit"), Some("a.pejabat"), json!({"version": version}))
        .await;
    assert_eq!(status, StatusCode::OK, "{rec}");
    assert_eq!((rec["status"].as_str(), rec["submitted_version"].as_i64()), (Some("submitted"), Some(1)));

    // Locked: new data does not change the submitted figures; editing is refused.
    app.item(app.agency_a, "late", "Lampu jalan mati").await;
    let (_, v) = app.get_json(&format!("/api/v1/agencies/{a}/reports/{y}"), "bupati").await;
    assert_eq!(
        (v["locked"].as_bool(), v["report"]["items_total"].as_i64(), v["report"]["version"].as_i64()),
        (Some(true), Some(6), Some(1))
    );
    let (status, _) = app
        .put_json(
            &format!("/api/v1/agencies/{a}/reports/{y}/narratives"),
            Some("a.petugas"),
            json!({"overview": "x", "version": rec["version"]}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);

    // The Dinas sees it submitted and receives it; the Bupati reads it.
    let (_, o) = app.get_json(&format!("/api/v1/reports/{y}"), "admin").await;
    let line = o["agencies"].as_array().unwrap().iter().find(|l| l["agency_id"] == a).unwrap().clone();
    assert_eq!(line["status"], "submitted");
    let (status, _) = app
        .post_json(&format!("/api/v1/agencies/{a}/reports/{y}/status"), Some("bupati"), json!({"to": "received"}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, r) = app
        .post_json(&format!("/api/v1/agencies/{a}/reports/{y}/status"), Some("admin"), json!({"to": "received"}))
        .await;
    assert_eq!((status, r["status"].as_str()), (StatusCode::OK, Some("received")));
    // A correction: reopened, resubmitted as version 2; version 1 stays on record.
    let (_, r) = app
        .post_json(&format!("/api/v1/agencies/{a}/reports/{y}/status"), Some("a.pejabat"), json!({"to": "draft"}))
        .await;
    let (status, r) = app
        .post_json(
            &format!("/api/v1/agencies/{a}/reports/{y}/submit"),
            Some("a.pejabat"),
            json!({"version": r["version"]}),
        )
        .await;
    assert_eq!((status, r["submitted_version"].as_i64()), (StatusCode::OK, Some(2)));
    let (_, v) = app.get_json(&format!("/api/v1/agencies/{a}/reports/{y}"), "bupati").await;
    assert_eq!(v["report"]["items_total"], 7);
    let (status, r) =
        app.post_json(&format!("/api/v1/agencies/{a}/reports/{y}/status"), Some("bupati"), json!({"to": "read"})).await;
    assert_eq!((status, r["status"].as_str()), (StatusCode::OK, Some("read")));

    // Files: a PDF with the eight headings and the officer's text as text; the CSV defused.
    let pdf = app
        .api(reqwest::Method::GET, &format!("/api/v1/agencies/{a}/reports/{y}/file/pdf"), Some("admin"))
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.status(), StatusCode::OK);
    let bytes = pdf.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    let csv = app
        .api(reqwest::Method::GET, &format!("/api/v1/agencies/{a}/reports/{y}/file/csv"), Some("admin"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.contains("ringkasan,pesan warga,7"), "{csv}");
    let (status, _) = app.get_json(&format!("/api/v1/agencies/{a}/reports/{y}/file/exe"), "admin").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // The page escapes the narrative.
    let (client, _) = app.browser("a.petugas").await;
    let page = client.get(app.url(&format!("/laporan/{a}/{y}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Versi kedua") || page.contains("Kebijakan"));
    assert!(!page.contains("<script>x"));
}

#[tokio::test]
async fn recommendations_move_forward_with_reasons_and_evidence_in_scope() {
    let app = TestApp::spawn().await;
    let own = app.item(app.agency_a, "e1", "Jalan rusak depan sekolah").await;
    let other = app.item(app.agency_b, "e2", "Sampah menumpuk").await;
    let body = json!({"agency_id": app.agency_a.0, "title": "Perbaiki jalan sekolah", "topic": "Jalan rusak", "item_ids": [own, other]});
    let (status, e) = app.post_json("/api/v1/recommendations", Some("a.petugas"), body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "another agency's item is no evidence: {e}");
    let body = json!({"agency_id": app.agency_a.0, "title": "Perbaiki jalan sekolah", "topic": "Jalan rusak", "item_ids": [own, own]});
    let (status, r) = app.post_json("/api/v1/recommendations", Some("a.petugas"), body.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{r}");
    assert_eq!(r["item_ids"], json!([own]));
    assert_eq!(r["status"], "proposed");
    let (status, _) = app.post_json("/api/v1/recommendations", Some("b.pejabat"), body).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let id = r["id"].as_i64().unwrap();
    // The operator cannot decide; done before accepted is refused; rejection needs a reason.
    let (status, _) = app
        .post_json(
            &format!("/api/v1/recommendations/{id}/status"),
            Some("a.petugas"),
            json!({"status": "accepted", "version": r["version"]}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app
        .post_json(
            &format!("/api/v1/recommendations/{id}/status"),
            Some("a.pejabat"),
            json!({"status": "done", "version": r["version"]}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = app
        .post_json(
            &format!("/api/v1/recommendations/{id}/status"),
            Some("a.pejabat"),
            json!({"status": "rejected", "version": r["version"]}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, r2) = app
        .post_json(
            &format!("/api/v1/recommendations/{id}/status"),
            Some("a.pejabat"),
            json!({"status": "accepted", "version": r["version"]}),
        )
        .await;
    assert_eq!((status, r2["status"].as_str()), (StatusCode::OK, Some("accepted")));
    let (status, _) = app
        .post_json(
            &format!("/api/v1/recommendations/{id}/status"),
            Some("a.pejabat"),
            json!({"status": "in_progress", "version": r["version"]}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "stale version");
    let (_, list) = app.get_json("/api/v1/recommendations", "b.pejabat").await;
    assert_eq!(list.as_array().unwrap().len(), 0, "agency B sees none of A's");
    let (_, list) = app.get_json("/api/v1/recommendations", "bupati").await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    // It appears in the report's item h.
    let y = this_year();
    let (_, v) = app.get_json(&format!("/api/v1/agencies/{}/reports/{y}", app.agency_a.0), "a.pejabat").await;
    assert_eq!(v["report"]["recommendations"][0]["title"], "Perbaiki jalan sekolah");
    assert_eq!(v["report"]["recommendations"][0]["status"], "Diterima");
}

#[tokio::test]
async fn topics_and_evaluation() {
    let app = TestApp::spawn().await;
    for i in 0..6 {
        app.item(app.agency_a, &format!("t{i}"), &format!("Banjir rob lagi di gang {i}, air masuk rumah 081234567890"))
            .await;
    }
    let (status, t) = app.get_json("/api/v1/topics", "a.petugas").await;
    assert_eq!(status, StatusCode::OK, "{t}");
    let theme =
        t["themes"].as_array().unwrap().iter().find(|x| x["key"].as_str().unwrap().contains("banjir")).unwrap().clone();
    assert_eq!(theme["count"], 6);
    assert_eq!(theme["hot"], true);
    assert!(!theme.to_string().contains("081234567890"), "numbers masked");
    let (status, _) = app.get_json(&format!("/api/v1/topics?agency_id={}", app.agency_b.0), "a.petugas").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, t) = app.get_json(&format!("/api/v1/topics?agency_id={}", app.agency_b.0), "bupati").await;
    assert_eq!(t["total"], 0);

    let y = this_year();
    let (status, _) = app.get_json(&format!("/api/v1/evaluations/{y}"), "a.pejabat").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, ev) = app.get_json(&format!("/api/v1/evaluations/{y}"), "bupati").await;
    assert_eq!(status, StatusCode::OK, "{ev}");
    let agencies = ev["agencies"].as_array().unwrap();
    assert!(agencies.len() >= 2);
    assert_eq!(agencies[0]["rank"], 1);
    assert!(agencies.windows(2).all(|w| w[0]["total"].as_f64() >= w[1]["total"].as_f64()));
    // Files for the Bupati.
    let r = app
        .api(reqwest::Method::GET, &format!("/api/v1/evaluations/{y}/file/xlsx"), Some("bupati"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.bytes().await.unwrap().starts_with(b"PK"));
}
