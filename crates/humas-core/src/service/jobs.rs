//! The job queue's work: the clock sweep that warns before an item falls due,
//! escalates it to the agency's Official when it does, and to the Dinas after
//! the agency's SOP delay — each step once, also after a restart.

use super::Humas;
use crate::Result;
use crate::desk::{Item, ItemStatus};
use crate::ids::{AgencyId, UserId};
use crate::jobs::{CLOCK_SWEEP, DB_OPTIMIZE, JobOutcome, Notification};
use crate::policy::{Actor, Role};
use chrono::Duration;

/// How long before the due time the responsible officers are warned.
pub const WARN_BEFORE_HOURS: i64 = 2;
const MAX_ATTEMPTS: i32 = 5;

impl Humas {
    /// Queues the recurring jobs unless they are already queued (idempotent; every process calls it at start).
    pub async fn ensure_recurring_jobs(&self) -> Result<()> {
        self.store.enqueue_job(CLOCK_SWEEP, "{}", Some(CLOCK_SWEEP), self.clock.now()).await?;
        self.store.enqueue_job(DB_OPTIMIZE, "{}", Some(DB_OPTIMIZE), self.clock.now()).await?;
        Ok(())
    }

    /// Runs one due job, if any; `Ok(false)` when the queue has nothing due.
    /// Tests call this step by step; `humas serve` calls it in a loop.
    pub async fn run_next_job(&self) -> Result<bool> {
        let now = self.clock.now();
        let Some(job) = self.store.claim_job(now, now - Duration::minutes(10)).await? else {
            return Ok(false);
        };
        let result = match job.kind.as_str() {
            CLOCK_SWEEP => self.sweep_clocks().await.map(|_| ()),
            DB_OPTIMIZE => self.store.optimize().await.map_err(crate::Error::from),
            crate::mail::EMAIL => self.send_email(&job.payload).await,
            other => Err(crate::Error::internal(format!("unknown job kind {other}"))),
        };
        let outcome = match result {
            Ok(()) => JobOutcome::Done,
            Err(e) if job.attempts < MAX_ATTEMPTS => {
                tracing::warn!(job = job.id, kind = %job.kind, error = %e, "job failed; will retry");
                JobOutcome::Retry {
                    at: now + Duration::seconds(30 * i64::from(job.attempts).pow(2)),
                    error: e.to_string(),
                }
            }
            Err(e) => {
                tracing::error!(job = job.id, kind = %job.kind, error = %e, "job failed for good");
                JobOutcome::Failed { error: e.to_string() }
            }
        };
        self.store.finish_job(job.id, &outcome).await?;
        match job.kind.as_str() {
            CLOCK_SWEEP => {
                self.store.enqueue_job(CLOCK_SWEEP, "{}", Some(CLOCK_SWEEP), now + Duration::seconds(60)).await?
            }
            DB_OPTIMIZE => {
                self.store.enqueue_job(DB_OPTIMIZE, "{}", Some(DB_OPTIMIZE), now + Duration::hours(24)).await?
            }
            _ => false,
        };
        Ok(true)
    }

    /// Checks every open item's clock; returns how many escalation steps it took.
    pub async fn sweep_clocks(&self) -> Result<usize> {
        let now = self.clock.now();
        let tz = self.store.region().await?.map(|r| r.tz()).unwrap_or(chrono_tz::Asia::Jakarta);
        let mut steps = 0;
        let candidates = self.store.escalation_candidates(now + Duration::hours(WARN_BEFORE_HOURS), 500).await?;
        for (item, referred_to) in candidates {
            let Some(due) = item.due_at else { continue };
            let responsible = match (item.status, referred_to) {
                (ItemStatus::Referred, Some(to)) => to,
                _ => item.agency_id,
            };
            let sop = self.store.sop(responsible).await?;
            let target = if now >= due + Duration::hours(sop.escalate_after_hours.into()) {
                3
            } else if now >= due {
                2
            } else {
                1
            };
            if target <= item.escalation_level {
                continue;
            }
            // Compare-and-set: of two processes sweeping at once, one notifies.
            if !self.store.set_escalation(item.id, item.escalation_level, target).await? {
                continue;
            }
            let (users, text) = self
                .escalation_message(
                    &item,
                    responsible,
                    target,
                    due.with_timezone(&tz).format("%d-%m-%Y %H:%M").to_string(),
                )
                .await?;
            let link = format!("/pesan/{}", item.id);
            self.store.notify(&users, "escalation", &text, &link, now).await?;
            self.queue_emails(&users, &text, &link).await?;
            steps += 1;
        }
        Ok(steps)
    }

    async fn escalation_message(
        &self,
        item: &Item,
        agency: AgencyId,
        level: i32,
        due: String,
    ) -> Result<(Vec<UserId>, String)> {
        let code = self.store.agency(agency).await?.map(|a| a.code).unwrap_or_default();
        let users = |roles: &'static [Role], scope: Option<AgencyId>| {
            let store = self.store.clone();
            async move {
                Ok::<_, crate::Error>(
                    store
                        .users(scope)
                        .await?
                        .into_iter()
                        .filter(|u| !u.disabled && roles.contains(&u.role))
                        .map(|u| u.id)
                        .collect::<Vec<_>>(),
                )
            }
        };
        Ok(match level {
            1 => (
                users(&[Role::Official, Role::Operator], Some(agency)).await?,
                format!("Pesan #{} ({code}) jatuh tempo pada {due}. Mohon segera dijawab.", item.id),
            ),
            2 => (
                users(&[Role::Official], Some(agency)).await?,
                format!(
                    "Pesan #{} ({code}) melewati tenggat {due}. Sebagai Pejabat, mohon pastikan segera ditindaklanjuti.",
                    item.id
                ),
            ),
            _ => (
                users(&[Role::DinasAdmin], None).await?,
                format!("Eskalasi ke Dinas: pesan #{} ({code}) belum ditangani sejak tenggat {due}.", item.id),
            ),
        })
    }

    /// One `email` job per recipient with an address, when a mailer is configured.
    async fn queue_emails(&self, users: &[UserId], text: &str, link: &str) -> Result<()> {
        if self.mailer.is_none() {
            return Ok(());
        }
        for u in users {
            let Some(user) = self.store.user(*u).await? else { continue };
            if user.email.is_empty() || user.disabled {
                continue;
            }
            let email = crate::mail::Email {
                to: user.email,
                subject: format!("[humas] {}", text.chars().take(80).collect::<String>()),
                body: format!("{text}\n\nBuka: {link}\n\n— humas (pesan otomatis, jangan dibalas)"),
            };
            let payload = serde_json::to_string(&email).map_err(crate::Error::internal)?;
            self.store.enqueue_job(crate::mail::EMAIL, &payload, None, self.clock.now()).await?;
        }
        Ok(())
    }

    async fn send_email(&self, payload: &str) -> Result<()> {
        let email: crate::mail::Email = serde_json::from_str(payload).map_err(crate::Error::internal)?;
        match &self.mailer {
            Some(m) => m.send(&email).await.map_err(crate::Error::internal),
            None => Ok(()),
        }
    }

    pub async fn notifications(&self, actor: &Actor) -> Result<Vec<Notification>> {
        Ok(self.store.notifications(actor.user_id, 100).await?)
    }

    pub async fn unread_notifications(&self, actor: &Actor) -> Result<i64> {
        Ok(self.store.unread_notifications(actor.user_id).await?)
    }

    pub async fn mark_notifications_read(&self, actor: &Actor) -> Result<()> {
        Ok(self.store.mark_notifications_read(actor.user_id, self.clock.now()).await?)
    }
}
