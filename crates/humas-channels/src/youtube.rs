//! YouTube Data API v3 (media sharing). No YouTube server can run here; the
//! adapter follows the published v3 reference and is tested against recorded
//! responses of those shapes replayed by a local server. The secret is an
//! OAuth access token of the channel (scope youtube.force-ssl). Videos are
//! uploaded in YouTube Studio, not from humas: publishing is not offered.

use crate::http::send;
use chrono::{DateTime, Utc};
use humas_core::channel::{
    Adapter, Capabilities, ChannelError, ChannelErrorKind, ChannelResult, Connection, Delivered, Fetched, FetchedItem,
    Outbound, PostMetrics, RemoteAccount,
};
use serde_json::{Value, json};

pub const YOUTUBE_API: &str = "https://www.googleapis.com/youtube/v3";
const MAX_PAGES: usize = 10;

pub struct Youtube {
    client: reqwest::Client,
}

fn s(v: &Value, p: &str) -> String {
    v.pointer(p).and_then(Value::as_str).unwrap_or_default().to_string()
}

/// YouTube sends counts as strings.
fn count(v: &Value, p: &str) -> Option<i64> {
    v.pointer(p).and_then(|x| x.as_i64().or_else(|| x.as_str().and_then(|s| s.parse().ok())))
}

fn id_param(id: &str) -> String {
    id.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect()
}

impl Youtube {
    pub fn new(client: reqwest::Client) -> Self {
        Self { client }
    }

    fn url(conn: &Connection, path: &str) -> ChannelResult<url::Url> {
        crate::http::token_api_url(conn, YOUTUBE_API, path)
    }

    async fn get(&self, conn: &Connection, path: &str) -> ChannelResult<Value> {
        send(self.client.get(Self::url(conn, path)?).bearer_auth(conn.secret.trim())).await?.json()
    }

    async fn channel(&self, conn: &Connection) -> ChannelResult<Value> {
        let v = self.get(conn, "/channels?part=snippet,statistics&mine=true").await?;
        v.pointer("/items/0")
            .cloned()
            .ok_or_else(|| ChannelError::new(ChannelErrorKind::NotFound, "token ini tidak memiliki kanal YouTube"))
    }
}

#[async_trait::async_trait]
impl Adapter for Youtube {
    fn capabilities(&self) -> Capabilities {
        Capabilities {
            publish: false,
            images: false,
            fetch: true,
            reply: true,
            account_metrics: true,
            post_metrics: true,
        }
    }

    fn default_endpoint(&self) -> Option<&'static str> {
        Some(YOUTUBE_API)
    }

    async fn check(&self, conn: &Connection) -> ChannelResult<RemoteAccount> {
        let c = self.channel(conn).await?;
        let id = s(&c, "/id");
        Ok(RemoteAccount {
            name: s(&c, "/snippet/title"),
            url: format!("https://www.youtube.com/channel/{id}"),
            followers: count(&c, "/statistics/subscriberCount"),
            id,
        })
    }

    /// Comment threads on the channel's videos, newest first, down to the
    /// cursor (the newest `publishedAt` already read).
    async fn fetch(&self, conn: &Connection, cursor: &str) -> ChannelResult<Fetched> {
        let channel = id_param(&s(&self.channel(conn).await?, "/id"));
        let since: Option<DateTime<Utc>> = DateTime::parse_from_rfc3339(cursor.trim()).ok().map(|t| t.to_utc());
        let mut newest = since;
        let mut items = Vec::new();
        let mut token: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let mut path = format!(
                "/commentThreads?part=snippet,replies&allThreadsRelatedToChannelId={channel}&maxResults=100&order=time&textFormat=plainText"
            );
            if let Some(t) = &token {
                path.push_str(&format!("&pageToken={}", id_param(t)));
            }
            let v = self.get(conn, &path).await?;
            let mut reached = false;
            for thread in v.get("items").and_then(Value::as_array).into_iter().flatten() {
                let mut comments =
                    vec![(thread.pointer("/snippet/topLevelComment").cloned().unwrap_or(Value::Null), None)];
                let top_id = s(thread, "/snippet/topLevelComment/id");
                for r in thread.pointer("/replies/comments").and_then(Value::as_array).into_iter().flatten() {
                    comments.push((r.clone(), Some(top_id.clone())));
                }
                for (c, parent) in comments {
                    let written = DateTime::parse_from_rfc3339(&s(&c, "/snippet/publishedAt")).ok().map(|t| t.to_utc());
                    if since.is_some() && written <= since {
                        if parent.is_none() {
                            reached = true;
                        }
                        continue;
                    }
                    newest = newest.max(written);
                    if s(&c, "/snippet/authorChannelId/value") == channel {
                        continue;
                    }
                    let video = s(thread, "/snippet/videoId");
                    items.push(FetchedItem {
                        remote_id: s(&c, "/id"),
                        thread_id: Some(video.clone()).filter(|v| !v.is_empty()),
                        parent_remote_id: parent.or_else(|| Some(video.clone()).filter(|v| !v.is_empty())),
                        author_handle: s(&c, "/snippet/authorDisplayName"),
                        author_name: s(&c, "/snippet/authorDisplayName"),
                        text: s(&c, "/snippet/textOriginal"),
                        link: format!("https://www.youtube.com/watch?v={video}&lc={}", s(&c, "/id")),
                        written_at: written,
                    });
                }
            }
            token = v.get("nextPageToken").and_then(Value::as_str).map(str::to_string);
            if reached || token.is_none() || since.is_none() {
                break;
            }
        }
        items.reverse();
        Ok(Fetched { items, cursor: newest.map(|t| t.to_rfc3339()).unwrap_or_default() })
    }

    async fn deliver(&self, conn: &Connection, out: &Outbound) -> ChannelResult<Delivered> {
        match out {
            Outbound::Post { .. } => Err(ChannelError::unsupported("video diunggah lewat YouTube Studio")),
            Outbound::Reply { parent_remote_id, text, .. } => {
                // A reply's parent must be a top-level comment: a reply to a reply goes to its thread.
                let body = json!({"snippet": {"parentId": id_param(parent_remote_id.split('.').next().unwrap_or_default()), "textOriginal": text}});
                let v: Value = send(
                    self.client
                        .post(Self::url(conn, "/comments?part=snippet")?)
                        .bearer_auth(conn.secret.trim())
                        .json(&body),
                )
                .await?
                .json()?;
                Ok(Delivered { remote_id: s(&v, "/id"), url: String::new() })
            }
        }
    }

    async fn find_delivered(&self, conn: &Connection, out: &Outbound) -> ChannelResult<Option<Delivered>> {
        let Outbound::Reply { parent_remote_id, text, .. } = out else { return Ok(None) };
        let parent = id_param(parent_remote_id.split('.').next().unwrap_or_default());
        let channel = s(&self.channel(conn).await?, "/id");
        let v = self
            .get(conn, &format!("/comments?part=snippet&parentId={parent}&maxResults=100&textFormat=plainText"))
            .await?;
        Ok(v.get("items")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .find(|c| {
                s(c, "/snippet/authorChannelId/value") == channel
                    && crate::html::same_text(&s(c, "/snippet/textOriginal"), text)
            })
            .map(|c| Delivered { remote_id: s(c, "/id"), url: String::new() }))
    }

    async fn post_metrics(&self, conn: &Connection, remote_id: &str) -> ChannelResult<PostMetrics> {
        let v = self.get(conn, &format!("/videos?part=statistics&id={}", id_param(remote_id))).await?;
        Ok(PostMetrics {
            shares: None,
            comments: count(&v, "/items/0/statistics/commentCount"),
            likes: count(&v, "/items/0/statistics/likeCount"),
            views: count(&v, "/items/0/statistics/viewCount"),
        })
    }
}
