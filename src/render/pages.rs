//! Views of the listing pages: home, story, timeline, entities, outlet, tag and free pages.

use std::collections::HashSet;

use serde::Serialize;

use super::brief_page::{VerdictView, text_fragment_url};
use super::views::{
    CardRef, DateView, ENTITIES_PER_PAGE, EntityRef, EntryCardRef, Link, Pager, PagerOrder, Views, YearView,
    page_items, page_items_by,
};
use crate::date::PartialDate;
use crate::link::EntryKind;
use crate::markdown::render_markdown;
use crate::model::{EntityKind, NoteKind};

#[derive(Debug, Serialize)]
pub struct HomePage<'a> {
    pub latest: Vec<CardRef<'a>>,
    pub stories: Vec<StoryCard>,
    pub events: Vec<EntryCardRef<'a>>,
    pub timeline_url: String,
    pub total_briefs: usize,
    pub total_stories: usize,
    /// All briefs, newest first.
    pub archive_url: String,
    pub stories_url: String,
    /// The latest fact-checks with a verdict, newest brief first.
    pub fact_checks: Vec<FactCheckView>,
    /// How many fact-checks have each verdict of the scale, in the scale's order.
    pub verdicts: Vec<VerdictCount>,
}

/// A fact-check on the home page: the claim, its verdict and where it is.
#[derive(Debug, Serialize)]
pub struct FactCheckView {
    pub quote: String,
    /// The note on its brief's page.
    pub url: String,
    pub verdict: VerdictView,
    pub claimant: Option<String>,
    pub brief: Link,
    pub date: DateView,
}

/// One verdict of the scale and how many fact-checks have it.
#[derive(Debug, Serialize)]
pub struct VerdictCount {
    pub id: String,
    pub label: String,
    pub count: usize,
    /// Its share of all fact-checks with a verdict, in whole percent.
    pub share: usize,
}

/// One page of all briefs, newest first.
#[derive(Debug, Serialize)]
pub struct ArchivePage<'a> {
    pub briefs: Vec<CardRef<'a>>,
    pub total: usize,
    pub pager: Option<Pager>,
}

/// One page of all stories, newest first.
#[derive(Debug, Serialize)]
pub struct StoryIndexPage {
    pub stories: Vec<StoryCard>,
    pub total: usize,
    pub pager: Option<Pager>,
}

#[derive(Debug, Serialize)]
pub struct StoryCard {
    pub title: String,
    pub url: String,
    pub outlets: Vec<String>,
    pub briefs: usize,
    pub first: DateView,
}

#[derive(Debug, Serialize)]
pub struct StoryPage<'a> {
    pub title: String,
    pub summary: Option<String>,
    /// The articles on this page, in time order: 50 a page.
    pub coverage: Vec<Coverage<'a>>,
    /// How many articles the story has, on all its pages.
    pub total: usize,
    pub pager: Option<Pager>,
    /// Entities every outlet's coverage mentions.
    pub shared_entities: Vec<EntityRef>,
    /// The timeline entries of the articles on this page.
    pub timeline: Vec<EntryCardRef<'a>>,
}

/// One outlet's article in a story comparison.
#[derive(Debug, Serialize)]
pub struct Coverage<'a> {
    pub brief: CardRef<'a>,
    pub byline: Option<String>,
    pub original: Option<String>,
    pub quotes: Vec<QuoteView>,
    pub entities: Vec<EntityRef>,
}

#[derive(Debug, Serialize)]
pub struct QuoteView {
    pub quote: String,
    pub url: String,
    pub kind: String,
    pub kind_label: String,
    pub verdict: Option<String>,
    pub verdict_id: Option<String>,
    pub original: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct TimelinePage {
    pub title: String,
    /// This page's entries, in full (none on the index of a split timeline).
    pub years: Vec<YearView>,
    /// Entries in the whole timeline.
    pub total: usize,
    /// When the timeline is split: every page of it, this one marked current.
    pub parts: Vec<PartLink>,
    pub prev: Option<Link>,
    pub next: Option<Link>,
    /// What the timeline can be narrowed to, with JavaScript.
    pub filters: TimelineFilters,
    pub script_url: String,
    /// The strings `timeline.js` shows (`timeline.script`), as JSON.
    pub script_strings: String,
}

/// A page of a split timeline.
#[derive(Debug, Serialize)]
pub struct PartLink {
    pub label: String,
    pub url: String,
    pub count: usize,
    pub current: bool,
}

#[derive(Debug, Serialize)]
pub struct TimelineFilters {
    pub entities: Vec<FilterOption>,
    pub outlets: Vec<FilterOption>,
    pub tags: Vec<FilterOption>,
}

/// A choice in a filter: the id the entries carry in `data-*`, and the name shown.
#[derive(Debug, Serialize)]
pub struct FilterOption {
    pub id: String,
    pub name: String,
}

/// The search page: the form, and where the script and the index are. Results are shown by
/// `static/search.js`; without JavaScript the page points to the timeline and the entities.
#[derive(Debug, Serialize)]
pub struct SearchPage {
    /// The form's action (the page itself, so `?q=` links work).
    pub url: String,
    /// The index manifest (`search/index.json`).
    pub index_url: String,
    pub script_url: String,
    pub timeline_url: String,
    pub entities_url: String,
    /// The strings `search.js` shows (`search`), as JSON.
    pub script_strings: String,
}

#[derive(Debug, Serialize)]
pub struct EntityIndexPage {
    pub groups: Vec<EntityGroup>,
    /// All the site's entities, on every page.
    pub total: usize,
    pub pager: Option<Pager>,
}

#[derive(Debug, Serialize)]
pub struct EntityGroup {
    pub heading: String,
    pub entities: Vec<EntityRef>,
}

#[derive(Debug, Serialize)]
pub struct EntityPage<'a> {
    pub id: String,
    pub name: String,
    pub kind: Option<String>,
    pub aliases: Vec<String>,
    pub description: Option<String>,
    pub wikidata: Option<String>,
    /// This page's share of the briefs that mention it, newest first.
    pub briefs: Vec<CardRef<'a>>,
    pub total_briefs: usize,
    pub pager: Option<Pager>,
    /// On the first page: its latest events (its publications are the briefs above).
    pub timeline: Vec<EntryCardRef<'a>>,
    /// On the first page: how many events it has (0 on the others).
    pub timeline_total: usize,
    pub related: Vec<EntityRef>,
}

#[derive(Debug, Serialize)]
pub struct OutletPage<'a> {
    pub name: String,
    pub url: Option<String>,
    pub country: Option<String>,
    pub owner: Option<String>,
    pub notes: Option<String>,
    pub briefs: Vec<CardRef<'a>>,
    pub total_briefs: usize,
    pub pager: Option<Pager>,
}

#[derive(Debug, Serialize)]
pub struct TagPage<'a> {
    pub name: String,
    pub briefs: Vec<CardRef<'a>>,
    pub total_briefs: usize,
    pub pager: Option<Pager>,
    /// On the first page: its latest events (its publications are the briefs above).
    pub timeline: Vec<EntryCardRef<'a>>,
    /// On the first page: how many events it has (0 on the others).
    pub timeline_total: usize,
}

#[derive(Debug, Serialize)]
pub struct FreePage {
    pub title: String,
    pub body: String,
}

/// How many events an entity or tag page shows: the latest. Its publications are not among
/// them: the page lists its briefs just above, and the whole timeline, filtered, has both.
const SIDE_EVENTS: usize = 20;

/// The events (not publications) of a list of entries in time order: the latest
/// `SIDE_EVENTS` of them, and how many there are.
fn latest_events(views: &Views, entries: &[usize]) -> (Vec<usize>, usize) {
    let timeline = &views.linked.timeline;
    let mut events: Vec<usize> =
        entries.iter().copied().filter(|&e| matches!(timeline[e].kind, EntryKind::Event(_))).collect();
    let total = events.len();
    events.drain(..total.saturating_sub(SIDE_EVENTS));
    (events, total)
}

/// How many items the home page lists.
const HOME_ITEMS: usize = 10;
/// How many fact-checks the home page lists.
const HOME_FACT_CHECKS: usize = 8;

impl Views<'_> {
    pub fn home_page(&self) -> HomePage<'_> {
        let l = self.linked;
        let n = l.content.briefs.len();
        let latest = (0..n).rev().take(HOME_ITEMS).map(|i| self.brief_card(i)).collect();
        let stories =
            self.stories_newest_first().iter().copied().take(HOME_ITEMS).map(|s| self.story_card(s)).collect();
        let events = (0..l.timeline.len())
            .rev()
            .filter(|&e| matches!(l.timeline[e].kind, EntryKind::Event(_)))
            .take(HOME_ITEMS)
            .map(|e| self.entry(e, true))
            .collect();
        let (fact_checks, verdicts) = self.fact_checks();
        HomePage {
            latest,
            stories,
            events,
            timeline_url: l.urls.timeline(),
            total_briefs: n,
            total_stories: l.stories.len(),
            archive_url: l.urls.archive(),
            stories_url: l.urls.stories(),
            fact_checks,
            verdicts,
        }
    }

    /// The latest fact-checks with a verdict, and how many there are of each verdict.
    fn fact_checks(&self) -> (Vec<FactCheckView>, Vec<VerdictCount>) {
        let l = self.linked;
        let scale = &l.config.verdicts;
        let mut counts = vec![0; scale.len()];
        let mut latest = Vec::new();
        for i in (0..l.content.briefs.len()).rev() {
            let b = self.read_brief(i);
            for n in b.notes.iter().filter(|n| n.kind == NoteKind::FactCheck) {
                let Some(rank) = n.verdict.as_deref().and_then(|v| scale.iter().position(|s| s.id == v)) else {
                    continue;
                };
                counts[rank] += 1;
                if latest.len() < HOME_FACT_CHECKS {
                    latest.push(FactCheckView {
                        quote: n.anchor.passage(&b.article).into_owned(),
                        url: l.urls.note(&b.slug, &n.id),
                        verdict: VerdictView::new(l, rank),
                        claimant: n
                            .claimant
                            .as_deref()
                            .and_then(|c| l.entity_index(c))
                            .map(|e| l.content.entities[e].name.clone()),
                        brief: Link { title: b.title.clone(), url: l.urls.brief(&b.slug) },
                        date: self.date(b.published),
                    });
                }
            }
        }
        let total: usize = counts.iter().sum();
        let counts = scale
            .iter()
            .zip(counts)
            .map(|(v, count)| VerdictCount {
                id: v.id.clone(),
                label: v.label.clone(),
                count,
                share: (count * 100).checked_div(total).unwrap_or(0),
            })
            .collect();
        (latest, counts)
    }

    pub fn archive_page(&self, n: usize) -> ArchivePage<'_> {
        let l = self.linked;
        let all: Vec<usize> = (0..l.content.briefs.len()).rev().collect();
        ArchivePage {
            briefs: page_items(&all, n).iter().map(|&b| self.brief_card(b)).collect(),
            total: all.len(),
            pager: self.pager(&l.urls.archive(), n, all.len()),
        }
    }

    pub fn story_index_page(&self, n: usize) -> StoryIndexPage {
        let l = self.linked;
        let all = self.stories_newest_first();
        StoryIndexPage {
            stories: page_items(all, n).iter().map(|&s| self.story_card(s)).collect(),
            total: all.len(),
            pager: self.pager(&l.urls.stories(), n, all.len()),
        }
    }

    pub fn search_page(&self) -> SearchPage {
        let u = &self.linked.urls;
        SearchPage {
            url: u.search(),
            index_url: u.search_file("index.json"),
            script_url: u.asset("search.js"),
            timeline_url: u.timeline(),
            entities_url: u.entities(),
            script_strings: self.strings().group("search").to_string(),
        }
    }

    pub fn story_title(&self, s: usize) -> String {
        let st = &self.linked.stories[s];
        st.story.title.clone().unwrap_or_else(|| self.read_brief(st.briefs[0]).title.clone())
    }

    fn story_card(&self, s: usize) -> StoryCard {
        let st = &self.linked.stories[s];
        let mut outlets: Vec<String> = st.briefs.iter().filter_map(|&b| self.outlet_name(b)).collect();
        outlets.dedup();
        StoryCard {
            title: self.story_title(s),
            url: self.linked.urls.story(&st.story.id),
            outlets,
            briefs: st.briefs.len(),
            first: self.date(self.linked.content.briefs[st.briefs[0]].published),
        }
    }

    /// Page `n` (1-based) of story `s`: a story of many articles is compared 50 at a time.
    pub fn story_page(&self, s: usize, n: usize) -> StoryPage<'_> {
        let l = self.linked;
        let st = &l.stories[s];
        let on_page = page_items(&st.briefs, n);
        let coverage = on_page.iter().map(|&b| self.coverage(b)).collect();
        let mut shared: Vec<(usize, u32)> = l.brief_entities[st.briefs[0]].clone();
        for &b in &st.briefs[1..] {
            shared.retain(|(e, _)| l.brief_entities[b].iter().any(|(x, _)| x == e));
        }
        let mut entries: Vec<usize> = on_page.iter().flat_map(|&b| l.brief_entries[b].iter().copied()).collect();
        entries.sort_unstable();
        entries.dedup();
        StoryPage {
            title: self.story_title(s),
            summary: st.story.summary.as_deref().map(|s| render_markdown(s, &l.urls.base_path)),
            coverage,
            total: st.briefs.len(),
            pager: self
                .pager(&l.urls.story(&st.story.id), n, st.briefs.len())
                .map(|p| Pager { order: PagerOrder::OldestFirst, ..p }),
            shared_entities: shared.into_iter().map(|(e, _)| self.entity_ref(e, 0)).collect(),
            timeline: entries.into_iter().map(|e| self.entry(e, true)).collect(),
        }
    }

    fn coverage(&self, i: usize) -> Coverage<'_> {
        let l = self.linked;
        let b = self.read_brief(i);
        let quotes = b
            .notes
            .iter()
            .map(|n| {
                let quote = n.anchor.passage(&b.article);
                let verdict =
                    n.verdict.as_deref().filter(|_| n.kind == NoteKind::FactCheck).and_then(|v| l.config.verdict(v));
                QuoteView {
                    original: b.url.as_deref().map(|u| text_fragment_url(u, &quote)),
                    quote: quote.into_owned(),
                    url: l.urls.note(&b.slug, &n.id),
                    kind: n.kind.as_str().into(),
                    kind_label: n.kind.label(self.strings()).into(),
                    verdict: verdict.map(|v| v.label.clone()),
                    verdict_id: verdict.map(|v| v.id.clone()),
                }
            })
            .collect();
        Coverage {
            brief: self.brief_card(i),
            byline: b.byline.clone(),
            original: b.url.clone(),
            quotes,
            entities: l.brief_entities[i].iter().take(12).map(|&(e, c)| self.entity_ref(e, c)).collect(),
        }
    }

    /// The timeline, or one page of it (`part`) when it is split; `None` with a split
    /// timeline is its index.
    pub fn timeline_page(&self, part: Option<usize>) -> TimelinePage {
        let l = self.linked;
        let split = l.timeline_parts.len() > 1;
        let entries: Vec<usize> = match part {
            Some(p) => l.timeline_parts[p].entries.clone().collect(),
            None if split => Vec::new(),
            None => (0..l.timeline.len()).collect(),
        };
        let t = self.strings();
        let label = |p: &crate::link::Part| part_label(p, t);
        let link = |p: usize| Link { title: label(&l.timeline_parts[p]), url: l.urls.path(&l.timeline_parts[p].path) };
        TimelinePage {
            title: part.map_or_else(
                || t.text("titles.timeline").to_owned(),
                |p| t.fill("titles.timeline_part", &[("part", &label(&l.timeline_parts[p]))]),
            ),
            years: self.by_year_month(&entries),
            total: l.timeline.len(),
            parts: if split { self.part_links(part) } else { Vec::new() },
            prev: part.and_then(|p| p.checked_sub(1)).map(link),
            next: part.map(|p| p + 1).filter(|&p| p < l.timeline_parts.len()).map(link),
            filters: self.timeline_filters(&entries),
            script_url: l.urls.asset("timeline.js"),
            script_strings: t.group("timeline.script").to_string(),
        }
    }

    /// The timeline's menu, as seen from page `current`: a link per year, the months of a
    /// year split by month only if `current` is in that year, and the days of a month split
    /// by day only if `current` is in that month; a link for a split year or month leads to
    /// its first page and counts all its entries. The menu does not grow with the months
    /// and days (every page listing every part grows with their square), nor with the years:
    /// past [`MENU_YEARS`] of them, the years of other decades fold into their decade, and
    /// past as many decades, the decades of other centuries into their century.
    fn part_links(&self, current: Option<usize>) -> Vec<PartLink> {
        let l = self.linked;
        let parts = &l.timeline_parts;
        let folds = Folds::new(parts, current.map(|c| &parts[c]));
        let t = self.strings();
        let mut links: Vec<PartLink> = Vec::new();
        // The fold the last link stands for, with the years of its first and last parts.
        let mut folded: Option<(Fold, i16, i16)> = None;
        for (p, part) in parts.iter().enumerate() {
            let fold = folds.of(part);
            match (fold.zip(part.year), &mut folded, links.last_mut()) {
                (Some((f, y)), Some((g, _, last_year)), Some(last)) if f == *g => {
                    last.count += part.entries.len();
                    *last_year = y;
                }
                (fold, _, last) => {
                    if let (Some(last), Some(span)) = (last, folded) {
                        label_years(last, span);
                    }
                    links.push(PartLink {
                        label: match fold {
                            Some((f, first)) => f.label(first, t),
                            None => part_label(part, t),
                        },
                        url: l.urls.path(&part.path),
                        count: part.entries.len(),
                        current: Some(p) == current,
                    });
                    folded = fold.map(|(f, y)| (f, y, y));
                }
            }
        }
        if let (Some(last), Some(span)) = (links.last_mut(), folded) {
            label_years(last, span);
        }
        links
    }

    /// What the filters of a timeline page offer: the entities, outlets and tags its
    /// `entries` carry.
    fn timeline_filters(&self, entries: &[usize]) -> TimelineFilters {
        let l = self.linked;
        let mut entities = vec![false; l.content.entities.len()];
        let mut outlets = vec![false; l.content.outlets.len()];
        let mut tags: HashSet<&str> = HashSet::new();
        for &i in entries {
            let entry = &l.timeline[i];
            entry.entities.iter().for_each(|&e| entities[e] = true);
            for r in &entry.reports {
                if let Some(o) = l.content.briefs[r.brief].outlet.as_deref().and_then(|id| l.outlet_index(id)) {
                    outlets[o] = true;
                }
            }
            tags.extend(entry.tags.iter().map(String::as_str));
        }
        let option = |id: &str, name: &str| FilterOption { id: id.to_owned(), name: name.to_owned() };
        let ents = &l.content.entities;
        let mut entities: Vec<FilterOption> =
            (0..ents.len()).filter(|&e| entities[e]).map(|e| option(&ents[e].id, &ents[e].name)).collect();
        entities.sort_by_key(|o| o.name.to_lowercase());
        let outs = &l.content.outlets;
        let outlets = (0..outs.len()).filter(|&o| outlets[o]).map(|o| option(&outs[o].id, &outs[o].name)).collect();
        let tags = l.tags.iter().filter(|t| tags.contains(t.name.as_str())).map(|t| option(&t.slug, &t.name)).collect();
        TimelineFilters { entities, outlets, tags }
    }

    /// Page `n` of the entity index: the entities by kind, then by name, a thousand a page
    /// (a group that goes on to the next page has its heading there again).
    pub fn entity_index_page(&self, n: usize) -> EntityIndexPage {
        let l = self.linked;
        let mut groups: Vec<EntityGroup> = Vec::new();
        let t = self.strings();
        let heading = |e: usize| EntityKind::group_label(l.content.entities[e].kind, t);
        let mut order: Vec<usize> = (0..l.content.entities.len()).collect();
        order.sort_by_cached_key(|&e| (heading(e), l.content.entities[e].name.to_lowercase()));
        for &e in page_items_by(&order, n, ENTITIES_PER_PAGE) {
            let heading = heading(e);
            if groups.last().is_none_or(|g| g.heading != heading) {
                groups.push(EntityGroup { heading: heading.into(), entities: Vec::new() });
            }
            let count = l.entities[e].briefs.len() as u32;
            groups.last_mut().expect("pushed above").entities.push(self.entity_ref(e, count));
        }
        let total = l.content.entities.len();
        let pager = self.pager_by(&l.urls.entities(), n, total, ENTITIES_PER_PAGE);
        EntityIndexPage { groups, total, pager: pager.map(|p| Pager { order: PagerOrder::ByName, ..p }) }
    }

    pub fn entity_page(&self, e: usize, n: usize) -> EntityPage<'_> {
        let l = self.linked;
        let ent = &l.content.entities[e];
        let links = &l.entities[e];
        let (timeline, timeline_total) = if n == 1 { latest_events(self, &links.entries) } else { (Vec::new(), 0) };
        EntityPage {
            id: ent.id.clone(),
            name: ent.name.clone(),
            kind: ent.kind.map(|k| k.label(self.strings()).to_owned()),
            aliases: ent.aliases.iter().filter(|a| **a != ent.name).cloned().collect(),
            description: ent.description.as_deref().map(|d| render_markdown(d, &self.linked.urls.base_path)),
            wikidata: ent.wikidata.as_ref().map(|q| format!("https://www.wikidata.org/wiki/{q}")),
            briefs: page_items(&links.briefs, n).iter().map(|&(b, _)| self.brief_card(b)).collect(),
            total_briefs: links.briefs.len(),
            pager: self.pager(&l.urls.entity(&ent.id), n, links.briefs.len()),
            timeline: timeline.iter().map(|&e| self.entry(e, true)).collect(),
            timeline_total,
            related: links.related.iter().map(|&r| self.entity_ref(r, 0)).collect(),
        }
    }

    pub fn outlet_page(&self, o: usize, n: usize) -> OutletPage<'_> {
        let l = self.linked;
        let outlet = &l.content.outlets[o];
        OutletPage {
            name: outlet.name.clone(),
            url: outlet.url.clone(),
            country: outlet.country.clone(),
            owner: outlet.owner.clone(),
            notes: outlet.notes.as_deref().map(|n| render_markdown(n, &self.linked.urls.base_path)),
            briefs: page_items(&l.outlet_briefs[o], n).iter().map(|&b| self.brief_card(b)).collect(),
            total_briefs: l.outlet_briefs[o].len(),
            pager: self.pager(&l.urls.outlet(&outlet.id), n, l.outlet_briefs[o].len()),
        }
    }

    pub fn tag_page(&self, t: usize, n: usize) -> TagPage<'_> {
        let tag = &self.linked.tags[t];
        let (timeline, timeline_total) = if n == 1 { latest_events(self, &tag.entries) } else { (Vec::new(), 0) };
        TagPage {
            name: tag.name.clone(),
            briefs: page_items(&tag.briefs, n).iter().map(|&b| self.brief_card(b)).collect(),
            total_briefs: tag.briefs.len(),
            pager: self.pager(&self.linked.urls.tag(&tag.name), n, tag.briefs.len()),
            timeline: timeline.iter().map(|&e| self.entry(e, true)).collect(),
            timeline_total,
        }
    }

    pub fn free_page(&self, p: usize) -> FreePage {
        let page = &self.linked.content.pages[p];
        FreePage { title: page.title.clone(), body: render_markdown(&page.body, &self.linked.urls.base_path) }
    }

    pub fn link_to(&self, title: &str, url: String) -> Link {
        Link { title: title.into(), url }
    }
}

/// The timeline's menu lists this many years at most one by one; more fold into decades
/// (`1990–1998`), and more decades than this into centuries, but for the decade and century
/// of the page being read.
const MENU_YEARS: usize = 100;

/// What a part of the timeline is folded into in the menu: one link for all the parts of a
/// century, decade, year or month (years are never 0, so `year / 10` is a decade).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Fold {
    Century(i16),
    Decade(i16),
    Year(i16),
    Month(i16, u8),
}

impl Fold {
    /// Whether the link's label is the years of its parts, first to last.
    fn spans_years(self) -> bool {
        matches!(self, Fold::Century(_) | Fold::Decade(_))
    }

    /// The label of the link, as its first part, of the year `first`, gives it.
    fn label(self, first: i16, t: &crate::i18n::Strings) -> String {
        match self {
            Fold::Month(y, m) => t.month_heading(y, m),
            Fold::Century(_) | Fold::Decade(_) | Fold::Year(_) => first.to_string(),
        }
    }
}

/// Labels the link of a decade or century by the years of its parts, first to last
/// (`1990–1998`); one of a single year stays that year.
fn label_years(link: &mut PartLink, (fold, first, last): (Fold, i16, i16)) {
    if fold.spans_years() && first != last {
        link.label = format!("{first}–{last}");
    }
}

/// Which parts the menu seen from the part `open` folds, and into what.
struct Folds {
    open_year: Option<i16>,
    open_month: Option<(i16, u8)>,
    decades: bool,
    centuries: bool,
}

impl Folds {
    fn new(parts: &[crate::link::Part], open: Option<&crate::link::Part>) -> Folds {
        // Parts are in time order, so a new year (decade) is one that differs from the last.
        let count = |span: i16| {
            let mut years = parts.iter().filter_map(|p| p.year.map(|y| y / span)).collect::<Vec<_>>();
            years.dedup();
            years.len()
        };
        Folds {
            open_year: open.and_then(|o| o.year),
            open_month: open.and_then(|o| o.year.zip(o.month)),
            decades: count(1) > MENU_YEARS,
            centuries: count(10) > MENU_YEARS,
        }
    }

    /// What `part` folds into, if anything.
    fn of(&self, part: &crate::link::Part) -> Option<Fold> {
        use crate::link::Within;
        let y = part.year?;
        let elsewhere = |span: i16| self.open_year.map(|o| o / span) != Some(y / span);
        if self.centuries && elsewhere(100) {
            return Some(Fold::Century(y / 100));
        }
        if self.decades && elsewhere(10) {
            return Some(Fold::Decade(y / 10));
        }
        match part.month {
            _ if part.within != Within::Whole && self.open_year != Some(y) => Some(Fold::Year(y)),
            Some(m) if part.within == Within::Month && self.open_month != Some((y, m)) => Some(Fold::Month(y, m)),
            _ => None,
        }
    }
}

/// "2017", "February 2017", "16 February 2017" (as the language writes them), or "Timeline".
fn part_label(p: &crate::link::Part, t: &crate::i18n::Strings) -> String {
    match (p.year, p.month, p.day) {
        (Some(year), Some(m), Some(d)) => t.date(PartialDate { year, month: Some(m), day: Some(d) }),
        (Some(y), Some(m), None) => t.month_heading(y, m),
        (Some(y), None, _) => y.to_string(),
        _ => t.text("titles.timeline").to_owned(),
    }
}
