//! Writing the output folder atomically and double-buffered: a build is made in a folder
//! beside the output — the spare, the site before the live one, when there is one — and
//! swapped in only when every file is in place, so a failed build leaves the live site intact;
//! the site it replaces becomes the next spare. briefgen only replaces a folder it created (a
//! marker file says so). Placing each file is [`DirSink`]'s; see `docs/output.md`.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::Output;
pub use super::dir_sink::DirSink;
use super::dir_sink::{DirSinkOptions, Listing};
use super::manifest::ManifestStore;
use super::tree::remove_tree;

/// The marker file in every output folder briefgen writes.
pub use crate::model::OUTPUT_MARKER as MARKER;
const MARKER_TEXT: &str = "This folder is written by briefgen and replaced on every build. Do not edit it.\n";

/// Writes `output` to `dir`, replacing what `dir` held.
pub fn write(output: &Output, dir: &Path) -> Result<()> {
    write_with(dir, None, |sink| {
        output.clone().send(sink)?;
        Ok(Some(()))
    })
    .map(|_| ())
}

/// Builds in a folder beside `dir` and swaps it in as `dir` when `build` returns `Some`; on
/// `None` (content errors) or an error, `dir` is left as it was. The build is made in the
/// spare when there is one; the site it replaces becomes the spare. With a `manifest`, the
/// live site's records spare reading unchanged files and rendering unchanged pages, and this
/// build's are kept once the new site is in place.
pub fn write_with<T>(
    dir: &Path,
    manifest: Option<&ManifestStore>,
    build: impl FnOnce(&DirSink) -> Result<Option<T>>,
) -> Result<Option<T>> {
    check_replaceable(dir)?;
    let folders = Folders::beside(dir)?;
    let reused = folders.prepare()?;
    let previous = dir.join(MARKER).is_file().then(|| dir.to_path_buf());
    let opts = DirSinkOptions {
        manifest: manifest.filter(|_| previous.is_some()).map(ManifestStore::load),
        previous,
        record: manifest.is_some(),
        pages: manifest.map(ManifestStore::pages),
        reused,
    };
    let sink = DirSink::new(folders.building.clone(), opts);
    let marker = folders.building.join(MARKER);
    let built = std::thread::scope(|s| {
        let listing = reused.then(|| s.spawn(|| Listing::of(&folders.building)));
        let built = build(&sink)?;
        if built.is_some() {
            let listing =
                listing.map(|l| l.join().unwrap_or_else(|_| Listing::of(&folders.building))).unwrap_or_default();
            sink.sweep(listing).with_context(|| format!("cannot clear {}", folders.building.display()))?;
            fs::write(&marker, MARKER_TEXT).context("cannot write the output marker")?;
        }
        Ok(built)
    });
    match built {
        Ok(Some(b)) => {
            let marker = fs::metadata(&marker);
            folders.swap(dir)?;
            let (records, pages) = sink.into_records();
            if let Some(pages) = pages {
                pages.retain_placed(marker.as_ref().ok());
            }
            if let (Some(store), Some(records), Ok(marker)) = (manifest, records, marker) {
                store.save(records, &marker);
            }
            Ok(Some(b))
        }
        other => {
            folders.set_aside();
            other
        }
    }
}

/// The folders beside the output: the one a build is made in, and the spare, the site before
/// the live one, kept for the next build to be made in.
#[derive(Debug)]
struct Folders {
    building: PathBuf,
    spare: PathBuf,
}

impl Folders {
    fn beside(dir: &Path) -> Result<Self> {
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
        let parent = dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        // What builds before the spare left while replacing a site (removed after each).
        let old = parent.join(format!(".{name}.briefgen-old"));
        if is_dir(&old) {
            remove_tree(&old).with_context(|| format!("cannot remove the leftover {}", old.display()))?;
        }
        Ok(Folders {
            building: parent.join(format!(".{name}.briefgen-tmp")),
            spare: parent.join(format!(".{name}.briefgen-spare")),
        })
    }

    /// Readies the folder to build in: the spare, else what a build that stopped left, else
    /// a new one. Whether it holds an earlier site's files.
    fn prepare(&self) -> Result<bool> {
        for f in [&self.building, &self.spare] {
            if !is_dir(f) && fs::symlink_metadata(f).is_ok() {
                fs::remove_file(f).with_context(|| format!("cannot remove {}", f.display()))?;
            }
        }
        if is_dir(&self.spare) {
            if is_dir(&self.building) {
                remove_tree(&self.building)
                    .with_context(|| format!("cannot remove the leftover {}", self.building.display()))?;
            }
            fs::rename(&self.spare, &self.building)
                .with_context(|| format!("cannot move {} to build in", self.spare.display()))?;
            return Ok(true);
        }
        if is_dir(&self.building) {
            return Ok(true);
        }
        fs::create_dir(&self.building).with_context(|| format!("cannot create {}", self.building.display()))?;
        Ok(false)
    }

    /// Moves the built site into place as `dir`; the site it replaces becomes the spare.
    fn swap(&self, dir: &Path) -> Result<()> {
        let had_previous = dir.exists();
        if had_previous {
            fs::rename(dir, &self.spare)
                .with_context(|| format!("cannot move the previous {} aside", dir.display()))?;
        }
        if let Err(e) = fs::rename(&self.building, dir) {
            if had_previous {
                let _ = fs::rename(&self.spare, dir);
            }
            return Err(e).with_context(|| format!("cannot move the new site into {}", dir.display()));
        }
        Ok(())
    }

    /// After a failed build: what it placed is kept as the spare, for the next build.
    fn set_aside(&self) {
        if fs::rename(&self.building, &self.spare).is_err() {
            let _ = remove_tree(&self.building);
        }
    }
}

/// Whether `path` is a folder (not a link to one).
fn is_dir(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::Sink;

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
        let mut names: Vec<_> = fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        names.sort();
        assert_eq!(names, [".public.briefgen-spare", "public"], "the replaced site is kept as the spare");
        assert_eq!(fs::read_to_string(tmp.path().join(".public.briefgen-spare/a/b/index.html")).unwrap(), "b");
    }

    /// The files of folder `dir` and their texts.
    fn files_of(dir: &Path) -> Vec<(String, String)> {
        let mut files: Vec<(String, String)> = walkdir::WalkDir::new(dir)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| !e.file_type().is_dir())
            .map(|e| {
                let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                (rel, fs::read_to_string(e.path()).unwrap_or_else(|_| "(not a file)".into()))
            })
            .collect();
        files.sort();
        files
    }

    /// `files` and the marker, as `files_of` lists a built folder.
    fn expected(files: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut all: Vec<(String, String)> = files.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect();
        all.push((MARKER.into(), MARKER_TEXT.into()));
        all.sort();
        all
    }

    #[cfg(unix)]
    #[test]
    fn each_build_is_made_in_the_spare_and_equals_a_build_from_scratch() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("public");
        let inode = |p: &str| fs::metadata(dir.join(p)).unwrap().ino();
        let builds: [&[(&str, &str)]; 4] = [
            &[("same.html", "same"), ("x", "a file"), ("d/e/f.html", "f"), ("gone/g.html", "g")],
            &[("same.html", "same"), ("x/y.html", "now a folder"), ("d/e/f.html", "f2"), ("new.html", "n")],
            &[("same.html", "same"), ("x", "a file again"), ("d/e", "a file"), ("new.html", "n")],
            &[("same.html", "same"), ("d/e/f.html", "f")],
        ];
        write(&site(builds[0]), &dir).unwrap();
        let same = inode("same.html");
        for files in builds {
            write(&site(files), &dir).unwrap();
            assert_eq!(files_of(&dir), expected(files));
            assert_eq!(inode("same.html"), same, "an unchanged file is never written again");
        }
    }

    #[test]
    fn building_never_changes_the_live_site() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("public");
        let first: &[(&str, &str)] = &[("a.html", "1"), ("b.html", "1")];
        write(&site(first), &dir).unwrap();
        write(&site(first), &dir).unwrap();
        // The spare shares the live site's files: a build made in it must replace them.
        write_with(&dir, None, |sink| {
            sink.put("a.html".into(), b"2".to_vec())?;
            assert_eq!(files_of(&dir), expected(first), "the live site, while a build is made");
            Ok(None::<()>)
        })
        .unwrap();
        assert_eq!(files_of(&dir), expected(first), "after a failed build");
        write(&site(&[("a.html", "3")]), &dir).unwrap();
        assert_eq!(files_of(&dir), expected(&[("a.html", "3")]), "the next build, made in what the failed one left");
    }

    #[cfg(unix)]
    #[test]
    fn links_in_the_spare_are_removed_not_followed() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("public");
        let outside = tmp.path().join("outside");
        fs::create_dir(&outside).unwrap();
        write(&site(&[("index.html", "x")]), &dir).unwrap();
        write(&site(&[("index.html", "x")]), &dir).unwrap();
        let spare = tmp.path().join(".public.briefgen-spare");
        std::os::unix::fs::symlink(&outside, spare.join("briefs")).unwrap();
        std::os::unix::fs::symlink(tmp.path().join("outside/page.html"), spare.join("page.html")).unwrap();
        let files: &[(&str, &str)] = &[("index.html", "x"), ("briefs/a.html", "a"), ("page.html", "p")];
        write(&site(files), &dir).unwrap();
        assert_eq!(files_of(&dir), expected(files));
        assert!(fs::read_dir(&outside).unwrap().next().is_none(), "nothing was written through the links");
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
