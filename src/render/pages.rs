//! Views of the listing pages: home, story, timeline, entities, outlet, tag and free pages.

use serde::Serialize;

use super::brief_page::text_fragment_url;
use super::views::{BriefCard, DateView, EntityRef, EntryView, Link, Views, YearView, kind_heading};
use crate::annotate::NoteKind;
use crate::link::EntryKind;
use crate::markdown::render_markdown;

#[derive(Debug, Serialize)]
pub struct HomePage {
    pub latest: Vec<BriefCard>,
    pub stories: Vec<StoryCard>,
    pub events: Vec<EntryView>,
    pub timeline_url: String,
    pub total_briefs: usize,
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
pub struct StoryPage {
    pub title: String,
    pub summary: Option<String>,
    pub coverage: Vec<Coverage>,
    /// Entities every outlet's coverage mentions.
    pub shared_entities: Vec<EntityRef>,
    pub timeline: Vec<EntryView>,
}

/// One outlet's article in a story comparison.
#[derive(Debug, Serialize)]
pub struct Coverage {
    pub brief: BriefCard,
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
    pub years: Vec<YearView>,
    pub total: usize,
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
}

#[derive(Debug, Serialize)]
pub struct EntityIndexPage {
    pub groups: Vec<EntityGroup>,
}

#[derive(Debug, Serialize)]
pub struct EntityGroup {
    pub heading: String,
    pub entities: Vec<EntityRef>,
}

#[derive(Debug, Serialize)]
pub struct EntityPage {
    pub name: String,
    pub kind: Option<String>,
    pub aliases: Vec<String>,
    pub description: Option<String>,
    pub wikidata: Option<String>,
    pub briefs: Vec<BriefCard>,
    pub timeline: Vec<YearView>,
    pub related: Vec<EntityRef>,
}

#[derive(Debug, Serialize)]
pub struct OutletPage {
    pub name: String,
    pub url: Option<String>,
    pub country: Option<String>,
    pub owner: Option<String>,
    pub notes: Option<String>,
    pub briefs: Vec<BriefCard>,
}

#[derive(Debug, Serialize)]
pub struct TagPage {
    pub name: String,
    pub briefs: Vec<BriefCard>,
    pub timeline: Vec<EntryView>,
}

#[derive(Debug, Serialize)]
pub struct FreePage {
    pub title: String,
    pub body: String,
}

/// How many items the home page lists.
const HOME_ITEMS: usize = 10;

impl Views<'_> {
    pub fn home_page(&self) -> HomePage {
        let l = self.linked;
        let n = l.content.briefs.len();
        let latest = (0..n).rev().take(HOME_ITEMS).map(|i| self.brief_card(i)).collect();
        let mut stories: Vec<StoryCard> = (0..l.stories.len()).map(|s| self.story_card(s)).collect();
        stories.sort_by(|a, b| b.first.iso.cmp(&a.first.iso).then(a.title.cmp(&b.title)));
        let events = (0..l.timeline.len())
            .rev()
            .filter(|&e| matches!(l.timeline[e].kind, EntryKind::Event(_)))
            .take(HOME_ITEMS)
            .map(|e| self.entry(e, true))
            .collect();
        HomePage { latest, stories, events, timeline_url: l.urls.timeline(), total_briefs: n }
    }

    pub fn search_page(&self) -> SearchPage {
        let u = &self.linked.urls;
        SearchPage {
            url: u.search(),
            index_url: u.search_file("index.json"),
            script_url: u.asset("search.js"),
            timeline_url: u.timeline(),
            entities_url: u.entities(),
        }
    }

    pub fn story_title(&self, s: usize) -> String {
        let st = &self.linked.stories[s];
        st.story.title.clone().unwrap_or_else(|| self.linked.content.briefs[st.briefs[0]].title.clone())
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
            first: DateView::new(self.linked.content.briefs[st.briefs[0]].published),
        }
    }

    pub fn story_page(&self, s: usize) -> StoryPage {
        let l = self.linked;
        let st = &l.stories[s];
        let coverage = st.briefs.iter().map(|&b| self.coverage(b)).collect();
        let mut shared: Vec<(usize, u32)> = l.brief_entities[st.briefs[0]].clone();
        for &b in &st.briefs[1..] {
            shared.retain(|(e, _)| l.brief_entities[b].iter().any(|(x, _)| x == e));
        }
        let mut entries: Vec<usize> = st.briefs.iter().flat_map(|&b| l.brief_entries[b].iter().copied()).collect();
        entries.sort_unstable();
        entries.dedup();
        StoryPage {
            title: self.story_title(s),
            summary: st.story.summary.as_deref().map(render_markdown),
            coverage,
            shared_entities: shared.into_iter().map(|(e, _)| self.entity_ref(e, 0)).collect(),
            timeline: entries.into_iter().map(|e| self.entry(e, true)).collect(),
        }
    }

    fn coverage(&self, i: usize) -> Coverage {
        let l = self.linked;
        let b = &l.content.briefs[i];
        let url = l.urls.brief(&b.slug);
        let quotes = b
            .notes
            .iter()
            .map(|n| {
                let quote = &b.article.blocks()[n.anchor.block].text[n.anchor.start..n.anchor.end];
                let verdict =
                    n.verdict.as_deref().filter(|_| n.kind == NoteKind::FactCheck).and_then(|v| l.config.verdict(v));
                QuoteView {
                    quote: quote.to_owned(),
                    url: format!("{url}#note-{}", n.id),
                    kind: n.kind.as_str().into(),
                    kind_label: n.kind.label().into(),
                    verdict: verdict.map(|v| v.label.clone()),
                    verdict_id: verdict.map(|v| v.id.clone()),
                    original: b.url.as_deref().map(|u| text_fragment_url(u, quote)),
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

    pub fn timeline_page(&self) -> TimelinePage {
        let all: Vec<usize> = (0..self.linked.timeline.len()).collect();
        TimelinePage { years: self.by_year_month(&all), total: all.len() }
    }

    pub fn entity_index_page(&self) -> EntityIndexPage {
        let l = self.linked;
        let mut groups: Vec<EntityGroup> = Vec::new();
        let mut order: Vec<usize> = (0..l.content.entities.len()).collect();
        order.sort_by(|&a, &b| {
            let (ea, eb) = (&l.content.entities[a], &l.content.entities[b]);
            (kind_heading(ea.kind), ea.name.to_lowercase()).cmp(&(kind_heading(eb.kind), eb.name.to_lowercase()))
        });
        for e in order {
            let heading = kind_heading(l.content.entities[e].kind);
            if groups.last().is_none_or(|g| g.heading != heading) {
                groups.push(EntityGroup { heading: heading.into(), entities: Vec::new() });
            }
            let count = l.entities[e].briefs.len() as u32;
            groups.last_mut().expect("pushed above").entities.push(self.entity_ref(e, count));
        }
        EntityIndexPage { groups }
    }

    pub fn entity_page(&self, e: usize) -> EntityPage {
        let l = self.linked;
        let ent = &l.content.entities[e];
        let links = &l.entities[e];
        EntityPage {
            name: ent.name.clone(),
            kind: ent.kind.map(|k| k.label().to_owned()),
            aliases: ent.aliases.iter().filter(|a| **a != ent.name).cloned().collect(),
            description: ent.description.as_deref().map(render_markdown),
            wikidata: ent.wikidata.as_ref().map(|q| format!("https://www.wikidata.org/wiki/{q}")),
            briefs: links.briefs.iter().map(|&(b, _)| self.brief_card(b)).collect(),
            timeline: self.by_year_month(&links.entries),
            related: links.related.iter().map(|&r| self.entity_ref(r, 0)).collect(),
        }
    }

    pub fn outlet_page(&self, o: usize) -> OutletPage {
        let l = self.linked;
        let outlet = &l.content.outlets[o];
        OutletPage {
            name: outlet.name.clone(),
            url: outlet.url.clone(),
            country: outlet.country.clone(),
            owner: outlet.owner.clone(),
            notes: outlet.notes.as_deref().map(render_markdown),
            briefs: l.outlet_briefs[o].iter().map(|&b| self.brief_card(b)).collect(),
        }
    }

    pub fn tag_page(&self, t: usize) -> TagPage {
        let tag = &self.linked.tags[t];
        TagPage {
            name: tag.name.clone(),
            briefs: tag.briefs.iter().map(|&b| self.brief_card(b)).collect(),
            timeline: tag.entries.iter().map(|&e| self.entry(e, true)).collect(),
        }
    }

    pub fn free_page(&self, p: usize) -> FreePage {
        let page = &self.linked.content.pages[p];
        FreePage { title: page.title.clone(), body: render_markdown(&page.body) }
    }

    pub fn link_to(&self, title: &str, url: String) -> Link {
        Link { title: title.into(), url }
    }
}
