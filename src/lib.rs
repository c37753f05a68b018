//! briefgen: a static-site generator for annotated news briefs.
//!
//! The pipeline, one module per stage: [`ingest`] (seeds and content files) → [`annotate`]
//! (validated, anchored annotations) → [`link`] (timeline and cross-links) → [`markdown`]
//! (a Markdown page per brief) → [`render`] (Tera themes) → [`publish`] (feeds, exports,
//! search) → [`site`] (the output, written atomically). The stages share the types of
//! [`model`]; [`build`] is the driver that runs them. See ARCHITECTURE.md.

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
