//! Every seed → its article, with the ingest policy: extraction in parallel (through the build
//! cache when asked), two seeds with one id an error, a seed without an annotation a warning
//! (it is not published), and problems with unannotated seeds only warnings.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use super::{ContentFiles, Seed, cache::ExtractCache, extract};
use crate::cache::CacheUse;
use crate::diag::{self, Diagnostic, Diags};
use crate::model::Article;
use crate::progress::Progress;

/// How [`extract_all`] runs.
#[derive(Clone, Copy, Debug)]
pub struct ExtractOptions<'a> {
    /// The site root, where the build cache is.
    pub root: &'a Path,
    pub cache: CacheUse,
    pub progress: &'a Progress,
}

/// Extracts every seed, in input order. Problems with annotated seeds are errors; with the
/// others, warnings. Seeds without an annotation are reported.
pub fn extract_all(
    seeds: &[Seed],
    files: &ContentFiles,
    opts: ExtractOptions<'_>,
    diags: &mut Diags,
) -> BTreeMap<String, Arc<Article>> {
    let annotated = files.annotated_seeds();
    let results = extract_each(seeds, opts);
    let mut articles: BTreeMap<String, Arc<Article>> = BTreeMap::new();
    for (seed, res) in seeds.iter().zip(results) {
        let is_annotated = annotated.contains(seed.id.as_str());
        match res {
            Ok(a) => {
                if let Some(first) = articles.get(&seed.id) {
                    diags.push(
                        Diagnostic::error(&seed.path, format!("two seeds have the id `{}`", seed.id)).help(format!(
                            "{} has the same name; rename one of them",
                            diag::display_path(&first.source)
                        )),
                    );
                    continue;
                }
                if !is_annotated {
                    diags.push(
                        Diagnostic::warning(&seed.path, "this seed has no annotation, so it is not published")
                            .help(format!("create one with `briefgen new {}`", seed.id)),
                    );
                }
                articles.insert(seed.id.clone(), Arc::new(a));
            }
            Err(mut d) => {
                if !is_annotated {
                    d.severity = diag::Severity::Warning;
                }
                diags.push(d);
            }
        }
    }
    articles
}

/// Each seed's extraction, in parallel and in input order; the cache keeps only these seeds.
fn extract_each(seeds: &[Seed], opts: ExtractOptions<'_>) -> Vec<Result<Article, Diagnostic>> {
    opts.progress.stage("extracting", seeds.len());
    let cache = ExtractCache::open(opts.root, opts.cache);
    let results = seeds
        .par_iter()
        .map(|s| {
            opts.progress.tick();
            match &cache {
                Some(cache) => cache.extract(s),
                None => extract(s),
            }
        })
        .collect();
    if let Some(cache) = &cache {
        cache.retain(&seeds.iter().map(|s| s.id.as_str()).collect::<BTreeSet<&str>>());
    }
    results
}
