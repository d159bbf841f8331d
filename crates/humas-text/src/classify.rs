//! Kind, sentiment and responsible agency of a citizen's message: one
//! multinomial Naive Bayes per task over normalised, stemmed words and word
//! pairs. Trained in Rust from the labelled messages in the repository
//! (`data/pesan/dev.jsonl`) the first time it is used — milliseconds — so the
//! model ships inside the binary with nothing to download.

use crate::normalize::normalize;
use std::collections::HashMap;
use std::sync::OnceLock;

/// One labelled message (the schema of `data/pesan/SKEMA.md`).
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Example {
    #[serde(default)]
    pub id: String,
    pub teks: String,
    pub jenis: String,
    pub sentimen: String,
    pub instansi: String,
    pub kecamatan: Option<String>,
}

pub fn load_jsonl(text: &str) -> Result<Vec<Example>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).map_err(|e| format!("line {}: {e}", i + 1)))
        .collect()
}

/// Matters by agency code (a regency's usual Perangkat Daerah and the
/// look-alikes of SKEMA.md): a keyword adds a `k:CODE` feature, so that a
/// word seen rarely in training still points at its agency.
const MATTERS: &[(&str, &[&str])] = &[
    ("DPUPR", &["jalan", "jembatan", "drainase", "gorong", "berlubang", "aspal", "pbg", "lubang"]),
    ("DISPERKIM", &["lampu jalan", "pju", "rtlh", "bedah rumah", "perumahan", "penerangan"]),
    ("DLH", &["sampah", "tps", "limbah", "pencemaran", "taman", "bau", "polusi"]),
    ("DINKES", &["puskesmas", "imunisasi", "dbd", "demam berdarah", "stunting", "posyandu", "vaksin", "nakes"]),
    ("RSUD", &["rsud", "rumah sakit", "igd", "rawat inap", "dokter spesialis", "poli", "pasien"]),
    ("DISDUKCAPIL", &["ktp", "kk", "kartu keluarga", "akta", "dukcapil", "ikd", "kependudukan"]),
    ("DISDIK", &["sekolah", "guru", "ppdb", "beasiswa", "sd", "smp", "murid", "siswa"]),
    ("DISHUB", &["lampu merah", "traffic light", "parkir", "angkot", "terminal", "pelabuhan", "macet", "lalu lintas"]),
    ("DINSOS", &["bansos", "pkh", "bpnt", "dtks", "disabilitas", "bantuan sosial", "lansia"]),
    ("DISNAKERTRANS", &["lowongan", "loker", "umr", "ump", "pesangon", "transmigrasi", "job fair", "kerja"]),
    ("BPBD", &["banjir", "karhutla", "kebakaran lahan", "kabut asap", "asap", "bencana", "longsor"]),
    ("SATPOLPP", &["pkl", "satpol", "pedagang kaki lima", "perda", "ketertiban", "razia"]),
    ("DPMPTSP", &["izin usaha", "oss", "nib", "investasi", "perizinan", "izin"]),
    ("DISDAGKOP", &["pasar", "lpg", "elpiji", "gas", "harga", "umkm", "koperasi", "sembako"]),
    ("DISTAN", &["pupuk", "petani", "sawit", "ternak", "sapi", "rabies", "anjing", "sawah"]),
    ("DISBUDPAR", &["wisata", "pariwisata", "festival", "budaya", "tanjung puting", "museum"]),
    ("DISPORA", &["stadion", "olahraga", "gor", "lapangan", "pemuda", "atlet", "sepak bola"]),
    ("BAPENDA", &["pbb", "pajak", "bphtb", "retribusi"]),
    ("PDAM", &["pdam", "air mati", "air keruh", "tagihan air", "air bersih", "meteran"]),
    ("DISKOMINFO", &["wifi", "internet", "website", "hoaks", "hoax", "sinyal", "aplikasi"]),
    ("KECAMATAN", &["camat", "kecamatan", "kelurahan", "lurah", "surat pengantar", "kades", "desa"]),
    ("LUAR", &["pln", "listrik", "polisi", "polres", "samsat", "bpjs", "sma", "smk", "pertamina"]),
];

/// The matter keywords padded with spaces, built once: a whole-word test is
/// then one `contains` on the padded text, with no allocation per keyword.
fn padded_matters() -> &'static [(&'static str, Vec<String>)] {
    static M: OnceLock<Vec<(&'static str, Vec<String>)>> = OnceLock::new();
    M.get_or_init(|| MATTERS.iter().map(|(c, ks)| (*c, ks.iter().map(|k| format!(" {k} ")).collect())).collect())
}

/// The features of a text: stemmed words, word pairs, marks, matter keywords.
pub fn features(text: &str) -> Vec<String> {
    let norm = normalize(text);
    let s = crate::stemmer();
    let words: Vec<String> = norm.split(' ').filter(|w| !w.is_empty()).map(|w| s.stem(w).into_owned()).collect();
    let mut f = Vec::with_capacity(words.len() * 2 + 2);
    if let Some(first) = words.first() {
        f.push(format!("f:{first}"));
    }
    for (i, w) in words.iter().enumerate() {
        f.push(format!("w:{w}"));
        if let Some(next) = words.get(i + 1) {
            f.push(format!("b:{w}_{next}"));
        }
    }
    for mark in ["?", "!"] {
        if words.iter().any(|w| w == mark) {
            f.push(format!("m:{mark}"));
        }
    }
    let padded = format!(" {norm} ");
    for (code, keys) in padded_matters() {
        if keys.iter().any(|k| padded.contains(k.as_str())) {
            // Counted three times: a matter keyword outweighs a stray word.
            for _ in 0..3 {
                f.push(format!("k:{code}"));
            }
        }
    }
    f
}

/// A multinomial Naive Bayes with additive smoothing.
#[derive(Debug, Clone, Default)]
pub struct NaiveBayes {
    labels: Vec<String>,
    priors: Vec<f64>,
    /// log P(feature | label), per label.
    likelihood: Vec<HashMap<String, f64>>,
    unseen: Vec<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    pub label: String,
    /// The posterior probability of the label, 0..1.
    pub confidence: f64,
}

impl NaiveBayes {
    pub fn train(samples: &[(Vec<String>, &str)], alpha: f64) -> Self {
        let mut labels: Vec<String> = samples.iter().map(|(_, l)| l.to_string()).collect();
        labels.sort();
        labels.dedup();
        let vocab: std::collections::HashSet<&String> = samples.iter().flat_map(|(f, _)| f.iter()).collect();
        let v = vocab.len() as f64;
        let mut priors = Vec::new();
        let mut likelihood = Vec::new();
        let mut unseen = Vec::new();
        for label in &labels {
            let docs: Vec<&Vec<String>> = samples.iter().filter(|(_, l)| l == label).map(|(f, _)| f).collect();
            priors.push((docs.len() as f64 / samples.len() as f64).ln());
            let mut counts: HashMap<String, f64> = HashMap::new();
            let mut total = 0.0;
            for d in docs {
                for t in d {
                    *counts.entry(t.clone()).or_default() += 1.0;
                    total += 1.0;
                }
            }
            let denom = total + alpha * v;
            unseen.push((alpha / denom).ln());
            likelihood.push(counts.into_iter().map(|(k, c)| (k, ((c + alpha) / denom).ln())).collect());
        }
        Self { labels, priors, likelihood, unseen }
    }

    pub fn predict(&self, features: &[String]) -> Prediction {
        let scores: Vec<f64> = (0..self.labels.len())
            .map(|i| {
                self.priors[i]
                    + features.iter().map(|f| self.likelihood[i].get(f).copied().unwrap_or(self.unseen[i])).sum::<f64>()
            })
            .collect();
        let (best, max) = scores
            .iter()
            .copied()
            .enumerate()
            .fold((0, f64::NEG_INFINITY), |a, (i, s)| if s > a.1 { (i, s) } else { a });
        let z: f64 = scores.iter().map(|s| (s - max).exp()).sum();
        Prediction {
            label: self.labels.get(best).cloned().unwrap_or_default(),
            confidence: if z > 0.0 { 1.0 / z } else { 0.0 },
        }
    }
}

/// The three tasks together.
#[derive(Debug, Clone)]
pub struct Model {
    kind: NaiveBayes,
    sentiment: NaiveBayes,
    agency: NaiveBayes,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// `pertanyaan`, `komentar`, `kritik` or `saran`.
    pub kind: Prediction,
    /// `positif`, `netral` or `negatif`.
    pub sentiment: Prediction,
    /// An agency code, `LUAR` or `UMUM`.
    pub agency: Prediction,
}

impl Model {
    pub fn train(examples: &[Example]) -> Self {
        let feats: Vec<Vec<String>> = examples.iter().map(|e| features(&e.teks)).collect();
        let task = |label: fn(&Example) -> &str| {
            let samples: Vec<(Vec<String>, &str)> = feats.iter().cloned().zip(examples.iter().map(label)).collect();
            NaiveBayes::train(&samples, 0.3)
        };
        Self { kind: task(|e| &e.jenis), sentiment: task(|e| &e.sentimen), agency: task(|e| &e.instansi) }
    }

    pub fn analyze(&self, text: &str) -> Analysis {
        let f = features(text);
        Analysis { kind: self.kind.predict(&f), sentiment: self.sentiment.predict(&f), agency: self.agency.predict(&f) }
    }

    /// The model built into the binary, trained once from the shipped data.
    pub fn shipped() -> &'static Model {
        static M: OnceLock<Model> = OnceLock::new();
        M.get_or_init(|| Model::train(&shipped_examples()))
    }
}

/// The labelled messages that ship with humas.
pub fn shipped_examples() -> Vec<Example> {
    load_jsonl(include_str!("../../../data/pesan/dev.jsonl")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clear_cases() {
        let m = Model::shipped();
        let a = m.analyze("jalan di kumai rusak parah berlubang, kapan diperbaiki?");
        assert_eq!(a.agency.label, "DPUPR");
        assert_eq!(a.sentiment.label, "negatif");
        let a = m.analyze("listrik padam lagi dari tadi malam, PLN tolong");
        assert_eq!(a.agency.label, "LUAR", "power cuts are PLN's");
        let a = m.analyze("Apa syarat membuat KTP elektronik untuk pemula?");
        assert_eq!((a.kind.label.as_str(), a.agency.label.as_str()), ("pertanyaan", "DISDUKCAPIL"));
        assert!(a.kind.confidence > 0.0 && a.kind.confidence <= 1.0);
    }
}
