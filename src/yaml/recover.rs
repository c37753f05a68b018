//! Error recovery for files made of entries (issue 23): one mistake, one error. A registry
//! (`entities.yaml`: id → entry; `events.yaml`: a list), `briefgen.yaml` (each top-level key)
//! or an annotation's `notes:` and `events:` lists with one bad entry are not thrown away
//! whole: the entry the error is in is reported, blanked out (its lines emptied, so every line
//! keeps its number) and the file parsed again, until it parses or no entry holds the error.
//! In an entry with keys in block style (an entity's `name:`, `kind:`; a note's; a setting's
//! in `theme.yaml`; those of `outputs:`, or of each item of `verdicts:`) the key with the
//! error is blanked first, so that each of its keys with a mistake is reported (and a
//! required key not written at all, which no blanked key accounts for), and the entry
//! dropped whole after. The
//! caller learns which entries were dropped, to treat their ids as present (known, not
//! usable) so that references to them give no second error.
//!
//! Only errors in well-formed YAML are recovered from: when the file's structure does not
//! parse (an unclosed quote, a bad indent), its one syntax error is reported and the file is
//! not used, since the parser's position for such errors need not be in the entry at fault.
//! So is a file of the wrong shape at its top (a registry of ids written as a list): blanking
//! its entries would leave a file that defines nothing, every reference to it a second error.
//! A key written twice is no syntax error: the repeated key is blanked like a key with any
//! other mistake, provided the file's structure parses without it.

use std::ops::Range;

use serde::de::{DeserializeOwned, IgnoredAny};

use super::{OrderedMap, parse};
use crate::diag::{Diagnostic, SourceFile};

/// Where a file's entries are.
#[derive(Clone, Copy, Debug)]
pub enum Entries<'a> {
    /// The entries of the top-level mapping or list (registries, `briefgen.yaml`, `theme.yaml`).
    TopLevel,
    /// The items of the lists or mappings under these top-level keys (an annotation's `notes:`
    /// and `events:`, `theme.yaml`'s `settings:`), and then each top-level key with its value
    /// (`draft: maybe`, `tagz: [a]`).
    Under(&'a [&'a str]),
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
    /// The file with the keys that have mistakes blanked but their entries kept, when it
    /// parses so: what the checks of meaning read, so that a note with an unknown key has
    /// its quote, verdict and claimant checked in the same run. Never published: the file
    /// has errors.
    pub lenient: Option<Lenient<T>>,
}

/// A file read with its entries' bad keys blanked ([`Recovered::lenient`]).
#[derive(Debug)]
pub struct Lenient<T> {
    pub value: T,
    /// The entries kept with keys blanked: their lines (0-based) and the names of the keys.
    pub blanked: Vec<(Range<usize>, Vec<String>)>,
}

/// The names of the keys blanked ([`Lenient::blanked`]) in the entry that 1-based `line` is in.
pub fn blanked_at(blanked: &[(Range<usize>, Vec<String>)], line: u32) -> &[String] {
    let at = (line as usize).wrapping_sub(1);
    blanked.iter().find(|(r, _)| r.contains(&at)).map_or(&[], |(_, keys)| keys)
}

/// Whether `key` is missing for a mistake already reported: its entry was dropped for an
/// error in its value (`title: [x]`), or it was written misspelt (`titel:`, whose error asks
/// "did you mean `title`?"). Either way, "missing key" would be a second error.
pub fn accounts_for(dropped_keys: &[String], key: &str) -> bool {
    dropped_keys.iter().any(|k| k == key || crate::text::closest(k, [key]).is_some())
}

impl<T> Recovered<T> {
    /// A file that parsed: no mistakes.
    pub fn parsed(value: T) -> Self {
        Recovered { value: Some(value), diags: Vec::new(), dropped: Vec::new(), lenient: None }
    }

    /// The keys of the dropped entries of a top-level mapping (`title` for `title: [x]`, an
    /// id in a registry): a value missing because its entry was left out is no second error.
    pub fn dropped_keys(&self) -> Vec<String> {
        self.dropped.iter().filter_map(|e| entry_key(e)).collect()
    }
}

/// Files with more bad entries than this are given up on after that many errors.
const MAX_DROPPED: usize = 200;

/// How much YAML one file's mistakes may have parsed again, all rounds together: each
/// mistake parses the whole file again, so 250 mistakes in a registry of 4.5 MB were a
/// minute of `check`. A large file is given up on after fewer mistakes, but after 8 at least.
const MAX_REPARSED_BYTES: usize = 64 << 20;

/// Parses `src` into `T`, dropping the entries that fail.
pub fn parse_recovering<T: DeserializeOwned>(src: &SourceFile, entries: Entries<'_>) -> Recovered<T> {
    parse_recovering_within(src, entries, MAX_REPARSED_BYTES)
}

/// [`parse_recovering`], parsing the file again while `budget` bytes of YAML allow.
fn parse_recovering_within<T: DeserializeOwned>(src: &SourceFile, entries: Entries<'_>, budget: usize) -> Recovered<T> {
    let max_rounds = (budget / src.text.len().max(1)).clamp(8, 2 * MAX_DROPPED);
    let first = match parse::<T>(src) {
        Ok(v) => return Recovered::parsed(v),
        Err(d) => d,
    };
    let mut out = Recovered { value: None, diags: Vec::new(), dropped: Vec::new(), lenient: None };
    // The diagnostics when the lenient reading was made: more after it make it stale.
    let mut lenient_at = 0;
    if misshapen_document(src, &first) || !well_formed(src, entries, max_rounds) {
        out.diags.push(first);
        return out;
    }
    let mut file = Blanks::new(src, entries);
    let mut error = Some(first);
    let mut rounds = 0;
    loop {
        if rounds == max_rounds || out.dropped.len() >= MAX_DROPPED {
            // Said, so that a file given up on is not taken for one with only these mistakes.
            out.diags.push(
                Diagnostic::error(
                    &src.path,
                    format!("briefgen stopped reading this file after {} mistakes", out.diags.len()),
                )
                .help("fix the ones above and run again; the file is not used until it has fewer"),
            );
            break;
        }
        rounds += 1;
        match error.take() {
            Some(d) => {
                if !file.blame(d, &mut out) {
                    break;
                }
            }
            None => file.drop_entries_in_part(&mut out),
        }
        if out.dropped.len() >= MAX_DROPPED {
            continue;
        }
        match parse::<T>(&SourceFile::new(&src.path, file.lines.join("\n"))) {
            Ok(v) if file.in_part.is_empty() => {
                out.value = Some(v);
                break;
            }
            Ok(v) => {
                let blanked = file.in_part.iter().map(|(r, lines)| (r.clone(), file.key_names(lines))).collect();
                out.lenient = Some(Lenient { value: v, blanked });
                lenient_at = out.diags.len();
            }
            Err(d) => error = Some(with_snippet(src, d)),
        }
    }
    if out.value.is_none() || out.diags.len() != lenient_at {
        out.lenient = None;
    }
    out
}

/// A file being blanked out, entry by entry. In an entry with keys (a registry's entry, a
/// config key's mapping, an annotation's note or event) only the key with the error is
/// blanked at first, so that the entry's other mistakes are reported too; the entry is
/// dropped whole once it parses, or once an error comes of its blanked keys (a required key
/// missing, nothing left): it is not used with keys left out.
struct Blanks<'a> {
    src: &'a SourceFile,
    entries: Entries<'a>,
    lines: Vec<String>,
    /// Entries, innermost first: an annotation's list items, then top-level keys.
    ranges: Vec<Range<usize>>,
    /// Entries with keys blanked, and the lines blanked.
    in_part: Vec<(Range<usize>, Vec<usize>)>,
}

impl<'a> Blanks<'a> {
    fn new(src: &'a SourceFile, entries: Entries<'a>) -> Self {
        let original: Vec<&str> = src.text.split('\n').collect();
        let ranges = entry_ranges(&original, entries);
        let lines = original.iter().map(|l| (*l).to_owned()).collect();
        Blanks { src, entries, lines, ranges, in_part: Vec::new() }
    }

    /// Reports `d` unless it comes of a key blanked before, and blanks what it is in.
    /// `false` when there is nothing (more) to blank for it.
    fn blame(&mut self, d: Diagnostic, out: &mut Recovered<impl Sized>) -> bool {
        let line = d.line as usize;
        if line == 0 {
            out.diags.push(d);
            return false; // not located: no entry to blame
        }
        let Some(k) = self.ranges.iter().position(|r| r.contains(&(line - 1))) else {
            out.diags.push(d);
            return false;
        };
        let k = self.misshapen_parent(k, &d).unwrap_or(k);
        let range = self.ranges[k].clone();
        if self.lines[range.clone()].iter().all(|l| l.is_empty()) {
            out.diags.push(d);
            return false; // already blanked: the error is not the entry's
        }
        // A required key missing is no key to blank. In an entry with keys blanked, it comes of
        // an error reported already when a blanked key is that key or its misspelt name (`nme`
        // for `name`); else it is missing from what was written, a mistake of its own. An
        // error on a blanked line (a list item left with no key, its `-` alone) comes of one.
        let missing = d.message.strip_prefix("missing key `").and_then(|m| m.strip_suffix('`'));
        // So is an alias of an anchor in what was blanked for its own mistake.
        let of_anchor = d.message.contains("unknown anchor") && self.anchor_blanked();
        let at = line - 1;
        let of_blanked = of_anchor
            || self.in_part.iter().find(|(r, _)| *r == range).is_some_and(|(_, blanked)| match missing {
                Some(key) => accounts_for(&self.key_names(blanked), key),
                None => blanked.contains(&at),
            });
        // A wrong type where a key starts is the mapping's, not the key's (`verdicts:` with
        // `id:` under it, not a list): the entry's own mistake, which blanking a key would
        // only move to the next one.
        let of_entry = d.message.starts_with("wrong type")
            && self.keys_left(range.clone()).iter().any(|k| k.start == at && key_column(&self.lines[at]) == d.col);
        let whole = of_blanked || missing.is_some() || of_entry;
        if !of_blanked {
            out.diags.push(if missing.is_some() { self.at_mapping_start(d, range.clone()) } else { d });
        }
        if whole {
            self.drop_whole(range, out);
            return true;
        }
        match self.key_at(range.clone(), at) {
            Some(key) => self.blank_key(range, key),
            None => self.drop_whole(range, out),
        }
        true
    }

    /// The top-level key whose value is of the wrong shape, for a wrong type where the first
    /// entry under it starts (at its `-` or its key): a mapping where a list is expected
    /// (`notes:`, then `quote: x`) or a list where a mapping is. That is the key's one
    /// mistake, not its first entry's (whose own wrong type is at its value: `- 5`).
    fn misshapen_parent(&self, k: usize, d: &Diagnostic) -> Option<usize> {
        let Entries::Under(_) = self.entries else { return None };
        let at = d.line as usize - 1;
        let parent = self.ranges.iter().rposition(|r| r.contains(&at))?;
        let first = (self.ranges[parent].start + 1..at + 1).find(|&j| indent(&self.lines[j]).is_some());
        let starts = indent(&self.lines[at]).is_some_and(|i| i + 1 == d.col as usize);
        (d.message.starts_with("wrong type") && parent != k && first == Some(at) && starts).then_some(parent)
    }

    /// The names of the keys that start on `blanked` lines (`nme` for `  nme: x`).
    fn key_names(&self, blanked: &[usize]) -> Vec<String> {
        let original: Vec<&str> = self.src.text.split('\n').collect();
        blanked.iter().filter_map(|&j| key_name(original[j])).collect()
    }

    /// A required key missing, located where the entry's mapping starts as written, not
    /// where it starts once keys before it were blanked.
    fn at_mapping_start(&self, mut d: Diagnostic, entry: Range<usize>) -> Diagnostic {
        let original: Vec<&str> = self.src.text.split('\n').collect();
        let first = original[entry.start];
        let head = is_item(first) && !first.trim_start_matches(' ')[1..].trim().is_empty();
        let start = if head {
            Some(entry.start)
        } else {
            (entry.start + 1..entry.end).find(|&j| indent(original[j]).is_some())
        };
        if let Some(j) = start {
            d.line = j as u32 + 1;
            d.col = key_column(original[j]);
            d.snippet = Some(crate::diag::Snippet::new(original[j].trim_end_matches('\r'), d.col));
        }
        d
    }

    /// Whether a line blanked out defined an anchor (`&name`).
    fn anchor_blanked(&self) -> bool {
        self.src.text.split('\n').zip(&self.lines).any(|(was, now)| now.len() < was.len() && was.contains('&'))
    }

    /// The key of `entry` that line `at` is in, with its lines ([`entry_keys`]).
    fn key_at(&self, entry: Range<usize>, at: usize) -> Option<Range<usize>> {
        self.keys_left(entry).into_iter().find(|r| r.contains(&at))
    }

    /// The keys of `entry` not blanked.
    fn keys_left(&self, entry: Range<usize>) -> Vec<Range<usize>> {
        let lines: Vec<&str> = self.lines.iter().map(String::as_str).collect();
        entry_keys(&lines, entry)
    }

    fn blank_key(&mut self, entry: Range<usize>, key: Range<usize>) {
        let blanked: Vec<usize> = key.clone().collect();
        // The entry's last key leaves an empty mapping, not nothing: what the entry lacks
        // then (a required key not written) is told from what its own mistakes left out.
        let last = self.keys_left(entry.clone()).len() == 1;
        for j in key.clone() {
            let line = &self.lines[j];
            let dash = line.len() - line.trim_start_matches(' ').len();
            let at = (key_column(line) - 1) as usize;
            self.lines[j] = match (j == key.start, last) {
                (true, true) if is_item(line) => format!("{}{{}}", &line[..at]),
                (true, true) => format!("{}{{}}", " ".repeat(at)),
                // A list item's dash stays, so that its other keys remain one item.
                (true, false) if is_item(line) => line[..=dash].to_owned(),
                _ => String::new(),
            };
        }
        match self.in_part.iter_mut().find(|(r, _)| *r == entry) {
            Some((_, lines)) => lines.extend(blanked),
            None => self.in_part.push((entry, blanked)),
        }
    }

    /// Drops the entries whose keys with errors are blanked and which parse without them.
    fn drop_entries_in_part(&mut self, out: &mut Recovered<impl Sized>) {
        for (entry, _) in std::mem::take(&mut self.in_part) {
            self.drop_whole(entry, out);
        }
    }

    fn drop_whole(&mut self, range: Range<usize>, out: &mut Recovered<impl Sized>) {
        self.in_part.retain(|(r, _)| *r != range);
        let original: Vec<&str> = self.src.text.split('\n').collect();
        out.dropped.push(original[range.clone()].join("\n"));
        self.lines[range].fill(String::new());
        if let Entries::Under(keys) = self.entries {
            close_emptied(&mut self.lines, self.src, keys);
        }
    }
}

/// The keys of an entry in block style, each with the lines under it: those of a list item
/// (`- quote: x`, then `  kind: y`), of a mapping under a key (`ent:`, then `  name: x`), or
/// of each item of a list under a key (`verdicts:`, then `  - id: x`). None when the entry,
/// or one of its items, is in flow style (`- {quote: x}`, `ent: {name: x}`) or no mapping.
fn entry_keys(lines: &[&str], entry: Range<usize>) -> Vec<Range<usize>> {
    let first = lines[entry.start];
    if is_item(first) {
        return item_keys(lines, entry);
    }
    let head = first.trim_end_matches('\r');
    if !head.split(" #").next().unwrap_or(head).trim_end().ends_with(':') {
        return Vec::new(); // a value on the key's line: a scalar, a flow mapping or list
    }
    let body = entry.start + 1..entry.end;
    let Some(inner) = body.clone().find_map(|j| indent(lines[j])) else { return Vec::new() };
    let under = items(lines, body, inner);
    if under.iter().all(|r| starts_key(lines[r.start])) {
        return under;
    }
    let keys: Vec<_> = under.into_iter().map(|item| item_keys(lines, item)).collect();
    if keys.iter().any(Vec::is_empty) { Vec::new() } else { keys.concat() }
}

/// The lines of each key of a list item in block style (`- quote: x` and the lines under
/// it); none when the item is not a block mapping (`- {quote: x}`, `- text`).
fn item_keys(lines: &[&str], item: Range<usize>) -> Vec<Range<usize>> {
    let first = lines[item.start];
    if !is_item(first) {
        return Vec::new();
    }
    let after_dash = &first.trim_start_matches(' ')[1..];
    let at = first.len() - after_dash.trim_start_matches(' ').len();
    let mut keys = Vec::new();
    let head_key = after_dash.trim_start_matches(' ');
    let rest = item.start + 1..item.end;
    let inner = if head_key.is_empty() { rest.clone().find_map(|j| indent(lines[j])) } else { Some(at) };
    let Some(inner) = inner else { return Vec::new() };
    let under = items(lines, rest, inner);
    if !head_key.is_empty() {
        if !starts_key(head_key) {
            return Vec::new();
        }
        let end = under.first().map_or(item.end, |r| r.start);
        keys.push(item.start..end);
    }
    for r in under {
        if !starts_key(lines[r.start]) {
            return Vec::new();
        }
        keys.push(r);
    }
    keys
}

/// The column (1-based) of the key a key's first line starts with (`name` in `  - name: x`).
fn key_column(line: &str) -> u32 {
    let body = line.trim_start_matches(' ');
    let body = body.strip_prefix('-').map_or(body, |b| b.trim_start_matches(' '));
    (line.len() - body.len() + 1) as u32
}

/// The name of the key a line starts (`name` in `  - name: x`).
fn key_name(line: &str) -> Option<String> {
    let body = &line[(key_column(line) - 1) as usize..];
    starts_key(body).then(|| body.split_once(':').map(|(k, _)| k.to_owned())).flatten()
}

/// The top-level entries of `text`, each as its 0-based lines and its key, if it has one: what
/// [`TopLevelKeys::at`] looks a line up in, read once for every line looked up.
pub struct TopLevelKeys(Vec<(Range<usize>, Option<String>)>);

impl TopLevelKeys {
    pub fn of(text: &str) -> Self {
        let lines: Vec<&str> = text.split('\n').collect();
        let entries = entry_ranges(&lines, Entries::TopLevel).into_iter();
        TopLevelKeys(entries.map(|r| (r.clone(), r.into_iter().find_map(|j| key_name(lines[j])))).collect())
    }

    /// The key whose entry holds 1-based `line` (`verdicts` for a line of its list), if any.
    pub fn at(&self, line: u32) -> Option<&str> {
        let at = (line as usize).checked_sub(1)?;
        self.0.iter().find(|(r, _)| r.contains(&at))?.1.as_deref()
    }
}

/// Whether a line starts a list item (`- x`, `-` alone).
fn is_item(line: &str) -> bool {
    let body = line.trim_start_matches(' ').trim_end_matches('\r');
    body == "-" || body.starts_with("- ") || body.starts_with("-\t")
}

/// Whether a line starts a key of a block mapping (`name: x`, `name:`).
fn starts_key(line: &str) -> bool {
    let body = line.trim_start_matches(' ').trim_end_matches('\r');
    let name = body.split_once(':').map_or("", |(k, _)| k);
    let rest = &body[name.len()..];
    !name.is_empty()
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        && (rest == ":" || rest.starts_with(": ") || rest.starts_with(":\t"))
}

/// The error of a blanked text, with the original line as its snippet.
fn with_snippet(src: &SourceFile, mut d: Diagnostic) -> Diagnostic {
    if d.line > 0 {
        d.snippet = src.line(d.line).map(|l| crate::diag::Snippet::new(l, d.col));
    }
    d
}

/// Whether the file parses as plain YAML, so that errors are about values, not structure;
/// keys written twice aside, within `max_rounds` parses.
fn well_formed(src: &SourceFile, entries: Entries<'_>, max_rounds: usize) -> bool {
    let shape = |s: &SourceFile| {
        let map = parse::<OrderedMap<IgnoredAny>>(s).map(|_| ());
        match (map, entries) {
            (Err(d), Entries::TopLevel) if !is_duplicate(&d) => parse::<Vec<IgnoredAny>>(s).map(|_| ()),
            (map, _) => map,
        }
    };
    // A key written twice is a mistake of its entry, blanked like any other (its other
    // mistakes, and the file's, are still reported), provided the file parses without the
    // repeated keys.
    let mut lines: Vec<String> = src.text.split('\n').map(str::to_owned).collect();
    for _ in 0..max_rounds {
        match shape(&SourceFile::new(&src.path, lines.join("\n"))) {
            Ok(()) => return true,
            Err(d) if is_duplicate(&d) && d.line as usize <= lines.len() => {
                blank_key_lines(&mut lines, d.line as usize - 1)
            }
            Err(_) => return false,
        }
    }
    false
}

/// Whether `d` is a wrong type for the whole document (`entities.yaml` written as a list,
/// `events.yaml` as a mapping): the file's one mistake, not its first entry's. Blanking
/// entries would leave an empty file, read as one that defines nothing, and every reference
/// to what it meant to define would be a second error.
fn misshapen_document(src: &SourceFile, d: &Diagnostic) -> bool {
    if !d.message.starts_with("wrong type") || d.line == 0 || !super::starts_document(&src.text, d.line) {
        return false;
    }
    let line = src.text.split('\n').nth(d.line as usize - 1).unwrap_or("");
    indent(line).is_some_and(|i| i + 1 == d.col as usize)
}

fn is_duplicate(d: &Diagnostic) -> bool {
    d.line > 0 && d.message.starts_with("duplicate key `")
}

/// Blanks the key on line `at` and the lines under it that are indented more.
fn blank_key_lines(lines: &mut [String], at: usize) {
    let key = key_column(&lines[at]) as usize - 1;
    let end = (at + 1..lines.len()).find(|&j| indent(&lines[j]).is_some_and(|i| i <= key)).unwrap_or(lines.len());
    lines[at..end].iter_mut().for_each(String::clear);
}

/// The line ranges (0-based, end exclusive) of the file's entries, in block style: an entry
/// starts at a line with the entries' indentation that is not a comment, and runs to the
/// next one or to a line indented less.
fn entry_ranges(lines: &[&str], entries: Entries<'_>) -> Vec<Range<usize>> {
    let top = items(lines, 0..lines.len(), 0);
    match entries {
        Entries::TopLevel => top,
        Entries::Under(keys) => {
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
            // Looked in before the top-level keys, so that an error in an item drops the
            // item only.
            [out, top].concat()
        }
    }
}

/// Which of `keys` opens a list or mapping on `line` (`notes:`, `notes: # a comment`).
fn list_key<'k>(line: &str, keys: &[&'k str]) -> Option<&'k str> {
    keys.iter()
        .copied()
        .find(|key| line.strip_prefix(key).is_some_and(|r| r.split(" #").next().unwrap_or(r).trim() == ":"))
}

/// Writes `key: []` for a list whose every item was dropped (`key: {}` for a mapping):
/// `notes:` alone is no list, and would be a second error for the same mistake.
fn close_emptied(lines: &mut [String], src: &SourceFile, keys: &[&str]) {
    let original: Vec<&str> = src.text.split('\n').collect();
    for k in 0..lines.len() {
        let Some(key) = list_key(&lines[k], keys) else { continue };
        let end = (k + 1..lines.len()).find(|&j| indent(&lines[j]) == Some(0)).unwrap_or(lines.len());
        if lines[k + 1..end].iter().all(|l| indent(l).is_none()) {
            let list = (k + 1..end).find(|&j| indent(original[j]).is_some()).is_none_or(|j| is_item(original[j]));
            lines[k] = format!("{key}: {}", if list { "[]" } else { "{}" });
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
        // `c`, of one key, is dropped at once; `a` once its keys with errors are all reported.
        assert_eq!(keys, ["c", "a"]);
    }

    #[test]
    fn a_file_of_the_wrong_shape_is_one_error_and_not_read_as_empty() {
        // A registry of ids written as a list, and a list of events written as ids.
        let (value, errors, dropped) = check::<OrderedMap<Entry>>("# people\n- id: a\n  name: A\n", Entries::TopLevel);
        assert!(value.is_none(), "not an empty registry, whose references would all be unknown");
        assert_eq!((errors, dropped.len()), (vec![(2, "wrong type: expected a mapping".to_owned())], 0));
        let (value, errors, _) = check::<Vec<Entry>>("a:\n  name: A\n", Entries::TopLevel);
        assert!(value.is_none());
        assert_eq!(errors, [(1, "wrong type: expected a list".to_owned())]);
        // An annotation written as its list of notes.
        let (value, errors, _) = check::<Doc>("- name: a\n", Entries::Under(&["notes"]));
        assert!(value.is_none());
        assert_eq!(errors, [(1, "wrong type: expected a mapping".to_owned())]);
        // A wrong type in the first entry is that entry's alone.
        let (value, errors, _) = check::<OrderedMap<Entry>>("a:\n  - name: A\nb:\n  name: B\n", Entries::TopLevel);
        assert_eq!(value.unwrap().0.len(), 1);
        assert_eq!(errors.len(), 1, "{errors:?}");
    }

    #[test]
    fn a_file_given_up_on_says_so() {
        let text: String = (0..MAX_DROPPED + 5).map(|i| format!("e{i}:\n  name: N\n  kind: persn\n")).collect();
        let (value, errors, dropped) = check::<OrderedMap<Entry>>(&text, Entries::TopLevel);
        assert!(value.is_none());
        assert!(dropped.len() >= MAX_DROPPED);
        let (last, mistakes) = errors.split_last().unwrap();
        assert_eq!(last.1, format!("briefgen stopped reading this file after {} mistakes", mistakes.len()));
        assert!(mistakes.iter().all(|(_, m)| m == "unknown value `persn`"));
    }

    #[test]
    fn a_large_file_is_given_up_on_after_fewer_mistakes() {
        let text: String = (0..40).map(|i| format!("e{i}:\n  name: N\n  kind: persn\n")).collect();
        let r = parse_recovering_within::<OrderedMap<Entry>>(
            &SourceFile::new("a.yaml", &*text),
            Entries::TopLevel,
            10 * text.len(),
        );
        assert!(r.value.is_none());
        let (last, mistakes) = r.diags.split_last().unwrap();
        assert_eq!(last.message, format!("briefgen stopped reading this file after {} mistakes", mistakes.len()));
        assert!((5..=10).contains(&mistakes.len()), "{}", mistakes.len());
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
        let (value, errors, _) = check::<Doc>(text, Entries::Under(&["notes"]));
        assert_eq!(value.unwrap().notes.len(), 1);
        assert_eq!(errors, [(4, "unknown value `persn`".to_owned()), (6, "unknown key `nme`".to_owned())]);
    }

    #[test]
    fn every_key_of_a_note_with_a_mistake_is_reported_and_the_note_dropped() {
        let text = "title: T\nnotes:\n  - name: a\n    kind: persn\n    # a comment\n    nme: x\n  - name: b\n";
        let (value, errors, dropped) = check::<Doc>(text, Entries::Under(&["notes"]));
        assert_eq!(errors, [(4, "unknown value `persn`".to_owned()), (6, "unknown key `nme`".to_owned())]);
        let notes = value.unwrap().notes;
        assert_eq!(notes.iter().map(|n| n.name.as_str()).collect::<Vec<_>>(), ["b"], "not used with keys left out");
        assert_eq!(dropped, ["  - name: a\n    kind: persn\n    # a comment\n    nme: x"], "the note, whole");
    }

    #[test]
    fn the_lenient_reading_keeps_notes_without_their_bad_keys_and_names_them() {
        let text = "title: T\nnotes:\n  - name: a\n    kind: persn\n    nme: x\n  - name: b\n  - kind: place\n";
        let src = SourceFile::new("f.yaml", text.to_owned());
        let out = parse_recovering::<Doc>(&src, Entries::Under(&["notes"]));
        assert_eq!(out.value.unwrap().notes.len(), 1, "`b` alone is used");
        let lenient = out.lenient.expect("a lenient reading");
        let names: Vec<&str> = lenient.value.notes.iter().map(|n| n.name.as_str()).collect();
        // `a` without `kind` and `nme`; not the note without its required `name`.
        assert_eq!(names, ["a", "b"]);
        assert_eq!(blanked_at(&lenient.blanked, 3), ["kind", "nme"]);
        assert!(blanked_at(&lenient.blanked, 6).is_empty());
        // A file whose structure does not parse has none.
        let src = SourceFile::new("f.yaml", "notes:\n  - name: \"a\n".to_owned());
        assert!(parse_recovering::<Doc>(&src, Entries::Under(&["notes"])).lenient.is_none());
    }

    #[test]
    fn a_key_written_twice_is_one_mistake_and_the_file_still_read() {
        let text =
            "title: T\nnotes:\n  - name: a\n    kind: person\n    kind: place\n  - name: b\n  - name: c\n    nme: d\n";
        let (value, errors, _) = check::<Doc>(text, Entries::Under(&["notes"]));
        assert_eq!(errors, [(5, "duplicate key `kind`".to_owned()), (8, "unknown key `nme`".to_owned())]);
        assert_eq!(value.unwrap().notes.len(), 1, "`b`");
        // A top-level key twice: the first is kept.
        let (value, errors, _) = check::<Doc>("title: T\ntitle: U\nnotes: []\n", Entries::Under(&["notes"]));
        assert_eq!((value.unwrap().title, errors.len()), (Some("T".to_owned()), 1));
        // With a syntax error besides, the file is not read: that error's place need not be
        // its entry's.
        let (value, errors, _) = check::<Doc>("title: T\ntitle: U\nnotes: [\n", Entries::Under(&["notes"]));
        assert!(value.is_none() && errors.len() == 1, "{errors:?}");
    }

    #[test]
    fn a_required_key_of_a_note_left_out_for_its_mistake_is_not_reported_missing() {
        for (text, lines) in [
            // The first key, on the dash line, then another; or the only key with a mistake.
            ("notes:\n  - name: [a]\n    kind: persn\n  - name: b\n", vec![2, 3]),
            ("notes:\n  - kind: persn\n    name: [a]\n  - name: b\n", vec![2, 3]),
            ("notes:\n  - name: [a]\n    kind: place\n  - name: b\n", vec![2]),
            // A misspelt required key is one mistake: `nme`, not a missing `name` as well.
            ("notes:\n  - nme: a\n    kind: place\n  - name: b\n", vec![2]),
            ("notes:\n  -\n    kind: persn\n    nme: a\n  - name: b\n", vec![3, 4]),
            // A note without the required key, and no other mistake: that one error.
            ("notes:\n  - kind: place\n  - name: b\n", vec![2]),
            // Written as a flow mapping, a note is one entry: its first mistake.
            ("notes:\n  - {name: [a], kind: persn}\n  - name: b\n", vec![2]),
            // Lines ending in CR LF, as Windows editors write them; a value under its key.
            ("notes:\r\n  - name: [a]\r\n    kind:\r\n      persn\r\n  - name: b\r\n", vec![2, 4]),
        ] {
            let (value, errors, dropped) = check::<Doc>(text, Entries::Under(&["notes"]));
            assert_eq!(errors.iter().map(|(l, _)| *l).collect::<Vec<_>>(), lines, "{text:?}: {errors:?}");
            assert_eq!(value.map(|v| v.notes.len()), Some(1), "{text:?}");
            assert_eq!(dropped.len(), 1, "{text:?}");
        }
    }

    #[test]
    fn every_key_of_a_registry_entry_with_a_mistake_is_reported_and_the_entry_dropped() {
        let text = "a:\n  name: A\n  kind: persn\n  # a comment\n  alaises: [x]\nb:\n  name: B\n";
        let (value, errors, dropped) = check::<OrderedMap<Entry>>(text, Entries::TopLevel);
        assert_eq!(errors, [(3, "unknown value `persn`".to_owned()), (5, "unknown key `alaises`".to_owned())]);
        let ids: Vec<String> = value.unwrap().0.into_iter().map(|(k, _)| k.value).collect();
        assert_eq!(ids, ["b"], "not used with keys left out");
        assert_eq!(dropped, ["a:\n  name: A\n  kind: persn\n  # a comment\n  alaises: [x]"], "the entry, whole");
        // An item of a registry that is a list, the same.
        let text = "- name: a\n  kind: persn\n  nme: x\n- name: b\n";
        let (value, errors, dropped) = check::<Vec<Entry>>(text, Entries::TopLevel);
        assert_eq!(errors, [(2, "unknown value `persn`".to_owned()), (3, "unknown key `nme`".to_owned())]);
        assert_eq!(value.unwrap().len(), 1);
        assert_eq!(dropped, ["- name: a\n  kind: persn\n  nme: x"]);
    }

    #[test]
    fn what_the_keys_of_a_registry_entry_left_out_would_mean_is_no_second_error() {
        for (text, lines) in [
            // A misspelt required key is one mistake: `nme`, not a missing `name` as well,
            // in the first entry, in the last, and with every key of the entry blanked.
            ("a:\n  nme: A\n  kind: persn\nb:\n  name: B\n", vec![2, 3]),
            ("b:\n  name: B\na:\n  kind: persn\n  nme: A\n", vec![4, 5]),
            ("a:\n  name: [A]\n  kind: persn\nb:\n  name: B\n", vec![2, 3]),
            ("a:\n  nme: A\n  kind: place\nb:\n  name: B\n", vec![2]),
            // An entry without the required key, and no other mistake: that one error.
            ("a:\n  kind: place\nb:\n  name: B\n", vec![2]),
            // A list where the entry's mapping is expected is one mistake.
            ("a:\n  - name: A\n    kind: persn\nb:\n  name: B\n", vec![2]),
            // In flow style, or with one key, an entry is dropped whole at its first mistake.
            ("a: {name: [A], kind: persn}\nb:\n  name: B\n", vec![1]),
            ("a:\n  name: [A]\nb:\n  name: B\n", vec![2]),
            // Lines ending in CR LF; a value under its key.
            ("a:\r\n  kind:\r\n    persn\r\n  nme: A\r\nb:\r\n  name: B\r\n", vec![3, 4]),
        ] {
            let (value, errors, dropped) = check::<OrderedMap<Entry>>(text, Entries::TopLevel);
            assert_eq!(errors.iter().map(|(l, _)| *l).collect::<Vec<_>>(), lines, "{text:?}: {errors:?}");
            let ids: Vec<String> = value.unwrap().0.into_iter().map(|(k, _)| k.value).collect();
            assert_eq!(ids, ["b"], "{text:?}");
            let keys: Vec<_> = dropped.iter().filter_map(|e| entry_key(e)).collect();
            assert_eq!(keys, ["a"], "{text:?}");
        }
    }

    #[test]
    fn a_required_key_not_written_is_reported_beside_the_entrys_other_mistakes() {
        let missing = |line| (line, "missing key `name`".to_owned());
        for (text, errors) in [
            // The entry's only key, and one of two: the missing key where the entry starts.
            ("a:\n  kind: persn\nb:\n  name: B\n", vec![(2, "unknown value `persn`".to_owned()), missing(2)]),
            (
                "a:\n  kind: persn\n  # c\n  kind2: x\nb:\n  name: B\n",
                vec![(2, "unknown value `persn`".to_owned()), (4, "unknown key `kind2`".to_owned()), missing(2)],
            ),
            // Left out for its own mistake, or written misspelt: no second error.
            ("a:\n  name: [A]\nb:\n  name: B\n", vec![(2, "wrong type for `name`: expected a text".to_owned())]),
        ] {
            let (value, found, dropped) = check::<OrderedMap<Entry>>(text, Entries::TopLevel);
            assert_eq!(found, errors, "{text:?}");
            assert_eq!(value.unwrap().0.len(), 1, "{text:?}");
            assert_eq!(dropped.len(), 1, "{text:?}");
        }
        let text = "notes:\n  - kind: persn\n  -\n    kind: place\n    nam: x\n  - name: b\n";
        let (value, found, _) = check::<Doc>(text, Entries::Under(&["notes"]));
        let lines: Vec<_> = found.iter().map(|(l, m)| format!("{l} {m}")).collect();
        assert_eq!(lines, ["2 unknown value `persn`", "2 missing key `name`", "5 unknown key `nam`"]);
        assert_eq!(value.unwrap().notes.len(), 1);
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Manifest {
        name: Option<String>,
        settings: Option<OrderedMap<Entry>>,
    }

    #[test]
    fn every_mistake_in_an_entry_of_a_mapping_under_a_key_is_reported() {
        let text = "settings:\n  a:\n    kind: persn\n    nme: x\n  b:\n    name: B\nname: N\n";
        let (value, errors, dropped) = check::<Manifest>(text, Entries::Under(&["settings"]));
        assert_eq!(errors, [(3, "unknown value `persn`".to_owned()), (4, "unknown key `nme`".to_owned())]);
        let value = value.unwrap();
        let ids: Vec<String> = value.settings.unwrap().0.into_iter().map(|(k, _)| k.value).collect();
        assert_eq!((ids, value.name.as_deref()), (vec!["b".to_owned()], Some("N")));
        assert_eq!(dropped.iter().filter_map(|e| entry_key(e)).collect::<Vec<_>>(), ["a"]);
        // A list where the mapping is expected, or a mapping where a list is: the key's one
        // mistake; a wrong item in a list, the item's.
        let (value, errors, _) = check::<Manifest>("settings:\n  - a\nname: N\n", Entries::Under(&["settings"]));
        assert_eq!(errors, [(2, "wrong type for `settings`: expected a mapping".to_owned())]);
        assert_eq!(value.unwrap().name.as_deref(), Some("N"));
        let (value, errors, _) = check::<Doc>("notes:\n  name: a\ntitle: T\n", Entries::Under(&["notes"]));
        assert_eq!((errors.len(), value.unwrap().title.as_deref()), (1, Some("T")), "{errors:?}");
        let (value, errors, _) = check::<Doc>("notes:\n  - 5\n  - name: b\n", Entries::Under(&["notes"]));
        assert_eq!((errors.len(), value.unwrap().notes.len()), (1, 1), "{errors:?}");
        // Every entry left out: an empty mapping, not a second error.
        let (value, errors, _) =
            check::<Manifest>("settings:\n  a: {kind: persn}\nname: N\n", Entries::Under(&["settings"]));
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(value.unwrap().settings.map(|s| s.0.len()), Some(0));
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Config {
        title: Option<String>,
        outputs: Option<Outputs>,
        verdicts: Option<Vec<Entry>>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Outputs {
        search: Option<bool>,
        exports: Option<bool>,
    }

    #[test]
    fn every_mistake_in_a_mapping_or_a_list_item_of_a_config_key_is_reported() {
        let text = "outputs:\n  search: maybe\n  exports: 3\nverdicts:\n  - name: a\n    kind: persn\n    nme: x\n  - name: b\ntitle: T\n";
        let (value, errors, dropped) = check::<Config>(text, Entries::TopLevel);
        let lines: Vec<u32> = errors.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, [2, 3, 6, 7], "{errors:?}");
        let config = value.unwrap();
        assert!(config.outputs.is_none() && config.verdicts.is_none(), "each left out whole");
        assert_eq!(config.title.as_deref(), Some("T"));
        let keys: Vec<_> = dropped.iter().filter_map(|e| entry_key(e)).collect();
        assert_eq!(keys, ["outputs", "verdicts"]);
        // A mapping where a list is expected is one mistake, not one per key.
        let (value, errors, _) = check::<Config>("verdicts:\n  name: a\n  kind: persn\ntitle: T\n", Entries::TopLevel);
        assert_eq!(errors, [(2, "wrong type for `verdicts`: expected a list".to_owned())]);
        assert_eq!(value.unwrap().title.as_deref(), Some("T"));
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
        let (value, errors, dropped) = check::<Doc>(text, Entries::Under(&["notes"]));
        assert!(value.unwrap().notes.is_empty());
        let lines: Vec<u32> = errors.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, [1, 4, 5, 6], "{errors:?}");
        let keys: Vec<_> = dropped.iter().filter_map(|e| entry_key(e)).collect();
        // The note is dropped once its keys with errors are all reported, at the end.
        assert_eq!(keys, ["titel", "title", "notes2", "- name"]);
        // A bad `notes:` value as a whole is its key's entry.
        let (value, errors, _) = check::<Doc>("notes: 3\ntitle: T\n", Entries::Under(&["notes"]));
        assert_eq!((value.unwrap().title.as_deref(), errors.len()), (Some("T"), 1));
    }

    #[test]
    fn a_key_dropped_or_misspelt_accounts_for_its_absence() {
        let dropped = ["titel".to_owned(), "tags".to_owned()];
        assert!(accounts_for(&dropped, "title"));
        assert!(accounts_for(&dropped, "tags"));
        assert!(!accounts_for(&dropped, "published"));
    }

    #[test]
    fn an_alias_of_a_dropped_anchor_is_no_second_error() {
        let text = "extra: &n [{name: a}]\nnotes: *n\ntitle: T\n";
        let (value, errors, dropped) = check::<Doc>(text, Entries::Under(&["notes"]));
        assert_eq!(errors, [(1, "unknown key `extra`".to_owned())]);
        assert_eq!(dropped.len(), 2);
        assert_eq!(value.unwrap().title.as_deref(), Some("T"));
    }

    #[test]
    fn ids_of_dropped_entries() {
        assert_eq!(ids_in("- id: talks # x\n  date: 2020\n-   title: x\n    id: \"vote\"\n"), ["talks", "vote"]);
    }
}
