//! Large sites stay navigable and no page grows without bound: listings paginate, the
//! timeline splits by year and month, and every page link resolves.

use briefgen::site::Output;

use crate::harness::{SiteTest, attr_values, target_file};

/// A site of `n` short briefs, one a day from 2015-01-01, all mentioning Riverton and tagged.
pub fn many(n: usize) -> SiteTest {
    let site = SiteTest::empty();
    site.write("briefgen.yaml", "title: Many\nbase_url: https://example.org/many/\n");
    site.write("content/entities.yaml", "riverton:\n  name: Riverton\n  kind: place\n");
    let start = jiff::civil::date(2015, 1, 1);
    for i in 0..n {
        let date = start.checked_add(jiff::Span::new().days(i as i64)).unwrap();
        site.write(
            &format!("seeds/s{i:05}.txt"),
            &format!("Council vote number {i}\n\nRIVERTON (Example Press) - The council in Riverton voted on motion {i} today, after a long debate.\n"),
        );
        site.write(
            &format!("content/annotations/s{i:05}.yaml"),
            &format!("published: {date}\ntags: [council]\nnotes:\n  - quote: \"voted on motion {i} today\"\n    body: Note {i}.\n"),
        );
    }
    site
}

/// Every internal link of every HTML page resolves to a generated file.
fn assert_links_resolve(out: &Output, base: &str) {
    for page in out.paths().filter(|p| p.ends_with(".html")) {
        for link in attr_values(out.text(page).unwrap(), "href") {
            if let Some(rest) = link.strip_prefix(base) {
                let path = rest.split('#').next().unwrap().split('?').next().unwrap();
                assert!(target_file(out, path).is_some(), "{page}: broken link {link}");
            }
        }
    }
}

#[test]
fn listings_paginate_and_the_timeline_splits_by_year_and_month() {
    let out = many(1100).output();
    // 1,100 publications, a year of them more than one timeline page holds (250): a page per
    // month.
    let timeline = out.text("timeline/index.html").unwrap();
    // The index links each year, one split by month to its first month; a year of four
    // entries (2018-01-01 to 04) is one page.
    for (part, year, n) in [("2015/01", 2015, 365), ("2016/01", 2016, 366), ("2017/01", 2017, 365), ("2018", 2018, 4)] {
        let link = format!("href=\"/many/timeline/{part}/\">{year}</a> <span class=\"meta\">({n})</span>");
        assert!(timeline.contains(&link), "index links {year}");
    }
    assert!(!timeline.contains("href=\"/many/timeline/2016/\""), "a long year is split");
    assert!(!timeline.contains("/many/timeline/2016/02/"), "the menu lists months within their year only");
    let feb = out.text("timeline/2016/02/index.html").unwrap();
    assert!(feb.contains("href=\"/many/timeline/2016/03/\">March 2016</a>"));
    assert!(feb.contains("href=\"/many/timeline/2015/01/\">2015</a>") && !feb.contains("/many/timeline/2015/02/"));
    assert_eq!(feb.matches("<li id=\"pub-").count(), 29, "a leap year's February of daily briefs");
    assert!(feb.contains("rel=\"prev\"") && feb.contains("rel=\"next\""));
    // Entries link to the page that holds them: 400 days after 2015-01-01 is 2016-02-05.
    let brief = out.text("briefs/council-vote-number-400/index.html").unwrap();
    assert!(brief.contains("href=\"/many/timeline/2016/02/#pub-council-vote-number-400\""), "{brief}");

    // 50 briefs a page, newest first, with links between the pages.
    for listing in ["briefs/", "entities/riverton/", "tags/council/", "outlets/example-press/"] {
        assert!(out.get(&format!("{listing}page/22/index.html")).is_some(), "{listing} has 22 pages");
        assert!(out.get(&format!("{listing}page/23/index.html")).is_none(), "{listing} has only 22 pages");
        let last = out.text(&format!("{listing}page/22/index.html")).unwrap();
        assert_eq!(last.matches("<li class=\"card\">").count(), 50, "{listing}: 1,100 = 22 × 50");
        assert!(last.contains("Page 22 of 22"));
    }
    let home = out.text("index.html").unwrap();
    assert!(home.contains("href=\"/many/briefs/\">All 1100 briefs</a>"));
    // Feeds carry the latest: the site's 50, an entity's or a story's 20.
    assert_eq!(out.text("atom.xml").unwrap().matches("<entry>").count(), 50);
    let riverton = out.text("entities/riverton/atom.xml").unwrap();
    assert_eq!(riverton.matches("<entry>").count(), 20);
    assert!(riverton.contains("council-vote-number-1099/") && !riverton.contains("council-vote-number-1079/"));
    assert_links_resolve(&out, "/many/");

    // 1,100 notes: the Web Annotation export comes in two pages.
    let collection: serde_json::Value = serde_json::from_str(out.text("annotations.jsonld").unwrap()).unwrap();
    assert_eq!(collection["total"], 1100);
    assert_eq!(collection["first"]["items"].as_array().unwrap().len(), 1000);
    assert_eq!(collection["last"], "https://example.org/many/annotations/page-2.jsonld");
    let page2: serde_json::Value = serde_json::from_str(out.text("annotations/page-2.jsonld").unwrap()).unwrap();
    assert_eq!((page2["startIndex"].as_u64(), page2["items"].as_array().unwrap().len()), (Some(1000), 100));

    let largest = out.iter().filter(|(p, _)| p.ends_with(".html")).map(|(_, b)| b.len()).max().unwrap();
    assert!(largest < 500_000, "the largest page is {largest} bytes");
}

#[test]
fn an_entity_page_shows_its_latest_events_and_lists_its_briefs_once() {
    let site = many(30);
    for i in 0..30 {
        let date = jiff::civil::date(2015, 1, 1).checked_add(jiff::Span::new().days(i)).unwrap();
        site.replace(
            &format!("content/annotations/s{i:05}.yaml"),
            "notes:",
            &format!("events:\n  - date: {date}\n    title: Riverton vote {i}\n    quote: \"voted on motion {i} today\"\nnotes:"),
        );
    }
    let out = site.output();
    let page = out.text("entities/riverton/index.html").unwrap();
    let (briefs, events) = page.split_once("id=\"entity-timeline-h\"").expect("a timeline section");
    assert_eq!(briefs.matches("<li class=\"card\">").count(), 30, "every brief, once");
    assert_eq!(events.matches("class=\"entry-card entry-event").count(), 20, "the latest 20 events");
    assert!(!events.contains("entry-publication"), "publications are the briefs above");
    assert!(events.contains("Riverton vote 29") && !events.contains("Riverton vote 9<"), "the latest");
    assert!(events.contains("The latest 20 of 30 events"), "{events}");
}

/// A story of many articles: its page compares them 50 at a time, and each article's page
/// lists the 10 others nearest it, not all of them (which would grow the site with the
/// square of the story).
#[test]
fn a_story_of_many_articles_is_paged_and_its_briefs_list_their_nearest() {
    let site = many(120);
    site.write("content/stories.yaml", "vote:\n  title: The long vote\n");
    for i in 0..120 {
        let path = format!("content/annotations/s{i:05}.yaml");
        let text = site.read(&path);
        site.write(&path, &format!("story: vote\n{text}"));
    }
    let out = site.output();
    let sections = |page: &str| out.text(page).unwrap().matches("<section class=\"coverage\"").count();
    assert_eq!(sections("stories/vote/index.html"), 50);
    assert_eq!(sections("stories/vote/page/3/index.html"), 20, "120 = 50 + 50 + 20");
    assert!(out.get("stories/vote/page/4/index.html").is_none());
    let last = out.text("stories/vote/page/3/index.html").unwrap();
    assert!(last.contains("120 articles compared side by side.") && last.contains("Page 3 of 3"));
    assert!(last.contains("href=\"/many/stories/vote/page/2/\" rel=\"prev\""), "{last}");
    // The timeline of this page's articles (s00100 to s00119), not of the others.
    assert!(last.contains("#pub-council-vote-number-119") && !last.contains("#pub-council-vote-number-99\""));

    let brief = out.text("briefs/council-vote-number-60/index.html").unwrap();
    let story = &brief[brief.find("class=\"brief-story\"").unwrap()..];
    let story = &story[..story.find("</section>").unwrap()];
    let listed: Vec<&str> =
        story.split("href=\"/many/briefs/council-vote-number-").skip(1).map(|s| &s[..s.find('/').unwrap()]).collect();
    assert_eq!(listed, ["55", "56", "57", "58", "59", "61", "62", "63", "64", "65"]);
    assert!(story.contains("120 articles compared side by side."));
    assert_links_resolve(&out, "/many/");
}

/// A month of more than four pages' worth of entries is split by day, and the timeline's
/// menu lists the days of the month being read only.
#[test]
fn a_crowded_month_of_the_timeline_splits_by_day() {
    let site = many(3);
    let mut events = String::from("- id: march\n  date: 2016-03\n  title: A month of votes\n");
    for i in 0..1010 {
        events.push_str(&format!("- id: v{i}\n  date: 2016-03-{:02}\n  title: Vote {i}\n", 1 + i % 20));
    }
    events.push_str("- id: april\n  date: 2016-04-02\n  title: After the votes\n");
    site.write("content/events.yaml", &events);
    let out = site.output();

    let day = out.text("timeline/2016/03/05/index.html").unwrap();
    assert!(day.contains("<h1>Timeline: 5 March 2016</h1>"), "{day}");
    assert_eq!(day.matches("<li id=\"e-v").count(), 51, "1,010 votes over 20 days");
    assert!(day.contains("href=\"/many/timeline/2016/03/20/\">20 March 2016</a> <span class=\"meta\">(50)</span>"));
    // The entry dated by the month alone opens it, on the month's page.
    let month = out.text("timeline/2016/03/index.html").unwrap();
    assert_eq!(month.matches("<li id=\"e-").count(), 1);
    assert!(month.contains("rel=\"next\">Later: 1 March 2016"), "{month}");

    // Elsewhere the month is one link, to its first page, with all its entries.
    let april = out.text("timeline/2016/04/index.html").unwrap();
    assert!(april.contains("href=\"/many/timeline/2016/03/\">March 2016</a> <span class=\"meta\">(1011)</span>"));
    assert!(!april.contains("/timeline/2016/03/05/"));
    assert!(april.contains("rel=\"prev\">Earlier: 20 March 2016"), "{april}");
    assert_links_resolve(&out, "/many/");
}

/// The entity index lists a thousand entities a page, by kind then name, the heading of a
/// kind going on to the next page said again.
#[test]
fn the_entity_index_is_paged_by_name() {
    let site = many(2);
    let mut entities = String::from("riverton:\n  name: Riverton\n  kind: place\n");
    for i in 0..1001 {
        entities.push_str(&format!("p{i:04}:\n  name: Person {i:04}\n  kind: person\n"));
    }
    site.write("content/entities.yaml", &entities);
    let out = site.output();
    let first = out.text("entities/index.html").unwrap();
    assert!(first.contains("Person 0000") && first.contains("Person 0999") && !first.contains("Person 1000"));
    assert!(first.contains("href=\"/many/entities/page/2/\" rel=\"next\">Next</a>"), "{first}");
    let second = out.text("entities/page/2/index.html").unwrap();
    // People come before places; the heading is said again on the second page.
    assert!(second.contains(">People</h2>") && second.contains("Person 1000") && second.contains("Riverton"));
    assert!(second.contains("rel=\"prev\">Previous</a>") && second.contains("Page 2 of 2"));
    assert!(out.get("entities/page/3/index.html").is_none());
    assert_links_resolve(&out, "/many/");
}

/// A timeline of a thousand years folds the years of other decades into their decade, and
/// the decades of other centuries into their century: each page listed every year, so that
/// 10,000 years (a history site's events from year 1) were 7.7 GB of menus and 90 s.
#[test]
fn a_timeline_of_many_years_folds_them_into_decades_and_centuries() {
    let site = many(2);
    let events: String =
        (901..=2000).map(|y| format!("- id: y{y}\n  date: {y:04}-06-01\n  title: Event of {y}\n")).collect();
    site.write("content/events.yaml", &events);
    let out = site.output();
    let menu = |page: &str| {
        let html = out.text(page).unwrap();
        let nav = &html[html.find("<nav class=\"timeline-parts\"").unwrap()..];
        let nav = &nav[..nav.find("</nav>").unwrap()];
        nav.split("<li>")
            .skip(1)
            .map(|li| li[li.find('>').unwrap() + 1..li.find("</a>").unwrap()].to_owned())
            .collect::<Vec<_>>()
    };
    // From 1234: the centuries, the decades of the 1200s, the years of the 1230s.
    let seen = menu("timeline/1234/index.html");
    let expected: Vec<String> = ["901–999", "1000–1099", "1100–1199"]
        .iter()
        .map(|s| s.to_string())
        .chain((0..=2).map(|d| format!("{}–{}", 1200 + 10 * d, 1209 + 10 * d)))
        .chain((1230..=1239).map(|y| y.to_string()))
        .chain((4..=9).map(|d| format!("{}–{}", 1200 + 10 * d, 1209 + 10 * d)))
        .chain((13..=19).map(|c| format!("{}–{}", c * 100, c * 100 + 99)))
        .chain(["2000–2015".to_owned()])
        .collect();
    assert_eq!(seen, expected);
    let html = out.text("timeline/1234/index.html").unwrap();
    assert!(html.contains("href=\"/many/timeline/1100/\">1100–1199</a> <span class=\"meta\">(100)</span>"), "{html}");
    assert!(html.contains("href=\"/many/timeline/1234/\" aria-current=\"page\">1234</a>"), "{html}");
    // The index: the centuries only; 2015's page: the 2000s, with the briefs' year.
    assert_eq!(menu("timeline/index.html").len(), 12);
    assert_eq!(menu("timeline/2015/index.html").last().unwrap(), "2015");
    assert_links_resolve(&out, "/many/");
}
