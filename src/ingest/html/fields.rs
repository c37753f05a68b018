//! Choosing each field of a saved page among its [`Candidates`]: every place the page
//! states a field is a candidate with its evidence ([`evidence`]), and the value that
//! independent places agree on wins — JSON-LD and OpenGraph rank first only on a tie. The
//! site name is cut off a headline, names that are URLs or the outlet itself are rejected as
//! bylines, and a date stays the date the page states in its own time zone.

use super::key;
use super::metadata::Candidates;
use crate::date::PartialDate;
use crate::ingest::byline::{self, Names};
use crate::ingest::dates::{self, Stamp};
use crate::ingest::evidence::{Candidate, Elected, Family, Rules, elect};
use crate::ingest::header;
use crate::ingest::lines::without_legal_form;
use crate::ingest::segment::size;
use crate::model::{Block, Extracted, Why};

pub fn choose(c: &Candidates, page: &[Block]) -> Extracted {
    let mut why = Why::default();
    let outlet = outlet(c).map(|(o, reason)| {
        why.outlet = Some(reason);
        o
    });
    let title = title(c, outlet.as_deref()).map(|(t, reason)| {
        why.title = Some(reason);
        t
    });
    let near = NearHeadline::new(page, title.as_deref());
    let names = byline(c, &near, outlet.as_deref()).map(|(n, reason)| {
        why.byline = Some(reason);
        n
    });
    let published = published(c, &near).map(|(d, reason)| {
        why.published = Some(reason);
        d
    });
    let url = url(c).map(|(u, reason)| {
        why.url = Some(reason);
        u
    });
    let (byline, bylines) = names.map_or((None, Vec::new()), |n| (Some(n.text), n.names));
    let language = language(c);
    Extracted { title, byline, bylines, published, url, outlet, language, why, ..Extracted::default() }
}

/// The page's language: its `<html lang>`, else its `og:locale` (`en_US`), as a BCP 47 tag;
/// a value that is none is no language.
fn language(c: &Candidates) -> Option<String> {
    let locale = || c.meta.get("og:locale").map(|l| l.replace('_', "-"));
    let tag = c.lang.clone().filter(|l| !l.trim().is_empty()).or_else(locale)?;
    crate::i18n::Language::parse(tag.trim()).ok().map(|l| l.to_string())
}

fn meta<'a>(c: &'a Candidates, keys: &[&'static str]) -> Option<(&'static str, &'a str)> {
    keys.iter().find_map(|k| c.meta.get(*k).map(|v| (*k, v.as_str())))
}

/// `<meta og:title>`, as the reasons name a tag.
fn meta_from(key: &str) -> String {
    format!("<meta {key}>")
}

/// Separators between a headline and the site's name in `<title>`.
const SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " » ", " · ", " / ", " _ "];

fn title(c: &Candidates, outlet: Option<&str>) -> Option<(String, String)> {
    let mut cands: Vec<Candidate<String>> = Vec::new();
    let mut push = |text: String, family, from: String| {
        if !text.is_empty() {
            cands.push(Candidate::new(text, family, from));
        }
    };
    if let Some(h) = c.ld.headline.as_deref() {
        push(strip_site(h, outlet, false), Family::LinkedData, "JSON-LD headline".into());
    }
    if let Some((k, t)) = meta(c, &["og:title", "twitter:title", "dc.title", "headline", "title"]) {
        push(strip_site(t, outlet, false), Family::Meta, meta_from(k));
    }
    if let Some(t) = c.title_tag.as_deref() {
        push(strip_site(t, outlet, true), Family::TitleTag, "<title>".into());
    }
    let h1s = || c.h1.iter().filter(|h| outlet.is_none_or(|o| key(o) != key(h)));
    let h1 = h1s()
        .find(|h| cands.iter().any(|t| same_story(h, &t.value)))
        .or_else(|| h1s().next().filter(|_| cands.is_empty()));
    if let Some(h) = h1.cloned() {
        // The visible headline ranks after the publisher's declared one, before the titles
        // given to sharing (pages often give those a shorter or older wording).
        let at = cands.iter().position(|c| c.family != Family::LinkedData).unwrap_or(cands.len());
        cands.insert(at, Candidate::new(h, Family::Visible, "the page's <h1>"));
    }
    let e = first_agreed(&cands, |a, b| key(a) == key(b) || same_story(a, b))?;
    Some((e.winner.value.clone(), e.reason(|t| format!("{t:?}"))))
}

/// The first candidate (in order of preference) that another one agrees with, so that an
/// outlier — a promotional or a listing heading — is passed over; the first one when none
/// agree.
fn first_agreed<T>(cands: &[Candidate<T>], agree: impl Fn(&T, &T) -> bool) -> Option<Elected<'_, T>> {
    let backed = |i: usize| cands.iter().enumerate().any(|(j, o)| j != i && agree(&cands[i].value, &o.value));
    let at = (0..cands.len()).find(|&i| backed(i)).or((!cands.is_empty()).then_some(0))?;
    let winner = &cands[at];
    let (agreed, outvoted) = cands
        .iter()
        .enumerate()
        .filter(|&(j, _)| j != at)
        .map(|(_, o)| o)
        .partition(|o| agree(&winner.value, &o.value));
    Some(Elected { winner, agreed, outvoted })
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
        // Pages in scripts written without spaces join the site's name with a bare `_`.
        let bare = loose.then(|| t.rsplit_once('_')).flatten().filter(|(h, _)| !h.ends_with(' '));
        let split = SEPARATORS.iter().filter_map(|s| t.rsplit_once(s)).max_by_key(|(h, _)| h.len());
        let Some((head, tail)) = split.or(bare) else {
            break;
        };
        let tail_key = key(tail);
        let is_outlet = outlet_key.as_deref().is_some_and(|o| {
            !o.is_empty() && (o == tail_key || o.replace(' ', "") == tail_key.replace(' ', "") || is_domain_of(tail, o))
        });
        let looks_like_site = loose && size(tail) <= 4.0 && size(head) >= 3.0;
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

/// The outlet, by the name readers know it by: a company's legal form left out (`Spiceworks
/// Inc` → `Spiceworks`), as from a scrape's copyright line.
fn outlet(c: &Candidates) -> Option<(String, String)> {
    let mut cands: Vec<Candidate<String>> = Vec::new();
    let name = |n: &str| without_legal_form(n).to_owned();
    if let Some((k, o)) = meta(c, &["og:site_name", "application-name", "al:android:app_name", "al:iphone:app_name"]) {
        cands.push(Candidate::new(name(o), Family::Meta, meta_from(k)));
    }
    if let Some(p) = &c.ld.publisher {
        cands.push(Candidate::new(name(p), Family::LinkedData, "JSON-LD publisher"));
    }
    if let Some(p) = &c.ld.site_name {
        cands.push(Candidate::new(name(p), Family::LinkedData, "JSON-LD WebSite name"));
    }
    let rules =
        Rules { weight: |_| 1.0, agree: |a: &String, b: &String| key(a).replace(' ', "") == key(b).replace(' ', "") };
    let e = elect(&cands, &rules)?;
    Some((e.winner.value.clone(), e.reason(|o| format!("{o:?}"))))
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

fn byline(c: &Candidates, near: &NearHeadline, outlet: Option<&str>) -> Option<(Names, String)> {
    let mut cands: Vec<Candidate<Names>> = Vec::new();
    let ld: Vec<Names> = c.ld.authors.iter().filter_map(|a| byline::clean(a, outlet)).collect();
    if !ld.is_empty() {
        let mut names: Vec<String> = Vec::new();
        for n in ld.into_iter().flat_map(|n| n.names) {
            if !names.iter().any(|u| key(u) == key(&n)) {
                names.push(n);
            }
        }
        cands.push(Candidate::new(Names { text: names.join(", "), names }, Family::LinkedData, "JSON-LD author"));
    }
    if let Some((k, n)) = AUTHOR_KEYS.iter().find_map(|k| Some((*k, byline::clean(c.meta.get(*k)?, outlet)?))) {
        cands.push(Candidate::new(n, Family::Meta, meta_from(k)));
    }
    // The `By` line under the headline is the article's own; a byline class may also be on
    // the teasers of a related list.
    if let Some((line, n)) = near.byline(outlet) {
        cands.push(Candidate::new(n, Family::Visible, format!("the line {line:?} below the headline")));
    }
    if let Some(n) = c.byline_elements.iter().find_map(|b| byline::clean(b, outlet)) {
        let sel = c.byline_selector.unwrap_or("a byline element");
        cands.push(Candidate::new(n, Family::Visible, format!("byline element {sel}")));
    }
    // A byline that is only the outlet's name says no one wrote it: a source naming people
    // is preferred.
    let only_outlet = |n: &Names| outlet.is_some_and(|o| n.names.iter().all(|x| byline::is_outlet(x, o)));
    if cands.iter().any(|c| !only_outlet(&c.value)) {
        cands.retain(|c| !only_outlet(&c.value));
    }
    let rules = Rules {
        weight: |f| if f == Family::LinkedData { 3.0 } else { 2.0 },
        agree: |a: &Names, b: &Names| a.names.iter().any(|x| b.names.iter().any(|y| key(x) == key(y))),
    };
    let e = elect(&cands, &rules)?;
    let reason = e.reason(|n| format!("{:?}", n.text));
    Some((e.winner.value.clone(), reason))
}

/// `<meta>` names of the publication date, most specific first.
const DATE_KEYS: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
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

/// Whether date `a` supports date `b`: the same day; the same moment written in two time
/// zones; a UTC time whose moment falls on the other's day somewhere; or, for a month or a
/// year, containing the other.
fn dates_agree(a: &Stamp, b: &Stamp) -> bool {
    if !a.date.is_day() || !b.date.is_day() {
        return a.date.contains(&b.date) || b.date.contains(&a.date);
    }
    if a.date == b.date {
        return true;
    }
    if let (Some(x), Some(y)) = (a.instant(), b.instant()) {
        return x == y;
    }
    (a.is_utc() && a.may_be_local(b.date)) || (b.is_utc() && b.may_be_local(a.date))
}

/// How surely a date is the page's own local date: a time with a local offset, then a date
/// without a time (the page's text, a URL), then a time without offset, then a UTC time.
fn locality(s: &Stamp) -> u8 {
    match (s.minute, s.offset) {
        (Some(_), Some(0)) => 3,
        (Some(_), Some(_)) => 0,
        (None, _) => 1,
        (Some(_), None) => 2,
    }
}

fn published(c: &Candidates, near: &NearHeadline) -> Option<(PartialDate, String)> {
    let mut cands: Vec<Candidate<Stamp>> = Vec::new();
    if let Some(s) = c.ld.published.as_deref().and_then(dates::parse_stamp) {
        cands.push(Candidate::new(s, Family::LinkedData, "JSON-LD datePublished"));
    }
    if let Some((k, s)) = DATE_KEYS.iter().find_map(|k| Some((*k, dates::parse_stamp(c.meta.get(*k)?)?))) {
        cands.push(Candidate::new(s, Family::Meta, meta_from(k)));
    }
    if let Some((from, s)) = c.time_elements.first() {
        cands.push(Candidate::new(*s, Family::Visible, *from));
    }
    if let Some((line, d)) = near.date() {
        let s = Stamp { date: d, minute: None, offset: None };
        cands.push(Candidate::new(s, Family::Visible, format!("the line {line:?} below the headline")));
    }
    if let Some(d) = url(c).and_then(|(u, _)| dates::from_url(&u)) {
        cands.push(Candidate::new(Stamp { date: d, minute: None, offset: None }, Family::Url, "the URL"));
    }
    let rules = Rules {
        weight: |f| match f {
            Family::LinkedData | Family::Meta => 3.0,
            Family::Url => 1.5,
            _ => 2.0,
        },
        agree: dates_agree,
    };
    let e = elect(&cands, &rules)?;
    // Of the values that agree, the most precise and the most surely local.
    let rank = |s: &Stamp| (!s.date.is_day(), locality(s));
    let best = std::iter::once(e.winner).chain(e.agreed.iter().copied()).min_by_key(|c| rank(&c.value))?;
    let e = if std::ptr::eq(best, e.winner) { e } else { promote(e, best) };
    let show = |s: &Stamp| show_stamp(s);
    let mut reason = e.reason(show);
    if e.winner.value.minute.is_some() {
        reason = format!("{} as written ({}); {reason}", e.winner.value.date.iso(), show_stamp(&e.winner.value));
    }
    Some((e.winner.value.date, reason))
}

/// The election with `c` (one of those that agreed) as the winner.
fn promote<'a, T>(e: Elected<'a, T>, c: &'a Candidate<T>) -> Elected<'a, T> {
    let mut agreed: Vec<&Candidate<T>> = e.agreed.into_iter().filter(|a| !std::ptr::eq(*a, c)).collect();
    agreed.insert(0, e.winner);
    Elected { winner: c, agreed, outvoted: e.outvoted }
}

/// `2017-02-24 04:00 UTC`, `2017-02-23 20:00 −08:00`, `2017-02-23`.
fn show_stamp(s: &Stamp) -> String {
    let Some(m) = s.minute else { return s.date.iso() };
    let zone = match s.offset {
        None => String::new(),
        Some(0) => " UTC".into(),
        Some(o) => format!(" {}{:02}:{:02}", if o < 0 { '-' } else { '+' }, o.abs() / 60, o.abs() % 60),
    };
    format!("{} {:02}:{:02}{zone}", s.date.iso(), m / 60, m % 60)
}

fn url(c: &Candidates) -> Option<(String, String)> {
    let is_http = |u: &&str| u.starts_with("http://") || u.starts_with("https://");
    let cands = [
        (c.canonical.as_deref(), "<link rel=canonical>".to_owned()),
        meta(c, &["og:url", "twitter:url"]).map_or((None, String::new()), |(k, u)| (Some(u), meta_from(k))),
        (c.ld.url.as_deref(), "JSON-LD url".to_owned()),
    ];
    let allowed = |u: &&str| is_http(u) && crate::url::is_allowed(u);
    cands.into_iter().find_map(|(u, from)| u.map(str::trim).filter(allowed).map(|u| (u.to_owned(), from)))
}

/// The lines of the page's text just below its headline, where a `By …` line and a date
/// line are written.
pub struct NearHeadline<'a> {
    lines: &'a [Block],
}

impl<'a> NearHeadline<'a> {
    pub fn new(page: &'a [Block], title: Option<&str>) -> Self {
        let lines = title
            .map(key)
            .and_then(|t| page.iter().position(|b| key(&b.text) == t))
            .map_or(&page[..0], |at| &page[at + 1..page.len().min(at + 10)]);
        NearHeadline { lines }
    }

    fn byline(&self, outlet: Option<&str>) -> Option<(String, Names)> {
        self.lines.iter().enumerate().find_map(|(i, b)| {
            // `By` alone in its element, the name in the next one.
            let line = match self.lines.get(i + 1) {
                Some(next) if byline::is_label(&b.text) => format!("{} {}", b.text, next.text),
                _ => b.text.clone(),
            };
            let names = header::byline_names(&line)?;
            Some((line.clone(), byline::clean(&names.text, outlet)?))
        })
    }

    fn date(&self) -> Option<(&'a str, PartialDate)> {
        let mut published = self.lines.iter().filter(|b| !dates::is_update(&b.text));
        published.find_map(|b| Some((b.text.as_str(), header::date_line(&b.text)?)))
    }
}

/// A publication date written just below the headline (`Published 9 January 2017`), in
/// the page's text.
pub fn date_near_headline(page: &[Block], title: Option<&str>) -> Option<PartialDate> {
    NearHeadline::new(page, title).date().map(|(_, d)| d)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fields chosen for a page with `head` and `body`: title, byline, date, and why
    /// the date.
    fn fields(head: &str, body: &str) -> Extracted {
        let doc = dom_query::Document::from(format!("<html><head>{head}</head><body>{body}</body></html>").as_str());
        let page = doc.select("body").nodes().first().map(super::super::content::blocks_of).unwrap_or_default();
        choose(&super::super::metadata::collect(&doc), &page)
    }

    fn check_date(head: &str, body: &str, expected: &str, why: &str) {
        let x = fields(head, body);
        assert_eq!(x.published.map(|d| d.iso()).as_deref(), Some(expected), "{head} {body}");
        assert_eq!(x.why.published.as_deref(), Some(why));
    }

    #[test]
    fn the_language_is_the_pages_lang_else_its_locale() {
        let language = |html: &str| {
            let doc = dom_query::Document::from(html);
            choose(&super::super::metadata::collect(&doc), &[]).language
        };
        let locale = r#"<meta property="og:locale" content="fr_FR">"#;
        assert_eq!(language(r#"<html lang="en-us"><body>x</body></html>"#).as_deref(), Some("en-US"));
        assert_eq!(language(&format!("<html><head>{locale}</head></html>")).as_deref(), Some("fr-FR"));
        assert_eq!(language(&format!(r#"<html lang=" "><head>{locale}</head></html>"#)).as_deref(), Some("fr-FR"));
        assert_eq!(language(r#"<html lang="English"><body>x</body></html>"#), None, "not a tag");
        assert_eq!(language("<html><body>x</body></html>"), None);
    }

    const LD_UTC: &str =
        r#"<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2017-02-24T04:00:00Z"}</script>"#;

    #[test]
    fn a_date_stays_in_the_pages_time_zone() {
        check_date(
            r#"<meta property="article:published_time" content="2017-02-23T20:00:00-08:00">"#,
            "",
            "2017-02-23",
            "2017-02-23 as written (2017-02-23 20:00 -08:00); <meta article:published_time>",
        );
        // The same moment in UTC and in the page's zone: the page's date.
        check_date(
            &format!(r#"{LD_UTC}<meta property="article:published_time" content="2017-02-23T20:00:00-08:00">"#),
            "",
            "2017-02-23",
            "2017-02-23 as written (2017-02-23 20:00 -08:00); <meta article:published_time>; agreed by JSON-LD datePublished",
        );
        // A UTC time and the date the page shows, a day apart: what the page shows.
        check_date(
            LD_UTC,
            "<h1>Talks stall</h1><p><time datetime='2017-02-24T04:00:00Z'>February 23, 2017</time></p>",
            "2017-02-23",
            "<time>; agreed by JSON-LD datePublished",
        );
    }

    #[test]
    fn dates_that_agree_outvote_a_single_source() {
        let ld = r#"<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2018-03-06"}</script>"#;
        check_date(
            &format!(r#"{ld}<meta property="article:published_time" content="2016-12-21">"#),
            "<h1>Talks stall in Geneva</h1><p>Published December 21, 2016</p>",
            "2016-12-21",
            "<meta article:published_time>; agreed by the line \"Published December 21, 2016\" below the headline; \
             preferred to JSON-LD datePublished (2018-03-06)",
        );
    }

    #[test]
    fn bylines_from_their_sources() {
        let x = fields(
            r#"<meta property="article:author" content="https://facebook.com/daily"><meta property="og:site_name" content="The Daily">"#,
            r#"<h1>Talks stall in Geneva</h1><p class="byline">By Ann Lee and Bo Chen, The Daily</p>"#,
        );
        assert_eq!(x.byline.as_deref(), Some("Ann Lee and Bo Chen"));
        assert_eq!(x.bylines, ["Ann Lee", "Bo Chen"]);
        // The line below the headline is the element's own text: one witness, not two.
        assert_eq!(x.why.byline.as_deref(), Some(r#"the line "By Ann Lee and Bo Chen, The Daily" below the headline"#));
    }

    #[test]
    fn site_names_are_cut_off_titles() {
        assert_eq!(strip_site("Talks stall | The Daily", Some("The Daily"), false), "Talks stall");
        assert_eq!(strip_site("Talks stall - Daily.com", Some("Daily"), false), "Talks stall");
        assert_eq!(strip_site("Talks stall in Geneva - World - The Daily", None, true), "Talks stall in Geneva");
        assert_eq!(strip_site("Rock - Paper - Scissors", None, false), "Rock - Paper - Scissors");
        assert_eq!(
            strip_site("这个约会软件，想用你和对方的相似好恶来帮你找对象_智能_好奇心日报", None, true),
            "这个约会软件，想用你和对方的相似好恶来帮你找对象"
        );
        assert_eq!(strip_site("snake_case explained", None, true), "snake_case explained");
    }
}
