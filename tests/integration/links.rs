//! Cross-links: every internal link resolves to a generated page and element, the timeline
//! and the briefs link to each other, and every link carries the base path.

use std::collections::{BTreeMap, BTreeSet};

use briefgen::site::Output;

use crate::harness::{SiteTest, attr_values, target_file};

const BASE: &str = "https://example.github.io/briefgen/";

/// Every (page, link) whose target file or `#fragment` does not exist.
fn broken_links(out: &Output, base: &str) -> Vec<String> {
    let ids: BTreeMap<&str, BTreeSet<&str>> = out
        .paths()
        .filter(|p| p.ends_with(".html"))
        .map(|p| (p, attr_values(out.text(p).unwrap(), "id").into_iter().collect()))
        .collect();
    let mut broken = Vec::new();
    for page in out.paths().filter(|p| p.ends_with(".html")) {
        let html = out.text(page).unwrap();
        for link in attr_values(html, "href").into_iter().chain(attr_values(html, "src")) {
            if link.starts_with("http") || link.starts_with("mailto:") {
                continue;
            }
            let (path, fragment) = link.split_once('#').unwrap_or((link, ""));
            let file = if path.is_empty() {
                Some(page.to_owned())
            } else {
                match path.strip_prefix(base) {
                    Some(rest) => target_file(out, rest),
                    None => {
                        broken.push(format!("{page}: {link} (outside the base path {base})"));
                        continue;
                    }
                }
            };
            match file {
                None => broken.push(format!("{page}: {link}")),
                Some(f) if !fragment.is_empty() && !ids.get(f.as_str()).is_some_and(|s| s.contains(fragment)) => {
                    broken.push(format!("{page}: {link} (no id {fragment})"))
                }
                _ => {}
            }
        }
    }
    broken
}

#[test]
fn every_internal_link_resolves_under_a_base_path() {
    let out = SiteTest::demo().output_with(Some(BASE));
    assert_eq!(broken_links(&out, "/briefgen/"), Vec::<String>::new());
}

#[test]
fn every_internal_link_resolves_at_the_root() {
    let out = SiteTest::demo().output_with(Some("https://briefs.example.org"));
    assert_eq!(broken_links(&out, "/"), Vec::<String>::new());
}

#[test]
fn base_path_is_on_every_link_asset_and_canonical_url() {
    let out = SiteTest::demo().output_with(Some(BASE));
    for page in out.paths().filter(|p| p.ends_with(".html")) {
        let html = out.text(page).unwrap();
        for link in attr_values(html, "href").into_iter().chain(attr_values(html, "src")) {
            let internal = link.starts_with('/');
            assert!(!internal || link.starts_with("/briefgen/"), "{page}: {link}");
        }
        let canonical = html.split("<link rel=\"canonical\" href=\"").nth(1).unwrap().split('"').next().unwrap();
        assert!(canonical.starts_with(BASE), "{page}: canonical {canonical}");
    }
    assert!(out.text("404.html").unwrap().contains("href=\"/briefgen/static/style.css\""));
}

#[test]
fn timeline_links_to_the_exact_quote_and_briefs_link_back() {
    let out = SiteTest::demo().output_with(Some(BASE));
    let timeline = out.text("timeline/index.html").unwrap();
    let brief = out.text("briefs/assad-vows-to-retake-raqa-and-every-inch-of-syria/index.html").unwrap();
    // The timeline entry for the Geneva talks links to the passage of the AFP brief…
    let entry = timeline.split("id=\"e-geneva-iv-talks\"").nth(1).unwrap().split("</li>\n").next().unwrap();
    let quote_link = "/briefgen/briefs/assad-vows-to-retake-raqa-and-every-inch-of-syria/#q-due-to-begin-in-geneva-on";
    assert!(entry.contains(&format!("href=\"{quote_link}\"")), "{entry}");
    // …which highlights that passage…
    assert!(brief.contains(
        "<mark id=\"q-due-to-begin-in-geneva-on\" class=\"context\">due to begin in Geneva on February 23</mark>"
    ));
    // …and lists the event under "On the timeline", linking back to the entry.
    let on_timeline = brief.split("id=\"timeline-h\"").nth(1).unwrap();
    assert!(on_timeline.contains("href=\"/briefgen/timeline/#e-geneva-iv-talks\""));
    assert!(on_timeline.contains("href=\"/briefgen/timeline/#pub-assad-vows-to-retake-raqa-and-every-inch-of-syria\""));
}

#[test]
fn a_brief_shows_its_entries_between_the_timeline_entries_around_them() {
    let out = SiteTest::demo().output_with(Some(BASE));
    let brief = out.text("briefs/assad-says-army-will-liberate-every-inch/index.html").unwrap();
    let on_timeline = brief.split("id=\"timeline-h\"").nth(1).unwrap().split("</ol>").next().unwrap();
    // Each entry links to its anchor on the timeline, which only the timeline gives as an id.
    let entries: Vec<&str> = on_timeline.split("<li class=\"").skip(1).collect();
    assert!(!on_timeline.contains("<li id="), "{on_timeline}");
    let context: Vec<bool> = entries.iter().map(|e| e.split('>').next().unwrap().contains("entry-context")).collect();
    // The entry just before its own and the one just after, marked as context; its own not.
    assert!(entries.len() > 2, "{entries:?}");
    assert_eq!(context.iter().filter(|&&c| c).count(), 2, "{entries:?}");
    assert!(context[0] && context[entries.len() - 1], "{entries:?}");
    assert!(entries[0].contains("href=\"/briefgen/timeline/#e-geneva-communique\""), "{entries:?}");
}

#[test]
fn timeline_lists_publications_reported_and_background_events_by_year_and_month() {
    let out = SiteTest::demo().output();
    let timeline = out.text("timeline/index.html").unwrap();
    for id in [
        "y2012",
        "m2012-07",
        "m2016-12",
        "m2017-01",
        "m2017-02",
        "e-rebels-take-eastern-aleppo",
        "pub-assad-says-army-will-liberate-every-inch",
    ] {
        assert!(timeline.contains(&format!("id=\"{id}\"")), "no {id}");
    }
    let order: Vec<usize> =
        ["e-aleppo-retaken", "e-astana-talks-january-2017", "e-amnesty-saydnaya-report", "e-geneva-iv-talks"]
            .iter()
            .map(|id| timeline.find(&format!("id=\"{id}\"")).unwrap())
            .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "entries out of order: {order:?}");
}

#[test]
fn entity_pages_have_their_timeline_and_briefs() {
    let out = SiteTest::demo().output();
    let aleppo = out.text("entities/aleppo/index.html").unwrap();
    assert!(aleppo.contains("href=\"/briefgen/timeline/#e-aleppo-retaken\""));
    assert!(aleppo.contains("href=\"/briefgen/briefs/assad-says-army-will-liberate-every-inch/\""));
    let is = out.text("entities/islamic-state/index.html").unwrap();
    assert!(is.contains("Also: Islamic State, IS, ISIS, ISIL, Daesh"));
    assert!(is.contains("href=\"/briefgen/briefs/assad-vows-to-retake-raqa-and-every-inch-of-syria/\""));
}

#[test]
fn outputs_left_out_are_neither_published_nor_linked() {
    let site = SiteTest::demo();
    site.replace(
        "briefgen.yaml",
        "title:",
        "outputs:\n  markdown_pages: false\n  feeds: site\n  search: false\n  exports: false\ntitle:",
    );
    let out = site.output_with(Some(BASE));
    let paths: Vec<&str> = out.paths().collect();
    for gone in ["index.md", "search/", "timeline.json", "annotations", "entities/bashar-al-assad/atom.xml"] {
        assert!(!paths.iter().any(|p| p.contains(gone)), "{gone} is published: {paths:?}");
    }
    assert!(paths.iter().any(|p| p.starts_with("stories/")), "the story pages stay");
    assert_eq!(paths.iter().filter(|p| p.ends_with("atom.xml")).collect::<Vec<_>>(), [&"atom.xml"]);
    assert_eq!(broken_links(&out, "/briefgen/"), Vec::<String>::new());
    for page in paths.iter().filter(|p| p.ends_with(".html")) {
        let html = out.text(page).unwrap();
        for link in attr_values(html, "href") {
            assert!(!link.ends_with("atom.xml") || link.ends_with("/briefgen/atom.xml"), "{page}: {link}");
        }
        assert!(!html.contains("SearchAction"), "{page} offers a search the site does not have");
    }
    let originals: Vec<&str> = paths
        .iter()
        .filter(|p| p.starts_with("briefs/"))
        .filter_map(|p| out.text(p).unwrap().split("<p class=\"brief-links\">").nth(1)?.split("</p>").next())
        .collect();
    assert!(!originals.is_empty());
    for links in originals {
        assert!(
            links.starts_with("<a href=\"https://") && !links.contains(" · "),
            "the original's link alone: {links}"
        );
    }
}

/// Editors write links to the site's own pages from its root (`/timeline/`), as the menu's
/// are written; on a project site they get the base path, in pages and notes alike.
#[test]
fn editors_links_from_the_sites_root_get_the_base_path() {
    let site = SiteTest::demo();
    site.write(
        "content/pages/links.md",
        "---\ntitle: Links\n---\nSee [the timeline](/timeline/) and [the search](/search/).\n",
    );
    let ann = "content/annotations/000_a00be4cd77ada471.yaml";
    site.replace(
        ann,
        "      Raqqa (AFP writes *Raqa*)",
        "      Raqqa ([on the timeline](/timeline/)) (AFP writes *Raqa*)",
    );
    let out = site.output_with(Some(BASE));
    assert!(out.text("links/index.html").unwrap().contains("<a href=\"/briefgen/timeline/\">the timeline</a>"));
    assert_eq!(broken_links(&out, "/briefgen/"), Vec::<String>::new());
    // One to a path where the site has nothing is a warning at its destination.
    site.replace("content/pages/links.md", "(/search/)", "(/serch/)");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.assert_reports("content/pages/links.md:4:49", "warning: no page of the site is at `/serch/`");
    assert!(run.stderr.contains("did you mean `/search/`?"), "{}", run.stderr);
    // A relative one leads somewhere else from each page that shows the text.
    site.replace(ann, "([on the timeline](/timeline/))", "([on the timeline](timeline/))");
    let run = site.run(&["check"]);
    run.assert_reports(&format!("{ann}:18:32"), "warning: the link `timeline/` is relative");
    assert!(run.stderr.contains("write `/timeline/`, from the site's root"), "{}", run.stderr);
    run.assert_summary("0 errors, 2 warnings");
}
