//! Small text utilities shared by the stages: URL slugs, folding for comparisons, and
//! edit distance for "did you mean" suggestions. Pure functions, no state.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A URL-safe slug: lowercase ASCII letters, digits and single hyphens; diacritics are
/// dropped (`Zürich` → `zurich`), letters of other scripts transliterated (`Дипломатия` →
/// `diplomatiia`, `外交` → `wai-jiao`), other characters separate words. At most `max` bytes,
/// cut at a hyphen where possible.
pub fn slugify(s: &str) -> String {
    slugify_max(s, 80)
}

pub fn slugify_max(s: &str, max: usize) -> String {
    let mut out = String::with_capacity(s.len().min(max + 2));
    // Two bytes past `max` decide the cut below as the whole slug would, so stop there.
    let mut push = |c: char| {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if c == '\'' || c == '’' {
            // "Assad's" → "assads", not "assad-s"
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        out.len() <= max + 1
    };
    if s.is_ascii() {
        s.chars().all(&mut push);
    } else {
        // Latin letters lose their marks; letters of other scripts are transliterated.
        s.nfkd().filter(|c| !is_combining_mark(*c)).map(latin_base).all(|c| {
            if c.is_ascii() || !c.is_alphanumeric() {
                return push(c);
            }
            deunicode::deunicode_char(c).unwrap_or("").chars().all(&mut push)
        });
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.len() > max {
        let cut = out[..max].rfind('-').filter(|&i| i > max / 2).unwrap_or(max);
        out.truncate(cut);
        while out.ends_with('-') {
            out.pop();
        }
    }
    out
}

/// The base letter of the Latin letters that have no decomposition.
fn latin_base(c: char) -> char {
    match c {
        'ß' => 's',
        'æ' | 'Æ' => 'a',
        'ø' | 'Ø' => 'o',
        'đ' | 'Đ' => 'd',
        'ł' | 'Ł' => 'l',
        c => c,
    }
}

/// Whether `c` belongs to a script written without spaces between words (Chinese, Japanese,
/// Thai, Lao, Khmer, Myanmar, Tibetan) or whose particles join the word before them
/// (Korean): there a word does not end where a letter follows.
pub fn is_unspaced(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0FFF}'      // Thai, Lao, Tibetan
        | '\u{1000}'..='\u{109F}'    // Myanmar
        | '\u{1100}'..='\u{11FF}'    // Hangul Jamo
        | '\u{1780}'..='\u{17FF}'    // Khmer
        | '\u{3040}'..='\u{30FF}'    // Hiragana, Katakana
        | '\u{3130}'..='\u{318F}'    // Hangul compatibility Jamo
        | '\u{31F0}'..='\u{31FF}'    // Katakana extensions
        | '\u{3400}'..='\u{4DBF}'    // CJK extension A
        | '\u{4E00}'..='\u{9FFF}'    // CJK unified ideographs
        | '\u{AC00}'..='\u{D7AF}'    // Hangul syllables
        | '\u{F900}'..='\u{FAFF}'    // CJK compatibility ideographs
        | '\u{FF66}'..='\u{FF9F}'    // half-width Katakana
        | '\u{20000}'..='\u{2FA1F}'  // CJK extensions B and on
    )
}

/// The hint for an id or slug that is not a safe URL segment, with the one made of it when
/// it has letters or digits.
pub fn slug_help(value: &str) -> String {
    match slugify(value) {
        s if s.is_empty() => "use lowercase letters, digits and single hyphens, e.g. `syria-talks`".into(),
        s => format!("use lowercase letters, digits and single hyphens, e.g. `{s}`"),
    }
}

/// Whether `s` can be used as one URL path segment as it is (what [`slugify`] produces).
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

/// Whether an ASCII byte is white space as `char::is_whitespace` (and `split_whitespace`)
/// sees it: the space and `\t` to `\r` — unlike `u8::is_ascii_whitespace`, which leaves out
/// the vertical tab. For byte-level fast paths over ASCII text.
pub fn is_space_byte(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// Collapses runs of whitespace (including non-breaking spaces) into one space.
pub fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    if s.is_ascii() {
        let bytes = s.as_bytes();
        if spaced_once(bytes) {
            out.push_str(s);
            return out;
        }
        // The same words as `split_whitespace`, found byte by byte and copied a word at a time.
        let mut i = 0;
        while i < bytes.len() {
            while i < bytes.len() && is_space_byte(bytes[i]) {
                i += 1;
            }
            let start = i;
            while i < bytes.len() && !is_space_byte(bytes[i]) {
                i += 1;
            }
            if start < i {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&s[start..i]);
            }
        }
        return out;
    }
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Whether ASCII text is already collapsed: single spaces between words, none at its ends,
/// no other whitespace. Most lines are, and SIMD searches tell it faster than a byte loop.
fn spaced_once(bytes: &[u8]) -> bool {
    bytes.first().is_none_or(|&b| b != b' ')
        && bytes.last().is_none_or(|&b| b != b' ')
        && memchr::memchr3(b'\t', b'\n', b'\r', bytes).is_none()
        && memchr::memchr2(0x0b, 0x0c, bytes).is_none()
        && DOUBLE_SPACE.find(bytes).is_none()
}

/// Made once: a searcher costs more to make than most lines take to search.
static DOUBLE_SPACE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"  "));

/// `arg` as a shell reads it as one word: as it is when it needs no quoting, else in single
/// quotes (for the commands messages suggest).
pub fn shell_word(arg: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./=:@,+".contains(c);
    if !arg.is_empty() && arg.chars().all(plain) { arg.to_owned() } else { format!("'{}'", arg.replace('\'', "'\\''")) }
}

/// A relative path as one shell word that no command takes for an option: `-x` is `./-x`.
pub fn shell_path(path: &str) -> String {
    if path.starts_with('-') { shell_word(&format!("./{path}")) } else { shell_word(path) }
}

/// Arguments after a command's name, so that none is taken for an option: `-x` is `-- -x`.
pub fn shell_args(arg: &str) -> String {
    if arg.starts_with('-') { format!("-- {}", shell_word(arg)) } else { shell_word(arg) }
}

/// Whether an alias is an acronym (two or more letters, all capitals): matched case-sensitively.
pub fn is_acronym(alias: &str) -> bool {
    let letters: Vec<char> = alias.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) && !alias.contains(' ')
}

/// What an alias matches by: acronyms as written, other aliases case- and accent-folded. Two
/// aliases with one key find the same words.
pub fn alias_key(alias: &str) -> String {
    if is_acronym(alias) { alias.to_owned() } else { fold(alias) }
}

/// Lowercase with diacritics removed, for case- and accent-insensitive comparisons.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.nfkd().filter(|c| !is_combining_mark(*c)).flat_map(char::to_lowercase).collect()
}

/// How two file names that macOS or Windows take for one differ: in case (`Vote`, `vote`), or
/// in how an accented letter is encoded (`é` as one character, NFC, or as `e` and an accent,
/// NFD; macOS).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameTwin {
    Case,
    Encoding,
}

impl NameTwin {
    /// The key under which names that those systems take for one are equal.
    pub fn key(name: &str) -> String {
        name.nfc().collect::<String>().to_lowercase()
    }

    /// How `a` and `b`, names of one [`NameTwin::key`], differ; `None` when they are one name.
    pub fn of(a: &str, b: &str) -> Option<NameTwin> {
        match (a == b, a.to_lowercase() == b.to_lowercase()) {
            (true, _) => None,
            (false, true) => Some(NameTwin::Case),
            (false, false) => Some(NameTwin::Encoding),
        }
    }
}

pub use crate::distance::edit_distance;

/// The candidate closest to `word` when it is close enough to be a likely typo.
/// `word` is folded and prepared once; a candidate whose length alone puts it too far is not
/// compared (an ASCII one not even folded): a broken link looks among every file of the site.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1) + 1;
    let folded = fold(word);
    let len = folded.chars().count();
    let pattern = crate::distance::Pattern::new(&folded);
    // Edit distance is at least the difference of the lengths.
    let near = |n: usize| n.abs_diff(len) <= limit;
    candidates
        .into_iter()
        .filter(|c| !c.is_ascii() || near(c.len()))
        .filter_map(|c| {
            let c_folded = fold(c);
            let n = c_folded.chars().count();
            near(n).then(|| pattern.distance_within(&c_folded, n, limit)).flatten().map(|d| (d, c))
        })
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

/// The path `name` means among `paths` (templates, files of a theme): the one whose file name
/// it is (`note.html` for `partials/note.html`), else one a typo or two away
/// (`partial/note.html`), a typo for every three letters of its name before the extension at
/// most (`mne.css` is `mine.css`, `gone.css` is not) — not merely the closest, which in a
/// folder of partials is any other partial (`partials/promo.html` is not `partials/note.html`).
pub fn closest_path<'a>(name: &str, paths: impl IntoIterator<Item = &'a str> + Clone) -> Option<&'a str> {
    let file = |p: &str| p.rsplit('/').next().unwrap_or(p).to_owned();
    let same_file = paths.clone().into_iter().find(|p| file(p) == file(name));
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem).chars().count();
    let typos = (stem / 3).clamp(1, 2);
    same_file.or_else(|| paths.into_iter().find(|p| edit_distance(name, p) <= typos))
}

/// "did you mean `x`? " before the rest of a hint, or nothing when there is no `x`.
pub fn mean(name: Option<&str>) -> String {
    name.map_or_else(String::new, |n| format!("did you mean `{n}`? "))
}

/// A "did you mean `x`?" sentence, or nothing when no candidate is close.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    closest(word, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// Shortens `s` to at most `max` characters on a word boundary, adding `…`.
pub fn truncate_words(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let cut: String = s.chars().take(max).collect();
    let cut = match cut.rfind(char::is_whitespace) {
        Some(i) if i > max / 2 => &cut[..i],
        _ => &cut,
    };
    format!("{}…", cut.trim_end_matches(|c: char| c.is_whitespace() || ",;:-".contains(c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_is_found_by_its_file_name_or_a_typo() {
        let paths = ["base.html", "partials/brief_card.html", "partials/note.html", "static/style.css"];
        let closest = |name| closest_path(name, paths.iter().copied());
        assert_eq!(closest("brief_card.html"), Some("partials/brief_card.html"));
        assert_eq!(closest("partial/note.html"), Some("partials/note.html"));
        assert_eq!(closest("style.css"), Some("static/style.css"));
        assert_eq!(closest("partials/promo.html"), None, "another partial is not a typo of it");
        let css = ["mine.css", "style.css"];
        assert_eq!(closest_path("mne.css", css.iter().copied()), Some("mine.css"));
        assert_eq!(closest_path("gone.css", css.iter().copied()), None, "two letters of four are another name");
    }

    #[test]
    fn slug_hints_never_suggest_an_empty_slug() {
        assert!(slug_help("Bridge Vote").ends_with("e.g. `bridge-vote`"));
        assert!(slug_help("").ends_with("e.g. `syria-talks`"));
        assert!(slug_help("!!!").ends_with("e.g. `syria-talks`"));
    }

    #[test]
    fn shell_words_are_quoted_when_they_need_it() {
        assert_eq!(shell_word("000_a00be4cd"), "000_a00be4cd");
        assert_eq!(shell_word("Some Article"), "'Some Article'");
        assert_eq!(shell_word("it's"), "'it'\\''s'");
        assert_eq!(shell_word(""), "''");
        assert_eq!((shell_path("-dash"), shell_path("my site")), ("./-dash".into(), "'my site'".into()));
        assert_eq!(shell_args("-dash"), "-- -dash");
    }

    /// Every string of up to five characters from an alphabet of words, ASCII white space of
    /// each kind and Unicode spaces: the fast path gives what the plain definition gives.
    #[test]
    fn collapse_spaces_agrees_with_its_definition() {
        let alphabet = ["a", "Bc", " ", "\t", "\n", "\u{b}", "\u{c}", "\r", "\u{a0}", "é", "-", "\u{2009}", "9"];
        let mut strings = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> =
                strings.iter().flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}"))).collect();
            strings.extend(longer.into_iter().filter(|s| s.chars().count() <= 5));
            strings.sort();
            strings.dedup();
        }
        for s in &strings {
            assert_eq!(collapse_spaces(s), s.split_whitespace().collect::<Vec<_>>().join(" "), "{s:?}");
        }
    }

    fn check_slug(input: &str, expected: &str) {
        assert_eq!(slugify(input), expected, "slugify({input:?})");
        assert!(is_slug(expected) || expected.is_empty());
    }

    #[test]
    fn slugs() {
        check_slug(
            "Assad vows to retake Raqa and 'every inch' of Syria",
            "assad-vows-to-retake-raqa-and-every-inch-of-syria",
        );
        check_slug("Zürich: Budget vote — “passes” 7–2", "zurich-budget-vote-passes-7-2");
        check_slug("Assad's army", "assads-army");
        check_slug("  --Hello--  ", "hello");
        check_slug("Дипломатия", "diplomatiia");
        check_slug("外交 2017", "wai-jiao-2017");
        check_slug("日本の外交", "ri-ben-nowai-jiao");
        check_slug("Ελλάδα: Αθήνα", "ellada-athena");
        check_slug("سوريا", "swry");
        check_slug("— 🔥 —", "");
    }

    #[test]
    fn long_slugs_are_cut_at_a_hyphen() {
        let s = slugify_max("one two three four five six", 12);
        assert_eq!(s, "one-two");
    }

    #[test]
    fn a_cut_slug_is_the_whole_slug_cut() {
        // The slug is cut at the last hyphen within the limit, even one the limit falls on.
        assert_eq!(slugify_max("Abcdef gh ij", 9), "abcdef");
        assert_eq!(slugify_max("Abcdef gh", 9), "abcdef-gh");
        assert_eq!(slugify_max("Zürich’s ßtrasse grows", 12), "zurichs");
    }

    #[test]
    fn is_slug_rejects_unsafe_segments() {
        for bad in ["", "A", "a b", "a/b", "..", "-a", "a-", "a--b", "é"] {
            assert!(!is_slug(bad), "{bad:?}");
        }
        assert!(is_slug("assad-2017"));
    }

    #[test]
    fn folding_ignores_case_and_accents() {
        assert_eq!(fold("Ḥalab ÉTÉ"), "halab ete");
    }

    #[test]
    fn suggestions() {
        assert_eq!(closest("bdy", ["quote", "body", "kind"]), Some("body"));
        assert_eq!(closest("zzzzzz", ["quote", "body"]), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("Zürich", "Zurich"), 1, "characters, not bytes");
        assert_eq!(edit_distance("flaw", "lawn"), 2);
    }

    #[test]
    fn truncation_keeps_words() {
        assert_eq!(truncate_words("the quick brown fox", 12), "the quick…");
        assert_eq!(truncate_words("short", 12), "short");
    }
}
