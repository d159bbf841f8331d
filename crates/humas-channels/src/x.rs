//! X API v2 (microblog). No X server can run here; the adapter follows the
//! published v2 reference and is tested against recorded responses of those
//! shapes replayed by a local server. The secret is an OAuth 2.0 user access
//! token (scopes tweet.read, tweet.write, users.read).

use crate::http::send;
use humas_core::channel::{
    Adapter, Capabilities, ChannelError, ChannelErrorKind, ChannelResult, Connection, Delivered, Fetched, FetchedItem,
    Outbound, PostMetrics, RemoteAccount,
};
use serde_json::{Value, json};
use std::collections::HashMap;

pub const X_API: &str = "https://api.x.com";
const MAX_PAGES: usize = 10;

pub struct X {
    client: reqwest::Client,
}

fn s(v: &Value, p: &str) -> String {
    v.pointer(p).and_then(Value::as_str).unwrap_or_default().to_string()
}

fn plain(id: &str) -> String {
    id.chars().filter(char::is_ascii_digit).collect()
}

impl X {
    pub fn new(client: reqwest::Client) -> Self {
        Self { client }
    }

    fn url(conn: &Connection, path: &str) -> ChannelResult<url::Url> {
        crate::http::token_api_url(conn, X_API, path)
    }

    async fn get(&self, conn: &Connection, path: &str) -> ChannelResult<Value> {
        send(self.client.get(Self::url(conn, path)?).bearer_auth(conn.secret.trim())).await?.json()
    }

    async fn me(&self, conn: &Connection) -> ChannelResult<Value> {
        let v = self.get(conn, "/2/users/me?user.fields=public_metrics,username,name").await?;
        v.get("data").cloned().ok_or_else(|| ChannelError::new(ChannelErrorKind::BadResponse, "tanpa data pengguna"))
    }
}

#[async_trait::async_trait]
impl Adapter for X {
    fn capabilities(&self) -> Capabilities {
        Capabilities {
            publish: true,
            images: false,
            fetch: true,
            reply: true,
            account_metrics: true,
            post_metrics: true,
        }
    }

    fn default_endpoint(&self) -> Option<&'static str> {
        Some(X_API)
    }

    async fn check(&self, conn: &Connection) -> ChannelResult<RemoteAccount> {
        let me = self.me(conn).await?;
        let username = s(&me, "/username");
        Ok(RemoteAccount {
            id: s(&me, "/id"),
            name: format!("@{username}"),
            url: format!("https://x.com/{username}"),
            followers: me.pointer("/public_metrics/followers_count").and_then(Value::as_i64),
        })
    }

    /// Mentions after the cursor (`since_id`), following `next_token`.
    async fn fetch(&self, conn: &Connection, cursor: &str) -> ChannelResult<Fetched> {
        let me = self.me(conn).await?;
        let my_id = plain(&s(&me, "/id"));
        let since = plain(cursor);
        let mut items = Vec::new();
        let mut newest = since.clone();
        let mut token: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let mut path = format!(
                "/2/users/{my_id}/mentions?max_results=100&tweet.fields=created_at,author_id,conversation_id,referenced_tweets&expansions=author_id&user.fields=username,name"
            );
            if !since.is_empty() {
                path.push_str(&format!("&since_id={since}"));
            }
            if let Some(t) = &token {
                let t: String = t.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
                path.push_str(&format!("&pagination_token={t}"));
            }
            let v = self.get(conn, &path).await?;
            let users: HashMap<String, (String, String)> = v
                .pointer("/includes/users")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|u| (s(u, "/id"), (s(u, "/username"), s(u, "/name"))))
                .collect();
            for t in v.get("data").and_then(Value::as_array).into_iter().flatten() {
                let id = s(t, "/id");
                if (id.len(), id.as_str()) > (newest.len(), newest.as_str()) {
                    newest = id.clone();
                }
                let author = s(t, "/author_id");
                if author == my_id {
                    continue;
                }
                let (username, name) = users.get(&author).cloned().unwrap_or_default();
                let parent = t
                    .get("referenced_tweets")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .find(|r| r["type"] == "replied_to")
                    .map(|r| s(r, "/id"));
                items.push(FetchedItem {
                    link: format!("https://x.com/{username}/status/{id}"),
                    remote_id: id,
                    thread_id: Some(s(t, "/conversation_id")).filter(|c| !c.is_empty()),
                    parent_remote_id: parent,
                    author_handle: format!("@{username}"),
                    author_name: name,
                    text: s(t, "/text"),
                    written_at: t
                        .get("created_at")
                        .and_then(Value::as_str)
                        .and_then(|c| chrono::DateTime::parse_from_rfc3339(c).ok())
                        .map(|c| c.to_utc()),
                });
            }
            token = v.pointer("/meta/next_token").and_then(Value::as_str).map(str::to_string);
            if token.is_none() || since.is_empty() {
                break;
            }
        }
        items.reverse();
        Ok(Fetched { items, cursor: newest })
    }

    async fn deliver(&self, conn: &Connection, out: &Outbound) -> ChannelResult<Delivered> {
        let body = match out {
            Outbound::Post { text, link, .. } => {
                let text = if link.is_empty() || text.contains(link.as_str()) {
                    text.clone()
                } else {
                    format!("{text} {link}")
                };
                json!({"text": text})
            }
            Outbound::Reply { parent_remote_id, text, .. } => {
                json!({"text": text, "reply": {"in_reply_to_tweet_id": plain(parent_remote_id)}})
            }
        };
        let v: Value =
            send(self.client.post(Self::url(conn, "/2/tweets")?).bearer_auth(conn.secret.trim()).json(&body))
                .await?
                .json()?;
        let id = s(&v, "/data/id");
        if id.is_empty() {
            return Err(ChannelError::new(ChannelErrorKind::BadResponse, "tanpa id kiriman"));
        }
        Ok(Delivered { url: format!("https://x.com/i/web/status/{id}"), remote_id: id })
    }

    /// X has no idempotency key: the account's latest posts are searched for the same text.
    async fn find_delivered(&self, conn: &Connection, out: &Outbound) -> ChannelResult<Option<Delivered>> {
        let me = self.me(conn).await?;
        let v = self
            .get(
                conn,
                &format!("/2/users/{}/tweets?max_results=20&tweet.fields=referenced_tweets", plain(&s(&me, "/id"))),
            )
            .await?;
        let want = match out {
            Outbound::Post { text, link, .. } => {
                if link.is_empty() || text.contains(link.as_str()) {
                    text.clone()
                } else {
                    format!("{text} {link}")
                }
            }
            Outbound::Reply { text, .. } => text.clone(),
        };
        Ok(v.get("data")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .find(|t| crate::html::same_text(&s(t, "/text"), &want))
            .map(|t| {
                let id = s(t, "/id");
                Delivered { url: format!("https://x.com/i/web/status/{id}"), remote_id: id }
            }))
    }

    async fn post_metrics(&self, conn: &Connection, remote_id: &str) -> ChannelResult<PostMetrics> {
        let v = self.get(conn, &format!("/2/tweets/{}?tweet.fields=public_metrics", plain(remote_id))).await?;
        let m = |k: &str| v.pointer(&format!("/data/public_metrics/{k}")).and_then(Value::as_i64);
        Ok(PostMetrics {
            shares: Some(m("retweet_count").unwrap_or(0) + m("quote_count").unwrap_or(0)),
            comments: m("reply_count"),
            likes: m("like_count"),
            views: m("impression_count"),
        })
    }
}
