//! Bad input gets a located, explained error: exit code 1, no panic, no output written.

use crate::harness::{Run, SiteTest};

const ANN: &str = "content/annotations/bridge.yaml";

/// Builds a broken copy of the basic fixture and returns the run.
fn broken(from: &str, to: &str) -> (SiteTest, Run) {
    let site = SiteTest::fixture("basic");
    site.replace(ANN, from, to);
    let run = site.run(&["build"]);
    (site, run)
}

fn assert_error(run: &Run, location: &str, message: &str) {
    assert_eq!(run.code, 1, "exit code; stderr:\n{}", run.stderr);
    assert!(run.stderr.contains(&format!("--> {location}")), "no location {location} in:\n{}", run.stderr);
    assert!(run.stderr.contains(message), "no message {message:?} in:\n{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn quote_not_in_the_article() {
    let (site, run) = broken("\"cost 40 million dollars\"", "\"cost forty million euros\"");
    assert_error(&run, "content/annotations/bridge.yaml:5:12", "error: quote not found in the article");
    assert!(
        run.stderr.contains("paragraph 2: …open in 2019 and [cost 40 million] dollars, paid by the…"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("5 |   - quote: \"cost forty million euros\""), "snippet: {}", run.stderr);
    assert!(!site.path("public").exists(), "nothing is written");
}

#[test]
fn ambiguous_quote() {
    let (_, run) = broken("\"by seven votes to two\"", "\"the bridge\"");
    assert_error(&run, "content/annotations/bridge.yaml:3:12", "the quote matches 3 places in the article");
    assert!(run.stderr.contains("add `prefix:` or `suffix:`"), "{}", run.stderr);
    assert!(run.stderr.contains("paragraph 3: …was too high and [the bridge] too close to the…"), "{}", run.stderr);
}

#[test]
fn unknown_key_with_a_suggestion() {
    let (_, run) = broken("    body: The vote was 7–2.", "    bdy: The vote was 7–2.");
    assert_error(&run, "content/annotations/bridge.yaml:4:5", "unknown key `bdy`");
    assert!(run.stderr.contains("did you mean `body`?"), "{}", run.stderr);
}

#[test]
fn yaml_syntax_error() {
    let (_, run) = broken("  - quote: \"by seven votes to two\"", "  - quote: \"by seven votes to two");
    assert_error(&run, "content/annotations/bridge.yaml:4:5", "invalid indentation in multiline quoted scalar");
}

#[test]
fn impossible_date() {
    let (_, run) = broken("published: 2018-03-05", "published: 2018-02-30");
    assert_error(
        &run,
        "content/annotations/bridge.yaml:1:12",
        "invalid `published`: February 2018 has 28 days, so day 30 does not exist",
    );
    assert!(run.stderr.contains("help: write the date as YYYY-MM-DD"), "{}", run.stderr);
}

#[test]
fn verdict_outside_the_scale() {
    let (_, run) = broken("verdict: mostly-true", "verdict: mostly-ture");
    assert_error(&run, "content/annotations/bridge.yaml:7:14", "`mostly-ture` is not on the verdict scale");
    assert!(run.stderr.contains("did you mean `mostly-true`?"), "{}", run.stderr);
}

#[test]
fn failed_build_leaves_the_previous_site_untouched() {
    let site = SiteTest::fixture("basic");
    assert_eq!(site.run(&["build"]).code, 0);
    let before = site.read("public/index.html");
    site.replace(ANN, "published: 2018-03-05", "published: 2018-02-30");
    site.replace("briefgen.yaml", "title: Basic", "title: Changed");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("the output folder was not changed"), "{}", run.stderr);
    assert_eq!(site.read("public/index.html"), before);
}

#[test]
fn every_problem_is_reported_at_once() {
    let site = SiteTest::fixture("basic");
    site.replace(ANN, "published: 2018-03-05", "published: 2018-02-30");
    site.replace(ANN, "\"cost 40 million dollars\"", "\"cost forty million euros\"");
    site.replace(ANN, "verdict: mostly-true", "verdict: sort-of");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("check: 3 errors, 0 warnings"), "{}", run.stderr);
}
