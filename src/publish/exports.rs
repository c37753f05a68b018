//! Exports for other tools: `/timeline.json` in the TimelineJS 3 format, and
//! `/annotations.jsonld`, every note as a W3C Web Annotation anchored to the original
//! article by a TextQuoteSelector.

use rayon::prelude::*;
use serde_json::{Value, json};

use crate::annotate::{Brief, Note, NoteKind};
use crate::date::PartialDate;
use crate::link::Linked;
use crate::link::urls::{ANNOTATIONS, TIMELINE_JSON};
use crate::render::views::Views;
use crate::site::Output;

/// Characters of article text kept on each side of a quote in its selector.
const CONTEXT: usize = 32;

/// Annotations per page of the collection: a large site's export comes in several files.
pub const ANNOTATIONS_PER_PAGE: usize = 1000;

pub fn exports(l: &Linked) -> Output {
    let mut out = Output::new();
    out.add(TIMELINE_JSON, to_json(&timeline_js(l)));
    for (path, v) in annotations(l) {
        out.add(path, to_json(&v));
    }
    out
}

/// Compact JSON: these files are for programs, and large.
fn to_json(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default() + "\n"
}

/// The timeline as TimelineJS 3 reads it: one event per entry, grouped by kind, with links
/// (absolute, so the file works anywhere) to the briefs that report it.
pub fn timeline_js(l: &Linked) -> Value {
    let views = Views::new(l);
    let events: Vec<Value> = (0..l.timeline.len())
        .map(|i| {
            let e = views.entry(i, true);
            let mut text = e.body.clone().unwrap_or_default();
            if !e.reports.is_empty() {
                text.push_str("<ul>");
                for r in &e.reports {
                    text.push_str(&format!(
                        "<li><a href=\"{}\">{}</a></li>",
                        l.urls.absolutize(&r.url),
                        crate::publish::xml_escape(&r.title)
                    ));
                }
                text.push_str("</ul>");
            }
            let entry = &l.timeline[i];
            let mut ev = json!({
                "unique_id": e.anchor,
                "start_date": date_parts(entry.date),
                "text": { "headline": e.title, "text": text },
                "group": e.kind_label,
            });
            if let Some(end) = entry.end {
                ev["end_date"] = date_parts(end);
            }
            ev
        })
        .collect();
    json!({
        "title": { "text": { "headline": l.config.title, "text": l.config.description } },
        "events": events,
    })
}

fn date_parts(d: PartialDate) -> Value {
    let mut v = json!({ "year": d.year });
    if let Some(m) = d.month {
        v["month"] = json!(m);
    }
    if let Some(day) = d.day {
        v["day"] = json!(day);
    }
    v
}

/// Every note as a Web Annotation: `annotations.jsonld` is the collection, holding the first
/// page; further pages of `ANNOTATIONS_PER_PAGE` are `annotations/page-<n>.jsonld`.
pub fn annotations(l: &Linked) -> Vec<(String, Value)> {
    let notes: Vec<(&Brief, &Note)> =
        l.content.briefs.iter().flat_map(|b| b.notes.iter().map(move |n| (b, n))).collect();
    let items: Vec<Value> = notes.par_iter().map(|&(b, n)| annotation(l, b, n)).collect();
    let id = l.urls.absolutize(&l.urls.annotations());
    let pages = items.len().div_ceil(ANNOTATIONS_PER_PAGE).max(1);
    let page_path = |n: usize| format!("annotations/page-{n}.jsonld");
    let page_id =
        |n: usize| if n == 1 { format!("{id}#page-1") } else { l.urls.absolutize(&l.urls.path(&page_path(n))) };
    let mut chunks = items.chunks(ANNOTATIONS_PER_PAGE).map(<[Value]>::to_vec).collect::<Vec<_>>();
    if chunks.is_empty() {
        chunks.push(Vec::new());
    }
    let mut out = Vec::with_capacity(pages);
    let total = items.len();
    for (k, chunk) in chunks.into_iter().enumerate() {
        let n = k + 1;
        let mut page = json!({
            "id": page_id(n),
            "type": "AnnotationPage",
            "partOf": id,
            "startIndex": k * ANNOTATIONS_PER_PAGE,
            "items": chunk,
        });
        if n < pages {
            page["next"] = json!(page_id(n + 1));
        }
        if n > 1 {
            page["prev"] = json!(page_id(n - 1));
            page["@context"] = json!("http://www.w3.org/ns/anno.jsonld");
            out.push((page_path(n), page));
        } else {
            out.push((
                ANNOTATIONS.to_owned(),
                json!({
                    "@context": "http://www.w3.org/ns/anno.jsonld",
                    "id": id,
                    "type": "AnnotationCollection",
                    "label": format!("{}: annotations", l.config.title),
                    "total": total,
                    "first": page,
                    "last": page_id(pages),
                }),
            ));
        }
    }
    out
}

fn annotation(l: &Linked, b: &Brief, n: &Note) -> Value {
    let page = l.urls.absolutize(&l.urls.brief(&b.slug));
    let motivation = motivation(n.kind);
    let mut bodies = vec![json!({
        "type": "TextualBody", "value": n.body, "format": "text/markdown", "purpose": motivation,
    })];
    if let Some(v) = n.verdict.as_deref().and_then(|v| l.config.verdict(v)) {
        bodies.push(json!({ "type": "TextualBody", "value": v.label, "purpose": "assessing" }));
    }
    for s in &n.sources {
        bodies.push(json!({ "type": "SpecificResource", "source": s, "purpose": "linking" }));
    }
    let text = &b.article.blocks()[n.anchor.block].text;
    let (start, end) = (n.anchor.start, n.anchor.end);
    json!({
        "id": l.urls.absolutize(&l.urls.note(&b.slug, &n.id)),
        "type": "Annotation",
        "motivation": motivation,
        "body": bodies,
        "target": {
            "source": b.url.clone().unwrap_or_else(|| page.clone()),
            "selector": {
                "type": "TextQuoteSelector",
                "exact": &text[start..end],
                "prefix": tail(&text[..start], CONTEXT),
                "suffix": head(&text[end..], CONTEXT),
            },
        },
        "via": page,
    })
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

    #[test]
    fn context_is_cut_on_character_boundaries() {
        assert_eq!(tail("abc—déf", 3), "déf");
        assert_eq!(tail("ab", 3), "ab");
        assert_eq!(head("é—xyz", 2), "é—");
        assert_eq!(head("ab", 5), "ab");
    }

    #[test]
    fn partial_dates_give_only_their_parts() {
        let d = |s| date_parts(PartialDate::parse(s).unwrap());
        assert_eq!(d("2017-02-16"), json!({"year": 2017, "month": 2, "day": 16}));
        assert_eq!(d("2012-07"), json!({"year": 2012, "month": 7}));
        assert_eq!(d("2011"), json!({"year": 2011}));
    }
}
