//! briefgen: a static-site generator for annotated news briefs.
//!
//! The pipeline, one module per stage: [`ingest`] (seeds and content files) → [`annotate`]
//! (validated, anchored annotations) → [`link`] (timeline and cross-links) → [`markdown`]
//! (a Markdown page per brief) → [`render`] (Tera themes) → [`publish`] (feeds, exports,
//! search) → [`site`] (the output, written atomically). The stages share the types of
//! [`model`]; [`build`] is the driver that runs them. See ARCHITECTURE.md.

// Output goes through `say!`, `say_part!` and `put!`, which do not panic on a closed pipe.
#![warn(clippy::print_stderr, clippy::print_stdout)]

/// `eprintln!` that does not panic when standard error is closed (`briefgen check | head`):
/// a message nobody reads is dropped, and the command ends with its own exit code.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// `eprint!`, as [`say!`] is `eprintln!`.
#[macro_export]
macro_rules! say_part {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}

/// `print!` that does not panic when standard output is closed.
#[macro_export]
macro_rules! put {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout(), $($arg)*);
    }};
}

pub mod annotate;
pub mod build;
pub mod cache;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod date;
pub mod diag;
pub mod distance;
pub mod hash;
pub mod i18n;
pub mod ingest;
pub mod link;
pub mod lock;
pub mod markdown;
pub mod model;
pub mod progress;
pub mod publish;
pub mod render;
pub mod site;
pub mod text;
pub mod url;
pub mod yaml;

pub use build::{Built, Loaded, SiteOptions, Summary, build_site, build_site_into, load};
