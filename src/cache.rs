//! The build cache: what expensive, pure steps made of an input file, kept in
//! `.briefgen-cache/<kind>/<name>.json` under the site root so that the next full build redoes
//! them only for the files that changed. Three kinds use it: extraction (`ingest::cache`),
//! YAML parsing of annotations (`annotate::parsed`) and the mentions found in each brief
//! (`build::mentions`, one table for the site).
//!
//! Never stale: an entry is used only when its key matches, and a key hashes the inputs the
//! step read together with the layout of its entries and the build of briefgen that made it
//! (its version, the size and modification time of its executable, its features). Any new
//! build of the binary therefore starts afresh. An unreadable, corrupt or foreign entry is a
//! miss; failures to write are ignored (the cache only saves time). `check` reads the cache
//! but never writes it.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::hash::Fnv;

/// Writes `value` as JSON to `tmp` and renames it to `path`, so that a reader finds the old
/// file or the new one, never half of one; on failure, `tmp` is removed. The JSON is written
/// as it is made, never held whole: the output manifest of a site of 100,000 briefs is some
/// 80 MB of it.
pub fn replace_with_json(path: &Path, tmp: &Path, value: &impl Serialize) -> std::io::Result<()> {
    let written = create_new(tmp).and_then(|file| {
        let mut out = std::io::BufWriter::with_capacity(64 * 1024, file);
        serde_json::to_writer(&mut out, value)?;
        out.into_inner().map_err(std::io::IntoInnerError::into_error).map(drop)
    });
    let replaced = written.and_then(|()| fs::rename(tmp, path));
    if replaced.is_err() {
        let _ = fs::remove_file(tmp);
    }
    replaced
}

/// A new file at `path`, in place of whatever was there: a file a build left, or a link,
/// which is removed and never written through.
pub fn create_new(path: &Path) -> std::io::Result<fs::File> {
    let _ = fs::remove_file(path);
    fs::OpenOptions::new().write(true).create_new(true).open(path)
}

/// The folder of the cache, under the site root.
pub const DIR: &str = ".briefgen-cache";

/// The folders of the cache whose entries briefgen lists, and removes when it no longer needs
/// them: the cache itself (its kinds, the lock) and the page store (a folder per build).
const SWEPT: &[&str] = &["", "pages"];

/// Refuses a build cache with a link in it: `.briefgen-cache` itself, or a kind's folder, the
/// lock or a folder of the page store in it. briefgen writes, empties and removes these; through
/// a link it would write to, or delete, whatever the link leads to (a folder of the site, or
/// anywhere on the disk). A link further down is only ever removed, never followed.
pub fn refuse_links(root: &Path) -> anyhow::Result<()> {
    let Some(link) = first_link(root) else { return Ok(()) };
    anyhow::bail!(
        "{} is a link: briefgen writes its build cache there and removes what it no longer needs, so it follows no link in it\nhelp: remove the link (briefgen makes the cache again)",
        crate::diag::display_path(root.join(&link).strip_prefix(".").unwrap_or(&root.join(&link)))
    )
}

/// The first link of those [`refuse_links`] refuses, as a path under the site root.
fn first_link(root: &Path) -> Option<PathBuf> {
    let is_link = |p: &Path| fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink());
    let cache = Path::new(DIR);
    if is_link(&root.join(cache)) {
        return Some(cache.to_path_buf());
    }
    SWEPT.iter().find_map(|sub| {
        let mut names: Vec<_> = fs::read_dir(root.join(cache).join(sub)).ok()?.flatten().collect();
        names.sort_by_key(fs::DirEntry::file_name);
        let link = names.into_iter().find(|e| e.file_type().is_ok_and(|t| t.is_symlink()))?;
        Some(cache.join(sub).join(link.file_name()))
    })
}

/// How a run uses the cache.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CacheUse {
    /// Redo every step (`--no-cache`, and library callers unless they ask).
    #[default]
    Off,
    /// Reuse entries, write none (`check`, which writes nothing).
    Read,
    /// Reuse entries, keep what is made, remove the entries of files that are gone.
    ReadWrite,
}

/// One kind of entries of one site's cache.
#[derive(Debug)]
pub struct Store {
    dir: PathBuf,
    /// The hash of what made the entries: the layout and the binary.
    build: Fnv,
    write: bool,
}

/// An entry as written (`T` borrowed, nothing copied) and read.
#[derive(Serialize, Deserialize)]
struct Entry<T> {
    key: String,
    value: T,
}

impl Store {
    /// The entries of `kind` (a folder name) under `root`, laid out as `layout` says and keyed
    /// to this build of briefgen; `None` when the cache is off or the build cannot be told
    /// apart from another (no executable to look at).
    pub fn open(root: &Path, how: CacheUse, kind: &str, layout: &str) -> Option<Self> {
        if how == CacheUse::Off || first_link(root).is_some() {
            return None;
        }
        let mut store = Store::with_build(root, kind, &format!("{layout} {}", binary_stamp()?));
        store.write = how == CacheUse::ReadWrite;
        Some(store)
    }

    /// The written entries of `kind` under `root` for a build described by `stamp`.
    pub fn with_build(root: &Path, kind: &str, stamp: &str) -> Self {
        let mut build = Fnv::new();
        build.field(stamp.as_bytes());
        Store { dir: root.join(DIR).join(kind), build, write: true }
    }

    /// The key of an entry made from `inputs`, by this build: XXH3-128 of each input with its
    /// length first (every seed of a site is hashed on every build, so the hash must be fast:
    /// FNV-1a, a byte at a time, was 3% of a build from the caches).
    pub fn key(&self, inputs: &[&[u8]]) -> String {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(&self.build.0.to_le_bytes());
        for i in inputs {
            h.update(&(i.len() as u64).to_le_bytes());
            h.update(i);
        }
        format!("{:032x}", h.digest128())
    }

    /// The value kept as `name`, if its entry still has `key`.
    pub fn get<T: DeserializeOwned>(&self, name: &str, key: &str) -> Option<T> {
        let bytes = fs::read(self.entry_path(name)).ok()?;
        let entry: Entry<T> = serde_json::from_slice(&bytes).ok()?;
        (entry.key == key).then_some(entry.value)
    }

    /// Keeps `value` as `name` under `key`, when the cache is written. Written to a temporary
    /// file and renamed, so a concurrent build reads the old entry or the new one, never half
    /// of one.
    pub fn put<T: Serialize>(&self, name: &str, key: String, value: &T) {
        if !self.write {
            return;
        }
        let tmp = self.dir.join(format!(".{name}.{}.tmp", std::process::id()));
        let _ = fs::create_dir_all(&self.dir)
            .and_then(|()| replace_with_json(&self.entry_path(name), &tmp, &Entry { key, value }));
    }

    /// Removes the entries not named in `names`, and temporary files an interrupted build left
    /// (over an hour old: a younger one may be another build's).
    pub fn retain(&self, names: &BTreeSet<&str>) {
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
                name.strip_suffix(".json").is_some_and(|n| names.contains(n))
            };
            if !keep {
                let _ = fs::remove_file(entry.path());
            }
        }
    }

    fn entry_path(&self, name: &str) -> PathBuf {
        self.dir.join(format!("{name}.json"))
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

    fn store(root: &Path, stamp: &str) -> Store {
        Store::with_build(root, "things", stamp)
    }

    #[test]
    fn an_entry_is_used_only_with_the_same_key_and_build() {
        let tmp = tempfile::tempdir().unwrap();
        let s = store(tmp.path(), "build 1");
        let key = s.key(&[b"a.txt", b"text"]);
        assert_eq!(s.get::<String>("a", &key), None, "empty cache");
        s.put("a", key.clone(), &"made".to_owned());
        assert_eq!(s.get::<String>("a", &key).as_deref(), Some("made"));
        assert_eq!(s.get::<String>("a", &s.key(&[b"a.txt", b"text!"])), None, "other inputs miss");
        let other = store(tmp.path(), "build 2");
        assert_eq!(other.get::<String>("a", &other.key(&[b"a.txt", b"text"])), None, "another build misses");
    }

    #[test]
    fn corrupt_entries_miss_and_gone_names_are_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let s = store(tmp.path(), "b");
        let key = s.key(&[b"x"]);
        s.put("a", key.clone(), &1);
        s.put("b", key.clone(), &2);
        fs::write(s.entry_path("a"), "{not json").unwrap();
        assert_eq!(s.get::<i32>("a", &key), None);
        let fresh = s.dir.join(".a.1.tmp");
        fs::write(&fresh, "being written").unwrap();
        let stale = s.dir.join(".b.2.tmp");
        fs::File::create(&stale)
            .unwrap()
            .set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(7200))
            .unwrap();
        s.retain(&BTreeSet::from(["a"]));
        assert!(s.entry_path("a").exists());
        assert!(!s.entry_path("b").exists());
        assert!(fresh.exists(), "another build may be writing it");
        assert!(!stale.exists(), "left by an interrupted build");
    }

    #[cfg(unix)]
    #[test]
    fn nothing_is_written_through_a_link_where_an_entry_is_made() {
        let tmp = tempfile::tempdir().unwrap();
        let s = store(tmp.path(), "b");
        fs::create_dir_all(&s.dir).unwrap();
        let mine = tmp.path().join("mine.txt");
        fs::write(&mine, "precious").unwrap();
        // A link where an entry is written first: an interrupted build's name, or a guessed one.
        let at = s.dir.join(format!(".a.{}.tmp", std::process::id()));
        std::os::unix::fs::symlink(&mine, &at).unwrap();
        s.put("a", s.key(&[]), &1);
        assert_eq!(fs::read_to_string(&mine).unwrap(), "precious");
        assert_eq!(s.get::<i32>("a", &s.key(&[])), Some(1));
        std::os::unix::fs::symlink(tmp.path(), tmp.path().join(DIR).join("lock")).unwrap();
        assert_eq!(first_link(tmp.path()), Some(Path::new(DIR).join("lock")));
        assert!(Store::open(tmp.path(), CacheUse::ReadWrite, "things", "l").is_none(), "the cache is not used");
    }

    #[test]
    fn a_read_only_store_writes_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let mut s = store(tmp.path(), "b");
        s.write = false;
        s.put("a", s.key(&[]), &1);
        assert!(!s.entry_path("a").exists());
    }
}
