//! Approximate matching, for quotes not in their article as written: the passages most like
//! the quote. A passage is a window of whole words about as long as the quote (one word
//! fewer, as many, one more); its similarity is one minus the edit distance over the longer
//! length.
//!
//! Comparing every window with the quote would cost words × characters²; instead, one pass per
//! window length bounds every window's similarity by the letters it shares with the quote (a
//! bag of letters, updated a word at a time), and windows are then compared best bound first,
//! by Myers' bit-parallel edit distance ([`crate::distance`]), until no window left can beat
//! the passages already found. All of it is paid from a budget of character comparisons per
//! article ([`super::anchor::FUZZY_WORK`]).

use crate::distance::Pattern;

/// How many passages a search keeps: what a message shows, and enough to tell the best from
/// the second.
pub const KEPT: usize = 5;

/// A passage: a byte range of the folded text, and its similarity to the quote.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Candidate {
    pub start: usize,
    pub end: usize,
    pub score: f64,
}

/// The windows of `text` (whose words are `words`, from [`word_spans`]) most similar to
/// `needle`, at least `floor` similar, not overlapping, best first (at most [`KEPT`]). Each character the search reads or compares is taken from
/// `budget`; `None` when the budget cannot pay for even the first pass over the text. When it
/// runs out while comparing, the passages found so far are returned.
pub fn closest(
    text: &str,
    words: &[(usize, usize)],
    needle: &str,
    floor: f64,
    budget: &mut u64,
) -> Option<Vec<Candidate>> {
    let n = needle.split(' ').filter(|w| !w.is_empty()).count().max(1);
    let sizes = [n.saturating_sub(1).max(1), n, n + 1];
    let pass = 3 * text.len() as u64;
    if words.is_empty() || pass > *budget {
        return None;
    }
    *budget -= pass;
    let quote = Bag::of(needle);
    let mut windows: Vec<Window> = Vec::new();
    for size in sizes {
        bounded_windows(text, words, size.min(words.len()), needle, &quote, floor, &mut windows);
    }
    windows.sort_by(|a, b| b.bound.total_cmp(&a.bound).then(a.start.cmp(&b.start)).then(a.end.cmp(&b.end)));
    let pattern = Pattern::new(needle);
    let mut found = Found::default();
    for w in windows {
        if found.enough(w.bound) {
            break;
        }
        let window = &text[w.start..w.end];
        let cost = window.len() as u64 * pattern.len().div_ceil(64).max(1) as u64;
        if cost > *budget {
            break;
        }
        *budget -= cost;
        let len = pattern.len().max(window.chars().count());
        let score = if len == 0 { 1.0 } else { 1.0 - pattern.distance(window) as f64 / len as f64 };
        if score >= floor {
            found.add(Candidate { start: w.start, end: w.end, score });
        }
    }
    Some(found.picked)
}

/// A window and the most similar it can be.
#[derive(Clone, Copy, Debug)]
struct Window {
    start: usize,
    end: usize,
    bound: f64,
}

/// The windows of `size` words whose bound reaches `floor`, trimmed of punctuation the quote
/// does not have, added to `out`.
fn bounded_windows(
    text: &str,
    words: &[(usize, usize)],
    size: usize,
    needle: &str,
    quote: &Bag,
    floor: f64,
    out: &mut Vec<Window>,
) {
    let mut bag = Sliding::new(quote);
    bag.add(&text[words[0].0..words[size - 1].1]);
    for i in 0..=words.len() - size {
        if i > 0 {
            // In this order: with one word a window, what leaves holds the space that comes.
            bag.add(&text[words[i + size - 2].1..words[i + size - 1].1]);
            bag.remove(&text[words[i - 1].0..words[i].0]);
        }
        let (start, end) = (words[i].0, words[i + size - 1].1);
        let (ts, te) = trim_punctuation(text, start, end, needle);
        bag.remove(&text[start..ts]);
        bag.remove(&text[te..end]);
        let bound = bag.bound();
        bag.add(&text[start..ts]);
        bag.add(&text[te..end]);
        if bound >= floor {
            out.push(Window { start: ts, end: te, bound });
        }
    }
}

/// The passages picked so far: the best, then each next best that overlaps none before it
/// (what picking from the sorted list of every window would give).
#[derive(Debug, Default)]
struct Found {
    /// Every passage scored at or above the floor, best first.
    scored: Vec<Candidate>,
    picked: Vec<Candidate>,
}

impl Found {
    /// Whether no window bounded by `bound` can change the picks: once [`KEPT`] are picked,
    /// a window scoring less than the last would come after it.
    fn enough(&self, bound: f64) -> bool {
        self.picked.len() == KEPT && bound < self.picked[KEPT - 1].score
    }

    fn add(&mut self, c: Candidate) {
        let at = self.scored.partition_point(|s| order(s, &c).is_lt());
        self.scored.insert(at, c);
        if self.picked.len() < KEPT || c.score >= self.picked[KEPT - 1].score {
            self.picked.clear();
            for s in &self.scored {
                if self.picked.iter().all(|p| s.end <= p.start || s.start >= p.end) {
                    self.picked.push(*s);
                }
                if self.picked.len() == KEPT {
                    break;
                }
            }
        }
    }
}

/// Best first; of equal scores, the earlier, then the shorter.
fn order(a: &Candidate, b: &Candidate) -> std::cmp::Ordering {
    b.score.total_cmp(&a.score).then(a.start.cmp(&b.start)).then(a.end.cmp(&b.end))
}

/// Narrows `text[start..end]` so it does not begin or end with punctuation the needle does
/// not have (`dollars,` → `dollars`).
fn trim_punctuation(text: &str, mut start: usize, mut end: usize, needle: &str) -> (usize, usize) {
    let is_punct = |c: char| c.is_ascii_punctuation() || matches!(c, '“' | '”' | '‘' | '’' | '…' | '—' | '–');
    if !needle.ends_with(is_punct) {
        end = start + text[start..end].trim_end_matches(is_punct).len();
    }
    if !needle.starts_with(is_punct) {
        let trimmed = text[start..end].trim_start_matches(is_punct);
        start = end - trimmed.len();
    }
    (start, end)
}

/// Byte ranges of the words of a folded text (split on its single spaces).
pub fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c == ' ', start) {
            (true, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// Buckets of characters: ASCII ones by their byte, the others by their code point modulo
/// 128. Merging characters in a bucket only makes two bags look closer, so the bound stays a
/// bound.
const BUCKETS: usize = 256;

fn bucket(c: char) -> usize {
    if c.is_ascii() { c as usize } else { 128 + (c as usize & 127) }
}

/// The bucket of each character of `text`; ASCII text byte by byte, without decoding.
fn buckets(text: &str) -> impl Iterator<Item = usize> + '_ {
    let ascii = text.is_ascii();
    let bytes = ascii.then(|| text.bytes().map(usize::from));
    let chars = (!ascii).then(|| text.chars().map(bucket));
    bytes.into_iter().flatten().chain(chars.into_iter().flatten())
}

/// The characters of a text, counted by bucket: the bag distance of two texts (the characters
/// one has that the other lacks, the larger count) is a lower bound of their edit distance.
#[derive(Debug)]
struct Bag {
    counts: [u32; BUCKETS],
    len: usize,
}

impl Bag {
    fn of(text: &str) -> Bag {
        let mut bag = Bag { counts: [0; BUCKETS], len: 0 };
        for b in buckets(text) {
            bag.counts[b] += 1;
            bag.len += 1;
        }
        bag
    }
}

/// A window's bag as it slides over the text, with its distance to the quote's kept up to
/// date a character at a time.
#[derive(Debug)]
struct Sliding<'q> {
    quote: &'q Bag,
    counts: [u32; BUCKETS],
    len: usize,
    /// Characters the window has beyond the quote's, and the quote's the window lacks.
    extra: usize,
    missing: usize,
}

impl<'q> Sliding<'q> {
    fn new(quote: &'q Bag) -> Self {
        Sliding { quote, counts: [0; BUCKETS], len: 0, extra: 0, missing: quote.len }
    }

    fn add(&mut self, text: &str) {
        for b in buckets(text) {
            if self.counts[b] >= self.quote.counts[b] {
                self.extra += 1;
            } else {
                self.missing -= 1;
            }
            self.counts[b] += 1;
            self.len += 1;
        }
    }

    fn remove(&mut self, text: &str) {
        for b in buckets(text) {
            self.counts[b] -= 1;
            self.len -= 1;
            if self.counts[b] >= self.quote.counts[b] {
                self.extra -= 1;
            } else {
                self.missing += 1;
            }
        }
    }

    /// The most similar the window can be to the quote.
    fn bound(&self) -> f64 {
        let len = self.len.max(self.quote.len);
        if len == 0 { 1.0 } else { 1.0 - self.extra.max(self.missing) as f64 / len as f64 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::distance::edit_distance;

    fn similarity(a: &str, b: &str) -> f64 {
        let len = a.chars().count().max(b.chars().count());
        if len == 0 { 1.0 } else { 1.0 - edit_distance(a, b) as f64 / len as f64 }
    }

    /// Every window scored in full, then picked: what the search must equal.
    fn every_window(text: &str, needle: &str, floor: f64) -> Vec<Candidate> {
        let words = word_spans(text);
        let n = needle.split(' ').filter(|w| !w.is_empty()).count().max(1);
        let mut found = Found::default();
        for size in [n.saturating_sub(1).max(1), n, n + 1] {
            for w in words.windows(size.min(words.len())) {
                let (start, end) = trim_punctuation(text, w[0].0, w[w.len() - 1].1, needle);
                let score = similarity(&text[start..end], needle);
                if score >= floor {
                    found.add(Candidate { start, end, score });
                }
            }
        }
        found.picked
    }

    const TEXT: &str = "president bashar al-assad said on thursday that the army would retake \
        every inch of syria, and that raqqa, the capital of the islamic state group, was no \
        priority. “we don't do this,” he said of the hangings at saydnaya; aleppo, retaken in \
        december, was a turning point. zürich and الكتاب stand here too.";

    #[test]
    fn the_search_finds_what_comparing_every_window_finds() {
        for needle in [
            "the army will retake every inch",
            "raqa is a priority",
            "we dont do this he said",
            "xyz",
            "zurich and الكتاب",
            "aleppo retaken in december was a turning point",
        ] {
            for floor in [0.0, 0.25, 0.4] {
                let mut budget = u64::MAX;
                let got = closest(TEXT, &word_spans(TEXT), needle, floor, &mut budget).unwrap();
                assert_eq!(got, every_window(TEXT, needle, floor), "{needle:?} at {floor}");
            }
        }
    }

    #[test]
    fn the_bound_is_never_below_the_similarity() {
        for (a, b) in [("kitten", "sitting"), ("kitten", ""), ("nettik", "kitten"), ("zürich", "zurich"), ("ab", "abc")]
        {
            let quote = Bag::of(a);
            let mut window = Sliding::new(&quote);
            window.add(b);
            assert!(window.bound() >= similarity(a, b), "{a} {b}");
            window.remove(b);
            window.add(a);
            assert_eq!(window.bound(), 1.0);
        }
    }

    #[test]
    fn a_search_stops_when_its_budget_is_spent() {
        let mut budget = 10;
        assert_eq!(closest(TEXT, &word_spans(TEXT), "raqa is a priority", 0.4, &mut budget), None, "not even one pass");
        let mut budget = 3 * TEXT.len() as u64 + 40;
        let some = closest(TEXT, &word_spans(TEXT), "raqa is a priority", 0.0, &mut budget).unwrap();
        assert!(some.len() < KEPT && budget < 40, "{some:?}");
    }
}
