//! A page whose template does not finish (a loop of loops that runs for hours) would hold a
//! build, or `serve`, forever, at full speed and without a word. Each page's rendering is
//! watched: past [`limit`] on one page, briefgen names the template and stops (exit code 1);
//! the output folder is left as it was, as after any failed build.

use std::sync::{Mutex, Once};
use std::thread::ThreadId;
use std::time::{Duration, Instant};

/// The pages being rendered: the thread, since when, with which template.
static RENDERING: Mutex<Vec<(ThreadId, Instant, &'static str)>> = Mutex::new(Vec::new());
static WATCHDOG: Once = Once::new();

/// How long one page may take: 60 s, or `BRIEFGEN_PAGE_SECONDS` (for tests). A page of a
/// large site renders in milliseconds.
fn limit() -> Duration {
    let seconds = std::env::var("BRIEFGEN_PAGE_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(60);
    Duration::from_secs(seconds)
}

/// A page (or a card, an entry) being rendered with `template`, watched until this is dropped.
pub struct Watched(ThreadId);

pub fn watch(template: &'static str) -> Watched {
    WATCHDOG.call_once(|| {
        let limit = limit();
        let _ = std::thread::Builder::new().name("briefgen-watchdog".into()).spawn(move || run(limit));
    });
    let id = std::thread::current().id();
    RENDERING.lock().unwrap_or_else(|e| e.into_inner()).push((id, Instant::now(), template));
    Watched(id)
}

impl Drop for Watched {
    fn drop(&mut self) {
        let mut rendering = RENDERING.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(i) = rendering.iter().position(|(id, ..)| *id == self.0) {
            rendering.swap_remove(i);
        }
    }
}

fn run(limit: Duration) {
    loop {
        std::thread::sleep(Duration::from_millis(500).min(limit));
        let stuck = RENDERING
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .find(|(_, since, _)| since.elapsed() > limit)
            .map(|(_, _, template)| *template);
        if let Some(template) = stuck {
            crate::say!(
                "error: template error: a page made with the template `{template}` has rendered for over {} s; briefgen stopped\n  = help: a loop in the template that does not end, or runs far too long: fix it, then build again (the output folder was not changed)",
                limit.as_secs()
            );
            std::process::exit(1);
        }
    }
}
