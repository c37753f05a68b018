//! The editor's commands: `init` a site, `new` annotations.

use crate::harness::SiteTest;

const RHC: &str = "004_4adcc239e7605c19";

#[test]
fn init_makes_a_site_that_checks_and_builds() {
    let t = SiteTest::empty();
    let run = t.run(&["init", "blog"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let site = t.path("blog");
    for file in ["briefgen.yaml", "seeds/example.txt", "content/annotations/example.yaml", "templates/README.md"] {
        assert!(site.join(file).is_file(), "{file}");
    }
    assert!(!site.join("themes").exists(), "the theme stays built in");
    let check = t.run(&["check", "--root", "blog"]);
    assert_eq!((check.code, check.stderr.as_str()), (0, "check: 0 errors, 0 warnings\n"));
    assert_eq!(t.run(&["build", "--root", "blog"]).code, 0);
    let page = std::fs::read_to_string(
        site.join("public/briefs/syrian-president-bashar-al-assad-says-army-will-liberate/index.html"),
    )
    .unwrap();
    assert!(page.contains("so-called headquarters"), "the example brief is published");
}

#[test]
fn init_in_a_language_makes_a_site_in_that_language() {
    let t = SiteTest::empty();
    let run = t.run(&["init", "revue", "--language", "fr_fr"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(t.read("revue/briefgen.yaml").contains("\nlanguage: fr-FR\n"), "the tag as briefgen writes it");
    let check = t.run(&["check", "--root", "revue"]);
    assert_eq!((check.code, check.stderr.as_str()), (0, "check: 0 errors, 0 warnings\n"));
    assert_eq!(t.run(&["build", "--root", "revue"]).code, 0);
    let page = t.read("revue/public/briefs/syrian-president-bashar-al-assad-says-army-will-liberate/index.html");
    assert!(page.contains(">Verdict\u{a0}: Vrai<") && page.contains("Trompeur"), "the scale in the site's language");
    assert!(page.contains("9 janvier 2017"), "dates in French");
    assert!(page.contains("<title>Syrian President") && page.contains("— Mes brèves</title>"), "the site's title");
    assert!(page.contains(r#"<a href="/about/">À propos</a>"#), "the About page in French, in the menu");
    assert!(t.read("revue/README.md").starts_with("# Mes brèves\n"));
    // The example article is English: its title and text say so, not French.
    assert!(page.contains(r#"<h1 id="brief-title" lang="en" dir="ltr">Syrian President"#), "{page}");
    assert!(page.contains(r#"<div class="block-text" lang="en" dir="ltr">"#));

    let run = t.run(&["init", "other", "--language", "French"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("`French` is not a language tag; nothing was written"), "{}", run.stderr);
    assert!(run.stderr.contains("`fr`"), "the code is suggested: {}", run.stderr);
    assert!(!t.path("other").exists());
}

#[test]
fn init_in_arabic_runs_the_english_example_article_left_to_right() {
    // The example seed is English: on a site made with `--language ar` its text ran right to
    // left, a sentence's full stop at its start.
    let t = SiteTest::empty();
    assert_eq!(t.run(&["init", "ar", "--language", "ar"]).code, 0);
    assert_eq!(t.run(&["build", "--root", "ar"]).code, 0);
    let page = t.read("ar/public/briefs/syrian-president-bashar-al-assad-says-army-will-liberate/index.html");
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">"));
    assert!(page.contains(r#"<h1 id="brief-title" lang="en" dir="ltr">"#), "{page}");
    assert!(!page.contains(r#"<div class="block-text">"#), "every paragraph is marked");
}

#[test]
fn init_in_each_language_briefgen_has_words_for_writes_a_site_that_checks_clean_in_it() {
    let t = SiteTest::empty();
    let catalogues = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/i18n")).unwrap();
    let mut languages: Vec<String> =
        catalogues.map(|e| e.unwrap().file_name().to_string_lossy().trim_end_matches(".yaml").to_owned()).collect();
    languages.sort();
    assert!(languages.len() >= 10, "{languages:?}");
    let mut titles = std::collections::BTreeSet::new();
    for lang in &languages {
        assert_eq!(t.run(&["init", lang, "--language", lang]).code, 0, "{lang}");
        let check = t.run(&["check", "--root", lang]);
        assert_eq!((check.code, check.stderr.as_str()), (0, "check: 0 errors, 0 warnings\n"), "{lang}");
        let about = t.read(&format!("{lang}/content/pages/about.md"));
        let title = about.lines().find_map(|l| l.strip_prefix("title: ")).unwrap().to_owned();
        assert!(titles.insert(title), "{lang}: a title of its own\n{about}");
    }
}

#[test]
fn init_refuses_a_folder_with_files_unless_forced_and_never_overwrites() {
    let t = SiteTest::empty();
    t.write("briefgen.yaml", "title: Mine\n");
    let run = t.run(&["init"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("is not empty; nothing was written"), "{}", run.stderr);
    assert!(!t.path("seeds").exists());

    let run = t.run(&["init", "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("kept the existing briefgen.yaml"), "{}", run.stderr);
    assert!(run.stderr.contains("added content/annotations/example.yaml"), "what was added is listed: {}", run.stderr);
    assert_eq!(t.read("briefgen.yaml"), "title: Mine\n");
    assert!(t.path("seeds/example.txt").is_file());

    let run = t.run(&["init", "briefgen.yaml"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with("error: briefgen.yaml is a file, not a folder; nothing was written\n"),
        "{}",
        run.stderr
    );
    assert_eq!(t.read("briefgen.yaml"), "title: Mine\n");
}

#[cfg(unix)]
#[test]
fn init_writes_nothing_through_a_link_out_of_the_folder() {
    let t = SiteTest::empty();
    let outside = t.path("../outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::os::unix::fs::symlink(&outside, t.path("content")).unwrap();
    std::os::unix::fs::symlink(outside.join("gone.yaml"), t.path("briefgen.yaml")).unwrap();
    std::fs::create_dir_all(t.path("README.md")).unwrap();
    let run = t.run(&["init", "--force"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for (file, message) in [
        ("content", "error: this is a link to a file or folder outside the site; briefgen does not follow it"),
        ("briefgen.yaml", "error: this is a link to nothing; briefgen does not write through it"),
        ("README.md", "error: a folder has the name of a file the site needs"),
    ] {
        assert!(run.stderr.contains(&format!("{message}\n --> {file}\n")), "{file}: {}", run.stderr);
    }
    assert_eq!(run.stderr.matches("--> content\n").count(), 1, "one error for the link: {}", run.stderr);
    assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0, "nothing written outside");
    assert!(t.path("seeds/example.txt").is_file(), "the rest is written");
    assert!(!run.stderr.contains("next: "), "{}", run.stderr);
}

/// A file where the site needs a folder (`seeds`, `content/pages`) stopped `init --force` at
/// the first, with the files before it written and the rest not: a site half made, and one
/// error at a time. Each such file is now one error, and every other file is written.
#[test]
fn init_reports_each_file_in_the_way_of_a_folder_and_writes_the_rest() {
    let t = SiteTest::empty();
    t.write("seeds", "my notes\n");
    t.write("content/pages", "more notes\n");
    let run = t.run(&["init", "--force"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for file in ["seeds", "content/pages"] {
        let error = format!("error: a file has the name of a folder the site needs\n --> {file}\n");
        assert_eq!(run.stderr.matches(&error).count(), 1, "{file}: {}", run.stderr);
    }
    assert_eq!(t.read("seeds"), "my notes\n", "never overwritten");
    for written in ["briefgen.yaml", "content/annotations/example.yaml", "content/entities.yaml", "templates/README.md"]
    {
        assert!(t.path(written).is_file(), "{written}: {}", run.stderr);
    }
    assert!(!run.stderr.contains("next: "), "{}", run.stderr);

    // A name the system refuses is not said to be a file in the way.
    let long = format!("sites/{}", "x".repeat(300));
    let run = t.run(&["init", &long]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("cannot create the folder"), "{}", run.stderr);
    assert!(!run.stderr.contains("a file has the name"), "{}", run.stderr);
}

#[test]
fn new_prefills_an_annotation_that_is_ready_to_edit() {
    let site = SiteTest::demo();
    std::fs::remove_file(site.path(&format!("content/annotations/{RHC}.yaml"))).unwrap();
    let run = site.run(&["new", RHC]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = site.read(&format!("content/annotations/{RHC}.yaml"));
    assert!(text.contains("\noutlet: \"Radio Habana Cuba\"\n"), "{text}");
    assert!(
        text.contains("# published: YYYY-01-09   # required: the article says January 9 but not the year"),
        "{text}"
    );
    assert!(
        text.contains("\n#   5. The Syrian president also said that his country's delegation was prepared"),
        "{text}"
    );

    // Filling in the date is all it takes to publish it.
    site.replace(&format!("content/annotations/{RHC}.yaml"), "# published: YYYY-01-09", "published: 2017-01-09");
    let check = site.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
}

#[test]
fn new_never_overwrites_an_annotation() {
    let site = SiteTest::demo();
    let path = format!("content/annotations/{RHC}.yaml");
    let before = site.read(&path);
    let run = site.run(&["new", RHC]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains(&format!("{path} already exists; it was left as it is")), "{}", run.stderr);
    assert_eq!(site.read(&path), before);
    let typo = site.run(&["new", "004_4adcc239e7605c1"]);
    assert!(typo.stderr.contains("did you mean `004_4adcc239e7605c19`?"), "{}", typo.stderr);
    let folder = site.run(&["ingest", "seeds"]);
    assert_eq!(folder.code, 2);
    assert!(
        folder.stderr.contains("`seeds` is a folder\nhelp: give one seed file in it, or a seed id"),
        "{}",
        folder.stderr
    );
}

#[test]
fn a_broken_partial_is_reported_once_at_its_line_and_a_theme_may_include_partials_itself() {
    let t = SiteTest::empty();
    assert_eq!(t.run(&["init", "blog"]).code, 0);
    let eject = t.run(&["theme", "eject", "--root", "blog", "partials/entry.html", "timeline.html"]);
    assert_eq!(eject.code, 0, "{}", eject.stderr);
    let entry = "blog/templates/partials/entry.html";
    let original = t.read(entry);
    t.write(entry, &format!("{original}{{{{ entry.no_such_field }}}}\n"));
    let run = t.run(&["check", "--root", "blog"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let line = original.lines().count() + 1;
    run.assert_reports(&format!("templates/partials/entry.html:{line}:10"), "template error");
    assert_eq!(run.stderr.matches("template error").count(), 1, "{}", run.stderr);
    // A theme whose pages include the partial (rather than print the `html` rendered once)
    // makes the same pages.
    t.write(entry, &original);
    assert_eq!(t.run(&["build", "--root", "blog"]).code, 0);
    let page = "blog/public/timeline/index.html";
    let printed = t.read(page);
    t.replace("blog/templates/timeline.html", "{{ entry.html | safe }}", "{% include \"partials/entry.html\" %}");
    assert_eq!(t.run(&["build", "--root", "blog"]).code, 0);
    assert_eq!(t.read(page), printed);
}

#[test]
fn new_takes_one_seed_of_the_site_and_writes_nothing_through_a_link_out_of_it() {
    let site = SiteTest::demo();
    let text = site.read(&format!("seeds/{RHC}.txt"));
    site.write("seeds/twice.txt", &text).write("seeds/twice.md", &text);
    let run = site.run(&["new", "twice"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("2 seeds have the id `twice`: seeds/twice.md, seeds/twice.txt"), "{}", run.stderr);
    assert!(!site.path("content/annotations/twice.yaml").exists());
    // Given by its path, the seed still shares its id: its annotation would be both's.
    let run = site.run(&["new", "seeds/twice.md"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("so it would be theirs too"), "{}", run.stderr);
    assert!(!site.path("content/annotations/twice.yaml").exists());

    let outside = site.path("../outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("elsewhere.txt"), &text).unwrap();
    let run = site.run(&["new", outside.join("elsewhere.txt").to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("is not in the site's seeds/ folder; nothing was written"), "{}", run.stderr);

    #[cfg(unix)]
    {
        std::fs::remove_file(site.path("seeds/twice.md")).unwrap();
        let annotations = site.path("content/annotations");
        std::fs::rename(&annotations, outside.join("annotations")).unwrap();
        std::os::unix::fs::symlink(outside.join("annotations"), &annotations).unwrap();
        let run = site.run(&["new", "twice"]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        run.assert_reports("content/annotations", "error: this is a link to a file or folder outside the site");
        assert!(!outside.join("annotations/twice.yaml").exists(), "nothing written outside the site");
    }
}
