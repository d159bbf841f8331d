//! Indonesian text for humas. Pure: no I/O, no knowledge of the rest.
//!
//! For now: the search form of a text — lower case, words only, each word
//! reduced by the Snowball Indonesian stemmer (BSD), so that *pelayanan*,
//! *pelayanannya* and *melayani* all find each other. Both storage engines
//! index this form, so they find the same things.

pub mod classify;
pub mod eval;
pub mod normalize;
pub mod topics;

use frostem::{Algorithm, Stemmer};
use std::sync::OnceLock;

pub(crate) fn stemmer() -> &'static Stemmer {
    static S: OnceLock<Stemmer> = OnceLock::new();
    S.get_or_init(|| Stemmer::new(Algorithm::Indonesian))
}

/// The words of a text, lowercased; digits are kept (RT 05, jalan 2).
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase)
}

/// The stemmed words of a text, space-separated: what the search index holds.
pub fn search_form(text: &str) -> String {
    let s = stemmer();
    let mut out = String::with_capacity(text.len());
    for w in words(text) {
        // Very long tokens (URLs glued together, spam) add nothing to search.
        if w.chars().count() > 40 {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&s.stem(&w));
    }
    out
}

/// The stemmed terms of a query; only letters and digits, so they are safe to
/// put into an FTS5 or tsquery expression.
pub fn query_terms(query: &str) -> Vec<String> {
    let s = stemmer();
    words(query).take(8).map(|w| s.stem(&w).into_owned()).filter(|t| !t.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn affixed_forms_share_a_stem() {
        let doc = search_form("Pelayanannya lambat, kapan diperbaiki?");
        for q in ["pelayanan", "melayani", "perbaikan"] {
            for t in query_terms(q) {
                assert!(doc.split(' ').any(|w| w == t), "{q} → {t} in {doc}");
            }
        }
    }

    #[test]
    fn search_form_is_words_only_and_idempotent() {
        let f = search_form("Jalan RT.05 rusak!!! 😡 <script>x</script>");
        assert!(f.chars().all(|c| c.is_alphanumeric() || c == ' '), "{f}");
        assert_eq!(search_form(&f), search_form(&search_form(&f)));
        assert!(query_terms("\"; DROP TABLE items; --").iter().all(|t| t.chars().all(char::is_alphanumeric)));
    }
}
