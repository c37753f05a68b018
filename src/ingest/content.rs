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
    /// For each of [`REGISTRIES`], in its order: whether it is missing while a file in
    /// `content/` is named like it (`entites.yaml`). That file is the one error, and references
    /// to the registry are not reported again.
    pub misnamed: [bool; 4],
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
    let mut read = |name: &str| read_registry(&boundary, root, &content.join(name), &mut diags);
    let mut files = ContentFiles {
        entities: read("entities"),
        outlets: read("outlets"),
        events: read("events"),
        stories: read("stories"),
        ..ContentFiles::default()
    };
    let present = [&files.entities, &files.outlets, &files.events, &files.stories].map(Option::is_some);
    files.misnamed = report_unread(&boundary, root, &content, present, &mut diags);
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

/// The registries (`content/entities.yaml` …), each of which may also end in `.yml`.
pub const REGISTRIES: [&str; 4] = ["entities", "outlets", "events", "stories"];

/// The registry `stem` (`content/entities`) as `.yaml` or, as annotations may, `.yml`. Both
/// is an error at the second: either could be the one the editor keeps up to date.
fn read_registry(boundary: &Boundary, root: &Path, stem: &Path, diags: &mut Diags) -> Option<SourceFile> {
    let (yaml, yml) = (stem.with_extension("yaml"), stem.with_extension("yml"));
    if yml.is_file() {
        if !yaml.is_file() {
            return read_optional(boundary, root, &yml, diags);
        }
        let message = format!("{} is here too; briefgen reads only that one", rel(root, &yaml).display());
        diags.push(Diagnostic::error(rel(root, &yml), message).help("merge this file into it, then remove this one"));
    }
    read_optional(boundary, root, &yaml, diags)
}

/// A warning for each file under `content/` that briefgen does not read (a page saved as
/// `.html`, an annotation as `.yaml.txt` or in a subfolder): what it holds would be lost
/// without a word. Windows' `Thumbs.db` and `desktop.ini` are left aside as in `seeds/`. A
/// file named like a registry that is missing (`entites.yaml`) is an error instead, and that
/// registry is returned as misnamed.
fn report_unread(boundary: &Boundary, root: &Path, content: &Path, present: [bool; 4], diags: &mut Diags) -> [bool; 4] {
    let mut misnamed = [false; 4];
    let walk = Walk { max_depth: 8, extensions: &[], skip_saved_extras: true };
    for path in boundary.walk(content, walk, &mut Diags::new()) {
        let Ok(inner) = path.strip_prefix(content) else { continue };
        let parts: Vec<String> = inner.iter().map(|p| p.to_string_lossy().into_owned()).collect();
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        let Some(unread) = unread(&parts, present) else { continue };
        let d = match unread.misnamed {
            Some(i) => {
                misnamed[i] = true;
                Diagnostic::error(rel(root, &path), "briefgen does not read this file")
            }
            None => Diagnostic::warning(rel(root, &path), "briefgen does not read this file"),
        };
        diags.push(d.help(unread.help));
    }
    misnamed
}

/// Why a file under `content/` is not read, and the registry it is probably meant to be
/// (its index in [`REGISTRIES`]).
#[derive(Debug, PartialEq)]
struct Unread {
    help: String,
    misnamed: Option<usize>,
}

/// [`Unread`] for the file at `parts` (its path's components under `content/`), `None`
/// for a file briefgen reads or a `README`. `present`: which [`REGISTRIES`] exist.
fn unread(parts: &[&str], present: [bool; 4]) -> Option<Unread> {
    let name = parts.last().copied().unwrap_or("");
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    // Annotations and pages are read whatever the case of their extension; registries as
    // written in REGISTRIES.
    let yaml_any = ext.eq_ignore_ascii_case("yaml") || ext.eq_ignore_ascii_case("yml");
    let yaml = ext == "yaml" || ext == "yml";
    let names = REGISTRIES.map(|r| format!("{r}.yaml"));
    let holds = format!("content/ holds {}, annotations/ and pages/", names.join(", "));
    let help = |help: String| Some(Unread { help, misnamed: None });
    match parts {
        _ if stem.eq_ignore_ascii_case("readme") => None,
        ["annotations", _] if yaml_any => None,
        ["pages", _] if ext.eq_ignore_ascii_case("md") => None,
        [_] if yaml && REGISTRIES.contains(&stem) => None,
        ["annotations", ..] => help(format!(
            "annotations are read directly in content/annotations/, as <seed-id>.yaml{}",
            if name.ends_with(".yaml.txt") { "; an editor added `.txt`: remove it" } else { "" }
        )),
        ["pages", ..] => help(
            "pages are read directly in content/pages/, as <slug>.md; pictures and other files go in static/".into(),
        ),
        [_] => match crate::text::closest(name, names.iter().map(String::as_str)) {
            Some(close) => {
                let i = names.iter().position(|n| n == close).unwrap_or_default();
                if present[i] {
                    return help(format!("`{close}` is read; {holds}; move or merge this file"));
                }
                let help = format!("did you mean `{close}`? {holds}; rename it");
                Some(Unread { help, misnamed: Some(i) })
            }
            None => help(format!("{holds}; move or rename the file")),
        },
        _ => help(format!("{holds}; move the file")),
    }
}

fn rel<'a>(root: &Path, path: &'a Path) -> &'a Path {
    path.strip_prefix(root).unwrap_or(path)
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
    let text = super::decode_text(rel, bytes).map_err(|d| d.or_help("content files must be UTF-8 text"))?;
    Ok(SourceFile::new(rel, text.replace("\r\n", "\n")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_briefgen_does_not_read_are_told_apart() {
        let all = [true; 4];
        let why = |parts: &[&str], present| unread(parts, present).map(|u| (u.help, u.misnamed));
        for read in [&["entities.yml"][..], &["annotations", "a.yaml"], &["pages", "about.md"], &["README.md"]] {
            assert_eq!(why(read, all), None, "{read:?}");
        }
        // Annotations and pages in any case, as the walk reads them; registries not.
        for read in [&["annotations", "a.YAML"][..], &["annotations", "b.Yml"], &["pages", "about.MD"]] {
            assert_eq!(why(read, all), None, "{read:?}");
        }
        let (help, misnamed) = why(&["entities.YAML"], [false, true, true, true]).unwrap();
        assert!(help.starts_with("did you mean `entities.yaml`?") && misnamed == Some(0), "{help}");
        let (help, misnamed) = why(&["entites.yaml"], [false, true, true, true]).unwrap();
        assert_eq!(misnamed, Some(0), "entities.yaml");
        assert!(help.starts_with("did you mean `entities.yaml`?"), "{help}");
        assert_eq!(why(&["entites.yaml"], all).unwrap().1, None, "entities.yaml exists: a warning");
        assert!(why(&["annotations", "a.yaml.txt"], all).unwrap().0.contains("remove it"));
        assert!(why(&["annotations", "old", "a.yaml"], all).unwrap().0.starts_with("annotations are read directly"));
        assert!(why(&["pages", "contact.html"], all).unwrap().0.contains("static/"));
        assert!(why(&["drafts", "x.md"], all).unwrap().0.ends_with("move the file"));
    }
}
