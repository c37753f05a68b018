//! The demo site builds, clean, with every page the design lists.

use crate::harness::{SiteTest, repo};

const AFP: &str = "briefs/assad-vows-to-retake-raqa-and-every-inch-of-syria/";
const RHC: &str = "briefs/assad-says-army-will-liberate-every-inch/";

#[test]
fn demo_checks_clean() {
    let site = SiteTest::demo();
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("check: 0 errors, 0 warnings"), "{}", run.stderr);
}

#[test]
fn demo_writes_every_page() {
    let out = SiteTest::demo().output();
    for page in [
        "index.html",
        "404.html",
        "timeline/index.html",
        "entities/index.html",
        "entities/bashar-al-assad/index.html",
        "entities/islamic-state/index.html",
        "stories/assad-every-inch/index.html",
        "outlets/afp/index.html",
        "outlets/rhc/index.html",
        "tags/syria-war/index.html",
        "about/index.html",
        "static/style.css",
        ".nojekyll",
        "robots.txt",
        &format!("{AFP}index.html"),
        &format!("{AFP}index.md"),
        &format!("{RHC}index.html"),
        &format!("{RHC}index.md"),
    ] {
        assert!(out.get(page).is_some(), "missing {page}");
    }
}

#[test]
fn demo_annotations_meet_the_brief() {
    let site = SiteTest::demo();
    let (loaded, diags) =
        briefgen::load(&briefgen::SiteOptions { root: site.root.clone(), ..Default::default() }).unwrap();
    assert!(diags.is_empty());
    let c = loaded.unwrap().content;
    assert_eq!(c.briefs.len(), 2);
    for b in &c.briefs {
        assert!(b.notes.len() >= 4, "{} has {} notes", b.slug, b.notes.len());
        assert!(b.notes.iter().any(|n| n.kind == briefgen::model::NoteKind::FactCheck && n.verdict.is_some()));
        assert_eq!(b.story.as_deref(), Some("assad-every-inch"));
    }
    let published: Vec<String> = c.briefs.iter().map(|b| b.published.iso()).collect();
    assert_eq!(published, ["2017-02-16", "2017-01-09"]);
    assert!(c.entities.len() >= 8);
    let with_aliases = c.entities.iter().filter(|e| e.aliases.len() > 1).count();
    assert!(with_aliases >= 8, "{with_aliases} entities have aliases");
    assert!(c.events.len() >= 8);
    for id in ["aleppo-retaken", "astana-talks-january-2017", "geneva-iv-talks", "amnesty-saydnaya-report"] {
        assert!(c.events.iter().any(|e| e.id == id), "no event {id}");
    }
    assert_eq!(c.events.iter().find(|e| e.id == "geneva-iv-talks").unwrap().date.iso(), "2017-02-23");
}

#[test]
fn builds_are_byte_identical() {
    let site = SiteTest::demo();
    assert_eq!(site.output(), site.output());
}

#[test]
fn brief_markdown_page() {
    let out = SiteTest::demo().output();
    insta::assert_snapshot!("rhc_index_md", out.text(&format!("{RHC}index.md")).unwrap());
}

#[test]
fn repository_root_is_the_demo_site() {
    let root = repo();
    for f in [
        "briefgen.yaml",
        "seeds/000_a00be4cd77ada471.txt",
        "seeds/004_4adcc239e7605c19.txt",
        "themes/default/templates/base.html",
    ] {
        assert!(root.join(f).exists(), "missing {f}");
    }
    let shared = root.join("../shared/seeds");
    if shared.exists() {
        for seed in ["000_a00be4cd77ada471.txt", "004_4adcc239e7605c19.txt"] {
            assert_eq!(
                std::fs::read(root.join("seeds").join(seed)).unwrap(),
                std::fs::read(shared.join(seed)).unwrap()
            );
        }
    }
}
