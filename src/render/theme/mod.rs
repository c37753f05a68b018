//! The theme of a site, made from the files ingest read (`model::SiteThemeFiles`) and the
//! themes built into the binary ([`builtin`]), in lookup order: the site's own `templates/`
//! and `static/`, then the site's `themes/<name>/` folder, then the built-in theme it falls
//! through to (`theme.yaml`'s `extends:`, else the built-in theme of that name, else
//! `default`), then the built-in themes that one falls through to, down to `default`. Any
//! single file overrides alone; everything else comes from the layers below.
//!
//! A theme is also its `theme.yaml` ([`manifest`]), the interface strings of the site's
//! language ([`strings`]), the site's checked `theme_settings:` ([`settings`]), and the
//! warnings about copies of built-in files that have changed since ([`upgrade`]).

pub mod builtin;
pub mod colour;
pub mod manifest;
pub mod settings;
pub mod strings;
pub mod upgrade;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diag::{Diagnostic, Diags, SourceFile};
use crate::i18n::Strings;
use crate::model::SiteThemeFiles;
use crate::text::NameTwin;
pub use builtin::{BUILTIN, Builtin, DEFAULT_THEME, builtin};
use manifest::Manifest;
use settings::Settings;

/// A site's theme: every layer's files, in lookup order, and what they say.
#[derive(Clone, Debug)]
pub struct Theme {
    pub name: String,
    /// Where the theme's own files are, for messages (`themes/default`).
    pub dir: PathBuf,
    /// Template name (path under `templates/`, with `/`) → source, by name.
    pub templates: Vec<(String, String)>,
    /// The file each template comes from, for messages, in the order of `templates`.
    origins: Vec<PathBuf>,
    /// Path under `static/` → bytes, published under `/static/`.
    pub assets: Vec<(String, Vec<u8>)>,
    pub manifest: Manifest,
    /// The stylesheets pages link, paths under `static/`.
    pub stylesheets: Vec<String>,
    /// The interface strings, in the site's language.
    pub strings: Strings,
    /// `theme_settings:`, checked.
    pub settings: Settings,
}

/// One layer of the lookup: where its files are, and its files by path under that folder.
struct Layer<'a> {
    dir: PathBuf,
    files: Vec<(&'a str, &'a [u8])>,
}

impl<'a> Layer<'a> {
    fn builtin(b: &'static Builtin) -> Layer<'static> {
        Layer { dir: Path::new("themes").join(b.name), files: b.files.to_vec() }
    }

    fn site(files: &'a crate::model::ThemeFiles) -> Layer<'a> {
        Layer { dir: files.dir.clone(), files: files.files.iter().map(|(p, b)| (p.as_str(), b.as_slice())).collect() }
    }

    fn get(&self, path: &str) -> Option<&'a [u8]> {
        self.files.iter().find(|(p, _)| *p == path).map(|(_, b)| *b)
    }
}

/// The theme of the site `config` describes, from its theme files. Errors are the theme's
/// and the settings'; warnings are about strings left in English and outdated copies.
pub fn resolve(config: &Config, files: &SiteThemeFiles) -> (Option<Theme>, Diags) {
    let mut diags = Diags::new();
    let name = config.theme.as_str();
    let top = match &files.folder {
        Some(folder) => builtin_under(folder, name, &mut diags),
        None => match builtin(name) {
            Some(b) => Some(b),
            None => {
                diags.push(not_found(config, name));
                None
            }
        },
    };
    let Some(top) = top else { return (None, diags) };
    let mut layers: Vec<Layer> = builtin_chain(top).into_iter().rev().map(Layer::builtin).collect();
    let builtins = layers.len();
    let theme_layer = builtins - 1 + usize::from(files.folder.is_some());
    layers.extend(files.folder.as_ref().map(Layer::site));
    layers.push(Layer::site(&files.own));
    let manifest = manifest_of(&layers[..=theme_layer], &mut diags);
    let (templates, origins) = templates(&layers);
    let assets = assets(&layers);
    diags.extend(case_twins(&layers));
    let stylesheets = stylesheets(&manifest, &assets, &layers[theme_layer], &mut diags);
    let catalogues: Vec<strings::Catalogues> = layers
        .iter()
        .map(|l| strings::Catalogues {
            dir: &l.dir,
            files: l.files.iter().filter(|(p, _)| p.starts_with("i18n/")).copied().collect(),
        })
        .collect();
    let (strings, d) = strings::strings(config, &catalogues);
    diags.extend(d);
    let asset_names: Vec<&str> = assets.iter().map(|(p, _)| p.as_str()).collect();
    let (settings, d) = settings::check(
        &config.source,
        config.theme_settings.as_ref(),
        &manifest,
        &asset_names,
        name,
        &config.base_path,
    );
    diags.extend(d);
    for layer in &layers[builtins..] {
        diags.extend(upgrade::check(&layer.dir, &layer.files, top.name));
    }
    // The site's own templates override the layers' below it; one named like none of theirs
    // overrides nothing.
    let (own, below) = layers.split_last().expect("the site's own layer");
    let names: Vec<&str> =
        below.iter().flat_map(|l| l.files.iter().filter_map(|(p, _)| p.strip_prefix("templates/"))).collect();
    let sources: Vec<&[u8]> = layers
        .iter()
        .flat_map(|l| l.files.iter().filter(|(p, _)| p.starts_with("templates/")).map(|(_, b)| *b))
        .collect();
    diags.extend(upgrade::strays(&own.files, &names, &sources));
    let dir = layers[theme_layer].dir.clone();
    let theme =
        Theme { name: name.to_owned(), dir, templates, origins, assets, manifest, stylesheets, strings, settings };
    (Some(theme), diags)
}

impl Theme {
    /// The file template `name` comes from, for messages.
    pub fn file_of(&self, name: &str) -> PathBuf {
        match self.templates.iter().position(|(n, _)| n == name) {
            Some(i) => self.origins[i].clone(),
            None => self.dir.join("templates").join(name),
        }
    }
}

fn not_found(config: &Config, name: &str) -> Diagnostic {
    let names: Vec<&str> = BUILTIN.iter().map(|b| b.name).collect();
    let hint = crate::text::mean(crate::text::closest(name, names.iter().copied()));
    let (line, col) = config.value_at("theme").unwrap_or((0, 0));
    config
        .source
        .error(line, col, format!("theme `{name}` not found"))
        .help(format!("{hint}the built-in themes are {}; or add the folder themes/{name}/", names.join(" and ")))
}

/// The built-in themes a site falls through to, the first looked up first: for `theme_name`
/// with the site's theme `files`. Problems (an unknown theme) leave it empty.
pub fn builtin_layers(theme_name: &str, files: &SiteThemeFiles) -> (Vec<&'static Builtin>, Diags) {
    let mut diags = Diags::new();
    let top = match &files.folder {
        Some(folder) => builtin_under(folder, theme_name, &mut diags),
        None => builtin(theme_name),
    };
    (top.map(builtin_chain).unwrap_or_default(), diags)
}

/// The built-in theme a site's theme folder falls through to: its `extends:`, else the
/// built-in theme of the same name, else `default`.
fn builtin_under(folder: &crate::model::ThemeFiles, name: &str, diags: &mut Diags) -> Option<&'static Builtin> {
    let manifest = folder.files.iter().find(|(p, _)| p == "theme.yaml").and_then(|(_, bytes)| {
        let src = SourceFile::new(folder.dir.join("theme.yaml"), String::from_utf8_lossy(bytes).into_owned());
        let (manifest, d) = Manifest::parse(&src);
        diags.extend(d);
        manifest.map(|m| (m, src))
    });
    match manifest.and_then(|(m, src)| m.extends.map(|e| (e, src))) {
        Some((e, src)) => builtin(&e.value).or_else(|| {
            let names: Vec<&str> = BUILTIN.iter().map(|b| b.name).collect();
            let hint = crate::text::mean(crate::text::closest(&e.value, names.iter().copied()));
            diags.push(
                src.error(e.line, e.col, format!("there is no built-in theme `{}`", e.value))
                    .help(format!("{hint}`extends:` names a built-in theme: {}", names.join(", "))),
            );
            None
        }),
        None => Some(builtin(name).unwrap_or_else(|| builtin("default").expect("built in"))),
    }
}

/// The built-in theme `b` and those it falls through to, `b` first.
fn builtin_chain(b: &'static Builtin) -> Vec<&'static Builtin> {
    let mut chain = vec![b];
    while chain.len() <= BUILTIN.len() {
        let last = chain[chain.len() - 1];
        if last.name == "default" {
            break;
        }
        chain.push(builtin(builtin_parent(last)).expect("built-in themes extend built-in themes"));
    }
    chain
}

/// The theme a built-in theme extends (`default` unless its `theme.yaml` says otherwise).
pub fn builtin_parent(b: &Builtin) -> &'static str {
    let text = b.file("theme.yaml").map(String::from_utf8_lossy).unwrap_or_default();
    let extends = text.lines().find_map(|l| l.strip_prefix("extends:")).map(str::trim).unwrap_or("default");
    BUILTIN.iter().map(|b| b.name).find(|n| *n == extends).unwrap_or("default")
}

/// The theme's `theme.yaml`, each layer's over those below.
fn manifest_of(layers: &[Layer], diags: &mut Diags) -> Manifest {
    let mut manifest = Manifest::default();
    for layer in layers {
        let Some(bytes) = layer.get("theme.yaml") else { continue };
        let src = SourceFile::new(layer.dir.join("theme.yaml"), String::from_utf8_lossy(bytes).into_owned());
        let (parsed, d) = Manifest::parse(&src);
        diags.extend(d);
        manifest = match parsed {
            Some(m) => m.over(&manifest, &src, diags),
            // Not read at all: what the site gives its settings is not checked either.
            None => Manifest { left_out: manifest::LeftOut::all(), backgrounds: None, ..manifest },
        };
    }
    manifest
}

/// Every template, the highest layer's of each name.
fn templates(layers: &[Layer]) -> (Vec<(String, String)>, Vec<PathBuf>) {
    let mut found: BTreeMap<&str, (String, PathBuf)> = BTreeMap::new();
    for layer in layers {
        for &(path, bytes) in &layer.files {
            if let Some(name) = path.strip_prefix("templates/").filter(|n| n.ends_with(".html")) {
                found.insert(name, (String::from_utf8_lossy(bytes).into_owned(), layer.dir.join(path)));
            }
        }
    }
    found.into_iter().map(|(n, (source, origin))| ((n.to_owned(), source), origin)).unzip()
}

/// Every static file, the highest layer's of each path.
fn assets(layers: &[Layer]) -> Vec<(String, Vec<u8>)> {
    let mut found: BTreeMap<&str, &[u8]> = BTreeMap::new();
    for layer in layers {
        for &(path, bytes) in &layer.files {
            if let Some(rest) = path.strip_prefix("static/") {
                found.insert(rest, bytes);
            }
        }
    }
    found.into_iter().map(|(p, b)| (p.to_owned(), b.to_vec())).collect()
}

/// A warning for each static file whose path differs from another's only in case (`Style.css`,
/// `style.css`) or in how an accented letter is encoded (NFC or NFD), at the later one: both
/// are published, and where file names ignore those differences (macOS, Windows) they are one
/// file, of the output and of the site's clone. A site's file so named overrides nothing.
fn case_twins(layers: &[Layer]) -> Diags {
    let mut diags = Diags::new();
    let mut first: BTreeMap<String, (usize, &str)> = BTreeMap::new();
    for (i, layer) in layers.iter().enumerate() {
        for &(path, _) in layer.files.iter().filter(|(p, _)| p.starts_with("static/")) {
            let key = NameTwin::key(path);
            match first.get(&key) {
                Some(&(j, seen)) => {
                    let Some(how) = NameTwin::of(seen, path) else { continue };
                    let d = twin(&layer.dir.join(path), &layers[j].dir.join(seen), how);
                    diags.push(if i == j { d.help(SAME_FOLDER_TWINS) } else { d.help(overrides_nothing(seen)) });
                }
                None => {
                    first.insert(key, (i, path));
                }
            }
        }
    }
    diags
}

/// The warning for `path`, a twin of `first` ([`case_twins`]), without its help.
fn twin(path: &Path, first: &Path, how: NameTwin) -> Diagnostic {
    let (shown, other) = (crate::diag::display_path(path), crate::diag::display_path(first));
    let how = match how {
        NameTwin::Case => "in case",
        NameTwin::Encoding => "in how its accents are encoded",
    };
    Diagnostic::warning(path, format!("`{shown}` differs from `{other}` only {how}"))
}

const SAME_FOLDER_TWINS: &str = "macOS and Windows do not tell such file names apart: a clone of the site there keeps \
    one of the two, and the output one file for both; rename one of them";

/// The help for a twin of `theme_file`, a file of a layer below.
fn overrides_nothing(theme_file: &str) -> String {
    let name = Path::new(theme_file).file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    format!(
        "it overrides nothing: both are published, and on macOS and Windows, which do not tell such file names apart, \
         they are one file of the output; name it `{name}` to replace the theme's, or give it a name of its own"
    )
}

/// The stylesheets `theme.yaml` lists (`style.css` when it lists none), each checked to be
/// in `static/`.
fn stylesheets(manifest: &Manifest, assets: &[(String, Vec<u8>)], theme: &Layer, diags: &mut Diags) -> Vec<String> {
    let list = manifest.stylesheets.clone().unwrap_or_else(|| vec!["style.css".into()]);
    let manifest_file = theme.dir.join("theme.yaml");
    // At the name in theme.yaml, when the theme's own manifest gives the list.
    let text = theme.files.iter().find(|(p, _)| *p == "theme.yaml").map(|(_, b)| String::from_utf8_lossy(b));
    let src = SourceFile::new(&manifest_file, text.map(|t| t.into_owned()).unwrap_or_default());
    for css in &list {
        if !assets.iter().any(|(p, _)| p == css) {
            let at = src.text.find(css.as_str()).map(|i| src.position_of(i));
            let d = match at {
                Some((line, col)) => src.error(line, col, format!("stylesheet `{css}` is not in static/")),
                None => Diagnostic::error(&manifest_file, format!("stylesheet `{css}` is not in static/")),
            };
            let hint = crate::text::mean(crate::text::closest_path(css, assets.iter().map(|(p, _)| p.as_str())));
            diags.push(d.help(format!("{hint}add static/{css} to the theme, or take it out of `stylesheets:`")));
        }
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::CONFIG_FILE;
    use crate::diag::display_path;
    use crate::model::ThemeFiles;

    fn config(extra: &str) -> Config {
        Config::parse(&SourceFile::new(CONFIG_FILE, format!("title: T\nbase_url: https://e.org/\n{extra}"))).unwrap()
    }

    fn own(files: &[(&str, &str)]) -> ThemeFiles {
        ThemeFiles {
            dir: PathBuf::new(),
            files: files.iter().map(|(p, t)| (p.to_string(), t.as_bytes().to_vec())).collect(),
        }
    }

    fn source<'a>(theme: &'a Theme, name: &str) -> &'a str {
        &theme.templates.iter().find(|(n, _)| n == name).unwrap().1
    }

    #[test]
    fn one_site_template_overrides_alone() {
        let files = SiteThemeFiles {
            own: own(&[
                ("templates/partials/note.html", "<p>mine</p>"),
                ("templates/README.md", "x"),
                ("static/logo.svg", "<svg/>"),
            ]),
            folder: None,
        };
        let (theme, diags) = resolve(&config(""), &files);
        let theme = theme.unwrap();
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(source(&theme, "partials/note.html"), "<p>mine</p>");
        assert_eq!(display_path(&theme.file_of("partials/note.html")), "templates/partials/note.html");
        assert_eq!(display_path(&theme.file_of("brief.html")), "themes/default/templates/brief.html");
        assert!(!theme.templates.iter().any(|(n, _)| n == "README.md"));
        assert!(
            theme.assets.iter().any(|(p, _)| p == "logo.svg") && theme.assets.iter().any(|(p, _)| p == "style.css")
        );
        assert_eq!(theme.stylesheets, ["style.css"]);
    }

    #[test]
    fn static_files_whose_names_differ_only_in_case_are_warned_of() {
        let folder = ThemeFiles {
            dir: "themes/mine".into(),
            files: vec![("static/Logo.svg".into(), b"<svg/>".to_vec()), ("static/logo.svg".into(), b"<svg/>".to_vec())],
        };
        let files = SiteThemeFiles {
            own: own(&[("static/Style.css", "a {}"), ("static/caf\u{e9}.png", "x"), ("static/cafe\u{301}.png", "x")]),
            folder: Some(folder),
        };
        let diags = resolve(&config("theme: mine\n"), &files).1;
        let found: Vec<(String, String)> = diags.iter().map(|d| (d.location(), d.message.clone())).collect();
        assert_eq!(
            found,
            [
                (
                    "themes/mine/static/logo.svg".into(),
                    "`themes/mine/static/logo.svg` differs from `themes/mine/static/Logo.svg` only in case".into()
                ),
                (
                    "static/Style.css".into(),
                    "`static/Style.css` differs from `themes/default/static/style.css` only in case".into()
                ),
                (
                    "static/cafe\u{301}.png".into(),
                    "`static/cafe\u{301}.png` differs from `static/caf\u{e9}.png` only in how its accents are encoded"
                        .into()
                ),
            ]
        );
        assert!(diags.iter().all(|d| d.severity == crate::diag::Severity::Warning));
        let help = |i: usize| diags.iter().nth(i).unwrap().help.clone().unwrap();
        assert!(help(0).contains("a clone of the site there keeps one of the two"), "{}", help(0));
        assert!(help(1).starts_with("it overrides nothing") && help(1).contains("name it `style.css`"), "{}", help(1));
        let (_, diags) = resolve(&config("theme: broadsheet\n"), &SiteThemeFiles::default());
        assert!(diags.is_empty(), "the built-in themes have no twins: {diags:?}");
    }

    #[test]
    fn broadsheet_falls_through_to_default_and_a_folder_to_its_builtin() {
        let (theme, diags) = resolve(&config("theme: broadsheet\n"), &SiteThemeFiles::default());
        let theme = theme.unwrap();
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(display_path(&theme.file_of("index.html")), "themes/broadsheet/templates/index.html");
        assert_eq!(display_path(&theme.file_of("brief.html")), "themes/default/templates/brief.html");
        assert_eq!(theme.stylesheets, ["style.css", "broadsheet.css"]);
        let folder = ThemeFiles {
            dir: "themes/mine".into(),
            files: vec![
                ("theme.yaml".into(), b"extends: broadsheet\n".to_vec()),
                ("templates/tag.html".into(), b"t".to_vec()),
            ],
        };
        let files = SiteThemeFiles { own: ThemeFiles::default(), folder: Some(folder) };
        let theme = resolve(&config("theme: mine\n"), &files).0.unwrap();
        assert_eq!(display_path(&theme.file_of("tag.html")), "themes/mine/templates/tag.html");
        assert_eq!(display_path(&theme.file_of("index.html")), "themes/broadsheet/templates/index.html");
        assert_eq!(theme.stylesheets, ["style.css", "broadsheet.css"], "stylesheets come from the parent");
    }

    #[test]
    fn a_stylesheet_missing_from_static_is_located_in_theme_yaml() {
        let folder = ThemeFiles {
            dir: "themes/mine".into(),
            files: vec![
                (
                    "theme.yaml".into(),
                    b"extends: default\nstylesheets: [style.css, gone.css, lost.css, mne.css]\n".to_vec(),
                ),
                ("static/style.css".into(), b"body {}".to_vec()),
                ("static/mine.css".into(), b"body {}".to_vec()),
            ],
        };
        let files = SiteThemeFiles { own: ThemeFiles::default(), folder: Some(folder) };
        let diags = resolve(&config("theme: mine\n"), &files).1;
        let found: Vec<(String, String)> = diags.iter().map(|d| (d.location(), d.message.clone())).collect();
        assert_eq!(
            found,
            [
                ("themes/mine/theme.yaml:2:26".to_owned(), "stylesheet `gone.css` is not in static/".to_owned()),
                ("themes/mine/theme.yaml:2:36".to_owned(), "stylesheet `lost.css` is not in static/".to_owned()),
                ("themes/mine/theme.yaml:2:46".to_owned(), "stylesheet `mne.css` is not in static/".to_owned()),
            ]
        );
        let helps: Vec<&str> = diags.iter().map(|d| d.help.as_deref().unwrap_or_default()).collect();
        assert!(helps[0].starts_with("add static/gone.css to the theme"), "nothing like it: {helps:?}");
        assert!(helps[2].starts_with("did you mean `mine.css`? add static/mne.css"), "{helps:?}");
    }

    #[test]
    fn an_unknown_parent_theme_gets_the_closest_builtin() {
        let folder = ThemeFiles {
            dir: "themes/mine".into(),
            files: vec![("theme.yaml".into(), b"extends: broadshet\n".to_vec())],
        };
        let files = SiteThemeFiles { own: ThemeFiles::default(), folder: Some(folder) };
        let diags = resolve(&config("theme: mine\n"), &files).1;
        let d = diags.into_iter().next().unwrap();
        assert_eq!(
            (d.location(), d.message.as_str()),
            ("themes/mine/theme.yaml:1:10".to_owned(), "there is no built-in theme `broadshet`")
        );
        assert_eq!(
            d.help.as_deref(),
            Some("did you mean `broadsheet`? `extends:` names a built-in theme: default, broadsheet")
        );
    }

    #[test]
    fn an_unknown_theme_is_an_error_with_the_builtin_names() {
        let (theme, diags) = resolve(&config("theme: broadshet\n"), &SiteThemeFiles::default());
        assert!(theme.is_none());
        let d = diags.into_iter().next().unwrap();
        assert_eq!((d.location(), d.message.as_str()), ("briefgen.yaml:3:8".to_owned(), "theme `broadshet` not found"));
        assert_eq!(
            d.help.as_deref(),
            Some(
                "did you mean `broadsheet`? the built-in themes are default and broadsheet; or add the folder themes/broadshet/"
            )
        );
    }

    #[test]
    fn builtin_catalogues_are_complete_and_templates_use_only_their_keys() {
        for lang in ["de", "fr", "es", "ar", "it", "ja", "pt", "ru", "zh"] {
            for theme in ["default", "broadsheet"] {
                let (_, diags) =
                    resolve(&config(&format!("language: {lang}\ntheme: {theme}\n")), &SiteThemeFiles::default());
                assert!(
                    diags.is_empty(),
                    "{lang} {theme}: {:?}",
                    diags.into_iter().map(|d| d.message).collect::<Vec<_>>()
                );
            }
        }
        let theme = resolve(&config("theme: broadsheet\n"), &SiteThemeFiles::default()).0.unwrap();
        let keys: Vec<&str> = theme.strings.keys().collect();
        for (name, source) in &theme.templates {
            for (i, _) in source.match_indices("site.t.") {
                let rest = &source[i + "site.t.".len()..];
                let key =
                    &rest[..rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.')).unwrap_or(rest.len())];
                let key = key.trim_end_matches('.');
                assert!(
                    keys.iter().any(|k| *k == key || k.starts_with(&format!("{key}."))),
                    "{name}: no string `{key}`"
                );
            }
        }
    }
}
