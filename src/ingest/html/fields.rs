//! Choosing each field of a saved page among its [`Candidates`]: the most specific source
//! first (JSON-LD and OpenGraph over `<title>`), the site name cut off a headline, names
//! that are URLs or the outlet itself rejected as bylines.

use super::key;
use super::metadata::Candidates;
use crate::date::PartialDate;
use crate::ingest::{dates, header};
use crate::model::{Block, Extracted};

pub fn choose(c: &Candidates) -> Extracted {
    let outlet = outlet(c);
    Extracted {
        title: title(c, outlet.as_deref()),
        byline: byline(c),
        published: published(c),
        url: url(c),
        outlet,
        ..Extracted::default()
    }
}

fn meta<'a>(c: &'a Candidates, keys: &[&str]) -> Option<&'a str> {
    keys.iter().find_map(|k| c.meta.get(*k)).map(String::as_str)
}

/// Separators between a headline and the site's name in `<title>`.
const SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " » ", " · ", " / ", " _ "];

fn title(c: &Candidates, outlet: Option<&str>) -> Option<String> {
    let from_meta =
        meta(c, &["og:title", "twitter:title", "dc.title", "headline", "title"]).map(|t| strip_site(t, outlet, false));
    let from_tag = c.title_tag.as_deref().map(|t| strip_site(t, outlet, true));
    // The publisher's declared headline first, then the visible one when it is about the
    // same thing as the metadata's (pages often give a shorter or older title to sharing).
    if let Some(h) = c.ld.headline.as_deref() {
        return Some(strip_site(h, outlet, false));
    }
    let meta_title = from_meta.as_deref().or(from_tag.as_deref());
    let h1 =
        c.h1.iter()
            .filter(|h| outlet.is_none_or(|o| key(o) != key(h)))
            .find(|h| meta_title.is_none_or(|t| same_story(h, t)));
    if let Some(h) = h1 {
        return Some(h.clone());
    }
    from_meta.or(from_tag).filter(|t| !t.is_empty())
}

/// Words too common to say two headlines are about the same thing.
const STOP_WORDS: &[&str] = &[
    "the", "a", "an", "and", "or", "of", "to", "in", "on", "for", "is", "are", "was", "were", "with", "at", "by",
    "from", "as", "it", "its", "this", "that", "why", "how", "what", "who", "when", "does", "do", "has", "have", "be",
    "but", "not", "you", "your", "he", "she", "they", "we", "his", "her", "their", "our", "will", "can",
];

/// Whether two headlines are about the same thing: at least two shared content words, or
/// half of the shorter one's (character pairs for scripts written without spaces).
fn same_story(a: &str, b: &str) -> bool {
    let grams = |s: &str| -> std::collections::HashSet<String> {
        let k = key(s);
        let words: Vec<&str> = k.split(' ').filter(|w| w.chars().count() >= 2).collect();
        if words.len() >= 3 {
            return words.into_iter().filter(|w| !STOP_WORDS.contains(w)).map(str::to_owned).collect();
        }
        let chars: Vec<char> = k.chars().filter(|c| !c.is_whitespace()).collect();
        chars.windows(2).map(|w| w.iter().collect()).collect()
    };
    let (ga, gb) = (grams(a), grams(b));
    let shared = ga.intersection(&gb).count();
    let small = ga.len().min(gb.len());
    small > 0 && (shared >= 2 || shared * 2 >= small) && (shared > 1 || small <= 2)
}

/// `Talks stall | The Daily` → `Talks stall` when the part cut off is the outlet (or, for
/// `<title>`, looks like a site name: short, after a longer headline).
fn strip_site(title: &str, outlet: Option<&str>, loose: bool) -> String {
    let outlet_key = outlet.map(key);
    let mut t = title.trim();
    for _ in 0..2 {
        let Some((head, tail)) = SEPARATORS.iter().filter_map(|s| t.rsplit_once(s)).max_by_key(|(h, _)| h.len()) else {
            break;
        };
        let tail_key = key(tail);
        let is_outlet = outlet_key.as_deref().is_some_and(|o| {
            !o.is_empty() && (o == tail_key || o.replace(' ', "") == tail_key.replace(' ', "") || is_domain_of(tail, o))
        });
        let looks_like_site = loose && tail.split_whitespace().count() <= 4 && head.split_whitespace().count() >= 3;
        if !is_outlet && !looks_like_site {
            break;
        }
        t = head.trim();
    }
    t.to_owned()
}

fn is_domain_of(tail: &str, outlet_key: &str) -> bool {
    let t = tail.to_lowercase();
    let bare = t.trim_start_matches("www.");
    bare.contains('.') && bare.split('.').next().is_some_and(|n| n == outlet_key.replace(' ', ""))
}

fn outlet(c: &Candidates) -> Option<String> {
    meta(c, &["og:site_name", "application-name", "al:android:app_name", "al:iphone:app_name"])
        .map(str::to_owned)
        .or_else(|| c.ld.publisher.clone())
        .or_else(|| c.ld.site_name.clone())
}

/// Where bylines are looked for, most specific first.
const AUTHOR_KEYS: &[&str] = &[
    "article:author",
    "og:article:author",
    "author",
    "dc.creator",
    "article_author",
    "parsely-author",
    "sailthru.author",
    "cxenseparse:author",
    "byl",
];

fn byline(c: &Candidates) -> Option<String> {
    let names: Vec<&str> = c.ld.authors.iter().map(String::as_str).filter(|a| clean_byline(a).is_some()).collect();
    if !names.is_empty() {
        return Some(join_names(&names));
    }
    AUTHOR_KEYS.iter().filter_map(|k| c.meta.get(*k)).chain(&c.byline_elements).find_map(|b| clean_byline(b))
}

fn join_names(names: &[&str]) -> String {
    let mut unique: Vec<&str> = Vec::new();
    for n in names {
        if !unique.iter().any(|u| key(u) == key(n)) {
            unique.push(n);
        }
    }
    unique.join(", ")
}

/// `By Ann Lee, Reuters` → `Ann Lee, Reuters`; `Mike Cason | mcason@al.com` → `Mike Cason`;
/// `None` for text that is not a name (a URL, a handle, a sentence, a date).
pub fn clean_byline(s: &str) -> Option<String> {
    let s = s.trim();
    let s = ["By ", "by ", "BY ", "Von ", "Par ", "Por "].iter().find_map(|p| s.strip_prefix(p)).unwrap_or(s).trim();
    let s = [" | ", " / ", " - "].iter().find_map(|sep| s.split_once(sep)).map_or(s, |(a, _)| a).trim();
    let words: Vec<&str> = s.split_whitespace().collect();
    let single_lower = words.len() == 1 && s.chars().all(|c| c.is_ascii_lowercase());
    let not_name = words.is_empty()
        || words.len() > 10
        || s.ends_with('.')
        || s.contains("://")
        || s.contains('@')
        || s.chars().any(|c| c.is_ascii_digit())
        || single_lower;
    (!not_name).then(|| s.to_owned())
}

fn published(c: &Candidates) -> Option<PartialDate> {
    const KEYS: &[&str] = &[
        "article:published_time",
        "og:published_time",
        "published_time",
        "datepublished",
        "article.published",
        "article_date_original",
        "publish-date",
        "publishdate",
        "pubdate",
        "date",
        "dc.date",
        "dc.date.issued",
        "dcterms.created",
        "dcterms.date",
        "sailthru.date",
        "parsely-pub-date",
        "cxenseparse:recs:publishtime",
    ];
    let from_meta = || KEYS.iter().filter_map(|k| c.meta.get(*k)).find_map(|v| dates::parse_machine(v));
    c.ld.published
        .as_deref()
        .and_then(dates::parse_machine)
        .or_else(from_meta)
        .or_else(|| c.time_elements.first().copied())
        .or_else(|| url(c).as_deref().and_then(dates::from_url))
}

fn url(c: &Candidates) -> Option<String> {
    c.canonical
        .as_deref()
        .or_else(|| meta(c, &["og:url", "twitter:url"]))
        .or(c.ld.url.as_deref())
        .map(str::trim)
        .filter(|u| (u.starts_with("http://") || u.starts_with("https://")) && crate::url::is_allowed(u))
        .map(str::to_owned)
}

/// A publication date written just below the headline (`Published 9 January 2017`), in
/// the page's text.
pub fn date_near_headline(page: &[Block], title: Option<&str>) -> Option<PartialDate> {
    let t = key(title?);
    let at = page.iter().position(|b| key(&b.text) == t)?;
    page[at + 1..page.len().min(at + 10)].iter().find_map(|b| header::date_line(&b.text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_names_are_cut_off_titles() {
        assert_eq!(strip_site("Talks stall | The Daily", Some("The Daily"), false), "Talks stall");
        assert_eq!(strip_site("Talks stall - Daily.com", Some("Daily"), false), "Talks stall");
        assert_eq!(strip_site("Talks stall in Geneva - World - The Daily", None, true), "Talks stall in Geneva");
        assert_eq!(strip_site("Rock - Paper - Scissors", None, false), "Rock - Paper - Scissors");
    }

    #[test]
    fn bylines_are_names() {
        assert_eq!(clean_byline("By Ann Lee").as_deref(), Some("Ann Lee"));
        assert_eq!(clean_byline("https://facebook.com/ann"), None);
        assert_eq!(clean_byline("This is a sentence, not a name."), None);
        assert_eq!(clean_byline("Mike Cason | mcason@al.com").as_deref(), Some("Mike Cason"));
        assert_eq!(clean_byline("mikecason"), None);
        assert_eq!(clean_byline("Joe DavidsonWashington PostDec 13, 2016 at 3:45 pm"), None);
    }
}
