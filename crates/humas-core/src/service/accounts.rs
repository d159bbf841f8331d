//! Official accounts, their decrees, the lifecycle draft → requested →
//! verified → archived, and the public directory and lookup (R-ACC-1..3).

use super::Humas;
use crate::account::{Account, AccountInput, AccountStatus, LookupKey, lookup_key};
use crate::agency::Agency;
use crate::decree::{Decree, DecreeFile, DecreeInput, sniff_decree_file};
use crate::ids::{AccountId, AgencyId, DecreeId};
use crate::policy::Actor;
use crate::store::AccountFilter;
use crate::{Error, Result};
use chrono::NaiveDate;
use serde::Serialize;

/// An uploaded decree scan, as received.
pub struct DecreeUpload {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Why an account needs attention.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct AccountFlags {
    pub decree_expired: bool,
    pub no_decree: bool,
    pub inactive: bool,
}

impl AccountFlags {
    pub fn any(&self) -> bool {
        self.decree_expired || self.no_decree || self.inactive
    }
}

/// One account of the public directory, with the decree behind it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DirectoryEntry {
    pub agency: Agency,
    pub account: Account,
    pub decree: Option<Decree>,
}

/// The answer to "is this account ours?".
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VerifyResult {
    pub official: bool,
    /// `verified`, `archived` or `unknown`.
    pub status: String,
    pub agency: Option<Agency>,
    pub account: Option<Account>,
    pub decree: Option<Decree>,
}

impl Humas {
    pub async fn create_decree(
        &self,
        actor: &Actor,
        input: DecreeInput,
        upload: Option<DecreeUpload>,
    ) -> Result<Decree> {
        actor.require_edit_agency(input.agency_id)?;
        let input = input.validate()?;
        self.agency(input.agency_id).await?;
        let file = match upload {
            Some(u) if !u.bytes.is_empty() => Some(self.store_decree_file(u).await?),
            _ => None,
        };
        Ok(self.store.create_decree(&input, file.as_ref(), &self.audit(actor, "decree.create")).await?)
    }

    async fn store_decree_file(&self, upload: DecreeUpload) -> Result<DecreeFile> {
        if upload.bytes.len() > self.settings.max_upload_bytes {
            return Err(Error::invalid(
                "file",
                format!("Berkas SK terlalu besar (maksimal {} MB).", self.settings.max_upload_bytes / (1024 * 1024)),
            ));
        }
        let content_type = sniff_decree_file(&upload.bytes).ok_or_else(|| {
            Error::invalid("file", "Berkas SK harus berupa PDF, PNG atau JPEG (diperiksa dari isinya).")
        })?;
        let name: String =
            upload.name.chars().filter(|c| !c.is_control() && !"/\\<>\"'".contains(*c)).take(120).collect();
        let blob_key = self.blobs.put(&upload.bytes).await?;
        Ok(DecreeFile { blob_key, content_type: content_type.into(), size: upload.bytes.len() as i64, name })
    }

    pub async fn decree(&self, actor: &Actor, id: DecreeId) -> Result<Decree> {
        let d = self.store.decree(id).await?.ok_or(Error::NotFound("SK"))?;
        if actor.can_read_agency(d.agency_id) { Ok(d) } else { Err(Error::NotFound("SK")) }
    }

    pub async fn decrees(&self, actor: &Actor, agency: Option<AgencyId>) -> Result<Vec<Decree>> {
        let scope = match (actor.read_scope(), agency) {
            (None, a) => a,
            (Some(own), None) => Some(own),
            (Some(own), Some(a)) if own == a => Some(a),
            _ => return Err(Error::Forbidden),
        };
        Ok(self.store.decrees(scope).await?)
    }

    /// The scan of a decree: public when it stands behind a verified account,
    /// otherwise only for those who may read the agency.
    pub async fn decree_file(&self, actor: Option<&Actor>, id: DecreeId) -> Result<(DecreeFile, Vec<u8>)> {
        let d = self.store.decree(id).await?.ok_or(Error::NotFound("SK"))?;
        let public = self
            .store
            .accounts(&AccountFilter {
                agency_id: Some(d.agency_id),
                status: Some(AccountStatus::Verified),
                ..Default::default()
            })
            .await?
            .iter()
            .any(|a| a.decree_id == Some(id));
        if !public && !actor.is_some_and(|a| a.can_read_agency(d.agency_id)) {
            return Err(Error::NotFound("SK"));
        }
        let file = d.file.ok_or(Error::NotFound("Berkas SK"))?;
        let bytes = self.blobs.get(&file.blob_key).await?.ok_or(Error::NotFound("Berkas SK"))?;
        Ok((file, bytes))
    }

    async fn check_account_decree(&self, agency: AgencyId, decree: Option<DecreeId>) -> Result<()> {
        if let Some(d) = decree {
            let d = self.store.decree(d).await?.ok_or_else(|| Error::invalid("decree_id", "SK tidak ditemukan."))?;
            if d.agency_id != agency {
                return Err(Error::invalid("decree_id", "SK ini milik instansi lain."));
            }
        }
        Ok(())
    }

    pub async fn create_account(&self, actor: &Actor, input: AccountInput) -> Result<Account> {
        actor.require_edit_agency(input.agency_id)?;
        let valid = input.parse()?;
        self.agency(valid.agency_id).await?;
        self.check_account_decree(valid.agency_id, valid.decree_id).await?;
        Ok(self.store.create_account(&valid, &self.audit(actor, "account.create")).await?)
    }

    /// Details can change while the account is a draft, or at any time by the Dinas.
    pub async fn update_account(&self, actor: &Actor, id: AccountId, input: AccountInput) -> Result<Account> {
        let current = self.account(actor, id).await?;
        actor.require_edit_agency(current.agency_id)?;
        if input.agency_id != current.agency_id {
            actor.require_dinas()?;
        }
        if current.status != AccountStatus::Draft {
            actor.require_dinas().map_err(|_| {
                Error::conflict(
                    "account_locked",
                    "Akun yang sudah diajukan atau terverifikasi hanya dapat diubah oleh Dinas.",
                )
            })?;
        }
        let valid = input.parse()?;
        self.check_account_decree(valid.agency_id, valid.decree_id).await?;
        Ok(self.store.update_account(id, &valid, &self.audit(actor, "account.update")).await?)
    }

    pub async fn account(&self, actor: &Actor, id: AccountId) -> Result<Account> {
        let a = self.store.account(id).await?.ok_or(Error::NotFound("Akun"))?;
        if actor.can_read_agency(a.agency_id) { Ok(a) } else { Err(Error::NotFound("Akun")) }
    }

    pub async fn accounts(&self, actor: &Actor, mut filter: AccountFilter) -> Result<Vec<Account>> {
        match (actor.read_scope(), filter.agency_id) {
            (Some(own), None) => filter.agency_id = Some(own),
            (Some(own), Some(a)) if own != a => return Err(Error::Forbidden),
            _ => {}
        }
        Ok(self.store.accounts(&filter).await?)
    }

    /// The agency's Official asks the Dinas to verify; a decree with its scan is required.
    pub async fn request_verification(&self, actor: &Actor, id: AccountId) -> Result<Account> {
        let a = self.account(actor, id).await?;
        actor.require_official_of(a.agency_id)?;
        let decree = match a.decree_id {
            Some(d) => self.store.decree(d).await?,
            None => None,
        };
        let Some(decree) = decree else {
            return Err(Error::conflict(
                "decree_required",
                "Lampirkan SK penunjukan akun sebelum mengajukan verifikasi.",
            ));
        };
        if decree.file.is_none() {
            return Err(Error::conflict("decree_file_required", "Unggah pindaian SK sebelum mengajukan verifikasi."));
        }
        if decree.is_expired(self.today().await?) {
            return Err(Error::conflict("decree_expired", "SK sudah tidak berlaku. Lampirkan SK yang masih berlaku."));
        }
        self.transition(actor, a, AccountStatus::Draft, AccountStatus::Requested, "", "account.request").await
    }

    pub async fn verify_account(&self, actor: &Actor, id: AccountId) -> Result<Account> {
        actor.require_dinas()?;
        let a = self.account(actor, id).await?;
        self.transition(actor, a, AccountStatus::Requested, AccountStatus::Verified, "", "account.verify").await
    }

    /// The Dinas sends a request back to draft with a reason.
    pub async fn return_account(&self, actor: &Actor, id: AccountId, reason: &str) -> Result<Account> {
        actor.require_dinas()?;
        let reason = required_reason(reason)?;
        let a = self.account(actor, id).await?;
        self.transition(actor, a, AccountStatus::Requested, AccountStatus::Draft, &reason, "account.return").await
    }

    pub async fn archive_account(&self, actor: &Actor, id: AccountId, reason: &str) -> Result<Account> {
        let a = self.account(actor, id).await?;
        actor.require_official_of(a.agency_id)?;
        let reason = required_reason(reason)?;
        if a.status == AccountStatus::Archived {
            return Err(Error::conflict("already_archived", "Akun ini sudah diarsipkan."));
        }
        let from = a.status;
        self.transition(actor, a, from, AccountStatus::Archived, &reason, "account.archive").await
    }

    async fn transition(
        &self,
        actor: &Actor,
        a: Account,
        from: AccountStatus,
        to: AccountStatus,
        note: &str,
        action: &'static str,
    ) -> Result<Account> {
        if a.status != from {
            return Err(Error::conflict(
                "wrong_status",
                format!("Akun berstatus {}; tindakan ini memerlukan status {}.", a.status.label(), from.label()),
            ));
        }
        self.store.transition_account(a.id, from, to, note, &self.audit(actor, action)).await.map_err(|e| match e {
            crate::error::StoreError::NotFound => {
                Error::conflict("wrong_status", "Status akun baru saja diubah oleh pengguna lain. Muat ulang halaman.")
            }
            other => other.into(),
        })
    }

    /// Flags for an account: an expired or missing decree, no activity for too long.
    pub async fn account_flags(&self, accounts: &[Account]) -> Result<Vec<AccountFlags>> {
        let region = self.region().await?;
        let today = self.today().await?;
        let now = self.clock.now();
        let mut decree_cache: std::collections::HashMap<DecreeId, Option<NaiveDate>> = Default::default();
        let mut out = Vec::with_capacity(accounts.len());
        for a in accounts {
            let mut f = AccountFlags { inactive: a.is_inactive(now, region.inactivity_days), ..Default::default() };
            if a.status != AccountStatus::Archived {
                match a.decree_id {
                    None => f.no_decree = true,
                    Some(d) => {
                        let until = match decree_cache.get(&d) {
                            Some(u) => *u,
                            None => {
                                let u = self.store.decree(d).await?.and_then(|d| d.valid_until);
                                decree_cache.insert(d, u);
                                u
                            }
                        };
                        f.decree_expired = until.is_some_and(|u| u < today);
                    }
                }
            }
            out.push(f);
        }
        Ok(out)
    }

    /// The public directory: verified accounts by agency, with their decrees.
    pub async fn directory(&self) -> Result<Vec<DirectoryEntry>> {
        let agencies = self.store.agencies().await?;
        let accounts =
            self.store.accounts(&AccountFilter { status: Some(AccountStatus::Verified), ..Default::default() }).await?;
        let decrees = self.store.decrees(None).await?;
        let mut out = Vec::with_capacity(accounts.len());
        for account in accounts {
            let Some(agency) = agencies.iter().find(|g| g.id == account.agency_id).cloned() else { continue };
            let decree = account.decree_id.and_then(|d| decrees.iter().find(|x| x.id == d).cloned());
            out.push(DirectoryEntry { agency, account, decree });
        }
        out.sort_by(|a, b| {
            a.agency.name.cmp(&b.agency.name).then(a.account.platform.as_str().cmp(b.account.platform.as_str()))
        });
        Ok(out)
    }

    /// "Cek akun resmi": is this URL or @handle one of the region's official accounts?
    pub async fn verify_lookup(&self, input: &str) -> Result<VerifyResult> {
        let candidates = match lookup_key(input)? {
            LookupKey::Handle(h) => self.store.accounts_by_handle(None, &h).await?,
            LookupKey::Url { url_norm, platform_handle } => {
                let mut found = self.store.accounts_by_url(&url_norm).await?;
                if found.is_empty()
                    && let Some((platform, handle)) = platform_handle
                {
                    found = self.store.accounts_by_handle(Some(platform), &handle).await?;
                }
                found
            }
        };
        // Drafts and pending requests are not public: they count as unknown.
        let best = candidates
            .iter()
            .find(|a| a.status == AccountStatus::Verified)
            .or_else(|| candidates.iter().find(|a| a.status == AccountStatus::Archived))
            .cloned();
        let Some(account) = best else {
            return Ok(VerifyResult {
                official: false,
                status: "unknown".into(),
                agency: None,
                account: None,
                decree: None,
            });
        };
        let agency = self.store.agency(account.agency_id).await?;
        let decree = match account.decree_id {
            Some(d) => self.store.decree(d).await?,
            None => None,
        };
        Ok(VerifyResult {
            official: account.status == AccountStatus::Verified,
            status: account.status.as_str().into(),
            agency,
            account: Some(account),
            decree,
        })
    }
}

fn required_reason(reason: &str) -> Result<String> {
    let r = reason.trim();
    if r.is_empty() || r.chars().count() > 1000 {
        return Err(Error::invalid("reason", "Alasan wajib diisi (maksimal 1000 karakter)."));
    }
    Ok(r.to_string())
}
