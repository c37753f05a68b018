//! `briefgen check`: every problem at once, in the three output formats.

use crate::harness::SiteTest;

const AFP: &str = "content/annotations/000_a00be4cd77ada471.yaml";
const RHC: &str = "content/annotations/004_4adcc239e7605c19.yaml";

/// The demo with ten different mistakes, in eight files.
fn demo_with_ten_mistakes() -> SiteTest {
    let site = SiteTest::demo();
    site.replace(AFP, "\"Raqa is not a priority target for his forces\"", "\"Raqa is not a target for his army\"");
    site.replace(AFP, "verdict: misleading", "verdict: mislead");
    site.replace(AFP, "entities: [bashar-al-assad, saydnaya-prison]", "entities: [bashar-al-asad, saydnaya-prison]");
    site.replace(RHC, "published: 2017-01-09", "published: 2017-01-32");
    site.replace(RHC, "story: assad-every-inch", "story: assad-every-mile");
    site.replace("content/entities.yaml", "wikidata: Q44329", "wikidata: 44329");
    site.replace("content/events.yaml", "date: 2016-10-17", "date: 2016-10-17th");
    site.replace("content/pages/about.md", "menu: 1", "menu: 1\nmenus: 2");
    site.replace("content/pages/methodology.md", "title: Methodology", "title: \"Methodology");
    std::fs::copy(site.path("seeds/000_a00be4cd77ada471.txt"), site.path("seeds/extra.txt")).unwrap();
    site
}

#[test]
fn ten_mistakes_give_ten_diagnostics() {
    let site = demo_with_ten_mistakes();
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    run.assert_summary("9 errors, 1 warning");
    for (location, message) in [
        (format!("{AFP}:15:12"), "quote not found in the article"),
        (format!("{AFP}:44:14"), "`mislead` is not on the verdict scale"),
        (format!("{AFP}:6:12"), "unknown entity `bashar-al-asad`"),
        (format!("{RHC}:3:12"), "invalid `published`"),
        (format!("{RHC}:4:8"), "unknown story `assad-every-mile`"),
        ("content/entities.yaml:8:13".into(), "`44329` is not a Wikidata id"),
        ("content/events.yaml:21:9".into(), "invalid `date`"),
        ("content/pages/about.md:5:1".into(), "unknown key `menus`"),
        ("content/pages/methodology.md:2:8".into(), "this quoted text is not closed"),
        ("seeds/extra.txt".into(), "warning: this seed has no annotation"),
    ] {
        run.assert_reports(&location, message);
    }
    assert!(!site.path("public").exists(), "check writes nothing");
}

#[test]
fn mistakes_in_the_config_and_the_templates_come_with_the_contents() {
    let site = demo_with_ten_mistakes();
    site.replace("briefgen.yaml", "title: Syria Briefs", "langauge: de\ntitle: Syria Briefs");
    site.write("templates/page.html", "{% if %}\n");
    let run = site.run(&["check"]);
    run.assert_summary("11 errors, 1 warning");
    run.assert_reports("briefgen.yaml:2:1", "unknown key `langauge`");
    run.assert_reports("templates/page.html:1:7", "template error");
    run.assert_reports(&format!("{AFP}:15:12"), "quote not found in the article");
    // A mistake in what the content is checked against (here the verdict scale, misspelt)
    // stops there: against the default scale, the notes' verdicts would be mistakes they are not.
    site.replace("briefgen.yaml", "langauge: de\n", "");
    site.replace("briefgen.yaml", "verdicts:", "verdcits:");
    let run = site.run(&["check"]);
    run.assert_summary("1 error, 0 warnings");
    run.assert_reports("briefgen.yaml:11:1", "unknown key `verdcits`");
}

#[test]
fn json_is_one_array_on_stdout() {
    let site = demo_with_ten_mistakes();
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1);
    let diags: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).expect(&run.stdout);
    assert_eq!(diags.len(), 10);
    let story = diags.iter().find(|d| d["message"].as_str().unwrap().contains("assad-every-mile")).unwrap();
    assert_eq!(story["severity"], "error");
    assert_eq!(story["file"], RHC);
    assert_eq!((story["line"].as_u64(), story["column"].as_u64()), (Some(4), Some(8)));
    assert!(story["help"].as_str().unwrap().contains("content/stories.yaml"));

    let clean = SiteTest::demo().run(&["check", "--format", "json"]);
    assert_eq!((clean.code, clean.stdout.as_str()), (0, "[]\n"), "{}", clean.stderr);
}

#[test]
fn github_format_prints_workflow_commands() {
    let run = demo_with_ten_mistakes().run(&["check", "--format", "github"]);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 10, "{}", run.stdout);
    let expected = format!("::error file={RHC},line=4,col=8,title=briefgen::unknown story `assad-every-mile`%0Ahelp: ");
    assert!(lines.iter().any(|l| l.starts_with(&expected)), "{}", run.stdout);
    assert!(lines.contains(&"::warning file=seeds/extra.txt,title=briefgen::this seed has no annotation, so it is not published%0Ahelp: create one with `briefgen new extra`"), "{}", run.stdout);
}

#[test]
fn an_environment_error_reaches_tools_in_their_format() {
    let site = SiteTest::fixture("basic");
    std::fs::remove_file(site.path("briefgen.yaml")).unwrap();
    for command in ["check", "build"] {
        let json = site.run(&[command, "--format", "json"]);
        assert_eq!(json.code, 2, "{}", json.stderr);
        let diags: Vec<serde_json::Value> = serde_json::from_str(&json.stdout).expect(&json.stdout);
        assert_eq!(diags.len(), 1, "{}", json.stdout);
        assert_eq!((diags[0]["severity"].as_str(), diags[0]["file"].as_str()), (Some("error"), Some("")));
        assert!(diags[0]["message"].as_str().unwrap().starts_with("cannot read "), "{}", json.stdout);
        assert!(diags[0]["help"].as_str().unwrap().contains("briefgen init"), "{}", json.stdout);
        assert!(json.stderr.contains("briefgen init"), "people still read it: {}", json.stderr);

        let github = site.run(&[command, "--format", "github"]);
        assert_eq!(github.code, 2);
        assert!(github.stdout.starts_with("::error title=briefgen::cannot read "), "{}", github.stdout);
    }
}

#[test]
fn github_format_names_files_from_the_working_folder() {
    let site = SiteTest::demo();
    site.replace(RHC, "story: assad-every-inch", "story: assad-every-mile");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_briefgen"))
        .args(["build", "--root", "site", "--format", "github"])
        .current_dir(site.root.parent().unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with(&format!("::error file=site/{RHC},line=4,col=8,")), "{stdout}");
    assert!(!site.path("public").exists(), "a build with errors writes nothing");
}

#[test]
fn issue_23_a_decomposed_quote_anchors_without_a_warning() {
    let site = SiteTest::fixture("basic");
    site.write(
        "seeds/cafe.txt",
        "Café reopens\n\nThe Café Zürich reopened on Monday after the works, the owner said.\n",
    );
    // As macOS often copies it: every accent a combining mark after its letter.
    let nfd = "Cafe\u{301} Zu\u{308}rich reopened";
    site.write(
        "content/annotations/cafe.yaml",
        &format!("title: Café reopens\npublished: 2018-03-05\nnotes:\n  - quote: \"{nfd}\"\n    body: x\n"),
    );
    let run = site.run(&["check", "--deny-warnings"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("0 errors, 0 warnings"), "{}", run.stderr);
}

#[test]
fn annotations_saved_under_each_others_names_are_one_error_each() {
    let site = SiteTest::demo();
    let (afp, rhc) = (site.read(AFP), site.read(RHC));
    site.write(AFP, &rhc).write(RHC, &afp);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    // Not one per quote.
    run.assert_summary("2 errors, 1 warning");
    run.assert_reports(
        &format!("{AFP}:15:12"),
        "none of the 16 quotes of this annotation is in the article of seed `000_a00be4cd77ada471`",
    );
    assert!(
        run.stderr.contains("they are in seeds/004_4adcc239e7605c19.txt: if this is its annotation, rename this file to content/annotations/004_4adcc239e7605c19.yaml"),
        "{}",
        run.stderr
    );
    // A few quotes not found are still reported one by one, with the closest passages.
    let site = SiteTest::demo();
    site.replace(AFP, "\"Raqa is not a priority target for his forces\"", "\"Raqa is not a target for his army\"");
    let run = site.run(&["check"]);
    run.assert_reports(&format!("{AFP}:15:12"), "quote not found in the article");
}

#[test]
fn an_entity_named_as_another_is_one_warning() {
    let site = SiteTest::demo();
    let registry = site.read("content/entities.yaml");
    site.write("content/entities.yaml", &format!("{registry}dup-assad:\n  name: Assad\n  kind: person\n"));
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("warning: `Assad` is also a name of entity `bashar-al-assad`"), "{}", run.stderr);
    // Not also `never mentioned`.
    run.assert_summary("0 errors, 1 warning");
}
