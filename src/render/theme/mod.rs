//! Themes: `themes/<name>/` with `templates/*.html` (Tera) and `static/` assets, made from the
//! files ingest read. The default theme is also embedded in the binary, so a site without a
//! `themes/` folder builds anywhere.

use std::path::PathBuf;

use crate::diag::Diagnostic;
use crate::model::ThemeFiles;

/// A theme's files, read from disk or from the binary.
#[derive(Clone, Debug)]
pub struct Theme {
    pub name: String,
    /// Where the theme's files are, for messages (`themes/default`).
    pub dir: PathBuf,
    /// Template name (path under `templates/`, with `/`) → source.
    pub templates: Vec<(String, String)>,
    /// Path under `static/` → bytes, published under `/static/`.
    pub assets: Vec<(String, Vec<u8>)>,
}

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!("../../themes/default/", $path)) as &[u8])),*]
    };
}

/// The default theme's files, embedded at compile time (a test checks the list is complete).
pub const DEFAULT_THEME: &[(&str, &[u8])] = embed![
    "theme.yaml",
    "templates/base.html",
    "templates/index.html",
    "templates/archive.html",
    "templates/stories.html",
    "templates/brief.html",
    "templates/story.html",
    "templates/timeline.html",
    "templates/entities.html",
    "templates/entity.html",
    "templates/outlet.html",
    "templates/tag.html",
    "templates/page.html",
    "templates/search.html",
    "templates/404.html",
    "templates/partials/brief_card.html",
    "templates/partials/entry.html",
    "templates/partials/note.html",
    "templates/partials/pager.html",
    "static/search.js",
    "static/style.css",
    "static/timeline.js",
];

/// The theme named in the config: the site's `themes/<name>` folder (`files`, read by
/// [`crate::ingest::read_theme`]) when it has one, else the built-in default.
pub fn resolve(name: &str, files: Option<ThemeFiles>) -> Result<Theme, Diagnostic> {
    match files {
        Some(files) => from_files(name, files),
        None if name == "default" => Ok(embedded()),
        None => Err(Diagnostic::error(crate::config::CONFIG_FILE, format!("theme `{name}` not found"))
            .help(format!("there is no folder themes/{name}; use `theme: default` or add the theme"))),
    }
}

/// The default theme as built into the binary.
pub fn embedded() -> Theme {
    files_to_theme(
        "default",
        PathBuf::from("themes/default"),
        DEFAULT_THEME.iter().map(|(p, b)| (p.to_string(), b.to_vec())),
    )
}

fn from_files(name: &str, files: ThemeFiles) -> Result<Theme, Diagnostic> {
    let theme = files_to_theme(name, files.dir, files.files.into_iter());
    if theme.templates.is_empty() {
        return Err(Diagnostic::error(&theme.dir, "the theme has no templates")
            .help("a theme needs templates/*.html; copy themes/default to start from"));
    }
    Ok(theme)
}

fn files_to_theme(name: &str, dir: PathBuf, files: impl Iterator<Item = (String, Vec<u8>)>) -> Theme {
    let mut theme = Theme { name: name.to_owned(), dir, templates: Vec::new(), assets: Vec::new() };
    for (path, bytes) in files {
        if let Some(t) = path.strip_prefix("templates/") {
            theme.templates.push((t.to_owned(), String::from_utf8_lossy(&bytes).into_owned()));
        } else if let Some(a) = path.strip_prefix("static/") {
            theme.assets.push((a.to_owned(), bytes));
        }
    }
    theme
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::diag::display_path;

    #[test]
    fn embedded_theme_lists_every_file_of_themes_default() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let on_disk: Vec<String> = walkdir::WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| display_path(e.path().strip_prefix(&dir).unwrap()))
            .collect();
        let mut embedded: Vec<String> = DEFAULT_THEME.iter().map(|(p, _)| p.to_string()).collect();
        embedded.sort();
        let mut disk = on_disk.clone();
        disk.sort();
        assert_eq!(embedded, disk, "update DEFAULT_THEME in src/render/theme.rs");
    }
}
