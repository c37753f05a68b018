//! Removing a folder tree quickly: below both the writer and the sink, which remove old sites
//! and stale folders.

use std::fs;
use std::path::Path;

/// `fs::remove_dir_all`, with the entries of each folder removed in parallel: removing a large
/// previous site is a good part of a build. Symbolic links are removed, never followed.
pub(super) fn remove_tree(dir: &Path) -> std::io::Result<()> {
    use rayon::prelude::*;
    // A link in place of the folder: the link goes, not what it leads to.
    if fs::symlink_metadata(dir)?.file_type().is_symlink() {
        return fs::remove_file(dir);
    }
    let entries: Vec<fs::DirEntry> = fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries
        .par_iter()
        .try_for_each(|e| if e.file_type()?.is_dir() { remove_tree(&e.path()) } else { fs::remove_file(e.path()) })?;
    fs::remove_dir(dir)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_link_in_place_of_the_folder_is_removed_not_followed() {
        let tmp = tempfile::tempdir().unwrap();
        let mine = tmp.path().join("mine");
        fs::create_dir_all(mine.join("inner")).unwrap();
        fs::write(mine.join("inner/a.txt"), "precious").unwrap();
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(&mine, &link).unwrap();
        remove_tree(&link).unwrap();
        assert!(fs::symlink_metadata(&link).is_err());
        assert_eq!(fs::read_to_string(mine.join("inner/a.txt")).unwrap(), "precious");
    }
}
