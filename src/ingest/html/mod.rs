//! Saved-HTML seeds ("Save page as"): the metadata from the page's own tags
//! ([`metadata`], chosen in [`fields`]), the article's text from its main content
//! ([`content`]), then the same clean-up as the text readers: the headline and byline lines
//! taken out of the body, furniture dropped with a reason. The output is plain text, never
//! HTML.

pub mod content;
mod depth;
pub mod fields;
pub mod metadata;

use super::lines::{self, furniture_reason};
use super::{byline, dateline, segment};
use crate::model::{Block, BlockKind, Dropped, Extracted};

/// Extracts an article from a saved page. Errors are messages for a diagnostic.
pub fn extract(html: &str) -> Result<Extracted, String> {
    if !looks_like_html(html) {
        return Err("the file has no HTML elements".into());
    }
    let Some(doc) = depth::parse(html) else {
        return Err(format!(
            "the page nests its elements more than {} deep, too deep to read as an article",
            depth::MAX_DEPTH
        ));
    };
    let body = doc.select("body").nodes().first().copied();
    let Some(body) = body.filter(|b| !b.text().trim().is_empty()) else {
        return Err("the page has no body text".into());
    };
    let page = content::blocks_of(&body);
    let mut out = fields::choose(&metadata::collect(&doc), &page);
    clean_body(content::main_content(doc), &mut out);
    out.language = out.language.take().filter(|l| super::language::is_plausible(l, &out.blocks));
    Ok(out)
}

/// Whether the text has markup at all (a `<` followed by a tag name).
fn looks_like_html(text: &str) -> bool {
    text.match_indices('<')
        .take(1000)
        .any(|(i, _)| text[i + 1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '!'))
}

/// Takes the headline and byline out of the body, drops furniture, reads the dateline.
fn clean_body(blocks: Vec<Block>, out: &mut Extracted) {
    let mut sieve = Sieve { title_key: out.title.as_deref().map(key), ..Sieve::default() };
    let mut body: Vec<Block> = Vec::with_capacity(blocks.len());
    for b in blocks {
        match sieve.reason(&b, body.len() < 3, out) {
            Some(reason) => out.dropped.push(Dropped::new(b.text, reason)),
            None => body.push(b),
        }
    }
    lines::drop_caption_toggles(&mut body, &mut out.dropped);
    read_dateline(&body, out);
    out.blocks = lines::rejoin_blocks(body);
}

/// What [`clean_body`] remembers from block to block.
#[derive(Default)]
struct Sieve {
    title_key: Option<String>,
    /// Under a "You may also like" / "Don't miss" marker: its list of links, up to the next
    /// paragraph of prose.
    in_list: bool,
    /// The paragraphs seen so far, by [`key`].
    seen: std::collections::HashSet<String>,
}

impl Sieve {
    /// Why block `b` is dropped, `None` when it is the article's. A byline at the top is
    /// taken into `out` when the metadata gave none.
    fn reason(&mut self, b: &Block, near_top: bool, out: &mut Extracted) -> Option<&'static str> {
        let k = key(&b.text);
        // A paragraph the content repeats word for word is a caption or a promotion.
        if b.kind == BlockKind::Paragraph && !k.is_empty() && !self.seen.insert(k.clone()) {
            return Some("repeated paragraph (caption or promotion)");
        }
        if is_list_marker(&b.text) {
            self.in_list = true;
            return Some("related links marker");
        }
        self.in_list &= !segment::is_prose(&b.text);
        if self.in_list || segment::is_teaser(&b.text) {
            return Some("link to another article");
        }
        if near_top && self.title_key.as_deref() == Some(k.as_str()) {
            return Some("the headline (kept as the title)");
        }
        if near_top && (is_byline_line(&b.text, out.byline.as_deref()) || names_the_byline(&b.text, out)) {
            take_byline(&b.text, out);
            return Some("byline (kept as the byline)");
        }
        furniture_reason(&b.text)
    }
}

/// The byline line at the top of the text, when the metadata gave no byline.
fn take_byline(text: &str, out: &mut Extracted) {
    if out.byline.is_none()
        && let Some(n) = byline::clean(text, out.outlet.as_deref())
    {
        out.why.byline = Some(format!("the line {text:?} at the top of the article's text"));
        (out.byline, out.bylines) = (Some(n.text), n.names);
    }
}

/// The dateline of the first paragraph, and its agency as the outlet when there is none.
fn read_dateline(body: &[Block], out: &mut Extracted) {
    if let Some(first) = body.iter().find(|b| b.kind == BlockKind::Paragraph)
        && let Some(d) = dateline::parse(&first.text)
    {
        out.dateline = Some(d.place);
        if out.outlet.is_none()
            && let Some(agency) = d.agency
        {
            out.why.outlet = Some(format!("the dateline's agency, {agency:?}"));
            out.outlet = Some(agency);
        }
        out.month_day = d.month_day;
    }
}

/// A block that opens a list of links to other articles.
fn is_list_marker(text: &str) -> bool {
    let k = lines::normalise(text);
    lines::is_terminal(text) || ["more", "don't miss", "don’t miss", "more:", "read more"].contains(&k.as_str())
}

/// `Robert Burns, Ap National Security Writer` when the byline is Robert Burns: the byline
/// as the text writes it, with a title or an agency.
fn names_the_byline(text: &str, out: &Extracted) -> bool {
    let Some(n) = byline::clean(text, out.outlet.as_deref()) else { return false };
    !out.bylines.is_empty()
        && text.split_whitespace().count() <= 12
        && n.names.iter().all(|x| out.bylines.iter().any(|y| key(x) == key(y)))
}

/// `By Ann Lee` or the byline itself, alone in a block.
fn is_byline_line(text: &str, byline: Option<&str>) -> bool {
    let words = text.split_whitespace().count();
    if words > 12 {
        return false;
    }
    let k = key(text);
    k.starts_with("by ") || byline.is_some_and(|b| key(b) == k)
}

/// A comparison key: lower case, letters and digits only, single spaces.
pub fn key(s: &str) -> String {
    if s.is_ascii() {
        // Byte by byte, as every block of a page is keyed: the same key for ASCII text.
        let mut out = Vec::with_capacity(s.len());
        let mut gap = false;
        for &b in s.as_bytes() {
            if b.is_ascii_alphanumeric() {
                if gap && !out.is_empty() {
                    out.push(b' ');
                }
                gap = false;
                out.push(b.to_ascii_lowercase());
            } else {
                gap = true;
            }
        }
        return String::from_utf8(out).expect("ASCII in, ASCII out");
    }
    let mut out = String::with_capacity(s.len());
    for w in s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(w.chars().flat_map(char::to_lowercase));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_of_ascii_text_is_the_key_of_its_words() {
        for s in ["", "  ", "By JOHN Smith, 12:30 p.m.", "--a--b--", "A1 b2\tC3\n", "x", "ÉTÉ à Paris", "l'été-2019"]
        {
            let words: Vec<String> =
                s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
            assert_eq!(key(s), words.join(" "), "{s:?}");
        }
    }

    #[test]
    fn headline_and_byline_leave_the_body() {
        let html = r#"<html><head><title>Talks stall - The Daily</title><meta property="og:site_name" content="The Daily">
            <meta property="article:published_time" content="2020-05-04T08:00:00Z"></head><body>
            <nav><a href="/">Home</a> <a href="/world">World</a></nav>
            <article><h1>Talks stall</h1><p>By Ann Lee</p>
            <p>GENEVA (Reuters) - Peace talks stalled on Monday after the two delegations failed to agree on an agenda for the week, diplomats said.</p>
            <p>Advertisement</p>
            <p>The United Nations envoy said he would meet both sides separately on Tuesday to try to restart the process before the weekend.</p>
            <p>Neither delegation commented on the record, but officials on both sides said privately that they expected the talks to resume.</p></article>
            <footer>© 2020 The Daily</footer></body></html>"#;
        let x = extract(html).unwrap();
        assert_eq!(x.title.as_deref(), Some("Talks stall"));
        assert_eq!(x.outlet.as_deref(), Some("The Daily"));
        assert_eq!(x.byline.as_deref(), Some("Ann Lee"));
        assert_eq!(x.published.map(|d| d.iso()).as_deref(), Some("2020-05-04"));
        assert_eq!(x.dateline.as_deref(), Some("GENEVA"));
        assert_eq!(x.blocks.len(), 3, "{:?}", x.blocks);
        assert!(x.blocks[0].text.starts_with("GENEVA (Reuters)"));
        let reasons: Vec<&str> = x.dropped.iter().map(|d| d.reason.as_str()).collect();
        assert!(reasons.contains(&"byline (kept as the byline)"), "{reasons:?}");
    }

    #[test]
    fn deeply_nested_pages_are_refused_quickly() {
        let html = format!("<html><body>{}text</body></html>", "<div>".repeat(5000));
        assert!(extract(&html).unwrap_err().contains("nests its elements more than 800 deep"));
        // `<div/>` opens a `<div>` in HTML: 100,000 of them were a minute of parsing, then a
        // stack overflow.
        let start = std::time::Instant::now();
        let html = format!("<html><body>{}text</body></html>", "<div/>".repeat(100_000));
        assert!(extract(&html).unwrap_err().contains("nests its elements more than 800 deep"));
        assert!(start.elapsed() < std::time::Duration::from_secs(5), "{:?}", start.elapsed());
    }

    #[test]
    fn pages_without_markup_or_body_are_errors() {
        assert_eq!(extract("just text").unwrap_err(), "the file has no HTML elements");
        assert_eq!(extract("<html><head><title>x</title></head></html>").unwrap_err(), "the page has no body text");
        assert_eq!(extract("<html><body>   </body></html>").unwrap_err(), "the page has no body text");
    }
}
