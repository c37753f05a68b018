//! Tokenising for the search index: folding, then words of letters and digits. `static/
//! search.js` tokenises queries the same way (`fold` and `words` there); the two must agree,
//! or a query would miss the terms the index holds (`tests/fixtures/search-folding.json`
//! holds the cases both are tested on).
//!
//! One folding serves every language, as a site quotes articles in several (each rule acts on
//! its own script only):
//! - case, and accents and other marks (`été` → `ete`, Arabic short vowels and the hamza
//!   carried by a letter, `أَحْمَد` → `احمد`), keeping the voicing marks of Japanese kana
//!   (`が` stays `が`);
//! - Arabic letter forms that spelling varies on: alif maqsura and Persian yeh → yeh, teh
//!   marbuta → heh, alif wasla → alif, Persian keheh → kaf; the tatweel is dropped; Arabic-Indic
//!   digits are the digits 0–9; Greek final sigma is sigma;
//! - Chinese and Japanese, written without spaces, are cut into overlapping pairs of
//!   characters (bigrams), so that a query of two characters finds them anywhere in a run;
//!   a run of one such character is a word of its own.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Words shorter than this (in characters) are not indexed: "a", "s" of "Assad's" (but for a
/// lone Chinese or Japanese character).
pub const MIN_CHARS: usize = 2;
/// Words longer than this are not indexed: URLs, runs of script without spaces.
pub const MAX_CHARS: usize = 40;

/// Folded text: lowercase, without marks, with the letter forms above made one.
pub fn fold(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        if s.bytes().any(|b| b.is_ascii_uppercase()) {
            return Cow::Owned(s.to_ascii_lowercase());
        }
        return Cow::Borrowed(s);
    }
    let unmarked: String = s.nfkd().filter(|&c| !is_combining_mark(c) || is_kana_voicing(c)).collect();
    Cow::Owned(unmarked.nfc().flat_map(char::to_lowercase).filter_map(fold_char).collect())
}

/// The combining voiced and semi-voiced sound marks of kana, which tell `が` from `か`.
fn is_kana_voicing(c: char) -> bool {
    matches!(c, '\u{3099}' | '\u{309A}')
}

/// One character's folding after case and marks: `None` drops it.
fn fold_char(c: char) -> Option<char> {
    Some(match c {
        'ς' => 'σ',
        '\u{0640}' => return None, // tatweel
        'ى' | 'ی' => 'ي',          // alif maqsura, Persian yeh
        'ة' => 'ه',                // teh marbuta
        'ٱ' => 'ا',                // alif wasla
        'ک' => 'ك',                // Persian keheh
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        c => c,
    })
}

/// Chinese characters, and Japanese kana: written without spaces between words.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3005..=0x3007 | 0x3040..=0x30FF | 0x31F0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF | 0x2_0000..=0x2_FA1F)
}

/// The indexable words of text already [`fold`]ed, in order.
pub fn words(folded: &str) -> impl Iterator<Item = &str> {
    let ascii = folded.is_ascii();
    let mut rest = folded;
    let mut pieces = Pieces { run: "", pos: 0 };
    std::iter::from_fn(move || {
        loop {
            if let Some(piece) = pieces.next() {
                return Some(piece);
            }
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
            let run = &rest[start..end];
            rest = &rest[end..];
            if ascii {
                if is_indexed(run) {
                    return Some(run);
                }
            } else {
                pieces = Pieces { run, pos: 0 };
            }
        }
    })
}

/// The words of one run of letters and digits that is not all ASCII: its Chinese and
/// Japanese stretches as bigrams, the rest as words.
struct Pieces<'a> {
    run: &'a str,
    pos: usize,
}

impl<'a> Iterator for Pieces<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        while self.pos < self.run.len() {
            let rest = &self.run[self.pos..];
            let mut chars = rest.char_indices();
            let (_, first) = chars.next()?;
            if !is_cjk(first) {
                let len = rest.find(is_cjk).unwrap_or(rest.len());
                self.pos += len;
                if is_indexed(&rest[..len]) {
                    return Some(&rest[..len]);
                }
                continue;
            }
            let after_first = first.len_utf8();
            let second = rest[after_first..].chars().next().filter(|&c| is_cjk(c));
            let follows_cjk = self.run[..self.pos].chars().next_back().is_some_and(is_cjk);
            self.pos += after_first;
            match second {
                Some(c) => return Some(&rest[..after_first + c.len_utf8()]),
                // The last character of a stretch is in the bigram before it; a stretch of
                // one character is a word.
                None if !follows_cjk => return Some(&rest[..after_first]),
                None => {}
            }
        }
        None
    }
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
    fn arabic_letter_forms_and_vowels_fold() {
        // Vowel marks, hamza forms, alif maqsura, teh marbuta, tatweel, Arabic-Indic digits.
        check("أَحْمَد إلى مدرسةٌ ســوريا ٢٠١٧", &["احمد", "الي", "مدرسه", "سوريا", "2017"]);
        assert_eq!(tokens("المدرسة"), tokens("المدرسه"));
        assert_eq!(tokens("آمن"), tokens("امن"));
        assert_eq!(tokens("مؤتمر"), tokens("موتمر"));
    }

    #[test]
    fn chinese_and_japanese_are_cut_into_bigrams() {
        check("東京で会議", &["東京", "京で", "で会", "会議"]);
        check("猫 Tokyo東京 2017年", &["猫", "tokyo", "東京", "2017", "年"]);
        // Kana keep their voicing: が is not か.
        check("ガザ", &["ガザ"]);
        assert_ne!(tokens("がか"), tokens("かか"));
        // Half-width katakana are full-width ones.
        assert_eq!(tokens("ｶﾞｻﾞ"), tokens("ガザ"));
    }

    #[test]
    fn ascii_text_is_borrowed_when_already_lowercase() {
        assert!(matches!(fold("raqqa 2017"), Cow::Borrowed(_)));
        assert_eq!(fold("Raqqa"), "raqqa");
    }
}
