//! Publish: machine-readable files beside the pages (feeds, sitemap, exports, search index).
//! Like `render`, it reads the linked site and returns [`Output`](crate::site::Output); every
//! URL comes from `link::Urls`.

pub mod search;
