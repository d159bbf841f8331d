//! Broken and hostile platform answers, served by a local HTTP server in the
//! shapes a misbehaving Mastodon or WordPress would send: each must become a
//! clear error kind (or a bounded result), never a hang, a panic or a loop.

#![allow(clippy::unwrap_used)] // a test fails by panicking

use axum::Router;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use humas_channels::{Channels, HttpConfig};
use humas_core::account::Platform;
use humas_core::channel::{ChannelErrorKind, Connection, Gateway};
use std::time::Duration;

async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

const ME: &str = r#"{"id":"1","acct":"dinas","display_name":"Dinas","url":"http://x/@dinas","followers_count":5}"#;

fn json(body: impl Into<String>) -> impl IntoResponse {
    let mut h = HeaderMap::new();
    h.insert("content-type", "application/json".parse().unwrap());
    (h, body.into())
}

fn channels() -> Channels {
    Channels::new(&HttpConfig { timeout: Duration::from_millis(800), ..HttpConfig::default() })
}

async fn mastodon_error(app: Router) -> humas_core::channel::ChannelError {
    let base = serve(app).await;
    let conn = Connection { endpoint: base, secret: "t".into(), ..Default::default() };
    let err = channels().adapter(Platform::Mastodon).unwrap().fetch(&conn, "").await.unwrap_err();
    assert!(!err.detail.contains('\u{0}'));
    err
}

#[tokio::test]
async fn truncated_json_is_a_bad_response() {
    let app = Router::new()
        .route("/api/v1/accounts/verify_credentials", get(|| async { json(ME) }))
        .route("/api/v1/notifications", get(|| async { json(r#"[{"id":"5","type":"mention","status":{"id":"#) }));
    let e = mastodon_error(app).await;
    assert_eq!(e.kind, ChannelErrorKind::BadResponse, "{e}");
}

#[tokio::test]
async fn html_error_page_is_unavailable_with_its_title() {
    let app = Router::new().route(
        "/api/v1/accounts/verify_credentials",
        get(|| async {
            (StatusCode::BAD_GATEWAY, "<html><head><title>x</title></head><body><h1>502 Bad Gateway</h1></body></html>")
        }),
    );
    let e = mastodon_error(app).await;
    assert_eq!(e.kind, ChannelErrorKind::Unavailable);
    assert!(e.detail.contains("502"), "{}", e.detail);
}

#[tokio::test]
async fn html_instead_of_json_says_so() {
    let app =
        Router::new().route("/api/v1/accounts/verify_credentials", get(|| async { "<html><body>Login</body></html>" }));
    let e = mastodon_error(app).await;
    assert_eq!(e.kind, ChannelErrorKind::BadResponse);
    assert!(e.detail.contains("HTML"), "{}", e.detail);
}

#[tokio::test]
async fn slow_answer_times_out() {
    let app = Router::new().route(
        "/api/v1/accounts/verify_credentials",
        get(|| async {
            tokio::time::sleep(Duration::from_secs(5)).await;
            json(ME)
        }),
    );
    let started = std::time::Instant::now();
    let e = mastodon_error(app).await;
    assert_eq!(e.kind, ChannelErrorKind::Timeout);
    assert!(started.elapsed() < Duration::from_secs(4));
}

#[tokio::test]
async fn rate_limit_carries_retry_after() {
    let app = Router::new().route(
        "/api/v1/accounts/verify_credentials",
        get(|| async {
            let mut h = HeaderMap::new();
            h.insert("retry-after", "90".parse().unwrap());
            (StatusCode::TOO_MANY_REQUESTS, h, r#"{"error":"Too many requests"}"#)
        }),
    );
    let e = mastodon_error(app).await;
    assert_eq!(e.kind, ChannelErrorKind::RateLimited);
    assert_eq!(e.retry_after, Some(Duration::from_secs(90)));
    assert!(e.detail.contains("Too many requests"));
}

#[tokio::test]
async fn huge_body_is_refused() {
    let app = Router::new()
        .route("/api/v1/accounts/verify_credentials", get(|| async { json(ME) }))
        .route("/api/v1/notifications", get(|| async { json(format!("[{}]", " ".repeat(9 * 1024 * 1024))) }));
    let e = mastodon_error(app).await;
    assert_eq!(e.kind, ChannelErrorKind::BadResponse);
    assert!(e.detail.contains("terlalu besar"));
}

#[tokio::test]
async fn unreachable_platform_is_unavailable() {
    let conn = Connection { endpoint: "http://127.0.0.1:9".into(), secret: "t".into(), ..Default::default() };
    let e = channels().adapter(Platform::Mastodon).unwrap().check(&conn).await.unwrap_err();
    assert_eq!(e.kind, ChannelErrorKind::Unavailable);
    let conn = Connection { endpoint: "file:///etc/passwd".into(), secret: "t".into(), ..Default::default() };
    assert_eq!(
        channels().adapter(Platform::Mastodon).unwrap().check(&conn).await.unwrap_err().kind,
        ChannelErrorKind::Config
    );
}

/// A server that answers every page with the same full page: the adapter must
/// stop (bounded pages, cursor not advancing), not loop forever.
#[tokio::test]
async fn pagination_loop_ends() {
    let page: String = format!(
        "[{}]",
        (0..40)
            .map(|i| format!(r#"{{"id":"{}","type":"mention","status":{{"id":"s{i}","account":{{"id":"9","acct":"w"}},"content":"<p>halo</p>"}}}}"#, 100 + i))
            .collect::<Vec<_>>()
            .join(",")
    );
    let page = std::sync::Arc::new(page);
    let app = Router::new()
        .route("/api/v1/accounts/verify_credentials", get(|| async { json(ME) }))
        .route(
            "/api/v1/notifications",
            get(move || {
                let p = page.clone();
                async move { json(p.as_str().to_string()) }
            }),
        )
        .route("/api/v1/accounts/1/statuses", get(|| async { json("[]") }));
    let base = serve(app).await;
    let conn = Connection { endpoint: base, secret: "t".into(), ..Default::default() };
    let fetched = channels().adapter(Platform::Mastodon).unwrap().fetch(&conn, r#"{"mention":"1"}"#).await.unwrap();
    assert_eq!(fetched.items.len(), 40, "the same statuses are read once");
    assert!(fetched.cursor.contains("139"));
}

#[tokio::test]
async fn unexpected_fields_are_ignored() {
    let app = Router::new().route(
        "/api/v1/accounts/verify_credentials",
        get(|| async { json(r#"{"id":"1","acct":"dinas","new_field":{"deep":[1,2]},"followers_count":12}"#) }),
    );
    let base = serve(app).await;
    let conn = Connection { endpoint: base, secret: "t".into(), ..Default::default() };
    let me = channels().adapter(Platform::Mastodon).unwrap().check(&conn).await.unwrap();
    assert_eq!((me.name.as_str(), me.followers), ("@dinas", Some(12)));
}

#[tokio::test]
async fn wordpress_wrong_password_and_missing_fields() {
    let app = Router::new().route(
        "/",
        get(|| async {
            (StatusCode::UNAUTHORIZED, json(r#"{"code":"incorrect_password","message":"The provided password is an invalid application password.","data":{"status":401}}"#))
        }),
    );
    let base = serve(app).await;
    let wp = channels().adapter(Platform::Wordpress).unwrap();
    let conn =
        Connection { endpoint: base.clone(), username: "admin".into(), secret: "x".into(), ..Default::default() };
    let e = wp.check(&conn).await.unwrap_err();
    assert_eq!(e.kind, ChannelErrorKind::Auth);
    assert!(e.detail.contains("invalid application password"));
    let e = wp.check(&Connection { endpoint: base, ..Default::default() }).await.unwrap_err();
    assert_eq!(e.kind, ChannelErrorKind::Config);
}

/// WordPress's own export (WXR), made by the WordPress 6.1 peer
/// (`export_wp()`): citizens' comments with their ids, held ones included;
/// the site's own reply and spam left out; formulas and markup kept as text.
#[test]
fn a_real_wordpress_export_is_imported() {
    use humas_channels::import::{Format, parse};
    let bytes = include_bytes!("fixtures/wordpress-export.xml");
    assert_eq!(Format::detect("kobar.WordPress.2026-11-28.xml", bytes), Format::WordpressExport);
    let rows = parse(Format::WordpressExport, bytes, chrono_tz::Asia::Pontianak).unwrap();
    let items: Vec<_> = rows.iter().map(|r| r.item.as_ref().unwrap()).collect();
    assert_eq!(items.len(), 3, "{items:?}");
    let siti = items.iter().find(|i| i.author_name == "Siti Aminah").unwrap();
    assert_eq!(siti.text, "Apakah posyandu di Kumai Hulu buka hari Sabtu?");
    assert_eq!(siti.remote_id, "2", "the WordPress comment id, as the adapter reads it");
    assert!(siti.thread_id.is_some() && siti.written_at.is_some());
    assert!(siti.link.ends_with("#comment-2"));
    assert!(items.iter().any(|i| i.author_name == "=HYPERLINK(\"http://x\")" && i.text.starts_with("@SUM(1+1)")));
    assert!(!items.iter().any(|i| i.text.contains("buka pukul 08.00")), "the site's own reply is not a citizen's item");
}
