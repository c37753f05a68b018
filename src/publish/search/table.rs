//! The search index's table of terms while it is made, compact: at 100,000 briefs an index
//! has about two million terms, most of them in one record, so what a term costs beside its
//! postings decides the index's memory. A map of owned strings to posting lists costs about
//! 130 bytes a term (the map's entry, the string's allocation, the map's spare room); this
//! table costs about 50: every term's text back to back in one string, its end, a slot of an
//! open-addressing table of term numbers, and its postings.

use super::shard::Postings;

/// Terms and their postings, in the order the terms were first added.
#[derive(Debug, Default)]
pub struct TermTable {
    /// Every term, back to back.
    text: String,
    /// Where each term ends in `text` (it starts where the one before it ends).
    ends: Vec<usize>,
    /// Open addressing with linear probing: a term's number + 1 in each used slot, 0 in an
    /// empty one. A power of two long, at most [`MAX_LOAD`] full; a term's first slot is taken
    /// from the high bits of its hash (see [`term_hash`]).
    slots: Vec<u32>,
    postings: Vec<Postings>,
}

/// How full the slots may get, as a fraction (numerator, denominator).
const MAX_LOAD: (usize, usize) = (3, 4);
/// The slots of a new table.
const FIRST_SLOTS: usize = 16;

impl TermTable {
    /// How many terms.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Term `i`.
    pub fn term(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }

    /// Term `i`'s postings.
    pub fn postings(&self, i: usize) -> &Postings {
        &self.postings[i]
    }

    /// Adds `more`, postings of `term` (whose [`term_hash`] is `hash`) in records after every
    /// record added so far: appended to the term's postings (cut to `max`, see
    /// [`Postings::append`]), or the term's first.
    pub fn add(&mut self, term: &str, hash: u64, more: Postings, max: usize) {
        if (self.len() + 1) * MAX_LOAD.1 > self.slots.len() * MAX_LOAD.0 {
            self.grow();
        }
        match self.find(term, hash) {
            Ok(i) => self.postings[i].append(more, max),
            Err(slot) => {
                // Most terms stay in one record: their list is kept without spare room.
                let mut more = more;
                more.list.shrink_to_fit();
                self.text.push_str(term);
                self.ends.push(self.text.len());
                self.postings.push(more);
                // A term number fits: each term takes far more memory than 4 GiB / 2^32.
                self.slots[slot] = u32::try_from(self.len()).expect("fewer than 2^32 terms");
            }
        }
    }

    /// Moves every term of `self` into `into`, in the order they were added, each term's
    /// postings after those `into` has.
    pub fn move_into(self, into: &mut TermTable, max: usize) {
        let TermTable { text, ends, postings, .. } = self;
        let mut start = 0;
        for (end, p) in ends.into_iter().zip(postings) {
            let term = &text[start..end];
            into.add(term, term_hash(term), p, max);
            start = end;
        }
    }

    /// The number of `term`, or the empty slot where it goes.
    fn find(&self, term: &str, hash: u64) -> Result<usize, usize> {
        let mask = self.slots.len() - 1;
        let mut slot = self.first_slot(hash);
        loop {
            match self.slots[slot] {
                0 => return Err(slot),
                n if self.term(n as usize - 1) == term => return Ok(n as usize - 1),
                _ => slot = (slot + 1) & mask,
            }
        }
    }

    fn first_slot(&self, hash: u64) -> usize {
        let bits = self.slots.len().trailing_zeros();
        (hash >> (64 - bits)) as usize
    }

    /// Doubles the slots (or makes the first ones) and places every term again.
    fn grow(&mut self) {
        let len = (self.slots.len() * 2).max(FIRST_SLOTS);
        self.slots = vec![0; len];
        for i in 0..self.len() {
            let mut slot = self.first_slot(term_hash(self.term(i)));
            while self.slots[slot] != 0 {
                slot = (slot + 1) & (len - 1);
            }
            self.slots[slot] = i as u32 + 1;
        }
    }
}

/// The hash a term is placed by: FxHash over its bytes, whose high bits are well mixed (the
/// table's slots) and whose low bits pick the part of the index it is merged in.
pub fn term_hash(term: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = super::FxHasher::default();
    h.write(term.as_bytes());
    h.finish()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn add(t: &mut TermTable, term: &str, list: &[(u32, u32)]) {
        t.add(term, term_hash(term), Postings::of(list.to_vec()), 100);
    }

    fn contents(t: &TermTable) -> BTreeMap<&str, &Postings> {
        (0..t.len()).map(|i| (t.term(i), t.postings(i))).collect()
    }

    #[test]
    fn a_term_added_again_gets_the_later_postings_appended() {
        let mut t = TermTable::default();
        add(&mut t, "bridge", &[(0, 1)]);
        add(&mut t, "vote", &[(1, 8)]);
        add(&mut t, "bridge", &[(2, 3), (5, 1)]);
        add(&mut t, "", &[(6, 1)]);
        assert_eq!(t.len(), 3);
        assert_eq!(t.term(0), "bridge");
        assert_eq!(t.postings(0), &Postings { df: 3, list: vec![(0, 1), (2, 3), (5, 1)] });
        assert_eq!(t.term(1), "vote");
        assert_eq!(t.term(2), "");
    }

    #[test]
    fn many_terms_are_each_found_after_the_table_grows() {
        let mut t = TermTable::default();
        let words: Vec<String> = (0..5000).map(|i| format!("w{i}é")).collect();
        for (r, w) in words.iter().enumerate() {
            add(&mut t, w, &[(r as u32, 1)]);
        }
        for (r, w) in words.iter().enumerate().step_by(7) {
            add(&mut t, w, &[(10_000 + r as u32, 2)]);
        }
        assert_eq!(t.len(), words.len());
        assert!(t.slots.len() * 3 >= t.len() * 4, "at most three quarters full");
        for (i, w) in words.iter().enumerate() {
            assert_eq!(t.term(i), w);
            let df = if i % 7 == 0 { 2 } else { 1 };
            assert_eq!(t.postings(i).df, df, "{w}");
        }
    }

    #[test]
    fn moving_a_table_into_another_is_adding_its_terms_in_order() {
        let mut a = TermTable::default();
        add(&mut a, "bridge", &[(0, 1)]);
        add(&mut a, "vote", &[(1, 1)]);
        let mut b = TermTable::default();
        add(&mut b, "vote", &[(2, 4)]);
        add(&mut b, "port", &[(3, 1)]);
        b.move_into(&mut a, 100);
        let mut expected = TermTable::default();
        for (term, list) in [("bridge", &[(0, 1)][..]), ("vote", &[(1, 1), (2, 4)]), ("port", &[(3, 1)])] {
            add(&mut expected, term, list);
        }
        assert_eq!(contents(&a), contents(&expected));
        assert_eq!((0..a.len()).map(|i| a.term(i)).collect::<Vec<_>>(), ["bridge", "vote", "port"]);
    }
}
