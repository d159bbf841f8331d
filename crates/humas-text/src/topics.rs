//! Themes in a set of citizens' messages, and hot issues (Pasal 9h).
//!
//! Deliberately simple and explainable, so an officer can see why a message
//! is in a theme: every theme is one phrase (two adjacent content words, such
//! as *jalan rusak*) or one word (*banjir*), and its messages are those that
//! contain it. Phrases and words are taken greedily by how many messages
//! share them; a message belongs to the first theme that claims it. Words that
//! say nothing about the matter (function words, greetings, place words — the
//! district breakdown covers places) are left out. The same key counts the
//! previous period, which gives the trend and the hot issues.

use crate::normalize::normalize;
use std::collections::{HashMap, HashSet};

/// Function words, politeness and place words: frequent, but no theme.
const STOPWORDS: &[&str] = &[
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
    "tidak",
    "sudah",
    "belum",
    "akan",
    "bisa",
    "saya",
    "kami",
    "kita",
    "anda",
    "mohon",
    "tolong",
    "pak",
    "bu",
    "bapak",
    "ibu",
    "admin",
    "terima",
    "kasih",
    "apa",
    "apakah",
    "kapan",
    "bagaimana",
    "kenapa",
    "mengapa",
    "dimana",
    "mana",
    "berapa",
    "siapa",
    "juga",
    "saja",
    "lagi",
    "masih",
    "sangat",
    "banget",
    "karena",
    "tapi",
    "tetapi",
    "atau",
    "jadi",
    "sama",
    "sekarang",
    "hari",
    "kemarin",
    "harus",
    "lebih",
    "dalam",
    "oleh",
    "agar",
    "supaya",
    "seperti",
    "semua",
    "para",
    "warga",
    "masyarakat",
    "pemerintah",
    "kabupaten",
    "pemkab",
    "info",
    "informasi",
    "minta",
    "kok",
    "yah",
    "dong",
    "deh",
    "sih",
    "nih",
    "tuh",
    "kah",
    "lah",
    "pun",
    "nya",
    "gan",
    "terus",
    "sampai",
    "setelah",
    "sebelum",
    "kalau",
    "kalo",
    "biar",
    "gitu",
    "begitu",
    "mau",
    "ingin",
    "perlu",
    "segera",
    "tahun",
    "bulan",
    "minggu",
    "pagi",
    "malam",
    "siang",
    "sore",
    "orang",
    "tempat",
    "daerah",
    "wilayah",
    "kecamatan",
    "kelurahan",
    "desa",
    "dusun",
    "kampung",
    "kota",
    "sekitar",
    "tersebut",
    "mereka",
    "dia",
    "beliau",
    "kalian",
    "sebagai",
    "bahwa",
    "hal",
    "sini",
    "sana",
    "situ",
    "selamat",
    "salam",
    "assalamualaikum",
    "mas",
    "mbak",
    "kak",
    "bang",
    "om",
    "tante",
    "dinas",
    "kantor",
    "badan",
    "tolonglah",
    "mohonlah",
    "gimana",
    "padahal",
    "sejak",
    "selama",
    "sering",
    "selalu",
    "pernah",
    "baru",
    "lama",
    "banyak",
    "sedikit",
    "besar",
    "kecil",
    "baik",
    "bagus",
    "mantap",
    "kerja",
    "kasihnya",
    "ya",
    "iya",
    "ok",
    "oke",
    "the",
    "and",
    "udah",
    "cuma",
    "hanya",
    "buat",
    "bikin",
    "kena",
    "dapat",
    "dapet",
    "punya",
    "setiap",
    "tiap",
    "per",
    "antara",
    "tentang",
    "soal",
    "mengenai",
    "terhadap",
    "kepada",
    "bagi",
    "lewat",
    "jam",
    "semoga",
    "saran",
    "kritik",
    "komentar",
    "pertanyaan",
    "terimakasih",
    "pangkalan",
    "bun",
    "kabar",
    "harap",
    "bisakah",
    "sekali",
    "makin",
    "ngurus",
    "urus",
    "pas",
    "gini",
    "begini",
    "kayak",
];

/// Tuning of the grouping.
#[derive(Debug, Clone)]
pub struct TopicOptions {
    pub max_themes: usize,
    /// A theme needs at least this many messages.
    pub min_size: usize,
    /// A word found in more than this share of all messages is too general to
    /// name a theme (unless the set is tiny).
    pub max_share: f64,
    /// Extra words to ignore, e.g. the region's district and village names.
    pub exclude: Vec<String>,
}

impl Default for TopicOptions {
    fn default() -> Self {
        Self { max_themes: 12, min_size: 3, max_share: 0.4, exclude: Vec::new() }
    }
}

/// One theme: its key (a word or two words), the messages it holds (indices
/// into the input) and the words most often found with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub key: String,
    pub label: String,
    pub related: Vec<String>,
    pub members: Vec<usize>,
    /// Up to three members that share the most of the theme's words.
    pub representatives: Vec<usize>,
}

/// The content words of a message, in order: normalised, without function
/// words, numbers, masked tokens and the `-nya` suffix (*jalannya* → *jalan*).
pub fn content_words(text: &str, exclude: &HashSet<String>) -> Vec<String> {
    normalize(text)
        .split(' ')
        .filter(|w| w.chars().count() >= 3 && !w.starts_with('<') && w.chars().any(char::is_alphabetic))
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
        .map(|w| match w.strip_suffix("nya") {
            Some(stem) if stem.chars().count() >= 4 => stem.to_string(),
            _ => w.to_string(),
        })
        .filter(|w| !STOPWORDS.contains(&w.as_str()) && !exclude.contains(w))
        .collect()
}

/// The keys a message can belong to: its content words and adjacent pairs.
fn keys_of(words: &[String]) -> HashSet<String> {
    positions(words).into_keys().collect()
}

/// Each key with the position where it first occurs.
fn positions(words: &[String]) -> HashMap<String, usize> {
    let mut keys: HashMap<String, usize> = HashMap::new();
    for (i, w) in words.iter().enumerate() {
        keys.entry(w.clone()).or_insert(i);
    }
    for (i, pair) in words.windows(2).enumerate() {
        if pair[0] != pair[1] {
            keys.entry(format!("{} {}", pair[0], pair[1])).or_insert(i);
        }
    }
    keys
}

fn exclude_set(opts: &TopicOptions) -> HashSet<String> {
    opts.exclude.iter().flat_map(|e| normalize(e).split(' ').map(str::to_string).collect::<Vec<_>>()).collect()
}

/// Groups messages into themes, largest first.
pub fn themes(texts: &[&str], opts: &TopicOptions) -> Vec<Theme> {
    let exclude = exclude_set(opts);
    let words: Vec<Vec<String>> = texts.iter().map(|t| content_words(t, &exclude)).collect();
    let keys: Vec<HashMap<String, usize>> = words.iter().map(|w| positions(w)).collect();
    // Messages holding each key, and the sum of its first positions: of two
    // keys as common, the one people write first names the matter.
    let mut df: HashMap<&str, (usize, usize)> = HashMap::new();
    for k in &keys {
        for (key, pos) in k {
            let e = df.entry(key.as_str()).or_default();
            e.0 += 1;
            e.1 += pos;
        }
    }
    let n = texts.len();
    let too_general = |count: usize| n >= 20 && count as f64 > opts.max_share * n as f64;
    // A phrase is a better name than either of its words: it counts half as much again.
    let mut candidates: Vec<(&str, f64, f64)> = df
        .iter()
        .filter(|(_, (c, _))| *c >= opts.min_size && !too_general(*c))
        .map(|(k, (c, pos))| {
            let score = if k.contains(' ') { *c as f64 * 1.5 } else { *c as f64 };
            (*k, score, *pos as f64 / *c as f64)
        })
        .collect();
    candidates.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.2.total_cmp(&b.2)).then_with(|| a.0.cmp(b.0)));

    let mut taken = vec![false; n];
    let mut out = Vec::new();
    for (key, _, _) in candidates {
        if out.len() >= opts.max_themes {
            break;
        }
        let members: Vec<usize> = (0..n).filter(|&i| !taken[i] && keys[i].contains_key(key)).collect();
        if members.len() < opts.min_size {
            continue;
        }
        for &i in &members {
            taken[i] = true;
        }
        out.push(build_theme(key, members, &words));
    }
    out.sort_by(|a, b| b.members.len().cmp(&a.members.len()).then_with(|| a.key.cmp(&b.key)));
    out
}

fn build_theme(key: &str, members: Vec<usize>, words: &[Vec<String>]) -> Theme {
    let key_words: HashSet<&str> = key.split(' ').collect();
    let mut co: HashMap<&str, usize> = HashMap::new();
    for &i in &members {
        let unique: HashSet<&str> = words[i].iter().map(String::as_str).collect();
        for w in unique {
            if !key_words.contains(w) {
                *co.entry(w).or_default() += 1;
            }
        }
    }
    let mut related: Vec<(&str, usize)> = co.into_iter().filter(|(_, c)| *c >= 2).collect();
    related.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let related: Vec<String> = related.into_iter().take(4).map(|(w, _)| w.to_string()).collect();
    let mut ranked = members.clone();
    let score = |i: usize| words[i].iter().filter(|w| related.contains(w)).count();
    ranked.sort_by(|a, b| score(*b).cmp(&score(*a)).then_with(|| a.cmp(b)));
    ranked.truncate(3);
    let mut label = key.to_string();
    if let Some(first) = label.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    Theme { key: key.to_string(), label, related, members, representatives: ranked }
}

/// How many of these messages contain each key, in one pass: the trend's base.
pub fn count_keys(texts: &[&str], keys: &[&str], opts: &TopicOptions) -> Vec<usize> {
    let exclude = exclude_set(opts);
    let mut counts = vec![0; keys.len()];
    for t in texts {
        let k = keys_of(&content_words(t, &exclude));
        for (i, key) in keys.iter().enumerate() {
            if k.contains(*key) {
                counts[i] += 1;
            }
        }
    }
    counts
}

/// Messages a theme needs in the period before it can be "hot".
pub const HOT_MIN: usize = 5;

/// How much more (never less) is written now than before, overall: a theme
/// must outgrow the general rise to be hot. With little history (fewer than
/// 10 messages before) no scaling is possible and the factor is 1.
pub fn volume_factor(total_now: usize, total_before: usize) -> f64 {
    if total_before < 10 { 1.0 } else { (total_now as f64 / total_before as f64).max(1.0) }
}

/// A hot issue: at least [`HOT_MIN`] messages, at least twice and at least
/// five more than expected from the previous period — its count there (at
/// least one) times the general rise in volume.
pub fn is_hot(current: usize, previous: usize, factor: f64) -> bool {
    let expected = previous.max(1) as f64 * factor;
    current >= HOT_MIN && current as f64 >= 2.0 * expected && current as f64 >= expected + 5.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<&'static str> {
        vec![
            "Jalan rusak parah di depan pasar, kapan diperbaiki?",
            "jln rusak lagi pak, berlubang besar",
            "Mohon jalan rusak di RT 05 segera ditambal",
            "Jalannya rusak banget, motor saya jatuh",
            "Banjir lagi di Kumpai Batu, air masuk rumah",
            "banjir setinggi lutut, tolong bantu",
            "Banjir tiap hujan, drainase tersumbat",
            "Terima kasih atas pelayanan KTP yang cepat",
            "Pelayanan KTP lambat sekali, antre lama",
            "KTP saya belum jadi sudah 2 bulan",
            "Harga cabai naik terus",
        ]
    }

    #[test]
    fn groups_by_shared_phrase_and_word() {
        let t = themes(&sample(), &TopicOptions::default());
        let keys: Vec<&str> = t.iter().map(|t| t.key.as_str()).collect();
        assert!(keys.contains(&"jalan rusak"), "{keys:?}");
        assert!(keys.contains(&"banjir"), "{keys:?}");
        assert!(keys.contains(&"ktp"), "{keys:?}");
        let road = t.iter().find(|t| t.key == "jalan rusak").unwrap();
        assert_eq!(road.members, vec![0, 1, 2, 3]);
        assert_eq!(road.label, "Jalan rusak");
        // No message is in two themes; the lone price complaint is in none.
        let mut all: Vec<usize> = t.iter().flat_map(|t| t.members.clone()).collect();
        let before = all.len();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), before);
        assert!(!all.contains(&10));
        assert!(road.representatives.iter().all(|r| road.members.contains(r)));
    }

    #[test]
    fn function_and_place_words_name_no_theme() {
        let texts = ["mohon info di desa Pandu", "mohon info desa Pandu jam buka", "tolong info desa Pandu"];
        let opts = TopicOptions { exclude: vec!["Pandu".into()], ..Default::default() };
        let t = themes(&texts, &opts);
        assert!(t.iter().all(|t| !t.key.contains("mohon") && !t.key.contains("desa") && !t.key.contains("pandu")));
    }

    #[test]
    fn trend_counts_with_the_same_key() {
        let prev = ["jalan rusak di sini", "jalan mulus", "jalan rusak lagi"];
        assert_eq!(count_keys(&prev, &["jalan rusak", "jalan"], &TopicOptions::default()), vec![2, 3]);
    }

    #[test]
    fn hot_needs_volume_and_a_jump() {
        assert!(is_hot(10, 2, 1.0));
        assert!(is_hot(6, 0, 1.0));
        assert!(!is_hot(4, 0, 1.0));
        assert!(!is_hot(12, 8, 1.0));
        assert!(!is_hot(6, 3, 1.0));
        // Four times as many messages overall: seven on a new theme is just the rise.
        let f = volume_factor(80, 20);
        assert_eq!(f, 4.0);
        assert!(!is_hot(7, 0, f));
        assert!(is_hot(13, 0, f));
        assert_eq!(volume_factor(5, 9), 1.0, "too little history to scale");
        assert_eq!(volume_factor(10, 40), 1.0, "a quieter period never lowers the bar");
    }

    #[test]
    fn empty_input_has_no_themes() {
        assert!(themes(&[], &TopicOptions::default()).is_empty());
    }
}
