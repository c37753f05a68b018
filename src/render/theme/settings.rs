//! `theme_settings:` in briefgen.yaml, checked against the settings the theme declares in its
//! `theme.yaml`: unknown names (with a "did you mean"), values of the wrong shape, images that
//! are not in `static/`, and colours without enough contrast with the theme's backgrounds
//! (WCAG AA for text, in light and dark mode).

use super::colour::{AA_TEXT, Colour};
use super::manifest::{Backgrounds, Decl, Manifest, SettingKind};
use crate::diag::{Diagnostic, Diags, SourceFile};
use crate::yaml::{Spanned, Tree};

/// A setting's checked value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Setting {
    /// The colour in light mode, and in dark mode when the theme has one (given, or the
    /// nearest shade of the light one that contrasts enough).
    Colour {
        light: Colour,
        dark: Option<Colour>,
    },
    /// A path under `static/` (an image, a stylesheet).
    Asset(String),
    Links(Vec<NavLink>),
    /// The HTML of a line of Markdown.
    Markdown(String),
}

/// A link the site adds to the navigation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NavLink {
    pub title: String,
    pub target: Target,
    /// For a path of the site: the error a build reports when it makes nothing there
    /// ([`site_links`]), located at the `url:` that gives it.
    pub if_missing: Option<Diagnostic>,
}

/// The links in `settings` to paths of the site, each with the error to report when the build
/// writes nothing there (see `build::targets`).
pub fn site_links(settings: &Settings) -> impl Iterator<Item = (&str, &Diagnostic)> {
    settings
        .iter()
        .flat_map(|(_, s)| match s {
            Setting::Links(links) => links.as_slice(),
            _ => &[],
        })
        .filter_map(|l| match (&l.target, &l.if_missing) {
            (Target::Site(path), Some(d)) => Some((path.as_str(), d)),
            _ => None,
        })
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A path in the site (`about/`), under its base path.
    Site(String),
    /// An address elsewhere (`https://…`, `mailto:…`).
    External(String),
}

/// The settings the site gives, by name, in the theme's order.
pub type Settings = Vec<(String, Setting)>;

/// What checking a setting needs besides its value.
struct Check<'a> {
    src: &'a SourceFile,
    backgrounds: Option<&'a Backgrounds>,
    /// Paths under `static/` the theme and the site have.
    assets: &'a [&'a str],
    /// The site's base path, which Markdown links from its root get.
    base_path: &'a str,
}

/// Checks `theme_settings:` (`given`, from `src`) against `manifest`, for a site at
/// `base_path`.
pub fn check(
    src: &SourceFile,
    given: Option<&Spanned<Tree>>,
    manifest: &Manifest,
    assets: &[&str],
    theme: &str,
    base_path: &str,
) -> (Settings, Diags) {
    let mut diags = Diags::new();
    let mut out = Settings::new();
    let Some(given) = given else { return (out, diags) };
    let items = match &given.value {
        Tree::Map(items) => items.as_slice(),
        Tree::Null => &[],
        other => {
            let d =
                src.error(given.line, given.col, format!("`theme_settings` must be a mapping, not {}", other.kind()));
            diags.push(d.help("write one setting per line: `accent: \"#8a1538\"`"));
            return (out, diags);
        }
    };
    let check = Check { src, backgrounds: manifest.backgrounds.as_ref(), assets, base_path };
    for (key, value) in items {
        let Some(decl) = manifest.settings.iter().find(|d| d.name == key.value) else {
            // A setting `theme.yaml` declares with a mistake is reported there, once.
            if !manifest.left_out.has_setting(&key.value) {
                diags.push(unknown(src, key, manifest, theme));
            }
            continue;
        };
        match check.value(decl, value) {
            Ok(setting) => out.push((decl.name.clone(), setting)),
            Err(errors) => diags.extend(errors),
        }
    }
    out.sort_by_key(|(name, _)| manifest.settings.iter().position(|d| &d.name == name));
    (out, diags)
}

fn unknown(src: &SourceFile, key: &Spanned<String>, manifest: &Manifest, theme: &str) -> Diagnostic {
    let names: Vec<&str> = manifest.settings.iter().map(|d| d.name.as_str()).collect();
    let hint = crate::text::mean(crate::text::closest(&key.value, names.iter().copied()));
    let accepted = if names.is_empty() { "none".to_owned() } else { names.join(", ") };
    src.error(key.line, key.col, format!("unknown theme setting `{}`", key.value))
        .help(format!("{hint}the `{theme}` theme accepts: {accepted} (see its theme.yaml)"))
}

const LINK_HELP: &str =
    "write one link per item: `- {title: Donate, url: \"https://…\"}` or a page of the site, `url: about/`";

/// The files a setting of `static/` may name: what they are, by their extensions.
struct AssetKind {
    /// `an image`.
    what: &'static str,
    extensions: &'static [&'static str],
    /// A path of `static/` to give as an example.
    example: &'static str,
}

/// An image setting (a logo, the favicon, the social image): what browsers show in `<img>`
/// and as a tab's icon (`ico`, the favicons of old).
const IMAGE: AssetKind = AssetKind {
    what: "an image",
    extensions: &["svg", "png", "jpg", "jpeg", "gif", "webp", "avif", "ico"],
    example: "logo.svg",
};

/// A stylesheet setting: a site's own CSS.
const STYLESHEET: AssetKind = AssetKind { what: "a stylesheet", extensions: &["css"], example: "site.css" };

impl Check<'_> {
    /// A setting's value, or its errors (one, but for a list of links: one per link).
    fn value(&self, decl: &Decl, v: &Spanned<Tree>) -> Result<Setting, Vec<Diagnostic>> {
        if v.value == Tree::Null {
            let help = match decl.kind {
                SettingKind::Colour => {
                    "a colour starts with #, which YAML reads as a comment: put it in quotes, e.g. `\"#8a1538\"`"
                }
                _ => "give it a value, or leave the setting out",
            };
            return Err(vec![self.src.error(v.line, v.col, format!("`{}` has no value", decl.name)).help(help)]);
        }
        match decl.kind {
            SettingKind::Colour => self.colour(&decl.name, v).map_err(|d| vec![d]),
            SettingKind::Image => self.asset(&decl.name, v, &IMAGE).map(Setting::Asset).map_err(|d| vec![d]),
            SettingKind::Stylesheet => self.asset(&decl.name, v, &STYLESHEET).map(Setting::Asset).map_err(|d| vec![d]),
            SettingKind::Links => self.links(&decl.name, v).map(Setting::Links),
            SettingKind::Markdown => self
                .text(&decl.name, v)
                .map(|t| Setting::Markdown(crate::markdown::render_markdown(&t, self.base_path)))
                .map_err(|d| vec![d]),
        }
    }

    fn text(&self, name: &str, v: &Spanned<Tree>) -> Result<String, Diagnostic> {
        match &v.value {
            Tree::Scalar(s) if !s.trim().is_empty() => Ok(s.clone()),
            Tree::Scalar(_) => Err(self
                .src
                .error(v.line, v.col, format!("`{name}` is empty"))
                .help(format!("write the text, or remove `{name}:`"))),
            other => Err(self
                .src
                .error(v.line, v.col, format!("`{name}` must be text, not {}", other.kind()))
                .help("put the text in quotes")),
        }
    }

    fn colour(&self, name: &str, v: &Spanned<Tree>) -> Result<Setting, Diagnostic> {
        let backgrounds = self.backgrounds.cloned().unwrap_or_default();
        let (light, dark) = match &v.value {
            Tree::Map(items) => {
                let mut parts = (None, None);
                for (k, value) in items {
                    match k.value.as_str() {
                        "light" => parts.0 = Some(self.one_colour(name, value, &backgrounds.light, "light")?),
                        "dark" => parts.1 = Some(self.one_colour(name, value, &backgrounds.dark, "dark")?),
                        _ => {
                            return Err(self
                                .src
                                .error(k.line, k.col, format!("unknown key `{}` in `{name}`", k.value))
                                .help("a colour is one value, or `{light: \"#…\", dark: \"#…\"}`"));
                        }
                    }
                }
                let light = parts.0.ok_or_else(|| {
                    self.src
                        .error(v.line, v.col, format!("`{name}` needs a `light` colour"))
                        .help("add `light: \"#…\"`")
                })?;
                (light, parts.1)
            }
            _ => (self.one_colour(name, v, &backgrounds.light, "light")?, None),
        };
        // A dark mode without a colour of its own gets the nearest shade that reads well there.
        let dark = match dark {
            None if !backgrounds.dark.is_empty() => light.with_contrast(&backgrounds.dark, AA_TEXT),
            d => d,
        };
        Ok(Setting::Colour { light, dark: dark.filter(|_| !backgrounds.dark.is_empty()) })
    }

    fn one_colour(
        &self,
        name: &str,
        v: &Spanned<Tree>,
        backgrounds: &[Colour],
        mode: &str,
    ) -> Result<Colour, Diagnostic> {
        let text = self.text(name, v)?;
        let colour = Colour::parse(&text).ok_or_else(|| {
            self.src
                .error(v.line, v.col, format!("`{text}` is not a colour"))
                .help("write a colour as `\"#rrggbb\"` or `\"#rgb\"`, in quotes")
        })?;
        for bg in backgrounds {
            let ratio = colour.contrast(*bg);
            if ratio < AA_TEXT {
                let better = colour
                    .with_contrast(backgrounds, AA_TEXT)
                    .map_or_else(String::new, |c| format!("; the nearest shade that passes is `\"{c}\"`"));
                return Err(self
                    .src
                    .error(
                        v.line,
                        v.col,
                        format!(
                            "`{name}` {colour} has a contrast of {ratio:.2}:1 with the theme's {mode} background {bg}; \
                             WCAG AA asks 4.5:1 for text"
                        ),
                    )
                    .help(format!("choose a {} colour{better}", if mode == "light" { "darker" } else { "lighter" })));
            }
        }
        Ok(colour)
    }

    /// A file of `static/` of the kind `kind` says (an image, a stylesheet).
    fn asset(&self, name: &str, v: &Spanned<Tree>, kind: &AssetKind) -> Result<String, Diagnostic> {
        let text = self.text(name, v)?;
        let path = text.trim().trim_start_matches('/');
        let path = path.strip_prefix("static/").unwrap_or(path);
        let what = kind.what;
        if self.assets.contains(&path) {
            let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
            if !kind.extensions.contains(&ext.as_str()) {
                return Err(self
                    .src
                    .error(v.line, v.col, format!("`{name}`: `{path}` is not {what}"))
                    .help(format!("give {what} of static/: {}", kind.extensions.join(", "))));
            }
            return Ok(path.to_owned());
        }
        let assets = self.assets.iter().copied();
        let named = crate::text::closest_path(path, assets.clone()).or_else(|| crate::text::closest(path, assets));
        let hint = crate::text::mean(named);
        let example = kind.example;
        Err(self
            .src
            .error(v.line, v.col, format!("`{name}`: there is no file `{path}` in static/"))
            .help(format!("{hint}put {what} in the site's static/ folder and give its path there, e.g. `{example}`")))
    }

    /// A list of links: every link with a mistake is one error, all reported at once.
    fn links(&self, name: &str, v: &Spanned<Tree>) -> Result<Vec<NavLink>, Vec<Diagnostic>> {
        let Tree::List(items) = &v.value else {
            return Err(vec![
                self.src.error(v.line, v.col, format!("`{name}` must be a list of links")).help(LINK_HELP),
            ]);
        };
        let (links, errors): (Vec<_>, Vec<_>) = items.iter().map(|item| self.link(item)).partition(Result::is_ok);
        if errors.is_empty() {
            Ok(links.into_iter().flatten().collect())
        } else {
            Err(errors.into_iter().filter_map(Result::err).collect())
        }
    }

    fn link(&self, item: &Spanned<Tree>) -> Result<NavLink, Diagnostic> {
        let Tree::Map(fields) = &item.value else {
            return Err(self.src.error(item.line, item.col, "a link must have a `title` and a `url`").help(LINK_HELP));
        };
        let (mut title, mut url) = (None, None);
        for (k, value) in fields {
            match k.value.as_str() {
                "title" => title = Some(self.text("title", value)?),
                "url" => url = Some(self.target(value)?),
                other => {
                    let hint = crate::text::mean(crate::text::closest(other, ["title", "url"]));
                    return Err(self
                        .src
                        .error(k.line, k.col, format!("unknown key `{other}` in a link"))
                        .help(format!("{hint}a link has a `title` and a `url`")));
                }
            }
        }
        match (title, url) {
            (Some(title), Some((target, if_missing))) => Ok(NavLink { title, target, if_missing }),
            _ => Err(self.src.error(item.line, item.col, "a link needs a `title` and a `url`").help(LINK_HELP)),
        }
    }

    /// A link's target, with the error to report if it is a path of the site the build
    /// does not make.
    fn target(&self, v: &Spanned<Tree>) -> Result<(Target, Option<Diagnostic>), Diagnostic> {
        let url = self.text("url", v)?;
        let url = url.trim();
        let lower = url.to_ascii_lowercase();
        if ["https://", "http://", "mailto:"].iter().any(|s| lower.starts_with(s)) {
            if url.contains(char::is_whitespace) || url.contains(['"', '<', '>']) {
                return Err(self.src.error(v.line, v.col, format!("`{url}` is not a valid address")));
            }
            return Ok((Target::External(url.to_owned()), None));
        }
        // `//host/x` is another site's address, not a path of this one.
        let path = url.strip_prefix('/').unwrap_or(url);
        let safe = !path.contains(':')
            && !path.split('/').any(|p| p == "..")
            && !path.starts_with('/')
            && !path.contains(['\\', '"', '<', '>', ' ']);
        if !safe {
            return Err(self
                .src
                .error(v.line, v.col, format!("`{url}` is neither a web address nor a page of the site"))
                .help("use `https://…`, `mailto:…`, or a path in the site such as `about/`"));
        }
        let missing = self.src.error(v.line, v.col, format!("no page of the site is at `{url}`"));
        Ok((Target::Site(path.to_owned()), Some(missing)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST: &str = "backgrounds: {light: [\"#fdfdfb\"], dark: [\"#141518\"]}\nsettings:\n  logo: {kind: image}\n  accent: {kind: colour}\n  nav: {kind: links}\n  footer: {kind: markdown}\n  css: {kind: stylesheet}\n";

    fn check_settings(yaml: &str) -> Result<Settings, Vec<String>> {
        let manifest = Manifest::parse(&SourceFile::new("theme.yaml", MANIFEST)).0.unwrap();
        let src = SourceFile::new("briefgen.yaml", yaml);
        let tree: Spanned<Tree> = crate::yaml::parse::<TopLevel>(&src).unwrap().theme_settings;
        let (settings, diags) = check(&src, Some(&tree), &manifest, &["logo.svg", "style.css"], "default", "/");
        if diags.is_empty() {
            Ok(settings)
        } else {
            Err(diags
                .into_iter()
                .map(|d| format!("{}:{} {} | {}", d.line, d.col, d.message, d.help.unwrap_or_default()))
                .collect())
        }
    }

    #[derive(serde::Deserialize)]
    struct TopLevel {
        theme_settings: Spanned<Tree>,
    }

    #[test]
    fn good_settings_are_kept_in_the_themes_order() {
        let s = check_settings(
            "theme_settings:\n  footer: \"© *Us*\"\n  accent: \"#8a1538\"\n  logo: static/logo.svg\n  nav:\n    - {title: Donate, url: \"https://x.org/give\"}\n    - {title: About, url: /about/}\n",
        )
        .unwrap();
        let names: Vec<&str> = s.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["logo", "accent", "nav", "footer"]);
        assert_eq!(s[0].1, Setting::Asset("logo.svg".into()));
        let Setting::Colour { light, dark: Some(dark) } = &s[1].1 else { panic!("{:?}", s[1]) };
        assert_eq!(light.to_string(), "#8a1538");
        assert!(dark.contrast(Colour::parse("#141518").unwrap()) >= AA_TEXT, "a dark shade is made: {dark}");
        let Setting::Links(links) = &s[2].1 else { panic!("{:?}", s[2]) };
        let targets: Vec<(&str, &Target)> = links.iter().map(|l| (l.title.as_str(), &l.target)).collect();
        assert_eq!(
            targets,
            [("Donate", &Target::External("https://x.org/give".into())), ("About", &Target::Site("about/".into()))]
        );
        assert_eq!(s[3].1, Setting::Markdown("<p>© <em>Us</em></p>\n".into()));
        // A path of the site is checked once the site is built, at its `url:`.
        let links: Vec<(&str, String)> = site_links(&s).map(|(p, d)| (p, d.location())).collect();
        assert_eq!(links, [("about/", "briefgen.yaml:7:27".to_owned())]);
    }

    #[test]
    fn mistakes_are_located_with_a_hint() {
        let errs = check_settings("theme_settings:\n  acent: \"#8a1538\"\n").unwrap_err();
        assert_eq!(
            errs,
            [
                "2:3 unknown theme setting `acent` | did you mean `accent`? the `default` theme accepts: logo, accent, nav, footer, css (see its theme.yaml)"
            ]
        );
        let errs = check_settings("theme_settings:\n  accent: #8a1538\n").unwrap_err();
        assert!(errs[0].starts_with("2:9 `accent` has no value | a colour starts with #"), "{errs:?}");
        let errs = check_settings("theme_settings:\n  accent: \"#ffcc00\"\n").unwrap_err();
        assert!(
            errs[0].starts_with("2:11 `accent` #ffcc00 has a contrast of 1.48:1 with the theme's light background #fdfdfb; WCAG AA asks 4.5:1 for text | choose a darker colour; the nearest shade that passes is `\"#"),
            "{errs:?}"
        );
        let errs = check_settings("theme_settings:\n  accent: {light: \"#8a1538\", dark: \"#222\"}\n").unwrap_err();
        assert!(errs[0].contains("with the theme's dark background #141518"), "{errs:?}");
        let errs = check_settings("theme_settings:\n  logo: logo.png\n").unwrap_err();
        assert!(
            errs[0].starts_with("2:9 `logo`: there is no file `logo.png` in static/ | did you mean `logo.svg`?"),
            "{errs:?}"
        );
        let errs = check_settings("theme_settings:\n  logo: images/logo.svg\n").unwrap_err();
        assert!(errs[0].contains("| did you mean `logo.svg`?"), "the file of that name elsewhere: {errs:?}");
        let errs = check_settings("theme_settings:\n  logo: style.css\n").unwrap_err();
        assert!(errs[0].starts_with("2:9 `logo`: `style.css` is not an image | give an image"), "{errs:?}");
        assert_eq!(
            check_settings("theme_settings:\n  css: style.css\n").unwrap()[0].1,
            Setting::Asset("style.css".into())
        );
        let errs = check_settings("theme_settings:\n  css: logo.svg\n").unwrap_err();
        assert_eq!(errs, ["2:8 `css`: `logo.svg` is not a stylesheet | give a stylesheet of static/: css"]);
        let errs = check_settings("theme_settings:\n  css: site.css\n").unwrap_err();
        assert!(
            errs[0].ends_with("put a stylesheet in the site's static/ folder and give its path there, e.g. `site.css`"),
            "{errs:?}"
        );
        let errs =
            check_settings("theme_settings:\n  nav:\n    - {title: X, url: \"javascript:alert(1)\"}\n").unwrap_err();
        assert!(errs[0].starts_with("3:23 `javascript:alert(1)` is neither"), "{errs:?}");
        let errs =
            check_settings("theme_settings:\n  nav:\n    - {title: X, url: \"//evil.example/x\"}\n").unwrap_err();
        assert!(errs[0].starts_with("3:23 `//evil.example/x` is neither"), "another site's address: {errs:?}");
        let errs = check_settings("theme_settings:\n  nav:\n    - {titel: X, url: a/}\n").unwrap_err();
        assert!(errs[0].starts_with("3:8 unknown key `titel` in a link | did you mean `title`?"), "{errs:?}");
        // Every bad link at once, one error each.
        let nav = "theme_settings:\n  nav:\n    - {title: A, url: \"javascript:x\"}\n    - {title: B, url: /ok/}\n    - {title: C, url: \"ftp://x.org/\"}\n    - {url: /x/}\n";
        let lines: Vec<String> = check_settings(nav)
            .unwrap_err()
            .iter()
            .map(|e| e.split(':').next().unwrap_or_default().to_owned())
            .collect();
        assert_eq!(lines, ["3", "5", "6"]);
    }
}
