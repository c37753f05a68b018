//! The integration tests: one binary, a [`harness::SiteTest`] per test on a small fixture site
//! (tests/fixtures/<feature>/) or on a copy of the demo site at the repository root.

#[cfg(unix)]
mod actions;
mod harness;
#[cfg(unix)]
mod loopback;

mod architecture;
mod build;
mod check;
mod contract;
mod demo;
mod editor;
mod errors;
mod extraction;
#[cfg(feature = "html")]
mod hostile;
mod incremental;
mod languages;
mod links;
mod publish;
mod reading;
#[cfg(unix)]
mod rebuild;
mod recovery;
#[cfg(unix)]
mod release;
mod safety;
pub mod scale;
mod search;
mod serve;
mod themes;
