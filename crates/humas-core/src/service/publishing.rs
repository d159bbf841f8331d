//! Publishing: compose for several accounts, check, submit, approve by the
//! agency's Official (never one's own message), schedule, deliver — each
//! account's delivery through the channels' no-double-post machinery.

use super::Humas;
use crate::account::{Account, AccountStatus};
use crate::channel::{Delivery, Outbound};
use crate::error::StoreError;
use crate::ids::{AccountId, AgencyId};
use crate::policy::{Actor, Role};
use crate::publishing::{
    Campaign, CampaignInput, Category, CheckTarget, Finding, Message, NewPost, PlatformRule, Post, PostAction,
    PostDecision, PostFilter, PostInput, PostTarget, Severity, WordLists, check, normalize_hashtag, post_transition,
};
use crate::{Error, Result};
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use serde::Serialize;

/// Accounts one message may go to at most.
const MAX_TARGETS: usize = 30;

/// A message with what the checks found and where it went.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PostView {
    pub post: Post,
    pub findings: Vec<Finding>,
    pub deliveries: Vec<Delivery>,
    /// The text each account gets, for the preview.
    pub texts: Vec<(AccountId, String)>,
}

impl PostView {
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    pub fn has_warnings(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Warning)
    }
}

/// Parses `YYYY-MM-DDTHH:MM` (or with a space) in the region's zone.
pub fn parse_local(s: &str, tz: chrono_tz::Tz) -> Result<DateTime<Utc>> {
    let s = s.trim().replace(' ', "T");
    let t = NaiveDateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| Error::invalid("scheduled_local", "Waktu terjadwal tidak valid (contoh: 2026-12-01 08:00)."))?;
    tz.from_local_datetime(&t)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| Error::invalid("scheduled_local", "Waktu itu tidak ada di zona waktu daerah."))
}

impl Humas {
    async fn region_tz(&self) -> Result<chrono_tz::Tz> {
        Ok(self.store.region().await?.map(|r| r.tz()).unwrap_or(chrono_tz::Asia::Jakarta))
    }

    /// Validates what an officer wrote; drafts may be incomplete (the checks say what is missing).
    async fn validate_post(&self, actor: &Actor, input: PostInput) -> Result<(NewPost, Vec<Account>)> {
        let agency = match input.agency_id.or(actor.agency_id) {
            Some(a) => a,
            None => return Err(Error::invalid("agency_id", "Sebutkan instansi pemilik pesan.")),
        };
        actor.require_edit_agency(agency)?;
        let text_limit = |v: &str, max: usize, field: &'static str, what: &str| -> Result<String> {
            let v = v.trim().to_string();
            if v.chars().count() > max {
                return Err(Error::invalid(field, format!("{what} terlalu panjang (maksimal {max} karakter).")));
            }
            Ok(v)
        };
        let title = text_limit(&input.title, 300, "title", "Judul")?;
        let body = text_limit(&input.body, 63_206, "body", "Isi pesan")?;
        let audience = text_limit(&input.audience, 2000, "audience", "Khalayak sasaran")?;
        let link = text_limit(&input.link, 1000, "link", "Tautan")?;
        if !link.is_empty() && !crate::desk::is_web_link(&link) {
            return Err(Error::invalid("link", "Tautan harus berupa alamat web (http:// atau https://)."));
        }
        let category = match input.category.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            Some(c) => Some(Category::parse(c).ok_or_else(|| Error::invalid("category", "Kategori tidak dikenal."))?),
            None => None,
        };
        let campaign = match input.campaign_id {
            Some(id) => Some(
                self.store
                    .campaigns()
                    .await?
                    .into_iter()
                    .find(|c| c.id == id)
                    .ok_or_else(|| Error::invalid("campaign_id", "Kampanye tidak ditemukan."))?,
            ),
            None => None,
        };
        let hashtag = match (input.hashtag.trim(), &campaign) {
            ("", Some(c)) => c.hashtag.clone(),
            ("", None) => String::new(),
            (h, _) => normalize_hashtag(h)?,
        };
        let tz = self.region_tz().await?;
        let scheduled_at = match input.scheduled_local.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => {
                let t = parse_local(s, tz)?;
                if t <= self.clock.now() {
                    return Err(Error::invalid(
                        "scheduled_local",
                        "Waktu terjadwal sudah lewat. Pilih waktu yang akan datang, atau kosongkan agar terbit segera setelah disetujui.",
                    ));
                }
                Some(t)
            }
            None => None,
        };
        if input.targets.len() > MAX_TARGETS {
            return Err(Error::invalid("targets", format!("Paling banyak {MAX_TARGETS} akun per pesan.")));
        }
        let mut targets: Vec<PostTarget> = Vec::new();
        let mut accounts = Vec::new();
        for t in input.targets {
            if targets.iter().any(|x| x.account_id == t.account_id) {
                continue;
            }
            let a = self
                .store
                .account(t.account_id)
                .await?
                .filter(|a| a.agency_id == agency)
                .ok_or_else(|| Error::invalid("targets", "Akun tujuan harus akun resmi instansi ini."))?;
            if a.status != AccountStatus::Verified {
                return Err(Error::invalid(
                    "targets",
                    format!(
                        "Akun {} belum terverifikasi Dinas; pesan hanya diterbitkan di akun resmi yang terverifikasi.",
                        a.handle
                    ),
                ));
            }
            let variant = text_limit(&t.variant, 63_206, "targets", "Varian pesan")?;
            targets.push(PostTarget { account_id: t.account_id, variant });
            accounts.push(a);
        }
        let mut item_ids = Vec::new();
        for id in input.item_ids.into_iter().take(200) {
            self.item(actor, id).await?;
            if !item_ids.contains(&id) {
                item_ids.push(id);
            }
        }
        let post = NewPost {
            agency_id: agency,
            campaign_id: campaign.map(|c| c.id),
            title,
            body,
            hashtag,
            category,
            audience,
            link,
            scheduled_at,
            targets,
            item_ids,
        };
        Ok((post, accounts))
    }

    /// The checks on a stored message, with the text each account would get.
    async fn findings(&self, post: &Post) -> Result<(Vec<Finding>, Vec<(AccountId, String)>)> {
        let rules = self.store.platform_rules().await?;
        let lists = self.store.word_lists().await?;
        let mut accounts = Vec::new();
        for t in &post.targets {
            if let Some(a) = self.store.account(t.account_id).await? {
                accounts.push(a);
            }
        }
        let mut texts = Vec::new();
        let mut targets = Vec::new();
        for a in &accounts {
            let text = post.text_for(a.id);
            texts.push((a.id, text.clone()));
            targets.push(CheckTarget {
                account_id: a.id,
                platform: a.platform,
                kind: a.kind,
                handle: a.handle.clone(),
                text,
                title: post.title.clone(),
            });
        }
        let message = Message {
            title: &post.title,
            body: &post.body,
            hashtag: &post.hashtag,
            category: post.category,
            link: &post.link,
        };
        let mut findings = check(message, &targets, &rules, &lists);
        for a in &accounts {
            let caps = self.capabilities(a);
            if !post.images.is_empty() && !caps.images {
                findings.push(Finding {
                    code: "images_not_sent".into(),
                    severity: Severity::Warning,
                    message: format!(
                        "{} ({}): gambar tidak ikut terkirim ke platform ini; hanya teksnya.",
                        a.handle,
                        a.platform.label()
                    ),
                    account_id: Some(a.id),
                });
            }
            let connected = self.store.channel(a.id).await?.is_some();
            if !caps.publish || !connected {
                findings.push(Finding {
                    code: "manual_platform".into(),
                    severity: Severity::Warning,
                    message: format!(
                        "{} ({}): tidak diterbitkan otomatis ({}); terbitkan langsung di platform setelah disetujui.",
                        a.handle,
                        a.platform.label(),
                        if connected {
                            "platform ini tidak menerima terbitan dari humas"
                        } else {
                            "akun belum dihubungkan ke platformnya"
                        }
                    ),
                    account_id: Some(a.id),
                });
            }
        }
        Ok((findings, texts))
    }

    async fn view(&self, post: Post) -> Result<PostView> {
        let (findings, texts) = self.findings(&post).await?;
        let deliveries = self.store.post_deliveries(post.id).await?;
        Ok(PostView { post, findings, deliveries, texts })
    }

    async fn readable_post(&self, actor: &Actor, id: i64) -> Result<Post> {
        let p = self.store.post(id).await?.ok_or(Error::NotFound("Pesan"))?;
        if actor.can_read_agency(p.agency_id) { Ok(p) } else { Err(Error::NotFound("Pesan")) }
    }

    pub async fn create_post(&self, actor: &Actor, input: PostInput) -> Result<PostView> {
        let (new, _) = self.validate_post(actor, input).await?;
        let post = self.store.create_post(&new, actor.user_id, &self.audit(actor, "post.create")).await?;
        self.view(post).await
    }

    /// Saves an edit of the version the officer saw; someone else's save in
    /// between is refused (their work and this one both kept: nothing is overwritten).
    pub async fn update_post(&self, actor: &Actor, id: i64, input: PostInput) -> Result<PostView> {
        let current = self.readable_post(actor, id).await?;
        actor.require_edit_agency(current.agency_id)?;
        let version =
            input.version.ok_or_else(|| Error::invalid("version", "Versi pesan yang diubah wajib disertakan."))?;
        post_transition(current.status, PostAction::Edit)?;
        let deliveries = self.store.post_deliveries(id).await?;
        if deliveries.iter().any(|d| {
            !matches!(d.status, crate::channel::DeliveryStatus::Queued | crate::channel::DeliveryStatus::Cancelled)
        }) {
            return Err(Error::conflict(
                "already_sent",
                "Pesan ini sudah mulai terkirim ke platform dan tidak dapat diubah lagi.",
            ));
        }
        let input = PostInput { agency_id: Some(current.agency_id), ..input };
        let (new, _) = self.validate_post(actor, input).await?;
        let post = self.store.update_post(id, version, &new, actor.user_id, &self.audit(actor, "post.update")).await.map_err(|e| match e {
            StoreError::NotFound => Error::conflict(
                "stale_version",
                "Pesan ini baru saja diubah atau diproses pengguna lain, jadi perubahan Anda belum disimpan. Salin teks Anda, muat ulang halaman, lalu terapkan lagi.",
            ),
            StoreError::Conflict { .. } => Error::conflict("already_sent", "Pesan ini sudah mulai terkirim ke platform dan tidak dapat diubah lagi."),
            other => other.into(),
        })?;
        self.view(post).await
    }

    pub async fn post_view(&self, actor: &Actor, id: i64) -> Result<PostView> {
        let p = self.readable_post(actor, id).await?;
        self.view(p).await
    }

    pub async fn posts(&self, actor: &Actor, mut filter: PostFilter) -> Result<Vec<Post>> {
        match (actor.read_scope(), filter.agency_id) {
            (Some(own), None) => filter.agency_id = Some(own.0),
            (Some(own), Some(a)) if own.0 != a => return Err(Error::Forbidden),
            _ => {}
        }
        Ok(self.store.posts(&filter).await?)
    }

    #[allow(clippy::too_many_arguments)] // one private helper for every status change
    async fn decide(
        &self,
        actor: &Actor,
        post: &Post,
        version: i32,
        action: PostAction,
        note: &str,
        override_reason: &str,
        deliveries: &[(AccountId, Outbound)],
        audit: &'static str,
    ) -> Result<(Post, Vec<Delivery>)> {
        let to = post_transition(post.status, action)?;
        let d = PostDecision {
            from: post.status,
            to,
            version,
            by: actor.user_id,
            note: note.trim().to_string(),
            override_reason: override_reason.trim().to_string(),
        };
        self.store.decide_post(post.id, &d, deliveries, &self.audit(actor, audit)).await.map_err(|e| match e {
            StoreError::NotFound => Error::conflict(
                "stale_version",
                "Pesan ini baru saja diubah atau diproses pengguna lain. Muat ulang halaman untuk melihat statusnya.",
            ),
            other => other.into(),
        })
    }

    /// The Operator (or the Official) submits a complete message for approval.
    pub async fn submit_post(&self, actor: &Actor, id: i64, version: i32) -> Result<PostView> {
        let post = self.readable_post(actor, id).await?;
        actor.require_edit_agency(post.agency_id)?;
        let (findings, _) = self.findings(&post).await?;
        blocking(&findings)?;
        let (post, _) = self.decide(actor, &post, version, PostAction::Submit, "", "", &[], "post.submit").await?;
        self.notify_officials(
            post.agency_id,
            &format!("Pesan \"{}\" menunggu persetujuan Anda.", short(&post)),
            &format!("/terbitan/{}", post.id),
        )
        .await?;
        self.view(post).await
    }

    /// The agency's Official approves: never their own message; warnings need
    /// a reason, which is kept. One delivery per account, at the scheduled time.
    pub async fn approve_post(&self, actor: &Actor, id: i64, version: i32, override_reason: &str) -> Result<PostView> {
        let post = self.readable_post(actor, id).await?;
        require_official(actor, post.agency_id)?;
        if post.created_by == Some(actor.user_id) || post.submitted_by == Some(actor.user_id) {
            return Err(Error::conflict(
                "own_post",
                "Pesan yang Anda buat atau ajukan sendiri harus disetujui pejabat lain.",
            ));
        }
        let (findings, texts) = self.findings(&post).await?;
        blocking(&findings)?;
        if findings.iter().any(|f| f.severity == Severity::Warning) && override_reason.trim().chars().count() < 10 {
            return Err(Error::invalid(
                "override_reason",
                "Ada peringatan pada pesan ini. Tuliskan alasan menyetujuinya (minimal 10 karakter); alasan itu disimpan.",
            ));
        }
        let now = self.clock.now();
        if post.scheduled_at.is_some_and(|t| t <= now) {
            return Err(Error::invalid(
                "scheduled_local",
                "Waktu terjadwal sudah lewat. Kembalikan ke draf dan pilih waktu baru.",
            ));
        }
        let mut deliveries = Vec::new();
        for (account, text) in texts {
            let Some(a) = self.store.account(account).await? else { continue };
            if !self.capabilities(&a).publish || self.store.channel(account).await?.is_none() {
                continue; // published by hand; the checks said so
            }
            let key = format!("humas-p{}-a{}-v{}-{}", post.id, account.0, version, &crate::auth::random_token()?[..8]);
            let media = post
                .images
                .iter()
                .map(|i| crate::channel::MediaRef {
                    blob_key: i.blob_key.clone(),
                    content_type: i.content_type.clone(),
                    name: i.name.clone(),
                    alt: i.alt.clone(),
                })
                .collect();
            deliveries
                .push((account, Outbound::Post { key, title: post.title.clone(), text, link: String::new(), media }));
        }
        let (post, created) = self
            .decide(actor, &post, version, PostAction::Approve, "", override_reason, &deliveries, "post.approve")
            .await?;
        let at = post.scheduled_at.unwrap_or(now);
        for d in &created {
            self.store
                .enqueue_job(
                    super::DELIVER,
                    &format!("{{\"delivery\":{}}}", d.id),
                    Some(&format!("{}:{}", super::DELIVER, d.id)),
                    at,
                )
                .await?;
        }
        self.view(post).await
    }

    pub async fn reject_post(&self, actor: &Actor, id: i64, version: i32, note: &str) -> Result<PostView> {
        let post = self.readable_post(actor, id).await?;
        require_official(actor, post.agency_id)?;
        if note.trim().chars().count() < 5 {
            return Err(Error::invalid(
                "note",
                "Tuliskan alasan pengembalian agar petugas tahu apa yang harus diperbaiki.",
            ));
        }
        let (post, _) = self.decide(actor, &post, version, PostAction::Reject, note, "", &[], "post.reject").await?;
        if let Some(author) = post.submitted_by.or(post.created_by) {
            let text = format!("Pesan \"{}\" dikembalikan: {}", short(&post), note.trim());
            self.store.notify(&[author], "post", &text, &format!("/terbitan/{}", post.id), self.clock.now()).await?;
        }
        self.view(post).await
    }

    /// Cancels a message; deliveries not yet sent are cancelled with it.
    pub async fn cancel_post(&self, actor: &Actor, id: i64, version: i32) -> Result<PostView> {
        let post = self.readable_post(actor, id).await?;
        actor.require_edit_agency(post.agency_id)?;
        let (post, _) = self.decide(actor, &post, version, PostAction::Cancel, "", "", &[], "post.cancel").await?;
        self.view(post).await
    }

    /// Attaches an image to a draft (PNG, JPEG, GIF or WebP by content, at
    /// most four of 5 MB); the version the officer saw must still be current.
    pub async fn add_post_image(
        &self,
        actor: &Actor,
        id: i64,
        version: i32,
        name: &str,
        bytes: &[u8],
        alt: &str,
    ) -> Result<PostView> {
        let post = self.readable_post(actor, id).await?;
        actor.require_edit_agency(post.agency_id)?;
        if !matches!(post.status, crate::publishing::PostStatus::Draft | crate::publishing::PostStatus::Rejected) {
            return Err(Error::conflict(
                "wrong_status",
                "Gambar hanya dapat diubah pada draf. Ubah pesannya dulu (kembali menjadi draf).",
            ));
        }
        if post.images.len() >= crate::publishing::MAX_IMAGES {
            return Err(Error::invalid(
                "file",
                format!("Paling banyak {} gambar per pesan.", crate::publishing::MAX_IMAGES),
            ));
        }
        if bytes.len() > crate::publishing::MAX_IMAGE_BYTES {
            return Err(Error::invalid("file", "Gambar terlalu besar (maksimal 5 MB)."));
        }
        let content_type = crate::publishing::sniff_image(bytes)
            .ok_or_else(|| Error::invalid("file", "Berkas bukan gambar PNG, JPEG, GIF, atau WebP."))?;
        let alt = alt.trim();
        if alt.chars().count() > 1500 {
            return Err(Error::invalid("alt", "Keterangan gambar terlalu panjang (maksimal 1500 karakter)."));
        }
        let name: String = name.chars().filter(|c| !c.is_control() && !matches!(c, '/' | '\\')).take(120).collect();
        let blob_key = self.blobs.put(bytes).await?;
        let image = crate::publishing::PostImage {
            position: 0,
            blob_key,
            content_type: content_type.into(),
            name,
            size: bytes.len() as i64,
            alt: alt.into(),
        };
        let post = self
            .store
            .change_post_image(id, version, Some(&image), None, &self.audit(actor, "post.image_add"))
            .await
            .map_err(stale)?;
        self.view(post).await
    }

    pub async fn remove_post_image(&self, actor: &Actor, id: i64, version: i32, position: i32) -> Result<PostView> {
        let post = self.readable_post(actor, id).await?;
        actor.require_edit_agency(post.agency_id)?;
        let post = self
            .store
            .change_post_image(id, version, None, Some(position), &self.audit(actor, "post.image_remove"))
            .await
            .map_err(stale)?;
        self.view(post).await
    }

    /// One image of a message, with its type.
    pub async fn post_image(&self, actor: &Actor, id: i64, position: i32) -> Result<(String, Vec<u8>)> {
        let post = self.readable_post(actor, id).await?;
        let img = post.images.iter().find(|i| i.position == position).ok_or(Error::NotFound("Gambar"))?;
        let bytes = self.blobs.get(&img.blob_key).await?.ok_or(Error::NotFound("Gambar"))?;
        Ok((img.content_type.clone(), bytes))
    }

    /// Pasal 9j: after publishing, answers the citizens whose items this
    /// message follows up, on their own threads, with the link — one reply
    /// per item that came from a connected account (others are listed for
    /// the officer to answer by hand). Returns how many replies were queued.
    pub async fn reply_to_linked_items(&self, actor: &Actor, id: i64) -> Result<usize> {
        let post = self.readable_post(actor, id).await?;
        actor.require_edit_agency(post.agency_id)?;
        let delivered = self.store.post_deliveries(id).await?;
        let Some(url) = delivered
            .iter()
            .find(|d| d.status == crate::channel::DeliveryStatus::Delivered && !d.remote_url.is_empty())
            .map(|d| d.remote_url.clone())
        else {
            return Err(Error::conflict(
                "not_published",
                "Pesan ini belum terbit di platform mana pun; balasan ke warga menunggu tautannya.",
            ));
        };
        let summary = if post.title.trim().is_empty() {
            post.body.chars().take(120).collect::<String>()
        } else {
            post.title.clone()
        };
        let mut queued = 0;
        for item_id in &post.item_ids {
            let Ok(d) = self.item(actor, *item_id).await else { continue };
            let item = d.item;
            let (Some(account_id), Some(remote_id)) = (item.account_id, item.remote_id.clone()) else { continue };
            if item.source != crate::desk::ItemSource::Channel {
                continue;
            }
            let Some(account) = self.store.account(account_id).await? else { continue };
            if self.store.channel(account_id).await?.is_none() || !self.capabilities(&account).reply {
                continue;
            }
            let already = self.store.deliveries(None, Some(item.id), 50).await?;
            if already.iter().any(|x| matches!(&x.outbound, Outbound::Reply { text, .. } if text.contains(&url))) {
                continue;
            }
            let outbound = Outbound::Reply {
                key: format!("humas-f{}-i{}-{}", post.id, item.id, &crate::auth::random_token()?[..8]),
                thread_id: item.thread_id.clone(),
                parent_remote_id: remote_id,
                author_handle: item.author_handle.clone(),
                text: format!("Terima kasih atas masukannya. Tindak lanjutnya: {summary} {url}"),
            };
            let d = self
                .store
                .create_delivery(
                    account_id,
                    account.agency_id,
                    Some(item.id),
                    &outbound,
                    &self.audit(actor, "post.follow_up"),
                )
                .await?;
            self.store
                .enqueue_job(
                    super::DELIVER,
                    &format!("{{\"delivery\":{}}}", d.id),
                    Some(&format!("{}:{}", super::DELIVER, d.id)),
                    self.clock.now(),
                )
                .await?;
            queued += 1;
        }
        Ok(queued)
    }

    /// Re-queues the jobs of deliveries that should be running (after a
    /// crash between approving and queueing, or a lost job).
    pub(super) async fn ensure_delivery_jobs(&self) -> Result<()> {
        let now = self.clock.now();
        for d in self.store.open_deliveries().await? {
            let at = d.next_attempt_at.unwrap_or(now).max(now);
            self.store
                .enqueue_job(
                    super::DELIVER,
                    &format!("{{\"delivery\":{}}}", d.id),
                    Some(&format!("{}:{}", super::DELIVER, d.id)),
                    at,
                )
                .await?;
        }
        Ok(())
    }

    async fn notify_officials(&self, agency: AgencyId, text: &str, link: &str) -> Result<()> {
        let users = self.store.users(Some(agency)).await?;
        let ids: Vec<_> = users.iter().filter(|u| u.role == Role::Official && !u.disabled).map(|u| u.id).collect();
        self.store.notify(&ids, "post", text, link, self.clock.now()).await?;
        Ok(())
    }

    pub async fn campaigns(&self) -> Result<Vec<Campaign>> {
        Ok(self.store.campaigns().await?)
    }

    pub async fn create_campaign(&self, actor: &Actor, mut input: CampaignInput) -> Result<Campaign> {
        actor.require_dinas()?;
        input.name = input.name.trim().to_string();
        if input.name.is_empty() || input.name.chars().count() > 200 {
            return Err(Error::invalid("name", "Nama kampanye wajib diisi (maksimal 200 karakter)."));
        }
        input.hashtag = normalize_hashtag(&input.hashtag)?;
        if input.ends_on < input.starts_on {
            return Err(Error::invalid("ends_on", "Tanggal selesai tidak boleh sebelum tanggal mulai."));
        }
        Ok(self.store.create_campaign(&input, &self.audit(actor, "campaign.create")).await?)
    }

    pub async fn platform_rules(&self) -> Result<Vec<PlatformRule>> {
        Ok(self.store.platform_rules().await?)
    }

    pub async fn save_platform_rule(&self, actor: &Actor, rule: PlatformRule) -> Result<()> {
        actor.require_dinas()?;
        for (v, field) in [
            (rule.max_chars, "max_chars"),
            (rule.link_chars, "link_chars"),
            (rule.max_hashtags, "max_hashtags"),
            (rule.title_max, "title_max"),
        ] {
            if v.is_some_and(|v| !(0..=1_000_000).contains(&v)) {
                return Err(Error::invalid(field, "Batas harus angka 0 sampai 1.000.000, atau kosong."));
            }
        }
        Ok(self.store.save_platform_rule(&rule, &self.audit(actor, "platform_rule.save")).await?)
    }

    pub async fn word_lists(&self) -> Result<WordLists> {
        Ok(self.store.word_lists().await?)
    }

    pub async fn save_word_list(&self, actor: &Actor, kind: &str, words: &[String]) -> Result<()> {
        actor.require_dinas()?;
        if !WordLists::KINDS.contains(&kind) {
            return Err(Error::invalid("kind", "Daftar kata tidak dikenal."));
        }
        let mut clean: Vec<String> = words.iter().map(|w| w.trim().to_lowercase()).filter(|w| !w.is_empty()).collect();
        clean.sort();
        clean.dedup();
        if clean.len() > 2000 || clean.iter().any(|w| w.chars().count() > 60) {
            return Err(Error::invalid("words", "Paling banyak 2000 kata, masing-masing maksimal 60 karakter."));
        }
        Ok(self.store.save_word_list(kind, &clean, &self.audit(actor, "word_list.save")).await?)
    }
}

fn stale(e: StoreError) -> Error {
    match e {
        StoreError::NotFound => Error::conflict(
            "stale_version",
            "Pesan ini baru saja diubah atau diproses pengguna lain, atau bukan lagi draf. Muat ulang halaman.",
        ),
        other => other.into(),
    }
}

fn blocking(findings: &[Finding]) -> Result<()> {
    let errors: Vec<&str> =
        findings.iter().filter(|f| f.severity == Severity::Error).map(|f| f.message.as_str()).collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::conflict("checks_failed", format!("Pesan belum memenuhi syarat: {}", errors.join(" · "))))
    }
}

/// Approval is the agency's Official's act (Pasal 9d: the responsible official).
fn require_official(actor: &Actor, agency: AgencyId) -> Result<()> {
    if actor.role == Role::Official && actor.agency_id == Some(agency) { Ok(()) } else { Err(Error::Forbidden) }
}

fn short(p: &Post) -> String {
    let t = if p.title.trim().is_empty() { &p.body } else { &p.title };
    t.chars().take(60).collect()
}
