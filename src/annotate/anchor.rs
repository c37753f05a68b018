//! Quote anchoring, after the W3C TextQuoteSelector and Hypothesis: a note names its passage
//! by quoting it (`exact`), optionally with the text just before (`prefix`) and after
//! (`suffix`) to tell repeated passages apart.
//!
//! Matching runs in tiers, stopping at the first that finds the passage:
//! 1. **normalised**: whitespace runs, typographic quotes, dashes and `…` folded;
//! 2. **case-insensitive**: the same, ignoring case;
//! 3. **fuzzy**: the most similar passage within a bounded edit distance, weighted by how
//!    well the prefix and suffix agree, so a re-scraped article keeps its notes.
//!
//! Tiers 2 and 3 succeed with a [`Quality`] that `check` reports as a warning showing the text
//! actually matched. Failures say why and offer the closest passages.

use super::approximate::{self, Candidate};
use crate::model::{Anchor, Block};
use crate::text::edit_distance;

/// How the quote was found.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Quality {
    Normalised,
    CaseInsensitive,
    /// Similarity between 0 and 1 of the quote and the passage matched.
    Fuzzy(f64),
}

/// A passage of the article, for messages: 1-based paragraph number and its text.
#[derive(Clone, Debug, PartialEq)]
pub struct Passage {
    pub paragraph: usize,
    pub text: String,
    /// Similarity to the quote, 0 to 1.
    pub score: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub enum AnchorError {
    Empty,
    /// Not in the article; the closest passages, best first.
    NotFound {
        closest: Vec<Passage>,
    },
    /// Not in the article as written (case ignored), and the article is too long, with what
    /// was already searched, to look for the most similar passage ([`FUZZY_WORK`]).
    NotFoundExactly,
    /// Found more than once and prefix/suffix do not pick one.
    Ambiguous {
        /// How many places: [`MAX_PLACES`] of them are in `places`.
        count: usize,
        places: Vec<Passage>,
        prefix_hint: Option<String>,
    },
    /// Found in so many places that briefgen stopped looking ([`MATCH_WORK`]).
    TooMany {
        at_least: usize,
    },
    /// Found, but never with the given prefix/suffix.
    SelectorMismatch {
        occurrences: usize,
    },
    /// The passage runs across a paragraph break.
    SpansBlocks {
        first: usize,
    },
}

/// What a note says to find.
#[derive(Clone, Copy, Debug, Default)]
pub struct Selector<'a> {
    pub exact: &'a str,
    pub prefix: Option<&'a str>,
    pub suffix: Option<&'a str>,
}

/// A text with a map from each of its bytes back to a byte of the original.
#[derive(Debug)]
struct Folded {
    text: String,
    /// Source byte offset of each byte of `text`, and of its end (`u32`: articles are far
    /// smaller than 4 GB, and the map is as long as the text).
    map: Vec<u32>,
}

/// An article prepared for anchoring many quotes: its blocks joined, folded twice.
#[derive(Debug)]
pub struct Document<'a> {
    blocks: &'a [Block],
    joined: String,
    starts: Vec<usize>,
    plain: Folded,
    /// Made only when a quote is not found as written: most are.
    lower: std::cell::OnceCell<Folded>,
    /// Its words, for approximate matching: made when a quote first needs it.
    words: std::cell::OnceCell<Vec<(usize, usize)>>,
    /// What approximate matching may still spend, in characters read and compared
    /// ([`FUZZY_WORK`] at first).
    fuzzy_left: std::cell::Cell<u64>,
}

/// The characters approximate matching may read and compare in one article, for all its
/// quotes (docs/safety.md; [`approximate`]): a pass over the article per quote, three times
/// its length, then the passages compared with the quote, each its length times the quote's
/// in blocks of 64 characters. Under a tenth of a second; some 150 quotes of 300
/// characters, none of them as written, in an article of 10,000 words. Past it, a quote not
/// found as written is not found.
pub const FUZZY_WORK: u64 = 30_000_000;

/// What finding one quote's places may read, in bytes: its length times its places found.
/// Each place is compared in full, so a quote of 1,900 `x` in an article of 10 million was
/// 9 s, and 500 such notes over an hour. Past it, the quote is one error: it matches more
/// places than anyone could tell apart.
pub const MATCH_WORK: usize = 10_000_000;

const BLOCK_SEP: &str = "\n\n";

/// The places of an ambiguous quote that a message lists.
pub const MAX_PLACES: usize = 5;

/// The lowest similarity of a passage listed as close to a quote that is not found.
pub const SHOWN_MIN: f64 = 0.4;

/// The lowest similarity a fuzzy match may have.
pub const FUZZY_MIN: f64 = 0.8;

impl<'a> Document<'a> {
    pub fn new(blocks: &'a [Block]) -> Self {
        let mut joined = String::new();
        let mut starts = Vec::with_capacity(blocks.len());
        for (i, b) in blocks.iter().enumerate() {
            if i > 0 {
                joined.push_str(BLOCK_SEP);
            }
            starts.push(joined.len());
            joined.push_str(&b.text);
        }
        let plain = fold(&joined, false);
        Document {
            blocks,
            joined,
            starts,
            plain,
            lower: std::cell::OnceCell::new(),
            words: std::cell::OnceCell::new(),
            fuzzy_left: std::cell::Cell::new(FUZZY_WORK),
        }
    }

    fn lower(&self) -> &Folded {
        self.lower.get_or_init(|| fold(&self.joined, true))
    }

    /// Finds the one passage the selector names.
    pub fn anchor(&self, sel: Selector) -> Result<(Anchor, Option<Quality>), AnchorError> {
        let exact = fold(sel.exact, false).text;
        if exact.is_empty() {
            return Err(AnchorError::Empty);
        }
        let prefix = sel.prefix.map(|p| fold(p, false).text);
        let suffix = sel.suffix.map(|s| fold(s, false).text);
        for lower in [false, true] {
            let (folded, quality) =
                if lower { (self.lower(), Some(Quality::CaseInsensitive)) } else { (&self.plain, None) };
            let needle = if lower { exact.to_lowercase() } else { exact.clone() };
            let (hits, all) = find_all(&folded.text, &needle, MATCH_WORK / needle.len());
            if hits.is_empty() {
                continue;
            }
            if !all {
                return Err(AnchorError::TooMany { at_least: hits.len() });
            }
            let lc = |s: &Option<String>| s.as_ref().map(|p| if lower { p.to_lowercase() } else { p.clone() });
            let picked: Vec<usize> = hits
                .iter()
                .copied()
                .filter(|&h| {
                    selector_agrees(&folded.text, h, h + needle.len(), lc(&prefix).as_deref(), lc(&suffix).as_deref())
                })
                .collect();
            return match picked.as_slice() {
                [one] => self.to_anchor(folded, *one, *one + needle.len()).map(|a| (a, quality)),
                [] => Err(AnchorError::SelectorMismatch { occurrences: hits.len() }),
                many => Err(self.ambiguous(folded, many, needle.len())),
            };
        }
        self.fuzzy(&exact, prefix.as_deref(), suffix.as_deref())
    }

    fn to_anchor(&self, folded: &Folded, start: usize, end: usize) -> Result<Anchor, AnchorError> {
        let (s, e) = source_range(folded, start, end);
        let block = self.starts.partition_point(|&b| b <= s) - 1;
        let block_start = self.starts[block];
        if e > block_start + self.blocks[block].text.len() {
            return Err(AnchorError::SpansBlocks { first: block + 1 });
        }
        let text = &self.blocks[block].text;
        let (mut s, mut e) = (s - block_start, e - block_start);
        while e > s && text[..e].ends_with(char::is_whitespace) {
            e -= text[..e].chars().next_back().map_or(1, char::len_utf8);
        }
        while s < e && text[s..].starts_with(char::is_whitespace) {
            s += text[s..].chars().next().map_or(1, char::len_utf8);
        }
        Ok(Anchor { block, start: s, end: e })
    }

    fn ambiguous(&self, folded: &Folded, hits: &[usize], len: usize) -> AnchorError {
        let places = hits
            .iter()
            .take(MAX_PLACES)
            .map(|&h| {
                let (s, e) = source_range(folded, h, h + len);
                Passage { paragraph: self.paragraph_of(s), text: context(&self.joined, s, e), score: 1.0 }
            })
            .collect();
        let prefix_hint = hits.first().map(|&h| {
            let (s, _) = source_range(folded, h, h + len);
            words_before(&self.joined, s, 3)
        });
        AnchorError::Ambiguous { count: hits.len(), places, prefix_hint }
    }

    fn paragraph_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&b| b <= offset)
    }

    fn fuzzy(
        &self,
        exact: &str,
        prefix: Option<&str>,
        suffix: Option<&str>,
    ) -> Result<(Anchor, Option<Quality>), AnchorError> {
        let needle = exact.to_lowercase();
        // Passages under 40% similar are never shown; with a prefix or suffix, a fifth of
        // the score is theirs, so a passage from 25% up may reach it.
        let floor = if prefix.is_some() || suffix.is_some() { 0.25 } else { SHOWN_MIN };
        let text = &self.lower().text;
        let words = self.words.get_or_init(|| approximate::word_spans(text));
        let mut budget = self.fuzzy_left.get();
        let found = approximate::closest(text, words, &needle, floor, &mut budget);
        self.fuzzy_left.set(budget);
        let mut cands = found.ok_or(AnchorError::NotFoundExactly)?;
        if prefix.is_some() || suffix.is_some() {
            for c in &mut cands {
                c.score = c.score * 0.8 + 0.2 * context_similarity(&self.lower().text, c, prefix, suffix);
            }
            cands.sort_by(|a, b| b.score.total_cmp(&a.score));
        }
        let closest = || {
            cands
                .iter()
                .take(3)
                .map(|c| {
                    let (s, e) = source_range(self.lower(), c.start, c.end);
                    Passage { paragraph: self.paragraph_of(s), text: context(&self.joined, s, e), score: c.score }
                })
                .collect()
        };
        match cands.as_slice() {
            [best, rest @ ..]
                if best.score >= FUZZY_MIN && rest.first().is_none_or(|second| second.score < best.score - 0.05) =>
            {
                let anchor = self.to_anchor(self.lower(), best.start, best.end)?;
                Ok((anchor, Some(Quality::Fuzzy(best.score))))
            }
            _ => Err(AnchorError::NotFound { closest: closest() }),
        }
    }

    /// The source text an anchor covers.
    pub fn text_of(&self, a: &Anchor) -> &str {
        &self.blocks[a.block].text[a.start..a.end]
    }
}

/// Similarity of two texts between 0 and 1 (1 − normalised edit distance).
pub fn similarity(a: &str, b: &str) -> f64 {
    let len = a.chars().count().max(b.chars().count());
    if len == 0 {
        return 1.0;
    }
    1.0 - edit_distance(a, b) as f64 / len as f64
}

fn context_similarity(text: &str, c: &Candidate, prefix: Option<&str>, suffix: Option<&str>) -> f64 {
    let mut scores = Vec::new();
    if let Some(p) = prefix {
        let p = p.to_lowercase();
        let from = floor(text, c.start.saturating_sub(p.len()));
        scores.push(similarity(text[from..c.start].trim(), p.trim()));
    }
    if let Some(s) = suffix {
        let s = s.to_lowercase();
        let to = ceil(text, (c.end + s.len()).min(text.len()));
        scores.push(similarity(text[c.end..to].trim(), s.trim()));
    }
    scores.iter().sum::<f64>() / scores.len().max(1) as f64
}

fn floor(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Where `needle` starts in `hay`, overlapping places included, up to `max` places (at least
/// one); and whether those are all.
fn find_all(hay: &str, needle: &str, max: usize) -> (Vec<usize>, bool) {
    let finder = memchr::memmem::Finder::new(needle);
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = finder.find(&hay.as_bytes()[from..]) {
        if out.len() == max.max(1) {
            return (out, false);
        }
        out.push(from + i);
        from += i + hay[from + i..].chars().next().map_or(1, char::len_utf8);
    }
    (out, true)
}

fn selector_agrees(text: &str, start: usize, end: usize, prefix: Option<&str>, suffix: Option<&str>) -> bool {
    prefix.is_none_or(|p| text[..start].trim_end().ends_with(p.trim_end()))
        && suffix.is_none_or(|s| text[end..].trim_start().starts_with(s.trim_start()))
}

/// Maps a folded byte range back to the source.
fn source_range(f: &Folded, start: usize, end: usize) -> (usize, usize) {
    (f.map[start] as usize, f.map[end] as usize)
}

/// A few words around a passage, within its paragraph, for messages.
fn context(text: &str, s: usize, e: usize) -> String {
    let para_start = text[..s].rfind(BLOCK_SEP).map_or(0, |i| i + BLOCK_SEP.len());
    let para_end = text[e..].find(BLOCK_SEP).map_or(text.len(), |i| e + i);
    let before = words_before(&text[para_start..s], s - para_start, 4);
    let rest = &text[e..para_end];
    let mut cut = rest.len();
    let mut words = 0;
    let mut in_word = false;
    for (i, c) in rest.char_indices() {
        if c.is_whitespace() && in_word {
            words += 1;
            if words == 4 {
                cut = i;
                break;
            }
        }
        in_word = !c.is_whitespace();
    }
    let lead = if rest.starts_with(char::is_whitespace) { " " } else { "" };
    let after = rest[..cut].split_whitespace().collect::<Vec<_>>().join(" ");
    let open = if text[para_start..s].trim().len() > before.trim().len() { "…" } else { "" };
    let close = if e + cut < para_end { "…" } else { "" };
    format!("{open}{before}[{}]{lead}{after}{close}", &text[s..e])
}

fn words_before(text: &str, s: usize, n: usize) -> String {
    let words: Vec<&str> = text[..s].split_whitespace().collect();
    let tail = words[words.len().saturating_sub(n)..].join(" ");
    // A passage that starts inside a word is shown joined to it.
    if tail.is_empty() || !text[..s].ends_with(char::is_whitespace) { tail } else { tail + " " }
}

/// Folds the text to Unicode NFC (a quote pasted decomposed, as macOS often copies it,
/// matches the composed article), then as [`fold_nfc`] does; the map leads back to the
/// source bytes through both.
fn fold(text: &str, lowercase: bool) -> Folded {
    match nfc_mapped(text) {
        None => fold_nfc(text, lowercase),
        Some((nfc, to_source)) => {
            let mut f = fold_nfc(&nfc, lowercase);
            for m in &mut f.map {
                *m = to_source[*m as usize];
            }
            f
        }
    }
}

/// `text` in NFC with the source byte of each of its bytes (and of its end), or `None` when
/// it is NFC already, as most texts are. Each run from one character that nothing before it
/// can compose with to the next is normalised on its own, its bytes mapped to its start.
fn nfc_mapped(text: &str) -> Option<(String, Vec<u32>)> {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    if text.is_ascii() || is_nfc_quick(text.chars()) == IsNormalized::Yes {
        return None;
    }
    let is_start = |c: char| {
        unicode_normalization::char::canonical_combining_class(c) == 0
            && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes
    };
    let mut out = String::with_capacity(text.len() + 16);
    let mut map = Vec::with_capacity(text.len() + 17);
    let starts = text.char_indices().filter(|&(i, c)| i > 0 && is_start(c)).map(|(i, _)| i);
    let mut from = 0;
    for to in starts.chain(std::iter::once(text.len())) {
        let run = &text[from..to];
        if is_nfc_quick(run.chars()) == IsNormalized::Yes {
            out.push_str(run);
            map.extend(from as u32..to as u32);
        } else {
            let before = out.len();
            out.extend(run.nfc());
            map.extend(std::iter::repeat_n(from as u32, out.len() - before));
        }
        from = to;
    }
    map.push(text.len() as u32);
    Some((out, map))
}

/// Folds whitespace runs to one space, typographic quotes to ASCII, dash runs to `-` and `…`
/// to `...`, drops soft hyphens and zero-width characters, optionally lowercasing; keeps the
/// map back to source bytes. Runs of ASCII that fold to themselves (most of any article) are
/// copied whole; other characters are decoded.
fn fold_nfc(text: &str, lowercase: bool) -> Folded {
    let mut f = Folder {
        out: String::with_capacity(text.len()),
        map: Vec::with_capacity(text.len() + 1),
        space_at: None,
        prev_dash: false,
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if is_kept_ascii(b) {
            let end = kept_run_end(bytes, i);
            f.run(i, &text[i..end], lowercase);
            i = end;
        } else if b.is_ascii() {
            f.ascii(i, b, lowercase);
            i += 1;
        } else {
            let c = text[i..].chars().next().expect("a character starts here");
            f.char(i, c, lowercase);
            i += c.len_utf8();
        }
    }
    // The end maps to the first trailing space, or the end of the text.
    f.map.push(f.space_at.unwrap_or(text.len()) as u32);
    Folded { text: f.out, map: f.map }
}

/// An ASCII byte that folding keeps as it is (but for case): not a space, dash or backtick.
fn is_kept_ascii(b: u8) -> bool {
    b.is_ascii() && !crate::text::is_space_byte(b) && b != b'-' && b != b'`'
}

/// The end of the run of bytes from `start` (one [`is_kept_ascii`]) that folding copies as
/// they are: kept bytes, and single spaces between two of them.
fn kept_run_end(bytes: &[u8], start: usize) -> usize {
    let mut end = start + 1;
    while end < bytes.len() {
        match bytes[end] {
            b if is_kept_ascii(b) => end += 1,
            b' ' if bytes.get(end + 1).copied().is_some_and(is_kept_ascii) => end += 2,
            _ => break,
        }
    }
    end
}

/// Characters that show nothing (soft hyphen, zero-width spaces and joiners, direction marks
/// and embeddings, word joiner and invisible operators, byte-order mark): a quote matches
/// whether or not it has them.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}' | '\u{61c}' | '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{206f}' | '\u{feff}'
    )
}

/// The state of [`fold`].
struct Folder {
    out: String,
    map: Vec<u32>,
    /// Where the pending run of whitespace starts.
    space_at: Option<usize>,
    prev_dash: bool,
}

impl Folder {
    /// Emits the pending space, if any, before a character that is kept.
    fn flush_space(&mut self) {
        if let Some(at) = self.space_at.take()
            && !self.out.is_empty()
        {
            self.out.push(' ');
            self.map.push(at as u32);
            self.prev_dash = false;
        }
    }

    /// A run of bytes at `i` that folds to itself ([`kept_run_end`]), copied whole.
    fn run(&mut self, i: usize, run: &str, lowercase: bool) {
        self.flush_space();
        self.prev_dash = false;
        let start = self.out.len();
        self.out.push_str(run);
        if lowercase {
            self.out[start..].make_ascii_lowercase();
        }
        self.map.extend(i as u32..(i + run.len()) as u32);
    }

    fn ascii(&mut self, i: usize, b: u8, lowercase: bool) {
        if crate::text::is_space_byte(b) {
            self.space_at.get_or_insert(i);
            return;
        }
        self.flush_space();
        let is_dash = b == b'-';
        if is_dash && self.prev_dash {
            return;
        }
        self.prev_dash = is_dash;
        let folded = match b {
            b'`' => b'\'',
            _ if lowercase => b.to_ascii_lowercase(),
            _ => b,
        };
        self.out.push(char::from(folded));
        self.map.push(i as u32);
    }

    fn char(&mut self, i: usize, c: char, lowercase: bool) {
        if c.is_whitespace() {
            self.space_at.get_or_insert(i);
            return;
        }
        if is_invisible(c) {
            return;
        }
        self.flush_space();
        let is_dash = matches!(c, '‐' | '‑' | '‒' | '–' | '—' | '―' | '−');
        if is_dash && self.prev_dash {
            return;
        }
        self.prev_dash = is_dash;
        let mut push = |s: &str| {
            self.out.push_str(s);
            self.map.extend(std::iter::repeat_n(i as u32, s.len()));
        };
        match c {
            '‘' | '’' | '‚' | '‛' | '′' => push("'"),
            '“' | '”' | '„' | '‟' | '″' | '«' | '»' => push("\""),
            '…' => push("..."),
            _ if is_dash => push("-"),
            _ if lowercase => {
                for l in c.to_lowercase() {
                    push(l.encode_utf8(&mut [0; 4]));
                }
            }
            _ => push(c.encode_utf8(&mut [0; 4])),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc_blocks() -> Vec<Block> {
        [
            "Paris (AFP) - President Bashar al-Assad on Thursday said Raqa is not a priority target.",
            "“Raqa is a symbol,” Assad said — in an  interview.",
            "“For us it is all the same, Raqa, Palmyra, Idlib, it’s all the same.”",
        ]
        .into_iter()
        .map(Block::paragraph)
        .collect()
    }

    /// Anchors `exact` (with optional prefix/suffix) and returns the matched text and quality.
    fn check(
        exact: &str,
        prefix: Option<&str>,
        suffix: Option<&str>,
    ) -> Result<(String, Option<Quality>), AnchorError> {
        let blocks = doc_blocks();
        let doc = Document::new(&blocks);
        doc.anchor(Selector { exact, prefix, suffix }).map(|(a, q)| (doc.text_of(&a).to_owned(), q))
    }

    #[test]
    fn issue_23_a_decomposed_quote_anchors_exactly_on_composed_text() {
        let blocks = vec![Block::paragraph("Le président a parlé à Zürich, puis à Ḥalab.".to_owned())];
        let doc = Document::new(&blocks);
        let nfd = "pre\u{301}sident a parle\u{301} a\u{300} Zu\u{308}rich, puis a\u{300} H\u{323}alab";
        let (a, quality) = doc.anchor(Selector { exact: nfd, prefix: None, suffix: None }).unwrap();
        assert_eq!((doc.text_of(&a), quality), ("président a parlé à Zürich, puis à Ḥalab", None));
        let decomposed: String = unicode_normalization::UnicodeNormalization::nfd(blocks[0].text.as_str()).collect();
        let blocks = vec![Block::paragraph(decomposed)];
        let doc = Document::new(&blocks);
        let (a, quality) = doc.anchor(Selector { exact: "à Zürich", prefix: Some("parlé"), suffix: None }).unwrap();
        assert_eq!((doc.text_of(&a).chars().count(), quality), ("a\u{300} Zu\u{308}rich".chars().count(), None));
        assert!(doc.text_of(&a).starts_with('a') && doc.text_of(&a).ends_with("ch"));
    }

    #[test]
    fn issue_23_approximate_matching_in_a_very_long_article_is_bounded() {
        let para = "The council met on Monday and talked about the bridge for a long time. ".repeat(20);
        let blocks: Vec<Block> = (0..300).map(|_| Block::paragraph(para.clone())).collect();
        let doc = Document::new(&blocks);
        // Enough for four passes over the article.
        doc.fuzzy_left.set(4 * 3 * doc.joined.len() as u64 + 10);
        let quote = "x".repeat(300);
        let errors: Vec<AnchorError> =
            (0..6).map(|_| doc.anchor(Selector { exact: &quote, prefix: None, suffix: None }).unwrap_err()).collect();
        assert_eq!(errors[3], AnchorError::NotFound { closest: Vec::new() }, "searched: nothing close");
        assert_eq!(errors[4], AnchorError::NotFoundExactly, "the budget is spent: not searched");
        assert!(doc.fuzzy_left.get() < 3 * doc.lower().text.len() as u64, "less than a pass is left");
    }

    #[test]
    fn zero_width_characters_do_not_stop_a_match() {
        let blocks = vec![Block::paragraph("Raqa\u{200b} is a sym\u{ad}bol.".to_owned())];
        let doc = Document::new(&blocks);
        let (a, quality) = doc.anchor(Selector { exact: "Raqa is a symbol", prefix: None, suffix: None }).unwrap();
        assert_eq!((doc.text_of(&a), quality), ("Raqa\u{200b} is a sym\u{ad}bol", None));
    }

    #[test]
    fn exact_and_normalised_quotes_anchor() {
        assert_eq!(
            check("Raqa is not a priority target", None, None),
            Ok(("Raqa is not a priority target".into(), None))
        );
        assert_eq!(
            check("\"Raqa is a symbol,\" Assad said - in an interview", None, None),
            Ok(("“Raqa is a symbol,” Assad said — in an  interview".into(), None))
        );
        assert_eq!(check("  it's all the same.\"  ", Some("Idlib,"), None), Ok(("it’s all the same.”".into(), None)));
    }

    #[test]
    fn ambiguous_quotes_list_the_places_and_prefix_picks_one() {
        let Err(AnchorError::Ambiguous { places, prefix_hint, .. }) = check("all the same", None, None) else {
            panic!()
        };
        assert_eq!(places.len(), 2);
        assert_eq!(places[0].paragraph, 3);
        assert_eq!(places[0].text, "“For us it is [all the same], Raqa, Palmyra, Idlib,…");
        assert_eq!(prefix_hint.as_deref(), Some("us it is "));
        assert_eq!(check("all the same", Some("it’s"), None).map(|r| r.0), Ok("all the same".into()));
        assert_eq!(check("all the same", None, Some(", Raqa")).map(|r| r.0), Ok("all the same".into()));
        assert_eq!(check("all the same", Some("nobody"), None), Err(AnchorError::SelectorMismatch { occurrences: 2 }));
    }

    #[test]
    fn a_quote_found_in_too_many_places_is_one_error_at_once() {
        let blocks = vec![Block::paragraph(format!("Start. {} End.", "x".repeat(2_000_000)))];
        let doc = Document::new(&blocks);
        let start = std::time::Instant::now();
        let quote = "x".repeat(1900);
        for prefix in [None, Some("Start.")] {
            let err = doc.anchor(Selector { exact: &quote, prefix, suffix: None }).unwrap_err();
            assert_eq!(err, AnchorError::TooMany { at_least: MATCH_WORK / 1900 });
        }
        assert!(start.elapsed() < std::time::Duration::from_secs(2), "{:?}", start.elapsed());
        let err = doc.anchor(Selector { exact: "x", prefix: Some("nobody"), suffix: None }).unwrap_err();
        assert_eq!(err, AnchorError::SelectorMismatch { occurrences: 2_000_000 });
    }

    #[test]
    fn a_place_inside_a_word_is_shown_joined_to_it() {
        let text = "We met another man.";
        assert_eq!(context(text, 7, 10), "We met [ano]ther man.");
        assert_eq!(context(text, 10, 13), "We met ano[the]r man.");
        assert_eq!(words_before(text, 10, 3), "We met ano");
    }

    #[test]
    fn case_differences_anchor_with_a_quality() {
        assert_eq!(
            check("raqa IS A SYMBOL", None, None),
            Ok(("Raqa is a symbol".into(), Some(Quality::CaseInsensitive)))
        );
    }

    #[test]
    fn re_scraped_text_anchors_fuzzily() {
        let (text, q) = check("President Bashar Al Assad on Thursday says Raqa", None, None).unwrap();
        assert_eq!(text, "President Bashar al-Assad on Thursday said Raqa");
        assert!(matches!(q, Some(Quality::Fuzzy(s)) if s > 0.85), "{q:?}");
    }

    #[test]
    fn missing_quotes_suggest_the_closest_passages() {
        let Err(AnchorError::NotFound { closest }) = check("Raqa was never a symbol of anything", None, None) else {
            panic!()
        };
        assert_eq!(closest[0].paragraph, 2);
        assert!(closest[0].text.contains("Raqa is a symbol"), "{closest:?}");
    }

    #[test]
    fn quotes_across_paragraphs_are_rejected() {
        assert_eq!(
            check("priority target. \"Raqa is a symbol", None, None),
            Err(AnchorError::SpansBlocks { first: 1 })
        );
        assert_eq!(check("  ", None, None), Err(AnchorError::Empty));
    }

    /// Folding character by character, as the rules say: the model [`fold`]'s byte-wise
    /// handling of ASCII must match.
    fn fold_chars(text: &str, lowercase: bool) -> Folded {
        let mut out = String::new();
        let mut map: Vec<u32> = Vec::new();
        let mut space_at: Option<usize> = None;
        let mut prev_dash = false;
        for (i, c) in text.char_indices() {
            if c.is_whitespace() {
                space_at.get_or_insert(i);
                continue;
            }
            if c == '\u{ad}' {
                continue;
            }
            if let Some(at) = space_at.take()
                && !out.is_empty()
            {
                out.push(' ');
                map.push(at as u32);
                prev_dash = false;
            }
            let is_dash = matches!(c, '-' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '−');
            if is_dash && prev_dash {
                continue;
            }
            prev_dash = is_dash;
            let folded: String = match c {
                '‘' | '’' | '‚' | '‛' | '′' | '`' => "'".into(),
                '“' | '”' | '„' | '‟' | '″' | '«' | '»' => "\"".into(),
                '…' => "...".into(),
                _ if is_dash => "-".into(),
                _ if lowercase => c.to_lowercase().collect(),
                _ => c.into(),
            };
            map.extend(std::iter::repeat_n(i as u32, folded.len()));
            out.push_str(&folded);
        }
        map.push(space_at.unwrap_or(text.len()) as u32);
        Folded { text: out, map }
    }

    #[test]
    fn folding_ascii_byte_by_byte_is_folding_by_character() {
        let texts = [
            "",
            "  a  b ",
            "He said--twice -- `so` \"Yes\"\t\n\x0bEnd ",
            "A-B---C",
            "x\r\n\r\ny  ",
            "“Raqa is a symbol,” Assad said — in an  interview…",
            "A -— b\u{a0} \u{2003}c\u{ad}d ÉCOLE İstanbul ‘q’ -–- end\u{2028}",
            "Plain Words, Then MORE. End of it ",
            "a \tb  c\u{a0}d e-f g`h i ",
        ];
        for text in texts {
            for lower in [false, true] {
                let (a, c) = (fold(text, lower), fold_chars(text, lower));
                assert_eq!((a.text, a.map), (c.text, c.map), "{text:?}");
            }
        }
    }

    #[test]
    fn folding_keeps_a_map_to_the_source() {
        let f = fold("a  “b”—c…", false);
        assert_eq!(f.text, "a \"b\"-c...");
        assert_eq!(f.map[2], 3);
        assert_eq!(*f.map.last().unwrap() as usize, "a  “b”—c…".len());
    }
}
