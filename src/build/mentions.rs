//! The mentions table of the build cache (`link::KnownMentions`), kept in
//! `.briefgen-cache/mentions/mentions.json` (a [`Store`]): one entry for the site, written
//! when what a build found differs from what it read. Finding mentions in every article was
//! about a fifth of a build from the caches (bench/README.md).

use std::collections::BTreeSet;
use std::path::Path;

use crate::cache::{CacheUse, Store};
use crate::link::{Found, KnownMentions};

/// Bumped when the entry layout changes.
const LAYOUT: &str = "mentions-1";
/// The table's one entry.
const NAME: &str = "mentions";

/// A row of the kept table: the key as two numbers (JSON numbers past 64 bits are not read
/// back everywhere), then what was found.
type Row<F> = (u64, u64, F);

/// The mentions table of one site's cache.
#[derive(Debug)]
pub struct MentionCache(Store);

impl MentionCache {
    /// The cache under `root`; `None` when it is off ([`Store::open`]).
    pub fn open(root: &Path, how: CacheUse) -> Option<Self> {
        Store::open(root, how, "mentions", LAYOUT).map(MentionCache)
    }

    /// The table kept by the last build of this briefgen, or an empty one.
    pub fn load(&self) -> KnownMentions {
        let rows: Vec<Row<Found>> = self.0.get(NAME, &self.0.key(&[])).unwrap_or_default();
        rows.into_iter().map(|(hi, lo, found)| ((u128::from(hi) << 64) | u128::from(lo), found)).collect()
    }

    /// Keeps `table` for the next build (when the cache is written).
    pub fn save(&self, table: &KnownMentions) {
        let mut rows: Vec<Row<&[(u32, u32)]>> =
            table.iter().map(|(k, found)| ((k >> 64) as u64, k as u64, found)).collect();
        rows.sort_unstable_by_key(|r| (r.0, r.1));
        self.0.put(NAME, self.0.key(&[]), &rows);
        self.0.retain(&BTreeSet::from([NAME]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_is_read_back_as_kept_and_only_by_the_same_build() {
        let dir = tempfile::tempdir().unwrap();
        let table: KnownMentions = [(u128::MAX - 5, vec![(0, 2), (7, 1)]), (3, vec![])].into_iter().collect();
        let cache = MentionCache(Store::with_build(dir.path(), "mentions", "a"));
        assert_eq!(cache.load(), KnownMentions::default(), "nothing kept yet");
        cache.save(&table);
        assert_eq!(cache.load(), table);
        let other = MentionCache(Store::with_build(dir.path(), "mentions", "b"));
        assert_eq!(other.load(), KnownMentions::default(), "another build's table is not read");
    }
}
