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
    /// The process's CPU time (user + system) at `last`, in clock ticks.
    last_cpu: Option<u64>,
    on: bool,
}

impl Timer {
    pub fn from_env() -> Self {
        Timer { last: Instant::now(), last_cpu: cpu_ticks(), on: std::env::var_os("BRIEFGEN_TIMINGS").is_some() }
    }

    /// Prints the time since the previous lap under the stage's name, how many cores it kept
    /// busy on average (CPU time over wall time), and the memory the process holds at that
    /// point (Linux only, the last two).
    pub fn lap(&mut self, stage: &str) {
        if self.on {
            let now = Instant::now();
            let wall = (now - self.last).as_secs_f64();
            let cpu = cpu_ticks();
            let cores = match (cpu, self.last_cpu) {
                (Some(c), Some(l)) if wall > 0.0 => format!("  cores {:>4.1}", (c - l) as f64 / TICKS / wall),
                _ => String::new(),
            };
            let rss = resident_mib().map(|m| format!("  rss {m:>5} MiB")).unwrap_or_default();
            crate::say!("timing: {stage:<12} {:>8.1} ms{rss}{cores}", wall * 1000.0);
            (self.last, self.last_cpu) = (now, cpu);
        }
    }
}

/// Clock ticks per second of `/proc/self/stat` (`USER_HZ`, 100 on Linux).
const TICKS: f64 = 100.0;

/// The process's user + system CPU time from `/proc/self/stat`, in clock ticks.
fn cpu_ticks() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces): utime and
    // stime are the 12th and 13th.
    let rest = &stat[stat.rfind(')')? + 2..];
    let mut fields = rest.split(' ').skip(11);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    Some(user + system)
}

/// Resident memory from `/proc/self/status`, where there is one.
fn resident_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}
