//! The answer library ("jawaban tersedia" of Lampiran B): ready answers per
//! agency and region-wide, suggested for an open item by the words they share.

use crate::ids::{AgencyId, UserId};
use crate::{Error, Result};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Answer {
    pub id: i64,
    /// `None`: region-wide, kept by the Dinas.
    pub agency_id: Option<AgencyId>,
    pub question: String,
    pub answer: String,
    pub tags: Vec<String>,
    pub valid_until: Option<NaiveDate>,
    pub created_by: Option<UserId>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct AnswerInput {
    pub agency_id: Option<AgencyId>,
    pub question: String,
    pub answer: String,
    #[serde(default)]
    pub tags: Vec<String>,
    pub valid_until: Option<NaiveDate>,
}

impl AnswerInput {
    pub fn validate(mut self) -> Result<Self> {
        self.question = self.question.trim().to_string();
        self.answer = self.answer.trim().to_string();
        if self.question.is_empty() || self.question.chars().count() > 1000 {
            return Err(Error::invalid("question", "Pertanyaan wajib diisi (maksimal 1000 karakter)."));
        }
        if self.answer.is_empty() || self.answer.chars().count() > 5000 {
            return Err(Error::invalid("answer", "Jawaban wajib diisi (maksimal 5000 karakter)."));
        }
        self.tags = self
            .tags
            .iter()
            .flat_map(|t| t.split([',', '\n']))
            .map(|t| t.trim().trim_start_matches('#').to_lowercase())
            .filter(|t| !t.is_empty())
            .collect();
        self.tags.dedup();
        if self.tags.len() > 30 || self.tags.iter().any(|t| t.chars().count() > 50) {
            return Err(Error::invalid("tags", "Terlalu banyak atau terlalu panjang tag (maksimal 30)."));
        }
        Ok(self)
    }
}

/// Words that carry no matter of their own.
const STOP: &[&str] = &[
    "yang",
    "dan",
    "di",
    "ke",
    "dari",
    "ini",
    "itu",
    "untuk",
    "dengan",
    "pada",
    "ada",
    "apa",
    "apakah",
    "kapan",
    "bagaimana",
    "min",
    "admin",
    "kak",
    "pak",
    "bu",
    "mohon",
    "tolong",
    "info",
    "saya",
    "kami",
    "kita",
    "sudah",
    "belum",
    "bisa",
    "tidak",
    "gak",
    "ga",
    "nya",
    "juga",
    "atau",
    "karena",
    "kalau",
    "kok",
    "ya",
    "yg",
    "dgn",
    "utk",
];

fn words(text: &str) -> std::collections::HashSet<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() > 2 && !STOP.contains(w))
        .map(str::to_string)
        .collect()
}

/// Ranks library entries for an item's text: shared words with the question,
/// tags counting double. Entries past their validity are left out.
pub fn suggest<'a>(text: &str, library: &'a [Answer], today: NaiveDate, max: usize) -> Vec<&'a Answer> {
    let item = words(text);
    let mut scored: Vec<(usize, &Answer)> = library
        .iter()
        .filter(|a| a.valid_until.is_none_or(|u| u >= today))
        .map(|a| {
            let q = words(&a.question);
            let tags = a.tags.iter().filter(|t| item.contains(t.as_str())).count();
            (item.intersection(&q).count() + 2 * tags, a)
        })
        .filter(|(score, _)| *score > 0)
        .collect();
    scored.sort_by(|x, y| y.0.cmp(&x.0).then(y.1.updated_at.cmp(&x.1.updated_at)));
    scored.into_iter().take(max).map(|(_, a)| a).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: i64, q: &str, tags: &[&str], until: Option<NaiveDate>) -> Answer {
        Answer {
            id,
            agency_id: None,
            question: q.into(),
            answer: "jawaban".into(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            valid_until: until,
            created_by: None,
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn the_closest_valid_entries_come_first() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 27).expect("date");
        let lib = vec![
            entry(1, "Syarat membuat KTP elektronik", &["ktp"], None),
            entry(2, "Jadwal imunisasi di puskesmas", &["imunisasi"], None),
            entry(3, "Syarat KTP tahun lalu", &["ktp"], NaiveDate::from_ymd_opt(2025, 1, 1)),
        ];
        let s = suggest("min apa syarat bikin ktp baru?", &lib, today, 3);
        assert_eq!(s.iter().map(|a| a.id).collect::<Vec<_>>(), vec![1]);
        assert!(suggest("terima kasih", &lib, today, 3).is_empty());
    }

    #[test]
    fn input_tags_are_normalised() {
        let a = AnswerInput {
            agency_id: None,
            question: " Q ".into(),
            answer: "A".into(),
            tags: vec!["#KTP, kk".into()],
            valid_until: None,
        };
        assert_eq!(a.validate().expect("valid").tags, vec!["ktp", "kk"]);
    }
}
