//! The site boundary: briefgen reads nothing outside the site folder. Every reader of site
//! inputs (seeds, content files, themes and their static files, the config) lists and checks
//! its files here. A symbolic link whose target is inside the site is followed, whatever
//! folder it is in; one that leads outside is an error naming the link, and is never read
//! (its target's content cannot reach a message or the output); a link to nothing, a loop
//! or anything that is not a file or folder (a pipe, a socket, a device) is skipped with a
//! warning. See docs/safety.md.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diags, display_path};

/// The site root, resolved, that every input must lie in.
#[derive(Clone, Debug)]
pub struct Boundary {
    /// The root as given, for the paths shown in messages.
    root: PathBuf,
    /// The root with every link resolved.
    real: PathBuf,
}

/// How [`Boundary::walk`] lists a folder.
#[derive(Clone, Copy, Debug)]
pub struct Walk<'a> {
    /// How deep to go: 1 lists the folder's own files.
    pub max_depth: usize,
    /// Only files with one of these extensions; every file when empty.
    pub extensions: &'a [&'a str],
    /// Leave aside what a browser or the system saves beside what was saved (`seeds/`):
    /// see [`is_left_aside`]. Other folders (a theme's `static/`) are taken whole.
    pub skip_saved_extras: bool,
}

/// What a path of the site is, once checked.
#[derive(Debug, PartialEq, Eq)]
pub enum Checked {
    /// A file inside the site (perhaps through a link): read it.
    File,
    /// Nothing there.
    Missing,
}

impl Boundary {
    /// The boundary of the site at `root`. A root that cannot be resolved is taken as it is
    /// (reading it then fails with its own message).
    pub fn new(root: &Path) -> Self {
        let real = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        Boundary { root: root.to_path_buf(), real }
    }

    /// `path` as shown in messages: relative to the site root.
    pub fn shown(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.root).unwrap_or(path).to_path_buf()
    }

    /// Checks one file the site may have (`briefgen.yaml`, `content/entities.yaml`).
    pub fn check_file(&self, path: &Path) -> Result<Checked, Diagnostic> {
        if std::fs::symlink_metadata(path).is_err() {
            return Ok(Checked::Missing);
        }
        // The file and every folder on its way: `content` may be the link that leaves.
        self.check_dir(path)?;
        match std::fs::metadata(path) {
            Ok(m) if m.is_file() => Ok(Checked::File),
            Ok(_) => {
                Err(Diagnostic::error(self.shown(path), "this is not a file").help("remove it or replace it by a file"))
            }
            Err(_) => Err(self.broken_link(path).into_error()),
        }
    }

    /// Checks the folders on the way from the root to `dir` (`themes/<name>`), and `dir`
    /// itself: none may be a link that leads outside the site.
    pub fn check_dir(&self, dir: &Path) -> Result<(), Diagnostic> {
        let rel = self.shown(dir);
        let mut at = self.root.clone();
        for part in rel.components() {
            at.push(part);
            if std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
                self.check_link(&at)?;
            }
        }
        Ok(())
    }

    /// The files under `dir` (which need not exist), sorted by path, hidden ones (`.x`) left
    /// out. Links inside the site are followed; the others are reported in `diags`.
    pub fn walk(&self, dir: &Path, how: Walk<'_>, diags: &mut Diags) -> Vec<PathBuf> {
        if let Err(d) = self.check_dir(dir) {
            diags.push(d);
            return Vec::new();
        }
        if !dir.is_dir() {
            return Vec::new();
        }
        let mut files = Vec::new();
        let mut refused = Vec::new();
        let walk = walkdir::WalkDir::new(dir).follow_links(true).max_depth(how.max_depth).sort_by_file_name();
        let entries = walk.into_iter().filter_entry(|e| {
            let keep = e.depth() == 0 || !(is_hidden(e.file_name()) || (how.skip_saved_extras && is_left_aside(e)));
            keep && (!e.path_is_symlink() || self.check_link(e.path()).map_err(|d| refused.push(d)).is_ok())
        });
        for entry in entries {
            if let Ok(e) = &entry
                && e.depth() > 0
                && e.file_name().to_str().is_none()
            {
                diags.push(self.not_utf8_name(e.path()));
            }
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    if wanted(e.path(), how.extensions) {
                        files.push(e.into_path());
                    }
                }
                Ok(e) if e.file_type().is_dir() => {}
                Ok(e) => diags.push(
                    Diagnostic::warning(self.shown(e.path()), "skipped: not a file or a folder")
                        .help("briefgen reads files and folders only; remove it"),
                ),
                // A hidden link to nothing, which the walk cannot follow to tell it is hidden:
                // the lock Emacs keeps beside a file being edited (`.#example.yaml`).
                Err(err) if err.depth() > 0 && err.path().and_then(Path::file_name).is_some_and(is_hidden) => {}
                Err(err) => diags.push(self.walk_error(&err)),
            }
        }
        diags.extend(refused);
        files
    }

    /// A link: fine when its target is inside the site, else an error naming it (never its
    /// target's content). A link to nothing is left to the caller.
    fn check_link(&self, link: &Path) -> Result<(), Diagnostic> {
        match std::fs::canonicalize(link) {
            // The site itself, or a built site: read back, each build would hold the last.
            Ok(target) if target == self.real || self.in_output(&target) => Err(Diagnostic::error(
                self.shown(link),
                "this is a link to the site's own folder or to its output; briefgen does not follow it",
            )
            .help("each build would read the last one's output and publish it again: remove the link")),
            Ok(target) if target.starts_with(&self.real) => Ok(()),
            Ok(_) => Err(Diagnostic::error(
                self.shown(link),
                "this is a link to a file or folder outside the site; briefgen does not follow it",
            )
            .help("briefgen reads nothing outside the site folder: copy what it points to into the site, or remove the link")),
            Err(_) => Ok(()),
        }
    }

    /// Whether `target` (resolved, inside the site) is in a folder briefgen built: one that
    /// holds its marker file, up to the site's folder.
    fn in_output(&self, target: &Path) -> bool {
        target
            .ancestors()
            .take_while(|a| a.starts_with(&self.real) && *a != self.real)
            .any(|a| a.join(crate::model::OUTPUT_MARKER).is_file())
    }

    /// A warning for a file or folder whose name is not UTF-8 (a name Linux allows, macOS and
    /// Windows do not): it is read under its name with `�` for the bytes that are not.
    fn not_utf8_name(&self, path: &Path) -> Diagnostic {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        Diagnostic::warning(self.shown(path), format!("this name is not valid UTF-8; briefgen reads it as `{name}`"))
            .help("rename it: macOS and Windows cannot hold such a name, and what briefgen makes of it (an id, a published file) has `�` where its bytes are not UTF-8")
    }

    fn broken_link(&self, path: &Path) -> Diagnostic {
        if leads_back(path) {
            return Diagnostic::warning(self.shown(path), "skipped: a link in a loop of links")
                .help("the links point at each other and never reach a file or folder; remove one of them");
        }
        Diagnostic::warning(self.shown(path), "skipped: a link to nothing")
            .help("the file or folder it points to does not exist; remove the link or restore its target")
    }

    fn walk_error(&self, err: &walkdir::Error) -> Diagnostic {
        let Some(path) = err.path() else {
            return Diagnostic::error(self.shown(&self.root), format!("cannot read the folder: {err}"));
        };
        if err.loop_ancestor().is_some() {
            return Diagnostic::warning(self.shown(path), "skipped: a link to a folder that contains it")
                .help("the link makes a loop; remove it");
        }
        if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
            return self.broken_link(path);
        }
        let message = match err.io_error() {
            Some(e) => format!("cannot read: {e}"),
            None => format!("cannot read: {err}"),
        };
        Diagnostic::error(self.shown(path), message)
    }
}

/// Whether following the link at `path`, link after link, never ends (`a` → `b` → `a`): as the
/// system does, past 40 links it is taken for a loop.
fn leads_back(path: &Path) -> bool {
    let mut at = path.to_path_buf();
    for _ in 0..40 {
        let Ok(target) = std::fs::read_link(&at) else { return false };
        at = at.parent().map_or(target.clone(), |p| p.join(&target));
    }
    true
}

trait IntoError {
    fn into_error(self) -> Diagnostic;
}

impl IntoError for Diagnostic {
    /// A missing target where a file is expected: an error, not a warning.
    fn into_error(mut self) -> Diagnostic {
        self.severity = crate::diag::Severity::Error;
        self
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

/// What the system or a browser puts in a folder beside what was saved into it: Windows'
/// `Thumbs.db` and `desktop.ini`, an editor's own files ([`is_editor_scratch`]), and the
/// folder of a page saved "complete" ([`is_saved_page_folder`]).
fn is_left_aside(e: &walkdir::DirEntry) -> bool {
    let name = e.file_name().to_string_lossy();
    if e.file_type().is_dir() {
        return is_saved_page_folder(e.path());
    }
    is_editor_scratch(&name) || name.eq_ignore_ascii_case("thumbs.db") || name.eq_ignore_ascii_case("desktop.ini")
}

/// A file an editor keeps beside the one being edited, named after it: a backup (`a.yaml~`),
/// Emacs' autosave (`#a.yaml#`), Vim's swap file (`a.yaml.swp`, hidden when Vim names it),
/// and the copies a JetBrains IDE writes and renames while it saves (`a.yaml___jb_tmp___`,
/// `a.yaml___jb_old___`). `serve` does not rebuild for them either.
pub fn is_editor_scratch(name: &str) -> bool {
    name.ends_with('~')
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        || name.ends_with(".swp")
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
}

/// The folder a browser saves beside a page it saves complete: `Page_files/` by `Page.html`,
/// or with the word for "files" in the browser's language (`Page-Dateien/`), holding the
/// page's scripts, styles or pictures (and frames): not articles. A folder of seeds named
/// after a page (`syria-2017/` by `syria.html`) has none of those and is read.
fn is_saved_page_folder(dir: &Path) -> bool {
    let (Some(name), Some(parent)) = (dir.file_name().and_then(|n| n.to_str()), dir.parent()) else { return false };
    let named_after_page = name.char_indices().filter(|&(i, c)| i > 0 && matches!(c, '_' | '-' | ' ')).any(|(i, _)| {
        let (stem, word) = (&name[..i], &name[i + 1..]);
        !word.is_empty()
            && word.chars().all(char::is_alphabetic)
            && ["html", "htm", "xhtml"].iter().any(|ext| parent.join(format!("{stem}.{ext}")).is_file())
    });
    named_after_page && holds_page_resources(dir)
}

/// Whether a folder holds a script, a style sheet or a picture, as a saved page's does.
fn holds_page_resources(dir: &Path) -> bool {
    const RESOURCES: &[&str] =
        &["js", "css", "png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "ico", "woff", "woff2"];
    let Ok(entries) = std::fs::read_dir(dir) else { return false };
    entries.flatten().any(|e| RESOURCES.contains(&super::extension(&e.path()).as_str()))
}

fn wanted(path: &Path, extensions: &[&str]) -> bool {
    // In any case, as seeds' are: an editor on Windows or macOS may save `vote.YAML`.
    let ext = path.extension().and_then(|e| e.to_str());
    extensions.is_empty() || ext.is_some_and(|e| extensions.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// A path under a folder, with `/`, as themes name their files.
pub fn relative_name(path: &Path, dir: &Path) -> String {
    display_path(path.strip_prefix(dir).unwrap_or(path))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn site() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        let outside = tmp.path().join("secret.txt");
        std::fs::create_dir_all(root.join("content/pages")).unwrap();
        std::fs::write(&outside, "SECRET first line\n").unwrap();
        (tmp, root, outside)
    }

    #[test]
    fn links_inside_are_followed_and_links_outside_refused_by_name() {
        let (_tmp, root, outside) = site();
        let pages = root.join("content/pages");
        std::fs::write(root.join("about.md"), "---\ntitle: A\n---\n").unwrap();
        symlink(root.join("about.md"), pages.join("about.md")).unwrap();
        symlink(&outside, pages.join("leak.md")).unwrap();
        symlink(root.join("gone.md"), pages.join("broken.md")).unwrap();
        let b = Boundary::new(&root);
        let mut diags = Diags::new();
        let files = b.walk(&pages, Walk { max_depth: 1, extensions: &["md"], skip_saved_extras: false }, &mut diags);
        assert_eq!(files, [pages.join("about.md")]);
        let said: Vec<_> = diags.iter().map(|d| (d.severity, d.location(), d.message.clone())).collect();
        use crate::diag::Severity::*;
        assert_eq!(
            said,
            [
                (Warning, "content/pages/broken.md".into(), "skipped: a link to nothing".into()),
                (
                    Error,
                    "content/pages/leak.md".into(),
                    "this is a link to a file or folder outside the site; briefgen does not follow it".into()
                ),
            ]
        );
        assert!(diags.iter().all(|d| !format!("{d:?}").contains("SECRET")));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_name_that_is_not_utf8_is_read_with_a_warning() {
        use std::os::unix::ffi::OsStrExt;
        let (_tmp, root, _) = site();
        let stat = root.join("static");
        std::fs::create_dir_all(stat.join(std::ffi::OsStr::from_bytes(b"d\xe9j\xe0"))).unwrap();
        std::fs::write(stat.join(std::ffi::OsStr::from_bytes(b"d\xe9j\xe0/logo.png")), "x").unwrap();
        std::fs::write(stat.join(std::ffi::OsStr::from_bytes(b"caf\xe9.png")), "x").unwrap();
        let mut diags = Diags::new();
        let how = Walk { max_depth: usize::MAX, extensions: &[], skip_saved_extras: false };
        let files = Boundary::new(&root).walk(&stat, how, &mut diags);
        assert_eq!(files.len(), 2, "still read");
        let said: Vec<_> = diags.iter().map(|d| (d.location(), d.message.clone())).collect();
        assert_eq!(
            said,
            [
                (
                    "static/caf\u{fffd}.png".into(),
                    "this name is not valid UTF-8; briefgen reads it as `caf\u{fffd}.png`".into()
                ),
                (
                    "static/d\u{fffd}j\u{fffd}".into(),
                    "this name is not valid UTF-8; briefgen reads it as `d\u{fffd}j\u{fffd}`".into()
                ),
            ]
        );
    }

    #[test]
    fn hidden_links_are_left_aside_unread_and_unreported() {
        let (_tmp, root, outside) = site();
        let dir = root.join("content/pages");
        // The lock Emacs keeps beside a file being edited, and a hidden link out of the site.
        symlink("ann@host.1234:1700000000", dir.join(".#about.md")).unwrap();
        symlink(&outside, dir.join(".elsewhere.md")).unwrap();
        symlink("missing.md", dir.join("gone.md")).unwrap();
        let mut diags = Diags::new();
        let files = Boundary::new(&root).walk(
            &dir,
            Walk { max_depth: 1, extensions: &["md"], skip_saved_extras: false },
            &mut diags,
        );
        assert!(files.is_empty(), "{files:?}");
        let said: Vec<_> = diags.iter().map(|d| (d.location(), d.message.clone())).collect();
        assert_eq!(said, [("content/pages/gone.md".into(), "skipped: a link to nothing".into())]);
    }

    #[test]
    fn a_loop_of_links_is_told_from_a_link_to_nothing() {
        let (_tmp, root, _) = site();
        let pages = root.join("content/pages");
        symlink("b.md", pages.join("a.md")).unwrap();
        symlink("a.md", pages.join("b.md")).unwrap();
        symlink("gone.md", pages.join("c.md")).unwrap();
        let mut diags = Diags::new();
        let files = Boundary::new(&root).walk(
            &pages,
            Walk { max_depth: 1, extensions: &["md"], skip_saved_extras: false },
            &mut diags,
        );
        assert!(files.is_empty());
        let said: Vec<_> = diags.iter().map(|d| (d.location(), d.message.clone())).collect();
        assert_eq!(
            said,
            [
                ("content/pages/a.md".into(), "skipped: a link in a loop of links".into()),
                ("content/pages/b.md".into(), "skipped: a link in a loop of links".into()),
                ("content/pages/c.md".into(), "skipped: a link to nothing".into()),
            ]
        );
        let err = Boundary::new(&root).check_file(&pages.join("a.md")).unwrap_err();
        assert_eq!(err.message, "skipped: a link in a loop of links");
    }

    #[test]
    fn a_linked_folder_outside_is_refused_and_single_files_checked() {
        let (tmp, root, outside) = site();
        std::fs::create_dir_all(tmp.path().join("theme")).unwrap();
        std::fs::create_dir_all(root.join("themes")).unwrap();
        symlink(tmp.path().join("theme"), root.join("themes/mine")).unwrap();
        let b = Boundary::new(&root);
        let err = b.check_dir(&root.join("themes/mine")).unwrap_err();
        assert_eq!(err.location(), "themes/mine");
        symlink(&outside, root.join("briefgen.yaml")).unwrap();
        assert_eq!(b.check_file(&root.join("briefgen.yaml")).unwrap_err().location(), "briefgen.yaml");
        std::fs::write(tmp.path().join("theme/entities.yaml"), "x: {}").unwrap();
        std::fs::remove_dir_all(root.join("content")).unwrap();
        symlink(tmp.path().join("theme"), root.join("content")).unwrap();
        let err = b.check_file(&root.join("content/entities.yaml")).unwrap_err();
        assert_eq!(err.location(), "content", "the folder that leaves the site is named");
        assert_eq!(b.check_file(&root.join("none.yaml")), Ok(Checked::Missing));
    }
}
