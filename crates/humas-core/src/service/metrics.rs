//! Audience and engagement snapshots: daily from the platforms, by hand where
//! a platform gives no number.

use super::Humas;
use crate::Result;
use crate::channel::{Adapter, Connection};
use crate::ids::AccountId;
use crate::metrics::{AccountMetric, AccountMetricInput, MetricSource, PostMetric};
use crate::policy::Actor;
use chrono::{Duration, NaiveDate};
use std::sync::Arc;

/// How long a published post's engagement keeps being followed.
const POST_FOLLOW_DAYS: i64 = 90;

impl Humas {
    /// An officer's audience figure for a day (a platform without a number,
    /// or a correction); it wins over the platform's for that day.
    pub async fn record_followers(
        &self,
        actor: &Actor,
        id: AccountId,
        input: AccountMetricInput,
    ) -> Result<AccountMetric> {
        let account = self.account(actor, id).await?;
        actor.require_edit_agency(account.agency_id)?;
        input.validate(self.today().await?)?;
        let m = AccountMetric {
            account_id: id,
            day: input.day,
            followers: input.followers,
            source: MetricSource::Manual,
            note: input.note.trim().to_string(),
            recorded_by: Some(actor.user_id),
            recorded_at: self.clock.now(),
        };
        self.store.save_account_metric(&m, Some(&self.audit(actor, "account.metric"))).await?;
        Ok(m)
    }

    pub async fn account_metrics(
        &self,
        actor: &Actor,
        id: AccountId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<AccountMetric>> {
        self.account(actor, id).await?;
        Ok(self.store.account_metrics(id, from, to).await?)
    }

    /// The engagement of one delivered post over time.
    pub async fn post_metrics(&self, actor: &Actor, delivery: i64) -> Result<Vec<PostMetric>> {
        let d = self.store.delivery(delivery).await?.ok_or(crate::Error::NotFound("Kiriman"))?;
        self.account(actor, d.account_id).await?;
        Ok(self.store.post_metrics(delivery).await?)
    }

    /// The adapter and connection to read an account's post engagement with;
    /// `None` when the platform gives none or the connection is switched off.
    async fn post_metrics_reach(&self, id: AccountId) -> Result<Option<(Arc<dyn Adapter>, Connection)>> {
        let Some(account) = self.store.account(id).await? else { return Ok(None) };
        let Ok(adapter) = self.adapter_for(&account) else { return Ok(None) };
        if !adapter.capabilities().post_metrics {
            return Ok(None);
        }
        // A switched-off connection means: do not call the platform.
        match self.store.channel(id).await?.filter(|s| s.enabled).map(|s| self.open_connection(&s)) {
            Some(Ok(conn)) => Ok(Some((adapter, conn))),
            _ => Ok(None),
        }
    }

    /// Today's snapshots: followers of every connected account whose platform
    /// counts them, engagement of every post delivered in the last 90 days.
    /// A platform that fails is skipped (its sync status shows why); returns
    /// how many account and post figures were stored.
    pub async fn snapshot_metrics(&self) -> Result<(usize, usize)> {
        let now = self.clock.now();
        let day = self.today().await?;
        let (mut accounts, mut posts) = (0, 0);
        for state in self.store.channels().await?.into_iter().filter(|s| s.enabled) {
            let Some(account) = self.store.account(state.account_id).await? else { continue };
            let Ok(adapter) = self.adapter_for(&account) else { continue };
            if !adapter.capabilities().account_metrics {
                continue;
            }
            let Ok(conn) = self.open_connection(&state) else { continue };
            match adapter.check(&conn).await {
                Ok(remote) => {
                    if let Some(followers) = remote.followers {
                        let m = AccountMetric {
                            account_id: account.id,
                            day,
                            followers,
                            source: MetricSource::Platform,
                            note: String::new(),
                            recorded_by: None,
                            recorded_at: now,
                        };
                        self.store.save_account_metric(&m, None).await?;
                        accounts += 1;
                    }
                }
                Err(e) => tracing::info!(account = account.id.0, error = %e, "no audience figure today"),
            }
        }
        // One lookup per account, not per post: its adapter and connection, or
        // `None` when its posts are not followed (no metrics, switched off).
        let mut by_account: std::collections::HashMap<_, Option<(Arc<dyn Adapter>, Connection)>> = Default::default();
        for d in self.store.delivered_posts(now - Duration::days(POST_FOLLOW_DAYS)).await? {
            if let std::collections::hash_map::Entry::Vacant(slot) = by_account.entry(d.account_id) {
                slot.insert(self.post_metrics_reach(d.account_id).await?);
            }
            let Some(Some((adapter, conn))) = by_account.get(&d.account_id) else { continue };
            match adapter.post_metrics(conn, &d.remote_id).await {
                Ok(p) => {
                    let m = PostMetric {
                        delivery_id: d.id,
                        day,
                        shares: p.shares,
                        comments: p.comments,
                        likes: p.likes,
                        views: p.views,
                        source: MetricSource::Platform,
                        recorded_at: now,
                    };
                    self.store.save_post_metric(&m).await?;
                    posts += 1;
                }
                Err(e) => tracing::info!(delivery = d.id, error = %e, "no engagement figures today"),
            }
        }
        Ok((accounts, posts))
    }
}
