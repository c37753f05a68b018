//! `briefgen serve`: build in memory, serve on 127.0.0.1, rebuild when the sources change and
//! reload open pages over server-sent events. A build with errors keeps the last good site
//! and shows the diagnostics over the page. Rebuilds are partial when they can be (see
//! [`crate::build::incremental`]): the pages an edit touches first, then the browser reloads, then
//! the feeds, exports, search index and sitemap, which requests wait for meanwhile.

mod http;
mod watch;

use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use tokio::sync::broadcast;

use crate::SiteOptions;
use crate::build::incremental::{Outcome, Session};
use crate::cli::ServeArgs;
use crate::diag::{self, MessageFormat};
use crate::site::Output;

/// What the server shows, shared between the rebuild thread and the HTTP handlers.
pub struct State {
    /// The last site that built without errors.
    site: RwLock<Output>,
    /// The diagnostics of the last build, if it failed.
    errors: RwLock<Option<String>>,
    changes: broadcast::Sender<Change>,
    /// Held (for writing) while a partial rebuild makes the files built from the whole site
    /// again; requests for them wait on it (see [`http::waits_for_publishing`]).
    publishing: tokio::sync::RwLock<()>,
    session: Mutex<Session>,
    /// Where the site is, and what to do when another build holds it: a rebuild that writes
    /// the build cache holds the site's lock ([`crate::lock`]) while it runs.
    root: PathBuf,
    lock: Option<crate::lock::Contention>,
}

/// What the browser is told after a rebuild.
#[derive(Clone, Debug)]
pub enum Change {
    Reload,
    Errors(String),
}

impl State {
    fn new(opts: SiteOptions, contention: crate::lock::Contention) -> Self {
        let (changes, _) = broadcast::channel(16);
        State {
            root: opts.root.clone(),
            lock: (opts.cache == crate::cache::CacheUse::ReadWrite).then_some(contention),
            site: RwLock::default(),
            errors: RwLock::default(),
            changes,
            publishing: tokio::sync::RwLock::new(()),
            session: Mutex::new(Session::new(opts)),
        }
    }

    /// A copy of one file of the site.
    fn file(&self, path: &str) -> Option<Vec<u8>> {
        self.site.read().unwrap_or_else(|e| e.into_inner()).get(path).map(<[u8]>::to_vec)
    }

    fn has(&self, path: &str) -> bool {
        self.site.read().unwrap_or_else(|e| e.into_inner()).get(path).is_some()
    }

    fn errors(&self) -> Option<String> {
        self.errors.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Builds the site (all of it when `changed` is empty, else what the changed files need)
    /// and publishes the result: the new site and a reload, or the errors.
    fn rebuild(&self, changed: &[PathBuf]) -> anyhow::Result<()> {
        let start = Instant::now();
        let mut session = self.session.lock().unwrap_or_else(|e| e.into_inner());
        session.set_today(Some(super::today()));
        let _lock = match self.lock {
            Some(c) => super::lock_site(&self.root, c)?,
            None => None,
        };
        let (outcome, diags) = if changed.is_empty() { session.build()? } else { session.update(changed)? };
        let shown = diags.into_sorted();
        let text = diag::render(&shown, MessageFormat::Human);
        crate::say_part!("{text}");
        let ms = |t: Instant| t.elapsed().as_millis();
        match outcome {
            Outcome::Full(output) => {
                *self.site.write().unwrap_or_else(|e| e.into_inner()) = output;
                self.reload();
                crate::say!("built in {} ms", ms(start));
            }
            Outcome::Partial { files, pages } => {
                let gate = self.publishing.blocking_write();
                self.site.write().unwrap_or_else(|e| e.into_inner()).extend(files);
                self.reload();
                crate::say!("rebuilt {pages} pages in {} ms", ms(start));
                let rest = Instant::now();
                let publish = session.publish()?;
                self.site.write().unwrap_or_else(|e| e.into_inner()).extend(publish);
                drop(gate);
                crate::say!("feeds, exports, search index and sitemap in {} ms", ms(rest));
            }
            Outcome::Failed => self.failed(text, &diag::summary(&shown)),
        }
        Ok(())
    }

    /// A rebuild that stopped before reading the site (`briefgen.yaml` removed, a folder
    /// that cannot be read): shown over the open pages as a build's errors are.
    pub fn stopped(&self, err: &anyhow::Error) {
        let text = format!("error: {err:#}\n");
        crate::say_part!("{text}");
        self.failed(text, "1 error");
    }

    /// Keeps the last good site, and shows `text` (the errors) over the open pages.
    fn failed(&self, text: String, summary: &str) {
        *self.errors.write().unwrap_or_else(|e| e.into_inner()) = Some(text.clone());
        let built = !self.site.read().unwrap_or_else(|e| e.into_inner()).is_empty();
        let serving = if built { "still serving the last good site" } else { "serving its errors until it builds" };
        crate::say!("build failed: {summary}; {serving}");
        // No receiver just means no page is open.
        let _ = self.changes.send(Change::Errors(text));
    }

    fn reload(&self) {
        *self.errors.write().unwrap_or_else(|e| e.into_inner()) = None;
        let _ = self.changes.send(Change::Reload);
    }
}

/// The port `serve` listens on unless told.
const DEFAULT_PORT: u16 = 1111;

/// How many ports after [`DEFAULT_PORT`] are tried when it is taken (another site's `serve`).
const PORTS_TRIED: u16 = 10;

pub fn run(args: &ServeArgs) -> anyhow::Result<std::process::ExitCode> {
    let listener = listen(args.port)?;
    let addr = listener.local_addr()?;
    let opts = SiteOptions {
        root: args.site.root.clone(),
        base_url: Some(format!("http://{addr}/")),
        drafts: args.site.drafts,
        progress: crate::progress::Progress::hidden(),
        cache: args.site.cache(crate::cache::CacheUse::ReadWrite),
        ..SiteOptions::default()
    };
    let root = opts.root.clone();
    let state = Arc::new(State::new(opts, args.site.contention()));
    state.rebuild(&[])?;
    let _watcher = watch::start(state.clone(), &root)?;
    crate::say!(
        "serving http://{addr}/ — watching seeds/, content/, themes/, templates/, static/ and briefgen.yaml; Ctrl-C stops"
    );
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(http::serve(listener, state))?;
    Ok(std::process::ExitCode::SUCCESS)
}

/// A listener on 127.0.0.1: on `port` as asked, else on [`DEFAULT_PORT`] or, when another
/// program holds it (an editor previewing two sites), the next free port after it, as Hugo's
/// server does; the URL printed says which.
fn listen(port: Option<u16>) -> anyhow::Result<TcpListener> {
    match port {
        Some(port) => {
            bind(port).map_err(|e| cannot_listen(port, &e, "pick another --port, or --port 0 for any free one"))
        }
        None => listen_from(DEFAULT_PORT, PORTS_TRIED),
    }
}

/// A listener on `first`, or on the first free port of the `tries` after it.
fn listen_from(first: u16, tries: u16) -> anyhow::Result<TcpListener> {
    let mut port = first;
    loop {
        match bind(port) {
            Ok(listener) => {
                if port != first {
                    crate::say!("port {first} is taken (another `briefgen serve`?); using {port}");
                }
                return Ok(listener);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && port < first.saturating_add(tries) => port += 1,
            Err(e) => {
                let help =
                    format!("ports {first} to {port} were tried: pick one with --port, or --port 0 for any free one");
                return Err(cannot_listen(port, &e, &help));
            }
        }
    }
}

fn bind(port: u16) -> std::io::Result<TcpListener> {
    TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port)))
}

fn cannot_listen(port: u16, e: &std::io::Error, help: &str) -> anyhow::Error {
    anyhow::anyhow!("cannot listen on 127.0.0.1:{port}: {e}\nhelp: {help}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_taken_default_port_gives_way_to_the_next_free_one() {
        let held = bind(0).unwrap();
        let taken = held.local_addr().unwrap().port();
        if taken > u16::MAX - 10 {
            return; // no room after it to try
        }
        let got = listen_from(taken, 10).unwrap().local_addr().unwrap().port();
        assert!((taken + 1..=taken + 10).contains(&got), "{taken} → {got}");
        let e = listen_from(taken, 0).unwrap_err().to_string();
        assert!(e.contains(&format!("cannot listen on 127.0.0.1:{taken}")) && e.contains("help: ports"), "{e}");
        let e = listen(Some(taken)).unwrap_err().to_string();
        assert!(e.ends_with("help: pick another --port, or --port 0 for any free one"), "{e}");
    }
}
