//! The view of a brief's page: the article with its notes beside each paragraph, the header,
//! the editor's summary, "On the timeline", entities, other coverage and prev/next.

use serde::Serialize;

use super::views::{CardRef, DateView, EntityRef, EntryCardRef, Link, Shared, TextLang, Views};
use crate::markdown::BriefDoc;
use crate::model::{Note, NoteKind};

#[derive(Debug, Serialize)]
pub struct BriefPage<'a> {
    pub title: String,
    /// The article's language and direction, for its title and text, when it is not the
    /// site's: `lang` and `dir` there let screen readers, hyphenation and the direction
    /// follow the article.
    pub text_lang: Option<TextLang>,
    pub url: String,
    pub outlet: Option<Link>,
    pub byline: Option<String>,
    pub dateline: Option<String>,
    pub date: DateView,
    /// The original article.
    pub original: Option<String>,
    /// `None` when the site publishes no Markdown pages (`outputs:`).
    pub markdown_url: Option<String>,
    pub summary: Option<String>,
    pub blocks: Vec<BlockView>,
    /// What the blocks' HTML is made from, which a page's digest takes instead of the HTML:
    /// the digest of what the brief's Markdown page is made from (`markdown::DocInput`). The
    /// HTML itself is only made when the page is rendered ([`BriefPage::complete`]).
    #[serde(skip_serializing_if = "super::digest::not_in_digest")]
    pub made_from: u128,
    /// Whether only annotated passages are shown (`publish_body: excerpts`).
    pub excerpts: bool,
    /// Each note once as a template value, which its block's `notes` share.
    pub notes: Vec<Shared<NoteView>>,
    pub timeline: Vec<EntryCardRef<'a>>,
    pub timeline_url: String,
    pub entities: Vec<EntityRef>,
    pub tags: Vec<Link>,
    pub story: Option<StoryRef<'a>>,
    pub prev: Option<CardRef<'a>>,
    pub next: Option<CardRef<'a>>,
}

#[derive(Debug, Serialize)]
pub struct BlockView {
    /// `paragraph` or `heading`.
    pub kind: &'static str,
    /// Empty until [`BriefPage::render_blocks`].
    #[serde(skip_serializing_if = "super::digest::in_digest")]
    pub html: String,
    /// The notes anchored in this block, in reading order.
    pub notes: Vec<Shared<NoteView>>,
    /// In excerpt mode: whether blocks were left out before this one.
    pub gap_before: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct NoteView {
    pub number: usize,
    /// Element id of the note.
    pub id: String,
    /// Element id of its highlighted passage, and of its marker.
    pub quote_id: String,
    pub ref_id: String,
    pub kind: String,
    pub kind_label: String,
    pub verdict: Option<VerdictView>,
    pub claimant: Option<Link>,
    pub quote: String,
    pub body: String,
    pub sources: Vec<String>,
    /// The original article at the quoted passage (a text fragment link).
    pub original: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct VerdictView {
    pub id: String,
    pub label: String,
    pub description: Option<String>,
    /// 1 for the best rating on the scale.
    pub rank: usize,
    pub scale: usize,
}

impl VerdictView {
    /// The verdict at `rank` (0 for the best) of the site's scale.
    pub fn new(l: &crate::link::Linked, rank: usize) -> VerdictView {
        let verdict = &l.config.verdicts[rank];
        VerdictView {
            id: verdict.id.clone(),
            label: verdict.label.clone(),
            description: verdict.description.clone(),
            rank: rank + 1,
            scale: l.config.verdicts.len(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct StoryRef<'a> {
    pub title: String,
    pub url: String,
    /// The story's other briefs nearest this one in time ([`STORY_OTHERS`] at most), in time
    /// order; the story's page has them all.
    pub others: Vec<CardRef<'a>>,
    /// How many briefs the story has, this one included.
    pub total: usize,
}

/// The most other briefs of its story a brief's page lists: a story of hundreds of articles
/// would otherwise make every one of their pages list all the others (a site's size growing
/// with the square of the story's).
pub const STORY_OTHERS: usize = 10;

/// Up to `max` items of `items` other than `at`, those nearest it in the list (the story's
/// briefs are in time order), in their order.
fn neighbours(items: &[usize], at: usize, max: usize) -> impl Iterator<Item = usize> + '_ {
    let len = (max + 1).min(items.len());
    let p = items.iter().position(|&x| x == at).unwrap_or(0);
    let start = p.saturating_sub(max / 2).min(items.len() - len);
    items[start..start + len].iter().copied().filter(move |&x| x != at).take(max)
}

impl BriefPage<'_> {
    /// Completes a page that is rendered (not kept): the HTML of the article's blocks, from
    /// `doc` of `brief` (whose page this is) and its Markdown page `markdown`, and the
    /// partials of the entries shown as context.
    pub fn complete(
        &mut self,
        brief: &crate::model::Brief,
        doc: &BriefDoc,
        markdown: &str,
    ) -> Result<(), crate::diag::Diagnostic> {
        for (view, html) in self.blocks.iter_mut().zip(doc.blocks(brief, markdown).into_iter().flatten()) {
            view.html = html;
        }
        self.timeline.iter_mut().try_for_each(EntryCardRef::complete)
    }
}

impl Views<'_> {
    /// Brief `i`'s page view, with `doc`, its HTML fragments, and `made_from`, the digest of
    /// what its Markdown page is made from (any value when no digest is made).
    pub fn brief_page<'d>(&'d self, i: usize, doc: &'d BriefDoc, made_from: u128) -> BriefPage<'d> {
        let l = self.linked;
        let b = self.read_brief(i);
        let notes: Vec<Shared<NoteView>> =
            b.notes.iter().enumerate().map(|(k, n)| Shared::new(&self.note_view(i, k, n, &doc.notes[k]))).collect();
        let mut blocks = Vec::with_capacity(doc.published.len());
        let mut skipped = false;
        for (k, &published) in doc.published.iter().enumerate() {
            if !published {
                skipped = true;
                continue;
            }
            let in_block: Vec<Shared<NoteView>> =
                b.notes.iter().zip(&notes).filter(|(n, _)| n.anchor.block == k).map(|(_, v)| v.clone()).collect();
            let kind = match b.article.block_kind(k) {
                crate::model::BlockKind::Heading => "heading",
                crate::model::BlockKind::Paragraph => "paragraph",
            };
            blocks.push(BlockView { kind, html: String::new(), notes: in_block, gap_before: skipped });
            skipped = false;
        }
        BriefPage {
            title: b.title.clone(),
            text_lang: TextLang::of(b.language.as_deref(), &l.config.language),
            url: l.urls.brief(&b.slug),
            outlet: b.outlet.as_deref().and_then(|id| l.outlet_index(id)).map(|o| {
                let outlet = &l.content.outlets[o];
                Link { title: outlet.name.clone(), url: l.urls.outlet(&outlet.id) }
            }),
            byline: b.byline.clone(),
            dateline: b.dateline.clone(),
            date: self.date(b.published),
            original: b.url.clone(),
            markdown_url: l.config.outputs.markdown_pages.then(|| l.urls.brief(&b.slug) + "index.md"),
            summary: doc.summary.clone(),
            blocks,
            made_from,
            excerpts: doc.published.contains(&false),
            notes,
            timeline: self.brief_timeline(i),
            timeline_url: l.urls.timeline(),
            entities: l.brief_entities[i].iter().map(|&(e, c)| self.entity_ref(e, c)).collect(),
            tags: b.tags.iter().map(|t| Link { title: t.clone(), url: l.urls.tag(t) }).collect(),
            story: l.story_of(i).map(|s| StoryRef {
                title: s.story.title.clone().unwrap_or_else(|| self.read_brief(s.briefs[0]).title.clone()),
                url: l.urls.story(&s.story.id),
                others: neighbours(&s.briefs, i, STORY_OTHERS).map(|o| self.brief_card(o)).collect(),
                total: s.briefs.len(),
            }),
            prev: l.prev_next(i).0.map(|p| self.brief_card(p)),
            next: l.prev_next(i).1.map(|n| self.brief_card(n)),
        }
    }

    fn note_view(&self, brief: usize, k: usize, n: &Note, body_html: &str) -> NoteView {
        let l = self.linked;
        let b = &l.content.briefs[brief];
        let quote_id = l.highlights[brief]
            .iter()
            .find(|h| h.anchor == n.anchor)
            .map_or_else(|| format!("q-{}", n.id), |h| h.id.clone());
        let verdict = n
            .verdict
            .as_deref()
            .and_then(|v| l.config.verdicts.iter().position(|x| x.id == v))
            .map(|rank| VerdictView::new(l, rank));
        let quote = n.anchor.passage(&b.article);
        NoteView {
            number: k + 1,
            id: crate::link::urls::note_anchor(&n.id),
            quote_id,
            ref_id: format!("ref-{}", n.id),
            kind: n.kind.as_str().into(),
            kind_label: n.kind.label(self.strings()).into(),
            verdict: verdict.filter(|_| n.kind == NoteKind::FactCheck),
            claimant: n.claimant.as_deref().and_then(|c| l.entity_index(c)).map(|e| self.entity_link(e)),
            original: b.url.as_deref().map(|u| text_fragment_url(u, &quote)),
            quote: quote.into_owned(),
            body: body_html.to_owned(),
            sources: n.sources.clone(),
        }
    }

    /// The brief's own timeline entries, with the entry just before and just after them.
    fn brief_timeline(&self, i: usize) -> Vec<EntryCardRef<'_>> {
        let own = &self.linked.brief_entries[i];
        let (before, after) = self.linked.context_entries(i);
        let mut out = Vec::with_capacity(own.len() + 2);
        out.extend(before.map(|e| self.entry(e, false)));
        out.extend(own.iter().map(|&e| self.entry(e, true)));
        out.extend(after.map(|e| self.entry(e, false)));
        out
    }
}

/// A link to the original article that scrolls to the quoted passage (`#:~:text=`). Long
/// quotes use the `start,end` form.
pub fn text_fragment_url(url: &str, quote: &str) -> String {
    let base = url.split('#').next().unwrap_or(url);
    let mut words = quote.split_whitespace();
    let head: Vec<&str> = words.by_ref().take(4).collect();
    let mut tail: Vec<&str> = words.by_ref().rev().take(4).collect();
    tail.reverse();
    let mut out = String::with_capacity(base.len() + 9 + 3 * quote.len().min(160));
    out.push_str(base);
    out.push_str("#:~:text=");
    if words.next().is_some() {
        encode_words(&mut out, &head);
        out.push(',');
        encode_words(&mut out, &tail);
    } else {
        encode_words(&mut out, &[head, tail].concat());
    }
    out
}

/// Words joined by a space, percent-encoded for a text directive: everything but unreserved
/// characters.
fn encode_words(out: &mut String, words: &[&str]) {
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            out.push_str("%20");
        }
        for b in w.bytes() {
            if b.is_ascii_alphanumeric() || b == b'.' || b == b'_' || b == b'~' {
                out.push(char::from(b));
            } else {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.extend(['%', char::from(HEX[usize::from(b >> 4)]), char::from(HEX[usize::from(b & 15)])]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_brief_lists_the_others_of_its_story_nearest_it() {
        let story: Vec<usize> = (10..30).collect();
        let around = |at, max| neighbours(&story, at, max).collect::<Vec<_>>();
        assert_eq!(around(20, 4), [18, 19, 21, 22]);
        assert_eq!(around(10, 4), [11, 12, 13, 14], "the first: the next four");
        assert_eq!(around(29, 4), [25, 26, 27, 28], "the last: the four before");
        assert_eq!(around(11, 3), [10, 12, 13]);
        assert_eq!(neighbours(&[3, 5], 5, 10).collect::<Vec<_>>(), [3], "a short story: all the others");
    }

    #[test]
    fn text_fragments_encode_and_shorten() {
        assert_eq!(
            text_fragment_url("https://a.org/x#top", "Raqa is a symbol,"),
            "https://a.org/x#:~:text=Raqa%20is%20a%20symbol%2C"
        );
        assert_eq!(
            text_fragment_url("https://a.org/x", "one two three four five six seven eight nine ten"),
            "https://a.org/x#:~:text=one%20two%20three%20four,seven%20eight%20nine%20ten"
        );
        assert_eq!(
            text_fragment_url("https://a.org/x", " one two three  four five six seven eight\n"),
            "https://a.org/x#:~:text=one%20two%20three%20four%20five%20six%20seven%20eight"
        );
        assert_eq!(text_fragment_url("https://a.org/x", "Zürich’s"), "https://a.org/x#:~:text=Z%C3%BCrich%E2%80%99s");
    }
}
