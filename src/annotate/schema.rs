//! The YAML schema editors write (docs/content.md), as serde types. Unknown keys are
//! rejected; values that later checks may reject are [`Spanned`] so errors point at them.
//! Annotation files also serialize, for the parse cache ([`super::parsed`]).

use serde::{Deserialize, Serialize};

use crate::model::{EntityKind, NoteKind};
use crate::yaml::{OrderedMap, Spanned};

/// `content/annotations/<seed-id>.yaml`.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AnnotationFile {
    pub slug: Option<Spanned<String>>,
    pub title: Option<String>,
    pub outlet: Option<Spanned<String>>,
    pub byline: Option<String>,
    pub dateline: Option<String>,
    pub published: Option<Spanned<String>>,
    pub url: Option<Spanned<String>>,
    /// The article's language, a BCP 47 tag.
    pub language: Option<Spanned<String>>,
    pub story: Option<Spanned<String>>,
    pub summary: Option<String>,
    #[serde(default)]
    pub tags: Vec<Spanned<String>>,
    #[serde(default)]
    pub entities: Vec<Spanned<String>>,
    #[serde(default)]
    pub notes: Vec<NoteFile>,
    #[serde(default)]
    pub events: Vec<EventFile>,
    #[serde(default)]
    pub draft: bool,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NoteFile {
    pub id: Option<Spanned<String>>,
    pub quote: Spanned<String>,
    pub prefix: Option<String>,
    pub suffix: Option<String>,
    pub kind: Option<NoteKind>,
    pub body: Option<String>,
    #[serde(default)]
    pub sources: Vec<Spanned<String>>,
    pub claimant: Option<Spanned<String>>,
    pub verdict: Option<Spanned<String>>,
    /// The keys of this entry left out for their mistakes, each reported already (set when
    /// an annotation with mistakes is read for its other checks, [`crate::yaml::Lenient`]):
    /// a value missing for that reason is no second error.
    #[serde(skip)]
    pub blanked: Vec<String>,
}

/// An event, in an annotation's `events:` or in `content/events.yaml`.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EventFile {
    pub id: Option<Spanned<String>>,
    pub date: Option<Spanned<String>>,
    pub end: Option<Spanned<String>>,
    pub title: Option<Spanned<String>>,
    pub body: Option<String>,
    pub quote: Option<Spanned<String>>,
    pub prefix: Option<String>,
    pub suffix: Option<String>,
    #[serde(default)]
    pub entities: Vec<Spanned<String>>,
    #[serde(default)]
    pub tags: Vec<Spanned<String>>,
    #[serde(default)]
    pub sources: Vec<Spanned<String>>,
    /// The keys of this entry left out for their mistakes, each reported already (set when
    /// an annotation with mistakes is read for its other checks, [`crate::yaml::Lenient`]):
    /// a value missing for that reason is no second error.
    #[serde(skip)]
    pub blanked: Vec<String>,
}

impl EventFile {
    /// The line the event is written at, as told by its first key that says (`id:`,
    /// `date:`, `title:`, `quote:`).
    pub fn line(&self) -> Option<u32> {
        [&self.id, &self.date, &self.title, &self.quote].into_iter().flatten().map(|s| s.line).next()
    }

    /// Tells each event of a lenient reading ([`crate::yaml::Lenient`]) which of its keys
    /// were left out; an event with no key left that says where it is has nothing to check.
    pub fn mark_blanked(events: &mut Vec<EventFile>, blanked: &[(std::ops::Range<usize>, Vec<String>)]) {
        events.retain_mut(|e| {
            e.line().map(|line| e.blanked = crate::yaml::recover::blanked_at(blanked, line).to_vec()).is_some()
        });
    }
}

/// `content/entities.yaml`: id → entity.
pub type EntitiesFile = OrderedMap<EntityFile>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntityFile {
    pub name: Spanned<String>,
    pub kind: Option<EntityKind>,
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    pub description: Option<String>,
    pub wikidata: Option<Spanned<String>>,
}

/// `content/outlets.yaml`: id → outlet.
pub type OutletsFile = OrderedMap<OutletFile>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutletFile {
    pub name: Spanned<String>,
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    pub url: Option<Spanned<String>>,
    pub country: Option<String>,
    pub owner: Option<String>,
    pub notes: Option<String>,
}

/// `content/stories.yaml`: id → story (optional; a story exists once two briefs share it).
pub type StoriesFile = OrderedMap<StoryFile>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoryFile {
    pub title: Spanned<String>,
    pub summary: Option<String>,
}

/// Front matter of `content/pages/*.md`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFront {
    /// Required; optional here so that a page with mistakes in other keys is still read.
    pub title: Option<Spanned<String>>,
    pub slug: Option<Spanned<String>>,
    pub description: Option<String>,
    /// Position in the site menu; pages without it are not in the menu.
    pub menu: Option<u32>,
}
