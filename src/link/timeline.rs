//! The timeline: every brief's publication and every event (background or reported), in time
//! order, each with a stable anchor (`pub-<slug>`, `e-<event-id>`) and the briefs that report
//! it — with the passage that does, so the timeline links to the exact quote.

use std::collections::BTreeMap;

use super::Highlight;
use crate::annotate::Content;
use crate::date::PartialDate;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    /// A brief's publication (index into `content.briefs`).
    Publication(usize),
    /// An event (index into `content.events`).
    Event(usize),
}

/// A brief reporting an entry, and the highlight id of the passage that reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    pub brief: usize,
    pub highlight: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Entry {
    /// Stable fragment id on the timeline page.
    pub anchor: String,
    pub date: PartialDate,
    pub end: Option<PartialDate>,
    pub kind: EntryKind,
    pub reports: Vec<Report>,
    /// Entity indexes.
    pub entities: Vec<usize>,
    pub tags: Vec<String>,
}

pub struct Timeline {
    pub entries: Vec<Entry>,
    pub brief_entries: Vec<Vec<usize>>,
}

pub fn build(
    content: &Content,
    brief_entities: &[Vec<(usize, u32)>],
    event_entities: &[Vec<usize>],
    highlights: &[Vec<Highlight>],
) -> Timeline {
    let event_index: BTreeMap<&str, usize> =
        content.events.iter().enumerate().map(|(i, e)| (e.id.as_str(), i)).collect();
    let mut reports: Vec<Vec<Report>> = vec![Vec::new(); content.events.len()];
    for (b, brief) in content.briefs.iter().enumerate() {
        for m in &brief.events {
            let highlight = m.anchor.and_then(|a| highlights[b].iter().find(|h| h.anchor == a)).map(|h| h.id.clone());
            reports[event_index[m.event.as_str()]].push(Report { brief: b, highlight });
        }
    }
    let mut entries: Vec<Entry> = Vec::with_capacity(content.briefs.len() + content.events.len());
    for (i, (e, reports)) in content.events.iter().zip(reports).enumerate() {
        entries.push(Entry {
            anchor: format!("e-{}", e.id),
            date: e.date,
            end: e.end,
            kind: EntryKind::Event(i),
            reports,
            entities: event_entities[i].clone(),
            tags: e.tags.clone(),
        });
    }
    for (b, brief) in content.briefs.iter().enumerate() {
        entries.push(Entry {
            anchor: format!("pub-{}", brief.slug),
            date: brief.published,
            end: None,
            kind: EntryKind::Publication(b),
            reports: vec![Report { brief: b, highlight: None }],
            entities: brief_entities[b].iter().map(|&(e, _)| e).collect(),
            tags: brief.tags.clone(),
        });
    }
    entries.sort_by(|a, b| (a.date, rank(a.kind), &a.anchor).cmp(&(b.date, rank(b.kind), &b.anchor)));
    let mut brief_entries = vec![Vec::new(); content.briefs.len()];
    for (i, e) in entries.iter().enumerate() {
        for r in &e.reports {
            brief_entries[r.brief].push(i);
        }
    }
    Timeline { entries, brief_entries }
}

/// On the same date, events come before the articles that report them.
fn rank(kind: EntryKind) -> u8 {
    match kind {
        EntryKind::Event(_) => 0,
        EntryKind::Publication(_) => 1,
    }
}
