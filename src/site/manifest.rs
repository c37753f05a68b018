//! The output manifest: what `build` wrote at each path of the output folder — a digest of the
//! file's bytes, for a page a digest of what it was made from (its template context, see
//! `render::digest`), and the file as the file system describes it (device, inode, size,
//! modification time). The next build into the same folder reads it to keep the previous
//! site's unchanged files without reading them again, and its unchanged pages without
//! rendering them again.
//!
//! A record is trusted only while the file is still the one the build wrote: the same inode,
//! size and modification time (as `make`, `rsync` and Git's index judge a file unchanged).
//! A file edited, replaced or touched since no longer matches its record and is compared in
//! full, and a page is rendered again. The manifest lives in the build cache
//! (`.briefgen-cache/output/`), keyed to the output folder and to the build of briefgen, so
//! a new binary, another folder or `--no-cache` starts without one.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};

pub use super::file_id::{FileId, digest_bytes};
use crate::cache::{CacheUse, Store};
use crate::hash::{halves, whole};

/// What a build wrote at one path. 128-bit digests are kept as two halves, which keeps a
/// record at 56 bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// XXH3-128 of the file's bytes.
    bytes: [u64; 2],
    /// For a page, the digest of its template context and templates; zero for other files.
    made_from: [u64; 2],
    file: FileId,
    size: u64,
}

impl Record {
    pub fn new(bytes: u128, made_from: Option<u128>, file: FileId, size: usize) -> Self {
        Record { bytes: halves(bytes), made_from: made_from.map_or([0; 2], halves), file, size: size as u64 }
    }

    pub fn bytes(&self) -> u128 {
        whole(self.bytes)
    }

    /// Whether this is a page made from `made_from`.
    pub fn made_from(&self, made_from: u128) -> bool {
        self.made_from != [0; 2] && whole(self.made_from) == made_from
    }

    pub fn file(&self) -> FileId {
        self.file
    }

    pub fn size(&self) -> u64 {
        self.size
    }
}

/// The hash by which records are found: of the path in the output. Two paths with the same
/// hash cannot mislead: a record is used only for the file it describes ([`FileId`]).
pub fn path_key(path: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(path.as_bytes())
}

/// The records of the build that made an output folder.
#[derive(Debug, Default)]
pub struct Manifest {
    records: HashMap<u64, Record>,
}

impl Manifest {
    pub fn get(&self, path: &str) -> Option<&Record> {
        self.records.get(&path_key(path))
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }
}

/// Where the manifest of one output folder is kept.
#[derive(Debug)]
pub struct ManifestStore {
    store: Store,
    /// The site's build cache folder.
    cache_dir: std::path::PathBuf,
    name: String,
    key: String,
}

/// `path` made absolute through its parent folder, which exists when the output folder does
/// not yet; as given if even that cannot be resolved.
fn absolute(path: &Path) -> std::path::PathBuf {
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    match (fs::canonicalize(parent), path.file_name()) {
        (Ok(parent), Some(name)) => parent.join(name),
        _ => path.to_path_buf(),
    }
}

/// The layout of the records; a change of it makes earlier manifests miss.
const LAYOUT: &str = "output manifest 1";

impl ManifestStore {
    /// The manifest of `out_dir` in the cache of the site at `root`; `None` when the cache is
    /// off. The folder is told by its absolute path, however it is named (`public`,
    /// `./public`, `site/public` from elsewhere).
    pub fn open(root: &Path, how: CacheUse, out_dir: &Path) -> Option<Self> {
        let store = Store::open(root, how, "output", LAYOUT)?;
        let folder = absolute(out_dir);
        let folder = folder.to_string_lossy();
        let mut name = crate::hash::Fnv::new();
        name.field(folder.as_bytes());
        let key = store.key(&[folder.as_bytes()]);
        let cache_dir = root.join(crate::cache::DIR);
        Some(ManifestStore { store, cache_dir, name: format!("{:016x}", name.0), key })
    }

    /// The site's page store, for this build of briefgen (whatever the output folder).
    pub fn pages(&self) -> super::page_store::PageStore {
        super::page_store::PageStore::open(&self.cache_dir, &self.store.key(&[b"pages"]))
    }

    /// The manifest the last build into the folder left; empty if there is none.
    pub fn load(&self) -> Manifest {
        let records: Vec<(u64, Record)> = self.store.get(&self.name, &self.key).unwrap_or_default();
        Manifest { records: records.into_iter().collect() }
    }

    /// Keeps `records` (by [`path_key`]) as the folder's manifest, but for those of files
    /// modified at or after `fence`, the modification time of a file written once the build
    /// was done. File times move in steps of a few milliseconds, so a file written in the
    /// build's last step and edited right after it could keep its time and size; those files
    /// are compared in full next time (as Git does with "racily clean" files).
    pub fn save(&self, mut records: Vec<(u64, Record)>, fence: &fs::Metadata) {
        let fence = FileId::of(fence);
        records.retain(|(_, r)| r.file.older_than(&fence));
        self.store.put(&self.name, self.key.clone(), &records);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(path: &str, bytes: u128, made_from: Option<u128>) -> (u64, Record) {
        let tmp = tempfile::NamedTempFile::new().unwrap();
        let file = FileId::of(&tmp.as_file().metadata().unwrap());
        (path_key(path), Record::new(bytes, made_from, file, 3))
    }

    #[test]
    fn a_saved_manifest_is_loaded_for_the_same_folder_only() {
        let tmp = tempfile::tempdir().unwrap();
        let public = tmp.path().join("public");
        let store = ManifestStore::open(tmp.path(), CacheUse::ReadWrite, &public).unwrap();
        assert!(store.load().is_empty(), "no manifest yet");
        let records = [record("index.html", u128::MAX, Some(7)), record("a/b.json", 1, None)];
        std::thread::sleep(std::time::Duration::from_millis(20));
        let fence = tempfile::NamedTempFile::new().unwrap().as_file().metadata().unwrap();
        store.save(records.to_vec(), &fence);
        let loaded = ManifestStore::open(tmp.path(), CacheUse::ReadWrite, &public).unwrap().load();
        assert_eq!(loaded.len(), 2);
        let page = loaded.get("index.html").unwrap();
        assert_eq!(page, &records[0].1);
        assert!(page.made_from(7) && !page.made_from(8));
        assert_eq!(page.bytes(), u128::MAX, "128-bit digests survive");
        let file = loaded.get("a/b.json").unwrap();
        assert_eq!(file, &records[1].1);
        assert!(!file.made_from(0), "not a page");
        let other = ManifestStore::open(tmp.path(), CacheUse::ReadWrite, &tmp.path().join("out")).unwrap();
        assert!(other.load().is_empty(), "another folder has its own");
        fs::create_dir(tmp.path().join("sub")).unwrap();
        let same = ManifestStore::open(tmp.path(), CacheUse::ReadWrite, &tmp.path().join("sub/../public")).unwrap();
        assert_eq!(same.load().len(), 2, "the same folder by another name");
        assert!(ManifestStore::open(tmp.path(), CacheUse::Off, &public).is_none());
    }

    #[test]
    fn files_modified_as_the_build_ended_are_not_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let public = tmp.path().join("public");
        let store = ManifestStore::open(tmp.path(), CacheUse::ReadWrite, &public).unwrap();
        let early = record("early.html", 1, None);
        std::thread::sleep(std::time::Duration::from_millis(50));
        let fence = tempfile::NamedTempFile::new().unwrap();
        let late = (path_key("late.html"), Record::new(2, None, FileId::of(&fence.as_file().metadata().unwrap()), 3));
        store.save(vec![early, late], &fence.as_file().metadata().unwrap());
        let loaded = store.load();
        assert!(loaded.get("early.html").is_some());
        assert!(loaded.get("late.html").is_none(), "as old as the fence: compared in full next time");
    }

    #[test]
    fn a_file_written_again_is_another_file() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("f");
        fs::write(&path, "one").unwrap();
        let first = FileId::of(&fs::metadata(&path).unwrap());
        assert_eq!(first, FileId::of(&fs::metadata(&path).unwrap()));
        let new = tmp.path().join("g");
        fs::write(&new, "two").unwrap();
        fs::rename(&new, &path).unwrap();
        assert_ne!(FileId::of(&fs::metadata(&path).unwrap()), first, "replaced");
    }
}
