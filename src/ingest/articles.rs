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
use crate::model::{Article, Why};
use crate::progress::Progress;

/// How [`extract_all`] runs.
#[derive(Clone, Copy, Debug)]
pub struct ExtractOptions<'a> {
    /// The site root, where the build cache is.
    pub root: &'a Path,
    pub cache: CacheUse,
    pub progress: &'a Progress,
    /// Where each article's text is kept once extracted: in memory, or moved out of it.
    pub text: Option<&'a super::TextPlace>,
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
        place(&mut articles, (&seed.id, &seed.path), res, &annotated, diags);
    }
    articles
}

/// A seed's id and file, once its text has been extracted and let go.
#[derive(Clone, Debug)]
pub struct SeedFile {
    pub id: String,
    /// Relative to the site root.
    pub path: std::path::PathBuf,
}

/// A seed read, and its extraction or the problem with it.
type SeedExtracted = (SeedFile, Result<Article, Diagnostic>);

/// Seeds read and extracted per chunk: the texts of one chunk are all that is held at once
/// (a site's saved HTML pages can be several times the size of its articles).
const CHUNK: usize = 1024;

/// [`extract_all`] over the seed files at `paths` (as [`super::seed_files`] lists them), read
/// a chunk at a time: each chunk is read (on the reading threads), extracted, and its texts
/// dropped before the next is read. Unreadable seeds are diagnostics. Returns every seed read,
/// in path order, and the articles.
pub fn read_and_extract(
    paths: &[std::path::PathBuf],
    files: &ContentFiles,
    opts: ExtractOptions<'_>,
    diags: &mut Diags,
) -> (Vec<SeedFile>, BTreeMap<String, Arc<Article>>) {
    let annotated = files.annotated_seeds();
    opts.progress.stage("extracting", paths.len());
    let cache = ExtractCache::open(opts.root, opts.cache);
    let mut seeds = Vec::with_capacity(paths.len());
    let mut articles: BTreeMap<String, Arc<Article>> = BTreeMap::new();
    for chunk in paths.chunks(CHUNK) {
        let read = super::read_all(chunk, |p| super::read_seed(opts.root, p));
        let extracted: Vec<Result<SeedExtracted, Diagnostic>> = read
            .into_par_iter()
            .map(|seed| {
                opts.progress.tick();
                let seed = seed?;
                let res = match &cache {
                    Some(cache) => cache.extract(&seed),
                    None => extract(&seed),
                };
                Ok((SeedFile { id: seed.id, path: seed.path }, res.map(|a| kept(a, opts.text))))
            })
            .collect();
        for item in extracted {
            match item {
                Ok((seed, res)) => {
                    place(&mut articles, (&seed.id, &seed.path), res, &annotated, diags);
                    seeds.push(seed);
                }
                Err(d) => diags.push(d),
            }
        }
    }
    if let Some(cache) = &cache {
        cache.retain(&seeds.iter().map(|s| s.id.as_str()).collect::<BTreeSet<&str>>());
    }
    (seeds, articles)
}

/// An article as a build keeps it until the site is made: without the lines extraction left out
/// and the reasons for its fields (which only `briefgen ingest` shows), its text moved out of
/// memory if `text` says so, else no larger than it is.
fn kept(mut a: Article, text: Option<&super::TextPlace>) -> Article {
    a.fields.dropped = Vec::new();
    a.fields.why = Why::default();
    if text.is_some_and(|t| t.moves(&mut a)) {
        return a;
    }
    let f = &mut a.fields;
    f.blocks.shrink_to_fit();
    for b in &mut f.blocks {
        b.text.shrink_to_fit();
    }
    a
}

/// Puts one seed's extraction among `articles`, or its problem among `diags`: the ingest
/// policy (two seeds with one id an error, a seed without an annotation a warning, problems
/// with unannotated seeds only warnings).
fn place(
    articles: &mut BTreeMap<String, Arc<Article>>,
    seed: (&str, &Path),
    res: Result<Article, Diagnostic>,
    annotated: &BTreeSet<String>,
    diags: &mut Diags,
) {
    let (id, path) = seed;
    let is_annotated = annotated.contains(id);
    match res {
        Ok(_) if articles.contains_key(id) => {
            let first = &articles[id];
            diags.push(
                Diagnostic::error(path, format!("two seeds have the id `{id}`"))
                    .help(format!("{} has the same name; rename one of them", diag::display_path(&first.source))),
            );
        }
        Ok(a) => {
            if !is_annotated {
                diags.push(
                    Diagnostic::warning(path, "this seed has no annotation, so it is not published")
                        .help(format!("create one with `briefgen new {}`", crate::text::shell_word(id))),
                );
            }
            articles.insert(id.to_owned(), Arc::new(a));
        }
        Err(mut d) => {
            if !is_annotated {
                d.severity = diag::Severity::Warning;
            }
            diags.push(d);
        }
    }
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
