//! Publish: the machine-readable files beside the pages — Atom feeds ([`feeds`]), the
//! sitemap ([`sitemap`]), the TimelineJS and Web Annotation exports ([`exports`]), the
//! search index ([`search`]), and the hosting files every site has (`hosting`). Like
//! `render`, it reads the linked site and sends each file to a [`Sink`] as soon as it is made;
//! every URL comes from
//! `link::Urls`, absolute where the format requires it.

pub mod exports;
pub mod feeds;
mod hosting;
pub mod search;
pub mod sitemap;

use crate::link::Linked;
use crate::render::views::Views;
use crate::site::Sink;

/// The search index: made here, beside the feeds and exports, or already made (the paths of
/// its files).
#[derive(Debug)]
pub enum SearchIndex {
    Make,
    Made(Vec<String>),
}

/// Everything besides the pages: feeds, exports, the search index unless it is made already,
/// hosting files and the sitemap (over `page_paths` and these). Returns the paths sent.
pub fn publish_files(
    views: &Views,
    page_paths: &[String],
    search: SearchIndex,
    sink: &dyn Sink,
) -> anyhow::Result<Vec<String>> {
    let linked = views.linked;
    let mut paths = match search {
        SearchIndex::Make if linked.config.outputs.search => send_files(linked, views, sink)?,
        SearchIndex::Make => feeds_and_exports(linked, views, sink)?,
        SearchIndex::Made(made) => {
            let mut paths = feeds_and_exports(linked, views, sink)?;
            paths.extend(made);
            paths
        }
    };
    let mut extra = hosting::hosting_files(&linked.config, &linked.urls);
    paths.extend(extra.paths().map(str::to_owned));
    let all: Vec<String> = page_paths.iter().chain(&paths).cloned().collect();
    let sitemap = sitemap::sitemap(linked, &all);
    paths.extend(sitemap.paths().map(str::to_owned));
    extra.extend(sitemap);
    extra.send(sink)?;
    Ok(paths)
}

/// Feeds, exports and the search index, each sent to `sink` as soon as it is made (each is
/// made in parallel inside; each feed is sent as it is made). The search index is made beside
/// the feeds and then the exports, so that their serial parts overlap; the exports wait for
/// the feeds, which keeps the memory of at most two of them at a time. Returns the paths sent;
/// the sitemap comes last, over every page.
fn send_files(linked: &Linked, views: &Views, sink: &dyn Sink) -> anyhow::Result<Vec<String>> {
    let (first, search) =
        rayon::join(|| feeds_and_exports(linked, views, sink), || search::send(linked, views.strings(), sink));
    let mut paths = first?;
    paths.extend(search?);
    Ok(paths)
}

/// The feeds and then the exports, each file sent as it is made; their paths.
fn feeds_and_exports(linked: &Linked, views: &Views, sink: &dyn Sink) -> anyhow::Result<Vec<String>> {
    let mut paths = feeds::send(linked, views.strings(), sink)?;
    if linked.config.outputs.exports {
        paths.extend(exports::send(linked, views, sink)?);
    }
    Ok(paths)
}

/// Text escaped for XML content and attribute values. Runs of plain text are copied whole;
/// every character that needs escaping is ASCII, so scanning bytes is enough.
pub fn xml_escape(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    let mut plain = 0;
    while let Some(k) = bytes[plain..].iter().position(|&b| XML_SPECIAL[usize::from(b)]) {
        let i = plain + k;
        out.push_str(&s[plain..i]);
        out.push_str(match bytes[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&apos;",
            // Control characters are not allowed in XML 1.0.
            _ => "",
        });
        plain = i + 1;
    }
    out.push_str(&s[plain..]);
    out
}

/// The bytes [`xml_escape`] replaces: markup, and control characters but tab, LF and CR.
const XML_SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = !matches!(b, 0x09 | 0x0a | 0x0d);
        b += 1;
    }
    table[b'&' as usize] = true;
    table[b'<' as usize] = true;
    table[b'>' as usize] = true;
    table[b'"' as usize] = true;
    table[b'\'' as usize] = true;
    table
};

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
        assert_eq!(xml_escape("«é»\t\n<x>\u{1f}—"), "«é»\t\n&lt;x&gt;—");
        assert_eq!(xml_escape("plain"), "plain");
    }
}
