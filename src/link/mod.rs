//! Link: pure cross-referencing of validated content. Finds entity mentions, builds the
//! timeline, groups stories, outlets and tags, and records every relation in both directions
//! (brief ↔ timeline entry ↔ entity ↔ story ↔ outlet) as indexes, so the render stage only
//! looks things up. No disk, no templates, no errors (one kind of warning: entities nothing mentions): annotate
//! has checked every reference.

mod highlights;
mod known;
mod mentions;
mod timeline;
pub mod urls;

use std::collections::BTreeMap;

use rayon::prelude::*;

pub use highlights::{Highlight, highlights};
pub use known::{Found, KnownMentions};
pub use mentions::MentionFinder;
pub use timeline::{Entry, EntryKind, Part, Report, Within};
pub use urls::Urls;

use crate::config::Config;
use crate::diag::{Diagnostic, SourceFile};
use crate::model::{Block, Brief, Content, Story};
use crate::text::slugify;

/// Relations of one entity.
#[derive(Clone, Debug, Default)]
pub struct EntityLinks {
    /// Briefs that mention it or name it, newest first, with the number of mentions.
    pub briefs: Vec<(usize, u32)>,
    /// Timeline entries about it, in time order.
    pub entries: Vec<usize>,
    /// Entities that appear with it most often.
    pub related: Vec<usize>,
}

/// A story and its coverage, oldest first.
#[derive(Clone, Debug)]
pub struct StoryLinks {
    pub story: Story,
    pub briefs: Vec<usize>,
}

/// A tag as written, its URL slug, and what carries it.
#[derive(Clone, Debug)]
pub struct TagLinks {
    pub name: String,
    pub slug: String,
    pub briefs: Vec<usize>,
    pub entries: Vec<usize>,
}

/// The content with every relation resolved. Brief indexes are in publication order.
#[derive(Debug)]
pub struct Linked {
    pub config: Config,
    pub content: Content,
    pub urls: Urls,
    /// Per brief: entity indexes with mention counts, most mentioned first.
    pub brief_entities: Vec<Vec<(usize, u32)>>,
    /// Per brief: the highlighted passages, in reading order.
    pub highlights: Vec<Vec<Highlight>>,
    pub timeline: Vec<Entry>,
    /// The pages the timeline is published on, and the page of each entry.
    pub timeline_parts: Vec<Part>,
    pub entry_part: Vec<usize>,
    /// Per brief: its timeline entries (publication and reported events), in time order.
    pub brief_entries: Vec<Vec<usize>>,
    pub entities: Vec<EntityLinks>,
    pub stories: Vec<StoryLinks>,
    /// Per brief: its story's index in `stories`.
    pub brief_story: Vec<Option<usize>>,
    /// Per outlet (same order as `content.outlets`): its briefs, newest first.
    pub outlet_briefs: Vec<Vec<usize>>,
    pub outlet_by_id: BTreeMap<String, usize>,
    pub entity_by_id: BTreeMap<String, usize>,
    pub tags: Vec<TagLinks>,
    /// The alias automaton the mentions were found with, for [`Linked::replace_brief`].
    finder: MentionFinder,
}

impl Linked {
    /// The brief published just before and just after this one.
    pub fn prev_next(&self, brief: usize) -> (Option<usize>, Option<usize>) {
        (brief.checked_sub(1), (brief + 1 < self.content.briefs.len()).then_some(brief + 1))
    }

    pub fn story_of(&self, brief: usize) -> Option<&StoryLinks> {
        self.brief_story[brief].map(|s| &self.stories[s])
    }

    pub fn outlet_index(&self, id: &str) -> Option<usize> {
        self.outlet_by_id.get(id).copied()
    }

    /// The link to a timeline entry, on whichever timeline page holds it.
    pub fn entry_url(&self, entry: usize) -> String {
        let part = &self.timeline_parts[self.entry_part[entry]];
        format!("{}#{}", self.urls.path(&part.path), self.timeline[entry].anchor)
    }

    pub fn entity_index(&self, id: &str) -> Option<usize> {
        self.entity_by_id.get(id).copied()
    }

    /// The timeline entries just before and just after brief `i`'s own, which its page shows
    /// as context (none for a brief without entries).
    pub fn context_entries(&self, i: usize) -> (Option<usize>, Option<usize>) {
        let own = &self.brief_entries[i];
        let before = own.first().and_then(|&first| first.checked_sub(1));
        let after = own.last().map(|&last| last + 1).filter(|&e| e < self.timeline.len());
        (before, after)
    }

    /// Entities that no published brief mentions and no timeline entry is about — usually an
    /// alias that does not match how the articles spell the name.
    pub fn unmentioned_entities(&self) -> impl Iterator<Item = &crate::model::Entity> {
        self.content
            .entities
            .iter()
            .zip(&self.entities)
            .filter(|(_, l)| l.briefs.is_empty() && l.entries.is_empty())
            .map(|(e, _)| e)
    }
}

/// A warning for each entity nothing mentions, at its id in `content/entities.yaml` (`src`);
/// not for one whose every name is an earlier entity's, which has a warning at each name.
/// With drafts left out of the build, the hint says that their mentions do not count.
pub fn unmentioned_entity_warnings(linked: &Linked, src: &SourceFile, drafts_left_out: usize) -> Vec<Diagnostic> {
    let mut owners: std::collections::HashMap<String, &str> = std::collections::HashMap::new();
    for e in &linked.content.entities {
        for name in &e.aliases {
            owners.entry(crate::text::alias_key(name)).or_insert(&e.id);
        }
    }
    let shadowed = |e: &crate::model::Entity| {
        let owner = |n: &String| owners.get(&crate::text::alias_key(n)).copied();
        !e.aliases.is_empty() && e.aliases.iter().all(|n| owner(n).is_some_and(|o| o != e.id))
    };
    linked
        .unmentioned_entities()
        .filter(|e| !shadowed(e))
        .map(|e| {
            let (line, col) = e.defined_at;
            src.warning(line, col, format!("entity `{}` is never mentioned", e.id)).help(format!(
                "no published brief contains any of its names ({}) and no event lists it{}; \
                 add the spelling the articles use to `aliases:`, or remove the entity",
                e.aliases.join(", "),
                drafts_note(drafts_left_out)
            ))
        })
        .collect()
}

/// A warning for each story of `content/stories.yaml` (`src`) that no published brief
/// belongs to: it has no page, and is usually a misspelt `story:`.
pub fn unused_story_warnings(linked: &Linked, src: &SourceFile, drafts_left_out: usize) -> Vec<Diagnostic> {
    let used: std::collections::HashSet<&str> = linked.stories.iter().map(|s| s.story.id.as_str()).collect();
    linked
        .content
        .stories
        .iter()
        .filter(|s| !used.contains(s.id.as_str()))
        .map(|s| {
            let (line, col) = s.defined_at;
            src.warning(line, col, format!("story `{}` has no published brief", s.id)).help(format!(
                "it gets no page until a brief's annotation sets `story:` to its id{}; check their spelling, or remove it",
                drafts_note(drafts_left_out)
            ))
        })
        .collect()
}

/// What a hint about published briefs adds when drafts are left out of the build.
fn drafts_note(drafts_left_out: usize) -> String {
    match drafts_left_out {
        0 => String::new(),
        1 => " (1 draft is left out of this build and does not count; `--drafts` builds it)".to_owned(),
        n => format!(" ({n} drafts are left out of this build and do not count; `--drafts` builds them)"),
    }
}

/// Resolves every relation. `content.briefs` is re-ordered by publication date.
pub fn link(config: Config, content: Content) -> Linked {
    link_with(config, content, None).0
}

/// [`link`], taking what the alias automaton found in each brief's title and text from
/// `known` when it has it (see [`KnownMentions`]). With `known`, also gives what was found in
/// every brief, when it differs from `known` (to keep for the next build).
pub fn link_with(
    config: Config,
    mut content: Content,
    known: Option<&KnownMentions>,
) -> (Linked, Option<KnownMentions>) {
    content.briefs.sort_by(|a, b| (a.published, &a.slug).cmp(&(b.published, &b.slug)));
    let urls = Urls::new(&config.base_url, &config.base_path);
    let finder = MentionFinder::new(&content.entities);
    let entity_ids: BTreeMap<String, usize> =
        content.entities.iter().enumerate().map(|(i, e)| (e.id.clone(), i)).collect();
    let found: Vec<(Option<u128>, Found)> = content
        .briefs
        .par_iter()
        .map(|b| {
            let scan = || text_mentions(&finder, &b.title, &b.article.blocks());
            let Some(known) = known else { return (None, scan()) };
            let key = mention_key(&finder, b);
            let fits = |f: &&[(u32, u32)]| f.iter().all(|&(e, _)| (e as usize) < content.entities.len());
            (Some(key), known.get(key).filter(fits).map_or_else(scan, <[_]>::to_vec))
        })
        .collect();
    let brief_entities: Vec<Vec<(usize, u32)>> =
        content.briefs.iter().zip(&found).map(|(b, (_, f))| with_named(b, f, &entity_ids)).collect();
    let found = known.and_then(|k| k.again(found.into_iter().filter_map(|(key, f)| Some((key?, f)))));
    let highlights: Vec<Vec<Highlight>> = content.briefs.par_iter().map(highlights).collect();
    let event_entities: Vec<Vec<usize>> =
        content.events.par_iter().map(|e| event_mentions(e, &finder, &entity_ids)).collect();
    let tl = timeline::build(&content, &brief_entities, &event_entities, &highlights);
    // Relations that only read the timeline and the content, made side by side.
    let ((entities, tags), (stories, (timeline_parts, entry_part))) = rayon::join(
        || {
            rayon::join(
                || entity_links(content.entities.len(), &brief_entities, &tl.entries),
                || tags(&content, &tl.entries),
            )
        },
        || rayon::join(|| stories(&content), || timeline::parts(&tl.entries, timeline::PAGE_MAX)),
    );
    let outlet_by_id: BTreeMap<String, usize> =
        content.outlets.iter().enumerate().map(|(i, o)| (o.id.clone(), i)).collect();
    let mut outlet_briefs = vec![Vec::new(); content.outlets.len()];
    for (i, b) in content.briefs.iter().enumerate().rev() {
        if let Some(&o) = b.outlet.as_ref().and_then(|id| outlet_by_id.get(id)) {
            outlet_briefs[o].push(i);
        }
    }
    let brief_story = content
        .briefs
        .iter()
        .map(|b| b.story.as_ref().and_then(|id| stories.binary_search_by(|s| s.story.id.as_str().cmp(id)).ok()))
        .collect();
    let linked = Linked {
        config,
        content,
        urls,
        brief_entities,
        highlights,
        timeline_parts,
        entry_part,
        timeline: tl.entries,
        brief_entries: tl.brief_entries,
        entities,
        stories,
        brief_story,
        outlet_briefs,
        outlet_by_id,
        entity_by_id: entity_ids,
        tags,
        finder,
    };
    (linked, found)
}

impl Linked {
    /// Puts `brief`, an edit of brief `i` that kept its place in the site (same slug, date,
    /// outlet, story, tags, events: see `annotate::Recheck`), in its place, with its new
    /// highlights. Fails, giving the brief back, when the edit changed which entities it
    /// mentions or how often: then every relation must be made again ([`link`]).
    pub fn replace_brief(&mut self, i: usize, brief: Brief) -> Result<(), Box<Brief>> {
        if brief_mentions(&brief, &self.finder, &self.entity_by_id) != self.brief_entities[i] {
            return Err(Box::new(brief));
        }
        let new = highlights(&brief);
        for &e in &self.brief_entries[i] {
            let EntryKind::Event(ev) = self.timeline[e].kind else { continue };
            let id = &self.content.events[ev].id;
            let anchor = brief.events.iter().find(|m| &m.event == id).and_then(|m| m.anchor);
            let highlight = anchor.and_then(|a| new.iter().find(|h| h.anchor == a)).map(|h| h.id.clone());
            for r in self.timeline[e].reports.iter_mut().filter(|r| r.brief == i) {
                r.highlight = highlight.clone();
            }
        }
        self.highlights[i] = new;
        self.content.briefs[i] = brief;
        Ok(())
    }
}

/// Entities of a brief: found in its title and text, named in the annotation, or claimants.
fn brief_mentions(b: &Brief, finder: &MentionFinder, ids: &BTreeMap<String, usize>) -> Vec<(usize, u32)> {
    with_named(b, &text_mentions(finder, &b.title, &b.article.blocks()), ids)
}

/// The entities the automaton finds in a title and an article's blocks, each with how many
/// times, by entity.
fn text_mentions(finder: &MentionFinder, title: &str, blocks: &[Block]) -> Found {
    let mut found = Vec::new();
    finder.find(title, &mut found);
    for block in blocks {
        finder.find(&block.text, &mut found);
    }
    found.sort_unstable();
    found.chunk_by(|a, b| a == b).map(|run| (run[0] as u32, run.len() as u32)).collect()
}

/// What [`text_mentions`] depends on, hashed: the finder's aliases, the title and the article's
/// text (through its hash, so that an article whose text was moved out of memory is not read
/// back for it).
fn mention_key(finder: &MentionFinder, b: &Brief) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(&finder.fingerprint().to_le_bytes());
    h.update(&(b.title.len() as u64).to_le_bytes());
    h.update(b.title.as_bytes());
    h.update(&b.article.text_hash().to_le_bytes());
    h.digest128()
}

/// A brief's entities: those `found` in its text, then those its annotation names or its
/// notes quote as claimants (counted 0), the most mentioned first.
fn with_named(b: &Brief, found: &[(u32, u32)], ids: &BTreeMap<String, usize>) -> Vec<(usize, u32)> {
    let named = b.entities.iter().chain(b.notes.iter().filter_map(|n| n.claimant.as_ref()));
    let mut out: Vec<(usize, u32)> = found.iter().map(|&(e, c)| (e as usize, c)).collect();
    for id in named {
        if let Some(&i) = ids.get(id.as_str())
            && !out.iter().any(|(j, _)| *j == i)
        {
            out.push((i, 0));
        }
    }
    out.sort_by_key(|&(i, c)| (std::cmp::Reverse(c), i));
    out
}

/// Entities of an event: named in it, or found in its title.
fn event_mentions(e: &crate::model::Event, finder: &MentionFinder, ids: &BTreeMap<String, usize>) -> Vec<usize> {
    let mut found = Vec::new();
    finder.find(&e.title, &mut found);
    found.sort_unstable();
    let mut out: Vec<usize> = e.entities.iter().filter_map(|id| ids.get(id.as_str()).copied()).collect();
    for i in found {
        if !out.contains(&i) {
            out.push(i);
        }
    }
    out
}

fn entity_links(n: usize, brief_entities: &[Vec<(usize, u32)>], entries: &[Entry]) -> Vec<EntityLinks> {
    let mut links = vec![EntityLinks::default(); n];
    for (b, ents) in brief_entities.iter().enumerate().rev() {
        for &(e, count) in ents {
            links[e].briefs.push((b, count));
        }
    }
    for (i, entry) in entries.iter().enumerate() {
        for &e in &entry.entities {
            links[e].entries.push(i);
        }
    }
    let related: Vec<Vec<usize>> = (0..n)
        .into_par_iter()
        .map_init(|| Together::new(n), |together, e| together.related(e, &links[e].briefs, brief_entities))
        .collect();
    // Kept for the whole build: without the room they grew by.
    for (l, related) in links.iter_mut().zip(related) {
        l.related = related;
        l.briefs.shrink_to_fit();
        l.entries.shrink_to_fit();
    }
    links
}

/// How many entities an entity page shows as appearing with it most often.
const RELATED: usize = 8;

/// Counts, for one entity at a time, the briefs each other entity shares with it: a count
/// per entity and the list of those counted, reused from one entity to the next, so an
/// article naming thousands of entities costs no memory per pair of them.
struct Together {
    counts: Vec<u32>,
    seen: Vec<usize>,
}

impl Together {
    fn new(entities: usize) -> Together {
        Together { counts: vec![0; entities], seen: Vec::new() }
    }

    /// The entities named most often in the briefs that name `e` (`briefs`), the first by
    /// index among those named as often, [`RELATED`] at most.
    fn related(&mut self, e: usize, briefs: &[(usize, u32)], brief_entities: &[Vec<(usize, u32)>]) -> Vec<usize> {
        for &(b, _) in briefs {
            for &(other, _) in brief_entities[b].iter().filter(|&&(other, _)| other != e) {
                if self.counts[other] == 0 {
                    self.seen.push(other);
                }
                self.counts[other] += 1;
            }
        }
        let counts = &mut self.counts;
        let key = |&other: &usize| (std::cmp::Reverse(counts[other]), other);
        if self.seen.len() > RELATED {
            self.seen.select_nth_unstable_by_key(RELATED - 1, key);
        }
        let mut most = self.seen[..self.seen.len().min(RELATED)].to_vec();
        most.sort_unstable_by_key(key);
        for other in self.seen.drain(..) {
            counts[other] = 0;
        }
        most
    }
}

/// Stories in use, sorted by id.
fn stories(content: &Content) -> Vec<StoryLinks> {
    let mut by_id: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, b) in content.briefs.iter().enumerate() {
        if let Some(s) = &b.story {
            by_id.entry(s).or_default().push(i);
        }
    }
    let registered: BTreeMap<&str, &Story> = content.stories.iter().map(|s| (s.id.as_str(), s)).collect();
    by_id
        .into_iter()
        .map(|(id, briefs)| {
            let story = registered.get(id).map(|&s| s.clone()).unwrap_or_else(|| Story {
                id: id.to_owned(),
                title: None,
                summary: None,
                defined_at: (0, 0),
            });
            StoryLinks { story, briefs }
        })
        .collect()
}

fn tags(content: &Content, entries: &[Entry]) -> Vec<TagLinks> {
    let mut by_slug: BTreeMap<String, TagLinks> = BTreeMap::new();
    for (i, b) in content.briefs.iter().enumerate().rev() {
        for t in &b.tags {
            tag_entry(&mut by_slug, t).briefs.push(i);
        }
    }
    for (i, e) in entries.iter().enumerate() {
        for t in &e.tags {
            tag_entry(&mut by_slug, t).entries.push(i);
        }
    }
    by_slug.into_values().collect()
}

fn tag_entry<'a>(map: &'a mut BTreeMap<String, TagLinks>, name: &str) -> &'a mut TagLinks {
    let slug = slugify(name);
    map.entry(slug.clone()).or_insert_with(|| TagLinks {
        name: name.to_owned(),
        slug,
        briefs: Vec::new(),
        entries: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The entities related to each of `entities`, from briefs naming the given entities.
    fn related(entities: usize, briefs: &[&[usize]]) -> Vec<Vec<usize>> {
        let briefs: Vec<Vec<(usize, u32)>> = briefs.iter().map(|b| b.iter().map(|&e| (e, 1)).collect()).collect();
        entity_links(entities, &briefs, &[]).into_iter().map(|l| l.related).collect()
    }

    #[test]
    fn related_entities_are_those_named_together_most_often_then_first() {
        let got = related(5, &[&[0, 1, 2], &[0, 2], &[3, 2], &[4]]);
        assert_eq!(got, [vec![2, 1], vec![0, 2], vec![0, 1, 3], vec![2], vec![]]);
    }

    #[test]
    fn related_entities_keep_eight() {
        let all: Vec<usize> = (0..20).collect();
        let got = related(20, &[&all, &[19, 5]]);
        assert_eq!(got[19], [5, 0, 1, 2, 3, 4, 6, 7]);
        assert_eq!(got[0], [1, 2, 3, 4, 5, 6, 7, 8]);
    }

    #[test]
    fn an_article_naming_thousands_of_entities_takes_no_memory_per_pair() {
        // Every pair of entities one brief names was a node of a map: an article listing
        // 8,000 names of the registry (a list of sanctioned people, of candidates) took 1.9 GB
        // and 6.5 s of a release build, 4,000 500 MB; 3,000 here were 5.9 s of a debug build.
        let all: Vec<usize> = (0..3_000).collect();
        let start = std::time::Instant::now();
        let links = entity_links(3_000, &[all.iter().map(|&e| (e, 1)).collect()], &[]);
        assert_eq!(links[2_999].related, [0, 1, 2, 3, 4, 5, 6, 7]);
        // Nor does an entity keep the room its count of the others took (a list of 3,000).
        assert!(links.iter().all(|l| l.related.capacity() <= RELATED));
        assert!(start.elapsed() < std::time::Duration::from_secs(2), "{:?}", start.elapsed());
    }
}
