//! The shared registries: `entities.yaml`, `outlets.yaml`, `stories.yaml`, `events.yaml` and
//! `pages/*.md`, parsed and checked on their own before any annotation refers to them.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::schema::{EntitiesFile, EventFile, OutletsFile, PageFront, StoriesFile};
use super::{Entity, Event, Outlet, Page, Story};
use crate::date::{DATE_HELP, FIRST_NEWSPAPER, Implausible, PartialDate};
use crate::diag::{self, Diagnostic, Diags, SourceFile};
use crate::ingest::ContentFiles;
use crate::text::{self, fold, is_slug};
use crate::yaml::{self, Spanned};
use jiff::civil::Date;

/// The registries, valid entries only; lookups by id are what annotations need.
#[derive(Clone, Debug, Default)]
pub struct Registry {
    pub entities: Vec<Entity>,
    pub outlets: Vec<Outlet>,
    pub stories: Vec<Story>,
    /// Whether `stories.yaml` exists: then story ids must be listed in it.
    pub stories_declared: bool,
    pub events: Vec<Event>,
    /// Ids of background events whose definition has errors (already reported), or `None`
    /// for all of them when `events.yaml` could not be parsed: references to these are not
    /// reported again.
    pub invalid_events: Option<BTreeSet<String>>,
    /// The same for entities, outlets and stories: ids whose entry failed (reported once;
    /// references to them are not reported again), `None` when the file could not be read.
    pub invalid_entities: Option<BTreeSet<String>>,
    pub invalid_outlets: Option<BTreeSet<String>>,
    pub invalid_stories: Option<BTreeSet<String>>,
    pub pages: Vec<Page>,
    /// The build's date, which publication and event dates are checked against
    /// ([`parse_date`]); `None`: they are not.
    pub today: Option<Date>,
    entity_ids: BTreeSet<String>,
    story_ids: HashSet<String>,
    /// Outlet indexes by id, and by folded name and alias (the first outlet for each).
    outlet_by_id: HashMap<String, usize>,
    outlet_by_name: HashMap<String, usize>,
}

impl Registry {
    pub fn has_entity(&self, id: &str) -> bool {
        self.entity_ids.contains(id)
    }

    /// Whether an event id refers to a definition that failed (so the error is already out).
    pub fn is_invalid_event(&self, id: &str) -> bool {
        self.invalid_events.as_ref().is_none_or(|ids| ids.contains(id))
    }

    /// The same for an entity id.
    pub fn is_invalid_entity(&self, id: &str) -> bool {
        self.invalid_entities.as_ref().is_none_or(|ids| ids.contains(id))
    }

    /// The same for an outlet id.
    pub fn is_invalid_outlet(&self, id: &str) -> bool {
        self.invalid_outlets.as_ref().is_none_or(|ids| ids.contains(id))
    }

    /// The same for a story id.
    pub fn is_invalid_story(&self, id: &str) -> bool {
        self.invalid_stories.as_ref().is_none_or(|ids| ids.contains(id))
    }

    /// Whether `stories.yaml` lists the story.
    pub fn has_story(&self, id: &str) -> bool {
        self.story_ids.contains(id)
    }

    pub fn entity_ids(&self) -> impl Iterator<Item = &str> {
        self.entities.iter().map(|e| e.id.as_str())
    }

    /// The outlet an id, name or alias refers to (case and accents ignored).
    pub fn find_outlet(&self, name: &str) -> Option<&Outlet> {
        let by_id = self.outlet_by_id.get(name);
        let by_name = self.outlet_by_name.get(&fold(name.trim()));
        by_id.into_iter().chain(by_name).min().map(|&i| &self.outlets[i])
    }
}

pub fn load(files: &ContentFiles, today: Option<Date>, diags: &mut Diags) -> Registry {
    let none = || Some(BTreeSet::new());
    let mut reg = Registry {
        today,
        invalid_events: none(),
        invalid_entities: none(),
        invalid_outlets: none(),
        invalid_stories: none(),
        ..Registry::default()
    };
    // A misnamed registry's file is the one error: references to it are not reported.
    let [entities_misnamed, outlets_misnamed, events_misnamed, stories_misnamed] = files.misnamed;
    for (misnamed, invalid) in [
        (entities_misnamed, &mut reg.invalid_entities),
        (outlets_misnamed, &mut reg.invalid_outlets),
        (events_misnamed, &mut reg.invalid_events),
        (stories_misnamed, &mut reg.invalid_stories),
    ] {
        if misnamed {
            *invalid = None;
        }
    }
    if let Some(src) = &files.entities {
        (reg.entities, reg.invalid_entities) = entities(src, diags);
    }
    reg.entity_ids = reg.entities.iter().map(|e| e.id.clone()).collect();
    if let Some(src) = &files.outlets {
        (reg.outlets, reg.invalid_outlets) = outlets(src, diags);
    }
    for (i, o) in reg.outlets.iter().enumerate() {
        reg.outlet_by_id.entry(o.id.clone()).or_insert(i);
        for name in std::iter::once(&o.name).chain(&o.aliases) {
            reg.outlet_by_name.entry(fold(name)).or_insert(i);
        }
    }
    if let Some(src) = &files.stories {
        (reg.stories, reg.invalid_stories) = stories(src, diags);
        reg.stories_declared = true;
    }
    reg.story_ids = reg.stories.iter().map(|s| s.id.clone()).collect();
    if let Some(src) = &files.events {
        match background_events(src, &reg, diags) {
            Some((events, invalid)) => (reg.events, reg.invalid_events) = (events, Some(invalid)),
            None => reg.invalid_events = None,
        }
    }
    reg.pages = pages(&files.pages, diags);
    reg
}

/// The free pages, each at a URL of its own: a page whose slug is a folder of the site's own
/// pages, or another page's, is an error.
fn pages(files: &[SourceFile], diags: &mut Diags) -> Vec<Page> {
    let mut out: Vec<Page> = Vec::new();
    for src in files {
        let Some((page, at)) = page(src, diags) else { continue };
        let taken = if crate::model::SECTIONS.contains(&page.slug.as_str()) {
            Some(format!("the site's own pages are under {}/", page.slug))
        } else {
            out.iter().find(|o| o.slug == page.slug).map(|o| format!("{} has it too", diag::display_path(&o.source)))
        };
        match taken {
            Some(why) => diags.push(
                src.error(at.0, at.1, format!("page slug `{}` is taken: {why}", page.slug))
                    .help(format!("set another `slug:` in the front matter, e.g. `{}-page`", page.slug)),
            ),
            None => out.push(page),
        }
    }
    out
}

/// Reports an id that is not a URL-safe slug. Returns whether it is one.
pub fn check_id(src: &SourceFile, id: &Spanned<String>, what: &str, diags: &mut Diags) -> bool {
    if is_slug(&id.value) {
        return true;
    }
    let (line, col) = yaml::pos(id);
    diags.push(
        src.error(line, col, format!("{what} id `{}` is not a safe URL segment", id.value))
            .help(text::slug_help(&id.value)),
    );
    false
}

/// Sets aside the id of an entry that failed, so that references to it give no second error;
/// for an id that is no slug, its slug too (`Syrian Forces`, `syrian-forces`), which its error
/// suggests and the references may already use.
fn set_aside(invalid: &mut BTreeSet<String>, id: String) {
    let slug = text::slugify(&id);
    if !slug.is_empty() && slug != id {
        invalid.insert(slug);
    }
    invalid.insert(id);
}

/// The entry of a registry each name was first given to, by the key names are matched by: a
/// name or alias that another entry has already is a warning, since only the first entry is
/// credited with it.
struct NameOwners {
    /// `entity`, `outlet`.
    kind: &'static str,
    key: fn(&str) -> String,
    /// What the name does for the first entry alone, and how to tell the two apart.
    help: fn(&str) -> String,
    owners: HashMap<String, String>,
}

impl NameOwners {
    fn entities() -> Self {
        NameOwners {
            kind: "entity",
            key: text::alias_key,
            help: |owner| {
                format!(
                    "its mentions count for `{owner}` only, the first in the file; give each entity names of its own, and name the other in an annotation's `entities:`"
                )
            },
            owners: HashMap::new(),
        }
    }

    fn outlets() -> Self {
        NameOwners {
            kind: "outlet",
            key: fold,
            help: |owner| {
                format!(
                    "articles naming it are credited to `{owner}` only, the first in the file; give each outlet names of its own, and set the other by its id in an annotation's `outlet:`"
                )
            },
            owners: HashMap::new(),
        }
    }

    fn claim(&mut self, src: &SourceFile, name: &Spanned<String>, id: &str, diags: &mut Diags) {
        let owner = self.owners.entry((self.key)(&name.value)).or_insert_with(|| id.to_owned());
        if owner != id {
            let (line, col) = yaml::pos(name);
            let message = format!("`{}` is also a name of {} `{owner}`", name.value, self.kind);
            diags.push(src.warning(line, col, message).help((self.help)(owner)));
        }
    }
}

/// A short alias that is not an acronym (`un`, `Al`) is matched in any case as a whole word,
/// so it finds words it does not mean ("un" in French, "al" in Spanish): a warning that says
/// how to match it in capitals only.
fn check_short_alias(src: &SourceFile, alias: &Spanned<String>, diags: &mut Diags) {
    let a = alias.value.trim();
    let letters = a.chars().filter(|c| c.is_alphanumeric()).count();
    // Case is what makes a short alias risky (`un`, `Ab`); `中国` or `서울` have none.
    let cased = a.chars().any(|c| c.is_lowercase() || c.is_uppercase());
    if letters >= 3 || !cased || text::is_acronym(a) {
        return;
    }
    let every = format!("every word `{}` in any article counts as a mention", a.to_lowercase());
    let help = if letters == 1 {
        format!("{every}; remove it")
    } else {
        format!("{every}; write it in capitals (`{}`) to match it in capitals only, or remove it", a.to_uppercase())
    };
    let (line, col) = yaml::pos(alias);
    diags.push(src.warning(line, col, format!("alias `{a}` is short and matched in any case")).help(help));
}

/// Whether an entry's name or title says something: an empty one would be an empty heading
/// and page title, and for an entity or outlet a name no article can mention.
/// `what` names the field: "the entity's name".
fn named(src: &SourceFile, name: &Spanned<String>, what: &str, diags: &mut Diags) -> bool {
    if !name.value.trim().is_empty() {
        return true;
    }
    let (line, col) = yaml::pos(name);
    diags.push(src.error(line, col, format!("{what} is empty")).help("write it, or remove the entry"));
    false
}

/// The valid entries of a registry and the ids of the others (`None`: the file is unreadable).
type Entries<T> = (Vec<T>, Option<BTreeSet<String>>);

fn entities(src: &SourceFile, diags: &mut Diags) -> Entries<Entity> {
    let Some((file, mut invalid)) = parse_registry::<EntitiesFile>(src, diags) else { return (Vec::new(), None) };
    let mut out = Vec::new();
    let mut owners = NameOwners::entities();
    for (id, e) in file.0 {
        if !check_id(src, &id, "entity", diags) || !named(src, &e.name, "the entity's name", diags) {
            set_aside(&mut invalid, id.value);
            continue;
        }
        owners.claim(src, &e.name, &id.value, diags);
        let mut aliases = vec![e.name.value.clone()];
        let mut seen = std::collections::HashSet::from([e.name.value.clone()]);
        for a in e.aliases {
            if a.value.trim().is_empty() {
                let (line, col) = yaml::pos(&a);
                diags.push(src.error(line, col, "empty alias").help("remove it or write the name"));
            } else if seen.insert(a.value.clone()) {
                owners.claim(src, &a, &id.value, diags);
                check_short_alias(src, &a, diags);
                aliases.push(a.value);
            }
        }
        let wikidata = e.wikidata.map(|w| {
            let ok = w.value.strip_prefix('Q').is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
            if !ok {
                let (line, col) = yaml::pos(&w);
                diags.push(
                    src.error(line, col, format!("`{}` is not a Wikidata id", w.value))
                        .help("Wikidata ids look like `Q42`"),
                );
            }
            w.value
        });
        let defined_at = yaml::pos(&id);
        out.push(Entity {
            id: id.value,
            name: e.name.value,
            kind: e.kind,
            aliases,
            description: e.description,
            wikidata,
            defined_at,
        });
    }
    (out, Some(invalid))
}

fn outlets(src: &SourceFile, diags: &mut Diags) -> Entries<Outlet> {
    let Some((file, mut invalid)) = parse_registry::<OutletsFile>(src, diags) else { return (Vec::new(), None) };
    let mut out = Vec::new();
    let mut owners = NameOwners::outlets();
    for (id, o) in file.0 {
        if !check_id(src, &id, "outlet", diags) || !named(src, &o.name, "the outlet's name", diags) {
            set_aside(&mut invalid, id.value);
            continue;
        }
        for name in std::iter::once(&o.name).chain(&o.aliases) {
            owners.claim(src, name, &id.value, diags);
        }
        let url = o.url.map(|u| check_url(src, &u, diags));
        out.push(Outlet {
            id: id.value,
            name: o.name.value,
            aliases: o.aliases.into_iter().map(|a| a.value).collect(),
            url,
            country: o.country,
            owner: o.owner,
            notes: o.notes,
        });
    }
    (out, Some(invalid))
}

fn stories(src: &SourceFile, diags: &mut Diags) -> Entries<Story> {
    let Some((file, mut invalid)) = parse_registry::<StoriesFile>(src, diags) else { return (Vec::new(), None) };
    let mut out = Vec::new();
    for (id, s) in file.0 {
        if check_id(src, &id, "story", diags) && named(src, &s.title, "the story's title", diags) {
            let defined_at = yaml::pos(&id);
            out.push(Story { id: id.value, title: Some(s.title.value), summary: s.summary, defined_at });
        } else {
            set_aside(&mut invalid, id.value);
        }
    }
    (out, Some(invalid))
}

/// The valid background events, and the ids of the invalid ones; `None` if the file does not parse.
fn background_events(src: &SourceFile, reg: &Registry, diags: &mut Diags) -> Option<(Vec<Event>, BTreeSet<String>)> {
    let (list, mut invalid) = parse_events(src, diags)?;
    let mut out: Vec<Event> = Vec::new();
    let mut ids = HashSet::new();
    for e in list {
        if let Some(q) = &e.quote {
            let (line, col) = yaml::pos(q);
            diags.push(
                src.error(line, col, "background events have no article to quote")
                    .help("move this event into the annotation of the article that reports it, or remove `quote:`"),
            );
        }
        let Some(ev) = event_fields(src, &e, reg, diags) else {
            if let Some(id) = e.id {
                set_aside(&mut invalid, id.value);
            }
            continue;
        };
        if !ids.insert(ev.id.clone()) {
            let (line, col) = e.id.as_ref().or(e.title.as_ref()).map_or((0, 0), yaml::pos);
            diags.push(
                src.error(line, col, format!("event `{}` is defined twice", ev.id))
                    .help("give one of them a different `id:`"),
            );
            continue;
        }
        out.push(Event { background: true, ..ev });
    }
    Some((out, invalid))
}

/// The fields of a complete event definition (date and title required), checked.
pub fn event_fields(src: &SourceFile, e: &EventFile, reg: &Registry, diags: &mut Diags) -> Option<Event> {
    let at = |s: &Option<Spanned<String>>| s.as_ref().map(yaml::pos);
    let (line, col) = at(&e.id).or(at(&e.title)).or(at(&e.date)).unwrap_or((0, 0));
    // A date or title left out for its own mistake (`dte:`) is not missing as well.
    let missing = |key: &str, message: &str, help: String, diags: &mut Diags| {
        if !crate::yaml::recover::accounts_for(&e.blanked, key) {
            diags.push(src.error(line, col, message).help(help));
        }
    };
    // Every field is checked, so that each mistake is reported in one run.
    let date = match &e.date {
        Some(d) => parse_date(src, d, "date", reg.today, diags),
        None => {
            missing("date", "this event has no date", format!("add `date:`; {DATE_HELP}"), diags);
            None
        }
    };
    let title = e.title.as_ref().map(|t| t.value.trim().to_owned()).filter(|t| !t.is_empty());
    if title.is_none() {
        missing("title", "this event has no title", "add `title:` saying what happened".into(), diags);
    }
    let end = e.end.as_ref().map(|d| parse_date(src, d, "end", reg.today, diags));
    if let (Some(Some(end)), Some(spanned), Some(date)) = (end, &e.end, date)
        && end.first_day() < date.first_day()
    {
        let (line, col) = yaml::pos(spanned);
        diags.push(
            src.error(line, col, format!("the event ends ({end}) before it starts ({date})"))
                .help("swap `date:` and `end:`"),
        );
    }
    let id_ok = e.id.as_ref().is_none_or(|id| check_id(src, id, "event", diags));
    let entities = entity_refs(src, &e.entities, reg, diags);
    let tags = tags(src, &e.tags, diags);
    let sources = e.sources.iter().map(|s| check_url(src, s, diags)).collect();
    let end_ok = !matches!(end, Some(None));
    let (Some(date), Some(title)) = (date, title) else { return None };
    if !id_ok || !end_ok {
        return None;
    }
    let id =
        e.id.as_ref().map_or_else(|| text::slugify_max(&format!("{} {title}", date.iso()), 60), |id| id.value.clone());
    Some(Event {
        id,
        date,
        end: end.flatten(),
        title,
        body: e.body.clone(),
        entities,
        tags,
        sources,
        background: false,
    })
}

/// Parses a date value, reporting a located error. A date that exists but is almost certainly
/// mistyped — in the future of `today`, the build's date, or, for `published`, before the
/// first newspaper — is a warning with the date it likely meant (docs/content.md, "Dates").
pub fn parse_date(
    src: &SourceFile,
    d: &Spanned<String>,
    key: &str,
    today: Option<Date>,
    diags: &mut Diags,
) -> Option<PartialDate> {
    match PartialDate::parse(&d.value) {
        Ok(date) => {
            if let Some(today) = today {
                diags.extend(implausible_date(src, d, key, date, today));
            }
            Some(date)
        }
        Err(e) => {
            let (line, col) = yaml::pos(d);
            diags.push(src.error(line, col, format!("invalid `{key}`: {e}")).help(DATE_HELP));
            None
        }
    }
}

fn implausible_date(
    src: &SourceFile,
    d: &Spanned<String>,
    key: &str,
    date: PartialDate,
    today: Date,
) -> Option<Diagnostic> {
    let publication = key == "published";
    let kind = date.implausible(today, publication)?;
    let why = match kind {
        Implausible::Future => "a date in the future is usually a mistyped year",
        Implausible::BeforeNewspapers => "no article was printed so early, so the year is likely mistyped",
    };
    let help = match date.year_swapped(today, publication) {
        Some(meant) => format!("{why}: did you mean `{key}: {meant}`?"),
        None => format!("{why}; check it against the article"),
    };
    let (line, col) = yaml::pos(d);
    Some(src.warning(line, col, format!("`{key}` is {date}, {}", implausible_reason(kind, today))).help(help))
}

/// Why a date is implausible, in words: `after the date of this build (2026-12-07)`.
pub fn implausible_reason(kind: Implausible, today: Date) -> String {
    match kind {
        Implausible::Future => format!("after the date of this build ({today})"),
        Implausible::BeforeNewspapers => format!("before the first printed newspaper ({FIRST_NEWSPAPER})"),
    }
}

/// Entity ids, each checked against the registry.
pub fn entity_refs(src: &SourceFile, refs: &[Spanned<String>], reg: &Registry, diags: &mut Diags) -> Vec<String> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for r in refs {
        if check_entity(src, r, reg, diags) && seen.insert(&r.value) {
            out.push(r.value.clone());
        }
    }
    out
}

/// Reports an unknown entity id with the closest known one. Returns whether it is known.
pub fn check_entity(src: &SourceFile, r: &Spanned<String>, reg: &Registry, diags: &mut Diags) -> bool {
    if reg.has_entity(&r.value) {
        return true;
    }
    if reg.is_invalid_entity(&r.value) {
        return false; // its definition's error is reported
    }
    let (line, col) = yaml::pos(r);
    let mut help = text::mean(text::closest(&r.value, reg.entity_ids()));
    help.push_str("entities are defined in content/entities.yaml");
    diags.push(src.error(line, col, format!("unknown entity `{}`", r.value)).help(help));
    false
}

/// Tags as written, each checked to make a usable URL.
pub fn tags(src: &SourceFile, tags: &[Spanned<String>], diags: &mut Diags) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    // Each slug's first tag: found in a map, not by a pass over the tags before it (100,000
    // tags on one brief were 12 s).
    let mut firsts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for t in tags {
        let slug = text::slugify(&t.value);
        let (line, col) = yaml::pos(t);
        if slug.is_empty() {
            diags.push(
                src.error(line, col, format!("tag `{}` has no letters or digits", t.value))
                    .help("tags become URLs like /tags/syria-war/; use words"),
            );
        } else if let Some(first) = firsts.get(&slug).map(|&i| &out[i]) {
            // `Syria-War` and `syria war` are one tag page: listed twice, the brief would link
            // to it twice.
            if *first != t.value {
                diags.push(
                    src.warning(line, col, format!("tag `{}` is the same tag as `{first}` (/tags/{slug}/)", t.value))
                        .help("write it once"),
                );
            }
        } else {
            firsts.insert(slug, out.len());
            out.push(t.value.clone());
        }
    }
    out
}

/// A URL that passes the URL policy ([`crate::url`]), or a located error (the value is kept
/// either way; a build with errors writes nothing).
pub fn check_url(src: &SourceFile, u: &Spanned<String>, diags: &mut Diags) -> String {
    let v = u.value.trim();
    if let Err(problem) = crate::url::check(v) {
        let (line, col) = yaml::pos(u);
        diags.push(src.error(line, col, problem.message).help(problem.help));
    }
    v.to_owned()
}

/// A page, and where its slug is written (its `slug:`, else the file's start). Every mistake
/// in its front matter is reported, one error each: a key with one is left out and the rest
/// still read, as in `briefgen.yaml`.
fn page(src: &SourceFile, diags: &mut Diags) -> Option<(Page, (u32, u32))> {
    let (front, body) = split_front_matter(src, diags)?;
    let parsed = yaml::parse_recovering::<PageFront>(&front, yaml::Entries::TopLevel);
    let dropped = parsed.dropped_keys();
    diags.extend(parsed.diags);
    let fm = parsed.value?;
    let Some(title) = fm.title else {
        if !yaml::recover::accounts_for(&dropped, "title") {
            diags.push(front.error(2, 1, "missing key `title`").help("add `title: …` to the front matter"));
        }
        return None;
    };
    if !named(&front, &title, "the page's title", diags) {
        return None;
    }
    let (slug, at) = match &fm.slug {
        Some(s) if check_id(&front, s, "page", diags) => (s.value.clone(), yaml::pos(s)),
        Some(_) => return None,
        None => (slug_of_file_name(src, diags)?, (1, 1)),
    };
    let page = Page {
        slug,
        title: title.value,
        description: fm.description,
        body: body.to_owned(),
        menu: fm.menu,
        source: src.path.clone(),
    };
    Some((page, at))
}

/// The slug a page without `slug:` takes from its file name. A name without a letter or a
/// digit (`!!!.md`) makes none: its page would be the site's `index.html`.
fn slug_of_file_name(src: &SourceFile, diags: &mut Diags) -> Option<String> {
    let stem = src.path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let slug = text::slugify(&stem);
    if slug.is_empty() {
        let name = src.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        diags.push(
            src.error(1, 1, format!("the page's file name `{name}` makes no slug: it has no letter or digit"))
                .help("set its address with `slug:` in the front matter (e.g. `slug: contact`), or rename the file"),
        );
        return None;
    }
    Some(slug)
}

/// Splits `---` front matter from a Markdown body; the front matter keeps the file's lines.
fn split_front_matter<'a>(src: &'a SourceFile, diags: &mut Diags) -> Option<(SourceFile, &'a str)> {
    match yaml::front_matter(&src.path, &src.text) {
        yaml::FrontMatter::Closed { yaml, body } => Some((yaml, body)),
        yaml::FrontMatter::Unclosed => {
            diags.push(
                src.error(1, 1, "the front matter opened here is never closed")
                    .help("end it with a line `---`, then write the page's text below it"),
            );
            None
        }
        yaml::FrontMatter::Absent => {
            diags.push(
                src.error(1, 1, "a page needs YAML front matter")
                    .help("start the file with `---`, a line `title: …` and `---`"),
            );
            None
        }
    }
}

/// A registry keyed by id, without the entries that fail (each reported once), and their ids.
/// `None` when the file does not parse at all (reported) or defines nothing.
fn parse_registry<T: serde::de::DeserializeOwned + Default>(
    src: &SourceFile,
    diags: &mut Diags,
) -> Option<(T, BTreeSet<String>)> {
    let r = parse_entries::<T>(src, diags)?;
    let dropped = r.dropped_keys().into_iter().collect();
    // Entries with keys that have mistakes are still checked, without those keys
    // (`yaml::recover::Lenient`): the registry has errors, so nothing is built from it.
    let value = match r.lenient {
        Some(lenient) => lenient.value,
        None => r.value?,
    };
    Some((value, dropped))
}

/// The events of `events.yaml`, without the entries that fail, and the ids these had; those
/// with keys that have mistakes are still checked without them, each told which.
fn parse_events(src: &SourceFile, diags: &mut Diags) -> Option<(Vec<EventFile>, BTreeSet<String>)> {
    let r = parse_entries::<Vec<EventFile>>(src, diags)?;
    let ids = r.dropped.iter().flat_map(|e| yaml::recover::ids_in(e)).collect();
    let list = match r.lenient {
        Some(yaml::Lenient { value: mut list, blanked }) => {
            EventFile::mark_blanked(&mut list, &blanked);
            list
        }
        None => r.value?,
    };
    Some((list, ids))
}

/// The file parsed with recovery, its errors reported; `None` when it does not parse at all.
fn parse_entries<T: serde::de::DeserializeOwned + Default>(
    src: &SourceFile,
    diags: &mut Diags,
) -> Option<yaml::Recovered<T>> {
    if src.text.lines().all(|l| l.trim().is_empty() || l.trim_start().starts_with('#')) {
        // An empty registry defines nothing.
        return Some(yaml::Recovered::parsed(T::default()));
    }
    let mut r = yaml::parse_recovering::<T>(src, yaml::Entries::TopLevel);
    diags.extend(std::mem::take(&mut r.diags));
    r.value.is_some().then_some(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The registry of an outlets file and an events file.
    fn registry(outlets: &str, events: &str) -> (Registry, Diags) {
        let files = ContentFiles {
            outlets: Some(SourceFile::new("content/outlets.yaml", outlets)),
            events: Some(SourceFile::new("content/events.yaml", events)),
            ..ContentFiles::default()
        };
        let mut diags = Diags::new();
        (load(&files, None, &mut diags), diags)
    }

    #[test]
    fn an_event_dated_after_the_build_is_a_warning_with_the_year_it_likely_meant() {
        let files = ContentFiles {
            events: Some(SourceFile::new(
                "content/events.yaml",
                "- date: 2062-03-05\n  title: A\n- date: 2026-12-08\n  end: 3026\n  title: B\n- date: 0632\n  title: C\n",
            )),
            ..ContentFiles::default()
        };
        let mut diags = Diags::new();
        let reg = load(&files, Some(jiff::civil::date(2026, 12, 7)), &mut diags);
        assert_eq!(reg.events.len(), 3, "warnings: every event is kept");
        let found: Vec<_> =
            diags.into_iter().map(|d| (d.severity, d.line, d.col, d.message, d.help.unwrap())).collect();
        let warning = crate::diag::Severity::Warning;
        assert_eq!(
            found,
            [
                (
                    warning,
                    1,
                    9,
                    "`date` is 2062-03-05, after the date of this build (2026-12-07)".to_owned(),
                    "a date in the future is usually a mistyped year: did you mean `date: 2026-03-05`?".to_owned()
                ),
                (
                    warning,
                    4,
                    8,
                    "`end` is 3026, after the date of this build (2026-12-07)".to_owned(),
                    "a date in the future is usually a mistyped year; check it against the article".to_owned()
                ),
            ],
            "a day ahead is a time zone; an event of 632 is history"
        );
        // Not compared without a date (library use, tests).
        let mut diags = Diags::new();
        load(&files, None, &mut diags);
        assert!(diags.is_empty());
    }

    #[test]
    fn tags_spelt_two_ways_are_one_tag_and_a_warning() {
        let src = SourceFile::new("a.yaml", "tags: [Syria-War, syria war, Syria-War, x]\n");
        let spanned = |value: &str, col| Spanned { value: value.to_owned(), line: 1, col };
        let given = [spanned("Syria-War", 8), spanned("syria war", 19), spanned("Syria-War", 30), spanned("x", 41)];
        let mut diags = Diags::new();
        assert_eq!(tags(&src, &given, &mut diags), ["Syria-War", "x"]);
        let found: Vec<_> = diags.into_iter().map(|d| (d.col, d.message)).collect();
        assert_eq!(found, [(19, "tag `syria war` is the same tag as `Syria-War` (/tags/syria-war/)".to_owned())]);
    }

    #[test]
    fn front_matter_missing_or_never_closed() {
        let message = |text: &str| {
            let mut diags = Diags::new();
            assert!(split_front_matter(&SourceFile::new("p.md", text), &mut diags).is_none());
            diags.into_iter().map(|d| d.message).collect::<Vec<_>>()
        };
        assert_eq!(
            message("---\ntitle: About\nmenu: 2\nSome text.\n"),
            ["the front matter opened here is never closed"]
        );
        assert_eq!(message("title: About\n"), ["a page needs YAML front matter"]);
    }

    #[test]
    fn every_mistake_in_a_pages_front_matter_is_reported_once() {
        let found = |text: &str| {
            let mut diags = Diags::new();
            let page = page(&SourceFile::new("content/pages/p.md", text), &mut diags);
            let found: Vec<_> = diags.into_iter().map(|d| (d.line, d.col, d.message)).collect();
            (page.map(|(p, _)| p.title), found)
        };
        let (page, diags) = found("---\ntitle: About\nmenu: first\nslgu: x\n---\nText.\n");
        assert_eq!(page.as_deref(), Some("About"), "read without the keys with mistakes");
        assert_eq!(
            diags,
            [
                (3, 7, "wrong type for `menu`: expected a whole number from 0 to 4,294,967,295".to_owned()),
                (4, 1, "unknown key `slgu`".to_owned())
            ]
        );
        // A title with a mistake is not missing too; an empty front matter is closed.
        assert_eq!(found("---\ntitle: [x]\nmenu: 2\n---\nText.\n").1.len(), 1);
        assert_eq!(found("---\n---\nText.\n").1, [(2, 1, "missing key `title`".to_owned())]);
    }

    #[test]
    fn an_empty_name_or_title_is_one_error_and_the_entry_is_left_out() {
        let files = ContentFiles {
            entities: Some(SourceFile::new("content/entities.yaml", "x:\n  name: \"\"\n")),
            outlets: Some(SourceFile::new("content/outlets.yaml", "o:\n  name: \" \"\n")),
            stories: Some(SourceFile::new("content/stories.yaml", "s:\n  title: \"\"\n")),
            pages: vec![SourceFile::new("content/pages/about.md", "---\ntitle: \"\"\n---\nAbout.\n")],
            ..ContentFiles::default()
        };
        let mut diags = Diags::new();
        let reg = load(&files, None, &mut diags);
        let found: Vec<(String, u32, &str)> =
            diags.iter().map(|d| (d.file.display().to_string(), d.line, d.message.as_str())).collect();
        assert_eq!(
            found,
            [
                ("content/entities.yaml".into(), 2, "the entity's name is empty"),
                ("content/outlets.yaml".into(), 2, "the outlet's name is empty"),
                ("content/stories.yaml".into(), 2, "the story's title is empty"),
                ("content/pages/about.md".into(), 2, "the page's title is empty"),
            ]
        );
        assert!(reg.entities.is_empty() && reg.outlets.is_empty() && reg.stories.is_empty() && reg.pages.is_empty());
        assert!(reg.is_invalid_entity("x") && reg.is_invalid_outlet("o"), "references to them are not reported again");
    }

    #[test]
    fn an_id_that_is_no_slug_is_one_error_and_references_to_its_slug_are_not_reported() {
        let files = ContentFiles {
            entities: Some(SourceFile::new("content/entities.yaml", "Syrian Army:\n  name: Syrian Army\n")),
            stories: Some(SourceFile::new("content/stories.yaml", "Every Inch:\n  title: Every inch\n")),
            events: Some(SourceFile::new("content/events.yaml", "- id: Talks 2017\n  date: 2017\n  title: Talks\n")),
            ..ContentFiles::default()
        };
        let mut diags = Diags::new();
        let reg = load(&files, None, &mut diags);
        assert_eq!(diags.iter().count(), 3, "{diags:?}");
        assert!(reg.is_invalid_entity("syrian-army") && reg.is_invalid_entity("Syrian Army"));
        assert!(reg.is_invalid_story("every-inch") && reg.is_invalid_event("talks-2017"));
        assert!(!reg.is_invalid_entity("syrian"), "only the slug the error suggests");
    }

    #[test]
    fn outlets_are_found_by_id_name_or_alias_the_first_listed_winning() {
        let (reg, _) = registry(
            "rhc:\n  name: Radio Hama Centre\n  aliases: [RHC, Radio Hama]\nhama-daily:\n  name: Hama Daily\n  aliases: [Radio Hama]\n",
            "[]",
        );
        let found = |name: &str| reg.find_outlet(name).map(|o| o.id.as_str());
        assert_eq!(found("rhc"), Some("rhc"));
        assert_eq!(found("  radio hamá centre "), Some("rhc"));
        assert_eq!(found("Radio Hama"), Some("rhc"), "an alias both share goes to the first");
        assert_eq!(found("hama daily"), Some("hama-daily"));
        assert_eq!(found("Hama"), None);
    }

    #[test]
    fn a_background_event_defined_twice_is_reported_once_and_kept_once() {
        let ev = "- id: talks\n  date: 2017-01-09\n  title: Talks open\n";
        let (reg, diags) = registry("{}", &format!("{ev}{ev}"));
        assert_eq!(reg.events.len(), 1);
        let errors: Vec<_> = diags.iter().map(|d| (d.line, d.message.clone())).collect();
        assert_eq!(errors, [(4, "event `talks` is defined twice".to_owned())]);
    }
}
