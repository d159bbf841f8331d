//! Kind, sentiment and responsible agency of a citizen's message: one
//! multinomial logistic regression per task over normalised, stemmed words,
//! word pairs and matter keywords. Trained in Rust from the labelled messages
//! in the repository (`data/pesan/dev.jsonl`) the first time it is used — a
//! fraction of a second — so the model ships inside the binary with nothing to
//! download. (Naive Bayes, kept for comparison in `humas text cv`'s history,
//! scored lower on every task: docs/text-analysis.md.)

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
    let mut f = Vec::new();
    visit_features(text, |x| f.push(x.to_string()));
    f
}

/// Calls `visit` with each feature of `features`, in the same order, built in
/// one reused buffer: classifying then allocates no string per feature.
pub fn visit_features(text: &str, mut visit: impl FnMut(&str)) {
    use std::fmt::Write;
    let norm = normalize(text);
    let s = crate::stemmer();
    let words: Vec<std::borrow::Cow<'_, str>> = norm.split(' ').filter(|w| !w.is_empty()).map(|w| s.stem(w)).collect();
    let mut buf = String::with_capacity(64);
    let mut emit = |buf: &mut String, parts: std::fmt::Arguments<'_>| {
        buf.clear();
        let _ = buf.write_fmt(parts);
        visit(buf);
    };
    if let Some(first) = words.first() {
        emit(&mut buf, format_args!("f:{first}"));
    }
    for (i, w) in words.iter().enumerate() {
        emit(&mut buf, format_args!("w:{w}"));
        if let Some(next) = words.get(i + 1) {
            emit(&mut buf, format_args!("b:{w}_{next}"));
        }
    }
    for mark in ["?", "!"] {
        if words.iter().any(|w| w == mark) {
            emit(&mut buf, format_args!("m:{mark}"));
        }
    }
    let padded = format!(" {norm} ");
    for (code, keys) in padded_matters() {
        if keys.iter().any(|k| padded.contains(k.as_str())) {
            // Counted three times: a matter keyword outweighs a stray word.
            for _ in 0..3 {
                emit(&mut buf, format_args!("k:{code}"));
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    pub label: String,
    /// The posterior probability of the label, 0..1.
    pub confidence: f64,
}

/// Multinomial logistic regression (softmax) trained by stochastic gradient
/// descent, written here because it is forty lines and the ML crates that
/// offer it pull in linear-algebra stacks. Features are presence counts,
/// scaled by 1/√n so long messages do not dominate. The weights are one
/// table, a row per feature (numbered by the [`Model`]'s shared index) and a
/// column per label.
#[derive(Debug, Clone, Default)]
pub struct LogReg {
    labels: Vec<String>,
    /// Weights, `labels.len()` per row.
    table: Vec<f64>,
    bias: Vec<f64>,
}

/// Passes over the training data; the learning rate decays per pass.
const EPOCHS: usize = 15;
const LEARNING_RATE: f64 = 0.5;
const L2: f64 = 1e-5;

impl LogReg {
    /// `samples`: each message's feature rows and its label; `features`: rows in all.
    pub fn train(samples: &[(Vec<usize>, &str)], features: usize) -> Self {
        let mut labels: Vec<String> = samples.iter().map(|(_, l)| l.to_string()).collect();
        labels.sort();
        labels.dedup();
        let n = labels.len();
        let rows: Vec<(&[usize], usize)> =
            samples.iter().map(|(f, l)| (f.as_slice(), labels.iter().position(|x| x == l).unwrap_or(0))).collect();
        let mut m = Self { table: vec![0.0; features * n], bias: vec![0.0; n], labels };
        let mut order: Vec<usize> = (0..rows.len()).collect();
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut probs = vec![0.0; n];
        for epoch in 0..EPOCHS {
            // A fixed shuffle per pass: the same model on every start.
            for i in (1..order.len()).rev() {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                order.swap(i, (state % (i as u64 + 1)) as usize);
            }
            let rate = LEARNING_RATE / (1.0 + epoch as f64 * 0.1);
            for &s in &order {
                let (features, gold) = rows[s];
                let scale = m.scores_into(features, &mut probs);
                softmax(&mut probs);
                for (l, p) in probs.iter().enumerate() {
                    let g = p - if l == gold { 1.0 } else { 0.0 };
                    m.bias[l] -= rate * g;
                    for &r in features {
                        let w = &mut m.table[r * n + l];
                        *w -= rate * (g * scale + L2 * *w);
                    }
                }
            }
        }
        m
    }

    /// Raw scores of known feature rows into `out`; returns the feature scale.
    fn scores_into(&self, rows: &[usize], out: &mut [f64]) -> f64 {
        let n = self.labels.len();
        let scale = 1.0 / (rows.len().max(1) as f64).sqrt();
        out.copy_from_slice(&self.bias);
        for &r in rows {
            for (o, w) in out.iter_mut().zip(&self.table[r * n..r * n + n]) {
                *o += w * scale;
            }
        }
        scale
    }

    /// The most probable label of a message given its feature rows.
    pub fn predict(&self, rows: &[usize]) -> Prediction {
        let mut p = vec![0.0; self.labels.len()];
        self.scores_into(rows, &mut p);
        softmax(&mut p);
        let (best, confidence) =
            p.iter().copied().enumerate().fold((0, f64::NEG_INFINITY), |a, (i, s)| if s > a.1 { (i, s) } else { a });
        Prediction { label: self.labels.get(best).cloned().unwrap_or_default(), confidence: confidence.max(0.0) }
    }
}

fn softmax(v: &mut [f64]) {
    let max = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut z = 0.0;
    for x in v.iter_mut() {
        *x = (*x - max).exp();
        z += *x;
    }
    if z > 0.0 {
        for x in v.iter_mut() {
            *x /= z;
        }
    }
}

/// The three tasks together.
#[derive(Debug, Clone)]
pub struct Model {
    /// Row of each feature seen in training, shared by the three tasks.
    index: HashMap<String, usize>,
    kind: LogReg,
    sentiment: LogReg,
    agency: LogReg,
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
        let mut index: HashMap<String, usize> = HashMap::new();
        let rows: Vec<Vec<usize>> = examples
            .iter()
            .map(|e| {
                features(&e.teks)
                    .into_iter()
                    .map(|f| {
                        let next = index.len();
                        *index.entry(f).or_insert(next)
                    })
                    .collect()
            })
            .collect();
        let task = |label: fn(&Example) -> &str| {
            let samples: Vec<(Vec<usize>, &str)> = rows.iter().cloned().zip(examples.iter().map(label)).collect();
            LogReg::train(&samples, index.len())
        };
        let (kind, sentiment, agency) = (task(|e| &e.jenis), task(|e| &e.sentimen), task(|e| &e.instansi));
        Self { index, kind, sentiment, agency }
    }

    pub fn analyze(&self, text: &str) -> Analysis {
        // One lookup per feature serves the three tasks; unseen features carry no weight.
        let mut rows: Vec<usize> = Vec::with_capacity(48);
        visit_features(text, |f| rows.extend(self.index.get(f).copied()));
        Analysis {
            kind: self.kind.predict(&rows),
            sentiment: self.sentiment.predict(&rows),
            agency: self.agency.predict(&rows),
        }
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
