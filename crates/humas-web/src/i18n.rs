//! Translations: Indonesian by default, English on request (a `lang` cookie).
//! Texts live in `locales/{id,en}/main.ftl`, compiled into the binary.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use fluent_templates::{LanguageIdentifier, Loader, langid};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "id",
        // Bidi isolation marks would end up inside form values and CSV cells.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static ID: LanguageIdentifier = langid!("id");
static EN: LanguageIdentifier = langid!("en");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Id,
    En,
}

/// The translator a page renders with.
#[derive(Debug, Clone)]
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    #[cfg(test)]
    pub fn id() -> Self {
        Self { lang: Lang::Id }
    }

    fn langid(&self) -> &'static LanguageIdentifier {
        match self.lang {
            Lang::Id => &ID,
            Lang::En => &EN,
        }
    }

    /// The text for `key`; the key itself if missing, so a gap is visible, not blank.
    pub fn t(&self, key: &str) -> String {
        LOCALES.try_lookup(self.langid(), key).unwrap_or_else(|| key.to_string())
    }

    /// A text with one `{ $n }` argument.
    pub fn tn(&self, key: &str, n: impl std::borrow::Borrow<i64>) -> String {
        let n = *n.borrow();
        let mut args = std::collections::HashMap::new();
        args.insert(std::borrow::Cow::Borrowed("n"), fluent_templates::fluent_bundle::FluentValue::from(n));
        LOCALES.try_lookup_with_args(self.langid(), key, &args).unwrap_or_else(|| key.to_string())
    }

    pub fn code(&self) -> &'static str {
        match self.lang {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    pub fn is_en(&self) -> bool {
        self.lang == Lang::En
    }
}

pub fn lang_from_cookie(header: Option<&str>) -> Lang {
    match crate::session::cookie(header, "lang") {
        Some("en") => Lang::En,
        _ => Lang::Id,
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Tr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let header = parts.headers.get(axum::http::header::COOKIE).and_then(|v| v.to_str().ok());
        Ok(Tr { lang: lang_from_cookie(header) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_every_key() {
        let keys = |s: &str| {
            let mut v: Vec<String> = s
                .lines()
                .filter(|l| !l.starts_with(['#', ' ']) && l.contains(" ="))
                .map(|l| l.split(" =").next().unwrap_or("").trim().to_string())
                .collect();
            v.sort();
            v
        };
        let id = keys(include_str!("../locales/id/main.ftl"));
        let en = keys(include_str!("../locales/en/main.ftl"));
        assert!(!id.is_empty());
        assert_eq!(id, en);
    }

    #[test]
    fn lookups_answer_in_the_chosen_language() {
        assert_eq!(Tr { lang: Lang::Id }.t("nav-accounts"), "Akun resmi");
        assert_eq!(Tr { lang: Lang::En }.t("nav-accounts"), "Official accounts");
        assert_eq!(Tr::id().t("no-such-key"), "no-such-key");
    }
}
