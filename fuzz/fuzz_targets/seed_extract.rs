//! Seed reading and extraction, each format: the first byte picks the file name's extension
//! (plain text, Markdown clipping, front-matter Markdown, saved HTML, a page saved as one
//! MHTML file), the rest is the file's bytes. Reading them (UTF-8, UTF-16 with its mark, a
//! saved page's declared charset) and extracting must return a seed and an article or a
//! diagnostic, never panic or hang.
#![no_main]

use briefgen::ingest::{extract, seed_from_bytes};
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 5] = ["seeds/x.txt", "seeds/x.md", "seeds/x.markdown", "seeds/x.html", "seeds/x.mhtml"];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let Ok(seed) = seed_from_bytes(NAMES[usize::from(pick) % NAMES.len()].into(), rest.to_vec()) else { return };
    assert!(!seed.text.contains('\r'), "lines end in \\n");
    match extract(&seed) {
        Ok(article) => {
            assert!(!article.fields.blocks.is_empty(), "an article has text");
            for block in &article.fields.blocks {
                assert!(!block.text.trim().is_empty(), "no empty block: {:?}", article.fields.blocks);
            }
        }
        // A seed that fails says why, in its own file, and a front matter at its lines.
        Err(problems) => {
            assert!(!problems.is_empty(), "a failed seed has a diagnostic");
            let lines = seed.text.lines().count().max(1) as u32;
            for d in &problems {
                assert_eq!(d.file, seed.path, "{d:?}");
                assert!(d.line <= lines + 1, "{d:?} past the seed's {lines} lines");
            }
        }
    }
});
