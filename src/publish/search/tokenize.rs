//! Tokenising for the search index: case and accent folding, then words of letters and
//! digits. `static/search.js` tokenises queries the same way (see `tokens` there); the two
//! must agree, or a query would miss the terms the index holds.

use std::borrow::Cow;

/// Words shorter than this (in characters) are not indexed: "a", "s" of "Assad's".
pub const MIN_CHARS: usize = 2;
/// Words longer than this are not indexed: URLs, runs of script without spaces.
pub const MAX_CHARS: usize = 40;

/// Lowercase without diacritics (`Ḥalab` → `halab`); final sigma is folded to sigma, as
/// JavaScript's `toLowerCase` would otherwise tell them apart.
pub fn fold(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        if s.bytes().any(|b| b.is_ascii_uppercase()) {
            return Cow::Owned(s.to_ascii_lowercase());
        }
        return Cow::Borrowed(s);
    }
    Cow::Owned(crate::text::fold(s).replace('ς', "σ"))
}

/// The indexable words of text already [`fold`]ed, in order.
pub fn words(folded: &str) -> impl Iterator<Item = &str> {
    let ascii = folded.is_ascii();
    let mut rest = folded;
    std::iter::from_fn(move || {
        loop {
            // ASCII text (most of it) is split byte by byte; the same split as by `char`.
            let (start, end) = if ascii {
                let b = rest.as_bytes();
                let start = b.iter().position(u8::is_ascii_alphanumeric)?;
                let len = b[start..].iter().position(|c| !c.is_ascii_alphanumeric()).unwrap_or(b.len() - start);
                (start, start + len)
            } else {
                let start = rest.find(char::is_alphanumeric)?;
                let len = rest[start..].find(|c: char| !c.is_alphanumeric()).unwrap_or(rest.len() - start);
                (start, start + len)
            };
            let word = &rest[start..end];
            rest = &rest[end..];
            if is_indexed(word) {
                return Some(word);
            }
        }
    })
}

/// The indexable words of `text`, folded.
pub fn tokens(text: &str) -> Vec<String> {
    words(&fold(text)).map(str::to_owned).collect()
}

fn is_indexed(word: &str) -> bool {
    if word.len() < MIN_CHARS {
        return false;
    }
    if word.is_ascii() {
        return word.len() <= MAX_CHARS;
    }
    (MIN_CHARS..=MAX_CHARS).contains(&word.chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &[&str]) {
        assert_eq!(tokens(input), expected, "tokens({input:?})");
    }

    #[test]
    fn words_are_folded_and_split_on_everything_but_letters_and_digits() {
        check("Assad vows to retake Raqa", &["assad", "vows", "to", "retake", "raqa"]);
        check("al-Assad's army, 13,000 people", &["al", "assad", "army", "13", "000", "people"]);
        check("Ḥalab ÉTÉ Zürich naïve", &["halab", "ete", "zurich", "naive"]);
        check("“We don’t do this” — (AFP)", &["we", "don", "do", "this", "afp"]);
    }

    #[test]
    fn short_and_overlong_words_are_left_out() {
        check("a b c I go", &["go"]);
        let long = "x".repeat(MAX_CHARS + 1);
        check(&format!("ok {long} fine"), &["ok", "fine"]);
        // Length counts characters, not bytes.
        check("éé", &["ee"]);
        check("ΣΟΦΟΣ σοφός", &["σοφοσ", "σοφοσ"]);
    }

    #[test]
    fn ligatures_and_compatibility_forms_fold() {
        check("ﬁnal Ｒaqqa İstanbul", &["final", "raqqa", "istanbul"]);
    }

    #[test]
    fn ascii_text_is_borrowed_when_already_lowercase() {
        assert!(matches!(fold("raqqa 2017"), Cow::Borrowed(_)));
        assert_eq!(fold("Raqqa"), "raqqa");
    }
}
