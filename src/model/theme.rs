//! A theme's files as read from the site, before the render stage makes a theme of them.

use std::path::PathBuf;

/// The files of one theme folder.
#[derive(Clone, Debug, Default)]
pub struct ThemeFiles {
    /// Where they are, relative to the site root, for messages (`themes/default`).
    pub dir: PathBuf,
    /// Path under the folder (with `/`) → bytes, sorted by path.
    pub files: Vec<(String, Vec<u8>)>,
}
