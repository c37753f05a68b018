//! The page store: the pages the last build placed, by what each was made from, in the build
//! cache (`.briefgen-cache/pages/<build>/`), so that a build into a new output folder — a
//! fresh checkout with the cache restored, what a publishing workflow does — places an
//! unchanged page from the store instead of rendering it ([`super::DirSink`]'s `keep`).
//!
//! An entry is named by the page's digest (its template context and templates, see
//! `render::digest`) and the digest of its bytes, and is used only when its bytes hash to the
//! latter: it is read, checked and written into the output as a new file, never trusted and
//! never linked into the output. A page the build places is added by a hard link to its new
//! file in the output (a copy when the cache is on another file system); a file of the output
//! is never written into, so the entry keeps its bytes, and if anything else writes into it,
//! the check finds out. Entries are kept for the build of briefgen that made them (a folder
//! per build); once a build is done, the entries it did not place and other builds' folders
//! are removed ([`PageStore::retain_placed`]).

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::manifest::digest_bytes;

/// The page store of one site, for this build of briefgen.
#[derive(Debug)]
pub struct PageStore {
    /// The folder of all builds' stores.
    root: PathBuf,
    /// This build's folder.
    dir: PathBuf,
    /// The entries there when the build began: page digest → bytes digest.
    entries: HashMap<u128, u128>,
    /// The page digests placed by this build (kept, added or already there).
    placed: Mutex<HashSet<u128>>,
}

impl PageStore {
    /// The store under `cache_dir` (the site's `.briefgen-cache/`) for the build of briefgen
    /// named `build`, with the entries it holds.
    pub fn open(cache_dir: &Path, build: &str) -> Self {
        let root = cache_dir.join("pages");
        let dir = root.join(build);
        let entries = fs::read_dir(&dir)
            .map(|d| d.flatten().filter_map(|e| parse_name(&e.file_name().to_string_lossy())).collect())
            .unwrap_or_default();
        PageStore { root, dir, entries, placed: Mutex::new(HashSet::new()) }
    }

    /// How many entries the store began with.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The bytes of the page made from `made_from`, if the store has it and its bytes are
    /// still the ones it was named for.
    pub fn get(&self, made_from: u128) -> Option<Vec<u8>> {
        let digest = *self.entries.get(&made_from)?;
        let path = self.dir.join(name(made_from, digest));
        let meta = fs::symlink_metadata(&path).ok().filter(fs::Metadata::is_file)?;
        let bytes = fs::read(&path).ok().filter(|b| b.len() as u64 == meta.len())?;
        (digest_bytes(&bytes) == digest).then_some(bytes)
    }

    /// Records that the page made from `made_from`, whose bytes hash to `digest`, is placed at
    /// `file` in the output; adds it to the store unless it is there.
    pub fn add(&self, made_from: u128, digest: u128, file: &Path) {
        self.placed.lock().unwrap_or_else(|e| e.into_inner()).insert(made_from);
        if self.entries.get(&made_from) == Some(&digest) {
            return;
        }
        let path = self.dir.join(name(made_from, digest));
        if fs::hard_link(file, &path).is_ok() || path.is_file() {
            return;
        }
        if fs::create_dir_all(&self.dir).is_ok() && fs::hard_link(file, &path).is_err() {
            // Another file system: a copy, written beside and renamed into place.
            let tmp = self.dir.join(format!(".{}.{}.tmp", name(made_from, digest), std::process::id()));
            if fs::copy(file, &tmp).and_then(|_| fs::rename(&tmp, &path)).is_err() {
                let _ = fs::remove_file(&tmp);
            }
        }
    }

    /// Removes the entries this build did not place, and the folders of other builds.
    pub fn retain_placed(self) {
        let placed = self.placed.into_inner().unwrap_or_else(|e| e.into_inner());
        if let Ok(dir) = fs::read_dir(&self.dir) {
            for entry in dir.flatten() {
                let keep = parse_name(&entry.file_name().to_string_lossy()).is_some_and(|(p, _)| placed.contains(&p));
                if !keep {
                    let _ = fs::remove_file(entry.path());
                }
            }
        }
        if let Ok(builds) = fs::read_dir(&self.root) {
            for other in builds.flatten().filter(|e| e.path() != self.dir) {
                let _ = super::tree::remove_tree(&other.path());
            }
        }
    }
}

/// An entry's file name: the page digest and the bytes digest, in hex.
fn name(made_from: u128, digest: u128) -> String {
    format!("{made_from:032x}-{digest:032x}")
}

fn parse_name(name: &str) -> Option<(u128, u128)> {
    let (a, b) = name.split_once('-')?;
    if a.len() != 32 || b.len() != 32 {
        return None;
    }
    Some((u128::from_str_radix(a, 16).ok()?, u128::from_str_radix(b, 16).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn a_placed_page_is_found_by_its_digest_in_the_next_build() {
        let tmp = tempfile::tempdir().unwrap();
        let out = page(tmp.path(), "a.html", "<p>a</p>");
        let store = PageStore::open(tmp.path(), "b1");
        assert_eq!(store.get(7), None);
        store.add(7, digest_bytes(b"<p>a</p>"), &out);
        store.retain_placed();
        let again = PageStore::open(tmp.path(), "b1");
        assert_eq!(again.get(7).as_deref(), Some(&b"<p>a</p>"[..]));
        assert_eq!(again.get(8), None);
        assert_eq!(PageStore::open(tmp.path(), "b2").get(7), None, "another build of briefgen");
    }

    #[test]
    fn an_entry_whose_bytes_changed_is_not_used() {
        let tmp = tempfile::tempdir().unwrap();
        let out = page(tmp.path(), "a.html", "<p>a</p>");
        let store = PageStore::open(tmp.path(), "b1");
        store.add(7, digest_bytes(b"<p>a</p>"), &out);
        store.retain_placed();
        // The output file is the entry (a hard link): written into, both change.
        fs::OpenOptions::new().append(true).open(&out).unwrap().write_all(b"!").unwrap();
        assert_eq!(PageStore::open(tmp.path(), "b1").get(7), None);
    }

    #[test]
    fn entries_not_placed_and_other_builds_are_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (page(tmp.path(), "a.html", "a"), page(tmp.path(), "b.html", "b"));
        let old = PageStore::open(tmp.path(), "b0");
        old.add(1, digest_bytes(b"a"), &a);
        old.retain_placed();
        let first = PageStore::open(tmp.path(), "b1");
        first.add(1, digest_bytes(b"a"), &a);
        first.add(2, digest_bytes(b"b"), &b);
        first.retain_placed();
        assert!(!tmp.path().join("pages/b0").exists());
        let second = PageStore::open(tmp.path(), "b1");
        assert_eq!(second.len(), 2);
        second.add(2, digest_bytes(b"b"), &b);
        second.retain_placed();
        let third = PageStore::open(tmp.path(), "b1");
        assert_eq!((third.len(), third.get(1), third.get(2).as_deref()), (1, None, Some(&b"b"[..])));
    }

    use std::io::Write as _;
}
