//! The outlet of a plain-text scrape, from the name its furniture repeats: a page names its
//! site in links and notices around the article — `More from Kotaku`, `Follow Lifehacker`,
//! `Support The Guardian`, `The Verge homepage`, picture credits (`Image: Ann Lee / The
//! Verge`) — and shows it alone on a line (the logo's text). A name two such lines agree on
//! is the outlet; the copyright line names the owner (`Vox Media`, `Healthline Media UK
//! Ltd`), which [`super::plaintext`] falls back to.

use std::collections::HashMap;

/// Words before the site's name in links and notices.
const BEFORE: &[&str] = &[
    "more from ",
    "popular now on ",
    "popular on ",
    "trending on ",
    "follow ",
    "support ",
    "about ",
    "contact ",
    "work at ",
    "careers at ",
    "subscribe to ",
    "sign up for ",
    "welcome to ",
];

/// Words after the site's name in links.
const AFTER: &[&str] = &[" homepage", " home page", " app", " - back to home", " delivered to your inbox"];

/// Starts of picture credits, which end with the agency or the site (`Photograph: Ann Lee
/// for the Guardian`, `Ann Lee/Quanta Magazine`).
const CREDITS: &[&str] = &["image:", "photo:", "photograph:", "illustration:", "main image:", "credit:"];

/// How many lines name a candidate, and how.
#[derive(Default)]
struct Support {
    name: String,
    links: usize,
    credits: usize,
    alone: bool,
}

impl Support {
    /// Lines that agree: links and credits each, the name alone on a line once (a logo; a
    /// tag repeated in a list counts once too).
    fn total(&self) -> usize {
        self.links + self.credits + usize::from(self.alone)
    }
}

/// The name at most lines agree on, with the number of lines: two at least, one of them a
/// link or notice (picture credits also name agencies). `not` lists names that are not the
/// site's (the byline's: `Contact Ann Lee`).
pub fn repeated(lines: &[&str], not: &[String]) -> Option<(String, usize)> {
    let mut support: HashMap<String, Support> = HashMap::new();
    for line in lines {
        let mut names = named_in(line);
        names.sort_by_key(|(n, _)| key(n));
        names.dedup_by_key(|(n, _)| key(n));
        for (n, credit) in names {
            let s = support.entry(key(&n)).or_insert_with(|| Support { name: n, ..Support::default() });
            if credit { s.credits += 1 } else { s.links += 1 }
        }
    }
    for line in lines {
        if let Some(s) = support.get_mut(&key(line)) {
            s.alone = true;
        }
    }
    let generic = |k: &str| k.split(' ').all(|w| GENERIC.contains(&w));
    let excluded =
        |k: &str| not.iter().any(|n| key(n) == k) || STOP.contains(&k.split(' ').next().unwrap_or(k)) || generic(k);
    let mut best: Option<&Support> = None;
    let mut keys: Vec<&String> = support.keys().filter(|k| !excluded(k)).collect();
    keys.sort();
    for k in keys {
        let s = &support[k];
        let better =
            best.is_none_or(|b| s.total() > b.total() || (s.total() == b.total() && s.name.len() > b.name.len()));
        if s.links >= 1 && s.total() >= 2 && better {
            best = Some(s);
        }
    }
    best.map(|s| (s.name.clone(), s.total()))
}

/// Words of the names of sections, programmes and services, which pages link to as they
/// link to the site (`More from News`, `Breaking News Alerts`, `About The Company`): a name
/// made of these alone is not the site's.
const GENERIC: &[&str] = &[
    "news",
    "breaking",
    "latest",
    "story",
    "stories",
    "home",
    "live",
    "video",
    "videos",
    "world",
    "sport",
    "sports",
    "politics",
    "business",
    "opinion",
    "company",
    "app",
    "apps",
    "newsletter",
    "newsletters",
    "podcast",
    "podcasts",
    "events",
    "alerts",
];

/// Words of a company's name, not a site's (`Vox Media`, `Telegraph Media Group Limited`).
const COMPANY: &[&str] = &[
    "inc",
    "ltd",
    "llc",
    "limited",
    "media",
    "group",
    "network",
    "corporation",
    "company",
    "interactive",
    "holdings",
    "gmbh",
];

/// Whether a copyright holder spells out the site's repeated name (`The Seattle Times` for
/// `The Times`) rather than naming the company that owns it (`Vox Media` for `Vox`).
pub fn is_longer_form(holder: &str, name: &str) -> bool {
    let h = key(holder);
    let hw: Vec<&str> = h.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let n = key(name);
    !hw.iter().any(|w| COMPANY.contains(w)) && h.len() > n.len() && n.split(' ').any(|w| hw.contains(&w))
}

/// First words that make a phrase the reader's or the page's, not a name (`Contact Us`,
/// `Sign up for our newsletter`).
const STOP: &[&str] = &["us", "our", "your", "my", "me", "a", "an", "all", "this", "more", "home"];

/// The names a line gives the site in (each run of capitalised words read from either end),
/// and whether the line is a picture credit.
fn named_in(line: &str) -> Vec<(String, bool)> {
    let line = line.trim();
    let lower = line.to_lowercase();
    let mut out = Vec::new();
    for p in BEFORE {
        if let Some(rest) = lower.strip_prefix(p).and_then(|r| line.get(line.len() - r.len()..)) {
            out.extend(prefixes(rest).into_iter().map(|n| (n, false)));
        }
    }
    for s in AFTER {
        let head = lower.strip_suffix(s).or_else(|| lower.strip_suffix(&format!("{s}/")));
        if let Some(head) = head.and_then(|h| line.get(..h.len())) {
            out.extend(suffixes(head).into_iter().map(|n| (n, false)));
        }
    }
    out.extend(credited(line, &lower).map(|n| (n, true)));
    out
}

/// `Image: Ann Lee / The Verge`, `Ann Lee/Quanta Magazine`, `Photograph: Ann Lee for the
/// Guardian` → the name after the slash or the `for`, on a credit line or after a person's
/// name.
fn credited(line: &str, lower: &str) -> Option<String> {
    let credit = CREDITS.iter().any(|c| lower.starts_with(c));
    let (before, after) = line.rsplit_once('/').or_else(|| line.rsplit_once(" for ").filter(|_| credit))?;
    let person = before.rsplit(':').next().unwrap_or(before).trim();
    let is_person = (2..=3).contains(&words(person)) && person.split_whitespace().all(|w| is_name_word(w, false));
    let after = after.trim();
    name_run(after).filter(|n| (credit || is_person) && words(n) == words(after))
}

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Every leading run of the capitalised words that make up `s` (up to punctuation): `Lifehacker
/// Followed` → `Lifehacker`, `Lifehacker Followed`; nothing for `a free account`.
fn prefixes(s: &str) -> Vec<String> {
    let Some(run) = name_run(s) else { return Vec::new() };
    if words(&run) != words(cut(s)) {
        return Vec::new();
    }
    let w: Vec<&str> = run.split_whitespace().collect();
    (1..=w.len()).map(|k| w[..k].join(" ")).filter(|n| !is_article(n)).collect()
}

/// Every trailing run of the capitalised words that end `s`: `This BuzzFeed` → `BuzzFeed`,
/// `This BuzzFeed`.
fn suffixes(s: &str) -> Vec<String> {
    let w: Vec<&str> = s.split_whitespace().collect();
    let mut start = w.len();
    while start > 0 && w.len() - start < 4 && is_name_word(w[start - 1], start - 1 == 0) {
        start -= 1;
    }
    (start..w.len()).map(|k| w[k..].join(" ")).filter(|n| !is_article(n) && name_run(n).is_some()).collect()
}

/// The capitalised words (up to four, `the` allowed first) that open `s`, cut at punctuation.
fn name_run(s: &str) -> Option<String> {
    let s = cut(s);
    let mut out = Vec::new();
    for (i, w) in s.split_whitespace().enumerate() {
        if out.len() == 4 || !is_name_word(w, i == 0) {
            break;
        }
        out.push(w);
    }
    let name = out.join(" ");
    (!out.is_empty() && !is_article(&name)).then_some(name)
}

/// `s` up to its first punctuation.
fn cut(s: &str) -> &str {
    s.split([':', '!', '?', '|', ',', ';', '(', '»', '–', '—']).next().unwrap_or(s).trim_end_matches('.').trim()
}

/// A word of a name: capitalised (`Le Monde.fr`, `BuzzFeed`), a figure after the first word,
/// or `the` opening the name.
fn is_name_word(w: &str, first: bool) -> bool {
    let c = w.chars().next();
    c.is_some_and(|c| c.is_uppercase() || (!first && c.is_ascii_digit())) || (first && w.eq_ignore_ascii_case("the"))
}

fn is_article(name: &str) -> bool {
    name.eq_ignore_ascii_case("the")
}

fn key(s: &str) -> String {
    let k = s.trim().to_lowercase();
    k.strip_prefix("the ").map_or(k.clone(), str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(page: &str, expected: Option<&str>) {
        let lines: Vec<&str> = page.lines().collect();
        assert_eq!(repeated(&lines, &["Ann Lee".into()]).map(|(n, _)| n).as_deref(), expected, "{page}");
    }

    #[test]
    fn names_the_furniture_repeats() {
        check("Kotaku\nHome\nA long story about games.\nMore from Kotaku", Some("Kotaku"));
        check("The Verge homepage\nImage: Ann Lee / The Verge\nText.", Some("The Verge"));
        check("Follow Lifehacker Followed\nLifehacker\nText.", Some("Lifehacker"));
        check("The Guardian - Back to home\nSupport the Guardian\nThe Guardian app", Some("The Guardian"));
        check("Get Quanta Magazine delivered to your inbox\nAnn Lee/Quanta Magazine", Some("Quanta Magazine"));
    }

    #[test]
    fn copyright_holders_that_spell_the_name_out() {
        assert!(is_longer_form("The Seattle Times", "The Times"));
        assert!(!is_longer_form("Vox Media, Inc", "Vox"));
        assert!(!is_longer_form("Telegraph Media Group Limited 2017", "The Telegraph"));
        assert!(!is_longer_form("Atlantic Monthly Group", "CityLab"));
    }

    #[test]
    fn one_mention_is_not_enough() {
        check("More from Kotaku\nText.", None);
        check("Follow the money, he said.\nFollow the rules.", None);
        check("Contact Us\nFollow Us\nUs", None);
        check("Contact Ann Lee\nAnn Lee", None);
        check("Inside the Deep Web Drug Lab\nInside the Deep Web Drug Lab", None);
        check("News\nRT News App\nMore from News", None);
        check("About The Company\nSign up for Breaking News Alerts\nBreaking News", None);
        check("Ann Lee/AP\nBo Chen/AP", None);
        check("", None);
    }
}
