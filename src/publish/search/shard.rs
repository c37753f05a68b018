//! Splitting the term index so a reader downloads only what a query needs.
//!
//! Terms are grouped by a prefix of the folded term whose length adapts to the data: all
//! terms go into one shard while they fit in [`Limits::shard_bytes`]; a group that is too big
//! splits by its next character, recursively (the keys are the nodes of a trie, listed in
//! lexicographic order). A term belongs to the shard with the *longest* key that prefixes it,
//! which is how the script finds it. A term whose postings alone would overflow a shard
//! keeps only its heaviest [`Limits::max_postings`] postings and says how many it had.

use std::collections::BTreeMap;

use rayon::prelude::*;

/// A term's postings: how many records have it (`df`), and record ids with the term's weight
/// in each, in record order — all of them, or, for a common term, at least its heaviest
/// [`Limits::max_postings`]: the list is cut as it grows ([`Postings::append`]), so that a
/// large site's common words do not hold a posting per record.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Postings {
    pub df: u32,
    pub list: Vec<(u32, u32)>,
}

impl Postings {
    /// Every posting of a term.
    pub fn of(list: Vec<(u32, u32)>) -> Self {
        Postings { df: list.len() as u32, list }
    }

    /// Appends `more`, the term's postings in later records; past twice `max`, the list is cut
    /// to its heaviest `max`, which holds the heaviest `max` of all the postings to come too.
    pub fn append(&mut self, more: Postings, max: usize) {
        self.df += more.df;
        self.list.extend(more.list);
        if self.list.len() > 2 * max {
            self.list = heaviest(&self.list, max);
        }
    }

    /// The postings an index lists: the heaviest `max` (ties to the earlier record), in
    /// record order.
    fn kept(&self, max: usize) -> std::borrow::Cow<'_, [(u32, u32)]> {
        if self.list.len() > max { heaviest(&self.list, max).into() } else { self.list.as_slice().into() }
    }
}

/// The heaviest `max` of `list`, ties to the earlier record, in record order.
fn heaviest(list: &[(u32, u32)], max: usize) -> Vec<(u32, u32)> {
    let mut heaviest = list.to_vec();
    heaviest.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    heaviest.truncate(max);
    heaviest.sort_unstable();
    heaviest
}

/// How big the pieces of the index may get.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// A shard is split when its JSON would be longer than this (unless it is a single term).
    pub shard_bytes: usize,
    /// Postings kept per term; a common word keeps its heaviest ones.
    pub max_postings: usize,
}

/// One term shard: the prefix its terms share and the JSON object of their postings.
#[derive(Clone, Debug, PartialEq)]
pub struct Shard {
    pub key: String,
    pub json: String,
}

/// A term's postings as JSON: `[df, record, weight, Δrecord, weight, …]` — `df` is the number
/// of records that contain the term, and may exceed the postings listed when the list was cut
/// to `max` (the heaviest postings, ties to the earlier record); record ids are delta-coded.
pub fn encode_postings(postings: &Postings, max: usize) -> String {
    let mut out = Vec::with_capacity(postings.list.len().min(max) * 6 + 8);
    write_postings(&mut out, postings, max);
    String::from_utf8(out).expect("ASCII")
}

/// Writes [`encode_postings`] into `out`. Numbers are written by hand: this is the hot loop
/// of writing the index.
fn write_postings(out: &mut Vec<u8>, postings: &Postings, max: usize) {
    let kept = postings.kept(max);
    out.push(b'[');
    push_number(out, u64::from(postings.df));
    let mut prev = 0;
    for &(record, weight) in kept.iter() {
        out.push(b',');
        push_number(out, u64::from(record - prev));
        out.push(b',');
        push_number(out, u64::from(weight));
        prev = record;
    }
    out.push(b']');
}

/// The length of [`encode_postings`], without writing it.
fn postings_len(postings: &Postings, max: usize) -> usize {
    let kept = postings.kept(max);
    let mut len = 2 + digits(u64::from(postings.df));
    let mut prev = 0;
    for &(record, weight) in kept.iter() {
        len += 2 + digits(u64::from(record - prev)) + digits(u64::from(weight));
        prev = record;
    }
    len
}

/// How many decimal digits `n` takes.
fn digits(n: u64) -> usize {
    n.checked_ilog10().map_or(1, |l| l as usize + 1)
}

fn push_number(out: &mut Vec<u8>, mut n: u64) {
    if n < 10 {
        out.push(b'0' + n as u8);
        return;
    }
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    while n > 0 {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    out.extend_from_slice(&digits[i..]);
}

/// `"term":[…]`, one member of a shard's object, appended to `out`.
fn write_term(out: &mut Vec<u8>, term: &str, postings: &Postings, max: usize) {
    serde_json::to_writer(&mut *out, term).expect("strings serialise");
    out.push(b':');
    write_postings(out, postings, max);
}

/// The length of [`write_term`]'s member, without writing it.
fn term_len(term: &str, postings: &Postings, max: usize) -> usize {
    let plain = term.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\');
    let quoted = if plain { term.len() + 2 } else { serde_json::to_string(term).expect("strings serialise").len() };
    quoted + 1 + postings_len(postings, max)
}

/// One shard to write: its key and the run of terms it holds (a range of the sorted terms).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    pub key: String,
    pub terms: std::ops::Range<usize>,
}

/// The sorted terms an index is split from: term `i` and its postings.
pub trait SortedTerms: Sync {
    /// How many terms.
    fn count(&self) -> usize;
    fn get(&self, i: usize) -> (&str, &Postings);
}

impl SortedTerms for [(&str, &Postings)] {
    fn count(&self) -> usize {
        self.len()
    }

    fn get(&self, i: usize) -> (&str, &Postings) {
        self[i]
    }
}

/// Splits the sorted `terms` into shards (see the module doc), by the length each would take,
/// without writing any: the runs come in key order, and [`shard_json`] writes each.
pub fn shard_runs(terms: &(impl SortedTerms + ?Sized), limits: Limits) -> Vec<Run> {
    // A term's member is at most a few tens of kilobytes: `max_postings` numbers.
    let lens: Vec<u32> = (0..terms.count())
        .into_par_iter()
        .map(|i| {
            let (t, p) = terms.get(i);
            term_len(t, p, limits.max_postings) as u32
        })
        .collect();
    let mut out = Vec::new();
    split(terms, &lens, 0..terms.count(), "", limits.shard_bytes, &mut out);
    out
}

/// The JSON object of one run of terms.
pub fn shard_json(terms: &(impl SortedTerms + ?Sized), run: &Run, limits: Limits) -> String {
    let mut json = Vec::with_capacity(4096);
    json.push(b'{');
    for i in run.terms.clone() {
        if i > run.terms.start {
            json.push(b',');
        }
        let (t, p) = terms.get(i);
        write_term(&mut json, t, p, limits.max_postings);
    }
    json.push(b'}');
    String::from_utf8(json).expect("JSON is UTF-8")
}

/// Splits the terms into shards and writes them (see the module doc). Shards come in key order.
pub fn shard_terms(terms: &BTreeMap<String, Postings>, limits: Limits) -> Vec<Shard> {
    let list: Vec<(&str, &Postings)> = terms.iter().map(|(t, p)| (t.as_str(), p)).collect();
    let runs = shard_runs(list.as_slice(), limits);
    runs.iter().map(|r| Shard { key: r.key.clone(), json: shard_json(list.as_slice(), r, limits) }).collect()
}

/// Emits the terms `range` (all starting with `key`; `lens` the members' lengths of all the
/// terms) as one shard, or splits them by the character after `key`.
fn split(
    terms: &(impl SortedTerms + ?Sized),
    lens: &[u32],
    range: std::ops::Range<usize>,
    key: &str,
    budget: usize,
    out: &mut Vec<Run>,
) {
    let name = |i: usize| terms.get(i).0;
    if range.is_empty() {
        return;
    }
    let size: usize = lens[range.clone()].iter().map(|&l| l as usize + 1).sum::<usize>() + 1;
    if size <= budget || range.len() == 1 {
        out.push(Run { key: key.to_owned(), terms: range });
        return;
    }
    let mut at = range.start;
    // The term equal to the key sorts first and cannot be split further.
    if name(at).len() == key.len() {
        out.push(Run { key: key.to_owned(), terms: at..at + 1 });
        at += 1;
    }
    while at < range.end {
        let next = name(at)[key.len()..].chars().next().expect("longer than the key");
        let child = &name(at)[..key.len() + next.len_utf8()];
        let end = (at..range.end).find(|&i| !name(i).starts_with(child)).unwrap_or(range.end);
        split(terms, lens, at..end, child, budget, out);
        at = end;
    }
}

/// The index of the shard that holds `term`: the longest key that prefixes it.
pub fn shard_of(keys: &[&str], term: &str) -> Option<usize> {
    keys.iter().enumerate().filter(|(_, k)| term.starts_with(*k)).max_by_key(|(_, k)| k.len()).map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(words: &[(&str, usize)]) -> BTreeMap<String, Postings> {
        words
            .iter()
            .map(|&(w, n)| (w.to_owned(), Postings::of((0..n as u32).map(|r| (r * 2, 1 + r % 3)).collect())))
            .collect()
    }

    fn keys(shards: &[Shard]) -> Vec<&str> {
        shards.iter().map(|s| s.key.as_str()).collect()
    }

    #[test]
    fn postings_are_delta_coded_with_the_document_frequency_first() {
        let check = |list: &[(u32, u32)], max, json: &str| {
            let p = Postings::of(list.to_vec());
            assert_eq!(encode_postings(&p, max), json);
            assert_eq!(postings_len(&p, max), json.len(), "{json}");
        };
        check(&[(3, 8), (10, 1), (11, 2)], 10, "[3,3,8,7,1,1,2]");
        check(&[], 10, "[0]");
        check(&[(0, 10), (4_000_000_000, 1)], 10, "[2,0,10,4000000000,1]");
    }

    #[test]
    fn long_lists_keep_their_heaviest_postings_in_record_order() {
        let list = [(1, 1), (2, 5), (3, 1), (4, 5), (5, 2)];
        assert_eq!(encode_postings(&Postings::of(list.to_vec()), 3), "[5,2,5,2,5,1,2]");
        // Cut as they come, in any grouping: the same postings are kept.
        for split in 0..list.len() {
            for max in 1..4 {
                let mut p = Postings::of(list[..split].to_vec());
                p.append(Postings::of(list[split..].to_vec()), max);
                assert_eq!(encode_postings(&p, max), encode_postings(&Postings::of(list.to_vec()), max));
            }
        }
    }

    #[test]
    fn a_small_index_is_one_shard() {
        let shards = shard_terms(&terms(&[("bridge", 2), ("vote", 1)]), Limits { shard_bytes: 1000, max_postings: 10 });
        assert_eq!(keys(&shards), [""]);
        assert_eq!(shards[0].json, r#"{"bridge":[2,0,1,2,2],"vote":[1,0,1]}"#);
        let parsed: serde_json::Value = serde_json::from_str(&shards[0].json).unwrap();
        assert!(parsed.is_object());
    }

    #[test]
    fn big_groups_split_by_the_next_character_and_every_term_finds_its_shard() {
        let words =
            [("aa", 3), ("ab", 3), ("abc", 3), ("abd", 3), ("b", 0), ("ba", 30), ("bb", 3), ("ça", 3), ("ζω", 3)];
        let t = terms(&words);
        let shards = shard_terms(&t, Limits { shard_bytes: 40, max_postings: 100 });
        let ks = keys(&shards);
        let mut sorted = ks.clone();
        sorted.sort();
        assert_eq!(ks, sorted, "keys in order");
        assert_eq!(ks, ["aa", "ab", "abc", "abd", "b", "ba", "bb", "ç", "ζ"]);
        for term in t.keys() {
            let i = shard_of(&ks, term).unwrap();
            let obj: BTreeMap<String, serde_json::Value> = serde_json::from_str(&shards[i].json).unwrap();
            assert!(obj.contains_key(term), "{term} not in shard {:?}", ks[i]);
        }
        for s in &shards {
            assert!(
                s.json.len() <= 40
                    || serde_json::from_str::<BTreeMap<String, serde_json::Value>>(&s.json).unwrap().len() == 1
            );
        }
    }

    #[test]
    fn sharding_is_deterministic() {
        let t = terms(&[("one", 50), ("two", 50), ("three", 50)]);
        let limits = Limits { shard_bytes: 100, max_postings: 20 };
        assert_eq!(shard_terms(&t, limits), shard_terms(&t, limits));
    }

    /// A word made of letters from a number, 3–9 letters long.
    fn word(mut n: u64) -> String {
        let len = 3 + (n % 7) as usize;
        (0..len)
            .map(|_| {
                n = n.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                (b'a' + (n >> 59) as u8 % 26) as char
            })
            .collect()
    }

    #[test]
    fn shards_stay_small_at_scale() {
        // 10,000 words over 100,000 records, Zipf-like: the r-th word is in 100,000/r records.
        let records = 100_000u32;
        let mut t: BTreeMap<String, Postings> = BTreeMap::new();
        for r in 1..=10_000u32 {
            let df = (records / r).max(1);
            let step = records / df;
            t.insert(word(u64::from(r)), Postings::of((0..df).map(|i| (i * step, 1 + i % 5)).collect()));
        }
        let limits = crate::publish::search::LIMITS;
        let shards = shard_terms(&t, limits);
        let largest = shards.iter().map(|s| s.json.len()).max().unwrap();
        assert!(largest <= limits.shard_bytes + 8 * 1024, "largest shard {largest} bytes");
        assert!(shards.len() > 100, "{} shards", shards.len());
    }
}
