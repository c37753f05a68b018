//! briefgen: a static-site generator for annotated news briefs.
pub mod annotate;
pub mod config;
pub mod date;
pub mod diag;
pub mod ingest;
pub mod text;
pub mod yaml;
