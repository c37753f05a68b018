//! Markdown: each brief becomes a Markdown page — front matter, the article with its
//! highlighted passages (`<mark>`) and note markers (footnote references), and the notes as
//! footnote definitions — which is published as `index.md` and rendered to HTML with
//! pulldown-cmark. Pure. Seed text is escaped on the way in, so it is never read as markup.

pub mod escape;
pub mod html;
mod plain;

use std::collections::HashMap;
use std::fmt::Write as _;

pub use escape::escape_text;
pub use html::{render_inline, render_markdown, sanitise_markdown};
pub use plain::plain_text;

use serde::Serialize;

use crate::config::{Config, PublishBody, Verdict};
use crate::i18n::Strings;

use crate::link::{Highlight, Linked};
use crate::model::BlockKind;
use crate::model::{Brief, NoteKind};

/// A brief's HTML fragments for the templates, and which of its blocks are published; its
/// Markdown page is made apart ([`brief_markdown`]), only when it is needed. Made for one
/// brief at a time, when its page is rendered: no build holds every brief's.
#[derive(Clone, Debug, PartialEq)]
pub struct BriefDoc {
    /// Which article blocks are published: all, or only the annotated ones when only excerpts
    /// are (`publish_body: excerpts`).
    pub published: Vec<bool>,
    /// HTML of each note body, in the brief's note order.
    pub notes: Vec<String>,
    /// What each note's marker in the text is called for screen readers (`Note 1`), in the
    /// site's language, escaped for an attribute; in the brief's note order.
    pub marker_labels: Vec<String>,
    pub summary: Option<String>,
}

impl BriefDoc {
    /// HTML of each article block of `brief` (whose doc this is), rendered from its Markdown
    /// page `markdown`, in order; `None` for a block left out.
    pub fn blocks(&self, brief: &Brief, markdown: &str) -> Vec<Option<String>> {
        let markers: HashMap<&str, html::Marker> = brief
            .notes
            .iter()
            .enumerate()
            .zip(&self.marker_labels)
            .map(|((i, n), label)| (n.id.as_str(), html::Marker { number: i + 1, id: &n.id, label }))
            .collect();
        align_blocks(html::render_body(markdown, &markers), &self.published)
    }
}

/// Everything a brief's Markdown page and [`BriefDoc`] are made from: all that
/// [`brief_markdown`] and [`brief_doc`] read. Serialised, it is what a digest of the page's
/// inputs takes instead of the page (`render` keeps an unchanged page without making it).
#[derive(Clone, Copy, Debug, Serialize)]
pub struct DocInput<'a> {
    pub brief: &'a Brief,
    pub highlights: &'a [Highlight],
    pub meta: &'a PageMeta<'a>,
    pub settings: &'a DocSettings<'a>,
}

/// What a brief's Markdown page takes from the site: how much of the article is published,
/// the verdict scale and the interface strings, which serialise as `strings_made_from`, a
/// digest of them made once for every brief (`render::digest` of the [`Strings`]).
#[derive(Clone, Copy, Debug, Serialize)]
pub struct DocSettings<'a> {
    publish_body: PublishBody,
    /// The site's base path, which links from its root in notes and summaries get.
    base_path: &'a str,
    verdicts: &'a [Verdict],
    #[serde(skip)]
    strings: &'a Strings,
    strings_made_from: u128,
}

impl<'a> DocSettings<'a> {
    /// The settings of a site of `config` whose strings are `strings`, made from
    /// `strings_made_from` (a digest of them, or anything when no digest is made).
    pub fn new(config: &'a Config, strings: &'a Strings, strings_made_from: u128) -> Self {
        DocSettings {
            publish_body: config.publish_body,
            base_path: &config.base_path,
            verdicts: &config.verdicts,
            strings,
            strings_made_from,
        }
    }

    fn verdict(&self, id: &str) -> Option<&'a Verdict> {
        self.verdicts.iter().find(|v| v.id == id)
    }
}

/// What the front matter says besides the brief itself.
#[derive(Clone, Debug, Default, Serialize)]
pub struct PageMeta<'a> {
    pub outlet: Option<&'a str>,
    pub entities: Vec<&'a str>,
}

/// Brief `i`'s page meta from the linked site: its outlet's name and the entities it
/// mentions.
pub fn linked_meta(linked: &Linked, i: usize) -> PageMeta<'_> {
    let b = &linked.content.briefs[i];
    PageMeta {
        outlet: b
            .outlet
            .as_deref()
            .and_then(|id| linked.outlet_index(id))
            .map(|o| linked.content.outlets[o].name.as_str()),
        entities: linked.brief_entities[i].iter().map(|&(e, _)| linked.content.entities[e].id.as_str()).collect(),
    }
}

/// The brief's HTML fragments: its notes' and summary's, and which blocks are published.
pub fn brief_doc(input: &DocInput) -> BriefDoc {
    let brief = input.brief;
    BriefDoc {
        published: published_blocks(brief, input.highlights, input.settings.publish_body),
        notes: brief.notes.iter().map(|n| render_markdown(&n.body, input.settings.base_path)).collect(),
        marker_labels: (1..=brief.notes.len()).map(|n| marker_label(input.settings.strings, n)).collect(),
        summary: brief.summary.as_deref().map(|s| render_markdown(s, input.settings.base_path)),
    }
}

/// The accessible name of the marker of note number `n`: `notes.marker` of the site's strings.
fn marker_label(strings: &Strings, n: usize) -> String {
    escape::escape_attribute(&strings.fill("notes.marker", &[("n", &n.to_string())]))
}

/// The brief's Markdown page (`index.md`): front matter, the article with its marks and note
/// markers, and the notes as footnote definitions, labelled with the site's strings.
pub fn brief_markdown(input: &DocInput) -> String {
    let DocInput { brief, highlights, meta, settings } = *input;
    let mut md = front_matter(brief, meta);
    // The text, with room for marks, note markers and the notes' definitions.
    let blocks = brief.article.blocks();
    let text: usize = blocks.iter().map(|b| b.text.len() + 2).sum();
    let notes: usize = brief.notes.iter().map(|n| n.body.len() + 64).sum();
    md.reserve(text + text / 8 + notes);
    let published = published_blocks(brief, highlights, settings.publish_body);
    for (k, block) in blocks.iter().enumerate() {
        if !published[k] {
            if k == 0 || published[k - 1] {
                md.push_str(OMISSION);
            }
            continue;
        }
        md.push('\n');
        if block.kind == BlockKind::Heading {
            md.push_str("### ");
        }
        let in_block: Vec<&Highlight> = highlights.iter().filter(|h| h.anchor.block == k).collect();
        md.push_str(&marked_text(&block.text, &in_block, brief));
        md.push('\n');
    }
    for n in &brief.notes {
        let _ = write!(md, "\n[^{}]: {}", n.id, note_definition(n, settings));
    }
    md
}

/// The Markdown paragraph that stands for a run of left-out blocks in excerpt mode.
const OMISSION: &str = "\n\\[…\\]\n";

/// Which article blocks are published: all of them, or in excerpt mode only those with an
/// annotated passage (the paragraph is the passage's context).
pub fn published_blocks(brief: &Brief, highlights: &[Highlight], publish_body: PublishBody) -> Vec<bool> {
    let n = brief.article.block_count();
    if publish_body != PublishBody::Excerpts {
        return vec![true; n];
    }
    let mut out = vec![false; n];
    for h in highlights {
        out[h.anchor.block] = true;
    }
    out
}

/// Pairs rendered blocks with article blocks: a run of left-out blocks rendered as one
/// omission paragraph becomes `None`s.
fn align_blocks(rendered: Vec<String>, published: &[bool]) -> Vec<Option<String>> {
    let mut rendered = rendered.into_iter();
    let mut out = Vec::with_capacity(published.len());
    for (k, &p) in published.iter().enumerate() {
        if p {
            out.push(rendered.next());
        } else {
            if k == 0 || published[k - 1] {
                rendered.next();
            }
            out.push(None);
        }
    }
    out
}

/// Block text, escaped, with `<mark>` around highlights (they nest) and note markers after.
fn marked_text(text: &str, highlights: &[&Highlight], brief: &Brief) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut pos = 0;
    let mut open: Vec<&Highlight> = Vec::new();
    let close = |out: &mut String, pos: &mut usize, h: &Highlight| {
        out.push_str(&escape_text(&text[*pos..h.anchor.end], *pos == 0));
        out.push_str("</mark>");
        for &n in &h.notes {
            let _ = write!(out, "[^{}]", brief.notes[n].id);
        }
        *pos = h.anchor.end;
    };
    for h in highlights {
        while let Some(top) = open.last().filter(|t| t.anchor.end <= h.anchor.start) {
            close(&mut out, &mut pos, top);
            open.pop();
        }
        out.push_str(&escape_text(&text[pos..h.anchor.start], pos == 0));
        let kinds: Vec<&str> = h.notes.iter().map(|&n| brief.notes[n].kind.as_str()).collect();
        let class = if kinds.is_empty() { "event".to_owned() } else { kinds.join(" ") };
        let _ = write!(out, "<mark id=\"{}\" class=\"{class}\">", h.id);
        pos = h.anchor.start;
        open.push(h);
    }
    while let Some(top) = open.pop() {
        close(&mut out, &mut pos, top);
    }
    out.push_str(&escape_text(&text[pos..], pos == 0));
    out
}

/// A note as a footnote definition: its kind (and verdict) in bold, then its body.
fn note_definition(n: &crate::model::Note, settings: &DocSettings) -> String {
    let strings = settings.strings;
    let kind = n.kind.label(strings);
    let head = match n.verdict.as_deref().and_then(|v| settings.verdict(v)) {
        Some(v) if n.kind == NoteKind::FactCheck => {
            strings.fill("notes.kind_verdict", &[("kind", kind), ("verdict", &v.label)])
        }
        _ => kind.to_owned(),
    };
    let head = strings.fill("notes.markdown_head", &[("head", &head)]);
    let mut body = format!("**{}** {}", escape_text(&head, false), sanitise_markdown(n.body.trim()));
    for s in &n.sources {
        let url = format!("<{}>", crate::url::encode_for_markdown(s));
        let _ = write!(body, "\n\n{}", strings.fill("notes.source_line", &[("url", &url)]));
    }
    // Continuation lines of a footnote are indented.
    body.lines().map(|l| if l.is_empty() { String::new() } else { l.to_owned() }).collect::<Vec<_>>().join("\n    ")
        + "\n"
}

fn front_matter(brief: &Brief, meta: &PageMeta) -> String {
    let q = |s: &str| serde_json::to_string(s).expect("strings serialise");
    let list = |items: &[&str]| format!("[{}]", items.iter().map(|s| q(s)).collect::<Vec<_>>().join(", "));
    let mut fm = String::from("---\n");
    let _ = writeln!(fm, "title: {}", q(&brief.title));
    let _ = writeln!(fm, "slug: {}", q(&brief.slug));
    let _ = writeln!(fm, "seed: {}", q(brief.seed_id()));
    let _ = writeln!(fm, "published: {}", brief.published);
    let optional = [
        ("outlet", meta.outlet),
        ("byline", brief.byline.as_deref()),
        ("dateline", brief.dateline.as_deref()),
        ("url", brief.url.as_deref()),
        ("story", brief.story.as_deref()),
    ];
    for (key, value) in optional {
        if let Some(v) = value {
            let _ = writeln!(fm, "{key}: {}", q(v));
        }
    }
    if !brief.tags.is_empty() {
        let tags: Vec<&str> = brief.tags.iter().map(String::as_str).collect();
        let _ = writeln!(fm, "tags: {}", list(&tags));
    }
    if !meta.entities.is_empty() {
        let _ = writeln!(fm, "entities: {}", list(&meta.entities));
    }
    if let Some(s) = &brief.summary {
        let _ = writeln!(fm, "summary: {}", q(&sanitise_markdown(s.trim())));
    }
    fm.push_str("---\n");
    fm
}

#[cfg(test)]
mod tests;
