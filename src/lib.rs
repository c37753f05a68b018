//! briefgen: a static-site generator for annotated news briefs.
//!
//! The pipeline, one module per stage: [`ingest`] (seeds and content files) → [`annotate`]
//! (validated, anchored annotations) → [`link`] (timeline and cross-links) → [`markdown`]
//! (a Markdown page per brief, rendered to HTML) → [`render`] (Tera themes) → [`site`] (the
//! output, written atomically). [`build_site`] runs them in memory; `build` writes the result.
//! See ARCHITECTURE.md.

pub mod annotate;
pub mod cache;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod date;
pub mod diag;
pub mod hash;
pub mod incremental;
pub mod ingest;
pub mod link;
pub mod markdown;
pub mod model;
pub mod progress;
pub mod publish;
pub mod render;
pub mod site;
pub mod text;
pub mod yaml;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use annotate::AnnotateOptions;
use config::Config;
use diag::{Diagnostic, Diags};
use ingest::{ContentFiles, Seed};
use model::{Article, Content};
use site::Output;

/// Where the site is and how to build it.
#[derive(Clone, Debug, Default)]
pub struct SiteOptions {
    pub root: PathBuf,
    /// Replaces the config's `base_url`.
    pub base_url: Option<String>,
    /// Include briefs marked `draft: true`.
    pub drafts: bool,
    /// Where to show how far the build is (hidden by default).
    pub progress: progress::Progress,
    /// Whether to reuse what extraction and YAML parsing made of unchanged seeds and
    /// annotations, and keep what they make, in `.briefgen-cache/` ([`cache`]).
    pub cache: cache::CacheUse,
}

/// The inputs, read and validated; `None` parts failed with diagnostics.
pub struct Loaded {
    pub config: Config,
    pub content: Content,
    pub seeds: Vec<Seed>,
    pub files: ContentFiles,
}

/// A built site, in memory.
pub struct Built {
    pub output: Output,
    pub config: Config,
    pub briefs: usize,
}

/// What a build made, when it succeeded.
pub struct Summary {
    pub config: Config,
    pub briefs: usize,
    /// Every file written, as paths in the output.
    pub paths: Vec<String>,
}

/// Reads and validates everything (ingest → annotate). Errors in `Err` are environment
/// problems (no config, bad `--base-url`); content problems are diagnostics.
pub fn load(opts: &SiteOptions) -> anyhow::Result<(Option<Loaded>, Diags)> {
    let (loaded, diags) = load_all(opts, Record::No)?;
    Ok((loaded.map(|l| l.loaded), diags))
}

/// [`load`], keeping the articles and what checking an annotation again needs.
struct LoadedAll {
    loaded: Loaded,
    articles: BTreeMap<String, Arc<Article>>,
    recheck: Option<annotate::Recheck>,
}

fn load_all(opts: &SiteOptions, record: Record) -> anyhow::Result<(Option<LoadedAll>, Diags)> {
    let mut config = match Config::load(&opts.root)? {
        Ok(c) => c,
        Err(diags) => return Ok((None, diags)),
    };
    if let Some(url) = &opts.base_url {
        config.set_base_url(url).map_err(|e| anyhow::anyhow!("--base-url: {e}"))?;
    }
    let mut timer = progress::Timer::from_env();
    let mut diags = Diags::new();
    let (seeds, d) = ingest::read_seeds(&opts.root);
    diags.extend(d);
    let (files, d) = ingest::read_content(&opts.root);
    diags.extend(d);
    timer.lap("read");
    let articles = extract_all(&seeds, &files, opts, &mut diags);
    timer.lap("extract");
    let cache = annotate::ParseCache::open(&opts.root, opts.cache);
    let a = annotate::annotate_all(
        &files,
        &config,
        &articles,
        AnnotateOptions { drafts: opts.drafts, recheck: record == Record::Pages, cache: cache.as_ref() },
    );
    if let Some(cache) = &cache {
        cache.retain(files.annotations.iter().map(|a| a.path.as_path()));
    }
    diags.extend(a.diags);
    timer.lap("annotate");
    let loaded = Loaded { config, content: a.content, seeds, files };
    Ok((Some(LoadedAll { loaded, articles, recheck: a.recheck }), diags))
}

/// Extracts every seed in parallel, through the cache when `opts` asks for it. Problems with
/// annotated seeds are errors; with the others, warnings (they are not published). Seeds
/// without an annotation are reported.
fn extract_all(
    seeds: &[Seed],
    files: &ContentFiles,
    opts: &SiteOptions,
    diags: &mut Diags,
) -> BTreeMap<String, Arc<Article>> {
    let annotated: std::collections::BTreeSet<String> =
        files.annotations.iter().filter_map(|a| a.path.file_stem().map(|s| s.to_string_lossy().into_owned())).collect();
    let progress = &opts.progress;
    progress.stage("extracting", seeds.len());
    let cache = ingest::cache::ExtractCache::open(&opts.root, opts.cache);
    let extract = |s: &Seed| match &cache {
        Some(cache) => cache.extract(s),
        None => ingest::extract(s),
    };
    let results: Vec<Result<Article, Diagnostic>> = seeds
        .par_iter()
        .map(|s| {
            progress.tick();
            extract(s)
        })
        .collect();
    if let Some(cache) = &cache {
        cache.retain(&seeds.iter().map(|s| s.id.as_str()).collect());
    }
    let mut articles: BTreeMap<String, Arc<Article>> = BTreeMap::new();
    for (seed, res) in seeds.iter().zip(results) {
        let is_annotated = annotated.contains(&seed.id);
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

/// Builds the whole site in memory: load, link, Markdown, render, publish. Nothing is written.
pub fn build_site(opts: &SiteOptions) -> anyhow::Result<(Option<Built>, Diags)> {
    let memory = std::sync::Mutex::new(Output::new());
    let (summary, diags) = build_site_into(opts, &memory)?;
    let output = memory.into_inner().unwrap_or_else(|e| e.into_inner());
    Ok((summary.map(|s| Built { output, config: s.config, briefs: s.briefs }), diags))
}

/// Builds the whole site, handing each file to `sink` as soon as it is made. Content errors
/// found before rendering stop the build before anything reaches the sink.
pub fn build_site_into(opts: &SiteOptions, sink: &dyn site::Sink) -> anyhow::Result<(Option<Summary>, Diags)> {
    let (run, diags) = run(opts, sink, Record::No)?;
    Ok((
        run.map(|r| {
            free_later(r.kept);
            r.summary
        }),
        diags,
    ))
}

/// Drops `value` on a thread of its own. What a build keeps is millions of small allocations
/// (a tenth of a second to free at 10,000 briefs); the caller goes on without waiting, and a
/// command that exits next does not wait for the freeing at all. Should no thread start,
/// `value` is dropped here.
fn free_later<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new().name("free".into()).spawn(move || drop(value));
}

/// Whether a run keeps what `serve`'s partial rebuilds need: what each page reads, and what
/// checking one annotation again needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Record {
    Pages,
    No,
}

/// A successful run: what it made, and everything it made it from.
struct Run {
    summary: Summary,
    kept: Kept,
}

/// The state of a built site that a partial rebuild starts from (see [`incremental`]).
pub(crate) struct Kept {
    pub renderer: render::Renderer,
    pub linked: link::Linked,
    pub made: render::views::Made,
    pub docs: Vec<markdown::BriefDoc>,
    pub deps: Option<render::deps::Deps>,
    pub articles: BTreeMap<String, Arc<Article>>,
    pub files: ContentFiles,
    pub seed_paths: BTreeMap<String, PathBuf>,
    /// Present when the run was recorded ([`Record::Pages`]), as `deps` is.
    pub recheck: Option<annotate::Recheck>,
    /// The paths of the pages and Markdown files (the rest is made by [`publish_files`]).
    pub page_paths: Vec<String>,
}

fn run(opts: &SiteOptions, sink: &dyn site::Sink, record: Record) -> anyhow::Result<(Option<Run>, Diags)> {
    let (loaded, mut diags) = load_all(opts, record)?;
    let Some(LoadedAll { loaded, articles, recheck }) = loaded else { return Ok((None, diags)) };
    let theme = match site::theme::load(&opts.root, &loaded.config.theme) {
        Ok(t) => Some(t),
        Err(d) => {
            diags.push(d);
            None
        }
    };
    if diags.has_errors() {
        return Ok((None, diags));
    }
    let renderer = match render::Renderer::new(theme.expect("no theme error")) {
        Ok(r) => r,
        Err(d) => {
            diags.extend(d);
            return Ok((None, diags));
        }
    };
    let mut timer = progress::Timer::from_env();
    let seed_paths = loaded.seeds.into_iter().map(|s| (s.id, s.path)).collect();
    let linked = link::link(loaded.config, loaded.content);
    if let Some(src) = &loaded.files.entities {
        diags.extend(unmentioned_entities(&linked, src));
    }
    timer.lap("link");
    let mut docs = markdown_pages(&linked);
    timer.lap("markdown");
    let mut views = match render::views::Views::new(&linked, &renderer) {
        Ok(v) => v,
        Err(d) => {
            diags.extend(d);
            return Ok((None, diags));
        }
    };
    let render_opts = render::RenderOptions { progress: &opts.progress, record: record == Record::Pages };
    let rendered = match render::render_site(&linked, &views, &docs, &renderer, render_opts, sink) {
        Ok(r) => r,
        Err(d) => {
            diags.extend(d);
            return Ok((None, diags));
        }
    };
    timer.lap("render");
    let page_paths = rendered.paths;
    if record == Record::No {
        // Only a partial rebuild renders pages again: what only pages read can go before the
        // feeds, exports and search index are made.
        views.end_rendering();
        docs.par_iter_mut().for_each(markdown::BriefDoc::end_rendering);
    }
    let mut paths = page_paths.clone();
    paths.extend(publish_files(&views, &docs, &page_paths, sink)?);
    timer.lap("publish");
    let made = views.into_made();
    let summary = Summary { config: linked.config.clone(), briefs: linked.content.briefs.len(), paths };
    let kept = Kept {
        renderer,
        linked,
        made,
        docs,
        deps: rendered.deps,
        articles,
        files: loaded.files,
        seed_paths,
        recheck,
        page_paths,
    };
    Ok((Some(Run { summary, kept }), diags))
}

/// Everything besides the pages: feeds, exports, search index, hosting files and the
/// sitemap (over `page_paths` and these). Returns the paths sent.
fn publish_files(
    views: &render::views::Views,
    docs: &[markdown::BriefDoc],
    page_paths: &[String],
    sink: &dyn site::Sink,
) -> anyhow::Result<Vec<String>> {
    let linked = views.linked;
    let mut paths = publish::send_files(linked, views, docs, sink)?;
    let mut extra = site::hosting_files(&linked.config, &linked.urls);
    paths.extend(extra.paths().map(str::to_owned));
    let all: Vec<String> = page_paths.iter().chain(&paths).cloned().collect();
    let sitemap = publish::sitemap::sitemap(linked, &all);
    paths.extend(sitemap.paths().map(str::to_owned));
    extra.extend(sitemap);
    extra.send(sink)?;
    Ok(paths)
}

/// A warning for each entity nothing mentions, at its id in `content/entities.yaml`.
fn unmentioned_entities(linked: &link::Linked, src: &diag::SourceFile) -> Vec<Diagnostic> {
    linked
        .unmentioned_entities()
        .map(|e| {
            let (line, col) = e.defined_at;
            src.warning(line, col, format!("entity `{}` is never mentioned", e.id)).help(format!(
                "no published brief contains any of its names ({}) and no event lists it; \
                 add the spelling the articles use to `aliases:`, or remove the entity",
                e.aliases.join(", ")
            ))
        })
        .collect()
}

/// Every brief's Markdown page and its HTML, in parallel.
fn markdown_pages(linked: &link::Linked) -> Vec<markdown::BriefDoc> {
    (0..linked.content.briefs.len()).into_par_iter().map(|i| brief_doc(linked, i)).collect()
}

/// Brief `i`'s Markdown page and its HTML.
fn brief_doc(linked: &link::Linked, i: usize) -> markdown::BriefDoc {
    let b = &linked.content.briefs[i];
    let meta = markdown::PageMeta {
        outlet: b
            .outlet
            .as_deref()
            .and_then(|id| linked.outlet_index(id))
            .map(|o| linked.content.outlets[o].name.as_str()),
        entities: linked.brief_entities[i].iter().map(|&(e, _)| linked.content.entities[e].id.as_str()).collect(),
    };
    markdown::brief_doc(b, &linked.highlights[i], &meta, &linked.config)
}
