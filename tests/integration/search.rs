//! Site search: the `/search/` page and its prebuilt, sharded index. The index parses, every
//! URL in it resolves to a generated page and element, excerpt mode keeps unpublished
//! paragraphs out, the base path is honoured, and a lookup done the way `search.js` does it
//! finds notes and entities.

use std::collections::BTreeMap;

use briefgen::publish::search::shard::shard_of;
use briefgen::publish::search::tokenize::tokens;
use briefgen::site::Output;
use serde_json::Value;

use crate::harness::{SiteTest, attr_values};

const BASE: &str = "https://example.github.io/briefgen/";

/// The search index of a built site, parsed.
struct Index {
    manifest: Value,
    /// Term shards, in manifest order.
    terms: Vec<BTreeMap<String, Vec<u64>>>,
    records: Vec<Value>,
}

/// The site path an internal link points to, checked to be under the base path.
fn site_path<'a>(url: &'a str, base_path: &str) -> &'a str {
    url.strip_prefix(base_path).unwrap_or_else(|| panic!("{url} is outside the base path {base_path}"))
}

fn json(out: &Output, path: &str) -> Value {
    let text = out.text(path).unwrap_or_else(|| panic!("no {path}"));
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{path} is not JSON: {e}"))
}

impl Index {
    fn load(out: &Output, base_path: &str) -> Index {
        let manifest = json(out, "search/index.json");
        assert_eq!(manifest["version"], 1);
        let shard_file = |url_key: &str, i: usize| {
            let url = manifest[url_key].as_str().unwrap();
            format!("{}{i}.json", site_path(url, base_path))
        };
        let terms = (0..manifest["shards"].as_array().unwrap().len())
            .map(|i| serde_json::from_value(json(out, &shard_file("terms_url", i))).unwrap())
            .collect();
        let per_shard = manifest["per_shard"].as_u64().unwrap() as usize;
        let count = manifest["records"].as_u64().unwrap() as usize;
        let mut records = Vec::new();
        for j in 0..count.div_ceil(per_shard) {
            let shard = json(out, &shard_file("records_url", j));
            let list = shard.as_array().unwrap();
            assert!(list.len() == per_shard || j == count / per_shard, "record shard {j} has {}", list.len());
            records.extend(list.iter().cloned());
        }
        assert_eq!(records.len(), count);
        Index { manifest, terms, records }
    }

    fn keys(&self) -> Vec<&str> {
        self.manifest["shards"].as_array().unwrap().iter().map(|k| k.as_str().unwrap()).collect()
    }

    /// A term's postings as (record, weight), found the way the script finds them.
    fn postings(&self, term: &str) -> Vec<(usize, u64)> {
        let Some(i) = shard_of(&self.keys(), term) else { return Vec::new() };
        let Some(list) = self.terms[i].get(term) else { return Vec::new() };
        let mut record = 0;
        list[1..]
            .chunks(2)
            .map(|p| {
                record += p[0] as usize;
                (record, p[1])
            })
            .collect()
    }

    /// Whether any shard holds the term at all.
    fn has_term(&self, term: &str) -> bool {
        self.terms.iter().any(|t| t.contains_key(term))
    }

    /// The records matching every word of a query, best first.
    fn query(&self, q: &str) -> Vec<&Value> {
        let mut scores: Option<BTreeMap<usize, u64>> = None;
        for term in tokens(q) {
            let found: BTreeMap<usize, u64> = self.postings(&term).into_iter().collect();
            scores = Some(match scores {
                None => found,
                Some(s) => s.into_iter().filter_map(|(r, w)| found.get(&r).map(|v| (r, w + v))).collect(),
            });
        }
        let mut hits: Vec<(usize, u64)> = scores.unwrap_or_default().into_iter().collect();
        hits.sort_by_key(|&(r, w)| (std::cmp::Reverse(w), r));
        hits.into_iter().map(|(r, _)| &self.records[r]).collect()
    }
}

/// The output file an internal link (without its fragment) serves.
fn target(out: &Output, path: &str) -> Option<String> {
    let file = if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.to_owned() };
    out.get(&file).map(|_| file)
}

fn check_urls_resolve(out: &Output, base_path: &str) {
    let index = Index::load(out, base_path);
    for key in ["terms_url", "records_url"] {
        assert!(index.manifest[key].as_str().unwrap().starts_with(base_path), "{key}");
    }
    assert!(!index.records.is_empty());
    for rec in &index.records {
        let url = rec["u"].as_str().unwrap();
        let (path, fragment) = url.split_once('#').unwrap_or((url, ""));
        let file = target(out, site_path(path, base_path)).unwrap_or_else(|| panic!("{url} resolves to no file"));
        if !fragment.is_empty() {
            let ids = attr_values(out.text(&file).unwrap(), "id");
            assert!(ids.contains(&fragment), "{url}: no id {fragment} in {file}");
        }
        assert!(["b", "n", "e"].contains(&rec["k"].as_str().unwrap()), "{rec}");
        assert!(!rec["t"].as_str().unwrap().is_empty(), "{rec}");
    }
    // Every posting points at a record.
    for shard in &index.terms {
        for (term, list) in shard {
            let postings = index.postings(term);
            assert_eq!(postings.len(), (list.len() - 1) / 2, "{term}: found in the shard the script reads");
            assert!(postings.iter().all(|&(r, w)| r < index.records.len() && w > 0), "{term}");
        }
    }
}

#[test]
fn index_parses_and_every_url_resolves_under_a_base_path() {
    check_urls_resolve(&SiteTest::demo().output_with(Some(BASE)), "/briefgen/");
}

#[test]
fn index_parses_and_every_url_resolves_at_the_root() {
    check_urls_resolve(&SiteTest::demo().output_with(Some("https://briefs.example.org/")), "/");
}

#[test]
fn search_page_carries_the_base_path_and_explains_itself_without_javascript() {
    let out = SiteTest::demo().output_with(Some(BASE));
    let page = out.text("search/index.html").unwrap();
    assert!(page.contains("<form class=\"search-form\" role=\"search\" action=\"/briefgen/search/\" method=\"get\""));
    assert!(page.contains("data-search-index=\"/briefgen/search/index.json\""));
    assert!(page.contains("<script src=\"/briefgen/static/search.js\" defer></script>"));
    assert!(page.contains("<label for=\"search-q\">") && page.contains("id=\"search-q\" name=\"q\""));
    assert!(page.contains("role=\"status\""));
    let noscript = page.split("<noscript>").nth(1).unwrap().split("</noscript>").next().unwrap();
    assert!(noscript.contains("Search needs JavaScript"), "{noscript}");
    assert!(noscript.contains("href=\"/briefgen/timeline/\"") && noscript.contains("href=\"/briefgen/entities/\""));
    assert!(out.get("static/search.js").is_some());
    // Every page links to search; the search page marks itself as current.
    assert!(page.contains("<a href=\"/briefgen/search/\" aria-current=\"page\">Search</a>"));
    for p in out.paths().filter(|p| p.ends_with(".html")) {
        assert!(out.text(p).unwrap().contains("href=\"/briefgen/search/\""), "{p} has no link to search");
    }
}

#[test]
fn a_query_finds_briefs_notes_and_entities_with_their_anchors() {
    let out = SiteTest::demo().output_with(Some(BASE));
    let index = Index::load(&out, "/briefgen/");
    // A word of a note's body leads to the note on its brief.
    let takfiri = index.query("Takfiri");
    let note = takfiri.iter().find(|r| r["k"] == "n").expect("a note about Takfiri");
    assert_eq!(
        note["u"],
        "/briefgen/briefs/assad-says-army-will-liberate-every-inch/#note-the-daesh-takfiri-terror-group"
    );
    // An alias finds its entity; case and accents do not matter.
    let raqa = index.query("RAQA");
    assert!(raqa.iter().any(|r| r["k"] == "e" && r["u"] == "/briefgen/entities/raqqa/"), "{raqa:?}");
    assert_eq!(index.query("Ráqa").len(), raqa.len());
    // Titles outrank body text.
    let first = &index.query("liberate every inch")[0];
    assert_eq!(first["k"], "b");
    assert_eq!(first["u"], "/briefgen/briefs/assad-says-army-will-liberate-every-inch/");
}

#[test]
fn excerpt_mode_leaves_unpublished_paragraphs_out_of_the_index() {
    let site = SiteTest::fixture("basic");
    let full = Index::load(&site.output(), "/");
    for word in ["critics", "rushed", "next"] {
        assert!(full.has_term(word), "{word} is indexed when the whole article is published");
    }
    site.replace("briefgen.yaml", "title: Basic", "title: Basic\npublish_body: excerpts");
    let out = site.output();
    let page = out.text("briefs/council-approves-the-new-bridge/index.html").unwrap();
    assert!(!page.contains("rushed"), "the paragraph is not on the page");
    let excerpts = Index::load(&out, "/");
    for word in ["critics", "rushed", "next"] {
        assert!(!excerpts.has_term(word), "{word} is from a paragraph left out in excerpt mode");
    }
    // Annotated paragraphs, and the notes, are still found.
    assert!(excerpts.has_term("riverton") && excerpts.has_term("paid"));
    let budget = excerpts.query("42 million");
    assert_eq!(budget[0]["u"], "/briefs/council-approves-the-new-bridge/#note-cost-40-million-dollars");
    let records = out.text("search/records/0.json").unwrap();
    assert!(!records.contains("rushed") && !records.contains("Critics"), "{records}");
}

#[test]
fn index_is_deterministic() {
    let site = SiteTest::demo();
    let (a, b) = (site.output(), site.output());
    let search = |o: &Output| {
        o.iter().filter(|(p, _)| p.starts_with("search/")).map(|(p, b)| (p.to_owned(), b.to_vec())).collect::<Vec<_>>()
    };
    assert_eq!(search(&a), search(&b));
}

/// The ids of the briefs a query's records lead to (a note leads to its brief).
fn briefs_found(index: &Index, q: &str) -> Vec<String> {
    let mut out: Vec<String> =
        index.query(q).iter().map(|r| r["u"].as_str().unwrap().split('#').next().unwrap().to_owned()).collect();
    out.dedup();
    out
}

#[test]
fn a_french_query_without_accents_finds_the_accented_words() {
    let out = SiteTest::fixture("french").output_with(Some("https://example.github.io/seine/"));
    let index = Index::load(&out, "/seine/");
    let hidalgo = "/seine/briefs/hidalgo-baignade-seine/";
    // The article says "préfecture" and "épreuves olympiques"; the reader types no accents.
    assert_eq!(briefs_found(&index, "prefecture"), [hidalgo]);
    assert_eq!(briefs_found(&index, "epreuves olympiques")[0], hidalgo);
    assert_eq!(briefs_found(&index, "Hôtel de Ville").len(), 2, "both articles, accents or not");
    assert_eq!(index.query("hotel de ville").len(), index.query("Hôtel de Ville").len());
}

#[test]
fn an_arabic_query_finds_its_article_whatever_its_vowels_and_hamza() {
    let out = SiteTest::fixture("arabic").output_with(Some("https://example.github.io/astana/"));
    let index = Index::load(&out, "/astana/");
    // The text writes "اختُتمت" (with a damma) and "الأممي" (with a hamza); queries need neither.
    assert_eq!(briefs_found(&index, "اختتمت")[0], "/astana/briefs/astana-final-statement/");
    assert_eq!(briefs_found(&index, "المبعوث الاممي"), ["/astana/briefs/astana-talks-open/"]);
    // A teh marbuta typed as heh, an alif maqsura as yeh.
    assert!(!index.query("الحكومه").is_empty() && !index.query("الي").is_empty());
    let note = index.query("منتصف ليل");
    assert_eq!(note[0]["u"], "/astana/briefs/astana-talks-open/#note-ceasefire-date");
}

#[test]
fn a_two_character_japanese_query_finds_its_article() {
    let site = SiteTest::fixture("basic");
    site.write(
        "seeds/tokyo.md",
        "---\ntitle: 東京で気候会議が開幕\noutlet: 例示新聞\npublished: 2019-09-23\n---\n東京都は月曜日、気候変動への対策を話し合う国際会議を開いた。各国の代表が再生可能エネルギーの目標について議論した。\n",
    );
    site.write("content/annotations/tokyo.yaml", "slug: tokyo-climate-meeting\n");
    let index = Index::load(&site.output(), "/");
    // Two characters from the middle of a run of text with no spaces.
    assert_eq!(briefs_found(&index, "会議"), ["/briefs/tokyo-climate-meeting/"]);
    assert_eq!(briefs_found(&index, "代表"), ["/briefs/tokyo-climate-meeting/"]);
    assert_eq!(briefs_found(&index, "再生可能"), ["/briefs/tokyo-climate-meeting/"], "every pair of a longer query");
    assert!(index.query("会社").is_empty());
}

/// The cases `tokenize.rs` and `search.js` are both held to.
fn folding_cases() -> Vec<(String, Vec<String>)> {
    let text = std::fs::read_to_string(crate::harness::repo().join("tests/fixtures/search-folding.json")).unwrap();
    let cases: Vec<Value> = serde_json::from_str(&text).unwrap();
    cases
        .iter()
        .map(|c| (c["text"].as_str().unwrap().to_owned(), serde_json::from_value(c["tokens"].clone()).unwrap()))
        .collect()
}

#[test]
fn the_index_folds_every_language_as_the_cases_say() {
    for (text, expected) in folding_cases() {
        assert_eq!(tokens(&text), expected, "tokenize.rs on {text:?}");
    }
}

#[test]
fn search_js_folds_as_the_index_does() {
    let script = crate::harness::repo().join("themes/default/static/search.js");
    let inputs: Vec<String> = folding_cases().into_iter().map(|(t, _)| t).collect();
    let program = format!(
        "const t = require({:?}); console.log(JSON.stringify({}.map(s => t.words(t.fold(s)))));",
        script.display().to_string(),
        serde_json::to_string(&inputs).unwrap()
    );
    let run = match std::process::Command::new("node").arg("-e").arg(&program).output() {
        Ok(run) => run,
        Err(e) => {
            eprintln!("search_js_folds_as_the_index_does: skipped, node is not available ({e})");
            return;
        }
    };
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let js: Vec<Vec<String>> = serde_json::from_slice(&run.stdout).unwrap();
    for ((text, expected), got) in folding_cases().into_iter().zip(js) {
        assert_eq!(got, expected, "search.js on {text:?}");
    }
}

/// search.js and timeline.js themselves, under Node's test runner (tests/js/): search on the
/// demo's index as built, with prefix matching and ranking; the timeline's filters.
#[test]
fn search_js_and_timeline_js_pass_their_tests_under_node() {
    let site = SiteTest::demo();
    let run = site.run(&["build", "--base-url", "https://briefs.example.org/"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let tests = crate::harness::repo().join("tests/js");
    let mut node = std::process::Command::new("node");
    node.arg("--test").arg(tests.join("search.test.cjs")).arg(tests.join("timeline.test.cjs"));
    node.env("BRIEFGEN_SITE", site.path("public"));
    let run = crate::harness::run_with_timeout(node, std::time::Duration::from_secs(120));
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    for line in ["# pass 8", "# fail 0", "# skipped 0"] {
        assert!(run.stdout.lines().any(|l| l == line), "no {line:?} in:\n{}", run.stdout);
    }
}
