//! Typed view structs: everything a template shows, precomputed — URLs, dates, cross-links.
//! Templates never query the site; they only read these.

use std::collections::BTreeMap;
use std::marker::PhantomData;
use std::sync::OnceLock;

use serde::Serialize;

use super::Renderer;
use super::theme::Theme;
use super::theme::manifest::SettingKind;
use super::theme::settings::{Setting, Target};
use crate::date::PartialDate;
use crate::diag::{Diagnostic, Diags};
use crate::i18n::Strings;
use crate::link::{EntryKind, Linked};
use crate::markdown::render_markdown;
use crate::text::truncate_words;

/// A view that many pages show, turned into a Tera value once. Tera values are reference
/// counted and Tera's serializer passes them through, so a page that holds one costs a pointer
/// copy instead of building (and dropping) the same value tree again. Serialises exactly as
/// the view `T` would. Used for the site view, brief cards, notes, entity links and the dates
/// and lists of timeline entries; whole entries are not kept this way, as their values
/// for a large site would take more memory (about 150 MB at 10,000 briefs) than they save time.
///
/// It also keeps the view's [`digest`](super::digest), which a page's digest takes instead
/// of going through the value on every page that shows it.
pub struct Shared<T> {
    value: tera::Value,
    /// As [`crate::hash::halves`].
    digest: [u64; 2],
    view: PhantomData<fn() -> T>,
}

impl<T: Serialize> Shared<T> {
    pub fn new(view: &T) -> Self {
        // Cannot fail: views are plain structs, lists and string-keyed maps.
        let value = tera::Value::from_serializable(view);
        Shared { value, digest: crate::hash::halves(super::digest::digest(view)), view: PhantomData }
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared { value: self.value.clone(), digest: self.digest, view: PhantomData }
    }
}

impl<T> std::fmt::Debug for Shared<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Shared({:?})", self.value)
    }
}

impl<T> Serialize for Shared<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if super::digest::digesting() {
            return serializer.serialize_newtype_struct(super::digest::SHARED, &self.digest);
        }
        self.value.serialize(serializer)
    }
}

/// A string kept as a template value, shared like [`Shared`] values: the strings of timeline
/// entries and entity links. A page's digest takes the string itself.
#[derive(Clone, Debug)]
pub struct Text(tera::Value);

impl Text {
    pub fn new(s: impl Into<String>) -> Text {
        Text(tera::Value::from(s.into()))
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str().unwrap_or_default()
    }
}

impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

/// Site-wide values every template gets as `site`.
#[derive(Clone, Debug, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    /// The site's language, a BCP 47 tag (`language:`).
    pub language: String,
    /// `ltr` or `rtl`, the direction of the language.
    pub dir: &'static str,
    pub base_path: String,
    pub home_url: String,
    pub timeline_url: String,
    /// The first of `stylesheets`.
    pub css_url: String,
    /// The theme's stylesheets, in order.
    pub stylesheets: Vec<String>,
    pub nav: Vec<NavLink>,
    pub generator: String,
    /// The interface strings in the site's language, as nested groups (`t.brief.timeline`).
    pub t: serde_json::Value,
    /// Every setting the theme declares, as `theme_settings:` gives it (null, or no links,
    /// when it does not).
    pub settings: BTreeMap<String, SettingView>,
}

/// A theme setting as templates see it.
#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
pub enum SettingView {
    /// `dark` is null when the theme has no dark mode.
    Colour {
        light: String,
        dark: Option<String>,
    },
    Image {
        url: String,
        absolute_url: String,
    },
    Links(Vec<Link>),
    /// HTML.
    Markdown(String),
    Unset(Option<()>),
}

#[derive(Clone, Debug, Serialize)]
pub struct NavLink {
    pub title: String,
    pub url: String,
    /// Section name, compared with the page's `section` to mark the current one.
    pub section: String,
}

/// The `<head>` of a page: title, description, canonical URL.
#[derive(Clone, Debug, Serialize)]
pub struct Head {
    pub title: String,
    pub description: String,
    pub canonical: String,
    /// The page's own internal link, to mark it in the nav.
    pub path: String,
    /// Which nav entry is current.
    pub section: String,
    pub og_type: String,
    /// `article:published_time` for briefs.
    pub published: Option<String>,
    /// Atom feeds of this page (site, entity, story), linked with `rel="alternate"`.
    pub feeds: Vec<Link>,
    /// JSON-LD blocks, already escaped for `<script>` (see `render::structured`).
    pub json_ld: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct DateView {
    pub iso: String,
    pub human: String,
}

impl DateView {
    /// The date, written in the language of `strings`.
    pub fn new(d: PartialDate, strings: &Strings) -> Self {
        DateView { iso: d.iso(), human: strings.date(d) }
    }
}

/// A brief in a list: title, date, outlet.
#[derive(Clone, Debug, Serialize)]
pub struct BriefCard {
    pub title: String,
    pub url: String,
    pub date: DateView,
    pub outlet: Option<String>,
    pub dateline: Option<String>,
    pub summary: Option<String>,
    pub notes: usize,
    /// The card rendered once by the theme's `partials/brief_card.html` (empty if it has none).
    pub html: String,
}

/// An entity in a list.
#[derive(Clone, Debug, Serialize)]
pub struct EntityRef {
    pub id: Text,
    pub name: Text,
    pub url: Text,
    pub kind: Option<Text>,
    /// Mentions in the brief, or briefs mentioning it.
    pub count: u32,
}

/// One entry of a timeline.
///
/// Pages serialise the entries they list into template values, hundreds of thousands of
/// times at 10,000 briefs; so its longer strings, its dates and its lists are kept as
/// template values ([`Text`], [`Shared`]), which that copies by reference count, and its
/// entity links are shared by all entries.
#[derive(Clone, Debug, Serialize)]
pub struct EntryView {
    pub anchor: Text,
    /// Link to the entry on the timeline page.
    pub url: Text,
    pub date: Shared<DateView>,
    pub end: Option<Shared<DateView>>,
    /// `publication`, `event` or `background`.
    pub kind: String,
    pub kind_label: String,
    pub title: Text,
    pub body: Option<Text>,
    /// The briefs that report it, each linking to the exact passage.
    pub reports: Vec<Link>,
    /// `reports` as one template value, which pages listing the entry share.
    #[serde(skip)]
    pub reports_value: Shared<Vec<Link>>,
    pub entities: Shared<Vec<Shared<Link>>>,
    /// Space-separated ids, for filtering.
    pub entity_ids: Text,
    pub outlet_ids: Text,
    pub tag_ids: Text,
    /// The entry rendered once by the theme's `partials/entry.html`, as context (`[0]`, only
    /// for the entries a brief page shows as its neighbours) and as the page subject's own
    /// (`[1]`); empty if the theme has no such partial. Shown to
    /// templates through [`EntryRef`] as `html`; kept as template values, so that every page
    /// showing the entry shares the text instead of copying it.
    #[serde(skip)]
    pub html: [Text; 2],
    /// The digest of the entry's view (as serialised: without `html`, which the entry's fields,
    /// `own`, the site and the templates make), made the first time a page's digest needs
    /// it: a page listing the entry takes this instead of going through the entry again.
    #[serde(skip)]
    pub digest: OnceLock<[u64; 2]>,
}

/// A timeline entry as a page shows it: the entry's view, made once for the whole site and
/// borrowed by every page that lists it, and `own`, whether the entry belongs to the page's
/// subject. Templates see one object: the entry's fields and `own`.
#[derive(Clone, Copy, Debug)]
pub struct EntryRef<'a> {
    pub entry: &'a EntryView,
    pub own: bool,
}

impl Serialize for EntryRef<'_> {
    // By hand, not `#[serde(flatten)]`, which serialises through a map and costs a third of
    // the time of rendering a timeline.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let e = self.entry;
        if super::digest::digesting() {
            let digest = e.digest.get_or_init(|| crate::hash::halves(super::digest::digest(e)));
            return serializer.serialize_newtype_struct(super::digest::ENTRY, &(digest, self.own));
        }
        let mut st = serializer.serialize_struct("EntryView", 15)?;
        st.serialize_field("anchor", &e.anchor)?;
        st.serialize_field("url", &e.url)?;
        st.serialize_field("date", &e.date)?;
        st.serialize_field("end", &e.end)?;
        st.serialize_field("kind", &e.kind)?;
        st.serialize_field("kind_label", &e.kind_label)?;
        st.serialize_field("title", &e.title)?;
        st.serialize_field("body", &e.body)?;
        st.serialize_field("reports", &e.reports_value)?;
        st.serialize_field("entities", &e.entities)?;
        st.serialize_field("entity_ids", &e.entity_ids)?;
        st.serialize_field("outlet_ids", &e.outlet_ids)?;
        st.serialize_field("tag_ids", &e.tag_ids)?;
        st.serialize_field("own", &self.own)?;
        st.serialize_field("html", &e.html[usize::from(self.own)])?;
        st.end()
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct MonthView<'a> {
    pub id: String,
    pub label: String,
    pub entries: Vec<EntryRef<'a>>,
}

#[derive(Clone, Debug, Serialize)]
pub struct YearView<'a> {
    pub year: i16,
    pub id: String,
    pub months: Vec<MonthView<'a>>,
}

/// Briefs listed per page on the archive, story index, entity, outlet and tag pages.
pub const PER_PAGE: usize = 50;

/// How many pages a listing of `items` takes (at least one, even when empty).
pub fn page_count(items: usize) -> usize {
    items.div_ceil(PER_PAGE).max(1)
}

/// The items on page `n` (1-based) of a listing.
pub fn page_items<T>(items: &[T], n: usize) -> &[T] {
    let start = ((n - 1) * PER_PAGE).min(items.len());
    &items[start..(start + PER_PAGE).min(items.len())]
}

/// Links between the pages of a listing; absent when everything fits on one page.
#[derive(Clone, Debug, Serialize)]
pub struct Pager {
    pub current: usize,
    pub total: usize,
    pub first: String,
    pub last: String,
    pub prev: Option<String>,
    pub next: Option<String>,
}

/// Builds views from the linked site; shared by the page builders.
pub struct Views<'a> {
    pub linked: &'a Linked,
    /// The theme: its strings and settings.
    pub theme: &'a Theme,
    made: Made,
}

/// The views many pages show, made once per build: every timeline entry and brief card, and
/// the story order. Kept by `serve` between rebuilds ([`Views::into_made`]).
#[derive(Debug, Default)]
pub struct Made {
    entries: Vec<EntryView>,
    /// Each entity's link, shared by the entries about it.
    entity_links: Vec<Shared<Link>>,
    /// Each entity's reference (without a count), whose template values every page listing
    /// it shares ([`Views::entity_ref`]).
    entity_refs: Vec<EntityRef>,
    cards: Vec<Shared<BriefCard>>,
    /// Story indexes, the most recently covered first (the home page and story index order).
    stories_newest_first: Vec<usize>,
}

/// Which timeline entries some page shows as context (a brief page's neighbours: see
/// [`Linked::context_entries`]), by entry.
fn shown_as_context(l: &Linked) -> Vec<bool> {
    let mut shown = vec![false; l.timeline.len()];
    for i in 0..l.content.briefs.len() {
        let (before, after) = l.context_entries(i);
        for e in before.into_iter().chain(after) {
            shown[e] = true;
        }
    }
    shown
}

/// The partials many pages repeat, rendered once per entry and per card (as Hugo's
/// `partialCached` does) and printed by pages as `entry.html` and `brief.html`.
pub const ENTRY_PARTIAL: &str = "partials/entry.html";
pub const CARD_PARTIAL: &str = "partials/brief_card.html";

impl<'a> Views<'a> {
    /// Every entry and card of `linked`, with their partials rendered by `r`. A template error
    /// in a partial is reported once.
    pub fn new(linked: &'a Linked, r: &'a Renderer) -> Result<Self, Diags> {
        use rayon::prelude::*;
        let made = Made { stories_newest_first: stories_newest_first(linked), ..Made::default() };
        let mut views = Views { linked, theme: r.theme(), made };
        views.made.entity_links =
            (0..linked.content.entities.len()).map(|e| Shared::new(&views.entity_link(e))).collect();
        views.made.entity_refs = (0..linked.content.entities.len()).map(|e| views.make_entity_ref(e)).collect();
        let site = Shared::new(&views.site());
        let context = shown_as_context(linked);
        let entries: Result<Vec<EntryView>, Diagnostic> =
            (0..linked.timeline.len()).into_par_iter().map(|i| views.finished_entry(i, r, &site, context[i])).collect();
        let cards: Result<Vec<Shared<BriefCard>>, Diagnostic> =
            (0..linked.content.briefs.len()).into_par_iter().map(|i| views.finished_card(i, r, &site)).collect();
        views.made.entries = entries?;
        views.made.cards = cards?;
        Ok(views)
    }

    /// Entry `i`'s view with its partial rendered: as its subject's own, and as context too
    /// when a page shows it so (`context`).
    fn finished_entry(
        &self,
        i: usize,
        r: &Renderer,
        site: &Shared<SiteView>,
        context: bool,
    ) -> Result<EntryView, Diagnostic> {
        let mut entry = self.make_entry(i);
        if r.has_template(ENTRY_PARTIAL) {
            let render = |own| r.render_partial(ENTRY_PARTIAL, site, "entry", &EntryRef { entry: &entry, own });
            let as_context = if context { Text::new(render(false)?) } else { Text::new("") };
            entry.html = [as_context, Text::new(render(true)?)];
        }
        Ok(entry)
    }

    /// Brief `i`'s card with its partial rendered.
    fn finished_card(&self, i: usize, r: &Renderer, site: &Shared<SiteView>) -> Result<Shared<BriefCard>, Diagnostic> {
        let mut card = self.make_card(i);
        if r.has_template(CARD_PARTIAL) {
            card.html = r.render_partial(CARD_PARTIAL, site, "brief", &card)?;
        }
        Ok(Shared::new(&card))
    }

    /// Views of `linked` from what was made for it before with `theme`; [`Views::remake`]
    /// brings the parts an edit changed up to date.
    pub fn with_made(linked: &'a Linked, made: Made, theme: &'a Theme) -> Self {
        Views { linked, theme, made }
    }

    /// The interface strings.
    pub fn strings(&self) -> &'a Strings {
        &self.theme.strings
    }

    /// A date as the site's language writes it.
    pub fn date(&self, d: PartialDate) -> DateView {
        DateView::new(d, self.strings())
    }

    pub fn into_made(self) -> Made {
        self.made
    }

    /// Frees what only pages read — the brief cards, and the entries' rendered partials and
    /// template-value lists — once the last page is rendered (the entries' other fields stay,
    /// for the exports). No page view can be made after this.
    pub fn end_rendering(&mut self) {
        let (empty, no_reports, no_entities) =
            (Text::new(""), Shared::new(&Vec::<Link>::new()), Shared::new(&Vec::<Shared<Link>>::new()));
        use rayon::prelude::*;
        // Millions of small allocations: freed on all cores.
        let cards = std::mem::take(&mut self.made.cards);
        rayon::join(
            || cards.into_par_iter().for_each(drop),
            || {
                self.made.entries.par_iter_mut().for_each(|e| {
                    e.html = [empty.clone(), empty.clone()];
                    e.reports_value = no_reports.clone();
                    e.entities = no_entities.clone();
                })
            },
        );
    }

    /// Makes the cards of `briefs` and the views of `entries` again, after their data changed
    /// (but not their place in the site).
    pub fn remake(&mut self, r: &Renderer, briefs: &[usize], entries: &[usize]) -> Result<(), Diags> {
        let site = Shared::new(&self.site());
        for &b in briefs {
            self.made.cards[b] = self.finished_card(b, r, &site)?;
        }
        let context = shown_as_context(self.linked);
        for &e in entries {
            self.made.entries[e] = self.finished_entry(e, r, &site, context[e])?;
        }
        Ok(())
    }

    pub(super) fn stories_newest_first(&self) -> &[usize] {
        &self.made.stories_newest_first
    }

    /// Brief `i`, for a page that shows its own data (recorded: see [`super::deps`]).
    pub(super) fn read_brief(&self, i: usize) -> &'a crate::model::Brief {
        super::deps::brief(i);
        &self.linked.content.briefs[i]
    }

    pub fn site(&self) -> SiteView {
        let l = self.linked;
        let u = &l.urls;
        let t = self.strings();
        let link =
            |key: &str, url: String, section: &str| NavLink { title: t.text(key).into(), url, section: section.into() };
        let mut nav = vec![
            link("nav.briefs", u.home(), "home"),
            link("nav.timeline", u.timeline(), "timeline"),
            link("nav.entities", u.entities(), "entities"),
            link("nav.search", u.search(), "search"),
        ];
        let mut pages: Vec<_> = l.content.pages.iter().filter_map(|p| p.menu.map(|m| (m, p))).collect();
        pages.sort_by_key(|(m, p)| (*m, p.slug.clone()));
        nav.extend(pages.into_iter().map(|(_, p)| NavLink {
            title: p.title.clone(),
            url: u.page(&p.slug),
            section: format!("page-{}", p.slug),
        }));
        let stylesheets: Vec<String> = self.theme.stylesheets.iter().map(|css| u.asset(css)).collect();
        SiteView {
            title: l.config.title.clone(),
            description: l.config.description.clone(),
            language: l.config.language.to_string(),
            dir: l.config.language.dir().as_str(),
            base_path: u.base_path.clone(),
            home_url: u.home(),
            timeline_url: u.timeline(),
            css_url: stylesheets.first().cloned().unwrap_or_default(),
            stylesheets,
            nav,
            generator: format!("briefgen {}", env!("CARGO_PKG_VERSION")),
            t: t.tree(),
            settings: self.settings(),
        }
    }

    /// Every setting the theme declares, with the site's value.
    fn settings(&self) -> BTreeMap<String, SettingView> {
        let u = &self.linked.urls;
        let given = &self.theme.settings;
        let view = |s: &Setting| match s {
            Setting::Colour { light, dark } => {
                SettingView::Colour { light: light.to_string(), dark: dark.map(|d| d.to_string()) }
            }
            Setting::Image(path) => {
                SettingView::Image { url: u.asset(path), absolute_url: u.absolutize(&u.asset(path)) }
            }
            Setting::Links(links) => SettingView::Links(
                links
                    .iter()
                    .map(|l| Link {
                        title: l.title.clone(),
                        url: match &l.target {
                            Target::Site(path) => u.path(path),
                            Target::External(url) => url.clone(),
                        },
                    })
                    .collect(),
            ),
            Setting::Markdown(html) => SettingView::Markdown(html.clone()),
        };
        let unset =
            |kind| if kind == SettingKind::Links { SettingView::Links(Vec::new()) } else { SettingView::Unset(None) };
        self.theme
            .manifest
            .settings
            .iter()
            .map(|d| {
                let value = given.iter().find(|(n, _)| *n == d.name).map_or_else(|| unset(d.kind), |(_, s)| view(s));
                (d.name.clone(), value)
            })
            .collect()
    }

    pub fn head(&self, title: &str, description: &str, url: &str, section: &str) -> Head {
        let site = &self.linked.config.title;
        Head {
            title: if title.is_empty() || title == site { site.clone() } else { format!("{title} — {site}") },
            description: truncate_words(
                if description.is_empty() { &self.linked.config.description } else { description },
                200,
            ),
            canonical: self.linked.urls.absolutize(url),
            path: url.to_owned(),
            section: section.into(),
            og_type: "website".into(),
            published: None,
            feeds: Vec::new(),
            json_ld: Vec::new(),
        }
    }

    /// The pager of page `n` of a listing of `items` at `base`.
    pub fn pager(&self, base: &str, n: usize, items: usize) -> Option<Pager> {
        let total = page_count(items);
        let u = &self.linked.urls;
        (total > 1).then(|| Pager {
            current: n,
            total,
            first: u.paged(base, 1),
            last: u.paged(base, total),
            prev: (n > 1).then(|| u.paged(base, n - 1)),
            next: (n < total).then(|| u.paged(base, n + 1)),
        })
    }

    pub fn outlet_name(&self, brief: usize) -> Option<String> {
        let b = &self.linked.content.briefs[brief];
        let o = self.linked.outlet_index(b.outlet.as_deref()?)?;
        Some(self.linked.content.outlets[o].name.clone())
    }

    pub fn brief_card(&self, i: usize) -> Shared<BriefCard> {
        super::deps::brief(i);
        self.made.cards[i].clone()
    }

    fn make_card(&self, i: usize) -> BriefCard {
        let b = &self.linked.content.briefs[i];
        BriefCard {
            title: b.title.clone(),
            url: self.linked.urls.brief(&b.slug),
            date: self.date(b.published),
            outlet: self.outlet_name(i),
            dateline: b.dateline.clone(),
            summary: b.summary_text.as_deref().map(|s| truncate_words(s, 220)),
            notes: b.notes.len(),
            html: String::new(),
        }
    }

    pub fn entity_ref(&self, e: usize, count: u32) -> EntityRef {
        EntityRef { count, ..self.made.entity_refs[e].clone() }
    }

    fn make_entity_ref(&self, e: usize) -> EntityRef {
        let ent = &self.linked.content.entities[e];
        EntityRef {
            id: Text::new(ent.id.as_str()),
            name: Text::new(ent.name.as_str()),
            url: Text::new(self.linked.urls.entity(&ent.id)),
            kind: ent.kind.map(|k| Text::new(k.label(self.strings()))),
            count: 0,
        }
    }

    pub fn entity_link(&self, e: usize) -> Link {
        let ent = &self.linked.content.entities[e];
        Link { title: ent.name.clone(), url: self.linked.urls.entity(&ent.id) }
    }

    /// Timeline entry `i`'s view, as made once for every page.
    pub fn entry_view(&self, i: usize) -> &EntryView {
        super::deps::entry(i);
        &self.made.entries[i]
    }

    /// Timeline entry `i`; `own` says whether it belongs to the page's subject.
    pub fn entry(&self, i: usize, own: bool) -> EntryRef<'_> {
        super::deps::entry(i);
        EntryRef { entry: &self.made.entries[i], own }
    }

    fn make_entry(&self, i: usize) -> EntryView {
        let l = self.linked;
        let entry = &l.timeline[i];
        let reports: Vec<Link> = entry
            .reports
            .iter()
            .map(|r| {
                let b = &l.content.briefs[r.brief];
                let url = l.urls.brief(&b.slug) + &r.highlight.as_ref().map(|h| format!("#{h}")).unwrap_or_default();
                let outlet = self.outlet_name(r.brief).map(|o| format!("{o}: ")).unwrap_or_default();
                Link { title: format!("{outlet}{}", b.title), url }
            })
            .collect();
        let t = self.strings();
        let (kind, title, body) = match entry.kind {
            EntryKind::Publication(b) => {
                let outlet = self.outlet_name(b).unwrap_or_else(|| t.text("timeline.an_outlet").into());
                let title = t.fill("timeline.publishes", &[("outlet", &outlet), ("title", &l.content.briefs[b].title)]);
                ("publication", title, None)
            }
            EntryKind::Event(e) => {
                let ev = &l.content.events[e];
                let kind = if ev.background { "background" } else { "event" };
                (kind, ev.title.clone(), ev.body.as_deref().map(render_markdown))
            }
        };
        let kind_label = t.text(&format!("entry_kinds.{kind}")).to_owned();
        let mut outlets: Vec<&str> =
            entry.reports.iter().filter_map(|r| l.content.briefs[r.brief].outlet.as_deref()).collect();
        outlets.dedup();
        let date = |d| Shared::new(&self.date(d));
        EntryView {
            anchor: Text::new(&entry.anchor),
            url: Text::new(l.entry_url(i)),
            date: date(entry.date),
            end: entry.end.map(date),
            kind: kind.into(),
            kind_label,
            title: Text::new(title),
            body: body.map(Text::new),
            reports_value: Shared::new(&reports),
            reports,
            entities: Shared::new(
                &entry.entities.iter().map(|&e| self.made.entity_links[e].clone()).collect::<Vec<_>>(),
            ),
            entity_ids: Text::new(
                entry.entities.iter().map(|&e| l.content.entities[e].id.as_str()).collect::<Vec<_>>().join(" "),
            ),
            outlet_ids: Text::new(outlets.join(" ")),
            tag_ids: Text::new(entry.tags.iter().map(|t| crate::text::slugify(t)).collect::<Vec<_>>().join(" ")),
            html: [Text::new(""), Text::new("")],
            digest: OnceLock::new(),
        }
    }

    /// Entries grouped by year and month (a month-less date opens its year).
    pub fn by_year_month(&self, entries: &[usize]) -> Vec<YearView<'_>> {
        let mut years: Vec<YearView> = Vec::new();
        let mut month = None;
        for &i in entries {
            let d = self.linked.timeline[i].date;
            if years.last().is_none_or(|y| y.year != d.year) {
                years.push(YearView { year: d.year, id: format!("y{}", d.year), months: Vec::new() });
            }
            let year = years.last_mut().expect("pushed above");
            if year.months.is_empty() || month != Some(d.month) {
                month = Some(d.month);
                let t = self.strings();
                let (id, label) = match d.month {
                    Some(m) => (format!("m{}-{m:02}", d.year), t.month_heading(d.year, m)),
                    None => (format!("m{}", d.year), t.fill("date.month_unknown", &[("year", &d.year.to_string())])),
                };
                year.months.push(MonthView { id, label, entries: Vec::new() });
            }
            year.months.last_mut().expect("pushed above").entries.push(self.entry(i, true));
        }
        years
    }
}

/// Story indexes, the most recently covered first; ties by id.
fn stories_newest_first(l: &Linked) -> Vec<usize> {
    let last: Vec<_> =
        l.stories.iter().map(|s| s.briefs.iter().map(|&b| l.content.briefs[b].published.first_day()).max()).collect();
    let mut order: Vec<usize> = (0..l.stories.len()).collect();
    order.sort_by(|&a, &b| last[b].cmp(&last[a]).then(l.stories[a].story.id.cmp(&l.stories[b].story.id)));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_ref_serialises_as_its_entry_with_own() {
        let link = |t: &str| Link { title: t.into(), url: format!("/{t}/") };
        let date = Shared::new(&DateView::new(
            PartialDate { year: 2017, month: Some(2), day: Some(16) },
            &crate::i18n::english(),
        ));
        let entry = EntryView {
            anchor: Text::new("e-1"),
            url: Text::new("/timeline/#e-1"),
            date: date.clone(),
            end: Some(date),
            kind: "event".into(),
            kind_label: "Reported".into(),
            title: Text::new("Vote"),
            body: Some(Text::new("<p>b</p>")),
            reports: vec![link("r")],
            reports_value: Shared::new(&vec![link("r")]),
            entities: Shared::new(&vec![Shared::new(&link("e"))]),
            entity_ids: Text::new("e"),
            outlet_ids: Text::new("o"),
            tag_ids: Text::new("t"),
            html: [Text::new("<li>context</li>"), Text::new("<li>own</li>")],
            digest: OnceLock::new(),
        };
        let mut expected = serde_json::to_value(&entry).unwrap();
        expected["own"] = false.into();
        expected["html"] = "<li>context</li>".into();
        assert_eq!(serde_json::to_value(EntryRef { entry: &entry, own: false }).unwrap(), expected);
    }
}
