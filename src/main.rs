//! The `briefgen` binary: parse the command line, dispatch, print errors, pick the exit code.

use std::process::ExitCode;

use briefgen::cli::{Cli, Command};
use briefgen::cmd;
use clap::Parser;

/// mimalloc: the build allocates many small strings across threads; it is markedly faster than
/// the system allocator for that (see bench/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Build(args) => cmd::build::run(args),
        Command::Check(args) => cmd::check::run(args),
        Command::Ingest(args) => cmd::ingest::run(args),
        Command::New(args) => cmd::new::run(args),
        Command::Init(args) => cmd::init::run(args),
        Command::Serve(args) => cmd::serve::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}
