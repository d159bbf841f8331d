//! MediaWiki action API (collaboration sites). The talk pages are the
//! comment stream: each edit of a talk page by someone other than humas's bot
//! is one citizen's item, its text the lines the edit added (signature
//! removed), its thread the page and section. A reply is appended, indented
//! and signed, to the citizen's section. Every edit humas makes carries
//! `humas:<key>` in its summary, which is how an attempt of unknown outcome is
//! found again. Logs in with a bot password (Special:BotPasswords).

use crate::http::{HttpConfig, endpoint, send, session_client};
use chrono::{DateTime, Utc};
use humas_core::channel::{
    Adapter, Capabilities, ChannelError, ChannelErrorKind, ChannelResult, Connection, Delivered, Fetched, FetchedItem,
    Outbound, RemoteAccount,
};
use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;

/// Talk-page edits read per poll at most; the rest waits for the next poll.
const MAX_CHANGES: usize = 500;

pub struct Mediawiki {
    config: HttpConfig,
}

/// A logged-in session: its own cookies, the bot's user name, a CSRF token.
struct Session {
    client: reqwest::Client,
    api: url::Url,
    user: String,
}

#[derive(Debug, Deserialize)]
struct Change {
    title: String,
    revid: i64,
    #[serde(default)]
    old_revid: i64,
    rcid: i64,
    #[serde(default)]
    user: String,
    timestamp: Option<DateTime<Utc>>,
    #[serde(default)]
    comment: String,
}

fn api_error(v: &Value) -> Option<ChannelError> {
    let e = v.get("error")?;
    let code = e.get("code").and_then(Value::as_str).unwrap_or("");
    let info = e.get("info").and_then(Value::as_str).unwrap_or("");
    let kind = match code {
        "badtoken" | "notloggedin" | "assertuserfailed" | "assertbotfailed" | "mwoauth-invalid-authorization" => {
            ChannelErrorKind::Auth
        }
        "permissiondenied" | "protectedpage" | "cascadeprotected" | "blocked" | "writeapidenied" => {
            ChannelErrorKind::Permission
        }
        "missingtitle" | "nosuchsection" | "nosuchrevid" => ChannelErrorKind::NotFound,
        "ratelimited" | "maxlag" => ChannelErrorKind::RateLimited,
        "readonly" | "internal_api_error_DBQueryError" => ChannelErrorKind::Unavailable,
        _ => ChannelErrorKind::BadResponse,
    };
    Some(ChannelError::new(kind, format!("{code}: {info}")))
}

impl Session {
    async fn get(&self, params: &[(&str, &str)]) -> ChannelResult<Value> {
        let mut url = self.api.clone();
        url.query_pairs_mut().extend_pairs(params).append_pair("format", "json").append_pair("formatversion", "2");
        let v: Value = send(self.client.get(url)).await?.json()?;
        match api_error(&v) {
            Some(e) => Err(e),
            None => Ok(v),
        }
    }

    async fn post(&self, params: &[(&str, &str)]) -> ChannelResult<Value> {
        let mut form: Vec<(&str, &str)> = params.to_vec();
        form.extend([("format", "json"), ("formatversion", "2")]);
        let v: Value = send(self.client.post(self.api.clone()).form(&form)).await?.json()?;
        match api_error(&v) {
            Some(e) => Err(e),
            None => Ok(v),
        }
    }

    async fn csrf(&self) -> ChannelResult<String> {
        let v = self.get(&[("action", "query"), ("meta", "tokens")]).await?;
        v.pointer("/query/tokens/csrftoken")
            .and_then(Value::as_str)
            .filter(|t| *t != "+\\")
            .map(str::to_string)
            .ok_or_else(|| ChannelError::new(ChannelErrorKind::Auth, "tidak mendapat token edit (sesi tidak masuk)"))
    }

    /// Edits with `humas:<key>` in the summary; returns the new revision id.
    async fn edit(&self, params: &[(&str, &str)], key: &str) -> ChannelResult<i64> {
        let token = self.csrf().await?;
        let summary = format!("humas:{key}");
        let mut p = params.to_vec();
        p.extend([("action", "edit"), ("summary", summary.as_str()), ("token", token.as_str()), ("assert", "user")]);
        let v = self.post(&p).await?;
        match v.pointer("/edit/result").and_then(Value::as_str) {
            Some("Success") => Ok(v.pointer("/edit/newrevid").and_then(Value::as_i64).unwrap_or(0)),
            _ => Err(ChannelError::new(ChannelErrorKind::BadResponse, format!("edit refused: {v}"))),
        }
    }

    fn page_url(&self, title: &str) -> String {
        let mut url = self.api.clone();
        url.set_path(&self.api.path().replace("api.php", "index.php"));
        url.query_pairs_mut().clear().append_pair("title", &title.replace(' ', "_"));
        url.to_string()
    }
}

impl Mediawiki {
    pub fn new(config: HttpConfig) -> Self {
        Self { config }
    }

    async fn login(&self, conn: &Connection) -> ChannelResult<Session> {
        if conn.username.trim().is_empty() || conn.secret.trim().is_empty() {
            return Err(ChannelError::new(
                ChannelErrorKind::Config,
                "nama bot (mis. Admin@humas) dan kata sandi bot wajib diisi",
            ));
        }
        let base = conn.endpoint.trim().trim_end_matches('/');
        let api = if base.ends_with("api.php") { endpoint(base, "")? } else { endpoint(base, "/api.php")? };
        let mut s = Session { client: session_client(&self.config), api, user: String::new() };
        let v = s.get(&[("action", "query"), ("meta", "tokens"), ("type", "login")]).await?;
        let token = v
            .pointer("/query/tokens/logintoken")
            .and_then(Value::as_str)
            .ok_or_else(|| ChannelError::new(ChannelErrorKind::BadResponse, "bukan API MediaWiki (tanpa token login)"))?
            .to_string();
        let v = s
            .post(&[
                ("action", "login"),
                ("lgname", conn.username.trim()),
                ("lgpassword", conn.secret.trim()),
                ("lgtoken", &token),
            ])
            .await?;
        match v.pointer("/login/result").and_then(Value::as_str) {
            Some("Success") => {
                s.user = v.pointer("/login/lgusername").and_then(Value::as_str).unwrap_or_default().to_string();
                Ok(s)
            }
            other => {
                let reason = v.pointer("/login/reason").and_then(Value::as_str).unwrap_or(other.unwrap_or("?"));
                Err(ChannelError::new(ChannelErrorKind::Auth, format!("login: {reason}")))
            }
        }
    }

    /// The wikitext of revisions, by id (at most 50 per request).
    async fn contents(&self, s: &Session, ids: &[i64]) -> ChannelResult<HashMap<i64, String>> {
        let mut out = HashMap::new();
        for chunk in ids.chunks(50) {
            let list = chunk.iter().map(i64::to_string).collect::<Vec<_>>().join("|");
            let v = s
                .get(&[
                    ("action", "query"),
                    ("prop", "revisions"),
                    ("revids", &list),
                    ("rvprop", "ids|content"),
                    ("rvslots", "main"),
                ])
                .await?;
            for page in v.pointer("/query/pages").and_then(Value::as_array).into_iter().flatten() {
                for rev in page.get("revisions").and_then(Value::as_array).into_iter().flatten() {
                    if let (Some(id), Some(text)) = (
                        rev.get("revid").and_then(Value::as_i64),
                        rev.pointer("/slots/main/content").and_then(Value::as_str),
                    ) {
                        out.insert(id, text.to_string());
                    }
                }
            }
        }
        Ok(out)
    }

    async fn find_by_key(&self, s: &Session, key: &str) -> ChannelResult<Option<Delivered>> {
        let v = s
            .get(&[
                ("action", "query"),
                ("list", "usercontribs"),
                ("ucuser", &s.user),
                ("uclimit", "100"),
                ("ucprop", "ids|title|comment"),
            ])
            .await?;
        let needle = format!("humas:{key}");
        let found = v.pointer("/query/usercontribs").and_then(Value::as_array).into_iter().flatten().find(|c| {
            c.get("comment").and_then(Value::as_str).is_some_and(|t| t.split_whitespace().any(|w| w == needle))
        });
        Ok(found.map(|c| {
            let title = c.get("title").and_then(Value::as_str).unwrap_or_default();
            Delivered {
                remote_id: c.get("revid").and_then(Value::as_i64).unwrap_or(0).to_string(),
                url: s.page_url(title),
            }
        }))
    }
}

/// The lines an edit added (a multiset difference, so a repeated line counts).
fn added_lines<'a>(old: &str, new: &'a str) -> Vec<&'a str> {
    let mut before: HashMap<&str, usize> = HashMap::new();
    for l in old.lines() {
        *before.entry(l).or_default() += 1;
    }
    new.lines()
        .filter(|l| match before.get_mut(l) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .collect()
}

/// A comment's words without its wiki markup: indentation, headings and the
/// signature (links into a namespace up to "(UTC)") removed.
fn comment_text(lines: &[&str]) -> String {
    lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| !(l.starts_with("==") && l.ends_with("==")))
        .map(|l| strip_signature(l.trim_start_matches([':', '*', '#']).trim()))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn strip_signature(line: &str) -> String {
    let mut text = line.to_string();
    if text.ends_with("(UTC)") {
        let mut search = 0;
        while let Some(i) = text[search..].find("[[").map(|i| i + search) {
            let target = &text[i + 2..];
            let end = target.find(['|', ']']).unwrap_or(target.len());
            if target[..end].contains(':') {
                text.truncate(i);
                break;
            }
            search = i + 2;
        }
    }
    // Remaining links keep their label: [[Target|label]] → label, [[Target]] → Target.
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(i) = rest.find("[[") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        match after.find("]]") {
            Some(j) => {
                let inner = &after[..j];
                out.push_str(inner.rsplit('|').next().unwrap_or(inner));
                rest = &after[j + 2..];
            }
            None => {
                out.push_str(&rest[i..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out.trim().trim_end_matches(['—', '-', '–']).trim().to_string()
}

/// The section an edit summary names (`/* Section */ …`).
fn summary_section(comment: &str) -> Option<String> {
    let start = comment.find("/*")? + 2;
    let end = comment[start..].find("*/")? + start;
    Some(comment[start..end].trim().to_string()).filter(|s| !s.is_empty())
}

fn reply_text(text: &str) -> String {
    // One indented paragraph, signed; line breaks inside would break the indentation.
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    format!("\n: {flat} ~~~~")
}

#[async_trait::async_trait]
impl Adapter for Mediawiki {
    fn capabilities(&self) -> Capabilities {
        Capabilities {
            publish: true,
            images: false,
            fetch: true,
            reply: true,
            account_metrics: false,
            post_metrics: false,
        }
    }

    async fn check(&self, conn: &Connection) -> ChannelResult<RemoteAccount> {
        let s = self.login(conn).await?;
        let v = s.get(&[("action", "query"), ("meta", "userinfo"), ("uiprop", "rights")]).await?;
        let can_edit = v
            .pointer("/query/userinfo/rights")
            .and_then(Value::as_array)
            .is_some_and(|r| r.iter().any(|x| x == "edit"));
        if !can_edit {
            return Err(ChannelError::new(ChannelErrorKind::Permission, "bot tidak punya hak edit"));
        }
        Ok(RemoteAccount {
            id: s.user.clone(),
            name: s.user.clone(),
            url: s.page_url(&format!("User:{}", s.user)),
            followers: None,
        })
    }

    /// Talk-page edits after the cursor (the last change id read). `target`,
    /// when set, limits the watch to those pages' talk pages (titles separated by `|`).
    async fn fetch(&self, conn: &Connection, cursor: &str) -> ChannelResult<Fetched> {
        let s = self.login(conn).await?;
        // The cursor is `rcid@timestamp`: the last change read, and where to start reading.
        let (last, since) = cursor.split_once('@').unwrap_or((cursor, ""));
        let last: i64 = last.trim().parse().unwrap_or(0);
        let since = since.trim().to_string();
        let watched: Vec<String> =
            conn.target.split('|').map(|t| t.trim().replace('_', " ")).filter(|t| !t.is_empty()).collect();
        let mut params = vec![
            ("action", "query"),
            ("list", "recentchanges"),
            ("rcnamespace", "1|3|5"),
            ("rctype", "edit|new"),
            ("rcprop", "title|ids|user|timestamp|comment"),
            ("rclimit", "500"),
        ];
        // A first poll reads the latest edits; later ones read forward from the cursor.
        if last > 0 {
            params.push(("rcdir", "newer"));
            if !since.is_empty() {
                params.push(("rcstart", since.as_str()));
            }
        }
        let v = s.get(&params).await?;
        let changes: Vec<Change> =
            serde_json::from_value(v.pointer("/query/recentchanges").cloned().unwrap_or(Value::Null))
                .map_err(|e| ChannelError::new(ChannelErrorKind::BadResponse, e.to_string()))?;
        let mut changes: Vec<Change> = changes.into_iter().filter(|c| c.rcid > last).collect();
        changes.sort_by_key(|c| c.rcid);
        changes.truncate(MAX_CHANGES);
        let cursor = match changes.last() {
            Some(c) => format!(
                "{}@{}",
                c.rcid,
                c.timestamp.map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string()).unwrap_or_default()
            ),
            None => cursor.to_string(),
        };
        let ours = |c: &Change| c.user == s.user;
        let relevant: Vec<&Change> = changes
            .iter()
            .filter(|c| !ours(c))
            .filter(|c| watched.is_empty() || watched.iter().any(|w| c.title.ends_with(&format!(":{w}"))))
            .collect();
        let ids: Vec<i64> = relevant.iter().flat_map(|c| [c.revid, c.old_revid]).filter(|i| *i > 0).collect();
        let texts = self.contents(&s, &ids).await?;
        let mut items = Vec::new();
        for c in relevant {
            let new = texts.get(&c.revid).map(String::as_str).unwrap_or("");
            let old = texts.get(&c.old_revid).map(String::as_str).unwrap_or("");
            let added = added_lines(old, new);
            let text = comment_text(&added);
            if text.is_empty() {
                continue;
            }
            let section = summary_section(&c.comment);
            let thread = match &section {
                Some(sec) => format!("{}#{sec}", c.title),
                None => c.title.clone(),
            };
            items.push(FetchedItem {
                remote_id: c.revid.to_string(),
                thread_id: Some(thread),
                parent_remote_id: None,
                author_handle: c.user.clone(),
                author_name: c.user.clone(),
                text,
                link: format!("{}&diff={}", s.page_url(&c.title), c.revid),
                written_at: c.timestamp,
            });
        }
        Ok(Fetched { items, cursor })
    }

    async fn deliver(&self, conn: &Connection, out: &Outbound) -> ChannelResult<Delivered> {
        let s = self.login(conn).await?;
        match out {
            Outbound::Post { key, title, text, link, .. } => {
                let title = title.trim();
                if title.is_empty() {
                    return Err(ChannelError::new(ChannelErrorKind::Config, "halaman wiki memerlukan judul"));
                }
                let mut body = text.clone();
                if !link.is_empty() {
                    body.push_str(&format!("\n\n{link}"));
                }
                let rev = s.edit(&[("title", title), ("text", &body)], key).await?;
                Ok(Delivered { remote_id: rev.to_string(), url: s.page_url(title) })
            }
            Outbound::Reply { key, thread_id, text, .. } => {
                let thread = thread_id.as_deref().unwrap_or_default();
                let (title, section) = thread.split_once('#').unwrap_or((thread, ""));
                if title.is_empty() {
                    return Err(ChannelError::new(ChannelErrorKind::Config, "halaman pembicaraan tidak dikenal"));
                }
                let mut index = None;
                if !section.is_empty() {
                    let v = s.get(&[("action", "parse"), ("page", title), ("prop", "sections")]).await?;
                    // The last section of that name: a citizen's newest question.
                    index = v
                        .pointer("/parse/sections")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .rev()
                        .filter(|x| x.get("line").and_then(Value::as_str) == Some(section))
                        .find_map(|x| x.get("index").and_then(Value::as_str).map(str::to_string));
                }
                let appended = reply_text(text);
                let mut p = vec![("title", title), ("appendtext", appended.as_str())];
                if let Some(i) = &index {
                    p.push(("section", i.as_str()));
                }
                let rev = s.edit(&p, key).await?;
                Ok(Delivered { remote_id: rev.to_string(), url: s.page_url(title) })
            }
        }
    }

    async fn find_delivered(&self, conn: &Connection, out: &Outbound) -> ChannelResult<Option<Delivered>> {
        let s = self.login(conn).await?;
        self.find_by_key(&s, out.key()).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comment_is_the_added_lines_without_markup_and_signature() {
        let old = "== Jalan ==\nSudah lama rusak. [[Pengguna:Budi|Budi]] 1 Juni 2026 01.00 (UTC)\n";
        let new = "== Jalan ==\nSudah lama rusak. [[Pengguna:Budi|Budi]] 1 Juni 2026 01.00 (UTC)\n:Kapan diperbaiki? Lihat [[Jalan Kumai|jalan ini]]. [[Istimewa:Kontribusi pengguna/10.0.0.1|10.0.0.1]] 28 November 2026 02.55 (UTC)\n";
        assert_eq!(comment_text(&added_lines(old, new)), "Kapan diperbaiki? Lihat jalan ini.");
        let sig = "Tolong lampu jalan. [[User:Siti|Siti]] ([[User talk:Siti|talk]]) 02:55, 28 November 2026 (UTC)";
        assert_eq!(strip_signature(sig), "Tolong lampu jalan.");
        assert_eq!(comment_text(&["== Baru ==", ""]), "");
        assert_eq!(summary_section("/* Posyandu Kumai */ bagian baru").as_deref(), Some("Posyandu Kumai"));
        assert_eq!(summary_section("tanpa bagian"), None);
        assert_eq!(reply_text("Ya,\nbuka   Sabtu."), "\n: Ya, buka Sabtu. ~~~~");
    }

    #[test]
    fn repeated_lines_count_once_each() {
        assert_eq!(added_lines("a\nb\n", "a\nb\na\n"), vec!["a"]);
    }
}
