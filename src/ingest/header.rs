//! The lines above an article in a plain-text scrape: headline, byline and date. Pages lay
//! them out the same way — headline, perhaps a standfirst, the byline and the date, share
//! buttons, a picture and its caption, then the text — so the byline or date line nearest
//! the article anchors the search, and the headline is the best headline-like line
//! above it.

use std::collections::HashSet;

use super::byline::{self, Names};
use super::dates;
use super::lines::{collapse_spaces, furniture_reason, normalise};
use super::segment::{is_cjk, is_comment_marker, is_prose, size};
use crate::date::PartialDate;

/// What the header gives; indexes are into the page's lines.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Header {
    pub title: Option<usize>,
    pub byline: Option<(usize, Names)>,
    pub date: Option<(usize, PartialDate)>,
}

/// How far above the article the byline or date may be.
const REACH: usize = 30;

/// Reads the header of the article on lines `article`.
pub fn read(lines: &[&str], article: &std::ops::Range<usize>) -> Header {
    let start = article.start;
    let lo = start.saturating_sub(REACH);
    let hi = lines.len().min(start + 3);
    let is_meta = |i: &usize| by_line_at(lines, *i).is_some() || date_line(lines[*i]).is_some();
    // The run of prose may have started above the header (a standfirst, a teaser, a cookie
    // notice or sign-in sentences): a byline or date among its first lines, by a headline
    // (under it, or just above it), is the header all the same.
    let by_headline =
        |i: usize| (i.saturating_sub(4)..(i + 3).min(article.end)).any(|j| j != i && is_headline(lines[j]));
    let anchor = (lo..hi).rev().find(is_meta).or_else(|| {
        (hi..article.end.saturating_sub(3).min(start + INNER_REACH)).find(|&i| is_meta(&i) && by_headline(i))
    });
    let hi = hi.max(anchor.map_or(0, |a| a + 1));
    let title = best_title(lines, article, anchor);
    // A headline under the date has its byline below it.
    let hi = match title {
        Some(t) if t >= start => hi.max((t + 4).min(lines.len())),
        _ => hi,
    };
    let from = title.unwrap_or(lo);
    // A `By` or date line a few lines under the headline, past a standfirst, a caption or a
    // notice, is the article's.
    let under_title = title.map_or(0..0, |t| hi.max(t + 1)..lines.len().min(t + 1 + BY_REACH));
    let byline = (from..hi).chain(under_title.clone()).find_map(|i| by_line_at(lines, i).map(|b| (i, b)));
    let date_in = |r: std::ops::Range<usize>| r.into_iter().find_map(|i| date_line(lines[i]).map(|d| (i, d)));
    let date = date_in(from..hi).or_else(|| date_in(under_title)).or_else(|| date_in(lo..from));
    // No `By`: the names the date line starts with, or a line of only a name (or names) just
    // above or below it.
    let byline = byline.or_else(|| {
        let (d, _) = date?;
        let beside = [d.checked_sub(1), Some(d + 1)].into_iter().flatten().filter(|&j| j < lines.len());
        let mut beside = beside.filter(|&j| Some(j) != title).filter_map(|j| name_line(lines[j]).map(|n| (j, n)));
        names_on_date_line(lines[d]).map(|n| (d, n)).or_else(|| beside.next())
    });
    Header { title, byline, date }
}

/// How far into the run of prose a byline or date line by a headline is still the header's:
/// a cookie notice, sign-in sentences or a list of teasers may come first. (On the shared
/// corpus any reach from 15 lines to the whole run finds the same headers.)
const INNER_REACH: usize = 20;

/// How far below the headline a `By` line or a date line is looked for.
const BY_REACH: usize = 9;

/// How far above the article (or its anchor) a headline is looked for.
const TITLE_REACH: usize = 45;

/// The likeliest headline for the article on lines `article`, whose byline or date line is
/// `anchor`. Every headline-like line within [`TITLE_REACH`] lines above is weighed: a longer
/// line (up to 20 words) nearer the anchor, one introducing a standfirst, byline or date, one
/// sharing content words with the article's first paragraphs (a headline tells what the lede
/// tells), one repeated above the article (a sticky header and the article's header). A line
/// below a "Related" / "You may also like" marker is another article's headline.
fn best_title(lines: &[&str], article: &std::ops::Range<usize>, anchor: Option<usize>) -> Option<usize> {
    let start = article.start;
    // The line the header ends at: the anchor, or the article's first line.
    let bottom = anchor.unwrap_or(start);
    let hi = match anchor {
        Some(a) if a >= start => (a + 3).min(article.end),
        // The first line of the run of prose may be the headline read as prose.
        _ => (start + 1).min(article.end.saturating_sub(1)).max(start),
    };
    let lo = bottom.min(start).saturating_sub(TITLE_REACH);
    // The lede, from below the anchor and the line weighed: the same for every line above
    // where it starts, so made once for those.
    let lede_start = start.max(anchor.map_or(0, |a| a + 1));
    let common = content_words(&lede(lines, lede_start..article.end));
    let below: Vec<HashSet<String>> =
        (lede_start.max(lo)..hi).map(|i| content_words(&lede(lines, i + 1..article.end))).collect();
    let lede_of = |i: usize| if i < lede_start { &common } else { &below[i - lede_start.max(lo)] };
    let mut after_marker = vec![false; hi.saturating_sub(lo)];
    let mut seen_marker = false;
    for i in lo..hi {
        if super::lines::is_terminal(lines[i]) {
            seen_marker = true;
        } else if is_prose(lines[i]) || byline(lines[i]).is_some() {
            seen_marker = false;
        }
        after_marker[i - lo] = seen_marker;
    }
    // How often each line is repeated above the article, and whether after it.
    let above = line_counts(&lines[lo..start]);
    let after = line_counts(lines.get(article.end..).unwrap_or_default());
    // Where the headline usually is: just above the anchor, else just above the article.
    let expected = match anchor {
        Some(a) => a.saturating_sub(5)..a,
        None => start.saturating_sub(12)..start + 1,
    };
    let score = |i: usize| {
        let l = lines[i];
        let key = normalise(l);
        let distance = bottom.abs_diff(i) as f64;
        let shared = content_words(l).intersection(lede_of(i)).count().min(4) as f64;
        let repeated_above = above.get(&key).is_some_and(|&n| n >= 2);
        let repeated_after = after.contains_key(&key);
        size(l).min(20.0) - 0.3 * distance
            + if introduces(lines, i) { 3.0 } else { 0.0 }
            - if is_standfirst(lines, i) { 5.0 } else { 0.0 }
            + 4.0 * shared
            + if repeated_above { 4.0 } else { 0.0 }
            - if repeated_after && !repeated_above { 4.0 } else { 0.0 }
            - if after_marker[i - lo] { 12.0 } else { 0.0 }
            + if expected.contains(&i) { 5.0 } else { 0.0 }
            // Below the byline or date come pictures and their captions, rarely the headline
            // with its standfirst.
            - if anchor.is_some_and(|a| i > a) && !introduces(lines, i) { 4.0 } else { 0.0 }
    };
    let candidates: Vec<usize> = (lo..hi)
        .filter(|&i| {
            is_headline(lines[i])
                && (i < start || anchor.is_some_and(|a| a > start) || may_open_article(lines[i], lede_of(i)))
        })
        .collect();
    let retellings = retellings(lines, &candidates);
    candidates
        .into_iter()
        .zip(retellings)
        .filter(|&(_, retold)| !retold)
        .map(|(i, _)| (i, score(i)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

/// How far below a headline a line retelling it is looked for.
const RETELLING_REACH: usize = 4;

/// Which of the headline-like lines `candidates` (ascending indexes into `lines`) retell one
/// at most [`RETELLING_REACH`] lines above them in other words: a caption under the headline
/// (`Police blast Standing Rock protesters …` under `Standing Rock protesters hold out …`)
/// or a second headline. The one above is the headline. A retelling shares two content
/// words or more, and at least a third of the line above's, with a line above at least half
/// as long (a short kicker, `Dancing With the Stars`, is not retold by its headline); a
/// line repeated as it is, a sticky header, is no retelling.
fn retellings(lines: &[&str], candidates: &[usize]) -> Vec<bool> {
    let words: Vec<HashSet<String>> = candidates.iter().map(|&i| content_words(lines[i])).collect();
    let retells = |below: usize, above: usize| {
        let (b, a) = (candidates[below], candidates[above]);
        let shared = words[below].intersection(&words[above]).count();
        b - a <= RETELLING_REACH
            && shared >= 2
            && 3 * shared >= words[above].len()
            && 2.0 * size(lines[a]) >= size(lines[b])
            && normalise(lines[a]) != normalise(lines[b])
    };
    (0..candidates.len()).map(|k| (0..k).any(|p| retells(k, p))).collect()
}

/// Each normalised line of `lines` → how many times it occurs.
fn line_counts(lines: &[&str]) -> std::collections::HashMap<String, usize> {
    let mut counts = std::collections::HashMap::new();
    for l in lines {
        *counts.entry(normalise(l)).or_insert(0) += 1;
    }
    counts
}

/// A headline is usually followed by a one-sentence standfirst or the byline.
fn introduces(lines: &[&str], i: usize) -> bool {
    lines.get(i + 1).is_some_and(|n| byline(n).is_some() || (reads_as_standfirst(n) && !is_prose(lines[i])))
}

/// One or two sentences, as a standfirst is: prose ending with a full stop or a question
/// (a title may end in `…` or `:`), or two sentences run on one line.
fn reads_as_standfirst(line: &str) -> bool {
    let t = line.trim_end().trim_end_matches(['"', '\'', '”', '’', '»', ')']);
    let ends = t.ends_with(['.', '!', '?', '。', '！', '？']) && !t.ends_with("...");
    let two_sentences = line.split_whitespace().collect::<Vec<_>>().windows(2).any(|w| {
        w[0].len() > 3 && w[0].ends_with(['.', '?', '!']) && w[1].chars().next().is_some_and(char::is_uppercase)
    });
    size(line) <= 40.0 && ((is_prose(line) && ends) || (two_sentences && size(line) >= 8.0))
}

/// A sentence under a headline-like line is its standfirst.
fn is_standfirst(lines: &[&str], i: usize) -> bool {
    i > 0 && reads_as_standfirst(lines[i]) && is_headline(lines[i - 1]) && !is_prose(lines[i - 1])
}

/// Whether the first line of the run of prose may be the headline read as prose: it does
/// not end like a sentence (an abbreviation such as `N.Y.C.` aside) and it shares words with
/// the lede.
fn may_open_article(line: &str, lede: &HashSet<String>) -> bool {
    let last = line.rsplit(' ').next().unwrap_or(line);
    let abbreviation = last.ends_with('.') && last.trim_end_matches('.').contains('.');
    (abbreviation || !super::lines::ends_sentence(line)) && content_words(line).intersection(lede).next().is_some()
}

/// The article's first paragraphs, about 120 words.
fn lede(lines: &[&str], range: std::ops::Range<usize>) -> String {
    let mut text = String::new();
    // The size of `text`, kept as it grows: lines joined by spaces add up.
    let mut words = 0.0;
    for l in lines.get(range).unwrap_or_default() {
        if words >= 120.0 {
            break;
        }
        if is_prose(l) {
            text.push_str(l);
            text.push(' ');
            words += size(l);
        }
    }
    text
}

/// Words too common to tell what a text is about.
const FUNCTION_WORDS: &[&str] = &[
    "that", "this", "with", "from", "have", "will", "would", "were", "what", "when", "where", "which", "their",
    "there", "they", "them", "than", "then", "been", "into", "about", "after", "over", "more", "most", "some", "your",
    "just", "also", "only", "said", "says", "could", "should", "does", "here", "these", "those", "other", "very",
    "much", "many", "even", "each", "dans", "pour", "avec", "sont", "cette", "mais", "plus", "leur", "nous", "vous",
    "elle", "être", "comme", "tout", "tous", "eine", "einer", "einen", "nicht", "auch", "sich", "sind", "wird",
    "werden", "oder", "aber", "nach", "über", "dass", "durch", "noch", "para", "como", "pero", "está", "este", "esta",
    "desde", "sobre", "todo",
];

/// The content words of a text, for telling whether two texts are about the same thing:
/// lowercase words of four letters or more (cut to their first six, a crude stem), common
/// function words left out; in scripts written without spaces, pairs of characters.
pub fn content_words(text: &str) -> HashSet<String> {
    let lower = text.to_lowercase();
    let mut out = HashSet::new();
    for word in lower.split(|c: char| !c.is_alphanumeric()) {
        if !word.chars().any(is_cjk) {
            if word.chars().nth(3).is_some() && !FUNCTION_WORDS.contains(&word) {
                out.insert(word.chars().take(6).collect());
            }
            continue;
        }
        let mut run: Vec<char> = Vec::new();
        let mut latin = String::new();
        for c in word.chars() {
            if is_cjk(c) {
                run.push(c);
            } else {
                latin.push(c);
                if run.len() >= 2 {
                    out.extend(run.windows(2).map(|w| w.iter().collect::<String>()));
                }
                run.clear();
            }
        }
        if run.len() >= 2 {
            out.extend(run.windows(2).map(|w| w.iter().collect::<String>()));
        }
        if latin.chars().count() >= 4 && !FUNCTION_WORDS.contains(&latin.as_str()) {
            out.insert(latin.chars().take(6).collect());
        }
    }
    out
}

/// `By Jane Doe` (also `BY`, `By:`, and the `Byby` a copied link leaves) → the names,
/// cleaned as [`byline::clean`] does.
pub fn byline(line: &str) -> Option<String> {
    byline_names(line).map(|n| n.text)
}

/// The byline on line `i`: a `By …` line, or `By` alone with the name on the next line
/// (as a copy of `<span>By</span><a>Ann Lee</a>` gives it).
pub fn by_line_at(lines: &[&str], i: usize) -> Option<Names> {
    match lines.get(i + 1) {
        Some(next) if byline::is_label(lines[i]) => byline_names(&format!("By {next}")),
        _ => byline_names(lines[i]),
    }
}

/// `By Ann Lee and Bo Chen` → the byline's text and its names.
pub fn byline_names(line: &str) -> Option<Names> {
    let rest = byline::after_label(line)?;
    let words = rest.split_whitespace().count();
    if words == 0 || words > 14 || rest.ends_with('.') {
        return None;
    }
    let rest = rest.split(['|', '\t', '•']).next().unwrap_or(rest);
    // A date glued on by the copy ends the names, and so does its label.
    let rest = without_date_label(rest);
    let names = match dates::find_in_text(rest) {
        Some(f) => &rest[..f.start],
        None => rest,
    };
    let names = without_time(without_handle(names));
    let names = collapse_spaces(names.trim_end_matches([' ', ',', '-', '–', '—', '·']));
    byline::clean(without_link_word(&names), None)
}

/// Words that label the date a copy glued after the names.
const DATE_LABELS: &[&str] = &["updated", "published", "posted", "modified"];

/// `Kashmira Gander On 11/13/19`, `Umair Irfan Updated Nov 13, 2019`, `Kathy Wise Published
/// in FrontBurner December 14, 2016` → the names before the label of the date (capitalised,
/// so not cut as a link word). `On` and `Last` are surnames too: they label a date only
/// before one (`On 11/13/19`, `On Nov 13`) or before `Updated` (`Last Updated`).
fn without_date_label(names: &str) -> &str {
    let is = |w: &str, labels: &[&str]| labels.iter().any(|l| l.eq_ignore_ascii_case(w.trim_end_matches([':', ','])));
    let words: Vec<&str> = names.split(' ').collect();
    let mut at = 0;
    for (k, w) in words.iter().enumerate() {
        let next = words.get(k + 1).copied().unwrap_or("");
        let labels_a_date = if is(w, &["on"]) {
            next.starts_with(|c: char| c.is_ascii_digit()) || crate::date::month_from_name(next).is_some()
        } else if is(w, &["last"]) {
            is(next, DATE_LABELS)
        } else {
            is(w, DATE_LABELS)
        };
        if k > 0 && labels_a_date {
            return &names[..at];
        }
        at += w.len() + 1;
    }
    names
}

/// `Aja Romano@ajaromano` → `Aja Romano`: a social-media handle glued on by the copy.
fn without_handle(names: &str) -> &str {
    names.split('@').next().unwrap_or(names)
}

/// `Tana Ganeva`, `Tom DiChristopher@tdichristopher`: a line that is only a person's name (two
/// to four capitalised words), as pages print a byline without `By` beside its date.
pub fn name_line(line: &str) -> Option<Names> {
    let name = without_handle(line).trim();
    let capitalised = |w: &str| {
        w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(|c| c.is_alphabetic() || "-.'’".contains(c))
    };
    // Up to three names, each of two to four capitalised words: `Julia Carrie Wong and Sam
    // Levin`, `Ann Lee, Bo Chen & Cy Dunn`.
    let names: Vec<&str> = name.split([',', '&']).flat_map(|p| p.split(" and ")).map(str::trim).collect();
    let is_name = |n: &&str| (2..=4).contains(&n.split_whitespace().count()) && n.split_whitespace().all(capitalised);
    let plain = names.len() <= 3 && names.iter().all(is_name);
    if !plain || is_ui(line) || furniture_reason(line).is_some() {
        return None;
    }
    byline::clean(name, None)
}

/// The names on a date line: after a `By` anywhere on it (`Le Monde | 04.05.2015 | Par
/// Martin Untersinger`), else the one name it starts with, up to a separator or the date
/// (`Will Leitch/November 18, 2016`, `Saibal Dasgupta / TNN / Updated: Oct 9, 2019`, `Alex
/// Perry 1 day ago`; not `New Delhi, News Nation Bureau | Updated …`).
fn names_on_date_line(line: &str) -> Option<Names> {
    const SEPARATORS: [char; 6] = ['/', '|', '·', '—', '–', '\t'];
    if let Some(names) = line.split(SEPARATORS).skip(1).find_map(byline_names) {
        return Some(names);
    }
    let head = line.split(SEPARATORS).next()?;
    let head = without_time(without_date_label(dates::find_in_text(head).map_or(head, |f| &head[..f.start]).trim()));
    let one = !head.contains([',', '&']) && !head.contains(" and ");
    name_line(head).filter(|_| one)
}

/// `Nicole Gallucci on` (`… on December 13, 2016` with the date cut off), `Daniel Bader
/// last updated` → the names: lower-case words left at the end joined the names to what
/// followed.
fn without_link_word(names: &str) -> &str {
    let mut names = names;
    while let Some((head, last)) = names.rsplit_once(' ')
        && last.chars().all(char::is_lowercase)
        && head.contains(' ')
    {
        names = head.trim_end_matches([' ', ',']);
    }
    names
}

/// `Erin Cunningham March 18`, `Ann Lee 3 hours ago` → the names before the month or the
/// figures a copy glued on.
fn without_time(names: &str) -> &str {
    let words: Vec<&str> = names.split(' ').collect();
    let Some(at) = words.iter().position(|w| w.chars().any(|c| c.is_ascii_digit())) else { return names };
    let at =
        if at > 0 && crate::date::month_from_name(words[at - 1].trim_end_matches('.')).is_some() { at - 1 } else { at };
    let len: usize = words[..at].iter().map(|w| w.len() + 1).sum();
    &names[..len.saturating_sub(1).min(names.len())]
}

/// A short line that carries a date: `April 5, 2018 | 6:00 PM`, `Published 24 July 2015`.
pub fn date_line(line: &str) -> Option<PartialDate> {
    // A line that dates a change too is read up to it; one that gives only the change's
    // date gives that.
    let head = dates::before_update(line);
    // Past 16 words before any change's date, it is no date line whichever part is read: the
    // date search, the costly part, is left to short lines (every line of a page is asked).
    if size(head) > 16.0 {
        return None;
    }
    let line = if head.len() < line.len() && dates::find_in_text(head).is_some() { head } else { line };
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
    "please ",
    "upgrade your",
    "turn on",
    "enable ",
    "we'll notify",
    "we will notify",
    "topics:",
    "tags:",
    "filed to",
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
        // Captions and their credits.
        || lower.starts_with("media caption")
        || lower.contains("source:")
        || lower.contains("credit:")
}

/// A date with a clock time (`Dec. 13, 2016, 12:31 PM UTC / Updated …`), however long:
/// a timestamp line, not a headline.
fn is_timestamp(line: &str) -> bool {
    let clock = line.as_bytes().windows(3).any(|w| w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit());
    clock && size(line) <= 20.0 && dates::find_in_text(line).is_some_and(|f| f.date.is_day())
}

/// `« Previous | Next »`, `< Back`: paging links, set off by arrows.
fn is_pager(line: &str) -> bool {
    let t = line.trim();
    t.starts_with(['«', '‹', '<', '←']) || t.ends_with(['»', '›', '>', '→']) || t.contains(" >> ")
}

/// Words run together by the copy, as menus and tag lists come out (`ShopSubscribe`,
/// `chaos theorycomputer sciencedynamical`, `2023.CreditCredit`): a word of 25 letters or
/// more, two lowercase-to-capital joins in one word, or a sentence end glued to the next word.
fn glued(line: &str) -> bool {
    line.split_whitespace().any(|w| {
        let cs: Vec<char> = w.chars().collect();
        let letters = cs.iter().filter(|&&c| c.is_alphabetic() && !is_cjk(c)).count();
        let joins = cs.windows(2).filter(|p| p[0].is_lowercase() && p[1].is_uppercase()).count();
        let sentence_glued = cs.windows(4).any(|p| {
            (p[0].is_lowercase() || p[0].is_ascii_digit()) && p[1] == '.' && p[2].is_uppercase() && p[3].is_lowercase()
        });
        letters >= 25 && !w.contains(['-', '/']) || joins >= 2 || sentence_glued
    })
}

/// A line that can be a headline: 4 to 30 words (three-word lines are buttons and names
/// far more often), not a sentence ending in a full stop, not
/// furniture, a byline, a date or a button.
pub fn is_headline(line: &str) -> bool {
    let n = size(line);
    let cjk = line.chars().filter(|&c| is_cjk(c)).count();
    let t = line.trim_end();
    // `N.Y.C.`, `U.S.`: an abbreviation, not the end of a sentence.
    let last = t.rsplit(' ').next().unwrap_or(t);
    let abbreviation = last.trim_end_matches('.').contains('.');
    let full_stop = t.ends_with('.') && !t.ends_with("...") && !abbreviation;
    (4.0..=30.0).contains(&n)
        && (cjk == 0 || cjk >= 8)
        && !full_stop
        && furniture_reason(line).is_none()
        && !super::lines::is_terminal(line)
        && !is_comment_marker(line)
        && !is_ui(line)
        && !is_pager(line)
        && !glued(line)
        && byline(line).is_none()
        && (date_line(line).is_none() || n > 10.0)
        && !is_timestamp(line)
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
        assert_eq!(h.byline.map(|(i, n)| (i, n.text)), Some((4, "Ann Lee and Bo Chen".to_owned())));
        assert_eq!(h.date.map(|(i, d)| (i, d.iso())), Some((5, "2017-01-09".to_owned())));
    }

    #[test]
    fn the_headline_shares_words_with_the_lede() {
        let lines = [
            "Home",
            "Un troisième Français mort dans le séisme au Népal",
            "AFP 30 avril 2015",
            "Sur le même sujet",
            "Népal : la longue attente des familles de disparus",
            "Par Sébastien Farcis",
            "Un troisième Français a été tué dans le tremblement de terre au Népal, a annoncé le Quai d'Orsay jeudi.",
        ];
        // The related headline under "Sur le même sujet" is nearer, but another article's.
        assert_eq!(read(&lines, &(6..7)).title, Some(1));
        assert!(content_words("The Hidden Heroines of Chaos").contains("heroin"));
        assert!(!content_words("What they would have said").contains("would"));
        assert!(content_words("宇航员在太空").contains("太空"));
    }

    #[test]
    fn the_headline_far_above_share_buttons() {
        let mut lines = vec!["Menu", "How to Program Your Mind to Stop Buying Things You Don't Need", "Patrick Allan"];
        lines.extend(["Share to Facebook"; 25]);
        lines.push("We all buy things from time to time that we don't really need, and it is okay to want things.");
        let n = lines.len();
        assert_eq!(read(&lines, &(n - 1..n)).title, Some(1));
    }

    #[test]
    fn the_headline_above_its_standfirst_and_sticky_header() {
        let lines = [
            "Attack stokes instability fears in North Africa",
            "Sign In",
            "Attack stokes instability fears in North Africa",
            "Gunmen attacked a museum in Tunis. Tourists were among the dead.",
            "By Erin Cunningham March 18",
            "At least 17 dead in Tunisia after attack in capital city",
            "Security forces in Tunisia stormed the museum after the attack, freeing hostages and ending the siege.",
        ];
        assert_eq!(read(&lines, &(6..7)).title, Some(2));
        assert!(is_standfirst(&lines, 3) && !is_standfirst(&lines, 2));
        assert!(introduces(&lines, 2));
    }

    #[test]
    fn the_headline_read_as_the_first_line_of_prose() {
        let lines = [
            "Supported by",
            "Manhole Fires and Burst Pipes: How Winter Wreaks Havoc Underneath N.Y.C.",
            "Manhole fires and burst pipes are a winter ritual underneath the city, and the rock salt makes them worse.",
        ];
        assert_eq!(read(&lines, &(1..3)).title, Some(1));
        // A first line ending like a sentence is the lede, not the headline.
        let lede = content_words(lines[2]);
        assert!(!may_open_article("Manhole fires are a winter ritual, officials said.", &lede));
    }

    #[test]
    fn a_date_above_the_headline_inside_the_run_of_prose() {
        let lines = [
            "Reporting on what you care about. We hold major institutions accountable.",
            "Self care and ideas to help you live a healthier, happier life.",
            "Something for everyone interested in hair, makeup, style and body positivity.",
            "Celebrity",
            "Posted on 3 Oct 2016",
            "People Are Calling Out This Edited Picture Of Demi Lovato",
            "Lovato said: \"Is that how my body should look?\"",
            "by Ikran Dahir",
            "A few months ago an artist from Romania drew this image of Demi Lovato as a mermaid, and it spread.",
            "The drawing recently resurfaced, and it did not go down well with the singer, who commented on it.",
            "Lovato has previously spoken out about her body image, as well as her eating disorder, many times.",
        ];
        let h = read(&lines, &(0..11));
        assert_eq!(h.title, Some(5));
        assert_eq!(h.byline.map(|(i, n)| (i, n.text)), Some((7, "Ikran Dahir".to_owned())));
        assert_eq!(h.date.map(|(i, d)| (i, d.iso())), Some((4, "2016-10-03".to_owned())));
    }

    #[test]
    fn a_header_under_a_cookie_notice_and_sign_in_sentences() {
        let mut lines = vec![
            "We use cookies and similar technologies to improve your experience, personalise content and ads.",
            "Accept and continue",
            "Sign in to your account to save articles and follow the topics you care about.",
        ];
        lines.extend(["Register", "Take the tour", "Sign in", "Help", "Newsletters", "Contact us", "Privacy"]);
        lines.extend([
            "How the brain turns a hunch into a conscious thought",
            "Published Thursday 27 July 2017",
            "By Ana Sandoiu",
            "Most of the work our brains do happens below awareness, a new study of the moment of insight says.",
            "Researchers asked volunteers to solve word puzzles while their brain activity was being recorded.",
            "The insight, they found, arrives about a third of a second before people say they have it.",
        ]);
        // The date line is twelve lines into the run of prose that the cookie notice opens.
        let h = read(&lines, &(0..lines.len()));
        assert_eq!(h.title, Some(10));
        assert_eq!(h.byline.map(|(i, n)| (i, n.text)), Some((12, "Ana Sandoiu".to_owned())));
        assert_eq!(h.date.map(|(i, d)| (i, d.iso())), Some((11, "2017-07-27".to_owned())));
    }

    #[test]
    fn a_caption_retelling_the_headline_is_not_it() {
        let lines = [
            "Dakota Access pipeline",
            "Standing Rock protesters hold out against extraordinary police violence",
            "This article is more than 5 years old",
            "Apprehension and distrust pervade the protest site as promises from the state fall short.",
            "Police blast Standing Rock protesters with water cannon and rubber bullets – video",
            "Julia Carrie Wong and Sam Levin",
            "Tue 29 Nov 2016 15.26 EST",
            "Police violence against Standing Rock protesters in North Dakota has risen to extraordinary levels, and activists fear worse.",
        ];
        assert_eq!(read(&lines, &(7..8)).title, Some(1));
        // A kicker above the headline is not retold by it, nor a teaser sharing two words.
        let lines = [
            "Jonas Brothers Added to 2019 American Music Awards Performance Lineup",
            "Dancing With the Stars",
            "The Doobie Brothers Set 50th Anniversary Tour of North America",
        ];
        assert_eq!(retellings(&lines, &[0, 1, 2]), [false, false, false]);
        // A line repeated as it is (a sticky header) is no retelling.
        assert_eq!(
            retellings(&["Talks stall in Geneva again", "Talks stall in Geneva again"], &[0, 1]),
            [false, false]
        );
    }

    #[test]
    fn bylines() {
        assert_eq!(byline("By Tom Perry, Reuters").as_deref(), Some("Tom Perry, Reuters"));
        assert_eq!(byline("Byby JOSH HASKELL").as_deref(), Some("JOSH HASKELL"));
        assert_eq!(
            byline("By Kathy Wise Published in FrontBurner December 14, 2016 2:24 pm").as_deref(),
            Some("Kathy Wise")
        );
        assert_eq!(byline("By Erin Cunningham March 18").as_deref(), Some("Erin Cunningham"));
        assert_eq!(byline("By: Ann Lee and Bo Chen").as_deref(), Some("Ann Lee and Bo Chen"));
        assert_eq!(byline("By Kashmira Gander On 11/13/19 at 4:00 PM EST").as_deref(), Some("Kashmira Gander"));
        assert_eq!(byline("By Umair Irfan Updated Nov 13, 2019, 10:28am EST").as_deref(), Some("Umair Irfan"));
        assert_eq!(byline("By Ann Lee Last Updated: Nov 13, 2019").as_deref(), Some("Ann Lee"));
        // `On` and `Last` are names too, unless a date or `Updated` follows.
        assert_eq!(byline("By Jonathan Last").as_deref(), Some("Jonathan Last"));
        assert_eq!(byline("By Wai On and Ann Lee").as_deref(), Some("Wai On and Ann Lee"));
        assert_eq!(byline("By Nicole Gallucci on December 13, 2016").as_deref(), Some("Nicole Gallucci"));
        assert_eq!(byline("By Sage Lazzaro • 12/16/16 12:21pm").as_deref(), Some("Sage Lazzaro"));
        assert_eq!(byline("By Daniel Bader last updated 4 April 17").as_deref(), Some("Daniel Bader"));
        assert_eq!(byline("By Aja Romano@ajaromano Dec 10, 2016, 10:20am EST").as_deref(), Some("Aja Romano"));
        assert_eq!(name_line("Tom DiChristopher@tdichristopher").map(|n| n.text).as_deref(), Some("Tom DiChristopher"));
        assert_eq!(name_line("Tana Ganeva").map(|n| n.text).as_deref(), Some("Tana Ganeva"));
        assert_eq!(name_line("Share this story").map(|n| n.text), None);
        assert_eq!(name_line("Politics").map(|n| n.text), None);
        // Several names, as a page prints them beside its date.
        let names = |l: &str| name_line(l).map(|n| n.names);
        assert_eq!(
            names("Julia Carrie Wong and Sam Levin"),
            Some(vec!["Julia Carrie Wong".into(), "Sam Levin".into()])
        );
        assert_eq!(names("Ann Lee, Bo Chen & Cy Dunn").map(|n| n.len()), Some(3));
        assert_eq!(names("Robert Burns, AP National Security Writer"), Some(vec!["Robert Burns".into()]));
        assert_eq!(names("Terms and Conditions"), None);
        assert_eq!(names("Ann Lee and others"), None);
        // The names a date line carries: after a `By` anywhere on it, else one name first.
        let on_date = |l: &str| names_on_date_line(l).map(|n| n.text);
        assert_eq!(on_date("Will Leitch/November 18, 2016").as_deref(), Some("Will Leitch"));
        assert_eq!(
            on_date("Saibal Dasgupta / TNN / Updated: Oct 9, 2019, 11:05 IST").as_deref(),
            Some("Saibal Dasgupta")
        );
        assert_eq!(
            on_date("Le Monde | 04.05.2015 à 13h36 | Par Martin Untersinger").as_deref(),
            Some("Martin Untersinger")
        );
        assert_eq!(on_date("New Delhi, News Nation Bureau | Updated : 19 November 2019"), None);
        assert_eq!(on_date("Monday, March 5, 2018 | 6:00 PM"), None);
        assert_eq!(byline("著者：後藤大地").as_deref(), Some("後藤大地"));
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
        assert!(!is_headline("Please upgrade your browser"));
        assert!(!is_headline("Dec. 13, 2016, 12:31 PM UTC / Updated Dec. 13, 2016, 6:06 PM UTC"));
        assert!(!is_headline("Topics: uber, libertarians, sharing economy, Technology News"));
        assert!(!is_headline("Media caption Mr Obama told the BBC that gun control was his frustration"));
        assert!(is_headline("Manhole Fires and Burst Pipes: How Winter Wreaks Havoc Underneath N.Y.C."));
    }

    #[test]
    fn pagers_and_glued_words_are_not_headlines() {
        assert!(!is_headline("« Vorige | Nächste »"));
        assert!(!is_headline("首页 >> 教育资讯 >> 教育新闻 >> 正文"));
        assert!(!is_headline(
            "chaos theorycomputer sciencedynamical systemshistory of sciencemathematicsphysicspodcastAll topics"
        ));
        assert!(!is_headline("Interest payments could surpass the budget in 2023.CreditCreditJeon Heon-Kyun/EPA"));
        assert!(!is_headline("LatestVideoThe BestsSplitscreenHighlight ReelCosplayReviewShop"));
        assert!(is_headline("YouTube and PlayStation sign a deal with McDonald's"));
    }
}
