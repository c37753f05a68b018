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

/// Record ids with the term's weight in each, in record order.
pub type Postings = Vec<(u32, u32)>;

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
pub fn encode_postings(postings: &[(u32, u32)], max: usize) -> String {
    let mut out = Vec::with_capacity(postings.len().min(max) * 6 + 8);
    write_postings(&mut out, postings, max);
    String::from_utf8(out).expect("ASCII")
}

/// Writes [`encode_postings`] into `out`. Numbers are written by hand: this is the hot loop
/// of writing the index.
fn write_postings(out: &mut Vec<u8>, postings: &[(u32, u32)], max: usize) {
    let cut: Vec<(u32, u32)>;
    let kept = if postings.len() > max {
        let mut heaviest = postings.to_vec();
        heaviest.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        heaviest.truncate(max);
        heaviest.sort_unstable();
        cut = heaviest;
        &cut[..]
    } else {
        postings
    };
    out.push(b'[');
    push_number(out, postings.len() as u64);
    let mut prev = 0;
    for &(record, weight) in kept {
        out.push(b',');
        push_number(out, u64::from(record - prev));
        out.push(b',');
        push_number(out, u64::from(weight));
        prev = record;
    }
    out.push(b']');
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

/// `"term":[…]`, one member of a shard's object.
fn encode_term(term: &str, postings: &[(u32, u32)], max: usize) -> String {
    let mut out = serde_json::to_vec(term).expect("strings serialise");
    out.push(b':');
    write_postings(&mut out, postings, max);
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// Splits the terms into shards (see the module doc). Shards come in key order.
pub fn shard_terms(terms: &BTreeMap<String, Postings>, limits: Limits) -> Vec<Shard> {
    let list: Vec<(&String, &Postings)> = terms.iter().collect();
    let entries: Vec<(&str, String)> =
        list.par_iter().map(|(t, p)| (t.as_str(), encode_term(t, p, limits.max_postings))).collect();
    let mut out = Vec::new();
    split(&entries, "", limits.shard_bytes, &mut out);
    out
}

/// The JSON object of a run of encoded terms.
fn object(entries: &[(&str, String)]) -> String {
    let len: usize = entries.iter().map(|(_, e)| e.len() + 1).sum();
    let mut json = String::with_capacity(len + 2);
    json.push('{');
    for (i, (_, e)) in entries.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        json.push_str(e);
    }
    json.push('}');
    json
}

/// Emits `entries` (all starting with `key`, sorted) as one shard, or splits them by the
/// character after `key`.
fn split(entries: &[(&str, String)], key: &str, budget: usize, out: &mut Vec<Shard>) {
    if entries.is_empty() {
        return;
    }
    let size: usize = entries.iter().map(|(_, e)| e.len() + 1).sum::<usize>() + 1;
    if size <= budget || entries.len() == 1 {
        out.push(Shard { key: key.to_owned(), json: object(entries) });
        return;
    }
    let mut rest = entries;
    // The term equal to the key sorts first and cannot be split further.
    if rest[0].0.len() == key.len() {
        out.push(Shard { key: key.to_owned(), json: object(&rest[..1]) });
        rest = &rest[1..];
    }
    while let Some((first, _)) = rest.first() {
        let next = first[key.len()..].chars().next().expect("longer than the key");
        let child = &first[..key.len() + next.len_utf8()];
        let run = rest.iter().take_while(|(t, _)| t.starts_with(child)).count();
        split(&rest[..run], child, budget, out);
        rest = &rest[run..];
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
        words.iter().map(|&(w, n)| (w.to_owned(), (0..n as u32).map(|r| (r * 2, 1 + r % 3)).collect())).collect()
    }

    fn keys(shards: &[Shard]) -> Vec<&str> {
        shards.iter().map(|s| s.key.as_str()).collect()
    }

    #[test]
    fn postings_are_delta_coded_with_the_document_frequency_first() {
        assert_eq!(encode_postings(&[(3, 8), (10, 1), (11, 2)], 10), "[3,3,8,7,1,1,2]");
        assert_eq!(encode_postings(&[], 10), "[0]");
        assert_eq!(encode_postings(&[(0, 10), (4_000_000_000, 1)], 10), "[2,0,10,4000000000,1]");
    }

    #[test]
    fn long_lists_keep_their_heaviest_postings_in_record_order() {
        assert_eq!(encode_postings(&[(1, 1), (2, 5), (3, 1), (4, 5), (5, 2)], 3), "[5,2,5,2,5,1,2]");
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
            t.insert(word(u64::from(r)), (0..df).map(|i| (i * step, 1 + i % 5)).collect());
        }
        let limits = crate::publish::search::LIMITS;
        let shards = shard_terms(&t, limits);
        let largest = shards.iter().map(|s| s.json.len()).max().unwrap();
        assert!(largest <= limits.shard_bytes + 8 * 1024, "largest shard {largest} bytes");
        assert!(shards.len() > 100, "{} shards", shards.len());
    }
}
