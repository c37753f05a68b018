//! Writing the output folder atomically: the site is written into a temporary folder next to
//! the output and swapped in only when every file is written, so a failed build leaves the
//! previous site intact. briefgen only replaces a folder it created (a marker file says so).
//! A file whose bytes equal the previous site's file at the same path is not written again:
//! the new folder gets a hard link to it, which keeps its modification time (for deploys that
//! sync by time) and spares writing, and later freeing, the same bytes.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context, Result, bail};

use super::manifest::{self, FileId, Manifest, ManifestStore, Record};
use super::{Output, Sink};

/// The marker file in every output folder briefgen writes.
pub const MARKER: &str = ".briefgen-output";
const MARKER_TEXT: &str = "This folder is written by briefgen and replaced on every build. Do not edit it.\n";

/// Writes `output` to `dir`, replacing what `dir` held.
pub fn write(output: &Output, dir: &Path) -> Result<()> {
    write_with(dir, None, |sink| {
        output.clone().send(sink)?;
        Ok(Some(()))
    })
    .map(|_| ())
}

/// A folder that files are written into as they are made.
#[derive(Debug)]
pub struct DirSink {
    dir: PathBuf,
    /// The site being replaced, whose unchanged files are linked instead of written.
    previous: Option<PathBuf>,
    /// What the build that made `previous` wrote, when the build cache is on.
    manifest: Option<Manifest>,
    /// What this build writes, for the next build's manifest (when the cache is on).
    made: Option<Mutex<Vec<(u64, Record)>>>,
    files: AtomicUsize,
    bytes: AtomicUsize,
}

impl DirSink {
    /// Files and bytes written so far.
    pub fn written(&self) -> (usize, usize) {
        (self.files.load(Ordering::Relaxed), self.bytes.load(Ordering::Relaxed))
    }

    /// Places `bytes` at `path`: a link to the previous site's file when that holds the same
    /// bytes, else a new file.
    fn place(&self, path: String, bytes: Vec<u8>, made_from: Option<u128>) -> Result<()> {
        let target = self.dir.join(&path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        }
        let digest = self.made.is_some().then(|| manifest::digest_bytes(&bytes));
        let linked = self.same_previous(&path, digest, &bytes).filter(|(old, _)| fs::hard_link(old, &target).is_ok());
        let file = match linked {
            Some((_, file)) => Some(file),
            None => self.write_file(&target, &bytes)?,
        };
        if let (Some(digest), Some(file)) = (digest, file) {
            self.record(&path, Record::new(digest, made_from, file, bytes.len()));
        }
        self.count(bytes.len());
        Ok(())
    }

    /// The previous site's file at `path` and what it is, if it holds exactly `bytes`: told by
    /// the manifest while the file is the one it describes, else by comparing it in full.
    fn same_previous(&self, path: &str, digest: Option<u128>, bytes: &[u8]) -> Option<(PathBuf, FileId)> {
        let old = self.previous.as_ref()?.join(path);
        if let (Some(record), Some(digest)) = (self.manifest.as_ref().and_then(|m| m.get(path)), digest) {
            let file = previous_file(&old)?;
            if file == record.file() {
                return (record.bytes() == digest).then_some((old, file));
            }
        }
        let file = same_bytes(&old, bytes)?;
        Some((old, file))
    }

    /// Writes a new file; what it is, when the manifest is kept.
    fn write_file(&self, target: &Path, bytes: &[u8]) -> Result<Option<FileId>> {
        let write = || -> std::io::Result<Option<FileId>> {
            let mut file = fs::File::create(target)?;
            file.write_all(bytes)?;
            Ok(if self.made.is_some() { Some(FileId::of(&file.metadata()?)) } else { None })
        };
        write().with_context(|| format!("cannot write {}", target.display()))
    }

    fn record(&self, path: &str, record: Record) {
        if let Some(made) = &self.made {
            made.lock().unwrap_or_else(|e| e.into_inner()).push((manifest::path_key(path), record));
        }
    }

    fn count(&self, bytes: usize) {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes, Ordering::Relaxed);
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
        let (Some(manifest), Some(previous)) = (&self.manifest, &self.previous) else { return false };
        let Some(record) = manifest.get(path).filter(|r| r.made_from(made_from)) else { return false };
        let old = previous.join(path);
        if previous_file(&old) != Some(record.file()) {
            return false;
        }
        let target = self.dir.join(path);
        let placed =
            target.parent().is_none_or(|p| fs::create_dir_all(p).is_ok()) && fs::hard_link(&old, &target).is_ok();
        if placed {
            self.record(path, *record);
            self.count(record.size() as usize);
        }
        placed
    }

    fn put_page(&self, path: String, bytes: Vec<u8>, made_from: u128) -> Result<()> {
        self.place(path, bytes, Some(made_from))
    }
}

/// What the file at `path` is, if it is a regular file (not a link).
fn previous_file(path: &Path) -> Option<FileId> {
    fs::symlink_metadata(path).ok().filter(|m| m.is_file()).map(|m| FileId::of(&m))
}

/// What `old` is, if it is a regular file (not a link) holding exactly `bytes`; `None` if it
/// cannot be read.
fn same_bytes(old: &Path, bytes: &[u8]) -> Option<FileId> {
    let mut file = open_file(old)?;
    let meta = file.metadata().ok().filter(|m| m.is_file() && m.len() == bytes.len() as u64)?;
    let mut chunk = [0u8; 16 * 1024];
    let mut rest = bytes;
    loop {
        match file.read(&mut chunk) {
            Ok(0) => return rest.is_empty().then(|| FileId::of(&meta)),
            Ok(n) if rest.len() >= n && rest[..n] == chunk[..n] => rest = &rest[n..],
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            _ => return None,
        }
    }
}

/// Opens `path` for reading unless it is a symbolic link.
#[cfg(unix)]
fn open_file(path: &Path) -> Option<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new().read(true).custom_flags(libc::O_NOFOLLOW).open(path).ok()
}

#[cfg(not(unix))]
fn open_file(path: &Path) -> Option<fs::File> {
    fs::symlink_metadata(path).ok().filter(|m| m.is_file())?;
    fs::File::open(path).ok()
}

/// Builds into a temporary folder beside `dir` and swaps it in as `dir` when `build`
/// returns `Some`; on `None` (content errors) or an error, `dir` is left as it was. With a
/// `manifest`, the previous build's records spare reading unchanged files and rendering
/// unchanged pages, and this build's are kept once the new site is in place.
pub fn write_with<T>(
    dir: &Path,
    manifest: Option<&ManifestStore>,
    build: impl FnOnce(&DirSink) -> Result<Option<T>>,
) -> Result<Option<T>> {
    check_replaceable(dir)?;
    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
    let parent = dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    let tmp = parent.join(format!(".{name}.briefgen-tmp"));
    let old = parent.join(format!(".{name}.briefgen-old"));
    for stale in [&tmp, &old] {
        if stale.exists() {
            fs::remove_dir_all(stale).with_context(|| format!("cannot remove the leftover {}", stale.display()))?;
        }
    }
    fs::create_dir_all(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
    let previous = dir.join(MARKER).is_file().then(|| dir.to_path_buf());
    let sink = DirSink {
        dir: tmp.clone(),
        manifest: manifest.filter(|_| previous.is_some()).map(ManifestStore::load),
        previous,
        made: manifest.map(|_| Mutex::new(Vec::new())),
        files: AtomicUsize::new(0),
        bytes: AtomicUsize::new(0),
    };
    let built = build(&sink).and_then(|b| {
        if b.is_some() {
            fs::write(tmp.join(MARKER), MARKER_TEXT).context("cannot write the output marker")?;
        }
        Ok(b)
    });
    match built {
        Ok(Some(b)) => {
            let marker = fs::metadata(tmp.join(MARKER));
            swap(&tmp, dir, &old)?;
            if let (Some(store), Some(made), Ok(marker)) = (manifest, sink.made, marker) {
                store.save(made.into_inner().unwrap_or_else(|e| e.into_inner()), &marker);
            }
            Ok(Some(b))
        }
        other => {
            let _ = fs::remove_dir_all(&tmp);
            other
        }
    }
}

/// Refuses to replace a non-empty folder that has no marker.
fn check_replaceable(dir: &Path) -> Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    if !dir.is_dir() {
        bail!("{} exists and is not a folder; remove it or choose another output with --output", dir.display());
    }
    let empty = fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?.next().is_none();
    if !empty && !dir.join(MARKER).exists() {
        bail!(
            "refusing to replace {}: it was not created by briefgen (no {MARKER} file in it)\nhelp: move the folder away, or choose another output with --output",
            dir.display()
        );
    }
    Ok(())
}

/// Moves `tmp` into place as `dir`; the previous `dir` is moved aside first and removed after.
fn swap(tmp: &Path, dir: &Path, old: &Path) -> Result<()> {
    let had_previous = dir.exists();
    if had_previous {
        fs::rename(dir, old).with_context(|| format!("cannot move the previous {} aside", dir.display()))?;
    }
    if let Err(e) = fs::rename(tmp, dir) {
        if had_previous {
            let _ = fs::rename(old, dir);
        }
        return Err(e).with_context(|| format!("cannot move the new site into {}", dir.display()));
    }
    if had_previous {
        remove_tree(old).with_context(|| format!("cannot remove the previous site at {}", old.display()))?;
    }
    Ok(())
}

/// `fs::remove_dir_all`, with the entries of each folder removed in parallel: removing a large
/// previous site is a good part of a build. Symbolic links are removed, never followed.
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    use rayon::prelude::*;
    let entries: Vec<fs::DirEntry> = fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries
        .par_iter()
        .try_for_each(|e| if e.file_type()?.is_dir() { remove_tree(&e.path()) } else { fs::remove_file(e.path()) })?;
    fs::remove_dir(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> Output {
        let mut o = Output::new();
        for (p, t) in files {
            o.add(*p, t.as_bytes().to_vec());
        }
        o
    }

    #[test]
    fn writes_then_replaces_the_previous_site() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("public");
        write(&site(&[("index.html", "one"), ("a/b/index.html", "b")]), &dir).unwrap();
        assert_eq!(fs::read_to_string(dir.join("a/b/index.html")).unwrap(), "b");
        write(&site(&[("index.html", "two")]), &dir).unwrap();
        assert_eq!(fs::read_to_string(dir.join("index.html")).unwrap(), "two");
        assert!(!dir.join("a").exists(), "stale files are gone");
        let names: Vec<_> = fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["public"], "no temporary folders are left");
    }

    #[cfg(unix)]
    #[test]
    fn unchanged_files_are_kept_and_changed_ones_written() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("public");
        let inode = |p: &str| fs::metadata(dir.join(p)).unwrap().ino();
        write(&site(&[("same.html", "same"), ("edited.html", "abcd"), ("grown.html", "ab")]), &dir).unwrap();
        let (same, edited) = (inode("same.html"), inode("edited.html"));
        write(&site(&[("same.html", "same"), ("edited.html", "abce"), ("grown.html", "abc")]), &dir).unwrap();
        assert_eq!(inode("same.html"), same, "an unchanged file is the previous file, not a copy");
        assert_ne!(inode("edited.html"), edited);
        assert_eq!(fs::read_to_string(dir.join("edited.html")).unwrap(), "abce", "same size, other bytes");
        assert_eq!(fs::read_to_string(dir.join("grown.html")).unwrap(), "abc");
        assert_eq!(fs::metadata(dir.join("same.html")).unwrap().nlink(), 1, "the previous site is gone");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_in_the_previous_site_is_not_carried_over() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("public");
        write(&site(&[("index.html", "x")]), &dir).unwrap();
        fs::write(tmp.path().join("elsewhere.html"), "page").unwrap();
        std::os::unix::fs::symlink(tmp.path().join("elsewhere.html"), dir.join("page.html")).unwrap();
        write(&site(&[("index.html", "x"), ("page.html", "page")]), &dir).unwrap();
        assert!(fs::symlink_metadata(dir.join("page.html")).unwrap().is_file(), "written as a file of its own");
        assert_eq!(fs::read_to_string(dir.join("page.html")).unwrap(), "page");
    }

    #[test]
    fn removing_a_tree_removes_links_not_their_targets() {
        let tmp = tempfile::tempdir().unwrap();
        let keep = tmp.path().join("keep");
        fs::create_dir(&keep).unwrap();
        fs::write(keep.join("precious.txt"), "keep").unwrap();
        let old = tmp.path().join("old");
        fs::create_dir_all(old.join("a/b")).unwrap();
        fs::write(old.join("a/b/index.html"), "x").unwrap();
        fs::write(old.join("top.html"), "y").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&keep, old.join("a/link")).unwrap();
        remove_tree(&old).unwrap();
        assert!(!old.exists());
        assert_eq!(fs::read_to_string(keep.join("precious.txt")).unwrap(), "keep");
    }

    /// Writes `pages` (path, what it was made from, text) and `files` into `dir` as a build
    /// with the cache on does; returns the paths of the pages it kept instead of rendering.
    fn build_with_manifest(
        root: &Path,
        dir: &Path,
        pages: &[(&str, u128, &str)],
        files: &[(&str, &str)],
    ) -> Vec<String> {
        let store = ManifestStore::open(root, crate::cache::CacheUse::ReadWrite, dir).unwrap();
        let mut kept = Vec::new();
        write_with(dir, Some(&store), |sink| {
            for (path, made_from, text) in pages {
                if sink.keep(path, *made_from) {
                    kept.push(path.to_string());
                } else {
                    sink.put_page(path.to_string(), text.as_bytes().to_vec(), *made_from)?;
                }
            }
            site(files).send(sink)?;
            // A build takes longer than a step of the file clock (see `ManifestStore::save`).
            std::thread::sleep(std::time::Duration::from_millis(20));
            Ok(Some(()))
        })
        .unwrap();
        kept
    }

    #[cfg(unix)]
    #[test]
    fn pages_made_from_the_same_are_kept_while_their_files_are_untouched() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("public");
        let inode = |p: &str| fs::metadata(dir.join(p)).unwrap().ino();
        let pages = [("a.html", 1, "A"), ("b.html", 2, "B"), ("c.html", 3, "C")];
        assert!(build_with_manifest(tmp.path(), &dir, &pages, &[("x.json", "x")]).is_empty(), "nothing to keep yet");
        let (a, x) = (inode("a.html"), inode("x.json"));
        // b.html is now made from something else; c.html was edited by hand since.
        fs::write(dir.join("c.html"), "edited").unwrap();
        let pages = [("a.html", 1, "A"), ("b.html", 4, "B2"), ("c.html", 3, "C")];
        assert_eq!(build_with_manifest(tmp.path(), &dir, &pages, &[("x.json", "x")]), ["a.html"]);
        assert_eq!(inode("a.html"), a, "kept: the previous file itself");
        assert_eq!(inode("x.json"), x, "unchanged bytes: linked by the manifest");
        assert_eq!(fs::read_to_string(dir.join("b.html")).unwrap(), "B2");
        assert_eq!(fs::read_to_string(dir.join("c.html")).unwrap(), "C", "a hand edit is undone");
        // Files edited by hand, even to the same size, are compared and written again.
        fs::write(dir.join("x.json"), "y").unwrap();
        build_with_manifest(tmp.path(), &dir, &pages, &[("x.json", "x")]);
        assert_eq!(fs::read_to_string(dir.join("x.json")).unwrap(), "x");
        // Without the manifest (`--no-cache`) nothing is kept, and the files are compared in full.
        let a = inode("a.html");
        write(&site(&[("a.html", "A")]), &dir).unwrap();
        assert_eq!(inode("a.html"), a, "same bytes: linked");
    }

    #[test]
    fn refuses_a_folder_it_did_not_create() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("public");
        fs::create_dir(&dir).unwrap();
        fs::write(dir.join("precious.txt"), "keep").unwrap();
        let err = write(&site(&[("index.html", "x")]), &dir).unwrap_err();
        assert!(err.to_string().contains("refusing to replace"), "{err}");
        assert_eq!(fs::read_to_string(dir.join("precious.txt")).unwrap(), "keep");
    }
}
