//! Exports for other tools: `/timeline.json` in the TimelineJS 3 format, and
//! `/annotations.jsonld`, every note as a W3C Web Annotation anchored to the original
//! article by a TextQuoteSelector.

use rayon::prelude::*;
use serde::Serialize;

use crate::date::PartialDate;
use crate::link::Linked;
use crate::link::urls::{ANNOTATIONS, TIMELINE_JSON};
use crate::model::{Brief, Note, NoteKind};
use crate::publish::xml_escape;
use crate::render::views::Views;
use crate::site::Sink;

/// Characters of article text kept on each side of a quote in its selector.
const CONTEXT: usize = 32;

/// Annotations per page of the collection: a large site's export comes in several files.
pub const ANNOTATIONS_PER_PAGE: usize = 1000;

const ANNO_CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// Makes the exports and sends each file to `sink` as soon as it is made, one after the other
/// (at 100,000 briefs each is hundreds of megabytes while it is made); returns the paths.
pub fn send(l: &Linked, views: &Views, sink: &dyn Sink) -> anyhow::Result<Vec<String>> {
    sink.put_parts(TIMELINE_JSON.to_owned(), &mut timeline_json(l, views))?;
    let mut paths = vec![TIMELINE_JSON.to_owned()];
    paths.extend(annotations(l, views.strings(), sink)?);
    Ok(paths)
}

/// Compact JSON: these files are for programs, and large.
fn to_json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default() + "\n"
}

#[derive(Serialize)]
struct TimelineJsTitle {
    text: TimelineJsText,
}

/// TimelineJS reads both fields as HTML: `headline` is plain text escaped, `text` is the
/// sanitised HTML of an event's body and its links, with every title and URL in it escaped.
#[derive(Serialize)]
struct TimelineJsText {
    headline: String,
    text: String,
}

#[derive(Serialize)]
struct TimelineJsEvent<'a> {
    unique_id: &'a str,
    start_date: DateParts,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_date: Option<DateParts>,
    text: TimelineJsText,
    group: String,
}

/// A date as TimelineJS wants it: only the parts the date has.
#[derive(Debug, PartialEq, Serialize)]
struct DateParts {
    year: i16,
    #[serde(skip_serializing_if = "Option::is_none")]
    month: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    day: Option<u8>,
}

/// Events made side by side and sent as one part of the file.
const EVENTS_CHUNK: usize = 4096;

/// The timeline as TimelineJS 3 reads it (<https://timeline.knightlab.com/docs/json-format.html>):
/// `{"title": …, "events": […]}`, one event per entry, grouped by kind, with links (absolute,
/// so the file works anywhere) to the briefs that report it. Made in parts, a chunk of events
/// each, each part made when it is asked for: no more than a chunk of the file is held at once.
pub fn timeline_json<'a>(l: &'a Linked, views: &'a Views) -> impl Iterator<Item = Vec<u8>> + 'a {
    let title = TimelineJsTitle {
        text: TimelineJsText { headline: xml_escape(&l.config.title), text: xml_escape(&l.config.description) },
    };
    let mut head = b"{\"title\":".to_vec();
    serde_json::to_writer(&mut head, &title).expect("the title serialises");
    head.extend_from_slice(b",\"events\":[");
    let n = l.timeline.len();
    let chunks = (0..n.div_ceil(EVENTS_CHUNK)).map(move |c| {
        let events: Vec<Vec<u8>> = (c * EVENTS_CHUNK..n.min((c + 1) * EVENTS_CHUNK))
            .into_par_iter()
            .map(|i| serde_json::to_vec(&timeline_event(l, views, i)).expect("events serialise"))
            .collect();
        let mut part = Vec::with_capacity(events.iter().map(|e| e.len() + 1).sum());
        for (k, event) in events.into_iter().enumerate() {
            if c + k > 0 {
                part.push(b',');
            }
            part.extend_from_slice(&event);
        }
        part
    });
    std::iter::once(head).chain(chunks).chain(std::iter::once(b"]}\n".to_vec()))
}

/// Timeline entry `i` as a TimelineJS event.
fn timeline_event<'a>(l: &'a Linked, views: &Views, i: usize) -> TimelineJsEvent<'a> {
    let e = views.entry_view(i);
    let mut text = e.body.as_ref().map(|b| b.as_str().to_owned()).unwrap_or_default();
    if !e.reports.is_empty() {
        text.push_str("<ul>");
        for r in &e.reports {
            text.push_str("<li><a href=\"");
            text.push_str(&xml_escape(&l.urls.absolutize(&r.url)));
            text.push_str("\">");
            text.push_str(&xml_escape(&r.title));
            text.push_str("</a></li>");
        }
        text.push_str("</ul>");
    }
    let entry = &l.timeline[i];
    TimelineJsEvent {
        unique_id: &entry.anchor,
        start_date: date_parts(entry.date),
        end_date: entry.end.map(date_parts),
        text: TimelineJsText { headline: xml_escape(&e.title), text },
        group: e.kind_label,
    }
}

fn date_parts(d: PartialDate) -> DateParts {
    DateParts { year: d.year, month: d.month, day: d.day }
}

/// `annotations.jsonld`: the collection, holding its first page.
#[derive(Serialize)]
struct Collection<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    label: String,
    total: usize,
    first: Page<'a>,
    last: String,
}

#[derive(Serialize)]
struct Page<'a> {
    #[serde(rename = "@context", skip_serializing_if = "Option::is_none")]
    context: Option<&'static str>,
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "partOf")]
    part_of: &'a str,
    #[serde(rename = "startIndex")]
    start_index: usize,
    items: &'a [Annotation<'a>],
    #[serde(skip_serializing_if = "Option::is_none")]
    next: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    prev: Option<String>,
}

#[derive(Serialize)]
struct Annotation<'a> {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    motivation: &'static str,
    body: Vec<Body<'a>>,
    target: Target,
    via: String,
}

#[derive(Serialize)]
#[serde(tag = "type")]
enum Body<'a> {
    TextualBody {
        value: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        format: Option<&'static str>,
        purpose: &'static str,
    },
    SpecificResource {
        source: &'a str,
        purpose: &'static str,
    },
}

#[derive(Serialize)]
struct Target {
    source: String,
    selector: TextQuoteSelector,
}

#[derive(Serialize)]
struct TextQuoteSelector {
    #[serde(rename = "type")]
    kind: &'static str,
    exact: String,
    prefix: String,
    suffix: String,
}

/// Every note as a Web Annotation, each page sent to `sink` as it is made (the paths are
/// returned): `annotations.jsonld` is the collection, holding the first page; further pages of
/// `ANNOTATIONS_PER_PAGE` are `annotations/page-<n>.jsonld`.
pub fn annotations(l: &Linked, strings: &crate::i18n::Strings, sink: &dyn Sink) -> anyhow::Result<Vec<String>> {
    let notes: Vec<(&Brief, &Note)> =
        l.content.briefs.iter().flat_map(|b| b.notes.iter().map(move |n| (b, n))).collect();
    let id = l.urls.absolutize(&l.urls.annotations());
    let pages = notes.len().div_ceil(ANNOTATIONS_PER_PAGE).max(1);
    let page_path = |n: usize| format!("annotations/page-{n}.jsonld");
    let page_id =
        |n: usize| if n == 1 { format!("{id}#page-1") } else { l.urls.absolutize(&l.urls.path(&page_path(n))) };
    let mut chunks: Vec<&[(&Brief, &Note)]> = notes.chunks(ANNOTATIONS_PER_PAGE).collect();
    if chunks.is_empty() {
        chunks.push(&[]);
    }
    let send = |(path, json): (String, String)| sink.put(path.clone(), json.into_bytes()).map(|()| path);
    chunks
        .into_par_iter()
        .enumerate()
        .map(|(k, chunk)| {
            let n = k + 1;
            let items: Vec<Annotation> = chunk.iter().map(|&(b, n)| annotation(l, b, n)).collect();
            let page = Page {
                context: (n > 1).then_some(ANNO_CONTEXT),
                id: page_id(n),
                kind: "AnnotationPage",
                part_of: &id,
                start_index: k * ANNOTATIONS_PER_PAGE,
                items: &items,
                next: (n < pages).then(|| page_id(n + 1)),
                prev: (n > 1).then(|| page_id(n - 1)),
            };
            if n > 1 {
                return send((page_path(n), to_json(&page)));
            }
            let collection = Collection {
                context: ANNO_CONTEXT,
                id: &id,
                kind: "AnnotationCollection",
                label: strings.fill("exports.annotations", &[("site", &l.config.title)]),
                total: notes.len(),
                first: page,
                last: page_id(pages),
            };
            send((ANNOTATIONS.to_owned(), to_json(&collection)))
        })
        .collect()
}

fn annotation<'a>(l: &'a Linked, b: &'a Brief, n: &'a Note) -> Annotation<'a> {
    let page = l.urls.absolutize(&l.urls.brief(&b.slug));
    let motivation = motivation(n.kind);
    let mut body = vec![Body::TextualBody { value: &n.body, format: Some("text/markdown"), purpose: motivation }];
    if let Some(v) = n.verdict.as_deref().and_then(|v| l.config.verdict(v)) {
        body.push(Body::TextualBody { value: &v.label, format: None, purpose: "assessing" });
    }
    body.extend(n.sources.iter().map(|s| Body::SpecificResource { source: s, purpose: "linking" }));
    let text = b.article.block_text(n.anchor.block);
    let (start, end) = (n.anchor.start, n.anchor.end);
    Annotation {
        id: l.urls.absolutize(&l.urls.note(&b.slug, &n.id)),
        kind: "Annotation",
        motivation,
        body,
        target: Target {
            source: b.url.clone().unwrap_or_else(|| page.clone()),
            selector: TextQuoteSelector {
                kind: "TextQuoteSelector",
                exact: text[start..end].to_owned(),
                prefix: tail(&text[..start], CONTEXT).to_owned(),
                suffix: head(&text[end..], CONTEXT).to_owned(),
            },
        },
        via: page,
    }
}

/// The Web Annotation motivation of each kind of note.
fn motivation(kind: NoteKind) -> &'static str {
    match kind {
        NoteKind::Context => "commenting",
        NoteKind::FactCheck => "assessing",
        NoteKind::Correction => "editing",
        NoteKind::Definition => "describing",
    }
}

fn tail(s: &str, chars: usize) -> &str {
    let skip = s.chars().count().saturating_sub(chars);
    s.char_indices().nth(skip).map_or("", |(i, _)| &s[i..])
}

fn head(s: &str, chars: usize) -> &str {
    s.char_indices().nth(chars).map_or(s, |(i, _)| &s[..i])
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn context_is_cut_on_character_boundaries() {
        assert_eq!(tail("abc—déf", 3), "déf");
        assert_eq!(tail("ab", 3), "ab");
        assert_eq!(head("é—xyz", 2), "é—");
        assert_eq!(head("ab", 5), "ab");
    }

    #[test]
    fn partial_dates_give_only_their_parts() {
        let d = |s| serde_json::to_value(date_parts(PartialDate::parse(s).unwrap())).unwrap();
        assert_eq!(d("2017-02-16"), json!({"year": 2017, "month": 2, "day": 16}));
        assert_eq!(d("2012-07"), json!({"year": 2012, "month": 7}));
        assert_eq!(d("2011"), json!({"year": 2011}));
    }
}
