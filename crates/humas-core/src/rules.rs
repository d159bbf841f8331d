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
    /// The model's confidence in the proposed agency (0..1).
    pub confidence: f64,
    /// Unsure of the agency or the kind: a person should look ("perlu ditinjau").
    pub needs_review: bool,
}

/// Below these confidences an item is marked for review.
pub const REVIEW_AGENCY_BELOW: f64 = 0.5;
pub const REVIEW_KIND_BELOW: f64 = 0.45;

pub trait Classifier: Send + Sync {
    fn classify(&self, text: &str, agencies: &[Agency], districts: &[String]) -> Proposal;
}

/// The trained model of `humas-text` (kind, sentiment, agency), with the
/// district found by name. The agency code it proposes is looked up among the
/// region's agencies; `LUAR`, `UMUM` or a code the region lacks propose none.
pub struct ModelClassifier;

impl Classifier for ModelClassifier {
    fn classify(&self, text: &str, agencies: &[Agency], districts: &[String]) -> Proposal {
        propose(humas_text::classify::Model::shipped(), text, agencies, districts)
    }
}

/// A model retrained from the shipped data plus officers' corrections
/// (`humas text retrain`; `humas serve` trains it at start when there are corrections).
pub struct TrainedClassifier(pub std::sync::Arc<humas_text::classify::Model>);

impl Classifier for TrainedClassifier {
    fn classify(&self, text: &str, agencies: &[Agency], districts: &[String]) -> Proposal {
        propose(&self.0, text, agencies, districts)
    }
}

/// Officers' corrections as labelled messages, next to the shipped ones.
pub fn with_corrections(corrections: &[crate::desk::TrainingExample]) -> Vec<humas_text::classify::Example> {
    let mut all = humas_text::classify::shipped_examples();
    all.extend(corrections.iter().map(|c| humas_text::classify::Example {
        id: format!("koreksi-{}", c.item_id.unwrap_or(0)),
        teks: c.text.clone(),
        jenis: c.kind.clone(),
        sentimen: c.sentiment.clone(),
        instansi: c.agency_code.clone(),
        kecamatan: None,
    }));
    all
}

fn propose(model: &humas_text::classify::Model, text: &str, agencies: &[Agency], districts: &[String]) -> Proposal {
    {
        let a = model.analyze(text);
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
        let needs_review = a.agency.confidence < REVIEW_AGENCY_BELOW || a.kind.confidence < REVIEW_KIND_BELOW;
        Proposal { kind, sentiment, agency, district, confidence: a.agency.confidence, needs_review }
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
