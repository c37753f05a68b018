//! Interface strings in the site's language: what pages, feeds and scripts say around the
//! content ("On the timeline", "Verdict: False", month names, "3 notes"). A leaf, used by
//! `config` (the language), `markdown`, `render` and `publish`.
//!
//! Strings come in catalogues: YAML files of nested groups whose leaves are a text, or the
//! plural forms of a counted text (`{one: "{n} note", other: "{n} notes"}`, CLDR's
//! categories). Keys are the dotted paths (`brief.timeline`). A theme ships a catalogue per
//! language in `i18n/<language>.yaml`; the English one names every key. [`Strings::merge`]
//! lays the site's overrides over the chosen language over English. Texts name their
//! placeholders in braces (`{title}`), filled by [`fill`].

pub mod lang;

use std::collections::{BTreeMap, HashSet};

use serde_json::{Map, Value};

use crate::date::PartialDate;
use crate::yaml::{Spanned, Tree};
pub use lang::{Dir, Language, Plural};

/// The language of an article, `tag`, when it is another than the site's `site`: another
/// language (`en-US` counts as the `en` site's), or another direction (`az-Arab` on an `az`
/// site). Pages and feeds mark such an article's title and text with it.
pub fn other_than(tag: Option<&str>, site: &Language) -> Option<Language> {
    let article = Language::parse(tag?).ok()?;
    let same = article.primary() == site.primary() && article.dir() == site.dir();
    (!same).then_some(article)
}

/// The language tag written at `tag` in `src` (`language:` of the config, an annotation or
/// a clipping), or the error there, with the code suggested for a language's name.
pub fn parse_tag(src: &crate::diag::SourceFile, tag: &Spanned<String>) -> Result<Language, crate::diag::Diagnostic> {
    Language::parse(tag.value.trim())
        .map_err(|help| src.error(tag.line, tag.col, format!("`{}` is not a language tag", tag.value)).help(help))
}

/// One interface string: a text, or the forms of a counted text by plural category (always
/// with `other`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Msg {
    Text(String),
    Plural(BTreeMap<Plural, String>),
}

impl Msg {
    /// The form for a count in `language` (`other` when the form is not given).
    pub fn form(&self, language: &Language, n: u64) -> &str {
        match self {
            Msg::Text(t) => t,
            Msg::Plural(forms) => {
                forms.get(&language.plural(n)).or_else(|| forms.get(&Plural::Other)).map_or("", |s| s)
            }
        }
    }

    fn to_value(&self) -> Value {
        match self {
            Msg::Text(t) => Value::String(t.clone()),
            Msg::Plural(forms) => {
                Value::Object(forms.iter().map(|(p, s)| (p.as_str().to_owned(), Value::String(s.clone()))).collect())
            }
        }
    }
}

/// A string of a catalogue, with where its key is.
#[derive(Clone, Debug)]
pub struct Entry {
    pub key: String,
    pub msg: Msg,
    pub line: u32,
    pub col: u32,
}

/// A problem in a catalogue, at a line and column of its file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub line: u32,
    pub col: u32,
    pub message: String,
    pub help: String,
}

const FORMS_HELP: &str = "a string is a text, or its plural forms: `{one: \"{n} note\", other: \"{n} notes\"}` \
                          (zero, one, two, few, many, other; `other` is required)";

/// What each mapping of a catalogue is, a group of strings or the forms of a counted text,
/// as the reference catalogue (English) says: by its keys alone, `entity_kinds: {other: …}`,
/// one string of a group, would be a counted text, and `{one: …, othr: …}` a group.
#[derive(Debug, Default)]
pub struct Shapes {
    counted: HashSet<String>,
    groups: HashSet<String>,
}

impl Shapes {
    /// The shapes of the reference catalogue's entries.
    pub fn of<'a>(reference: impl IntoIterator<Item = &'a Entry>) -> Self {
        let mut shapes = Shapes::default();
        for e in reference {
            if matches!(e.msg, Msg::Plural(_)) {
                shapes.counted.insert(e.key.clone());
            }
            shapes.groups.extend(e.key.match_indices('.').map(|(i, _)| e.key[..i].to_owned()));
        }
        shapes
    }

    /// Whether the reference has a counted text at `key`.
    pub fn counts(&self, key: &str) -> bool {
        self.counted.contains(key)
    }

    /// Whether the mapping `items` at `path` is a counted text: as the reference has it, or,
    /// for a path it does not have, when all its keys are plural categories.
    fn is_counted(&self, path: &str, items: &[(Spanned<String>, Spanned<Tree>)]) -> bool {
        if self.counts(path) {
            return true;
        }
        !self.groups.contains(path)
            && !items.is_empty()
            && items.iter().all(|(k, _)| Plural::from_name(&k.value).is_some())
    }
}

/// The strings of a catalogue's tree (a whole `i18n/<language>.yaml`, or `strings:`), by
/// dotted key. A mapping is a counted text or a group as `shapes` says ([`Shapes`]; for the
/// reference catalogue itself, empty: a mapping whose keys are all plural categories is a
/// counted text).
pub fn flatten(tree: &Spanned<Tree>, shapes: &Shapes) -> (Vec<Entry>, Vec<Problem>) {
    let mut out = (Vec::new(), Vec::new());
    if let Tree::Map(items) = &tree.value {
        for (key, value) in items {
            walk(&key.value, key, value, shapes, &mut out);
        }
    } else if tree.value != Tree::Null {
        out.1.push(Problem {
            line: tree.line,
            col: tree.col,
            message: format!("strings must be a mapping of names to texts, not {}", tree.value.kind()),
            help: FORMS_HELP.into(),
        });
    }
    out
}

fn walk(
    path: &str,
    key: &Spanned<String>,
    value: &Spanned<Tree>,
    shapes: &Shapes,
    out: &mut (Vec<Entry>, Vec<Problem>),
) {
    let entry = |msg| Entry { key: path.to_owned(), msg, line: key.line, col: key.col };
    match &value.value {
        Tree::Scalar(s) => out.0.push(entry(Msg::Text(s.clone()))),
        Tree::Map(items) if shapes.is_counted(path, items) => match plural_forms(items) {
            Ok(forms) => out.0.push(entry(Msg::Plural(forms))),
            Err(p) => out.1.push(p),
        },
        Tree::Map(items) => {
            for (k, v) in items {
                walk(&format!("{path}.{}", k.value), k, v, shapes, out);
            }
        }
        Tree::Typed(read) => out.1.push(Problem {
            line: value.line,
            col: value.col,
            message: format!("`{path}` reads as {} (`{read}`), not as text", value.value.kind()),
            help: "put the text in quotes, e.g. `\"no\"`".into(),
        }),
        other => out.1.push(Problem {
            line: value.line,
            col: value.col,
            message: format!("`{path}` must be a text or plural forms, not {}", other.kind()),
            help: FORMS_HELP.into(),
        }),
    }
}

fn plural_forms(items: &[(Spanned<String>, Spanned<Tree>)]) -> Result<BTreeMap<Plural, String>, Problem> {
    let mut forms = BTreeMap::new();
    for (k, v) in items {
        let problem = |message: String| Problem { line: k.line, col: k.col, message, help: FORMS_HELP.into() };
        let Some(p) = Plural::from_name(&k.value) else {
            let names = Plural::ALL.map(Plural::as_str);
            let help = crate::text::did_you_mean(&k.value, names)
                .map_or_else(|| FORMS_HELP.into(), |d| format!("{d} {FORMS_HELP}"));
            return Err(Problem { help, ..problem(format!("`{}` is not a plural form", k.value)) });
        };
        let Tree::Scalar(s) = &v.value else {
            return Err(problem(format!("the `{}` form must be a text, not {}", k.value, v.value.kind())));
        };
        forms.insert(p, s.clone());
    }
    if !forms.contains_key(&Plural::Other) {
        let (k, _) = &items[0];
        return Err(Problem {
            line: k.line,
            col: k.col,
            message: "plural forms need `other`".into(),
            help: FORMS_HELP.into(),
        });
    }
    Ok(forms)
}

/// The interface strings of a site, in its language. Serialised (for digests) as its language
/// and messages.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Strings {
    language: Language,
    msgs: BTreeMap<String, Msg>,
    /// What dates are written with, looked up once: every card and entry of every page that
    /// lists one writes its date (looking them up each time was 2% of a build). Made from
    /// `msgs`.
    #[serde(skip)]
    dates: DateForms,
}

/// The strings a date is written with.
#[derive(Clone, Debug)]
struct DateForms {
    /// `date.day`, `date.month`, `date.month_heading`, `date.first_day`.
    day: String,
    month: String,
    heading: String,
    first_day: String,
    /// Each month's name in a date, and alone (`months_alone`); each with its capitalised form.
    months: [(String, String); 12],
    alone: [(String, String); 12],
}

impl DateForms {
    fn of(msgs: &BTreeMap<String, Msg>) -> Self {
        let text = |key: &str| text_of(msgs, key).to_owned();
        DateForms {
            day: text("date.day"),
            month: text("date.month"),
            heading: text("date.month_heading"),
            first_day: text("date.first_day"),
            months: MONTH_KEYS.map(|k| with_capital(text(k))),
            alone: MONTH_ALONE_KEYS.map(|k| with_capital(text(k))),
        }
    }
}

fn with_capital(name: String) -> (String, String) {
    let capital = capitalise(&name);
    (name, capital)
}

/// The text of `key` in `msgs` (the "other" form of a counted one), or the key itself.
fn text_of<'a>(msgs: &'a BTreeMap<String, Msg>, key: &'a str) -> &'a str {
    match msgs.get(key) {
        Some(Msg::Text(t)) => t,
        Some(Msg::Plural(forms)) => forms.get(&Plural::Other).map_or("", |s| s),
        None => key,
    }
}

/// The layers [`Strings::merge`] lays over each other, lowest first within each.
#[derive(Debug, Default)]
pub struct Layers {
    /// English catalogues: they name every key.
    pub english: Vec<Vec<Entry>>,
    /// Catalogues of the site's language (empty for English).
    pub translated: Vec<Vec<Entry>>,
    /// The site's own strings, already checked to be keys of the English catalogues.
    pub site: Vec<Entry>,
}

impl Strings {
    /// The strings of `language`: English, under the language's catalogues, under the site's
    /// own. Also returns the keys that neither the language's catalogues nor the site
    /// translate (none for English), which are shown in English.
    pub fn merge(language: Language, layers: Layers) -> (Strings, Vec<String>) {
        let mut msgs = BTreeMap::new();
        for e in layers.english.into_iter().flatten() {
            msgs.insert(e.key, e.msg);
        }
        let mut translated = std::collections::BTreeSet::new();
        for e in layers.translated.into_iter().flatten().chain(layers.site) {
            if let Some(m) = msgs.get_mut(&e.key) {
                *m = e.msg;
                translated.insert(e.key);
            }
        }
        // A month's name alone is its name in a date, unless a layer gives it.
        for (alone, month) in MONTH_ALONE_KEYS.iter().zip(MONTH_KEYS) {
            if !translated.contains(*alone)
                && let Some(name) = msgs.get(month).cloned()
            {
                msgs.insert((*alone).to_owned(), name);
                if translated.contains(month) {
                    translated.insert((*alone).to_owned());
                }
            }
        }
        let missing = if language.primary() == "en" {
            Vec::new()
        } else {
            msgs.keys().filter(|k| !translated.contains(*k)).cloned().collect()
        };
        let dates = DateForms::of(&msgs);
        (Strings { language, msgs, dates }, missing)
    }

    pub fn language(&self) -> &Language {
        &self.language
    }

    pub fn get(&self, key: &str) -> Option<&Msg> {
        self.msgs.get(key)
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.msgs.keys().map(String::as_str)
    }

    /// A text (a counted text's `other` form); the key itself when there is no such string,
    /// which the built-in catalogues' tests rule out.
    pub fn text<'a>(&'a self, key: &'a str) -> &'a str {
        text_of(&self.msgs, key)
    }

    /// A text with its placeholders filled.
    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        fill(self.text(key), args)
    }

    /// The form of a counted text for `n`, with `{n}` and the other placeholders filled.
    pub fn count(&self, key: &str, n: u64, args: &[(&str, &str)]) -> String {
        let form = match self.msgs.get(key) {
            Some(m) => m.form(&self.language, n),
            None => key,
        };
        let n = n.to_string();
        let mut all = vec![("n", n.as_str())];
        all.extend_from_slice(args);
        fill(form, &all)
    }

    /// A date as the language writes it: `16 February 2017`, `16 février 2017`, `February
    /// 2017`, `2017`.
    pub fn date(&self, d: PartialDate) -> String {
        let forms = &self.dates;
        match (d.month, d.day) {
            (Some(m), Some(day)) => {
                let day = if day == 1 { forms.first_day.clone() } else { day.to_string() };
                self.with_month(&forms.day, (d.year, m), &forms.months, &[("day", &day)])
            }
            (Some(m), None) => self.with_month(&forms.month, (d.year, m), &forms.alone, &[]),
            _ => d.year.to_string(),
        }
    }

    /// A month as a heading: `February 2017`, `Febrero de 2017`.
    pub fn month_heading(&self, year: i16, month: u8) -> String {
        self.with_month(&self.dates.heading, (year, month), &self.dates.alone, &[])
    }

    /// `form` (a date's text) filled with the month's name from `names`, capitalised or not,
    /// and the year.
    fn with_month(
        &self,
        form: &str,
        (year, month): (i16, u8),
        names: &[(String, String); 12],
        more: &[(&str, &str)],
    ) -> String {
        let (name, capital) = &names[usize::from(month.clamp(1, 12)) - 1];
        let year = year.to_string();
        let mut args = vec![("month", name.as_str()), ("Month", capital.as_str()), ("year", year.as_str())];
        args.extend_from_slice(more);
        fill(form, &args)
    }

    /// Every string as nested groups, for templates (`site.t.brief.timeline`); counted texts
    /// are mappings of their forms.
    pub fn tree(&self) -> Value {
        let mut root = Map::new();
        for (key, msg) in &self.msgs {
            let mut node = &mut root;
            let mut parts = key.split('.').peekable();
            while let Some(part) = parts.next() {
                if parts.peek().is_none() {
                    node.insert(part.to_owned(), msg.to_value());
                    break;
                }
                let next = node.entry(part.to_owned()).or_insert_with(|| Value::Object(Map::new()));
                if !next.is_object() {
                    break;
                }
                node = next.as_object_mut().expect("checked above");
            }
        }
        Value::Object(root)
    }

    /// The strings under `group` (`search`, `timeline.script`), nested as in [`Strings::tree`],
    /// as one JSON object: what a script of the theme is given.
    pub fn group(&self, group: &str) -> Value {
        let tree = self.tree();
        let pointer = format!("/{}", group.replace('.', "/"));
        tree.pointer(&pointer).cloned().unwrap_or_else(|| Value::Object(Map::new()))
    }
}

/// The keys of the month names, January first.
pub const MONTH_KEYS: [&str; 12] = [
    "months.january",
    "months.february",
    "months.march",
    "months.april",
    "months.may",
    "months.june",
    "months.july",
    "months.august",
    "months.september",
    "months.october",
    "months.november",
    "months.december",
];

/// The keys of the month names alone (`months_alone`), January first.
pub const MONTH_ALONE_KEYS: [&str; 12] = [
    "months_alone.january",
    "months_alone.february",
    "months_alone.march",
    "months_alone.april",
    "months_alone.may",
    "months_alone.june",
    "months_alone.july",
    "months_alone.august",
    "months_alone.september",
    "months_alone.october",
    "months_alone.november",
    "months_alone.december",
];

/// `text` with each `{name}` of `args` replaced by its value; other braces stay as they are.
pub fn fill(text: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            args.iter().find(|(n, _)| *n == name).map(|(_, v)| (*v, close))
        });
        match value {
            Some((v, close)) => {
                out.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The text with its first letter in capitals (`février` → `Février`).
pub fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The built-in English strings, for tests of the stages that use strings.
#[cfg(test)]
pub fn english() -> Strings {
    let src = crate::diag::SourceFile::new("en.yaml", include_str!("../../themes/default/i18n/en.yaml"));
    let tree: Spanned<Tree> = crate::yaml::parse(&src).expect("the English catalogue parses");
    let layers = Layers { english: vec![flatten(&tree, &Shapes::default()).0], ..Layers::default() };
    Strings::merge(Language::english(), layers).0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::SourceFile;

    fn entries(yaml: &str) -> (Vec<Entry>, Vec<Problem>) {
        let tree: Tree = crate::yaml::parse(&SourceFile::new("x.yaml", yaml)).unwrap();
        flatten(&Spanned { value: tree, line: 1, col: 1 }, &Shapes::default())
    }

    fn strings(lang: &str, english: &str, translated: &str) -> (Strings, Vec<String>) {
        let layers =
            Layers { english: vec![entries(english).0], translated: vec![entries(translated).0], site: Vec::new() };
        Strings::merge(Language::parse(lang).unwrap(), layers)
    }

    #[test]
    fn catalogues_flatten_to_dotted_keys_with_plural_forms() {
        let (e, problems) = entries("a:\n  b: B\n  n: {one: \"{n} x\", other: \"{n} xs\"}\nc: C\n");
        assert!(problems.is_empty(), "{problems:?}");
        let keys: Vec<(&str, u32)> = e.iter().map(|e| (e.key.as_str(), e.line)).collect();
        assert_eq!(keys, [("a.b", 2), ("a.n", 3), ("c", 4)]);
        assert!(matches!(&e[1].msg, Msg::Plural(f) if f.len() == 2));
        let (_, problems) = entries("a: [x]\nb: {one: x}\nc: {other: x, few: [z]}\nd: no\n");
        let got: Vec<(u32, &str)> = problems.iter().map(|p| (p.line, p.message.as_str())).collect();
        assert_eq!(
            got,
            [
                (1, "`a` must be a text or plural forms, not a list"),
                (2, "plural forms need `other`"),
                (3, "the `few` form must be a text, not a list"),
                (4, "`d` reads as a yes/no value or a number (`false`), not as text")
            ]
        );
    }

    #[test]
    fn a_mapping_is_a_group_or_a_counted_text_as_the_english_catalogue_has_it() {
        let (english, _) =
            entries("kinds:\n  person: Person\n  other: Other\nnotes: {one: \"{n} note\", other: \"{n} notes\"}\n");
        let shapes = Shapes::of(&english);
        let read = |yaml: &str| {
            let tree: Tree = crate::yaml::parse(&SourceFile::new("x.yaml", yaml)).unwrap();
            flatten(&Spanned { value: tree, line: 1, col: 1 }, &shapes)
        };
        // One string of a group whose name is a plural category: a string, not a counted text.
        let (e, problems) = read("kinds:\n  other: Misc\n");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!((e[0].key.as_str(), &e[0].msg), ("kinds.other", &Msg::Text("Misc".into())));
        // A misspelt form of a counted text: that form, not every form an unknown string.
        let (e, problems) = read("notes:\n  one: \"{n} Notiz\"\n  othr: \"{n} Notizen\"\n");
        assert!(e.is_empty());
        let got: Vec<_> = problems
            .iter()
            .map(|p| (p.line, p.message.as_str(), p.help.starts_with("did you mean `other`?")))
            .collect();
        assert_eq!(got, [(3, "`othr` is not a plural form", true)]);
    }

    #[test]
    fn translations_lie_over_english_and_the_rest_is_missing() {
        let en = "a: A\nb: B\nn: {one: \"{n} note\", other: \"{n} notes\"}\n";
        let (s, missing) = strings("fr", en, "a: À\nn: {one: \"{n} note\", other: \"{n} notes\"}\nzz: unknown\n");
        assert_eq!((s.text("a"), s.text("b")), ("À", "B"));
        assert_eq!(missing, ["b"]);
        assert_eq!([s.count("n", 0, &[]), s.count("n", 1, &[]), s.count("n", 2, &[])], ["0 note", "1 note", "2 notes"]);
        assert_eq!(s.text("nope"), "nope");
        let (_, missing) = strings("en-GB", en, "");
        assert!(missing.is_empty());
    }

    #[test]
    fn dates_are_written_as_the_language_writes_them() {
        let months: String =
            MONTH_KEYS.iter().map(|k| format!("{}: {}\n", k.replace("months.", "  "), &k[7..])).collect();
        let en = format!(
            "months:\n{months}date:\n  day: \"{{day}} {{month}} {{year}}\"\n  month: \"{{month}} {{year}}\"\n  month_heading: \"{{Month}} {{year}}\"\n  first_day: \"1\"\n"
        );
        let es = "months:\n  february: febrero\ndate:\n  day: \"{day} de {month} de {year}\"\n  month_heading: \"{Month} de {year}\"\n";
        let (s, _) = strings("es", &en, es);
        let d = |t: &str| PartialDate::parse(t).unwrap();
        assert_eq!(s.date(d("2017-02-16")), "16 de febrero de 2017");
        assert_eq!(s.date(d("2017-02")), "febrero 2017");
        assert_eq!(s.date(d("2017")), "2017");
        assert_eq!(s.month_heading(2017, 2), "Febrero de 2017");
        let (fr, _) = strings("fr", &en, "date:\n  first_day: 1er\n");
        assert_eq!(fr.date(d("2017-03-01")), "1er march 2017");
    }

    #[test]
    fn a_month_alone_may_be_named_otherwise_than_in_a_date() {
        let months: String = MONTH_KEYS.iter().map(|k| format!("  {}: {}\n", &k[7..], &k[7..])).collect();
        let alone = months.clone();
        let en = format!(
            "months:\n{months}months_alone:\n{alone}date:\n  day: \"{{day}} {{month}} {{year}}\"\n  month: \"{{month}} {{year}}\"\n  month_heading: \"{{Month}} {{year}}\"\n  first_day: \"1\"\n"
        );
        let d = |t: &str| PartialDate::parse(t).unwrap();
        let (ru, missing) = strings("ru", &en, "months:\n  march: марта\nmonths_alone:\n  march: март\n");
        assert_eq!((ru.date(d("2018-03-05")), ru.date(d("2018-03"))), ("5 марта 2018".into(), "март 2018".into()));
        assert_eq!(ru.month_heading(2018, 3), "Март 2018");
        assert!(missing.contains(&"months_alone.april".to_owned()), "untranslated, as its month is");
        // A catalogue without them names a month alone as in a date, and lacks nothing more.
        let (es, missing) = strings("es", &en, "months:\n  march: marzo\n");
        assert_eq!(es.month_heading(2018, 3), "Marzo 2018");
        assert!(!missing.contains(&"months_alone.march".to_owned()), "{missing:?}");
    }

    #[test]
    fn placeholders_fill_and_unknown_braces_stay() {
        assert_eq!(fill("{a} and {b} {c", &[("a", "1"), ("b", "{a}")]), "1 and {a} {c");
        assert_eq!(fill("no braces", &[]), "no braces");
        assert_eq!(capitalise("été"), "Été");
    }

    #[test]
    fn the_tree_nests_groups_and_a_group_is_one_object() {
        let (s, _) = strings("en", "a:\n  b: B\n  n: {one: x, other: \"y\"}\nsearch:\n  more: More\n", "");
        assert_eq!(
            s.tree(),
            serde_json::json!({"a": {"b": "B", "n": {"one": "x", "other": "y"}}, "search": {"more": "More"}})
        );
        assert_eq!(s.group("search"), serde_json::json!({"more": "More"}));
        assert_eq!(s.group("a.n"), serde_json::json!({"one": "x", "other": "y"}));
        assert_eq!(s.group("a"), serde_json::json!({"b": "B", "n": {"one": "x", "other": "y"}}));
    }
}
