//! WordPress REST API (blog). Comments on the site's posts — including those
//! held for moderation — are the citizens' items; a reply approves the
//! citizen's comment and answers under it. Authenticated with an application
//! password. A post carries its delivery key in its slug, so an attempt of
//! unknown outcome is found again before any retry.

use crate::html;
use crate::http::{endpoint, send};
use chrono::{DateTime, NaiveDateTime, Utc};
use humas_core::channel::{
    Adapter, Capabilities, ChannelError, ChannelErrorKind, ChannelResult, Connection, Delivered, Fetched, FetchedItem,
    Media, Outbound, PostMetrics, RemoteAccount,
};
use serde::Deserialize;
use serde_json::json;

/// Comment pages of 100 read per poll at most; the rest waits for the next poll.
const MAX_PAGES: u32 = 20;

pub struct Wordpress {
    client: reqwest::Client,
}

#[derive(Debug, Deserialize)]
struct User {
    id: i64,
    name: String,
    #[serde(default)]
    link: String,
}

#[derive(Debug, Deserialize)]
struct Rendered {
    #[serde(default)]
    rendered: String,
}

#[derive(Debug, Deserialize)]
struct Comment {
    id: i64,
    post: i64,
    #[serde(default)]
    parent: i64,
    #[serde(default)]
    author: i64,
    #[serde(default)]
    author_name: String,
    date_gmt: Option<String>,
    content: Rendered,
    #[serde(default)]
    link: String,
}

#[derive(Debug, Deserialize)]
struct Post {
    id: i64,
    #[serde(default)]
    link: String,
}

impl Wordpress {
    pub fn new(client: reqwest::Client) -> Self {
        Self { client }
    }

    fn request(
        &self,
        conn: &Connection,
        method: reqwest::Method,
        path: &str,
    ) -> ChannelResult<reqwest::RequestBuilder> {
        if conn.username.trim().is_empty() || conn.secret.trim().is_empty() {
            return Err(ChannelError::new(
                ChannelErrorKind::Config,
                "nama pengguna dan kata sandi aplikasi wajib diisi",
            ));
        }
        // `?rest_route=` works whether or not the site has pretty permalinks.
        let (route, query) = path.split_once('?').unwrap_or((path, ""));
        let mut url = endpoint(&conn.endpoint, "/")?;
        url.query_pairs_mut().append_pair("rest_route", route);
        if !query.is_empty() {
            let extra = url.query().unwrap_or_default().to_string() + "&" + query;
            url.set_query(Some(&extra));
        }
        Ok(self
            .client
            .request(method, url)
            .basic_auth(conn.username.trim(), Some(conn.secret.split_whitespace().collect::<String>())))
    }

    async fn me(&self, conn: &Connection) -> ChannelResult<User> {
        send(self.request(conn, reqwest::Method::GET, "/wp/v2/users/me")?).await?.json()
    }

    async fn replies_by(&self, conn: &Connection, parent: &str, author: i64) -> ChannelResult<Vec<Comment>> {
        let path = format!("/wp/v2/comments?parent={}&author={author}&status=all&per_page=100", digits(parent));
        send(self.request(conn, reqwest::Method::GET, &path)?).await?.json()
    }
}

/// WordPress ids are integers; anything else is refused before it reaches a URL.
fn digits(id: &str) -> String {
    id.chars().filter(char::is_ascii_digit).collect()
}

fn parse_gmt(s: &str) -> Option<DateTime<Utc>> {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").ok().map(|t| t.and_utc())
}

/// The slug that marks a post as this delivery's (lowercase, WordPress-safe).
fn slug(key: &str) -> String {
    let clean: String = key.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
    format!("humas-{}", clean.to_ascii_lowercase())
}

fn post_body(text: &str, link: &str) -> String {
    let mut body: String = text
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| format!("<p>{}</p>", escape(p.trim()).replace('\n', "<br />")))
        .collect();
    if !link.is_empty() {
        body.push_str(&format!("<p><a href=\"{0}\">{0}</a></p>", escape(link)));
    }
    body
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[async_trait::async_trait]
impl Adapter for Wordpress {
    fn capabilities(&self) -> Capabilities {
        Capabilities {
            publish: true,
            images: true,
            fetch: true,
            reply: true,
            account_metrics: false,
            post_metrics: true,
        }
    }

    async fn check(&self, conn: &Connection) -> ChannelResult<RemoteAccount> {
        let me = self.me(conn).await?;
        // Reading held comments needs moderation rights; test them now, not at the first poll.
        send(self.request(conn, reqwest::Method::GET, "/wp/v2/comments?status=hold&per_page=1")?).await?;
        Ok(RemoteAccount { id: me.id.to_string(), name: me.name, url: me.link, followers: None })
    }

    /// Newest comments first, page by page, down to the last one already read
    /// (the cursor is that comment's id). A first poll reads one page.
    async fn fetch(&self, conn: &Connection, cursor: &str) -> ChannelResult<Fetched> {
        let me = self.me(conn).await?;
        let last: Option<i64> = cursor.trim().parse().ok();
        let mut newest = last;
        let mut items = Vec::new();
        for page in 1..=MAX_PAGES {
            let path = format!("/wp/v2/comments?status=all&orderby=id&order=desc&per_page=100&page={page}");
            let body = send(self.request(conn, reqwest::Method::GET, &path)?).await?;
            let comments: Vec<Comment> = body.json()?;
            let total_pages: u32 = body.header("x-wp-totalpages").and_then(|v| v.parse().ok()).unwrap_or(1);
            let mut reached = false;
            for c in comments {
                if last.is_some_and(|l| c.id <= l) {
                    reached = true;
                    break;
                }
                newest = newest.max(Some(c.id));
                if c.author == me.id {
                    continue;
                }
                items.push(FetchedItem {
                    remote_id: c.id.to_string(),
                    thread_id: Some(c.post.to_string()),
                    parent_remote_id: (c.parent != 0).then(|| c.parent.to_string()),
                    author_handle: c.author_name.clone(),
                    author_name: c.author_name,
                    text: html::to_text(&c.content.rendered),
                    link: c.link,
                    written_at: c.date_gmt.as_deref().and_then(parse_gmt),
                });
            }
            if reached || last.is_none() || page >= total_pages {
                break;
            }
        }
        items.reverse();
        Ok(Fetched { items, cursor: newest.map(|n| n.to_string()).unwrap_or_default() })
    }

    async fn deliver(&self, conn: &Connection, out: &Outbound) -> ChannelResult<Delivered> {
        self.deliver_media(conn, out, &[]).await
    }

    /// Images go to the media library first, then into the post (the first as its featured image).
    async fn deliver_media(&self, conn: &Connection, out: &Outbound, media: &[Media]) -> ChannelResult<Delivered> {
        match out {
            Outbound::Post { key, title, text, link, .. } => {
                let title = if title.trim().is_empty() { text.chars().take(80).collect() } else { title.clone() };
                let mut content = post_body(text, link);
                let mut featured = None;
                for (n, m) in media.iter().enumerate() {
                    let ext = m.content_type.rsplit('/').next().unwrap_or("png");
                    let file = format!("{}-{}.{ext}", slug(key), n + 1);
                    let rb = self
                        .request(conn, reqwest::Method::POST, "/wp/v2/media")?
                        .header("Content-Type", m.content_type.clone())
                        .header("Content-Disposition", format!("attachment; filename=\"{file}\""))
                        .body(m.bytes.clone());
                    let v: serde_json::Value = send(rb).await?.json()?;
                    let src = v.get("source_url").and_then(serde_json::Value::as_str).unwrap_or_default().to_string();
                    if let Some(id) = v.get("id").and_then(serde_json::Value::as_i64) {
                        featured.get_or_insert(id);
                        if !m.alt.is_empty() {
                            let alt = json!({"alt_text": m.alt});
                            send(self.request(conn, reqwest::Method::POST, &format!("/wp/v2/media/{id}"))?.json(&alt))
                                .await?;
                        }
                    }
                    content.push_str(&format!(
                        "<figure><img src=\"{}\" alt=\"{}\"/></figure>",
                        escape(&src),
                        escape(&m.alt)
                    ));
                }
                let mut body = json!({"title": title, "content": content, "status": "publish", "slug": slug(key)});
                if let Some(id) = featured {
                    body["featured_media"] = json!(id);
                }
                let post: Post =
                    send(self.request(conn, reqwest::Method::POST, "/wp/v2/posts")?.json(&body)).await?.json()?;
                Ok(Delivered { remote_id: post.id.to_string(), url: post.link })
            }
            Outbound::Reply { thread_id, parent_remote_id, text, .. } => {
                let parent = digits(parent_remote_id);
                let post = thread_id.as_deref().map(digits).unwrap_or_default();
                if parent.is_empty() || post.is_empty() {
                    return Err(ChannelError::new(ChannelErrorKind::Config, "komentar yang dijawab tidak dikenal"));
                }
                // A citizen's comment held for moderation is approved by being answered.
                let approve = json!({"status": "approved"});
                send(self.request(conn, reqwest::Method::POST, &format!("/wp/v2/comments/{parent}"))?.json(&approve))
                    .await?;
                let body = json!({"post": post.parse::<i64>().unwrap_or(0), "parent": parent.parse::<i64>().unwrap_or(0), "content": escape(text)});
                let c: Comment =
                    send(self.request(conn, reqwest::Method::POST, "/wp/v2/comments")?.json(&body)).await?.json()?;
                Ok(Delivered { remote_id: c.id.to_string(), url: c.link })
            }
        }
    }

    async fn find_delivered(&self, conn: &Connection, out: &Outbound) -> ChannelResult<Option<Delivered>> {
        match out {
            Outbound::Post { key, .. } => {
                let path = format!("/wp/v2/posts?slug={}&status=publish,future,draft,pending,private", slug(key));
                let posts: Vec<Post> = send(self.request(conn, reqwest::Method::GET, &path)?).await?.json()?;
                Ok(posts.into_iter().next().map(|p| Delivered { remote_id: p.id.to_string(), url: p.link }))
            }
            Outbound::Reply { parent_remote_id, text, .. } => {
                let me = self.me(conn).await?;
                let found = self
                    .replies_by(conn, parent_remote_id, me.id)
                    .await?
                    .into_iter()
                    .find(|c| html::same_text(&html::to_text(&c.content.rendered), text));
                Ok(found.map(|c| Delivered { remote_id: c.id.to_string(), url: c.link }))
            }
        }
    }

    /// Core WordPress counts comments only; shares, likes and views are entered by hand.
    async fn post_metrics(&self, conn: &Connection, remote_id: &str) -> ChannelResult<PostMetrics> {
        let path = format!("/wp/v2/comments?post={}&per_page=1&status=approve", digits(remote_id));
        let body = send(self.request(conn, reqwest::Method::GET, &path)?).await?;
        let total = body.header("x-wp-total").and_then(|v| v.parse().ok());
        Ok(PostMetrics { comments: total, ..PostMetrics::default() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_bodies() {
        assert_eq!(slug("D12-AbC_x"), "humas-d12-abcx");
        assert_eq!(
            post_body("Halo <warga>\n& semua\n\nParagraf 2", "https://kotawaringinbaratkab.go.id/a?b=1&c=2"),
            "<p>Halo &lt;warga&gt;<br />&amp; semua</p><p>Paragraf 2</p><p><a href=\"https://kotawaringinbaratkab.go.id/a?b=1&amp;c=2\">https://kotawaringinbaratkab.go.id/a?b=1&amp;c=2</a></p>"
        );
        assert_eq!(parse_gmt("2026-11-28T02:35:05").unwrap().to_rfc3339(), "2026-11-28T02:35:05+00:00");
    }
}
