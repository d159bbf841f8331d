//! Themes and hot issues for pages, reports and the daily check.

use super::Humas;
use crate::ids::{AgencyId, UserId};
use crate::insight::{TOPIC_SAMPLE, TopicReport, analyse};
use crate::policy::{Actor, Role};
use crate::{Error, Result};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

/// The longest period the theme page groups at once.
pub const MAX_TOPIC_DAYS: i64 = 366;

impl Humas {
    /// The agency an actor may analyse: their own, or any (`None` = region)
    /// for region-wide readers.
    pub(crate) fn analysis_scope(&self, actor: &Actor, wanted: Option<AgencyId>) -> Result<Option<AgencyId>> {
        match actor.read_scope() {
            None => Ok(wanted),
            Some(own) if wanted.is_none_or(|w| w == own) => Ok(Some(own)),
            Some(_) => Err(Error::Forbidden),
        }
    }

    /// `[from, to]` as UTC instants `[start of from, start of the day after to)` in the region's zone.
    pub(crate) async fn day_range(&self, from: NaiveDate, to: NaiveDate) -> Result<(DateTime<Utc>, DateTime<Utc>)> {
        day_bounds(self.region().await?.tz(), from, to)
    }

    /// The report's grouped figures for the days `[from, to]` in the region's
    /// zone, with the UTC bounds they cover.
    pub(crate) async fn period_facts(
        &self,
        agency: Option<AgencyId>,
        from: NaiveDate,
        to: NaiveDate,
        detail: crate::report::FactsDetail,
    ) -> Result<(crate::report::Facts, DateTime<Utc>, DateTime<Utc>)> {
        use chrono::Offset;
        let tz = self.region().await?.tz();
        let (start, end) = day_bounds(tz, from, to)?;
        // Indonesia keeps no summer time: one offset holds for the whole period.
        let tz_secs = start.with_timezone(&tz).offset().fix().local_minus_utc();
        Ok((self.store.report_facts(agency, start, end, tz_secs, detail).await?, start, end))
    }

    /// Themes of the period `[from, to]` for one agency or the region, with
    /// the trend against the period of the same length before it.
    pub async fn topics(
        &self,
        actor: &Actor,
        agency: Option<AgencyId>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<TopicReport> {
        let agency = self.analysis_scope(actor, agency)?;
        if to < from {
            return Err(Error::invalid("to", "Tanggal akhir sebelum tanggal awal."));
        }
        if (to - from).num_days() >= MAX_TOPIC_DAYS {
            return Err(Error::invalid("to", "Periode paling panjang satu tahun."));
        }
        self.topics_unchecked(agency, from, to).await
    }

    pub(crate) async fn topics_unchecked(
        &self,
        agency: Option<AgencyId>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<TopicReport> {
        let (start, end) = self.day_range(from, to).await?;
        let span = end - start;
        let mut current = self.store.item_texts(agency, start, end, TOPIC_SAMPLE + 1).await?;
        let sampled = current.len() as i64 > TOPIC_SAMPLE;
        current.truncate(TOPIC_SAMPLE as usize);
        let previous = self.store.item_texts(agency, start - span, start, TOPIC_SAMPLE).await?;
        let places: Vec<String> = self.store.districts().await?.into_iter().map(|d| d.name).collect();
        // CPU work of ~50 ms per 10,000 messages (docs/benchmarks.md); capped by TOPIC_SAMPLE.
        Ok(analyse(agency, (from, to), &current, &previous, sampled, places))
    }

    /// Hot issues of the last two weeks (theme names only; every signed-in user).
    pub async fn hot_issues(&self, _actor: &Actor) -> Result<Vec<crate::insight::HotIssue>> {
        let since = self.today().await? - Duration::days(14);
        Ok(self.store.hot_issues_since(since).await?)
    }

    /// The daily check: themes of the last 7 days against the 7 before;
    /// each new hot issue is recorded once per week and told to the Dinas.
    /// Also reminds agencies of the report deadline. Returns how many hot
    /// issues were new.
    pub async fn check_hot_issues(&self) -> Result<usize> {
        let today = self.today().await?;
        let from = today - Duration::days(6);
        let report = self.topics_unchecked(None, from, today).await?;
        let week = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
        let now = self.clock.now();
        let dinas: Vec<UserId> = self
            .store
            .users(None)
            .await?
            .into_iter()
            .filter(|u| !u.disabled && u.role == Role::DinasAdmin)
            .map(|u| u.id)
            .collect();
        let mut new = 0;
        for t in report.hot() {
            if self.store.note_hot_issue(&t.key, &t.label, week, t.count as i64, t.previous as i64, now).await? {
                let text = format!(
                    "Isu hangat: \"{}\" — {} pesan dalam 7 hari terakhir (sebelumnya {}).",
                    t.label, t.count, t.previous
                );
                let link = format!("/topik?dari={from}&sampai={today}");
                self.store.notify(&dinas, "hot_issue", &text, &link, now).await?;
                new += 1;
            }
        }
        self.remind_report_deadline(today).await?;
        Ok(new)
    }
}

fn day_bounds(tz: chrono_tz::Tz, from: NaiveDate, to: NaiveDate) -> Result<(DateTime<Utc>, DateTime<Utc>)> {
    let at = |d: NaiveDate| {
        d.and_hms_opt(0, 0, 0)
            .and_then(|t| t.and_local_timezone(tz).single())
            .map(|t| t.with_timezone(&Utc))
            .ok_or_else(|| Error::invalid("from", "Tanggal tidak valid."))
    };
    Ok((at(from)?, at(to + Duration::days(1))?))
}

/// Volumes for the analysis dashboard: by month, kind, sentiment, district
/// and agency, with each agency's responsiveness.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Analysis {
    pub months: Vec<(String, i64)>,
    pub kinds: Vec<(String, i64)>,
    pub sentiments: Vec<(String, i64)>,
    pub districts: Vec<(String, i64)>,
    /// Agency, items, responsiveness; most items first.
    #[schema(value_type = Vec<Object>)]
    pub agencies: Vec<(AgencyId, i64, crate::report::Responsiveness)>,
}

impl Humas {
    pub async fn analysis(
        &self,
        actor: &Actor,
        agency: Option<AgencyId>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Analysis> {
        use std::collections::BTreeMap;
        let agency = self.analysis_scope(actor, agency)?;
        if to < from || (to - from).num_days() >= MAX_TOPIC_DAYS * 2 {
            return Err(Error::invalid("to", "Periode tidak valid."));
        }
        let (facts, _, _) = self.period_facts(agency, from, to, crate::report::FactsDetail::Full).await?;
        let mut months = BTreeMap::new();
        let mut kinds = BTreeMap::new();
        let mut sentiments = BTreeMap::new();
        let mut districts = BTreeMap::new();
        let mut per_agency: BTreeMap<AgencyId, i64> = BTreeMap::new();
        for s in &facts.items {
            *months.entry(s.month.clone()).or_insert(0) += s.count;
            *kinds.entry(crate::report::kind_label(&s.kind).to_string()).or_insert(0) += s.count;
            *sentiments.entry(crate::report::sentiment_label(&s.sentiment).to_string()).or_insert(0) += s.count;
            let d = s.district.clone().filter(|d| !d.is_empty()).unwrap_or_else(|| "(tidak disebut)".into());
            *districts.entry(d).or_insert(0) += s.count;
            *per_agency.entry(s.agency_id).or_insert(0) += s.count;
        }
        let sorted = |m: BTreeMap<String, i64>| {
            let mut v: Vec<(String, i64)> = m.into_iter().collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            v
        };
        let now = self.clock.now();
        let mut agencies: Vec<(AgencyId, i64, crate::report::Responsiveness)> =
            per_agency.into_iter().map(|(a, n)| (a, n, crate::report::responsiveness(&facts, a, now))).collect();
        agencies.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.0.cmp(&b.0.0)));
        Ok(Analysis {
            months: months.into_iter().collect(),
            kinds: sorted(kinds),
            sentiments: sorted(sentiments),
            districts: sorted(districts),
            agencies,
        })
    }
}
