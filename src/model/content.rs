//! The annotated content: briefs (an article with its validated annotation), notes anchored to
//! passages, and the shared registries (entities, outlets, stories, events, pages). Made by
//! `annotate`, read by every later stage.

use std::path::PathBuf;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::Article;
use crate::date::PartialDate;
use crate::i18n::Strings;

/// Where a quote sits: a byte range in one block's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Anchor {
    pub block: usize,
    pub start: usize,
    pub end: usize,
}

impl Anchor {
    /// The passage in `article` (read back alone if the article's text was moved out of
    /// memory).
    pub fn passage<'a>(&self, article: &'a Article) -> std::borrow::Cow<'a, str> {
        article.passage(self.block, self.start..self.end)
    }
}

/// What a note is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NoteKind {
    Context,
    FactCheck,
    Correction,
    Definition,
}

impl NoteKind {
    /// What the interface calls it, in the site's language (`note_kinds.*`).
    pub fn label(self, strings: &Strings) -> &str {
        strings.text(match self {
            NoteKind::Context => "note_kinds.context",
            NoteKind::FactCheck => "note_kinds.fact_check",
            NoteKind::Correction => "note_kinds.correction",
            NoteKind::Definition => "note_kinds.definition",
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            NoteKind::Context => "context",
            NoteKind::FactCheck => "fact-check",
            NoteKind::Correction => "correction",
            NoteKind::Definition => "definition",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Place,
    Organisation,
    Event,
    Group,
    Other,
}

impl EntityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Place => "place",
            EntityKind::Organisation => "organisation",
            EntityKind::Event => "event",
            EntityKind::Group => "group",
            EntityKind::Other => "other",
        }
    }

    /// What the interface calls one of its kind, in the site's language (`entity_kinds.*`).
    pub fn label(self, strings: &Strings) -> &str {
        strings.text(ENTITY_KINDS[self as usize])
    }

    /// The heading of its kind on the entity index (`entity_groups.*`: "People").
    pub fn group_label(kind: Option<EntityKind>, strings: &Strings) -> &str {
        strings.text(ENTITY_GROUPS[kind.unwrap_or(EntityKind::Other) as usize])
    }
}

const ENTITY_KINDS: [&str; 6] = [
    "entity_kinds.person",
    "entity_kinds.place",
    "entity_kinds.organisation",
    "entity_kinds.event",
    "entity_kinds.group",
    "entity_kinds.other",
];

const ENTITY_GROUPS: [&str; 6] = [
    "entity_groups.person",
    "entity_groups.place",
    "entity_groups.organisation",
    "entity_groups.event",
    "entity_groups.group",
    "entity_groups.other",
];

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
    /// Line and column of its id in `content/stories.yaml`; `(0, 0)` for a story no file lists.
    pub defined_at: (u32, u32),
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

/// The top folders of the pages briefgen makes itself (`link::Urls` puts them there): a free
/// page cannot take one as its slug.
pub const SECTIONS: &[&str] =
    &["annotations", "briefs", "entities", "outlets", "search", "static", "stories", "tags", "timeline"];

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
#[derive(Clone, Debug, PartialEq, Serialize)]
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
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventMention {
    pub event: String,
    pub anchor: Option<Anchor>,
}

/// An annotated article: extraction overridden by the annotation, everything validated.
/// Serialised whole (for the digest of what its Markdown page is made from).
#[derive(Clone, Debug, Serialize)]
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
    /// The language the article is written in (a BCP 47 tag), when the annotation or the
    /// seed says.
    pub language: Option<String>,
    pub story: Option<String>,
    /// Markdown.
    pub summary: Option<String>,
    /// The summary as plain text: for descriptions, feeds and search.
    pub summary_text: Option<String>,
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
