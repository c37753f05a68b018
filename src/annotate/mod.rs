//! Annotate: the editors' YAML → validated, anchored content. Pure: it parses the text the
//! ingest stage read ([`crate::ingest::ContentFiles`]) and checks every reference, quote and
//! date, collecting every problem as a [`Diagnostic`](crate::diag::Diagnostic).
//!
//! Registries (entities, outlets, stories, background events, pages) are read first, then each
//! annotation in parallel against its article, then the events all briefs report are merged.

pub mod anchor;
mod approximate;
mod brief;
mod events;
mod parsed;
mod registry;
pub mod scaffold;
pub mod schema;

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;

pub use parsed::ParseCache;

use crate::config::Config;
use crate::date::PartialDate;
use crate::diag::{Diagnostic, Diags, SourceFile};
use crate::ingest::ContentFiles;
use crate::model::{Anchor, Article, Brief, Content, Entity, Event, EventMention, Outlet, Page, Story};
use crate::yaml;

/// Options for [`annotate`].
#[derive(Clone, Copy, Debug, Default)]
pub struct AnnotateOptions<'a> {
    /// Keep briefs marked `draft: true`.
    pub drafts: bool,
    /// Keep what checking one annotation again needs ([`Annotated::recheck`]): `serve` does,
    /// `build` and `check` need not pay for it.
    pub recheck: bool,
    /// Where annotations parsed by earlier builds are kept ([`ParseCache`]).
    pub cache: Option<&'a ParseCache>,
    /// Seeds that failed extraction (already reported): their annotations are not checked,
    /// so that a broken seed is one error, not a second "no seed" for its annotation.
    pub failed_seeds: Option<&'a std::collections::BTreeSet<String>>,
    /// The build's date: publication and event dates more than two days after it are
    /// warnings (a mistyped year); `None`: dates are not compared with it.
    pub today: Option<jiff::civil::Date>,
}

/// Validates all content against the articles. Returns what is valid and every problem found.
pub fn annotate(
    files: &ContentFiles,
    config: &Config,
    articles: &BTreeMap<String, Arc<Article>>,
    opts: AnnotateOptions<'_>,
) -> (Content, Diags) {
    let a = annotate_all(files, config, articles, opts);
    (a.content, a.diags)
}

/// The validated content, every problem, and what checking one annotation again needs.
pub struct Annotated {
    pub content: Content,
    pub diags: Diags,
    /// How many draft briefs the content leaves out (none with [`AnnotateOptions::drafts`]).
    pub drafts_left_out: usize,
    /// Present when [`AnnotateOptions::recheck`] asked for it.
    pub recheck: Option<Recheck>,
}

/// [`annotate`], keeping what [`Recheck::brief`] needs to check one annotation again.
pub fn annotate_all(
    files: &ContentFiles,
    config: &Config,
    articles: &BTreeMap<String, Arc<Article>>,
    opts: AnnotateOptions<'_>,
) -> Annotated {
    let mut diags = Diags::new();
    let mut reg = registry::load(files, opts.today, &mut diags);
    let results: Vec<(Option<brief::Draft>, Diags)> = files
        .annotations
        .par_iter()
        .enumerate()
        .map(|(i, src)| {
            let mut d = Diags::new();
            if seed_failed(src, opts.failed_seeds) {
                return (None, d);
            }
            let draft = brief::check(i, src, opts.cache, articles, &reg, config, &mut d);
            (draft, d)
        })
        .collect();
    let mut facts = BTreeMap::new();
    let mut own_diags = BTreeMap::new();
    let mut drafts: Vec<brief::Draft> = Vec::new();
    // Event ids an annotation with errors may define: references to them are not reported
    // again (one error per mistake).
    let mut broken_events = std::collections::BTreeSet::new();
    for (i, (draft, d)) in results.into_iter().enumerate() {
        if d.has_errors() || seed_failed(&files.annotations[i], opts.failed_seeds) {
            broken_events.extend(yaml::recover::ids_in(&files.annotations[i].text));
        }
        if let Some(draft) = draft.as_ref().filter(|_| opts.recheck) {
            let id = draft.brief.seed_id().to_owned();
            own_diags.insert(id.clone(), d.iter().cloned().collect());
            facts.insert(id, Facts::of(draft));
        }
        diags.extend(d);
        drafts.extend(draft);
    }
    make_slugs_unique(&mut drafts, files, &mut diags);
    // A draft left out of the build publishes nothing: not its outlet, not its events.
    let left_out = |d: &brief::Draft| d.brief.draft && !opts.drafts;
    let mut outlets = reg.outlets.clone();
    for d in drafts.iter().filter(|d| !left_out(d)) {
        if let Some(o) = &d.new_outlet
            && !outlets.iter().any(|x| x.id == o.id)
        {
            outlets.push(o.clone());
        }
    }
    let events = events::merge(&reg, &mut drafts, left_out, files, &broken_events, &mut diags);
    // Into a list of their own size: collecting in place would keep the drafts' larger one.
    let published = drafts.iter().filter(|d| !left_out(d)).count();
    let drafts_left_out = drafts.len() - published;
    let mut briefs = Vec::with_capacity(published);
    briefs.extend(drafts.into_iter().filter(|d| !left_out(d)).map(|d| d.brief));
    let (entities, stories, pages) = if opts.recheck {
        (reg.entities.clone(), reg.stories.clone(), reg.pages.clone())
    } else {
        (std::mem::take(&mut reg.entities), std::mem::take(&mut reg.stories), std::mem::take(&mut reg.pages))
    };
    let content = Content { briefs, entities, outlets, stories, events, pages };
    let recheck = opts.recheck.then_some(Recheck { reg, facts, own_diags });
    Annotated { content, diags, drafts_left_out, recheck }
}

/// Whether the seed of annotation `src` failed extraction.
fn seed_failed(src: &SourceFile, failed: Option<&std::collections::BTreeSet<String>>) -> bool {
    let stem = src.path.file_stem().map(|s| s.to_string_lossy());
    failed.zip(stem).is_some_and(|(failed, stem)| failed.contains(stem.as_ref()))
}

/// What an annotation decides beyond its own brief: its place in the site (slug, date,
/// outlet, story, tags, entities, reported events). Other briefs' checks and pages depend
/// on these and nothing else of it, so an edit that keeps them equal changes only the
/// brief's own data.
#[derive(Clone, Debug, PartialEq)]
struct Facts {
    /// As written, or made from the title: before clashes are resolved.
    slug: String,
    explicit_slug: bool,
    published: PartialDate,
    outlet: Option<String>,
    new_outlet: Option<Outlet>,
    story: Option<String>,
    tags: Vec<String>,
    entities: Vec<String>,
    draft: bool,
    reported: Vec<ReportedFacts>,
}

/// A reported event's fields, without their positions in the file, and its anchor.
#[derive(Clone, Debug, PartialEq)]
struct ReportedFacts {
    fields: Vec<Option<String>>,
    lists: Vec<Vec<String>>,
    anchor: Option<Anchor>,
}

impl Facts {
    fn of(d: &brief::Draft) -> Facts {
        let b = &d.brief;
        let value = |s: &Option<yaml::Spanned<String>>| s.as_ref().map(|s| s.value.clone());
        let values = |v: &[yaml::Spanned<String>]| v.iter().map(|s| s.value.clone()).collect::<Vec<_>>();
        Facts {
            slug: b.slug.clone(),
            explicit_slug: d.slug_pos.is_some(),
            published: b.published,
            outlet: b.outlet.clone(),
            new_outlet: d.new_outlet.clone(),
            story: b.story.clone(),
            tags: b.tags.clone(),
            entities: b.entities.clone(),
            draft: b.draft,
            reported: d
                .reported
                .iter()
                .map(|(e, anchor)| {
                    let fields = vec![
                        value(&e.id),
                        value(&e.date),
                        value(&e.end),
                        value(&e.title),
                        e.body.clone(),
                        value(&e.quote),
                        e.prefix.clone(),
                        e.suffix.clone(),
                    ];
                    let lists = vec![values(&e.entities), values(&e.tags), values(&e.sources)];
                    ReportedFacts { fields, lists, anchor: *anchor }
                })
                .collect(),
        }
    }
}

/// Checks one annotation again after an edit, against the registries of the last full run.
#[derive(Clone, Debug)]
pub struct Recheck {
    reg: registry::Registry,
    /// Per published or draft brief, by seed id: its facts and the problems its own check found.
    facts: BTreeMap<String, Facts>,
    own_diags: BTreeMap<String, Vec<Diagnostic>>,
}

/// The outcome of [`Recheck::brief`].
#[derive(Debug)]
pub enum Rechecked {
    /// Same facts: the new brief (with the old one's final slug and merged events) and the
    /// problems its check found.
    Same { brief: Box<Brief>, diags: Vec<Diagnostic> },
    /// The facts changed, or the annotation no longer makes a brief: a full run is needed.
    Changed,
}

impl Recheck {
    /// Checks annotation `src` (number `index`) against its article, for the brief `old` it
    /// made in the last run.
    pub fn brief(
        &self,
        index: usize,
        src: &SourceFile,
        articles: &BTreeMap<String, Arc<Article>>,
        config: &Config,
        old: &Brief,
    ) -> Rechecked {
        let mut diags = Diags::new();
        let Some(mut draft) = brief::check(index, src, None, articles, &self.reg, config, &mut diags) else {
            return Rechecked::Changed;
        };
        // Equal facts include the draft flag: the brief stays published.
        if self.facts.get(old.seed_id()) != Some(&Facts::of(&draft)) {
            return Rechecked::Changed;
        }
        draft.brief.slug = old.slug.clone();
        draft.brief.events = old.events.clone();
        Rechecked::Same { brief: Box::new(draft.brief), diags: diags.into_iter().collect() }
    }

    /// The problems the last check of this brief's own annotation found.
    pub fn own_diags(&self, seed_id: &str) -> &[Diagnostic] {
        self.own_diags.get(seed_id).map_or(&[], Vec::as_slice)
    }

    /// Records the problems of a new check of a brief whose facts stayed the same.
    pub fn set_own_diags(&mut self, seed_id: &str, diags: Vec<Diagnostic>) {
        self.own_diags.insert(seed_id.to_owned(), diags);
    }
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
