//! Removing a folder tree quickly: below both the writer and the sink, which remove old sites
//! and stale folders.

use std::fs;
use std::path::Path;

/// `fs::remove_dir_all`, with the entries of each folder removed in parallel: removing a large
/// previous site is a good part of a build. Symbolic links are removed, never followed.
pub(super) fn remove_tree(dir: &Path) -> std::io::Result<()> {
    use rayon::prelude::*;
    let entries: Vec<fs::DirEntry> = fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries
        .par_iter()
        .try_for_each(|e| if e.file_type()?.is_dir() { remove_tree(&e.path()) } else { fs::remove_file(e.path()) })?;
    fs::remove_dir(dir)
}
