//! The reader's side of the default theme: what works without JavaScript, and what the
//! scripts get to work with.

use crate::harness::{SiteTest, attr_values};

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
