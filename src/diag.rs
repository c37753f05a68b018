//! Diagnostics: every problem a user can fix is a [`Diagnostic`] naming the file, line and
//! column, what is wrong and how to fix it. Stages collect them in [`Diags`] instead of stopping
//! at the first; `main` prints them in one of three formats and picks the exit code.
//!
//! Diagnostics are created where the source text is at hand ([`SourceFile::diag`]), so each one
//! carries the offending line for the snippet; printing never reads files.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::Serialize;

/// How bad a problem is: errors fail `build` and `check`, warnings only with `--deny-warnings`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem, located in a file of the site (path relative to the site root).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    #[serde(serialize_with = "serialize_path")]
    pub file: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: u32,
    /// 1-based column in characters; 0 when unknown.
    #[serde(rename = "column")]
    pub col: u32,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The source line the problem is on, for the human format.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "serialize_snippet")]
    pub snippet: Option<Snippet>,
}

/// The source line a problem is on, as it is shown under the message: all of it, or
/// [`SNIPPET_CHARS`] characters of it around the problem's column, with `…` where it is cut.
/// Cut when the diagnostic is made, not when it is printed: many problems on one long line
/// (20,000 unknown ids in a flow list of 150 KB) each held the whole line, 3 GB.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snippet {
    pub text: String,
    /// The problem's column in `text` (1-based; 0 for none).
    pub col: u32,
}

impl Snippet {
    /// The part of `line` shown for a problem at column `col` (1-based; 0 for none).
    pub fn new(line: &str, col: u32) -> Snippet {
        let (text, col) = window(line, col as usize);
        Snippet { text: text.into_owned(), col: col as u32 }
    }
}

fn serialize_path<S: serde::Serializer>(path: &Path, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&display_path(path))
}

/// A path as users see it in messages: forward slashes on every platform.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

impl Diagnostic {
    pub fn new(severity: Severity, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic { severity, file: file.into(), line: 0, col: 0, message: message.into(), help: None, snippet: None }
    }

    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file, message)
    }

    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, file, message)
    }

    pub fn at(mut self, line: u32, col: u32) -> Self {
        self.line = line;
        self.col = col;
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The hint `help`, unless the diagnostic has one already.
    pub fn or_help(self, help: impl Into<String>) -> Self {
        if self.help.is_some() { self } else { self.help(help) }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col`, leaving out what is unknown.
    pub fn location(&self) -> String {
        let mut s = display_path(&self.file);
        if self.line > 0 {
            let _ = write!(s, ":{}", self.line);
            if self.col > 0 {
                let _ = write!(s, ":{}", self.col);
            }
        }
        s
    }
}

/// A file's text with its path, so diagnostics about it can quote the line they point at.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    /// The text, never changed once the file is made (its line index is made from it).
    pub text: String,
    /// The byte offset where each line starts, made at the first diagnostic: a file's lines
    /// are found once, not once per diagnostic (60,000 warnings in a registry of 4 MB took
    /// minutes).
    line_starts: OnceLock<Vec<u32>>,
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        SourceFile { path: path.into(), text: text.into(), line_starts: OnceLock::new() }
    }

    /// A diagnostic at `line:col` of this file, with that line as its snippet.
    pub fn diag(&self, severity: Severity, line: u32, col: u32, message: impl Into<String>) -> Diagnostic {
        let mut d = Diagnostic::new(severity, &self.path, message).at(line, col);
        d.snippet = self.line(line).map(|l| Snippet::new(l, col));
        d
    }

    /// The 1-based line `line` without its line break, as `str::lines` gives it.
    pub fn line(&self, line: u32) -> Option<&str> {
        let starts = self.line_starts();
        let i = (line as usize).checked_sub(1)?;
        let start = *starts.get(i)? as usize;
        if start >= self.text.len() {
            return None;
        }
        match starts.get(i + 1) {
            Some(&next) => {
                let l = &self.text[start..next as usize - 1];
                Some(l.strip_suffix('\r').unwrap_or(l))
            }
            None => Some(&self.text[start..]),
        }
    }

    fn line_starts(&self) -> &[u32] {
        self.line_starts.get_or_init(|| {
            let breaks = memchr::memchr_iter(b'\n', self.text.as_bytes()).map(|i| i as u32 + 1);
            std::iter::once(0).chain(breaks).collect()
        })
    }

    pub fn error(&self, line: u32, col: u32, message: impl Into<String>) -> Diagnostic {
        self.diag(Severity::Error, line, col, message)
    }

    pub fn warning(&self, line: u32, col: u32, message: impl Into<String>) -> Diagnostic {
        self.diag(Severity::Warning, line, col, message)
    }

    /// 1-based line and character column of a byte offset into the text.
    pub fn position_of(&self, offset: usize) -> (u32, u32) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let starts = self.line_starts();
        let line = starts.partition_point(|&s| s as usize <= offset);
        let line_start = starts[line - 1] as usize;
        let col = self.text[line_start..offset].chars().count() as u32 + 1;
        (line as u32, col)
    }

    /// The byte offset of a 1-based line and character column, as [`SourceFile::position_of`]
    /// gives them; a column past the end of its line is the line's end.
    pub fn offset_of(&self, line: u32, col: u32) -> Option<usize> {
        let start = self.line_starts().get(line.checked_sub(1)? as usize).map_or(self.text.len(), |&s| s as usize);
        let text = self.text.get(start..)?;
        let line_text = text.split('\n').next().unwrap_or_default();
        let within = line_text.char_indices().nth(col.saturating_sub(1) as usize).map_or(line_text.len(), |(i, _)| i);
        Some(start + within)
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A collector of diagnostics: stages push every problem and go on.
#[derive(Clone, Debug, Default)]
pub struct Diags {
    items: Vec<Diagnostic>,
}

impl Diags {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// The diagnostics in a stable order: by file, then position, errors before warnings.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.file, a.line, a.col, a.severity, &a.message).cmp(&(&b.file, b.line, b.col, b.severity, &b.message))
        });
        self.items.dedup();
        merge_references(self.items)
    }
}

/// The messages of a reference to an id no registry defines: the same id referred to in
/// many places (an entity renamed, a story id misspelt in its definition) is one mistake.
const REFERENCES: [&str; 4] = ["unknown entity `", "unknown story `", "unknown outlet `", "unknown event `"];

/// Each reference error once, at its first place, its help naming the other places.
fn merge_references(items: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut first: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut others: Vec<Vec<String>> = Vec::new();
    let mut out: Vec<Diagnostic> = Vec::with_capacity(items.len());
    for d in items {
        let merges = d.severity == Severity::Error && REFERENCES.iter().any(|r| d.message.starts_with(r));
        match first.get(&d.message) {
            Some(&i) if merges => others[i].push(d.location()),
            _ => {
                if merges {
                    first.insert(d.message.clone(), out.len());
                }
                others.push(Vec::new());
                out.push(d);
            }
        }
    }
    for (d, places) in out.iter_mut().zip(others) {
        if places.is_empty() {
            continue;
        }
        const SHOWN: usize = 5;
        let mut list = places.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
        if places.len() > SHOWN {
            list.push_str(&format!(" and {} more", places.len() - SHOWN));
        }
        let also = format!("the same id is used at {list}");
        d.help = Some(match d.help.take() {
            Some(h) => format!("{h}; {also}"),
            None => also,
        });
    }
    out
}

impl IntoIterator for Diags {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl From<Diagnostic> for Diags {
    fn from(d: Diagnostic) -> Self {
        Diags { items: vec![d] }
    }
}

impl From<Vec<Diagnostic>> for Diags {
    fn from(items: Vec<Diagnostic>) -> Self {
        Diags { items }
    }
}

/// How `check` and `build` print diagnostics.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum MessageFormat {
    /// rustc-style messages with the source line and a caret
    #[default]
    Human,
    /// one JSON array of diagnostics
    Json,
    /// GitHub Actions workflow commands (`::error file=…,line=…::…`)
    Github,
}

/// Renders diagnostics in the chosen format.
pub fn render(diags: &[Diagnostic], format: MessageFormat) -> String {
    match format {
        MessageFormat::Human => diags.iter().map(render_human).collect(),
        MessageFormat::Json => serde_json::to_string_pretty(diags).unwrap_or_default() + "\n",
        MessageFormat::Github => diags.iter().map(render_github).collect(),
    }
}

/// One diagnostic in the rustc style:
///
/// ```text
/// error: quote not found in the article
///   --> content/annotations/x.yaml:12:14
///    |
/// 12 |   - quote: "Raqa is a symbl"
///    |              ^
///    = help: …
/// ```
/// Snippets longer than this (in characters) are shown as a window around the column.
const SNIPPET_CHARS: usize = 160;

/// The part of a source line worth showing: all of it, or [`SNIPPET_CHARS`] around `col`
/// (1-based; 0 for none), with `…` where it is cut; and the column within what is shown.
/// Reads the line only up to what is shown: a line longer than that is cut the same way
/// whatever its length, so its characters past it are not counted.
fn window(line: &str, col: usize) -> (std::borrow::Cow<'_, str>, usize) {
    let needed = col + SNIPPET_CHARS + 1;
    let len = if char_offset(line, needed) < line.len() { needed } else { line.chars().count() };
    if len <= SNIPPET_CHARS {
        return (line.into(), col);
    }
    let start = col.saturating_sub(SNIPPET_CHARS / 2).min(len - SNIPPET_CHARS);
    let mut shown: String = if start > 0 { "…".into() } else { String::new() };
    shown.extend(line[char_offset(line, start)..].chars().take(SNIPPET_CHARS));
    if start + SNIPPET_CHARS < len {
        shown.push('…');
    }
    (shown.into(), if col == 0 { 0 } else { col - start + usize::from(start > 0) })
}

/// The byte offset of character `n` (0-based) of `s`, or its length when it has no more; at
/// once when the characters before it are ASCII, as in most long lines.
fn char_offset(s: &str, n: usize) -> usize {
    match s.as_bytes().get(..n) {
        Some(head) if head.is_ascii() => n,
        _ => s.char_indices().nth(n).map_or(s.len(), |(i, _)| i),
    }
}

fn serialize_snippet<S: serde::Serializer>(snippet: &Option<Snippet>, s: S) -> Result<S::Ok, S::Error> {
    match snippet {
        Some(snippet) => s.serialize_some(&snippet.text),
        None => s.serialize_none(),
    }
}

pub fn render_human(d: &Diagnostic) -> String {
    let mut out = format!("{}: {}\n", d.severity.as_str(), printable(&d.message));
    let gutter = " ".repeat(d.line.to_string().len().max(1));
    let _ = writeln!(out, "{gutter}--> {}", printable(&d.location()));
    if let Some(Snippet { text, col }) = &d.snippet {
        let (snippet, col) = (printable(text), *col as usize);
        let _ = writeln!(out, "{gutter} |");
        let _ = writeln!(out, "{} | {}", d.line, snippet.trim_end());
        if col > 0 {
            let pad: String = snippet.chars().take(col - 1).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
            let _ = writeln!(out, "{gutter} | {pad}^");
        }
    }
    if let Some(help) = &d.help {
        let help = printable(help);
        let mut lines = help.lines();
        if let Some(first) = lines.next() {
            let _ = writeln!(out, "{gutter} = help: {first}");
        }
        for line in lines {
            let _ = writeln!(out, "{gutter}         {line}");
        }
    }
    out.push('\n');
    out
}

/// `s` for a terminal: each control character but the tab and the line break shown as one
/// visible character (ESC as `␛`, C1 controls as `�`), so that a file name or a line of a seed
/// cannot move the cursor, recolour the terminal or set its title; the caret under a snippet
/// stays under its column.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| c.is_control() && c != '\t' && c != '\n';
    if !s.chars().any(hidden) {
        return s.into();
    }
    s.chars()
        .map(|c| match c {
            _ if !hidden(c) => c,
            '\u{7f}' => '\u{2421}',
            c if (c as u32) < 0x20 => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
            _ => '\u{fffd}',
        })
        .collect::<String>()
        .into()
}

/// One diagnostic as a GitHub Actions workflow command, shown inline on pull requests.
pub fn render_github(d: &Diagnostic) -> String {
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    // A problem with no file (an environment error) is the workflow's, not a file's.
    let mut props = String::new();
    if !d.file.as_os_str().is_empty() {
        let _ = write!(props, "file={},", escape_property(&display_path(&d.file)));
        if d.line > 0 {
            let _ = write!(props, "line={},", d.line);
            if d.col > 0 {
                let _ = write!(props, "col={},", d.col);
            }
        }
    }
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        let _ = write!(message, "\nhelp: {help}");
    }
    format!("::{kind} {props}title=briefgen::{}\n", escape_data(&message))
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// A one-line summary such as `2 errors, 1 warning`.
pub fn summary(diags: &[Diagnostic]) -> String {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    format!("{} {}, {} {}", errors, plural(errors, "error"), warnings, plural(warnings, "warning"))
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 { word.to_owned() } else { format!("{word}s") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminals_are_shown_control_characters_not_given_them() {
        assert_eq!(printable("plain\ttext\n"), "plain\ttext\n");
        assert_eq!(printable("x\u{1b}[2J\u{7}\u{7f}\u{85}y"), "x␛[2J␇␡�y");
        let mut d = Diagnostic::error("seeds/x\u{1b}[31m.txt", "no \u{1b}]0;title\u{7}").at(1, 3).help("a \u{1b}[2J");
        d.snippet = Some(Snippet::new("a\u{1b}b", 3));
        let shown = render_human(&d);
        assert!(!shown.chars().any(|c| c.is_control() && c != '\n'), "{shown:?}");
        assert!(shown.contains("1 | a␛b\n  |   ^"), "the caret stays under its column: {shown}");
    }

    #[test]
    fn an_unknown_id_used_in_many_places_is_one_error_naming_them() {
        let mut diags = Diags::new();
        for (file, line) in [("b.yaml", 3), ("a.yaml", 9), ("a.yaml", 2)] {
            diags.push(Diagnostic::error(file, "unknown entity `x`").at(line, 5).help("did you mean `y`?"));
        }
        diags.push(Diagnostic::error("a.yaml", "unknown key `bdy`").at(4, 5));
        diags.push(Diagnostic::error("b.yaml", "unknown key `bdy`").at(4, 5));
        let shown: Vec<(String, String)> = diags
            .into_sorted()
            .into_iter()
            .map(|d| (format!("{}: {}", d.location(), d.message), d.help.unwrap_or_default()))
            .collect();
        assert_eq!(
            shown,
            [
                (
                    "a.yaml:2:5: unknown entity `x`".into(),
                    "did you mean `y`?; the same id is used at a.yaml:9:5, b.yaml:3:5".into()
                ),
                ("a.yaml:4:5: unknown key `bdy`".into(), String::new()),
                ("b.yaml:4:5: unknown key `bdy`".into(), String::new()),
            ]
        );
    }

    fn sample() -> Diagnostic {
        let src = SourceFile::new("content/a.yaml", "title: x\nnotes:\n  - quote: \"nope\"\n");
        src.error(3, 12, "quote not found in the article").help("check the spelling")
    }

    #[test]
    fn long_lines_are_shown_around_the_column() {
        let line = format!("{}X{}", "a".repeat(1000), "b".repeat(1000));
        let d = SourceFile::new("a.yaml", line).error(1, 1001, "here");
        let shown = render_human(&d);
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(lines[3].chars().count(), "1 | ".len() + SNIPPET_CHARS + 2);
        let caret = lines[4].find('^').unwrap();
        assert_eq!(lines[3].chars().nth(caret), Some('X'), "{shown}");
        assert_eq!(window("short", 3), ("short".into(), 3));
    }

    /// The window as it was made from the whole line, counted to its end.
    fn window_of_whole_line(line: &str, col: usize) -> (String, usize) {
        let len = line.chars().count();
        if len <= SNIPPET_CHARS {
            return (line.into(), col);
        }
        let start = col.saturating_sub(SNIPPET_CHARS / 2).min(len - SNIPPET_CHARS);
        let mut shown: String = if start > 0 { "…".into() } else { String::new() };
        shown.extend(line.chars().skip(start).take(SNIPPET_CHARS));
        if start + SNIPPET_CHARS < len {
            shown.push('…');
        }
        (shown, if col == 0 { 0 } else { col - start + usize::from(start > 0) })
    }

    #[test]
    fn a_long_line_is_cut_as_if_it_were_read_to_its_end() {
        for len in [0, 1, 159, 160, 161, 162, 240, 241, 242, 500] {
            let line: String =
                (0..len).map(|i| if i % 7 == 0 { 'é' } else { char::from(b'a' + (i % 26) as u8) }).collect();
            for col in
                [0, 1, 2, 79, 80, 81, 82, 100, 158, 159, 160, 161, 162, 250, 339, 340, 341, 420, 499, 500, 501, 600]
            {
                let (text, at) = window(&line, col);
                assert_eq!((text.into_owned(), at), window_of_whole_line(&line, col), "len {len} col {col}");
            }
        }
    }

    /// 20,000 problems on a line of 150 KB (unknown ids in one flow list) each kept the line:
    /// 3 GB, and 5.6 s of check.
    #[test]
    fn many_problems_on_one_long_line_keep_only_what_is_shown() {
        let n = 2_000;
        let line = format!("entities: [{}]", (0..n).map(|i| format!("e{i}")).collect::<Vec<_>>().join(", "));
        let src = SourceFile::new("a.yaml", line.clone());
        let cols = line.match_indices(" e").map(|(at, _)| at as u32 + 2);
        let kept: usize = cols.map(|col| src.error(1, col, "unknown entity").snippet.map_or(0, |s| s.text.len())).sum();
        assert!(kept <= n * (SNIPPET_CHARS + 2) * 3, "{kept} bytes of snippets");
        let last = src.error(1, 9_990, "here");
        let shown = render_human(&last);
        let caret = shown.lines().nth(4).and_then(|l| l.find('^')).unwrap();
        assert_eq!(shown.lines().nth(3).unwrap().chars().nth(caret), line.chars().nth(9_989), "{shown}");
    }

    #[test]
    fn human_format_shows_location_snippet_caret_and_help() {
        let text = render_human(&sample());
        assert_eq!(
            text,
            "error: quote not found in the article\n --> content/a.yaml:3:12\n  |\n3 |   - quote: \"nope\"\n  |            ^\n  = help: check the spelling\n\n"
        );
    }

    #[test]
    fn github_format_escapes_properties_and_newlines() {
        let mut d = sample();
        d.file = PathBuf::from("a,b:c.yaml");
        let text = render_github(&d);
        assert_eq!(
            text,
            "::error file=a%2Cb%3Ac.yaml,line=3,col=12,title=briefgen::quote not found in the article%0Ahelp: check the spelling\n"
        );
    }

    #[test]
    fn json_format_is_one_array() {
        let text = render(&[sample()], MessageFormat::Json);
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v[0]["file"], "content/a.yaml");
        assert_eq!(v[0]["line"], 3);
        assert_eq!(v[0]["column"], 12);
        assert_eq!(v[0]["severity"], "error");
    }

    #[test]
    fn position_of_counts_lines_and_characters() {
        let src = SourceFile::new("x", "ab\ncé d");
        assert_eq!(src.position_of(0), (1, 1));
        assert_eq!(src.position_of(3), (2, 1));
        assert_eq!(src.position_of(6), (2, 3));
        for offset in [0, 3, 6, 7] {
            let (line, col) = src.position_of(offset);
            assert_eq!(src.offset_of(line, col), Some(offset), "the inverse of position_of");
        }
        assert_eq!(src.offset_of(1, 9), Some(2), "past a line's end is its end");
    }

    #[test]
    fn the_snippet_is_the_line_as_str_lines_gives_it() {
        for text in ["", "\n", "a", "a\n", "a\n\n", "a\r\nb\r\n", "a\rb\n", "a\r", "x\n\ny\r\n\r\nz", "é\nü"] {
            let src = SourceFile::new("x", text);
            for line in 0..8u32 {
                let want = line.checked_sub(1).and_then(|i| text.lines().nth(i as usize));
                assert_eq!(src.line(line), want, "{text:?} line {line}");
                let shown = src.error(line, 1, "m").snippet.map(|s| s.text);
                assert_eq!(shown.as_deref(), want, "{text:?} line {line}");
            }
            for offset in 0..=text.len() {
                let before = &text[..floor_char_boundary(text, offset)];
                let line = before.matches('\n').count() as u32 + 1;
                let col = before[before.rfind('\n').map_or(0, |i| i + 1)..].chars().count() as u32 + 1;
                assert_eq!(src.position_of(offset), (line, col), "{text:?} at {offset}");
            }
        }
    }
}
