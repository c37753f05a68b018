//! `briefgen build`: build into a folder beside the output, and swap it in only if there are no errors.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use crate::cli::BuildArgs;
use crate::config::Config;
use crate::diag::{Diagnostic, MessageFormat};
use crate::{SiteOptions, build_site_into, site};

pub fn run(args: &BuildArgs) -> anyhow::Result<ExitCode> {
    super::reporting_to_tools(args.format, |printed| build(args, printed))
}

fn build(args: &BuildArgs, printed: &mut bool) -> anyhow::Result<ExitCode> {
    let _lock = super::lock_site(&args.site.root, args.site.contention())?;
    let start = Instant::now();
    let opts = SiteOptions {
        root: args.site.root.clone(),
        base_url: args.base_url.clone(),
        drafts: args.site.drafts,
        progress: crate::progress::Progress::for_terminal(),
        cache: args.site.cache(crate::cache::CacheUse::ReadWrite),
        today: Some(super::today()),
        ..SiteOptions::default()
    };
    // No site there (no briefgen.yaml, a --root that is a file): said before anything is written.
    let config = Config::load(&args.site.root)?;
    let out_dir = args.output.clone().unwrap_or_else(|| configured_output(config));
    let out_dir = if out_dir.is_absolute() { out_dir } else { args.site.root.join(out_dir) };
    check_output_place(&args.site.root, &out_dir)?;
    let mut shown = Vec::new();
    let mut timer = None;
    // Pages go straight into a folder beside the output, swapped in only if the build succeeds.
    let manifest = site::manifest::ManifestStore::open(&opts.root, opts.cache, &out_dir);
    let built = site::write::write_with(&out_dir, manifest.as_ref(), |sink| {
        let (summary, mut diags) = build_site_into(&opts, sink)?;
        if summary.is_some() {
            diags.extend(size_warning(sink.written().1));
        }
        timer = Some(crate::progress::Timer::from_env());
        opts.progress.finish();
        shown = super::print_site_diagnostics(diags, args.format, &args.site.root);
        *printed = true;
        Ok(summary.map(|s| (s, sink.written(), sink.kept())))
    })?;
    // Clearing what the new site lacks, moving it in (the previous one becomes the spare) and
    // keeping the output manifest.
    if let Some(mut t) = timer {
        t.lap("swap");
    }
    let Some((summary, (files, bytes), kept)) = built else {
        crate::say!("build failed: {}; the output folder was not changed", crate::diag::summary(&shown));
        return Ok(ExitCode::from(super::CONTENT_ERRORS));
    };
    let kept = if kept > 0 { format!(", {kept} unchanged files kept") } else { String::new() };
    crate::say!(
        "built {} brief{}, {files} files ({} KB{kept}) into {} in {:.2} s",
        summary.briefs,
        if summary.briefs == 1 { "" } else { "s" },
        bytes / 1024,
        out_dir.display(),
        start.elapsed().as_secs_f64()
    );
    if args.format == MessageFormat::Github {
        set_github_output("output", &out_dir)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// What GitHub Pages publishes at most: "Published GitHub Pages sites may be no larger than
/// 1 GB" (its documentation's limits).
const PAGES_LIMIT: usize = 1_000_000_000;

/// A warning once the site passes four fifths of [`PAGES_LIMIT`], while there is time to
/// choose what to leave out, and past it.
fn size_warning(bytes: usize) -> Option<Diagnostic> {
    if bytes <= PAGES_LIMIT / 5 * 4 {
        return None;
    }
    let size = format!("{:.2} GB", bytes as f64 / 1e9);
    let message = if bytes > PAGES_LIMIT {
        format!("the site is {size}, more than the 1 GB GitHub Pages publishes")
    } else {
        format!("the site is {size}, near the 1 GB GitHub Pages publishes")
    };
    Some(Diagnostic::warning(crate::config::CONFIG_FILE, message).help(
        "leave out what the site's readers do not use with `outputs:` (the Markdown pages, search, exports, \
         feeds: docs/output.md says what each saves), or publish it on another host",
    ))
}

/// Sets a step output of the GitHub Actions step running briefgen (`name=value` appended to the
/// file `$GITHUB_OUTPUT` names); nothing outside a workflow.
fn set_github_output(name: &str, value: &Path) -> anyhow::Result<()> {
    let Some(file) = std::env::var_os("GITHUB_OUTPUT").filter(|f| !f.is_empty()) else { return Ok(()) };
    let value = value.to_string_lossy();
    if value.contains('\n') {
        anyhow::bail!(
            "cannot set the step output `{name}`: the path {value:?} has a line break\nhelp: choose an output folder without one"
        );
    }
    let mut out = std::fs::OpenOptions::new().append(true).create(true).open(&file).map_err(|e| {
        anyhow::anyhow!(
            "cannot open $GITHUB_OUTPUT ({}): {e}\nhelp: run outside GitHub Actions with GITHUB_OUTPUT unset",
            Path::new(&file).display()
        )
    })?;
    std::io::Write::write_all(&mut out, format!("{name}={value}\n").as_bytes())
        .map_err(|e| anyhow::anyhow!("cannot write to $GITHUB_OUTPUT ({}): {e}", Path::new(&file).display()))
}

/// Refuses an output folder that is the site's folder, holds it (`--output ..`), or lies in
/// a folder the site reads (`--output static`), as the config's `output:` is refused: the
/// next build would read it.
fn check_output_place(root: &Path, out_dir: &Path) -> anyhow::Result<()> {
    let (Ok(root), Some(out)) = (root.canonicalize(), resolved(out_dir)) else { return Ok(()) };
    if root.strip_prefix(&out).is_ok_and(|inner| !inner.as_os_str().is_empty()) {
        // Replaced, it would take the site with it, into the spare the next build sweeps.
        anyhow::bail!(
            "the output folder {} holds the site\nhelp: pass a folder of its own beside the site's files, e.g. `--output public`",
            out_dir.display()
        );
    }
    let Ok(rel) = out.strip_prefix(&root) else { return Ok(()) };
    if rel.as_os_str().is_empty() {
        anyhow::bail!(
            "the output folder {} is the site's own folder\nhelp: pass a folder of its own, e.g. `--output public`",
            out_dir.display()
        );
    }
    if let Some(read) = crate::config::read_folder_holding(rel) {
        anyhow::bail!(
            "{}\nhelp: {}",
            crate::config::output_in_read_folder(&crate::diag::display_path(rel), read),
            crate::config::OUTPUT_FOLDER_HELP
        );
    }
    Ok(())
}

/// `path` with its longest existing ancestor resolved (links followed) and the rest appended;
/// `None` for a path that ends in `..`.
fn resolved(path: &Path) -> Option<PathBuf> {
    let mut rest = Vec::new();
    let mut at = path;
    loop {
        if let Ok(real) = at.canonicalize() {
            return Some(rest.iter().rev().fold(real, |p, name| p.join(name)));
        }
        rest.push(at.file_name()?);
        at = at.parent()?;
    }
}

/// The output folder named in the config, else `public` (a config with errors is reported by
/// the build itself, which then writes nothing).
fn configured_output(config: Result<Config, crate::config::ConfigErrors>) -> PathBuf {
    config.map_or_else(|_| PathBuf::from("public"), |c| c.output)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_near_or_past_what_github_pages_publishes_is_warned_of() {
        assert_eq!(size_warning(800_000_000), None);
        let near = size_warning(850_000_000).unwrap();
        assert_eq!(near.message, "the site is 0.85 GB, near the 1 GB GitHub Pages publishes");
        let past = size_warning(1_200_000_000).unwrap();
        assert_eq!(past.message, "the site is 1.20 GB, more than the 1 GB GitHub Pages publishes");
        assert!(past.help.as_deref().is_some_and(|h| h.contains("`outputs:`")), "{past:?}");
        assert_eq!(past.location(), "briefgen.yaml");
    }
}
