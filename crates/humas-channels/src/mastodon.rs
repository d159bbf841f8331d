//! Mastodon client API (microblog). Citizens reach an official account by
//! mentioning it or replying to its posts: both are read, the first from the
//! mention notifications after a cursor, the second from the threads of the
//! account's recent posts. Posts and replies carry an `Idempotency-Key`.
//! Tested against `mastodon_mock`, a third-party mock of the API.

use crate::html;
use crate::http::{endpoint, send};
use chrono::{DateTime, Utc};
use humas_core::channel::{
    Adapter, Capabilities, ChannelError, ChannelErrorKind, ChannelResult, Connection, Delivered, Fetched, FetchedItem,
    Media, Outbound, PostMetrics, RemoteAccount,
};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// Mentions read per poll at most (pages of 40); the rest waits for the next poll.
const MAX_PAGES: usize = 25;
/// Recent own posts whose replies are read on each poll.
const RECENT_POSTS: usize = 10;

pub struct Mastodon {
    client: reqwest::Client,
}

impl Mastodon {
    pub fn new(client: reqwest::Client) -> Self {
        Self { client }
    }

    fn get(&self, conn: &Connection, path: &str) -> ChannelResult<reqwest::RequestBuilder> {
        require_token(conn)?;
        Ok(self.client.get(endpoint(&conn.endpoint, path)?).bearer_auth(conn.secret.trim()))
    }

    async fn me(&self, conn: &Connection) -> ChannelResult<Account> {
        send(self.get(conn, "/api/v1/accounts/verify_credentials")?).await?.json()
    }

    async fn own_statuses(&self, conn: &Connection, me: &str, limit: usize) -> ChannelResult<Vec<Status>> {
        let path = format!("/api/v1/accounts/{}/statuses?limit={limit}", url_segment(me));
        send(self.get(conn, &path)?).await?.json()
    }
}

fn require_token(conn: &Connection) -> ChannelResult<()> {
    if conn.secret.trim().is_empty() {
        return Err(ChannelError::new(ChannelErrorKind::Config, "token akses belum diisi"));
    }
    Ok(())
}

/// Ids from a platform go into paths; anything but a plain id is refused.
fn url_segment(id: &str) -> String {
    id.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect()
}

#[derive(Debug, Deserialize)]
struct Account {
    id: String,
    acct: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    url: String,
    followers_count: Option<i64>,
}

#[derive(Debug, Deserialize)]
struct Status {
    id: String,
    #[serde(default)]
    url: Option<String>,
    in_reply_to_id: Option<String>,
    account: Account,
    #[serde(default)]
    content: String,
    created_at: Option<DateTime<Utc>>,
    #[serde(default)]
    reblogs_count: Option<i64>,
    #[serde(default)]
    replies_count: Option<i64>,
    #[serde(default)]
    favourites_count: Option<i64>,
}

#[derive(Debug, Deserialize)]
struct Notification {
    id: String,
    status: Option<Status>,
}

#[derive(Debug, Deserialize)]
struct Context {
    descendants: Vec<Status>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Cursor {
    /// The newest mention notification already read.
    #[serde(default)]
    mention: Option<String>,
}

fn item(s: Status, thread: Option<String>) -> FetchedItem {
    FetchedItem {
        thread_id: thread.or_else(|| s.in_reply_to_id.clone()),
        parent_remote_id: s.in_reply_to_id,
        author_handle: format!("@{}", s.account.acct),
        author_name: s.account.display_name,
        text: html::to_text(&s.content),
        link: s.url.unwrap_or_default(),
        written_at: s.created_at,
        remote_id: s.id,
    }
}

/// Mastodon ids are numeric strings of growing length; compare as such.
fn newer(a: &str, b: &str) -> bool {
    (a.len(), a) > (b.len(), b)
}

/// The text of a status as posted: a reply starts with the mention of whom it answers.
fn status_text(out: &Outbound) -> String {
    match out {
        Outbound::Post { text, link, .. } if !link.is_empty() && !text.contains(link.as_str()) => {
            format!("{text}\n{link}")
        }
        Outbound::Post { text, .. } => text.clone(),
        Outbound::Reply { author_handle, text, .. } => {
            let handle = author_handle.trim();
            if handle.starts_with('@') && !text.starts_with(handle) { format!("{handle} {text}") } else { text.clone() }
        }
    }
}

#[async_trait::async_trait]
impl Adapter for Mastodon {
    fn capabilities(&self) -> Capabilities {
        Capabilities {
            publish: true,
            images: true,
            fetch: true,
            reply: true,
            account_metrics: true,
            post_metrics: true,
        }
    }

    async fn check(&self, conn: &Connection) -> ChannelResult<RemoteAccount> {
        let me = self.me(conn).await?;
        Ok(RemoteAccount { id: me.id, name: format!("@{}", me.acct), url: me.url, followers: me.followers_count })
    }

    async fn fetch(&self, conn: &Connection, cursor: &str) -> ChannelResult<Fetched> {
        let mut cursor: Cursor =
            if cursor.is_empty() { Cursor::default() } else { serde_json::from_str(cursor).unwrap_or_default() };
        let me = self.me(conn).await?;
        let mut items = Vec::new();
        let mut seen = HashSet::new();
        // 1. Mentions after the cursor, oldest window first, page by page.
        for _ in 0..MAX_PAGES {
            let mut path = "/api/v1/notifications?types[]=mention&limit=40".to_string();
            if let Some(min) = &cursor.mention {
                path.push_str(&format!("&min_id={}", url_segment(min)));
            }
            let page: Vec<Notification> = send(self.get(conn, &path)?).await?.json()?;
            let before = cursor.mention.clone();
            let full = page.len() >= 40;
            for n in page {
                if cursor.mention.as_deref().is_none_or(|c| newer(&n.id, c)) {
                    cursor.mention = Some(n.id.clone());
                }
                if let Some(s) = n.status
                    && s.account.id != me.id
                    && seen.insert(s.id.clone())
                {
                    items.push(item(s, None));
                }
            }
            // A first poll starts from the newest page; a page that does not
            // move the cursor forward would loop.
            if before.is_none() || !full || cursor.mention == before {
                break;
            }
        }
        // 2. Replies in the threads of the account's recent posts (a reply
        // need not mention the account). Re-reading them is harmless: items
        // are stored once per remote id.
        for post in self.own_statuses(conn, &me.id, RECENT_POSTS).await? {
            let path = format!("/api/v1/statuses/{}/context", url_segment(&post.id));
            let context: Context = send(self.get(conn, &path)?).await?.json()?;
            for s in context.descendants {
                if s.account.id != me.id && seen.insert(s.id.clone()) {
                    items.push(item(s, Some(post.id.clone())));
                }
            }
        }
        let cursor = serde_json::to_string(&cursor)
            .map_err(|e| ChannelError::new(ChannelErrorKind::BadResponse, e.to_string()))?;
        Ok(Fetched { items, cursor })
    }

    async fn deliver(&self, conn: &Connection, out: &Outbound) -> ChannelResult<Delivered> {
        self.deliver_media(conn, out, &[]).await
    }

    /// Images are uploaded first (`POST /api/v2/media`), then attached by id.
    async fn deliver_media(&self, conn: &Connection, out: &Outbound, media: &[Media]) -> ChannelResult<Delivered> {
        require_token(conn)?;
        let mut ids = Vec::new();
        for m in media {
            let part = reqwest::multipart::Part::bytes(m.bytes.clone())
                .file_name(if m.name.is_empty() { "gambar".to_string() } else { m.name.clone() })
                .mime_str(&m.content_type)
                .map_err(|e| ChannelError::new(ChannelErrorKind::Config, e.to_string()))?;
            let form = reqwest::multipart::Form::new().part("file", part).text("description", m.alt.clone());
            let rb = self
                .client
                .post(endpoint(&conn.endpoint, "/api/v2/media")?)
                .bearer_auth(conn.secret.trim())
                .multipart(form);
            let v: serde_json::Value = send(rb).await?.json()?;
            let id =
                v.get("id").and_then(|x| x.as_str().map(str::to_string).or_else(|| x.as_i64().map(|n| n.to_string())));
            ids.push(id.ok_or_else(|| ChannelError::new(ChannelErrorKind::BadResponse, "media tanpa id"))?);
        }
        let mut form = vec![("status", status_text(out)), ("visibility", "public".to_string())];
        for id in ids {
            form.push(("media_ids[]", id));
        }
        if let Outbound::Reply { parent_remote_id, .. } = out {
            form.push(("in_reply_to_id", parent_remote_id.clone()));
        }
        let request = self
            .client
            .post(endpoint(&conn.endpoint, "/api/v1/statuses")?)
            .bearer_auth(conn.secret.trim())
            .header("Idempotency-Key", out.key())
            .form(&form);
        let status: Status = send(request).await?.json()?;
        Ok(Delivered { url: status.url.unwrap_or_default(), remote_id: status.id })
    }

    /// Mastodon keeps idempotency keys for an hour only, so an old delivery of
    /// unknown outcome is looked for among the account's latest posts.
    async fn find_delivered(&self, conn: &Connection, out: &Outbound) -> ChannelResult<Option<Delivered>> {
        let me = self.me(conn).await?;
        let text = status_text(out);
        let parent = match out {
            Outbound::Reply { parent_remote_id, .. } => Some(parent_remote_id.as_str()),
            Outbound::Post { .. } => None,
        };
        let found = self
            .own_statuses(conn, &me.id, 40)
            .await?
            .into_iter()
            .find(|s| s.in_reply_to_id.as_deref() == parent && html::same_text(&html::to_text(&s.content), &text));
        Ok(found.map(|s| Delivered { url: s.url.unwrap_or_default(), remote_id: s.id }))
    }

    async fn post_metrics(&self, conn: &Connection, remote_id: &str) -> ChannelResult<PostMetrics> {
        let path = format!("/api/v1/statuses/{}", url_segment(remote_id));
        let s: Status = send(self.get(conn, &path)?).await?.json()?;
        Ok(PostMetrics { shares: s.reblogs_count, comments: s.replies_count, likes: s.favourites_count, views: None })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_compare_numerically() {
        assert!(newer("110", "99"));
        assert!(newer("1795833275530", "1795833275529"));
        assert!(!newer("99", "99"));
    }

    #[test]
    fn reply_text_mentions_the_citizen_once() {
        let reply = |text: &str| Outbound::Reply {
            key: "k".into(),
            thread_id: None,
            parent_remote_id: "1".into(),
            author_handle: "@warga1".into(),
            text: text.into(),
        };
        assert_eq!(status_text(&reply("Sudah kami teruskan.")), "@warga1 Sudah kami teruskan.");
        assert_eq!(status_text(&reply("@warga1 Terima kasih")), "@warga1 Terima kasih");
    }

    #[test]
    fn ids_in_paths_are_plain() {
        assert_eq!(url_segment("123/../admin?x=1"), "123adminx1");
    }
}
