//! The driver: one build, the stages called once each, in order — read the inputs, extract the
//! seeds, check the annotations, compile the theme, link, make the search index (which reads
//! only the linked site), write each brief's Markdown, render the pages, publish the other
//! machine-readable files (`run`). Every file goes to a
//! [`Sink`](crate::site::Sink) as soon as it is made. [`incremental`] keeps what a build
//! made its pages from (`SiteState`) so that `serve` can redo one brief.

pub mod incremental;
mod mentions;
mod targets;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::annotate::{self, AnnotateOptions, Recheck};
use crate::config::{Config, ConfigErrors};
use crate::diag::Diags;
use crate::ingest::{self, ContentFiles, ExtractOptions, SeedFile};
use crate::model::{Article, Content, SiteThemeFiles};
use crate::progress::{self, Timer};
use crate::render::views::{Made, Views};
use crate::render::{self, Renderer};
use crate::site::{Output, Sink};
use crate::{cache, link, publish};

/// Where the site is and how to build it.
#[derive(Clone, Debug)]
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
    /// How many bytes of the articles' text a build holds in memory; the rest is moved to a
    /// temporary file as it is extracted ([`TEXT_IN_MEMORY`] by default).
    pub text_in_memory: u64,
    /// The date the build compares publication and event dates with, for warnings only
    /// (a date in the future is usually a mistyped year): the output never depends on it.
    /// `None`: not compared. The commands give today's (`cmd::today`).
    pub today: Option<jiff::civil::Date>,
}

/// The articles' text a build holds in memory by default: 64 MiB, the text of about 12,000
/// briefs of `bench/gen.py`'s shape. Below it a build reads no text back; above it, memory
/// stops growing with the articles' length (docs/output.md).
pub const TEXT_IN_MEMORY: u64 = 64 << 20;

impl Default for SiteOptions {
    fn default() -> Self {
        SiteOptions {
            root: PathBuf::new(),
            base_url: None,
            drafts: false,
            progress: progress::Progress::default(),
            cache: cache::CacheUse::default(),
            text_in_memory: TEXT_IN_MEMORY,
            today: None,
        }
    }
}

/// The inputs, read and validated.
pub struct Loaded {
    pub config: Config,
    pub content: Content,
    pub seeds: Vec<SeedFile>,
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
    let (inputs, mut diags) = read_inputs(opts)?;
    let Some(inputs) = inputs else { return Ok((None, diags)) };
    let checked = check(inputs, CheckOptions { site: opts, record: Record::No, text: None }, &mut diags);
    let c = checked.inputs;
    Ok((Some(Loaded { config: c.config, content: checked.content, seeds: checked.seeds, files: c.files }), diags))
}

/// Builds the whole site in memory. Nothing is written.
pub fn build_site(opts: &SiteOptions) -> anyhow::Result<(Option<Built>, Diags)> {
    let memory = Mutex::new(Output::new());
    let (summary, diags) = build_site_into(opts, &memory)?;
    let output = memory.into_inner().unwrap_or_else(|e| e.into_inner());
    Ok((summary.map(|s| Built { output, config: s.config, briefs: s.briefs }), diags))
}

/// Builds the whole site, handing each file to `sink` as soon as it is made. Content errors
/// found before rendering stop the build before anything reaches the sink.
pub fn build_site_into(opts: &SiteOptions, sink: &dyn Sink) -> anyhow::Result<(Option<Summary>, Diags)> {
    let (run, diags) = run(opts, sink, Record::No)?;
    Ok((
        run.map(|r| {
            free_later(r.state);
            r.summary
        }),
        diags,
    ))
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
    state: SiteState,
}

/// A built site and what its pages were made from: the state a partial rebuild starts from
/// ([`incremental::Session`]).
struct SiteState {
    renderer: Renderer,
    linked: link::Linked,
    made: Made,
    deps: Option<render::deps::Deps>,
    articles: BTreeMap<String, Arc<Article>>,
    files: ContentFiles,
    seed_paths: BTreeMap<String, PathBuf>,
    /// Present when the run was recorded ([`Record::Pages`]), as `deps` is.
    recheck: Option<Recheck>,
    /// The paths of the pages and Markdown files (the rest is made by
    /// [`publish::publish_files`]).
    page_paths: Vec<String>,
}

/// The pipeline. Returns `None` with the diagnostics when there are content errors; then
/// nothing reached `sink` unless rendering itself failed.
fn run(opts: &SiteOptions, sink: &dyn Sink, record: Record) -> anyhow::Result<(Option<Run>, Diags)> {
    // A build moves the articles' text past `text_in_memory` out of memory as they are
    // extracted; `serve` keeps it, for its partial rebuilds (and when no temporary file can
    // be made, so does a build).
    let text = (record == Record::No).then(|| ingest::TextPlace::new(opts.text_in_memory)).and_then(Result::ok);
    let result = run_stages(opts, sink, record, text.as_ref())?;
    // Text that could not be read back was read as spaces: what was made of it is not the site.
    if let Some(why) = text.and_then(|t| t.failure()) {
        anyhow::bail!(why);
    }
    Ok(result)
}

/// Links the site with the mentions table of the build cache, and keeps the table anew when
/// what was found differs; the tables are gone once the site is linked.
fn link_site(opts: &SiteOptions, config: Config, content: Content) -> link::Linked {
    let cache = mentions::MentionCache::open(&opts.root, opts.cache);
    let known = cache.as_ref().map(mentions::MentionCache::load);
    let (linked, found) = link::link_with(config, content, known.as_ref());
    if let (Some(cache), Some(found)) = (&cache, &found) {
        cache.save(found);
    }
    linked
}

fn run_stages(
    opts: &SiteOptions,
    sink: &dyn Sink,
    record: Record,
    text: Option<&ingest::TextPlace>,
) -> anyhow::Result<(Option<Run>, Diags)> {
    let (inputs, mut diags) = read_inputs(opts)?;
    let Some(inputs) = inputs else { return Ok((None, diags)) };
    let checked = check(inputs, CheckOptions { site: opts, record, text }, &mut diags);
    let (theme, d) = render::theme::resolve(&checked.inputs.config, &checked.inputs.theme);
    diags.extend(d);
    let Some(renderer) = compile(theme, &mut diags) else { return Ok((None, diags)) };
    let mut timer = Timer::from_env();
    let Checked { inputs: Inputs { mut config, mut files, .. }, seeds, content, drafts_left_out, articles, recheck } =
        checked;
    let editor_links = editor_links(&files, &config, &mut diags);
    if record == Record::No {
        // Only a partial rebuild reads the annotations' text again: a build lets it go (at
        // 100,000 briefs, 400 MB) before the site is linked and rendered.
        files.annotations = Vec::new();
    }
    if !config.verdicts_given {
        config.verdicts = render::theme::strings::default_verdicts(&renderer.theme().strings);
    }
    let linked = link_site(opts, config, content);
    if let Some(src) = &files.entities {
        diags.extend(link::unmentioned_entity_warnings(&linked, src, drafts_left_out));
    }
    if let Some(src) = &files.stories {
        diags.extend(link::unused_story_warnings(&linked, src, drafts_left_out));
    }
    timer.lap("link");
    // The search index reads only the linked site: made before the pages, its table of terms
    // is gone before rendering needs its memory (at 100,000 briefs, hundreds of MB each).
    let search = if linked.config.outputs.search {
        publish::search::send(&linked, &renderer.theme().strings, sink)?
    } else {
        Vec::new()
    };
    timer.lap("search");
    let mut views = match Views::new(&linked, &renderer) {
        Ok(v) => v,
        Err(d) => return Ok((None, with(diags, d))),
    };
    let render_opts = render::RenderOptions { progress: &opts.progress, record: record == Record::Pages };
    let rendered = match render::render_site(&linked, &views, &renderer, render_opts, sink) {
        Ok(r) => r,
        Err(d) => return Ok((None, with(diags, d))),
    };
    timer.lap("render");
    if record == Record::No {
        // Only a partial rebuild renders pages again: what only pages read can go before the
        // feeds, exports and search index are made.
        views.end_rendering();
    }
    let page_paths = rendered.paths;
    let mut paths = page_paths.clone();
    paths.extend(publish::publish_files(&views, &page_paths, publish::SearchIndex::Made(search), sink)?);
    timer.lap("publish");
    // Links editors wrote to paths where nothing was written: in the menu, on every page, they
    // fail the build (its output is not used); in Markdown, a warning.
    let nav = render::theme::settings::site_links(&renderer.theme().settings);
    let markdown = editor_links.iter().map(|l| (l.path.as_str(), &l.if_missing));
    let broken = targets::broken(nav.chain(markdown), &paths);
    let failed = broken.iter().any(crate::diag::Diagnostic::is_error);
    diags.extend(broken);
    if failed {
        return Ok((None, diags));
    }
    let made = views.into_made();
    let summary = Summary { config: linked.config.clone(), briefs: linked.content.briefs.len(), paths };
    let seed_paths = seeds.into_iter().map(|s| (s.id, s.path)).collect();
    let state =
        SiteState { renderer, linked, made, deps: rendered.deps, articles, files, seed_paths, recheck, page_paths };
    Ok((Some(Run { summary, state }), diags))
}

/// What a build reads from the site before extracting: the config, where the seeds are, the
/// content files and the theme files it has of its own. The seeds themselves are read while
/// they are extracted, a chunk at a time ([`ingest::read_and_extract`]).
struct Inputs {
    config: Config,
    seeds: Vec<PathBuf>,
    files: ContentFiles,
    theme: SiteThemeFiles,
}

/// Reads the inputs. `None` when the config has errors: nothing else can be read without it.
fn read_inputs(opts: &SiteOptions) -> anyhow::Result<(Option<Inputs>, Diags)> {
    // A config with mistakes in keys the content is not checked against still has the content
    // checked, so that `check` reports both at once (docs/safety.md).
    let (mut config, mut diags) = match Config::load(&opts.root)? {
        Ok(c) => (c, Diags::new()),
        Err(ConfigErrors { diags, lenient: Some(c) }) => (*c, diags),
        Err(ConfigErrors { diags, lenient: None }) => return Ok((None, diags)),
    };
    if let Some(url) = &opts.base_url {
        config.set_base_url(url).map_err(|e| anyhow::anyhow!("--base-url: {e}"))?;
    }
    let mut timer = Timer::from_env();
    diags.extend(config.cname_mismatch());
    let (seeds, d) = ingest::seed_files(&opts.root);
    diags.extend(d);
    let (files, d) = ingest::read_content(&opts.root);
    diags.extend(d);
    let (theme, d) = ingest::read_theme(&opts.root, &config.theme);
    diags.extend(d);
    timer.lap("read");
    Ok((Some(Inputs { config, seeds, files, theme }), diags))
}

/// The inputs with every seed extracted and every annotation checked against its article.
struct Checked {
    inputs: Inputs,
    /// Every seed read.
    seeds: Vec<SeedFile>,
    content: Content,
    /// How many draft briefs `content` leaves out.
    drafts_left_out: usize,
    articles: BTreeMap<String, Arc<Article>>,
    recheck: Option<Recheck>,
}

/// How to extract and check: for which run, and where the articles' text goes.
struct CheckOptions<'a> {
    site: &'a SiteOptions,
    record: Record,
    text: Option<&'a ingest::TextPlace>,
}

/// Extracts the seeds and checks the annotations (ingest → annotate).
fn check(inputs: Inputs, opts: CheckOptions, diags: &mut Diags) -> Checked {
    let CheckOptions { site: opts, record, text } = opts;
    let mut timer = Timer::from_env();
    let extract = ExtractOptions { root: &opts.root, cache: opts.cache, progress: &opts.progress, text };
    let (seeds, articles) = ingest::read_and_extract(&inputs.seeds, &inputs.files, extract, diags);
    timer.lap("extract");
    let cache = annotate::ParseCache::open(&opts.root, opts.cache);
    let failed: std::collections::BTreeSet<String> =
        seeds.iter().filter(|s| !articles.contains_key(&s.id)).map(|s| s.id.clone()).collect();
    let annotate_opts = AnnotateOptions {
        drafts: opts.drafts,
        recheck: record == Record::Pages,
        cache: cache.as_ref(),
        failed_seeds: Some(&failed),
        today: opts.today,
    };
    let a = annotate::annotate_all(&inputs.files, &inputs.config, &articles, annotate_opts);
    if let Some(cache) = &cache {
        cache.retain(inputs.files.annotations.iter().map(|a| a.path.as_path()));
    }
    diags.extend(a.diags);
    timer.lap("annotate");
    Checked { inputs, seeds, content: a.content, drafts_left_out: a.drafts_left_out, articles, recheck: a.recheck }
}

/// The theme's templates compiled, to render the site with when nothing has failed. Their
/// mistakes are reported whatever else failed: they do not depend on the content, and `check`
/// reports every problem at once.
fn compile(theme: Option<render::theme::Theme>, diags: &mut Diags) -> Option<Renderer> {
    let failed = diags.has_errors();
    let renderer = Renderer::new(theme?).map_err(|d| diags.extend(d)).ok()?;
    (!failed).then_some(renderer)
}

/// The Markdown links from the site's root in every file editors write Markdown in, to check
/// once the site is made; the relative ones are warnings at once.
fn editor_links(files: &ContentFiles, config: &Config, diags: &mut Diags) -> Vec<targets::SiteLink> {
    let registries = [&files.entities, &files.outlets, &files.events, &files.stories].into_iter().flatten();
    let sources = files.annotations.iter().chain(&files.pages).chain(registries).chain([config.source.as_ref()]);
    let mut site = Vec::new();
    for links in sources.map(targets::markdown_links) {
        diags.extend(links.relative);
        site.extend(links.site);
    }
    site
}

fn with(mut diags: Diags, more: Diags) -> Diags {
    diags.extend(more);
    diags
}

/// Drops `value` on a thread of its own. What a build keeps is millions of small allocations
/// (a tenth of a second to free at 10,000 briefs); the caller goes on without waiting, and a
/// command that exits next does not wait for the freeing at all. Should no thread start,
/// `value` is dropped here.
fn free_later<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new().name("free".into()).spawn(move || drop(value));
}
