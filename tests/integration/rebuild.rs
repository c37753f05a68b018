//! `build` after a build: unchanged pages and an unchanged search index are kept from the
//! previous site instead of made again, unchanged files are not written again, and the result always equals a build from
//! scratch, byte for byte — after an edit, a theme change or a hand edit of the output.

use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use crate::harness::SiteTest;
use crate::incremental::newsroom;

/// Every file of the built folder (but its marker) with its inode.
fn built(site: &SiteTest) -> BTreeMap<String, (Vec<u8>, u64)> {
    let public = site.path("public");
    walkdir::WalkDir::new(&public)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file() && e.file_name() != ".briefgen-output")
        .map(|e| {
            let rel = e.path().strip_prefix(&public).unwrap().to_string_lossy().into_owned();
            (rel, (std::fs::read(e.path()).unwrap(), e.metadata().unwrap().ino()))
        })
        .collect()
}

/// Builds with the cache, checks the folder equals a build in memory without any cache, and
/// returns it.
fn build(site: &SiteTest, what: &str) -> BTreeMap<String, (Vec<u8>, u64)> {
    build_saying(site, what, "")
}

/// [`build`], checking that the summary line says `says`.
fn build_saying(site: &SiteTest, what: &str, says: &str) -> BTreeMap<String, (Vec<u8>, u64)> {
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{what}: {}", run.stderr);
    assert!(run.stderr.contains(says), "{what}: {}", run.stderr);
    let files = built(site);
    let fresh = site.output();
    let paths: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(paths, fresh.paths().collect::<Vec<_>>(), "{what}: the files differ from a build from scratch");
    for (path, (bytes, _)) in &files {
        assert!(fresh.get(path) == Some(bytes.as_slice()), "{what}: {path} differs from a build from scratch");
    }
    files
}

/// The paths whose file is another one than before (written, not kept or linked).
fn rewritten(before: &BTreeMap<String, (Vec<u8>, u64)>, after: &BTreeMap<String, (Vec<u8>, u64)>) -> Vec<String> {
    after
        .iter()
        .filter(|(p, (_, ino))| before.get(*p).is_none_or(|(_, old)| old != ino))
        .map(|(p, _)| p.clone())
        .collect()
}

/// What a build that changes nothing keeps instead of making again: how many pages, and how
/// many other files made from what a digest proves unchanged — the search index's files and
/// the briefs' Markdown pages.
fn keepable(files: &BTreeMap<String, (Vec<u8>, u64)>) -> (usize, usize) {
    let pages = files.keys().filter(|p| p.ends_with(".html")).count();
    let search = files.keys().filter(|p| p.starts_with("search/") && p.ends_with(".json")).count();
    let markdown = files.keys().filter(|p| p.starts_with("briefs/") && p.ends_with("/index.md")).count();
    (pages, search + markdown)
}

/// Waits past a step of the file clock, as the time between two builds does.
fn later() {
    std::thread::sleep(std::time::Duration::from_millis(20));
}

#[test]
fn rebuilds_keep_what_did_not_change_and_equal_a_build_from_scratch() {
    let site = newsroom();
    let first = build(&site, "first build");
    let (pages, others) = keepable(&first);
    later();
    let again = build_saying(&site, "no change", &format!(", {} unchanged files kept)", pages + others));
    assert!(rewritten(&first, &again).is_empty(), "nothing is written again: {:?}", rewritten(&first, &again));

    later();
    site.replace("content/annotations/b05.yaml", "body: Context 5.", "body: Context five.");
    let edited = build(&site, "an edited note");
    let changed = rewritten(&again, &edited);
    assert!(changed.contains(&"briefs/report-5/index.html".to_owned()), "{changed:?}");
    assert!(changed.len() < again.len() / 3, "only what shows the note: {changed:?}");

    later();
    site.replace("seeds/b07.txt", "A second round is planned", "A third round is planned");
    let reworded = build(&site, "an edited article");
    assert!(rewritten(&edited, &reworded).contains(&"briefs/report-7/index.html".to_owned()));

    later();
    // A new headline, same slug: the timeline entry keeps its anchor, its title changes.
    site.replace("seeds/b09.txt", "over the port, report 9", "over the port, report nine");
    let retitled = build(&site, "an edited headline");
    assert!(rewritten(&reworded, &retitled).iter().any(|p| p.starts_with("timeline/")), "the timeline shows it");

    // What every brief's Markdown page takes from the site: the strings, and how much of the
    // article is published.
    later();
    let markdown = "briefs/report-5/index.md".to_owned();
    site.replace(
        "briefgen.yaml",
        "title: Newsroom\n",
        "title: Newsroom\nstrings:\n  note_kinds:\n    context: Aside\n",
    );
    let restrung = build(&site, "a string overridden");
    assert!(rewritten(&retitled, &restrung).contains(&markdown));
    assert!(restrung[&markdown].0.windows(9).any(|w| w == b"**Aside.*"), "the string is in the Markdown page");
    later();
    site.replace("briefgen.yaml", "title: Newsroom\n", "title: Newsroom\npublish_body: excerpts\n");
    let excerpts = build(&site, "excerpts only");
    assert!(rewritten(&restrung, &excerpts).contains(&markdown));

    later();
    let theme = site.path("themes/default");
    copy_theme(&theme);
    let footer = theme.join("templates/base.html");
    let text = std::fs::read_to_string(&footer).unwrap();
    std::fs::write(&footer, text.replacen("</footer>", "<p>New footer</p></footer>", 1)).unwrap();
    // Every page is made again; the search index and the Markdown pages, made from the same
    // records and briefs, are kept.
    let themed = build_saying(&site, "a theme edit", &format!(", {others} unchanged files kept)"));
    assert_eq!(rewritten(&excerpts, &themed).iter().filter(|p| p.ends_with(".html")).count(), pages);

    later();
    site.write("public/briefs/report-9/index.html", "edited by hand");
    build(&site, "a hand edit of the output");
}

#[test]
fn without_the_output_manifest_unchanged_files_are_compared_and_linked() {
    let site = newsroom();
    let first = build(&site, "first build");
    later();
    // No record vouches for any file (as for one written just before the manifest was saved):
    // each is compared in full, the exports written in parts included.
    std::fs::remove_dir_all(site.path(".briefgen-cache/output")).unwrap();
    let again = build(&site, "a build without the manifest");
    assert!(first.contains_key("timeline.json"));
    assert!(rewritten(&first, &again).is_empty(), "nothing is written again: {:?}", rewritten(&first, &again));
}

/// Replaces every file under `dir` by a copy of it, as restoring a saved cache does.
fn restore_copy(dir: &Path) {
    for entry in walkdir::WalkDir::new(dir).into_iter().map(Result::unwrap).filter(|e| e.file_type().is_file()) {
        let bytes = std::fs::read(entry.path()).unwrap();
        std::fs::remove_file(entry.path()).unwrap();
        std::fs::write(entry.path(), bytes).unwrap();
    }
}

/// The default theme, as `themes/default` of the site.
fn copy_theme(to: &Path) {
    let from = crate::harness::repo().join("themes/default");
    for e in walkdir::WalkDir::new(&from).into_iter().map(Result::unwrap).filter(|e| e.file_type().is_file()) {
        let dest = to.join(e.path().strip_prefix(&from).unwrap());
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(e.path(), dest).unwrap();
    }
}

/// Issue 25: a new output folder (a fresh checkout with the build cache restored) takes the
/// pages of the page store instead of rendering them, and equals a build from scratch.
#[test]
fn a_new_output_folder_takes_unchanged_pages_from_the_page_store() {
    let site = newsroom();
    let first = build(&site, "first build");
    let (pages, others) = keepable(&first);
    std::fs::remove_dir_all(site.path("public")).unwrap();
    for leftover in [".public.briefgen-spare", ".public.briefgen-tmp"] {
        let _ = std::fs::remove_dir_all(site.path(leftover));
    }
    later();
    let fresh = build_saying(&site, "into an empty folder", &format!(", {} unchanged files kept)", pages + others));
    assert_eq!(fresh.len(), first.len());
    let page = std::fs::metadata(site.path("public/briefs/report-5/index.html")).unwrap();
    assert!(page.nlink() > 1, "an untouched entry of the store is linked, not written");

    // A restored cache (what a publishing workflow has): the same bytes in other files, each
    // read and checked, then kept.
    std::fs::remove_dir_all(site.path("public")).unwrap();
    let _ = std::fs::remove_dir_all(site.path(".public.briefgen-spare"));
    restore_copy(&site.path(".briefgen-cache"));
    later();
    build_saying(&site, "with a restored cache", &format!(", {} unchanged files kept)", pages + others));

    // A stored page whose bytes were changed is rendered again, not used.
    std::fs::remove_dir_all(site.path("public")).unwrap();
    let _ = std::fs::remove_dir_all(site.path(".public.briefgen-spare"));
    let store = walkdir::WalkDir::new(site.path(".briefgen-cache/pages")).into_iter().map(Result::unwrap);
    let entry = store
        .filter(|e| e.file_type().is_file())
        .find(|e| std::fs::read_to_string(e.path()).is_ok_and(|t| t.contains("<title>") && t.contains("report-5")));
    let entry = entry.expect("the store has the brief's page").into_path();
    std::fs::write(&entry, "tampered").unwrap();
    // A search index of which one stored file was changed is made again, whole.
    let store = walkdir::WalkDir::new(site.path(".briefgen-cache/pages")).into_iter().map(Result::unwrap);
    let manifest = store
        .filter(|e| e.file_type().is_file())
        .find(|e| std::fs::read_to_string(e.path()).is_ok_and(|t| t.contains("\"records_url\"")));
    std::fs::write(manifest.expect("the store has the search manifest").path(), "{}").unwrap();
    later();
    // The Markdown pages are kept still.
    let markdown = first.keys().filter(|p| p.ends_with("/index.md")).count();
    build_saying(&site, "with tampered entries", &format!(", {} unchanged files kept)", pages - 1 + markdown));
}
