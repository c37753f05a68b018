//! One thin file per subcommand, each taking its options and returning the exit status.

pub mod build;
pub mod check;
pub mod ingest;

use std::process::ExitCode;

use crate::diag::{self, Diagnostic, Diags, Format, Severity};

/// Content errors (exit 1) — as opposed to usage or environment errors (exit 2).
pub const CONTENT_ERRORS: u8 = 1;

/// Prints diagnostics, sorted: for people on stderr; as JSON (always one array, `[]` when
/// all is well) or GitHub workflow commands on stdout, for tools to read.
pub fn print_diagnostics(diags: Diags, format: Format) -> Vec<Diagnostic> {
    let sorted = diags.into_sorted();
    match format {
        Format::Human if !sorted.is_empty() => eprint!("{}", diag::render(&sorted, format)),
        Format::Human => {}
        Format::Json | Format::Github => print!("{}", diag::render(&sorted, format)),
    }
    sorted
}

/// 1 when there are errors (or warnings, when they are denied), else 0.
pub fn exit_code(diags: &[Diagnostic], deny_warnings: bool) -> ExitCode {
    let failing =
        diags.iter().any(|d| d.severity == Severity::Error || (deny_warnings && d.severity == Severity::Warning));
    if failing { ExitCode::from(CONTENT_ERRORS) } else { ExitCode::SUCCESS }
}
