//! Error recovery for files made of entries (issue 23): one mistake, one error. A registry
//! (`entities.yaml`: id → entry; `events.yaml`: a list) or an annotation's `notes:` and
//! `events:` lists with one bad entry are not thrown away whole: the entry the error is in is
//! reported, blanked out (its lines emptied, so every line keeps its number) and the file
//! parsed again, until it parses or no entry holds the error. The caller learns which
//! entries were dropped, to treat their ids as present (known, not usable) so that
//! references to them give no second error.
//!
//! Only errors in well-formed YAML are recovered from: when the file's structure does not
//! parse (an unclosed quote, a bad indent), its one syntax error is reported and the file is
//! not used, since the parser's position for such errors need not be in the entry at fault.

use std::ops::Range;

use serde::de::{DeserializeOwned, IgnoredAny};

use super::{OrderedMap, parse};
use crate::diag::{Diagnostic, SourceFile};

/// Where a file's entries are.
#[derive(Clone, Copy, Debug)]
pub enum Entries<'a> {
    /// The entries of the top-level mapping or list (registries).
    TopLevel,
    /// The items of the lists under these top-level keys (an annotation's `notes:`, `events:`),
    /// and then each top-level key with its value (`draft: maybe`, `tagz: [a]`).
    ListsUnder(&'a [&'a str]),
}

/// What parsing with recovery made of a file.
#[derive(Debug)]
pub struct Recovered<T> {
    /// The file without its bad entries; `None` when it could not be parsed at all.
    pub value: Option<T>,
    /// One per mistake.
    pub diags: Vec<Diagnostic>,
    /// The source lines of each entry that was dropped.
    pub dropped: Vec<String>,
}

impl<T> Recovered<T> {
    /// The keys of the dropped entries of a top-level mapping (`title` for `title: [x]`, an
    /// id in a registry): a value missing because its entry was left out is no second error.
    pub fn dropped_keys(&self) -> Vec<String> {
        self.dropped.iter().filter_map(|e| entry_key(e)).collect()
    }
}

/// Files with more bad entries than this are given up on after that many errors.
const MAX_DROPPED: usize = 200;

/// Parses `src` into `T`, dropping the entries that fail.
pub fn parse_recovering<T: DeserializeOwned>(src: &SourceFile, entries: Entries<'_>) -> Recovered<T> {
    let first = match parse::<T>(src) {
        Ok(v) => return Recovered { value: Some(v), diags: Vec::new(), dropped: Vec::new() },
        Err(d) => d,
    };
    let mut out = Recovered { value: None, diags: vec![first], dropped: Vec::new() };
    if !well_formed(src, entries) {
        return out;
    }
    let ranges = entry_ranges(&src.text.split('\n').collect::<Vec<_>>(), entries);
    let mut lines: Vec<String> = src.text.split('\n').map(str::to_owned).collect();
    while out.dropped.len() < MAX_DROPPED {
        let line = out.diags.last().map_or(0, |d| d.line as usize);
        if line == 0 {
            break; // not located: no entry to blame
        }
        let Some(range) = ranges.iter().find(|r| r.contains(&(line - 1))).cloned() else { break };
        if lines[range.clone()].iter().all(|l| l.is_empty()) {
            break; // already blanked: the error is not the entry's
        }
        out.dropped.push(lines[range.clone()].join("\n"));
        lines[range].fill(String::new());
        if let Entries::ListsUnder(keys) = entries {
            close_emptied_lists(&mut lines, keys);
        }
        match parse::<T>(&SourceFile::new(&src.path, lines.join("\n"))) {
            Ok(v) => {
                out.value = Some(v);
                break;
            }
            Err(d) => out.diags.push(with_snippet(src, d)),
        }
    }
    out
}

/// The error of a blanked text, with the original line as its snippet.
fn with_snippet(src: &SourceFile, mut d: Diagnostic) -> Diagnostic {
    if d.line > 0 {
        d.snippet = src.text.lines().nth(d.line as usize - 1).map(str::to_owned);
    }
    d
}

/// Whether the file parses as plain YAML, so that errors are about values, not structure.
fn well_formed(src: &SourceFile, entries: Entries<'_>) -> bool {
    match entries {
        Entries::TopLevel => parse::<OrderedMap<IgnoredAny>>(src).is_ok() || parse::<Vec<IgnoredAny>>(src).is_ok(),
        Entries::ListsUnder(_) => parse::<OrderedMap<IgnoredAny>>(src).is_ok(),
    }
}

/// The line ranges (0-based, end exclusive) of the file's entries, in block style: an entry
/// starts at a line with the entries' indentation that is not a comment, and runs to the
/// next one or to a line indented less.
fn entry_ranges(lines: &[&str], entries: Entries<'_>) -> Vec<Range<usize>> {
    match entries {
        Entries::TopLevel => items(lines, 0..lines.len(), 0),
        Entries::ListsUnder(keys) => {
            let mut out = Vec::new();
            for (k, line) in lines.iter().enumerate() {
                if list_key(line, keys).is_some() {
                    let end = (k + 1..lines.len()).find(|&j| indent(lines[j]) == Some(0)).unwrap_or(lines.len());
                    let body = k + 1..end;
                    if let Some(i) = body.clone().find_map(|j| indent(lines[j])) {
                        out.extend(items(lines, body, i));
                    }
                }
            }
            // After the list items, so that an error in an item drops the item only.
            out.extend(items(lines, 0..lines.len(), 0));
            out
        }
    }
}

/// Which of `keys` opens a list on `line` (`notes:`, `notes: # a comment`).
fn list_key<'k>(line: &str, keys: &[&'k str]) -> Option<&'k str> {
    keys.iter()
        .copied()
        .find(|key| line.strip_prefix(key).is_some_and(|r| r.split(" #").next().unwrap_or(r).trim() == ":"))
}

/// Writes `key: []` for a list whose every item was dropped: `notes:` alone is no list, and
/// would be a second error for the same mistake.
fn close_emptied_lists(lines: &mut [String], keys: &[&str]) {
    for k in 0..lines.len() {
        let Some(key) = list_key(&lines[k], keys) else { continue };
        let end = (k + 1..lines.len()).find(|&j| indent(&lines[j]) == Some(0)).unwrap_or(lines.len());
        if lines[k + 1..end].iter().all(|l| indent(l).is_none()) {
            lines[k] = format!("{key}: []");
        }
    }
}

/// Entries at indentation `at` within `span`.
fn items(lines: &[&str], span: Range<usize>, at: usize) -> Vec<Range<usize>> {
    let starts: Vec<usize> = span.clone().filter(|&j| indent(lines[j]) == Some(at) && !is_marker(lines[j])).collect();
    let mut out = Vec::new();
    for (n, &start) in starts.iter().enumerate() {
        let next = starts.get(n + 1).copied().unwrap_or(span.end);
        let end = (start + 1..next).find(|&j| indent(lines[j]).is_some_and(|i| i < at)).unwrap_or(next);
        out.push(start..end);
    }
    out
}

/// The indentation of a line that holds YAML (not blank, not a comment).
fn indent(line: &str) -> Option<usize> {
    let body = line.trim_start_matches(' ');
    (!body.is_empty() && !body.starts_with('#')).then(|| line.len() - body.len())
}

/// Document markers, which belong to no entry.
fn is_marker(line: &str) -> bool {
    line.starts_with("---") || line.starts_with("...")
}

/// The `id:` values in YAML entries (`- id: x` or a line `id: x` of an entry), for the ids
/// of dropped entries, whose own parse failed.
pub fn ids_in(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| {
            let l = l.trim_start();
            let l = l.strip_prefix("- ").unwrap_or(l).trim_start();
            let value = l.strip_prefix("id:")?;
            let value = value.split(" #").next().unwrap_or(value).trim().trim_matches(['"', '\'']);
            (!value.is_empty()).then(|| value.to_owned())
        })
        .collect()
}

/// The key an entry of a top-level mapping starts with.
pub fn entry_key(entry: &str) -> Option<String> {
    let first = entry.lines().find(|l| indent(l).is_some())?;
    let (key, _) = first.split_once(':')?;
    let key = key.trim().trim_matches(['"', '\'']);
    (!key.is_empty()).then(|| key.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Entry {
        name: String,
        kind: Option<Kind>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "lowercase")]
    enum Kind {
        Person,
        Place,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        title: Option<String>,
        #[serde(default)]
        notes: Vec<Entry>,
    }

    fn check<T: DeserializeOwned>(text: &str, entries: Entries<'_>) -> (Option<T>, Vec<(u32, String)>, Vec<String>) {
        let r = parse_recovering::<T>(&SourceFile::new("a.yaml", text), entries);
        (r.value, r.diags.into_iter().map(|d| (d.line, d.message)).collect(), r.dropped)
    }

    #[test]
    fn each_bad_registry_entry_is_one_error_and_the_rest_is_kept() {
        let text =
            "a:\n  name: A\n  kind: persn\nb:\n  name: B\n  # a comment\n  kind: place\nc:\n  nme: C\nd:\n  name: D\n";
        let (value, errors, dropped) = check::<OrderedMap<Entry>>(text, Entries::TopLevel);
        let ids: Vec<String> = value.unwrap().0.into_iter().map(|(k, _)| k.value).collect();
        assert_eq!(ids, ["b", "d"]);
        assert_eq!(errors, [(3, "unknown value `persn`".to_owned()), (9, "unknown key `nme`".to_owned())]);
        let keys: Vec<_> = dropped.iter().filter_map(|e| entry_key(e)).collect();
        assert_eq!(keys, ["a", "c"]);
    }

    #[test]
    fn a_missing_key_is_reported_once_in_its_entry() {
        let (value, errors, dropped) =
            check::<OrderedMap<Entry>>("a:\n  kind: person\nb:\n  name: B\n", Entries::TopLevel);
        assert_eq!(value.unwrap().0.len(), 1);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(dropped.len(), 1);
    }

    #[test]
    fn notes_are_dropped_one_by_one_and_the_annotation_kept() {
        let text = "title: T\nnotes: # the notes\n  - name: a\n    kind: persn\n  - name: b\n  - nme: c\n";
        let (value, errors, _) = check::<Doc>(text, Entries::ListsUnder(&["notes"]));
        assert_eq!(value.unwrap().notes.len(), 1);
        assert_eq!(errors, [(4, "unknown value `persn`".to_owned()), (6, "unknown key `nme`".to_owned())]);
    }

    #[test]
    fn syntax_errors_are_one_error_and_no_value() {
        let (value, errors, _) = check::<OrderedMap<Entry>>("a:\n  name: \"A\nb:\n  name: B\n", Entries::TopLevel);
        assert!(value.is_none());
        assert_eq!(errors.len(), 1);
    }

    #[test]
    fn top_level_keys_of_an_annotation_are_dropped_one_by_one() {
        let text = "titel: T\nnotes:\n  - name: a\n    kind: persn\ntitle: [x]\nnotes2: 1\n";
        let (value, errors, dropped) = check::<Doc>(text, Entries::ListsUnder(&["notes"]));
        assert!(value.unwrap().notes.is_empty());
        let lines: Vec<u32> = errors.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, [1, 4, 5, 6], "{errors:?}");
        let keys: Vec<_> = dropped.iter().filter_map(|e| entry_key(e)).collect();
        assert_eq!(keys, ["titel", "- name", "title", "notes2"]);
        // A bad `notes:` value as a whole is its key's entry.
        let (value, errors, _) = check::<Doc>("notes: 3\ntitle: T\n", Entries::ListsUnder(&["notes"]));
        assert_eq!((value.unwrap().title.as_deref(), errors.len()), (Some("T"), 1));
    }

    #[test]
    fn ids_of_dropped_entries() {
        assert_eq!(ids_in("- id: talks # x\n  date: 2020\n-   title: x\n    id: \"vote\"\n"), ["talks", "vote"]);
    }
}
