//! The article's text in a saved page: dom_smoothie (a Readability port) finds the main
//! content, then a walk over its elements ([`blocks_of`]) turns it into plain-text
//! paragraphs and headings — never markup — with inline elements joined into their
//! paragraph and every block element, `<br>` and list item starting a new one.

use dom_query::{Document, NodeRef};

use crate::ingest::lines::collapse_spaces;
use crate::model::{Block, BlockKind};

/// Elements whose text is not the article's.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "button", "svg", "math", "iframe", "object", "embed", "select",
    "textarea", "input", "form", "nav", "canvas", "audio", "video", "head",
];

/// Elements that start and end a block.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "blockquote",
    "pre",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "figure",
    "figcaption",
    "hr",
    "address",
    "details",
    "summary",
    "center",
    "caption",
    "body",
    "html",
];

/// The blocks of a page's main content, as dom_smoothie finds it; none when it finds none.
/// They are read from the document dom_smoothie leaves, not from the HTML it also writes.
pub fn main_content(doc: Document) -> Vec<Block> {
    let cfg = dom_smoothie::Config { max_elements_to_parse: 0, ..dom_smoothie::Config::default() };
    let Ok(mut r) = dom_smoothie::Readability::with_document(doc, None, Some(cfg)) else { return Vec::new() };
    if r.parse().is_err() {
        return Vec::new();
    }
    // The element dom_smoothie puts the article in (`Article::content` is its HTML).
    let content = r.doc.select("#readability-page-1");
    content.nodes().first().map(element_blocks).unwrap_or_default()
}

/// Plain-text blocks under a node (the whole page, for the lines around its headline).
pub fn blocks_of(node: &NodeRef) -> Vec<Block> {
    let mut w = Walker::default();
    w.walk(node);
    w.flush();
    w.out
}

/// Plain-text blocks of an element, itself included.
fn element_blocks(element: &NodeRef) -> Vec<Block> {
    let mut w = Walker::default();
    w.visit(element);
    w.flush();
    w.out
}

#[derive(Default)]
struct Walker {
    out: Vec<Block>,
    text: String,
    heading: bool,
}

impl Walker {
    fn walk(&mut self, node: &NodeRef) {
        for child in node.children_it(false) {
            self.visit(&child);
        }
    }

    fn visit(&mut self, node: &NodeRef) {
        if node.is_text() {
            self.text.push_str(&node.text());
            return;
        }
        let Some(name) = node.node_name() else { return };
        let name = name.to_ascii_lowercase();
        if SKIPPED.contains(&name.as_str()) || node.has_attr("hidden") {
            return;
        }
        if name == "br" {
            self.flush();
        } else if let Some(level) = heading_level(&name) {
            self.flush();
            self.heading = level > 0;
            self.walk(node);
            self.flush();
        } else if BLOCK.contains(&name.as_str()) {
            self.flush();
            self.walk(node);
            self.flush();
        } else {
            self.walk(node);
        }
    }

    fn flush(&mut self) {
        let text = collapse_spaces(&self.text);
        self.text.clear();
        let kind = if std::mem::take(&mut self.heading) { BlockKind::Heading } else { BlockKind::Paragraph };
        if !text.is_empty() {
            self.out.push(Block { kind, text });
        }
    }
}

fn heading_level(name: &str) -> Option<u8> {
    let b = name.as_bytes();
    (b.len() == 2 && b[0] == b'h' && (b'1'..=b'6').contains(&b[1])).then(|| b[1] - b'0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_text_joins_and_blocks_split() {
        let html = "<div><h2>Crosshead</h2><p>One <em>two</em>\n three<br>four</p><ul><li>a</li><li>b <b>c</b></li></ul>\
            <script>var x;</script><p>  </p><figure><img alt='x'><figcaption>Photo: AP</figcaption></figure></div>";
        let got: Vec<(BlockKind, String)> =
            blocks_of(&Document::fragment(html).root()).into_iter().map(|b| (b.kind, b.text)).collect();
        use BlockKind::*;
        let want = [
            (Heading, "Crosshead"),
            (Paragraph, "One two three"),
            (Paragraph, "four"),
            (Paragraph, "a"),
            (Paragraph, "b c"),
            (Paragraph, "Photo: AP"),
        ];
        assert_eq!(got, want.map(|(k, t)| (k, t.to_owned())));
    }
}
