//! Structured data for search engines and social cards: schema.org JSON-LD (`WebSite` on the
//! home page, `NewsArticle` and one `ClaimReview` per fact-check on a brief), made safe to put
//! inside `<script>`.

use serde_json::{Value, json};

use crate::annotate::{EntityKind, NoteKind};
use crate::link::Linked;

/// JSON for a `<script type="application/ld+json">` block: every `<` escaped, so no string
/// can close the script (`</script>`) or open a comment.
pub fn script(v: &Value) -> String {
    let json = serde_json::to_string(v).unwrap_or_default();
    if json.contains('<') { json.replace('<', "\\u003c") } else { json }
}

pub fn website(l: &Linked) -> Value {
    json!({
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": l.config.title,
        "description": l.config.description,
        "url": l.urls.base_url,
        "inLanguage": l.config.language,
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": format!("{}?q={{search_term_string}}", l.urls.absolutize(&l.urls.search())),
            },
            "query-input": "required name=search_term_string",
        },
    })
}

/// The brief as a `NewsArticle`: the original's headline, date and publisher, based on the
/// original URL, with the entities it is about.
pub fn news_article(l: &Linked, i: usize) -> Value {
    let b = &l.content.briefs[i];
    let page = l.urls.absolutize(&l.urls.brief(&b.slug));
    let publisher = outlet(l, i);
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": b.title,
        "datePublished": b.published.iso(),
        "url": page,
        "mainEntityOfPage": page,
        "inLanguage": l.config.language,
    });
    if let Some(p) = &publisher {
        v["publisher"] = p.clone();
    }
    match (&b.byline, publisher) {
        (Some(by), _) => v["author"] = json!({ "@type": "Person", "name": by.trim_start_matches("By ").trim() }),
        (None, Some(p)) => v["author"] = p,
        (None, None) => {}
    }
    if let Some(url) = &b.url {
        v["isBasedOn"] = json!(url);
    }
    if let Some(s) = &b.summary_text {
        v["description"] = json!(s);
    }
    let about: Vec<Value> = l.brief_entities[i].iter().map(|&(e, _)| thing(l, e)).collect();
    if !about.is_empty() {
        v["about"] = json!(about);
    }
    v
}

/// A `ClaimReview` for each fact-check note with a verdict. The rating is the verdict's place
/// on the configured scale: the first (best) verdict rates highest.
pub fn claim_reviews(l: &Linked, i: usize) -> Vec<Value> {
    let b = &l.content.briefs[i];
    let scale = l.config.verdicts.len();
    b.notes
        .iter()
        .filter(|n| n.kind == NoteKind::FactCheck)
        .filter_map(|n| {
            let rank = l.config.verdicts.iter().position(|v| Some(v.id.as_str()) == n.verdict.as_deref())?;
            let verdict = &l.config.verdicts[rank];
            let claimant =
                n.claimant.as_deref().and_then(|c| l.entity_index(c)).map(|e| thing(l, e)).or_else(|| outlet(l, i));
            let mut claim = json!({ "@type": "Claim", "datePublished": b.published.iso() });
            if let Some(c) = claimant {
                claim["author"] = c;
            }
            if let Some(url) = &b.url {
                claim["appearance"] = json!({ "@type": "CreativeWork", "url": url });
            }
            Some(json!({
                "@context": "https://schema.org",
                "@type": "ClaimReview",
                "url": l.urls.absolutize(&l.urls.note(&b.slug, &n.id)),
                "claimReviewed": n.quote,
                "datePublished": b.published.iso(),
                "author": { "@type": "Organization", "name": l.config.title, "url": l.urls.base_url },
                "itemReviewed": claim,
                "reviewRating": {
                    "@type": "Rating",
                    "ratingValue": scale - rank,
                    "bestRating": scale,
                    "worstRating": 1,
                    "alternateName": verdict.label,
                },
            }))
        })
        .collect()
}

fn outlet(l: &Linked, i: usize) -> Option<Value> {
    let o = &l.content.outlets[l.outlet_index(l.content.briefs[i].outlet.as_deref()?)?];
    let mut v = json!({ "@type": "Organization", "name": o.name });
    if let Some(url) = &o.url {
        v["url"] = json!(url);
    }
    Some(v)
}

/// An entity: a `Person`, a `Place`, an `Event`, or an `Organization` (groups too).
fn thing(l: &Linked, e: usize) -> Value {
    let ent = &l.content.entities[e];
    let kind = match ent.kind {
        Some(EntityKind::Person) => "Person",
        Some(EntityKind::Place) => "Place",
        Some(EntityKind::Event) => "Event",
        Some(EntityKind::Organisation | EntityKind::Group) => "Organization",
        Some(EntityKind::Other) | None => "Thing",
    };
    let mut v = json!({ "@type": kind, "name": ent.name, "url": l.urls.absolutize(&l.urls.entity(&ent.id)) });
    if let Some(q) = &ent.wikidata {
        v["sameAs"] = json!(format!("https://www.wikidata.org/wiki/{q}"));
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_cannot_be_closed_from_inside() {
        let s = script(&json!({ "headline": "</script><script>alert(1)</script> <!--" }));
        assert!(!s.contains('<'), "{s}");
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["headline"], "</script><script>alert(1)</script> <!--");
    }
}
