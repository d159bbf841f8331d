//! The one HTTP client configuration every adapter shares (timeouts, user
//! agent, rustls on ring, bounded bodies) and the mapping from HTTP failures
//! to [`ChannelError`]s an officer can act on.

use humas_core::channel::{ChannelError, ChannelErrorKind, ChannelResult};
use reqwest::{RequestBuilder, Response, StatusCode};
use serde::de::DeserializeOwned;
use std::time::Duration;

/// The largest response body read from a platform; more is a hostile or broken answer.
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct HttpConfig {
    pub connect_timeout: Duration,
    pub timeout: Duration,
    pub user_agent: String,
}

impl Default for HttpConfig {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(20),
            user_agent: format!("humas/{} (pemerintah daerah; +https://github.com/humas)", env!("CARGO_PKG_VERSION")),
        }
    }
}

/// Installs ring as rustls' crypto provider (reqwest is built without one);
/// harmless when already installed.
pub fn install_crypto() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

pub fn client(config: &HttpConfig) -> reqwest::Client {
    install_crypto();
    reqwest::Client::builder()
        .connect_timeout(config.connect_timeout)
        .timeout(config.timeout)
        .user_agent(config.user_agent.clone())
        .redirect(reqwest::redirect::Policy::limited(5))
        .build()
        // Building fails only without a TLS provider, which install_crypto provides.
        .unwrap_or_else(|_| reqwest::Client::new())
}

/// A client with its own cookie jar, for platforms with session logins
/// (MediaWiki, the forum): one per operation, so sessions never mix.
pub fn session_client(config: &HttpConfig) -> reqwest::Client {
    install_crypto();
    reqwest::Client::builder()
        .connect_timeout(config.connect_timeout)
        .timeout(config.timeout)
        .user_agent(config.user_agent.clone())
        .redirect(reqwest::redirect::Policy::limited(5))
        .cookie_store(true)
        .build()
        .unwrap_or_else(|_| reqwest::Client::new())
}

/// A response that passed the status check, with its body read (bounded).
pub struct Body {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub bytes: Vec<u8>,
}

impl Body {
    pub fn json<T: DeserializeOwned>(&self) -> ChannelResult<T> {
        serde_json::from_slice(&self.bytes).map_err(|e| {
            let looks_html = self.bytes.iter().take(200).any(|b| *b == b'<');
            let what = if looks_html { "halaman HTML, bukan JSON" } else { "JSON tidak valid" };
            ChannelError::new(ChannelErrorKind::BadResponse, format!("{what}: {e}"))
        })
    }

    /// The error this response's status stands for.
    pub fn error(&self) -> ChannelError {
        status_error(self.status, &self.headers, &self.bytes)
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// Sends a request and turns every failure into a [`ChannelError`]: transport
/// errors, HTTP error statuses (with the platform's message), oversized bodies.
pub async fn send(request: RequestBuilder) -> ChannelResult<Body> {
    let body = send_any(request).await?;
    if body.status.is_success() {
        return Ok(body);
    }
    Err(body.error())
}

/// Like [`send`], but returns error statuses too, for platforms whose error
/// bodies say more than their status (Graph answers 400 for an expired token).
pub async fn send_any(request: RequestBuilder) -> ChannelResult<Body> {
    let response = request.send().await.map_err(transport_error)?;
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = read_bounded(response).await?;
    Ok(Body { status, headers, bytes })
}

async fn read_bounded(mut response: Response) -> ChannelResult<Vec<u8>> {
    if response.content_length().is_some_and(|n| n as usize > MAX_BODY_BYTES) {
        return Err(ChannelError::new(ChannelErrorKind::BadResponse, "jawaban platform terlalu besar"));
    }
    let mut out = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(transport_error)? {
        if out.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(ChannelError::new(ChannelErrorKind::BadResponse, "jawaban platform terlalu besar"));
        }
        out.extend_from_slice(&chunk);
    }
    Ok(out)
}

fn transport_error(e: reqwest::Error) -> ChannelError {
    if e.is_timeout() {
        ChannelError::new(ChannelErrorKind::Timeout, "batas waktu habis")
    } else if e.is_connect() {
        ChannelError::new(ChannelErrorKind::Unavailable, "tidak dapat tersambung ke server platform")
    } else if e.is_builder() {
        ChannelError::new(ChannelErrorKind::Config, "alamat platform tidak valid")
    } else if e.is_decode() || e.is_body() {
        ChannelError::new(ChannelErrorKind::BadResponse, "jawaban terputus")
    } else {
        // reqwest's message may carry the URL; our URLs never carry secrets.
        ChannelError::new(ChannelErrorKind::Unavailable, e.to_string())
    }
}

fn status_error(status: StatusCode, headers: &reqwest::header::HeaderMap, body: &[u8]) -> ChannelError {
    let kind = match status.as_u16() {
        401 => ChannelErrorKind::Auth,
        403 => ChannelErrorKind::Permission,
        404 | 410 => ChannelErrorKind::NotFound,
        408 | 504 => ChannelErrorKind::Timeout,
        429 => ChannelErrorKind::RateLimited,
        400 | 405 | 422 => ChannelErrorKind::BadResponse,
        _ => ChannelErrorKind::Unavailable,
    };
    let mut e = ChannelError::new(kind, format!("HTTP {}: {}", status.as_u16(), platform_message(body)));
    e.retry_after = retry_after(headers, chrono::Utc::now());
    if kind == ChannelErrorKind::RateLimited && e.retry_after.is_none() {
        e.retry_after = Some(Duration::from_secs(60));
    }
    e
}

/// The platform's own error text from a JSON body (`error`, `message`,
/// `error.message`, `error_description`), or a short plain-text excerpt.
fn platform_message(body: &[u8]) -> String {
    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(body) {
        for path in [&["error", "message"][..], &["error_description"], &["message"], &["error"], &["detail"]] {
            let mut cur = &v;
            let mut ok = true;
            for key in path {
                match cur.get(key) {
                    Some(next) => cur = next,
                    None => {
                        ok = false;
                        break;
                    }
                }
            }
            if ok && let Some(s) = cur.as_str() {
                return s.chars().take(200).collect();
            }
        }
    }
    let text = crate::html::to_text(&String::from_utf8_lossy(&body[..body.len().min(2000)]));
    text.chars().take(120).collect()
}

/// How long the platform asks us to wait: `Retry-After` (seconds or an HTTP
/// date), else the reset time of `X-RateLimit-Reset` (epoch seconds as X
/// sends it, or an ISO time as Mastodon does). Capped at a day.
pub fn retry_after(headers: &reqwest::header::HeaderMap, now: chrono::DateTime<chrono::Utc>) -> Option<Duration> {
    let get = |n: &str| headers.get(n).and_then(|v| v.to_str().ok()).map(str::trim);
    let secs = if let Some(v) = get("retry-after") {
        v.parse::<u64>().ok().or_else(|| {
            chrono::DateTime::parse_from_rfc2822(v).ok().map(|t| (t.timestamp() - now.timestamp()).max(0) as u64)
        })
    } else if let Some(v) = get("x-ratelimit-reset").or_else(|| get("x-rate-limit-reset")) {
        if let Ok(epoch) = v.parse::<i64>() {
            Some((epoch - now.timestamp()).max(0) as u64)
        } else {
            chrono::DateTime::parse_from_rfc3339(v).ok().map(|t| (t.timestamp() - now.timestamp()).max(0) as u64)
        }
    } else {
        None
    }?;
    Some(Duration::from_secs(secs.min(86_400)))
}

/// The URL of a token-authenticated API: the connection's address, or the
/// platform's public one when the officer left it empty. No token, no call.
pub fn token_api_url(conn: &humas_core::channel::Connection, default: &str, path: &str) -> ChannelResult<url::Url> {
    if conn.secret.trim().is_empty() {
        return Err(ChannelError::new(ChannelErrorKind::Config, "token akses wajib diisi"));
    }
    endpoint(if conn.endpoint.trim().is_empty() { default } else { &conn.endpoint }, path)
}

/// Joins a base address and a path, refusing anything but http(s).
pub fn endpoint(base: &str, path: &str) -> ChannelResult<url::Url> {
    let base = base.trim().trim_end_matches('/');
    let url = url::Url::parse(&format!("{base}{path}"))
        .map_err(|_| ChannelError::new(ChannelErrorKind::Config, "alamat platform tidak valid"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(ChannelError::new(ChannelErrorKind::Config, "alamat platform harus diawali http:// atau https://"));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderMap, HeaderValue};

    #[test]
    fn retry_after_forms() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-28T00:00:00Z").unwrap().to_utc();
        let mut h = HeaderMap::new();
        h.insert("retry-after", HeaderValue::from_static("120"));
        assert_eq!(retry_after(&h, now), Some(Duration::from_secs(120)));
        h.insert("retry-after", HeaderValue::from_static("Sat, 28 Nov 2026 00:01:00 GMT"));
        assert_eq!(retry_after(&h, now), Some(Duration::from_secs(60)));
        let mut h = HeaderMap::new();
        h.insert("x-ratelimit-reset", HeaderValue::from_static("2026-11-28T00:05:00.000Z"));
        assert_eq!(retry_after(&h, now), Some(Duration::from_secs(300)));
        h.insert("x-ratelimit-reset", HeaderValue::from_str(&(now.timestamp() + 30).to_string()).unwrap());
        assert_eq!(retry_after(&h, now), Some(Duration::from_secs(30)));
        h.insert("x-ratelimit-reset", HeaderValue::from_static("9999999999"));
        assert_eq!(retry_after(&h, now), Some(Duration::from_secs(86_400)));
    }

    #[test]
    fn platform_messages() {
        assert_eq!(platform_message(br#"{"error":"The access token is invalid"}"#), "The access token is invalid");
        assert_eq!(platform_message(br#"{"error":{"message":"Invalid OAuth","code":190}}"#), "Invalid OAuth");
        assert_eq!(platform_message(br#"{"code":"x","message":"Maaf"}"#), "Maaf");
        assert_eq!(platform_message(b"<html><body><h1>502 Bad Gateway</h1></body></html>"), "502 Bad Gateway");
    }

    #[test]
    fn endpoints() {
        assert_eq!(endpoint("http://a.test/", "/api/v1/x").unwrap().as_str(), "http://a.test/api/v1/x");
        assert!(endpoint("ftp://a.test", "/x").is_err());
        assert!(endpoint("javascript:alert(1)", "/x").is_err());
        assert!(endpoint("", "/x").is_err());
    }
}
