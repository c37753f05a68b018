//! The metadata of a saved page, from every place publishers put it: `<meta>` tags
//! (OpenGraph, `article:published_time`, `author`, Dublin Core, Parse.ly, Sailthru), JSON-LD
//! (`NewsArticle`, `Article`, `BlogPosting`, also inside `@graph`), `<title>` and the `<h1>`,
//! `<time>` elements, byline elements (`rel=author`, `itemprop=author`, `.byline`), the
//! canonical link, and the date in the URL. [`collect`] gathers the candidates; the choice
//! between them is made in [`super::choose`].

use std::collections::HashMap;

use dom_query::{Document, LocalName, NodeRef};
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
    /// The `lang` of the `<html>` element, as written.
    pub lang: Option<String>,
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
    let found = Elements::find(doc);
    let mut c =
        Candidates { meta: meta_tags(&found.meta), ld: linked_data(&found.linked_data), ..Candidates::default() };
    c.title_tag = found.head_title.or(found.title).map(|n| collapse_spaces(&n.text()));
    c.h1 = found.h1.iter().map(|n| collapse_spaces(&n.text())).filter(|t| !t.is_empty()).collect();
    if let Some((selector, names)) = byline_elements(&found.bylines) {
        (c.byline_selector, c.byline_elements) = (Some(selector), names);
    }
    c.time_elements = time_elements(&found);
    c.canonical = found.canonical;
    c.lang = found.lang;
    c
}

/// The selectors of byline elements, in the order they are tried: the first that gives a
/// byline is taken. [`byline_match`] matches them.
const BYLINE_SELECTORS: [&str; 8] = [
    r#"[itemprop~="author"] [itemprop="name"]"#,
    r#"[itemprop~="author"]"#,
    r#"a[rel~="author"]"#,
    r#"[class*="byline" i] [class*="author" i]"#,
    r#"[class*="byline" i] [class*="name" i]"#,
    r#"[class*="byline" i]"#,
    r#"[class*="author-name" i], [class*="authorname" i], [class*="author_name" i], [class*="author__name" i]"#,
    r#"[class*="author" i]"#,
];

/// The elements [`collect`] reads, in document order, found in one pass over the page (a
/// selector each would walk the page a dozen times).
#[derive(Default)]
struct Elements<'a> {
    /// `meta`
    meta: Vec<NodeRef<'a>>,
    /// The first `head title`, and the first `title`.
    head_title: Option<NodeRef<'a>>,
    title: Option<NodeRef<'a>>,
    /// `h1`
    h1: Vec<NodeRef<'a>>,
    /// The `href` of the first `link[rel="canonical"]` that has one.
    canonical: Option<String>,
    /// The `lang` of the first `html` element.
    lang: Option<String>,
    /// `script[type="application/ld+json"]`
    linked_data: Vec<NodeRef<'a>>,
    /// The elements each of [`BYLINE_SELECTORS`] matches.
    bylines: [Vec<NodeRef<'a>>; BYLINE_SELECTORS.len()],
    /// `[itemprop="datePublished"]:not(meta)`
    date_published: Vec<NodeRef<'a>>,
    /// `time`
    time: Vec<NodeRef<'a>>,
}

impl<'a> Elements<'a> {
    fn find(doc: &'a Document) -> Elements<'a> {
        let mut found = Elements::default();
        for n in doc.root().descendants_it() {
            if let Some(t) = Traits::of(&n) {
                found.add(n, &t);
            }
        }
        found
    }

    fn add(&mut self, n: NodeRef<'a>, t: &Traits) {
        match &*t.name {
            "meta" => self.meta.push(n),
            "title" => {
                if self.head_title.is_none() && n.ancestors_it(None).any(|a| a.has_name("head")) {
                    self.head_title = Some(n);
                }
                self.title.get_or_insert(n);
            }
            "h1" => self.h1.push(n),
            "html" if self.lang.is_none() => self.lang = n.attr("lang").map(|l| l.to_string()),
            "link" if self.canonical.is_none() && t.canonical_rel => {
                self.canonical = n.attr("href").map(|h| h.to_string());
            }
            "script" if t.linked_data => self.linked_data.push(n),
            "time" => self.time.push(n),
            _ => {}
        }
        if t.published_prop && &*t.name != "meta" {
            self.date_published.push(n);
        }
        for (i, list) in self.bylines.iter_mut().enumerate() {
            if byline_match(i, &n, t) {
                list.push(n);
            }
        }
    }
}

/// What an element's name and attributes say, as far as [`Elements`] asks.
#[derive(Default)]
struct Traits {
    name: LocalName,
    /// `[itemprop~="author"]`, `[itemprop="name"]`, `[itemprop="datePublished"]`
    author_prop: bool,
    name_prop: bool,
    published_prop: bool,
    /// `[rel~="author"]`, `[rel="canonical"]`
    author_rel: bool,
    canonical_rel: bool,
    /// `[type="application/ld+json"]`
    linked_data: bool,
    /// `[class*=… i]`: `byline`, `author`, `name`, and `author-name` in one of its spellings.
    byline_class: bool,
    author_class: bool,
    name_class: bool,
    author_name_class: bool,
}

const HTML_NS: &str = "http://www.w3.org/1999/xhtml";

impl Traits {
    /// `None` for a node that is not an element.
    fn of(n: &NodeRef) -> Option<Traits> {
        n.query(|node| {
            let e = node.as_element()?;
            // CSS matches the values of `rel` and `type` in any case on HTML elements.
            let html = &*e.name.ns == HTML_NS;
            let same = |value: &str, want: &str| if html { value.eq_ignore_ascii_case(want) } else { value == want };
            let mut t = Traits { name: e.name.local.clone(), ..Traits::default() };
            for a in e.attrs.iter().filter(|a| a.name.ns.is_empty()) {
                let value: &str = &a.value;
                match &*a.name.local {
                    "itemprop" => {
                        t.author_prop = value.split_ascii_whitespace().any(|p| p == "author");
                        t.name_prop = value == "name";
                        t.published_prop = value == "datePublished";
                    }
                    "rel" => {
                        t.author_rel = value.split_ascii_whitespace().any(|r| same(r, "author"));
                        t.canonical_rel = same(value, "canonical");
                    }
                    "type" => t.linked_data = same(value, "application/ld+json"),
                    "class" => {
                        let class = value.to_ascii_lowercase();
                        t.byline_class = class.contains("byline");
                        t.author_class = class.contains("author");
                        t.name_class = class.contains("name");
                        t.author_name_class = ["author-name", "authorname", "author_name", "author__name"]
                            .iter()
                            .any(|c| class.contains(c));
                    }
                    _ => {}
                }
            }
            Some(t)
        })
        .flatten()
    }
}

/// Whether element `n`, of traits `t`, matches `BYLINE_SELECTORS[i]`.
fn byline_match(i: usize, n: &NodeRef, t: &Traits) -> bool {
    let under = |test: fn(&Traits) -> bool| n.ancestors_it(None).any(|a| Traits::of(&a).is_some_and(|a| test(&a)));
    match i {
        0 => t.name_prop && under(|a| a.author_prop),
        1 => t.author_prop,
        2 => &*t.name == "a" && t.author_rel,
        3 => t.author_class && under(|a| a.byline_class),
        4 => t.name_class && under(|a| a.byline_class),
        5 => t.byline_class,
        6 => t.author_name_class,
        _ => t.author_class,
    }
}

fn meta_tags(nodes: &[NodeRef]) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for n in nodes {
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

fn linked_data(nodes: &[NodeRef]) -> LinkedData {
    let mut ld = LinkedData::default();
    for n in nodes {
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
/// elements (the first of [`BYLINE_SELECTORS`] that gives any, from the elements each
/// matched), with the selector that found them.
fn byline_elements(matched: &[Vec<NodeRef>]) -> Option<(&'static str, Vec<String>)> {
    BYLINE_SELECTORS.iter().zip(matched).find_map(|(sel, nodes)| {
        let nodes: Vec<NodeRef> = nodes.iter().filter(|n| !is_hidden(n)).copied().collect();
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
fn time_elements(found: &Elements) -> Vec<(&'static str, Stamp)> {
    let mut out = Vec::new();
    for (nodes, from) in [(&found.date_published, r#"itemprop="datePublished""#), (&found.time, "<time>")] {
        for n in nodes {
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

    /// The one pass finds what each selector finds, in the same order.
    #[test]
    fn one_pass_finds_what_the_selectors_find() {
        let html = r#"<html><head><TITLE>T</TITLE><meta itemprop="datePublished" content="2020-01-01">
            <script TYPE="Application/LD+JSON">{}</script><link REL="Canonical"><link rel=canonical href="/a">
            </head><body><svg><title>S</title><a rel="Author">svg</a></svg>
            <div class="Story-BYLINE"><span class="AuthorName">A</span><i class="fullname">B</i></div>
            <span class="author__name">C</span><p itemprop="author editor"><b itemprop="name">D</b></p>
            <a rel="nofollow AUTHOR">E</a><a rel="authors">F</a><span itemprop="Author">G</span>
            <time itemprop="datePublished">1 May</time><h1>H</h1><div><h1 class="byline">I</h1></div>
            <meta name="late"></body></html>"#;
        let doc = Document::from(html);
        let found = Elements::find(&doc);
        let ids = |nodes: &[NodeRef]| nodes.iter().map(|n| n.id).collect::<Vec<_>>();
        let selected = |sel: &str| ids(doc.select(sel).nodes());
        for (sel, matched) in BYLINE_SELECTORS.iter().zip(&found.bylines) {
            assert_eq!(ids(matched), selected(sel), "{sel}");
        }
        assert_eq!(ids(&found.meta), selected("meta"));
        assert_eq!(ids(&found.h1), selected("h1"));
        assert_eq!(ids(&found.time), selected("time"));
        assert_eq!(ids(&found.date_published), selected(r#"[itemprop="datePublished"]:not(meta)"#));
        assert_eq!(ids(&found.linked_data), selected(r#"script[type="application/ld+json"]"#));
        assert_eq!(found.head_title.map(|n| n.id), selected("head title").first().copied());
        assert_eq!(found.title.map(|n| n.id), selected("title").first().copied());
        assert_eq!(found.canonical.as_deref(), Some("/a"));
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
