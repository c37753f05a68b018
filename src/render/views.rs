//! Typed view structs: everything a template shows, precomputed — URLs, dates, cross-links.
//! Templates never query the site; they only read these.

use std::collections::{BTreeMap, HashMap};
use std::marker::PhantomData;
use std::sync::{Mutex, OnceLock};

use serde::Serialize;

use super::Renderer;
use super::theme::Theme;
use super::theme::manifest::SettingKind;
use super::theme::settings::{Setting, Target};
use crate::date::PartialDate;
use crate::diag::{Diagnostic, Diags};
use crate::i18n::Language;
use crate::i18n::Strings;
use crate::link::{EntryKind, Linked};
use crate::markdown::{DocSettings, render_markdown};
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

    pub fn empty() -> Text {
        Text(tera::Value::from(""))
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
    /// The language as OpenGraph's `og:locale` (`en_US`); none when no region is known for it.
    pub og_locale: Option<String>,
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
    /// A file of `static/` (an image, a stylesheet).
    Asset {
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

/// An article's language, where it is printed on a site in another: its title on a page or a
/// card, its text on its brief's page.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct TextLang {
    /// A BCP 47 tag.
    pub tag: String,
    /// `ltr` or `rtl`.
    pub dir: &'static str,
}

impl TextLang {
    /// The article's language `tag`, if it is another than the site's `site`
    /// ([`crate::i18n::other_than`]).
    pub fn of(tag: Option<&str>, site: &Language) -> Option<TextLang> {
        let article = crate::i18n::other_than(tag, site)?;
        Some(TextLang { tag: article.to_string(), dir: article.dir().as_str() })
    }
}

/// A brief in a list: title, date, outlet. Made when a page is serialised for its template,
/// from the linked site ([`CardRef`]); the partial is rendered once per brief.
#[derive(Clone, Debug, Serialize)]
pub struct BriefCard {
    pub title: String,
    /// The article's language, for its title, when it is not the site's.
    pub text_lang: Option<TextLang>,
    pub url: String,
    pub date: DateView,
    pub outlet: Option<String>,
    pub dateline: Option<String>,
    pub summary: Option<String>,
    pub notes: usize,
    /// The card rendered once by the theme's `partials/brief_card.html` (empty if it has none,
    /// and while that partial is being rendered).
    #[serde(skip_serializing_if = "super::digest::in_digest")]
    pub html: Text,
}

/// What is made once per brief card and kept while pages are rendered: the digest of its view
/// and its partial rendered.
#[derive(Debug)]
struct MadeCard {
    digest: [u64; 2],
    html: Text,
    /// The article's language, when it is not the site's: read once, not at every listing.
    text_lang: Option<TextLang>,
}

/// A brief card as a page lists it. Serialises as the [`BriefCard`], made from the linked site
/// (so that no page view of every brief is kept in memory), or, for a page's digest, as the
/// card's digest.
#[derive(Clone, Copy)]
pub struct CardRef<'v> {
    views: &'v Views<'v>,
    brief: usize,
}

impl std::fmt::Debug for CardRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CardRef({})", self.brief)
    }
}

impl Serialize for CardRef<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let made = &self.views.made.cards[self.brief];
        if super::digest::digesting() {
            return serializer.serialize_newtype_struct(super::digest::SHARED, &made.digest);
        }
        let card = self.views.make_card(self.brief, made.text_lang.clone());
        BriefCard { html: made.html.clone(), ..card }.serialize(serializer)
    }
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

/// One entry of the timeline in full, as the timeline page that holds it shows it (the only
/// page that does): its reports, its entities and the ids the filters narrow by. Made when
/// that page is rendered, and by the exports.
#[derive(Clone, Debug, Serialize)]
pub struct EntryView {
    pub anchor: String,
    /// Link to the entry on the timeline page.
    pub url: String,
    pub date: DateView,
    pub end: Option<DateView>,
    /// `publication`, `event` or `background`.
    pub kind: &'static str,
    pub kind_label: String,
    pub title: String,
    pub body: Option<String>,
    /// The briefs that report it, each linking to the exact passage.
    pub reports: Vec<Link>,
    pub entities: Vec<Link>,
    /// Space-separated ids, for filtering.
    pub entity_ids: String,
    pub outlet_ids: String,
    pub tag_ids: String,
    /// Whether the entry belongs to the page's subject: always, on the timeline.
    pub own: bool,
    /// The entry rendered by the theme's `partials/entry.html` (empty while that partial is
    /// rendered, and if the theme has none). A page's digest takes the entry's fields instead.
    #[serde(skip_serializing_if = "super::digest::in_digest")]
    pub html: String,
}

/// A timeline entry as a listing shows it, compact: what a reader scans — date, kind, title
/// and the link to the entry on the timeline, where it is shown in full ([`EntryView`]).
#[derive(Clone, Debug, Serialize)]
pub struct EntryCard {
    pub anchor: String,
    pub url: String,
    pub date: DateView,
    pub end: Option<DateView>,
    pub kind: &'static str,
    pub kind_label: String,
    pub title: String,
    /// Whether the entry belongs to the page's subject (a brief page shows the entries around
    /// its own too).
    pub own: bool,
    /// The entry rendered by the theme's `partials/entry_card.html`, once per entry (empty if
    /// the theme has none, and while that partial is rendered).
    #[serde(skip_serializing_if = "super::digest::in_digest")]
    pub html: Text,
}

/// What is made once per timeline entry and kept while pages are rendered: the digest of its
/// card, and the card's partial as its subject's own (as context, on the two brief pages that
/// show it so, it is rendered with those pages).
#[derive(Debug)]
struct MadeEntry {
    digest: [u64; 2],
    html: Text,
}

/// A timeline entry as a listing shows it ([`EntryCard`], made when the page is serialised),
/// or, for a page's digest, the entry's digest and `own`.
#[derive(Clone)]
pub struct EntryCardRef<'v> {
    views: &'v Views<'v>,
    entry: usize,
    own: bool,
    /// The partial as context, rendered for the page (`own` false).
    context_html: Option<Text>,
}

impl std::fmt::Debug for EntryCardRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "EntryCardRef({}, {})", self.entry, self.own)
    }
}

impl Serialize for EntryCardRef<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let made = &self.views.made.entries[self.entry];
        if super::digest::digesting() {
            return serializer.serialize_newtype_struct(super::digest::ENTRY, &(made.digest, self.own));
        }
        let html = if self.own { made.html.clone() } else { self.context_html.clone().unwrap_or_else(Text::empty) };
        EntryCard { html, ..self.views.make_entry_card(self.entry, self.own) }.serialize(serializer)
    }
}

impl EntryCardRef<'_> {
    /// Renders the partial as context, for a page that is rendered (not kept).
    pub fn complete(&mut self) -> Result<(), Diagnostic> {
        if !self.own && self.context_html.is_none() {
            let card = self.views.make_entry_card(self.entry, false);
            self.context_html = Some(self.views.render_partial(ENTRY_CARD_PARTIAL, "entry", &card)?);
        }
        Ok(())
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct MonthView {
    pub id: String,
    pub label: String,
    pub entries: Vec<EntryView>,
}

#[derive(Clone, Debug, Serialize)]
pub struct YearView {
    pub year: i16,
    pub id: String,
    pub months: Vec<MonthView>,
}

/// Briefs listed per page on the archive, story index, entity, outlet and tag pages.
pub const PER_PAGE: usize = 50;

/// Entities listed per page on the entity index: a name and a count each (about 100 bytes),
/// so a page stays about 100 KB however many entities the site has.
pub const ENTITIES_PER_PAGE: usize = 1000;

/// How many pages a listing of `items` takes (at least one, even when empty).
pub fn page_count(items: usize) -> usize {
    page_count_by(items, PER_PAGE)
}

/// How many pages a listing of `items`, `per_page` a page, takes.
pub fn page_count_by(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page).max(1)
}

/// The items on page `n` (1-based) of a listing.
pub fn page_items<T>(items: &[T], n: usize) -> &[T] {
    page_items_by(items, n, PER_PAGE)
}

/// The items on page `n` (1-based) of a listing of `per_page` a page.
pub fn page_items_by<T>(items: &[T], n: usize, per_page: usize) -> &[T] {
    let start = ((n - 1) * per_page).min(items.len());
    &items[start..(start + per_page).min(items.len())]
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
    /// How the items are ordered, which names the links: "Newer" and "Older" for the
    /// newest first, "Earlier" and "Later" for the oldest first (a story's articles),
    /// "Previous" and "Next" by name (the entity index).
    pub order: PagerOrder,
}

/// How a listing's items are ordered ([`Pager::order`]); templates see `newest_first`,
/// `oldest_first` or `by_name`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PagerOrder {
    NewestFirst,
    OldestFirst,
    ByName,
}

/// Builds views from the linked site; shared by the page builders.
pub struct Views<'a> {
    pub linked: &'a Linked,
    /// The compiled theme, whose partials pages share.
    pub renderer: &'a Renderer,
    /// The theme: its strings and settings.
    pub theme: &'a Theme,
    /// `site`, as the partials get it (made the first time one is rendered).
    site: OnceLock<Shared<SiteView>>,
    /// A digest of the strings, for what briefs' Markdown pages are made from (made the first
    /// time one is needed).
    strings_made_from: OnceLock<u128>,
    /// Dates as the site's language writes them, each written once: a site has a few thousand
    /// dates, and its cards and entries show them hundreds of thousands of times.
    dates: Mutex<HashMap<PartialDate, DateView>>,
    made: Made,
}

/// What many pages show, made once per build: every brief card's and timeline entry's digest
/// and partial, each entity's reference, and the story order. Kept by `serve` between
/// rebuilds ([`Views::into_made`]). The cards' and entries' other fields are made from the
/// linked site when a page shows them: no view of every brief is kept.
#[derive(Debug, Default)]
pub struct Made {
    entries: Vec<MadeEntry>,
    /// Each entity's reference (without a count), whose template values every page listing
    /// it shares ([`Views::entity_ref`]).
    entity_refs: Vec<EntityRef>,
    cards: Vec<MadeCard>,
    /// Story indexes, the most recently covered first (the home page and story index order).
    stories_newest_first: Vec<usize>,
}

/// The partials many pages repeat, rendered once per entry and per card (as Hugo's
/// `partialCached` does) and printed by pages as `entry.html` and `brief.html`; and the full
/// entry, rendered with the timeline page that holds it.
pub const ENTRY_PARTIAL: &str = "partials/entry.html";
pub const ENTRY_CARD_PARTIAL: &str = "partials/entry_card.html";
pub const CARD_PARTIAL: &str = "partials/brief_card.html";

impl<'a> Views<'a> {
    /// Every entry's and card's digest, with their partials rendered by `r`. A template error
    /// in a partial is reported once.
    pub fn new(linked: &'a Linked, r: &'a Renderer) -> Result<Self, Diags> {
        use rayon::prelude::*;
        let mut views = Views::with_made(linked, Made::default(), r);
        views.made.stories_newest_first = stories_newest_first(linked);
        views.made.entity_refs = (0..linked.content.entities.len()).map(|e| views.make_entity_ref(e)).collect();
        let (entries, cards): (Result<Vec<MadeEntry>, Diagnostic>, Result<Vec<MadeCard>, Diagnostic>) = rayon::join(
            || (0..linked.timeline.len()).into_par_iter().map(|i| views.made_entry(i)).collect(),
            || (0..linked.content.briefs.len()).into_par_iter().map(|i| views.made_card(i)).collect(),
        );
        views.made.entries = entries?;
        views.made.cards = cards?;
        Ok(views)
    }

    /// Renders a partial with `site` and `value` as `name`; empty when the theme has no such
    /// partial.
    pub(super) fn render_partial<T: Serialize>(
        &self,
        partial: &'static str,
        name: &'static str,
        value: &T,
    ) -> Result<Text, Diagnostic> {
        if !self.renderer.has_template(partial) {
            return Ok(Text::empty());
        }
        let site = self.site.get_or_init(|| Shared::new(&self.site()));
        self.renderer.render_partial(partial, site, name, value).map(Text::new)
    }

    /// Entry `i`'s digest and its card's partial as its subject's own.
    fn made_entry(&self, i: usize) -> Result<MadeEntry, Diagnostic> {
        let card = self.make_entry_card(i, true);
        let digest = crate::hash::halves(super::digest::digest(&card));
        Ok(MadeEntry { digest, html: self.render_partial(ENTRY_CARD_PARTIAL, "entry", &card)? })
    }

    /// Brief `i`'s card's digest and partial.
    fn made_card(&self, i: usize) -> Result<MadeCard, Diagnostic> {
        let b = &self.linked.content.briefs[i];
        let text_lang = TextLang::of(b.language.as_deref(), &self.linked.config.language);
        let card = self.make_card(i, text_lang.clone());
        let digest = crate::hash::halves(super::digest::digest(&card));
        Ok(MadeCard { digest, html: self.render_partial(CARD_PARTIAL, "brief", &card)?, text_lang })
    }

    /// Views of `linked` from what was made for it before with `r`; [`Views::remake`] brings
    /// the parts an edit changed up to date.
    pub fn with_made(linked: &'a Linked, made: Made, r: &'a Renderer) -> Self {
        Views {
            linked,
            renderer: r,
            theme: r.theme(),
            site: OnceLock::new(),
            strings_made_from: OnceLock::new(),
            dates: Mutex::default(),
            made,
        }
    }

    /// The interface strings.
    pub fn strings(&self) -> &'a Strings {
        &self.theme.strings
    }

    /// What briefs' Markdown pages take from the site.
    pub fn doc_settings(&self) -> DocSettings<'a> {
        let strings = self.strings();
        let made_from = *self.strings_made_from.get_or_init(|| super::digest::digest(strings));
        DocSettings::new(&self.linked.config, strings, made_from)
    }

    /// A date as the site's language writes it.
    pub fn date(&self, d: PartialDate) -> DateView {
        let mut dates = self.dates.lock().unwrap_or_else(|e| e.into_inner());
        dates.entry(d).or_insert_with(|| DateView::new(d, self.strings())).clone()
    }

    pub fn into_made(self) -> Made {
        self.made
    }

    /// Frees what only pages read — the cards' and entries' partials and digests — once the
    /// last page is rendered. No page view can be made after this.
    pub fn end_rendering(&mut self) {
        let (cards, entries) = (std::mem::take(&mut self.made.cards), std::mem::take(&mut self.made.entries));
        // Many small allocations: freed on both cores.
        rayon::join(|| drop(cards), || drop(entries));
    }

    /// Makes the cards of `briefs` and the entries `entries` again, after their data changed
    /// (but not their place in the site).
    pub fn remake(&mut self, briefs: &[usize], entries: &[usize]) -> Result<(), Diags> {
        for &b in briefs {
            self.made.cards[b] = self.made_card(b)?;
        }
        for &e in entries {
            self.made.entries[e] = self.made_entry(e)?;
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
        ];
        if l.config.outputs.search {
            nav.push(link("nav.search", u.search(), "search"));
        }
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
            og_locale: l.config.language.og_locale(),
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
            Setting::Asset(path) => {
                SettingView::Asset { url: u.asset(path), absolute_url: u.absolutize(&u.asset(path)) }
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
        self.pager_by(base, n, items, PER_PAGE)
    }

    /// [`Views::pager`] for a listing of `per_page` items a page, newest first.
    pub fn pager_by(&self, base: &str, n: usize, items: usize, per_page: usize) -> Option<Pager> {
        let total = page_count_by(items, per_page);
        let u = &self.linked.urls;
        (total > 1).then(|| Pager {
            current: n,
            total,
            first: u.paged(base, 1),
            last: u.paged(base, total),
            prev: (n > 1).then(|| u.paged(base, n - 1)),
            next: (n < total).then(|| u.paged(base, n + 1)),
            order: PagerOrder::NewestFirst,
        })
    }

    pub fn outlet_name(&self, brief: usize) -> Option<String> {
        let b = &self.linked.content.briefs[brief];
        let o = self.linked.outlet_index(b.outlet.as_deref()?)?;
        Some(self.linked.content.outlets[o].name.clone())
    }

    /// Brief `i`'s card, as a page lists it.
    pub fn brief_card(&self, i: usize) -> CardRef<'_> {
        super::deps::brief(i);
        CardRef { views: self, brief: i }
    }

    /// Brief `i`'s card, with the article's language `text_lang` ([`TextLang::of`]).
    fn make_card(&self, i: usize, text_lang: Option<TextLang>) -> BriefCard {
        let b = &self.linked.content.briefs[i];
        BriefCard {
            title: b.title.clone(),
            text_lang,
            url: self.linked.urls.brief(&b.slug),
            date: self.date(b.published),
            outlet: self.outlet_name(i),
            dateline: b.dateline.clone(),
            summary: b.summary_text.as_deref().map(|s| truncate_words(s, 220)),
            notes: b.notes.len(),
            html: Text::empty(),
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

    /// Timeline entry `i` in full, as the timeline page that holds it and the exports show it.
    pub fn entry_view(&self, i: usize) -> EntryView {
        super::deps::entry(i);
        self.make_entry(i)
    }

    /// Timeline entry `i` as a listing shows it; `own` says whether it belongs to the page's
    /// subject.
    pub fn entry(&self, i: usize, own: bool) -> EntryCardRef<'_> {
        super::deps::entry(i);
        EntryCardRef { views: self, entry: i, own, context_html: None }
    }

    /// The kind of entry `i`, its label and its title.
    fn entry_heading(&self, i: usize) -> (&'static str, String, String) {
        let l = self.linked;
        let t = self.strings();
        let (kind, title) = match l.timeline[i].kind {
            EntryKind::Publication(b) => {
                let outlet = self.outlet_name(b).unwrap_or_else(|| t.text("timeline.an_outlet").into());
                let title = t.fill("timeline.publishes", &[("outlet", &outlet), ("title", &l.content.briefs[b].title)]);
                ("publication", title)
            }
            EntryKind::Event(e) => {
                let ev = &l.content.events[e];
                (if ev.background { "background" } else { "event" }, ev.title.clone())
            }
        };
        (kind, t.text(&format!("entry_kinds.{kind}")).to_owned(), title)
    }

    fn make_entry_card(&self, i: usize, own: bool) -> EntryCard {
        let entry = &self.linked.timeline[i];
        let (kind, kind_label, title) = self.entry_heading(i);
        EntryCard {
            anchor: entry.anchor.clone(),
            url: self.linked.entry_url(i),
            date: self.date(entry.date),
            end: entry.end.map(|d| self.date(d)),
            kind,
            kind_label,
            title,
            own,
            html: Text::empty(),
        }
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
        let (kind, kind_label, title) = self.entry_heading(i);
        let body = match entry.kind {
            EntryKind::Event(e) => l.content.events[e].body.as_deref().map(|b| render_markdown(b, &l.urls.base_path)),
            EntryKind::Publication(_) => None,
        };
        let mut outlets: Vec<&str> =
            entry.reports.iter().filter_map(|r| l.content.briefs[r.brief].outlet.as_deref()).collect();
        outlets.dedup();
        let ids = |ids: Vec<&str>| ids.join(" ");
        EntryView {
            anchor: entry.anchor.clone(),
            url: l.entry_url(i),
            date: self.date(entry.date),
            end: entry.end.map(|d| self.date(d)),
            kind,
            kind_label,
            title,
            body,
            reports,
            entities: entry.entities.iter().map(|&e| self.entity_link(e)).collect(),
            entity_ids: ids(entry.entities.iter().map(|&e| l.content.entities[e].id.as_str()).collect()),
            outlet_ids: ids(outlets),
            tag_ids: entry.tags.iter().map(|t| crate::text::slugify(t)).collect::<Vec<_>>().join(" "),
            own: true,
            html: String::new(),
        }
    }

    /// Entries in full grouped by year and month (a month-less date opens its year), for the
    /// timeline page that holds them.
    pub fn by_year_month(&self, entries: &[usize]) -> Vec<YearView> {
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
            year.months.last_mut().expect("pushed above").entries.push(self.entry_view(i));
        }
        years
    }

    /// Renders the full entries of a timeline page (`years`) that is rendered, not kept.
    pub fn render_entries(&self, years: &mut [YearView]) -> Result<(), Diagnostic> {
        for entry in years.iter_mut().flat_map(|y| &mut y.months).flat_map(|m| &mut m.entries) {
            entry.html = self.render_partial(ENTRY_PARTIAL, "entry", &*entry)?.as_str().to_owned();
        }
        Ok(())
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
    fn an_articles_language_is_marked_when_it_is_not_the_sites_nor_its_direction() {
        let site = |tag: &str| Language::parse(tag).unwrap();
        let lang = |tag: &str, dir| Some(TextLang { tag: tag.into(), dir });
        assert_eq!(TextLang::of(Some("en"), &site("fr")), lang("en", "ltr"));
        assert_eq!(TextLang::of(Some("ar"), &site("en")), lang("ar", "rtl"));
        assert_eq!(TextLang::of(Some("en-us"), &site("en")), None, "the site's language in a region");
        assert_eq!(TextLang::of(Some("az-Arab"), &site("az")), lang("az-Arab", "rtl"), "another direction");
        assert_eq!(TextLang::of(None, &site("en")), None);
    }

    #[test]
    fn derived_fields_stay_out_of_digests() {
        let date = DateView::new(PartialDate { year: 2017, month: Some(2), day: Some(16) }, &crate::i18n::english());
        let card = |html: &str| EntryCard {
            anchor: "e-1".into(),
            url: "/timeline/#e-1".into(),
            date: date.clone(),
            end: None,
            kind: "event",
            kind_label: "Reported".into(),
            title: "Vote".into(),
            own: true,
            html: Text::new(html),
        };
        // The partial is made from the other fields, the site and the templates.
        assert_eq!(super::super::digest::digest(&card("")), super::super::digest::digest(&card("<li>x</li>")));
        assert_eq!(serde_json::to_value(card("<li>x</li>")).unwrap()["html"], "<li>x</li>");
    }
}
