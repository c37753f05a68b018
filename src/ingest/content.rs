//! Reading the editors' files under `content/`: annotations, registries and pages, as text
//! with their paths. Parsing them is the annotate stage's job.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::boundary::{Boundary, Checked, Walk};
use crate::diag::{Diagnostic, Diags, SourceFile};

/// The text of every content file, paths relative to the site root.
#[derive(Clone, Debug, Default)]
pub struct ContentFiles {
    /// `content/annotations/*.yaml`, sorted by path.
    pub annotations: Vec<SourceFile>,
    pub entities: Option<SourceFile>,
    pub outlets: Option<SourceFile>,
    pub events: Option<SourceFile>,
    pub stories: Option<SourceFile>,
    /// `content/pages/*.md`, sorted by path.
    pub pages: Vec<SourceFile>,
    /// Annotations that exist but could not be read (not UTF-8, too large): their problem is
    /// reported already, and their seeds count as annotated.
    pub unread_annotations: Vec<PathBuf>,
}

impl ContentFiles {
    /// The ids of the seeds that have an annotation: the annotations' file stems.
    pub fn annotated_seeds(&self) -> BTreeSet<String> {
        let paths = self
            .annotations
            .iter()
            .map(|a| a.path.as_path())
            .chain(self.unread_annotations.iter().map(PathBuf::as_path));
        paths.filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned())).collect()
    }
}

/// Reads `root/content`. Files that cannot be read are diagnostics; missing ones are fine.
pub fn read_content(root: &Path) -> (ContentFiles, Diags) {
    let mut diags = Diags::new();
    let content = root.join("content");
    let boundary = Boundary::new(root);
    let mut read = |name: &str| read_optional(&boundary, root, &content.join(name), &mut diags);
    let mut files = ContentFiles {
        entities: read("entities.yaml"),
        outlets: read("outlets.yaml"),
        events: read("events.yaml"),
        stories: read("stories.yaml"),
        ..ContentFiles::default()
    };
    let mut read_dir = |dir: &str, extensions: &[&str], unread: &mut Vec<PathBuf>| {
        let paths =
            boundary.walk(&content.join(dir), Walk { max_depth: 1, extensions, skip_saved_extras: false }, &mut diags);
        let texts = super::read_all(&paths, |p| read_text(root, p));
        let mut read = Vec::with_capacity(texts.len());
        for (path, text) in paths.iter().zip(texts) {
            match text {
                Ok(file) => read.push(file),
                Err(d) => {
                    diags.push(d);
                    unread.push(path.strip_prefix(root).unwrap_or(path).to_path_buf());
                }
            }
        }
        read
    };
    let mut unread = Vec::new();
    files.annotations = read_dir("annotations", &["yaml", "yml"], &mut unread);
    files.unread_annotations = unread;
    files.pages = read_dir("pages", &["md"], &mut Vec::new());
    (files, diags)
}

fn read_optional(boundary: &Boundary, root: &Path, path: &Path, diags: &mut Diags) -> Option<SourceFile> {
    match boundary.check_file(path) {
        Ok(Checked::File) => read_text(root, path).map_err(|d| diags.push(d)).ok(),
        Ok(Checked::Missing) => None,
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

/// The largest content file (annotation, registry, page) briefgen reads (docs/safety.md).
pub const MAX_CONTENT_BYTES: u64 = 16 << 20;

/// Reads a UTF-8 text file; the path in the result is relative to `root`.
pub fn read_text(root: &Path, path: &Path) -> Result<SourceFile, Diagnostic> {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let bytes = super::read_limited(path, MAX_CONTENT_BYTES)
        .map_err(|e| Diagnostic::error(rel, format!("cannot read the file: {e}")))?;
    let text = super::decode_text(rel, bytes).map_err(|d| d.help("content files must be UTF-8 text"))?;
    Ok(SourceFile::new(rel, text.replace("\r\n", "\n")))
}
