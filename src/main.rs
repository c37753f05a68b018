//! The `briefgen` binary: parse the command line, dispatch, print errors, pick the exit code.

use std::process::ExitCode;

use briefgen::cli::{Cli, Command};
use briefgen::cmd;
use clap::Parser;

/// mimalloc: the build allocates many small strings across threads; it is markedly faster than
/// the system allocator for that (see bench/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// How long mimalloc keeps freed memory before giving it back to the system, per command.
///
/// `serve` keeps it for good (-1): mimalloc gives memory back on whichever thread frees or
/// allocates next, and a partial rebuild paid for giving back what the previous edit's feeds
/// and search index had freed (10–17 ms of `madvise` while dropping one brief's old page) and
/// then faulted that memory in again (some 60,000 pages per edit).
///
/// Every other command gives it back after a second. The default (10 ms) cost a build
/// `madvise` calls and page faults (0.1–0.3 s of 2.8 s at 10,000 briefs); keeping it for good
/// kept what the search index and the exports free at the end of a build: at 100,000 briefs
/// the peak was 2.61 GiB against 2.29 GiB with a second's delay, in the same time (66–67 s;
/// at 10,000, 6.2–6.4 s either way; bench/README.md).
fn purge_delay_ms(command: &Command) -> i64 {
    match command {
        Command::Serve(_) => -1,
        _ => 1000,
    }
}

/// `mi_option_purge_delay` in mimalloc 3's `mi_option_e` (the bindings do not name it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Sets how long freed memory is kept (see [`purge_delay_ms`]). The project's only `unsafe`:
/// the option is set through mimalloc's C interface.
#[allow(unsafe_code)]
fn set_purge_delay(ms: i64) {
    // SAFETY: sets one mimalloc option to a documented value (milliseconds, -1: never purge);
    // it takes no pointers and is called before anything is allocated on another thread.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, ms as std::ffi::c_long) }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    set_purge_delay(purge_delay_ms(&cli.command));
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
            briefgen::say!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}
