//! Normalisation of informal Indonesian: letter case, repeated letters,
//! slang and abbreviations, and masking of personal numbers, URLs and
//! mentions. Question words, negations and *mohon*/*tolong* are kept: they
//! carry the kind and the sentiment.

/// Common informal spellings and abbreviations → standard words.
const SLANG: &[(&str, &str)] = &[
    ("gk", "tidak"),
    ("ga", "tidak"),
    ("gak", "tidak"),
    ("nggak", "tidak"),
    ("ngga", "tidak"),
    ("enggak", "tidak"),
    ("tdk", "tidak"),
    ("tak", "tidak"),
    ("blm", "belum"),
    ("udh", "sudah"),
    ("udah", "sudah"),
    ("sdh", "sudah"),
    ("tlg", "tolong"),
    ("tolongin", "tolong"),
    ("mhn", "mohon"),
    ("yg", "yang"),
    ("dgn", "dengan"),
    ("utk", "untuk"),
    ("krn", "karena"),
    ("karna", "karena"),
    ("jg", "juga"),
    ("aja", "saja"),
    ("bgt", "banget"),
    ("bener", "benar"),
    ("gmn", "bagaimana"),
    ("gimana", "bagaimana"),
    ("knp", "kenapa"),
    ("napa", "kenapa"),
    ("dmn", "dimana"),
    ("kpn", "kapan"),
    ("brp", "berapa"),
    ("sy", "saya"),
    ("sya", "saya"),
    ("kmrn", "kemarin"),
    ("kemaren", "kemarin"),
    ("skrg", "sekarang"),
    ("skr", "sekarang"),
    ("bs", "bisa"),
    ("bsa", "bisa"),
    ("jln", "jalan"),
    ("jl", "jalan"),
    ("kel", "kelurahan"),
    ("kec", "kecamatan"),
    ("ds", "desa"),
    ("pemkab", "pemerintah kabupaten"),
    ("dlm", "dalam"),
    ("org", "orang"),
    ("tp", "tapi"),
    ("tpi", "tapi"),
    ("sm", "sama"),
    ("lg", "lagi"),
    ("lbh", "lebih"),
    ("bgmn", "bagaimana"),
    ("thn", "tahun"),
    ("hr", "hari"),
    ("bln", "bulan"),
    ("mks", "terima kasih"),
    ("makasih", "terima kasih"),
    ("trims", "terima kasih"),
    ("thx", "terima kasih"),
    ("min", "admin"),
];

/// Lowercases, masks personal numbers/URLs/mentions, squeezes repeated
/// letters (`lamaaa` → `lama`), expands slang. Idempotent.
pub fn normalize(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for raw in text.split_whitespace() {
        let lower = raw.to_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.") {
            out.push("<url>".into());
            continue;
        }
        if lower.starts_with('@') && lower.len() > 1 {
            out.push("<user>".into());
            continue;
        }
        let digits: String = lower.chars().filter(|c| c.is_ascii_digit()).collect();
        if digits.len() >= 16 && digits.len() == lower.chars().filter(|c| c.is_alphanumeric()).count() {
            out.push("<nik>".into());
            continue;
        }
        if digits.len() >= 10 && (lower.starts_with("08") || lower.starts_with("+62") || lower.starts_with("62")) {
            out.push("<telp>".into());
            continue;
        }
        // Keep punctuation that carries meaning as its own token.
        let mut word = String::new();
        let flush = |w: &mut String, out: &mut Vec<String>| {
            if !w.is_empty() {
                let sq = squeeze(w);
                match SLANG.iter().find(|(k, _)| *k == sq) {
                    Some((_, v)) => out.extend(v.split(' ').map(str::to_string)),
                    None => out.push(sq),
                }
                w.clear();
            }
        };
        for c in lower.chars() {
            if c.is_alphanumeric() {
                word.push(c);
            } else {
                flush(&mut word, &mut out);
                if c == '?' || c == '!' {
                    out.push(c.to_string());
                }
            }
        }
        flush(&mut word, &mut out);
    }
    out.join(" ")
}

/// Three or more of the same letter become one: `parahhh` → `parah`, `lamaaa` → `lama`.
fn squeeze(w: &str) -> String {
    let chars: Vec<char> = w.chars().collect();
    let mut out = String::with_capacity(w.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let mut j = i;
        while j < chars.len() && chars[j] == c {
            j += 1;
        }
        let run = j - i;
        let keep = if run >= 3 && c.is_alphabetic() { 1 } else { run };
        for _ in 0..keep {
            out.push(c);
        }
        i = j;
    }
    out
}

/// The text with 16-digit NIKs and phone numbers masked, for quoting in
/// analytics and reports.
pub fn mask_personal_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        let digits = run.chars().filter(|c| c.is_ascii_digit()).count();
        if digits >= 10 {
            out.push_str(&"•".repeat(4));
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        if c.is_ascii_digit()
            || (!run.is_empty()
                && (c == '-' || c == ' ' || c == '.')
                && run.chars().last().is_some_and(|l| l.is_ascii_digit()))
            || (run.is_empty() && c == '+')
        {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slang_repeats_and_numbers() {
        assert_eq!(
            normalize("Jln di kel. Sidorejo rusak parahhh, kpn diperbaiki??"),
            "jalan di kelurahan sidorejo rusak parah kapan diperbaiki ? ?"
        );
        assert_eq!(normalize("tlg min, KTP gk jadi2"), "tolong admin ktp tidak jadi2");
        assert_eq!(
            normalize("NIK 6201012345678901 hp 081234567890 @bupati https://x.co/a"),
            "nik <nik> hp <telp> <user> <url>"
        );
    }

    #[test]
    fn normalisation_is_idempotent() {
        for t in ["Jln rusak parahhh!!! kpn diperbaiki??", "gk ada air 3 hari 😡", "Terima kasih pak 🙏"] {
            let once = normalize(t);
            assert_eq!(normalize(&once), once, "{t}");
        }
    }

    #[test]
    fn masking_removes_every_nik_and_phone() {
        let m = mask_personal_numbers("NIK saya 6201012345678901, hp +62 812-3456-7890, RT 05");
        assert!(!m.contains("6201012345678901") && !m.contains("3456"), "{m}");
        assert!(m.contains("RT 05"));
    }
}
