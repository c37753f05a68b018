//! The help of a template error: for a name Tera does not know — a variable, a field, a
//! filter, a test, a function, an included template — the closest one that exists ("did you
//! mean") and where the names that exist are; for anything else, where the views are
//! documented. Read from Tera's message, after the render stage has placed the error at its
//! file, line and column.

use crate::text::{closest, closest_path, mean};

/// The help of a template error located in a template, when its message names nothing known.
pub const TEMPLATE_HELP: &str =
    "fix the template; the view structs available to templates are documented in docs/themes.md";

/// The filters templates have: briefgen's ([`super::filters`]), then Tera's own.
const FILTERS: &[&str] = &[
    "fill",
    "safe",
    "json_encode",
    "default",
    "upper",
    "lower",
    "wordcount",
    "escape",
    "escape_html",
    "escape_xml",
    "newlines_to_br",
    "pluralize",
    "trim",
    "trim_start",
    "trim_end",
    "replace",
    "capitalize",
    "title",
    "truncate",
    "indent",
    "str",
    "int",
    "float",
    "length",
    "reverse",
    "split",
    "abs",
    "round",
    "first",
    "last",
    "nth",
    "join",
    "sort",
    "unique",
    "get",
    "values",
    "keys",
    "pairs",
    "group_by",
];

/// Tera's tests (`{% if x is odd %}`).
const TESTS: &[&str] = &[
    "string",
    "number",
    "map",
    "bool",
    "array",
    "integer",
    "float",
    "none",
    "iterable",
    "defined",
    "undefined",
    "odd",
    "even",
    "divisible_by",
    "starting_with",
    "ending_with",
    "containing",
];

/// Tera's functions.
const FUNCTIONS: &[&str] = &["range", "throw"];

/// The help for a template error whose message is `message`, in a theme whose templates are
/// `templates` (names under `templates/`).
pub fn help(message: &str, templates: &[&str]) -> String {
    if let Some((name, known)) = undefined(message) {
        return format!("{}{TEMPLATE_HELP}", mean(closest(name, known.split(", "))));
    }
    let unknown = |what: &str| message.strip_prefix(what).and_then(|r| r.strip_prefix(" `")?.strip_suffix('`'));
    if let Some(name) = unknown("Unknown filter") {
        return format!(
            "{}the filters are briefgen's `fill`, `safe` and `json_encode` and Tera's: {}",
            mean(closest(name, FILTERS.iter().copied())),
            FILTERS[3..].join(", ")
        );
    }
    if let Some(name) = unknown("Unknown test") {
        return format!("{}the tests are Tera's: {}", mean(closest(name, TESTS.iter().copied())), TESTS.join(", "));
    }
    if let Some(name) = unknown("Unknown function") {
        return format!(
            "{}the functions are Tera's: {}",
            mean(closest(name, FUNCTIONS.iter().copied())),
            FUNCTIONS.join(", ")
        );
    }
    if let Some(name) = unknown("Unknown template") {
        return format!(
            "{}include a template the theme has, or add templates/{name} to the site",
            mean(closest_path(name, templates.iter().copied()))
        );
    }
    TEMPLATE_HELP.to_owned()
}

/// The name and the names Tera lists as known, from "Variable `x` is not defined. Available
/// variables: a, b" or "Field `x` is not defined. Available fields: a, b".
fn undefined(message: &str) -> Option<(&str, &str)> {
    let rest = message.strip_prefix("Variable `").or_else(|| message.strip_prefix("Field `"))?;
    let (name, rest) = rest.split_once("` is not defined. Available ")?;
    let (_, known) = rest.split_once(": ")?;
    Some((name, known.trim_end_matches('.')))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEMPLATES: &[&str] = &["base.html", "brief.html", "partials/brief_card.html", "partials/note.html"];

    fn check(message: &str, expected: &str) {
        let help = help(message, TEMPLATES);
        assert!(help.starts_with(expected), "{message}:\n{help}");
    }

    #[test]
    fn a_name_that_does_not_exist_gets_the_closest_that_does() {
        check(
            "Variable `sitee` is not defined. Available variables: head, page, site",
            "did you mean `site`? fix the template; the view structs",
        );
        check(
            "Field `outlett` is not defined. Available fields: date, dateline, outlet, title",
            "did you mean `outlet`? fix the template",
        );
        check("Unknown filter `uppercase`", "did you mean `upper`? the filters are briefgen's `fill`");
        check(
            "Unknown filter `markdown`",
            "the filters are briefgen's `fill`, `safe` and `json_encode` and Tera's: default,",
        );
        check("Unknown test `od`", "did you mean `odd`? the tests are Tera's: string,");
        check("Unknown function `rnage`", "did you mean `range`? the functions are Tera's: range, throw");
        check("Unknown template `partial/note.html`", "did you mean `partials/note.html`? include a template");
        check("Unknown template `brief_card.html`", "did you mean `partials/brief_card.html`? include");
        check(
            "Unknown template `partials/promo.html`",
            "include a template the theme has, or add templates/partials/promo.html to the site",
        );
        check("Found `{` but expected `...`", TEMPLATE_HELP);
    }

    /// Every name a hint offers is one the engine has: a Tera upgrade that drops one fails here.
    #[test]
    fn the_filters_tests_and_functions_offered_exist() {
        let uses = FILTERS
            .iter()
            .map(|f| format!("{{{{ x | {f} }}}}"))
            .chain(TESTS.iter().map(|t| format!("{{% if x is {t} %}}{{% endif %}}")))
            .chain(FUNCTIONS.iter().map(|f| format!("{{{{ {f}() }}}}")));
        let config = crate::config::Config::parse(&crate::diag::SourceFile::new(
            crate::config::CONFIG_FILE,
            "title: T\nbase_url: https://e.org/\n",
        ))
        .unwrap();
        let theme = super::super::theme::resolve(&config, &crate::model::SiteThemeFiles::default()).0.unwrap();
        for source in uses {
            let mut tera = super::super::engine(&theme);
            assert!(tera.add_raw_template("t.html", &source).is_ok(), "{source}");
        }
    }
}
