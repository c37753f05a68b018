//! Reading the theme files of a site: its own `templates/` and `static/` folders, and the
//! folder of the theme `theme:` names (`themes/<name>/`), every file as bytes, within the site
//! ([`Boundary`]). What the files mean — the lookup order, the themes built into the binary,
//! templates, assets, strings — is the render stage's ([`crate::render::theme`]).

use std::path::Path;

use super::boundary::{Boundary, Walk, relative_name};
use crate::diag::{Diagnostic, Diags};
use crate::model::{SiteThemeFiles, ThemeFiles};

/// The site's own theme files, and those of `themes/<name>` when the site has that folder.
/// Links that leave the site are errors and broken ones warnings ([`Boundary`]).
pub fn read_theme(root: &Path, name: &str) -> (SiteThemeFiles, Diags) {
    let mut diags = Diags::new();
    let boundary = Boundary::new(root);
    let mut own = ThemeFiles::default();
    for part in ["templates", "static"] {
        own.files.extend(read_files(&boundary, root, Path::new(part), &mut diags));
    }
    let shown = Path::new("themes").join(name);
    let dir = root.join(&shown);
    let folder = match boundary.check_dir(&dir) {
        Err(d) => {
            diags.push(d);
            None
        }
        Ok(()) if dir.is_dir() => {
            Some(ThemeFiles { files: read_files(&boundary, &dir, Path::new(""), &mut diags), dir: shown })
        }
        Ok(()) => None,
    };
    (SiteThemeFiles { own, folder }, diags)
}

/// Every file under `base/sub`, sorted by path, as (path under `base` with `/`, bytes).
/// Hidden files and folders (`.DS_Store`, `.git`) are left out.
fn read_files(boundary: &Boundary, base: &Path, sub: &Path, diags: &mut Diags) -> Vec<(String, Vec<u8>)> {
    let paths = boundary.walk(
        &base.join(sub),
        Walk { max_depth: usize::MAX, extensions: &[], skip_saved_extras: false },
        diags,
    );
    let mut files = Vec::with_capacity(paths.len());
    for path in paths {
        let rel = relative_name(&path, base);
        let shown = boundary.shown(&path);
        match super::read_limited(&path, MAX_THEME_FILE_BYTES) {
            // Templates, catalogues and theme.yaml are text: a byte that is not UTF-8 would be
            // a replacement character in every page.
            Ok(bytes) if is_text(&rel) && std::str::from_utf8(&bytes).is_err() => {
                diags.push(super::not_utf8(&shown, &bytes, "the file").help("save it as UTF-8"));
            }
            Ok(bytes) => files.push((rel, bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::FileTooLarge => diags.push(
                Diagnostic::error(shown, format!("cannot read: {e}"))
                    .help("GitHub refuses files over 100 MB: publish it elsewhere and link to it"),
            ),
            Err(e) => diags.push(Diagnostic::error(shown, format!("cannot read: {e}"))),
        }
    }
    files
}

/// The largest file of a theme or `static/` briefgen reads: GitHub refuses larger files in a
/// repository, and every file is held in memory while the site is built.
pub const MAX_THEME_FILE_BYTES: u64 = 100 << 20;

/// Whether a theme file is read as text: templates, catalogues and the manifest.
fn is_text(rel: &str) -> bool {
    rel.starts_with("templates/") || rel.starts_with("i18n/") || rel == "theme.yaml"
}
