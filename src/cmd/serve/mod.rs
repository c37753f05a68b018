//! `briefgen serve`: build in memory, serve on 127.0.0.1, rebuild when the sources change and
//! reload open pages over server-sent events. A build with errors keeps the last good site
//! and shows the diagnostics over the page.

mod http;
mod watch;

use std::net::SocketAddr;
use std::sync::{Arc, RwLock};
use std::time::Instant;

use tokio::sync::broadcast;

use crate::cli::ServeArgs;
use crate::diag::{self, Format};
use crate::site::Output;
use crate::{SiteOptions, build_site};

/// What the server shows, shared between the rebuild thread and the HTTP handlers.
pub struct State {
    /// The last site that built without errors.
    site: RwLock<Arc<Output>>,
    /// The diagnostics of the last build, if it failed.
    errors: RwLock<Option<String>>,
    changes: broadcast::Sender<Change>,
}

/// What the browser is told after a rebuild.
#[derive(Clone, Debug)]
pub enum Change {
    Reload,
    Errors(String),
}

impl State {
    fn site(&self) -> Arc<Output> {
        self.site.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn errors(&self) -> Option<String> {
        self.errors.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Builds the site and publishes the result: the new site and a reload, or the errors.
    fn rebuild(&self, opts: &SiteOptions) -> anyhow::Result<()> {
        let start = Instant::now();
        let (built, diags) = build_site(opts)?;
        let shown = diags.into_sorted();
        let text = diag::render(&shown, Format::Human);
        eprint!("{text}");
        let change = match built {
            Some(b) => {
                *self.site.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(b.output);
                *self.errors.write().unwrap_or_else(|e| e.into_inner()) = None;
                eprintln!("built in {} ms", start.elapsed().as_millis());
                Change::Reload
            }
            None => {
                *self.errors.write().unwrap_or_else(|e| e.into_inner()) = Some(text.clone());
                eprintln!("build failed: {}; still serving the last good site", diag::summary(&shown));
                Change::Errors(text)
            }
        };
        // No receiver just means no page is open.
        let _ = self.changes.send(change);
        Ok(())
    }
}

pub fn run(args: &ServeArgs) -> anyhow::Result<std::process::ExitCode> {
    let listener = std::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], args.port)))
        .map_err(|e| anyhow::anyhow!("cannot listen on 127.0.0.1:{}: {e}\nhelp: pick another --port", args.port))?;
    let addr = listener.local_addr()?;
    let opts = SiteOptions {
        root: args.site.root.clone(),
        base_url: Some(format!("http://{addr}/")),
        drafts: args.site.drafts,
        progress: crate::progress::Progress::hidden(),
    };
    let (changes, _) = broadcast::channel(16);
    let state = Arc::new(State { site: RwLock::default(), errors: RwLock::default(), changes });
    state.rebuild(&opts)?;
    let _watcher = watch::start(state.clone(), opts)?;
    eprintln!("serving http://{addr}/ — watching seeds/, content/, themes/ and briefgen.yaml; Ctrl-C stops");
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(http::serve(listener, state))?;
    Ok(std::process::ExitCode::SUCCESS)
}
