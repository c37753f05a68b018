//! A site's theme files as read, before the render stage makes a theme of them: the site's
//! own `templates/` and `static/` folders, and the folder of the theme it names, if it has one.

use std::path::PathBuf;

/// The files of one folder, by path under it.
#[derive(Clone, Debug, Default)]
pub struct ThemeFiles {
    /// Where they are, relative to the site root, for messages (`themes/default`; empty for
    /// the site's own `templates/` and `static/`).
    pub dir: PathBuf,
    /// Path under the folder (with `/`, e.g. `templates/partials/note.html`) → bytes, sorted
    /// by path.
    pub files: Vec<(String, Vec<u8>)>,
}

/// What a build reads of the site's theme, in lookup order, first found first.
#[derive(Clone, Debug, Default)]
pub struct SiteThemeFiles {
    /// The site's `templates/` and `static/` (paths start with either).
    pub own: ThemeFiles,
    /// `themes/<name>/` in the site, when it has one.
    pub folder: Option<ThemeFiles>,
}
