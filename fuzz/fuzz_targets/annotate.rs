//! Annotation parsing and quote anchoring: the input is an annotation's YAML, a line `===`,
//! and a plain-text article. Checking must give a brief or diagnostics, never panic, and
//! every anchor must be a passage of its paragraph (on character boundaries).
#![no_main]

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use briefgen::annotate::{AnnotateOptions, annotate};
use briefgen::config::{CONFIG_FILE, Config};
use briefgen::diag::SourceFile;
use briefgen::ingest::{ContentFiles, Seed, extract};
use libfuzzer_sys::fuzz_target;

fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| {
        let src = SourceFile::new(CONFIG_FILE, "title: Fuzz\nbase_url: https://example.org/\n");
        Config::parse(&src).expect("a valid config")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Some((yaml, article)) = text.split_once("\n===\n") else { return };
    let seed = Seed { id: "x".into(), path: "seeds/x.txt".into(), text: article.into() };
    let Ok(article) = extract(&seed) else { return };
    let articles = BTreeMap::from([("x".to_owned(), Arc::new(article))]);
    let files = ContentFiles {
        annotations: vec![SourceFile::new("content/annotations/x.yaml", yaml)],
        ..ContentFiles::default()
    };
    let (content, diags) = annotate(&files, config(), &articles, AnnotateOptions::default());
    for d in diags.iter() {
        assert!(!d.message.is_empty());
    }
    for brief in &content.briefs {
        let blocks = brief.article.blocks();
        for note in &brief.notes {
            let a = note.anchor;
            let passage = blocks.get(a.block).and_then(|b| b.text.get(a.start..a.end));
            assert!(passage.is_some_and(|p| !p.is_empty()), "anchor {a:?} of {:?}", note.quote);
        }
    }
});
