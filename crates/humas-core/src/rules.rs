//! A simple rule set that proposes kind, sentiment, responsible agency and
//! district for an item until the text-analysis crate replaces it. It sits
//! behind the [`Classifier`] trait so the replacement is one line at start-up.

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

/// Keyword rules; words are matched on whole lowercase tokens or phrases.
pub struct RuleClassifier;

/// Matters by agency code for the usual set of Perangkat Daerah; an agency's
/// own `affairs` words are added to these.
const MATTERS: &[(&str, &[&str])] = &[
    ("DPUPR", &["jalan", "jln", "jembatan", "drainase", "gorong", "berlubang", "aspal", "pbg", "banjir jalan"]),
    ("DISPERKIM", &["lampu jalan", "pju", "rtlh", "bedah rumah", "perumahan"]),
    ("DLH", &["sampah", "tps", "limbah", "pencemaran", "taman kota", "bau"]),
    ("DINKES", &["puskesmas", "imunisasi", "dbd", "demam berdarah", "stunting", "posyandu", "vaksin"]),
    ("RSUD", &["rsud", "rumah sakit", "igd", "rawat inap", "dokter spesialis", "antrean poli"]),
    ("DISDUKCAPIL", &["ktp", "e-ktp", "kk", "kartu keluarga", "akta", "dukcapil", "ikd"]),
    ("DISDIK", &["sekolah", "guru", "ppdb", "beasiswa", "sd", "smp", "murid"]),
    ("DISHUB", &["lampu merah", "traffic light", "parkir", "angkot", "terminal", "pelabuhan", "macet"]),
    ("DINSOS", &["bansos", "pkh", "bpnt", "dtks", "disabilitas", "bantuan sosial"]),
    ("DISNAKERTRANS", &["lowongan", "loker", "umr", "ump", "pesangon", "transmigrasi", "job fair"]),
    ("BPBD", &["banjir", "karhutla", "kebakaran lahan", "kabut asap", "asap", "bencana"]),
    ("SATPOLPP", &["pkl", "satpol", "pedagang kaki lima", "perda", "ketertiban"]),
    ("DPMPTSP", &["izin usaha", "oss", "nib", "investasi", "perizinan"]),
    ("DISDAGKOP", &["pasar", "lpg", "elpiji", "gas melon", "harga beras", "umkm", "koperasi"]),
    ("DISTAN", &["pupuk", "petani", "sawit", "ternak", "sapi", "rabies", "anjing liar"]),
    ("DISBUDPAR", &["wisata", "pariwisata", "festival", "budaya", "tanjung puting"]),
    ("DISPORA", &["stadion", "olahraga", "gor", "lapangan bola", "pemuda"]),
    ("BAPENDA", &["pbb", "pajak", "bphtb", "retribusi"]),
    ("PDAM", &["pdam", "air mati", "air keruh", "tagihan air", "air bersih"]),
    ("DISKOMINFO", &["wifi", "internet", "website", "hoaks", "hoax", "sinyal", "statistik"]),
    ("KECAMATAN", &["camat", "kecamatan", "kelurahan", "lurah", "surat pengantar", "kades"]),
];

/// Matters of no regional agency: electricity (PLN), police, national bodies.
const OUTSIDE: &[&str] = &[
    "pln",
    "listrik padam",
    "mati lampu",
    "listrik mati",
    "polisi",
    "polres",
    "samsat",
    "bpjs kesehatan",
    "sma negeri",
];

const QUESTION: &[&str] = &[
    "apa",
    "apakah",
    "kapan",
    "bagaimana",
    "gimana",
    "dimana",
    "di mana",
    "berapa",
    "kenapa",
    "mengapa",
    "bisakah",
    "boleh",
    "mohon info",
    "minta info",
    "info dong",
    "syarat",
];
const SUGGESTION: &[&str] = &[
    "sebaiknya",
    "saran",
    "usul",
    "mohon agar",
    "harusnya",
    "seharusnya",
    "sebaiknya",
    "tolong ditambah",
    "perlu ditambah",
    "alangkah baiknya",
    "aja",
    "diperbesar",
    "dibuatkan",
];
const CRITICISM: &[&str] = &[
    "rusak",
    "lambat",
    "kecewa",
    "parah",
    "buruk",
    "mati",
    "macet",
    "tidak pernah",
    "gak pernah",
    "ga pernah",
    "berlubang",
    "lama banget",
    "pungli",
    "mahal",
    "kotor",
    "bau",
    "numpuk",
    "kayak kolam",
];
const POSITIVE: &[&str] = &[
    "terima kasih",
    "makasih",
    "mantap",
    "bagus",
    "keren",
    "sukses",
    "semangat",
    "alhamdulillah",
    "cepat tanggap",
    "puas",
    "hebat",
    "👍",
    "🙏",
];

fn has(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| contains_word(text, w))
}

/// Whole-word match: `sd` must not match inside `sudah`.
fn contains_word(text: &str, word: &str) -> bool {
    let mut start = 0;
    while let Some(pos) = text[start..].find(word) {
        let i = start + pos;
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        let edge = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        if edge(before) && edge(after) {
            return true;
        }
        start = i + word.len().max(1);
        if start >= text.len() {
            break;
        }
        while !text.is_char_boundary(start) {
            start += 1;
        }
    }
    false
}

impl Classifier for RuleClassifier {
    fn classify(&self, text: &str, agencies: &[Agency], districts: &[String]) -> Proposal {
        let t = text.to_lowercase();
        let negative = has(&t, CRITICISM);
        let kind = if has(&t, SUGGESTION) {
            ItemKind::Suggestion
        } else if negative {
            ItemKind::Criticism
        } else if t.contains('?') || has(&t, QUESTION) {
            ItemKind::Question
        } else {
            ItemKind::Comment
        };
        let sentiment = if negative {
            Sentiment::Negative
        } else if has(&t, POSITIVE) {
            Sentiment::Positive
        } else {
            Sentiment::Neutral
        };
        let agency = if has(&t, OUTSIDE) {
            None
        } else {
            agencies
                .iter()
                .map(|a| {
                    let builtin = MATTERS.iter().find(|(c, _)| *c == a.code).map(|(_, w)| *w).unwrap_or(&[]);
                    let own = a.affairs.iter().filter(|w| w.len() > 3 && contains_word(&t, &w.to_lowercase())).count();
                    (a.id, builtin.iter().filter(|w| contains_word(&t, w)).count() * 2 + own)
                })
                .filter(|(_, score)| *score > 0)
                .max_by_key(|(_, score)| *score)
                .map(|(id, _)| id)
        };
        let district = districts.iter().find(|d| t.contains(&d.to_lowercase())).cloned();
        Proposal { kind, sentiment, agency, district }
    }
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

    fn run(text: &str) -> Proposal {
        RuleClassifier.classify(text, &agencies(), &["Arut Selatan".into(), "Kumai".into()])
    }

    #[test]
    fn clear_cases() {
        let p = run("min jln di kel. sidorejo rusak parah, kapan diperbaiki?? Arut Selatan");
        assert_eq!((p.kind, p.sentiment, p.agency), (ItemKind::Criticism, Sentiment::Negative, Some(AgencyId(1))));
        assert_eq!(p.district.as_deref(), Some("Arut Selatan"));
        let p = run("Apa syarat membuat KTP baru?");
        assert_eq!((p.kind, p.agency), (ItemKind::Question, Some(AgencyId(3))));
        let p = run("listrik padam terus di kumai, PLN gimana ini");
        assert_eq!(p.agency, None, "power cuts are no regional matter");
        let p = run("Terima kasih, airnya sudah lancar lagi");
        assert_eq!((p.kind, p.sentiment), (ItemKind::Comment, Sentiment::Positive));
        let p = run("sebaiknya jam layanan ditambah sampai sore");
        assert_eq!(p.kind, ItemKind::Suggestion);
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
    }

    #[test]
    fn words_match_whole() {
        assert!(contains_word("kk hilang", "kk"));
        assert!(!contains_word("bukkit", "kk"));
        assert!(contains_word("ada pdam?", "pdam"));
        assert!(!contains_word("sudah", "sd"));
        assert!(contains_word("jalan ke sd 3", "sd"));
        assert!(!contains_word("", "x"));
        assert!(contains_word("é pdam é", "pdam"));
    }
}
