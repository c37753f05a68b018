//! Plain-text scrapes: what a browser's select-all-and-copy gives. There is no markup, so each
//! line is judged from its text: the headline, a byline, the dateline that opens the body, the
//! dense run of prose that is the article, and the furniture around it (menus, share buttons,
//! comments, related headlines), which is dropped with a reason.

use super::lines::{self, collapse_spaces, crosshead, furniture_reason, is_sentence_like, is_terminal};
use super::{Block, Dropped, Extracted, dateline};

/// One non-empty line of the seed.
struct Line<'a> {
    text: &'a str,
}

pub fn extract(text: &str) -> Extracted {
    let units: Vec<Line> = text.lines().map(str::trim).filter(|l| !l.is_empty()).map(|text| Line { text }).collect();
    let mut out = Extracted::default();
    let Some(start) = body_start(&units) else {
        out.dropped = units.iter().map(|u| Dropped::new(u.text, "no article prose found")).collect();
        return out;
    };
    let title_at = title_index(&units[..start]);
    for (i, u) in units[..start].iter().enumerate() {
        if Some(i) == title_at {
            out.title = Some(collapse_spaces(u.text));
        } else if let Some(by) = byline(u.text) {
            out.byline.get_or_insert(by);
        } else {
            let reason = if title_at.is_some_and(|t| i < t) {
                "before the headline (navigation)"
            } else {
                "between the headline and the article"
            };
            out.dropped.push(Dropped::new(u.text, reason));
        }
    }
    read_body(&units[start..], &mut out);
    out
}

/// The first line of the article body: a dateline, or the first line of a dense run of prose.
fn body_start(units: &[Line]) -> Option<usize> {
    let dense = |i: usize| {
        let window = &units[i..units.len().min(i + 4)];
        is_sentence_like(units[i].text)
            && window.iter().filter(|u| is_sentence_like(u.text)).count() >= window.len().min(3)
    };
    units
        .iter()
        .position(|u| dateline::parse(u.text).is_some() && is_sentence_like(u.text))
        .or_else(|| (0..units.len()).find(|&i| units[i].text.split_whitespace().count() >= 15 && dense(i)))
        .or_else(|| (0..units.len()).find(|&i| is_sentence_like(units[i].text)))
}

/// The headline: the nearest line before the body that is neither furniture, a byline nor
/// prose.
fn title_index(header: &[Line]) -> Option<usize> {
    header.iter().rposition(|u| {
        let words = u.text.split_whitespace().count();
        furniture_reason(u.text).is_none() && byline(u.text).is_none() && (2..=30).contains(&words)
    })
}

/// `By Jane Doe` (or `By Jane Doe and John Roe, Reuters`) → the names.
fn byline(line: &str) -> Option<String> {
    let rest = line.strip_prefix("By ").or_else(|| line.strip_prefix("BY "))?;
    let words = rest.split_whitespace().count();
    (words > 0 && words <= 10 && !rest.ends_with('.')).then(|| collapse_spaces(rest))
}

/// Reads body lines until the article ends; drops furniture; finds the dateline.
fn read_body(units: &[Line], out: &mut Extracted) {
    let mut paragraphs: Vec<Block> = Vec::new();
    let mut end = units.len();
    for (i, u) in units.iter().enumerate() {
        if !paragraphs.is_empty() && (is_terminal(u.text) || starts_footer(&units[i..])) {
            end = i;
            break;
        }
        if let Some(reason) = furniture_reason(u.text) {
            out.dropped.push(Dropped::new(u.text, reason));
        } else if let Some(head) = crosshead(u.text) {
            paragraphs.push(Block::heading(head));
        } else {
            paragraphs.push(Block::paragraph(collapse_spaces(u.text)));
        }
    }
    for u in &units[end..] {
        out.dropped.push(Dropped::new(u.text, "after the end of the article (comments, related links, footer)"));
    }
    if let Some(first) = paragraphs.iter().find(|b| b.kind == super::BlockKind::Paragraph)
        && let Some(d) = dateline::parse(&first.text)
    {
        out.dateline = Some(d.place);
        out.outlet = d.agency;
        out.month_day = d.month_day;
    }
    out.blocks = lines::rejoin_blocks(paragraphs);
}

/// Three or more short lines in a row after the article: a footer or link list.
fn starts_footer(rest: &[Line]) -> bool {
    rest.len() >= 3
        && rest[..3].iter().all(|u| {
            u.text.split_whitespace().count() < 6 && !lines::ends_sentence(u.text) && crosshead(u.text).is_none()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_byline_dateline_and_body() {
        let text = "Home\nWorld\nSport\n\nMarkets rally on rate cut hopes\n\nBy Jane Doe\n\n\
            LONDON (Reuters) - Stocks rose on Monday as investors bet that central banks would cut rates soon.\n\n\
            Share\n\nThe FTSE 100 gained 1.2 percent by the close, its best day in a month, traders said.\n\n\
            - Oil slips -\n\nBrent crude fell 40 cents to $71 a barrel in late trading in London on Monday.\n\n\
            Comments\n\nGreat article!\n";
        let x = extract(text);
        assert_eq!(x.title.as_deref(), Some("Markets rally on rate cut hopes"));
        assert_eq!(x.byline.as_deref(), Some("Jane Doe"));
        assert_eq!((x.dateline.as_deref(), x.outlet.as_deref()), (Some("LONDON"), Some("Reuters")));
        let kinds: Vec<_> = x.blocks.iter().map(|b| (b.kind, b.text.split(' ').next().unwrap())).collect();
        use crate::ingest::BlockKind::*;
        assert_eq!(kinds, [(Paragraph, "LONDON"), (Paragraph, "The"), (Heading, "Oil"), (Paragraph, "Brent")]);
        let dropped: Vec<_> = x.dropped.iter().map(|d| d.text.as_str()).collect();
        assert_eq!(dropped, ["Home", "World", "Sport", "Share", "Comments", "Great article!"]);
    }

    #[test]
    fn footer_without_a_marker_ends_the_article() {
        let text = "Big news today\n\nPARIS (AFP) - Something happened in Paris on Monday, officials said in a statement.\n\n\
            It was the second such event this year, they added, without giving details.\n\nAbout us\nContact\nJobs\nPrivacy\n";
        let x = extract(text);
        assert_eq!(x.blocks.len(), 2);
        assert_eq!(x.dropped.len(), 4);
    }

    #[test]
    fn no_prose_means_no_body() {
        let x = extract("Home\nNews\nSport\n");
        assert!(x.blocks.is_empty());
        assert_eq!(x.dropped.len(), 3);
    }
}
