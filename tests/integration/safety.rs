//! Issue 23: limits (item 7), the lock (item 4) and the site boundary (item 5), end to end
//! through the binary. docs/safety.md describes each.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::harness::SiteTest;
use crate::recovery::generated;

/// Every limit ends at once: no test here may take long.
const QUICK: Duration = Duration::from_secs(60);

#[test]
fn issue_23_a_50_mb_seed_is_a_located_error_at_once() {
    let site = SiteTest::fixture("basic");
    let big = std::fs::File::create(site.path("seeds/big.txt")).unwrap();
    big.set_len(50 << 20).unwrap();
    site.write("content/annotations/big.yaml", "title: Big\npublished: 2020-01-02\n");
    let start = Instant::now();
    let run = site.start(&["check"]).wait(QUICK);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.assert_reports(
        "seeds/big.txt",
        "error: cannot read the seed: it is 50.0 MB, more than the 16.0 MB briefgen reads",
    );
    assert!(start.elapsed() < Duration::from_secs(20), "{:?}", start.elapsed());
}

#[test]
fn issue_23_a_yaml_file_with_a_million_aliases_is_a_located_error_at_once() {
    let site = SiteTest::fixture("basic");
    let aliases = vec!["*t"; 1_000_000].join(", ");
    site.replace("content/annotations/bridge.yaml", "published:", &format!("tags: [&t x, {aliases}]\npublished:"));
    let start = Instant::now();
    let run = site.start(&["check"]).wait(QUICK);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.assert_reports("content/annotations/bridge.yaml:1:4014", "error: the YAML is using too many aliases");
    assert!(start.elapsed() < Duration::from_secs(20), "{:?}", start.elapsed());
}

#[test]
fn many_warnings_in_one_large_file_take_no_longer_than_the_file() {
    // Each diagnostic quoted its line by counting the file's lines again: 60,000 entities
    // nothing mentions, in a registry of 4 MB, were minutes of `check`.
    let site = SiteTest::fixture("basic");
    let entities: String = (0..40_000)
        .map(|i| format!("person-{i}:\n  name: Person number {i}\n  kind: person\n  aliases: [Quxlo{i}]\n"))
        .collect();
    site.write("content/entities.yaml", &entities);
    let start = Instant::now();
    let run = site.start(&["check", "--format", "json"]).wait(QUICK);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let diags: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(diags.len(), 40_000);
    let last = &diags[39_999];
    assert_eq!(last["line"], 159_997);
    assert_eq!(last["snippet"], "person-39999:");
    // About 15 s for the debug binary on a busy machine; it did not end within a minute.
    assert!(start.elapsed() < Duration::from_secs(40), "{:?}", start.elapsed());
}

#[test]
fn many_events_and_tags_in_one_annotation_take_no_longer_than_the_file() {
    // Each event reported, and each tag, was looked for in the list of those before it: 60,000
    // events in one annotation were 23 s of the annotate stage (debug build), 100,000 14 s of a
    // release; 100,000 tags 12 s.
    let site = SiteTest::fixture("basic");
    let events: String =
        (0..60_000).map(|i| format!("  - date: 2018-03-{:02}\n    title: Event number {i}\n", 1 + i % 28)).collect();
    site.replace("content/annotations/bridge.yaml", "events:\n", &format!("events:\n{events}"));
    let tags: Vec<String> = (0..60_000).map(|i| format!("t{i}")).collect();
    site.replace("content/annotations/bridge.yaml", "notes:", &format!("tags: [{}, T1]\nnotes:", tags.join(", ")));
    let mut cmd = site.command(&["check", "--no-cache"]);
    cmd.env("BRIEFGEN_TIMINGS", "1");
    let run = crate::harness::Started::new(cmd).wait(QUICK);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.assert_summary("0 errors, 1 warning");
    assert!(run.stderr.contains("warning: tag `T1` is the same tag as `t1` (/tags/t1/)"), "{}", run.stderr);
    let line = run.stderr.lines().find(|l| l.starts_with("timing: annotate")).unwrap();
    let ms: f64 = line.split_whitespace().nth(2).unwrap().parse().unwrap();
    assert!(ms < 10_000.0, "{line}");
}

#[test]
fn issue_23_notes_per_brief_and_quote_length_have_ceilings() {
    let site = SiteTest::fixture("basic");
    let note = "  - quote: \"by seven votes to two\"\n    body: x\n";
    let many = note.repeat(501);
    let long = format!("  - quote: \"{}\"\n    body: x\n", "word ".repeat(500));
    site.replace("content/annotations/bridge.yaml", "notes:\n", &format!("notes:\n{long}{many}"));
    let run = site.start(&["check"]).wait(QUICK);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.assert_reports(
        "content/annotations/bridge.yaml:3:12",
        "error: the quote (or its prefix or suffix) is 2500 characters long; at most 2000 are read",
    );
    let line = 3 + 2 * 500;
    run.assert_reports(
        &format!("content/annotations/bridge.yaml:{line}:12"),
        "error: this annotation has 504 notes; a brief may have at most 500",
    );
}

/// Every file under `dir`, by relative path.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap()))
        .collect()
}

#[test]
fn issue_23_two_builds_at_once_end_one_after_the_other_with_the_site_of_one_build() {
    let site = generated(1000);
    let limit = Duration::from_secs(600);
    let (a, b) = (site.start(&["build"]), site.start(&["build"]));
    let (a, b) = (a.wait(limit), b.wait(limit));
    assert_eq!((a.code, b.code), (0, 0), "{}\n{}", a.stderr, b.stderr);
    let waited: Vec<&str> = [&a, &b]
        .iter()
        .map(|r| r.stderr.as_str())
        .filter(|e| e.contains("waiting for another briefgen build in this site (pid "))
        .collect();
    assert_eq!(waited.len(), 1, "one build waits for the other:\n{}\n{}", a.stderr, b.stderr);
    let together = files(&site.path("public"));
    let run = site.run(&["build", "--no-cache", "--output", "single"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let single = files(&site.path("single"));
    assert!(together.len() > 3000, "{}", together.len());
    assert!(together == single, "two builds at once make the site one build makes");
}

#[test]
fn issue_23_with_no_wait_a_second_build_exits_2_naming_the_first() {
    let site = SiteTest::fixture("basic");
    let held = briefgen::lock::SiteLock::acquire(&site.root, briefgen::lock::Contention::Fail, |_| {}).unwrap();
    let run = site.start(&["build", "--no-wait"]).wait(QUICK);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let pid = std::process::id();
    assert!(
        run.stderr
            .contains(&format!("another briefgen build is running in this site (pid {pid}); not waiting (--no-wait)")),
        "{}",
        run.stderr
    );
    assert!(!site.path("public").exists());
    drop(held);
    assert_eq!(site.start(&["build", "--no-wait"]).wait(QUICK).code, 0);
}

#[cfg(unix)]
#[test]
fn issue_23_links_out_of_the_site_are_errors_that_never_show_the_target() {
    use std::os::unix::fs::symlink;
    let site = SiteTest::fixture("basic");
    let outside = site.root.parent().unwrap().join("runner-secret.txt");
    std::fs::write(&outside, "SECRET-TOKEN first line\n---\ntitle: x\n---\n").unwrap();
    std::fs::create_dir_all(site.path("content/pages")).unwrap();
    crate::harness::copy_dir(&crate::harness::repo().join("themes/default"), &site.path("themes/default"));
    symlink(&outside, site.path("content/pages/leak.md")).unwrap();
    symlink(&outside, site.path("seeds/leak.txt")).unwrap();
    symlink(&outside, site.path("content/entities.yaml")).unwrap();
    symlink(&outside, site.path("themes/default/static/leak.css")).unwrap();
    // Links inside the site are followed, wherever they are; broken ones are warnings.
    std::fs::create_dir_all(site.path("archive")).unwrap();
    std::fs::rename(site.path("seeds/bridge.txt"), site.path("archive/bridge.txt")).unwrap();
    symlink(site.path("archive/bridge.txt"), site.path("seeds/bridge.txt")).unwrap();
    symlink(site.path("nowhere.md"), site.path("content/pages/broken.md")).unwrap();
    let run = site.start(&["build"]).wait(QUICK);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let refused = "error: this is a link to a file or folder outside the site; briefgen does not follow it";
    for link in ["content/pages/leak.md", "seeds/leak.txt", "content/entities.yaml", "themes/default/static/leak.css"] {
        assert!(run.stderr.contains(&format!("{refused}\n --> {link}\n")), "{link}:\n{}", run.stderr);
    }
    run.assert_reports("content/pages/broken.md", "warning: skipped: a link to nothing");
    assert_eq!(run.stderr.matches("error:").count(), 4, "{}", run.stderr);
    assert!(!run.stderr.contains("SECRET") && !run.stdout.contains("SECRET"), "{}", run.stderr);
    assert!(!run.stderr.contains("runner-secret"), "the target is not named either: {}", run.stderr);
    let json = site.start(&["check", "--format", "json"]).wait(QUICK);
    assert!(!json.stdout.contains("SECRET"), "{}", json.stdout);
    for link in ["content/pages/leak.md", "seeds/leak.txt", "content/entities.yaml", "themes/default/static/leak.css"] {
        std::fs::remove_file(site.path(link)).unwrap();
    }
    let run = site.start(&["build"]).wait(QUICK);
    assert_eq!(run.code, 0, "the linked seed inside the site is read: {}", run.stderr);
    assert!(site.path("public/briefs/council-approves-the-new-bridge/index.html").is_file());
}

#[test]
fn issue_23_an_output_folder_outside_the_site_in_the_config_is_an_error() {
    let site = SiteTest::fixture("basic");
    site.replace("briefgen.yaml", "title:", "output: ../elsewhere\ntitle:");
    let run = site.start(&["build"]).wait(QUICK);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.assert_reports("briefgen.yaml:1:9", "error: the output folder `../elsewhere` is outside the site");
    assert!(!site.root.parent().unwrap().join("elsewhere").exists());
}

#[test]
fn an_output_folder_the_site_reads_is_refused_before_anything_is_written() {
    let site = SiteTest::fixture("basic");
    site.write("static/site.css", "body {}");
    // In the config: one located error, whatever the case of the folder's name.
    for (output, read) in [("static", "static"), ("Seeds/public", "seeds"), ("content/out", "content")] {
        site.replace("briefgen.yaml", "title:", &format!("output: {output}\ntitle:"));
        let run = site.start(&["build"]).wait(QUICK);
        assert_eq!(run.code, 1, "{}", run.stderr);
        run.assert_reports(
            "briefgen.yaml:1:9",
            &format!("error: the output folder `{output}` is in `{read}/`, which briefgen reads"),
        );
        site.replace("briefgen.yaml", &format!("output: {output}\n"), "");
    }
    site.replace("briefgen.yaml", "title:", "output: ./.\ntitle:");
    let run = site.start(&["build"]).wait(QUICK);
    run.assert_reports("briefgen.yaml:1:9", "error: the output folder `./.` is the site's own folder");
    site.replace("briefgen.yaml", "output: ./.\n", "");
    // On the command line, relative to the site or not.
    for output in ["static".to_owned(), site.path("seeds/out").display().to_string(), ".".to_owned()] {
        let run = site.start(&["build", "--output", &output]).wait(QUICK);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(run.stderr.contains("help: "), "{}", run.stderr);
    }
    assert!(!site.path("static/static").exists() && !site.path("seeds/out").exists());
    assert_eq!(std::fs::read_dir(site.path("static")).unwrap().count(), 1);
}

#[test]
fn an_output_folder_that_holds_the_site_is_refused() {
    // A folder briefgen built once, into which the site was later moved: replacing it moved
    // the site, seeds and content, into the spare, and the next build there deleted them.
    let site = SiteTest::fixture("basic");
    let holder = site.root.parent().unwrap().to_path_buf();
    std::fs::write(holder.join(".briefgen-output"), "").unwrap();
    for output in [holder.display().to_string(), "..".to_owned(), "seeds/../..".to_owned()] {
        let run = site.start(&["build", "--output", &output]).wait(QUICK);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(
            run.stderr.contains("error: the output folder ") && run.stderr.contains(" holds the site\n"),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains("help: "), "{}", run.stderr);
        assert!(site.path("briefgen.yaml").is_file() && site.path("seeds").is_dir());
    }
    let spare = format!(".{}.briefgen-spare", holder.file_name().unwrap().to_string_lossy());
    assert!(!holder.with_file_name(spare).exists() && !holder.join("index.html").exists());
}

#[cfg(unix)]
#[test]
fn a_link_to_the_site_itself_or_to_its_output_is_not_followed() {
    let site = SiteTest::fixture("basic");
    assert_eq!(site.start(&["build"]).wait(QUICK).code, 0);
    std::fs::create_dir_all(site.path("static")).unwrap();
    std::os::unix::fs::symlink("../public", site.path("static/pub")).unwrap();
    std::os::unix::fs::symlink("..", site.path("static/root")).unwrap();
    for _ in 0..2 {
        let run = site.start(&["build"]).wait(QUICK);
        assert_eq!(run.code, 1, "{}", run.stderr);
        let message = "error: this is a link to the site's own folder or to its output; briefgen does not follow it";
        for link in ["static/pub", "static/root"] {
            assert!(run.stderr.contains(&format!("{message}\n --> {link}\n")), "{link}: {}", run.stderr);
        }
        assert!(run.stderr.contains("build failed: 2 errors, 0 warnings"), "{}", run.stderr);
    }
    assert!(!site.path("public/static/pub").exists(), "the output did not take itself in");
}

#[cfg(unix)]
#[test]
fn a_link_in_the_build_cache_is_refused_and_nothing_is_written_or_deleted_through_it() {
    // briefgen empties the cache's folders of what it no longer needs and writes its pid into
    // the lock: through a link, a build deleted the folder the link led to and overwrote the
    // file.
    use std::os::unix::fs::symlink;
    let site = SiteTest::fixture("basic");
    let outside = site.root.parent().unwrap().join("mine");
    std::fs::create_dir_all(outside.join("thesis")).unwrap();
    std::fs::write(outside.join("thesis/chapter1.txt"), "precious").unwrap();
    std::fs::write(outside.join("notes.txt"), "precious").unwrap();
    let unharmed = || {
        assert_eq!(std::fs::read_to_string(outside.join("thesis/chapter1.txt")).unwrap(), "precious");
        assert_eq!(std::fs::read_to_string(outside.join("notes.txt")).unwrap(), "precious");
        assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 2, "nothing written there");
    };
    assert_eq!(site.start(&["build"]).wait(QUICK).code, 0);
    let cache = site.path(".briefgen-cache");
    let links = [
        (cache.join("extract"), outside.clone()),
        (cache.join("pages"), outside.clone()),
        (cache.join("lock"), outside.join("notes.txt")),
        (cache.join("pages/elsewhere"), outside.clone()),
    ];
    for (link, target) in &links {
        let kept = link.with_extension("kept");
        std::fs::rename(link, &kept).unwrap_or_else(|_| std::fs::create_dir_all(&kept).unwrap());
        symlink(target, link).unwrap();
        for args in [&["build"][..], &["check"], &["build", "--no-cache"]] {
            let run = site.start(args).wait(QUICK);
            assert_eq!(run.code, 2, "{args:?} {}", run.stderr);
            let shown = link.strip_prefix(&site.root).unwrap().display().to_string();
            assert!(
                run.stderr.contains(&format!("error: {shown} is a link: briefgen writes its build cache")),
                "{}",
                run.stderr
            );
            assert!(run.stderr.contains("help: remove the link"), "{}", run.stderr);
            unharmed();
        }
        assert_eq!(site.start(&["check", "--no-cache"]).wait(QUICK).code, 0, "nothing of the cache is read");
        std::fs::remove_file(link).unwrap();
        let _ = std::fs::rename(&kept, link);
    }
    // The whole cache folder a link: refused as well.
    std::fs::rename(&cache, site.path("cache-kept")).unwrap();
    symlink(&outside, &cache).unwrap();
    let run = site.start(&["build"]).wait(QUICK);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("error: .briefgen-cache is a link"), "{}", run.stderr);
    unharmed();
}
