//! The reader's side of the default theme: what works without JavaScript, and what the
//! scripts get to work with.

use crate::harness::{SiteTest, attr_values, repo};

#[test]
fn timeline_filters_enhance_a_timeline_that_works_without_js() {
    let out = SiteTest::demo().output_with(Some("https://example.github.io/briefgen/"));
    let page = out.text("timeline/index.html").unwrap();
    // Without JS: every entry is there, and the filter form is hidden.
    assert!(page.contains("<form class=\"timeline-filter\" id=\"timeline-filter\" hidden"), "{page}");
    assert_eq!(page.matches("<li id=\"").count(), 19);
    // With JS: the script exists, and each option matches ids the entries carry.
    let script = attr_values(page, "src").into_iter().find(|s| s.ends_with("timeline.js")).unwrap();
    assert_eq!(script, "/briefgen/static/timeline.js");
    assert!(out.get("static/timeline.js").is_some());
    let carried: Vec<&str> = ["data-entities", "data-outlets", "data-tags"]
        .iter()
        .flat_map(|a| attr_values(page, a))
        .flat_map(str::split_whitespace)
        .collect();
    for option in attr_values(page, "value").into_iter().filter(|v| !v.is_empty()) {
        assert!(carried.contains(&option), "filter option {option} matches no entry");
    }
    for outlet in ["afp", "rhc"] {
        assert!(attr_values(page, "value").contains(&outlet), "outlet {outlet} is offered");
    }
}

#[test]
fn verdicts_are_written_out_and_link_to_the_original_passage() {
    let out = SiteTest::demo().output();
    let page = out.text("briefs/assad-says-army-will-liberate-every-inch/index.html").unwrap();
    assert!(page.contains("Verdict: Misleading"), "verdicts are text, not colour alone");
    assert!(
        page.contains("#:~:text=which%20had%20fallen%20to,groups%20back%20in%202012\""),
        "a link to the quoted passage in the original"
    );
}

/// The declarations of the rule for exactly `selector` in `css` (its first one).
fn rule<'a>(css: &'a str, selector: &str) -> &'a str {
    let at = css.match_indices(&format!("{selector} {{")).map(|(i, _)| i).find(|&i| i == 0 || css[..i].ends_with('\n'));
    let start = at.unwrap_or_else(|| panic!("no rule for `{selector}`")) + selector.len() + 2;
    &css[start..start + css[start..].find('}').unwrap()]
}

#[test]
fn long_words_and_urls_break_instead_of_widening_the_page() {
    // A quoted URL, a German compound or a hashtag longer than a phone's line made every page
    // that shows it (the brief, its cards, the timeline, the story) wider than the screen.
    // `anywhere` also lets grid columns and flex items (cards, entries) narrow to the screen.
    // (Checked in Chromium at 390, 768 and 1280 pixels; here, that the rules stay.)
    let css = std::fs::read_to_string(repo().join("themes/default/static/style.css")).unwrap();
    assert!(rule(&css, "body").contains("overflow-wrap: anywhere;"), "{}", rule(&css, "body"));
    // Code blocks cannot wrap: they scroll on their own. Tables fit the column.
    assert!(rule(&css, "pre").contains("overflow-x: auto;"));
    assert!(rule(&css, "table").contains("max-inline-size: 100%;"));
}
