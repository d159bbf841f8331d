//! Misago forum. Its front-end API (not a documented public one) is used the
//! way its own pages use it: a session login with Django's CSRF cookie.
//! The connection's target is the agency's category id: every post there by
//! someone other than the agency's account is a citizen's item (a new
//! thread is a question, a reply is a comment in its thread). Post ids grow
//! across the forum, so the cursor is the highest post id read.
//! Tested against real Misago 0.39 on loopback.

use crate::html;
use crate::http::{HttpConfig, endpoint, send};
use chrono::{DateTime, Utc};
use humas_core::channel::{
    Adapter, Capabilities, ChannelError, ChannelErrorKind, ChannelResult, Connection, Delivered, Fetched, FetchedItem,
    Outbound, PostMetrics, RemoteAccount,
};
use reqwest::cookie::CookieStore;
use serde_json::{Value, json};
use std::sync::Arc;

/// Threads of the category read per poll (newest activity first), and post pages per thread.
const MAX_THREADS: usize = 50;
const MAX_PAGES: usize = 10;

pub struct Misago {
    config: HttpConfig,
}

struct Session {
    client: reqwest::Client,
    jar: Arc<reqwest::cookie::Jar>,
    base: url::Url,
    me: Value,
}

fn s(v: &Value, p: &str) -> String {
    v.pointer(p).map(|x| x.as_str().map(str::to_string).unwrap_or_else(|| x.to_string())).unwrap_or_default()
}

impl Session {
    fn csrf(&self) -> String {
        let cookies =
            self.jar.cookies(&self.base).and_then(|h| h.to_str().ok().map(str::to_string)).unwrap_or_default();
        cookies.split(';').filter_map(|c| c.trim().strip_prefix("csrftoken=")).next().unwrap_or_default().to_string()
    }

    fn url(&self, path: &str) -> ChannelResult<url::Url> {
        self.base
            .join(path.trim_start_matches('/'))
            .map_err(|_| ChannelError::new(ChannelErrorKind::Config, "alamat forum tidak valid"))
    }

    async fn get(&self, path: &str) -> ChannelResult<Value> {
        send(self.client.get(self.url(path)?)).await?.json()
    }

    async fn post(&self, path: &str, body: &Value) -> ChannelResult<Value> {
        let rb = self
            .client
            .post(self.url(path)?)
            .header("X-CSRFToken", self.csrf())
            .header("Referer", self.base.as_str())
            .json(body);
        send(rb).await?.json()
    }

    fn my_id(&self) -> String {
        s(&self.me, "/id")
    }
}

impl Misago {
    pub fn new(config: HttpConfig) -> Self {
        Self { config }
    }

    async fn login(&self, conn: &Connection) -> ChannelResult<Session> {
        if conn.username.trim().is_empty() || conn.secret.is_empty() {
            return Err(ChannelError::new(ChannelErrorKind::Config, "nama pengguna dan kata sandi forum wajib diisi"));
        }
        let base = endpoint(conn.endpoint.trim().trim_end_matches('/'), "/")?;
        let jar = Arc::new(reqwest::cookie::Jar::default());
        crate::http::install_crypto();
        let client = reqwest::Client::builder()
            .connect_timeout(self.config.connect_timeout)
            .timeout(self.config.timeout)
            .user_agent(self.config.user_agent.clone())
            .redirect(reqwest::redirect::Policy::limited(5))
            .cookie_provider(jar.clone())
            .build()
            .map_err(|e| ChannelError::new(ChannelErrorKind::Config, e.to_string()))?;
        let mut session = Session { client, jar, base, me: Value::Null };
        // The front page sets Django's CSRF cookie.
        send(session.client.get(session.base.clone())).await?;
        if session.csrf().is_empty() {
            return Err(ChannelError::new(
                ChannelErrorKind::BadResponse,
                "bukan forum Misago (tanpa cookie csrftoken)",
            ));
        }
        let body = json!({"username": conn.username.trim(), "password": conn.secret});
        session.me = match session.post("/api/auth/", &body).await {
            Ok(me) => me,
            Err(e) if e.kind == ChannelErrorKind::BadResponse && e.detail.starts_with("HTTP 400") => {
                return Err(ChannelError::new(ChannelErrorKind::Auth, e.detail));
            }
            Err(e) => return Err(e),
        };
        if session.my_id().is_empty() {
            return Err(ChannelError::new(ChannelErrorKind::Auth, "login forum tidak berhasil"));
        }
        Ok(session)
    }

    fn category(conn: &Connection) -> ChannelResult<String> {
        let c: String = conn.target.chars().filter(char::is_ascii_digit).collect();
        if c.is_empty() {
            return Err(ChannelError::new(ChannelErrorKind::Config, "isi ID kategori forum instansi sebagai sasaran"));
        }
        Ok(c)
    }

    /// All posts of a thread, page by page.
    async fn posts(&self, session: &Session, thread: &str) -> ChannelResult<Vec<Value>> {
        let mut out = Vec::new();
        for page in 1..=MAX_PAGES {
            let v = session.get(&format!("/api/threads/{thread}/posts/?page={page}")).await?;
            out.extend(v.pointer("/post_set/results").and_then(Value::as_array).cloned().unwrap_or_default());
            let more = v.pointer("/post_set/next").is_some_and(|n| !n.is_null());
            if !more {
                break;
            }
        }
        Ok(out)
    }
}

fn digits(id: &str) -> String {
    id.chars().filter(char::is_ascii_digit).collect()
}

#[async_trait::async_trait]
impl Adapter for Misago {
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

    async fn check(&self, conn: &Connection) -> ChannelResult<RemoteAccount> {
        let session = self.login(conn).await?;
        let id = session.my_id();
        let user = session.get(&format!("/api/users/{}/", digits(&id))).await?;
        Ok(RemoteAccount {
            name: s(&session.me, "/username"),
            url: session.url(&format!("/u/{}/{}/", s(&session.me, "/slug"), id))?.to_string(),
            followers: user.get("followers").and_then(Value::as_i64),
            id,
        })
    }

    async fn fetch(&self, conn: &Connection, cursor: &str) -> ChannelResult<Fetched> {
        let session = self.login(conn).await?;
        let category = Self::category(conn)?;
        let last: i64 = cursor.trim().parse().unwrap_or(0);
        let me = session.my_id();
        let threads = session.get(&format!("/api/threads/?category={category}")).await?;
        let mut newest = last;
        let mut items = Vec::new();
        for t in threads.get("results").and_then(Value::as_array).into_iter().flatten().take(MAX_THREADS) {
            if t.get("last_post").and_then(Value::as_i64).unwrap_or(0) <= last {
                continue;
            }
            let thread = digits(&s(t, "/id"));
            let posts = self.posts(&session, &thread).await?;
            let first = posts.first().and_then(|p| p.get("id")).and_then(Value::as_i64);
            for p in posts {
                let id = p.get("id").and_then(Value::as_i64).unwrap_or(0);
                newest = newest.max(id);
                let poster = s(&p, "/poster/id");
                if id <= last || poster == me {
                    continue;
                }
                let text = html::to_text(&s(&p, "/content"));
                if text.is_empty() {
                    continue;
                }
                items.push(FetchedItem {
                    remote_id: id.to_string(),
                    thread_id: Some(thread.clone()),
                    parent_remote_id: first.filter(|f| *f != id).map(|f| f.to_string()),
                    author_handle: s(&p, "/poster_name"),
                    author_name: s(&p, "/poster_name"),
                    text,
                    link: session.url(&s(&p, "/url/index")).map(|u| u.to_string()).unwrap_or_default(),
                    written_at: DateTime::parse_from_rfc3339(&s(&p, "/posted_on")).ok().map(|t| t.with_timezone(&Utc)),
                });
            }
        }
        items.sort_by(|a, b| a.remote_id.len().cmp(&b.remote_id.len()).then(a.remote_id.cmp(&b.remote_id)));
        Ok(Fetched { items, cursor: newest.to_string() })
    }

    async fn deliver(&self, conn: &Connection, out: &Outbound) -> ChannelResult<Delivered> {
        let session = self.login(conn).await?;
        match out {
            Outbound::Post { title, text, link, .. } => {
                let category = Self::category(conn)?.parse::<i64>().unwrap_or(0);
                let title = if title.trim().is_empty() { text.chars().take(80).collect() } else { title.clone() };
                let post = if link.is_empty() { text.clone() } else { format!("{text}\n\n{link}") };
                let v =
                    session.post("/api/threads/", &json!({"category": category, "title": title, "post": post})).await?;
                Ok(Delivered { remote_id: s(&v, "/id"), url: session.url(&s(&v, "/url"))?.to_string() })
            }
            Outbound::Reply { thread_id, text, .. } => {
                let thread = digits(thread_id.as_deref().unwrap_or_default());
                if thread.is_empty() {
                    return Err(ChannelError::new(ChannelErrorKind::Config, "utas forum tidak dikenal"));
                }
                let v = session.post(&format!("/api/threads/{thread}/posts/"), &json!({"post": text})).await?;
                Ok(Delivered {
                    remote_id: s(&v, "/id"),
                    url: session.url(&s(&v, "/url/index")).map(|u| u.to_string()).unwrap_or_default(),
                })
            }
        }
    }

    /// Misago has no idempotency key: our own posts in the thread (or our
    /// threads in the category) are searched for the same text.
    async fn find_delivered(&self, conn: &Connection, out: &Outbound) -> ChannelResult<Option<Delivered>> {
        let session = self.login(conn).await?;
        let me = session.my_id();
        match out {
            Outbound::Reply { thread_id, text, .. } => {
                let thread = digits(thread_id.as_deref().unwrap_or_default());
                let found = self
                    .posts(&session, &thread)
                    .await?
                    .into_iter()
                    .find(|p| s(p, "/poster/id") == me && html::same_text(&html::to_text(&s(p, "/content")), text));
                Ok(found.map(|p| Delivered {
                    remote_id: s(&p, "/id"),
                    url: session.url(&s(&p, "/url/index")).map(|u| u.to_string()).unwrap_or_default(),
                }))
            }
            Outbound::Post { title, text, .. } => {
                let title = if title.trim().is_empty() { text.chars().take(80).collect() } else { title.clone() };
                let threads = session.get(&format!("/api/threads/?category={}", Self::category(conn)?)).await?;
                let found = threads
                    .get("results")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .find(|t| s(t, "/starter/id") == me && crate::html::same_text(&s(t, "/title"), &title));
                Ok(found.map(|t| Delivered {
                    remote_id: s(t, "/id"),
                    url: session.url(&s(t, "/url")).map(|u| u.to_string()).unwrap_or_default(),
                }))
            }
        }
    }

    async fn post_metrics(&self, conn: &Connection, remote_id: &str) -> ChannelResult<PostMetrics> {
        let session = self.login(conn).await?;
        let v = session.get(&format!("/api/threads/{}/", digits(remote_id))).await?;
        Ok(PostMetrics { comments: v.get("replies").and_then(Value::as_i64), ..PostMetrics::default() })
    }
}
