//! The extraction cache: what extraction made of each seed, kept in
//! `.briefgen-cache/extract/<seed id>.json` under the site root (a [`Store`]) so that a full
//! build extracts again only the seeds that changed. Extraction is the costliest part of
//! reading a site (saved HTML above all) and depends on nothing but the seed, which makes it
//! safe to keep. An entry's key hashes the seed's path and text (and, as every entry's, the
//! build of briefgen). Seeds that fail to extract are never cached, so their diagnostics come
//! back on every build. Entries of seeds that are gone are removed.

use std::collections::BTreeSet;
use std::path::Path;

use super::Seed;
use crate::cache::{CacheUse, Store};
use crate::model::{Article, Extracted, SeedFormat};

/// Bumped when the entry layout changes.
const LAYOUT: &str = "extract-2";

/// The extraction cache of one site.
#[derive(Debug)]
pub struct ExtractCache(Store);

impl ExtractCache {
    /// The cache under `root`; `None` when it is off ([`Store::open`]).
    pub fn open(root: &Path, how: CacheUse) -> Option<Self> {
        Store::open(root, how, "extract", LAYOUT).map(ExtractCache)
    }

    /// What extraction makes of `seed`: from the cache when it has it, else extracted (and
    /// kept when the cache is written).
    pub fn extract(&self, seed: &Seed) -> Result<Article, Vec<crate::diag::Diagnostic>> {
        let key = self.key(seed);
        if let Some((format, fields)) = self.0.get::<(SeedFormat, Extracted)>(&seed.id, &key) {
            return Ok(Article::new(seed.id.clone(), seed.path.clone(), format, fields));
        }
        let made = super::extract(seed);
        if let Ok(a) = &made {
            self.0.put(&seed.id, key, &(a.format, &a.fields));
        }
        made
    }

    fn key(&self, seed: &Seed) -> String {
        self.0.key(&[seed.path.to_string_lossy().as_bytes(), seed.text.as_bytes()])
    }

    /// Removes the entries of seeds that are not among `ids`.
    pub fn retain(&self, ids: &BTreeSet<&str>) {
        self.0.retain(ids);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str =
        "Bridge reopens\n\nThe bridge reopened on Monday after two years of repairs, the city said in a statement.\n";

    #[test]
    fn a_cached_article_equals_the_extracted_one_and_an_edit_misses() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = ExtractCache(Store::with_build(tmp.path(), "extract", "build 1"));
        let seed = |text: &str| Seed { id: "a".into(), path: "seeds/a.txt".into(), text: text.into() };
        let made = cache.extract(&seed(TEXT)).expect("the seed extracts");
        let key = cache.key(&seed(TEXT));
        let (format, fields) = cache.0.get::<(SeedFormat, Extracted)>("a", &key).expect("kept");
        assert_eq!((format, &fields), (made.format, &made.fields));
        let hit = cache.extract(&seed(TEXT)).unwrap();
        assert_eq!((hit.fields, hit.format, hit.source), (made.fields, made.format, made.source));
        let edited = seed(&TEXT.replace("Monday", "Tuesday"));
        assert!(cache.0.get::<(SeedFormat, Extracted)>("a", &cache.key(&edited)).is_none(), "an edited seed misses");
    }
}
