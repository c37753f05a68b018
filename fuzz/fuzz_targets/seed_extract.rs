//! Seed extraction, each format: the first byte picks the file name's extension (plain text,
//! Markdown clipping, front-matter Markdown, saved HTML, a page saved as one MHTML file), the
//! rest is the seed's text.
//! Extraction must return an article or a diagnostic, never panic or hang.
#![no_main]

use briefgen::ingest::{Seed, extract};
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 5] = ["seeds/x.txt", "seeds/x.md", "seeds/x.markdown", "seeds/x.html", "seeds/x.mhtml"];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    // What reading a seed lets through: UTF-8 without NUL bytes, lines ending in `\n`.
    let Ok(text) = std::str::from_utf8(rest) else { return };
    if text.contains(['\0', '\r']) {
        return;
    }
    let seed = Seed { id: "x".into(), path: NAMES[usize::from(pick) % NAMES.len()].into(), text: text.into() };
    if let Ok(article) = extract(&seed) {
        assert!(!article.fields.blocks.is_empty(), "an article has text");
        for block in &article.fields.blocks {
            assert!(!block.text.trim().is_empty(), "no empty block: {:?}", article.fields.blocks);
        }
    }
});
