//! Merging the events briefs report with the background events of `content/events.yaml`.
//!
//! An annotation's event either refers to a known event by `id:` (then `date:`/`title:` may be
//! left out, and must agree if given) or defines one (then both are required). Two briefs that
//! define the same id, or the same date and title, report the same event.

use std::collections::{BTreeMap, BTreeSet};

use super::brief::Draft;
use super::registry::{Registry, check_url, entity_refs, event_fields, parse_date, tags};
use super::schema::EventFile;
use super::{Event, EventMention};
use crate::diag::{Diags, SourceFile};
use crate::ingest::ContentFiles;
use crate::{text, yaml};

/// Merges every brief's reported events with the registry's. `broken` holds the event ids
/// that annotations with errors may define: an unknown reference to one is not reported.
/// The events of the briefs `left_out` (drafts, unless the build includes them) are checked
/// like the others, but neither defined nor added to for the site: a draft publishes nothing.
pub fn merge(
    reg: &Registry,
    drafts: &mut [Draft],
    left_out: impl Fn(&Draft) -> bool,
    files: &ContentFiles,
    broken: &BTreeSet<String>,
    diags: &mut Diags,
) -> Vec<Event> {
    let mut events: BTreeMap<String, Event> = reg.events.iter().map(|e| (e.id.clone(), e.clone())).collect();
    let (published, unpublished): (Vec<&mut Draft>, Vec<&mut Draft>) = drafts.iter_mut().partition(|d| !left_out(d));
    merge_into(&mut events, reg, published, files, broken, diags);
    if !unpublished.is_empty() {
        merge_into(&mut events.clone(), reg, unpublished, files, broken, diags);
    }
    let mut out: Vec<Event> = events.into_values().collect();
    out.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
    out
}

/// Merges the reported events of `drafts` into `events`.
fn merge_into(
    events: &mut BTreeMap<String, Event>,
    reg: &Registry,
    drafts: Vec<&mut Draft>,
    files: &ContentFiles,
    broken: &BTreeSet<String>,
    diags: &mut Diags,
) {
    for draft in drafts {
        let src = &files.annotations[draft.index];
        let mut mentions = Vec::new();
        // The events already listed, with the line each is first reported at, for an event
        // reported twice: one look each, not a pass over the list (100,000 events in one
        // annotation were 14 s).
        let mut listed = std::collections::HashMap::new();
        for (file, anchor) in std::mem::take(&mut draft.reported) {
            let id = if let Some(known) = file.id.as_ref().and_then(|id| events.get_mut(&id.value)) {
                refer(src, &file, known, reg, diags).then(|| known.id.clone())
            } else if let Some(id) = file.id.as_ref().filter(|_| file.date.is_none()) {
                if !broken.contains(&id.value) {
                    unknown_event(src, id, events, reg, diags);
                }
                None
            } else {
                define(src, &file, reg, events, diags)
            };
            let Some(event) = id else { continue };
            match listed.entry(event.clone()) {
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(file.line().unwrap_or(0));
                    mentions.push(EventMention { event, anchor });
                }
                std::collections::hash_map::Entry::Occupied(first) => {
                    diags.push(reported_twice(src, &file, &event, *first.get()));
                }
            }
        }
        draft.brief.events = mentions;
    }
}

/// A warning for an event a brief reports again (the same `id:`, or the same date and
/// title): the brief links the event to the passage of its first entry only, so this
/// entry's quote would be checked and then shown nowhere.
fn reported_twice(src: &SourceFile, file: &EventFile, event: &str, first: u32) -> crate::diag::Diagnostic {
    let at = [&file.id, &file.title, &file.date, &file.quote].into_iter().flatten().next();
    let (line, col) = at.map_or((0, 0), yaml::pos);
    src.warning(line, col, format!("this brief reports event `{event}` twice, first at line {first}")).help(
        "a brief links an event to one passage, its first entry's: remove this entry, or give it an `id:`, `date:` and `title:` of its own if it is another event",
    )
}

/// A reference to a known event: given dates and title must agree, and a text is the
/// definition's alone; entities, tags and sources are added to it.
fn refer(src: &SourceFile, file: &EventFile, known: &mut Event, reg: &Registry, diags: &mut Diags) -> bool {
    let mut ok = true;
    if let Some(t) = &file.title
        && t.value.trim() != known.title
    {
        let (line, col) = yaml::pos(t);
        diags.push(
            src.error(line, col, format!("event `{}` is titled “{}”, not “{}”", known.id, known.title, t.value.trim()))
                .help(refer_help("title")),
        );
        ok = false;
    }
    if let Some(body) = &file.body
        && Some(body) != known.body.as_ref()
    {
        let (line, col) = file.id.as_ref().map_or((0, 0), yaml::pos);
        diags.push(
            src.error(line, col, format!("event `{}` has its text where it is defined", known.id))
                .help(refer_help("body")),
        );
        ok = false;
    }
    for (key, value, expected) in [("date", &file.date, Some(known.date)), ("end", &file.end, known.end)] {
        if let Some(v) = value
            && let Some(date) = parse_date(src, v, key, None, diags)
            && Some(date) != expected
        {
            let (line, col) = yaml::pos(v);
            let was = expected.map_or_else(|| "none".to_owned(), |d| d.iso());
            diags.push(
                src.error(line, col, format!("event `{}` has {key} {was}, not {date}", known.id)).help(refer_help(key)),
            );
            ok = false;
        }
    }
    let more = [
        (&mut known.entities, entity_refs(src, &file.entities, reg, diags)),
        (&mut known.tags, tags(src, &file.tags, diags)),
        (&mut known.sources, file.sources.iter().map(|u| check_url(src, u, diags)).collect()),
    ];
    for (list, given) in more {
        for v in given {
            if !list.contains(&v) {
                list.push(v);
            }
        }
    }
    ok
}

/// What to do about a field `key` that disagrees with the event referred to.
fn refer_help(key: &str) -> String {
    format!(
        "remove `{key}:` here to use the event's, correct it where the event is defined, or give this event an `id:` of its own"
    )
}

/// An `id:` without a `date:` refers to a known event; this one is not known.
fn unknown_event(
    src: &SourceFile,
    id: &yaml::Spanned<String>,
    events: &BTreeMap<String, Event>,
    reg: &Registry,
    diags: &mut Diags,
) {
    if reg.is_invalid_event(&id.value) {
        return;
    }
    let (line, col) = yaml::pos(id);
    let mut help = text::mean(text::closest(&id.value, events.keys().map(String::as_str)));
    help.push_str("refer to an event of content/events.yaml or another brief by its id, or define it here with `date:` and `title:`");
    diags.push(src.error(line, col, format!("unknown event `{}`", id.value)).help(help));
}

/// A new event, or the same date and title another brief already defined.
fn define(
    src: &SourceFile,
    file: &EventFile,
    reg: &Registry,
    events: &mut BTreeMap<String, Event>,
    diags: &mut Diags,
) -> Option<String> {
    let ev = event_fields(src, file, reg, diags)?;
    match events.get_mut(&ev.id) {
        Some(same) => {
            for e in ev.entities {
                if !same.entities.contains(&e) {
                    same.entities.push(e);
                }
            }
            Some(same.id.clone())
        }
        None => {
            let id = ev.id.clone();
            events.insert(id.clone(), ev);
            Some(id)
        }
    }
}
