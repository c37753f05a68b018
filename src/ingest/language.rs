//! Whether the language a seed declares is the one its article is written in. Pages declare
//! the language of their site's template, and a site's edition in another language often
//! keeps it (an English article under `<html lang="de">`; a clipping tool copies it). A declared language that
//! the article's most common words clearly belie is dropped, and the brief is taken to be
//! in the site's language unless its annotation says otherwise. Only the languages listed
//! here are checked, by the small words every text of theirs is full of; others are kept as
//! declared.

use crate::model::Block;

/// Frequent short words of each language checked, none of them frequent in another listed
/// one (`a`, `de`, `la`, `in`, `is`, `que`, `para` are left out: they are words of several).
const FUNCTION_WORDS: &[(&str, &[&str])] = &[
    ("en", &["the", "and", "of", "to", "are", "that", "with", "was", "for", "said", "have", "which"]),
    ("de", &["der", "und", "ist", "nicht", "mit", "sich", "auf", "dem", "wird", "auch", "eine", "dass"]),
    ("fr", &["les", "et", "est", "une", "dans", "pour", "qui", "pas", "sur", "au", "avec", "été"]),
    ("es", &["el", "los", "y", "como", "del", "las", "por", "una", "con", "pero", "su", "fue"]),
    ("it", &["il", "che", "di", "è", "della", "per", "non", "sono", "gli", "nel", "anche", "alla"]),
    ("pt", &["o", "os", "mais", "do", "da", "não", "uma", "pelo", "com", "foi", "dos", "ao"]),
    ("nl", &["het", "een", "van", "en", "worden", "niet", "dat", "op", "zijn", "voor", "met", "ook"]),
];

/// How many words of the article are counted.
const SAMPLE: usize = 400;

/// How many of the other language's words, at least, belie the declared language, and how
/// many times the declared language's own.
const BELIED_AT: (usize, usize) = (20, 4);

/// Whether `declared` (a BCP 47 tag) may be the language of the article in `blocks`: false
/// only when it is a language listed here and another listed language's words are many
/// times more frequent.
pub fn is_plausible(declared: &str, blocks: &[Block]) -> bool {
    let primary = declared.split('-').next().unwrap_or(declared).to_ascii_lowercase();
    let Some(own) = FUNCTION_WORDS.iter().position(|(lang, _)| *lang == primary) else { return true };
    let mut counts = [0usize; FUNCTION_WORDS.len()];
    let words = blocks.iter().flat_map(|b| b.text.split(|c: char| !c.is_alphanumeric())).filter(|w| !w.is_empty());
    for word in words.take(SAMPLE) {
        let word = word.to_lowercase();
        for (i, (_, list)) in FUNCTION_WORDS.iter().enumerate() {
            counts[i] += usize::from(list.contains(&word.as_str()));
        }
    }
    let (most, best) = counts.iter().enumerate().map(|(i, &n)| (n, i)).max().unwrap_or_default();
    best == own || most < BELIED_AT.0 || most < BELIED_AT.1 * counts[own]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(text: &str) -> Vec<Block> {
        vec![Block::paragraph(text.repeat(8))]
    }

    const ENGLISH: &str = "Retiring early takes time and discipline. If you are planning to retire, the amount \
                           that you have saved is what matters, and the plan which works is one that was made early. ";
    const GERMAN: &str = "Der Stadtrat hat am Donnerstag mit großer Mehrheit beschlossen, dass die neue Brücke \
                          gebaut wird. Die Opposition ist nicht einverstanden und auch der Bund der Steuerzahler \
                          kritisiert sich mit dem Plan. ";

    #[test]
    fn a_declared_language_the_articles_words_belie_is_not_plausible() {
        assert!(!is_plausible("de", &blocks(ENGLISH)), "an English article under lang=de");
        assert!(!is_plausible("en-US", &blocks(GERMAN)), "a German article under lang=en-US");
        assert!(is_plausible("en-GB", &blocks(ENGLISH)));
        assert!(is_plausible("de", &blocks(GERMAN)));
    }

    #[test]
    fn languages_not_listed_and_short_texts_keep_what_is_declared() {
        assert!(is_plausible("ja", &blocks(ENGLISH)), "not checked");
        assert!(is_plausible("de", &[Block::paragraph(ENGLISH)]), "too few words to tell");
    }
}
