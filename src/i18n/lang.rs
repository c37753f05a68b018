//! A site's language as `language:` gives it: a BCP 47 tag (`fr`, `es-MX`, `ar`, `zh-Hant`),
//! checked for shape, with what the interface needs from it: the writing direction and the
//! plural forms of counted words (CLDR's plural categories).

use std::fmt;

/// A well-formed BCP 47 language tag, in its canonical case (`pt-BR`, `zh-Hant-TW`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Language {
    tag: String,
    /// The primary language subtag, lowercase (`pt`).
    primary: String,
    /// The script subtag, title case (`Hant`), when the tag has one.
    script: Option<String>,
}

/// The direction text runs in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    Ltr,
    Rtl,
}

impl Dir {
    pub fn as_str(self) -> &'static str {
        match self {
            Dir::Ltr => "ltr",
            Dir::Rtl => "rtl",
        }
    }
}

/// CLDR plural categories: which form of a counted word a number takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Plural {
    Zero,
    One,
    Two,
    Few,
    Many,
    Other,
}

impl Plural {
    pub const ALL: [Plural; 6] = [Plural::Zero, Plural::One, Plural::Two, Plural::Few, Plural::Many, Plural::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            Plural::Zero => "zero",
            Plural::One => "one",
            Plural::Two => "two",
            Plural::Few => "few",
            Plural::Many => "many",
            Plural::Other => "other",
        }
    }

    pub fn from_name(name: &str) -> Option<Plural> {
        Plural::ALL.into_iter().find(|p| p.as_str() == name)
    }
}

/// Scripts written right to left.
const RTL_SCRIPTS: &[&str] = &["Adlm", "Arab", "Hebr", "Mand", "Mend", "Nkoo", "Rohg", "Samr", "Syrc", "Thaa"];
/// Languages written right to left when the tag names no script.
const RTL_LANGUAGES: &[&str] = &[
    "ar", "arc", "azb", "ckb", "dv", "fa", "he", "iw", "ks", "lrc", "mzn", "nqo", "pnb", "ps", "sd", "syr", "ug", "ur",
    "yi",
];

/// Language names people write instead of codes, for the hint.
const NAMES: &[(&str, &str)] = &[
    ("arabic", "ar"),
    ("chinese", "zh"),
    ("dutch", "nl"),
    ("english", "en"),
    ("french", "fr"),
    ("german", "de"),
    ("hebrew", "he"),
    ("italian", "it"),
    ("japanese", "ja"),
    ("persian", "fa"),
    ("portuguese", "pt"),
    ("russian", "ru"),
    ("spanish", "es"),
    ("turkish", "tr"),
    ("ukrainian", "uk"),
];

/// The region a language is most likely written in when its tag names none (CLDR's likely
/// subtags), for the `language_TERRITORY` form OpenGraph's `og:locale` asks for.
const LIKELY_REGIONS: &[(&str, &str)] = &[
    ("ar", "EG"),
    ("bg", "BG"),
    ("ca", "ES"),
    ("cs", "CZ"),
    ("da", "DK"),
    ("de", "DE"),
    ("el", "GR"),
    ("en", "US"),
    ("es", "ES"),
    ("et", "EE"),
    ("fa", "IR"),
    ("fi", "FI"),
    ("fr", "FR"),
    ("he", "IL"),
    ("hi", "IN"),
    ("hr", "HR"),
    ("hu", "HU"),
    ("id", "ID"),
    ("it", "IT"),
    ("ja", "JP"),
    ("ko", "KR"),
    ("lt", "LT"),
    ("lv", "LV"),
    ("nb", "NO"),
    ("nl", "NL"),
    ("pl", "PL"),
    ("pt", "BR"),
    ("ro", "RO"),
    ("ru", "RU"),
    ("sk", "SK"),
    ("sl", "SI"),
    ("sr", "RS"),
    ("sv", "SE"),
    ("th", "TH"),
    ("tr", "TR"),
    ("uk", "UA"),
    ("ur", "PK"),
    ("vi", "VN"),
    ("zh", "CN"),
];

/// How many counts [`Language::counted_forms`] gives as examples of each form.
const FORM_EXAMPLES: usize = 4;

impl Language {
    /// Parses a tag: a primary language of 2 or 3 letters, then subtags of 1 to 8 letters or
    /// digits (script, region, variants, extensions). Returns the hint to show when it is not
    /// one.
    pub fn parse(tag: &str) -> Result<Language, String> {
        let tag = tag.trim();
        let mut parts = tag.split(['-', '_']);
        let primary = parts.next().unwrap_or_default();
        let rest: Vec<&str> = parts.collect();
        // `x-…` is a private-use tag (RFC 5646), for a language with no code of its own.
        let private = primary.eq_ignore_ascii_case("x") && !rest.is_empty();
        let primary_ok =
            private || ((2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_alphabetic()));
        let rest_ok = rest.iter().all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
        if !primary_ok || !rest_ok {
            let named = NAMES.iter().find(|(name, _)| name.eq_ignore_ascii_case(tag)).map(|(_, code)| *code);
            return Err(match named {
                Some(code) => format!("write the language's code: `{code}`"),
                None => "write a BCP 47 language tag, e.g. `en`, `fr`, `es-MX`, `ar` or `zh-Hant`".into(),
            });
        }
        let primary = primary.to_ascii_lowercase();
        let mut out = vec![primary.clone()];
        let mut script = None;
        for (i, part) in rest.iter().enumerate() {
            let canonical = match part.len() {
                4 if i == 0 && part.bytes().all(|b| b.is_ascii_alphabetic()) => {
                    let s = part[..1].to_ascii_uppercase() + &part[1..].to_ascii_lowercase();
                    script = Some(s.clone());
                    s
                }
                2 if part.bytes().all(|b| b.is_ascii_alphabetic()) => part.to_ascii_uppercase(),
                _ => part.to_ascii_lowercase(),
            };
            out.push(canonical);
        }
        Ok(Language { tag: out.join("-"), primary, script })
    }

    /// English, the language of the built-in strings every other language falls back to.
    pub fn english() -> Language {
        Language { tag: "en".into(), primary: "en".into(), script: None }
    }

    pub fn as_str(&self) -> &str {
        &self.tag
    }

    /// The primary language subtag (`pt` for `pt-BR`).
    pub fn primary(&self) -> &str {
        &self.primary
    }

    /// The tag as OpenGraph's `og:locale` writes a locale, `language_TERRITORY` (`fr_CA`):
    /// its own country, else the one the language is most likely written in (`fr` → `fr_FR`,
    /// `zh-Hant` → `zh_TW`); none for a region that is no country (`es-419`, Latin America)
    /// or a language without a likely country here.
    pub fn og_locale(&self) -> Option<String> {
        let is_region = |p: &&str| {
            (p.len() == 2 && p.bytes().all(|b| b.is_ascii_uppercase()))
                || (p.len() == 3 && p.bytes().all(|b| b.is_ascii_digit()))
        };
        let region = self.tag.split('-').skip(1).find(is_region);
        let region = match (region, self.script.as_deref()) {
            (Some(r), _) if r.len() == 3 => return None,
            (Some(r), _) => r,
            (None, Some("Hant")) if self.primary == "zh" => "TW",
            (None, _) => LIKELY_REGIONS.iter().find(|(l, _)| *l == self.primary).map(|(_, r)| *r)?,
        };
        Some(format!("{}_{region}", self.primary))
    }

    pub fn dir(&self) -> Dir {
        let rtl = match &self.script {
            Some(script) => RTL_SCRIPTS.contains(&script.as_str()),
            None => RTL_LANGUAGES.contains(&self.primary.as_str()),
        };
        if rtl { Dir::Rtl } else { Dir::Ltr }
    }

    /// The plural category of a count, by CLDR's rules for whole numbers in this language
    /// (the same as the browser's `Intl.PluralRules`, which the theme's scripts use).
    pub fn plural(&self, n: u64) -> Plural {
        let (n10, n100) = (n % 10, n % 100);
        let millions = n != 0 && n.is_multiple_of(1_000_000);
        match self.primary.as_str() {
            "ar" => match n {
                0 => Plural::Zero,
                1 => Plural::One,
                2 => Plural::Two,
                _ if (3..=10).contains(&n100) => Plural::Few,
                _ if (11..=99).contains(&n100) => Plural::Many,
                _ => Plural::Other,
            },
            "fr" => match n {
                0 | 1 => Plural::One,
                _ if millions => Plural::Many,
                _ => Plural::Other,
            },
            "es" | "it" | "pt" if millions && n != 1 => Plural::Many,
            "pt" if n <= 1 => Plural::One,
            "he" | "iw" => match n {
                1 => Plural::One,
                2 => Plural::Two,
                _ => Plural::Other,
            },
            "ru" | "uk" | "be" => match (n10, n100) {
                (1, r) if r != 11 => Plural::One,
                (2..=4, r) if !(12..=14).contains(&r) => Plural::Few,
                _ => Plural::Many,
            },
            "pl" => match (n, n10, n100) {
                (1, _, _) => Plural::One,
                (_, 2..=4, r) if !(12..=14).contains(&r) => Plural::Few,
                _ => Plural::Many,
            },
            "cs" | "sk" => match n {
                1 => Plural::One,
                2..=4 => Plural::Few,
                _ => Plural::Other,
            },
            "ja" | "zh" | "ko" | "th" | "vi" | "id" | "ms" | "lo" | "my" | "km" => Plural::Other,
            _ if n == 1 => Plural::One,
            _ => Plural::Other,
        }
    }

    /// The plural categories counts below 1,000 take in this language, each with the first
    /// few counts that take it, in CLDR's order (`pl`: one 1, few 2 3 4 22, many 0 5 6
    /// 7): the forms a counted text must give so that no count shows another's.
    /// Counts of a million and more (French `many`) are left out: no site counts that far.
    pub fn counted_forms(&self) -> Vec<(Plural, Vec<u64>)> {
        let mut forms: Vec<(Plural, Vec<u64>)> = Vec::new();
        for n in 0..1000 {
            let p = self.plural(n);
            match forms.iter_mut().find(|(q, _)| *q == p) {
                Some((_, ns)) if ns.len() < FORM_EXAMPLES => ns.push(n),
                Some(_) => {}
                None => forms.push((p, vec![n])),
            }
        }
        forms.sort_by_key(|(p, _)| *p);
        forms
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.tag)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(tag: &str) -> Language {
        Language::parse(tag).unwrap()
    }

    #[test]
    fn a_locale_for_opengraph_takes_the_tags_country_else_the_likeliest() {
        let locale = |tag: &str| lang(tag).og_locale();
        assert_eq!(locale("fr").as_deref(), Some("fr_FR"));
        assert_eq!(locale("fr-CA").as_deref(), Some("fr_CA"));
        assert_eq!(locale("pt").as_deref(), Some("pt_BR"));
        assert_eq!(locale("zh-Hant").as_deref(), Some("zh_TW"));
        assert_eq!(locale("zh-Hans-SG").as_deref(), Some("zh_SG"));
        assert_eq!(locale("es-419"), None, "Latin America is no country");
        assert_eq!(locale("x-klingon"), None);
        assert_eq!(locale("haw"), None, "no likely country known here");
    }

    #[test]
    fn tags_are_checked_and_put_in_canonical_case() {
        assert_eq!(lang("fr").as_str(), "fr");
        assert_eq!(lang("pt_br").as_str(), "pt-BR");
        assert_eq!(lang("ZH-hant-tw").as_str(), "zh-Hant-TW");
        assert_eq!(lang("es-419").as_str(), "es-419");
        assert_eq!(Language::parse("French").unwrap_err(), "write the language's code: `fr`");
        assert!(Language::parse("e").is_err());
        assert!(Language::parse("en-").is_err());
        assert!(Language::parse("en us").is_err());
        assert_eq!(Language::parse("x-Klingon").unwrap().as_str(), "x-klingon", "private use");
        assert!(Language::parse("x").is_err());
    }

    #[test]
    fn direction_follows_the_script_then_the_language() {
        let dir = |t: &str| lang(t).dir();
        assert_eq!([dir("ar"), dir("ar-SY"), dir("fa"), dir("he")], [Dir::Rtl; 4]);
        assert_eq!([dir("en"), dir("fr-CA"), dir("ja"), dir("az-Latn")], [Dir::Ltr; 4]);
        assert_eq!([dir("az-Arab"), dir("ku-Arab")], [Dir::Rtl; 2]);
        assert_eq!(dir("ur-Latn"), Dir::Ltr);
    }

    #[test]
    fn plural_categories_follow_cldr() {
        let forms = |t: &str, ns: &[u64]| ns.iter().map(|&n| lang(t).plural(n).as_str()).collect::<Vec<_>>();
        assert_eq!(forms("en", &[0, 1, 2]), ["other", "one", "other"]);
        assert_eq!(forms("fr", &[0, 1, 2, 1_000_000]), ["one", "one", "other", "many"]);
        assert_eq!(forms("es", &[0, 1, 2, 2_000_000]), ["other", "one", "other", "many"]);
        assert_eq!(
            forms("ar", &[0, 1, 2, 3, 10, 11, 99, 100, 102, 103, 111]),
            ["zero", "one", "two", "few", "few", "many", "many", "other", "other", "few", "many"]
        );
        assert_eq!(forms("ru", &[1, 2, 5, 11, 21, 22]), ["one", "few", "many", "many", "one", "few"]);
        assert_eq!(forms("ja", &[1, 2]), ["other", "other"]);
    }

    #[test]
    fn the_forms_counts_take_are_listed_with_examples() {
        let forms = |t: &str| {
            lang(t).counted_forms().into_iter().map(|(p, ns)| format!("{} {ns:?}", p.as_str())).collect::<Vec<_>>()
        };
        assert_eq!(forms("pl"), ["one [1]", "few [2, 3, 4, 22]", "many [0, 5, 6, 7]"]);
        assert_eq!(forms("en"), ["one [1]", "other [0, 2, 3, 4]"]);
        assert_eq!(forms("fr"), ["one [0, 1]", "other [2, 3, 4, 5]"], "no millions");
        assert_eq!(forms("ja"), ["other [0, 1, 2, 3]"]);
    }
}
