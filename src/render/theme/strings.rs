//! The interface strings of a site: each theme layer's `i18n/en.yaml` (the keys), under its
//! catalogue of the site's language (`i18n/fr.yaml`, then `i18n/fr-CA.yaml` for `fr-CA`),
//! under the site's `strings:`. Unknown keys in `strings:` are errors; strings the language
//! leaves in English are one warning (listing them when the theme translates it in part).

use std::path::Path;

use crate::config::{CONFIG_FILE, Config};
use crate::diag::{Diagnostic, Diags, SourceFile};
use crate::i18n::{self, Entry, Language, Layers, Msg, Plural, Shapes, Strings};
use crate::yaml::Tree;

/// One theme layer's catalogues: where its files are (for messages) and its `i18n/*.yaml`.
pub struct Catalogues<'a> {
    pub dir: &'a Path,
    pub files: Vec<(&'a str, &'a [u8])>,
}

/// The strings of the site's language over the theme layers (lowest first).
pub fn strings(config: &Config, layers: &[Catalogues]) -> (Strings, Diags) {
    let mut diags = Diags::new();
    let language = &config.language;
    let mut names = vec![format!("i18n/{}.yaml", language.primary())];
    if language.as_str() != language.primary() {
        names.push(format!("i18n/{}.yaml", language.as_str()));
    }
    let mut merged = Layers::default();
    let reference = Shapes::default();
    for layer in layers {
        merged.english.extend(catalogue(layer, "i18n/en.yaml", None, &reference, &mut diags));
    }
    // Whether a mapping is a group or a counted text is the English catalogues' say.
    let shapes = Shapes::of(merged.english.iter().flatten());
    if language.primary() != "en" {
        for layer in layers {
            for name in &names {
                merged.translated.extend(catalogue(layer, name, Some(language), &shapes, &mut diags));
            }
        }
    }
    let english: Vec<String> = merged.english.iter().flatten().map(|e| e.key.clone()).collect();
    merged.site = site_strings(config, &english, &merged, &shapes, &mut diags);
    diags.extend(merged.site.iter().filter_map(|e| missing_forms(&config.source, e, language)));
    // Listed once anything is translated: then the list is what is left to do.
    let begun = !(merged.translated.is_empty() && merged.site.is_empty());
    let (strings, missing) = Strings::merge(language.clone(), merged);
    if !missing.is_empty() {
        diags.push(missing_warning(config, &missing, begun));
    }
    (strings, diags)
}

/// The strings of the catalogue `name` of a layer, if it has one, its mappings read as
/// `shapes` says; with `language`, the one it translates, its counted texts are checked for
/// the forms that language counts with.
fn catalogue(
    layer: &Catalogues,
    name: &str,
    language: Option<&Language>,
    shapes: &Shapes,
    diags: &mut Diags,
) -> Option<Vec<Entry>> {
    let (path, bytes) = layer.files.iter().find(|(p, _)| p.eq_ignore_ascii_case(name))?;
    let src = SourceFile::new(layer.dir.join(path), String::from_utf8_lossy(bytes).into_owned());
    let tree = match crate::yaml::parse::<crate::yaml::Spanned<Tree>>(&src) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let (entries, problems) = i18n::flatten(&tree, shapes);
    diags.extend(problems.into_iter().map(|p| src.error(p.line, p.col, p.message).help(p.help)));
    if let Some(language) = language {
        diags.extend(entries.iter().filter_map(|e| missing_forms(&src, e, language)));
    }
    Some(entries)
}

/// A warning for a counted text of `src` that lacks a form its language counts with: a
/// Polish `{one: "{n} notatka", other: "{n} notatki"}` would show `5 notatki` for `5 notatek`,
/// since a count whose form is not given shows the `other` one. A text with `other` alone
/// is meant for every count (`All briefs ({n})`), and a form only 0 takes (Arabic `zero`)
/// may be left to `other`: some texts are never shown for none.
fn missing_forms(src: &SourceFile, e: &Entry, language: &Language) -> Option<Diagnostic> {
    let Msg::Plural(given) = &e.msg else { return None };
    if given.keys().all(|p| *p == Plural::Other) {
        return None;
    }
    let mut forms = language.counted_forms();
    forms.retain(|(p, ns)| *p != Plural::Other && *ns != [0]);
    let described = |(p, ns): &(Plural, Vec<u64>)| {
        let ns: Vec<String> = ns.iter().map(u64::to_string).collect();
        format!("`{}` ({}{})", p.as_str(), ns.join(", "), if ns.len() > 1 { "…" } else { "" })
    };
    let lacking: Vec<String> = forms.iter().filter(|(p, _)| !given.contains_key(p)).map(described).collect();
    if lacking.is_empty() {
        return None;
    }
    let message = format!(
        "`{}` has no form {} for `{language}`: those counts show its `other` form",
        e.key,
        lacking.join(" nor ")
    );
    let all: Vec<String> = forms.iter().map(described).collect();
    let help = format!("`{language}` counts with {}; give each (and `other`, which is required)", all.join(", "));
    Some(src.warning(e.line, e.col, message).help(help))
}

/// `strings:` of the config, checked against the keys of the English catalogues.
fn site_strings(
    config: &Config,
    english: &[String],
    layers: &Layers,
    shapes: &Shapes,
    diags: &mut Diags,
) -> Vec<Entry> {
    let Some(tree) = &config.strings else { return Vec::new() };
    let src = &config.source;
    let (entries, problems) = i18n::flatten(tree, shapes);
    diags.extend(problems.into_iter().map(|p| src.error(p.line, p.col, p.message).help(p.help)));
    entries
        .into_iter()
        .filter(|e| {
            if !english.contains(&e.key) {
                let hint = crate::text::did_you_mean(&e.key, english.iter().map(String::as_str))
                    .unwrap_or_else(|| "the keys are those of the theme's i18n/en.yaml".into());
                diags.push(src.error(e.line, e.col, format!("unknown string `{}`", e.key)).help(hint));
                return false;
            }
            if matches!(e.msg, Msg::Plural(_)) && !shapes.counts(&e.key) {
                diags.push(
                    src.error(e.line, e.col, format!("`{}` is one text, not plural forms", e.key))
                        .help("give it as one text"),
                );
                return false;
            }
            let theirs = layers.english.iter().flatten().rfind(|x| x.key == e.key);
            match theirs.map(|x| placeholder_problem(&e.key, &e.msg, &x.msg)) {
                Some(Err(message)) => {
                    let help = format!("`{}` is filled with {}", e.key, names(theirs.map(|x| &x.msg)));
                    diags.push(src.error(e.line, e.col, message).help(help));
                    false
                }
                Some(Ok(Some(message))) => {
                    let help = "the text shows without it; write it where it goes, or keep the text as it is";
                    diags.push(src.warning(e.line, e.col, message).help(help));
                    true
                }
                _ => true,
            }
        })
        .collect()
}

/// The `{name}`s of a text (or of all the forms of a counted one).
fn placeholders(msg: &Msg) -> std::collections::BTreeSet<&str> {
    let texts: Vec<&str> = match msg {
        Msg::Text(t) => vec![t],
        Msg::Plural(forms) => forms.values().map(String::as_str).collect(),
    };
    let is_name = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    texts
        .into_iter()
        .flat_map(|t| t.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name)))
        .filter(|name| is_name(name))
        .collect()
}

/// The placeholders of `given` against those of the theme's text: one that is never filled is
/// an error (it would show as written); one left out, a warning (its value is lost). A counted
/// text may leave out `{n}` (`one: "A note"`).
fn placeholder_problem(key: &str, given: &Msg, theirs: &Msg) -> Result<Option<String>, String> {
    let (given_names, their_names) = (placeholders(given), placeholders(theirs));
    let counted = matches!(theirs, Msg::Plural(_));
    let free = |n: &str| counted && n == "n";
    if let Some(unknown) = given_names.iter().find(|n| !(their_names.contains(*n) || free(n))) {
        return Err(format!("`{{{unknown}}}` in `{key}` is never filled: it would show as written"));
    }
    let lost = their_names.iter().find(|n| !(given_names.contains(*n) || free(n)));
    Ok(lost.map(|n| format!("`{key}` leaves out `{{{n}}}`")))
}

/// The placeholders of a theme's text, for a hint.
fn names(msg: Option<&Msg>) -> String {
    let list: Vec<String> = msg.map(placeholders).unwrap_or_default().iter().map(|n| format!("`{{{n}}}`")).collect();
    if list.is_empty() { "no placeholder".into() } else { list.join(", ") }
}

/// The strings left in English: listed when a theme or the site's `strings:` translates the
/// language in part; only counted when nothing translates it (then the list would be every
/// string).
fn missing_warning(config: &Config, missing: &[String], begun: bool) -> Diagnostic {
    let src = &config.source;
    // At the language's value (`language: fr`, column 11), where the config names it.
    let at = config.value_at("language");
    let lang = config.language.as_str();
    let d = match at {
        Some((line, col)) => src.warning(line, col, ""),
        None => Diagnostic::warning(CONFIG_FILE, ""),
    };
    let n = missing.len();
    let s = if n == 1 { "" } else { "s" };
    let message = if begun {
        format!("{n} interface string{s} have no `{lang}` translation and are shown in English: {}", missing.join(", "))
    } else {
        format!("the theme has no `{lang}` translation: {n} interface string{s} are shown in English")
    };
    Diagnostic { message, ..d }.help(
        "translate them under `strings:` in briefgen.yaml, by the keys of the English catalogue \
         (themes/default/i18n/en.yaml in briefgen's source; see docs/themes.md, \"Overriding strings\")",
    )
}

/// The default fact-check scale (used when briefgen.yaml gives none), in the site's language.
pub fn default_verdicts(strings: &Strings) -> Vec<crate::config::Verdict> {
    crate::config::default_verdicts()
        .into_iter()
        .map(|v| crate::config::Verdict {
            label: strings.text(&format!("verdicts.{}.label", v.id)).to_owned(),
            description: Some(strings.text(&format!("verdicts.{}.description", v.id)).to_owned()),
            id: v.id,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> Msg {
        Msg::Text(t.into())
    }

    #[test]
    fn an_override_fills_the_placeholders_the_theme_does() {
        let theirs = text("Story: {title}");
        assert_eq!(placeholder_problem("titles.story", &text("Dossier : {title}"), &theirs), Ok(None));
        assert_eq!(
            placeholder_problem("titles.story", &text("Story: {title} {subtitle}"), &theirs),
            Err("`{subtitle}` in `titles.story` is never filled: it would show as written".into())
        );
        assert_eq!(
            placeholder_problem("titles.story", &text("Story"), &theirs),
            Ok(Some("`titles.story` leaves out `{title}`".into()))
        );
        assert_eq!(placeholder_problem("x", &text("{ not a name } {}"), &text("x")), Ok(None), "braces as text");
        let counted = |one: &str, other: &str| {
            Msg::Plural([(i18n::Plural::One, one.to_owned()), (i18n::Plural::Other, other.to_owned())].into())
        };
        let theirs = counted("{n} note", "{n} notes");
        assert_eq!(placeholder_problem("card.notes", &counted("A note", "{n} notes"), &theirs), Ok(None));
        assert_eq!(names(Some(&theirs)), "`{n}`");
    }

    /// What `check` says of the counted text `forms` (`one: …, other: …`) in `lang`.
    fn check_forms(lang: &str, forms: &str, expected: Option<&str>) {
        let forms: std::collections::BTreeMap<Plural, String> = forms
            .split(", ")
            .map(|f| (Plural::ALL.into_iter().find(|p| p.as_str() == f).unwrap(), format!("{{n}} {f}")))
            .collect();
        let entry = Entry { key: "card.notes".into(), msg: Msg::Plural(forms), line: 3, col: 5 };
        let language = Language::parse(lang).unwrap();
        let got = missing_forms(&SourceFile::new("briefgen.yaml", ""), &entry, &language).map(|d| d.message);
        assert_eq!(got.as_deref(), expected, "{lang}");
    }

    #[test]
    fn a_counted_text_gives_every_form_its_language_counts_with() {
        check_forms(
            "pl",
            "one, other",
            Some(
                "`card.notes` has no form `few` (2, 3, 4, 22…) nor `many` (0, 5, 6, 7…) for `pl`: those counts show \
                 its `other` form",
            ),
        );
        check_forms("pl", "one, few, many, other", None);
        check_forms(
            "ru",
            "one, few, other",
            Some("`card.notes` has no form `many` (0, 5, 6, 7…) for `ru`: those counts show its `other` form"),
        );
        check_forms("en", "one, other", None);
        check_forms("fr", "one, other", None);
        check_forms("pl", "other", None);
        check_forms("ar", "one, two, few, many, other", None);
    }
}
