//! The page store: the pages the last build placed, by what each was made from, in the build
//! cache (`.briefgen-cache/pages/<build>/`), so that a build into a new output folder — a
//! fresh checkout with the cache restored, what a publishing workflow does — places an
//! unchanged page from the store instead of rendering it ([`super::DirSink`]'s `keep`).
//!
//! An entry is named by the page's digest (its template context and templates, see
//! `render::digest`) and the digest of its bytes. It is added as a hard link to the page's new
//! file in the output (a copy when the cache is on another file system); files of the output
//! are never written into, so the entry keeps its bytes. The store's index records each entry
//! as the file system describes it (as the output manifest does, [`FileId`]): an entry that is
//! still that file is linked into the new output folder without being read; any other (a
//! restored cache, a touched file) is read, and linked only if its bytes hash to its name; it
//! is trusted from then on. Entries are kept for the build of briefgen that made them (a folder
//! per build); once a build is done, the entries it did not place and other builds' folders
//! are removed ([`PageStore::retain_placed`]).

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::file_id::{FileId, digest_bytes};
use crate::hash::{halves, whole};

/// The index of a store, in its folder.
const INDEX: &str = "index.json";

/// The page store of one site, for this build of briefgen.
#[derive(Debug)]
pub struct PageStore {
    /// The folder of all builds' stores.
    root: PathBuf,
    /// This build's folder.
    dir: PathBuf,
    /// The entries there when the build began, by page digest.
    entries: HashMap<u128, Entry>,
    /// The pages placed by this build (kept, added or already there), by page digest.
    placed: Mutex<HashMap<u128, Entry>>,
}

/// An entry: its bytes' digest, and the file as the index recorded it, when it did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Entry {
    digest: u128,
    file: Option<FileId>,
}

/// A page found in the store: its entry, to be linked into the output, what the file system
/// says of it, and the digest of its bytes.
#[derive(Debug)]
pub struct Stored {
    pub path: PathBuf,
    pub meta: fs::Metadata,
    pub digest: u128,
}

impl PageStore {
    /// The store under `cache_dir` (the site's `.briefgen-cache/`) for the build of briefgen
    /// named `build`, with the entries it holds.
    pub fn open(cache_dir: &Path, build: &str) -> Self {
        let root = cache_dir.join("pages");
        let dir = root.join(build);
        let index: HashMap<u128, (u128, FileId)> = fs::read(dir.join(INDEX))
            .ok()
            .and_then(|b| serde_json::from_slice::<Vec<([u64; 2], [u64; 2], FileId)>>(&b).ok())
            .map(|v| v.into_iter().map(|(p, d, f)| (whole(p), (whole(d), f))).collect())
            .unwrap_or_default();
        let entries = fs::read_dir(&dir)
            .map(|d| {
                d.flatten()
                    .filter_map(|e| parse_name(&e.file_name().to_string_lossy()))
                    .map(|(page, digest)| {
                        let file = index.get(&page).filter(|(d, _)| *d == digest).map(|(_, f)| *f);
                        (page, Entry { digest, file })
                    })
                    .collect()
            })
            .unwrap_or_default();
        PageStore { root, dir, entries, placed: Mutex::new(HashMap::new()) }
    }

    /// How many entries the store began with.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The page made from `made_from`, if the store has it: its entry, while it is the file
    /// the index describes (or the one this build checked), else once its bytes are read and
    /// found to be the ones it was named for (a restored cache: each entry read once).
    pub fn get(&self, made_from: u128) -> Option<Stored> {
        let entry = *self.entries.get(&made_from)?;
        let path = self.dir.join(name(made_from, entry.digest));
        let meta = fs::symlink_metadata(&path).ok().filter(fs::Metadata::is_file)?;
        let found = Entry { digest: entry.digest, file: Some(FileId::of(&meta)) };
        // Asked for twice in a build: a file kept with others (see `Sink::has`).
        if entry.file != found.file && !self.checked(made_from, found) {
            let bytes = fs::read(&path).ok().filter(|b| b.len() as u64 == meta.len())?;
            if digest_bytes(&bytes) != entry.digest {
                let _ = fs::remove_file(&path);
                return None;
            }
            self.note(made_from, found);
        }
        Some(Stored { path, meta, digest: entry.digest })
    }

    /// Records that the page made from `made_from`, whose bytes hash to `digest`, is placed at
    /// `file` in the output; adds it to the store (a hard link to `file`) unless it is there.
    pub fn add(&self, made_from: u128, digest: u128, file: &Path) {
        let path = self.dir.join(name(made_from, digest));
        let linked = match fs::hard_link(file, &path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                fs::create_dir_all(&self.dir).and_then(|()| fs::hard_link(file, &path))
            }
            other => other,
        };
        let entry = match linked {
            Ok(()) => Entry { digest, file: fs::symlink_metadata(&path).ok().map(|m| FileId::of(&m)) },
            // There already: as the index or a read this build described it.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let known = self.entries.get(&made_from).filter(|e| e.digest == digest);
                Entry { digest, file: known.and_then(|e| e.file) }
            }
            // Another file system: a copy, written beside and renamed into place, read before
            // it is used.
            Err(_) => {
                let tmp = self.dir.join(format!(".{}.{}.tmp", name(made_from, digest), std::process::id()));
                let copied = crate::cache::create_new(&tmp)
                    .and_then(|mut to| std::io::copy(&mut fs::File::open(file)?, &mut to))
                    .and_then(|_| fs::rename(&tmp, &path));
                if copied.is_err() {
                    let _ = fs::remove_file(&tmp);
                }
                Entry { digest, file: None }
            }
        };
        self.note(made_from, entry);
    }

    /// Whether this build has read the entry made from `made_from` and found it to be `entry`.
    fn checked(&self, made_from: u128, entry: Entry) -> bool {
        self.placed.lock().unwrap_or_else(|e| e.into_inner()).get(&made_from) == Some(&entry)
    }

    /// Notes a placed page, keeping a description of its file already noted.
    fn note(&self, made_from: u128, entry: Entry) {
        let mut placed = self.placed.lock().unwrap_or_else(|e| e.into_inner());
        let noted = placed.entry(made_from).or_insert(entry);
        if noted.digest != entry.digest || noted.file.is_none() {
            *noted = entry;
        }
    }

    /// Removes the entries this build did not place and the folders of other builds, and
    /// keeps the index of the entries it placed: as the file system describes them, but for
    /// files modified at or after `fence` (read in full next time, as the output manifest's
    /// "racily clean" files are).
    pub fn retain_placed(self, fence: Option<&fs::Metadata>) {
        let placed = self.placed.into_inner().unwrap_or_else(|e| e.into_inner());
        if let Ok(dir) = fs::read_dir(&self.dir) {
            for entry in dir.flatten() {
                let name = entry.file_name();
                let keep = parse_name(&name.to_string_lossy())
                    .is_some_and(|(p, d)| placed.get(&p).is_some_and(|e| e.digest == d));
                if !keep && name != INDEX {
                    let _ = fs::remove_file(entry.path());
                }
            }
        }
        let fence = fence.map(FileId::of);
        let index: Vec<([u64; 2], [u64; 2], FileId)> = placed
            .iter()
            .filter_map(|(p, e)| Some((halves(*p), halves(e.digest), e.file?)))
            .filter(|(_, _, f)| fence.as_ref().is_none_or(|fence| f.older_than(fence)))
            .collect();
        let tmp = self.dir.join(format!(".{INDEX}.{}.tmp", std::process::id()));
        let _ = crate::cache::replace_with_json(&self.dir.join(INDEX), &tmp, &index);
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
    use std::io::Write as _;

    use super::*;

    fn page(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        fs::write(&path, text).unwrap();
        path
    }

    fn bytes(stored: Option<Stored>) -> Option<Vec<u8>> {
        Some(fs::read(stored?.path).unwrap())
    }

    #[test]
    fn a_placed_page_is_found_by_its_digest_in_the_next_build() {
        let tmp = tempfile::tempdir().unwrap();
        let out = page(tmp.path(), "a.html", "<p>a</p>");
        let store = PageStore::open(tmp.path(), "b1");
        assert!(store.get(7).is_none());
        store.add(7, digest_bytes(b"<p>a</p>"), &out);
        store.retain_placed(None);
        let again = PageStore::open(tmp.path(), "b1");
        assert!(again.get(7).is_some(), "untouched: linked, not read");
        assert_eq!(bytes(again.get(7)).as_deref(), Some(&b"<p>a</p>"[..]));
        assert!(again.get(8).is_none());
        assert!(PageStore::open(tmp.path(), "b2").get(7).is_none(), "another build of briefgen");
    }

    #[test]
    fn an_entry_not_as_the_index_describes_it_is_read_and_checked() {
        let tmp = tempfile::tempdir().unwrap();
        let out = page(tmp.path(), "a.html", "<p>a</p>");
        let store = PageStore::open(tmp.path(), "b1");
        store.add(7, digest_bytes(b"<p>a</p>"), &out);
        store.retain_placed(None);
        // A restored cache: the same bytes, another file.
        let entry = tmp.path().join("pages/b1").join(name(7, digest_bytes(b"<p>a</p>")));
        fs::remove_file(&entry).unwrap();
        fs::write(&entry, "<p>a</p>").unwrap();
        let restored = PageStore::open(tmp.path(), "b1");
        assert_eq!(bytes(restored.get(7)).as_deref(), Some(&b"<p>a</p>"[..]), "read, checked, then linked");
        let found = Entry { digest: digest_bytes(b"<p>a</p>"), file: Some(FileId::of(&fs::metadata(&entry).unwrap())) };
        assert!(restored.checked(7, found), "checked once in a build");
        // Written into (through the output file, its hard link): not used.
        fs::remove_file(&entry).unwrap();
        fs::hard_link(&out, &entry).unwrap();
        fs::OpenOptions::new().append(true).open(&out).unwrap().write_all(b"!").unwrap();
        assert!(PageStore::open(tmp.path(), "b1").get(7).is_none());
    }

    #[test]
    fn entries_not_placed_and_other_builds_are_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (page(tmp.path(), "a.html", "a"), page(tmp.path(), "b.html", "b"));
        let old = PageStore::open(tmp.path(), "b0");
        old.add(1, digest_bytes(b"a"), &a);
        old.retain_placed(None);
        let first = PageStore::open(tmp.path(), "b1");
        first.add(1, digest_bytes(b"a"), &a);
        first.add(2, digest_bytes(b"b"), &b);
        first.retain_placed(None);
        assert!(!tmp.path().join("pages/b0").exists());
        let second = PageStore::open(tmp.path(), "b1");
        assert_eq!(second.len(), 2);
        second.add(2, digest_bytes(b"b"), &b);
        second.retain_placed(None);
        let third = PageStore::open(tmp.path(), "b1");
        assert_eq!((third.len(), bytes(third.get(1)), bytes(third.get(2)).as_deref()), (1, None, Some(&b"b"[..])));
    }
}
