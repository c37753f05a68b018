//! Placing a build's files in the folder it is made in ([`DirSink`]), beside the live site.
//!
//! A file whose bytes equal the live site's file at the same path is not written again: it
//! is hard-linked, which keeps its modification time (for deploys that sync by time) and
//! spares writing the same bytes. Whether the bytes are equal is told by the output manifest
//! while the live file is still the one it describes ([`super::manifest`]), else by comparing
//! the file in full; a page made from the same context as the live one is not even rendered
//! ([`Sink::keep`]).
//!
//! The folder may be the spare, the site before the live one (see [`super::write`]): then
//! what is already in place is checked, not assumed. A file that is already the live site's
//! file stays; anything else at a path is removed before a file is put there, and a new file
//! is always a new one (`create_new`), never written into: its inode may be the live site's.
//! Folders are checked once each and symbolic links are never followed, so nothing is written
//! outside the folder. What the new site does not have is removed at the end
//! ([`DirSink::sweep`], from a [`Listing`] of the folder made while the build runs).

use std::collections::HashSet;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context, Result};

use super::Sink;
use super::manifest::{self, FileId, Manifest, Record, path_key};
use super::page_store::{PageStore, Stored};

/// The folder a build's files are placed in, as they are made.
#[derive(Debug)]
pub struct DirSink {
    dir: PathBuf,
    /// The live site, whose unchanged files are linked instead of written.
    previous: Option<PathBuf>,
    /// What the build that made `previous` wrote, when the build cache is on.
    manifest: Option<Manifest>,
    /// What this build writes, for the next build's manifest (when the cache is on).
    made: Option<Mutex<Vec<(u64, Record)>>>,
    /// The pages of earlier builds, whatever their folder, and where this build's pages are
    /// added (when the cache is on).
    pages: Option<PageStore>,
    /// Whether `dir` started with the files of an earlier site (the spare).
    reused: bool,
    /// The folders made or checked so far, and, in a reused folder, the files placed (by
    /// [`path_key`] of their path in the output).
    dirs: Mutex<HashSet<u64>>,
    placed: Mutex<HashSet<u64>>,
    files: AtomicUsize,
    bytes: AtomicUsize,
    /// Pages kept from the live site or the page store instead of rendered.
    kept: AtomicUsize,
}

/// How a [`DirSink`] starts.
#[derive(Debug)]
pub struct DirSinkOptions {
    /// The live site, if there is one.
    pub previous: Option<PathBuf>,
    /// The live site's manifest, if the cache is on and it has one.
    pub manifest: Option<Manifest>,
    /// Whether to record this build's files for the next build's manifest.
    pub record: bool,
    /// The page store, if the cache is on.
    pub pages: Option<PageStore>,
    /// Whether the folder holds an earlier site's files.
    pub reused: bool,
}

impl DirSink {
    pub fn new(dir: PathBuf, opts: DirSinkOptions) -> Self {
        DirSink {
            dir,
            previous: opts.previous,
            manifest: opts.manifest,
            made: opts.record.then(|| Mutex::new(Vec::new())),
            pages: opts.pages,
            reused: opts.reused,
            dirs: Mutex::new(HashSet::new()),
            placed: Mutex::new(HashSet::new()),
            files: AtomicUsize::new(0),
            bytes: AtomicUsize::new(0),
            kept: AtomicUsize::new(0),
        }
    }

    /// Files and bytes placed so far.
    pub fn written(&self) -> (usize, usize) {
        (self.files.load(Ordering::Relaxed), self.bytes.load(Ordering::Relaxed))
    }

    /// Pages kept from the live site or the page store so far, not rendered.
    pub fn kept(&self) -> usize {
        self.kept.load(Ordering::Relaxed)
    }

    /// This build's records, for the next build's manifest (`None` unless recorded), and the
    /// page store.
    pub fn into_records(self) -> (Option<Vec<(u64, Record)>>, Option<PageStore>) {
        (self.made.map(|m| m.into_inner().unwrap_or_else(|e| e.into_inner())), self.pages)
    }

    /// Places `bytes` at `path`: the live site's file when that holds the same bytes, else a
    /// new file.
    fn place(&self, path: String, bytes: Vec<u8>, made_from: Option<u128>) -> Result<()> {
        let target = self.target(&path)?;
        let digest = self.made.is_some().then(|| manifest::digest_bytes(&bytes));
        let file = match self.same_previous(&path, digest, &bytes) {
            Some((old, meta)) if self.link(&old, &meta, &target) => Some(FileId::of(&meta)),
            _ => self.write_file(&target, &bytes)?,
        };
        if let (Some(digest), Some(file)) = (digest, file) {
            self.record(&path, Record::new(digest, made_from, file, bytes.len()));
            if let (Some(pages), Some(made_from)) = (&self.pages, made_from) {
                pages.add(made_from, digest, &target);
            }
        }
        self.count_placed(&path, bytes.len());
        Ok(())
    }

    /// Where `path` goes, its folder made (or checked, in a reused folder).
    fn target(&self, path: &str) -> Result<PathBuf> {
        if let Some((parent, _)) = path.rsplit_once('/') {
            self.make_dir(parent).with_context(|| format!("cannot create {}", self.dir.join(parent).display()))?;
        }
        Ok(self.dir.join(path))
    }

    /// Makes folder `rel` (a path in the output) and its parents, each checked once: in a
    /// reused folder, whatever is where a folder should be and is not one (a file, a link to
    /// a folder elsewhere) is removed first.
    fn make_dir(&self, rel: &str) -> std::io::Result<()> {
        if self.dirs.lock().unwrap_or_else(|e| e.into_inner()).contains(&path_key(rel)) {
            return Ok(());
        }
        if let Some((parent, _)) = rel.rsplit_once('/') {
            self.make_dir(parent)?;
        }
        let dir = self.dir.join(rel);
        // A new folder is most likely missing; a reused one's, there.
        if self.reused || !create_dir(&dir)? {
            match fs::symlink_metadata(&dir) {
                Ok(meta) if meta.is_dir() => {}
                Ok(meta) => {
                    remove_entry(&dir, &meta)?;
                    fs::create_dir(&dir)?;
                }
                Err(_) => {
                    create_dir(&dir)?;
                }
            }
        }
        self.dirs.lock().unwrap_or_else(|e| e.into_inner()).insert(path_key(rel));
        Ok(())
    }

    /// The live site's file at `path` and what it is, if it holds exactly `bytes`: told by the
    /// manifest while the file is the one it describes, else by comparing it in full.
    fn same_previous(&self, path: &str, digest: Option<u128>, bytes: &[u8]) -> Option<(PathBuf, fs::Metadata)> {
        self.same_previous_by(path, digest, |old| same_bytes(old, bytes))
    }

    /// [`DirSink::same_previous`] with `compare` telling whether the live file holds the bytes
    /// when the manifest cannot.
    fn same_previous_by(
        &self,
        path: &str,
        digest: Option<u128>,
        compare: impl FnOnce(&Path) -> Option<fs::Metadata>,
    ) -> Option<(PathBuf, fs::Metadata)> {
        let old = self.previous.as_ref()?.join(path);
        if let Some(digest) = digest
            && let Some(described) = self.described(path, &old)
        {
            return described.filter(|(record, _)| record.bytes() == digest).map(|(_, meta)| (old, meta));
        }
        let meta = compare(&old)?;
        Some((old, meta))
    }

    /// The manifest's record of the live site's file at `path` (which is `old`): `None` when
    /// there is none, `Some(None)` when the file is not the one it describes any more.
    fn described(&self, path: &str, old: &Path) -> Option<Option<(Record, fs::Metadata)>> {
        let record = *self.manifest.as_ref()?.get(path)?;
        Some(regular_file(old).filter(|meta| FileId::of(meta) == record.file()).map(|meta| (record, meta)))
    }

    /// Puts the live site's file `old` (described by `meta`) at `target`; true if it is there.
    fn link(&self, old: &Path, meta: &fs::Metadata, target: &Path) -> bool {
        if self.reused
            && let Ok(there) = fs::symlink_metadata(target)
        {
            if same_inode(&there, meta) {
                return true;
            }
            if remove_entry(target, &there).is_err() {
                return false;
            }
        }
        fs::hard_link(old, target).is_ok()
    }

    /// Writes a new file at `target`, after removing what was there; what it is, when the
    /// manifest is kept.
    fn write_file(&self, target: &Path, bytes: &[u8]) -> Result<Option<FileId>> {
        self.write_with(target, |file| file.write_all(bytes))
    }

    /// [`DirSink::write_file`] with what `write` writes.
    fn write_with(
        &self,
        target: &Path,
        write: impl FnOnce(&mut fs::File) -> std::io::Result<()>,
    ) -> Result<Option<FileId>> {
        let create = || fs::OpenOptions::new().write(true).create_new(true).open(target);
        let made = || -> std::io::Result<Option<FileId>> {
            let mut file = match create() {
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    remove_entry(target, &fs::symlink_metadata(target)?)?;
                    create()?
                }
                other => other?,
            };
            write(&mut file)?;
            Ok(if self.made.is_some() { Some(FileId::of(&file.metadata()?)) } else { None })
        };
        made().with_context(|| format!("cannot write {}", target.display()))
    }

    fn record(&self, path: &str, record: Record) {
        if let Some(made) = &self.made {
            made.lock().unwrap_or_else(|e| e.into_inner()).push((path_key(path), record));
        }
    }

    fn count_placed(&self, path: &str, bytes: usize) {
        if self.reused {
            self.placed.lock().unwrap_or_else(|e| e.into_inner()).insert(path_key(path));
        }
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes, Ordering::Relaxed);
    }

    /// Removes, from a reused folder, what it held when the build began (`listing`) and the
    /// build did not place: files, and folders none of its files are in.
    pub fn sweep(&self, mut listing: Listing) -> std::io::Result<()> {
        // A folder the listing could not read and that is still there is read now.
        for (rel, path) in std::mem::take(&mut listing.unread) {
            if fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) {
                let mut more = Listing::default();
                more.add(&path, &rel);
                if let Some((_, path)) = more.unread.first() {
                    return Err(std::io::Error::other(format!("cannot read {}", path.display())));
                }
                listing.entries.extend(more.entries);
            }
        }
        let dirs = self.dirs.lock().unwrap_or_else(|e| e.into_inner());
        let placed = self.placed.lock().unwrap_or_else(|e| e.into_inner());
        for entry in listing.entries {
            if placed.contains(&entry.key) || dirs.contains(&entry.key) {
                continue;
            }
            // Gone already: in a folder removed before it.
            if let Ok(meta) = fs::symlink_metadata(&entry.path) {
                remove_entry(&entry.path, &meta)?;
            }
        }
        Ok(())
    }
}

/// What a reused folder held when a build began, folders before what is in them, by
/// [`path_key`] of the path in the output. Listed on a thread of its own while the build runs
/// (see `write_with`), so that removing what the new site lacks needs no walk at its end.
#[derive(Debug, Default)]
pub struct Listing {
    entries: Vec<Listed>,
    /// Folders that could not be read (the build may have removed them meanwhile), with their
    /// paths in the output.
    unread: Vec<(String, PathBuf)>,
}

#[derive(Debug)]
struct Listed {
    key: u64,
    path: PathBuf,
}

impl Listing {
    /// Everything under `root`.
    pub fn of(root: &Path) -> Self {
        let mut listing = Listing::default();
        listing.add(root, "");
        listing
    }

    /// Everything under `dir`, folder `rel` of the output.
    fn add(&mut self, dir: &Path, rel: &str) {
        let Ok(entries) = fs::read_dir(dir).and_then(|d| d.collect::<Result<Vec<_>, _>>()) else {
            self.unread.push((rel.to_owned(), dir.to_path_buf()));
            return;
        };
        for entry in entries {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let path = if rel.is_empty() { name.into_owned() } else { format!("{rel}/{name}") };
            self.entries.push(Listed { key: path_key(&path), path: entry.path() });
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                self.add(&entry.path(), &path);
            }
        }
    }
}

impl Sink for DirSink {
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<()> {
        self.place(path, bytes, None)
    }

    fn records_pages(&self) -> bool {
        self.made.is_some()
    }

    fn keep(&self, path: &str, made_from: u128) -> bool {
        let kept = self.keep_live(path, made_from) || self.keep_stored(path, made_from);
        if kept {
            self.kept.fetch_add(1, Ordering::Relaxed);
        }
        kept
    }

    fn has(&self, path: &str, made_from: u128) -> bool {
        self.live(path, made_from).is_some() || self.pages.as_ref().is_some_and(|p| p.get(made_from).is_some())
    }

    fn put_page(&self, path: String, bytes: Vec<u8>, made_from: u128) -> Result<()> {
        self.place(path, bytes, Some(made_from))
    }

    /// Writes each part as it comes, then, when the live site's file holds the same bytes (by
    /// its record, else compared in full), links that file in its place, as [`DirSink::place`]
    /// would have.
    fn put_parts(&self, path: String, parts: &mut dyn Iterator<Item = Vec<u8>>) -> Result<()> {
        let target = self.target(&path)?;
        let mut digest = xxhash_rust::xxh3::Xxh3Default::new();
        let mut len = 0;
        let mut file = self.write_with(&target, |out| {
            for part in parts {
                digest.update(&part);
                len += part.len();
                out.write_all(&part)?;
            }
            Ok(())
        })?;
        let digest = digest.digest128();
        let same = self.same_previous_by(&path, Some(digest), |old| same_files(old, &target));
        if let Some(meta) = same.and_then(|(old, meta)| relink(&old, &target).then_some(meta)) {
            file = Some(FileId::of(&meta));
        }
        if let Some(file) = file {
            self.record(&path, Record::new(digest, None, file, len));
        }
        self.count_placed(&path, len);
        Ok(())
    }
}

/// Puts the file `old` at `target`, over the file there, through a link beside it renamed into
/// place, so that `target` is never missing; true if it is there.
fn relink(old: &Path, target: &Path) -> bool {
    let Some(name) = target.file_name() else { return false };
    let mut link_name = std::ffi::OsString::from(".");
    link_name.push(name);
    link_name.push(".briefgen-link");
    let link = target.with_file_name(link_name);
    let _ = fs::remove_file(&link);
    let linked = fs::hard_link(old, &link).and_then(|()| fs::rename(&link, target)).is_ok();
    if !linked {
        let _ = fs::remove_file(&link);
    }
    linked
}

impl DirSink {
    /// Keeps the live site's page at `path` if it was made from `made_from` and is untouched.
    fn keep_live(&self, path: &str, made_from: u128) -> bool {
        let Some((record, old, meta)) = self.live(path, made_from) else { return false };
        let Ok(target) = self.target(path) else { return false };
        if !self.link(&old, &meta, &target) {
            return false;
        }
        self.record(path, record);
        self.count_placed(path, record.size() as usize);
        if let Some(pages) = &self.pages {
            pages.add(made_from, record.bytes(), &target);
        }
        true
    }

    /// The live site's file at `path`, if it was made from `made_from` and is untouched: its
    /// record, where it is, and what the file system says of it.
    fn live(&self, path: &str, made_from: u128) -> Option<(Record, PathBuf, fs::Metadata)> {
        let (Some(manifest), Some(previous)) = (&self.manifest, &self.previous) else { return None };
        let record = *manifest.get(path).filter(|r| r.made_from(made_from))?;
        let old = previous.join(path);
        let meta = regular_file(&old).filter(|m| FileId::of(m) == record.file())?;
        Some((record, old, meta))
    }

    /// Places the page store's page made from `made_from` at `path`, if it has it: its entry
    /// linked (checked first when it is not the file the store's index describes), or copied
    /// when the store is on another file system.
    fn keep_stored(&self, path: &str, made_from: u128) -> bool {
        let Some(pages) = &self.pages else { return false };
        let Some(Stored { path: stored, meta, digest }) = pages.get(made_from) else { return false };
        let Ok(target) = self.target(path) else { return false };
        if !self.link(&stored, &meta, &target) {
            // Another file system: a copy.
            let Ok(bytes) = fs::read(&stored) else { return false };
            return self.place(path.to_owned(), bytes, Some(made_from)).is_ok();
        }
        self.record(path, Record::new(digest, Some(made_from), FileId::of(&meta), meta.len() as usize));
        self.count_placed(path, meta.len() as usize);
        pages.add(made_from, digest, &target);
        true
    }
}

/// Makes folder `dir`; false if something is there already.
fn create_dir(dir: &Path) -> std::io::Result<bool> {
    match fs::create_dir(dir) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(e),
    }
}

/// Removes a file, link or folder (with what is in it) that is in the way; gone already is
/// fine (another thread got there first).
fn remove_entry(path: &Path, meta: &fs::Metadata) -> std::io::Result<()> {
    let removed = if meta.is_dir() { super::tree::remove_tree(path) } else { fs::remove_file(path) };
    match removed {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

/// Whether two descriptions are of the same file.
#[cfg(unix)]
fn same_inode(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_inode(_: &fs::Metadata, _: &fs::Metadata) -> bool {
    false
}

/// What is at `path`, if it is a regular file (not a link).
fn regular_file(path: &Path) -> Option<fs::Metadata> {
    fs::symlink_metadata(path).ok().filter(|m| m.is_file())
}

/// What `old` is, if it is a regular file (not a link) holding exactly `bytes`; `None` if it
/// cannot be read.
fn same_bytes(old: &Path, bytes: &[u8]) -> Option<fs::Metadata> {
    let mut file = open_file(old)?;
    let meta = file.metadata().ok().filter(|m| m.is_file() && m.len() == bytes.len() as u64)?;
    let mut chunk = [0u8; 16 * 1024];
    let mut rest = bytes;
    loop {
        match file.read(&mut chunk) {
            Ok(0) => return rest.is_empty().then_some(meta),
            Ok(n) if rest.len() >= n && rest[..n] == chunk[..n] => rest = &rest[n..],
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            _ => return None,
        }
    }
}

/// The file at `old` and what it is, if it holds the same bytes as the file at `new`.
fn same_files(old: &Path, new: &Path) -> Option<fs::Metadata> {
    let (mut a, mut b) = (open_file(old)?, open_file(new)?);
    let meta = a.metadata().ok().filter(|m| m.is_file())?;
    let mut rest = b.metadata().ok().filter(|m| m.len() == meta.len())?.len();
    let (mut chunk_a, mut chunk_b) = ([0u8; 16 * 1024], [0u8; 16 * 1024]);
    while rest > 0 {
        let n = rest.min(chunk_a.len() as u64) as usize;
        a.read_exact(&mut chunk_a[..n]).ok()?;
        b.read_exact(&mut chunk_b[..n]).ok()?;
        if chunk_a[..n] != chunk_b[..n] {
            return None;
        }
        rest -= n as u64;
    }
    Some(meta)
}

/// Opens `path` for reading unless it is a symbolic link.
#[cfg(unix)]
fn open_file(path: &Path) -> Option<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new().read(true).custom_flags(libc::O_NOFOLLOW).open(path).ok()
}

#[cfg(not(unix))]
fn open_file(path: &Path) -> Option<fs::File> {
    regular_file(path)?;
    fs::File::open(path).ok()
}
