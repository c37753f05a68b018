//! Where the article is in a plain-text scrape: the densest run of prose. Every line gets a
//! weight — its length when it reads like prose, a cost when it is a short line (growing
//! with each short line in a row, so menus and link lists cost more than a crosshead), a
//! large cost for "Related"/"More stories" markers — and the article is the run of lines
//! with the largest total (a maximum-sum segment). A comment-section marker after enough
//! prose ends the search: comments are prose too, but never the article.

use std::collections::{HashMap, HashSet};

use super::lines::{self, ends_sentence, normalise};

/// The article's lines: `start..end` of the lines given.
pub type Span = std::ops::Range<usize>;

/// Besides [`lines::COMMENT_OPENERS`], buttons and headings over a comment section.
const COMMENT_MARKERS: &[&str] = &["show comments", "view comments", "discussion"];

/// Prose needed before a comment marker ends the search.
const MIN_ARTICLE: f64 = 80.0;

/// Cost of a "Related" / "More stories" marker.
const MARKER_COST: f64 = -100.0;

/// The length of a line in words; characters of scripts written without spaces count as
/// half a word each.
pub fn size(line: &str) -> f64 {
    if line.is_ascii() {
        // Words are runs of bytes between ASCII white space, as `split_whitespace` counts them.
        let space = crate::text::is_space_byte;
        let bytes = line.as_bytes();
        let starts = bytes.iter().enumerate().filter(|&(i, &b)| !space(b) && (i == 0 || space(bytes[i - 1])));
        return starts.count() as f64;
    }
    let words = line.split_whitespace().count() as f64;
    let cjk = line.chars().filter(|&c| is_cjk(c)).count() as f64;
    words + cjk / 2.0
}

pub fn is_cjk(c: char) -> bool {
    ('\u{3000}'..='\u{9fff}').contains(&c)
        || ('\u{ac00}'..='\u{d7af}').contains(&c)
        || ('\u{ff00}'..='\u{ffef}').contains(&c)
}

/// Whether a line reads like a paragraph of prose.
pub fn is_prose(line: &str) -> bool {
    let n = size(line);
    (ends_sentence(line) && n >= 5.0) || n >= 20.0
}

/// `12 comments`, `34 responses to "…"`.
fn counts_comments(line: &str) -> bool {
    let mut words = line.split_whitespace();
    let (Some(n), Some(w)) = (words.next(), words.next()) else { return false };
    let w = w.to_lowercase();
    n.bytes().all(|b| b.is_ascii_digit())
        && ["response", "responses", "comment", "comments", "replies", "thoughts"].contains(&w.as_str())
}

pub fn is_comment_marker(line: &str) -> bool {
    let key = normalise(line);
    let key = key.trim_end_matches(|c: char| c.is_ascii_digit() || "() ".contains(c));
    lines::COMMENT_OPENERS.contains(&key)
        || COMMENT_MARKERS.contains(&key)
        || key.starts_with("comments (")
        || counts_comments(line)
}

/// `Related: …`, `READ MORE: …`: a link to another article inside the text.
pub fn is_teaser(line: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "related",
        "read more",
        "see more",
        "see also",
        "read also",
        "also read",
        "watch",
        "more",
        "recommended",
        "listen",
    ];
    let lower = line.trim_start().to_lowercase();
    PREFIXES
        .iter()
        .any(|p| lower.strip_prefix(p).is_some_and(|rest| rest.trim_start().starts_with([':', '|']) && rest.len() > 2))
}

/// Chart labels and figures (`$915`, `’17`, `300`): neither prose nor furniture.
fn is_figure(line: &str) -> bool {
    let rest = line.trim_end_matches(|c: char| c.is_alphabetic() || c == ' ');
    let letters = line.chars().filter(|c| c.is_alphabetic()).count();
    letters <= 8
        && rest.chars().any(|c| c.is_ascii_digit())
        && rest.chars().all(|c| c.is_ascii_digit() || " $€£¥%’'.,:/+-".contains(c))
}

/// The weight of each line (see the module doc).
fn weights(lines: &[&str]) -> Vec<f64> {
    let keys: Vec<String> = lines.iter().map(|l| normalise(l)).collect();
    let mut count: HashMap<&str, usize> = HashMap::new();
    for k in &keys {
        *count.entry(k.as_str()).or_default() += 1;
    }
    let mut seen: HashSet<&str> = HashSet::new();
    let mut run = 0.0_f64;
    lines
        .iter()
        .zip(&keys)
        .map(|(l, key)| {
            let key = key.as_str();
            let first = seen.insert(key);
            if lines::is_terminal_key(key) {
                run = 0.0;
                return MARKER_COST;
            }
            if is_teaser(l) {
                run += 1.0;
                return -5.0;
            }
            if is_prose(l) {
                run = 0.0;
                return if first { size(l) } else { -6.0 };
            }
            if is_figure(l) {
                return 0.0;
            }
            run += 1.0;
            let repeated = if count[&key] >= 2 { -6.0 } else { 0.0 };
            -(1.5 + 2.0 * run.min(8.0)) + repeated
        })
        .collect()
}

/// The article's lines: the maximum-sum run of [`weights`], stopping at a comment marker
/// once enough prose has been seen. `None` when nothing weighs more than zero.
pub fn article(lines: &[&str]) -> Option<Span> {
    let ws = weights(lines);
    let (mut best, mut best_span) = (0.0, 0..0);
    let (mut cur, mut start) = (0.0, 0);
    for (i, &w) in ws.iter().enumerate() {
        if is_comment_marker(lines[i]) {
            if best >= MIN_ARTICLE {
                break;
            }
            (cur, start) = (0.0, i + 1);
            continue;
        }
        if cur <= 0.0 {
            (cur, start) = (0.0, i);
        }
        cur += w;
        if cur > best {
            (best, best_span) = (cur, start..i + 1);
        }
    }
    (best > 0.0).then_some(best_span)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROSE: &str =
        "The council voted on Monday to close the old bridge to traffic until repairs are finished next year.";

    #[test]
    fn the_dense_run_of_prose_is_the_article() {
        let lines = [
            "Home",
            "News",
            "Sport",
            "Weather",
            "Bridge to close",
            PROSE,
            PROSE,
            "Advertisement",
            "Repairs will cost about two million pounds, officials said in a statement.",
            "More stories",
            "Other town votes on its budget for the coming year, with a tax rise",
            "Sport",
            "Home",
        ];
        let mut lines = lines.to_vec();
        lines[6] = "Drivers will have to use the ring road, which adds about ten minutes to the trip.";
        assert_eq!(article(&lines), Some(5..9));
    }

    #[test]
    fn comments_after_the_article_are_not_the_article() {
        let article_lines = [
            "The council voted on Monday to close the old bridge to traffic until repairs are finished next year, officials said.",
            "Drivers will have to use the ring road, which adds about ten minutes to the trip into the town centre at peak times.",
            "Repairs will cost about two million pounds, the council said in a statement, and will be paid for from reserves.",
            "The bridge, built in 1890, has been closed to lorries since a survey found cracks in two of its three arches last spring.",
            "Local businesses said they feared losing trade while the work goes on, and asked the council for help with parking.",
        ];
        let comment = "I have lived here for forty years and never once seen this bridge repaired properly, it is a disgrace to the council and to everyone on it.";
        let mut lines = vec!["Bridge to close"];
        lines.extend(article_lines);
        lines.extend(["Comments", comment, "Reply", comment, comment, comment, comment, comment]);
        assert_eq!(article(&lines), Some(1..6));
    }

    #[test]
    fn line_kinds() {
        assert!(is_comment_marker("34 responses to “We needed to win this game”"));
        assert!(is_comment_marker("Comments (12)"));
        assert!(!is_comment_marker("Comments by the minister drew criticism."));
        assert!(is_teaser("RELATED: Bridge closures across the county"));
        assert!(!is_teaser("Related issues were raised."));
        assert!(is_figure("$915") && is_figure("’17") && is_figure("600 billion"));
        assert!(!is_figure("Page 3"));
        assert_eq!(size("宇航员在太空中喝酒"), 1.0 + 4.5);
    }
}
