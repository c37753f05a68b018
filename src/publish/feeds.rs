//! Atom feeds (RFC 4287): the site's latest briefs, and one feed per entity and per story.
//! Each entry is a brief: its title, its page and the editor's summary; in the site's feed,
//! the notes too, as content (a brief is in the feeds of every entity it mentions: there its
//! entry links to the page, where the notes are).

use std::fmt::Write as _;

use rayon::prelude::*;

use super::{newest, xml_escape};
use crate::i18n::Strings;
use crate::link::Linked;
use crate::markdown::render_markdown;
use crate::site::Sink;

/// How many briefs the site's feed carries: the latest.
const FEED_LEN: usize = 50;
/// How many an entity's or a story's feed carries: a reader follows it for what comes next,
/// and the page lists the rest (Jekyll's and WordPress's feeds carry 10). On a site of
/// 10,000 briefs, 1,000 entity feeds of 50 were 36 MB, a sixteenth of the site.
const TOPIC_FEED_LEN: usize = 20;

/// One feed to write: where, its title, its HTML page, its briefs (newest first), and whether
/// its entries carry the notes (the site's feed).
struct Feed {
    path: String,
    title: String,
    page: String,
    briefs: Vec<usize>,
    full: bool,
}

/// Makes every feed and sends it to `sink` as soon as it is made (together they are large: a
/// brief is in several); returns the paths sent.
pub fn send(l: &Linked, strings: &Strings, sink: &dyn Sink) -> anyhow::Result<Vec<String>> {
    let u = &l.urls;
    let c = &l.content;
    let mut feeds = vec![Feed {
        path: u.feed_path(""),
        title: l.config.title.clone(),
        page: u.home(),
        briefs: Vec::new(),
        full: true,
    }];
    feeds[0].briefs = (0..c.briefs.len()).rev().collect();
    // A site may publish its own feed only (`outputs: {feeds: site}`).
    let topics = l.config.outputs.feeds == crate::config::Feeds::All;
    for (e, ent) in c.entities.iter().enumerate().filter(|_| topics) {
        let mut briefs: Vec<usize> = l.entities[e].briefs.iter().map(|&(b, _)| b).collect();
        briefs.sort_by(|a, b| b.cmp(a));
        let page = u.entity(&ent.id);
        feeds.push(Feed {
            path: u.feed_path(&page),
            title: format!("{} — {}", ent.name, l.config.title),
            page,
            briefs,
            full: false,
        });
    }
    for s in l.stories.iter().filter(|_| topics) {
        let title = s.story.title.clone().unwrap_or_else(|| c.briefs[s.briefs[0]].title.clone());
        let page = u.story(&s.story.id);
        let briefs = s.briefs.iter().rev().copied().collect();
        feeds.push(Feed {
            path: u.feed_path(&page),
            title: format!("{} — {}", strings.fill("titles.story", &[("title", &title)]), l.config.title),
            page,
            briefs,
            full: false,
        });
    }
    for f in &mut feeds {
        f.briefs.truncate(if f.full { FEED_LEN } else { TOPIC_FEED_LEN });
    }
    // A brief is in many feeds (the site's, its entities', its story's): its entry is made once,
    // with the notes for the site's feed and without for the others.
    let made = |full: bool| -> Vec<Option<String>> {
        let mut used = vec![false; c.briefs.len()];
        for &b in feeds.iter().filter(|f| f.full == full).flat_map(|f| &f.briefs) {
            used[b] = true;
        }
        (0..c.briefs.len())
            .into_par_iter()
            .map(|i| {
                used[i].then(|| {
                    let mut x = String::with_capacity(if full { 4096 } else { 1024 });
                    entry(&mut x, l, i, full.then_some(strings));
                    x
                })
            })
            .collect()
    };
    let (full, short) = rayon::join(|| made(true), || made(false));
    feeds
        .into_par_iter()
        .map(|f| {
            let xml = atom(l, if f.full { &full } else { &short }, &f);
            sink.put(f.path.clone(), xml.into_bytes()).map(|()| f.path)
        })
        .collect()
}

/// A feed's XML around the entries made beforehand (`entries[b]` is brief `b`'s).
fn atom(l: &Linked, entries: &[Option<String>], f: &Feed) -> String {
    let u = &l.urls;
    let updated = newest(l, f.briefs.iter().copied()).map_or_else(|| "1970-01-01T00:00:00Z".into(), |d| d.rfc3339());
    let author = l.config.author.clone().unwrap_or_else(|| l.config.title.clone());
    let entries_len: usize = f.briefs.iter().filter_map(|&b| entries[b].as_ref()).map(String::len).sum();
    let mut x = String::with_capacity(entries_len + 1024);
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"");
    let _ = writeln!(x, " xml:lang=\"{}\">", xml_escape(l.config.language.as_str()));
    let self_url = u.absolute(&f.path);
    let _ = writeln!(x, "  <id>{}</id>", xml_escape(&self_url));
    let _ = writeln!(x, "  <title>{}</title>", xml_escape(&f.title));
    if !l.config.description.is_empty() {
        let _ = writeln!(x, "  <subtitle>{}</subtitle>", xml_escape(&l.config.description));
    }
    let _ = writeln!(x, "  <updated>{updated}</updated>");
    let _ = writeln!(x, "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>", xml_escape(&self_url));
    let _ =
        writeln!(x, "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>", xml_escape(&u.absolutize(&f.page)));
    let _ = writeln!(x, "  <author><name>{}</name></author>", xml_escape(&author));
    let _ = writeln!(x, "  <generator>briefgen</generator>");
    for &b in &f.briefs {
        x.push_str(entries[b].as_deref().expect("entries are made for every brief a feed carries"));
    }
    x.push_str("</feed>\n");
    x
}

/// Brief `i`'s entry; with its notes as content when given the strings to label them (`full`).
fn entry(x: &mut String, l: &Linked, i: usize, full: Option<&Strings>) {
    let b = &l.content.briefs[i];
    let url = l.urls.absolutize(&l.urls.brief(&b.slug));
    let date = b.published.rfc3339();
    x.push_str("  <entry>\n");
    let _ = writeln!(x, "    <id>{}</id>", xml_escape(&url));
    // The article's title in its language, when it is not the feed's.
    match crate::i18n::other_than(b.language.as_deref(), &l.config.language) {
        Some(lang) => {
            let _ =
                writeln!(x, "    <title xml:lang=\"{}\">{}</title>", xml_escape(lang.as_str()), xml_escape(&b.title));
        }
        None => {
            let _ = writeln!(x, "    <title>{}</title>", xml_escape(&b.title));
        }
    }
    let _ = writeln!(x, "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>", xml_escape(&url));
    if let Some(original) = &b.url {
        let _ = writeln!(x, "    <link rel=\"related\" type=\"text/html\" href=\"{}\"/>", xml_escape(original));
    }
    let _ = writeln!(x, "    <published>{date}</published>\n    <updated>{date}</updated>");
    if let Some(outlet) = b.outlet.as_deref().and_then(|o| l.outlet_index(o)) {
        let _ = writeln!(x, "    <category term=\"{}\"/>", xml_escape(&l.content.outlets[outlet].name));
    }
    for t in &b.tags {
        let _ = writeln!(x, "    <category term=\"{}\"/>", xml_escape(t));
    }
    if let Some(summary) = &b.summary_text {
        let _ = writeln!(x, "    <summary>{}</summary>", xml_escape(summary));
    }
    if let Some(strings) = full {
        let _ = writeln!(x, "    <content type=\"html\">{}</content>", xml_escape(&content_html(l, i, strings)));
    }
    x.push_str("  </entry>\n");
}

/// The editor's work on the brief: the summary, then each note with its quote.
fn content_html(l: &Linked, i: usize, strings: &Strings) -> String {
    let b = &l.content.briefs[i];
    let base_path = &l.urls.base_path;
    let mut html = b.summary.as_deref().map(|s| render_markdown(s, base_path)).unwrap_or_default();
    if !b.notes.is_empty() {
        html.push_str("<ol>");
        for n in &b.notes {
            let body = render_markdown(&n.body, base_path);
            let verdict = n.verdict.as_deref().and_then(|v| l.config.verdict(v)).map(|v| format!(" — {}", v.label));
            let kind = n.kind.label(strings);
            let _ = write!(
                html,
                "<li><p><a href=\"{url}\">{kind}{verdict}</a></p><blockquote><p>{quote}</p></blockquote>{body}</li>",
                url = xml_escape(&l.urls.absolutize(&l.urls.note(&b.slug, &n.id))),
                kind = xml_escape(kind),
                verdict = xml_escape(&verdict.unwrap_or_default()),
                quote = xml_escape(&n.quote),
            );
        }
        html.push_str("</ol>");
    }
    html
}
