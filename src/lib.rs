//! briefgen: a static-site generator for annotated news briefs.
//!
//! The pipeline, one module per stage: [`ingest`] (seeds and content files) → [`annotate`]
//! (validated, anchored annotations) → [`link`] (timeline and cross-links) → [`markdown`]
//! (a Markdown page per brief, rendered to HTML) → [`render`] (Tera themes) → [`site`] (the
//! output, written atomically). [`build_site`] runs them in memory; `build` writes the result.
//! See ARCHITECTURE.md.

pub mod annotate;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod date;
pub mod diag;
pub mod ingest;
pub mod link;
pub mod markdown;
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

use annotate::{AnnotateOptions, Content};
use config::Config;
use diag::{Diagnostic, Diags};
use ingest::{Article, ContentFiles, Seed};
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
    let articles = extract_all(&seeds, &files, &opts.progress, &mut diags);
    timer.lap("extract");
    let (content, d) = annotate::annotate(&files, &config, &articles, AnnotateOptions { drafts: opts.drafts });
    diags.extend(d);
    timer.lap("annotate");
    Ok((Some(Loaded { config, content, seeds, files }), diags))
}

/// Extracts every seed in parallel. Problems with annotated seeds are errors; with the others,
/// warnings (they are not published). Seeds without an annotation are reported.
fn extract_all(
    seeds: &[Seed],
    files: &ContentFiles,
    progress: &progress::Progress,
    diags: &mut Diags,
) -> BTreeMap<String, Arc<Article>> {
    let annotated: std::collections::BTreeSet<String> =
        files.annotations.iter().filter_map(|a| a.path.file_stem().map(|s| s.to_string_lossy().into_owned())).collect();
    progress.stage("extracting", seeds.len());
    let results: Vec<Result<Article, Diagnostic>> = seeds
        .par_iter()
        .map(|s| {
            progress.tick();
            ingest::extract(s)
        })
        .collect();
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
    let (loaded, mut diags) = load(opts)?;
    let Some(loaded) = loaded else { return Ok((None, diags)) };
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
    let linked = link::link(loaded.config, loaded.content);
    if let Some(src) = &loaded.files.entities {
        diags.extend(unmentioned_entities(&linked, src));
    }
    timer.lap("link");
    let mut docs = markdown_pages(&linked);
    timer.lap("markdown");
    let views = render::views::Views::new(&linked);
    let mut paths = match render::render_site(&linked, &views, &mut docs, &renderer, &opts.progress, sink) {
        Ok(p) => p,
        Err(d) => {
            diags.extend(d);
            return Ok((None, diags));
        }
    };
    timer.lap("render");
    paths.extend(publish::send_files(&linked, &views, &docs, sink)?);
    let mut extra = site::hosting_files(&linked.config, &linked.urls);
    paths.extend(extra.paths().map(str::to_owned));
    let sitemap = publish::sitemap::sitemap(&linked, &paths);
    paths.extend(sitemap.paths().map(str::to_owned));
    extra.extend(sitemap);
    extra.send(sink)?;
    timer.lap("publish");
    let briefs = linked.content.briefs.len();
    Ok((Some(Summary { config: linked.config, briefs, paths }), diags))
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
    linked
        .content
        .briefs
        .par_iter()
        .enumerate()
        .map(|(i, b)| {
            let meta = markdown::PageMeta {
                outlet: b
                    .outlet
                    .as_deref()
                    .and_then(|id| linked.outlet_index(id))
                    .map(|o| linked.content.outlets[o].name.as_str()),
                entities: linked.brief_entities[i]
                    .iter()
                    .map(|&(e, _)| linked.content.entities[e].id.as_str())
                    .collect(),
            };
            markdown::brief_doc(b, &linked.highlights[i], &meta, &linked.config)
        })
        .collect()
}
