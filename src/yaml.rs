//! The YAML facade: every YAML file is parsed here, with serde-saphyr (not the deprecated
//! serde_yaml; see README). Parse errors become [`Diagnostic`]s with the file, line and column,
//! a friendlier message and a hint. Values that later checks may complain about are kept as
//! [`Spanned`] so those complaints point at the right line too.

use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeOwned, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::diag::{Diagnostic, SourceFile};
use crate::text;

pub mod recover;
mod unclosed;
pub use recover::{Entries, Lenient, Recovered, parse_recovering};

/// The ceilings on every YAML file briefgen reads (docs/safety.md): nesting, aliases and
/// what they expand to, so that no file can make parsing hang or run out of memory.
pub mod limits {
    /// Levels of nested lists and mappings.
    pub const MAX_DEPTH: usize = 32;
    /// Aliases (`*name`) in one file, and anchors (`&name`).
    pub const MAX_ALIASES: usize = 1_000;
    /// Values the aliases of one file may expand to, in all.
    pub const MAX_REPLAYED: usize = 100_000;
    /// Parser events (keys, values, list and mapping starts) in one file: a registry of
    /// about 100,000 entries.
    pub const MAX_EVENTS: usize = 2_000_000;
}

fn options() -> serde_saphyr::Options {
    use limits::*;
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            flow_nesting_limit: MAX_DEPTH,
            max_aliases: MAX_ALIASES,
            max_anchors: MAX_ALIASES,
            max_events: MAX_EVENTS,
            max_nodes: MAX_EVENTS,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: MAX_REPLAYED,
            max_replay_stack_depth: MAX_DEPTH,
        },
    }
}

/// Parses a whole YAML document into `T`, naming the file and position on failure.
pub fn parse<T: DeserializeOwned>(src: &SourceFile) -> Result<T, Diagnostic> {
    serde_saphyr::from_str_with_options(&src.text, options()).map_err(|e| diagnose(&e, src))
}

/// What a Markdown file opens with ([`front_matter`]).
pub enum FrontMatter<'a> {
    /// No line `---` first.
    Absent,
    /// A line `---` first and none to close it.
    Unclosed,
    /// The front matter as a YAML file of its own whose line numbers are the file's (its first
    /// line, the opening `---`, left blank), and the body after the closing `---`.
    Closed { yaml: SourceFile, body: &'a str },
}

/// Splits the `---` front matter of a Markdown file from its body.
pub fn front_matter<'a>(path: &std::path::Path, text: &'a str) -> FrontMatter<'a> {
    let Some(rest) = text.strip_prefix("---\n") else { return FrontMatter::Absent };
    // The closing line: right after the opening one, inside, or last without a newline.
    let close = if rest.starts_with("---\n") || rest == "---" {
        Some((0, 4))
    } else {
        rest.find("\n---\n").map(|i| (i, i + 5)).or_else(|| rest.strip_suffix("\n---").map(|r| (r.len(), rest.len())))
    };
    match close {
        Some((end, body)) => FrontMatter::Closed {
            yaml: SourceFile::new(path, format!("\n{}\n", &rest[..end])),
            body: rest.get(body..).unwrap_or(""),
        },
        None => FrontMatter::Unclosed,
    }
}

/// `s` as a YAML double-quoted scalar (a JSON string is one), safe to paste after `key: `.
pub fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// Line and column (1-based) where a spanned value starts.
pub fn pos<T>(s: &Spanned<T>) -> (u32, u32) {
    (s.line, s.col)
}

/// A value with the line and column (1-based) where it starts in its YAML file. Parsed from
/// YAML with serde-saphyr's spans; kept in the build cache (`crate::cache`) as `[value, line,
/// col]`, read back inside [`from_stored`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Spanned<T> {
    pub value: T,
    pub line: u32,
    pub col: u32,
}

thread_local! {
    /// Set while [`from_stored`] reads: spans come as `[value, line, col]`, not from YAML.
    static STORED: Cell<bool> = const { Cell::new(false) };
}

/// Runs `read`, which deserializes what [`Spanned`]'s `Serialize` wrote (a cache entry).
pub fn from_stored<R>(read: impl FnOnce() -> R) -> R {
    struct Reset(bool);
    impl Drop for Reset {
        fn drop(&mut self) {
            STORED.with(|s| s.set(self.0));
        }
    }
    let _reset = Reset(STORED.with(|s| s.replace(true)));
    read()
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        if STORED.with(Cell::get) {
            let (value, line, col) = <(T, u32, u32)>::deserialize(d)?;
            return Ok(Spanned { value, line, col });
        }
        let s = serde_saphyr::Spanned::<T>::deserialize(d)?;
        let (line, col) = (s.referenced.line() as u32, s.referenced.column() as u32);
        Ok(Spanned { value: s.value, line, col })
    }
}

impl<T: Serialize> Serialize for Spanned<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (&self.value, self.line, self.col).serialize(s)
    }
}

fn diagnose(err: &serde_saphyr::Error, src: &SourceFile) -> Diagnostic {
    let (line, col) = err.location().map_or((0, 0), |l| (l.line() as u32, l.column() as u32));
    let raw = err.without_snippet().to_string();
    let raw = raw.rfind(" at line ").map_or(raw.as_str(), |i| &raw[..i]).trim();
    if raw.contains("tab")
        && let Some((line, col)) = indenting_tab(&src.text, line)
    {
        return src.error(line, col, "a tab is used to indent").help(TAB_HELP);
    }
    // The scanner's own nesting limit comes as a parse error.
    let scanner_limit = raw.contains("recursion limit exceeded").then_some("nested too deeply");
    if let Some(limit) = budget_breach(err.without_snippet()).or(scanner_limit) {
        return src.error(line, col, format!("the YAML is {limit}")).help(LIMITS_HELP);
    }
    if let Some(d) = left_open(raw, src, line) {
        return d;
    }
    if let Some(message) = tagged(err.without_snippet()) {
        return src.error(line, col, message).help(TAG_HELP);
    }
    if let serde_saphyr::Error::MultipleDocuments { .. } = err.without_snippet() {
        return second_document(src, line, col);
    }
    let (mut message, mut help) = explain(raw);
    if let Some(key) = message.strip_prefix("duplicate key `").and_then(|k| k.strip_suffix('`'))
        && let Some(first) = first_of_key(&src.text, line, key)
    {
        help = Some(format!(
            "`{key}` is already at line {first}; a key may appear only once in a mapping: remove or merge the repeated one"
        ));
    }
    if let Some(expected) = message.strip_prefix("wrong type: ") {
        if matches!(expected, "expected a text" | "expected one word")
            && let Some(bracket) =
                src.offset_of(line, col).and_then(|i| src.text[i..].chars().next()).filter(|c| matches!(c, '[' | '{'))
        {
            help = Some(format!(
                "a text goes here, and `{bracket}` starts a {}; to write a text that starts with `{bracket}`, put it in quotes: `\"{bracket}…\"`",
                if bracket == '[' { "list" } else { "mapping" }
            ));
        }
        match key_before(&src.text, line, col) {
            Some(key) => message = format!("wrong type for `{key}`: {expected}"),
            // The document itself: a list, or a text, where `key: value` lines are expected.
            None if expected == "expected a mapping" && starts_document(&src.text, line) => {
                help = Some(
                    "this file is `key: value` lines at its top (e.g. `title: …`), not a list or a single value".into(),
                );
            }
            None if expected == "expected a list" && starts_document(&src.text, line) => {
                help = Some(
                    "this file is a list at its top: each entry starts with `- ` at the start of a line (e.g. `- id: …`), not `key: value` lines".into(),
                );
            }
            None => {}
        }
    }
    let d = src.error(line, col, message);
    match help {
        Some(h) => d.help(h),
        None => d,
    }
}

/// A file with more than one YAML document, located at the marker that ends the first one
/// (the first `---` after its content or its own opening `---`, or a `...`), not at the
/// parser's position, which may be a later marker or the next document's first value.
fn second_document(src: &SourceFile, line: u32, col: u32) -> Diagnostic {
    let is_marker =
        |l: &str, m: &str| l.strip_prefix(m).is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']));
    let mut begun = false;
    let mut end = None;
    for (i, l) in src.text.lines().enumerate().take(line as usize) {
        if begun && (is_marker(l, "---") || is_marker(l, "...")) {
            end = Some((i as u32 + 1, l.starts_with("...")));
            break;
        }
        let t = l.trim();
        begun |= !t.is_empty() && !t.starts_with('#');
    }
    match end {
        Some((line, true)) => src.error(line, 1, "`...` ends the YAML document here, and more follows").help(
            "briefgen reads one document per file: remove this line, and move what follows it to a file of its own if it is one",
        ),
        Some((line, false)) => src.error(line, 1, "a second YAML document starts here").help(SECOND_DOCUMENT_HELP),
        None => src.error(line, col, "a second YAML document starts here").help(SECOND_DOCUMENT_HELP),
    }
}

const SECOND_DOCUMENT_HELP: &str = "briefgen reads one document per file, and `---` starts another: remove this line, and move what follows it to a file of its own if it is one";

const TAB_HELP: &str = "YAML indents with spaces only; replace the tab with spaces";

const TAG_HELP: &str = "briefgen reads plain values: remove the tag (`!!int`, `!!binary`…), and put the value in quotes if it is a text that starts with `!`";

/// A value with a YAML tag that briefgen cannot take (`title: !!int 5`, `!!binary` bytes): what
/// is wrong, in an editor's words; the parser's own message gives advice on its API.
fn tagged(err: &serde_saphyr::Error) -> Option<&'static str> {
    use serde_saphyr::Error as E;
    match err {
        E::WithSnippet { error, .. } => tagged(error),
        E::BinaryNotUtf8 { .. } | E::InvalidBinaryBase64 { .. } => Some("this `!!binary` value is not text"),
        E::TaggedScalarCannotDeserializeIntoString { .. } => Some("a value with a YAML tag where a text is expected"),
        E::UnsupportedTag { .. } => Some("a YAML tag briefgen does not read"),
        _ => None,
    }
}

/// The first tab in the indentation of a line, from `from_line` (1-based) on: the parser
/// may report a tab where the value it interrupts begins, not where the tab is.
fn indenting_tab(text: &str, from_line: u32) -> Option<(u32, u32)> {
    let skip = from_line.saturating_sub(1) as usize;
    text.lines().enumerate().skip(skip).find_map(|(i, l)| {
        let indent = &l[..l.len() - l.trim_start().len()];
        indent.find('\t').map(|c| (i as u32 + 1, indent[..c].chars().count() as u32 + 1))
    })
}

/// A syntax error the parser found after a `[`, `{` or quote left open on an earlier line,
/// reported where it was opened: that is where the editor has to add the `]`, `}` or quote.
fn left_open(raw: &str, src: &SourceFile, line: u32) -> Option<Diagnostic> {
    let flow_or_quote = ["placement of ':'", "flow sequence", "flow mapping", "quoted scalar", "did not find expected"];
    if !flow_or_quote.iter().any(|p| raw.contains(p)) {
        return None;
    }
    let open = unclosed::open_before(&src.text, line)?;
    let (what, close) = match open.ch {
        '[' => ("list", "`]`"),
        '{' => ("mapping", "`}`"),
        _ => ("quoted text", "the same quote"),
    };
    let mut help = format!("close it with {close}; the file stops making sense at line {line}");
    if open.ch == '[' || open.ch == '{' {
        help += &format!("; to write a text that starts with `{}`, put it in quotes", open.ch);
    }
    let message = format!("this {what} is not closed");
    Some(src.error(open.line, open.col, message).help(help))
}

/// The line (1-based) where `key`, repeated at line `line`, is first written in the same block
/// mapping: a line above at the same indentation, with no line indented less between them.
fn first_of_key(text: &str, line: u32, key: &str) -> Option<usize> {
    let lines: Vec<&str> = text.lines().take(line as usize).collect();
    let (last, above) = lines.split_last()?;
    let at = key_start(last)?;
    for (i, l) in above.iter().enumerate().rev() {
        let Some(start) = key_start(l) else { continue };
        if start.0 < at.0 {
            return None;
        }
        if start.0 == at.0 && start.1.trim_matches(['"', '\'']) == key {
            return Some(i + 1);
        }
    }
    None
}

/// The indentation and the key of a line of a block mapping (`  - name: x` → 4, `name`);
/// `None` for blank lines and comments.
fn key_start(line: &str) -> Option<(usize, &str)> {
    let body = line.trim_start_matches(' ');
    if body.is_empty() || body.starts_with('#') {
        return None;
    }
    let body = body.strip_prefix("- ").map_or(body, |b| b.trim_start_matches(' '));
    let key = body.split_once(':').map_or("", |(k, _)| k.trim_end());
    Some((line.len() - body.len(), key))
}

/// Whether line `line` (1-based) holds the document's first value: only blank lines, comments
/// and a `---` come before it.
fn starts_document(text: &str, line: u32) -> bool {
    text.lines().take(line.saturating_sub(1) as usize).all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#') || l == "---"
    })
}

/// The key whose value starts at `line:col` (1-based), e.g. `notes` for `  notes: 3`, or for
/// a value that starts a line, `notes:` alone on the line above (`notes:` then `  quote: x`).
fn key_before(text: &str, line: u32, col: u32) -> Option<&str> {
    let l = text.lines().nth(line.checked_sub(1)? as usize)?;
    let end = l.char_indices().nth(col.saturating_sub(1) as usize).map_or(l.len(), |(i, _)| i);
    let before = l[..end].trim_end();
    if before.is_empty() {
        return key_above(text, line, end);
    }
    let key = before.strip_suffix(':')?;
    let key = key.rsplit([' ', '{', ',']).next()?.trim_matches(['"', '\'']);
    (!key.is_empty()).then_some(key)
}

/// The key of a block value that starts line `line` (1-based) at indentation `indent`: the
/// line above it that is not blank nor a comment, if that is a key with nothing after it
/// (a comment aside), indented no further than the value.
fn key_above(text: &str, line: u32, indent: usize) -> Option<&str> {
    let above = text.lines().take(line.saturating_sub(1) as usize).filter(|l| {
        let t = l.trim();
        !t.is_empty() && !t.starts_with('#')
    });
    let above = above.last()?;
    let body = above.trim_start_matches(' ');
    if above.len() - body.len() > indent {
        return None;
    }
    let body = body.strip_prefix("- ").map_or(body, |b| b.trim_start_matches(' '));
    let body = body.split_once(" #").map_or(body, |(b, _)| b).trim_end();
    let key = body.strip_suffix(':')?.trim_matches(['"', '\'']);
    (!key.is_empty() && !key.contains(": ")).then_some(key)
}

/// Turns a parser message into words for an editor, with a hint where one helps.
fn explain(raw: &str) -> (String, Option<String>) {
    if let Some(rest) = raw.strip_prefix("unknown field `") {
        let (field, allowed) = rest.split_once("`, expected one of ").unwrap_or((rest.trim_end_matches('`'), ""));
        return unknown_name("key", field, allowed);
    }
    if let Some(rest) = raw.strip_prefix("unknown variant `") {
        let (variant, allowed) = rest.split_once("`, expected one of ").unwrap_or((rest.trim_end_matches('`'), ""));
        return unknown_name("value", variant, allowed);
    }
    if let Some(rest) = raw.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest);
        return (
            format!("duplicate key `{key}`"),
            Some("a key may appear only once in a mapping; remove or merge the repeated one".into()),
        );
    }
    if let Some(rest) = raw.strip_prefix("missing field `") {
        let key = rest.trim_end_matches('`');
        return (format!("missing key `{key}`"), Some(format!("add `{key}: …` to this entry")));
    }
    if let Some((expected, hint)) = wrong_type(raw) {
        return (format!("wrong type: expected {expected}"), Some(hint.to_owned()));
    }
    // `@` and `` ` `` are reserved in YAML, `%` opens a directive: none starts a plain value.
    if let Some(c) = raw.strip_prefix("unexpected character: `").and_then(|r| r.strip_suffix('\''))
        && matches!(c, "@" | "`" | "%")
    {
        return (
            format!("a value cannot start with `{c}` unquoted"),
            Some(format!("YAML keeps `{c}` for itself; put the value in quotes: `\"{c}…\"`")),
        );
    }
    // `quote: "the "Takfiri" group"`: a quotation mark inside the text closes it.
    if let Some(kind) =
        raw.strip_prefix("invalid trailing content after ").and_then(|r| r.strip_suffix("-quoted scalar"))
    {
        let hint = if kind == "single" {
            "a text in '…' ends at the next `'`: write `''` for each `'` inside it, or put the whole text in \"…\""
        } else {
            "a text in \"…\" ends at the next `\"`: write `\\\"` for each `\"` inside it, or put the whole text in '…'"
        };
        return ("text follows the closing quote".into(), Some(hint.into()));
    }
    let hint = if raw.contains("tab") {
        Some(TAB_HELP)
    } else if raw.contains("quoted scalar") {
        Some("a quoted text is probably missing its closing quote")
    } else if raw.contains("mapping values are not allowed") || raw.contains("did not find expected") {
        Some("check the indentation, and quote texts that contain `: `")
    } else if raw.contains("placement of ':'") || raw.contains("flow sequence") || raw.contains("flow mapping") {
        Some("a `[` or `{` above is probably not closed with `]` or `}`; quote texts that start with one")
    } else if raw.contains("simple key expected") {
        Some("check the indentation: the lines of a `|` text go further in than its key")
    } else if raw.contains("unknown anchor") {
        Some("`*name` repeats a value marked `&name` above, and there is none; quote a text that starts with `*`")
    } else {
        None
    };
    (raw.to_owned(), hint.map(str::to_owned))
}

const LIMITS_HELP: &str = "briefgen reads YAML with at most 32 levels of nesting and 1,000 aliases, which may stand for at most 100,000 values (docs/safety.md); write the values out";

/// Which of the [`limits`] the parser stopped at, if any.
fn budget_breach(err: &serde_saphyr::Error) -> Option<&'static str> {
    use serde_saphyr::Error as E;
    use serde_saphyr::budget::BudgetBreach as B;
    match err {
        E::AliasError { error, .. } | E::WithSnippet { error, .. } => budget_breach(error),
        E::Budget { breach: B::Depth { .. }, .. } | E::AliasReplayStackDepthExceeded { .. } => {
            Some("nested too deeply")
        }
        E::Budget { breach: B::Aliases { .. } | B::Anchors { .. }, .. }
        | E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayCounterOverflow { .. } => Some("using too many aliases"),
        E::Budget { .. } => Some("too large"),
        _ => None,
    }
}

/// A type mismatch reported by the parser: what was expected, and how to write it.
fn wrong_type(raw: &str) -> Option<(&'static str, &'static str)> {
    const TABLE: &[(&str, &str, &str)] = &[
        ("expected sequence", "a list", "write `[a, b]` or one `- item` per line"),
        ("expected mapping", "a mapping", "write one `key: value` per line, indented under this key"),
        ("expected string scalar", "a text", "a plain text value goes here, not a list or mapping"),
        ("enum expected scalar", "one word", "a single value goes here, not a list or mapping"),
        ("invalid boolean", "true or false", "write `true` or `false`"),
        ("invalid integer", "a whole number", "write a number such as `3`"),
        ("invalid unsigned", "a whole number", "write a number such as `3`"),
        ("invalid u8", "a whole number from 0 to 255", "write a number such as `3`, without sign or decimals"),
        ("invalid u16", "a whole number from 0 to 65,535", "write a number such as `3`, without sign or decimals"),
        (
            "invalid u32",
            "a whole number from 0 to 4,294,967,295",
            "write a number such as `3`, without sign or decimals",
        ),
        (
            "invalid u64",
            "a whole number from 0 to 18,446,744,073,709,551,615",
            "write a number such as `3`, without sign or decimals",
        ),
        ("cannot deserialize null", "a value", "give this key a value, or remove the key"),
    ];
    TABLE.iter().find(|(needle, ..)| raw.contains(needle)).map(|&(_, expected, hint)| (expected, hint))
}

fn unknown_name(what: &str, name: &str, allowed: &str) -> (String, Option<String>) {
    let allowed: Vec<&str> = allowed.split(", ").filter(|s| !s.is_empty()).collect();
    let mut help = text::mean(text::closest(name, allowed.iter().copied()));
    if !allowed.is_empty() {
        help.push_str(&format!("allowed: {}", allowed.join(", ")));
    }
    (format!("unknown {what} `{name}`"), (!help.is_empty()).then_some(help))
}

/// A YAML mapping kept in file order with the position of each key, for registries keyed by
/// id (`entities.yaml`, `outlets.yaml`). Duplicate keys are rejected by the parser.
#[derive(Debug, Clone)]
pub struct OrderedMap<V>(pub Vec<(Spanned<String>, V)>);

impl<V> Default for OrderedMap<V> {
    fn default() -> Self {
        OrderedMap(Vec::new())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for OrderedMap<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct MapVisitor<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for MapVisitor<V> {
            type Value = OrderedMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping of ids to entries")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    out.push((key, map.next_value()?));
                }
                Ok(OrderedMap(out))
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(OrderedMap(Vec::new()))
            }
        }
        d.deserialize_map(MapVisitor(PhantomData))
    }
}

/// A YAML value of any shape, with the position of every key and value: for the parts of a
/// file whose keys are only known later (the interface strings of `strings:` and a theme's
/// `i18n/` files, `theme_settings:`), checked against what the theme declares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tree {
    /// Text (a whole number too: it reads back as written).
    Scalar(String),
    /// A yes/no value or a decimal number, as the parser read it (`no` reads as `false`):
    /// where text is expected, a mistake to point out rather than a text to guess.
    Typed(String),
    Map(Vec<(Spanned<String>, Spanned<Tree>)>),
    List(Vec<Spanned<Tree>>),
    Null,
}

impl Tree {
    /// What the value is, for messages: "text", "a mapping", "a list", "nothing".
    pub fn kind(&self) -> &'static str {
        match self {
            Tree::Scalar(_) => "text",
            Tree::Typed(_) => "a yes/no value or a number",
            Tree::Map(_) => "a mapping",
            Tree::List(_) => "a list",
            Tree::Null => "nothing",
        }
    }
}

impl<'de> Deserialize<'de> for Tree {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TreeVisitor;
        impl<'de> Visitor<'de> for TreeVisitor {
            type Value = Tree;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_str<E>(self, v: &str) -> Result<Tree, E> {
                Ok(Tree::Scalar(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> Result<Tree, E> {
                Ok(Tree::Scalar(v))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Tree, E> {
                Ok(Tree::Typed(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Tree, E> {
                Ok(Tree::Scalar(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Tree, E> {
                Ok(Tree::Scalar(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Tree, E> {
                Ok(Tree::Typed(v.to_string()))
            }
            fn visit_unit<E>(self) -> Result<Tree, E> {
                Ok(Tree::Null)
            }
            fn visit_none<E>(self) -> Result<Tree, E> {
                Ok(Tree::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Tree, D::Error> {
                Tree::deserialize(d)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Tree, A::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    out.push((key, map.next_value()?));
                }
                Ok(Tree::Map(out))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Tree, A::Error> {
                let mut out = Vec::new();
                while let Some(item) = seq.next_element()? {
                    out.push(item);
                }
                Ok(Tree::List(out))
            }
        }
        d.deserialize_any(TreeVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Note {
        quote: Spanned<String>,
        body: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        title: Option<String>,
        #[serde(default)]
        notes: Vec<Note>,
    }

    fn check_err(input: &str, expected: (u32, u32, &str, Option<&str>)) {
        let src = SourceFile::new("a.yaml", input);
        let d = parse::<Doc>(&src).unwrap_err();
        assert_eq!((d.line, d.col, d.message.as_str(), d.help.as_deref()), expected, "input: {input:?}");
    }

    #[test]
    fn syntax_errors_of_editors_get_a_hint() {
        let help = |input: &str| {
            let d = parse::<Doc>(&SourceFile::new("a.yaml", input)).unwrap_err();
            d.help.unwrap_or_else(|| format!("no help for {:?}", d.message))
        };
        let lists = SourceFile::new("a.yaml", "tags: [a, b\nentities: [c]\n");
        let d = parse::<std::collections::BTreeMap<String, Vec<String>>>(&lists).unwrap_err();
        // Located at the `[` left open, not where the parser noticed it.
        assert_eq!((d.line, d.col, d.message.as_str()), (1, 7, "this list is not closed"));
        assert_eq!(
            d.help.as_deref(),
            Some(
                "close it with `]`; the file stops making sense at line 2; to write a text that starts with `[`, put it in quotes"
            )
        );
        assert!(help("title: *b\n").contains("`*name` repeats a value marked `&name`"));
    }

    #[test]
    fn unknown_key_suggests_the_closest() {
        check_err(
            "notes:\n  - quote: a\n    bdy: x\n",
            (3, 5, "unknown key `bdy`", Some("did you mean `body`? allowed: quote, body")),
        );
    }

    #[test]
    fn duplicate_keys_tabs_and_open_quotes_are_located() {
        check_err(
            "title: a\ntitle: b\n",
            (
                2,
                1,
                "duplicate key `title`",
                Some(
                    "`title` is already at line 1; a key may appear only once in a mapping: remove or merge the repeated one",
                ),
            ),
        );
        // In a list item, not in another item's mapping; and where the first cannot be told.
        let d = parse::<Doc>(&SourceFile::new(
            "a.yaml",
            "notes:\n  - quote: a\n  - quote: b\n    # c\n    body: x\n    quote: c\n",
        ))
        .unwrap_err();
        assert_eq!(
            (d.line, d.help.as_deref()),
            (
                6,
                Some(
                    "`quote` is already at line 3; a key may appear only once in a mapping: remove or merge the repeated one"
                )
            )
        );
        check_err(
            "{title: a, title: b}\n",
            (
                1,
                12,
                "duplicate key `title`",
                Some("a key may appear only once in a mapping; remove or merge the repeated one"),
            ),
        );
        // `---` in the middle of a file starts a second document: the first such line, after
        // the one that may open the file, and a `...` that ends the first document.
        for (input, line) in [
            ("title: a\n---\ntitle: b\n", 2),
            ("---\ntitle: a\n---\n---\n", 3),
            ("# c\n---\ntitle: a\n# d\n---\n---\n", 5),
            ("title: |\n  ---\n  x\n--- # next\ntitle: b\n", 4),
        ] {
            let d = parse::<Doc>(&SourceFile::new("a.yaml", input)).unwrap_err();
            assert_eq!((d.line, d.col, d.message.as_str()), (line, 1, "a second YAML document starts here"), "{input}");
        }
        let d = parse::<Doc>(&SourceFile::new("a.yaml", "title: a\n...\ntitle: b\n")).unwrap_err();
        assert_eq!((d.line, d.message.as_str()), (2, "`...` ends the YAML document here, and more follows"));
        let tab = parse::<Doc>(&SourceFile::new("a.yaml", "notes:\n\t- quote: a\n")).unwrap_err();
        assert_eq!(
            (tab.line, tab.help.as_deref()),
            (2, Some("YAML indents with spaces only; replace the tab with spaces"))
        );
        let open = parse::<Doc>(&SourceFile::new("a.yaml", "title: \"x\nnotes: []\n")).unwrap_err();
        assert_eq!((open.line, open.col, open.message.as_str()), (1, 8, "this quoted text is not closed"));
        assert_eq!(open.help.as_deref(), Some("close it with the same quote; the file stops making sense at line 2"));
    }

    #[test]
    fn quotation_marks_inside_a_quoted_text_are_told_how_to_write() {
        check_err(
            "notes:\n  - quote: \"the \"Takfiri\" group\"\n",
            (
                2,
                18,
                "text follows the closing quote",
                Some(
                    "a text in \"…\" ends at the next `\"`: write `\\\"` for each `\"` inside it, or put the whole text in '…'",
                ),
            ),
        );
        check_err(
            "title: 'Assad's war'\n",
            (
                1,
                15,
                "text follows the closing quote",
                Some(
                    "a text in '…' ends at the next `'`: write `''` for each `'` inside it, or put the whole text in \"…\"",
                ),
            ),
        );
    }

    #[test]
    fn wrong_types_say_what_is_expected() {
        check_err(
            "notes: 3\n",
            (1, 8, "wrong type for `notes`: expected a list", Some("write `[a, b]` or one `- item` per line")),
        );
        check_err(
            "notes:\n  - quote: {a: 1}\n",
            (
                2,
                12,
                "wrong type for `quote`: expected a text",
                Some(
                    "a text goes here, and `{` starts a mapping; to write a text that starts with `{`, put it in quotes: `\"{…\"`",
                ),
            ),
        );
        check_err(
            "# notes\n- quote: x\n",
            (
                2,
                1,
                "wrong type: expected a mapping",
                Some("this file is `key: value` lines at its top (e.g. `title: …`), not a list or a single value"),
            ),
        );
        // A list file (`events.yaml`) written as `key: value` lines.
        let events = parse::<Vec<Note>>(&SourceFile::new("a.yaml", "# events\nx:\n  quote: y\n")).unwrap_err();
        assert_eq!(
            (events.line, events.col, events.message.as_str(), events.help.as_deref()),
            (
                2,
                1,
                "wrong type: expected a list",
                Some(
                    "this file is a list at its top: each entry starts with `- ` at the start of a line (e.g. `- id: …`), not `key: value` lines"
                )
            )
        );
        // A mapping on the lines under the key, where a list is expected.
        check_err(
            "title: a\nnotes: # the notes\n\n  quote: x\n",
            (4, 3, "wrong type for `notes`: expected a list", Some("write `[a, b]` or one `- item` per line")),
        );
        check_err(
            "notes:\n  - 3\n",
            (2, 5, "wrong type: expected a mapping", Some("write one `key: value` per line, indented under this key")),
        );
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Menu {
            menu: u32,
        }
        let menu = parse::<Menu>(&SourceFile::new("a.md", "menu: -1\n")).unwrap_err();
        assert_eq!(
            (menu.message.as_str(), menu.help.as_deref()),
            (
                "wrong type for `menu`: expected a whole number from 0 to 4,294,967,295",
                Some("write a number such as `3`, without sign or decimals")
            )
        );
        // A title that starts with `[`, not quoted: the list it starts is not closed either.
        let title = parse::<Doc>(&SourceFile::new(
            "a.yaml",
            "title: [Syria] Assad speaks
notes: []
",
        ))
        .unwrap_err();
        assert_eq!((title.line, title.col), (1, 8), "{title:?}");
        assert!(title.help.is_some_and(|h| h.contains("put it in quotes")));
    }

    #[test]
    fn a_value_starting_with_a_reserved_character_is_told_to_be_quoted() {
        for c in ['@', '`', '%'] {
            let d = parse::<Doc>(&SourceFile::new("a.yaml", format!("title: {c}annlee wrote it\n"))).unwrap_err();
            assert_eq!((d.line, d.col), (1, 8), "{c}");
            assert_eq!(d.message, format!("a value cannot start with `{c}` unquoted"));
            assert!(d.help.is_some_and(|h| h.contains("put the value in quotes")), "{c}");
        }
    }

    #[test]
    fn tagged_values_are_told_in_an_editors_words() {
        for (input, message) in [
            ("title: !!int 5\n", "a value with a YAML tag where a text is expected"),
            ("title: !!binary /w==\n", "this `!!binary` value is not text"),
            ("title: !!str [a]\n", "a YAML tag briefgen does not read"),
        ] {
            let d = parse::<Doc>(&SourceFile::new("a.yaml", input)).unwrap_err();
            assert_eq!((d.line, d.message.as_str(), d.help.as_deref()), (1, message, Some(TAG_HELP)), "{input}");
        }
    }

    #[test]
    fn spans_point_at_values() {
        let src = SourceFile::new("a.yaml", "notes:\n  - quote: \"abc\"\n");
        let doc: Doc = parse(&src).unwrap();
        assert_eq!(pos(&doc.notes[0].quote), (2, 12));
    }

    #[test]
    fn stored_spans_read_back_equal() {
        let src = SourceFile::new("a.yaml", "a: x\nlist:\n  - \"y\"\n");
        #[derive(Debug, PartialEq, Deserialize, Serialize)]
        struct Two {
            a: Spanned<String>,
            list: Vec<Spanned<String>>,
        }
        let parsed: Two = parse(&src).unwrap();
        let json = serde_json::to_string(&parsed).unwrap();
        assert_eq!(json, r#"{"a":["x",1,4],"list":[["y",3,5]]}"#);
        let back: Two = from_stored(|| serde_json::from_str(&json)).unwrap();
        assert_eq!(back, parsed);
        assert!(serde_json::from_str::<Two>(&json).is_err(), "outside from_stored, spans come from YAML only");
    }

    #[test]
    fn issue_23_a_million_aliases_and_deep_nesting_end_at_once_with_a_located_error() {
        let start = std::time::Instant::now();
        let aliases = format!("title: &a [x]\nnotes: [{}]\n", vec!["*a"; 1_000_000].join(", "));
        let d = parse::<serde::de::IgnoredAny>(&SourceFile::new("a.yaml", aliases)).unwrap_err();
        assert_eq!((d.message.as_str(), d.help.as_deref()), ("the YAML is using too many aliases", Some(LIMITS_HELP)));
        let laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n";
        let d = parse::<serde::de::IgnoredAny>(&SourceFile::new("a.yaml", laughs)).unwrap_err();
        assert_eq!(d.message, "the YAML is using too many aliases");
        let deep = format!("title: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let d = parse::<serde::de::IgnoredAny>(&SourceFile::new("a.yaml", deep)).unwrap_err();
        assert_eq!((d.message.as_str(), d.line), ("the YAML is nested too deeply", 1));
        assert!(start.elapsed() < std::time::Duration::from_secs(5), "{:?}", start.elapsed());
    }

    #[test]
    fn ordered_map_keeps_order_and_key_positions() {
        let src = SourceFile::new("a.yaml", "zeta: 1\nalpha: 2\n");
        let m: OrderedMap<u32> = parse(&src).unwrap();
        let keys: Vec<_> = m.0.iter().map(|(k, v)| (k.value.as_str(), pos(k).0, *v)).collect();
        assert_eq!(keys, [("zeta", 1, 1), ("alpha", 2, 2)]);
    }

    #[test]
    fn a_tree_keeps_every_position() {
        let src = SourceFile::new("a.yaml", "a:\n  b: x\n  c: [1, true]\nd:\n");
        let tree: Tree = parse(&src).unwrap();
        let Tree::Map(top) = tree else { panic!("a map") };
        assert_eq!((top[0].0.value.as_str(), top[0].0.line, top[1].0.line), ("a", 1, 4));
        assert_eq!(top[1].1.value, Tree::Null);
        let Tree::Map(inner) = &top[0].1.value else { panic!("a map") };
        assert_eq!((inner[0].1.value.clone(), inner[0].1.line, inner[0].1.col), (Tree::Scalar("x".into()), 2, 6));
        let Tree::List(list) = &inner[1].1.value else { panic!("a list") };
        assert_eq!(
            list.iter().map(|v| v.value.clone()).collect::<Vec<_>>(),
            [Tree::Scalar("1".into()), Tree::Typed("true".into())]
        );
        assert_eq!((list[1].line, list[1].col), (3, 10));
    }
}
