//! The lines above an article in a plain-text scrape: headline, byline and date. Pages lay
//! them out the same way — headline, perhaps a standfirst, the byline and the date, share
//! buttons, a picture and its caption, then the text — so the byline or date line nearest
//! the article anchors the search, and the headline is the best headline-like line
//! above it.

use super::dates;
use super::lines::{collapse_spaces, furniture_reason, normalise};
use super::segment::{is_cjk, is_comment_marker, is_prose, size};
use crate::date::PartialDate;

/// What the header gives; indexes are into the page's lines.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Header {
    pub title: Option<usize>,
    pub byline: Option<(usize, String)>,
    pub date: Option<(usize, PartialDate)>,
}

/// How far above the article the byline or date may be.
const REACH: usize = 30;

/// Reads the header of the article on lines `article`.
pub fn read(lines: &[&str], article: &std::ops::Range<usize>) -> Header {
    let start = article.start;
    let lo = start.saturating_sub(REACH);
    let hi = lines.len().min(start + 3);
    let is_meta = |i: &usize| byline(lines[*i]).is_some() || date_line(lines[*i]).is_some();
    // The run of prose may have started above the header (a standfirst, a teaser): a byline
    // or date among its first lines, under a headline, is the header all the same.
    let anchor = (lo..hi).rev().find(is_meta).or_else(|| {
        (hi..article.end.saturating_sub(3).min(start + 8))
            .find(|i| is_meta(i) && best_headline(lines, i.saturating_sub(4)..*i).is_some())
    });
    let hi = hi.max(anchor.map_or(0, |a| a + 1));
    let title = anchor
        .and_then(|a| best_headline(lines, a.saturating_sub(4)..a))
        .or_else(|| best_headline(lines, start.saturating_sub(12)..start));
    let from = title.unwrap_or(lo);
    let byline = (from..hi).find_map(|i| byline(lines[i]).map(|b| (i, b)));
    let date_in = |r: std::ops::Range<usize>| r.into_iter().find_map(|i| date_line(lines[i]).map(|d| (i, d)));
    let date = date_in(from..hi).or_else(|| date_in(lo..from));
    Header { title, byline, date }
}

/// The likeliest headline among `range`: a longer line (up to 20 words) nearer the end.
fn best_headline(lines: &[&str], range: std::ops::Range<usize>) -> Option<usize> {
    let end = range.end;
    // A headline is usually followed by a one-sentence standfirst or the byline.
    let introduces = |i: usize| {
        lines.get(i + 1).is_some_and(|n| byline(n).is_some() || (is_prose(n) && size(n) <= 40.0 && !is_prose(lines[i])))
    };
    let score = |i: usize| size(lines[i]).min(20.0) - 0.3 * (end - i) as f64 + if introduces(i) { 3.0 } else { 0.0 };
    range.filter(|&i| is_headline(lines[i])).max_by(|&a, &b| score(a).total_cmp(&score(b)))
}

/// `By Jane Doe` (also `BY`, and the `Byby` a copied link leaves) → the names.
pub fn byline(line: &str) -> Option<String> {
    let rest = ["By ", "BY ", "by ", "Byby ", "Par ", "Von ", "Por "].iter().find_map(|p| line.strip_prefix(p))?;
    let words = rest.split_whitespace().count();
    if words == 0 || words > 14 || rest.ends_with('.') {
        return None;
    }
    let rest = rest.split(['|', '\t']).next().unwrap_or(rest);
    // A date glued on by the copy ends the names.
    let names = match dates::find_in_text(rest) {
        Some(f) => &rest[..f.start],
        None => rest,
    };
    let names = collapse_spaces(names.trim_end_matches([' ', ',', '-', '–', '—', '·']));
    (!names.is_empty()).then_some(names)
}

/// A short line that carries a date: `April 5, 2018 | 6:00 PM`, `Published 24 July 2015`.
pub fn date_line(line: &str) -> Option<PartialDate> {
    if size(line) > 16.0 {
        return None;
    }
    dates::find_in_text(line).map(|f| f.date).filter(PartialDate::is_day)
}

/// Phrases of buttons, forms and credits, which are never headlines.
const UI_STARTS: &[&str] = &[
    "share",
    "sign up",
    "sign in",
    "subscribe",
    "click here",
    "skip to",
    "follow",
    "download",
    "get the",
    "get our",
    "join",
    "log in",
    "login",
    "watch",
    "listen",
    "read more",
    "read next",
    "advertis",
    "do not sell",
    "image",
    "photo",
    "newsletter",
    "see more",
    "view",
    "more on",
    "privacy",
    "cookie",
    "terms",
    "create an account",
    "log out",
];

/// Words that open a date or time line rather than a headline.
const DATE_STARTS: &[&str] =
    &["published", "updated", "posted", "publié", "mis à jour", "last updated", "veröffentlicht"];

fn is_ui(line: &str) -> bool {
    let lower = line.to_lowercase();
    let has_time = line.as_bytes().windows(3).any(|w| w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit());
    if has_time && size(line) <= 6.0 || DATE_STARTS.iter().any(|p| lower.starts_with(p)) {
        return true;
    }
    UI_STARTS.iter().any(|p| lower.starts_with(p))
        || lower.contains("newsletter")
        || lower.contains("getty images")
        || lower.contains("(photo")
        || lower.contains("(opens in")
        || [" > ", "\t>\t", " » ", " › "].iter().any(|sep| line.matches(sep).count() >= 2)
        || lower.contains("©")
}

/// A line that can be a headline: 4 to 30 words (three-word lines are buttons and names
/// far more often), not a sentence ending in a full stop, not
/// furniture, a byline, a date or a button.
pub fn is_headline(line: &str) -> bool {
    let n = size(line);
    let cjk = line.chars().filter(|&c| is_cjk(c)).count();
    let t = line.trim_end();
    let full_stop = t.ends_with('.') && !t.ends_with("...");
    (4.0..=30.0).contains(&n)
        && (cjk == 0 || cjk >= 8)
        && !full_stop
        && furniture_reason(line).is_none()
        && !super::lines::is_terminal(line)
        && !is_comment_marker(line)
        && !is_ui(line)
        && byline(line).is_none()
        && (date_line(line).is_none() || n > 10.0)
        && !(is_prose(line) && n >= 20.0)
        && !normalise(line).is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_byline_and_date_above_the_article() {
        let lines = [
            "Home",
            "World",
            "Talks stall in Geneva",
            "Delegations fail to agree on an agenda.",
            "By Ann Lee and Bo Chen",
            "Updated January 9, 2017 | 6:00 PM",
            "Share",
            "GENEVA (Reuters) - Peace talks stalled on Monday after the two delegations failed to agree.",
        ];
        let h = read(&lines, &(7..8));
        assert_eq!(h.title, Some(2));
        assert_eq!(h.byline, Some((4, "Ann Lee and Bo Chen".to_owned())));
        assert_eq!(h.date.map(|(i, d)| (i, d.iso())), Some((5, "2017-01-09".to_owned())));
    }

    #[test]
    fn bylines() {
        assert_eq!(byline("By Tom Perry, Reuters").as_deref(), Some("Tom Perry, Reuters"));
        assert_eq!(byline("Byby JOSH HASKELL").as_deref(), Some("JOSH HASKELL"));
        assert_eq!(
            byline("By Kathy Wise Published in FrontBurner December 14, 2016 2:24 pm").as_deref(),
            Some("Kathy Wise Published in FrontBurner")
        );
        assert_eq!(byline("By then it was too late."), None);
        assert_eq!(byline("Bylines"), None);
    }

    #[test]
    fn headlines() {
        assert!(is_headline("Assad vows to retake Raqa and 'every inch' of Syria"));
        assert!(!is_headline("Share on Facebook"));
        assert!(!is_headline("Sign up for our newsletter"));
        assert!(!is_headline("The dress was stolen from her room."));
        assert!(!is_headline("Menu"));
    }
}
