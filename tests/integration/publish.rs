//! What the site publishes for machines: Atom feeds, the sitemap, JSON-LD, the TimelineJS and
//! Web Annotation exports — each parsed, and every link in them resolving to a generated file.

use briefgen::site::Output;
use serde_json::Value;

use crate::harness::{SiteTest, check_url};

const BASE: &str = "https://example.github.io/briefgen/";

fn demo() -> Output {
    SiteTest::demo().output_with(Some(BASE))
}

fn parse_xml(out: &Output, path: &str) -> String {
    let text = out.text(path).unwrap_or_else(|| panic!("no {path}")).to_owned();
    roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    text
}

fn json(out: &Output, path: &str) -> Value {
    serde_json::from_str(out.text(path).unwrap_or_else(|| panic!("no {path}")))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn assert_resolves(out: &Output, url: &str, context: &str) {
    if let Err(e) = check_url(out, BASE, url) {
        panic!("{context}: {e}");
    }
}

const ATOM: &str = "http://www.w3.org/2005/Atom";

#[test]
fn feeds_are_atom_and_every_entry_links_to_a_page() {
    let out = demo();
    let feeds: Vec<&str> = out.paths().filter(|p| p.ends_with("atom.xml")).collect();
    assert!(feeds.contains(&"atom.xml") && feeds.contains(&"entities/raqqa/atom.xml"), "{feeds:?}");
    assert!(feeds.contains(&"stories/assad-every-inch/atom.xml"), "{feeds:?}");
    for path in feeds {
        let text = parse_xml(&out, path);
        let doc = roxmltree::Document::parse(&text).unwrap();
        let feed = doc.root_element();
        assert_eq!((feed.tag_name().namespace(), feed.tag_name().name()), (Some(ATOM), "feed"), "{path}");
        for name in ["id", "title", "updated", "author"] {
            assert!(feed.children().any(|c| c.has_tag_name((ATOM, name))), "{path}: no <{name}>");
        }
        for link in doc.descendants().filter(|n| n.has_tag_name((ATOM, "link"))) {
            let href = link.attribute("href").unwrap();
            if link.attribute("rel") != Some("related") {
                assert_resolves(&out, href, path);
            }
        }
        for entry in feed.children().filter(|c| c.has_tag_name((ATOM, "entry"))) {
            let updated = entry.children().find(|c| c.has_tag_name((ATOM, "updated"))).unwrap().text().unwrap();
            assert!(jiff::Timestamp::from_str(updated).is_ok(), "{path}: updated {updated}");
        }
    }
    let site = parse_xml(&out, "atom.xml");
    assert_eq!(site.matches("<entry>").count(), 2);
    assert!(
        site.find("Assad vows to retake Raqa").unwrap() < site.find("Syrian President Bashar").unwrap(),
        "newest first"
    );
}

use std::str::FromStr;

#[test]
fn sitemap_lists_every_page_with_its_date() {
    let out = demo();
    let text = parse_xml(&out, "sitemap.xml");
    let doc = roxmltree::Document::parse(&text).unwrap();
    let ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
    let mut listed = Vec::new();
    for url in doc.descendants().filter(|n| n.has_tag_name((ns, "url"))) {
        let loc = url.children().find(|c| c.has_tag_name((ns, "loc"))).unwrap().text().unwrap();
        let lastmod = url.children().find(|c| c.has_tag_name((ns, "lastmod"))).unwrap().text().unwrap();
        assert!(jiff::civil::Date::from_str(lastmod).is_ok(), "{loc}: {lastmod}");
        listed.push(check_url(&out, BASE, loc).unwrap_or_else(|e| panic!("sitemap: {e}")));
        if loc.ends_with("/briefs/assad-says-army-will-liberate-every-inch/") {
            assert_eq!(lastmod, "2017-01-09");
        }
    }
    let pages: Vec<&str> = out.paths().filter(|p| p.ends_with(".html") && *p != "404.html").collect();
    listed.sort();
    assert_eq!(listed, pages);
    assert!(out.text("robots.txt").unwrap().contains(&format!("Sitemap: {BASE}sitemap.xml")));
}

/// Every JSON-LD block of every page, parsed.
fn json_ld(out: &Output) -> Vec<(String, Value)> {
    let mut blocks = Vec::new();
    for page in out.paths().filter(|p| p.ends_with(".html")) {
        let html = out.text(page).unwrap();
        for part in html.split("<script type=\"application/ld+json\">").skip(1) {
            let body = &part[..part.find("</script>").unwrap()];
            assert!(!body.contains('<'), "{page}: unescaped < in JSON-LD");
            let v: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{page}: {e}: {body}"));
            assert_eq!(v["@context"], "https://schema.org", "{page}");
            blocks.push((page.to_owned(), v));
        }
    }
    blocks
}

#[test]
fn structured_data_describes_site_briefs_and_fact_checks() {
    let out = demo();
    let blocks = json_ld(&out);
    let of_type = |t: &str| blocks.iter().filter(|(_, v)| v["@type"] == t).collect::<Vec<_>>();
    let site = of_type("WebSite");
    assert_eq!(site.len(), 1);
    assert_eq!((site[0].0.as_str(), &site[0].1["url"]), ("index.html", &Value::from(BASE)));

    let articles = of_type("NewsArticle");
    assert_eq!(articles.len(), 2);
    for (page, a) in &articles {
        assert_resolves(&out, a["url"].as_str().unwrap(), page);
    }
    let afp = &articles.iter().find(|(p, _)| p.contains("assad-vows")).unwrap().1;
    assert_eq!(afp["datePublished"], "2017-02-16");
    assert_eq!(afp["publisher"]["name"], "AFP");
    assert!(afp.get("isBasedOn").is_none(), "the AFP copy has no known URL");
    let rhc = &articles.iter().find(|(p, _)| p.contains("assad-says")).unwrap().1;
    assert!(rhc["isBasedOn"].as_str().unwrap().starts_with("https://www.radiohc.cu/"), "{rhc}");

    let reviews = of_type("ClaimReview");
    let annotations = json(&out, "annotations.jsonld");
    let fact_checks =
        annotations["first"]["items"].as_array().unwrap().iter().filter(|a| a["motivation"] == "assessing").count();
    assert_eq!(reviews.len(), fact_checks, "one ClaimReview per fact-check");
    for (page, r) in &reviews {
        assert_resolves(&out, r["url"].as_str().unwrap(), page);
        let rating = &r["reviewRating"];
        let value = rating["ratingValue"].as_u64().unwrap();
        assert!((1..=rating["bestRating"].as_u64().unwrap()).contains(&value), "{r}");
        assert!(rating["alternateName"].is_string());
        assert!(r["claimReviewed"].is_string() && r["itemReviewed"]["author"]["name"].is_string(), "{r}");
    }
    let denial = reviews.iter().find(|(_, r)| r["claimReviewed"] == "We don't do this, it's not our policy").unwrap();
    assert_eq!(denial.1["itemReviewed"]["author"]["name"], "Bashar al-Assad");
    assert_eq!(denial.1["reviewRating"]["alternateName"], "False");
}

#[test]
fn timeline_export_is_timelinejs_and_links_resolve() {
    let out = demo();
    let tl = json(&out, "timeline.json");
    let events = tl["events"].as_array().unwrap();
    let page = out.text("timeline/index.html").unwrap();
    assert_eq!(events.len(), page.matches("class=\"entry ").count(), "every timeline entry is exported");
    let mut ids: Vec<&str> = events.iter().map(|e| e["unique_id"].as_str().unwrap()).collect();
    for e in events {
        assert!(e["start_date"]["year"].is_i64(), "{e}");
        assert!(e["text"]["headline"].is_string(), "{e}");
        let id = e["unique_id"].as_str().unwrap();
        assert_resolves(&out, &format!("{BASE}timeline/#{id}"), "timeline.json");
        for href in crate::harness::attr_values(e["text"]["text"].as_str().unwrap(), "href") {
            assert_resolves(&out, href, id);
        }
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), events.len(), "unique ids");
    let geneva = events.iter().find(|e| e["unique_id"] == "e-geneva-iv-talks").unwrap();
    assert_eq!(geneva["start_date"], serde_json::json!({"year": 2017, "month": 2, "day": 23}));
}

#[test]
fn annotations_export_is_a_web_annotation_collection() {
    let out = demo();
    let c = json(&out, "annotations.jsonld");
    assert_eq!(c["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(c["type"], "AnnotationCollection");
    let items = c["first"]["items"].as_array().unwrap();
    assert_eq!(c["total"].as_u64(), Some(items.len() as u64));
    assert_eq!(items.len(), 18, "every note of both demo briefs");
    for a in items {
        assert_eq!(a["type"], "Annotation");
        assert_resolves(&out, a["id"].as_str().unwrap(), "annotations.jsonld");
        let sel = &a["target"]["selector"];
        assert_eq!(sel["type"], "TextQuoteSelector");
        let source = a["target"]["source"].as_str().unwrap();
        let original = source.starts_with("https://www.radiohc.cu/");
        assert!(original || source == a["via"], "the original, else the brief: {a}");
        let exact = sel["exact"].as_str().unwrap();
        let context = format!("{}{exact}{}", sel["prefix"].as_str().unwrap(), sel["suffix"].as_str().unwrap());
        let page = check_url(&out, BASE, a["via"].as_str().unwrap()).unwrap();
        let md = out.text(&page.replace("index.html", "index.md")).unwrap();
        assert!(!exact.is_empty() && context.len() > exact.len(), "{a}");
        assert!(md.contains(exact.split_whitespace().next().unwrap()), "{exact}");
    }
}

#[test]
fn excerpt_mode_publishes_only_annotated_paragraphs() {
    let site = SiteTest::fixture("basic");
    site.replace("briefgen.yaml", "title: Basic", "title: Basic\npublish_body: excerpts");
    let out = site.output();
    let page = out.text("briefs/council-approves-the-new-bridge/index.html").unwrap();
    let md = out.text("briefs/council-approves-the-new-bridge/index.md").unwrap();
    for text in [page, md] {
        assert!(text.contains("by seven votes to two") && text.contains("cost 40 million dollars"));
        assert!(!text.contains("Critics said"), "an unannotated paragraph is published:\n{text}");
    }
    assert!(md.contains("\\[…\\]"), "{md}");
    assert!(page.contains("Only the annotated passages"), "the page says it shows excerpts");
}

#[test]
fn a_news_article_is_about_the_entities_named_and_then_the_most_mentioned() {
    let site = SiteTest::fixture("basic");
    let names = ["Alder", "Birch", "Cedar", "Dogwood", "Elm", "Fir", "Ginkgo"];
    let mut registry = String::new();
    let mut body = String::new();
    for (k, name) in names.iter().enumerate() {
        registry.push_str(&format!("{}:\n  name: {name}\n  kind: organisation\n", name.to_lowercase()));
        // Alder is mentioned seven times, Birch six, … Ginkgo once.
        for day in 0..7 - k {
            body.push_str(&format!("{name} met the council on day {day}. "));
        }
        body.push_str("\n\n");
    }
    site.write("content/entities.yaml", &registry);
    site.write("seeds/trees.md", &format!("---\ntitle: Trees at the council\n---\n\n{body}"));
    site.write("content/annotations/trees.yaml", "published: 2018-03-06\nentities: [ginkgo]\n");
    let out = site.output();
    let page = out.text("briefs/trees-at-the-council/index.html").expect("the brief's page");
    for name in names {
        assert!(page.contains(&format!(">{name}</a>")), "the page links {name}");
    }
    let blocks = json_ld(&out);
    let (_, article) = blocks
        .iter()
        .find(|(p, v)| p.starts_with("briefs/trees-at-the-council/") && v["@type"] == "NewsArticle")
        .expect("the brief's NewsArticle");
    let about: Vec<&str> = article["about"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    // The one the annotation names, then the four the article mentions most, in the page's order.
    assert_eq!(about, ["Alder", "Birch", "Cedar", "Dogwood", "Ginkgo"]);
}

#[test]
fn a_base_url_path_in_other_letters_is_published_percent_encoded() {
    let site = SiteTest::fixture("basic");
    site.replace("briefgen.yaml", "base_url: https://example.org/", "base_url: https://example.org/zeitung-für-alle/");
    let out = site.output();
    let encoded = "https://example.org/zeitung-f%C3%BCr-alle/";
    let brief = out.paths().find(|p| p.starts_with("briefs/") && p.ends_with("/index.html")).unwrap().to_owned();
    for path in ["sitemap.xml", "atom.xml", "index.html", &brief] {
        let text = out.text(path).unwrap_or_else(|| panic!("no {path}"));
        assert!(!text.contains("für"), "{path} has the path unencoded");
        assert!(text.contains(encoded), "{path}");
    }
    assert!(parse_xml(&out, "sitemap.xml").contains(&format!("<loc>{encoded}</loc>")));
    let canonical = format!("<link rel=\"canonical\" href=\"{encoded}{}\"", brief.trim_end_matches("index.html"));
    assert!(out.text(&brief).unwrap().contains(&canonical), "{canonical}");
}

#[test]
fn an_international_host_name_is_refused_with_its_ascii_form() {
    let site = SiteTest::fixture("basic");
    site.replace("briefgen.yaml", "base_url: https://example.org/", "base_url: https://zeitung.münchen.de/");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.assert_reports("briefgen.yaml:2:11", "error: the host name `zeitung.münchen.de` is not in ASCII");
    assert!(run.stderr.contains("write `base_url: https://zeitung.xn--mnchen-3ya.de/`"), "{}", run.stderr);
    run.assert_summary("1 error, 0 warnings");
    // The same from the command line, where it stops the command (exit code 2).
    site.replace("briefgen.yaml", "https://zeitung.münchen.de/", "https://example.org/");
    let run = site.run(&["build", "--base-url", "https://bücher.example/"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("`base_url: https://xn--bcher-kva.example/`"), "{}", run.stderr);
}
