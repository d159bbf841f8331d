//! The adapters against real platform programs on loopback (see
//! `scripts/peers/`): WordPress 6.1 (real), and `mastodon_mock`, a
//! third-party mock of the Mastodon client API (no Mastodon server can be
//! installed here). A test whose peer is not running says so and passes,
//! unless `HUMAS_REQUIRE_PEERS=1` (as in CI), where it fails.

#![allow(clippy::unwrap_used)] // a test fails by panicking

use humas_channels::{Channels, HttpConfig};
use humas_core::account::Platform;
use humas_core::channel::{ChannelErrorKind, Connection, Gateway, Outbound};

fn peer(var: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(v) if !v.is_empty() => Some(v),
        _ => {
            assert!(
                std::env::var("HUMAS_REQUIRE_PEERS").as_deref() != Ok("1"),
                "{var} is not set but HUMAS_REQUIRE_PEERS=1: start the peers with scripts/peers/start.sh"
            );
            eprintln!("skipped: {var} not set (start the peers with scripts/peers/start.sh)");
            None
        }
    }
}

fn nonce() -> String {
    format!("{}", std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos())
}

fn http() -> reqwest::Client {
    reqwest::Client::new()
}

#[tokio::test]
async fn mastodon_mock_round_trip() {
    let Some(base) = peer("HUMAS_PEER_MASTODON") else { return };
    let channels = Channels::new(&HttpConfig::default());
    let adapter = channels.adapter(Platform::Mastodon).unwrap();
    let conn = Connection { endpoint: base.clone(), secret: "token-diskominfo".into(), ..Default::default() };

    let me = adapter.check(&conn).await.unwrap();
    assert_eq!(me.name, "@diskominfo");
    let bad = Connection { secret: "revoked".into(), ..conn.clone() };
    assert_eq!(adapter.check(&bad).await.unwrap_err().kind, ChannelErrorKind::Auth);

    // Start reading from now.
    let start = adapter.fetch(&conn, "").await.unwrap();

    // Publish twice with the same key: one status.
    let n = nonce();
    let post = Outbound::Post {
        key: format!("post-{n}"),
        title: String::new(),
        text: format!("Jadwal posyandu pekan ini #KobarSehat {n}"),
        link: String::new(),
        media: vec![],
    };
    let first = adapter.deliver(&conn, &post).await.unwrap();
    let again = adapter.deliver(&conn, &post).await.unwrap();
    assert_eq!(first.remote_id, again.remote_id, "the Idempotency-Key must prevent a second status");
    assert_eq!(adapter.find_delivered(&conn, &post).await.unwrap().unwrap().remote_id, first.remote_id);

    // Citizens: one replies without mentioning, one mentions the account.
    let reply_text = format!("Apakah posyandu di Arut Selatan juga buka? {n}");
    let r = http()
        .post(format!("{base}/api/v1/statuses"))
        .bearer_auth("token-warga1")
        .form(&[("status", reply_text.as_str()), ("in_reply_to_id", first.remote_id.as_str())])
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
    let mention_text = format!("@diskominfo lampu jalan di Jl. Pangeran Antasari mati {n}");
    http()
        .post(format!("{base}/api/v1/statuses"))
        .bearer_auth("token-warga2")
        .form(&[("status", mention_text.as_str())])
        .send()
        .await
        .unwrap();

    let fetched = adapter.fetch(&conn, &start.cursor).await.unwrap();
    let reply = fetched.items.iter().find(|i| i.text == reply_text).expect("the reply in the thread is read");
    assert_eq!(reply.author_handle, "@warga1");
    assert_eq!(reply.parent_remote_id.as_deref(), Some(first.remote_id.as_str()));
    assert_eq!(reply.thread_id.as_deref(), Some(first.remote_id.as_str()));
    let mention = fetched.items.iter().find(|i| i.text == mention_text).expect("the mention is read");
    assert_eq!(mention.author_name, "Siti Warga");
    assert!(mention.written_at.is_some() && mention.link.starts_with("http"));
    assert!(fetched.items.iter().all(|i| i.author_handle != "@diskominfo"), "own posts are not citizens' items");

    // The cursor moved: the mention is not read again.
    let later = adapter.fetch(&conn, &fetched.cursor).await.unwrap();
    assert!(!later.items.iter().any(|i| i.text == mention_text));

    // Answer the citizen on their thread.
    let answer = Outbound::Reply {
        key: format!("reply-{n}"),
        thread_id: reply.thread_id.clone(),
        parent_remote_id: reply.remote_id.clone(),
        author_handle: reply.author_handle.clone(),
        text: "Ya, buka pukul 08.00 WIB.".into(),
    };
    let delivered = adapter.deliver(&conn, &answer).await.unwrap();
    let found = adapter.find_delivered(&conn, &answer).await.unwrap().expect("the reply is found on the platform");
    assert_eq!(found.remote_id, delivered.remote_id);
    let context: serde_json::Value = http()
        .get(format!("{base}/api/v1/statuses/{}/context", reply.remote_id))
        .bearer_auth("token-warga1")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let ours = context["descendants"].as_array().unwrap().iter().find(|s| s["id"] == delivered.remote_id.as_str());
    assert!(ours.unwrap()["content"].as_str().unwrap().contains("buka pukul 08.00"));

    let metrics = adapter.post_metrics(&conn, &first.remote_id).await.unwrap();
    assert!(metrics.comments.unwrap() >= 1);
}

fn wordpress() -> Option<(String, Connection)> {
    let base = peer("HUMAS_PEER_WORDPRESS")?;
    let conn = Connection {
        endpoint: base.clone(),
        username: std::env::var("HUMAS_PEER_WORDPRESS_USER").unwrap_or_else(|_| "admin".into()),
        secret: std::env::var("HUMAS_PEER_WORDPRESS_PASSWORD").expect("HUMAS_PEER_WORDPRESS_PASSWORD"),
        target: String::new(),
    };
    Some((base, conn))
}

/// A citizen comments through the blog's public form (held for moderation).
async fn citizen_comment(base: &str, post: &str, text: &str) {
    let r = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(format!("{base}/wp-comments-post.php"))
        .form(&[
            ("comment_post_ID", post),
            ("comment_parent", "0"),
            ("author", "Budi Santoso"),
            ("email", "budi@example.org"),
            ("comment", text),
        ])
        .send()
        .await
        .unwrap();
    assert!(r.status().is_redirection() || r.status().is_success(), "comment form: {}", r.status());
}

#[tokio::test]
async fn wordpress_round_trip() {
    let Some((base, conn)) = wordpress() else { return };
    let channels = Channels::new(&HttpConfig::default());
    let adapter = channels.adapter(Platform::Wordpress).unwrap();

    assert_eq!(adapter.check(&conn).await.unwrap().name, conn.username);
    let bad = Connection { secret: "salah salah salah".into(), ..conn.clone() };
    assert_eq!(adapter.check(&bad).await.unwrap_err().kind, ChannelErrorKind::Auth);

    let start = adapter.fetch(&conn, "").await.unwrap();
    let n = nonce();
    let post = Outbound::Post {
        key: format!("d1-{n}"),
        title: format!("Jadwal vaksinasi {n}"),
        text: "Vaksinasi gratis di puskesmas.\n\n#KobarSehat".into(),
        link: "https://kotawaringinbaratkab.go.id/vaksin".into(),
        media: vec![],
    };
    assert_eq!(adapter.find_delivered(&conn, &post).await.unwrap(), None);
    let delivered = adapter.deliver(&conn, &post).await.unwrap();
    assert!(delivered.url.starts_with(&base));
    assert_eq!(adapter.find_delivered(&conn, &post).await.unwrap().unwrap().remote_id, delivered.remote_id);

    let text = format!("Apakah vaksinasi juga untuk lansia? {n}");
    citizen_comment(&base, &delivered.remote_id, &text).await;
    let fetched = adapter.fetch(&conn, &start.cursor).await.unwrap();
    let item = fetched.items.iter().find(|i| i.text == text).expect("the held comment is read");
    assert_eq!(item.thread_id.as_deref(), Some(delivered.remote_id.as_str()));
    assert_eq!(item.author_name, "Budi Santoso");
    assert!(item.written_at.is_some());

    let answer = Outbound::Reply {
        key: format!("r-{n}"),
        thread_id: item.thread_id.clone(),
        parent_remote_id: item.remote_id.clone(),
        author_handle: item.author_handle.clone(),
        text: "Ya, lansia juga dilayani. <b>Terima kasih</b>".into(),
    };
    let reply = adapter.deliver(&conn, &answer).await.unwrap();
    assert_eq!(adapter.find_delivered(&conn, &answer).await.unwrap().unwrap().remote_id, reply.remote_id);

    // The citizen's comment is now approved and public, with the reply under it.
    let public: Vec<serde_json::Value> = http()
        .get(format!("{base}/?rest_route=/wp/v2/comments&post={}", delivered.remote_id))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(public.iter().any(|c| c["id"].as_i64().map(|i| i.to_string()) == Some(item.remote_id.clone())));
    let ours = public
        .iter()
        .find(|c| c["id"].as_i64().map(|i| i.to_string()) == Some(reply.remote_id.clone()))
        .expect("reply is public");
    assert_eq!(ours["parent"].to_string(), item.remote_id);
    // Markup in an answer is shown as text, not interpreted.
    assert!(ours["content"]["rendered"].as_str().unwrap().contains("&lt;b&gt;"));

    // Own replies are not read back as citizens' items; the old comment is behind the cursor.
    let later = adapter.fetch(&conn, &fetched.cursor).await.unwrap();
    assert!(later.items.is_empty(), "nothing new: {:?}", later.items);
    assert!(adapter.post_metrics(&conn, &delivered.remote_id).await.unwrap().comments.unwrap() >= 2);
}

/// Real MediaWiki 1.39: publish a page, a citizen comments on its talk page
/// (anonymously, signed), humas reads the comment and replies in its section.
#[tokio::test]
async fn mediawiki_round_trip() {
    let Some(base) = peer("HUMAS_PEER_MEDIAWIKI") else { return };
    let conn = Connection {
        endpoint: base.clone(),
        username: std::env::var("HUMAS_PEER_MEDIAWIKI_USER").unwrap_or_else(|_| "Admin@humas".into()),
        secret: std::env::var("HUMAS_PEER_MEDIAWIKI_PASSWORD").expect("HUMAS_PEER_MEDIAWIKI_PASSWORD"),
        target: String::new(),
    };
    let channels = Channels::new(&HttpConfig::default());
    let adapter = channels.adapter(Platform::Mediawiki).unwrap();
    assert_eq!(adapter.check(&conn).await.unwrap().name, "Admin");
    let bad = Connection { secret: "salah".into(), ..conn.clone() };
    assert_eq!(adapter.check(&bad).await.unwrap_err().kind, ChannelErrorKind::Auth);

    let start = adapter.fetch(&conn, "").await.unwrap();
    let n = nonce();
    let title = format!("Jadwal Posyandu {n}");
    let post = Outbound::Post {
        key: format!("p{n}"),
        title: title.clone(),
        text: "Jadwal posyandu bulan ini di setiap kelurahan.".into(),
        link: String::new(),
        media: vec![],
    };
    assert_eq!(adapter.find_delivered(&conn, &post).await.unwrap(), None);
    let page = adapter.deliver(&conn, &post).await.unwrap();
    assert_eq!(adapter.find_delivered(&conn, &post).await.unwrap().unwrap().remote_id, page.remote_id);

    // A citizen, not logged in, opens a section on the talk page.
    let text = format!("Apakah posyandu di Kumai buka hari Sabtu? {n}");
    let r: serde_json::Value = http()
        .post(format!("{base}/api.php"))
        .form(&[
            ("action", "edit"),
            ("title", &format!("Pembicaraan:{title}")),
            ("section", "new"),
            ("sectiontitle", "Posyandu Kumai"),
            ("text", &format!("{text} ~~~~")),
            ("token", "+\\"),
            ("format", "json"),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(r["edit"]["result"], "Success", "{r}");

    let fetched = adapter.fetch(&conn, &start.cursor).await.unwrap();
    let item = fetched.items.iter().find(|i| i.text == text).expect("the talk comment is read without its signature");
    assert_eq!(item.thread_id.as_deref(), Some(format!("Pembicaraan:{title}#Posyandu Kumai").as_str()));
    assert_eq!(item.author_handle, "127.0.0.1");

    let answer = Outbound::Reply {
        key: format!("r{n}"),
        thread_id: item.thread_id.clone(),
        parent_remote_id: item.remote_id.clone(),
        author_handle: item.author_handle.clone(),
        text: "Ya, buka pukul 08.00 WIB.".into(),
    };
    let reply = adapter.deliver(&conn, &answer).await.unwrap();
    assert_eq!(adapter.find_delivered(&conn, &answer).await.unwrap().unwrap().remote_id, reply.remote_id);
    let v: serde_json::Value = http()
        .get(format!(
            "{base}/api.php?action=query&prop=revisions&titles=Pembicaraan:{title}&rvprop=content&rvslots=main&format=json&formatversion=2"
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let content = v["query"]["pages"][0]["revisions"][0]["slots"]["main"]["content"].as_str().unwrap().to_string();
    let question = content.find("Apakah posyandu").unwrap();
    let answer_at = content.find(": Ya, buka pukul 08.00 WIB.").expect("the reply, indented");
    assert!(answer_at > question, "the reply follows the question in its section:\n{content}");

    // humas's own edit is not read back as a citizen's item.
    let later = adapter.fetch(&conn, &fetched.cursor).await.unwrap();
    assert!(later.items.is_empty(), "{:?}", later.items);
}

/// Logs in to Misago as a citizen (the forum's own front-end API) and posts.
async fn misago_citizen(base: &str, user: &str, path: &str, body: serde_json::Value) -> serde_json::Value {
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let r = client.get(format!("{base}/")).send().await.unwrap();
    let csrf = r.cookies().find(|c| c.name() == "csrftoken").unwrap().value().to_string();
    let login = client
        .post(format!("{base}/api/auth/"))
        .header("X-CSRFToken", &csrf)
        .header("Referer", format!("{base}/"))
        .json(&serde_json::json!({"username": user, "password": "humas-peer-pass-123"}))
        .send()
        .await
        .unwrap();
    let csrf = login.cookies().find(|c| c.name() == "csrftoken").map(|c| c.value().to_string()).unwrap_or(csrf);
    client
        .post(format!("{base}{path}"))
        .header("X-CSRFToken", csrf)
        .header("Referer", format!("{base}/"))
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// Real Misago 0.39: the agency opens a thread in its category, citizens
/// reply and open a thread of their own; humas reads both and answers.
#[tokio::test]
async fn misago_round_trip() {
    let Some(base) = peer("HUMAS_PEER_MISAGO") else { return };
    let category = std::env::var("HUMAS_PEER_MISAGO_CATEGORY").unwrap();
    let conn = Connection {
        endpoint: base.clone(),
        username: std::env::var("HUMAS_PEER_MISAGO_USER").unwrap_or_else(|_| "diskominfo".into()),
        secret: std::env::var("HUMAS_PEER_MISAGO_PASSWORD").unwrap(),
        target: category.clone(),
    };
    let channels = Channels::new(&HttpConfig::default());
    let adapter = channels.adapter(Platform::Forum).unwrap();
    let me = adapter.check(&conn).await.unwrap();
    assert_eq!(me.name, "diskominfo");
    assert!(me.followers.is_some());
    let bad = Connection { secret: "salah".into(), ..conn.clone() };
    assert_eq!(adapter.check(&bad).await.unwrap_err().kind, ChannelErrorKind::Auth);

    let start = adapter.fetch(&conn, "").await.unwrap();
    let n = nonce();
    let post = Outbound::Post {
        key: format!("p{n}"),
        title: format!("Jadwal pasar murah {n}"),
        text: "Pasar murah digelar di setiap kecamatan.".into(),
        link: String::new(),
        media: vec![],
    };
    assert_eq!(adapter.find_delivered(&conn, &post).await.unwrap(), None);
    let thread = adapter.deliver(&conn, &post).await.unwrap();
    assert_eq!(adapter.find_delivered(&conn, &post).await.unwrap().unwrap().remote_id, thread.remote_id);

    let reply_text = format!("Apakah ada pasar murah di Arut Utara? {n}");
    misago_citizen(
        &base,
        "warga1",
        &format!("/api/threads/{}/posts/", thread.remote_id),
        serde_json::json!({"post": reply_text}),
    )
    .await;
    let own_thread = format!("Mohon perbaikan drainase di Baru {n}");
    misago_citizen(
        &base,
        "warga2",
        "/api/threads/",
        serde_json::json!({"category": category.parse::<i64>().unwrap(), "title": "Drainase", "post": own_thread}),
    )
    .await;

    let fetched = adapter.fetch(&conn, &start.cursor).await.unwrap();
    let reply = fetched.items.iter().find(|i| i.text == reply_text).expect("the reply is read");
    assert_eq!(reply.author_handle, "warga1");
    assert_eq!(reply.thread_id.as_deref(), Some(thread.remote_id.as_str()));
    assert!(reply.parent_remote_id.is_some());
    let opened = fetched.items.iter().find(|i| i.text == own_thread).expect("a citizen's own thread is read");
    assert_eq!(opened.parent_remote_id, None);
    assert!(!fetched.items.iter().any(|i| i.author_handle == "diskominfo"), "own posts are not citizens' items");

    let answer = Outbound::Reply {
        key: format!("r{n}"),
        thread_id: reply.thread_id.clone(),
        parent_remote_id: reply.remote_id.clone(),
        author_handle: reply.author_handle.clone(),
        text: "Ada, hari Sabtu di Pangkut.".into(),
    };
    let sent = adapter.deliver(&conn, &answer).await.unwrap();
    assert_eq!(adapter.find_delivered(&conn, &answer).await.unwrap().unwrap().remote_id, sent.remote_id);
    let later = adapter.fetch(&conn, &fetched.cursor).await.unwrap();
    assert!(later.items.is_empty(), "{:?}", later.items);
    assert_eq!(adapter.post_metrics(&conn, &thread.remote_id).await.unwrap().comments, Some(2));
}

/// A 1×1 PNG.
const PNG: &[u8] = &[
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 31, 21, 196,
    137, 0, 0, 0, 13, 73, 68, 65, 84, 120, 218, 99, 252, 207, 192, 80, 15, 0, 4, 133, 1, 128, 132, 169, 140, 33, 0, 0,
    0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];

/// Images: uploaded to the platform's media store first, then attached.
#[tokio::test]
async fn images_go_with_posts_to_mastodon_mock_and_wordpress() {
    let media = vec![humas_core::channel::Media {
        bytes: PNG.to_vec(),
        content_type: "image/png".into(),
        name: "posyandu.png".into(),
        alt: "Suasana posyandu".into(),
    }];
    let channels = Channels::new(&HttpConfig::default());
    let n = nonce();
    if let Some(base) = peer("HUMAS_PEER_MASTODON") {
        let conn = Connection { endpoint: base.clone(), secret: "token-diskominfo".into(), ..Default::default() };
        let post = Outbound::Post {
            key: format!("img-{n}"),
            title: String::new(),
            text: format!("#KobarSehat Foto kegiatan {n}"),
            link: String::new(),
            media: vec![],
        };
        let d = channels.adapter(Platform::Mastodon).unwrap().deliver_media(&conn, &post, &media).await.unwrap();
        let status: serde_json::Value = http()
            .get(format!("{base}/api/v1/statuses/{}", d.remote_id))
            .bearer_auth("token-diskominfo")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let attachments = status["media_attachments"].as_array().unwrap();
        assert_eq!(attachments.len(), 1, "{status}");
        assert_eq!(attachments[0]["description"], "Suasana posyandu");
    }
    if let Some((base, conn)) = wordpress() {
        let post = Outbound::Post {
            key: format!("img-{n}"),
            title: format!("Foto {n}"),
            text: "Kegiatan posyandu.".into(),
            link: String::new(),
            media: vec![],
        };
        let d = channels.adapter(Platform::Wordpress).unwrap().deliver_media(&conn, &post, &media).await.unwrap();
        let wp: serde_json::Value = http()
            .get(format!("{base}/?rest_route=/wp/v2/posts/{}", d.remote_id))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(wp["featured_media"].as_i64().unwrap() > 0, "{wp}");
        assert!(wp["content"]["rendered"].as_str().unwrap().contains("alt=\"Suasana posyandu\""));
    }
}
