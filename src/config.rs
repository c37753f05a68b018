//! The site config, `briefgen.yaml` → [`Config`]. Unknown keys are errors; the base URL's
//! path becomes the base path every internal link starts with.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use crate::diag::{Diagnostic, Diags, SourceFile};
use crate::i18n::Language;
use crate::yaml::{self, Spanned, Tree};

pub const CONFIG_FILE: &str = "briefgen.yaml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    /// Required, like `base_url`; optional here so that one left out for a mistake in its
    /// value is not reported missing as well ([`required`]).
    title: Option<Spanned<String>>,
    description: Option<String>,
    base_url: Option<Spanned<String>>,
    language: Option<Spanned<String>>,
    author: Option<String>,
    theme: Option<Spanned<String>>,
    theme_settings: Option<Spanned<Tree>>,
    strings: Option<Spanned<Tree>>,
    verdicts: Option<Spanned<Vec<VerdictFile>>>,
    publish_body: Option<PublishBody>,
    outputs: Option<Outputs>,
    output: Option<Spanned<String>>,
    cname: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VerdictFile {
    id: Spanned<String>,
    label: String,
    description: Option<String>,
}

/// How much of each article the site republishes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PublishBody {
    /// The whole extracted article.
    #[default]
    Full,
    /// Only the annotated passages with a little context, and a link to the original.
    Excerpts,
}

/// The outputs a site may leave out (`outputs:`), to stay within what its host publishes
/// (GitHub Pages: 1 GB); all are published unless turned off. docs/output.md has what each
/// weighs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Outputs {
    /// Each brief as Markdown, `/briefs/<slug>/index.md`.
    pub markdown_pages: bool,
    /// Which Atom feeds: the site's, each entity's and each story's, or the site's only.
    pub feeds: Feeds,
    /// The search page and its index, `/search/`.
    pub search: bool,
    /// The TimelineJS and Web Annotation exports, `/timeline.json` and `/annotations.jsonld`.
    pub exports: bool,
}

impl Default for Outputs {
    fn default() -> Self {
        Outputs { markdown_pages: true, feeds: Feeds::All, search: true, exports: true }
    }
}

/// Which Atom feeds a site publishes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Feeds {
    /// The site's, each entity's and each story's.
    #[default]
    All,
    /// The site's only, `/atom.xml`.
    Site,
}

/// One step of the fact-check rating scale, best first.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Verdict {
    pub id: String,
    pub label: String,
    pub description: Option<String>,
}

/// The validated site config.
#[derive(Clone, Debug)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Absolute URL of the site, ending in `/`.
    pub base_url: String,
    /// The path part of `base_url`, starting and ending with `/` (e.g. `/briefgen/`).
    pub base_path: String,
    /// The language of the interface (`language:`, default `en`).
    pub language: Language,
    pub author: Option<String>,
    pub theme: String,
    /// `theme_settings:` as written; checked against the theme's `theme.yaml` when the theme
    /// is made (`render::theme`).
    pub theme_settings: Option<Spanned<Tree>>,
    /// `strings:` as written: the site's own interface strings, checked against the theme's.
    pub strings: Option<Spanned<Tree>>,
    /// The rating scale, best first.
    pub verdicts: Vec<Verdict>,
    /// Whether `verdicts:` gave the scale; if not, its labels are the interface strings'.
    pub verdicts_given: bool,
    pub publish_body: PublishBody,
    pub outputs: Outputs,
    /// Output folder, relative to the site root unless absolute.
    pub output: PathBuf,
    /// `cname:`, where it is written.
    pub cname: Option<Spanned<String>>,
    /// The file, for messages about the parts checked later.
    pub source: Arc<SourceFile>,
}

/// The scale used when the config gives none, in English (the build gives its labels in the
/// site's language: `verdicts.*` of the interface strings).
pub fn default_verdicts() -> Vec<Verdict> {
    [
        ("true", "True", "Accurate, with nothing significant missing."),
        ("mostly-true", "Mostly true", "Accurate but needs clarification or context."),
        ("mixed", "Mixed", "Partly accurate, partly not."),
        ("misleading", "Misleading", "Contains accurate elements but gives a false impression."),
        ("mostly-false", "Mostly false", "Contains an element of truth but ignores facts that change it."),
        ("false", "False", "Not accurate."),
        ("unproven", "Unproven", "The available evidence neither proves nor disproves it."),
    ]
    .into_iter()
    .map(|(id, label, description)| Verdict {
        id: id.into(),
        label: label.into(),
        description: Some(description.into()),
    })
    .collect()
}

/// The mistakes of a `briefgen.yaml`, one diagnostic each, and the configuration read without
/// them when nothing the content is checked against has one: `check` then reports the
/// content's mistakes in the same run ([`Config::read`]).
#[derive(Debug)]
pub struct ConfigErrors {
    pub diags: Diags,
    pub lenient: Option<Box<Config>>,
}

impl From<Diags> for ConfigErrors {
    fn from(diags: Diags) -> Self {
        ConfigErrors { diags, lenient: None }
    }
}

/// The keys whose values the content is checked against (notes' verdicts against the scale;
/// the theme's settings and strings against the theme): with a mistake in one of them, checking
/// the content against defaults would report mistakes it does not have.
const CONTENT_KEYS: &[&str] = &["verdicts", "theme", "theme_settings"];

impl Config {
    /// Where the value of the top-level `key` starts in `briefgen.yaml` (line and column,
    /// 1-based), for a message about a value checked after the file was read (`theme:`,
    /// `language:`).
    pub fn value_at(&self, key: &str) -> Option<(u32, u32)> {
        let head = format!("{key}:");
        self.source.text.lines().enumerate().find(|(_, l)| l.starts_with(&head)).map(|(i, l)| {
            let value = l[head.len()..].trim_start();
            (i as u32 + 1, l[..l.len() - value.len()].chars().count() as u32 + 1)
        })
    }

    /// Reads `briefgen.yaml` in `root`. A missing file is an environment error.
    pub fn load(root: &Path) -> anyhow::Result<Result<Config, ConfigErrors>> {
        let path = root.join(CONFIG_FILE);
        if let Err(d) = crate::ingest::boundary::Boundary::new(root).check_file(&path) {
            return Ok(Err(Diags::from(d).into()));
        }
        if !root.exists() {
            anyhow::bail!(
                "there is no folder {}\nhelp: pass --root the folder that holds briefgen.yaml, or create a site there with `briefgen init {}`",
                root.display(),
                root.display()
            );
        }
        if !root.is_dir() {
            anyhow::bail!(
                "{} is a file, not a site's folder\nhelp: pass --root the folder that holds briefgen.yaml",
                root.display()
            );
        }
        let bytes = crate::ingest::read_limited(&path, crate::ingest::MAX_CONTENT_BYTES).map_err(|e| {
            let help = if root.join("briefgen.yml").is_file() {
                "this folder has briefgen.yml: rename it to briefgen.yaml, the one name briefgen reads"
            } else {
                "run briefgen in a site folder, pass --root DIR, or create a site with `briefgen init`"
            };
            anyhow::anyhow!("cannot read {}: {e}\nhelp: {help}", path.display())
        })?;
        match crate::ingest::decode_text(Path::new(CONFIG_FILE), bytes) {
            Ok(text) => Ok(Config::read(&SourceFile::new(CONFIG_FILE, text))),
            Err(d) => Ok(Err(Diags::from(d.or_help("briefgen.yaml must be UTF-8 text")).into())),
        }
    }

    /// Parses and validates the config text ([`Config::read`]), its mistakes only.
    pub fn parse(src: &SourceFile) -> Result<Config, Diags> {
        Config::read(src).map_err(|e| e.diags)
    }

    /// Parses and validates the config text. A key with a mistake in it is reported and left
    /// out, and the rest of the file still read and checked, so that every mistake is reported
    /// at once, like an annotation's (docs/safety.md, "One error per mistake"). With mistakes,
    /// the configuration read without them comes too, unless one is in a key the content is
    /// checked against ([`CONTENT_KEYS`]).
    fn read(src: &SourceFile) -> Result<Config, ConfigErrors> {
        let parsed = yaml::parse_recovering::<ConfigFile>(src, yaml::Entries::TopLevel);
        let dropped = parsed.dropped_keys();
        let mut diags = Diags::new();
        diags.extend(parsed.diags);
        let Some(file) = parsed.value else { return Err(diags.into()) };
        let title = required(src, file.title, "title", &dropped, &mut diags);
        if let Some(t) = title.as_ref().filter(|t| t.value.trim().is_empty()) {
            let (line, col) = yaml::pos(t);
            // Every page's <title> and the link home are the site's title: empty, they are invalid.
            diags.push(
                src.error(line, col, "the site's title is empty").help("name the site, e.g. `title: Syria Briefs`"),
            );
        }
        let (base_url, base_path) = match required(src, file.base_url, "base_url", &dropped, &mut diags) {
            Some(url) => normalise_base_url(&url.value).unwrap_or_else(|e| {
                diags.push(src.error(url.line, url.col, e.message).help(e.help));
                Default::default()
            }),
            None => Default::default(),
        };
        let verdicts_given = file.verdicts.is_some();
        let verdicts = match file.verdicts {
            Some(list) if list.value.is_empty() => {
                // The default scale stands in, so that the notes' verdicts are not reported too.
                diags.push(src.error(list.line, list.col, "the verdict scale is empty").help(
                    "list the verdicts best first, each with `id:` and `label:`, or remove `verdicts:` for the default scale",
                ));
                default_verdicts()
            }
            Some(list) => check_verdicts(src, list.value, &mut diags),
            None => default_verdicts(),
        };
        let language = match &file.language {
            Some(tag) => crate::i18n::parse_tag(src, tag).unwrap_or_else(|d| {
                diags.push(d);
                Language::english()
            }),
            None => Language::english(),
        };
        let theme = match file.theme {
            Some(t) if !crate::text::is_slug(&t.value) => {
                let (line, col) = yaml::pos(&t);
                diags.push(
                    src.error(line, col, format!("theme name `{}` is not a folder name", t.value))
                        .help("use the name of a folder under themes/, e.g. `default`"),
                );
                String::new()
            }
            Some(t) => t.value,
            None => "default".into(),
        };
        if let Some(o) = &file.output {
            let (line, col) = yaml::pos(o);
            let path = Path::new(&o.value);
            if !is_inside(path) && path.components().all(|c| c == std::path::Component::CurDir) {
                diags.push(
                    src.error(line, col, format!("the output folder `{}` is the site's own folder", o.value))
                        .help("name a folder of its own inside the site, e.g. `public`"),
                );
            } else if !is_inside(path) {
                diags.push(
                    src.error(line, col, format!("the output folder `{}` is outside the site", o.value))
                        .help("name a folder inside the site, e.g. `public`; to build elsewhere, pass `--output DIR`"),
                );
            } else if let Some(read) = read_folder_holding(path) {
                diags.push(src.error(line, col, output_in_read_folder(&o.value, read)).help(OUTPUT_FOLDER_HELP));
            }
        }
        // A `cname:` that is no domain name is its one error: the config read without it
        // gives no warning that the site is not served at it.
        let cname = file.cname.filter(|c| {
            let ok = is_host_name(&c.value);
            if !ok {
                let (line, col) = yaml::pos(c);
                diags.push(
                    src.error(line, col, format!("`{}` is not a domain name", c.value))
                        .help("write the custom domain only, e.g. `news.example.org`"),
                );
            }
            ok
        });
        let config = Config {
            title: title.map(|t| t.value.trim().to_owned()).unwrap_or_default(),
            description: file.description.unwrap_or_default(),
            base_url,
            base_path,
            language,
            author: file.author,
            theme,
            theme_settings: file.theme_settings,
            strings: file.strings,
            verdicts,
            verdicts_given,
            publish_body: file.publish_body.unwrap_or_default(),
            outputs: file.outputs.unwrap_or_default(),
            output: PathBuf::from(file.output.map_or_else(|| "public".into(), |o| o.value)),
            cname,
            source: Arc::new(src.clone()),
        };
        if diags.has_errors() {
            let lenient = content_unaffected(src, &diags).then(|| Box::new(config));
            return Err(ConfigErrors { diags, lenient });
        }
        Ok(config)
    }

    /// A warning when `cname:` names another host than the base URL's: the site is served at
    /// the custom domain's root, where links made for the base URL's path lead nowhere.
    /// Checked after `--base-url`, which a publishing workflow sets to the custom domain.
    pub fn cname_mismatch(&self) -> Option<Diagnostic> {
        let given = self.cname.as_ref()?;
        let cname = given.value.as_str();
        let host = self.base_url.split("://").nth(1)?.split(['/', ':']).next()?;
        if host.eq_ignore_ascii_case(cname) && self.base_path == "/" {
            return None;
        }
        let message = format!(
            "`cname: {cname}` serves the site at https://{cname}/, but its links are made for {}",
            self.base_url
        );
        let help = format!("set `base_url: https://{cname}/`, or pass it with --base-url");
        Some(self.source.warning(given.line, given.col, message).help(help))
    }

    /// Replaces the base URL (from `--base-url`).
    pub fn set_base_url(&mut self, url: &str) -> Result<(), BaseUrlError> {
        let (base_url, base_path) = normalise_base_url(url)?;
        self.base_url = base_url;
        self.base_path = base_path;
        Ok(())
    }

    pub fn verdict(&self, id: &str) -> Option<&Verdict> {
        self.verdicts.iter().find(|v| v.id == id)
    }
}

const BASE_URL_HELP: &str = "write the site's address, e.g. `https://USER.github.io/REPO/`";

/// Whether none of the errors in `diags` is in a key the content is checked against
/// ([`CONTENT_KEYS`]), written as it is or misspelt: each error is told by the top-level key
/// whose lines it is on. An error at no line is taken to be in any.
fn content_unaffected(src: &SourceFile, diags: &Diags) -> bool {
    let keys = yaml::recover::TopLevelKeys::of(&src.text);
    diags.iter().filter(|d| d.is_error()).all(|d| {
        let key = keys.at(d.line).map(str::to_owned);
        key.is_some_and(|k| CONTENT_KEYS.iter().all(|c| !yaml::recover::accounts_for(std::slice::from_ref(&k), c)))
    })
}

/// A key the config cannot do without. Missing, it is an error, unless it was left out for a
/// mistake in its value, which is reported already.
fn required(
    src: &SourceFile,
    value: Option<Spanned<String>>,
    key: &str,
    dropped: &[String],
    diags: &mut Diags,
) -> Option<Spanned<String>> {
    if value.is_none() && !yaml::recover::accounts_for(dropped, key) {
        let help = match key {
            "title" => "name the site, e.g. `title: Syria Briefs`",
            _ => BASE_URL_HELP,
        };
        diags.push(
            src.error(1, 1, format!("missing key `{key}`")).help(format!("briefgen.yaml needs `{key}:`; {help}")),
        );
    }
    value
}

fn check_verdicts(src: &SourceFile, list: Vec<VerdictFile>, diags: &mut Diags) -> Vec<Verdict> {
    let mut out: Vec<Verdict> = Vec::new();
    // A map, not a pass over the verdicts before each: 100,000 verdicts were 20 s. Each id's
    // first line, for the error of a second.
    let mut first_lines = std::collections::HashMap::new();
    for v in list {
        let (line, col) = yaml::pos(&v.id);
        if let Some(first) = first_lines.get(&v.id.value) {
            diags.push(
                src.error(line, col, format!("verdict `{}` is defined twice", v.id.value))
                    .help(format!("the first is at line {first}; each verdict id must be unique")),
            );
        } else {
            first_lines.insert(v.id.value.clone(), line);
            if !crate::text::is_slug(&v.id.value) {
                diags.push(
                    src.error(line, col, format!("verdict id `{}` is not a simple name", v.id.value))
                        .help("use lowercase letters, digits and hyphens, e.g. `mostly-true`"),
                );
            }
        }
        out.push(Verdict { id: v.id.value, label: v.label, description: v.description });
    }
    out
}

/// The folders of a site that briefgen reads: an output folder in one of them would be read
/// back by the next build (a site published again inside itself, pages read as seeds).
pub const READ_FOLDERS: &[&str] = &["seeds", "content", "static", "templates", "themes", ".briefgen-cache"];

/// The folder of [`READ_FOLDERS`] that `rel`, a path inside the site, is or lies in.
pub fn read_folder_holding(rel: &Path) -> Option<&'static str> {
    let first = rel.components().find_map(|c| match c {
        std::path::Component::Normal(name) => Some(name.to_string_lossy()),
        _ => None,
    })?;
    // Folder names are compared as a case-insensitive file system (macOS, Windows) would.
    READ_FOLDERS.iter().copied().find(|f| f.eq_ignore_ascii_case(&first))
}

/// The error for an output folder in a folder the site reads.
pub fn output_in_read_folder(output: &str, read: &str) -> String {
    format!(
        "the output folder `{output}` is in `{read}/`, which briefgen reads: each build would read the last one's output"
    )
}

pub const OUTPUT_FOLDER_HELP: &str = "name a folder of its own, e.g. `public` (the default)";

/// Whether a relative path stays inside the folder it is relative to (no `..`, not absolute)
/// and names something in it (not `.`).
fn is_inside(path: &Path) -> bool {
    use std::path::Component;
    path.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
        && path.components().any(|c| matches!(c, Component::Normal(_)))
}

/// A domain name: letters, digits, hyphens and dots.
fn is_host_name(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
}

/// A host name of dot-separated labels (letters, digits, hyphens; none empty, none starting
/// or ending with a hyphen) or an IP address in brackets, with a port from 1 to 65535.
fn is_host_and_port(host: &str) -> bool {
    let (name, port) = match host.rsplit_once(':') {
        Some((n, p)) if !p.contains(']') => (n, Some(p)),
        _ => (host, None),
    };
    let port_ok = port.is_none_or(|p| p.bytes().all(|b| b.is_ascii_digit()) && p.parse::<u16>().is_ok_and(|n| n > 0));
    let label = |l: &str| !l.is_empty() && is_host_name(l) && !l.starts_with('-') && !l.ends_with('-');
    let name_ok = match name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        Some(ip) => ip.parse::<std::net::Ipv6Addr>().is_ok(),
        None => name.strip_suffix('.').unwrap_or(name).split('.').all(label),
    };
    port_ok && name_ok
}

/// Where `path` has a `%` not followed by two hex digits, which no browser reads as the
/// character the editor meant.
fn bad_escape(path: &str) -> Option<usize> {
    let b = path.as_bytes();
    (0..b.len()).find(|&i| {
        b[i] == b'%'
            && !(b.get(i + 1).is_some_and(u8::is_ascii_hexdigit) && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    })
}

/// `url` with its user name and password left out, so that an error does not repeat them.
fn shown_without_userinfo(url: &str, host: &str) -> String {
    let after = host.rsplit_once('@').map_or(host, |(_, h)| h);
    url.replacen(host, &format!("…@{after}"), 1)
}

/// Why a base URL is refused, and what to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseUrlError {
    pub message: String,
    pub help: String,
}

impl std::fmt::Display for BaseUrlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}\nhelp: {}", self.message, self.help)
    }
}

/// Checks an absolute http(s) URL and returns it with a trailing slash, and its path. A path
/// in other letters than ASCII is percent-encoded; a host name in them is refused, with its
/// ASCII form in the hint (docs/safety.md, URLs).
pub fn normalise_base_url(url: &str) -> Result<(String, String), BaseUrlError> {
    let url = url.trim();
    let refused = |message: String| BaseUrlError { message, help: BASE_URL_HELP.to_owned() };
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| refused(format!("base URL `{url}` must start with https:// or http://")))?;
    crate::url::check(url).map_err(|p| refused(p.message))?;
    let (host, path) = rest.split_once('/').map_or((rest, ""), |(h, p)| (h, p));
    if host.is_empty() || host.contains(char::is_whitespace) {
        return Err(refused(format!("base URL `{url}` has no host name")));
    }
    if rest.contains(['?', '#']) || path.contains(char::is_whitespace) {
        return Err(refused(format!("base URL `{url}` must be a plain address without query, fragment or spaces")));
    }
    if host.contains('@') {
        return Err(BaseUrlError {
            message: format!("base URL `{}` has a user name or password in it", shown_without_userinfo(url, host)),
            help:
                "every feed, the sitemap and each page would publish it: write the address without the part before `@`"
                    .into(),
        });
    }
    if path.split('/').any(|s| s == "." || s == "..") {
        return Err(refused(format!("base URL `{url}` has a `.` or `..` in its path")));
    }
    if let Some(at) = bad_escape(path) {
        return Err(refused(format!(
            "base URL `{url}` has a `%` that starts no escape (`{}`): a `%` is followed by two hex digits",
            path[at..].chars().take(3).collect::<String>()
        )));
    }
    if host.is_ascii() && !is_host_and_port(host) {
        return Err(refused(format!("base URL `{url}` has no valid host name (`{host}`)")));
    }
    let path = crate::url::encode_non_ascii(path.trim_matches('/'));
    let base_path = if path.is_empty() { "/".to_owned() } else { format!("/{path}/") };
    let scheme = &url[..url.len() - rest.len()];
    if !host.is_ascii() {
        return Err(international_host(scheme, host, &base_path));
    }
    Ok((format!("{scheme}{host}{base_path}"), base_path))
}

/// The error for a host name in other letters than ASCII: feeds, the sitemap and canonical
/// links need its ASCII (IDNA) form, which briefgen leaves to the editor to write, having
/// no full IDNA mapping to make it.
fn international_host(scheme: &str, host: &str, base_path: &str) -> BaseUrlError {
    let (name, port) = host
        .rsplit_once(':')
        .filter(|(_, p)| p.bytes().all(|b| b.is_ascii_digit()))
        .map_or((host, ""), |(n, p)| (n, p));
    let port = if port.is_empty() { String::new() } else { format!(":{port}") };
    let help = match crate::url::ascii_host(name) {
        Some(ascii) => format!(
            "feeds, the sitemap and canonical links need the ASCII form of an international domain name, and briefgen does not convert it: write `base_url: {scheme}{ascii}{port}{base_path}` (its IDNA form, as your domain's registrar shows it)"
        ),
        None => "write the host name in its ASCII (IDNA) form, `xn--…`, as your domain's registrar shows it".to_owned(),
    };
    BaseUrlError { message: format!("the host name `{host}` is not in ASCII"), help }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Vec<(u32, String)>> {
        Config::parse(&SourceFile::new(CONFIG_FILE, text))
            .map_err(|d| d.into_iter().map(|d| (d.line, d.message)).collect())
    }

    #[test]
    fn a_custom_domain_other_than_the_base_urls_is_a_warning() {
        let config = |text: &str| Config::parse(&SourceFile::new(CONFIG_FILE, text)).unwrap();
        let c = config("title: T\nbase_url: https://example.github.io/briefs/\ncname: news.example.org\n");
        let w = c.cname_mismatch().unwrap();
        assert_eq!((w.line, w.col, w.severity), (3, 8, crate::diag::Severity::Warning));
        assert!(w.message.contains("but its links are made for https://example.github.io/briefs/"), "{}", w.message);
        let mut c = c;
        c.set_base_url("https://news.example.org").unwrap();
        assert_eq!(c.cname_mismatch(), None, "--base-url as the publishing workflow passes it");
        assert_eq!(
            config("title: T\nbase_url: https://News.Example.org/\ncname: news.example.org\n").cname_mismatch(),
            None
        );
        assert_eq!(config("title: T\nbase_url: https://a.org/\n").cname_mismatch(), None);
        // A `cname:` that is no domain name is one error, and no warning besides.
        let errors =
            Config::read(&SourceFile::new(CONFIG_FILE, "title: T\nbase_url: https://a.org/\ncname: https://b.org/\n"))
                .unwrap_err();
        assert_eq!(errors.diags.iter().count(), 1);
        assert_eq!(errors.lenient.and_then(|c| c.cname_mismatch()), None);
    }

    #[test]
    fn outputs_are_all_published_unless_turned_off() {
        let c = parse("title: T\nbase_url: https://a.org\n").unwrap();
        assert_eq!(c.outputs, Outputs::default());
        assert!(c.outputs.markdown_pages && c.outputs.search && c.outputs.exports && c.outputs.feeds == Feeds::All);
        let c = parse("title: T\nbase_url: https://a.org\noutputs:\n  search: false\n  feeds: site\n").unwrap();
        assert_eq!(c.outputs, Outputs { search: false, feeds: Feeds::Site, ..Outputs::default() });
        let err = parse("title: T\nbase_url: https://a.org\noutputs:\n  serch: false\n").unwrap_err();
        assert_eq!(err, vec![(4, "unknown key `serch`".to_owned())]);
    }

    #[test]
    fn minimal_config_gets_defaults() {
        let c = parse("title: T\nbase_url: https://example.github.io/briefgen\n").unwrap();
        assert_eq!((c.base_url.as_str(), c.base_path.as_str()), ("https://example.github.io/briefgen/", "/briefgen/"));
        assert_eq!((c.language.as_str(), c.theme.as_str(), c.publish_body), ("en", "default", PublishBody::Full));
        assert!(!c.verdicts_given);
        assert_eq!(c.verdicts[0].id, "true");
        assert_eq!(c.output, PathBuf::from("public"));
    }

    #[test]
    fn base_urls() {
        assert_eq!(normalise_base_url("https://a.org"), Ok(("https://a.org/".into(), "/".into())));
        assert_eq!(normalise_base_url("http://a.org/x/y/"), Ok(("http://a.org/x/y/".into(), "/x/y/".into())));
        assert!(normalise_base_url("a.org/x").is_err());
        assert!(normalise_base_url("https:///x").is_err());
        assert!(normalise_base_url("https://a.org:8080/x/").is_ok());
        assert!(normalise_base_url("https://[::1]:4000/").is_ok());
        assert!(normalise_base_url("https://127.0.0.1/").is_ok());
        assert!(normalise_base_url("https://a.org/zeitung-f%C3%BCr-alle/").is_ok(), "an escape as it should be");
        for bad in [
            "https://.org/",
            "https://a..org/",
            "https://-a.org/",
            "https://a.org:99999/",
            "https://a.org:/",
            "https://a_b.org/",
            "https://a.org?x=1",
            "https://a.org/x/../y/",
            "https://a.org/%zz/",
            "https://a.org/100%/",
        ] {
            assert!(normalise_base_url(bad).is_err(), "{bad}");
        }
        // Credentials would be published in every feed; the error does not repeat them.
        let e = normalise_base_url("https://editor:s3cret@a.org/").unwrap_err();
        assert_eq!(e.message, "base URL `https://…@a.org/` has a user name or password in it");
    }

    #[test]
    fn a_base_url_path_in_other_letters_is_percent_encoded() {
        let c = parse("title: T\nbase_url: https://example.org/zeitung-für-alle\n").unwrap();
        assert_eq!(c.base_url, "https://example.org/zeitung-f%C3%BCr-alle/");
        assert_eq!(c.base_path, "/zeitung-f%C3%BCr-alle/");
    }

    #[test]
    fn an_international_host_name_is_refused_with_its_ascii_form() {
        let src = SourceFile::new(CONFIG_FILE, "title: T\nbase_url: https://zeitung.münchen.de/für-alle/\n");
        let d = Config::parse(&src).unwrap_err().into_iter().next().unwrap();
        assert_eq!((d.line, d.col, d.message.as_str()), (2, 11, "the host name `zeitung.münchen.de` is not in ASCII"));
        let help = d.help.unwrap();
        assert!(help.contains("write `base_url: https://zeitung.xn--mnchen-3ya.de/f%C3%BCr-alle/`"), "{help}");
        let e = normalise_base_url("http://bücher.example:8080").unwrap_err();
        assert!(e.help.contains("`base_url: http://xn--bcher-kva.example:8080/`"), "{}", e.help);
        assert!(e.to_string().starts_with("the host name `bücher.example:8080` is not in ASCII\nhelp: "));
    }

    #[test]
    fn bad_values_are_located() {
        assert_eq!(
            parse("title: T\nbase_url: https://a.org/\"x\n").unwrap_err(),
            [(2, "the address `https://a.org/\"x` contains `\"`".to_owned())]
        );
        assert_eq!(
            parse("title: T\nbase_url: example.org\n").unwrap_err(),
            [(2, "base URL `example.org` must start with https:// or http://".to_owned())]
        );
        assert_eq!(
            parse("title: T\nbase_url: https://a.org\nthme: x\n").unwrap_err(),
            [(3, "unknown key `thme`".to_owned())]
        );
        assert_eq!(
            parse("title: T\nbase_url: https://a.org\npublish_body: some\n").unwrap_err(),
            [(3, "unknown value `some`".to_owned())]
        );
        assert_eq!(
            parse("title: T\nbase_url: https://a.org\nlanguage: Spanish\n").unwrap_err(),
            [(3, "`Spanish` is not a language tag".to_owned())]
        );
        assert_eq!(parse("title: T\nbase_url: https://a.org\nlanguage: pt_br\n").unwrap().language.as_str(), "pt-BR");
        assert_eq!(
            parse("title: T\nbase_url: https://a.org\noutput: ../elsewhere\n").unwrap_err(),
            [(3, "the output folder `../elsewhere` is outside the site".to_owned())]
        );
        assert_eq!(
            parse("title: T\nbase_url: \"javascript:alert(1)//\"\n").unwrap_err(),
            [(2, "base URL `javascript:alert(1)//` must start with https:// or http://".to_owned())]
        );
        let dup = "title: T\nbase_url: https://a.org\nverdicts:\n  - {id: a, label: A}\n  - {id: a, label: B}\n";
        assert_eq!(parse(dup).unwrap_err(), [(5, "verdict `a` is defined twice".to_owned())]);
        let help = Config::read(&SourceFile::new(CONFIG_FILE, dup)).unwrap_err().diags.into_iter().next().unwrap().help;
        assert_eq!(help.as_deref(), Some("the first is at line 4; each verdict id must be unique"));
        let empty = "title: T\nbase_url: https://a.org\nverdicts: []\n";
        assert_eq!(parse(empty).unwrap_err(), [(3, "the verdict scale is empty".to_owned())]);
    }

    #[test]
    fn a_config_with_mistakes_comes_without_them_unless_the_content_is_checked_against_one() {
        let lenient = |text: &str| {
            let e = Config::read(&SourceFile::new("briefgen.yaml", text)).unwrap_err();
            assert!(e.diags.has_errors());
            e.lenient.map(|c| (c.title, c.language.as_str().to_owned()))
        };
        let base = "title: T\nbase_url: https://a.org/\n";
        // Mistakes the content is not checked against: the rest is read.
        assert_eq!(lenient(&format!("{base}langauge: de\n")), Some(("T".into(), "en".into())));
        assert_eq!(lenient("title: [T]\nbase_url: https://a.org/\nlanguage: fr\n"), Some((String::new(), "fr".into())));
        assert!(lenient("language: fr\n").is_some(), "title and base_url missing");
        // The verdict scale, the theme and its settings, as written or misspelt: nothing.
        let verdict = "verdicts:\n  - id: a\n    labl: A\n";
        for bad in [verdict, "verdcits: []\n", "verdicts: []\n", "theme: Not A Folder\n", "them: x\n", "theme: [x]\n"] {
            assert_eq!(lenient(&format!("{base}{bad}")), None, "{bad}");
        }
    }

    #[test]
    fn a_long_verdict_scale_is_checked_in_one_pass() {
        let scale: String = (0..60_000).map(|i| format!("  - {{id: v{i}, label: V}}\n")).collect();
        let text = format!("title: T\nbase_url: https://a.org\nverdicts:\n{scale}  - {{id: v7, label: W}}\n");
        let start = std::time::Instant::now();
        assert_eq!(parse(&text).unwrap_err(), [(60_004, "verdict `v7` is defined twice".to_owned())]);
        assert!(start.elapsed() < std::time::Duration::from_secs(5), "{:?}", start.elapsed());
    }

    #[test]
    fn every_key_with_a_mistake_is_reported_at_once() {
        let text =
            "title: T\nbase_url: https://a.org\nlangauge: de\noutputs:\n  search: maybe\nmenu: -1\ntheme: Not A Slug\n";
        let errors = parse(text).unwrap_err();
        let messages: Vec<(u32, &str)> = errors.iter().map(|(l, m)| (*l, m.as_str())).collect();
        assert_eq!(
            messages,
            [
                (3, "unknown key `langauge`"),
                (5, "wrong type for `search`: expected true or false"),
                (6, "unknown key `menu`"),
                (7, "theme name `Not A Slug` is not a folder name"),
            ]
        );
    }

    #[test]
    fn a_required_key_left_out_for_its_mistake_is_not_reported_missing_too() {
        assert_eq!(
            parse("title: [T]\nbase_url: {a: 1}\n").unwrap_err(),
            [
                (1, "wrong type for `title`: expected a text".to_owned()),
                (2, "wrong type for `base_url`: expected a text".to_owned())
            ]
        );
        // Left out by the editor, it is.
        assert_eq!(
            parse("description: D\n").unwrap_err(),
            [(1, "missing key `title`".to_owned()), (1, "missing key `base_url`".to_owned())]
        );
        // Misspelt, it is one mistake: the unknown key, which asks "did you mean `title`?".
        assert_eq!(parse("base_url: https://a.org\ntitel: T\n").unwrap_err(), [(2, "unknown key `titel`".to_owned())]);
    }

    #[test]
    fn an_empty_title_is_an_error() {
        for title in ["\"\"", "\"  \""] {
            let text = format!("base_url: https://a.org\ntitle: {title}\n");
            assert_eq!(parse(&text).unwrap_err(), [(2, "the site's title is empty".to_owned())]);
        }
    }
}
