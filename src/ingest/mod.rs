//! Ingest: seeds (articles as editors saved them) → [`Article`], the text of the editors'
//! `content/` files, and the site's theme folder ([`read_theme`]). The only stage that reads
//! site inputs. Reading is a thin wrapper ([`read_seeds`], [`read_seed`]); extraction
//! ([`extract`]) is pure and works on the text, so it is tested without a disk;
//! [`read_and_extract`] reads and extracts a site's seeds with the ingest policy, a chunk at a
//! time, so that no more than a chunk of seed texts is ever held.
//!
//! Formats are detected by extension and content: plain-text scrapes ([`plaintext`]),
//! Markdown-ish clippings and clean Markdown with front matter ([`markdown`]), saved HTML
//! pages (`html`, behind the default-on `html` feature). Dates in any of them go through
//! [`dates`].

mod articles;
pub mod boundary;
pub mod byline;
pub mod cache;
mod charset;
mod content;
pub mod dateline;
pub mod dates;
pub mod evidence;
pub mod header;
#[cfg(feature = "html")]
pub mod html;
mod language;
pub mod lines;
pub mod markdown;
#[cfg(feature = "html")]
mod mhtml;
pub mod plaintext;
pub mod segment;
pub mod site_name;
mod text_file;
mod theme;

use std::path::{Path, PathBuf};

pub use articles::{ExtractOptions, SeedFile, read_and_extract};
pub use content::{ContentFiles, MAX_CONTENT_BYTES, read_content, read_text};
pub use text_file::{TextFile, TextPlace};
pub use theme::read_theme;

use crate::diag::{Diagnostic, Diags, SourceFile};
use crate::model::{Article, Extracted, SeedFormat};

/// A seed file as read from disk; `id` is the file stem.
#[derive(Clone, Debug)]
pub struct Seed {
    pub id: String,
    /// Path relative to the site root, for messages.
    pub path: PathBuf,
    pub text: String,
}

/// Reads every seed under `root/seeds`, sorted by path. Unreadable files and links that
/// leave the site are diagnostics ([`boundary`]).
pub fn read_seeds(root: &Path) -> (Vec<Seed>, Diags) {
    let (paths, mut diags) = seed_files(root);
    let mut seeds = Vec::new();
    let read = read_all(&paths, |p| read_seed(root, p));
    for r in read {
        match r {
            Ok(seed) => seeds.push(seed),
            Err(d) => diags.push(d),
        }
    }
    (seeds, diags)
}

/// The seed files under `root/seeds`, sorted by path, hidden files and folders left out;
/// links that leave the site are diagnostics ([`boundary`]).
pub fn seed_files(root: &Path) -> (Vec<PathBuf>, Diags) {
    let mut diags = Diags::new();
    let walk = boundary::Walk { max_depth: usize::MAX, extensions: &[], skip_saved_extras: true };
    let paths = boundary::Boundary::new(root).walk(&root.join("seeds"), walk, &mut diags);
    (paths, diags)
}

/// Threads that read files: reading a large archive from a cold disk is waiting on it, so
/// more requests in flight than there are cores make it several times faster.
const READERS: usize = 16;

/// `read` over every path, in parallel on [`READERS`] threads (one pool for the process);
/// results in path order.
pub(crate) fn read_all<T: Send>(paths: &[PathBuf], read: impl Fn(&Path) -> T + Sync) -> Vec<T> {
    use rayon::prelude::*;
    static POOL: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
    let run = || paths.par_iter().map(|p| read(p)).collect();
    match POOL.get_or_init(|| rayon::ThreadPoolBuilder::new().num_threads(READERS).build().ok()) {
        Some(pool) => pool.install(run),
        None => run(),
    }
}

/// The largest seed briefgen reads (docs/safety.md): a saved page with its images inlined
/// can pass it; the article alone never does.
pub const MAX_SEED_BYTES: u64 = 16 << 20;

/// Reads one seed file; `root` only shortens the path shown in messages.
pub fn read_seed(root: &Path, path: &Path) -> Result<Seed, Diagnostic> {
    let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    let bytes = read_limited(path, MAX_SEED_BYTES).map_err(|e| {
        let d = Diagnostic::error(&rel, format!("cannot read the seed: {e}"));
        match e.kind() {
            std::io::ErrorKind::FileTooLarge => d.help(
                "save the article alone (\"Web page, HTML only\", or its text in a .txt seed), without embedded images",
            ),
            _ => d,
        }
    })?;
    seed_from_bytes(rel, bytes)
}

/// A seed from its file's bytes (`rel`: its path in the site): text in UTF-8, UTF-16 with its
/// byte-order mark, or, for a saved page, the charset it declares; its lines ending in `\n`.
pub fn seed_from_bytes(rel: PathBuf, bytes: Vec<u8>) -> Result<Seed, Diagnostic> {
    let id = rel.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    if matches!(extension(&rel).as_str(), "yaml" | "yml") {
        // Read as an article it would be one, with no text: say what it is instead.
        return Err(Diagnostic::error(&rel, "an annotation does not belong in seeds/").help(format!(
            "annotations are content/annotations/{id}.yaml: move it there, or remove it if it is a copy; a seed is the article's text or its saved page"
        )));
    }
    // A file of a known kind saved under another name (a PDF as `.txt`) is told by its first
    // bytes; an RTF document is text, but not the article's.
    let kind = kind_by_content(&bytes);
    let help = binary_help(kind.unwrap_or(&extension(&rel)))
        .unwrap_or("seeds must be text saved as UTF-8 (plain text, Markdown or HTML)");
    let text = match charset::utf16(&bytes) {
        Some(text) => text,
        None if kind == Some("rtf") => {
            return Err(Diagnostic::error(&rel, "the seed is an RTF document, not plain text").help(help));
        }
        None if kind.is_some() || mostly_binary(&bytes) => {
            return Err(Diagnostic::error(&rel, "the seed is a binary file, not text").help(help));
        }
        None => match String::from_utf8(bytes) {
            Ok(text) => text,
            // A saved page in the charset it declares.
            Err(e) => match is_page(&rel).then(|| charset::legacy(e.as_bytes())).flatten() {
                Some(text) => text,
                None => return Err(not_utf8(&rel, e.as_bytes(), "the seed").help(help)),
            },
        },
    };
    Ok(Seed { id, text: clean_text(&text), path: rel })
}

/// Whether bytes of no known kind are binary rather than text: NUL bytes past one in a
/// hundred (a compressed or executable file, or UTF-16 saved without its byte-order mark).
/// A stray NUL or two in a scrape (a copy from a PDF, a page's broken script) leaves it
/// text: the NULs are dropped with the other stray control characters.
fn mostly_binary(bytes: &[u8]) -> bool {
    let nuls = memchr::memchr_iter(0, bytes).count();
    nuls > 0 && nuls >= bytes.len() / 100
}

/// A file's extension, lower case (`""` if it has none).
pub(crate) fn extension(path: &Path) -> String {
    path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default()
}

/// The extensions of saved pages: HTML, and MHTML (a page saved as one file).
const PAGE_EXTENSIONS: &[&str] = &["html", "htm", "xhtml", "mhtml", "mht"];

/// The extension of a file by its first bytes, for the kinds [`binary_help`] knows.
fn kind_by_content(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF-", "pdf"),
        (b"{\\rtf", "rtf"),
        (b"PK\x03\x04", "docx"),
        (b"\xd0\xcf\x11\xe0", "doc"),
        (b"\x89PNG", "png"),
        (b"\xff\xd8\xff", "jpg"),
        (b"GIF8", "gif"),
        (b"bplist00", "webarchive"),
    ];
    MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)).map(|&(_, ext)| ext)
}

/// What to save instead of a binary file of a kind editors are likely to drop in `seeds/`, by
/// its extension.
fn binary_help(extension: &str) -> Option<&'static str> {
    Some(match extension {
        "webarchive" => "Safari's web archives are not read: save the page with File → Save As…, Format: Page Source",
        "pdf" => "PDFs are not read: copy the article's text into a .txt seed",
        "doc" | "docx" | "odt" | "rtf" | "pages" => {
            "word-processor files are not read: copy the article's text into a .txt seed"
        }
        "png" | "jpg" | "jpeg" | "gif" | "webp" | "heic" => {
            "pictures are not read: a seed is the article's text or its saved page"
        }
        _ => return None,
    })
}

/// Whether a seed is a saved page by its extension.
fn is_page(path: &Path) -> bool {
    PAGE_EXTENSIONS.contains(&extension(path).as_str())
}

/// The text of a file the editors write (a content file, the config): UTF-8, or UTF-16 with
/// its byte-order mark; else an error at the first byte that is not UTF-8. A byte-order mark
/// before UTF-8 (Notepad saved one, up to 2019) is left out: invisible in the editor, it would
/// hide a page's `---` and take a column of the first line.
pub(crate) fn decode_text(rel: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    let mut text = match charset::utf16(&bytes) {
        Some(text) => text,
        None => utf8_text(rel, bytes, "the file")?,
    };
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    if !has_stray_control(&text) {
        return Ok(text);
    }
    match text.char_indices().find(|&(_, c)| is_stray_control(c)) {
        Some((at, c)) => Err(stray_control(rel, &text, at, c)),
        None => Ok(text),
    }
}

/// The error for a control character in a file the editors write: invisible in an editor, it
/// would reach the pages, where HTML does not allow it, and terminals act on it.
fn stray_control(rel: &Path, text: &str, at: usize, c: char) -> Diagnostic {
    let count = text.chars().filter(|&c| is_stray_control(c)).count();
    let file = SourceFile::new(rel, text.to_owned());
    let (line, col) = file.position_of(at);
    let more = if count > 1 { format!(" (and {} more in the file)", count - 1) } else { String::new() };
    file.error(line, col, format!("a control character, U+{:04X}, is in the text{more}", c as u32))
        .help("it is invisible in most editors and not allowed in a page: delete it")
}

/// `bytes` as text, or an error at the line and column of the first byte that is not UTF-8,
/// quoting its line as far as it reads.
fn utf8_text(rel: &Path, bytes: Vec<u8>, what: &str) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|e| not_utf8(rel, e.as_bytes(), what))
}

/// The error for `bytes` that are not UTF-8: at the line and column of the first bad byte.
pub(crate) fn not_utf8(rel: &Path, bytes: &[u8], what: &str) -> Diagnostic {
    let valid = std::str::from_utf8(bytes).err().map_or(bytes.len(), |e| e.valid_up_to());
    let file = SourceFile::new(rel, String::from_utf8_lossy(bytes).into_owned());
    let (line, col) = file.position_of(valid);
    file.error(line, col, format!("{what} is not valid UTF-8 (byte {valid})"))
}

/// A file's bytes, or a `FileTooLarge` error when it has more than `limit` (told from its
/// size before reading, and while reading, should it grow).
pub(crate) fn read_limited(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let too_large = |size: u64| {
        std::io::Error::new(
            std::io::ErrorKind::FileTooLarge,
            format!("it is {}, more than the {} briefgen reads", megabytes(size), megabytes(limit)),
        )
    };
    let size = file.metadata()?.len();
    if size > limit {
        return Err(too_large(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / (1 << 20) as f64)
}

/// A seed's text without a byte-order mark, its lines ending in `\n`, without control
/// characters (a scrape's stray escape sequences, a `DEL`): invisible, they are not the
/// article's, and would be copied into its pages, where HTML does not allow them.
fn clean_text(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text).replace("\r\n", "\n").replace('\r', "\n");
    if has_stray_control(&text) { text.chars().filter(|&c| !is_stray_control(c)).collect() } else { text }
}

/// Whether `text` has a [stray control character](is_stray_control): told from its bytes (a
/// pass the compiler vectorises), the characters read only when a byte may start one.
fn has_stray_control(text: &str) -> bool {
    let maybe = |b: u8| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)) || b == 0x7f || b == 0xc2;
    text.as_bytes().iter().fold(false, |found, &b| found | maybe(b)) && text.chars().any(is_stray_control)
}

/// A control character that is not a tab, a line break or a form feed.
pub(crate) fn is_stray_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}')
}

/// Detects the seed's format from its extension and content.
pub fn detect_format(path: &Path, text: &str) -> Result<SeedFormat, String> {
    match extension(path).as_str() {
        _ if is_page(path) && cfg!(feature = "html") => Ok(SeedFormat::Html),
        _ if is_page(path) => Err("saved-HTML seeds need briefgen built with the `html` feature".into()),
        "md" | "markdown" if text.starts_with("---\n") => Ok(SeedFormat::FrontMatter),
        "md" | "markdown" => Ok(SeedFormat::MarkdownClip),
        _ if markdown::looks_like_clip(text) => Ok(SeedFormat::MarkdownClip),
        _ => Ok(SeedFormat::Text),
    }
}

/// The seed at `path` read and extracted, as `briefgen new` and `briefgen ingest` take one.
pub fn seed_article(root: &Path, path: &Path) -> Result<Article, Vec<Diagnostic>> {
    extract(&read_seed(root, path).map_err(|d| vec![d])?)
}

/// Extracts an article from a seed. Pure: the seed's text is all it reads. Errs with every
/// mistake found (a front matter can have several), one diagnostic each.
pub fn extract(seed: &Seed) -> Result<Article, Vec<Diagnostic>> {
    let format = detect_format(&seed.path, &seed.text).map_err(|m| {
        vec![Diagnostic::error(&seed.path, m).help("save the article as plain text (.txt) or Markdown (.md)")]
    })?;
    if seed.text.trim().is_empty() {
        return Err(vec![
            Diagnostic::error(&seed.path, "the seed is empty")
                .help("paste the article's text into the file, or delete it"),
        ]);
    }
    let fields = match format {
        SeedFormat::Text => plaintext::extract(&seed.text),
        SeedFormat::MarkdownClip => markdown::extract_clip(&seed.text),
        SeedFormat::FrontMatter => markdown::extract_front_matter(&seed.path, &seed.text)?,
        SeedFormat::Html => extract_html(seed).map_err(|d| vec![d])?,
    };
    let mut fields = fields;
    if format != SeedFormat::FrontMatter {
        complete_year(&seed.text, &mut fields);
    }
    // Whatever a format's rules left of a block, a block without text is no block (found by
    // fuzzing: furniture stripped from a line can leave nothing).
    fields.blocks.retain(|b| !b.text.trim().is_empty());
    if fields.blocks.is_empty() {
        return Err(vec![Diagnostic::error(&seed.path, "no article text found in the seed")
            .help("the seed should hold the article's paragraphs; check that it is the article and not only the page around it")]);
    }
    Ok(Article::new(seed.id.clone(), seed.path.clone(), format, fields))
}

/// A dateline's month and day (`January 9`) with no publication date: the year is taken
/// from a full date elsewhere in the page, or its copyright line, and said so — never
/// invented.
fn complete_year(text: &str, x: &mut Extracted) {
    let (Some((month, day)), None) = (x.month_day, x.published) else { return };
    let from_date = dates::find_all(text).find(|f| f.date.is_day()).map(|f| (f.date, &text[f.start..f.end]));
    let from_copyright = || {
        text.lines().filter(|l| lines::furniture_reason(l) == Some("copyright line")).find_map(|l| {
            dates::years(l).first().map(|&y| (crate::date::PartialDate { year: y, month: None, day: None }, l.trim()))
        })
    };
    let Some((reference, source)) = from_date.or_else(from_copyright) else { return };
    if let Some(date) = dates::complete_month_day(month, day, reference) {
        x.assumptions.push(format!(
            "the dateline gives {} {day} without a year; assumed {} from `{source}` elsewhere in the page",
            crate::date::MONTHS[month as usize - 1],
            date.year
        ));
        x.published = Some(date);
    }
}

#[cfg(feature = "html")]
fn extract_html(seed: &Seed) -> Result<Extracted, Diagnostic> {
    let error = |m: String| {
        Diagnostic::error(&seed.path, m)
            .help("save the page from the browser as \"Web page, HTML only\", or paste its text into a .txt seed")
    };
    if !matches!(extension(&seed.path).as_str(), "mhtml" | "mht") {
        return html::extract(&seed.text).map_err(error);
    }
    let saved = mhtml::page(&seed.text).map_err(error)?;
    let mut x = html::extract(&saved.html).map_err(error)?;
    if x.url.is_none() && saved.url.is_some() {
        x.url = saved.url;
        x.why.url = Some("the address the page was saved from".into());
    }
    Ok(x)
}

#[cfg(not(feature = "html"))]
fn extract_html(seed: &Seed) -> Result<Extracted, Diagnostic> {
    Err(Diagnostic::error(&seed.path, "saved-HTML seeds need briefgen built with the `html` feature"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_found_and_dropped_from_seeds() {
        for (text, has) in [
            ("plain\ttext\nwith a form feed\x0c", false),
            ("NBSP\u{a0}, « », © and é", false),
            ("an escape \u{1b}[2J", true),
            ("a C1 control \u{85}", true),
            ("DEL\u{7f}", true),
        ] {
            assert_eq!(has_stray_control(text), has, "{text:?}");
        }
        assert_eq!(clean_text("\u{feff}a\u{1b}[2Jb\u{7}\r\nc"), "a[2Jb\nc");
    }

    #[test]
    fn a_binary_seed_of_a_known_kind_says_what_to_save_instead() {
        assert!(binary_help("webarchive").unwrap().contains("Page Source"));
        assert!(binary_help(&extension(Path::new("seeds/a.PDF"))).unwrap().contains(".txt seed"));
        assert_eq!(binary_help("bin"), None);
        // Saved under another name: told by its first bytes. An RTF document is all ASCII.
        for (bytes, help) in [
            (&b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"[..], "PDFs are not read"),
            (b"{\\rtf1\\ansi\\deff0 {\\fonttbl}", "word-processor files"),
            (b"PK\x03\x04\x14\x00\x06\x00", "word-processor files"),
        ] {
            let d = seed_from_bytes(PathBuf::from("seeds/a.txt"), bytes.to_vec()).unwrap_err();
            assert!(d.message.starts_with("the seed is a"), "{d:?}");
            assert!(d.help.as_deref().is_some_and(|h| h.contains(help)), "{d:?}");
        }
        assert!(seed_from_bytes(PathBuf::from("seeds/a.txt"), b"PK and GIF8 are words too.\n".to_vec()).is_ok());
    }

    #[test]
    fn a_stray_nul_leaves_a_seed_text_and_many_make_it_binary() {
        let mut scrape = "A paragraph of the article, long enough to be read as one. ".repeat(4).into_bytes();
        scrape.insert(30, 0);
        let seed = seed_from_bytes(PathBuf::from("seeds/a.txt"), scrape).unwrap();
        assert!(!seed.text.contains('\0') && seed.text.starts_with("A paragraph of the article, lo"), "{seed:?}");
        // UTF-16 saved without its byte-order mark: a NUL in every other byte.
        let utf16: Vec<u8> = "An article saved as UTF-16.".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let d = seed_from_bytes(PathBuf::from("seeds/a.txt"), utf16).unwrap_err();
        assert_eq!(d.message, "the seed is a binary file, not text");
        assert!(mostly_binary(b"\0") && mostly_binary(&[b'a', 0].repeat(60)) && !mostly_binary(b"text"));
    }

    #[test]
    fn an_annotation_among_the_seeds_is_pointed_at_its_folder() {
        let yaml = b"published: 2017-01-09\nnotes: []\n".to_vec();
        let d = seed_from_bytes(PathBuf::from("seeds/004_x.yml"), yaml).unwrap_err();
        assert_eq!(d.message, "an annotation does not belong in seeds/");
        assert!(d.help.as_deref().is_some_and(|h| h.contains("content/annotations/004_x.yaml")), "{d:?}");
    }

    #[test]
    fn invalid_utf8_is_located() {
        let d = utf8_text(Path::new("seeds/x.txt"), b"one\ntwo caf\xe9 au lait".to_vec(), "the seed").unwrap_err();
        assert_eq!(
            (d.location(), d.message.as_str()),
            ("seeds/x.txt:2:8".into(), "the seed is not valid UTF-8 (byte 11)")
        );
        assert_eq!(d.snippet.map(|s| s.text).as_deref(), Some("two caf\u{fffd} au lait"));
        assert_eq!(utf8_text(Path::new("x"), b"ok".to_vec(), "x"), Ok("ok".into()));
        assert_eq!(clean_text("\u{feff}a\r\nb\rc"), "a\nb\nc");
    }

    #[test]
    fn a_dateline_without_a_year_takes_the_pages_year_and_says_so() {
        let seed = |text: &str| Seed { id: "x".into(), path: "seeds/x.txt".into(), text: text.into() };
        let body = "Damascus, January 9 (RHC)-- The talks will be held in Astana with the mediation of Russia, Turkey and Iran.";
        let a = extract(&seed(&format!("{body}\n\n© 2017 Radio Example. All rights reserved.\n"))).unwrap();
        assert_eq!(a.fields.published.map(|d| d.iso()).as_deref(), Some("2017-01-09"));
        assert!(
            a.fields.assumptions[0].contains("assumed 2017 from `© 2017 Radio Example"),
            "{:?}",
            a.fields.assumptions
        );
        let a = extract(&seed(&format!("{body} Aleppo fell back in 2012.\n"))).unwrap();
        assert_eq!(
            (a.fields.published, a.fields.assumptions.len()),
            (None, 0),
            "a bare year in the text is not enough"
        );
    }

    #[test]
    fn issue_23_fuzz_a_line_of_furniture_leaves_no_empty_block() {
        let seed = Seed {
            id: "x".into(),
            path: "seeds/x.txt".into(),
            text: "_________________\n\n        <li clas Link URLCopied!".into(),
        };
        match extract(&seed) {
            Ok(a) => assert!(a.fields.blocks.iter().all(|b| !b.text.trim().is_empty()), "{:?}", a.fields.blocks),
            Err(d) => assert_eq!(d[0].message, "no article text found in the seed"),
        }
    }

    #[test]
    fn empty_seed_is_an_error() {
        let seed = Seed { id: "x".into(), path: "seeds/x.txt".into(), text: " \n\n".into() };
        assert_eq!(extract(&seed).unwrap_err()[0].message, "the seed is empty");
    }

    #[test]
    fn formats_are_detected_from_extension_and_content() {
        let p = Path::new;
        assert_eq!(detect_format(p("a.txt"), "Title\n\nBody."), Ok(SeedFormat::Text));
        assert_eq!(detect_format(p("a.txt"), "\n# *Title*\n\n---\n"), Ok(SeedFormat::MarkdownClip));
        assert_eq!(detect_format(p("a.txt"), "Title\n\n---\n\nBody.\n\n---\n"), Ok(SeedFormat::MarkdownClip));
        let agency_copy = format!("Title\n\n{}___\nReach the reporters on Twitter.\n", "Body.\n".repeat(12));
        assert_eq!(detect_format(p("a.txt"), &agency_copy), Ok(SeedFormat::Text));
        assert_eq!(detect_format(p("a.md"), "---\ntitle: x\n---\nBody"), Ok(SeedFormat::FrontMatter));
        assert_eq!(detect_format(p("a.html"), "<html>"), Ok(SeedFormat::Html));
    }
}
