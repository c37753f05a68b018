//! Progress for long builds: a bar on an interactive terminal, nothing at all when stderr is
//! piped, in CI, or in tests, and nothing for builds that finish within a blink. Cheap to
//! clone and to tick from many threads.

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Builds shorter than this show no bar.
const SHOW_AFTER: Duration = Duration::from_millis(300);

#[derive(Clone, Debug, Default)]
pub struct Progress(Option<Arc<Bar>>);

#[derive(Debug)]
struct Bar {
    bar: ProgressBar,
    start: Instant,
    shown: AtomicBool,
}

impl Progress {
    /// Hidden: no output.
    pub fn hidden() -> Self {
        Progress(None)
    }

    /// A bar on stderr if a person is watching it: a terminal, not CI, not `TERM=dumb`.
    pub fn for_terminal() -> Self {
        let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false");
        let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
        if ci || dumb || !std::io::stderr().is_terminal() {
            return Self::hidden();
        }
        let bar = ProgressBar::hidden();
        if let Ok(style) = ProgressStyle::with_template("{msg:>10} [{bar:30}] {pos}/{len}") {
            bar.set_style(style.progress_chars("=> "));
        }
        Progress(Some(Arc::new(Bar { bar, start: Instant::now(), shown: AtomicBool::new(false) })))
    }

    /// Starts a stage of `len` steps.
    pub fn stage(&self, name: &'static str, len: usize) {
        if let Some(b) = &self.0 {
            b.bar.set_message(name);
            b.bar.set_length(len as u64);
            b.bar.set_position(0);
        }
    }

    pub fn tick(&self) {
        if let Some(b) = &self.0 {
            b.bar.inc(1);
            if b.start.elapsed() > SHOW_AFTER && !b.shown.swap(true, Ordering::Relaxed) {
                b.bar.set_draw_target(ProgressDrawTarget::stderr_with_hz(10));
            }
        }
    }

    /// Removes the bar, so the summary line stands alone.
    pub fn finish(&self) {
        if let Some(b) = &self.0 {
            b.bar.finish_and_clear();
        }
    }
}

/// Stage timings on stderr when the `BRIEFGEN_TIMINGS` environment variable is set — for
/// the benchmark kit and for finding what a slow build spends its time on.
#[derive(Debug)]
pub struct Timer {
    last: Instant,
    on: bool,
}

impl Timer {
    pub fn from_env() -> Self {
        Timer { last: Instant::now(), on: std::env::var_os("BRIEFGEN_TIMINGS").is_some() }
    }

    /// Prints the time since the previous lap under the stage's name, and the memory the
    /// process holds at that point (Linux only).
    pub fn lap(&mut self, stage: &str) {
        if self.on {
            let now = Instant::now();
            let rss = resident_mib().map(|m| format!("  rss {m:>5} MiB")).unwrap_or_default();
            eprintln!("timing: {stage:<12} {:>8.1} ms{rss}", (now - self.last).as_secs_f64() * 1000.0);
            self.last = now;
        }
    }
}

/// Resident memory from `/proc/self/status`, where there is one.
fn resident_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}
