//! Reading a theme from the site: `themes/<name>/`, every file under it as bytes. What the
//! files mean (templates, assets) and the theme built into the binary are the render stage's
//! ([`crate::render::theme`]).

use std::path::Path;

use super::boundary::{Boundary, Walk, relative_name};
use crate::diag::{Diagnostic, Diags};
use crate::model::ThemeFiles;

/// The files of `themes/<name>` in the site, or `None` when the site has no such folder.
/// Links that leave the site are errors and broken ones warnings, in `diags` ([`Boundary`]).
pub fn read_theme(root: &Path, name: &str, diags: &mut Diags) -> Result<Option<ThemeFiles>, Diagnostic> {
    let dir = root.join("themes").join(name);
    let boundary = Boundary::new(root);
    boundary.check_dir(&dir)?;
    if !dir.is_dir() {
        return Ok(None);
    }
    let shown = Path::new("themes").join(name);
    let paths = boundary.walk(&dir, Walk { max_depth: usize::MAX, extensions: &[] }, diags);
    let mut files = Vec::with_capacity(paths.len());
    for path in paths {
        let rel = relative_name(&path, &dir);
        let bytes =
            std::fs::read(&path).map_err(|e| Diagnostic::error(shown.join(&rel), format!("cannot read: {e}")))?;
        files.push((rel, bytes));
    }
    Ok(Some(ThemeFiles { files, dir: shown }))
}
