//! Audience and engagement over time: what the annual report's audience
//! (Pasal 16(3) b) and forwarded-message (f) figures are computed from.
//! Snapshots come from the platforms daily, or from an officer where a
//! platform gives no number; an officer's figure is never overwritten.

use crate::ids::{AccountId, UserId};
use crate::{Error, Result};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The job that takes the day's snapshots; re-queued by itself daily.
pub const METRICS_SNAPSHOT: &str = "metrics_snapshot";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MetricSource {
    Platform,
    Manual,
}

impl MetricSource {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Platform => "platform",
            Self::Manual => "manual",
        }
    }

    pub fn parse(s: &str) -> Self {
        if s == "manual" { Self::Manual } else { Self::Platform }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Platform => "dari platform",
            Self::Manual => "dicatat petugas",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct AccountMetric {
    pub account_id: AccountId,
    /// The day in the region's time zone.
    pub day: NaiveDate,
    pub followers: i64,
    pub source: MetricSource,
    pub note: String,
    pub recorded_by: Option<UserId>,
    pub recorded_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct PostMetric {
    pub delivery_id: i64,
    pub day: NaiveDate,
    pub shares: Option<i64>,
    pub comments: Option<i64>,
    pub likes: Option<i64>,
    pub views: Option<i64>,
    pub source: MetricSource,
    pub recorded_at: DateTime<Utc>,
}

/// An officer's figure for a day.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct AccountMetricInput {
    pub day: NaiveDate,
    pub followers: i64,
    #[serde(default)]
    pub note: String,
}

impl AccountMetricInput {
    pub fn validate(&self, today: NaiveDate) -> Result<()> {
        if self.day > today {
            return Err(Error::invalid("day", "Tanggal tidak boleh di masa depan."));
        }
        if self.day < today - chrono::Duration::days(3 * 366) {
            return Err(Error::invalid("day", "Tanggal terlalu lama (lebih dari tiga tahun lalu)."));
        }
        if !(0..=10_000_000_000).contains(&self.followers) {
            return Err(Error::invalid("followers", "Jumlah pengikut harus angka 0 atau lebih."));
        }
        if self.note.chars().count() > 500 {
            return Err(Error::invalid("note", "Catatan terlalu panjang (maksimal 500 karakter)."));
        }
        Ok(())
    }
}
