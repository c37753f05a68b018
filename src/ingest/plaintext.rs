//! Plain-text scrapes: what a browser's select-all-and-copy gives. There is no markup, so each
//! line is judged from its text: the article is the densest run of prose ([`segment`]), the
//! headline, byline and date are read from the lines around its top ([`header`]), the
//! dateline opens the body, the outlet is the dateline's agency, the name the page's links
//! repeat ([`site_name`]) or the copyright holder, and everything else — menus, share
//! buttons, comments, related headlines — is dropped with a reason.

use super::lines::{self, collapse_spaces, copyright_holder, crosshead, furniture_reason};
use super::{dateline, header, segment, site_name};
use crate::model::{Block, BlockKind, Dropped, Extracted};

pub fn extract(text: &str) -> Extracted {
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let mut out = Extracted::default();
    let Some(span) = segment::article(&lines) else {
        out.dropped = lines.iter().map(|l| Dropped::new(*l, "no article prose found")).collect();
        return out;
    };
    let head = header::read(&lines, &span);
    let mut start = span.start;
    if let Some(t) = head.title {
        out.title = Some(collapse_spaces(lines[t]));
        out.why.title = Some(format!("line {}, the likeliest headline above the article", t + 1));
        start = start.max(t + 1);
    }
    if let Some((i, names)) = &head.byline {
        out.why.byline = Some(format!("the line {:?} (line {}) by the headline", lines[*i], i + 1));
        (out.byline, out.bylines) = (Some(names.text.clone()), names.names.clone());
    }
    if let Some((i, d)) = head.date {
        out.why.published = Some(format!("the line {:?} (line {}) by the headline", lines[i], i + 1));
        out.published = Some(d);
    }
    let end = span.end.max(start);
    for (i, l) in lines[..start].iter().enumerate() {
        let reason = match head.title {
            Some(t) if i == t => continue,
            Some(t) if i < t => "before the headline (navigation)",
            _ => "above the article (header, share buttons, captions)",
        };
        out.dropped.push(Dropped::new(*l, reason));
    }
    let meta_lines = [head.byline.as_ref().map(|b| b.0), head.date.map(|d| d.0)];
    read_body(&lines[start..end], start, &meta_lines, &mut out);
    for l in &lines[end..] {
        out.dropped.push(Dropped::new(*l, "after the end of the article (comments, related links, footer)"));
    }
    if out.outlet.is_none() {
        let holder = lines[end..].iter().chain(&lines[..start]).find_map(|l| Some((*l, copyright_holder(l)?)));
        let repeated = site_name::repeated(&lines, &out.bylines);
        (out.outlet, out.why.outlet) = match (repeated, holder) {
            (Some((name, _)), Some((line, holder))) if site_name::is_longer_form(&holder, &name) => {
                (Some(holder), Some(format!("the copyright line {line:?}, which spells out {name:?}")))
            }
            (Some((name, n)), _) => {
                (Some(name), Some(format!("the site's name, as {n} lines of the page's links and credits give it")))
            }
            (None, Some((line, holder))) => (Some(holder), Some(format!("the copyright line {line:?}"))),
            (None, None) => (None, None),
        };
    }
    out
}

/// The body's blocks: furniture and the byline or date lines dropped, crossheads as
/// headings, split paragraphs rejoined; the dateline read from the first paragraph.
fn read_body(body: &[&str], offset: usize, meta_lines: &[Option<usize>], out: &mut Extracted) {
    let mut blocks: Vec<Block> = Vec::new();
    for (i, l) in body.iter().enumerate() {
        if meta_lines.contains(&Some(offset + i)) {
            out.dropped.push(Dropped::new(*l, "byline or date (kept as metadata)"));
        } else if let Some(reason) = furniture_reason(l) {
            out.dropped.push(Dropped::new(*l, reason));
        } else if segment::is_teaser(l) {
            out.dropped.push(Dropped::new(*l, "link to another article"));
        } else if let Some(head) = crosshead(l) {
            blocks.push(Block::heading(head));
        } else {
            blocks.push(Block::paragraph(collapse_spaces(l)));
        }
    }
    lines::drop_caption_toggles(&mut blocks, &mut out.dropped);
    if let Some(first) = blocks.iter().find(|b| b.kind == BlockKind::Paragraph)
        && let Some(d) = dateline::parse(&first.text)
    {
        out.dateline = Some(d.place);
        if let Some(agency) = &d.agency {
            out.why.outlet = Some(format!("the dateline's agency, {agency:?}"));
        }
        out.outlet = d.agency;
        out.month_day = d.month_day;
    }
    out.blocks = lines::rejoin_blocks(blocks);
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
        use crate::model::BlockKind::*;
        assert_eq!(kinds, [(Paragraph, "LONDON"), (Paragraph, "The"), (Heading, "Oil"), (Paragraph, "Brent")]);
        let dropped: Vec<_> = x.dropped.iter().map(|d| d.text.as_str()).collect();
        assert_eq!(dropped, ["Home", "World", "Sport", "By Jane Doe", "Share", "Comments", "Great article!"]);
    }

    #[test]
    fn footer_without_a_marker_ends_the_article() {
        let text = "Big news from Paris today\n\nPARIS (AFP) - Something happened in Paris on Monday, officials said in a statement.\n\n\
            It was the second such event this year, they added, without giving details.\n\nAbout us\nContact\nJobs\nPrivacy\n";
        let x = extract(text);
        assert_eq!(x.title.as_deref(), Some("Big news from Paris today"));
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
