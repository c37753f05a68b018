//! The filters briefgen adds to Tera's: `safe` without a copy, `fill` (interface strings with
//! their placeholders and plural forms), and `json_encode` (a value as JSON, to see what a
//! template receives). Pure: they read nothing but their arguments and the site's language.

use std::io::Write as _;

#[cfg(test)]
use crate::i18n::Msg;
use crate::i18n::{Language, Plural};
// The text of an interface string is escaped for HTML text and double-quoted attributes.
use crate::markdown::escape::push_attribute;

/// Tera's `safe` filter, without its copy: Tera's own makes a new string of what it marks,
/// and pages mark long ones (a brief's blocks, the timeline entries and cards rendered once
/// for every page that shows them). A string is marked as it is, sharing its text; anything
/// else is printed, then marked, as Tera's filter does.
pub fn safe(value: &tera::Value, _: tera::Kwargs, _: &tera::State) -> tera::Value {
    match value.as_str() {
        Some(_) => value.clone().mark_safe(),
        None => tera::Value::safe_string(&value.to_string()),
    }
}

/// `{{ site.t.card.notes | fill(n=brief.notes) }}`: an interface string with its `{name}`
/// placeholders filled by the keyword arguments; a counted text (a mapping of plural forms)
/// takes the form of `n` in the site's language. The string's text is escaped as HTML text;
/// an argument is escaped as `{{ }}` would, unless it is already HTML (marked safe, as the
/// output of a `{% set %}` block is), which is how a string holds a link.
pub fn fill(language: &Language, value: &tera::Value, kwargs: &tera::Kwargs) -> tera::TeraResult<tera::Value> {
    let text: &str = match value.as_map() {
        Some(forms) => {
            let n = kwargs
                .get::<u64>("n")?
                .ok_or_else(|| tera::Error::message("`fill` on plural forms needs the count: `fill(n=…)`"))?;
            let form =
                |p: Plural| forms.iter().find(|(k, _)| k.as_str() == Some(p.as_str())).and_then(|(_, v)| v.as_str());
            form(language.plural(n))
                .or_else(|| form(Plural::Other))
                .ok_or_else(|| tera::Error::message("plural forms need `other`"))?
        }
        None => value.as_str().ok_or_else(|| tera::Error::message("`fill` works on interface strings"))?,
    };
    let mut out = String::with_capacity(text.len() + 32);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        push_attribute(&rest[..open], &mut out);
        let after = &rest[open + 1..];
        let arg = after.find('}').and_then(|close| Some((kwargs.get::<&tera::Value>(&after[..close]).ok()??, close)));
        match arg {
            Some((v, close)) => {
                print_arg(v, &mut out);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    push_attribute(rest, &mut out);
    Ok(tera::Value::safe_string(&out))
}

/// An argument as `{{ value }}` prints it: HTML as it is, anything else escaped.
fn print_arg(v: &tera::Value, out: &mut String) {
    let printed = match v.as_str() {
        Some(s) => s.to_owned(),
        None => v.to_string(),
    };
    if v.is_safe() {
        out.push_str(&printed);
    } else {
        let mut buf = Vec::with_capacity(printed.len() + 8);
        let _ = tera::escape_html(&printed, &mut buf);
        out.push_str(&String::from_utf8_lossy(&buf));
    }
}

/// `{{ page | json_encode }}`: the value as indented JSON (escaped as any printed value is;
/// add `| safe` inside a `<script type="application/json">`, or to see it as it is).
pub fn json_encode(value: &tera::Value, _: tera::Kwargs, _: &tera::State) -> tera::TeraResult<String> {
    let mut buf = Vec::new();
    let mut ser =
        serde_json::Serializer::with_formatter(&mut buf, serde_json::ser::PrettyFormatter::with_indent(b"  "));
    serde::Serialize::serialize(value, &mut ser).map_err(tera::Error::message)?;
    let _ = buf.flush();
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

/// A string of the catalogue as a template sees it, for tests of `fill`.
#[cfg(test)]
fn as_value(msg: &Msg) -> tera::Value {
    match msg {
        Msg::Text(t) => tera::Value::from(t.as_str()),
        Msg::Plural(forms) => {
            let map: std::collections::BTreeMap<&str, &str> =
                forms.iter().map(|(p, s)| (p.as_str(), s.as_str())).collect();
            tera::Value::from_serializable(&map)
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn render(lang: &str, template: &str, ctx: serde_json::Value) -> String {
        let language = Language::parse(lang).unwrap();
        let mut tera = tera::Tera::new();
        tera.autoescape_on([".html"]);
        tera.register_filter("fill", move |v: &tera::Value, k: tera::Kwargs, _: &tera::State| fill(&language, v, &k));
        tera.add_raw_template("t.html", template).unwrap();
        tera.render("t.html", &tera::Context::from_serialize(&ctx).unwrap()).unwrap()
    }

    #[test]
    fn fill_escapes_the_text_and_plain_arguments_but_not_html() {
        let ctx = serde_json::json!({"s": "Claim by {name} & \"{q}\" — site's {x}", "q": "<b>", "url": "/e/"});
        let out = render(
            "en",
            "{% set link %}<a href=\"{{ url }}\">Assad</a>{% endset %}{{ s | fill(name=link, q=q) }}",
            ctx,
        );
        assert_eq!(out, "Claim by <a href=\"/e/\">Assad</a> &amp; &quot;&lt;b&gt;&quot; — site's {x}");
    }

    #[test]
    fn fill_chooses_the_plural_form_of_the_language() {
        let forms = |pairs: &[(Plural, &str)]| {
            as_value(&Msg::Plural(pairs.iter().map(|(p, s)| (*p, s.to_string())).collect::<BTreeMap<_, _>>()))
        };
        let en = forms(&[(Plural::One, "{n} note"), (Plural::Other, "{n} notes")]);
        let ctx = serde_json::json!({"s": en});
        assert_eq!(render("en", "{{ s | fill(n=1) }}|{{ s | fill(n=0) }}", ctx.clone()), "1 note|0 notes");
        assert_eq!(render("fr", "{{ s | fill(n=0) }}", ctx), "0 note");
        let ar = forms(&[(Plural::Two, "ملاحظتان"), (Plural::Few, "{n} ملاحظات"), (Plural::Other, "{n} ملاحظة")]);
        let out =
            render("ar", "{{ s | fill(n=2) }}|{{ s | fill(n=3) }}|{{ s | fill(n=11) }}", serde_json::json!({"s": ar}));
        assert_eq!(out, "ملاحظتان|3 ملاحظات|11 ملاحظة");
    }

    #[test]
    fn safe_prints_what_teras_own_filter_prints() {
        let template = "{{ page.html | safe }}|{{ page.html }}|{{ page.short | safe }}|{{ page.n | safe }}|{{ page.list | safe }}|{{ page.none | safe }}";
        let page = serde_json::json!({ "html": "<p>a & b, long enough to be shared</p>", "short": "<b>", "n": 3, "list": [1, "<i>"], "none": null });
        let context = tera::Context::from_serialize(&serde_json::json!({ "page": page })).unwrap();
        let render = |tera: &mut tera::Tera| {
            tera.autoescape_on([".html"]);
            tera.add_raw_template("t.html", template).unwrap();
            tera.render("t.html", &context).unwrap()
        };
        let mut ours = tera::Tera::new();
        ours.register_filter("safe", safe);
        let expected = render(&mut tera::Tera::new());
        assert!(expected.starts_with("<p>a & b, long enough to be shared</p>|&lt;p&gt;"), "{expected}");
        assert_eq!(render(&mut ours), expected);
    }
}
