//! Highlights: the distinct passages of a brief that notes and reported events anchor to.
//! Notes and events on the same passage share one highlight, whose id is the link target
//! (`#q-…`, `#qe-…`) used by the page itself and by the timeline.

use crate::model::{Anchor, Brief};

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Highlight {
    pub anchor: Anchor,
    /// The element id: `q-` and the first note's id, else `qe-` and the first event's id.
    pub id: String,
    /// Indexes into the brief's notes.
    pub notes: Vec<usize>,
    /// Ids of the events reported by this passage.
    pub events: Vec<String>,
}

/// The highlights of a brief in reading order (outer before inner when they nest).
pub fn highlights(brief: &Brief) -> Vec<Highlight> {
    let mut out: Vec<Highlight> = Vec::new();
    let mut add = |anchor: Anchor, id: &str, note: Option<usize>, event: Option<&str>| {
        let h = match out.iter_mut().find(|h| h.anchor == anchor) {
            Some(h) => h,
            None => {
                out.push(Highlight { anchor, id: id.to_owned(), notes: Vec::new(), events: Vec::new() });
                out.last_mut().expect("just pushed")
            }
        };
        h.notes.extend(note);
        h.events.extend(event.map(str::to_owned));
    };
    for (i, n) in brief.notes.iter().enumerate() {
        add(n.anchor, &format!("q-{}", n.id), Some(i), None);
    }
    for m in &brief.events {
        if let Some(a) = m.anchor {
            add(a, &format!("qe-{}", m.event), None, Some(&m.event));
        }
    }
    out.sort_by_key(|h| (h.anchor.block, h.anchor.start, std::cmp::Reverse(h.anchor.end)));
    out
}
