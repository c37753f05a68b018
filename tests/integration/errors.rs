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
    run.assert_reports(location, message);
}

/// The run's only problem is this error: one error for one mistake.
fn assert_one_error(run: &Run, location: &str, message: &str) {
    assert_error(run, location, message);
    assert!(run.stderr.contains("check: 1 error, 0 warnings"), "one error for one mistake: {}", run.stderr);
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
fn the_prefix_an_ambiguous_quote_suggests_is_valid_yaml() {
    let site = SiteTest::fixture("basic");
    let text = site.read("seeds/bridge.txt");
    site.write("seeds/bridge.txt", &text.replacen("The mayor said the bridge", "The \"mayor\" said the bridge", 1));
    site.replace(ANN, "\"by seven votes to two\"", "\"the bridge\"");
    let run = site.run(&["check"]);
    let hint =
        run.stderr.split("e.g. `prefix: ").nth(1).and_then(|h| h.split('`').next()).expect("a prefix is suggested");
    site.replace(ANN, "quote: \"the bridge\"", &format!("quote: \"the bridge\"\n    prefix: {hint}"));
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "the suggestion parses and picks one place: {}", run.stderr);
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
    // At the quote left open, not on the next line, where the parser stops.
    assert_error(&run, "content/annotations/bridge.yaml:3:12", "this quoted text is not closed");
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

/// `briefgen` run in `site` as if on `date` (`SOURCE_DATE_EPOCH`, seconds, noon UTC).
fn run_on(site: &SiteTest, date: &str, args: &[&str]) -> Run {
    let day: jiff::civil::Date = date.parse().unwrap();
    let epoch = day.at(12, 0, 0, 0).to_zoned(jiff::tz::TimeZone::UTC).unwrap().timestamp().as_second();
    let mut cmd = site.command(args);
    cmd.env("SOURCE_DATE_EPOCH", epoch.to_string());
    crate::harness::run_with_timeout(cmd, crate::harness::PROCESS_LIMIT)
}

#[test]
fn a_date_after_the_build_is_a_warning_with_the_year_it_likely_meant() {
    let site = SiteTest::fixture("basic");
    site.replace(ANN, "published: 2018-03-05", "published: 2081-03-05");
    let run = run_on(&site, "2026-12-07", &["check"]);
    assert_eq!(run.code, 0, "a warning: {}", run.stderr);
    run.assert_reports(
        "content/annotations/bridge.yaml:1:12",
        "warning: `published` is 2081-03-05, after the date of this build (2026-12-07)",
    );
    assert!(
        run.stderr
            .contains("help: a date in the future is usually a mistyped year: did you mean `published: 2018-03-05`?"),
        "{}",
        run.stderr
    );
    run.assert_summary("0 errors, 1 warning");
}

#[test]
fn dates_are_compared_with_the_date_given_and_the_output_does_not_depend_on_it() {
    let site = SiteTest::fixture("basic");
    // Two days ahead of the build is a time zone; four days is the future.
    assert_eq!(
        run_on(&site, "2018-03-03", &["check"]).stderr,
        "check: 0 errors, 0 warnings
"
    );
    let run = run_on(&site, "2018-03-01", &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.assert_reports(
        "content/annotations/bridge.yaml:1:12",
        "warning: `published` is 2018-03-05, after the date of this build (2018-03-01)",
    );
    run.assert_reports(
        "content/annotations/bridge.yaml:10:11",
        "warning: `date` is 2018-03-05, after the date of this build (2018-03-01)",
    );
    let before = tree(&site.path("public"));
    assert_eq!(run_on(&site, "2026-12-07", &["build", "--no-cache"]).code, 0);
    assert_eq!(tree(&site.path("public")), before, "the same site, whatever the date");
}

#[test]
fn a_seeds_date_after_the_build_is_a_warning_on_the_seed() {
    let site = SiteTest::fixture("basic");
    site.write(
        "seeds/clip.md",
        "---\ntitle: A clipping\npublished: 2062-01-09\n---\n\nThe council met on Monday and talked about roads.\n",
    );
    site.write("content/annotations/clip.yaml", "tags: [roads]\n");
    let run = run_on(&site, "2026-12-07", &["check"]);
    run.assert_reports(
        "seeds/clip.md",
        "warning: the article is dated 2062-01-09, after the date of this build (2026-12-07)",
    );
    assert!(run.stderr.contains("`published:` (`published: 2026-01-09`?)"), "{}", run.stderr);
    run.assert_summary("0 errors, 1 warning");
}

/// Every file under `dir` with its bytes.
fn tree(dir: &std::path::Path) -> std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_owned(), std::fs::read(e.path()).unwrap()))
        .collect()
}

#[test]
fn year_zero_is_an_error() {
    let site = SiteTest::fixture("basic");
    site.replace(ANN, "published: 2018-03-05", "published: 0000-03-05");
    let run = site.run(&["check"]);
    assert_one_error(
        &run,
        "content/annotations/bridge.yaml:1:12",
        "invalid `published`: there is no year 0 (1 BC is followed by AD 1)",
    );
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

/// Runs `check` on the basic fixture after writing `rel`.
fn check_with(rel: &str, text: &str) -> Run {
    let site = SiteTest::fixture("basic");
    site.write(rel, text);
    site.run(&["check"])
}

const ENTITIES: &str = "council:\n  name: City Council\n  aliases: [council]\n";

#[test]
fn a_misspelt_required_key_is_one_error() {
    // Not also "no publication date": the misspelling's error asks for the right name.
    let (_, run) = broken("published:", "publishd:");
    assert_error(&run, "content/annotations/bridge.yaml:1:1", "error: unknown key `publishd`");
    assert!(run.stderr.contains("did you mean `published`?"), "{}", run.stderr);
    assert_eq!(run.stderr.matches("error:").count(), 1, "{}", run.stderr);
}

#[test]
fn tabs_are_located() {
    let (_, run) = broken("  - quote: \"cost", "\t- quote: \"cost");
    assert_error(&run, "content/annotations/bridge.yaml:5:1", "a tab is used to indent");
    assert!(run.stderr.contains("YAML indents with spaces only"), "{}", run.stderr);
}

#[test]
fn duplicate_keys() {
    let (_, run) = broken("published: 2018-03-05\n", "published: 2018-03-05\npublished: 2018-03-06\n");
    assert_error(&run, "content/annotations/bridge.yaml:2:1", "duplicate key `published`");
    assert!(run.stderr.contains("help: `published` is already at line 1;"), "both places: {}", run.stderr);
}

#[test]
fn a_second_yaml_document_in_a_file_is_located_at_its_marker() {
    let site = SiteTest::fixture("basic");
    site.write(ANN, &format!("{}---\ntitle: Another\n", site.read(ANN)));
    let run = site.run(&["check"]);
    // Not the parser's "use from_str_multiple" advice to programmers.
    assert!(!run.stderr.contains("from_str_multiple"), "{}", run.stderr);
    let marker = site.read(ANN).lines().position(|l| l == "---").unwrap() + 1;
    assert_one_error(&run, &format!("{ANN}:{marker}:1"), "error: a second YAML document starts here");
}

#[test]
fn wrong_types_name_the_key() {
    let (_, run) = broken("    kind: fact-check", "    kind: [fact-check]");
    assert_error(&run, "content/annotations/bridge.yaml:6:11", "wrong type for `kind`: expected one word");
    let (_, run) = broken("notes:\n", "tags: 3\nnotes:\n");
    assert_error(&run, "content/annotations/bridge.yaml:2:7", "wrong type for `tags`: expected a list");
}

#[test]
fn events_need_a_date() {
    let (_, run) = broken("  - date: 2018-03-05\n    title:", "  - title:");
    assert_error(&run, "content/annotations/bridge.yaml:10:12", "this event has no date");
}

#[test]
fn unknown_entities_are_located_with_a_suggestion() {
    let site = SiteTest::fixture("basic");
    site.write("content/entities.yaml", ENTITIES);
    site.replace(ANN, "notes:\n", "entities: [councl]\nnotes:\n");
    let run = site.run(&["check"]);
    assert_error(&run, "content/annotations/bridge.yaml:2:12", "unknown entity `councl`");
    assert!(run.stderr.contains("did you mean `council`?"), "{}", run.stderr);
}

#[test]
fn unknown_outlet_when_outlets_are_registered() {
    let site = SiteTest::fixture("basic");
    site.write("content/outlets.yaml", "example-press:\n  name: Example Press\n");
    site.replace(ANN, "notes:\n", "outlet: exampel-press\nnotes:\n");
    let run = site.run(&["check"]);
    assert_error(&run, "content/annotations/bridge.yaml:2:9", "unknown outlet `exampel-press`");
    assert!(run.stderr.contains("did you mean `example-press`?"), "{}", run.stderr);
}

#[test]
fn unknown_story() {
    let site = SiteTest::fixture("basic");
    site.write("content/stories.yaml", "bridge-vote:\n  title: The bridge vote\n");
    site.replace(ANN, "notes:\n", "story: bridge-vot\nnotes:\n");
    let run = site.run(&["check"]);
    assert_error(&run, "content/annotations/bridge.yaml:2:8", "unknown story `bridge-vot`");
}

#[test]
fn annotation_for_a_seed_that_does_not_exist() {
    let run = check_with("content/annotations/brige.yaml", "published: 2018-03-05\n");
    assert_error(&run, "content/annotations/brige.yaml:1:1", "there is no seed `brige` for this annotation");
}

#[test]
fn two_briefs_with_the_same_slug() {
    let site = SiteTest::fixture("basic");
    site.replace(ANN, "notes:\n", "slug: bridge\nnotes:\n");
    std::fs::copy(site.path("seeds/bridge.txt"), site.path("seeds/bridge2.txt")).unwrap();
    site.write("content/annotations/bridge2.yaml", "published: 2018-03-06\nslug: bridge\n");
    let run = site.run(&["check"]);
    assert_error(&run, "content/annotations/bridge2.yaml:2:7", "two briefs have the slug `bridge`");
    assert!(run.stderr.contains("content/annotations/bridge.yaml uses it too"), "{}", run.stderr);
}

#[test]
fn unsafe_slug() {
    let (_, run) = broken("notes:\n", "slug: ../Bridge vote\nnotes:\n");
    assert_error(&run, "content/annotations/bridge.yaml:2:7", "slug `../Bridge vote` is not a safe URL segment");
    assert!(run.stderr.contains("e.g. `bridge-vote`"), "{}", run.stderr);
}

#[test]
fn seed_without_annotation_is_a_warning() {
    let site = SiteTest::fixture("basic");
    std::fs::copy(site.path("seeds/bridge.txt"), site.path("seeds/other.txt")).unwrap();
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("warning: this seed has no annotation, so it is not published\n --> seeds/other.txt"));
    assert!(run.stderr.contains("create one with `briefgen new other`"), "{}", run.stderr);
    assert_eq!(site.run(&["check", "--deny-warnings"]).code, 1);
}

#[test]
fn an_unreadable_annotation_is_one_error_and_its_seed_stays_annotated() {
    let site = SiteTest::fixture("basic");
    std::fs::write(site.path(ANN), b"published: 2018-03-05\nsummary: caf\xe9\n").unwrap();
    let run = site.run(&["check"]);
    assert_error(&run, "content/annotations/bridge.yaml:2:13", "the file is not valid UTF-8 (byte 34)");
    assert!(!run.stderr.contains("has no annotation"), "{}", run.stderr);
    assert!(run.stderr.contains("1 error, 0 warnings"), "{}", run.stderr);
}

#[test]
fn a_name_two_entities_share_is_a_warning_and_counts_for_the_first() {
    let entities = format!("{ENTITIES}assembly:\n  name: Assembly\n  aliases: [Council, CITY COUNCIL]\n");
    let site = SiteTest::fixture("basic");
    site.write("content/entities.yaml", &entities);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Folded, `Council` is `council`, the first entity's alias; `CITY COUNCIL` is its name.
    run.assert_reports("content/entities.yaml:6:13", "warning: `Council` is also a name of entity `council`");
    run.assert_reports("content/entities.yaml:6:22", "warning: `CITY COUNCIL` is also a name of entity `council`");
    run.assert_reports("content/entities.yaml:4:1", "warning: entity `assembly` is never mentioned");
    assert!(run.stderr.contains("check: 0 errors, 3 warnings"), "{}", run.stderr);
}

#[test]
fn a_short_alias_matched_in_any_case_is_a_warning() {
    let run = check_with(
        "content/entities.yaml",
        &format!("{ENTITIES}un:\n  name: United Nations\n  aliases: [un, UN, U, 联合, 유엔]\n"),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.assert_reports("content/entities.yaml:6:13", "warning: alias `un` is short and matched in any case");
    assert!(run.stderr.contains("write it in capitals (`UN`)"), "{}", run.stderr);
    run.assert_reports("content/entities.yaml:6:21", "warning: alias `U` is short and matched in any case");
    assert!(!run.stderr.contains("alias `UN`"), "an acronym is matched in capitals only: {}", run.stderr);
    assert!(!run.stderr.contains("alias `联合`") && !run.stderr.contains("alias `유엔`"), "no case: {}", run.stderr);
}

#[test]
fn a_name_two_outlets_share_is_a_warning() {
    let outlets = "example-press:\n  name: Example Press\n  aliases: [EP]\nmirror:\n  name: Mirror\n  aliases: [mirror, example press]\n";
    let run = check_with("content/outlets.yaml", outlets);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.assert_reports(
        "content/outlets.yaml:6:21",
        "warning: `example press` is also a name of outlet `example-press`",
    );
    assert!(run.stderr.contains("check: 0 errors, 1 warning"), "{}", run.stderr);
}

/// A page whose file name has no letter or digit (`!!!.md`, `—.md`) had the empty slug: it was
/// written to `index.html`, over the home page or under it, and no problem was reported.
#[test]
fn a_page_whose_file_name_makes_no_slug_is_an_error_not_the_home_page() {
    let site = SiteTest::fixture("basic");
    site.write("content/pages/!!!.md", "---\ntitle: Lost page\n---\nText of the lost page.\n");
    let run = site.run(&["check"]);
    assert_one_error(
        &run,
        "content/pages/!!!.md:1:1",
        "the page's file name `!!!.md` makes no slug: it has no letter or digit",
    );
    site.write("content/pages/!!!.md", "---\ntitle: Lost page\nslug: found\n---\nText of the lost page.\n");
    let out = site.output();
    assert!(out.text("found/index.html").is_some_and(|t| t.contains("Text of the lost page.")));
    assert!(out.text("index.html").is_some_and(|t| !t.contains("Lost page")));
}

#[test]
fn a_page_cannot_take_a_folder_of_the_site_or_another_pages_slug() {
    let site = SiteTest::demo();
    // Every top folder of a built site is one of the site's own or a page's.
    let pages = ["about", "methodology"];
    for path in site.output().paths() {
        let Some((top, _)) = path.split_once('/') else { continue };
        assert!(briefgen::model::SECTIONS.contains(&top) || pages.contains(&top), "{path}");
    }
    site.write("content/pages/timeline.md", "---\ntitle: Our timeline\n---\nText.\n");
    site.write("content/pages/zz.md", "---\ntitle: Also about\nslug: about\n---\nText.\n");
    let run = site.run(&["check"]);
    assert_error(
        &run,
        "content/pages/timeline.md:1:1",
        "page slug `timeline` is taken: the site's own pages are under timeline/",
    );
    run.assert_reports("content/pages/zz.md:3:7", "page slug `about` is taken: content/pages/about.md has it too");
    assert!(run.stderr.contains("check: 2 errors, 0 warnings"), "{}", run.stderr);
}

#[test]
fn a_story_no_brief_belongs_to_is_a_warning() {
    let run = check_with("content/stories.yaml", "bridge:\n  title: The bridge\nbrige:\n  title: A typo\n");
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.assert_reports("content/stories.yaml:1:1", "warning: story `bridge` has no published brief");
    run.assert_reports("content/stories.yaml:3:1", "warning: story `brige` has no published brief");
}

#[test]
fn entity_never_mentioned_is_a_warning() {
    let run = check_with("content/entities.yaml", &format!("{ENTITIES}ghost:\n  name: Ghost Town\n"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.assert_reports("content/entities.yaml:4:1", "warning: entity `ghost` is never mentioned");
    assert!(!run.stderr.contains("`council` is never mentioned"), "{}", run.stderr);
}

#[test]
fn an_entity_or_story_only_drafts_have_is_not_said_to_be_unused() {
    let site = SiteTest::fixture("basic");
    site.write("content/entities.yaml", ENTITIES);
    site.write("content/stories.yaml", "bridge:\n  title: The bridge\n");
    site.replace("content/annotations/bridge.yaml", "published:", "draft: true\nstory: bridge\npublished:");
    let run = site.run(&["check"]);
    let note = "(1 draft is left out of this build and does not count; `--drafts` builds it)";
    run.assert_reports("content/entities.yaml:1:1", "warning: entity `council` is never mentioned");
    run.assert_reports("content/stories.yaml:1:1", "warning: story `bridge` has no published brief");
    assert_eq!(run.stderr.matches(note).count(), 2, "{}", run.stderr);
    let run = site.run(&["check", "--drafts"]);
    run.assert_summary("0 errors, 0 warnings");
    // Nor does the draft publish the event it reports: it is on no page, feed or export.
    let out = site.output();
    let leaks: Vec<&str> =
        out.paths().filter(|p| out.get(p).is_some_and(|b| contains(b, b"approves the bridge"))).collect();
    assert!(leaks.is_empty(), "{leaks:?}");
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn fuzzy_quote_is_a_warning_showing_the_matched_text() {
    let (_, run) = broken("\"cost 40 million dollars\"", "\"cost 40 milion dollars\"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.assert_reports(
        "content/annotations/bridge.yaml:5:12",
        "warning: the quote is not in the article word for word",
    );
    assert!(run.stderr.contains("the article reads: \"cost 40 million dollars\""), "{}", run.stderr);
}

#[test]
fn unknown_event_reference() {
    let site = SiteTest::fixture("basic");
    site.write("content/events.yaml", "- id: bridge-plan\n  date: 2015\n  title: The bridge is planned\n");
    site.replace(ANN, "events:\n", "events:\n  - id: bridge-plans\n");
    let run = site.run(&["check"]);
    assert_error(&run, "content/annotations/bridge.yaml:10:9", "unknown event `bridge-plans`");
    assert!(run.stderr.contains("did you mean `bridge-plan`?"), "{}", run.stderr);
}

#[test]
fn a_reference_to_an_event_keeps_its_title_and_text_and_adds_its_tags() {
    let site = SiteTest::fixture("basic");
    site.write("content/events.yaml", "- id: bridge-plan\n  date: 2015\n  title: The bridge is planned\n");
    let refer = |more: &str| site.replace(ANN, "events:\n", &format!("events:\n  - id: bridge-plan\n{more}"));
    refer("    title: The bridge is cancelled\n");
    let run = site.run(&["check"]);
    assert_error(
        &run,
        "content/annotations/bridge.yaml:11:12",
        "event `bridge-plan` is titled “The bridge is planned”, not “The bridge is cancelled”",
    );
    assert!(run.stderr.contains("give this event an `id:` of its own"), "{}", run.stderr);

    site.replace(ANN, "    title: The bridge is cancelled\n", "    body: Planned in secret.\n");
    assert_error(
        &site.run(&["check"]),
        "content/annotations/bridge.yaml:10:9",
        "event `bridge-plan` has its text where it is defined",
    );

    site.replace(ANN, "    body: Planned in secret.\n", "    title: The bridge is planned\n    tags: [planning]\n");
    let tag_page = site.output().get("tags/planning/index.html").map(|p| String::from_utf8_lossy(p).into_owned());
    assert!(tag_page.is_some_and(|p| p.contains("The bridge is planned")), "the reference's tag is the event's");
}

#[test]
fn two_seeds_with_one_id_are_one_error_and_the_annotation_is_not_checked_against_either() {
    let site = SiteTest::fixture("basic");
    site.write("seeds/bridge.md", "A clipping saved twice, without the quotes of the annotation.\n");
    let run = site.run(&["check"]);
    assert_one_error(&run, "seeds/bridge.txt", "error: two seeds have the id `bridge`");
    assert!(run.stderr.contains("seeds/bridge.md has the same name; rename one of them"), "{}", run.stderr);
}

#[test]
fn two_unannotated_seeds_with_one_id_are_told_to_rename_one_not_to_annotate_it() {
    let site = SiteTest::fixture("basic");
    site.write("seeds/vote.txt", "Council approves the bridge after a long debate about its cost.\n");
    site.write("seeds/vote.md", "Council approves the bridge after a long debate about its cost.\n");
    let run = site.run(&["check"]);
    assert_one_error(&run, "seeds/vote.txt", "error: two seeds have the id `vote`");
    assert!(!run.stderr.contains("briefgen new vote"), "`new` refuses a shared id: {}", run.stderr);
}

#[test]
fn a_registry_may_end_in_yml_but_not_be_there_twice() {
    let site = SiteTest::fixture("basic");
    site.write("content/entities.yml", ENTITIES);
    site.replace(ANN, "notes:\n", "entities: [council]\nnotes:\n");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "entities.yml is read: {}", run.stderr);

    site.write("content/entities.yaml", ENTITIES);
    let run = site.run(&["check"]);
    assert_one_error(&run, "content/entities.yml", "content/entities.yaml is here too; briefgen reads only that one");
}

/// An annotation or a page whose extension an editor's system wrote in capitals is read, as
/// a seed's is: `bridge.YAML` was "not read" and its seed "has no annotation".
#[test]
fn an_annotation_or_page_with_its_extension_in_capitals_is_read() {
    let site = SiteTest::fixture("basic");
    let text = site.read(ANN);
    std::fs::remove_file(site.path(ANN)).unwrap();
    site.write("content/annotations/bridge.YAML", &text);
    site.write("content/pages/about.MD", "---\ntitle: About\n---\nWho we are.\n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("built 1 brief") && !run.stderr.contains("warning"), "{}", run.stderr);
    assert!(site.path("public/about/index.html").is_file());
}

#[test]
fn a_misspelt_registry_is_one_error_not_one_per_reference() {
    let site = SiteTest::fixture("basic");
    site.write("content/entites.yaml", ENTITIES);
    site.replace(ANN, "notes:\n", "entities: [council]\nnotes:\n");
    site.replace(
        ANN,
        "    quote: \"approved the new river bridge\"",
        "    quote: \"approved the new river bridge\"\n    entities: [council]",
    );
    let run = site.run(&["check"]);
    assert_one_error(&run, "content/entites.yaml", "error: briefgen does not read this file");
    assert!(run.stderr.contains("did you mean `entities.yaml`?"), "{}", run.stderr);
}

#[test]
fn a_registry_of_the_wrong_shape_is_one_error_not_one_per_reference() {
    // Entities written as a list, like events; events written as ids, like entities.
    let site = SiteTest::fixture("basic");
    site.write("content/entities.yaml", "- id: council\n  name: City Council\n");
    site.replace(ANN, "notes:\n", "entities: [council]\nnotes:\n");
    let run = site.run(&["check"]);
    assert_one_error(&run, "content/entities.yaml:1:1", "error: wrong type: expected a mapping");
    let site = SiteTest::fixture("basic");
    site.write("content/events.yaml", "vote:\n  date: 2018-03-05\n  title: The vote\n");
    site.replace(ANN, "  - date: 2018-03-05\n    title: Council approves the bridge\n", "  - id: vote\n");
    let run = site.run(&["check"]);
    assert_one_error(&run, "content/events.yaml:1:1", "error: wrong type: expected a list");
    assert!(run.stderr.contains("each entry starts with `- `"), "{}", run.stderr);
}

#[test]
fn an_event_a_brief_reports_twice_is_a_warning_on_the_second_entry() {
    // Its second quote is checked, but the brief links the event to the first one only.
    let site = SiteTest::fixture("basic");
    site.replace(
        ANN,
        "    quote: \"approved the new river bridge\"",
        "    quote: \"approved the new river bridge\"\n  - date: 2018-03-05\n    title: Council approves the bridge\n    quote: \"by seven votes to two\"",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.assert_reports(
        "content/annotations/bridge.yaml:14:12",
        "warning: this brief reports event `2018-03-05-council-approves-the-bridge` twice, first at line 10",
    );
    run.assert_summary("0 errors, 1 warning");
}

#[test]
fn a_file_in_content_that_briefgen_does_not_read_is_a_warning() {
    let site = SiteTest::fixture("basic");
    site.write("content/notes.txt", "Ideas for next week.\n");
    site.write("content/README.md", "What this folder holds.\n");
    site.write("content/Thumbs.db", "");
    site.write("content/pages/contact.html", "<p>Write to us.</p>\n");
    site.write("content/annotations/bridge.yaml.txt", "published: 2018-03-05\n");
    site.write("content/annotations/old/bridge.yaml", "published: 2018-03-05\n");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for file in ["notes.txt", "pages/contact.html", "annotations/bridge.yaml.txt", "annotations/old/bridge.yaml"] {
        let report = format!("warning: briefgen does not read this file\n --> content/{file}\n");
        assert!(run.stderr.contains(&report), "{report}in:\n{}", run.stderr);
    }
    assert!(run.stderr.contains("an editor added `.txt`: remove it"), "{}", run.stderr);
    assert!(run.stderr.contains("check: 0 errors, 4 warnings"), "README is fine: {}", run.stderr);
}

#[test]
fn a_config_named_briefgen_yml_is_pointed_at() {
    let site = SiteTest::fixture("basic");
    std::fs::rename(site.path("briefgen.yaml"), site.path("briefgen.yml")).unwrap();
    let run = site.run(&["check"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("rename it to briefgen.yaml"), "{}", run.stderr);
}

#[test]
fn every_mistake_of_the_config_is_reported_at_once() {
    let site = SiteTest::fixture("basic");
    site.write(
        "briefgen.yaml",
        "title: [Basic]\nbase_url: https://example.org/\nlangauge: de\noutputs:\n  search: maybe\ntheme: Big Theme\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for (location, message) in [
        ("briefgen.yaml:1:8", "error: wrong type for `title`: expected a text"),
        ("briefgen.yaml:3:1", "error: unknown key `langauge`"),
        ("briefgen.yaml:5:11", "error: wrong type for `search`: expected true or false"),
        ("briefgen.yaml:6:8", "error: theme name `Big Theme` is not a folder name"),
    ] {
        run.assert_reports(location, message);
    }
    assert!(run.stderr.contains("did you mean `language`?"), "{}", run.stderr);
    // The title left out for its error is not missing a second time.
    run.assert_summary("4 errors, 0 warnings");
}

#[test]
fn every_mistake_inside_a_config_key_is_reported_at_once() {
    let site = SiteTest::fixture("basic");
    site.write(
        "briefgen.yaml",
        "title: Basic\nbase_url: https://example.org/\noutputs:\n  search: maybe\n  feds: site\nverdicts:\n  - id: right\n    labl: Right\n    description: [x]\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for (location, message) in [
        ("briefgen.yaml:4:11", "error: wrong type for `search`: expected true or false"),
        ("briefgen.yaml:5:3", "error: unknown key `feds`"),
        ("briefgen.yaml:8:5", "error: unknown key `labl`"),
        ("briefgen.yaml:9:18", "error: wrong type for `description`: expected a text"),
    ] {
        run.assert_reports(location, message);
    }
    assert!(run.stderr.contains("did you mean `feeds`?"), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `label`?"), "{}", run.stderr);
    // The verdict whose `labl:` was left out is not missing its `label` as well.
    run.assert_summary("4 errors, 0 warnings");
}

#[test]
fn every_mistake_of_a_registry_entry_is_reported_and_references_to_it_are_not() {
    let site = SiteTest::fixture("basic");
    site.write("content/entities.yaml", "council:\n  name: City Council\n  kind: persn\n  alaises: [council]\n");
    site.write("content/outlets.yaml", "example-press:\n  nme: Example Press\n  url: javascript:x\n  country: [X]\n");
    site.write("content/stories.yaml", "bridge-vote:\n  titel: The bridge vote\n  summary: [x]\n");
    site.write("content/events.yaml", "- id: bridge-plan\n  dte: 2015\n  title: [The bridge is planned]\n");
    site.replace(ANN, "notes:\n", "entities: [council]\noutlet: example-press\nstory: bridge-vote\nnotes:\n");
    site.replace(ANN, "events:\n", "events:\n  - id: bridge-plan\n");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for (location, message) in [
        ("entities.yaml:3:9", "error: unknown value `persn`"),
        ("entities.yaml:4:3", "error: unknown key `alaises`"),
        ("outlets.yaml:2:3", "error: unknown key `nme`"),
        ("outlets.yaml:4:12", "error: wrong type for `country`: expected a text"),
        ("stories.yaml:2:3", "error: unknown key `titel`"),
        ("stories.yaml:3:12", "error: wrong type for `summary`: expected a text"),
        ("events.yaml:2:3", "error: unknown key `dte`"),
        ("events.yaml:3:10", "error: wrong type for `title`: expected a text"),
    ] {
        run.assert_reports(&format!("content/{location}"), message);
    }
    // Each entry is left out whole (no "missing key `name`", no check of the outlet's URL)
    // and its id still known: no "unknown entity", outlet, story or event.
    run.assert_summary("8 errors, 0 warnings");
}

#[test]
fn an_unreadable_seed_without_annotation_is_a_warning_and_backups_are_left_aside() {
    let site = SiteTest::fixture("basic");
    std::fs::write(site.path("seeds/photo.jpg"), [0xff, 0xd8, 0xff, 0x00, 0x10]).unwrap();
    std::fs::write(site.path("seeds/latin1.txt"), b"Caf\xe9 au lait, a paragraph saved in Latin-1.\n").unwrap();
    site.write("seeds/bridge.txt~", &site.read("seeds/bridge.txt"));
    site.write("seeds/#bridge.txt#", &site.read("seeds/bridge.txt"));
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.assert_reports("seeds/photo.jpg", "warning: the seed is a binary file, not text");
    assert!(run.stderr.contains("warning: the seed is not valid UTF-8"), "{}", run.stderr);
    assert!(!run.stderr.contains("two seeds have the id"), "backups are not seeds: {}", run.stderr);

    std::fs::rename(site.path("seeds/photo.jpg"), site.path("seeds/bridge.jpg")).unwrap();
    std::fs::remove_file(site.path("seeds/bridge.txt")).unwrap();
    let run = site.run(&["check"]);
    run.assert_reports("seeds/bridge.jpg", "error: the seed is a binary file, not text");
    assert!(run.stderr.contains("check: 1 error, 1 warning"), "its annotation is not checked: {}", run.stderr);
}

#[test]
fn a_closed_pipe_ends_check_with_its_own_exit_code_not_a_panic() {
    let site = SiteTest::fixture("basic");
    site.replace(ANN, "published: 2018-03-05", "published: 2018-02-30");
    let mut cmd = site.command(&["check"]);
    cmd.stderr(std::process::Stdio::piped()).stdout(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    // The reader goes away before briefgen writes: `briefgen check 2>&1 | head -c1`.
    drop(child.stderr.take());
    drop(child.stdout.take());
    assert_eq!(child.wait().unwrap().code(), Some(1));
}

#[test]
fn a_wrong_value_hides_no_other_mistake_of_its_annotation() {
    let site = SiteTest::fixture("basic");
    site.replace(ANN, "published: 2018-03-05", "published: [2018]\ntags: 5\ndraft: maybe");
    site.replace(ANN, "\"cost 40 million dollars\"", "\"cost forty million euros\"");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for (location, message) in [
        ("bridge.yaml:1:12", "error: wrong type for `published`: expected a text"),
        ("bridge.yaml:2:7", "error: wrong type for `tags`: expected a list"),
        ("bridge.yaml:3:8", "error: wrong type for `draft`: expected true or false"),
        ("bridge.yaml:7:12", "error: quote not found in the article"),
    ] {
        run.assert_reports(&format!("content/annotations/{location}"), message);
    }
    // The date left out for its error is not missing a second time.
    assert!(run.stderr.contains("check: 4 errors, 0 warnings"), "{}", run.stderr);
}

#[test]
fn the_only_note_with_a_mistake_is_one_error() {
    let site = SiteTest::fixture("basic");
    site.write(
        ANN,
        "published: 2018-03-05\nnotes:\n  - kind: opinion\n    quote: \"by seven votes to two\"\n    body: x\n",
    );
    let run = site.run(&["check"]);
    // Not a second error for the `notes:` it leaves without items.
    assert_one_error(&run, "content/annotations/bridge.yaml:3:11", "error: unknown value `opinion`");
}

/// A note or an event with a key that has a mistake still has its other keys checked in the
/// same run: its quote, verdict and claimant. What the key left out would have given is no
/// second error: no "no body" for `bdy:`, no "no verdict" for `verdcit:`, no "no title" for
/// `titel:`.
#[test]
fn a_note_with_an_unknown_key_has_its_other_mistakes_reported_too() {
    let site = SiteTest::fixture("basic");
    let annotation = r#"published: 2018-03-05
notes:
  - quote: "by seven votes to two"
    bdy: The vote was 7–2.
    claimant: nobody
  - quote: "cost forty million euros"
    sorces: []
    kind: fact-check
    verdict: maybe
    body: The adopted budget says 42 million.
  - quote: "cost 40 million dollars"
    kind: fact-check
    verdcit: false
    body: x
events:
  - date: 2018-03-05
    titel: Council approves the bridge
    quote: "approved the new river bridge"
"#;
    site.write(ANN, annotation);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for (location, message) in [
        ("bridge.yaml:4:5", "error: unknown key `bdy`"),
        ("bridge.yaml:5:15", "error: unknown entity `nobody`"),
        ("bridge.yaml:6:12", "error: quote not found in the article"),
        ("bridge.yaml:7:5", "error: unknown key `sorces`"),
        ("bridge.yaml:9:14", "error: `maybe` is not on the verdict scale"),
        ("bridge.yaml:13:5", "error: unknown key `verdcit`"),
        ("bridge.yaml:17:5", "error: unknown key `titel`"),
    ] {
        run.assert_reports(&format!("content/annotations/{location}"), message);
    }
    run.assert_summary("7 errors, 0 warnings");
}

/// A key written twice is one mistake of its entry, not the end of reading the file: the
/// annotation's other mistakes are reported in the same run.
#[test]
fn a_key_written_twice_hides_no_other_mistake() {
    let site = SiteTest::fixture("basic");
    let annotation = r#"published: 2018-03-05
notes:
  - quote: "by seven votes to two"
    body: The vote was 7–2.
    body: Seven to two.
  - quote: "cost forty million euros"
    claimant: nobody
    body: x
"#;
    site.write(ANN, annotation);
    let run = site.run(&["check"]);
    for (location, message) in [
        ("bridge.yaml:5:5", "error: duplicate key `body`"),
        ("bridge.yaml:6:12", "error: quote not found in the article"),
        ("bridge.yaml:7:15", "error: unknown entity `nobody`"),
    ] {
        run.assert_reports(&format!("content/annotations/{location}"), message);
    }
    run.assert_summary("3 errors, 0 warnings");
}

/// So does an entry of a registry: an entity with `kind: persn` still has its Wikidata id
/// checked, an event with `titel:` its date, one with `dte:` its entities; and an event
/// with neither date nor title is two mistakes.
#[test]
fn a_registry_entry_with_an_unknown_key_has_its_other_mistakes_reported_too() {
    let site = SiteTest::fixture("basic");
    site.write("content/entities.yaml", "council:\n  name: Council\n  kind: organisatoin\n  wikidata: X12\n");
    site.write(
        "content/events.yaml",
        "- id: a\n  date: 2018-13-01\n  titel: A\n- id: b\n  dte: 2018-01-01\n  title: B\n  entities: [nobody]\n- id: c\n  body: C\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for (location, message) in [
        ("entities.yaml:3:9", "error: unknown value `organisatoin`"),
        ("entities.yaml:4:13", "error: `X12` is not a Wikidata id"),
        ("events.yaml:2:9", "error: invalid `date`: month 13 does not exist"),
        ("events.yaml:3:3", "error: unknown key `titel`"),
        ("events.yaml:5:3", "error: unknown key `dte`"),
        ("events.yaml:7:14", "error: unknown entity `nobody`"),
        ("events.yaml:8:7", "error: this event has no date"),
        ("events.yaml:8:7", "error: this event has no title"),
    ] {
        run.assert_reports(&format!("content/{location}"), message);
    }
    run.assert_summary("8 errors, 0 warnings");
}

#[test]
fn every_mistake_of_a_note_is_reported_and_a_wrong_kind_adds_no_other() {
    let site = SiteTest::fixture("basic");
    site.replace(ANN, "    kind: fact-check\n", "    kind: fact-chek\n    claimnt: council\n");
    site.replace(ANN, "    verdict: mostly-true\n", "    verdict: [mostly-true]\n");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for (location, message) in [
        ("bridge.yaml:6:11", "error: unknown value `fact-chek`"),
        ("bridge.yaml:7:5", "error: unknown key `claimnt`"),
        ("bridge.yaml:8:14", "error: wrong type for `verdict`: expected a text"),
    ] {
        run.assert_reports(&format!("content/annotations/{location}"), message);
    }
    // The note is not used without them: no "only fact-check notes take a verdict", no
    // "this fact-check has no verdict".
    run.assert_summary("3 errors, 0 warnings");
}

#[test]
fn crossing_quotes_name_each_other() {
    let site = SiteTest::fixture("basic");
    site.replace(ANN, "events:", "  - quote: \"votes to two, ending a debate\"\n    body: Crosses the first.\nevents:");
    let run = site.run(&["check"]);
    assert_one_error(
        &run,
        "content/annotations/bridge.yaml:9:12",
        "error: this quote overlaps the quote at line 3 without containing it",
    );
}

#[test]
fn a_required_key_not_written_is_reported_with_the_entrys_other_mistakes() {
    let site = SiteTest::fixture("basic");
    site.write("content/entities.yaml", "council:\n  kind: persn\n  aliases: [council]\n");
    site.replace(ANN, "notes:\n", "entities: [council]\nnotes:\n  - kind: opinion\n");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for (location, message) in [
        ("entities.yaml:2:9", "error: unknown value `persn`"),
        ("entities.yaml:2:3", "error: missing key `name`"),
        ("annotations/bridge.yaml:4:11", "error: unknown value `opinion`"),
        ("annotations/bridge.yaml:4:5", "error: missing key `quote`"),
    ] {
        run.assert_reports(&format!("content/{location}"), message);
    }
    // Still one error per mistake: the entity is not unknown where the annotation names it.
    run.assert_summary("4 errors, 0 warnings");
}

#[test]
fn a_base_url_with_a_password_or_no_valid_host_is_refused() {
    let site = SiteTest::fixture("basic");
    site.replace("briefgen.yaml", "base_url: https://example.org/", "base_url: https://editor:s3cret@example.org/");
    let run = site.run(&["build"]);
    // Published, it would be in every feed, the sitemap and each page's canonical link.
    assert_error(
        &run,
        "briefgen.yaml:2:11",
        "error: base URL `https://…@example.org/` has a user name or password in it",
    );
    assert!(run.stderr.contains("build failed: 1 error, 0 warnings"), "{}", run.stderr);
    assert!(!site.path("public").exists());
    for bad in ["https://example.org:99999/", "https://.org/", "https://example.org?page=1"] {
        site.write("briefgen.yaml", &format!("title: Basic\nbase_url: {bad}\n"));
        let run = site.run(&["check"]);
        assert_eq!(run.code, 1, "{bad}: {}", run.stderr);
        run.assert_summary("1 error, 0 warnings");
    }
    site.write("briefgen.yaml", "title: Basic\nbase_url: https://example.org/\n");
    let run = site.run(&["build", "--base-url", "https://u:p@example.org/"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("has a user name or password in it"), "{}", run.stderr);
}

#[test]
fn seed_ids_that_differ_only_in_case_are_a_warning() {
    let site = SiteTest::fixture("basic");
    site.write("seeds/Bridge.md", "A clipping about the bridge, saved under another name.\n");
    site.write("content/annotations/Bridge.yaml", "title: The bridge\npublished: 2018-03-05\ntags: [bridge]\n");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.assert_reports(
        "seeds/bridge.txt",
        "warning: this seed's id `bridge` differs from the id of seeds/Bridge.md only in case",
    );
    assert!(run.stderr.contains("`Bridge.yaml` and `bridge.yaml`, are one file"), "{}", run.stderr);
    run.assert_summary("0 errors, 1 warning");
}

/// `café` written as one letter (NFC) or as `e` and an accent (NFD, as macOS's older file
/// system saved names) are two file names here, and one on macOS: the seeds built here and
/// nothing was said, as seeds that differ in case were.
#[test]
fn seed_ids_that_differ_only_in_how_their_accents_are_encoded_are_a_warning() {
    let site = SiteTest::fixture("basic");
    let (nfc, nfd) = ("caf\u{e9}", "cafe\u{301}");
    site.write(&format!("seeds/{nfc}.md"), "A clipping about the café, saved once.\n");
    site.write(&format!("content/annotations/{nfc}.yaml"), "title: The café\npublished: 2018-03-05\n");
    site.write(&format!("seeds/{nfd}.txt"), "A clipping about the café, saved again.\n");
    site.write(&format!("content/annotations/{nfd}.yaml"), "title: The café again\npublished: 2018-03-06\n");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("only in how its accented letters are encoded"), "{}", run.stderr);
    assert!(run.stderr.contains("macOS"), "{}", run.stderr);
    run.assert_summary("0 errors, 1 warning");
}

#[test]
fn every_mistake_in_a_seeds_front_matter_is_one_error_and_its_annotation_adds_none() {
    let site = SiteTest::fixture("basic");
    let text = site.read("seeds/bridge.txt");
    std::fs::remove_file(site.path("seeds/bridge.txt")).unwrap();
    site.write("seeds/bridge.md", &format!("---\ntitle: [Bridge]\nauthr: Ann Lee\n---\n{text}"));
    let run = site.run(&["check"]);
    assert_error(&run, "seeds/bridge.md:2:8", "wrong type for `title`");
    assert_error(&run, "seeds/bridge.md:3:1", "unknown key `authr`");
    assert!(run.stderr.contains("check: 2 errors, 0 warnings"), "{}", run.stderr);
}
