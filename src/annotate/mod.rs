//! Annotate: the editors' YAML → validated, anchored content. Pure: it parses the text the
//! ingest stage read ([`crate::ingest::ContentFiles`]) and checks every reference, quote and
//! date, collecting every problem as a [`Diagnostic`](crate::diag::Diagnostic).
//!
//! Registries (entities, outlets, stories, background events, pages) are read first, then each
//! annotation in parallel against its article, then the events all briefs report are merged.

pub mod anchor;
mod brief;
mod events;
mod registry;
pub mod scaffold;
pub mod schema;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

pub use anchor::Anchor;
pub use schema::{EntityKind, NoteKind};

use crate::config::Config;
use crate::date::PartialDate;
use crate::diag::Diags;
use crate::ingest::{Article, ContentFiles};

/// A person, place, organisation or event, with the aliases found in article text.
#[derive(Clone, Debug, PartialEq)]
pub struct Entity {
    pub id: String,
    pub name: String,
    pub kind: Option<EntityKind>,
    /// Every name the entity is found by, its name first.
    pub aliases: Vec<String>,
    pub description: Option<String>,
    pub wikidata: Option<String>,
    /// Line and column of its id in `content/entities.yaml`.
    pub defined_at: (u32, u32),
}

/// A news outlet: from `content/outlets.yaml`, or named only in articles.
#[derive(Clone, Debug, PartialEq)]
pub struct Outlet {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub url: Option<String>,
    pub country: Option<String>,
    pub owner: Option<String>,
    pub notes: Option<String>,
}

/// A story several outlets covered; its title and summary are optional.
#[derive(Clone, Debug, PartialEq)]
pub struct Story {
    pub id: String,
    pub title: Option<String>,
    pub summary: Option<String>,
}

/// A dated event on the timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub id: String,
    pub date: PartialDate,
    pub end: Option<PartialDate>,
    pub title: String,
    /// Markdown.
    pub body: Option<String>,
    pub entities: Vec<String>,
    pub tags: Vec<String>,
    pub sources: Vec<String>,
    /// Defined in `content/events.yaml` rather than by an annotation.
    pub background: bool,
}

/// A free page from `content/pages/`.
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    pub slug: String,
    pub title: String,
    pub description: Option<String>,
    /// Markdown.
    pub body: String,
    pub menu: Option<u32>,
    pub source: PathBuf,
}

/// A note anchored to a passage of its article.
#[derive(Clone, Debug, PartialEq)]
pub struct Note {
    /// Stable id, unique in the brief: the note's `id:` or one made from its quote.
    pub id: String,
    pub kind: NoteKind,
    pub quote: String,
    pub prefix: Option<String>,
    pub suffix: Option<String>,
    pub anchor: Anchor,
    /// Markdown.
    pub body: String,
    pub sources: Vec<String>,
    /// Entity id of who made the claim (fact-checks).
    pub claimant: Option<String>,
    /// Verdict id from the config's scale (fact-checks).
    pub verdict: Option<String>,
}

/// An event a brief reports, with the passage that reports it.
#[derive(Clone, Debug, PartialEq)]
pub struct EventMention {
    pub event: String,
    pub anchor: Option<Anchor>,
}

/// An annotated article: extraction overridden by the annotation, everything validated.
#[derive(Clone, Debug)]
pub struct Brief {
    /// Shared with the extraction results: article text is never copied.
    pub article: Arc<Article>,
    pub annotation: PathBuf,
    pub slug: String,
    pub title: String,
    /// Outlet id (see [`Content::outlets`]).
    pub outlet: Option<String>,
    pub byline: Option<String>,
    pub dateline: Option<String>,
    pub published: PartialDate,
    pub url: Option<String>,
    pub story: Option<String>,
    /// Markdown.
    pub summary: Option<String>,
    pub tags: Vec<String>,
    /// Entity ids the annotation names explicitly (mentions are found later).
    pub entities: Vec<String>,
    /// In reading order.
    pub notes: Vec<Note>,
    pub events: Vec<EventMention>,
    pub draft: bool,
}

impl Brief {
    pub fn seed_id(&self) -> &str {
        &self.article.seed_id
    }
}

/// Everything the site is built from, validated.
#[derive(Clone, Debug, Default)]
pub struct Content {
    /// Sorted by seed id.
    pub briefs: Vec<Brief>,
    pub entities: Vec<Entity>,
    pub outlets: Vec<Outlet>,
    pub stories: Vec<Story>,
    /// Background events and those annotations report, merged by id.
    pub events: Vec<Event>,
    pub pages: Vec<Page>,
}

/// Options for [`annotate`].
#[derive(Clone, Copy, Debug, Default)]
pub struct AnnotateOptions {
    /// Keep briefs marked `draft: true`.
    pub drafts: bool,
}

/// Validates all content against the articles. Returns what is valid and every problem found.
pub fn annotate(
    files: &ContentFiles,
    config: &Config,
    articles: &BTreeMap<String, Arc<Article>>,
    opts: AnnotateOptions,
) -> (Content, Diags) {
    let mut diags = Diags::new();
    let reg = registry::load(files, &mut diags);
    let results: Vec<(Option<brief::Draft>, Diags)> = files
        .annotations
        .par_iter()
        .enumerate()
        .map(|(i, src)| {
            let mut d = Diags::new();
            let draft = brief::check(i, src, articles, &reg, config, &mut d);
            (draft, d)
        })
        .collect();
    let mut drafts: Vec<brief::Draft> = Vec::new();
    for (draft, d) in results {
        diags.extend(d);
        drafts.extend(draft);
    }
    make_slugs_unique(&mut drafts, files, &mut diags);
    let mut outlets = reg.outlets.clone();
    for d in &drafts {
        if let Some(o) = &d.new_outlet
            && !outlets.iter().any(|x| x.id == o.id)
        {
            outlets.push(o.clone());
        }
    }
    let events = events::merge(&reg, &mut drafts, files, &mut diags);
    let briefs = drafts.into_iter().filter(|d| opts.drafts || !d.brief.draft).map(|d| d.brief).collect();
    let content = Content { briefs, entities: reg.entities, outlets, stories: reg.stories, events, pages: reg.pages };
    (content, diags)
}

/// Slugs written in an annotation must be unique: a clash is an error. A slug made from the
/// title that clashes (two articles with the same headline) is made unique instead: the
/// earliest brief keeps it, the others get their publication date appended, then their seed
/// id — so adding newer articles never changes the URL of an existing one.
fn make_slugs_unique(drafts: &mut [brief::Draft], files: &ContentFiles, diags: &mut Diags) {
    let mut explicit: BTreeMap<String, usize> = BTreeMap::new();
    for (k, d) in drafts.iter().enumerate() {
        let Some((line, col)) = d.slug_pos else { continue };
        if let Some(&first) = explicit.get(&d.brief.slug) {
            diags.push(
                files.annotations[d.index]
                    .error(line, col, format!("two briefs have the slug `{}`", d.brief.slug))
                    .help(format!(
                        "{} uses it too; set a different `slug:` in one of them",
                        crate::diag::display_path(&drafts[first].brief.annotation)
                    )),
            );
        } else {
            explicit.insert(d.brief.slug.clone(), k);
        }
    }
    let mut derived: Vec<usize> = (0..drafts.len()).filter(|&k| drafts[k].slug_pos.is_none()).collect();
    derived.sort_by(|&a, &b| {
        let (x, y) = (&drafts[a].brief, &drafts[b].brief);
        (x.published.first_day(), x.seed_id()).cmp(&(y.published.first_day(), y.seed_id()))
    });
    let mut taken: std::collections::BTreeSet<String> = explicit.into_keys().collect();
    for k in derived {
        let b = &drafts[k].brief;
        let candidates = [
            b.slug.clone(),
            format!("{}-{}", b.slug, b.published.iso()),
            format!("{}-{}", b.slug, crate::text::slugify(b.seed_id())),
        ];
        let numbered = (2..).map(|n| format!("{}-{n}", b.slug));
        let slug = candidates.into_iter().chain(numbered).find(|c| !taken.contains(c)).unwrap_or_default();
        taken.insert(slug.clone());
        drafts[k].brief.slug = slug;
    }
}
