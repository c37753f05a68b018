//! Publish: the machine-readable files beside the pages — Atom feeds ([`feeds`]), the
//! sitemap ([`sitemap`]), the TimelineJS and Web Annotation exports ([`exports`]), the
//! search index ([`search`]). Like
//! `render`, it reads the linked site and returns [`Output`]; every URL comes from
//! `link::Urls`, absolute where the format requires it.

pub mod exports;
pub mod feeds;
pub mod search;
pub mod sitemap;

use crate::link::Linked;
use crate::markdown::BriefDoc;
use crate::render::views::Views;
use crate::site::{Output, Sink};

/// Feeds, exports and the search index, each sent to `sink` as soon as it is made, so that
/// only one of them is held in memory at a time (each is made in parallel inside). Returns
/// the paths sent; the sitemap comes last, over every page.
pub fn send_files(linked: &Linked, views: &Views, docs: &[BriefDoc], sink: &dyn Sink) -> anyhow::Result<Vec<String>> {
    let parts: [&dyn Fn() -> Output; 3] =
        [&|| feeds::feeds(linked, docs), &|| exports::exports(linked, views), &|| search::files(linked, docs)];
    let mut paths = Vec::new();
    for make in parts {
        let out = make();
        paths.extend(out.paths().map(str::to_owned));
        out.send(sink)?;
    }
    Ok(paths)
}

/// Text escaped for XML content and attribute values.
pub fn xml_escape(s: &str) -> String {
    if !s.bytes().any(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'') || b < 0x20) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// The newest publication date of a set of briefs (they are sorted oldest first).
fn newest(linked: &Linked, briefs: impl IntoIterator<Item = usize>) -> Option<crate::date::PartialDate> {
    briefs.into_iter().map(|b| linked.content.briefs[b].published).max()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escape_covers_markup_and_control_characters() {
        assert_eq!(xml_escape("a<b>&\"c'\u{1}"), "a&lt;b&gt;&amp;&quot;c&apos;");
    }
}
