//! What the alias automaton found in each brief's title and text (each entity with how many
//! times), by a key hashing the aliases it looked for, the title and the text
//! (`link::mention_key`). The build driver keeps the table in the build cache
//! (`build::mentions`), so that a build from the caches scans again only the briefs whose
//! title or text changed, or every brief when an alias did. A found list whose entity numbers
//! do not fit the registry is not used.

use std::collections::HashMap;

/// What the automaton found in one brief: each entity (its number) with how many times.
pub type Found = Vec<(u32, u32)>;

/// What the automaton found in briefs, by the key of what it read.
#[derive(Debug, Default, PartialEq)]
pub struct KnownMentions(HashMap<u128, Found>);

impl KnownMentions {
    /// What was found in the title and text `key` stands for.
    pub fn get(&self, key: u128) -> Option<&[(u32, u32)]> {
        self.0.get(&key).map(Vec::as_slice)
    }

    /// The table of what a build `found`; `None` when it is this one (nothing to keep anew).
    pub fn again(&self, found: impl Iterator<Item = (u128, Found)>) -> Option<KnownMentions> {
        let table: KnownMentions = found.collect();
        (table != *self).then_some(table)
    }

    /// Every key with what was found, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (u128, &[(u32, u32)])> {
        self.0.iter().map(|(k, f)| (*k, f.as_slice()))
    }
}

impl FromIterator<(u128, Found)> for KnownMentions {
    fn from_iter<I: IntoIterator<Item = (u128, Found)>>(iter: I) -> Self {
        KnownMentions(iter.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_is_new_only_when_something_found_differs() {
        let table: KnownMentions = [(1, vec![(0, 2)]), (2, vec![])].into_iter().collect();
        assert_eq!(table.again([(2, vec![]), (1, vec![(0, 2)])].into_iter()), None);
        let changed = table.again([(1, vec![(0, 3)]), (2, vec![])].into_iter());
        assert_eq!(changed, Some([(1, vec![(0, 3)]), (2, vec![])].into_iter().collect()));
        assert!(table.again([(1, vec![(0, 2)])].into_iter()).is_some(), "a brief gone");
    }
}
