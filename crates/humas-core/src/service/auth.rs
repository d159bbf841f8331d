//! Logging in and out, sessions, API tokens, passwords.

use super::Humas;
use crate::auth::{dummy_hash, hash_password, random_token, token_hash, verify_password};
use crate::policy::Actor;
use crate::store::{NewSession, SessionKind};
use crate::user::{check_password_strength, parse_username};
use crate::{Error, Result};

/// A new browser session: the cookie value and its CSRF token.
#[derive(Debug, Clone)]
pub struct LoginOutcome {
    pub token: String,
    pub csrf_token: String,
    pub actor: Actor,
}

/// A session that was found live for a request.
#[derive(Debug, Clone)]
pub struct Authenticated {
    pub actor: Actor,
    pub csrf_token: String,
    pub via_api_token: bool,
}

impl Humas {
    /// Checks the password, rate-limited per username and per client address
    /// (stored in the database, so it holds across processes).
    pub async fn login(&self, username: &str, password: &str, client: &str) -> Result<LoginOutcome> {
        let now = self.clock.now();
        let since = now - chrono::Duration::minutes(self.settings.login_window_minutes);
        let username = parse_username(username).unwrap_or_else(|_| username.trim().to_lowercase());
        let user_key = format!("user:{username}");
        let client_key = format!("client:{client}");
        for key in [&user_key, &client_key] {
            // A client address is allowed more failures: an office shares one address.
            let limit = if key.starts_with("client:") {
                self.settings.login_max_failures * 4
            } else {
                self.settings.login_max_failures
            };
            if self.store.login_failures_since(key, since).await? >= limit {
                return Err(Error::RateLimited { retry_after_secs: (self.settings.login_window_minutes * 60) as u64 });
            }
        }
        let found = self.store.user_credentials(&username).await?;
        let ok = match &found {
            Some((user, hash)) => verify_password(password, hash) && !user.disabled,
            None => {
                verify_password(password, dummy_hash());
                false
            }
        };
        let user = match (ok, found) {
            (true, Some((user, _))) => user,
            _ => {
                self.store.record_login_failure(&user_key, now).await?;
                self.store.record_login_failure(&client_key, now).await?;
                return Err(Error::invalid("password", "Nama pengguna atau kata sandi salah."));
            }
        };
        self.store.clear_login_failures(&user_key).await?;
        let token = random_token()?;
        let csrf_token = random_token()?;
        self.store
            .create_session(&NewSession {
                token_hash: token_hash(&token),
                user_id: user.id,
                kind: SessionKind::Browser,
                csrf_token: csrf_token.clone(),
                created_at: now,
                expires_at: Some(now + chrono::Duration::hours(self.settings.session_hours)),
            })
            .await?;
        Ok(LoginOutcome { token, csrf_token, actor: user.actor() })
    }

    /// The actor behind a session cookie or a Bearer token, if it is live.
    pub async fn authenticate(&self, token: &str) -> Result<Option<Authenticated>> {
        if token.len() != 64 {
            return Ok(None);
        }
        let found = self.store.session(&token_hash(token), self.clock.now()).await?;
        Ok(found.map(|(user, info)| Authenticated {
            actor: user.actor(),
            csrf_token: info.csrf_token,
            via_api_token: info.kind == SessionKind::ApiToken,
        }))
    }

    pub async fn logout(&self, token: &str) -> Result<()> {
        self.store.delete_session(&token_hash(token)).await?;
        Ok(())
    }

    /// A new API token for a user (`humas user token`): printed once, stored hashed.
    pub async fn issue_api_token(&self, username: &str) -> Result<String> {
        let username = parse_username(username)?;
        let (user, _) = self.store.user_credentials(&username).await?.ok_or(Error::NotFound("Pengguna"))?;
        if user.disabled {
            return Err(Error::conflict("user_disabled", "Pengguna ini dinonaktifkan."));
        }
        let token = random_token()?;
        self.store
            .create_session(&NewSession {
                token_hash: token_hash(&token),
                user_id: user.id,
                kind: SessionKind::ApiToken,
                csrf_token: random_token()?,
                created_at: self.clock.now(),
                expires_at: None,
            })
            .await?;
        Ok(token)
    }

    /// A user changes their own password; every other session of theirs ends.
    pub async fn change_password(&self, actor: &Actor, current: &str, new: &str) -> Result<()> {
        let user = self.store.user(actor.user_id).await?.ok_or(Error::NotFound("Pengguna"))?;
        let (_, hash) = self.store.user_credentials(&user.username).await?.ok_or(Error::NotFound("Pengguna"))?;
        if !verify_password(current, &hash) {
            return Err(Error::invalid("current_password", "Kata sandi saat ini salah."));
        }
        check_password_strength(new)?;
        if current == new {
            return Err(Error::invalid("new_password", "Kata sandi baru harus berbeda dari yang lama."));
        }
        let hash = hash_password(new)?;
        self.store.set_password(user.id, &hash, &self.audit(actor, "user.password_change")).await?;
        self.store.delete_user_sessions(user.id).await?;
        Ok(())
    }
}
