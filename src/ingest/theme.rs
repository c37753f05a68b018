//! Reading the theme files of a site: its own `templates/` and `static/` folders, and the
//! folder of the theme `theme:` names (`themes/<name>/`), every file as bytes. What the files
//! mean — the lookup order, the themes built into the binary, templates, assets, strings — is
//! the render stage's ([`crate::render::theme`]).

use std::path::Path;

use crate::diag::{Diagnostic, Diags, display_path};
use crate::model::{SiteThemeFiles, ThemeFiles};

/// The site's own theme files, and those of `themes/<name>` when the site has that folder.
pub fn read_theme(root: &Path, name: &str) -> (SiteThemeFiles, Diags) {
    let mut diags = Diags::new();
    let mut own = ThemeFiles::default();
    for part in ["templates", "static"] {
        own.files.extend(read_files(root, Path::new(part), Path::new(""), &mut diags));
    }
    let shown = Path::new("themes").join(name);
    let folder = root
        .join(&shown)
        .is_dir()
        .then(|| ThemeFiles { files: read_files(&root.join(&shown), Path::new(""), &shown, &mut diags), dir: shown });
    (SiteThemeFiles { own, folder }, diags)
}

/// Every file under `base/sub`, sorted by path, as (path under `base` with `/`, bytes);
/// `shown` is where `base` is, relative to the site root, for messages. Hidden files and
/// folders (`.DS_Store`, `.git`) are left out; links are not followed.
fn read_files(base: &Path, sub: &Path, shown: &Path, diags: &mut Diags) -> Vec<(String, Vec<u8>)> {
    let dir = base.join(sub);
    let mut files = Vec::new();
    if !dir.is_dir() {
        return files;
    }
    let walk = walkdir::WalkDir::new(&dir).sort_by_file_name().into_iter();
    for entry in walk.filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')) {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(Diagnostic::error(shown.join(sub), format!("cannot read the folder: {e}")));
                continue;
            }
        };
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(base).unwrap_or(entry.path());
            match std::fs::read(entry.path()) {
                Ok(bytes) => files.push((display_path(rel), bytes)),
                Err(e) => diags.push(Diagnostic::error(shown.join(rel), format!("cannot read: {e}"))),
            }
        }
    }
    files
}
