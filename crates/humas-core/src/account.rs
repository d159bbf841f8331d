//! Official accounts (Akun resmi), their six types of Lampiran A, platforms, and
//! the normalisation that lets a citizen's pasted URL or @handle find them.

use crate::ids::{AccountId, AgencyId, DecreeId, UserId};
use crate::{Error, Result};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Exactly the six account types of Lampiran A (R-ACC-2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    Blog,
    Microblog,
    MediaSharing,
    SocialNetwork,
    Collaboration,
    Forum,
}

impl AccountKind {
    pub const ALL: [AccountKind; 6] =
        [Self::Blog, Self::Microblog, Self::MediaSharing, Self::SocialNetwork, Self::Collaboration, Self::Forum];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Blog => "blog",
            Self::Microblog => "microblog",
            Self::MediaSharing => "media_sharing",
            Self::SocialNetwork => "social_network",
            Self::Collaboration => "collaboration",
            Self::Forum => "forum",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Blog => "Blog",
            Self::Microblog => "Microblog",
            Self::MediaSharing => "Situs berbagi media",
            Self::SocialNetwork => "Jejaring sosial",
            Self::Collaboration => "Situs kolaborasi",
            Self::Forum => "Forum",
        }
    }

    pub fn parse(s: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim())
            .ok_or_else(|| Error::invalid("kind", "Jenis akun harus salah satu dari enam jenis Lampiran A."))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    Wordpress,
    Mediawiki,
    Mastodon,
    X,
    Facebook,
    Instagram,
    Youtube,
    Tiktok,
    Forum,
    Other,
}

impl Platform {
    pub const ALL: [Platform; 10] = [
        Self::Wordpress,
        Self::Mediawiki,
        Self::Mastodon,
        Self::X,
        Self::Facebook,
        Self::Instagram,
        Self::Youtube,
        Self::Tiktok,
        Self::Forum,
        Self::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Wordpress => "wordpress",
            Self::Mediawiki => "mediawiki",
            Self::Mastodon => "mastodon",
            Self::X => "x",
            Self::Facebook => "facebook",
            Self::Instagram => "instagram",
            Self::Youtube => "youtube",
            Self::Tiktok => "tiktok",
            Self::Forum => "forum",
            Self::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Wordpress => "WordPress",
            Self::Mediawiki => "MediaWiki",
            Self::Mastodon => "Mastodon",
            Self::X => "X (Twitter)",
            Self::Facebook => "Facebook",
            Self::Instagram => "Instagram",
            Self::Youtube => "YouTube",
            Self::Tiktok => "TikTok",
            Self::Forum => "Forum",
            Self::Other => "Lainnya",
        }
    }

    pub fn parse(s: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|p| p.as_str() == s.trim())
            .ok_or_else(|| Error::invalid("platform", format!("Platform tidak dikenal: {}", s.trim())))
    }

    /// The platform that a well-known host belongs to, and whether its first
    /// path segment is the account handle.
    fn from_host(host: &str) -> Option<Platform> {
        Some(match host {
            "x.com" | "twitter.com" => Self::X,
            "facebook.com" | "fb.com" => Self::Facebook,
            "instagram.com" => Self::Instagram,
            "youtube.com" => Self::Youtube,
            "tiktok.com" => Self::Tiktok,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AccountStatus {
    Draft,
    Requested,
    Verified,
    Archived,
}

impl AccountStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Requested => "requested",
            Self::Verified => "verified",
            Self::Archived => "archived",
        }
    }

    pub fn parse(s: &str) -> Result<Self> {
        [Self::Draft, Self::Requested, Self::Verified, Self::Archived]
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| Error::invalid("status", format!("Status tidak dikenal: {s}")))
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "Draf",
            Self::Requested => "Diajukan",
            Self::Verified => "Terverifikasi",
            Self::Archived => "Diarsipkan",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Account {
    pub id: AccountId,
    pub agency_id: AgencyId,
    pub decree_id: Option<DecreeId>,
    pub kind: AccountKind,
    pub platform: Platform,
    pub handle: String,
    pub url: String,
    pub display_name: String,
    /// Target audience notes (Pasal 9a): age band, habits, region, interests.
    pub audience: String,
    pub status: AccountStatus,
    pub status_note: String,
    pub verified_by: Option<UserId>,
    pub verified_at: Option<DateTime<Utc>>,
    pub last_activity_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Account {
    /// Verified but silent for longer than the region allows (R-ACC hygiene).
    pub fn is_inactive(&self, now: DateTime<Utc>, days: i32) -> bool {
        if self.status != AccountStatus::Verified {
            return false;
        }
        let since = self.last_activity_at.or(self.verified_at).unwrap_or(self.created_at);
        now - since > chrono::Duration::days(days.into())
    }
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct AccountInput {
    pub agency_id: AgencyId,
    pub kind: String,
    pub platform: String,
    pub handle: String,
    pub url: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub audience: String,
    pub decree_id: Option<DecreeId>,
}

/// An account input that passed validation, with its lookup keys.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidAccount {
    pub agency_id: AgencyId,
    pub kind: AccountKind,
    pub platform: Platform,
    pub handle: String,
    pub handle_norm: String,
    pub url: String,
    pub url_norm: String,
    pub display_name: String,
    pub audience: String,
    pub decree_id: Option<DecreeId>,
}

impl AccountInput {
    pub fn parse(self) -> Result<ValidAccount> {
        let kind = AccountKind::parse(&self.kind)?;
        let platform = Platform::parse(&self.platform)?;
        let handle = self.handle.trim().to_string();
        let handle_norm = normalize_handle(&handle);
        if handle_norm.is_empty()
            || handle_norm.chars().count() > 100
            || handle_norm.chars().any(|c| c.is_whitespace() || c.is_control() || "<>\"'".contains(c))
        {
            return Err(Error::invalid(
                "handle",
                "Nama akun (handle) wajib diisi, tanpa spasi, maksimal 100 karakter.",
            ));
        }
        let url = self.url.trim().to_string();
        if url.len() > 500 {
            return Err(Error::invalid("url", "Alamat akun terlalu panjang."));
        }
        let url_norm = normalize_url(&url)?;
        let display_name = self.display_name.trim().to_string();
        if display_name.chars().count() > 200 {
            return Err(Error::invalid("display_name", "Nama tampilan terlalu panjang (maksimal 200 karakter)."));
        }
        let audience = self.audience.trim().to_string();
        if audience.chars().count() > 4000 {
            return Err(Error::invalid(
                "audience",
                "Catatan khalayak sasaran terlalu panjang (maksimal 4000 karakter).",
            ));
        }
        Ok(ValidAccount {
            agency_id: self.agency_id,
            kind,
            platform,
            handle,
            handle_norm,
            url,
            url_norm,
            display_name,
            audience,
            decree_id: self.decree_id,
        })
    }
}

/// `@Diskominfo_Kobar` and `diskominfo_kobar` are the same handle.
pub fn normalize_handle(s: &str) -> String {
    s.trim().trim_start_matches('@').to_lowercase()
}

/// The comparable form of an account URL: host without `www.`/`m.` and the
/// like, path without trailing slash, no scheme, query or fragment, lower case.
pub fn normalize_url(raw: &str) -> Result<String> {
    let bad = || {
        Error::invalid(
            "url",
            "Alamat akun harus berupa URL http(s) yang valid, contoh: https://instagram.com/nama_akun",
        )
    };
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(bad());
    }
    let with_scheme = if raw.contains("://") { raw.to_string() } else { format!("https://{raw}") };
    let url = url::Url::parse(&with_scheme).map_err(|_| bad())?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad());
    }
    let host = url.host_str().ok_or_else(bad)?.to_lowercase();
    if !host.contains('.') && host != "localhost" && url.host().is_some_and(|h| matches!(h, url::Host::Domain(_))) {
        return Err(bad());
    }
    let host = strip_host_prefixes(&host);
    let path = url.path().trim_end_matches('/').to_lowercase();
    let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
    Ok(format!("{host}{port}{path}"))
}

fn strip_host_prefixes(host: &str) -> &str {
    let mut h = host;
    for prefix in ["www.", "m.", "mobile.", "web.", "mbasic."] {
        if let Some(rest) = h.strip_prefix(prefix)
            && rest.contains('.')
        {
            h = rest;
        }
    }
    h
}

/// What a citizen pasted into "Cek akun resmi", resolved to lookup keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LookupKey {
    /// A bare `@handle` (any platform).
    Handle(String),
    /// A URL: its normalised form, and the platform handle it names if the host is a known platform.
    Url { url_norm: String, platform_handle: Option<(Platform, String)> },
}

pub fn lookup_key(input: &str) -> Result<LookupKey> {
    let s = input.trim();
    if s.is_empty() || s.len() > 500 {
        return Err(Error::invalid("url", "Tempelkan alamat akun (URL) atau @nama_akun."));
    }
    let looks_like_handle = s.starts_with('@') || !(s.contains('/') || s.contains('.'));
    if looks_like_handle {
        let h = normalize_handle(s);
        if h.is_empty() || h.contains(char::is_whitespace) {
            return Err(Error::invalid("url", "Nama akun tidak valid."));
        }
        return Ok(LookupKey::Handle(h));
    }
    let url_norm = normalize_url(s)?;
    let (host, path) = url_norm.split_once('/').unwrap_or((url_norm.as_str(), ""));
    let first = path.split('/').next().unwrap_or("");
    let platform_handle = match Platform::from_host(host) {
        Some(Platform::Youtube) | Some(Platform::Tiktok) if first.starts_with('@') => {
            Some((Platform::from_host(host).unwrap_or(Platform::Other), normalize_handle(first)))
        }
        Some(Platform::Youtube) => match path.split('/').collect::<Vec<_>>().as_slice() {
            ["c" | "user", name, ..] => Some((Platform::Youtube, normalize_handle(name))),
            _ => None,
        },
        Some(p @ (Platform::X | Platform::Facebook | Platform::Instagram)) if !first.is_empty() => {
            Some((p, normalize_handle(first)))
        }
        // A Mastodon-style profile URL `host/@user` names the handle `user@host`.
        None if first.starts_with('@') && first.len() > 1 => {
            Some((Platform::Mastodon, format!("{}@{host}", normalize_handle(first))))
        }
        _ => None,
    };
    Ok(LookupKey::Url { url_norm, platform_handle })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_variants_normalise_to_one_key() {
        let want = normalize_url("https://instagram.com/diskominfo_kobar").expect("valid");
        for v in [
            "http://instagram.com/diskominfo_kobar",
            "https://www.instagram.com/diskominfo_kobar/",
            "https://m.instagram.com/Diskominfo_Kobar?igsh=abc#x",
            "instagram.com/diskominfo_kobar",
            "  HTTPS://WWW.INSTAGRAM.COM/DISKOMINFO_KOBAR/  ",
        ] {
            assert_eq!(normalize_url(v).expect("valid"), want, "{v}");
        }
        assert_eq!(want, "instagram.com/diskominfo_kobar");
    }

    #[test]
    fn bad_urls_are_refused() {
        for bad in
            ["", "javascript:alert(1)", "ftp://example.com/x", "https://", "not a url at all", "https://localhostx"]
        {
            assert!(normalize_url(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn handles_and_platform_urls_resolve_to_handles() {
        assert_eq!(lookup_key("@Diskominfo_Kobar").ok(), Some(LookupKey::Handle("diskominfo_kobar".into())));
        assert_eq!(lookup_key("diskominfo_kobar").ok(), Some(LookupKey::Handle("diskominfo_kobar".into())));
        match lookup_key("https://twitter.com/DiskominfoKobar").expect("valid") {
            LookupKey::Url { platform_handle, .. } => {
                assert_eq!(platform_handle, Some((Platform::X, "diskominfokobar".into())))
            }
            other => panic!("{other:?}"),
        }
        match lookup_key("https://www.youtube.com/@PemkabKobar/videos").expect("valid") {
            LookupKey::Url { platform_handle, .. } => {
                assert_eq!(platform_handle, Some((Platform::Youtube, "pemkabkobar".into())))
            }
            other => panic!("{other:?}"),
        }
        match lookup_key("https://mastodon.example.id/@kobar").expect("valid") {
            LookupKey::Url { platform_handle, .. } => {
                assert_eq!(platform_handle, Some((Platform::Mastodon, "kobar@mastodon.example.id".into())))
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn account_input_rejects_unknown_platform_and_kind() {
        let input = AccountInput {
            agency_id: AgencyId(1),
            kind: "blog".into(),
            platform: "myspace".into(),
            handle: "x".into(),
            url: "https://example.go.id".into(),
            display_name: String::new(),
            audience: String::new(),
            decree_id: None,
        };
        assert!(input.clone().parse().is_err());
        assert!(
            AccountInput { platform: "wordpress".into(), kind: "podcast".into(), ..input.clone() }.parse().is_err()
        );
        assert!(AccountInput { platform: "wordpress".into(), ..input }.parse().is_ok());
    }
}
