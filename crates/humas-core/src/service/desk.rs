//! The service desk (Lampiran B; R-MON-1, R-SVC-1..3): receiving items,
//! answering, referring to the responsible agency with its clock, relaying the
//! answer, closing what is outside regional government.

use super::Humas;
use crate::desk::{
    Action, InboundItem, Item, ItemChange, ItemEvent, ItemFilter, ItemPage, ItemSource, ItemStatus, NewItem,
    NewReferral, Referral, ReferralStatus, Sop, transition,
};
use crate::ids::{AgencyId, UserId};
use crate::policy::Actor;
use crate::{Error, Result};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// The outcome of one item of a batch.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct IngestOutcome {
    pub index: usize,
    pub id: Option<i64>,
    /// False when the same (account, remote id) was already stored.
    pub created: bool,
    pub error: Option<String>,
}

/// What a citizen writes on the public form "Sampaikan pertanyaan/aspirasi".
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct PublicSubmission {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub contact: String,
    pub text: String,
    /// The agency addressed, if the citizen knows it.
    pub agency_id: Option<AgencyId>,
    /// A field people never see; bots fill it.
    #[serde(default)]
    pub website: String,
}

/// What anyone holding the tracking code may see: no personal data.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PublicStatus {
    pub tracking_code: String,
    pub status: ItemStatus,
    pub status_label: String,
    pub agency: String,
    pub received_at: DateTime<Utc>,
    pub answer: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
}

/// An item with its referral hops and history.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ItemDetail {
    pub item: Item,
    pub referrals: Vec<Referral>,
    pub events: Vec<ItemEvent>,
}

impl ItemDetail {
    /// The referral hop awaiting an answer, if any.
    pub fn open_referral(&self) -> Option<&Referral> {
        self.referrals.iter().find(|r| r.status == ReferralStatus::Open)
    }
}

/// Per-batch caches of the ingest path.
struct IngestContext {
    agencies: Vec<crate::agency::Agency>,
    districts: Vec<String>,
    accounts: std::collections::HashMap<crate::ids::AccountId, Option<(AgencyId, String)>>,
    sops: std::collections::HashMap<AgencyId, Sop>,
}

/// Turns an inbound item into a stored one: routing, classification, clock.
/// Pure CPU over the batch's context, so a batch can be split across cores.
fn prepare(
    classifier: &dyn crate::rules::Classifier,
    ctx: &IngestContext,
    input: InboundItem,
    source: ItemSource,
    actor: Option<&Actor>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<NewItem> {
    let input = input.validate()?;
    let (agency_id, platform) = match input.account_id {
        Some(id) => ctx
            .accounts
            .get(&id)
            .cloned()
            .flatten()
            .ok_or_else(|| Error::invalid("account_id", "Akun tidak ditemukan."))?,
        None => {
            let a =
                input.agency_id.ok_or_else(|| Error::invalid("agency_id", "Sebutkan akun atau instansi penerima."))?;
            (a, if source == ItemSource::WebForm { "web".into() } else { "manual".into() })
        }
    };
    if let Some(actor) = actor {
        actor.require_edit_agency(agency_id)?;
    }
    if !ctx.agencies.iter().any(|a| a.id == agency_id) {
        return Err(Error::invalid("agency_id", "Instansi tidak ditemukan."));
    }
    if input.account_id.is_some() && input.remote_id.is_none() {
        return Err(Error::invalid("remote_id", "Pesan dari akun wajib membawa ID pesan di platform."));
    }
    let proposal = classifier.classify(&input.text, &ctx.agencies, &ctx.districts);
    let first_response_hours = ctx
        .sops
        .get(&agency_id)
        .map_or_else(|| Sop::default_for(agency_id).first_response_hours, |s| s.first_response_hours);
    Ok(NewItem {
        agency_id,
        account_id: input.account_id,
        source,
        platform,
        remote_id: input.remote_id,
        thread_id: input.thread_id,
        parent_remote_id: input.parent_remote_id,
        author_handle: input.author_handle,
        author_name: input.author_name,
        author_contact: input.author_contact,
        link: input.link,
        written_at: input.written_at.unwrap_or(now).min(now),
        received_at: now,
        kind: input.kind.unwrap_or(proposal.kind),
        sentiment: input.sentiment.unwrap_or(proposal.sentiment),
        district: input.district.filter(|d| ctx.districts.contains(d)).or(proposal.district),
        topic: input.topic,
        suggested_agency_id: proposal.agency,
        due_at: now + Duration::hours(first_response_hours.into()),
        tracking_code: None,
        search_terms: format!("{} {}", humas_text::search_form(&input.text), crate::desk::agency_token(agency_id)),
        // What an importer or officer set is not the model's guess.
        needs_review: proposal.needs_review && input.kind.is_none(),
        confidence: proposal.confidence,
        text: input.text,
    })
}

/// `f` over the items, in order, on up to four threads for large batches:
/// classifying is most of a batch's CPU time and a server has cores to spare
/// while the database writes. Blocks the caller for the batch's duration.
fn map_in_parallel<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    const MIN_PER_THREAD: usize = 100;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(4);
    let threads = threads.min(items.len() / MIN_PER_THREAD).max(1);
    if threads == 1 {
        return items.into_iter().map(f).collect();
    }
    let per = items.len().div_ceil(threads);
    let mut chunks: Vec<Vec<T>> = Vec::with_capacity(threads);
    let mut rest = items.into_iter();
    for _ in 0..threads {
        chunks.push(rest.by_ref().take(per).collect());
    }
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> =
            chunks.into_iter().map(|chunk| scope.spawn(move || chunk.into_iter().map(f).collect::<Vec<R>>())).collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))).collect()
    })
}

const FORM_LIMIT: i64 = 5;
const FORM_WINDOW_MINUTES: i64 = 10;

impl Humas {
    pub async fn sop(&self, agency: AgencyId) -> Result<Sop> {
        Ok(self.store.sop(agency).await?)
    }

    /// The agency's Official or the Dinas sets its SOP clocks.
    pub async fn save_sop(&self, actor: &Actor, sop: Sop) -> Result<Sop> {
        actor.require_official_of(sop.agency_id)?;
        let sop = sop.validate()?;
        self.agency(sop.agency_id).await?;
        Ok(self.store.save_sop(&sop, &self.audit(actor, "sop.update")).await?)
    }

    /// What routing a batch needs, read once per batch (four queries, not
    /// two per account and agency met).
    async fn ingest_context(&self) -> Result<IngestContext> {
        let agencies = self.store.agencies().await?;
        let districts = self.store.districts().await?;
        let accounts = self.store.accounts(&crate::store::AccountFilter::default()).await?;
        let sops = self.store.sops().await?;
        let mut sops: std::collections::HashMap<AgencyId, Sop> = sops.into_iter().map(|s| (s.agency_id, s)).collect();
        for a in &agencies {
            sops.entry(a.id).or_insert_with(|| Sop::default_for(a.id));
        }
        Ok(IngestContext {
            agencies,
            districts: districts.into_iter().map(|d| d.name).collect(),
            accounts: accounts
                .into_iter()
                .map(|a| (a.id, Some((a.agency_id, a.platform.as_str().to_string()))))
                .collect(),
            sops,
        })
    }

    /// Reads an account the batch's context lacks (created since it was read).
    async fn complete_context(&self, ctx: &mut IngestContext, input: &InboundItem) -> Result<()> {
        if let Some(id) = input.account_id
            && !ctx.accounts.contains_key(&id)
        {
            let a = self.store.account(id).await?.map(|a| (a.agency_id, a.platform.as_str().to_string()));
            ctx.accounts.insert(id, a);
        }
        Ok(())
    }

    /// A batch from an adapter, an import or an operator. Each item succeeds or
    /// fails alone: the good ones are stored (in one transaction), the bad ones reported.
    pub async fn ingest(
        &self,
        actor: &Actor,
        batch: Vec<InboundItem>,
        source: ItemSource,
    ) -> Result<Vec<IngestOutcome>> {
        if !matches!(actor.role, crate::Role::DinasAdmin | crate::Role::Official | crate::Role::Operator) {
            return Err(Error::Forbidden);
        }
        if batch.len() > 1000 {
            return Err(Error::invalid("items", "Paling banyak 1000 pesan per kiriman."));
        }
        let mut ctx = self.ingest_context().await?;
        let mut out: Vec<IngestOutcome> = Vec::with_capacity(batch.len());
        // Items addressed to an agency without a platform id get a local one,
        // so that every stored item has an identity for deduplication.
        let batch: Vec<InboundItem> = batch
            .into_iter()
            .map(|mut i| {
                if i.account_id.is_none() && i.remote_id.is_none() {
                    i.remote_id = crate::auth::random_token().ok().map(|t| format!("local-{}", &t[..24]));
                }
                i
            })
            .collect();
        for input in &batch {
            self.complete_context(&mut ctx, input).await?;
        }
        let now = self.clock.now();
        let classifier = &*self.classifier;
        let prepared = map_in_parallel(batch, |input| prepare(classifier, &ctx, input, source, Some(actor), now));
        let mut ready = Vec::with_capacity(prepared.len());
        for (index, result) in prepared.into_iter().enumerate() {
            match result {
                Ok(new) => {
                    ready.push(new);
                    out.push(IngestOutcome { index, id: None, created: false, error: None });
                }
                Err(Error::Internal(e)) => return Err(Error::Internal(e)),
                Err(e) => out.push(IngestOutcome { index, id: None, created: false, error: Some(e.to_string()) }),
            }
        }
        let stored = self.store.ingest_items(&ready).await?;
        let mut stored = stored.into_iter();
        for o in out.iter_mut().filter(|o| o.error.is_none()) {
            if let Some((id, created)) = stored.next() {
                o.id = Some(id);
                o.created = created;
            }
        }
        Ok(out)
    }

    /// The public form: rate-limited per client, a honeypot instead of a
    /// captcha service; returns the tracking code.
    pub async fn submit_public(&self, s: PublicSubmission, client: &str) -> Result<String> {
        if !s.website.is_empty() {
            // Pretend success to the bot; store nothing.
            return Ok(crate::auth::random_password()?.chars().take(8).collect());
        }
        let now = self.clock.now();
        let key = format!("form:{client}");
        if self.store.login_failures_since(&key, now - Duration::minutes(FORM_WINDOW_MINUTES)).await? >= FORM_LIMIT {
            return Err(Error::RateLimited { retry_after_secs: (FORM_WINDOW_MINUTES * 60) as u64 });
        }
        let agencies = self.store.agencies().await?;
        let dinas = agencies.iter().find(|a| a.is_dinas).or(agencies.first()).ok_or(Error::NotFound("Instansi"))?;
        let input = InboundItem {
            account_id: None,
            agency_id: Some(s.agency_id.filter(|a| agencies.iter().any(|g| g.id == *a)).unwrap_or(dinas.id)),
            remote_id: None,
            thread_id: None,
            parent_remote_id: None,
            author_handle: String::new(),
            author_name: s.name,
            author_contact: s.contact,
            text: s.text,
            link: String::new(),
            written_at: None,
            kind: None,
            sentiment: None,
            district: None,
            topic: String::new(),
        };
        let ctx = self.ingest_context().await?;
        let mut new = prepare(&*self.classifier, &ctx, input, ItemSource::WebForm, None, now)?;
        // Addressed to no one in particular: the classifier's choice, else the Dinas.
        if s.agency_id.is_none()
            && let Some(a) = new.suggested_agency_id
        {
            new.agency_id = a;
        }
        let code = tracking_code()?;
        new.tracking_code = Some(code.clone());
        new.remote_id = Some(format!("form-{code}"));
        self.store.ingest_items(std::slice::from_ref(&new)).await?;
        self.store.record_login_failure(&key, now).await?;
        Ok(code)
    }

    /// The public follow-up page: status and, when answered, the answer.
    pub async fn track(&self, code: &str) -> Result<PublicStatus> {
        let code = code.trim().to_uppercase();
        if code.len() > 20 {
            return Err(Error::NotFound("Kode pelacakan"));
        }
        let item = self.store.item_by_tracking_code(&code).await?.ok_or(Error::NotFound("Kode pelacakan"))?;
        let agency = self.store.agency(item.agency_id).await?.map(|a| a.name).unwrap_or_default();
        let answered = matches!(item.status, ItemStatus::Answered | ItemStatus::OutOfScope);
        Ok(PublicStatus {
            tracking_code: code,
            status: item.status,
            status_label: public_status_label(item.status).into(),
            agency,
            received_at: item.received_at,
            answer: answered.then(|| item.answer_text.clone()),
            answered_at: if answered { item.answered_at } else { None },
        })
    }

    /// The inbox: region-wide roles see all items; an agency sees what it owns
    /// and what was referred to it.
    pub async fn inbox(&self, actor: &Actor, mut filter: ItemFilter) -> Result<ItemPage> {
        filter.scope = actor.read_scope();
        filter.now = Some(self.clock.now());
        let tz = self.store.region().await?.map(|r| r.tz()).unwrap_or(chrono_tz::Asia::Jakarta);
        let start_of = |d: chrono::NaiveDate| {
            d.and_hms_opt(0, 0, 0).and_then(|t| t.and_local_timezone(tz).earliest()).map(|t| t.with_timezone(&Utc))
        };
        filter.received_after = filter.from.and_then(start_of);
        filter.received_before = filter.to.and_then(|d| d.succ_opt()).and_then(start_of);
        filter.search_terms = humas_text::query_terms(filter.q.as_deref().unwrap_or(""));
        Ok(self.store.items(&filter).await?)
    }

    /// One item with its history, if the actor may see it: the owner, an
    /// agency it was referred to, or a region-wide role.
    pub async fn item(&self, actor: &Actor, id: i64) -> Result<ItemDetail> {
        let item = self.store.item(id).await?.ok_or(Error::NotFound("Pesan"))?;
        let referrals = self.store.referrals(id).await?;
        let visible = actor.reads_region()
            || actor.agency_id == Some(item.agency_id)
            || referrals.iter().any(|r| Some(r.to_agency_id) == actor.agency_id);
        if !visible {
            return Err(Error::NotFound("Pesan"));
        }
        // Receiving is not stored as an event (it would double the ingest's
        // writes); it is the item's own `received_at`.
        let mut events = vec![ItemEvent {
            id: 0,
            item_id: id,
            at: item.received_at,
            actor_id: None,
            actor_name: item.source.label().to_string(),
            action: "received".into(),
            from_status: None,
            to_status: Some(ItemStatus::New),
            note: String::new(),
        }];
        events.extend(self.store.item_events(id).await?);
        Ok(ItemDetail { item, referrals, events })
    }

    async fn apply(&self, actor: &Actor, change: ItemChange, action: &'static str) -> Result<Item> {
        self.store.change_item(&change, &self.audit(actor, action)).await.map_err(|e| match e {
            crate::error::StoreError::NotFound => Error::conflict(
                "wrong_status",
                "Pesan ini baru saja ditangani pengguna lain. Muat ulang halaman untuk melihat statusnya.",
            ),
            other => other.into(),
        })
    }

    /// The owning agency answers the citizen: directly, or relaying a referral's answer.
    pub async fn answer_item(&self, actor: &Actor, id: i64, text: &str, link: &str) -> Result<Item> {
        let d = self.item(actor, id).await?;
        actor.require_edit_agency(d.item.agency_id)?;
        let text = required_text(text, "answer")?;
        let link = optional_link(link)?;
        let to = transition(d.item.status, Action::Answer)?;
        let change = ItemChange {
            item_id: id,
            from: d.item.status,
            to,
            due_at: None,
            answer: Some((text, link)),
            responds: true,
            close_referral: None,
            open_referral: None,
            action: "answer",
            note: String::new(),
        };
        let item = self.apply(actor, change, "item.answer").await?;
        self.relay_to_platform(actor, &item).await;
        Ok(item)
    }

    /// Queues the answer as a reply on the citizen's thread. The answer is
    /// already stored: a failure here is logged and shown on the item page
    /// (no delivery), never turned into a failed answer.
    async fn relay_to_platform(&self, actor: &Actor, item: &Item) {
        if let Err(e) = self.queue_reply(actor, item).await {
            tracing::error!(item = item.id, error = %e, "could not queue the reply to the platform");
        }
    }

    /// Refers an item to the agency whose authority it is; a receiving agency
    /// may refer it onward. Each hop has its own clock from the receiving
    /// agency's SOP (24 hours unless its decree says otherwise).
    pub async fn refer_item(&self, actor: &Actor, id: i64, to: AgencyId, note: &str) -> Result<Item> {
        let d = self.item(actor, id).await?;
        let (from, close) = match (d.item.status, d.open_referral()) {
            (ItemStatus::Referred, Some(open)) => {
                actor.require_edit_agency(open.to_agency_id)?;
                (open.to_agency_id, Some((open.id, ReferralStatus::Forwarded, String::new())))
            }
            _ => {
                actor.require_edit_agency(d.item.agency_id)?;
                (d.item.agency_id, None)
            }
        };
        if to == from {
            return Err(Error::invalid("to_agency_id", "Pilih instansi lain sebagai tujuan rujukan."));
        }
        self.agency(to).await.map_err(|_| Error::invalid("to_agency_id", "Instansi tujuan tidak ditemukan."))?;
        let note = note.trim().to_string();
        if note.chars().count() > 4000 {
            return Err(Error::invalid("note", "Catatan rujukan terlalu panjang (maksimal 4000 karakter)."));
        }
        let next = transition(d.item.status, Action::Refer)?;
        let due = self.clock.now() + Duration::hours(self.store.sop(to).await?.referral_hours.into());
        let change = ItemChange {
            item_id: id,
            from: d.item.status,
            to: next,
            due_at: Some(due),
            answer: None,
            responds: true,
            close_referral: close,
            open_referral: Some(NewReferral {
                from_agency_id: from,
                to_agency_id: to,
                due_at: due,
                note: note.clone(),
            }),
            action: "refer",
            note,
        };
        self.apply(actor, change, "item.refer").await
    }

    /// The receiving agency answers the referral; the answer returns to the
    /// referring operator, who relays it.
    pub async fn answer_referral(&self, actor: &Actor, id: i64, text: &str) -> Result<Item> {
        let d = self.item(actor, id).await?;
        let open = d
            .open_referral()
            .ok_or_else(|| Error::conflict("wrong_status", "Tidak ada rujukan yang menunggu jawaban."))?;
        actor.require_edit_agency(open.to_agency_id)?;
        let text = required_text(text, "answer")?;
        let next = transition(d.item.status, Action::AnswerReferral)?;
        let sop = self.store.sop(d.item.agency_id).await?;
        let change = ItemChange {
            item_id: id,
            from: d.item.status,
            to: next,
            due_at: Some(self.clock.now() + Duration::hours(sop.first_response_hours.into())),
            answer: None,
            responds: false,
            close_referral: Some((open.id, ReferralStatus::Answered, text.clone())),
            open_referral: None,
            action: "answer_referral",
            note: text,
        };
        self.apply(actor, change, "item.answer_referral").await
    }

    /// A matter outside regional government (PLN, police, national bodies):
    /// closed with an answer that says where to go.
    pub async fn close_out_of_scope(&self, actor: &Actor, id: i64, answer: &str) -> Result<Item> {
        let d = self.item(actor, id).await?;
        actor.require_edit_agency(d.item.agency_id)?;
        let text = required_text(answer, "answer")?;
        let next = transition(d.item.status, Action::CloseOutOfScope)?;
        let change = ItemChange {
            item_id: id,
            from: d.item.status,
            to: next,
            due_at: None,
            answer: Some((text, String::new())),
            responds: true,
            close_referral: None,
            open_referral: None,
            action: "out_of_scope",
            note: String::new(),
        };
        let item = self.apply(actor, change, "item.out_of_scope").await?;
        self.relay_to_platform(actor, &item).await;
        Ok(item)
    }

    /// Bulk action on the inbox: spam or duplicate. Returns how many changed;
    /// items the actor may not touch or that moved meanwhile are skipped.
    pub async fn mark_items(&self, actor: &Actor, ids: &[i64], spam: bool) -> Result<usize> {
        if ids.len() > 200 {
            return Err(Error::invalid("ids", "Paling banyak 200 pesan sekaligus."));
        }
        let (action, name) = if spam { (Action::MarkSpam, "spam") } else { (Action::MarkDuplicate, "duplicate") };
        let mut changed = 0;
        for &id in ids {
            let Ok(d) = self.item(actor, id).await else { continue };
            if actor.require_edit_agency(d.item.agency_id).is_err() {
                continue;
            }
            let Ok(next) = transition(d.item.status, action) else { continue };
            let change = ItemChange {
                item_id: id,
                from: d.item.status,
                to: next,
                due_at: None,
                answer: None,
                responds: false,
                close_referral: None,
                open_referral: None,
                action: name,
                note: String::new(),
            };
            if self.apply(actor, change, if spam { "item.spam" } else { "item.duplicate" }).await.is_ok() {
                changed += 1;
            }
        }
        Ok(changed)
    }

    /// Assigns an item to an operator of the owning agency (or nobody).
    pub async fn assign_item(&self, actor: &Actor, id: i64, user: Option<UserId>) -> Result<Item> {
        let d = self.item(actor, id).await?;
        actor.require_edit_agency(d.item.agency_id)?;
        if let Some(u) = user {
            let target =
                self.store.user(u).await?.ok_or_else(|| Error::invalid("user_id", "Pengguna tidak ditemukan."))?;
            if target.agency_id != Some(d.item.agency_id) || target.disabled {
                return Err(Error::invalid("user_id", "Tugaskan kepada petugas aktif dari instansi pemilik pesan."));
            }
        }
        Ok(self.store.assign_item(id, user, &self.audit(actor, "item.assign")).await?)
    }

    /// An internal note, visible to officers only.
    pub async fn add_item_note(&self, actor: &Actor, id: i64, note: &str) -> Result<()> {
        let d = self.item(actor, id).await?;
        let can = actor.require_edit_agency(d.item.agency_id).is_ok()
            || d.referrals.iter().any(|r| actor.require_edit_agency(r.to_agency_id).is_ok());
        if !can {
            return Err(Error::Forbidden);
        }
        let note = required_text(note, "note")?;
        Ok(self.store.add_item_note(id, &note, &self.audit(actor, "item.note")).await?)
    }
}

fn required_text(s: &str, field: &'static str) -> Result<String> {
    let s = s.trim();
    if s.is_empty() {
        return Err(Error::invalid(field, "Isian ini wajib diisi."));
    }
    if s.chars().count() > 10_000 {
        return Err(Error::invalid(field, "Teks terlalu panjang (maksimal 10.000 karakter)."));
    }
    Ok(s.to_string())
}

fn optional_link(s: &str) -> Result<String> {
    let s = s.trim();
    if (!s.is_empty() && !crate::desk::is_web_link(s)) || s.len() > 1000 {
        return Err(Error::invalid("link", "Tautan jawaban harus berupa URL http(s)."));
    }
    Ok(s.to_string())
}

/// `KB-XXXX-XXXX` from an alphabet without look-alike characters.
fn tracking_code() -> Result<String> {
    const ALPHABET: &[u8] = b"ACDEFGHJKLMNPQRTUVWXY3479";
    let mut buf = [0u8; 8];
    getrandom::fill(&mut buf).map_err(|e| Error::internal(format!("getrandom: {e}")))?;
    let c: String = buf.iter().map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char).collect();
    Ok(format!("KB-{}-{}", &c[..4], &c[4..]))
}

/// Citizens see where their message is, in plain words.
fn public_status_label(s: ItemStatus) -> &'static str {
    match s {
        ItemStatus::New => "Diterima, menunggu jawaban",
        ItemStatus::Referred | ItemStatus::ReferralAnswered => "Sedang ditangani instansi terkait",
        ItemStatus::Answered => "Sudah dijawab",
        ItemStatus::OutOfScope => "Di luar kewenangan pemerintah daerah",
        ItemStatus::Spam | ItemStatus::Duplicate => "Ditutup",
    }
}

/// The labels of `data/pesan` for a kind and a sentiment.
fn labels(kind: crate::desk::ItemKind, sentiment: crate::desk::Sentiment) -> (&'static str, &'static str) {
    use crate::desk::{ItemKind, Sentiment};
    let k = match kind {
        ItemKind::Question => "pertanyaan",
        ItemKind::Comment => "komentar",
        ItemKind::Criticism => "kritik",
        ItemKind::Suggestion => "saran",
    };
    let s = match sentiment {
        Sentiment::Positive => "positif",
        Sentiment::Neutral => "netral",
        Sentiment::Negative => "negatif",
    };
    (k, s)
}

impl Humas {
    /// One click: the agency really responsible (`None`: outside regional
    /// government, `LUAR`), kept as a training example for `humas text retrain`.
    pub async fn correct_item(&self, actor: &Actor, id: i64, agency: Option<AgencyId>) -> Result<Item> {
        let d = self.item(actor, id).await?;
        actor.require_edit_agency(d.item.agency_id)?;
        let code = match agency {
            Some(a) => {
                self.store
                    .agency(a)
                    .await?
                    .ok_or_else(|| Error::invalid("agency_id", "Instansi tidak ditemukan."))?
                    .code
            }
            None => "LUAR".to_string(),
        };
        let (kind, sentiment) = labels(d.item.kind, d.item.sentiment);
        let example = crate::desk::TrainingExample {
            item_id: Some(id),
            text: d.item.text.clone(),
            kind: kind.into(),
            sentiment: sentiment.into(),
            agency_code: code,
        };
        Ok(self.store.correct_item(id, agency, &example, &self.audit(actor, "item.correct")).await?)
    }

    /// The officers' corrections, for retraining (the Dinas).
    pub async fn training_examples(&self, actor: &Actor) -> Result<Vec<crate::desk::TrainingExample>> {
        actor.require_dinas()?;
        Ok(self.store.training_examples().await?)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn tracking_codes_are_readable_and_distinct() {
        let a = super::tracking_code().expect("code");
        let b = super::tracking_code().expect("code");
        assert_ne!(a, b);
        assert_eq!(a.len(), 12);
        assert!(a.starts_with("KB-"));
        assert!(!a.contains(['0', 'O', '1', 'I']));
    }

    #[test]
    fn a_parallel_map_keeps_the_order_and_every_item() {
        for n in [0usize, 1, 99, 100, 201, 1000] {
            let out = super::map_in_parallel((0..n).collect(), |i| (i, std::thread::current().id()));
            assert_eq!(out.iter().map(|x| x.0).collect::<Vec<_>>(), (0..n).collect::<Vec<_>>());
            if n >= 200 && std::thread::available_parallelism().map_or(1, |p| p.get()) > 1 {
                let threads: std::collections::HashSet<_> = out.iter().map(|x| x.1).collect();
                assert!(threads.len() > 1, "{n} items ran on one thread");
            }
        }
    }
}
