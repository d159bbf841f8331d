//! The recommendations register, the annual report's workflow and the
//! Dinas's evaluation.

use super::Humas;
use crate::account::AccountStatus;
use crate::ids::{AgencyId, UserId};
use crate::policy::{Actor, Role};
use crate::report::{
    self, AgencyEvaluation, AgencyStanding, AnnualReport, AudienceRow, CRITERIA, Evaluation, Narratives, RecLine,
    RecStatus, Recommendation, RecommendationChange, RecommendationInput, ReportContext, ReportRecord, ReportStatus,
    Score,
};
use crate::store::AccountFilter;
use crate::{Error, Result};
use chrono::{Datelike, Duration, NaiveDate};
use std::collections::BTreeMap;

/// A report's year, with its workflow record and the deadline.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ReportView {
    pub report: AnnualReport,
    pub record: Option<ReportRecord>,
    pub deadline: Option<NaiveDate>,
    /// The figures are those locked at submission (not live).
    pub locked: bool,
}

/// One line of the Dinas's overview of a year.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ReportStatusLine {
    pub agency_id: AgencyId,
    pub code: String,
    pub name: String,
    pub status: ReportStatus,
    pub submitted_version: i64,
    pub submitted_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Submitted after the deadline.
    pub late: bool,
}

fn year_bounds(year: i32) -> Result<(NaiveDate, NaiveDate)> {
    if !(2000..=2100).contains(&year) {
        return Err(Error::invalid("year", "Tahun tidak valid."));
    }
    let from = NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(|| Error::invalid("year", "Tahun tidak valid."))?;
    let to = NaiveDate::from_ymd_opt(year, 12, 31).ok_or_else(|| Error::invalid("year", "Tahun tidak valid."))?;
    Ok((from, to))
}

impl Humas {
    // ------------------------------------------------------------ register

    pub async fn recommendations(&self, actor: &Actor, agency: Option<AgencyId>) -> Result<Vec<Recommendation>> {
        let scope = self.analysis_scope(actor, agency)?;
        Ok(self.store.recommendations(scope).await?)
    }

    pub async fn recommendation(&self, actor: &Actor, id: i64) -> Result<Recommendation> {
        let r = self.store.recommendation(id).await?.ok_or(Error::NotFound("Rekomendasi"))?;
        actor.require_read_agency(r.agency_id)?;
        Ok(r)
    }

    /// Any officer of the agency (or the Dinas) proposes a recommendation;
    /// its evidence must be items the proposer can read.
    pub async fn create_recommendation(&self, actor: &Actor, input: RecommendationInput) -> Result<Recommendation> {
        let input = input.validate()?;
        actor.require_edit_agency(input.agency_id)?;
        for id in &input.item_ids {
            let item = self
                .store
                .item(*id)
                .await?
                .ok_or_else(|| Error::invalid("item_ids", format!("Pesan warga #{id} tidak ditemukan.")))?;
            if !actor.can_read_agency(item.agency_id) {
                return Err(Error::invalid(
                    "item_ids",
                    format!("Pesan warga #{id} bukan milik perangkat daerah Anda."),
                ));
            }
        }
        let audit = self.audit(actor, "recommendation.create");
        Ok(self.store.create_recommendation(&input, actor.user_id, &audit).await?)
    }

    /// Accepting, rejecting and closing commit the agency: its Official or the
    /// Dinas. A rejection needs a reason; "done" may name the message that
    /// disseminated the follow-up (Pasal 9j).
    pub async fn change_recommendation(
        &self,
        actor: &Actor,
        id: i64,
        mut change: RecommendationChange,
    ) -> Result<Recommendation> {
        let current = self.store.recommendation(id).await?.ok_or(Error::NotFound("Rekomendasi"))?;
        actor.require_official_of(current.agency_id)?;
        change.note = change.note.trim().to_string();
        if !current.status.can_become(change.status) {
            return Err(Error::invalid(
                "status",
                format!(
                    "Rekomendasi berstatus \"{}\" tidak dapat menjadi \"{}\".",
                    current.status.label(),
                    change.status.label()
                ),
            ));
        }
        if change.status == RecStatus::Rejected && change.note.chars().count() < 5 {
            return Err(Error::invalid("note", "Tuliskan alasan penolakan (paling sedikit 5 huruf)."));
        }
        if change.note.chars().count() > 2000 {
            return Err(Error::invalid("note", "Catatan paling panjang 2.000 huruf."));
        }
        if let Some(post) = change.post_id {
            let p = self
                .store
                .post(post)
                .await?
                .ok_or_else(|| Error::invalid("post_id", "Pesan terbitan tidak ditemukan."))?;
            if p.agency_id != current.agency_id {
                return Err(Error::invalid("post_id", "Pesan terbitan milik perangkat daerah lain."));
            }
        }
        let audit = self.audit(actor, "recommendation.change");
        self.store.change_recommendation(id, &change, &audit).await?.ok_or_else(|| {
            Error::conflict(
                "stale_version",
                "Rekomendasi ini baru saja diubah orang lain. Muat ulang halaman lalu coba lagi.",
            )
        })
    }

    // ---------------------------------------------------------------- report

    /// The report of an agency for a year: the submitted version when one is
    /// locked, else a draft computed from the data now.
    pub async fn annual_report(&self, actor: &Actor, agency: AgencyId, year: i32) -> Result<ReportView> {
        actor.require_read_agency(agency)?;
        let (from, to) = year_bounds(year)?;
        let record = self.store.report_records(year, Some(agency)).await?.into_iter().next();
        let deadline = self.store.report_deadline(year).await?;
        if let Some(r) = record.as_ref().filter(|r| r.status != ReportStatus::Draft && r.submitted_version > 0)
            && let Some(content) = self.store.report_version(r.id, r.submitted_version).await?
        {
            let mut report: AnnualReport = serde_json::from_str(&content).map_err(Error::internal)?;
            report.status = r.status.label().to_string();
            return Ok(ReportView { report, record, deadline, locked: true });
        }
        let narratives = record.as_ref().map(|r| r.narratives.clone()).unwrap_or_default();
        let report = self.build_report(agency, year, from, to, narratives).await?;
        Ok(ReportView { report, record, deadline, locked: false })
    }

    /// A report over any period, computed now (no workflow).
    pub async fn period_report(
        &self,
        actor: &Actor,
        agency: AgencyId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<AnnualReport> {
        actor.require_read_agency(agency)?;
        if to < from || (to - from).num_days() > 366 * 2 {
            return Err(Error::invalid("to", "Periode tidak valid (paling panjang dua tahun)."));
        }
        let narratives = self
            .store
            .report_records(from.year(), Some(agency))
            .await?
            .into_iter()
            .next()
            .map(|r| r.narratives)
            .unwrap_or_default();
        self.build_report(agency, from.year(), from, to, narratives).await
    }

    pub(crate) async fn build_report(
        &self,
        agency: AgencyId,
        year: i32,
        from: NaiveDate,
        to: NaiveDate,
        narratives: Narratives,
    ) -> Result<AnnualReport> {
        let region = self.region().await?;
        let a = self.store.agency(agency).await?.ok_or(Error::NotFound("Perangkat daerah"))?;
        let (facts, start, end) = self.period_facts(Some(agency), from, to, report::FactsDetail::Full).await?;
        let topics = self.topics_unchecked(Some(agency), from, to).await?;
        let accounts = self.store.accounts(&AccountFilter { agency_id: Some(agency), ..Default::default() }).await?;
        let mut audience = Vec::new();
        let mut handles = BTreeMap::new();
        for acc in &accounts {
            handles.insert(acc.id.0, (acc.handle.clone(), acc.platform.label().to_string()));
            if acc.status == AccountStatus::Archived && acc.updated_at < start {
                continue;
            }
            let m = self.store.account_metrics(acc.id, from - Duration::days(366), to).await?;
            let start_m = m.iter().rev().find(|x| x.day <= from).or_else(|| m.iter().find(|x| x.day >= from));
            let end_m = m.iter().rev().find(|x| x.day <= to);
            let manual = [start_m, end_m].iter().flatten().any(|x| x.source == crate::metrics::MetricSource::Manual);
            audience.push(AudienceRow {
                account: acc.handle.clone(),
                platform: acc.platform.label().to_string(),
                start: start_m.map(|x| x.followers),
                end: end_m.map(|x| x.followers),
                source: if manual {
                    "dicatat petugas".into()
                } else if start_m.is_some() {
                    "dari platform".into()
                } else {
                    "tidak ada data".into()
                },
            });
        }
        let sop = self.store.sop(agency).await?;
        let sop_decree = match sop.sop_decree_id {
            Some(d) => self.store.decree(d).await?.map(|d| format!("{} — {}", d.number, d.title)).unwrap_or_default(),
            None => String::new(),
        };
        let obstacles_found = self.detect_obstacles(&facts, agency, &accounts).await?;
        let recommendations = self
            .store
            .recommendations(Some(agency))
            .await?
            .into_iter()
            .filter(|r| {
                r.created_at < end
                    && (r.created_at >= start
                        || !matches!(r.status, RecStatus::Done | RecStatus::Rejected)
                        || r.updated_at >= start)
            })
            .map(|r| RecLine {
                title: r.title,
                status: r.status.label().to_string(),
                follow_up: match (r.post_id, r.due_on) {
                    (Some(p), _) => format!("disebarkan: pesan #{p}"),
                    (None, Some(d)) => format!("target {}", d.format("%d-%m-%Y")),
                    _ => String::new(),
                },
            })
            .collect();
        Ok(report::assemble(
            &facts,
            ReportContext {
                region: &region.name,
                agency_id: agency,
                agency_code: &a.code,
                agency_name: &a.name,
                year,
                from,
                to,
                now: self.clock.now(),
                narratives,
                sop_decree,
                audience,
                accounts: handles,
                topics: &topics.themes,
                obstacles_found,
                recommendations,
            },
        ))
    }

    async fn detect_obstacles(
        &self,
        facts: &report::Facts,
        agency: AgencyId,
        accounts: &[crate::account::Account],
    ) -> Result<Vec<String>> {
        let mut out = Vec::new();
        let r = report::responsiveness(facts, agency, self.clock.now());
        if r.referrals_in_overdue_open > 0 {
            out.push(format!(
                "{} rujukan dari perangkat daerah lain lewat tenggat 1×24 jam dan belum dijawab.",
                r.referrals_in_overdue_open
            ));
        }
        let late = r.referrals_in - r.referrals_in_on_time - r.referrals_in_overdue_open;
        if late > 0 {
            out.push(format!("{late} rujukan dijawab setelah tenggat."));
        }
        let live: Vec<&crate::account::Account> =
            accounts.iter().filter(|a| a.status != AccountStatus::Archived).collect();
        let unverified = live.iter().filter(|a| a.status != AccountStatus::Verified).count();
        if unverified > 0 {
            out.push(format!("{unverified} akun belum terverifikasi oleh Dinas."));
        }
        let owned: Vec<crate::account::Account> = live.iter().map(|a| (*a).clone()).collect();
        let flags = self.account_flags(&owned).await?;
        let expired = flags.iter().filter(|f| f.decree_expired).count();
        let no_decree = flags.iter().filter(|f| f.no_decree).count();
        if expired > 0 {
            out.push(format!("{expired} akun dengan SK pengelola yang sudah berakhir."));
        }
        if no_decree > 0 {
            out.push(format!("{no_decree} akun tanpa SK pengelola."));
        }
        for ch in self.store.channels().await? {
            if ch.last_error_kind.is_some()
                && let Some(acc) = live.iter().find(|a| a.id == ch.account_id)
            {
                let why = ch.last_error_kind.map(|k| k.explain()).unwrap_or_default();
                out.push(format!("Pengambilan pesan dari {} {} gagal: {why}", acc.platform.label(), acc.handle));
            }
        }
        Ok(out)
    }

    /// Saves the agency's narratives of a draft (its officers or the Dinas).
    pub async fn save_report_narratives(
        &self,
        actor: &Actor,
        agency: AgencyId,
        year: i32,
        narratives: Narratives,
        version: i64,
    ) -> Result<ReportRecord> {
        actor.require_edit_agency(agency)?;
        year_bounds(year)?;
        let n = narratives.validate()?;
        let audit = self.audit(actor, "report.narratives");
        let current = self.store.report_records(year, Some(agency)).await?.into_iter().next();
        if let Some(c) = &current
            && c.status != ReportStatus::Draft
        {
            return Err(Error::conflict(
                "report_locked",
                "Laporan sudah disampaikan dan terkunci. Pejabat dapat membukanya kembali untuk perbaikan (versi baru).",
            ));
        }
        let version = if current.is_none() { 0 } else { version };
        self.store.save_report_narratives(agency, year, &n, version, &audit).await?.ok_or_else(|| {
            Error::conflict(
                "stale_version",
                "Laporan ini baru saja diubah orang lain. Muat ulang halaman lalu coba lagi.",
            )
        })
    }

    /// The agency's Official submits: the content is locked as a version and
    /// the Dinas is told.
    pub async fn submit_report(
        &self,
        actor: &Actor,
        agency: AgencyId,
        year: i32,
        version: i64,
    ) -> Result<ReportRecord> {
        if !(actor.role == Role::Official && actor.agency_id == Some(agency)) {
            return Err(Error::Forbidden);
        }
        let (from, to) = year_bounds(year)?;
        let record = self.store.report_records(year, Some(agency)).await?.into_iter().next().ok_or_else(|| {
            Error::invalid("narratives", "Isi dulu uraian laporan (gambaran umum, kendala, rencana).")
        })?;
        if record.status != ReportStatus::Draft {
            return Err(Error::conflict("report_locked", "Laporan ini sudah disampaikan."));
        }
        if record.narratives.overview.trim().is_empty() {
            return Err(Error::invalid("overview", "Gambaran umum kebijakan (butir a) belum diisi."));
        }
        let mut content = self.build_report(agency, year, from, to, record.narratives.clone()).await?;
        content.version = record.submitted_version + 1;
        content.status = ReportStatus::Submitted.label().to_string();
        let json = serde_json::to_string(&content).map_err(Error::internal)?;
        let audit = self.audit(actor, "report.submit");
        let saved =
            self.store.submit_report(agency, year, version, &json, actor.user_id, &audit).await?.ok_or_else(|| {
                Error::conflict(
                    "stale_version",
                    "Laporan ini baru saja diubah orang lain. Muat ulang halaman lalu coba lagi.",
                )
            })?;
        let dinas = self.users_with_role(Role::DinasAdmin, None).await?;
        let text = format!("Laporan tahunan {year} {} disampaikan (versi {}).", content.agency_code, content.version);
        self.store.notify(&dinas, "report", &text, &format!("/laporan/{}/{year}", agency.0), self.clock.now()).await?;
        Ok(saved)
    }

    /// Moves a submitted report on: the Official reopens it for a correction,
    /// the Dinas records receipt, the Bupati marks it read.
    pub async fn move_report(
        &self,
        actor: &Actor,
        agency: AgencyId,
        year: i32,
        to: ReportStatus,
    ) -> Result<ReportRecord> {
        let from: &[ReportStatus] = match (actor.role, to) {
            (Role::Official, ReportStatus::Draft) if actor.agency_id == Some(agency) => {
                &[ReportStatus::Submitted, ReportStatus::Received]
            }
            (Role::DinasAdmin, ReportStatus::Received) => &[ReportStatus::Submitted],
            (Role::Bupati, ReportStatus::Read) => &[ReportStatus::Received, ReportStatus::Submitted],
            _ => return Err(Error::Forbidden),
        };
        let audit = self.audit(actor, "report.move");
        for f in from {
            if let Some(r) = self.store.move_report(agency, year, *f, to, &audit).await? {
                if to == ReportStatus::Received {
                    let officials = self.users_with_role(Role::Official, Some(agency)).await?;
                    let text = format!("Laporan tahunan {year} Anda telah diterima Dinas.");
                    self.store
                        .notify(&officials, "report", &text, &format!("/laporan/{}/{year}", agency.0), self.clock.now())
                        .await?;
                }
                return Ok(r);
            }
        }
        Err(Error::conflict(
            "wrong_state",
            format!("Laporan tidak dapat diubah menjadi \"{}\" dari statusnya sekarang.", to.label()),
        ))
    }

    async fn users_with_role(&self, role: Role, agency: Option<AgencyId>) -> Result<Vec<UserId>> {
        Ok(self
            .store
            .users(agency)
            .await?
            .into_iter()
            .filter(|u| !u.disabled && u.role == role)
            .map(|u| u.id)
            .collect())
    }

    /// Which agencies have submitted for a year (Dinas, Bupati, Auditor).
    pub async fn report_overview(
        &self,
        actor: &Actor,
        year: i32,
    ) -> Result<(Vec<ReportStatusLine>, Option<NaiveDate>)> {
        if !actor.reads_region() {
            return Err(Error::Forbidden);
        }
        year_bounds(year)?;
        let deadline = self.store.report_deadline(year).await?;
        let records = self.store.report_records(year, None).await?;
        let tz = self.region().await?.tz();
        let lines = self
            .store
            .agencies()
            .await?
            .into_iter()
            .map(|a| {
                let r = records.iter().find(|r| r.agency_id == a.id);
                let submitted_at = r.and_then(|r| r.submitted_at);
                ReportStatusLine {
                    agency_id: a.id,
                    code: a.code,
                    name: a.name,
                    status: r.map_or(ReportStatus::Draft, |r| r.status),
                    submitted_version: r.map_or(0, |r| r.submitted_version),
                    submitted_at,
                    late: match (deadline, submitted_at) {
                        (Some(d), Some(s)) => s.with_timezone(&tz).date_naive() > d,
                        _ => false,
                    },
                }
            })
            .collect();
        Ok((lines, deadline))
    }

    pub async fn set_report_deadline(&self, actor: &Actor, year: i32, due: NaiveDate) -> Result<()> {
        actor.require_dinas()?;
        year_bounds(year)?;
        if due.year() < year {
            return Err(Error::invalid("due_on", "Batas waktu tidak boleh sebelum tahun laporannya."));
        }
        let audit = self.audit(actor, "report.deadline");
        Ok(self.store.set_report_deadline(year, due, &audit).await?)
    }

    /// 14, 7 and 1 day(s) before the deadline, the Officials of agencies that
    /// have not submitted are reminded (the daily job runs once a day).
    pub(crate) async fn remind_report_deadline(&self, today: NaiveDate) -> Result<()> {
        for year in [today.year() - 1, today.year()] {
            let Some(due) = self.store.report_deadline(year).await? else { continue };
            let days = (due - today).num_days();
            if ![14, 7, 1].contains(&days) {
                continue;
            }
            let records = self.store.report_records(year, None).await?;
            for a in self.store.agencies().await?.into_iter() {
                if records.iter().any(|r| r.agency_id == a.id && r.status != ReportStatus::Draft) {
                    continue;
                }
                let officials = self.users_with_role(Role::Official, Some(a.id)).await?;
                let text = format!(
                    "Laporan tahunan {year} harus disampaikan paling lambat {} ({days} hari lagi).",
                    due.format("%d-%m-%Y")
                );
                self.store
                    .notify(&officials, "report", &text, &format!("/laporan/{}/{year}", a.id.0), self.clock.now())
                    .await?;
            }
        }
        Ok(())
    }

    // ------------------------------------------------------------ evaluation

    /// Scores, ranks and compares every active agency for a year (Pasal 17).
    pub async fn evaluation(&self, actor: &Actor, year: i32) -> Result<Evaluation> {
        if !actor.reads_region() {
            return Err(Error::Forbidden);
        }
        let mut current = self.evaluate_year(year).await?;
        if let Ok(previous) = self.evaluate_year(year - 1).await {
            for e in &mut current.agencies {
                e.previous_total = previous
                    .agencies
                    .iter()
                    .find(|p| p.agency_id == e.agency_id && p.scores.iter().any(|s| s.computed > 0.0))
                    .map(|p| p.total);
            }
        }
        Ok(current)
    }

    async fn evaluate_year(&self, year: i32) -> Result<Evaluation> {
        let (from, to) = year_bounds(year)?;
        let region = self.region().await?;
        let (facts, _, _) = self.period_facts(None, from, to, report::FactsDetail::PerAgency).await?;
        let agencies: Vec<crate::agency::Agency> = self.store.agencies().await?.into_iter().collect();
        let records = self.store.report_records(year, None).await?;
        let deadline = self.store.report_deadline(year).await?;
        let tz = region.tz();
        let accounts = self.store.accounts(&AccountFilter::default()).await?;
        let live: Vec<crate::account::Account> =
            accounts.into_iter().filter(|a| a.status != AccountStatus::Archived).collect();
        let flags = self.account_flags(&live).await?;
        let mut standings = Vec::new();
        for a in &agencies {
            let mut st = AgencyStanding {
                agency_id: a.id,
                code: a.code.clone(),
                name: a.name.clone(),
                audience_start: 0,
                audience_end: 0,
                accounts: 0,
                accounts_flagged: 0,
                report_on_time: None,
            };
            for (acc, f) in live.iter().zip(&flags).filter(|(acc, _)| acc.agency_id == a.id) {
                st.accounts += 1;
                if acc.status != AccountStatus::Verified || f.decree_expired || f.no_decree {
                    st.accounts_flagged += 1;
                }
                let m = self.store.account_metrics(acc.id, from - Duration::days(366), to).await?;
                if let Some(s) = m.iter().rev().find(|x| x.day <= from).or_else(|| m.iter().find(|x| x.day >= from)) {
                    st.audience_start += s.followers;
                }
                if let Some(e) = m.iter().rev().find(|x| x.day <= to) {
                    st.audience_end += e.followers;
                }
            }
            st.report_on_time = records
                .iter()
                .find(|r| r.agency_id == a.id && r.submitted_version > 0)
                .and_then(|r| r.submitted_at)
                .map(|s| deadline.is_none_or(|d| s.with_timezone(&tz).date_naive() <= d));
            standings.push(st);
        }
        // Activity is measured per month of the year so far (all twelve once it is over).
        let today = self.clock.now().with_timezone(&tz).date_naive();
        let months = if today > to {
            12
        } else if today < from {
            1
        } else {
            today.month()
        };
        let computed = report::compute_scores(&facts, &standings, f64::from(months), self.clock.now());
        let weights: BTreeMap<String, f64> = self.store.evaluation_weights(year).await?.into_iter().collect();
        let adjustments = self.store.evaluation_marks(year, false).await?;
        let targets = self.store.evaluation_marks(year, true).await?;
        let mut list: Vec<AgencyEvaluation> = computed
            .into_iter()
            .zip(&standings)
            .map(|((agency_id, scores), st)| {
                let scores: Vec<Score> = scores
                    .into_iter()
                    .filter_map(|(code, value)| {
                        let c = report::criterion(code)?;
                        let adj = adjustments.iter().find(|x| x.0 == agency_id && x.1 == code);
                        Some(Score {
                            code: code.to_string(),
                            label: c.label.to_string(),
                            computed: value,
                            adjusted: adj.map(|x| x.2),
                            note: adj.map(|x| x.3.clone()).unwrap_or_default(),
                            weight: weights.get(code).copied().unwrap_or(c.default_weight),
                            target: targets.iter().find(|x| x.0 == agency_id && x.1 == code).map(|x| x.2),
                        })
                    })
                    .collect();
                let targets_set = scores.iter().filter(|s| s.target.is_some()).count();
                let targets_met = scores.iter().filter(|s| s.target.is_some_and(|t| s.value() >= t)).count();
                AgencyEvaluation {
                    agency_id,
                    code: st.code.clone(),
                    name: st.name.clone(),
                    total: report::weighted_total(&scores),
                    scores,
                    rank: 0,
                    previous_total: None,
                    targets_met,
                    targets_set,
                }
            })
            .collect();
        report::rank(&mut list);
        Ok(Evaluation { region: region.name, year, generated_at: self.clock.now(), agencies: list })
    }

    /// The Dinas adjusts a computed score (with a reason) or removes the adjustment.
    pub async fn adjust_score(
        &self,
        actor: &Actor,
        year: i32,
        agency: AgencyId,
        code: &str,
        score: Option<f64>,
        note: &str,
    ) -> Result<()> {
        actor.require_dinas()?;
        year_bounds(year)?;
        report::criterion(code).ok_or_else(|| Error::invalid("code", "Kriteria tidak dikenal."))?;
        let note = note.trim();
        if let Some(s) = score {
            if !(0.0..=100.0).contains(&s) || s.is_nan() {
                return Err(Error::invalid("score", "Nilai 0 sampai 100."));
            }
            if note.chars().count() < 5 {
                return Err(Error::invalid("note", "Tuliskan alasan penyesuaian nilai (paling sedikit 5 huruf)."));
            }
        }
        if note.chars().count() > 1000 {
            return Err(Error::invalid("note", "Alasan paling panjang 1.000 huruf."));
        }
        self.store.agency(agency).await?.ok_or(Error::NotFound("Perangkat daerah"))?;
        let audit = self.audit(actor, "evaluation.adjust");
        Ok(self.store.save_evaluation_mark(year, agency, code, score, note, false, &audit).await?)
    }

    /// The Dinas sets an agency's target for a criterion in a coming year.
    pub async fn set_target(
        &self,
        actor: &Actor,
        year: i32,
        agency: AgencyId,
        code: &str,
        target: Option<f64>,
        note: &str,
    ) -> Result<()> {
        actor.require_dinas()?;
        year_bounds(year)?;
        report::criterion(code).ok_or_else(|| Error::invalid("code", "Kriteria tidak dikenal."))?;
        if target.is_some_and(|t| !(0.0..=100.0).contains(&t) || t.is_nan()) {
            return Err(Error::invalid("target", "Target 0 sampai 100."));
        }
        self.store.agency(agency).await?.ok_or(Error::NotFound("Perangkat daerah"))?;
        let audit = self.audit(actor, "evaluation.target");
        Ok(self.store.save_evaluation_mark(year, agency, code, target, note.trim(), true, &audit).await?)
    }

    /// The Dinas's rubric weights for a year (criteria not given keep theirs).
    pub async fn set_weights(&self, actor: &Actor, year: i32, weights: &[(String, f64)]) -> Result<()> {
        actor.require_dinas()?;
        year_bounds(year)?;
        for (code, w) in weights {
            report::criterion(code).ok_or_else(|| Error::invalid("code", format!("Kriteria tidak dikenal: {code}")))?;
            if !(0.0..=100.0).contains(w) || w.is_nan() {
                return Err(Error::invalid("weight", "Bobot 0 sampai 100."));
            }
        }
        let mut all: BTreeMap<String, f64> = CRITERIA.iter().map(|c| (c.code.to_string(), c.default_weight)).collect();
        all.extend(self.store.evaluation_weights(year).await?);
        all.extend(weights.iter().cloned());
        if all.values().sum::<f64>() <= 0.0 {
            return Err(Error::invalid("weight", "Jumlah bobot harus lebih dari nol."));
        }
        let audit = self.audit(actor, "evaluation.weights");
        Ok(self.store.save_evaluation_weights(year, weights, &audit).await?)
    }
}
