//! Edit distance (Levenshtein, in characters) by Myers' bit-parallel algorithm: a text of n
//! characters against a pattern of m in n·⌈m/64⌉ word operations instead of n·m cells
//! (G. Myers, "A fast bit-vector algorithm for approximate string matching based on dynamic
//! programming", J. ACM 46(3), 1999, with blocks of 64 rows). Anchoring compares one quote
//! with many passages of its article, so the pattern is prepared once ([`Pattern`]).

use std::collections::HashMap;

/// A text prepared to be compared with others: for each of its characters, the rows where it
/// stands, as bit masks of 64 rows a block.
#[derive(Clone, Debug)]
pub struct Pattern {
    /// Characters in the pattern.
    len: usize,
    blocks: usize,
    /// `blocks` masks per ASCII character, one after another.
    ascii: Vec<u64>,
    other: HashMap<char, Vec<u64>>,
}

impl Pattern {
    pub fn new(pattern: &str) -> Self {
        let len = pattern.chars().count();
        let blocks = len.div_ceil(64).max(1);
        let mut p = Pattern { len, blocks, ascii: vec![0; 128 * blocks], other: HashMap::new() };
        for (row, c) in pattern.chars().enumerate() {
            let bit = 1u64 << (row % 64);
            let block = row / 64;
            if c.is_ascii() {
                p.ascii[c as usize * blocks + block] |= bit;
            } else {
                p.other.entry(c).or_insert_with(|| vec![0; blocks])[block] |= bit;
            }
        }
        p
    }

    /// The pattern's length in characters.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The rows of character `c`, per block; `None` when the pattern does not have it.
    fn rows(&self, c: char) -> Option<&[u64]> {
        if c.is_ascii() {
            let at = c as usize * self.blocks;
            Some(&self.ascii[at..at + self.blocks])
        } else {
            self.other.get(&c).map(Vec::as_slice)
        }
    }

    /// The edit distance between the pattern and `text`, in characters.
    pub fn distance(&self, text: &str) -> usize {
        if self.len == 0 {
            return text.chars().count();
        }
        // The vertical differences of the current column, +1 (`pv`) or −1 (`mv`) per row:
        // the first column is 0, 1, 2, …, m.
        let mut pv = vec![!0u64; self.blocks];
        let mut mv = vec![0u64; self.blocks];
        let last = 1u64 << ((self.len - 1) % 64);
        let mut score = self.len as isize;
        for c in text.chars() {
            let rows = self.rows(c);
            // The first row is 0, 1, 2, …: each column adds one at the top.
            let mut carry = 1;
            for b in 0..self.blocks {
                let eq = rows.map_or(0, |r| r[b]);
                let high = if b + 1 == self.blocks { last } else { 1 << 63 };
                carry = advance(&mut pv[b], &mut mv[b], eq, carry, high);
            }
            score += carry as isize;
        }
        score as usize
    }

    /// The edit distance between the pattern and `text` when it is at most `max`, else
    /// `None`: the comparison stops once the characters left cannot bring it down to `max`.
    /// `text_len` is `text`'s length in characters.
    pub fn distance_within(&self, text: &str, text_len: usize, max: usize) -> Option<usize> {
        if self.blocks > 1 || self.len == 0 {
            return Some(self.distance(text)).filter(|&d| d <= max);
        }
        // One block, in registers: an id, a path, a key.
        let (mut pv, mut mv) = (!0u64, 0u64);
        let last = 1u64 << (self.len - 1);
        let mut score = self.len;
        for (i, c) in text.chars().enumerate() {
            let eq = self.rows(c).map_or(0, |r| r[0]);
            match advance(&mut pv, &mut mv, eq, 1, last) {
                1 => score += 1,
                -1 => score -= 1,
                _ => {}
            }
            // Each character left lowers the score by one at most.
            if score > max + (text_len - i - 1) {
                return None;
            }
        }
        Some(score)
    }
}

/// One block of 64 rows moves to the next column: `hin` is the horizontal difference at the
/// row above the block, and the one at its `high` row (its last) is returned.
fn advance(pv: &mut u64, mv: &mut u64, eq: u64, hin: i8, high: u64) -> i8 {
    let xv = eq | *mv;
    let eq = if hin < 0 { eq | 1 } else { eq };
    let xh = ((eq & *pv).wrapping_add(*pv) ^ *pv) | eq;
    let mut ph = *mv | !(xh | *pv);
    let mut mh = *pv & xh;
    let hout = if ph & high != 0 {
        1
    } else if mh & high != 0 {
        -1
    } else {
        0
    };
    ph <<= 1;
    mh <<= 1;
    if hin < 0 {
        mh |= 1;
    } else if hin > 0 {
        ph |= 1;
    }
    *pv = mh | !(xv | ph);
    *mv = ph & xv;
    hout
}

/// The edit distance of two texts, in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    Pattern::new(short).distance(long)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The textbook dynamic programme, one row at a time: the oracle.
    fn levenshtein(a: &str, b: &str) -> usize {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.iter().enumerate() {
            let mut diagonal = row[0];
            row[0] = i + 1;
            for (j, cb) in b.iter().enumerate() {
                let substitute = diagonal + usize::from(ca != cb);
                diagonal = row[j + 1];
                row[j + 1] = substitute.min(diagonal + 1).min(row[j] + 1);
            }
        }
        row[b.len()]
    }

    #[test]
    fn known_distances() {
        for (a, b, d) in [
            ("kitten", "sitting", 3),
            ("", "abc", 3),
            ("abc", "", 3),
            ("", "", 0),
            ("flaw", "lawn", 2),
            ("Zürich", "Zurich", 1),
            ("كتاب", "الكتاب", 2),
        ] {
            assert_eq!(edit_distance(a, b), d, "{a:?} {b:?}");
            assert_eq!(edit_distance(b, a), d, "{b:?} {a:?}");
        }
    }

    #[test]
    fn agrees_with_the_dynamic_programme_across_blocks() {
        // A small deterministic generator: texts of 0 to 200 characters (up to four blocks)
        // over a few letters, so that matches are frequent, with some non-ASCII ones.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let alphabet: Vec<char> = "abcé ".chars().collect();
        let mut text = |n: usize| -> String { (0..n).map(|_| alphabet[(next() % 5) as usize]).collect() };
        for round in 0..400 {
            let (m, n) = ((round * 7) % 201, (round * 13) % 197);
            let (a, b) = (text(m), text(n));
            assert_eq!(Pattern::new(&a).distance(&b), levenshtein(&a, &b), "{a:?} {b:?}");
            let (d, pattern) = (levenshtein(&a, &b), Pattern::new(&a));
            for max in [0, 1, 3, 10, 80] {
                let within = pattern.distance_within(&b, b.chars().count(), max);
                assert_eq!(within, (d <= max).then_some(d), "{a:?} {b:?} within {max}");
            }
        }
    }
}
