//! `serve`'s partial rebuilds: an edit that keeps a brief's place in the site renders again
//! only the pages that read it, and the site that results equals a full build byte for byte;
//! every other change builds the whole site.

use briefgen::build::incremental::{Outcome, Session};
use briefgen::site::Output;
use briefgen::{SiteOptions, build_site};

use crate::harness::SiteTest;

const ENTITIES: [(&str, &str, &str); 5] = [
    ("riverton", "Riverton", "the river town"),
    ("mara-okoye", "Mara Okoye", "Okoye"),
    ("port-authority", "Port Authority", "PA"),
    ("dockers-union", "Dockers' Union", "the union"),
    ("lena-vos", "Lena Vos", "Vos"),
];

/// Fourteen briefs from three outlets in two stories, reporting shared events, with entities,
/// tags, fact-checks and a background event: every relation a page can show.
pub fn newsroom() -> SiteTest {
    let site = SiteTest::empty();
    site.write("briefgen.yaml", "title: Newsroom\nbase_url: https://example.org/news/\n");
    let entities: String =
        ENTITIES.iter().map(|(id, name, alias)| format!("{id}:\n  name: {name}\n  aliases: [\"{alias}\"]\n")).collect();
    site.write("content/entities.yaml", &entities);
    site.write(
        "content/outlets.yaml",
        "herald:\n  name: The Herald\ntimes:\n  name: The Times\npost:\n  name: The Post\n",
    );
    site.write("content/stories.yaml", "strike:\n  title: The dock strike\nvote:\n  title: The council vote\n");
    site.write(
        "content/events.yaml",
        "- id: old-strike\n  date: 2019-05-01\n  title: The last dock strike\n  entities: [dockers-union]\n",
    );
    for i in 0..14 {
        let (a, b) = (ENTITIES[i % 5], ENTITIES[(i + 2) % 5]);
        let outlet = ["herald", "times", "post"][i % 3];
        site.write(
            &format!("seeds/b{i:02}.txt"),
            &format!(
                "{} and {} meet over the port, report {i}\n\nBy Staff {i}\n\nRIVERTON ({outlet}) - {} met {} at the port on day {i}, officials said.\n\n\
                 The talks about wages went on late into the night, and {} called them useful.\n\n\
                 A second round is planned for next week, according to people close to the talks.\n",
                a.1, b.1, a.1, b.2, b.1
            ),
        );
        let story = match i % 4 {
            0 | 1 => "story: strike\n",
            2 => "story: vote\n",
            _ => "",
        };
        let event = match i % 3 {
            0 => "  - id: talks\n    date: 2024-03-01\n    title: Wage talks open\n    quote: \"met\"\n".to_owned(),
            1 => "  - id: old-strike\n".to_owned(),
            _ => format!("  - date: 2024-03-{:02}\n    title: Port meeting {i}\n    entities: [{}]\n", 2 + i, a.0),
        };
        let notes = [
            "notes:".to_owned(),
            "  - quote: \"The talks about wages went on late into the night\"".to_owned(),
            "    kind: context".to_owned(),
            format!("    body: Context {i}."),
            "  - quote: \"according to people close to the talks\"".to_owned(),
            "    kind: fact-check".to_owned(),
            format!("    claimant: {}", a.0),
            "    verdict: misleading".to_owned(),
            format!("    body: Check {i}."),
        ]
        .join("\n");
        site.write(
            &format!("content/annotations/b{i:02}.yaml"),
            &format!(
                "slug: report-{i}\npublished: 2024-03-{:02}\noutlet: {outlet}\n{story}tags: [port, t{}]\nsummary: Report {i} on the talks.\n{notes}\nevents:\n{event}",
                1 + i,
                i % 2,
            ),
        );
    }
    site
}

fn session(site: &SiteTest) -> (Session, Output) {
    let opts = SiteOptions { root: site.root.clone(), ..SiteOptions::default() };
    let mut session = Session::new(opts);
    let (outcome, diags) = session.build().unwrap();
    let Outcome::Full(out) = outcome else { panic!("the first build failed: {:?}", diags.into_sorted()) };
    (session, out)
}

/// Rebuilds after `rel` changed and brings `out` up to date; returns the pages rendered again
/// by a partial rebuild, or `None` after a full one.
fn update(session: &mut Session, out: &mut Output, site: &SiteTest, rel: &str) -> Option<usize> {
    let (outcome, diags) = session.update(&[site.path(rel)]).unwrap();
    match outcome {
        Outcome::Full(new) => {
            *out = new;
            None
        }
        Outcome::Partial { files, pages } => {
            out.extend(files);
            out.extend(session.publish().unwrap());
            Some(pages)
        }
        Outcome::Failed => panic!("the rebuild failed: {:?}", diags.into_sorted()),
    }
}

/// `out` equals a full build of the site, file for file and byte for byte.
fn assert_same_as_full(site: &SiteTest, out: &Output, what: &str) {
    let opts = SiteOptions { root: site.root.clone(), ..SiteOptions::default() };
    let full = build_site(&opts).unwrap().0.expect("full build").output;
    let paths = |o: &Output| o.paths().map(str::to_owned).collect::<Vec<_>>();
    assert_eq!(paths(out), paths(&full), "{what}: the files differ from a full build");
    for (path, bytes) in full.iter() {
        assert!(out.get(path) == Some(bytes), "{what}: {path} differs from a full build");
    }
}

#[test]
fn edits_that_keep_a_briefs_place_render_only_its_readers_and_equal_a_full_build() {
    let site = newsroom();
    let (mut session, mut out) = session(&site);
    let pages = out.paths().filter(|p| p.ends_with(".html")).count();
    let a = "content/annotations/b04.yaml";
    let edits: [(&str, &str, &str, &str); 8] = [
        ("a note's text", a, "body: Context 4.", "body: Context *four*, corrected."),
        ("a note's quote", a, "quote: \"The talks about wages", "quote: \"talks about wages"),
        ("a verdict", a, "verdict: misleading", "verdict: \"false\""),
        (
            "a new note (the card's count)",
            a,
            "events:",
            "  - quote: \"at the port on day 4\"\n    body: Where.\nevents:",
        ),
        ("the summary", a, "summary: Report 4 on the talks.", "summary: Report four, on the talks."),
        (
            "the title (the slug is written)",
            a,
            "slug: report-4\n",
            "slug: report-4\ntitle: \"Lena Vos and Mara Okoye: talks at the port\"\n",
        ),
        ("the byline", a, "published:", "byline: Jo Bloggs\npublished:"),
        ("the seed's text", "seeds/b04.txt", "A second round is planned", "A third round is planned"),
    ];
    for (what, rel, from, to) in edits {
        site.replace(rel, from, to);
        let again = update(&mut session, &mut out, &site, rel);
        let again = again.unwrap_or_else(|| panic!("{what}: expected a partial rebuild"));
        assert!(again > 0 && again < pages, "{what}: {again} of {pages} pages rendered again");
        assert_same_as_full(&site, &out, what);
    }
}

#[test]
fn edits_that_move_a_brief_or_change_the_registries_build_everything() {
    let site = newsroom();
    let (mut session, mut out) = session(&site);
    let a = "content/annotations/b05.yaml";
    let edits: [(&str, &str, &str, &str); 6] = [
        ("a tag", a, "tags: [port, t1]", "tags: [port, t1, wages]"),
        ("the date", a, "published: 2024-03-06", "published: 2024-02-06"),
        ("the story", a, "story: strike\n", ""),
        ("an entity's mentions", "seeds/b05.txt", "officials said.", "officials said, with Lena Vos."),
        ("an entity", "content/entities.yaml", "name: Riverton", "name: Riverton City"),
        ("the config", "briefgen.yaml", "title: Newsroom", "title: The Newsroom"),
    ];
    for (what, rel, from, to) in edits {
        site.replace(rel, from, to);
        assert_eq!(update(&mut session, &mut out, &site, rel), None, "{what}: expected a full rebuild");
        assert_same_as_full(&site, &out, what);
    }
    site.write("content/annotations/b99.yaml", "published: 2024-04-01\n");
    let seed = site.read("seeds/b13.txt").replace("report 13", "a late report");
    site.write("seeds/b99.txt", &seed);
    assert_eq!(update(&mut session, &mut out, &site, "seeds/b99.txt"), None, "a new brief");
    assert_same_as_full(&site, &out, "a new brief");
}

#[test]
fn an_error_keeps_the_last_site_and_the_fix_builds_again() {
    let site = newsroom();
    let (mut session, mut out) = session(&site);
    let a = "content/annotations/b06.yaml";
    site.replace(a, "verdict: misleading", "verdict: fibbing");
    let (outcome, diags) = session.update(&[site.path(a)]).unwrap();
    assert!(matches!(outcome, Outcome::Failed), "{outcome:?}");
    assert!(diags.iter().any(|d| d.is_error() && d.file.ends_with("b06.yaml")), "{:?}", diags.into_sorted());
    site.replace(a, "verdict: fibbing", "verdict: misleading");
    assert_eq!(update(&mut session, &mut out, &site, a), None, "after a failure the next build is full");
    site.replace(a, "body: Context 6.", "body: Context six.");
    assert!(update(&mut session, &mut out, &site, a).is_some(), "then partial again");
    assert_same_as_full(&site, &out, "after the fix");
}

/// A session (`serve`) left running past midnight compares dates with the new day: the
/// rebuild after it is a whole one, with the warnings a build started that day gives.
#[test]
fn a_new_day_rebuilds_the_whole_site_with_its_warnings() {
    let site = newsroom();
    let day = |d: &str| Some(d.parse::<jiff::civil::Date>().unwrap());
    let opts = SiteOptions { root: site.root.clone(), today: day("2024-04-01"), ..SiteOptions::default() };
    let mut session = Session::new(opts);
    let (_, diags) = session.build().unwrap();
    assert!(diags.into_sorted().is_empty());
    let late = |diags: briefgen::diag::Diags| {
        diags.into_sorted().iter().filter(|d| d.message.contains("after the date of this build (2024-03-10)")).count()
    };
    let a = "content/annotations/b04.yaml";
    site.replace(a, "body: Context 4.", "body: Context four.");
    session.set_today(day("2024-04-01"));
    let (outcome, diags) = session.update(&[site.path(a)]).unwrap();
    assert!(matches!(outcome, Outcome::Partial { .. }), "the same day: a partial rebuild");
    assert_eq!(late(diags), 0);
    site.replace(a, "body: Context four.", "body: Context 4.");
    session.set_today(day("2024-03-10"));
    let (outcome, diags) = session.update(&[site.path(a)]).unwrap();
    assert!(matches!(outcome, Outcome::Full(_)), "a new day: a whole rebuild");
    // More than two days after the build's day: two briefs published on 2024-03-13 and
    // 2024-03-14, and an event of 2024-03-13.
    assert_eq!(late(diags), 3);
}
