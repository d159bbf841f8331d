//! Themes and hot issues in what citizens write (Pasal 9h): the grouping
//! itself is `humas_text::topics`; this adds periods, trends, districts and
//! masked quotes, for pages, reports and the daily hot-issue check.

use crate::ids::AgencyId;
use chrono::{DateTime, NaiveDate, Utc};
use humas_text::topics::{self, TopicOptions};
use serde::Serialize;
use std::collections::BTreeMap;

/// The job that looks for hot issues once a day and tells the Dinas.
pub const HOT_ISSUES: &str = "hot_issues";

/// At most this many messages are grouped per period (the newest); above
/// it the page says the themes come from a sample.
pub const TOPIC_SAMPLE: i64 = 20_000;

/// A hot issue as the daily check recorded it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct HotIssue {
    pub key: String,
    pub label: String,
    pub count: i64,
    pub previous: i64,
    /// Monday of the week it was noticed.
    pub period_start: NaiveDate,
}

/// What the grouping reads of an item.
#[derive(Debug, Clone)]
pub struct ItemText {
    pub id: i64,
    pub agency_id: AgencyId,
    pub text: String,
    pub district: Option<String>,
    pub received_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Quote {
    pub item_id: i64,
    /// The citizen's words with personal numbers masked.
    pub text: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DistrictCount {
    /// Empty when no district was recognised.
    pub district: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TopicView {
    pub key: String,
    pub label: String,
    pub related: Vec<String>,
    pub count: usize,
    /// Messages with the same key in the period before, as long as this one.
    pub previous: usize,
    pub hot: bool,
    pub districts: Vec<DistrictCount>,
    pub examples: Vec<Quote>,
}

impl TopicView {
    /// Change against the previous period in percent; `None` when it had none.
    pub fn change_percent(&self) -> Option<i64> {
        (self.previous > 0).then(|| ((self.count as f64 / self.previous as f64 - 1.0) * 100.0).round() as i64)
    }

    /// " (+150%)", " (-20%)" or "" for the page.
    pub fn change_label(&self) -> String {
        match self.change_percent() {
            Some(p) if p > 0 => format!(" (+{p}%)"),
            Some(p) => format!(" ({p}%)"),
            None => String::new(),
        }
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TopicReport {
    pub agency_id: Option<AgencyId>,
    pub from: NaiveDate,
    /// Inclusive.
    pub to: NaiveDate,
    /// Messages grouped (the sample when `sampled`).
    pub total: usize,
    pub sampled: bool,
    /// Messages in no theme.
    pub unthemed: usize,
    pub themes: Vec<TopicView>,
}

impl TopicReport {
    pub fn hot(&self) -> impl Iterator<Item = &TopicView> {
        self.themes.iter().filter(|t| t.hot)
    }
}

/// Groups the current period's messages and compares with the previous one.
/// `places` are district and village names, left out of theme names.
pub fn analyse(
    agency_id: Option<AgencyId>,
    (from, to): (NaiveDate, NaiveDate),
    current: &[ItemText],
    previous: &[ItemText],
    sampled: bool,
    places: Vec<String>,
) -> TopicReport {
    let opts = TopicOptions { exclude: places, ..Default::default() };
    let texts: Vec<&str> = current.iter().map(|i| i.text.as_str()).collect();
    let found = topics::themes(&texts, &opts);
    let prev_texts: Vec<&str> = previous.iter().map(|i| i.text.as_str()).collect();
    let keys: Vec<&str> = found.iter().map(|t| t.key.as_str()).collect();
    let prev_counts = topics::count_keys(&prev_texts, &keys, &opts);
    let factor = topics::volume_factor(current.len(), previous.len());
    let mut themed = 0;
    let themes = found
        .iter()
        .zip(prev_counts)
        .map(|(t, previous)| {
            themed += t.members.len();
            let mut by_district: BTreeMap<String, usize> = BTreeMap::new();
            for &m in &t.members {
                *by_district.entry(current[m].district.clone().unwrap_or_default()).or_default() += 1;
            }
            let mut districts: Vec<DistrictCount> =
                by_district.into_iter().map(|(district, count)| DistrictCount { district, count }).collect();
            districts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.district.cmp(&b.district)));
            TopicView {
                key: t.key.clone(),
                label: t.label.clone(),
                related: t.related.clone(),
                count: t.members.len(),
                previous,
                hot: topics::is_hot(t.members.len(), previous, factor),
                districts,
                examples: t
                    .representatives
                    .iter()
                    .map(|&r| Quote {
                        item_id: current[r].id,
                        text: humas_text::normalize::mask_personal_numbers(&current[r].text),
                    })
                    .collect(),
            }
        })
        .collect();
    TopicReport { agency_id, from, to, total: current.len(), sampled, unthemed: current.len() - themed, themes }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: i64, text: &str, district: Option<&str>) -> ItemText {
        ItemText {
            id,
            agency_id: AgencyId(1),
            text: text.into(),
            district: district.map(str::to_string),
            received_at: Utc::now(),
        }
    }

    #[test]
    fn a_jump_is_hot_and_quotes_are_masked() {
        let now: Vec<ItemText> = (0..8)
            .map(|i| item(i, &format!("Banjir lagi di rumah saya, hp 08123456789{i}"), Some("Arut Selatan")))
            .chain([item(100, "Lampu jalan mati", None)])
            .collect();
        let before = vec![item(200, "banjir rumah sedikit", None)];
        let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let r = analyse(None, (day, day), &now, &before, false, vec!["Arut Selatan".into()]);
        let flood = r.themes.iter().find(|t| t.key.starts_with("banjir")).unwrap();
        assert_eq!((flood.count, flood.previous, flood.hot), (8, 1, true));
        assert_eq!(flood.districts[0].district, "Arut Selatan");
        assert!(flood.examples.iter().all(|q| !q.text.contains("0812345678")), "{:?}", flood.examples);
        assert_eq!(flood.change_percent(), Some(700));
        assert_eq!(r.unthemed, 1);
    }
}
