//! The `briefgen` binary: parse the command line, dispatch, print errors, pick the exit code.

use std::process::ExitCode;

use briefgen::cli::{Cli, Command};
use briefgen::cmd;
use clap::Parser;

/// mimalloc: the build allocates many small strings across threads; it is markedly faster than
/// the system allocator for that (see bench/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc 3's `mi_option_e` (the bindings do not name it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Keeps freed memory instead of giving it back to the system. mimalloc gives it back soon
/// after it is freed, on whichever thread frees or allocates next, and the next allocation
/// faults it in again: a build, which exits within seconds, gained nothing from that but
/// `madvise` calls and page faults (0.1–0.3 s of 2.8 s at 10,000 briefs, for 2% more peak
/// memory), and in `serve` a partial rebuild paid for giving back what the previous edit's
/// feeds and search index had freed (10–17 ms of `madvise` while dropping one brief's old
/// page) and then faulted that memory in again (some 60,000 pages per edit).
/// The project's only `unsafe`: the option is set through mimalloc's C interface.
#[allow(unsafe_code)]
fn keep_freed_memory() {
    // SAFETY: sets one mimalloc option to a documented value (-1: never purge); it takes no
    // pointers and may be called at any time.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}

fn main() -> ExitCode {
    keep_freed_memory();
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Build(args) => cmd::build::run(args),
        Command::Check(args) => cmd::check::run(args),
        Command::Ingest(args) => cmd::ingest::run(args),
        Command::New(args) => cmd::new::run(args),
        Command::Init(args) => cmd::init::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::Theme(args) => cmd::theme::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}
