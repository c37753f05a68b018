//! `briefgen build`: output folder rules and options.

use crate::harness::SiteTest;

#[test]
fn builds_the_basic_site() {
    let site = SiteTest::fixture("basic");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("built 1 brief, "), "{}", run.stderr);
    let brief = site.read("public/briefs/council-approves-the-new-bridge/index.html");
    assert!(brief.contains("<mark id=\"q-by-seven-votes-to-two\" class=\"context\">by seven votes to two</mark>"));
    assert!(!brief.contains("Great news"));
    assert!(site.path("public/.briefgen-output").exists());
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_create() {
    let site = SiteTest::fixture("basic");
    site.write("public/mine.txt", "my notes");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("refusing to replace"), "{}", run.stderr);
    assert_eq!(site.read("public/mine.txt"), "my notes");
}

#[test]
fn output_and_base_url_options() {
    let site = SiteTest::fixture("basic");
    let run = site.run(&["build", "--output", "out", "--base-url", "https://u.github.io/repo"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.read("out/index.html").contains("href=\"/repo/static/style.css\""));
    let bad = site.run(&["build", "--base-url", "u.github.io"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("--base-url: base URL `u.github.io` must start with https:// or http://"),
        "{}",
        bad.stderr
    );
}

#[test]
fn missing_config_is_a_usage_error() {
    let site = SiteTest::empty();
    let run = site.run(&["build"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("briefgen.yaml"), "{}", run.stderr);
}

#[test]
fn a_build_where_there_is_no_site_writes_nothing() {
    // `briefgen build` in the wrong folder left `.public.briefgen-spare` there, and with a
    // mistyped --root made that folder; a --root naming a file said "cannot create" it.
    let site = SiteTest::empty();
    for args in [&["build"][..], &["build", "--output", "out"], &["build", "--root", "typo"]] {
        let run = site.run(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("briefgen.yaml"), "{}", run.stderr);
        assert_eq!(std::fs::read_dir(&site.root).unwrap().count(), 0, "{args:?} wrote nothing");
    }
    site.write("notes.txt", "x");
    let run = site.run(&["build", "--root", "notes.txt"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.starts_with("error: notes.txt is a file, not a site's folder\nhelp: "), "{}", run.stderr);
    let run = site.run(&["check", "--root", "typo"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("error: there is no folder typo\nhelp: "),
        "not `typo/briefgen.yaml` missing: {}",
        run.stderr
    );
    assert_eq!(std::fs::read_dir(&site.root).unwrap().count(), 1);
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = SiteTest::fixture("basic");
    site.replace("content/annotations/bridge.yaml", "published: 2018-03-05", "published: 2018-03-05\ndraft: true");
    assert!(site.output().get("briefs/council-approves-the-new-bridge/index.html").is_none());
    assert_eq!(site.run(&["build", "--drafts"]).code, 0);
    assert!(site.path("public/briefs/council-approves-the-new-bridge/index.html").exists());
}

#[test]
fn a_page_saved_complete_is_one_seed_without_its_files_folder() {
    let site = SiteTest::fixture("basic");
    let page = "<html><head><title>Saved page</title></head><body><article><h1>Saved page</h1><p>The council met on Monday and voted to approve the budget for the coming year, officials said.</p></article></body></html>";
    site.write("seeds/Saved page.html", page);
    // What Chrome and Firefox save beside it, in English and in German; and what Windows adds.
    site.write("seeds/Saved page_files/style.css", "body { color: red }");
    site.write("seeds/Saved page_files/saved_resource.html", "<html><body><p>An advertising frame.</p></body></html>");
    std::fs::write(site.path("seeds/Saved page_files/logo.png"), b"\x89PNG\r\n\x1a\n\0\0").unwrap();
    site.write("seeds/Saved page-Dateien/app.js", "var x = 1;");
    std::fs::write(site.path("seeds/Thumbs.db"), b"\0\0").unwrap();
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr.matches("warning:").count(), 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("seeds/Saved page.html\n  = help: create one with `briefgen new 'Saved page'`"),
        "{}",
        run.stderr
    );
    // A folder of seeds is read, also when it is named after a page.
    let story = "Story\n\nThe council met on Monday and voted to approve the budget for the coming year.\n";
    site.write("seeds/wire/story.txt", story);
    site.write("seeds/Saved page-archive/older.txt", story);
    let run = site.run(&["check"]);
    assert!(run.stderr.contains("seeds/wire/story.txt"), "{}", run.stderr);
    assert!(run.stderr.contains("seeds/Saved page-archive/older.txt"), "{}", run.stderr);
    // Outside seeds/, a saved page's folder is the site's to publish.
    site.write("static/report.html", "<p>A report.</p>");
    site.write("static/report_files/style.css", "p { color: red }");
    assert!(site.output().get("static/report_files/style.css").is_some());
}

#[test]
fn files_saved_as_utf8_with_a_byte_order_mark_are_read() {
    // Notepad saved UTF-8 with a mark (U+FEFF) up to 2019: a page so saved was "a page needs
    // YAML front matter", its `---` hidden behind the mark.
    let site = SiteTest::fixture("basic");
    site.write("content/pages/about.md", "---\ntitle: About us\n---\nWho we are.\n");
    site.write("content/entities.yaml", "council:\n  name: City Council\n  kind: organisation\n");
    let before = site.output();
    for rel in ["content/pages/about.md", "content/annotations/bridge.yaml", "content/entities.yaml", "briefgen.yaml"] {
        let text = site.read(rel).replace('\n', "\r\n");
        site.write(rel, &format!("\u{feff}{text}"));
    }
    let after = site.output();
    for page in ["about/index.html", "briefs/council-approves-the-new-bridge/index.html", "entities/council/index.html"]
    {
        assert_eq!(after.text(page), before.text(page), "{page}");
    }
}

#[test]
fn files_saved_as_utf16_by_windows_notepad_are_read() {
    let site = SiteTest::fixture("basic");
    let before = site.output();
    let utf16 = |rel: &str| {
        let text = site.read(rel).replace('\n', "\r\n");
        let bytes: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        std::fs::write(site.path(rel), bytes).unwrap();
    };
    for rel in ["seeds/bridge.txt", "content/annotations/bridge.yaml", "briefgen.yaml"] {
        utf16(rel);
    }
    let after = site.output();
    let page = "briefs/council-approves-the-new-bridge/index.html";
    assert_eq!(after.text(page), before.text(page));
}

#[test]
fn same_headline_twice_gets_distinct_stable_urls() {
    let site = SiteTest::fixture("basic");
    std::fs::copy(site.path("seeds/bridge.txt"), site.path("seeds/a-reprint.txt")).unwrap();
    site.write("content/annotations/a-reprint.yaml", "published: 2018-03-06\n");
    let out = site.output();
    // The earlier brief keeps the plain slug, though its seed sorts after the reprint's.
    assert!(out.get("briefs/council-approves-the-new-bridge/index.html").is_some());
    assert!(out.get("briefs/council-approves-the-new-bridge-2018-03-06/index.html").is_some());
}

/// Changes the value of a cache entry, keeping its key: a build that shows `to` read it.
fn doctor(entry: &std::path::Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(entry).unwrap();
    assert!(text.contains(from), "{text}");
    std::fs::write(entry, text.replace(from, to)).unwrap();
}

#[test]
fn the_extraction_cache_is_reused_only_for_unchanged_seeds() {
    let site = SiteTest::fixture("basic");
    let entry = site.path(".briefgen-cache/extract/bridge.json");
    let page = "public/briefs/council-approves-the-new-bridge/index.html";
    assert_eq!(site.run(&["build"]).code, 0);
    assert!(entry.exists(), "the first build keeps what extraction made");
    let first = site.read(page);
    assert_eq!(site.run(&["build"]).code, 0);
    assert_eq!(site.read(page), first, "a build from the cache makes the same page");
    // The cache is read: a doctored entry (its key kept) shows on the page; a miss cannot.
    doctor(&entry, "a debate that lasted three years", "a debate that lasted DOCTORED years");
    assert_eq!(site.run(&["build"]).code, 0);
    assert!(site.read(page).contains("DOCTORED"), "an unchanged seed is read from the cache");
    assert_eq!(site.run(&["build", "--no-cache"]).code, 0);
    assert_eq!(site.read(page), first, "--no-cache extracts again");
    // An edited seed is extracted again: the page has the new text, never the cached one.
    site.replace("seeds/bridge.txt", "ending a debate that lasted three years", "ending a debate of four years");
    assert_eq!(site.run(&["build"]).code, 0);
    assert!(site.read(page).contains("ending a debate of four years"));
    // A corrupt entry is a miss, not an error, and is written again.
    site.write(".briefgen-cache/extract/bridge.json", "{\"key\": 1");
    assert_eq!(site.run(&["build"]).code, 0);
    assert!(site.read(page).contains("ending a debate of four years"));
    assert!(site.read(".briefgen-cache/extract/bridge.json").contains("four years"));
    // A seed that is gone takes its entry with it.
    site.write("seeds/spare.txt", "Spare\n\nA spare seed with one paragraph of text that nobody annotates.\n");
    assert_eq!(site.run(&["build"]).code, 0);
    assert!(site.path(".briefgen-cache/extract/spare.json").exists());
    std::fs::remove_file(site.path("seeds/spare.txt")).unwrap();
    assert_eq!(site.run(&["build"]).code, 0);
    assert!(!site.path(".briefgen-cache/extract/spare.json").exists());
}

#[test]
fn the_parse_cache_is_reused_only_for_unchanged_annotations() {
    let site = SiteTest::fixture("basic");
    let entry = site.path(".briefgen-cache/annotations/bridge.json");
    let page = "public/briefs/council-approves-the-new-bridge/index.html";
    assert_eq!(site.run(&["build"]).code, 0);
    assert!(entry.exists(), "the first build keeps what parsing made");
    let first = site.read(page);
    assert_eq!(site.run(&["build"]).code, 0);
    assert_eq!(site.read(page), first, "a build from the cache makes the same page");
    doctor(&entry, "The vote was 7–2.", "The vote was DOCTORED.");
    assert_eq!(site.run(&["build"]).code, 0);
    assert!(site.read(page).contains("The vote was DOCTORED."), "an unchanged annotation is read from the cache");
    assert_eq!(site.run(&["check"]).code, 0);
    assert_eq!(site.run(&["build", "--no-cache"]).code, 0);
    assert_eq!(site.read(page), first, "--no-cache parses again");
    site.replace("content/annotations/bridge.yaml", "The vote was 7–2.", "The vote was seven to two.");
    assert_eq!(site.run(&["build"]).code, 0);
    assert!(site.read(page).contains("The vote was seven to two."), "an edited annotation is parsed again");
    // A problem found after parsing points at the same place whether the annotation was
    // parsed or read from the cache.
    site.replace("content/annotations/bridge.yaml", "verdict: mostly-true", "verdict: sort-of");
    for _ in 0..2 {
        let run = site.run(&["build"]);
        assert_eq!(run.code, 1);
        run.assert_reports("content/annotations/bridge.yaml:7:14", "error: `sort-of` is not on the verdict scale");
    }
    // Parse errors are never kept: they come back on every build.
    site.replace("content/annotations/bridge.yaml", "verdict: sort-of", "verdict: [sort-of");
    for _ in 0..2 {
        let run = site.run(&["build"]);
        assert_eq!(run.code, 1);
        assert!(run.stderr.contains("content/annotations/bridge.yaml:"), "{}", run.stderr);
    }
    std::fs::remove_file(site.path("content/annotations/bridge.yaml")).unwrap();
    site.run(&["build"]);
    assert!(!entry.exists(), "an annotation that is gone takes its entry with it");
}

#[test]
fn the_mentions_table_is_reused_only_for_unchanged_texts_and_aliases() {
    let site = SiteTest::fixture("basic");
    site.write("content/entities.yaml", "mayor:\n  name: The Mayor\n  aliases: [mayor]\n");
    let table = site.path(".briefgen-cache/mentions/mentions.json");
    let entity = "public/entities/mayor/index.html";
    let brief = "council-approves-the-new-bridge";
    assert_eq!(site.run(&["build"]).code, 0);
    assert!(table.exists(), "the first build keeps what it found");
    assert!(site.read(entity).contains(brief), "the mayor is mentioned");
    // The table is read: found lists emptied (keys kept) take the brief off the entity's page.
    let doctor = |found: serde_json::Value| {
        let mut entry: serde_json::Value =
            serde_json::from_str(&site.read(".briefgen-cache/mentions/mentions.json")).unwrap();
        for row in entry["value"].as_array_mut().unwrap() {
            row[2] = found.clone();
        }
        site.write(".briefgen-cache/mentions/mentions.json", &entry.to_string());
    };
    doctor(serde_json::json!([]));
    assert_eq!(site.run(&["build"]).code, 0);
    assert!(!site.read(entity).contains(brief), "an unchanged text is read from the table");
    // An entity number past the registry is not used: the text is scanned again.
    doctor(serde_json::json!([[7, 1]]));
    assert_eq!(site.run(&["build"]).code, 0);
    assert!(site.read(entity).contains(brief));
    // An alias changed: every text is scanned again.
    doctor(serde_json::json!([]));
    site.write("content/entities.yaml", "mayor:\n  name: The Mayor\n  aliases: [mayor, the mayor]\n");
    assert_eq!(site.run(&["build"]).code, 0);
    assert!(site.read(entity).contains(brief), "new aliases, new keys");
    // A text changed: it is scanned again.
    site.write(
        "content/entities.yaml",
        "mayor:\n  name: The Mayor\n  aliases: [mayor]\n\nstate:\n  name: Governor Lee\n  aliases: [governor]\n",
    );
    let run = site.run(&["build"]);
    assert!(run.stderr.contains("entity `state` is never mentioned"), "{}", run.stderr);
    site.replace("seeds/bridge.txt", "paid by the state", "paid by the state, the governor said");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.read("public/entities/state/index.html").contains(brief));
}

#[test]
fn no_cache_and_check_keep_nothing() {
    let site = SiteTest::fixture("basic");
    let run = site.run(&["build", "--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(site.run(&["check"]).code, 0);
    let cache: Vec<_> =
        std::fs::read_dir(site.path(".briefgen-cache")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(cache, ["lock"], "only the site's lock (docs/safety.md): no entries");
}
