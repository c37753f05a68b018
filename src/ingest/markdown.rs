//! Markdown seeds: Markdown-ish clippings (`# *Title*`, `---` rules, a trailing `<https://…>`
//! source link and the outlet in `**bold**`), and clean Markdown with YAML front matter, whose
//! fields are taken as they are.

use std::path::Path;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::Deserialize;
use serde::de::IgnoredAny;

use super::dateline;
use super::lines::{collapse_spaces, furniture_reason, rejoin_blocks};
use crate::date::{DATE_HELP, PartialDate};
use crate::diag::Diagnostic;
use crate::markdown::plain_text;
use crate::model::{Block, Dropped, Extracted, Why};
use crate::yaml::{self, Spanned};

/// Whether a `.txt` seed is really a Markdown-ish clipping: a `# ` heading first, a source link,
/// or rules framing the text — two, or one among its first ten lines. A single rule further
/// down is a scrape's own separator (news agencies end their copy with `___`).
pub fn looks_like_clip(text: &str) -> bool {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.clone().next().unwrap_or("");
    let rules: Vec<usize> = lines.clone().enumerate().filter(|(_, l)| is_rule(l)).map(|(i, _)| i).collect();
    first.starts_with("# ")
        || lines.any(|l| source_link(l).is_some())
        || rules.len() >= 2
        || rules.first().is_some_and(|&i| i < 10)
}

fn is_rule(line: &str) -> bool {
    line.len() >= 3
        && (line.chars().all(|c| c == '-') || line.chars().all(|c| c == '*') || line.chars().all(|c| c == '_'))
}

/// `<https://…>` or `[text](https://…)` alone on a line.
fn source_link(line: &str) -> Option<&str> {
    let url = line
        .strip_prefix('<')
        .and_then(|s| s.strip_suffix('>'))
        .or_else(|| line.strip_prefix('[').and_then(|s| s.split_once("](")).and_then(|(_, u)| u.strip_suffix(')')))?;
    ((url.starts_with("http://") || url.starts_with("https://")) && crate::url::is_allowed(url)).then_some(url)
}

/// `**Radio Habana Cuba**` alone on a line: the outlet's signature.
fn bold_line(line: &str) -> Option<&str> {
    let inner = line.strip_prefix("**")?.strip_suffix("**")?.trim();
    (!inner.is_empty() && !inner.contains("**") && inner.split_whitespace().count() <= 8).then_some(inner)
}

/// A Markdown-ish clipping, as seed 004.
pub fn extract_clip(text: &str) -> Extracted {
    let mut out = Extracted::default();
    let mut paragraphs: Vec<Block> = Vec::new();
    for chunk in chunks(text) {
        let line = chunk.as_str();
        if let Some(h) = line.strip_prefix('#') {
            let h = plain_text(h.trim_start_matches('#').trim());
            if out.title.is_none() && paragraphs.is_empty() {
                out.why.title = Some("the `# ` heading that opens the clipping".into());
                out.title = Some(h);
            } else {
                paragraphs.push(Block::heading(h));
            }
        } else if is_rule(line) {
            out.dropped.push(Dropped::new(line, "horizontal rule"));
        } else if let Some(url) = source_link(line) {
            if out.url.is_none() {
                out.why.url = Some(format!("the source link {line:?}"));
                out.url = Some(url.to_owned());
            }
            out.dropped.push(Dropped::new(line, "source link (kept as the article's URL)"));
        } else if let Some(name) = bold_line(line).filter(|_| !paragraphs.is_empty()) {
            out.why.outlet = Some(format!("the signature line {line:?} below the text"));
            out.outlet = Some(name.to_owned());
            out.dropped.push(Dropped::new(line, "outlet signature (kept as the outlet)"));
        } else if let Some(reason) = furniture_reason(line) {
            out.dropped.push(Dropped::new(line, reason));
        } else {
            paragraphs.push(Block::paragraph(plain_text(line)));
        }
    }
    out.blocks = rejoin_blocks(paragraphs);
    apply_dateline(&mut out);
    out
}

/// Blank-line separated chunks, each joined into one line.
fn chunks(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim).chain(std::iter::once("")) {
        if line.is_empty() || (is_rule(line) && !cur.is_empty()) {
            if !cur.is_empty() {
                out.push(cur.join(" "));
                cur.clear();
            }
            if is_rule(line) {
                out.push(line.to_owned());
            }
        } else {
            cur.push(line);
        }
    }
    out
}

fn apply_dateline(out: &mut Extracted) {
    if let Some(first) = out.blocks.iter().find(|b| b.kind == crate::model::BlockKind::Paragraph)
        && let Some(d) = dateline::parse(&first.text)
    {
        out.dateline = Some(d.place);
        out.month_day = d.month_day;
        if out.outlet.is_none()
            && let Some(agency) = d.agency
        {
            out.why.outlet = Some(format!("the dateline's agency, {agency:?}"));
            out.outlet = Some(agency);
        }
    }
}

/// The front matter a clean Markdown seed may carry. Clipping tools and other generators
/// (Hugo, Jekyll, Obsidian Web Clipper, MarkDownload) name some fields their own way: `date`,
/// `author` (a name or a list, `[[wiki links]]` too), `source`, `site_name` are read as well,
/// and what they add that a brief takes from its annotation instead (`description`, `tags`,
/// `created`, …) is left aside. Any other key is an error, since a misspelt one would lose its
/// value without a word.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: Option<String>,
    #[serde(alias = "site", alias = "site_name", alias = "publisher")]
    outlet: Option<String>,
    #[serde(alias = "author", alias = "authors")]
    byline: Option<Names>,
    #[serde(alias = "date")]
    published: Option<Spanned<String>>,
    #[serde(alias = "source", alias = "link")]
    url: Option<Spanned<String>>,
    dateline: Option<String>,
    #[serde(alias = "lang")]
    language: Option<Spanned<String>>,
    // Left aside: the annotation gives a brief its summary, tags and slug.
    #[serde(rename = "description")]
    _description: Option<IgnoredAny>,
    #[serde(rename = "summary")]
    _summary: Option<IgnoredAny>,
    #[serde(rename = "excerpt")]
    _excerpt: Option<IgnoredAny>,
    #[serde(rename = "tags")]
    _tags: Option<IgnoredAny>,
    #[serde(rename = "categories")]
    _categories: Option<IgnoredAny>,
    #[serde(rename = "created")]
    _created: Option<IgnoredAny>,
    #[serde(rename = "updated")]
    _updated: Option<IgnoredAny>,
    #[serde(rename = "modified")]
    _modified: Option<IgnoredAny>,
    #[serde(rename = "lastmod")]
    _lastmod: Option<IgnoredAny>,
    #[serde(rename = "image")]
    _image: Option<IgnoredAny>,
    #[serde(rename = "slug")]
    _slug: Option<IgnoredAny>,
    #[serde(rename = "draft")]
    _draft: Option<IgnoredAny>,
    #[serde(rename = "layout")]
    _layout: Option<IgnoredAny>,
}

/// An author or a list of them, as clipping tools write them.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Names {
    One(String),
    Many(Vec<String>),
}

impl Names {
    /// The names as given, with a wiki link's brackets (`[[Jane Doe]]`, `[[page|Jane Doe]]`)
    /// taken off.
    fn list(self) -> Vec<String> {
        let unlink = |n: String| {
            let inner = n
                .trim()
                .strip_prefix("[[")
                .and_then(|n| n.strip_suffix("]]"))
                .map(|n| n.rsplit('|').next().unwrap_or(n));
            inner.map_or(n.trim().to_owned(), |i| i.trim().to_owned())
        };
        let names = match self {
            Names::One(n) => vec![n],
            Names::Many(ns) => ns,
        };
        names.into_iter().map(unlink).filter(|n| !n.is_empty()).collect()
    }
}

/// Clean Markdown with YAML front matter (`---` … `---`). Every mistake in the front matter
/// is reported, one error each: a key with one is left out and the rest still read.
pub fn extract_front_matter(path: &Path, text: &str) -> Result<Extracted, Vec<Diagnostic>> {
    let yaml::FrontMatter::Closed { yaml: src, body } = yaml::front_matter(path, text) else {
        return Err(vec![
            Diagnostic::error(path, "the front matter is not closed")
                .at(1, 1)
                .help("end the front matter with a line `---`"),
        ]);
    };
    let parsed = yaml::parse_recovering::<FrontMatter>(&src, yaml::Entries::TopLevel);
    let mut diags = parsed.diags;
    let Some(fm) = parsed.value else { return Err(diags) };
    let published = fm.published.as_ref().and_then(|p| {
        // A timestamp (`2017-02-16T10:30:00+01:00`) gives its date as written.
        let date =
            PartialDate::parse(&p.value).or_else(|e| super::dates::parse_stamp(&p.value).map(|s| s.date).ok_or(e));
        date.map_err(|e| {
            let (line, col) = yaml::pos(p);
            diags.push(src.error(line, col, format!("invalid `published` date: {e}")).help(DATE_HELP));
        })
        .ok()
    });
    if let Some(u) = &fm.url
        && let Err(problem) = crate::url::check(u.value.trim())
    {
        let (line, col) = yaml::pos(u);
        diags.push(src.error(line, col, problem.message).help(problem.help));
    }
    let language = fm.language.as_ref().and_then(|l| match crate::i18n::parse_tag(&src, l) {
        Ok(language) => Some(language.to_string()),
        Err(d) => {
            diags.push(d);
            None
        }
    });
    if !diags.is_empty() {
        return Err(diags);
    }
    let given = |v: &Option<String>| v.as_ref().map(|_| "the front matter".to_owned());
    // One name is taken as written, its names listed as the cleaner splits them; a list is
    // the names, joined for the byline.
    let (byline, bylines) = match fm.byline.map(Names::list) {
        Some(names) if names.len() == 1 => {
            let b = names.into_iter().next().unwrap_or_default();
            let split = super::byline::clean(&b, None).map_or_else(|| vec![b.clone()], |n| n.names);
            (Some(b), split)
        }
        Some(names) if !names.is_empty() => (Some(names.join(", ")), names),
        _ => (None, Vec::new()),
    };
    let why = Why {
        title: given(&fm.title),
        outlet: given(&fm.outlet),
        byline: given(&byline),
        published: published.map(|_| "the front matter".to_owned()),
        url: fm.url.as_ref().map(|_| "the front matter".to_owned()),
    };
    let mut out = Extracted {
        title: fm.title,
        outlet: fm.outlet,
        byline,
        bylines,
        dateline: fm.dateline,
        published,
        url: fm.url.map(|u| u.value.trim().to_owned()),
        why,
        ..Extracted::default()
    };
    out.blocks = markdown_blocks(body);
    out.language = language.filter(|l| super::language::is_plausible(l, &out.blocks));
    Ok(out)
}

/// The paragraphs and headings of a Markdown body as plain text.
fn markdown_blocks(body: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut text = String::new();
    for event in Parser::new(body) {
        match event {
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::Item) => text.clear(),
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item) if !text.trim().is_empty() => {
                blocks.push(Block::paragraph(collapse_spaces(&text)));
                text.clear();
            }
            Event::End(TagEnd::Heading(_)) if !text.trim().is_empty() => {
                blocks.push(Block::heading(collapse_spaces(&text)));
                text.clear();
            }
            _ => {}
        }
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clipping_fields_and_rejoined_paragraph() {
        let text = "\n\n# *A Title*\n\n---\n\nDamascus, January 9 (RHC)-- The talks are held with the mediation\n\n\
            of Russia, Turkey and Iran.\n\nSecond *paragraph*.\n\n---\n\n<https://example.org/a>\n\n**Radio Example**\n";
        let x = extract_clip(text);
        assert_eq!(x.title.as_deref(), Some("A Title"));
        assert_eq!(x.outlet.as_deref(), Some("Radio Example"));
        assert_eq!(x.url.as_deref(), Some("https://example.org/a"));
        assert_eq!((x.dateline.as_deref(), x.month_day), (Some("Damascus"), Some((1, 9))));
        let body: Vec<_> = x.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            body,
            [
                "Damascus, January 9 (RHC)-- The talks are held with the mediation of Russia, Turkey and Iran.",
                "Second paragraph."
            ]
        );
        assert_eq!(x.dropped.len(), 4);
    }

    #[test]
    fn front_matter_is_taken_as_is() {
        let text = "---\ntitle: Clean\npublished: 2020-05\n---\n# Head\n\nOne *two*.\n\n- item\n";
        let x = extract_front_matter(Path::new("a.md"), text).unwrap();
        assert_eq!(x.title.as_deref(), Some("Clean"));
        assert_eq!(x.published.map(|d| d.iso()).as_deref(), Some("2020-05"));
        let body: Vec<_> = x.blocks.iter().map(|b| (b.kind, b.text.as_str())).collect();
        use crate::model::BlockKind::*;
        assert_eq!(body, [(Heading, "Head"), (Paragraph, "One two."), (Paragraph, "item")]);
    }

    #[test]
    fn front_matter_errors_point_at_the_file_line() {
        let one = |text: &str| {
            let mut errs = extract_front_matter(Path::new("a.md"), text).unwrap_err();
            assert_eq!(errs.len(), 1, "{errs:?}");
            errs.remove(0)
        };
        let err = one("---\ntitle: x\npublished: 2017-02-30\n---\nBody\n");
        assert_eq!((err.line, err.col), (3, 12));
        assert!(err.message.contains("day 30 does not exist"), "{}", err.message);
        let err = one("---\ntitle: x\nauthr: y\n---\nBody\n");
        assert_eq!((err.line, err.message.as_str()), (3, "unknown key `authr`"));
        assert!(err.help.unwrap().starts_with("did you mean `author`?"));
    }

    #[test]
    fn every_mistake_in_front_matter_is_reported_once() {
        let text =
            "---\ntitle: [x]\nauthr: Ann Lee\npublished: 2017-02-30\nurl: \"javascript:x\"\ntags: [a]\n---\nBody\n";
        let errs = extract_front_matter(Path::new("a.md"), text).unwrap_err();
        let at: Vec<_> = errs.iter().map(|d| (d.line, d.col, d.message.as_str())).collect();
        assert_eq!(at.len(), 4, "{at:?}");
        assert_eq!((at[0].0, at[0].1), (2, 8), "{at:?}");
        assert_eq!((at[1].0, at[1].2), (3, "unknown key `authr`"));
        assert_eq!((at[2].0, at[2].1), (4, 12));
        assert_eq!((at[3].0, at[3].1), (5, 6));
    }

    #[test]
    fn a_clipping_tools_front_matter_is_read_by_its_own_names() {
        // As Obsidian Web Clipper writes it.
        let text = "---\ntitle: \"Clean\"\nsource: \"https://example.org/a\"\nauthor:\n  - \"[[Jane Doe]]\"\n  - \"[[people/roe|John Roe]]\"\npublished: 2017-02-16T23:30:00-05:00\ncreated: 2024-01-03\ndescription: \"A summary.\"\ntags:\n  - \"clippings\"\n---\nBody.\n";
        let x = extract_front_matter(Path::new("a.md"), text).unwrap();
        assert_eq!(x.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(
            (x.byline.as_deref(), x.bylines.as_slice()),
            (Some("Jane Doe, John Roe"), &["Jane Doe".to_owned(), "John Roe".to_owned()][..])
        );
        assert_eq!(x.published.map(|d| d.iso()).as_deref(), Some("2017-02-16"), "the date as written, not in UTC");
        // As Hugo and Jekyll write it.
        let x = extract_front_matter(
            Path::new("a.md"),
            "---\ntitle: T\ndate: 2020-05-01\nauthor: Ann Lee\nsite_name: The Post\n---\nBody.\n",
        )
        .unwrap();
        assert_eq!(
            (x.published.map(|d| d.iso()), x.byline, x.outlet),
            (Some("2020-05-01".into()), Some("Ann Lee".into()), Some("The Post".into()))
        );
    }

    #[test]
    fn a_clippings_lang_is_the_articles_language_and_a_name_is_a_located_error() {
        let x = extract_front_matter(Path::new("a.md"), "---\ntitle: T\nlang: pt-br\n---\nBody.\n").unwrap();
        assert_eq!(x.language.as_deref(), Some("pt-BR"));
        let x = extract_front_matter(Path::new("a.md"), "---\ntitle: T\nlanguage: ar\n---\nBody.\n").unwrap();
        assert_eq!(x.language.as_deref(), Some("ar"));
        let errs =
            extract_front_matter(Path::new("a.md"), "---\ntitle: T\nlang: Portuguese\n---\nBody.\n").unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!((errs[0].line, errs[0].col, errs[0].message.as_str()), (3, 7, "`Portuguese` is not a language tag"));
        assert!(errs[0].help.as_deref().is_some_and(|h| h.contains("`pt`")), "{:?}", errs[0].help);
    }

    #[test]
    fn issue_23_a_javascript_url_in_front_matter_is_a_located_error() {
        let text = "---\ntitle: x\nurl: \"javascript:alert(document.domain)//\"\n---\nBody\n";
        let err = &extract_front_matter(Path::new("a.md"), text).unwrap_err()[0];
        assert_eq!((err.line, err.col), (3, 6));
        assert_eq!(err.message, "`javascript:` links are not allowed: `javascript:alert(document.domain)//`");
        let clip = extract_clip("# T\n\nBody text here.\n\n<https://a.org/\"x>\n");
        assert_eq!(clip.url, None, "a source line that breaks out of its quotes is not taken");
    }
}
