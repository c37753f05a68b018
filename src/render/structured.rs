//! Structured data for search engines and social cards: schema.org JSON-LD (`WebSite` on the
//! home page, `NewsArticle` and one `ClaimReview` per fact-check on a brief), made safe to put
//! inside `<script>`.
//!
//! Each object is a typed struct that borrows from the site and is written straight to JSON
//! (no JSON tree is built per page); schema.org's camelCase names come from the fields'.
//! Fields are declared in alphabetical order of those names, with `@` names first, so every
//! object's keys come out sorted.

use serde::Serialize;

use crate::link::Linked;
use crate::model::{EntityKind, NoteKind};

/// JSON for a `<script type="application/ld+json">` block: every `<` escaped, so no string
/// can close the script (`</script>`) or open a comment.
pub fn script<T: Serialize>(v: &T) -> String {
    let json = serde_json::to_string(v).unwrap_or_default();
    if json.contains('<') { json.replace('<', "\\u003c") } else { json }
}

const CONTEXT: &str = "https://schema.org";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WebSite<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    description: &'a str,
    in_language: &'a str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    potential_action: Option<SearchAction>,
    url: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SearchAction {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "query-input")]
    query_input: &'static str,
    target: EntryPoint,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EntryPoint {
    #[serde(rename = "@type")]
    kind: &'static str,
    url_template: String,
}

pub fn website(l: &Linked) -> WebSite<'_> {
    WebSite {
        context: CONTEXT,
        kind: "WebSite",
        description: &l.config.description,
        in_language: l.config.language.as_str(),
        name: &l.config.title,
        // Search engines may offer a search box that opens the site's search page.
        potential_action: l.config.outputs.search.then(|| SearchAction {
            kind: "SearchAction",
            query_input: "required name=search_term_string",
            target: EntryPoint {
                kind: "EntryPoint",
                url_template: format!("{}?q={{search_term_string}}", l.urls.absolutize(&l.urls.search())),
            },
        }),
        url: &l.urls.base_url,
    }
}

/// A person, organisation, place or other thing: an entity, an outlet, a byline.
#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Thing<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    same_as: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewsArticle<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    about: Vec<Thing<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Thing<'a>>,
    date_published: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    headline: &'a str,
    in_language: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    is_based_on: Option<&'a str>,
    main_entity_of_page: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<Thing<'a>>,
    url: String,
}

/// How many entities a `NewsArticle` is `about` at least: the ones its annotation names, then
/// the ones the article mentions most. Its subject, not every name in it (the page links them
/// all); at 20 a brief, naming each with its URL was a tenth of a brief page.
const ABOUT: usize = 5;

/// The brief as a `NewsArticle`: the original's headline, date and publisher, based on the
/// original URL, with the entities it is about ([`about`]).
pub fn news_article(l: &Linked, i: usize) -> NewsArticle<'_> {
    let b = &l.content.briefs[i];
    let page = l.urls.absolutize(&l.urls.brief(&b.slug));
    let publisher = outlet(l, i);
    let author = match &b.byline {
        Some(by) => Some(Thing { kind: "Person", name: by.trim_start_matches("By ").trim(), same_as: None, url: None }),
        None => publisher.clone(),
    };
    NewsArticle {
        context: CONTEXT,
        kind: "NewsArticle",
        about: about(l, i).into_iter().map(|e| thing(l, e)).collect(),
        author,
        date_published: b.published.iso(),
        description: b.summary_text.as_deref(),
        headline: &b.title,
        in_language: l.config.language.as_str(),
        is_based_on: b.url.as_deref(),
        main_entity_of_page: page.clone(),
        publisher,
        url: page,
    }
}

/// The entities brief `i` is about: every one its annotation names (`entities:`), then the
/// ones it mentions most, up to [`ABOUT`] in all; in the order of the page's list.
fn about(l: &Linked, i: usize) -> Vec<usize> {
    let named = &l.content.briefs[i].entities;
    let mut others = ABOUT.saturating_sub(named.len());
    let mut about = Vec::new();
    for &(e, _) in &l.brief_entities[i] {
        if named.contains(&l.content.entities[e].id) {
            about.push(e);
        } else if others > 0 {
            others -= 1;
            about.push(e);
        }
    }
    about
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClaimReview<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    author: Thing<'a>,
    claim_reviewed: &'a str,
    date_published: String,
    item_reviewed: Claim<'a>,
    review_rating: Rating<'a>,
    url: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Claim<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    appearance: Option<CreativeWork<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Thing<'a>>,
    date_published: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CreativeWork<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    url: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rating<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    alternate_name: &'a str,
    best_rating: usize,
    rating_value: usize,
    worst_rating: usize,
}

/// A `ClaimReview` for each fact-check note with a verdict. The rating is the verdict's place
/// on the configured scale: the first (best) verdict rates highest.
pub fn claim_reviews(l: &Linked, i: usize) -> Vec<ClaimReview<'_>> {
    let b = &l.content.briefs[i];
    let scale = l.config.verdicts.len();
    b.notes
        .iter()
        .filter(|n| n.kind == NoteKind::FactCheck)
        .filter_map(|n| {
            let rank = l.config.verdicts.iter().position(|v| Some(v.id.as_str()) == n.verdict.as_deref())?;
            let claimant =
                n.claimant.as_deref().and_then(|c| l.entity_index(c)).map(|e| thing(l, e)).or_else(|| outlet(l, i));
            Some(ClaimReview {
                context: CONTEXT,
                kind: "ClaimReview",
                author: Thing {
                    kind: "Organization",
                    name: &l.config.title,
                    same_as: None,
                    url: Some(l.urls.base_url.clone()),
                },
                claim_reviewed: &n.quote,
                date_published: b.published.iso(),
                item_reviewed: Claim {
                    kind: "Claim",
                    appearance: b.url.as_deref().map(|url| CreativeWork { kind: "CreativeWork", url }),
                    author: claimant,
                    date_published: b.published.iso(),
                },
                review_rating: Rating {
                    kind: "Rating",
                    alternate_name: &l.config.verdicts[rank].label,
                    best_rating: scale,
                    rating_value: scale - rank,
                    worst_rating: 1,
                },
                url: l.urls.absolutize(&l.urls.note(&b.slug, &n.id)),
            })
        })
        .collect()
}

fn outlet(l: &Linked, i: usize) -> Option<Thing<'_>> {
    let o = &l.content.outlets[l.outlet_index(l.content.briefs[i].outlet.as_deref()?)?];
    Some(Thing { kind: "Organization", name: &o.name, same_as: None, url: o.url.clone() })
}

/// An entity: a `Person`, a `Place`, an `Event`, or an `Organization` (groups too).
fn thing(l: &Linked, e: usize) -> Thing<'_> {
    let ent = &l.content.entities[e];
    let kind = match ent.kind {
        Some(EntityKind::Person) => "Person",
        Some(EntityKind::Place) => "Place",
        Some(EntityKind::Event) => "Event",
        Some(EntityKind::Organisation | EntityKind::Group) => "Organization",
        Some(EntityKind::Other) | None => "Thing",
    };
    Thing {
        kind,
        name: &ent.name,
        same_as: ent.wikidata.as_ref().map(|q| format!("https://www.wikidata.org/wiki/{q}")),
        url: Some(l.urls.absolutize(&l.urls.entity(&ent.id))),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    #[test]
    fn scripts_cannot_be_closed_from_inside() {
        let s = script(&json!({ "headline": "</script><script>alert(1)</script> <!--" }));
        assert!(!s.contains('<'), "{s}");
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["headline"], "</script><script>alert(1)</script> <!--");
    }
}
