//! The job queue's work: the clock sweep that warns before an item falls due,
//! escalates it to the agency's Official when it does, and to the Dinas after
//! the agency's SOP delay — each step once, also after a restart.

use super::Humas;
use crate::Result;
use crate::desk::{Item, ItemStatus};
use crate::ids::{AgencyId, UserId};
use crate::insight::HOT_ISSUES;
use crate::jobs::{CLOCK_SWEEP, DB_OPTIMIZE, JobOutcome, Notification};
use crate::metrics::METRICS_SNAPSHOT;
use crate::policy::{Actor, Role};
use crate::user::User;
use chrono::Duration;

/// How long before the due time the responsible officers are warned.
pub const WARN_BEFORE_HOURS: i64 = 2;
const MAX_ATTEMPTS: i32 = 5;

impl Humas {
    /// Queues the recurring jobs unless they are already queued (idempotent; every process calls it at start).
    pub async fn ensure_recurring_jobs(&self) -> Result<()> {
        self.store.enqueue_job(CLOCK_SWEEP, "{}", Some(CLOCK_SWEEP), self.clock.now()).await?;
        self.store.enqueue_job(DB_OPTIMIZE, "{}", Some(DB_OPTIMIZE), self.clock.now()).await?;
        self.store.enqueue_job(METRICS_SNAPSHOT, "{}", Some(METRICS_SNAPSHOT), self.clock.now()).await?;
        self.store.enqueue_job(HOT_ISSUES, "{}", Some(HOT_ISSUES), self.clock.now()).await?;
        self.ensure_sync_jobs().await?;
        self.ensure_delivery_jobs().await
    }

    /// Runs one due job, if any; `Ok(false)` when the queue has nothing due.
    /// Tests call this step by step; `humas serve` calls it in a loop.
    pub async fn run_next_job(&self) -> Result<bool> {
        let now = self.clock.now();
        let Some(job) = self.store.claim_job(now, now - Duration::seconds(self.settings.job_lease_secs.max(1))).await?
        else {
            return Ok(false);
        };
        let result = match job.kind.as_str() {
            CLOCK_SWEEP => self.sweep_clocks().await.map(|_| None),
            DB_OPTIMIZE => self.store.optimize().await.map(|_| None).map_err(crate::Error::from),
            crate::mail::EMAIL => self.send_email(&job.payload).await.map(|_| None),
            METRICS_SNAPSHOT => self.snapshot_metrics().await.map(|_| None),
            HOT_ISSUES => self.check_hot_issues().await.map(|_| None),
            super::SYNC => self.run_sync_job(&job.payload).await,
            super::DELIVER => self.run_delivery_job(&job.payload).await,
            other => Err(crate::Error::internal(format!("unknown job kind {other}"))),
        };
        let follow_up =
            result.as_ref().ok().and_then(|f| f.as_ref()).map(|f| (f.kind, f.payload.clone(), f.key.clone(), f.at));
        let outcome = match result {
            Ok(_) => JobOutcome::Done,
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
        if let Some((kind, payload, key, at)) = follow_up {
            self.store.enqueue_job(kind, &payload, Some(&key), at).await?;
        }
        match job.kind.as_str() {
            CLOCK_SWEEP => {
                self.store.enqueue_job(CLOCK_SWEEP, "{}", Some(CLOCK_SWEEP), now + Duration::seconds(60)).await?
            }
            DB_OPTIMIZE => {
                self.store.enqueue_job(DB_OPTIMIZE, "{}", Some(DB_OPTIMIZE), now + Duration::hours(24)).await?
            }
            kind @ (METRICS_SNAPSHOT | HOT_ISSUES) => {
                self.store.enqueue_job(kind, "{}", Some(kind), now + Duration::hours(24)).await?
            }
            _ => false,
        };
        Ok(true)
    }

    /// Checks every open item's clock; returns how many escalation steps it took.
    /// Agencies, users and SOPs are read once per sweep, not once per item.
    pub async fn sweep_clocks(&self) -> Result<usize> {
        let now = self.clock.now();
        let tz = self.store.region().await?.map(|r| r.tz()).unwrap_or(chrono_tz::Asia::Jakarta);
        let candidates = self.store.escalation_candidates(now + Duration::hours(WARN_BEFORE_HOURS), 500).await?;
        if candidates.is_empty() {
            return Ok(0);
        }
        let agencies = self.store.agencies().await?;
        let users: Vec<User> = self.store.users(None).await?.into_iter().filter(|u| !u.disabled).collect();
        let mut sops = std::collections::HashMap::new();
        let mut steps = 0;
        for (item, referred_to) in candidates {
            let Some(due) = item.due_at else { continue };
            let responsible = match (item.status, referred_to) {
                (ItemStatus::Referred, Some(to)) => to,
                _ => item.agency_id,
            };
            let escalate_after = match sops.get(&responsible) {
                Some(h) => *h,
                None => {
                    let h = self.store.sop(responsible).await?.escalate_after_hours;
                    sops.insert(responsible, h);
                    h
                }
            };
            let target = if now >= due + Duration::hours(escalate_after.into()) {
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
            let code = agencies.iter().find(|a| a.id == responsible).map(|a| a.code.as_str()).unwrap_or("");
            let due = due.with_timezone(&tz).format("%d-%m-%Y %H:%M").to_string();
            let (recipients, text) = escalation_message(&users, &item, responsible, code, target, &due);
            let ids: Vec<UserId> = recipients.iter().map(|u| u.id).collect();
            let link = format!("/pesan/{}", item.id);
            self.store.notify(&ids, "escalation", &text, &link, now).await?;
            self.queue_emails(&recipients, &text, &link).await?;
            steps += 1;
        }
        Ok(steps)
    }

    /// One `email` job per recipient with an address, when a mailer is configured.
    async fn queue_emails(&self, recipients: &[&User], text: &str, link: &str) -> Result<()> {
        if self.mailer.is_none() {
            return Ok(());
        }
        for user in recipients.iter().filter(|u| !u.email.is_empty()) {
            let email = crate::mail::Email {
                to: user.email.clone(),
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

/// Who is told of an escalation step, and what: the agency's officers before
/// due, its Officials at due, the Dinas admins after the SOP's delay.
fn escalation_message<'a>(
    users: &'a [User],
    item: &Item,
    agency: AgencyId,
    code: &str,
    level: i32,
    due: &str,
) -> (Vec<&'a User>, String) {
    let pick = |roles: &[Role], scope: Option<AgencyId>| -> Vec<&'a User> {
        users.iter().filter(|u| roles.contains(&u.role) && (scope.is_none() || u.agency_id == scope)).collect()
    };
    match level {
        1 => (
            pick(&[Role::Official, Role::Operator], Some(agency)),
            format!("Pesan #{} ({code}) jatuh tempo pada {due}. Mohon segera dijawab.", item.id),
        ),
        2 => (
            pick(&[Role::Official], Some(agency)),
            format!(
                "Pesan #{} ({code}) melewati tenggat {due}. Sebagai Pejabat, mohon pastikan segera ditindaklanjuti.",
                item.id
            ),
        ),
        _ => (
            pick(&[Role::DinasAdmin], None),
            format!("Eskalasi ke Dinas: pesan #{} ({code}) belum ditangani sejak tenggat {due}.", item.id),
        ),
    }
}
