//! What proposes kind, sentiment, responsible agency and district for an
//! item: the [`Classifier`] trait, and its implementation over the trained
//! model of `humas-text`. Another analysis is one line at start-up
//! (`Humas::with_classifier`).

use crate::agency::Agency;
use crate::desk::{ItemKind, Sentiment};
use crate::ids::AgencyId;

/// What the analysis proposes for one text.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    pub kind: ItemKind,
    pub sentiment: Sentiment,
    pub agency: Option<AgencyId>,
    pub district: Option<String>,
}

pub trait Classifier: Send + Sync {
    fn classify(&self, text: &str, agencies: &[Agency], districts: &[String]) -> Proposal;
}

/// The trained model of `humas-text` (kind, sentiment, agency), with the
/// district found by name. The agency code it proposes is looked up among the
/// region's agencies; `LUAR`, `UMUM` or a code the region lacks propose none.
pub struct ModelClassifier;

impl Classifier for ModelClassifier {
    fn classify(&self, text: &str, agencies: &[Agency], districts: &[String]) -> Proposal {
        let a = humas_text::classify::Model::shipped().analyze(text);
        let kind = match a.kind.label.as_str() {
            "pertanyaan" => ItemKind::Question,
            "kritik" => ItemKind::Criticism,
            "saran" => ItemKind::Suggestion,
            _ => ItemKind::Comment,
        };
        let sentiment = match a.sentiment.label.as_str() {
            "positif" => Sentiment::Positive,
            "negatif" => Sentiment::Negative,
            _ => Sentiment::Neutral,
        };
        let agency = agencies.iter().find(|g| g.code == a.agency.label).map(|g| g.id);
        let lower = text.to_lowercase();
        let district = districts.iter().find(|d| lower.contains(&d.to_lowercase())).cloned();
        Proposal { kind, sentiment, agency, district }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agency::AgencyKind;

    fn agencies() -> Vec<Agency> {
        ["DPUPR", "PDAM", "DISDUKCAPIL", "DISKOMINFO"]
            .iter()
            .enumerate()
            .map(|(i, c)| Agency {
                id: AgencyId(i as i64 + 1),
                code: c.to_string(),
                name: c.to_string(),
                kind: AgencyKind::Dinas,
                affairs: vec![],
                is_dinas: *c == "DISKOMINFO",
                created_at: chrono::Utc::now(),
                updated_at: chrono::Utc::now(),
            })
            .collect()
    }

    #[test]
    fn the_model_routes_by_the_regions_agency_codes() {
        let p = ModelClassifier.classify("jalan di Kumai rusak parah, kapan diaspal?", &agencies(), &["Kumai".into()]);
        assert_eq!(
            (p.agency, p.district.as_deref(), p.sentiment),
            (Some(AgencyId(1)), Some("Kumai"), Sentiment::Negative)
        );
        let p = ModelClassifier.classify("listrik padam terus, PLN gimana", &agencies(), &[]);
        assert_eq!(p.agency, None, "LUAR proposes no agency");
        let p = ModelClassifier.classify("Apa syarat membuat KTP baru?", &agencies(), &[]);
        assert_eq!((p.kind, p.agency), (ItemKind::Question, Some(AgencyId(3))));
    }
}
