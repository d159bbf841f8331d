//! End to end through the real server and its job worker, against the
//! platform peers on loopback (`scripts/peers/`): an Official connects an
//! account, a citizen writes on the platform, the item appears in the inbox
//! by itself, an Operator answers in humas, and the reply appears on the
//! platform. Mastodon is `mastodon_mock` (a third-party mock of its API);
//! WordPress is the real thing. Skipped with a message when the peers are
//! not running, unless `HUMAS_REQUIRE_PEERS=1` (CI).

use crate::helpers::TestApp;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

fn peer(var: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(v) if !v.is_empty() => Some(v),
        _ => {
            assert!(std::env::var("HUMAS_REQUIRE_PEERS").as_deref() != Ok("1"), "{var} not set but peers are required");
            eprintln!("skipped: {var} not set (start the peers with scripts/peers/start.sh)");
            None
        }
    }
}

fn nonce() -> String {
    format!("{}", std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("time").as_micros())
}

/// Polls `check` until it yields, within `limit`.
async fn eventually<T, F, Fut>(limit: Duration, what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let start = Instant::now();
    loop {
        if let Some(v) = check().await {
            return v;
        }
        assert!(start.elapsed() < limit, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}

async fn find_item(app: &TestApp, text: &str) -> Option<i64> {
    let (_, page) = app.get_json("/api/v1/items?per_page=100", "a.petugas").await;
    page["items"].as_array()?.iter().find(|i| i["text"] == text).and_then(|i| i["id"].as_i64())
}

async fn delivered(app: &TestApp, item: i64) -> Option<Value> {
    let (_, list) = app.get_json(&format!("/api/v1/items/{item}/deliveries"), "a.petugas").await;
    let d = list.as_array()?.first()?.clone();
    match d["status"].as_str() {
        Some("delivered") => Some(d),
        Some("failed") => panic!("delivery failed: {d}"),
        _ => None,
    }
}

/// Connects, via the API as the agency's Official, and checks the answer.
async fn connect(app: &TestApp, account: i64, body: Value) {
    let (status, v) = app.put_json(&format!("/api/v1/accounts/{account}/connection"), Some("a.pejabat"), body).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["check"]["ok"], true, "{v}");
    assert!(!v.to_string().contains("token-diskominfo"), "the secret never comes back");
    // The operator may look and fetch, not change the connection.
    let (status, _) = app
        .put_json(
            &format!("/api/v1/accounts/{account}/connection"),
            Some("a.petugas"),
            json!({"endpoint": "http://x.test", "secret": "y"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app.get_json(&format!("/api/v1/accounts/{account}/connection"), "b.pejabat").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn mastodon_comments_arrive_in_the_inbox_and_answers_go_back() {
    let Some(base) = peer("HUMAS_PEER_MASTODON") else { return };
    let app = TestApp::spawn().await;
    let account = app.verified_account(app.agency_a, "diskominfo", "mastodon", &format!("{base}/@diskominfo")).await;
    connect(&app, account.id.0, json!({"endpoint": base, "secret": "token-diskominfo", "poll_minutes": 1})).await;

    // The agency posts on the platform; a citizen replies there.
    let http = reqwest::Client::new();
    let n = nonce();
    let post: Value = http
        .post(format!("{base}/api/v1/statuses"))
        .bearer_auth("token-diskominfo")
        .form(&[("status", format!("Jadwal pasar murah di Kumai #KobarBerbagi {n}"))])
        .send()
        .await
        .expect("post")
        .json()
        .await
        .expect("json");
    let text = format!("Apakah pasar murah juga ada di Arut Utara? {n}");
    let reply: Value = http
        .post(format!("{base}/api/v1/statuses"))
        .bearer_auth("token-warga1")
        .form(&[("status", text.as_str()), ("in_reply_to_id", post["id"].as_str().expect("id"))])
        .send()
        .await
        .expect("reply")
        .json()
        .await
        .expect("json");

    // "Fetch now" (the regular poll would come within the minute).
    let r = app
        .api(reqwest::Method::POST, &format!("/api/v1/accounts/{}/sync", account.id), Some("a.petugas"))
        .send()
        .await
        .expect("sync");
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let id = eventually(Duration::from_secs(20), "the comment in the inbox", || find_item(&app, &text)).await;
    let (_, item) = app.get_json(&format!("/api/v1/items/{id}"), "a.petugas").await;
    assert_eq!(item["item"]["author_handle"], "@warga1");
    assert_eq!(item["item"]["source"], "channel");

    let (status, _) = app
        .post_json(
            &format!("/api/v1/items/{id}/answer"),
            Some("a.petugas"),
            json!({"text": "Ada, hari Kamis di Pangkut."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let d = eventually(Duration::from_secs(20), "the reply delivered", || delivered(&app, id)).await;
    let context: Value = http
        .get(format!("{base}/api/v1/statuses/{}/context", reply["id"].as_str().expect("id")))
        .bearer_auth("token-warga1")
        .send()
        .await
        .expect("context")
        .json()
        .await
        .expect("json");
    let ours: Vec<&Value> = context["descendants"]
        .as_array()
        .expect("list")
        .iter()
        .filter(|s| s["account"]["username"] == "diskominfo")
        .collect();
    assert_eq!(ours.len(), 1, "exactly one reply on the platform");
    assert_eq!(ours[0]["id"], d["remote_id"]);
    assert!(ours[0]["content"].as_str().expect("content").contains("hari Kamis di Pangkut"));

    let (_, status) = app.get_json(&format!("/api/v1/accounts/{}/connection", account.id), "a.petugas").await;
    assert!(status["items_total"].as_i64().expect("count") >= 1);
    assert!(status["last_success_at"].is_string());
}

#[tokio::test]
async fn wordpress_comments_arrive_in_the_inbox_and_answers_go_back() {
    let Some(base) = peer("HUMAS_PEER_WORDPRESS") else { return };
    let user = std::env::var("HUMAS_PEER_WORDPRESS_USER").unwrap_or_else(|_| "admin".into());
    let password = std::env::var("HUMAS_PEER_WORDPRESS_PASSWORD").expect("HUMAS_PEER_WORDPRESS_PASSWORD");
    let app = TestApp::spawn().await;
    let account = app.verified_account(app.agency_a, "blog_dpupr", "wordpress", &format!("{base}/")).await;
    connect(&app, account.id.0, json!({"endpoint": base, "username": user, "secret": password, "poll_minutes": 1}))
        .await;

    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    let n = nonce();
    let post: Value = http
        .post(format!("{base}/?rest_route=/wp/v2/posts"))
        .basic_auth(&user, Some(&password))
        .json(&json!({"title": format!("Perbaikan jalan {n}"), "content": "Jadwal perbaikan jalan.", "status": "publish"}))
        .send()
        .await
        .expect("post")
        .json()
        .await
        .expect("json");
    let post_id = post["id"].as_i64().expect("id").to_string();
    let text = format!("Jalan di Desa Kumpai Batu Atas kapan diperbaiki? {n}");
    let r = http
        .post(format!("{base}/wp-comments-post.php"))
        .form(&[
            ("comment_post_ID", post_id.as_str()),
            ("comment_parent", "0"),
            ("author", "Siti"),
            ("email", "siti@example.org"),
            ("comment", text.as_str()),
        ])
        .send()
        .await
        .expect("comment");
    assert!(r.status().is_redirection(), "{}", r.status());

    app.api(reqwest::Method::POST, &format!("/api/v1/accounts/{}/sync", account.id), Some("a.petugas"))
        .send()
        .await
        .expect("sync");
    let id = eventually(Duration::from_secs(20), "the comment in the inbox", || find_item(&app, &text)).await;
    let (status, _) = app
        .post_json(
            &format!("/api/v1/items/{id}/answer"),
            Some("a.petugas"),
            json!({"text": "Dijadwalkan bulan depan."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let d = eventually(Duration::from_secs(20), "the reply delivered", || delivered(&app, id)).await;
    let public: Vec<Value> = http
        .get(format!("{base}/?rest_route=/wp/v2/comments&post={post_id}"))
        .send()
        .await
        .expect("comments")
        .json()
        .await
        .expect("json");
    let reply =
        public.iter().find(|c| c["id"].as_i64().map(|i| i.to_string()) == d["remote_id"].as_str().map(String::from));
    let reply = reply.expect("the reply is public on the blog");
    assert!(reply["content"]["rendered"].as_str().expect("content").contains("Dijadwalkan bulan depan."));
    assert_eq!(public.len(), 2, "the citizen's comment, approved, and one reply");
}

/// No peer needed: a platform that does not answer. The Official connects
/// from the account page and reads in plain words what is wrong; the secret
/// is never shown back; an Operator sees the status but not the form.
#[tokio::test]
async fn the_account_page_connects_and_explains_a_failing_platform() {
    let app = TestApp::spawn().await;
    let account = app.verified_account(app.agency_a, "dpupr_kobar", "mastodon", "https://m.test/@dpupr_kobar").await;
    let (client, csrf) = app.browser("a.pejabat").await;
    let page_url = app.url(&format!("/akun/{}", account.id));
    let page = client.get(&page_url).send().await.expect("page").text().await.expect("body");
    assert!(page.contains("id=\"conn-none\""), "not connected yet");
    assert!(page.contains("id=\"conn-endpoint\""), "the Official gets the form");
    let r = client
        .post(app.url(&format!("/akun/{}/koneksi", account.id)))
        .form(&[
            ("csrf", csrf.as_str()),
            ("endpoint", "http://127.0.0.1:9"),
            ("secret", "token-rahasia-123"),
            ("poll_minutes", "15"),
            ("enabled", "on"),
        ])
        .send()
        .await
        .expect("save");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = r.headers()["location"].to_str().expect("location").to_string();
    assert!(to.contains("cek=unavailable"), "{to}");
    let page = client.get(app.url(&to)).send().await.expect("page").text().await.expect("body");
    assert!(page.contains("tidak dapat dihubungi"), "the failure in plain words");
    assert!(page.contains("15 menit"));
    assert!(!page.contains("token-rahasia-123"), "the secret is never shown");

    // A bad interval is refused with the field's message, nothing changes.
    let r = client
        .post(app.url(&format!("/akun/{}/koneksi", account.id)))
        .form(&[("csrf", csrf.as_str()), ("endpoint", "http://127.0.0.1:9"), ("poll_minutes", "lima")])
        .send()
        .await
        .expect("save");
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.expect("body").contains("angka menit"));

    let (op, _) = app.browser("a.petugas").await;
    let page = op.get(&page_url).send().await.expect("page").text().await.expect("body");
    assert!(page.contains("id=\"btn-conn-test\""), "the operator may test");
    assert!(!page.contains("id=\"conn-endpoint\""), "but not change the connection");
}

#[tokio::test]
async fn mediawiki_talk_comments_arrive_in_the_inbox_and_answers_go_back() {
    let Some(base) = peer("HUMAS_PEER_MEDIAWIKI") else { return };
    let user = std::env::var("HUMAS_PEER_MEDIAWIKI_USER").unwrap_or_else(|_| "Admin@humas".into());
    let password = std::env::var("HUMAS_PEER_MEDIAWIKI_PASSWORD").expect("HUMAS_PEER_MEDIAWIKI_PASSWORD");
    let app = TestApp::spawn().await;
    let account = app.verified_account(app.agency_a, "wiki_pemda", "mediawiki", &format!("{base}/")).await;
    connect(&app, account.id.0, json!({"endpoint": base, "username": user, "secret": password, "poll_minutes": 1}))
        .await;

    let n = nonce();
    let text = format!("Mohon info syarat izin usaha mikro di Kumai. {n}");
    let r: Value = reqwest::Client::new()
        .post(format!("{base}/api.php"))
        .form(&[
            ("action", "edit"),
            ("title", format!("Pembicaraan:Perizinan {n}").as_str()),
            ("section", "new"),
            ("sectiontitle", "Izin usaha"),
            ("text", format!("{text} ~~~~").as_str()),
            ("token", "+\\"),
            ("format", "json"),
        ])
        .send()
        .await
        .expect("edit")
        .json()
        .await
        .expect("json");
    assert_eq!(r["edit"]["result"], "Success", "{r}");

    app.api(reqwest::Method::POST, &format!("/api/v1/accounts/{}/sync", account.id), Some("a.petugas"))
        .send()
        .await
        .expect("sync");
    let id = eventually(Duration::from_secs(20), "the talk comment in the inbox", || find_item(&app, &text)).await;
    let (status, _) = app
        .post_json(
            &format!("/api/v1/items/{id}/answer"),
            Some("a.petugas"),
            json!({"text": "Syaratnya KTP dan surat keterangan usaha."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    eventually(Duration::from_secs(20), "the reply delivered", || delivered(&app, id)).await;
    let v: Value = reqwest::Client::new()
        .get(format!("{base}/api.php"))
        .query(&[
            ("action", "query"),
            ("prop", "revisions"),
            ("titles", format!("Pembicaraan:Perizinan {n}").as_str()),
            ("rvprop", "content"),
            ("rvslots", "main"),
            ("format", "json"),
            ("formatversion", "2"),
        ])
        .send()
        .await
        .expect("read")
        .json()
        .await
        .expect("json");
    let content = v["query"]["pages"][0]["revisions"][0]["slots"]["main"]["content"].as_str().expect("content");
    assert_eq!(content.matches("Syaratnya KTP dan surat keterangan usaha.").count(), 1, "{content}");
}

/// Where a platform gives no number, an officer records the audience on the
/// account page; the API lists it with its source.
#[tokio::test]
async fn an_officer_records_followers_on_the_account_page() {
    let app = TestApp::spawn().await;
    let account = app.verified_account(app.agency_a, "dpupr_ig", "mastodon", "https://m.test/@dpupr_ig").await;
    let (client, csrf) = app.browser("a.petugas").await;
    let today = app.humas.today().await.expect("today").to_string();
    let r = client
        .post(app.url(&format!("/akun/{}/pengikut", account.id)))
        .form(&[
            ("csrf", csrf.as_str()),
            ("day", today.as_str()),
            ("followers", "12.480"),
            ("note", "dari Meta Business Suite"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page =
        client.get(app.url(&format!("/akun/{}", account.id))).send().await.expect("page").text().await.expect("body");
    assert!(page.contains("12.480") && page.contains("dicatat petugas"), "the figure and its source on the page");
    let (status, list) = app.get_json(&format!("/api/v1/accounts/{}/metrics", account.id), "bupati").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list[0]["followers"], 12480);
    assert_eq!(list[0]["source"], "manual");
    let (status, _) = app
        .post_json(
            &format!("/api/v1/accounts/{}/metrics", account.id),
            Some("b.petugas"),
            json!({"day": today, "followers": 1}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another agency's officer cannot record it");
    let (status, v) = app
        .post_json(
            &format!("/api/v1/accounts/{}/metrics", account.id),
            Some("a.petugas"),
            json!({"day": "2099-01-01", "followers": 1}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["field"], "day");
}

/// From the inbox page: a file is imported (bad rows reported by line, a
/// second import stores nothing twice), and an item is recorded by hand.
#[tokio::test]
async fn officers_import_a_file_and_record_an_item_from_the_inbox() {
    let app = TestApp::spawn().await;
    let account = app.account(app.agency_a, "dpupr_fb", None).await;
    let (client, csrf) = app.browser("a.petugas").await;
    let csv = "waktu;penulis;nama;teks\n28/11/2026 09:15;@rudi;Rudi;Lampu jalan di Jl. Iskandar mati\n;@x;X;\n2026-11-28 10:00;@siti;Siti;=HYPERLINK(\"http://x\")\n";
    let import = |bytes: &'static str| {
        let form = reqwest::multipart::Form::new()
            .text("csrf", csrf.clone())
            .text("account_id", account.id.to_string())
            .text("format", "")
            .part("file", reqwest::multipart::Part::bytes(bytes.as_bytes()).file_name("komentar.csv"));
        client.post(app.url("/kotak-masuk/impor")).multipart(form).send()
    };
    let page = import(csv).await.expect("import").text().await.expect("body");
    assert!(page.contains("id=\"import-created\">2<"), "two stored");
    assert!(page.contains("teks kosong"), "the empty row is explained");
    let page = import(csv).await.expect("again").text().await.expect("body");
    assert!(page.contains("id=\"import-created\">0<") && page.contains("id=\"import-duplicates\">2<"));
    let (_, list) = app.get_json("/api/v1/items?per_page=100", "a.petugas").await;
    let formula =
        list["items"].as_array().expect("items").iter().find(|i| i["author_handle"] == "@siti").expect("imported");
    assert_eq!(formula["text"], "=HYPERLINK(\"http://x\")", "kept as text");
    assert_eq!(formula["source"], "import");

    // By hand; the same item twice is one item.
    let record = || {
        client
            .post(app.url("/kotak-masuk/catat"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("account_id", &account.id.to_string()),
                ("author_handle", "@dewi"),
                ("text", "Kapan pendaftaran PPDB dibuka?"),
                ("link", "https://facebook.com/dpupr_fb/posts/1?comment_id=9"),
                ("written_at", "2026-11-28T08:30"),
            ])
            .send()
    };
    let r = record().await.expect("record");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let first = r.headers()["location"].to_str().expect("location").to_string();
    assert!(first.contains("ok=created"), "{first}");
    let again = record().await.expect("again").headers()["location"].to_str().expect("location").to_string();
    assert_eq!(first.split('?').next(), again.split('?').next(), "the same item");

    // Another agency's officer cannot import into this account.
    let (other, other_csrf) = app.browser("b.petugas").await;
    let form = reqwest::multipart::Form::new()
        .text("csrf", other_csrf)
        .text("account_id", account.id.to_string())
        .part("file", reqwest::multipart::Part::bytes(&b"teks\nhalo\n"[..]).file_name("x.csv"));
    let r = other.post(app.url("/kotak-masuk/impor")).multipart(form).send().await.expect("import");
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // The API takes the raw file: a WordPress export of the peer's format.
    let r = app
        .api(reqwest::Method::POST, &format!("/api/v1/accounts/{}/import?name=blog.xml", account.id), Some("a.pejabat"))
        .body(include_str!("../../../humas-channels/tests/fixtures/wordpress-export.xml"))
        .send()
        .await
        .expect("api import");
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.expect("json");
    assert_eq!(v["created"], 3, "{v}");
    let r = app
        .api(reqwest::Method::POST, &format!("/api/v1/accounts/{}/import?format=wxr", account.id), Some("a.pejabat"))
        .body("<rss><unclosed>")
        .send()
        .await
        .expect("bad");
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn forum_posts_arrive_in_the_inbox_and_answers_go_back() {
    let Some(base) = peer("HUMAS_PEER_MISAGO") else { return };
    let category = std::env::var("HUMAS_PEER_MISAGO_CATEGORY").expect("category");
    let app = TestApp::spawn().await;
    let account = app.verified_account(app.agency_a, "forum_kobar", "forum", &format!("{base}/")).await;
    let body = json!({"endpoint": base, "username": "diskominfo", "secret": "humas-peer-pass-123", "target": category, "poll_minutes": 1});
    connect(&app, account.id.0, body).await;

    // A citizen opens a thread in the agency's category, through the forum's own API.
    let n = nonce();
    let text = format!("Kapan pendaftaran beasiswa daerah dibuka? {n}");
    let client = reqwest::Client::builder().cookie_store(true).build().expect("client");
    let r = client.get(format!("{base}/")).send().await.expect("front page");
    let csrf = r.cookies().find(|c| c.name() == "csrftoken").expect("csrf").value().to_string();
    let login = client
        .post(format!("{base}/api/auth/"))
        .header("X-CSRFToken", &csrf)
        .header("Referer", format!("{base}/"))
        .json(&json!({"username": "warga2", "password": "humas-peer-pass-123"}))
        .send()
        .await
        .expect("login");
    let csrf = login.cookies().find(|c| c.name() == "csrftoken").map(|c| c.value().to_string()).unwrap_or(csrf);
    let thread: Value = client
        .post(format!("{base}/api/threads/"))
        .header("X-CSRFToken", csrf)
        .header("Referer", format!("{base}/"))
        .json(&json!({"category": category.parse::<i64>().expect("id"), "title": "Beasiswa", "post": text}))
        .send()
        .await
        .expect("thread")
        .json()
        .await
        .expect("json");

    app.api(reqwest::Method::POST, &format!("/api/v1/accounts/{}/sync", account.id), Some("a.petugas"))
        .send()
        .await
        .expect("sync");
    let id = eventually(Duration::from_secs(40), "the forum thread in the inbox", || find_item(&app, &text)).await;
    let (status, _) = app
        .post_json(
            &format!("/api/v1/items/{id}/answer"),
            Some("a.petugas"),
            json!({"text": "Dibuka Januari, lihat situs Disdik."}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    eventually(Duration::from_secs(40), "the reply delivered", || delivered(&app, id)).await;
    let posts: Value = reqwest::get(format!("{base}/api/threads/{}/posts/", thread["id"]))
        .await
        .expect("posts")
        .json()
        .await
        .expect("json");
    let ours: Vec<&Value> = posts["post_set"]["results"]
        .as_array()
        .expect("posts")
        .iter()
        .filter(|p| p["poster_name"] == "diskominfo")
        .collect();
    assert_eq!(ours.len(), 1, "exactly one reply in the thread");
    assert!(ours[0]["content"].as_str().expect("content").contains("Dibuka Januari"));
}
