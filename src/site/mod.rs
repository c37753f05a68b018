//! Site: the built site as paths → bytes ([`Output`]), where each file goes as it is made
//! ([`Sink`]), and writing it all to disk atomically ([`write`]), keeping what the previous
//! build made of unchanged pages ([`manifest`]). The output contract: what the other stages
//! make, this module places.

mod dir_sink;
mod file_id;
pub mod manifest;
pub mod page_store;
mod tree;
pub mod write;

use std::collections::BTreeMap;

/// The built site: relative paths (with `/`) → file contents. Ordered, so output is
/// deterministic.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    files: BTreeMap<String, Vec<u8>>,
}

impl Output {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        let mut bytes = bytes.into();
        // Pages are rendered into buffers sized for the largest page of their template.
        if bytes.capacity() > bytes.len() + bytes.len() / 4 {
            bytes.shrink_to_fit();
        }
        self.files.insert(path.into(), bytes);
    }

    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }

    /// A file as text (for tests and the dev server).
    pub fn text(&self, path: &str) -> Option<&str> {
        self.get(path).and_then(|b| std::str::from_utf8(b).ok())
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    pub fn total_bytes(&self) -> usize {
        self.files.values().map(Vec::len).sum()
    }

    pub fn extend(&mut self, other: Output) {
        self.files.extend(other.files);
    }
}

/// Where built files go as they are made: memory (`Mutex<Output>`, for `serve` and tests), a
/// folder ([`write::DirSink`], for `build`: nothing is held in memory), or nowhere
/// ([`Discard`], for `check`). Called from many threads at once.
pub trait Sink: Sync {
    fn put(&self, path: String, bytes: Vec<u8>) -> anyhow::Result<()>;

    /// Whether the sink wants to know what pages are made from: it keeps pages of the previous
    /// build ([`Sink::keep`]) and records this build's ([`Sink::put_page`]). Only then are
    /// pages' digests worth making.
    fn records_pages(&self) -> bool {
        false
    }

    /// Keeps the previous build's page at `path`, if it was made from the same template
    /// context and theme (`made_from`, see `render::digest`) and is still as that build wrote
    /// it; true if it did, and the page need not be rendered.
    fn keep(&self, _path: &str, _made_from: u128) -> bool {
        false
    }

    /// Whether [`Sink::keep`] would keep the previous build's file at `path` made from
    /// `made_from`; nothing is placed. For a set of files kept whole or not at all.
    fn has(&self, _path: &str, _made_from: u128) -> bool {
        false
    }

    /// [`Sink::put`] for a page made from `made_from`.
    fn put_page(&self, path: String, bytes: Vec<u8>, _made_from: u128) -> anyhow::Result<()> {
        self.put(path, bytes)
    }

    /// [`Sink::put`] for a file made in `parts`, in order: a sink that writes files writes
    /// each part as it comes, so that a large file is never held whole.
    fn put_parts(&self, path: String, parts: &mut dyn Iterator<Item = Vec<u8>>) -> anyhow::Result<()> {
        let mut bytes = Vec::new();
        for part in parts {
            bytes.extend_from_slice(&part);
        }
        self.put(path, bytes)
    }
}

impl Sink for std::sync::Mutex<Output> {
    fn put(&self, path: String, bytes: Vec<u8>) -> anyhow::Result<()> {
        self.lock().unwrap_or_else(|e| e.into_inner()).add(path, bytes);
        Ok(())
    }
}

/// A sink that keeps nothing: `check` renders every page to find template errors.
#[derive(Debug, Default)]
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _: String, _: Vec<u8>) -> anyhow::Result<()> {
        Ok(())
    }
}

impl Output {
    /// Sends every file to a sink, in parallel.
    pub fn send(self, sink: &dyn Sink) -> anyhow::Result<()> {
        use rayon::prelude::*;
        self.files.into_par_iter().try_for_each(|(p, b)| sink.put(p, b))
    }
}
