//! Reading a theme from the site: `themes/<name>/`, every file under it as bytes. What the
//! files mean (templates, assets) and the theme built into the binary are the render stage's
//! ([`crate::render::theme`]).

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, display_path};
use crate::model::ThemeFiles;

/// The files of `themes/<name>` in the site, or `None` when the site has no such folder.
pub fn read_theme(root: &Path, name: &str) -> Result<Option<ThemeFiles>, Diagnostic> {
    let dir = root.join("themes").join(name);
    if !dir.is_dir() {
        return Ok(None);
    }
    let shown = Path::new("themes").join(name);
    Ok(Some(ThemeFiles { files: read_files(&dir, &shown)?, dir: shown }))
}

/// Every file under `dir`, sorted by path, as (path under `dir` with `/`, bytes).
fn read_files(dir: &Path, shown: &PathBuf) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| Diagnostic::error(shown, format!("cannot read the theme: {e}")))?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            let bytes = std::fs::read(entry.path())
                .map_err(|e| Diagnostic::error(shown.join(rel), format!("cannot read: {e}")))?;
            files.push((display_path(rel), bytes));
        }
    }
    Ok(files)
}
