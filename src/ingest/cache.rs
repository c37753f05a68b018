//! The extraction cache: what extraction made of each seed, kept in
//! `.briefgen-cache/extract/<seed id>.json` under the site root so that a full build extracts
//! again only the seeds that changed. Extraction is the costliest part of reading a site
//! (saved HTML above all) and depends on nothing but the seed, which makes it safe to keep.
//!
//! Never stale: an entry is used only when its key matches, and the key is a hash of the
//! seed's path and text together with the build of briefgen that made it (its version, the
//! size and modification time of its executable, its features). Any new build of the binary
//! therefore starts afresh. An unreadable, corrupt or foreign entry is a miss; failures to
//! write are ignored (the cache only saves time). Seeds that fail to extract are never
//! cached, so their diagnostics come back on every build. Entries of seeds that are gone are
//! removed. `check` reads the cache but never writes it.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{Article, Extracted, Format, Seed};
use crate::hash::Fnv;

/// The folder of the cache, under the site root.
pub const DIR: &str = ".briefgen-cache";
/// Bumped when the entry layout changes.
const LAYOUT: &str = "extract-1";

/// How a run uses the cache.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CacheUse {
    /// Extract every seed (`--no-cache`, and library callers unless they ask).
    #[default]
    Off,
    /// Reuse entries, write none (`check`, which writes nothing).
    Read,
    /// Reuse entries, keep what is extracted, remove the entries of deleted seeds.
    ReadWrite,
}

/// The cache of one site.
#[derive(Debug)]
pub struct ExtractCache {
    dir: PathBuf,
    /// The hash of what made the entries: the layout and the binary.
    build: Fnv,
    write: bool,
}

/// An entry as written (`F` = `&Extracted`, nothing copied) and read (`Extracted`).
#[derive(Serialize, Deserialize)]
struct Entry<F> {
    key: String,
    format: Format,
    fields: F,
}

impl ExtractCache {
    /// The cache under `root`, keyed to this build of briefgen; `None` when it is off or the
    /// build cannot be told apart from another (no executable to look at).
    pub fn open(root: &Path, how: CacheUse) -> Option<Self> {
        if how == CacheUse::Off {
            return None;
        }
        let mut cache = ExtractCache::with_build(root, &binary_stamp()?);
        cache.write = how == CacheUse::ReadWrite;
        Some(cache)
    }

    /// The cache under `root` for a build described by `stamp`, written to.
    fn with_build(root: &Path, stamp: &str) -> Self {
        let mut build = Fnv::new();
        build.field(LAYOUT.as_bytes());
        build.field(stamp.as_bytes());
        ExtractCache { dir: root.join(DIR).join("extract"), build, write: true }
    }

    /// What extraction makes of `seed`: from the cache when it has it, else extracted (and
    /// kept when the cache is written).
    pub fn extract(&self, seed: &Seed) -> Result<Article, crate::diag::Diagnostic> {
        let key = self.key(seed);
        if let Some(hit) = self.hit(seed, &key) {
            return Ok(hit);
        }
        let made = super::extract(seed);
        if let Ok(a) = &made {
            self.keep(seed, key, a);
        }
        made
    }

    fn key(&self, seed: &Seed) -> String {
        let mut h = self.build;
        h.field(seed.path.to_string_lossy().as_bytes());
        h.field(seed.text.as_bytes());
        format!("{:016x}", h.0)
    }

    fn entry_path(&self, seed: &Seed) -> PathBuf {
        self.dir.join(format!("{}.json", seed.id))
    }

    /// The article extracted from `seed` by an earlier build, if its entry still has `key`,
    /// the seed's key: what extraction makes of it is the same.
    fn hit(&self, seed: &Seed, key: &str) -> Option<Article> {
        let bytes = fs::read(self.entry_path(seed)).ok()?;
        let entry: Entry<Extracted> = serde_json::from_slice(&bytes).ok()?;
        (entry.key == key).then(|| Article {
            seed_id: seed.id.clone(),
            source: seed.path.clone(),
            format: entry.format,
            fields: entry.fields,
        })
    }

    /// Keeps what extraction made of `seed` under `key`, the seed's key, when the cache is
    /// written. Written to a temporary file and renamed, so a concurrent build reads the old
    /// entry or the new one, never half of one.
    fn keep(&self, seed: &Seed, key: String, article: &Article) {
        if !self.write {
            return;
        }
        let entry = Entry { key, format: article.format, fields: &article.fields };
        let Ok(json) = serde_json::to_vec(&entry) else { return };
        let path = self.entry_path(seed);
        let tmp = self.dir.join(format!(".{}.{}.tmp", seed.id, std::process::id()));
        let written = fs::create_dir_all(&self.dir).and_then(|()| fs::write(&tmp, json));
        if written.and_then(|()| fs::rename(&tmp, &path)).is_err() {
            let _ = fs::remove_file(&tmp);
        }
    }

    /// Removes the entries of seeds that are not among `ids`, and temporary files an
    /// interrupted build left (over an hour old: a younger one may be another build's).
    pub fn retain(&self, ids: &BTreeSet<&str>) {
        if !self.write {
            return;
        }
        let Ok(dir) = fs::read_dir(&self.dir) else { return };
        for entry in dir.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let keep = if name.ends_with(".tmp") {
                !is_stale(&entry)
            } else {
                name.strip_suffix(".json").is_some_and(|id| ids.contains(id))
            };
            if !keep {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

/// Whether a file was last written over an hour ago.
fn is_stale(entry: &fs::DirEntry) -> bool {
    let age = entry.metadata().and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok());
    age.is_some_and(|a| a > std::time::Duration::from_secs(3600))
}

/// What tells this build of briefgen from any other: its version and features, and the size
/// and modification time of its executable (a rebuilt binary has new ones).
fn binary_stamp() -> Option<String> {
    let exe = std::env::current_exe().ok()?;
    let meta = fs::metadata(exe).ok()?;
    let modified = meta.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?;
    Some(format!(
        "{} html={} {} {}",
        env!("CARGO_PKG_VERSION"),
        cfg!(feature = "html"),
        meta.len(),
        modified.as_nanos()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    impl ExtractCache {
        fn get(&self, seed: &Seed) -> Option<Article> {
            self.hit(seed, &self.key(seed))
        }

        fn put(&self, seed: &Seed, article: &Article) {
            self.keep(seed, self.key(seed), article);
        }
    }

    fn seed(id: &str, text: &str) -> Seed {
        Seed { id: id.into(), path: PathBuf::from(format!("seeds/{id}.txt")), text: text.into() }
    }

    fn article(s: &Seed) -> Article {
        super::super::extract(s).expect("the seed extracts")
    }

    const TEXT: &str =
        "Bridge reopens\n\nThe bridge reopened on Monday after two years of repairs, the city said in a statement.\n";

    #[test]
    fn an_entry_is_used_only_for_the_same_seed_and_build() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = ExtractCache::with_build(tmp.path(), "build 1");
        let s = seed("a", TEXT);
        assert!(cache.get(&s).is_none(), "empty cache");
        let a = article(&s);
        cache.put(&s, &a);
        let hit = cache.get(&s).expect("a hit");
        assert_eq!((hit.fields, hit.format, hit.source), (a.fields, a.format, a.source));
        let edited = seed("a", &TEXT.replace("Monday", "Tuesday"));
        assert!(cache.get(&edited).is_none(), "an edited seed misses");
        assert!(ExtractCache::with_build(tmp.path(), "build 2").get(&s).is_none(), "another build misses");
    }

    #[test]
    fn corrupt_entries_miss_and_gone_seeds_are_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = ExtractCache::with_build(tmp.path(), "b");
        let (a, b) = (seed("a", TEXT), seed("b", TEXT));
        cache.put(&a, &article(&a));
        cache.put(&b, &article(&b));
        fs::write(cache.entry_path(&a), "{not json").unwrap();
        assert!(cache.get(&a).is_none());
        let fresh = cache.dir.join(".a.1.tmp");
        fs::write(&fresh, "being written").unwrap();
        let stale = cache.dir.join(".b.2.tmp");
        fs::File::create(&stale)
            .unwrap()
            .set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(7200))
            .unwrap();
        cache.retain(&BTreeSet::from(["a"]));
        assert!(cache.entry_path(&a).exists());
        assert!(!cache.entry_path(&b).exists());
        assert!(fresh.exists(), "another build may be writing it");
        assert!(!stale.exists(), "left by an interrupted build");
    }
}
