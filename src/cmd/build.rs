//! `briefgen build`: build in memory, and write the output folder only if there are no errors.

use std::process::ExitCode;
use std::time::Instant;

use crate::cli::BuildArgs;
use crate::diag::Format;
use crate::{SiteOptions, build_site, site};

pub fn run(args: &BuildArgs) -> anyhow::Result<ExitCode> {
    let start = Instant::now();
    let opts = SiteOptions {
        root: args.site.root.clone(),
        base_url: args.base_url.clone(),
        drafts: args.site.drafts,
        progress: crate::progress::Progress::for_terminal(),
    };
    let (built, diags) = build_site(&opts)?;
    opts.progress.finish();
    let shown = super::print_diagnostics(diags, Format::Human);
    let Some(built) = built else {
        eprintln!("build failed: {}; the output folder was not changed", crate::diag::summary(&shown));
        return Ok(ExitCode::from(super::CONTENT_ERRORS));
    };
    let out_dir = args.output.clone().unwrap_or_else(|| built.config.output.clone());
    let out_dir = if out_dir.is_absolute() { out_dir } else { args.site.root.join(out_dir) };
    site::write::write(&built.output, &out_dir)?;
    eprintln!(
        "built {} brief{}, {} files ({} KB) into {} in {:.2} s",
        built.briefs,
        if built.briefs == 1 { "" } else { "s" },
        built.output.len(),
        built.output.total_bytes() / 1024,
        out_dir.display(),
        start.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
