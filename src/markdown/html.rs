//! Markdown → HTML with pulldown-cmark, in two modes:
//! - the brief's page ([`render_body`]): Markdown we generated from escaped seed text, whose
//!   only raw HTML is our own `<mark>`; footnote references become note markers and the
//!   footnote definitions are skipped (notes are rendered on their own);
//! - editors' Markdown ([`render_markdown`]): summaries, note bodies, pages. Raw HTML is shown
//!   as text, links with unsafe schemes are neutralised, images become links (no external
//!   requests), typographic punctuation is applied.

use std::collections::HashMap;
use std::ops::Range;

use super::escape;
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html::push_html};

/// Renders editor-written Markdown safely, for a site at `base_path` (`/`, `/REPO/`): a link
/// to a path of the site written from its root (`/timeline/`) gets the base path, as every
/// link the site makes has it, so that it works on a project site too.
pub fn render_markdown(md: &str, base_path: &str) -> String {
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_SMART_PUNCTUATION;
    let events = Parser::new_ext(md, opts).map(|ev| match ev {
        Event::Html(s) | Event::InlineHtml(s) => Event::Text(s),
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Link { link_type, dest_url: site_url(safe_url(dest_url), base_path), title, id })
        }
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Link { link_type, dest_url: site_url(safe_url(dest_url), base_path), title, id })
        }
        Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
        other => other,
    });
    let mut html = String::with_capacity(md.len() * 3 / 2);
    push_html(&mut html, events);
    html
}

/// Renders editor-written Markdown that should be one line of inline text (a title): the
/// paragraph wrapper is dropped.
pub fn render_inline(md: &str, base_path: &str) -> String {
    let html = render_markdown(md, base_path);
    let trimmed = html.trim_end();
    trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
        .filter(|s| !s.contains("<p>"))
        .unwrap_or(trimmed)
        .to_owned()
}

/// Keeps http(s), mailto, fragment and relative links; anything else becomes `#`.
fn safe_url(url: CowStr) -> CowStr {
    if is_safe_link(&url) { url } else { CowStr::Borrowed("#") }
}

/// A link from the site's root (`/timeline/`, not `//host/x`) under the base path `base`.
fn site_url<'a>(url: CowStr<'a>, base: &str) -> CowStr<'a> {
    match url.strip_prefix('/') {
        Some(rest) if base != "/" && !rest.starts_with('/') => CowStr::Boxed(format!("{base}{rest}").into()),
        _ => url,
    }
}

/// Whether a link destination is http(s), mailto, a fragment or a relative path.
fn is_safe_link(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    let scheme = lower.split_once(':').map(|(s, _)| s).filter(|s| !s.contains(['/', '?', '#']));
    matches!(scheme, None | Some("http" | "https" | "mailto"))
}

/// Editor Markdown as the site shows it, still as Markdown, for the published `index.md`:
/// raw HTML becomes text (escaped as seed text is), links with unsafe schemes become their
/// text, images become links (no request to another site). A renderer that lets raw HTML
/// through gets no live markup from it.
///
/// Each pass turns what it finds into text; an edit can join what was text around it into new
/// markup (found by fuzzing: `<a <javascript:x>` around an unsafe autolink), so the result
/// is parsed again, and passed again until it is clean; should it not be after a few passes,
/// the whole body is escaped as text.
pub fn sanitise_markdown(md: &str) -> String {
    let mut text = sanitise_pass(md);
    for _ in 0..3 {
        if is_inert(&text) {
            return text;
        }
        text = sanitise_pass(&text);
    }
    if is_inert(&text) { text } else { escape::escape_text(md, true) }
}

const SANITISE_OPTIONS: Options = Options::ENABLE_TABLES.union(Options::ENABLE_STRIKETHROUGH);

/// Whether Markdown has no raw HTML, no image and no link with an unsafe scheme.
fn is_inert(md: &str) -> bool {
    Parser::new_ext(md, SANITISE_OPTIONS).all(|ev| match ev {
        Event::Html(_) | Event::InlineHtml(_) | Event::Start(Tag::Image { .. }) => false,
        Event::Start(Tag::Link { dest_url, .. }) => is_safe_link(&dest_url),
        _ => true,
    })
}

/// One pass of [`sanitise_markdown`].
fn sanitise_pass(md: &str) -> String {
    let opts = SANITISE_OPTIONS;
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    // An unsafe link being replaced by its text: its source range and the text so far.
    let mut unlinking: Option<(Range<usize>, String)> = None;
    for (ev, range) in Parser::new_ext(md, opts).into_offset_iter() {
        if let Some((r, text)) = &mut unlinking {
            if range.start < r.end {
                if let Event::Text(t) | Event::Code(t) = &ev {
                    text.push_str(t);
                }
                continue;
            }
            let (r, text) = unlinking.take().unwrap_or_default();
            edits.push(unlinked(md, r, &text));
        }
        match ev {
            // Escaped as text, not only its `<`: what followed raw HTML in its block would
            // otherwise be read as Markdown again (a link, found by fuzzing).
            Event::Html(_) | Event::InlineHtml(_) => edits.push((range.clone(), escape::escape_text(&md[range], true))),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) if !is_safe_link(&dest_url) => {
                unlinking = Some((range, String::new()));
            }
            Event::Start(Tag::Image { .. }) if md[range.clone()].starts_with('!') => {
                edits.push((range.start..range.start + 1, String::new()));
            }
            _ => {}
        }
    }
    if let Some((r, text)) = unlinking {
        edits.push(unlinked(md, r, &text));
    }
    apply_edits(md, edits)
}

/// The edit that replaces the link at `r` by its text, escaped.
fn unlinked(md: &str, r: Range<usize>, text: &str) -> (Range<usize>, String) {
    let line_start = md[..r.start].ends_with('\n') || r.start == 0;
    (r, escape::escape_text(text, line_start))
}

/// `text` with each range replaced, in order; a range overlapping an earlier one is skipped.
fn apply_edits(text: &str, mut edits: Vec<(Range<usize>, String)>) -> String {
    edits.sort_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(text.len() + 16);
    let mut pos = 0;
    for (r, with) in edits {
        if r.start < pos {
            continue;
        }
        out.push_str(&text[pos..r.start]);
        out.push_str(&with);
        pos = r.end;
    }
    out.push_str(&text[pos..]);
    out
}

/// How a note marker looks: the note's number, its element ids and its accessible name
/// (already escaped for an attribute).
pub struct Marker<'a> {
    pub number: usize,
    pub id: &'a str,
    pub label: &'a str,
}

/// Renders the generated page of a brief into one HTML string per top-level block (the
/// article's paragraphs and headings, in order), skipping front matter and footnote
/// definitions. `markers` maps footnote labels (note ids) to their markers.
pub fn render_body(md: &str, markers: &HashMap<&str, Marker>) -> Vec<String> {
    let opts = Options::ENABLE_FOOTNOTES | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut blocks = Vec::new();
    let mut current: Vec<Event> = Vec::new();
    let mut depth = 0usize;
    let mut skip = 0usize;
    // One buffer for every block, which is copied out at its size.
    let mut html = String::new();
    for ev in Parser::new_ext(md, opts) {
        match ev {
            Event::Start(Tag::FootnoteDefinition(_) | Tag::MetadataBlock(_)) => skip += 1,
            Event::End(TagEnd::FootnoteDefinition | TagEnd::MetadataBlock(_)) => skip -= 1,
            _ if skip > 0 => {}
            Event::Start(tag) => {
                depth += 1;
                current.push(Event::Start(tag));
            }
            Event::End(tag) => {
                depth -= 1;
                current.push(Event::End(tag));
                if depth == 0 {
                    html.clear();
                    push_html(&mut html, current.drain(..));
                    blocks.push(html.trim_end().to_owned());
                }
            }
            Event::FootnoteReference(label) => current.push(Event::InlineHtml(marker_html(&label, markers).into())),
            other => current.push(other),
        }
    }
    blocks
}

fn marker_html(label: &str, markers: &HashMap<&str, Marker>) -> String {
    match markers.get(label) {
        Some(m) => format!(
            "<sup class=\"note-ref\" id=\"ref-{id}\"><a href=\"#{anchor}\" aria-label=\"{label}\">{n}</a></sup>",
            id = m.id,
            anchor = crate::link::urls::note_anchor(m.id),
            label = m.label,
            n = m.number
        ),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_markdown_cannot_inject_html_or_scripts() {
        assert_eq!(
            render_markdown("a <script>alert(1)</script> b", "/"),
            "<p>a &lt;script&gt;alert(1)&lt;/script&gt; b</p>\n"
        );
        assert_eq!(render_markdown("[x](javascript:alert(1))", "/"), "<p><a href=\"#\">x</a></p>\n");
        assert_eq!(
            render_markdown("![alt](https://e.org/i.png)", "/"),
            "<p><a href=\"https://e.org/i.png\">alt</a></p>\n"
        );
        assert_eq!(render_markdown("<div onclick=x>\n\nhi", "/"), "&lt;div onclick=x&gt;\n<p>hi</p>\n");
    }

    /// Markdown rendered as a renderer that trusts raw HTML would.
    fn render_trusting(md: &str) -> String {
        let mut html = String::new();
        push_html(&mut html, Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH));
        html
    }

    #[test]
    fn published_markdown_has_no_live_markup_for_a_trusting_renderer() {
        let md = "a <b onclick=x>b</b> [l](javascript:alert(1)) ![i](https://e.org/i.png) <javascript:x> [ok](https://a.org)";
        assert_eq!(
            render_trusting(&sanitise_markdown(md)),
            "<p>a &lt;b onclick=x&gt;b&lt;/b&gt; l <a href=\"https://e.org/i.png\">i</a> javascript:x <a href=\"https://a.org\">ok</a></p>\n"
        );
    }

    #[test]
    fn issue_23_fuzz_text_after_raw_html_in_its_block_stays_text() {
        // Found by fuzzing: `&lt;`-escaping only the `<` of an HTML block ended the block, and
        // the link on its next line came alive.
        let md = "<div onclick=x>\n|\n a | b [l](javascript:alert(1)) |\n|---|\n";
        let html = render_trusting(&sanitise_markdown(md));
        assert!(!html.contains("href") && !html.contains("<div"), "{html}");
    }

    #[test]
    fn issue_23_fuzz_text_joined_around_an_unsafe_autolink_stays_text() {
        // Found by fuzzing: removing the autolink's brackets made `<a javascript:x\n=J>` a tag.
        let md = "az <javascri <javascript:x>\n=J>div";
        let html = render_trusting(&sanitise_markdown(md));
        assert!(!html.contains("<javascri"), "{html}");
        assert!(is_inert(&sanitise_markdown(md)));
    }

    #[test]
    fn editor_markdown_gets_typography_and_safe_links() {
        assert_eq!(
            render_markdown("\"Hi\" -- [a](https://a.org) [b](/x) [c](#y)", "/"),
            "<p>“Hi” – <a href=\"https://a.org\">a</a> <a href=\"/x\">b</a> <a href=\"#y\">c</a></p>\n"
        );
        assert_eq!(render_inline("*A* title", "/"), "<em>A</em> title");
        // A path of the site from its root gets the base path; another host's does not.
        assert_eq!(
            render_markdown("[t](/timeline/#y2017) [h](//e.org/x) [r](about/) [i](</a b/>)", "/repo/"),
            "<p><a href=\"/repo/timeline/#y2017\">t</a> <a href=\"//e.org/x\">h</a> <a href=\"about/\">r</a> <a href=\"/repo/a%20b/\">i</a></p>\n"
        );
    }

    #[test]
    fn body_blocks_are_split_and_markers_resolved() {
        let md = "---\ntitle: \"x\"\n---\n\nOne <mark id=\"q-a\">two</mark>[^a] three.\n\n## Head\n\nFour\n\n[^a]: The note.\n";
        let markers = HashMap::from([("a", Marker { number: 1, id: "a", label: "Note 1" })]);
        assert_eq!(
            render_body(md, &markers),
            [
                "<p>One <mark id=\"q-a\">two</mark><sup class=\"note-ref\" id=\"ref-a\"><a href=\"#note-a\" aria-label=\"Note 1\">1</a></sup> three.</p>",
                "<h2>Head</h2>",
                "<p>Four</p>"
            ]
        );
    }
}
