//! Issue 23, item 2: one error per mistake. A registry entry or a note that fails is reported
//! once and then treated as present, so that nothing that refers to it is reported again.
//! Checked on a 1,000-brief site made by `bench/gen.py`, with one mistake of each kind.

use std::collections::BTreeMap;

use crate::harness::{SiteTest, repo, run_with_timeout};

/// A generated site of `n` briefs.
pub fn generated(n: usize) -> SiteTest {
    let site = SiteTest::empty();
    let mut cmd = std::process::Command::new("python3");
    cmd.arg(repo().join("bench/gen.py")).arg(n.to_string()).arg(&site.root).args(["--shape", "old"]);
    let run = run_with_timeout(cmd, std::time::Duration::from_secs(120));
    assert_eq!(run.code, 0, "bench/gen.py: {}", run.stderr);
    site
}

/// Replaces `from` by `to` in a file and returns where the mistake is: the file and the line
/// of `at` (a part of `to`).
fn plant(site: &SiteTest, rel: &str, from: &str, to: &str, at: &str) -> (String, u32) {
    site.replace(rel, from, to);
    let text = site.read(rel);
    let offset = text.find(to).unwrap() + to.find(at).unwrap();
    (rel.to_owned(), text[..offset].matches('\n').count() as u32 + 1)
}

/// Replaces the first `from` after `after` by `to`; the mistake is on `to`'s line.
fn plant_after(site: &SiteTest, rel: &str, after: &str, from: &str, to: &str) -> (String, u32) {
    let text = site.read(rel);
    let start = text.find(after).unwrap();
    let at = start + text[start..].find(from).unwrap();
    site.write(rel, &format!("{}{to}{}", &text[..at], &text[at + from.len()..]));
    (rel.to_owned(), text[..at].matches('\n').count() as u32 + 1)
}

#[test]
fn issue_23_one_error_per_mistake_on_a_generated_site() {
    let site = generated(1000);
    let a = |n: u32| format!("content/annotations/b{n:06}.yaml");
    let mistakes = [
        // Registries: a misspelt kind used to make every entity unknown (4,494 errors).
        plant_after(&site, "content/entities.yaml", "ent-034:", "kind: place", "kind: persn"),
        // Two mistakes in one entry: each one error, and the entry's id still known.
        plant_after(&site, "content/entities.yaml", "ent-067:", "  kind: ", "  kind: persn\n  # was: "),
        plant_after(&site, "content/entities.yaml", "ent-067:", "  aliases:", "  alaises:"),
        plant(&site, "content/entities.yaml", "ent-100:\n  name:", "ent-100:\n  nmae:", "nmae"),
        plant(&site, "content/outlets.yaml", "outlet-00:\n  name:", "outlet-00:\n  nmae:", "nmae"),
        plant(&site, "content/stories.yaml", "story-00000:\n  title:", "story-00000:\n  titel:", "titel"),
        plant(&site, "content/events.yaml", "- id: bg-00036\n  date: ", "- id: bg-00036\n  date: 2015-13-", "2015-13"),
        plant(&site, "content/events.yaml", "- id: bg-00001\n  date:", "- id: bg-00001\n  dte:", "dte"),
        // Annotations: a bad note field, kind, quote, claimant, verdict, URL, date, key, syntax.
        plant(&site, &a(1), "    kind: context\n", "    kind: context\n    bdy: x\n", "bdy"),
        plant(&site, &a(2), "    kind: fact-check\n", "    kind: fact-chek\n", "fact-chek"),
        plant(&site, &a(3), "  - quote: \"", "  - quote: \"Not in the article at all. ", "quote"),
        plant(&site, &a(4), "    claimant: ent-", "    claimant: emt-", "emt-"),
        plant(&site, &a(5), "    verdict: \"", "    verdict: \"sort-of-", "sort-of"),
        plant(&site, &a(6), "    sources: [https:", "    sources: [javascript:", "javascript"),
        plant(&site, &a(7), "published: 20", "published: 1999-02-30\n# was: 20", "1999-02-30"),
        plant(&site, &a(8), "summary: |", "sumary: |", "sumary"),
        plant(&site, &a(9), "\n  - quote:", "\n\t- quote:", "\t"),
        // A seed that fails extraction: one error on the seed, none for its annotation.
        plant(&site, "seeds/b000010.md", "url: https:", "url: javascript:", "javascript"),
    ];
    let expected: BTreeMap<(String, u32), usize> = mistakes.iter().map(|m| (m.clone(), 1)).collect();
    let (_, diags) = briefgen::load(&briefgen::SiteOptions { root: site.root.clone(), ..Default::default() }).unwrap();
    let mut got: BTreeMap<(String, u32), usize> = BTreeMap::new();
    let mut shown = Vec::new();
    for d in diags.iter().filter(|d| d.is_error()) {
        *got.entry((briefgen::diag::display_path(&d.file), d.line)).or_default() += 1;
        shown.push(format!("{}: {}", d.location(), d.message));
    }
    assert_eq!(got, expected, "errors:\n{}", shown.join("\n"));
}
