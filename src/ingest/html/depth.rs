//! Parsing a saved page with a ceiling on how deep its elements nest. Past a few thousand
//! levels the parser slows down with the square of the depth, and the walks over the tree
//! (dom_smoothie's, dom_query's, [`super::content`]'s) recurse once per level, so a page of
//! 100,000 nested elements was a minute of parsing and then a stack overflow. The depth is
//! measured on the tree as the parser builds it, not guessed from the source: in HTML
//! `<div/>` opens a `<div>`, an end tag with no open element is ignored, and `<rt>` or
//! `<optgroup>` nest without end tags, so counting tags in the text can be led astray.

use std::borrow::Cow;
use std::cell::Cell;

use dom_query::{Document, NodeId, NodeRef};
use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::TreeBuilderOpts;
use html5ever::{Attribute, ParseOpts, QualName, parse_document};

/// Elements nested deeper than this are refused; real pages stay far below it.
pub const MAX_DEPTH: usize = 800;

/// How much of the page is parsed between two looks at the depth: past the ceiling, the
/// parser goes on for at most this many more bytes.
const CHUNK: usize = 4096;

/// The page as a document, as `Document::from` parses it; `None` when its elements nest
/// deeper than [`MAX_DEPTH`].
pub fn parse(html: &str) -> Option<Document> {
    let opts = ParseOpts {
        tree_builder: TreeBuilderOpts { scripting_enabled: false, ..TreeBuilderOpts::default() },
        ..ParseOpts::default()
    };
    let mut parser = parse_document(Guard { doc: Document::default(), deepest: Cell::new(0) }, opts);
    let mut rest = html;
    while !rest.is_empty() {
        let mut end = CHUNK.min(rest.len());
        while !rest.is_char_boundary(end) {
            end += 1;
        }
        parser.process(StrTendril::from_slice(&rest[..end]));
        rest = &rest[end..];
        if parser.tokenizer.sink.sink.deepest.get() > MAX_DEPTH {
            return None;
        }
    }
    let guard = parser.finish();
    // Elements moved after they were placed (misnested formatting tags) may lie deeper.
    (guard.deepest.get() <= MAX_DEPTH && deepest(guard.doc.root()) <= MAX_DEPTH).then_some(guard.doc)
}

/// How deep the tree under `root` goes, counted up to just past [`MAX_DEPTH`], without
/// recursion.
fn deepest(root: NodeRef<'_>) -> usize {
    let mut max = 0;
    let mut stack = vec![(root, 0)];
    while let Some((node, depth)) = stack.pop() {
        max = max.max(depth);
        if depth <= MAX_DEPTH {
            stack.extend(node.children_it(false).map(|c| (c, depth + 1)));
        }
    }
    max
}

/// dom_query's tree builder, recording the depth of every node it places.
struct Guard {
    doc: Document,
    /// The deepest place a node was put, counted up to just past [`MAX_DEPTH`].
    deepest: Cell<usize>,
}

impl Guard {
    /// Records a node placed `below` levels under `node`.
    fn placed(&self, node: &NodeId, below: usize) {
        let mut depth = below;
        let mut at = self.doc.tree.parent_of(node);
        while let Some(n) = at {
            depth += 1;
            if depth > MAX_DEPTH {
                break;
            }
            at = n.parent();
        }
        self.deepest.set(self.deepest.get().max(depth));
    }
}

impl TreeSink for Guard {
    type Handle = NodeId;
    type Output = Self;
    type ElemName<'a> = <Document as TreeSink>::ElemName<'a>;

    fn finish(self) -> Self {
        self
    }

    fn parse_error(&self, msg: Cow<'static, str>) {
        self.doc.parse_error(msg);
    }

    fn get_document(&self) -> NodeId {
        self.doc.get_document()
    }

    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Self::ElemName<'a> {
        self.doc.elem_name(target)
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        self.doc.create_element(name, attrs, flags)
    }

    fn create_comment(&self, text: StrTendril) -> NodeId {
        self.doc.create_comment(text)
    }

    fn create_pi(&self, target: StrTendril, data: StrTendril) -> NodeId {
        self.doc.create_pi(target, data)
    }

    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        self.placed(parent, 1);
        self.doc.append(parent, child);
    }

    fn append_based_on_parent_node(&self, element: &NodeId, prev_element: &NodeId, child: NodeOrText<NodeId>) {
        self.placed(element, 0);
        self.placed(prev_element, 1);
        self.doc.append_based_on_parent_node(element, prev_element, child);
    }

    fn append_doctype_to_document(&self, name: StrTendril, public_id: StrTendril, system_id: StrTendril) {
        self.doc.append_doctype_to_document(name, public_id, system_id);
    }

    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        self.doc.get_template_contents(target)
    }

    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        self.doc.same_node(x, y)
    }

    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.doc.set_quirks_mode(mode);
    }

    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        self.placed(sibling, 0);
        self.doc.append_before_sibling(sibling, new_node);
    }

    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        self.doc.add_attrs_if_missing(target, attrs);
    }

    fn remove_from_parent(&self, target: &NodeId) {
        self.doc.remove_from_parent(target);
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        self.placed(new_parent, 1);
        self.doc.reparent_children(node, new_parent);
    }

    fn is_mathml_annotation_xml_integration_point(&self, handle: &NodeId) -> bool {
        self.doc.is_mathml_annotation_xml_integration_point(handle)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `html` parses within the ceiling.
    fn fits(html: &str) -> bool {
        parse(html).is_some()
    }

    #[test]
    fn the_same_document_as_dom_query_parses() {
        let html = "<!doctype html><title>T</title><p>One <b>two <i>three</b> four</i><table><tr><td>c</table>\
            <template><p>t</p></template><svg><path/></svg>é "
            .repeat(2000);
        assert_eq!(parse(&html).unwrap().html(), Document::from(html.as_str()).html());
    }

    #[test]
    fn nesting_is_measured_on_the_tree_not_counted_in_the_source() {
        for ok in ["<div", "<p>x<br>", "<DIV>x</div>", "<li>a", "<svg><path d='x'/></svg>", "<b>x</b>"] {
            assert!(fits(&ok.repeat(5000)), "{ok}");
        }
        assert!(fits(&format!("{}<p>text{}", "<div>".repeat(50), "</div>".repeat(50))));
        assert!(fits(&"<Div id=x>".repeat(790)));
        assert!(!fits(&"<Div id=x>".repeat(801)));
        // Each of these nests as deep as it repeats, whatever its end tags say.
        for deep in ["<div/>", "<div></x>", "<rt>", "<optgroup>", "<li><dd>", "<span><div></span>", "<svg><g/>"] {
            assert!(!fits(&deep.repeat(801)), "{deep}");
        }
    }
}
