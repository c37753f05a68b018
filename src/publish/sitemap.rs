//! `sitemap.xml` (sitemaps.org 0.9): every HTML page but `404.html`, with an absolute URL and
//! a `lastmod` taken from the content, not the clock, so builds stay byte-identical: a brief
//! page's publication date; a story, entity, outlet or tag page's newest brief; any other
//! page the site's newest brief. Each page also names its language, as search engines read
//! it: an `xhtml:link` to itself with `hreflang`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{newest, xml_escape};
use crate::date::PartialDate;
use crate::link::Linked;
use crate::link::urls::SITEMAP;
use crate::site::Output;

/// How many URLs one sitemap may list (sitemaps.org). A site with more publishes a sitemap
/// index at `sitemap.xml` and its pages in `sitemap-1.xml`, `sitemap-2.xml`, … beside it, at
/// the site's root: a sitemap may only list URLs under its own folder.
const MAX_URLS: usize = 50_000;

const HEAD: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";

/// The sitemap of the pages among `paths` (every file written).
pub fn sitemap(l: &Linked, paths: &[String]) -> Output {
    let dates = page_dates(l);
    let site_newest = newest(l, 0..l.content.briefs.len());
    let lang = xml_escape(l.config.language.as_str());
    let mut pages: Vec<&str> =
        paths.iter().map(String::as_str).filter(|p| p.ends_with(".html") && *p != "404.html").collect();
    pages.sort_unstable();
    let entries: Vec<Entry> = pages
        .into_iter()
        .map(|path| {
            let page = path.strip_suffix("index.html").unwrap_or(path);
            let loc = xml_escape(&l.urls.absolute(page));
            let lastmod = dates.get(page).copied().or(site_newest);
            let mut xml = format!("  <url><loc>{loc}</loc>");
            if let Some(d) = lastmod {
                let _ = write!(xml, "<lastmod>{}</lastmod>", d.first_day());
            }
            let _ = writeln!(xml, "<xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href=\"{loc}\"/></url>");
            Entry { xml, lastmod }
        })
        .collect();
    let mut out = Output::new();
    for (path, xml) in sitemap_files(&entries, MAX_URLS, |n| l.urls.absolute(&part_path(n))) {
        out.add(path, xml);
    }
    out
}

/// One URL of a sitemap: its `<url>` element, and its date.
struct Entry {
    xml: String,
    lastmod: Option<PartialDate>,
}

fn part_path(n: usize) -> String {
    format!("sitemap-{n}.xml")
}

/// The sitemap files of `entries`: `sitemap.xml` listing them all, or, past `max`, listing
/// parts of `max` each (`part_url` gives part `n`'s URL, from 1), each with its newest date.
fn sitemap_files(entries: &[Entry], max: usize, part_url: impl Fn(usize) -> String) -> Vec<(String, String)> {
    let urlset = |entries: &[Entry]| {
        let mut x = format!(
            "{HEAD}<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
             xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n"
        );
        entries.iter().for_each(|e| x.push_str(&e.xml));
        x.push_str("</urlset>\n");
        x
    };
    if entries.len() <= max {
        return vec![(SITEMAP.to_owned(), urlset(entries))];
    }
    let mut index = format!("{HEAD}<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let mut files = vec![];
    for (k, part) in entries.chunks(max).enumerate() {
        let _ = write!(index, "  <sitemap><loc>{}</loc>", xml_escape(&part_url(k + 1)));
        if let Some(d) = part.iter().filter_map(|e| e.lastmod).max() {
            let _ = write!(index, "<lastmod>{}</lastmod>", d.first_day());
        }
        index.push_str("</sitemap>\n");
        files.push((part_path(k + 1), urlset(part)));
    }
    index.push_str("</sitemapindex>\n");
    files.insert(0, (SITEMAP.to_owned(), index));
    files
}

/// Site path of a page (without base path) → the date its content last changed.
fn page_dates(l: &Linked) -> BTreeMap<String, PartialDate> {
    let u = &l.urls;
    let rel = |link: String| link.strip_prefix(&u.base_path).unwrap_or(&link).to_owned();
    let mut dates = BTreeMap::new();
    for b in &l.content.briefs {
        dates.insert(rel(u.brief(&b.slug)), b.published);
    }
    let mut add = |link: String, briefs: &mut dyn Iterator<Item = usize>| {
        if let Some(d) = newest(l, briefs) {
            dates.insert(rel(link), d);
        }
    };
    for s in &l.stories {
        add(u.story(&s.story.id), &mut s.briefs.iter().copied());
    }
    for (e, ent) in l.content.entities.iter().enumerate() {
        add(u.entity(&ent.id), &mut l.entities[e].briefs.iter().map(|&(b, _)| b));
    }
    for (o, outlet) in l.content.outlets.iter().enumerate() {
        add(u.outlet(&outlet.id), &mut l.outlet_briefs[o].iter().copied());
    }
    for t in &l.tags {
        add(u.tag(&t.name), &mut t.briefs.iter().copied());
    }
    dates
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(n: usize) -> Vec<Entry> {
        (0..n)
            .map(|i| Entry {
                xml: format!("  <url><loc>https://e.org/p{i}/</loc></url>\n"),
                lastmod: PartialDate::parse(&format!("2020-01-{:02}", 1 + i % 28)).ok(),
            })
            .collect()
    }

    #[test]
    fn up_to_the_limit_one_sitemap_lists_every_url() {
        let files = sitemap_files(&entries(3), 3, |n| format!("https://e.org/sitemap-{n}.xml"));
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].0, "sitemap.xml");
        assert!(files[0].1.contains("<urlset") && files[0].1.matches("<url>").count() == 3);
    }

    #[test]
    fn past_the_limit_an_index_lists_parts_with_their_newest_dates() {
        let files = sitemap_files(&entries(5), 2, |n| format!("https://e.org/sitemap-{n}.xml"));
        let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml"]);
        let index = &files[0].1;
        assert!(index.contains("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"), "{index}");
        assert!(
            index.contains("<sitemap><loc>https://e.org/sitemap-2.xml</loc><lastmod>2020-01-04</lastmod></sitemap>"),
            "{index}"
        );
        let counts: Vec<usize> = files[1..].iter().map(|(_, x)| x.matches("<url>").count()).collect();
        assert_eq!(counts, [2, 2, 1]);
        assert!(files[3].1.contains("p4/") && files[3].1.ends_with("</urlset>\n"));
    }
}
