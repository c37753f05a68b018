//! The command line (clap derive). Doc comments here are the `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::diag::MessageFormat;

/// What `--version` prints after the name: the version and the commit briefgen was built from
/// (recorded by `build.rs`).
pub const VERSION: &str = env!("BRIEFGEN_VERSION_TEXT");

/// The full commit id briefgen was built from; empty when it is not known.
pub const COMMIT: &str = env!("BRIEFGEN_COMMIT");

/// briefgen — a static-site generator for annotated news briefs.
///
/// Seeds (articles as saved) + YAML annotations → Markdown → Tera themes → a static site with
/// a cross-linked timeline, ready for GitHub Pages.
#[derive(Debug, Parser)]
#[command(name = "briefgen", version = VERSION, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (replaced atomically)
    Build(BuildArgs),
    /// Validate config, annotations, entities, events and pages; write nothing
    Check(CheckArgs),
    /// Show what extraction makes of one seed
    Ingest(IngestArgs),
    /// Start the annotation of a seed: content/annotations/SEED.yaml, prefilled from the extraction
    New(NewArgs),
    /// Create a new site: config, an empty templates/ folder, and one annotated example
    Init(InitArgs),
    /// Work with the site's theme: copy built-in files to override them
    Theme(ThemeArgs),
    /// Preview the site on 127.0.0.1, rebuilding and reloading the browser on every change
    Serve(ServeArgs),
}

/// Options shared by the commands that work on a site.
#[derive(Debug, Clone, Args)]
pub struct SiteArgs {
    /// The site folder (holding briefgen.yaml)
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// Include briefs marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
    /// Extract every seed and parse every annotation again, not reusing .briefgen-cache/
    #[arg(long)]
    pub no_cache: bool,
    /// When another briefgen build is working on the site, exit (code 2) instead of waiting
    #[arg(long)]
    pub no_wait: bool,
}

impl SiteArgs {
    /// How the command uses the build cache: as `on` says, unless `--no-cache`.
    pub fn cache(&self, on: crate::cache::CacheUse) -> crate::cache::CacheUse {
        if self.no_cache { crate::cache::CacheUse::Off } else { on }
    }

    /// What to do when another briefgen build holds the site ([`crate::lock`]).
    pub fn contention(&self) -> crate::lock::Contention {
        if self.no_wait { crate::lock::Contention::Fail } else { crate::lock::Contention::Wait }
    }
}

#[derive(Debug, Clone, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output folder (default: `output` in briefgen.yaml, else `public`), relative to the site
    #[arg(long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// The URL the site is published at, e.g. https://USER.github.io/REPO/ (its path becomes the base path of every link)
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// How to print problems; `github` also sets the step output `output` (the output folder)
    /// when $GITHUB_OUTPUT names a file
    #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
    pub format: MessageFormat,
}

#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// How to print problems
    #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
    pub format: MessageFormat,
    /// Fail on warnings too
    #[arg(long)]
    pub deny_warnings: bool,
}

#[derive(Debug, Clone, Args)]
pub struct IngestArgs {
    /// A seed file, or the id of a seed in the site's seeds/ folder
    pub seed: PathBuf,
    /// Output format
    #[arg(long, value_enum, default_value_t = IngestFormat::Markdown)]
    pub format: IngestFormat,
    /// The site folder, to find seeds by id
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// The port on 127.0.0.1 [default: 1111, or the next free one when another program
    /// holds it]; 0 picks any free one
    #[arg(long)]
    pub port: Option<u16>,
}

#[derive(Debug, Clone, Args)]
pub struct InitArgs {
    /// The folder to create the site in
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Also in a folder that is not empty (existing files are kept, never overwritten)
    #[arg(long)]
    pub force: bool,
    /// Do not write .github/workflows/pages.yml (the GitHub Pages publishing workflow)
    #[arg(long)]
    pub no_workflow: bool,
    /// The site's language, a BCP 47 tag (fr, pt-BR, zh-Hant…): its interface strings, dates
    /// and verdict scale [default: en]
    #[arg(long, value_name = "TAG")]
    pub language: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct ThemeArgs {
    #[command(subcommand)]
    pub command: ThemeCommand,
}

#[derive(Debug, Clone, Subcommand)]
pub enum ThemeCommand {
    /// Copy files of the built-in theme into the site's templates/ and static/ to edit them
    /// (all of them without arguments); existing files are never overwritten
    Eject(EjectArgs),
}

#[derive(Debug, Clone, Args)]
pub struct EjectArgs {
    /// Templates by name (`partials/note.html`) or static files (`static/style.css`)
    #[arg(value_name = "FILE")]
    pub files: Vec<String>,
    /// The site folder
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
}

#[derive(Debug, Clone, Args)]
pub struct NewArgs {
    /// The seed's id (its file name without extension) or a path to it
    pub seed: PathBuf,
    /// The site folder
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum IngestFormat {
    /// The extraction contract: one JSON object
    Json,
    /// Front matter and paragraphs, as a Markdown seed would hold them
    Markdown,
}
