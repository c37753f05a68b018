//! The parse cache of annotations: what YAML parsing made of each annotation file, kept in
//! `.briefgen-cache/annotations/<file stem>.json` (a [`Store`]), so that a full build parses
//! again only the annotations that changed. Parsing is most of checking an annotation
//! (serde-saphyr spends some 300 instructions per byte); the result, spans included, depends
//! on nothing but the file's text, which makes it safe to keep. An entry's key hashes the
//! file's path and text. Files that fail to parse are never cached, so their diagnostics come
//! back on every build.

use std::collections::BTreeSet;
use std::path::Path;

use super::schema::AnnotationFile;
use crate::cache::{CacheUse, Store};
use crate::diag::SourceFile;
use crate::yaml;

/// Bumped when the entry layout changes.
const LAYOUT: &str = "annotations-1";

/// The parse cache of one site's annotations.
#[derive(Debug)]
pub struct ParseCache(Store);

impl ParseCache {
    /// The cache under `root`; `None` when it is off ([`Store::open`]).
    pub fn open(root: &Path, how: CacheUse) -> Option<Self> {
        Store::open(root, how, "annotations", LAYOUT).map(ParseCache)
    }

    /// The annotation in `src`: from the cache when it has it, else parsed (and kept when the
    /// cache is written).
    pub fn parse(&self, src: &SourceFile) -> yaml::Recovered<AnnotationFile> {
        let name = name(&src.path);
        let key = self.0.key(&[src.path.to_string_lossy().as_bytes(), src.text.as_bytes()]);
        if let Some(hit) = yaml::from_stored(|| self.0.get(&name, &key)) {
            return yaml::Recovered::parsed(hit);
        }
        let parsed = super::brief::parse(src);
        if let (Some(value), true) = (&parsed.value, parsed.diags.is_empty()) {
            self.0.put(&name, key, value);
        }
        parsed
    }

    /// Removes the entries of annotation files that are not among `paths`.
    pub fn retain<'a>(&self, paths: impl Iterator<Item = &'a Path>) {
        let names: Vec<String> = paths.map(name).collect();
        self.0.retain(&names.iter().map(String::as_str).collect::<BTreeSet<_>>());
    }
}

/// An annotation's entry name: its file stem, the seed id (two files with one stem in
/// different folders share the entry, and so miss each other's).
fn name(path: &Path) -> String {
    path.file_stem().map_or_else(String::new, |s| s.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "title: Bridge reopens\ntags: [city, roads]\nnotes:\n  - quote: \"reopened on Monday\"\n    kind: fact-check\n    verdict: accurate\n    body: The city's statement confirms it.\nevents:\n  - date: 2024-03-04\n    title: The bridge reopens\n    quote: reopened\n";

    fn cache(root: &Path) -> ParseCache {
        ParseCache(Store::with_build(root, "annotations", "build"))
    }

    #[test]
    fn a_cached_annotation_equals_the_parsed_one_spans_included() {
        let tmp = tempfile::tempdir().unwrap();
        let c = cache(tmp.path());
        let src = SourceFile::new("content/annotations/a.yaml", YAML);
        let parsed = format!("{:?}", yaml::parse::<AnnotationFile>(&src).unwrap());
        assert_eq!(format!("{:?}", c.parse(&src).value.unwrap()), parsed, "a miss parses");
        let key = c.0.key(&[b"content/annotations/a.yaml", YAML.as_bytes()]);
        let kept: Option<AnnotationFile> = yaml::from_stored(|| c.0.get("a", &key));
        assert_eq!(format!("{:?}", kept.expect("the result is kept")), parsed);
        assert_eq!(format!("{:?}", c.parse(&src).value.unwrap()), parsed, "a hit reads it back");
    }

    #[test]
    fn an_edit_is_parsed_again_and_errors_are_not_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let c = cache(tmp.path());
        c.parse(&SourceFile::new("content/annotations/a.yaml", YAML)).value.unwrap();
        let edited = SourceFile::new("content/annotations/a.yaml", YAML.replace("Monday", "Tuesday"));
        let notes = c.parse(&edited).value.unwrap().notes;
        assert_eq!(notes[0].quote.value, "reopened on Tuesday");
        let broken = SourceFile::new("content/annotations/a.yaml", "title: [\n");
        assert!(c.parse(&broken).value.is_none());
        assert_eq!(c.parse(&broken).diags.len(), 1, "the error comes back");
        assert_eq!(c.parse(&edited).value.unwrap().notes[0].quote.value, "reopened on Tuesday");
    }
}
