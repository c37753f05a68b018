//! The template contract of docs/themes.md, kept exact: a site whose templates print what they
//! receive as JSON (`json_encode`) is built, and every object a template gets is held against
//! the tables of the doc — a documented field that is missing, or a field the doc does not
//! list, fails, and so does a documented shape no page showed.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::harness::{SiteTest, repo};

/// A documented field, and the shape its value (or each item of its list) has, if the doc
/// names one.
#[derive(Clone, Debug)]
struct Field {
    name: String,
    shape: Option<String>,
}

/// The tables of docs/themes.md.
#[derive(Debug, Default)]
struct Spec {
    /// `site` → SiteView, `head` → Head.
    tops: BTreeMap<String, String>,
    /// Template name → its `page` fields (`None`: `page` is null).
    templates: BTreeMap<String, Option<Vec<Field>>>,
    shapes: BTreeMap<String, Vec<Field>>,
}

/// The cells of the doc's table rows.
fn rows(doc: &str) -> Vec<Vec<String>> {
    doc.lines()
        .filter(|l| l.starts_with('|') && !l.starts_with("|--") && !l.starts_with("|-"))
        .map(|l| {
            let l = l.replace("\\|", "¦");
            l.trim_matches('|').split('|').map(|c| c.trim().replace('¦', "|")).collect()
        })
        .collect()
}

/// The fields of a cell: each name in backticks outside parentheses, with the shape named in
/// the parentheses after it.
fn fields(cell: &str, shapes: &BTreeSet<String>) -> Vec<Field> {
    let mut out: Vec<Field> = Vec::new();
    let (mut depth, mut note) = (0, String::new());
    let mut chars = cell.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => {
                depth -= 1;
                if depth == 0
                    && let Some(last) = out.last_mut()
                {
                    let named: Vec<&str> =
                        note.split(|c: char| !c.is_alphanumeric()).filter(|w| shapes.contains(*w)).collect();
                    assert!(named.len() <= 1, "`{}` names several shapes: {note}", last.name);
                    last.shape = named.first().map(|s| s.to_string());
                    note.clear();
                }
            }
            '`' if depth == 0 => {
                let name: String = chars.by_ref().take_while(|&c| c != '`').collect();
                out.push(Field { name, shape: None });
            }
            c if depth > 0 => note.push(c),
            _ => {}
        }
    }
    out
}

fn spec() -> Spec {
    let doc = std::fs::read_to_string(repo().join("docs/themes.md")).unwrap();
    let rows = rows(&doc);
    let shape_names: BTreeSet<String> = rows
        .iter()
        .filter_map(|r| r[0].strip_prefix("**").and_then(|s| s.strip_suffix("**")).map(str::to_owned))
        .chain(["SiteView".to_owned(), "Head".to_owned()])
        .collect();
    let mut spec = Spec::default();
    for r in &rows {
        if let Some(shape) = r[0].strip_prefix("**").and_then(|s| s.strip_suffix("**")) {
            spec.shapes.insert(shape.to_owned(), fields(&r[1], &shape_names));
        } else if matches!(r[0].as_str(), "`site`" | "`head`") {
            let top = r[0].trim_matches('`').to_owned();
            spec.shapes.insert(r[1].clone(), fields(&r[2], &shape_names));
            spec.tops.insert(top, r[1].clone());
        } else if r[0].starts_with('`') && r[0].ends_with(".html`") && r.len() == 3 {
            let name = r[0].trim_matches('`').to_owned();
            let page = (!r[2].starts_with("nothing")).then(|| fields(&r[2], &shape_names));
            spec.templates.insert(name, page);
        }
    }
    spec
}

/// What checking found.
#[derive(Default)]
struct Report {
    problems: BTreeSet<String>,
    seen: BTreeSet<String>,
}

impl Spec {
    /// Holds `value` (an object) against `fields`; `path` names it in messages.
    fn check(&self, path: &str, value: &Value, fields: &[Field], report: &mut Report) {
        let Some(obj) = value.as_object() else {
            report.problems.insert(format!("{path} is not an object: {value}"));
            return;
        };
        let documented: BTreeSet<&str> = fields.iter().map(|f| f.name.as_str()).collect();
        let actual: BTreeSet<&str> = obj.keys().map(String::as_str).collect();
        for missing in documented.difference(&actual) {
            report.problems.insert(format!("{path}.{missing} is documented but templates do not get it"));
        }
        for extra in actual.difference(&documented) {
            report.problems.insert(format!("{path}.{extra} is not documented in docs/themes.md"));
        }
        for f in fields {
            let Some(shape) = &f.shape else { continue };
            let items: Vec<&Value> = match obj.get(&f.name) {
                Some(Value::Array(list)) => list.iter().collect(),
                Some(v @ Value::Object(_)) => vec![v],
                _ => Vec::new(),
            };
            for item in items.into_iter().filter(|v| v.is_object()) {
                report.seen.insert(shape.clone());
                self.check(&format!("{path}.{}<{shape}>", f.name), item, &self.shapes[shape], report);
            }
        }
    }

    /// Holds one page's dump against the doc: `site`, `head`, the template's `page`, and the
    /// partials rendered once that its entries and cards carry.
    fn check_page(&self, file: &str, dump: &Value, report: &mut Report) {
        let template = dump["template"].as_str().unwrap();
        for (top, shape) in &self.tops {
            self.check(&format!("{template}: {top}"), &dump[top], &self.shapes[shape], report);
        }
        match self.templates.get(template) {
            Some(Some(fields)) => self.check(&format!("{template}: page"), &dump["page"], fields, report),
            Some(None) => assert!(dump["page"].is_null(), "{file}: page is documented as nothing"),
            None => {
                report.problems.insert(format!("{template} is not in the doc's table of templates"));
            }
        }
        self.check_partials(&dump["page"], report);
    }

    fn check_partials(&self, value: &Value, report: &mut Report) {
        match value {
            Value::Object(obj) => {
                if let Some(Value::String(html)) = obj.get("html")
                    && html.starts_with("{\"partial\"")
                {
                    let dump: Value = serde_json::from_str(html).unwrap();
                    let (name, shape) = match dump["partial"].as_str().unwrap() {
                        "entry" => ("entry", "EntryView"),
                        "entry_card" => ("entry", "EntryCard"),
                        _ => ("brief", "BriefCard"),
                    };
                    report.seen.insert(format!("partial {}", dump["partial"].as_str().unwrap()));
                    self.check(&format!("partial {name}: site"), &dump["site"], &self.shapes["SiteView"], report);
                    self.check(&format!("partial {name}: {name}"), &dump[name], &self.shapes[shape], report);
                }
                obj.values().for_each(|v| self.check_partials(v, report));
            }
            Value::Array(list) => list.iter().for_each(|v| self.check_partials(v, report)),
            _ => {}
        }
    }
}

/// Makes every template of `site` print what it receives.
fn dump_templates(site: &SiteTest, spec: &Spec) {
    for name in spec.templates.keys() {
        site.write(
            &format!("templates/{name}"),
            &format!(
                "{{\"template\": \"{name}\", \"site\": {{{{ site | json_encode | safe }}}}, \"head\": {{{{ head | json_encode | safe }}}}, \"page\": {{{{ page | json_encode | safe }}}}}}"
            ),
        );
    }
    site.write(
        "templates/partials/entry.html",
        "{\"partial\": \"entry\", \"site\": {{ site | json_encode | safe }}, \"entry\": {{ entry | json_encode | safe }}}",
    );
    site.write(
        "templates/partials/entry_card.html",
        "{\"partial\": \"entry_card\", \"site\": {{ site | json_encode | safe }}, \"entry\": {{ entry | json_encode | safe }}}",
    );
    site.write(
        "templates/partials/brief_card.html",
        "{\"partial\": \"brief\", \"site\": {{ site | json_encode | safe }}, \"brief\": {{ brief | json_encode | safe }}}",
    );
}

#[test]
fn the_documented_template_contract_is_exactly_what_templates_receive() {
    let spec = spec();
    let read = (spec.templates.len(), spec.shapes.len());
    assert!(read.0 >= 13 && read.1 >= 20, "the doc's tables were read: {read:?} templates and shapes");
    let mut report = Report::default();
    // The demo has every kind of content; a large site has pagers and a split timeline.
    let large = crate::scale::many(1050);
    for site in [SiteTest::demo(), large] {
        dump_templates(&site, &spec);
        let out = site.output();
        for file in out.paths().filter(|p| p.ends_with(".html")) {
            let dump: Value = serde_json::from_str(out.text(file).unwrap())
                .unwrap_or_else(|e| panic!("{file} does not print JSON: {e}"));
            spec.check_page(file, &dump, &mut report);
            report.seen.insert(dump["template"].as_str().unwrap().to_owned());
        }
    }
    let unseen: Vec<&String> = spec
        .shapes
        .keys()
        .chain(spec.templates.keys())
        .filter(|s| !report.seen.contains(*s) && !spec.tops.values().any(|t| t == *s))
        .collect();
    assert!(unseen.is_empty(), "documented but no page showed them: {unseen:?}");
    for partial in ["entry", "entry_card", "brief"] {
        assert!(report.seen.contains(&format!("partial {partial}")), "no page showed partial {partial}");
    }
    let problems: Vec<&String> = report.problems.iter().collect();
    assert!(problems.is_empty(), "docs/themes.md and the view structs disagree:\n{problems:#?}");
}

#[test]
fn the_doc_is_read_as_written() {
    let shapes: BTreeSet<String> = ["Link".to_owned(), "DateView".to_owned()].into();
    let f = fields("`a`, `b` (list of Link: the `x`, y), `c` (DateView), `d` (`e` or `f`)", &shapes);
    let got: Vec<(&str, Option<&str>)> = f.iter().map(|f| (f.name.as_str(), f.shape.as_deref())).collect();
    assert_eq!(got, [("a", None), ("b", Some("Link")), ("c", Some("DateView")), ("d", None)]);
}
