//! Meta Graph API: Facebook Pages and Instagram business accounts. No Graph
//! server can run here; the adapter follows the published Graph API reference
//! (v19) and is tested against recorded responses of those shapes replayed by
//! a local server. The connection's target is the Page id or the Instagram
//! user id; the secret is a Page (or Instagram) access token.

use crate::http::{endpoint, send_any};
use chrono::{DateTime, Utc};
use humas_core::channel::{
    Adapter, Capabilities, ChannelError, ChannelErrorKind, ChannelResult, Connection, Delivered, Fetched, FetchedItem,
    Outbound, PostMetrics, RemoteAccount,
};
use serde_json::Value;

pub const GRAPH: &str = "https://graph.facebook.com/v19.0";
/// Recent posts whose comments are read on each poll, and pages per post.
const RECENT_POSTS: &str = "25";
const MAX_PAGES: usize = 10;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    FacebookPage,
    Instagram,
}

pub struct Graph {
    client: reqwest::Client,
    surface: Surface,
}

fn target(conn: &Connection) -> ChannelResult<String> {
    let t: String = conn.target.trim().chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
    if t.is_empty() || conn.secret.trim().is_empty() {
        return Err(ChannelError::new(
            ChannelErrorKind::Config,
            "ID halaman/akun (sasaran) dan token akses wajib diisi",
        ));
    }
    Ok(t)
}

/// Graph reports errors as `{"error": {"code", "message"}}`, sometimes with
/// HTTP 400: code 190 is an expired or invalid token, 10/200-299 a missing
/// permission, 4/17/32/613 rate limits.
fn graph_error(v: &Value) -> Option<ChannelError> {
    let e = v.get("error")?;
    let code = e.get("code").and_then(Value::as_i64).unwrap_or(0);
    let message = e.get("message").and_then(Value::as_str).unwrap_or("");
    let kind = match code {
        190 | 102 => ChannelErrorKind::Auth,
        10 | 200..=299 => ChannelErrorKind::Permission,
        4 | 17 | 32 | 613 => ChannelErrorKind::RateLimited,
        100 if message.contains("does not exist") => ChannelErrorKind::NotFound,
        1 | 2 => ChannelErrorKind::Unavailable,
        _ => ChannelErrorKind::BadResponse,
    };
    Some(ChannelError::new(kind, format!("Graph {code}: {message}")))
}

fn digits(id: &str) -> String {
    id.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect()
}

fn s(v: &Value, p: &str) -> String {
    v.pointer(p).and_then(Value::as_str).unwrap_or_default().to_string()
}

fn time(v: &Value, p: &str) -> Option<DateTime<Utc>> {
    // Graph writes `2026-11-28T02:35:05+0000`.
    let t = v.pointer(p).and_then(Value::as_str)?;
    DateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S%z")
        .or_else(|_| DateTime::parse_from_rfc3339(t))
        .ok()
        .map(|t| t.to_utc())
}

impl Graph {
    pub fn new(client: reqwest::Client, surface: Surface) -> Self {
        Self { client, surface }
    }

    async fn call(
        &self,
        conn: &Connection,
        method: reqwest::Method,
        path: &str,
        form: &[(&str, &str)],
    ) -> ChannelResult<Value> {
        let base = if conn.endpoint.trim().is_empty() { GRAPH } else { conn.endpoint.as_str() };
        let url = endpoint(base, path)?;
        let mut rb = self.client.request(method.clone(), url).bearer_auth(conn.secret.trim());
        if method == reqwest::Method::POST {
            rb = rb.form(form);
        }
        let body = send_any(rb).await?;
        // A Graph error body says more than its HTTP status.
        if let Some(mut e) = serde_json::from_slice::<Value>(&body.bytes).ok().as_ref().and_then(graph_error) {
            e.retry_after = body.error().retry_after.filter(|_| e.kind == ChannelErrorKind::RateLimited);
            if e.kind == ChannelErrorKind::RateLimited && e.retry_after.is_none() {
                e.retry_after = Some(std::time::Duration::from_secs(600));
            }
            return Err(e);
        }
        if !body.status.is_success() {
            return Err(body.error());
        }
        body.json()
    }

    /// Follows `paging.next` up to a bound, collecting `data`.
    async fn pages(&self, conn: &Connection, first: &str, stop: impl Fn(&Value) -> bool) -> ChannelResult<Vec<Value>> {
        let mut out = Vec::new();
        let mut v = self.call(conn, reqwest::Method::GET, first, &[]).await?;
        for _ in 0..MAX_PAGES {
            let data = v.get("data").and_then(Value::as_array).cloned().unwrap_or_default();
            let done = data.iter().any(&stop);
            out.extend(data.into_iter().filter(|d| !stop(d)));
            let next = v.pointer("/paging/next").and_then(Value::as_str).map(str::to_string);
            match next {
                // `next` is absolute; only its path and query are used, against the configured address.
                Some(n) if !done => {
                    let u = url::Url::parse(&n)
                        .map_err(|_| ChannelError::new(ChannelErrorKind::BadResponse, "paging.next"))?;
                    let path = format!("{}?{}", u.path().trim_start_matches("/v19.0"), u.query().unwrap_or(""));
                    v = self.call(conn, reqwest::Method::GET, &path, &[]).await?;
                }
                _ => break,
            }
        }
        Ok(out)
    }
}

#[async_trait::async_trait]
impl Adapter for Graph {
    fn capabilities(&self) -> Capabilities {
        match self.surface {
            Surface::FacebookPage => Capabilities {
                publish: true,
                images: false,
                fetch: true,
                reply: true,
                account_metrics: true,
                post_metrics: true,
            },
            // Instagram publishes only media (an image URL first); text posts are not possible.
            Surface::Instagram => Capabilities {
                publish: false,
                images: false,
                fetch: true,
                reply: true,
                account_metrics: true,
                post_metrics: true,
            },
        }
    }

    fn default_endpoint(&self) -> Option<&'static str> {
        Some(GRAPH)
    }

    async fn check(&self, conn: &Connection) -> ChannelResult<RemoteAccount> {
        let id = target(conn)?;
        let fields = match self.surface {
            Surface::FacebookPage => "id,name,link,followers_count",
            Surface::Instagram => "id,username,followers_count",
        };
        let v = self.call(conn, reqwest::Method::GET, &format!("/{id}?fields={fields}"), &[]).await?;
        let name = match self.surface {
            Surface::FacebookPage => s(&v, "/name"),
            Surface::Instagram => format!("@{}", s(&v, "/username")),
        };
        Ok(RemoteAccount {
            id: s(&v, "/id"),
            name,
            url: s(&v, "/link"),
            followers: v.get("followers_count").and_then(Value::as_i64),
        })
    }

    /// Comments on the recent posts newer than the cursor (a Unix time).
    async fn fetch(&self, conn: &Connection, cursor: &str) -> ChannelResult<Fetched> {
        let id = target(conn)?;
        let since: i64 = cursor.trim().parse().unwrap_or(0);
        let posts_path = match self.surface {
            Surface::FacebookPage => format!("/{id}/posts?fields=id,created_time&limit={RECENT_POSTS}"),
            Surface::Instagram => format!("/{id}/media?fields=id,timestamp&limit={RECENT_POSTS}"),
        };
        let posts = self.call(conn, reqwest::Method::GET, &posts_path, &[]).await?;
        // Instagram names comment authors by username: the account's own is needed to skip its replies.
        let own = match self.surface {
            Surface::FacebookPage => id.clone(),
            Surface::Instagram => {
                let me = self
                    .call(conn, reqwest::Method::GET, &format!("/{id}?fields=id,username,followers_count"), &[])
                    .await?;
                s(&me, "/username")
            }
        };
        let mut items = Vec::new();
        let mut newest = since;
        for post in posts.get("data").and_then(Value::as_array).into_iter().flatten() {
            let post_id = digits(&s(post, "/id"));
            let path = match self.surface {
                Surface::FacebookPage => format!(
                    "/{post_id}/comments?filter=stream&order=reverse_chronological&fields=id,from{{id,name}},message,created_time,parent{{id}},permalink_url&limit=100"
                ),
                Surface::Instagram => {
                    format!("/{post_id}/comments?fields=id,text,username,timestamp,parent_id&limit=100")
                }
            };
            let time_field = if self.surface == Surface::Instagram { "/timestamp" } else { "/created_time" };
            let comments =
                self.pages(conn, &path, |c| time(c, time_field).is_some_and(|t| t.timestamp() <= since)).await?;
            for c in comments {
                let written = time(&c, time_field);
                newest = newest.max(written.map(|t| t.timestamp()).unwrap_or(0));
                let (author_id, author, text) = match self.surface {
                    Surface::FacebookPage => (s(&c, "/from/id"), s(&c, "/from/name"), s(&c, "/message")),
                    Surface::Instagram => (s(&c, "/username"), s(&c, "/username"), s(&c, "/text")),
                };
                if author_id == own || text.trim().is_empty() {
                    continue;
                }
                let parent = match self.surface {
                    Surface::FacebookPage => Some(s(&c, "/parent/id")).filter(|p| !p.is_empty()),
                    Surface::Instagram => Some(s(&c, "/parent_id")).filter(|p| !p.is_empty()),
                };
                items.push(FetchedItem {
                    remote_id: s(&c, "/id"),
                    thread_id: Some(post_id.clone()),
                    parent_remote_id: parent.or_else(|| Some(post_id.clone())),
                    author_handle: if self.surface == Surface::Instagram {
                        format!("@{author}")
                    } else {
                        author.clone()
                    },
                    author_name: author,
                    text,
                    link: s(&c, "/permalink_url"),
                    written_at: written,
                });
            }
        }
        items.reverse();
        Ok(Fetched { items, cursor: newest.to_string() })
    }

    async fn deliver(&self, conn: &Connection, out: &Outbound) -> ChannelResult<Delivered> {
        let id = target(conn)?;
        match (out, self.surface) {
            (Outbound::Post { text, link, .. }, Surface::FacebookPage) => {
                let mut form = vec![("message", text.as_str())];
                if !link.is_empty() {
                    form.push(("link", link.as_str()));
                }
                let v = self.call(conn, reqwest::Method::POST, &format!("/{id}/feed"), &form).await?;
                let post = s(&v, "/id");
                Ok(Delivered { url: format!("https://www.facebook.com/{post}"), remote_id: post })
            }
            (Outbound::Post { .. }, Surface::Instagram) => {
                Err(ChannelError::unsupported("Instagram hanya menerbitkan gambar/video"))
            }
            (Outbound::Reply { parent_remote_id, text, .. }, surface) => {
                let parent = digits(parent_remote_id);
                let path = match surface {
                    Surface::FacebookPage => format!("/{parent}/comments"),
                    Surface::Instagram => format!("/{parent}/replies"),
                };
                let v = self.call(conn, reqwest::Method::POST, &path, &[("message", text.as_str())]).await?;
                Ok(Delivered { remote_id: s(&v, "/id"), url: String::new() })
            }
        }
    }

    /// Graph has no idempotency key: the latest posts (or the replies under
    /// the citizen's comment) are searched for the same text.
    async fn find_delivered(&self, conn: &Connection, out: &Outbound) -> ChannelResult<Option<Delivered>> {
        let id = target(conn)?;
        let (path, text, field) = match (out, self.surface) {
            (Outbound::Post { text, .. }, Surface::FacebookPage) => {
                (format!("/{id}/posts?fields=id,message&limit=25"), text, "/message")
            }
            (Outbound::Post { .. }, Surface::Instagram) => return Ok(None),
            (Outbound::Reply { parent_remote_id, text, .. }, Surface::FacebookPage) => (
                format!("/{}/comments?fields=id,message,from{{id}}&limit=100", digits(parent_remote_id)),
                text,
                "/message",
            ),
            (Outbound::Reply { parent_remote_id, text, .. }, Surface::Instagram) => {
                (format!("/{}/replies?fields=id,text,username&limit=100", digits(parent_remote_id)), text, "/text")
            }
        };
        let v = self.call(conn, reqwest::Method::GET, &path, &[]).await?;
        Ok(v.get("data")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .find(|d| crate::html::same_text(&s(d, field), text))
            .map(|d| {
                let rid = s(d, "/id");
                Delivered {
                    url: if matches!(out, Outbound::Post { .. }) {
                        format!("https://www.facebook.com/{rid}")
                    } else {
                        String::new()
                    },
                    remote_id: rid,
                }
            }))
    }

    async fn post_metrics(&self, conn: &Connection, remote_id: &str) -> ChannelResult<PostMetrics> {
        let id = digits(remote_id);
        match self.surface {
            Surface::FacebookPage => {
                let v = self
                    .call(
                        conn,
                        reqwest::Method::GET,
                        &format!(
                            "/{id}?fields=shares,comments.summary(true).limit(0),reactions.summary(true).limit(0)"
                        ),
                        &[],
                    )
                    .await?;
                Ok(PostMetrics {
                    shares: Some(v.pointer("/shares/count").and_then(Value::as_i64).unwrap_or(0)),
                    comments: v.pointer("/comments/summary/total_count").and_then(Value::as_i64),
                    likes: v.pointer("/reactions/summary/total_count").and_then(Value::as_i64),
                    views: None,
                })
            }
            Surface::Instagram => {
                let v = self
                    .call(conn, reqwest::Method::GET, &format!("/{id}?fields=like_count,comments_count"), &[])
                    .await?;
                Ok(PostMetrics {
                    shares: None,
                    comments: v.get("comments_count").and_then(Value::as_i64),
                    likes: v.get("like_count").and_then(Value::as_i64),
                    views: None,
                })
            }
        }
    }
}
