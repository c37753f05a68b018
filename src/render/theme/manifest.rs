//! `theme.yaml`: what a theme says about itself — the theme it builds on, its stylesheets, its
//! background colours (which setting colours must contrast with), and the settings a site may
//! give it in `theme_settings:`.

use serde::Deserialize;

use super::colour::Colour;
use crate::diag::{Diags, SourceFile};
use crate::yaml::recover::{accounts_for, entry_key};
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
    kind: Spanned<SettingKind>,
    description: Option<String>,
}

/// What a setting holds, which says how `theme_settings:` gives it and templates get it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SettingKind {
    /// `"#8a1538"`, or `{light: …, dark: …}`; checked for contrast with the backgrounds.
    Colour,
    /// An image in `static/`.
    Image,
    /// A stylesheet in `static/`, which pages link after the theme's.
    Stylesheet,
    /// A list of `{title, url}`.
    Links,
    /// A line of Markdown.
    Markdown,
}

impl SettingKind {
    /// As `theme.yaml` writes it.
    pub fn name(self) -> &'static str {
        match self {
            SettingKind::Colour => "colour",
            SettingKind::Image => "image",
            SettingKind::Stylesheet => "stylesheet",
            SettingKind::Links => "links",
            SettingKind::Markdown => "markdown",
        }
    }
}

/// A setting a theme accepts.
#[derive(Clone, Debug)]
pub struct Decl {
    pub name: String,
    pub kind: SettingKind,
    pub description: Option<String>,
    /// Where its `kind` is, in its theme's `theme.yaml`.
    pub at: (u32, u32),
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
    /// What was left out for its own mistakes, already reported.
    pub left_out: LeftOut,
}

/// What of a `theme.yaml` was left out for its mistakes: a site's value for a setting left out
/// is not checked (an "unknown theme setting" would be a second error), and a theme whose
/// `backgrounds:` was left out does not check colours against another theme's.
#[derive(Clone, Debug, Default)]
pub struct LeftOut {
    /// Top-level keys (`backgrounds`, `setings`).
    keys: Vec<String>,
    /// Settings, by name.
    settings: Vec<String>,
    /// Every setting: the file, or its `settings:`, could not be read.
    all_settings: bool,
}

impl LeftOut {
    /// Every setting, for a `theme.yaml` that does not parse.
    pub fn all() -> Self {
        LeftOut { all_settings: true, ..LeftOut::default() }
    }

    /// Whether setting `name` may be one left out.
    pub fn has_setting(&self, name: &str) -> bool {
        self.all_settings || self.settings.iter().any(|s| s == name)
    }

    fn of(dropped: &[String]) -> Self {
        let top = |e: &&String| e.lines().find(|l| !l.trim().is_empty()).is_some_and(|l| !l.starts_with(' '));
        let keys: Vec<String> = dropped.iter().filter(top).filter_map(|e| entry_key(e)).collect();
        let settings = dropped.iter().filter(|e| !top(e)).filter_map(|e| entry_key(e)).collect();
        LeftOut { all_settings: accounts_for(&keys, "settings"), keys, settings }
    }

    fn union(mut self, other: &LeftOut) -> Self {
        self.keys.extend(other.keys.iter().cloned());
        self.settings.extend(other.settings.iter().cloned());
        self.all_settings |= other.all_settings;
        self
    }
}

impl Manifest {
    /// Reads a `theme.yaml`: what of it parses, with every mistake (`None` when its YAML does
    /// not parse at all). Each top-level key, and each setting, with a mistake is left out
    /// ([`LeftOut`]) and the others still checked, so that every mistake is reported at once.
    pub fn parse(src: &SourceFile) -> (Option<Manifest>, Diags) {
        let parsed = yaml::parse_recovering::<ManifestFile>(src, yaml::Entries::Under(&["settings"]));
        let mut diags = Diags::new();
        diags.extend(parsed.diags);
        let Some(file) = parsed.value else { return (None, diags) };
        let _ = file.name;
        // One error for `light: [white]`: not also a `light` list left empty.
        let no_light = file.backgrounds.as_ref().is_some_and(|b| b.light.is_empty());
        let backgrounds = file.backgrounds.map(|b| Backgrounds {
            light: colours(src, &b.light, &mut diags),
            dark: colours(src, &b.dark, &mut diags),
        });
        if no_light {
            diags.push(src.error(0, 0, "`backgrounds` needs at least one `light` colour"));
        }
        let settings = file
            .settings
            .unwrap_or_default()
            .0
            .into_iter()
            .map(|(name, d)| Decl {
                name: name.value,
                kind: d.kind.value,
                description: d.description,
                at: (d.kind.line, d.kind.col),
            })
            .collect();
        let manifest = Manifest {
            description: file.description.unwrap_or_default(),
            extends: file.extends,
            stylesheets: file.stylesheets,
            backgrounds,
            settings,
            left_out: LeftOut::of(&parsed.dropped),
        };
        (Some(manifest), diags)
    }

    /// This manifest (read from `src`) over `parent`'s: what it leaves out, it has from the
    /// parent; settings are both themes' (this one's description of a setting wins). A setting
    /// the parent declares with another kind is an error, and the parent's is kept: the
    /// parent's templates read it as that kind.
    pub fn over(mut self, parent: &Manifest, src: &SourceFile, diags: &mut Diags) -> Manifest {
        self.settings.retain(|s| {
            let Some(p) = parent.settings.iter().find(|p| p.name == s.name && p.kind != s.kind) else { return true };
            diags.push(
                src.error(s.at.0, s.at.1, format!("`{}` is a setting of the theme this one extends, of kind `{}`", s.name, p.kind.name()))
                    .help(format!(
                        "a theme cannot change a setting's kind: the templates it builds on read `{0}` as {1}; give this setting a name of its own, or leave it out to keep the {1}",
                        s.name,
                        p.kind.name()
                    )),
            );
            false
        });
        if self.stylesheets.is_none() {
            self.stylesheets = parent.stylesheets.clone();
        }
        if self.backgrounds.is_none() && !accounts_for(&self.left_out.keys, "backgrounds") {
            self.backgrounds = parent.backgrounds.clone();
        }
        self.left_out = self.left_out.union(&parent.left_out);
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
        match Manifest::parse(&SourceFile::new("themes/x/theme.yaml", text)) {
            (Some(m), d) if d.is_empty() => Ok(m),
            (_, d) => Err(d.into_iter().map(|d| format!("{}:{} {}", d.line, d.col, d.message)).collect()),
        }
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
        assert_eq!(parse("backgrounds: {light: [white]}\n").unwrap_err(), ["1:23 `white` is not a colour"]);
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
        let m = child.over(&parent, &SourceFile::new("themes/x/theme.yaml", ""), &mut Diags::new());
        assert_eq!(m.stylesheets, Some(vec!["style.css".to_owned()]));
        let names: Vec<_> = m.settings.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["accent", "logo", "motto"]);
        assert_eq!(m.settings[1].description.as_deref(), Some("Mine"));
    }

    #[test]
    fn a_child_cannot_change_the_kind_of_its_parents_setting() {
        let parent = parse("settings:\n  nav: {kind: links}\n").unwrap();
        let text = "settings:\n  nav:\n    kind: markdown\n";
        let src = SourceFile::new("themes/x/theme.yaml", text);
        let mut diags = Diags::new();
        let m = Manifest::parse(&src).0.unwrap().over(&parent, &src, &mut diags);
        let errs: Vec<String> = diags.into_iter().map(|d| format!("{}:{} {}", d.line, d.col, d.message)).collect();
        assert_eq!(errs, ["3:11 `nav` is a setting of the theme this one extends, of kind `links`"]);
        assert_eq!(m.settings.iter().map(|d| d.kind).collect::<Vec<_>>(), [SettingKind::Links], "the parent's is kept");
    }
}
