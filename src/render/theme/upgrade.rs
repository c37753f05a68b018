//! Keeping a site's copies of built-in files visible on upgrades. `briefgen theme eject`
//! writes a first line into each file it copies that names the built-in file and its
//! fingerprint (a hash of its bytes); `check` warns when the built-in file has changed since,
//! or when a site file with no such line is an unchanged copy of an earlier built-in version
//! (what `briefgen init` used to copy). It also warns about a site template that overrides
//! nothing but whose name is close to a built-in one (`partial/note.html`).

use std::path::Path;

use super::builtin::{BUILTIN, builtin};
use crate::diag::{Diagnostic, Diags, display_path};
use crate::hash::Fnv;

/// The marker of the line `eject` writes.
const MARK: &str = "[briefgen-eject ";

/// A file's fingerprint: FNV-1a of its bytes, 16 hex digits.
pub fn fingerprint(bytes: &[u8]) -> String {
    let mut h = Fnv::new();
    h.write(bytes);
    format!("{:016x}", h.0)
}

/// The first line `eject` writes atop a copy of the built-in `theme`'s `path`; `None` for a
/// file that cannot hold a comment (an image). Templates get a Tera comment that trims the
/// line break after it, so the copy renders exactly as the built-in file does.
pub fn header(theme: &str, path: &str, bytes: &[u8]) -> Option<String> {
    let id = format!("{MARK}{theme}:{path}@{}]", fingerprint(bytes));
    let text = format!("Copied by `briefgen theme eject` {id}; `briefgen check` says when the built-in file changes.");
    let ext = path.rsplit('.').next().unwrap_or_default();
    match ext {
        "html" => Some(format!("{{#- {text} -#}}\n")),
        "css" => Some(format!("/* {text} */\n")),
        "js" => Some(format!("// {text}\n")),
        _ => None,
    }
}

/// What a copy's first line says it was copied from: the theme, the path, the fingerprint.
pub fn parse_header(text: &[u8]) -> Option<(String, String, String)> {
    let first = text.split(|&b| b == b'\n').next()?;
    let first = std::str::from_utf8(first).ok()?;
    let rest = &first[first.find(MARK)? + MARK.len()..];
    let id = &rest[..rest.find(']')?];
    let (theme, rest) = id.split_once(':')?;
    let (path, print) = rest.rsplit_once('@')?;
    Some((theme.to_owned(), path.to_owned(), print.to_owned()))
}

/// The built-in theme that has `path` of its own, following `theme`'s fall-through to
/// `default`, with the file.
pub fn owner(theme: &str, path: &str) -> Option<(&'static str, &'static [u8])> {
    let mut name = theme;
    for _ in 0..BUILTIN.len() {
        let b = builtin(name)?;
        if let Some(bytes) = b.file(path) {
            return Some((b.name, bytes));
        }
        name = if b.name == "default" { return None } else { super::builtin_parent(b) };
    }
    None
}

/// Warnings about the site's copies of built-in files: `files` (paths like
/// `templates/partials/note.html`) in `dir` (relative to the site root), for a site whose
/// theme is `theme`.
pub fn check(dir: &Path, files: &[(&str, &[u8])], theme: &str) -> Diags {
    let mut diags = Diags::new();
    for &(path, bytes) in files {
        let shown = display_path(&dir.join(path));
        match parse_header(bytes) {
            Some((from, built_in, print)) => diags.extend(changed_since(&shown, &from, &built_in, &print)),
            None => diags.extend(earlier_copy(&shown, path, bytes, theme)),
        }
    }
    diags
}

fn changed_since(shown: &str, theme: &str, path: &str, print: &str) -> Option<Diagnostic> {
    let name = path.strip_prefix("templates/").unwrap_or(path);
    let Some(now) = builtin(theme).and_then(|b| b.file(path)) else {
        return Some(
            Diagnostic::warning(shown, format!("it was copied from the built-in `{name}` of the `{theme}` theme, which no longer exists"))
                .at(1, 1)
                .help("the built-in theme no longer has this file: check the theme's files in docs/themes.md and delete or rename your copy"),
        );
    };
    (fingerprint(now) != print).then(|| {
        Diagnostic::warning(
            shown,
            format!("copied from an earlier version of the built-in `{name}` (`{theme}` theme), which has changed since"),
        )
        .at(1, 1)
        .help(format!(
            "rename your copy, run `briefgen theme eject {name}` to get the current one, carry your changes over to it, \
             and delete the old copy (or delete your copy to use the built-in file)"
        ))
    })
}

fn earlier_copy(shown: &str, path: &str, bytes: &[u8], theme: &str) -> Option<Diagnostic> {
    let (owner, now) = owner(theme, path).or_else(|| owner("default", path))?;
    let print = fingerprint(bytes);
    let earlier = RELEASED.iter().any(|(t, p, f)| *t == owner && *p == path && *f == print);
    (earlier && fingerprint(now) != print).then(|| {
        let name = path.strip_prefix("templates/").unwrap_or(path);
        Diagnostic::warning(
            shown,
            format!("an unchanged copy of the built-in `{name}` of an earlier briefgen, which has changed since"),
        )
        .help("delete it: the site then uses the built-in file, and gets its later fixes too")
    })
}

/// Site templates that change nothing: named like no template of the theme, so they override
/// none, and included, extended or imported by no template (`sources`, the texts of every
/// template the site has, its own and the theme's). With a theme template of a close name
/// (`partial/note.html`, `page.htm`) or of the same file name elsewhere (`note.html` for
/// `partials/note.html`), that is probably the one meant.
pub fn strays(own: &[(&str, &[u8])], templates: &[&str], sources: &[&[u8]]) -> Diags {
    let mut diags = Diags::new();
    for &(path, _) in own {
        let Some(name) = path.strip_prefix("templates/") else { continue };
        if templates.contains(&name) || !name.to_lowercase().contains(".htm") {
            continue;
        }
        let quoted = [format!("\"{name}\""), format!("'{name}'")];
        let used = sources.iter().any(|s| quoted.iter().any(|q| s.windows(q.len()).any(|w| w == q.as_bytes())));
        if used {
            continue;
        }
        let close = crate::text::closest_path(&name.to_lowercase(), templates.iter().copied());
        let help = match close {
            Some(close) => format!("did you mean `{close}`? a site's template overrides the theme's of the same name"),
            None => "a site's template overrides the theme's of the same name (`briefgen theme eject` copies one to start from), or is included by one".to_owned(),
        };
        diags.push(
            Diagnostic::warning(
                path,
                format!("`{name}` is not a template of the theme and no template uses it, so it changes nothing"),
            )
            .help(help),
        );
    }
    diags
}

/// The fingerprints of the built-in files of earlier releases, by theme and path: a site file
/// equal to one of them is an unchanged copy. `briefgen init` copied the default theme into
/// every new site up to 0.1.0; these are its files then. A release that changes a built-in
/// file adds the fingerprint of the file it replaces.
const RELEASED: &[(&str, &str, &str)] = &[
    ("default", "static/search.js", "f6a327ac809df1cb"),
    ("default", "static/style.css", "318783236ce907b2"),
    ("default", "static/timeline.js", "8ed6d3598eb3bdb4"),
    ("default", "templates/404.html", "1d333acb8d33b963"),
    ("default", "templates/archive.html", "fe1e08e16cafa2d7"),
    ("default", "templates/base.html", "0ef03fe6d2d9a08a"),
    ("default", "templates/brief.html", "5b8fd1cd30ca26a6"),
    ("default", "templates/entities.html", "b6168d4735b73902"),
    ("default", "templates/entity.html", "c07cf4572dcea4b9"),
    ("default", "templates/index.html", "6cfbd7cb78346e92"),
    ("default", "templates/outlet.html", "154437eeda3d0837"),
    ("default", "templates/page.html", "fde5b40a0431150a"),
    ("default", "templates/partials/brief_card.html", "7ebb6dccbb04c8c5"),
    ("default", "templates/partials/entry.html", "7fd129c2129e1f2b"),
    ("default", "templates/partials/note.html", "0ab9020d41a93cfa"),
    ("default", "templates/partials/pager.html", "f32fdc82edda5e56"),
    ("default", "templates/search.html", "ac59e83e0469ce44"),
    ("default", "templates/stories.html", "16cd3bc685e6af1d"),
    ("default", "templates/story.html", "d9e172bf642a595b"),
    ("default", "templates/tag.html", "61fbb7b0f0ce383e"),
    ("default", "templates/timeline.html", "ad99e17f9129dc2b"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_names_its_file_and_reads_back() {
        let h = header("default", "templates/partials/note.html", b"<aside>").unwrap();
        assert!(
            h.starts_with("{#- Copied by `briefgen theme eject` [briefgen-eject default:templates/partials/note.html@"),
            "{h}"
        );
        assert!(h.ends_with(" -#}\n"));
        let (theme, path, print) = parse_header(format!("{h}<aside>").as_bytes()).unwrap();
        assert_eq!(
            (theme.as_str(), path.as_str(), print),
            ("default", "templates/partials/note.html", fingerprint(b"<aside>"))
        );
        assert!(header("default", "static/style.css", b"").unwrap().starts_with("/* Copied"));
        assert_eq!(header("default", "static/logo.png", b""), None);
        assert_eq!(parse_header(b"<aside>\n"), None);
    }

    #[test]
    fn a_copy_of_the_current_file_is_quiet_and_an_earlier_one_warns() {
        let note = builtin("default").unwrap().file("templates/partials/note.html").unwrap();
        let current = format!(
            "{}{}",
            header("default", "templates/partials/note.html", note).unwrap(),
            String::from_utf8_lossy(note)
        );
        let files = [("templates/partials/note.html", current.as_bytes())];
        assert!(check(Path::new(""), &files, "default").is_empty());
        let earlier = current.replace(&fingerprint(note), "0123456789abcdef");
        let files = [("templates/partials/note.html", earlier.as_bytes())];
        let diags: Vec<Diagnostic> = check(Path::new(""), &files, "broadsheet").into_iter().collect();
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].location(), "templates/partials/note.html:1:1");
        assert_eq!(
            diags[0].message,
            "copied from an earlier version of the built-in `partials/note.html` (`default` theme), which has changed since"
        );
    }

    #[test]
    fn a_misspelt_override_is_pointed_out() {
        let own = [
            ("templates/partial/note.html", b"x".as_slice()),
            ("templates/partials/mine.html", b"y".as_slice()),
            ("templates/page.htm", b"z".as_slice()),
            ("templates/partials/note.HTML", b"z".as_slice()),
            ("templates/README.md", b"z".as_slice()),
        ];
        let brief = b"{% include 'partials/mine.html' %}".as_slice();
        let diags: Vec<Diagnostic> = strays(&own, &["partials/note.html", "page.html"], &[brief]).into_iter().collect();
        let paths: Vec<String> = diags.iter().map(|d| d.location()).collect();
        assert_eq!(
            paths,
            ["templates/partial/note.html", "templates/page.htm", "templates/partials/note.HTML"],
            "a partial of the site's own that a template includes is used"
        );
        assert_eq!(
            diags[0].help.as_deref(),
            Some("did you mean `partials/note.html`? a site's template overrides the theme's of the same name")
        );
    }

    #[test]
    fn a_template_nothing_uses_is_pointed_out_with_the_one_of_its_file_name() {
        let own = [("templates/note.html", b"x".as_slice()), ("templates/promo.html", b"y".as_slice())];
        let diags: Vec<Diagnostic> =
            strays(&own, &["partials/note.html", "page.html"], &[b"{% extends \"base.html\" %}".as_slice()])
                .into_iter()
                .collect();
        let found: Vec<(String, Option<&str>)> = diags.iter().map(|d| (d.location(), d.help.as_deref())).collect();
        assert_eq!(
            found,
            [
                (
                    "templates/note.html".to_owned(),
                    Some("did you mean `partials/note.html`? a site's template overrides the theme's of the same name")
                ),
                (
                    "templates/promo.html".to_owned(),
                    Some(
                        "a site's template overrides the theme's of the same name (`briefgen theme eject` copies one to start from), or is included by one"
                    )
                ),
            ]
        );
        assert!(diags[0].message.contains("no template uses it, so it changes nothing"));
    }

    #[test]
    fn an_unchanged_copy_of_a_released_file_is_pointed_out() {
        let (theme, path, print) = RELEASED[0];
        let copy = "static/search.js: the 0.1.0 file";
        assert_eq!((theme, path), ("default", "static/search.js"));
        assert!(earlier_copy(copy, path, b"edited", "default").is_none(), "an edited copy is the site's own");
        let now = builtin("default").unwrap().file(path).unwrap();
        assert_ne!(fingerprint(now), print, "search.js changed since 0.1.0");
        assert!(RELEASED.iter().all(|(t, p, _)| builtin(t).is_some_and(|b| b.file(p).is_some())));
    }
}
