//! Editors' Markdown (note bodies, summaries, pages): what the site renders
//! (`render_markdown`) and what it republishes in `briefs/<slug>/index.md`
//! (`sanitise_markdown`, rendered here by a Markdown renderer that lets raw HTML through, as
//! another site's might) must hold no live markup: only the elements Markdown makes, no event
//! handlers, no link or image to anything but http(s), mailto, a fragment or a relative path.
#![no_main]

use briefgen::markdown::{render_markdown, sanitise_markdown};
use dom_query::Document;
use libfuzzer_sys::fuzz_target;

/// The elements CommonMark with tables and strikethrough produces.
const ELEMENTS: &str =
    "html head body p h1 h2 h3 h4 h5 h6 em strong del a code pre ul ol li blockquote hr br table thead tbody tr th td";
const ATTRIBUTES: &[&str] = &["href", "title", "start", "style", "class"];

fn safe_href(url: &str) -> bool {
    let lower: String = url.chars().filter(|c| !c.is_ascii_whitespace() && !c.is_control()).collect();
    let lower = lower.to_ascii_lowercase();
    match lower.split_once(':') {
        Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => matches!(scheme, "http" | "https" | "mailto"),
        _ => true,
    }
}

fn assert_inert(html: &str, input: &str) {
    let doc = Document::fragment(html);
    for node in doc.select("*").nodes() {
        let name = node.node_name().map(|n| n.to_string()).unwrap_or_default();
        assert!(ELEMENTS.split(' ').any(|e| e == name), "<{name}> from {input:?}:\n{html}");
        for attr in node.attrs() {
            let key = attr.name.local.to_string();
            assert!(ATTRIBUTES.contains(&key.as_str()), "{key}= on <{name}> from {input:?}:\n{html}");
            if key == "href" {
                assert!(safe_href(&attr.value), "href={:?} from {input:?}:\n{html}", attr.value.to_string());
            }
            if key == "style" {
                assert!(attr.value.starts_with("text-align:"), "style from {input:?}:\n{html}");
            }
        }
    }
}

/// Markdown rendered the way a renderer that trusts its input would: raw HTML passes.
fn render_trusting(md: &str) -> String {
    use pulldown_cmark::{Options, Parser, html::push_html};
    let mut html = String::new();
    push_html(&mut html, Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH));
    html
}

fuzz_target!(|data: &[u8]| {
    let Ok(md) = std::str::from_utf8(data) else { return };
    // A project site's base path: links from the root get it.
    assert_inert(&render_markdown(md, "/repo/"), md);
    let published = sanitise_markdown(md);
    assert_inert(&render_trusting(&published), md);
});
