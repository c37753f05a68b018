//! Issue 23, item 1: a site whose every text and URL field holds hostile values builds with no
//! live markup and no unsafe URL in any output file, each file checked with a parser for its
//! consumer (html5ever for HTML and for the HTML inside feeds, exports and the published
//! Markdown; roxmltree for XML; serde_json for JSON); and unsafe URLs are located errors
//! whatever input they come from.

use std::collections::BTreeSet;

use dom_query::Document;

use crate::harness::SiteTest;

/// Breaks out of every context a value can be written in: an element, an attribute in
/// either quotes, a script, a comment, CDATA, a Markdown link or autolink.
const EVIL: &str = r#"<x-evil onmouseover=alert(1)>"'><x-evil></script><x-evil>--><x-evil>]]><x-evil/>[a](javascript:alert(1))<javascript:alert(1)>"#;

/// Valid URLs that hold every character a writer must escape.
const URL: &str = "https://example.org/a?x=%3Cx-evil%3E&y=%22&z=1#f";

fn hostile_site() -> SiteTest {
    let site = SiteTest::empty();
    let q = |s: &str| serde_json::to_string(s).unwrap();
    let e = q(EVIL);
    site.write(
        "briefgen.yaml",
        &format!(
            "title: {e}\ndescription: {e}\nauthor: {e}\nbase_url: https://example.org/x/\nverdicts:\n  - id: bad\n    label: {e}\n    description: {e}\n"
        ),
    );
    let text =
        format!("{EVIL} The council voted on {EVIL} today. The bridge will cost a lot of money, said the mayor.");
    let more = "Later, the mayor spoke again about the plan and the money it needs.";
    site.write(
        "seeds/front.md",
        &format!(
            "---\ntitle: {e}\noutlet: {e}\nbyline: {e}\ndateline: {e}\npublished: 2020-01-02\nurl: {}\n---\n# {EVIL}\n\n{text}\n\n{more}\n",
            q(URL)
        ),
    );
    site.write(
        "seeds/plain.txt",
        &format!(
            "{EVIL}\n\nBy Ann Lee\n\n{text}\n\nUnique <x-evil id=q> marker, said the clerk of the council.\n\n{more}\n"
        ),
    );
    let attr = EVIL.replace('"', "&quot;");
    site.write(
        "seeds/page.html",
        &format!(
            "<html><head><title>{attr}</title><meta property=\"og:title\" content=\"{attr}\"><meta property=\"og:site_name\" content=\"{attr}\"><link rel=\"canonical\" href=\"javascript:alert(1)\"><meta name=\"author\" content=\"{attr}\"></head><body><article><h1>Page &lt;x-evil&gt; title</h1><p>{p}</p><p>{p} Second.</p><script>alert(1)</script><iframe src=\"javascript:alert(1)\"></iframe><a href=\"javascript:alert(1)\">link text in the article body, long enough</a></article></body></html>",
            p = "The council of the city met on Monday and voted on the bridge &lt;x-evil&gt; after a debate that lasted for three long years, said the mayor."
        ),
    );
    site.write("content/annotations/page.yaml", "published: 2020-01-04\nstory: s\n");
    site.write(
        "content/annotations/front.yaml",
        &format!(
            "summary: {e}\ntags: [{e}]\nstory: s\nentities: [evil]\nnotes:\n  - quote: \"The council voted on\"\n    kind: fact-check\n    verdict: bad\n    claimant: evil\n    body: {e}\n    sources: [{u}]\nevents:\n  - date: 2020-01-02\n    title: {e}\n    body: {e}\n    quote: \"The bridge will cost\"\n    sources: [{u}]\n  - id: background\n",
            u = q(URL),
        ),
    );
    site.write(
        "content/annotations/plain.yaml",
        &format!(
            "title: {e}\nbyline: {e}\ndateline: {e}\noutlet: {e}\nurl: {u}\nstory: s\npublished: 2020-01-03\nnotes:\n  - quote: \"Unique <x-evil id=q> marker\"\n    body: \"<img src=x onerror=alert(1)> ![i](javascript:x) [l](javascript:x) <javascript:x>\"\n    sources: [{u}]\n",
            u = q(URL)
        ),
    );
    site.write(
        "content/entities.yaml",
        &format!("evil:\n  name: {e}\n  kind: person\n  aliases: [council]\n  description: {e}\n"),
    );
    site.write("content/outlets.yaml", &format!("o:\n  name: {e}\n  url: {u}\n  notes: {e}\n", u = q(URL)));
    site.write("content/stories.yaml", &format!("s:\n  title: {e}\n  summary: {e}\n"));
    site.write(
        "content/events.yaml",
        &format!("- id: background\n  date: 2019-12-01\n  title: {e}\n  body: {e}\n  sources: [{u}]\n", u = q(URL)),
    );
    site.write("content/pages/about.md", &format!("---\ntitle: {e}\ndescription: {e}\nmenu: 1\n---\n{EVIL}\n"));
    site
}

/// What a page may run or load: the theme's own scripts and JSON-LD, nothing else.
fn check_html(html: &str, what: &str) {
    let doc = Document::from(html);
    for node in doc.select("*").nodes() {
        let name = node.node_name().map(|n| n.to_string()).unwrap_or_default();
        assert!(!name.contains("evil"), "{what}: a live <{name}>:\n{html}");
        assert!(!["iframe", "object", "embed", "img", "base"].contains(&name.as_str()), "{what}: <{name}>");
        if name == "script" {
            check_script(node.attr("type").as_deref(), node.attr("src").as_deref(), &node.text(), what);
        }
        for attr in node.attrs() {
            let key = attr.name.local.to_string();
            assert!(!key.starts_with("on") && !key.contains("evil"), "{what}: {key}= on <{name}>:\n{html}");
            if ["href", "src", "action", "formaction"].contains(&key.as_str()) {
                check_url(&attr.value, what);
            }
        }
    }
}

fn check_script(kind: Option<&str>, src: Option<&str>, text: &str, what: &str) {
    match (kind, src) {
        (Some("application/ld+json"), None) => {
            let v: serde_json::Value =
                serde_json::from_str(text).unwrap_or_else(|e| panic!("{what}: JSON-LD does not parse: {e}\n{text}"));
            check_json(&v, what);
        }
        (None, Some(src)) => assert!(src.starts_with("/x/") && src.ends_with(".js"), "{what}: script {src}"),
        _ => panic!("{what}: a script {kind:?} {src:?}: {text}"),
    }
}

/// A URL in the output: a web address, a path of the site, a fragment, or mailto.
fn check_url(url: &str, what: &str) {
    let ok = url.starts_with("https://")
        || url.starts_with("http://")
        || url.starts_with('/') && !url.starts_with("//")
        || url.starts_with('#')
        || url.starts_with("mailto:");
    assert!(ok, "{what}: unsafe URL {url:?}");
    assert!(!url.contains(['<', '>', '"', ' ']), "{what}: URL {url:?} holds characters that break out");
}

/// Fields readers treat as HTML (TimelineJS `headline` and `text`, in `timeline.json`) hold
/// no live markup; URL fields hold safe URLs.
fn check_json(v: &serde_json::Value, what: &str) {
    match v {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                if let serde_json::Value::String(s) = value {
                    if what == "timeline.json" && ["headline", "text"].contains(&key.as_str()) {
                        check_html(s, &format!("{what} `{key}`"));
                    }
                    if ["url", "isBasedOn", "source", "sameAs"].contains(&key.as_str()) {
                        check_url(s, &format!("{what} `{key}`"));
                    }
                }
                check_json(value, what);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|i| check_json(i, what)),
        _ => {}
    }
}

fn check_xml(text: &str, what: &str) {
    let doc = roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("{what}: {e}"));
    for node in doc.descendants().filter(|n| n.is_element()) {
        assert!(!node.tag_name().name().contains("evil"), "{what}: a live <{}>", node.tag_name().name());
        if let Some(href) = node.attribute("href") {
            check_url(href, what);
        }
        if node.attribute("type") == Some("html") {
            check_html(node.text().unwrap_or_default(), &format!("{what} <{}>", node.tag_name().name()));
        }
        if node.tag_name().name() == "loc" {
            check_url(node.text().unwrap_or_default(), what);
        }
    }
}

/// The published Markdown, rendered by a renderer that lets raw HTML through, holds no live
/// markup; its front matter is YAML.
fn check_markdown(text: &str, what: &str) {
    use pulldown_cmark::{Options, Parser, html::push_html};
    let (front, body) = text.strip_prefix("---\n").and_then(|t| t.split_once("\n---\n")).expect("front matter");
    let _: serde_json::Value = briefgen::yaml::parse(&briefgen::diag::SourceFile::new(what, front))
        .unwrap_or_else(|d| panic!("{what}: front matter: {}", d.message));
    let mut html = String::new();
    push_html(&mut html, Parser::new_ext(body, Options::ENABLE_FOOTNOTES));
    // The only raw HTML briefgen writes into the Markdown is its own `<mark>`.
    check_html(&html, what);
}

#[test]
fn issue_23_hostile_values_leave_no_live_markup_or_unsafe_url_in_any_output() {
    let site = hostile_site();
    let out = site.output();
    let mut kinds = BTreeSet::new();
    for (path, bytes) in out.iter() {
        let text = std::str::from_utf8(bytes).unwrap_or_default();
        let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
        match ext {
            "html" => check_html(text, path),
            "xml" => check_xml(text, path),
            "json" | "jsonld" => {
                check_json(&serde_json::from_str(text).unwrap_or_else(|e| panic!("{path}: {e}")), path)
            }
            "md" => check_markdown(text, path),
            _ => continue,
        }
        kinds.insert(ext);
    }
    assert_eq!(kinds.into_iter().collect::<Vec<_>>(), ["html", "json", "jsonld", "md", "xml"], "every kind checked");
    let timeline = out.text("timeline.json").unwrap();
    assert!(timeline.contains("&lt;x-evil"), "headlines are escaped, not dropped");
}

#[test]
fn issue_23_unsafe_urls_are_located_errors_from_every_input() {
    let site = SiteTest::fixture("basic");
    site.write("seeds/clip.md", "---\ntitle: Clip\npublished: 2020-01-02\nurl: \"javascript:alert(document.domain)//\"\n---\nThe council met on Monday and talked for a long time about the bridge.\n")
        .write("content/annotations/clip.yaml", "title: Clip\n")
        .write("content/outlets.yaml", "o:\n  name: O\n  url: \"https://o.org/\\\"><x>\"\n")
        .replace("content/annotations/bridge.yaml", "published: 2018-03-05\n", "published: 2018-03-05\nurl: \"data:text/html,x\"\n");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.assert_reports(
        "seeds/clip.md:4:6",
        "error: `javascript:` links are not allowed: `javascript:alert(document.domain)//`",
    );
    run.assert_reports("content/outlets.yaml:3:8", "error: the address `https://o.org/\"><x>` contains `\"`");
    run.assert_reports(
        "content/annotations/bridge.yaml:2:6",
        "error: `data:` links are not allowed: `data:text/html,x`",
    );
}

#[test]
fn control_characters_never_reach_a_terminal_or_a_page() {
    let site = SiteTest::fixture("basic");
    // A scrape's stray escape sequences and bell: dropped from the article.
    site.replace("seeds/bridge.txt", "by seven votes", "by \u{1b}[2Jseven\u{7} votes");
    let out = site.output();
    for path in out.paths() {
        let text = String::from_utf8_lossy(out.get(path).unwrap());
        assert!(!text.chars().any(|c| c.is_control() && !"\t\n\r".contains(c)), "{path}: {text:?}");
    }
    // A seed's name: shown, not acted on, in the messages.
    std::fs::copy(site.path("seeds/bridge.txt"), site.path("seeds/x\u{1b}]0;title\u{7}.txt")).unwrap();
    let run = site.run(&["check"]);
    assert!(!run.stderr.contains('\u{1b}') && !run.stderr.contains('\u{7}'), "{}", run.stderr);
    assert!(run.stderr.contains("seeds/x␛]0;title␇.txt"), "{}", run.stderr);
    // In a file the editors write: one error where it is.
    site.replace("content/annotations/bridge.yaml", "published:", "title: \"Bridge \u{1b}[31m\u{1b}[0m\"\npublished:");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    run.assert_reports(
        "content/annotations/bridge.yaml:1:16",
        "error: a control character, U+001B, is in the text (and 1 more in the file)",
    );
    assert!(!run.stderr.contains('\u{1b}'), "{}", run.stderr);
}
