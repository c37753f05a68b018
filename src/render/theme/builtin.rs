//! The themes built into the binary, embedded at compile time from `themes/<name>/` (a test
//! checks each list is complete): `default`, which every theme falls through to, and
//! `broadsheet`, which changes the front page and the look and keeps the rest of `default`.

/// A theme built into the binary: its name and files (path under its folder → bytes).
#[derive(Debug)]
pub struct Builtin {
    pub name: &'static str,
    pub files: &'static [(&'static str, &'static [u8])],
}

macro_rules! embed {
    ($theme:literal: $($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!("../../../themes/", $theme, "/", $path)) as &[u8])),*]
    };
}

/// The default theme.
pub const DEFAULT_THEME: &[(&str, &[u8])] = embed!["default":
    "theme.yaml",
    "i18n/ar.yaml",
    "i18n/de.yaml",
    "i18n/en.yaml",
    "i18n/es.yaml",
    "i18n/fr.yaml",
    "i18n/it.yaml",
    "i18n/ja.yaml",
    "i18n/pt.yaml",
    "i18n/ru.yaml",
    "i18n/zh.yaml",
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
    "templates/partials/entry_card.html",
    "templates/partials/note.html",
    "templates/partials/pager.html",
    "static/search.js",
    "static/style.css",
    "static/timeline.js",
];

/// The broadsheet theme: only the files it has of its own.
pub const BROADSHEET_THEME: &[(&str, &[u8])] = embed!["broadsheet":
    "theme.yaml",
    "i18n/ar.yaml",
    "i18n/de.yaml",
    "i18n/en.yaml",
    "i18n/es.yaml",
    "i18n/fr.yaml",
    "i18n/it.yaml",
    "i18n/ja.yaml",
    "i18n/pt.yaml",
    "i18n/ru.yaml",
    "i18n/zh.yaml",
    "templates/index.html",
    "static/broadsheet.css",
];

/// Every built-in theme.
pub const BUILTIN: &[Builtin] =
    &[Builtin { name: "default", files: DEFAULT_THEME }, Builtin { name: "broadsheet", files: BROADSHEET_THEME }];

/// The built-in theme of this name.
pub fn builtin(name: &str) -> Option<&'static Builtin> {
    BUILTIN.iter().find(|b| b.name == name)
}

impl Builtin {
    /// One of the theme's own files (not those it falls through to).
    pub fn file(&self, path: &str) -> Option<&'static [u8]> {
        self.files.iter().find(|(p, _)| *p == path).map(|(_, b)| *b)
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::diag::display_path;

    #[test]
    fn each_builtin_theme_lists_every_file_of_its_folder() {
        for theme in BUILTIN {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes").join(theme.name);
            let mut disk: Vec<String> = walkdir::WalkDir::new(&dir)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .map(|e| display_path(e.path().strip_prefix(&dir).unwrap()))
                .collect();
            disk.sort();
            let mut embedded: Vec<String> = theme.files.iter().map(|(p, _)| p.to_string()).collect();
            embedded.sort();
            assert_eq!(embedded, disk, "update the list of `{}` in src/render/theme/builtin.rs", theme.name);
        }
    }
}
