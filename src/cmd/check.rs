//! `briefgen check`: everything `build` does, in memory, then report every problem.

use std::process::ExitCode;

use crate::cli::CheckArgs;
use crate::diag::MessageFormat;
use crate::{SiteOptions, build_site_into};

pub fn run(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    super::reporting_to_tools(args.format, |printed| check(args, printed))
}

fn check(args: &CheckArgs, printed: &mut bool) -> anyhow::Result<ExitCode> {
    let opts = SiteOptions {
        root: args.site.root.clone(),
        base_url: None,
        drafts: args.site.drafts,
        progress: crate::progress::Progress::for_terminal(),
        cache: args.site.cache(crate::cache::CacheUse::Read),
        today: Some(super::today()),
        ..SiteOptions::default()
    };
    if opts.cache != crate::cache::CacheUse::Off {
        crate::cache::refuse_links(&opts.root)?;
    }
    // `check` reads the build cache and writes nothing: it needs no lock unless it writes.
    let _lock = match opts.cache {
        crate::cache::CacheUse::ReadWrite => super::lock_site(&opts.root, args.site.contention())?,
        _ => None,
    };
    let (_, diags) = build_site_into(&opts, &crate::site::Discard)?;
    opts.progress.finish();
    let shown = super::print_site_diagnostics(diags, args.format, &args.site.root);
    *printed = true;
    if args.format == MessageFormat::Human {
        crate::say!("check: {}", crate::diag::summary(&shown));
    }
    Ok(super::exit_code(&shown, args.deny_warnings))
}
