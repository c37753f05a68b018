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

/// The sitemap of the pages among `paths` (every file written).
pub fn sitemap(l: &Linked, paths: &[String]) -> Output {
    let dates = page_dates(l);
    let site_newest = newest(l, 0..l.content.briefs.len());
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
         xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let lang = xml_escape(l.config.language.as_str());
    let mut pages: Vec<&str> =
        paths.iter().map(String::as_str).filter(|p| p.ends_with(".html") && *p != "404.html").collect();
    pages.sort_unstable();
    for path in pages {
        let page = path.strip_suffix("index.html").unwrap_or(path);
        let loc = xml_escape(&l.urls.absolute(page));
        let _ = write!(x, "  <url><loc>{loc}</loc>");
        if let Some(d) = dates.get(page).copied().or(site_newest) {
            let _ = write!(x, "<lastmod>{}</lastmod>", d.first_day());
        }
        let _ = writeln!(x, "<xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href=\"{loc}\"/></url>");
    }
    x.push_str("</urlset>\n");
    let mut out = Output::new();
    out.add(SITEMAP, x);
    out
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
