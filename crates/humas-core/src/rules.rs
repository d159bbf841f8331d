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
        let modelled = agencies.iter().find(|g| g.code == a.agency.label).map(|g| g.id);
        // Routing without retraining: the region's own agency profiles (urusan
        // and keywords the Dinas keeps) decide where the model is unsure or
        // names an agency the region does not have. LUAR stays LUAR.
        let outside = a.agency.label == "LUAR" && a.agency.confidence >= REVIEW_AGENCY_BELOW;
        let unsure = modelled.is_none() || a.agency.confidence < REVIEW_AGENCY_BELOW;
        let lower = text.to_lowercase();
        let profiled = if unsure && !outside { profile_match(&lower, agencies) } else { None };
        let (agency, confidence) = match profiled {
            Some(id) => (Some(id), a.agency.confidence.max(REVIEW_AGENCY_BELOW)),
            None => (modelled, a.agency.confidence),
        };
        let district = districts.iter().find(|d| lower.contains(&d.to_lowercase())).cloned();
        let needs_review = confidence < REVIEW_AGENCY_BELOW || a.kind.confidence < REVIEW_KIND_BELOW;
        Proposal { kind, sentiment, agency, district, confidence, needs_review }
    }
}

/// The one agency whose profile (each urusan or keyword, split at commas)
/// occurs most often in the (lowercased) text as whole words; `None` on a tie
/// or no match.
fn profile_match(lower: &str, agencies: &[Agency]) -> Option<AgencyId> {
    if agencies.iter().all(|a| a.affairs.is_empty()) {
        return None;
    }
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let hits = |phrase: &str| {
        let phrase = phrase.to_lowercase();
        let p: Vec<&str> = phrase.split_whitespace().collect();
        !p.is_empty() && words.windows(p.len()).any(|w| w == p.as_slice())
    };
    let mut scored: Vec<(usize, AgencyId)> = agencies
        .iter()
        .map(|a| (a.affairs.iter().flat_map(|x| x.split(',')).map(str::trim).filter(|k| hits(k)).count(), a.id))
        .filter(|(n, _)| *n > 0)
        .collect();
    scored.sort_by_key(|x| std::cmp::Reverse(x.0));
    match scored.as_slice() {
        [(n, id), rest @ ..] if rest.first().is_none_or(|(m, _)| m < n) => Some(*id),
        _ => None,
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
    fn a_region_with_other_agency_names_routes_by_its_profiles() {
        // A region whose public-works office is "PUPRKP", unknown to the model.
        let region = vec![Agency {
            id: AgencyId(7),
            code: "PUPRKP".into(),
            name: "Dinas PUPR dan Kawasan Permukiman".into(),
            kind: AgencyKind::Dinas,
            affairs: vec!["pekerjaan umum".into(), "jalan, jembatan, drainase".into()],
            is_dinas: false,
            created_at: chrono::Utc::now(),
            updated_at: chrono::Utc::now(),
        }];
        let p = ModelClassifier.classify("jalan di Kumai rusak parah, kapan diaspal?", &region, &[]);
        assert_eq!(p.agency, Some(AgencyId(7)), "routed by the profile without retraining");
        let p = ModelClassifier.classify("listrik padam terus, PLN gimana", &region, &[]);
        assert_eq!(p.agency, None, "outside regional government stays outside");
        assert_eq!(profile_match("jembatan dan jalan", &region), Some(AgencyId(7)));
        assert_eq!(profile_match("jalanan", &region), None, "whole words only");
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
