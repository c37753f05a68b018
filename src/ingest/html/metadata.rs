//! The metadata of a saved page, from every place publishers put it: `<meta>` tags
//! (OpenGraph, `article:published_time`, `author`, Dublin Core, Parse.ly, Sailthru), JSON-LD
//! (`NewsArticle`, `Article`, `BlogPosting`, also inside `@graph`), `<title>` and the `<h1>`,
//! `<time>` elements, byline elements (`rel=author`, `itemprop=author`, `.byline`), the
//! canonical link, and the date in the URL. [`collect`] gathers the candidates; the choice
//! between them is made in [`super::choose`].

use std::collections::HashMap;

use dom_query::{Document, NodeRef};
use serde_json::Value;

use crate::date::PartialDate;
use crate::ingest::dates::{self, Stamp};
use crate::ingest::lines::collapse_spaces;

/// Everything the page says about itself, before choosing.
#[derive(Debug, Default)]
pub struct Candidates {
    /// `<meta>` values by lower-case `name` / `property` / `itemprop`; the first one wins.
    pub meta: HashMap<String, String>,
    pub ld: LinkedData,
    /// `<title>`, as written.
    pub title_tag: Option<String>,
    /// The text of each `<h1>`, in order.
    pub h1: Vec<String>,
    pub canonical: Option<String>,
    /// Names in byline elements, in document order.
    pub byline_elements: Vec<String>,
    /// The selector that found them, for the reasons (`[itemprop~="author"]`).
    pub byline_selector: Option<&'static str>,
    /// Timestamps of `itemprop=datePublished` elements (not `<meta>`), then of `<time>`
    /// elements, each with the element it came from.
    pub time_elements: Vec<(&'static str, Stamp)>,
}

/// What JSON-LD's article object says.
#[derive(Debug, Default)]
pub struct LinkedData {
    pub headline: Option<String>,
    pub authors: Vec<String>,
    pub publisher: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    /// `WebSite`'s `name`, the outlet when the article has no publisher.
    pub site_name: Option<String>,
}

/// Schema.org types that are an article.
const ARTICLE_TYPES: &[&str] = &[
    "Article",
    "NewsArticle",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
    "BlogPosting",
    "LiveBlogPosting",
    "TechArticle",
    "ScholarlyArticle",
    "Report",
    "SocialMediaPosting",
];

pub fn collect(doc: &Document) -> Candidates {
    let mut c = Candidates { meta: meta_tags(doc), ld: linked_data(doc), ..Candidates::default() };
    c.title_tag = doc.select("head title").nodes().first().map(|n| collapse_spaces(&n.text()));
    if c.title_tag.is_none() {
        c.title_tag = doc.select("title").nodes().first().map(|n| collapse_spaces(&n.text()));
    }
    c.h1 = doc.select("h1").nodes().iter().map(|n| collapse_spaces(&n.text())).filter(|t| !t.is_empty()).collect();
    c.canonical =
        doc.select(r#"link[rel="canonical"]"#).nodes().iter().find_map(|n| n.attr("href")).map(|h| h.to_string());
    if let Some((selector, names)) = byline_elements(doc) {
        (c.byline_selector, c.byline_elements) = (Some(selector), names);
    }
    c.time_elements = time_elements(doc);
    c
}

fn meta_tags(doc: &Document) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for n in doc.select("meta").nodes() {
        let content = n.attr("content").or_else(|| n.attr("value"));
        let Some(content) = content.map(|c| collapse_spaces(&c)).filter(|c| !c.is_empty()) else {
            continue;
        };
        for key in ["property", "name", "itemprop"] {
            if let Some(k) = n.attr(key) {
                for k in k.split_whitespace() {
                    map.entry(k.to_lowercase()).or_insert_with(|| content.clone());
                }
            }
        }
    }
    map
}

fn linked_data(doc: &Document) -> LinkedData {
    let mut ld = LinkedData::default();
    for n in doc.select(r#"script[type="application/ld+json"]"#).nodes() {
        let text = n.text();
        let text = text.trim().trim_start_matches("<![CDATA[").trim_end_matches("]]>");
        let Ok(value) = serde_json::from_str::<Value>(text.trim()) else { continue };
        let mut objects = Vec::new();
        flatten(&value, &mut objects);
        for obj in &objects {
            if has_type(obj, &["WebSite"]) && ld.site_name.is_none() {
                ld.site_name = string(obj.get("name"));
            }
        }
        if ld.headline.is_some() || ld.published.is_some() {
            continue;
        }
        if let Some(article) = objects.iter().find(|o| has_type(o, ARTICLE_TYPES)) {
            read_article(article, &mut ld);
        }
    }
    ld
}

/// Objects of a JSON-LD value: arrays and `@graph` flattened.
fn flatten<'a>(v: &'a Value, out: &mut Vec<&'a Value>) {
    match v {
        Value::Array(items) => items.iter().for_each(|i| flatten(i, out)),
        Value::Object(map) => {
            out.push(v);
            if let Some(g) = map.get("@graph") {
                flatten(g, out);
            }
        }
        _ => {}
    }
}

fn has_type(v: &Value, types: &[&str]) -> bool {
    let matches = |t: &Value| t.as_str().is_some_and(|s| types.contains(&s.trim_start_matches("schema:")));
    match v.get("@type") {
        Some(Value::Array(ts)) => ts.iter().any(matches),
        Some(t) => matches(t),
        None => false,
    }
}

fn read_article(a: &Value, ld: &mut LinkedData) {
    ld.headline = string(a.get("headline")).or_else(|| string(a.get("name")));
    ld.published = string(a.get("datePublished")).or_else(|| string(a.get("dateCreated")));
    ld.url = string(a.get("url")).or_else(|| string(a.get("mainEntityOfPage")?.get("@id")));
    ld.publisher = a.get("publisher").and_then(|p| string(p.get("name")).or_else(|| string(Some(p))));
    ld.authors = names(a.get("author").or_else(|| a.get("creator")));
}

/// A string value, or the first string of an array.
fn string(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(collapse_spaces(&decode_entities(s))).filter(|s| !s.is_empty()),
        Value::Array(items) => items.iter().find_map(|i| string(Some(i))),
        _ => None,
    }
}

/// The names of a JSON-LD `author`: a string, an object with `name`, or an array of either.
fn names(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(items)) => items.iter().flat_map(|i| names(Some(i))).collect(),
        Some(Value::Object(o)) => string(o.get("name")).into_iter().collect(),
        Some(s @ Value::String(_)) => string(Some(s)).into_iter().collect(),
        _ => Vec::new(),
    }
}

/// JSON-LD is often written with HTML entities in its strings.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let doc = Document::fragment(format!("<p>{}</p>", s.replace('<', "&lt;")));
    doc.root().text().to_string()
}

/// Names in byline elements: `rel=author` links, `itemprop=author` and `.byline`/`.author`
/// elements (the first kind that gives any), with the selector that found them.
fn byline_elements(doc: &Document) -> Option<(&'static str, Vec<String>)> {
    const SELECTORS: &[&str] = &[
        r#"[itemprop~="author"] [itemprop="name"]"#,
        r#"[itemprop~="author"]"#,
        r#"a[rel~="author"]"#,
        r#"[class*="byline" i] [class*="author" i]"#,
        r#"[class*="byline" i] [class*="name" i]"#,
        r#"[class*="byline" i]"#,
        r#"[class*="author-name" i], [class*="authorname" i], [class*="author_name" i], [class*="author__name" i]"#,
        r#"[class*="author" i]"#,
    ];
    SELECTORS.iter().find_map(|sel| {
        let nodes: Vec<NodeRef> = doc.select(sel).nodes().iter().filter(|n| !is_hidden(n)).copied().collect();
        let text = |n: &NodeRef| n.attr("content").map_or_else(|| collapse_spaces(&n.text()), |c| collapse_spaces(&c));
        let is_byline =
            |t: &String| !t.is_empty() && t.chars().count() <= 100 && crate::ingest::byline::clean(t, None).is_some();
        let mut found: Vec<String> = nodes.iter().map(text).filter(is_byline).collect();
        // Several authors in one byline (`<a rel=author>A</a> and <a rel=author>B</a>`): the
        // byline as the page writes it comes first.
        if let [a, b, ..] = nodes.as_slice()
            && let Some(parent) = a.parent().filter(|p| b.parent().is_some_and(|q| q.id == p.id))
            && let Some(whole) = Some(collapse_spaces(&parent.text())).filter(is_byline)
        {
            found.insert(0, whole);
        }
        (!found.is_empty()).then_some((*sel, found))
    })
}

fn is_hidden(n: &NodeRef) -> bool {
    n.ancestors_it(Some(6))
        .chain(std::iter::once(*n))
        .any(|a| a.node_name().is_some_and(|t| matches!(&*t, "script" | "style" | "noscript" | "template")))
}

/// Dates of `itemprop=datePublished` elements, then of `<time>` elements: the date the
/// element shows when it shows a full one (the page's own, in its own time zone), else its
/// `datetime` (often a UTC time, or the time of the last change).
fn time_elements(doc: &Document) -> Vec<(&'static str, Stamp)> {
    let mut out = Vec::new();
    let selectors = [(r#"[itemprop="datePublished"]:not(meta)"#, r#"itemprop="datePublished""#), ("time", "<time>")];
    for (sel, from) in selectors {
        for n in doc.select(sel).nodes() {
            let text = n.text();
            // `<time>Updated Dec. 15</time>`: the date of a change.
            if dates::is_update(&text) {
                continue;
            }
            let shown = dates::find_in_text(&text).map(|f| f.date).filter(PartialDate::is_day);
            if let Some(date) = shown {
                out.push((from, Stamp { date, minute: None, offset: None }));
                continue;
            }
            let attr = n.attr("datetime").or_else(|| n.attr("content"));
            if let Some(d) = attr.and_then(|a| dates::parse_stamp(&a)) {
                out.push((from, d));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_article_in_a_graph() {
        let html = r#"<html><head><script type="application/ld+json">{"@context":"https://schema.org","@graph":[
            {"@type":"WebSite","name":"The Daily"},
            {"@type":["NewsArticle"],"headline":"Rates rise &amp; fall","datePublished":"2020-05-04T10:00:00+02:00",
             "author":[{"@type":"Person","name":"Ann Lee"},{"name":"Bo Chen"}],"publisher":{"name":"Daily Co"}}]}
            </script></head><body></body></html>"#;
        let c = collect(&Document::from(html));
        assert_eq!(c.ld.headline.as_deref(), Some("Rates rise & fall"));
        assert_eq!(c.ld.authors, ["Ann Lee", "Bo Chen"]);
        assert_eq!(c.ld.publisher.as_deref(), Some("Daily Co"));
        assert_eq!(c.ld.site_name.as_deref(), Some("The Daily"));
        assert_eq!(c.ld.published.as_deref(), Some("2020-05-04T10:00:00+02:00"));
    }

    #[test]
    fn meta_tags_title_time_and_bylines() {
        let html = r#"<html><head><title>Talks stall | The Daily</title>
            <meta property="og:title" content="Talks stall"><meta name="author" content="Ann Lee">
            <link rel="canonical" href="https://daily.example/talks"></head>
            <body><h1>Talks stall</h1><p class="byline">By <a rel="author">Ann Lee</a></p>
            <time datetime="2020-05-04">May 4</time></body></html>"#;
        let c = collect(&Document::from(html));
        assert_eq!(c.meta.get("og:title").map(String::as_str), Some("Talks stall"));
        assert_eq!(c.meta.get("author").map(String::as_str), Some("Ann Lee"));
        assert_eq!(c.title_tag.as_deref(), Some("Talks stall | The Daily"));
        assert_eq!(c.h1, ["Talks stall"]);
        assert_eq!(c.canonical.as_deref(), Some("https://daily.example/talks"));
        assert_eq!(c.byline_elements, ["Ann Lee"]);
        assert_eq!(c.time_elements.iter().map(|(_, d)| d.date.iso()).collect::<Vec<_>>(), ["2020-05-04"]);
    }
}
