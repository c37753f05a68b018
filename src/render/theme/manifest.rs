//! `theme.yaml`: what a theme says about itself — the theme it builds on, its stylesheets, its
//! background colours (which setting colours must contrast with), and the settings a site may
//! give it in `theme_settings:`.

use serde::Deserialize;

use super::colour::Colour;
use crate::diag::{Diags, SourceFile};
use crate::yaml::{self, OrderedMap, Spanned};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestFile {
    name: Option<String>,
    description: Option<String>,
    extends: Option<Spanned<String>>,
    stylesheets: Option<Vec<String>>,
    backgrounds: Option<BackgroundsFile>,
    settings: Option<OrderedMap<DeclFile>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BackgroundsFile {
    light: Vec<Spanned<String>>,
    #[serde(default)]
    dark: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DeclFile {
    kind: SettingKind,
    description: Option<String>,
}

/// What a setting holds, which says how `theme_settings:` gives it and templates get it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SettingKind {
    /// `"#8a1538"`, or `{light: …, dark: …}`; checked for contrast with the backgrounds.
    Colour,
    /// A file in `static/`.
    Image,
    /// A list of `{title, url}`.
    Links,
    /// A line of Markdown.
    Markdown,
}

/// A setting a theme accepts.
#[derive(Clone, Debug)]
pub struct Decl {
    pub name: String,
    pub kind: SettingKind,
    pub description: Option<String>,
}

/// The colours text is shown on, in light mode and (when the theme has one) dark mode.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Backgrounds {
    pub light: Vec<Colour>,
    pub dark: Vec<Colour>,
}

/// A `theme.yaml`, checked.
#[derive(Clone, Debug, Default)]
pub struct Manifest {
    pub description: String,
    /// The built-in theme this one falls through to, with its position.
    pub extends: Option<Spanned<String>>,
    /// Paths under `static/`, in the order pages link them.
    pub stylesheets: Option<Vec<String>>,
    pub backgrounds: Option<Backgrounds>,
    pub settings: Vec<Decl>,
}

impl Manifest {
    pub fn parse(src: &SourceFile) -> Result<Manifest, Diags> {
        // Every key optional: one with a mistake is left out and the others still checked,
        // so that every mistake is reported at once.
        let parsed = yaml::parse_recovering::<ManifestFile>(src, yaml::Entries::TopLevel);
        let mut diags = Diags::new();
        diags.extend(parsed.diags);
        let Some(file) = parsed.value else { return Err(diags) };
        let _ = file.name;
        let backgrounds = file.backgrounds.map(|b| Backgrounds {
            light: colours(src, &b.light, &mut diags),
            dark: colours(src, &b.dark, &mut diags),
        });
        if backgrounds.as_ref().is_some_and(|b| b.light.is_empty()) {
            diags.push(src.error(0, 0, "`backgrounds` needs at least one `light` colour"));
        }
        let settings = file
            .settings
            .unwrap_or_default()
            .0
            .into_iter()
            .map(|(name, d)| Decl { name: name.value, kind: d.kind, description: d.description })
            .collect();
        if diags.has_errors() {
            return Err(diags);
        }
        Ok(Manifest {
            description: file.description.unwrap_or_default(),
            extends: file.extends,
            stylesheets: file.stylesheets,
            backgrounds,
            settings,
        })
    }

    /// This manifest over `parent`'s: what it leaves out, it has from the parent; settings
    /// are both themes' (this one's description of a setting wins).
    pub fn over(mut self, parent: &Manifest) -> Manifest {
        if self.stylesheets.is_none() {
            self.stylesheets = parent.stylesheets.clone();
        }
        if self.backgrounds.is_none() {
            self.backgrounds = parent.backgrounds.clone();
        }
        let mut settings: Vec<Decl> =
            parent.settings.iter().filter(|p| !self.settings.iter().any(|s| s.name == p.name)).cloned().collect();
        settings.append(&mut self.settings);
        self.settings = settings;
        self
    }
}

fn colours(src: &SourceFile, list: &[Spanned<String>], diags: &mut Diags) -> Vec<Colour> {
    list.iter()
        .filter_map(|c| {
            let parsed = Colour::parse(&c.value);
            if parsed.is_none() {
                diags.push(
                    src.error(c.line, c.col, format!("`{}` is not a colour", c.value))
                        .help("write a colour as `#rrggbb` or `#rgb`, in quotes"),
                );
            }
            parsed
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Manifest, Vec<String>> {
        Manifest::parse(&SourceFile::new("themes/x/theme.yaml", text))
            .map_err(|d| d.into_iter().map(|d| format!("{}:{} {}", d.line, d.col, d.message)).collect())
    }

    #[test]
    fn a_manifest_declares_settings_and_backgrounds() {
        let m = parse(
            "name: x\nstylesheets: [a.css]\nbackgrounds: {light: [\"#fff\"], dark: [\"#000\"]}\nsettings:\n  accent: {kind: colour}\n  logo: {kind: image, description: The logo}\n",
        )
        .unwrap();
        assert_eq!(
            m.settings.iter().map(|d| (d.name.as_str(), d.kind)).collect::<Vec<_>>(),
            [("accent", SettingKind::Colour), ("logo", SettingKind::Image)]
        );
        assert_eq!(m.backgrounds.unwrap().dark.len(), 1);
        assert_eq!(parse("backgrounds: {light: [white]}\n").unwrap_err()[0], "1:23 `white` is not a colour");
        assert_eq!(parse("settings:\n  a: {kind: font}\n").unwrap_err().len(), 1);
        // Every mistake at once: one key's does not hide the next's.
        let errs = parse("name: x\ncolour: red\nstylesheet: [a.css]\nextends: [default]\n").unwrap_err();
        let lines: Vec<&str> = errs.iter().map(|e| e.split(':').next().unwrap_or_default()).collect();
        assert_eq!(lines, ["2", "3", "4"], "{errs:?}");
    }

    #[test]
    fn a_child_keeps_what_it_does_not_say_from_its_parent() {
        let parent =
            parse("stylesheets: [style.css]\nsettings:\n  accent: {kind: colour}\n  logo: {kind: image}\n").unwrap();
        let child = parse("settings:\n  logo: {kind: image, description: Mine}\n  motto: {kind: markdown}\n").unwrap();
        let m = child.over(&parent);
        assert_eq!(m.stylesheets, Some(vec!["style.css".to_owned()]));
        let names: Vec<_> = m.settings.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["accent", "logo", "motto"]);
        assert_eq!(m.settings[1].description.as_deref(), Some("Mine"));
    }
}
