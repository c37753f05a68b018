//! One thin file per subcommand, each taking its options and returning the exit status.

pub mod build;
pub mod check;
pub mod ingest;
pub mod init;
pub mod new;
pub mod serve;
pub mod theme;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::diag::{self, Diagnostic, Diags, MessageFormat, Severity};

/// Content errors (exit 1) — as opposed to usage or environment errors (exit 2).
pub const CONTENT_ERRORS: u8 = 1;

/// Prints diagnostics, sorted: for people on stderr; as JSON (always one array, `[]` when
/// all is well) or GitHub workflow commands on stdout, for tools to read.
pub fn print_diagnostics(diags: Diags, format: MessageFormat) -> Vec<Diagnostic> {
    let sorted = diags.into_sorted();
    match format {
        MessageFormat::Human if !sorted.is_empty() => crate::say_part!("{}", diag::render(&sorted, format)),
        MessageFormat::Human => {}
        MessageFormat::Json | MessageFormat::Github => crate::put!("{}", diag::render(&sorted, format)),
    }
    sorted
}

/// Prints problems that stop a command for people (on stderr) and gives the exit code of
/// content errors.
pub fn content_errors(diags: Diags) -> ExitCode {
    print_diagnostics(diags, MessageFormat::Human);
    ExitCode::from(CONTENT_ERRORS)
}

/// Runs `check` or `build` for tools reading `--format json` or `github` on stdout. An
/// environment error (exit 2: no `briefgen.yaml`, an output folder that cannot be written) is
/// printed there too, as a problem with no file, unless the site's problems were printed
/// already (`run` sets its flag when it prints them): stdout holds one JSON array whatever
/// happens. People read the error on stderr either way (`main`).
pub fn reporting_to_tools(
    format: MessageFormat,
    run: impl FnOnce(&mut bool) -> anyhow::Result<ExitCode>,
) -> anyhow::Result<ExitCode> {
    let mut printed = false;
    let result = run(&mut printed);
    if let Err(err) = &result
        && format != MessageFormat::Human
        && !printed
    {
        print_diagnostics(environment_error(err).into(), format);
    }
    result
}

/// An environment error as a problem with no file; its `help:` line, if any, as its help.
fn environment_error(err: &anyhow::Error) -> Diagnostic {
    let text = format!("{err:#}");
    match text.split_once("\nhelp: ") {
        Some((message, help)) => Diagnostic::error("", message).help(help),
        None => Diagnostic::error("", text),
    }
}

/// Prints the diagnostics of a site at `root`, as [`print_diagnostics`] does. In the GitHub
/// format their paths are made relative to the working folder (the repository, in a workflow),
/// not to the site, so that annotations land on the right files when the site is a subfolder.
pub fn print_site_diagnostics(diags: Diags, format: MessageFormat, root: &Path) -> Vec<Diagnostic> {
    let prefix = if format == MessageFormat::Github { from_working_folder(root) } else { None };
    let Some(prefix) = prefix else { return print_diagnostics(diags, format) };
    let mut shown = diags.into_sorted();
    for d in shown.iter_mut().filter(|d| !d.file.as_os_str().is_empty()) {
        d.file = prefix.join(&d.file);
    }
    crate::put!("{}", diag::render(&shown, format));
    shown
}

/// The site folder relative to the working folder, when it is not the working folder itself.
fn from_working_folder(root: &Path) -> Option<PathBuf> {
    let cwd = std::env::current_dir().ok();
    let rel = match cwd {
        Some(cwd) if root.is_absolute() => root.strip_prefix(&cwd).ok()?.to_path_buf(),
        _ => root.to_path_buf(),
    };
    let is_here = rel.components().all(|c| c == std::path::Component::CurDir);
    (!is_here).then_some(rel)
}

/// Takes the site's lock ([`crate::lock`]), saying on stderr when it waits for another build.
/// A folder that is not a site (no `briefgen.yaml`) gets no lock file: the command reports
/// the missing config itself.
pub fn lock_site(root: &Path, contention: crate::lock::Contention) -> anyhow::Result<Option<crate::lock::SiteLock>> {
    if !root.join(crate::config::CONFIG_FILE).is_file() {
        return Ok(None);
    }
    let waiting = |holder| crate::say!("{}", crate::lock::waiting_message(holder));
    crate::lock::SiteLock::acquire(root, contention, waiting).map(Some)
}

/// Makes a folder and those above it; when it cannot, says which and why (a file in its way,
/// a folder above that cannot be written).
pub fn create_folder(path: &Path) -> anyhow::Result<()> {
    use std::io::ErrorKind;
    std::fs::create_dir_all(path).map_err(|e| {
        let help = match e.kind() {
            ErrorKind::PermissionDenied => "\nhelp: choose a folder you can write to, or change its permissions",
            ErrorKind::AlreadyExists | ErrorKind::NotADirectory => {
                "\nhelp: a file has the name of a folder briefgen needs there: rename or remove it"
            }
            // A name too long, a disk full: the system's reason is all there is to say.
            _ => "",
        };
        anyhow::anyhow!("cannot create the folder {}: {e}{help}", path.display())
    })
}

/// The date the site's dates are compared with (`SiteOptions::today`): that of
/// `SOURCE_DATE_EPOCH` when it is set, as reproducible builds set it, else today's, in UTC.
pub fn today() -> jiff::civil::Date {
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse::<i64>().ok());
    let now = epoch.and_then(|s| jiff::Timestamp::from_second(s).ok()).unwrap_or_else(jiff::Timestamp::now);
    now.to_zoned(jiff::tz::TimeZone::UTC).date()
}

/// 1 when there are errors (or warnings, when they are denied), else 0.
pub fn exit_code(diags: &[Diagnostic], deny_warnings: bool) -> ExitCode {
    let failing =
        diags.iter().any(|d| d.severity == Severity::Error || (deny_warnings && d.severity == Severity::Warning));
    if failing { ExitCode::from(CONTENT_ERRORS) } else { ExitCode::SUCCESS }
}

/// A path to a seed file, or a seed id looked up in `root/seeds`.
pub fn find_seed(root: &Path, seed: &Path) -> anyhow::Result<PathBuf> {
    if seed.is_file() {
        return Ok(seed.to_path_buf());
    }
    if seed.is_dir() {
        anyhow::bail!("`{}` is a folder\nhelp: give one seed file in it, or a seed id", seed.display());
    }
    let (paths, _) = crate::ingest::seed_files(root);
    let id = seed.to_string_lossy();
    let stem = |p: &Path| p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let found: Vec<&PathBuf> = paths.iter().filter(|p| stem(p) == id).collect();
    match found[..] {
        [one] => Ok(one.clone()),
        [] => {
            let ids: Vec<String> = paths.iter().map(|p| stem(p)).collect();
            let hint = crate::text::mean(crate::text::closest(&id, ids.iter().map(String::as_str)));
            anyhow::bail!(
                "no seed file or seed id `{id}`\nhelp: {hint}give a path to a file, or an id from {}",
                root.join("seeds").display()
            )
        }
        _ => Err(shared_id(root, &id, &found, "rename all but one of them, or give the path of the one you mean")),
    }
}

/// The seeds of the site with `seed`'s id, if there are others: an annotation would be both's.
pub fn check_id_unshared(root: &Path, seed: &Path) -> anyhow::Result<()> {
    let stem = |p: &Path| p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let id = stem(seed);
    let (paths, _) = crate::ingest::seed_files(root);
    let found: Vec<&PathBuf> = paths.iter().filter(|p| stem(p) == id).collect();
    if found.len() > 1 {
        let help = "rename all but one of them: an annotation is named after its seed's id, so it would be theirs too";
        return Err(shared_id(root, &id, &found, help));
    }
    Ok(())
}

fn shared_id(root: &Path, id: &str, found: &[&PathBuf], help: &str) -> anyhow::Error {
    let files: Vec<String> = found.iter().map(|p| diag::display_path(p.strip_prefix(root).unwrap_or(p))).collect();
    anyhow::anyhow!("{} seeds have the id `{id}`: {}\nhelp: {help}", found.len(), files.join(", "))
}
