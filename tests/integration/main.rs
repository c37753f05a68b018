//! The integration tests: one binary, a [`harness::SiteTest`] per test on a small fixture site
//! (tests/fixtures/<feature>/) or on a copy of the demo site at the repository root.

mod harness;

mod architecture;
mod build;
mod check;
mod demo;
mod editor;
mod errors;
mod extraction;
#[cfg(feature = "html")]
mod hostile;
mod incremental;
mod links;
mod publish;
mod reading;
#[cfg(unix)]
mod rebuild;
mod recovery;
mod safety;
mod scale;
mod search;
mod serve;
