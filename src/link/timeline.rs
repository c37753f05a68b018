//! The timeline: every brief's publication and every event (background or reported), in time
//! order, each with a stable anchor (`pub-<slug>`, `e-<event-id>`) and the briefs that report
//! it — with the passage that does, so the timeline links to the exact quote.

use std::collections::BTreeMap;

use super::Highlight;
use crate::date::PartialDate;
use crate::model::Content;

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

/// The most entries one timeline page holds: a longer timeline is split by year, and a
/// longer year by month, so no page grows with the site. An entry in full is about a
/// kilobyte (its reports and entities), so a page stays under about 300 KB, which a phone
/// loads and a browser lays out at once. An entry's page depends only on its date and on how
/// full its year and month are.
pub const PAGE_MAX: usize = 250;

/// A month is split by day only past this many entries times [`PAGE_MAX`] (about a megabyte,
/// which a browser lays out slowly): a month's days hold few entries each, and thirty pages
/// of ten entries are worse to browse than one of three hundred. A day is never split.
pub const MONTH_PAGES_MAX: usize = 4;

/// One page of the timeline: a contiguous run of entries (they are in time order).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    /// Site path without base path: `timeline/`, `timeline/2017/`, `timeline/2017/02/`,
    /// `timeline/2017/02/16/`.
    pub path: String,
    pub year: Option<i16>,
    pub month: Option<u8>,
    pub day: Option<u8>,
    /// The split the part is one page of: its year's into months, or its month's into days.
    pub within: Within,
    pub entries: std::ops::Range<usize>,
}

impl Part {
    /// The part of the entries `entries`, dated by `year`, `month` and `day` as far as they
    /// go; its path says as much (`timeline/2017/02/`).
    fn new(
        year: Option<i16>,
        month: Option<u8>,
        day: Option<u8>,
        within: Within,
        entries: std::ops::Range<usize>,
    ) -> Part {
        let mut path = String::from("timeline/");
        if let Some(y) = year {
            path += &format!("{y}/");
            for n in [month, day].into_iter().map_while(|n| n) {
                path += &format!("{n:02}/");
            }
        }
        Part { path, year, month, day, within, entries }
    }
}

/// Which split of the timeline a [`Part`] belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Within {
    /// None: the whole timeline, or a whole year.
    Whole,
    /// Its year is split by month: the year's entries dated by the year alone, or a month.
    Year,
    /// Its month is split by day: the month's entries dated by the month alone, or a day.
    Month,
}

/// Splits the timeline into pages of at most about `max` entries, and says which page each
/// entry is on.
pub fn parts(entries: &[Entry], max: usize) -> (Vec<Part>, Vec<usize>) {
    let mut parts = Vec::new();
    if entries.len() <= max {
        parts.push(Part::new(None, None, None, Within::Whole, 0..entries.len()));
    } else {
        for years in runs(entries, 0..entries.len(), |e| e.date.year) {
            let year = Some(entries[years.start].date.year);
            if years.len() <= max {
                parts.push(Part::new(year, None, None, Within::Whole, years));
                continue;
            }
            // Entries dated only by the year stay on the year's page, before its months; so
            // do those dated by the month on a month's page, before its days.
            for months in runs(entries, years, |e| e.date.month) {
                let month = entries[months.start].date.month;
                if month.is_none() || months.len() <= max * MONTH_PAGES_MAX {
                    parts.push(Part::new(year, month, None, Within::Year, months));
                    continue;
                }
                for days in runs(entries, months, |e| e.date.day) {
                    parts.push(Part::new(year, month, entries[days.start].date.day, Within::Month, days));
                }
            }
        }
    }
    let mut entry_part = vec![0; entries.len()];
    for (p, part) in parts.iter().enumerate() {
        entry_part[part.entries.clone()].fill(p);
    }
    (parts, entry_part)
}

/// Maximal runs of entries in `range` with the same key.
fn runs<K: PartialEq>(
    entries: &[Entry],
    range: std::ops::Range<usize>,
    key: impl Fn(&Entry) -> K,
) -> Vec<std::ops::Range<usize>> {
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    for i in range {
        match out.last_mut() {
            Some(r) if key(&entries[r.start]) == key(&entries[i]) => r.end = i + 1,
            _ => out.push(i..i + 1),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(date: &str) -> Entry {
        Entry {
            anchor: format!("e-{date}"),
            date: PartialDate::parse(date).unwrap(),
            end: None,
            kind: EntryKind::Event(0),
            reports: Vec::new(),
            entities: Vec::new(),
            tags: Vec::new(),
        }
    }

    fn paths(dates: &[&str], max: usize) -> Vec<(String, usize)> {
        let entries: Vec<Entry> = dates.iter().map(|d| entry(d)).collect();
        let (parts, of) = parts(&entries, max);
        assert!(parts.iter().enumerate().all(|(p, part)| part.entries.clone().all(|e| of[e] == p)));
        parts.into_iter().map(|p| (p.path, p.entries.len())).collect()
    }

    #[test]
    fn a_short_timeline_is_one_page() {
        assert_eq!(paths(&["2016", "2017-01-09", "2017-02-16"], 3), [("timeline/".into(), 3)]);
    }

    #[test]
    fn a_long_timeline_splits_by_year_then_by_month() {
        let dates = ["2015-05-01", "2016", "2016-01-02", "2016-01-30", "2016-03-01", "2017-02"];
        assert_eq!(
            paths(&dates, 2),
            [
                ("timeline/2015/".to_owned(), 1),
                ("timeline/2016/".to_owned(), 1),
                ("timeline/2016/01/".to_owned(), 2),
                ("timeline/2016/03/".to_owned(), 1),
                ("timeline/2017/".to_owned(), 1),
            ]
        );
    }

    #[test]
    fn a_month_past_four_pages_splits_by_day() {
        // max 1: a month of more than 4 entries is split by day; one of 4 is not.
        let dates = ["2016-01", "2016-01-02", "2016-01-02", "2016-01-05", "2016-01-05", "2016-01-09"];
        let four = ["2016-02-01", "2016-02-02", "2016-02-03", "2016-02-04"];
        let all: Vec<&str> = dates.iter().chain(&four).copied().collect();
        assert_eq!(
            paths(&all, 1),
            [
                ("timeline/2016/01/".to_owned(), 1),
                ("timeline/2016/01/02/".to_owned(), 2),
                ("timeline/2016/01/05/".to_owned(), 2),
                ("timeline/2016/01/09/".to_owned(), 1),
                ("timeline/2016/02/".to_owned(), 4),
            ]
        );
    }
}
