//! Watching the site's sources and rebuilding on change, on a thread of its own.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use notify_debouncer_full::notify::event::ModifyKind;
use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, DebouncedEvent, Debouncer, RecommendedCache, new_debouncer};

use super::State;
use crate::ingest::boundary::is_editor_scratch;

/// How old a change is when the debouncer hands it on: the sooner, the sooner the reload.
/// [`SETTLE`] merges what follows.
const DEBOUNCE: Duration = Duration::from_millis(20);

/// How long after the latest change (by the time it happened, not when it was handed on) the
/// sources must be still before a rebuild starts: an editor's write-and-rename, a save and a
/// formatter's 10 ms later, or `git checkout` writing many files are one rebuild. With
/// [`DEBOUNCE`], changes up to about 25 ms apart are merged, and a single save is rebuilt some
/// 50 ms after it happened (issue 25 keeps a save to its reload within 100 ms).
const SETTLE: Duration = Duration::from_millis(50);

/// The longest a rebuild waits for the sources to be still: something writing without end
/// does not hold every rebuild back.
const SETTLE_MAX: Duration = Duration::from_secs(1);

/// The folders a site's sources live in; the config sits in the root.
const SOURCES: [&str; 5] = ["seeds", "content", "themes", "templates", "static"];

/// The watcher: rebuilds run until it is dropped.
pub type Watcher = Arc<Mutex<Debouncer<RecommendedWatcher, RecommendedCache>>>;

/// Starts watching the root and each source folder; a source folder made, removed or moved
/// back while serving is a change, and is watched again.
pub fn start(state: Arc<State>, root: &Path) -> anyhow::Result<Watcher> {
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(DEBOUNCE, Some(Duration::from_millis(10)), tx)?;
    // Events come with absolute paths.
    let root = root.canonicalize()?;
    debouncer.watch(&root, RecursiveMode::NonRecursive)?;
    for dir in SOURCES {
        watch_folder(&mut debouncer, &root.join(dir));
    }
    let watcher = Arc::new(Mutex::new(debouncer));
    let watching = Arc::clone(&watcher);
    std::thread::spawn(move || {
        while let Ok(first) = rx.recv() {
            let changed = settled(first, &rx, &root);
            for folder in changed.iter().filter(|p| is_source_folder(p)) {
                watch_folder(&mut watching.lock().unwrap_or_else(|e| e.into_inner()), &root.join(folder));
            }
            let changed: Vec<PathBuf> = changed.into_iter().collect();
            if !changed.is_empty()
                && let Err(e) = state.rebuild(&changed)
            {
                state.stopped(&e);
            }
        }
    });
    Ok(watcher)
}

/// The sources changed by the events `first` begins, once they have been still for
/// [`SETTLE`] (or after [`SETTLE_MAX`] of changes). The debouncer hands each event on once it
/// is [`DEBOUNCE`] old, however many follow it: two saves 10 ms apart (a save, then a
/// formatter's), or `git checkout` writing files for 100 ms, were two rebuilds and two reloads,
/// the first of a site half changed.
fn settled(first: DebounceEventResult, rx: &mpsc::Receiver<DebounceEventResult>, root: &Path) -> BTreeSet<PathBuf> {
    let mut changed = BTreeSet::new();
    // When the latest edit of a source in a batch happened: reads (the last build's own) and
    // scratch files do not hold a rebuild back.
    let mut take = |result: DebounceEventResult| match result {
        Ok(events) => events
            .iter()
            .filter_map(|e| {
                let mut edits = edited(e, root).peekable();
                let edits_one = edits.peek().is_some();
                changed.extend(edits);
                edits_one.then_some(e.time)
            })
            .max(),
        Err(errors) => {
            errors.iter().for_each(|e| crate::say!("watch error: {e}"));
            None
        }
    };
    // Events that arrived during the last build are folded into this rebuild.
    let mut last: Option<Instant> = std::iter::once(first).chain(rx.try_iter()).filter_map(&mut take).max();
    let start = Instant::now();
    while let Some(at) = last
        && start.elapsed() < SETTLE_MAX
    {
        let Some(wait) = (at + SETTLE).checked_duration_since(Instant::now()).filter(|w| !w.is_zero()) else { break };
        match rx.recv_timeout(wait) {
            Ok(result) => last = last.max(take(result)),
            Err(_) => break,
        }
    }
    changed
}

/// Whether `rel` (relative to the root) is one of the source folders.
fn is_source_folder(rel: &Path) -> bool {
    SOURCES.iter().any(|s| rel.as_os_str() == *s)
}

/// Watches a source folder and all under it, if it is there (again: a folder removed and
/// made again, or moved away and back, is a new folder to the system).
fn watch_folder(debouncer: &mut Debouncer<RecommendedWatcher, RecommendedCache>, path: &Path) {
    if path.is_dir()
        && let Err(e) = debouncer.watch(path, RecursiveMode::Recursive)
    {
        crate::say!("watch error: {e}");
    }
}

/// The sources an event changes, relative to `root`. Reads are events too (the build itself
/// opens every file), and must not trigger a rebuild.
fn edited<'a>(event: &'a DebouncedEvent, root: &'a Path) -> impl Iterator<Item = PathBuf> + 'a {
    let writes = match event.kind {
        EventKind::Create(_) | EventKind::Remove(_) | EventKind::Any => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(_) | EventKind::Other => false,
    };
    let paths = event.paths.iter().filter(move |p| writes && is_source(root, p));
    paths.filter_map(move |p| p.strip_prefix(root).ok().map(Path::to_path_buf))
}

/// Whether a changed path is one of the site's sources: not the output folder, nor a file an
/// editor writes beside the one it saves, which the build leaves aside or does not read
/// ([`is_editor_scratch`], hidden files, a temporary `a.yaml.tmp` renamed over the file, and
/// `4913`, which Vim makes and removes at once to learn whether it may write in the folder).
/// Emacs writes `#a.yaml#` every few hundred keystrokes, before any save: each was a whole
/// rebuild and a reload of the open page.
fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else { return false };
    let name = rel.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    let scratch = name.starts_with('.') || is_editor_scratch(&name) || name.ends_with(".tmp") || name == "4913";
    if scratch {
        return false;
    }
    let mut parts = rel.components();
    match (parts.next(), parts.next()) {
        (Some(first), Some(_)) => SOURCES.iter().any(|s| first.as_os_str() == *s),
        // The config, or a source folder made or removed.
        (Some(only), None) => {
            only.as_os_str() == crate::config::CONFIG_FILE || is_source_folder(Path::new(only.as_os_str()))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sources_trigger_a_rebuild() {
        let root = Path::new("/site");
        let yes = |p: &str| is_source(root, &root.join(p));
        assert!(yes("briefgen.yaml"));
        assert!(yes("content") && yes("templates"), "a source folder made or removed");
        assert!(!yes("public") && !yes("notes.txt"));
        assert!(yes("content/annotations/a.yaml"));
        assert!(yes("seeds/a.txt"));
        assert!(yes("themes/default/templates/base.html"));
        assert!(!yes("public/index.html"));
        assert!(!yes("content/annotations/.a.yaml.swp"));
        assert!(!yes("content/annotations/a.yaml~"));
        // Emacs' autosave, Vim's probe, a JetBrains IDE's save.
        assert!(!yes("content/annotations/#a.yaml#") && !yes("seeds/#a.txt#"));
        assert!(!yes("content/annotations/4913"));
        assert!(!yes("content/annotations/a.yaml___jb_tmp___") && !yes("content/annotations/a.yaml___jb_old___"));
        assert!(yes("seeds/#hashtag.txt") && yes("static/4913.png"));
        assert!(!yes("README.md"));
        assert!(!is_source(root, Path::new("/elsewhere/briefgen.yaml")));
    }
}
