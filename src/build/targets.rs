//! Links editors write to the site's own pages — in the menu (`theme_settings:` links) and in
//! Markdown (`[the timeline](/timeline/)`) — checked against what the build wrote: a path
//! where nothing was written is a link broken on every page that shows it. A menu link is
//! an error (it is on every page); a link in Markdown a warning, at the line and column of
//! its destination, since Markdown is found by its `](` in the file's text, not parsed. A
//! relative link in Markdown is a warning too: the same text shows on pages at different
//! depths.

use std::collections::HashSet;

use crate::diag::{Diagnostic, SourceFile};

/// A link to a path of the site (without its leading `/`), with the problem to report, located,
/// when the build writes nothing there.
#[derive(Debug)]
pub struct SiteLink {
    pub path: String,
    pub if_missing: Diagnostic,
}

/// The destinations of the Markdown links in `src` (`[text](dest)`), with their offsets. A
/// destination ends, as in Markdown, at white space or at the `)` that closes it (its own
/// parentheses balanced: `](/x_(y))`); one that reaches the next `](`, or the end of the text,
/// is not closed and is no link. So each byte is read once, however many `](` a line holds.
fn destinations(src: &SourceFile) -> impl Iterator<Item = (usize, &str)> {
    let text = &src.text;
    let mut starts = memchr::memmem::find_iter(text.as_bytes(), b"](").map(|at| at + 2).peekable();
    std::iter::from_fn(move || {
        loop {
            let start = starts.next()?;
            // The next `](` bounds this destination's search.
            let limit = starts.peek().map_or(text.len(), |&next| next - 2);
            if let Some(end) = destination_end(text.get(start..limit).unwrap_or_default()) {
                return Some((start, &text[start..start + end]));
            }
        }
    })
}

/// Where a destination at the start of `rest` ends: at white space or at its closing `)`,
/// its parentheses balanced; `None` when `rest` ends first.
fn destination_end(rest: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, b) in rest.bytes().enumerate() {
        match b {
            b'(' => depth += 1,
            b')' if depth == 0 => return Some(i),
            b')' => depth -= 1,
            _ if b.is_ascii_whitespace() || b == 0x0b => return (depth == 0).then_some(i),
            _ => {}
        }
    }
    None
}

/// The Markdown links of one file, found in one pass over its text.
#[derive(Debug, Default)]
pub struct MarkdownLinks {
    /// From the site's root (`](/timeline/)`; not `](//host/x)`), to check once the site is
    /// made.
    pub site: Vec<SiteLink>,
    /// A warning for each relative one (`](about/)`, `](www.example.org)`): the same text is
    /// shown on pages at different depths (a note on its brief's page and in the feeds, a
    /// description on several pages), and a relative link leads somewhere else from each.
    pub relative: Vec<Diagnostic>,
}

pub fn markdown_links(src: &SourceFile) -> MarkdownLinks {
    let mut out = MarkdownLinks::default();
    for (at, url) in destinations(src) {
        if let Some(path) = url.strip_prefix('/').filter(|p| !p.starts_with('/')) {
            let (line, col) = src.position_of(at);
            let if_missing = src.warning(line, col, format!("no page of the site is at `{url}`"));
            out.site.push(SiteLink { path: path.to_owned(), if_missing });
        } else if is_relative(url) {
            out.relative.push(relative_link(src, at, url));
        }
    }
    out
}

fn relative_link(src: &SourceFile, at: usize, url: &str) -> Diagnostic {
    let (line, col) = src.position_of(at);
    let host = url.split('/').next().is_some_and(|h| h.contains('.') && !h.starts_with('.'));
    let fix = if host {
        format!("`https://{url}`, if it is another site")
    } else {
        format!("`/{}`, from the site's root, if it is a page of the site", url.trim_start_matches(['.', '/']))
    };
    src.warning(line, col, format!("the link `{url}` is relative"))
        .help(format!("it leads somewhere else from each page that shows this text: write {fix}"))
}

/// A destination that is neither from the root, a fragment, a query nor with a scheme.
fn is_relative(url: &str) -> bool {
    let scheme = url.split_once(':').is_some_and(|(s, _)| {
        s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    !url.is_empty() && !url.starts_with(['/', '#', '?', '<']) && !scheme
}

/// The problems of the `links` whose path has no file among `written` (every file the build
/// wrote, as site paths: `about/index.html`, `atom.xml`), each with the closest written path.
pub fn broken<'a>(links: impl IntoIterator<Item = (&'a str, &'a Diagnostic)>, written: &[String]) -> Vec<Diagnostic> {
    let mut links = links.into_iter().peekable();
    if links.peek().is_none() {
        return Vec::new();
    }
    let files: HashSet<&str> = written.iter().map(String::as_str).collect();
    // The closest page of each path, looked for once however many links name it.
    let mut hints: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
    links
        .filter(|(path, _)| !resolves(path, &files))
        .map(|(path, d)| {
            let path = without_query(path);
            let hint = hints.entry(path).or_insert_with(|| {
                let pages = written.iter().map(|p| p.strip_suffix("index.html").unwrap_or(p)).filter(|p| !p.is_empty());
                crate::text::closest(path, pages).map_or_else(String::new, |c| format!("did you mean `/{c}`?; "))
            });
            d.clone().help(format!(
                "{hint}a path in the site is written as its pages' addresses are, from the site's root and without the base path: `/about/` for content/pages/about.md"
            ))
        })
        .collect()
}

/// Whether a path of the site has a file: the file itself, or the `index.html` of a folder.
fn resolves(path: &str, files: &HashSet<&str>) -> bool {
    let path = without_query(path);
    let folder =
        if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { format!("{path}/index.html") };
    files.contains(path) || files.contains(folder.as_str())
}

fn without_query(path: &str) -> &str {
    path.split(['#', '?']).next().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_are_warnings_with_the_likely_fix() {
        let src = SourceFile::new(
            "content/pages/a.md",
            "[a](about/) [b](../timeline/) [c](www.example.org/x) [d](#y) [e](mailto:a@b.org) [f](/s/) [g](https://e.org)\n",
        );
        let found: Vec<String> = markdown_links(&src)
            .relative
            .iter()
            .map(|d| format!("{} {} | {}", d.col, d.message, d.help.as_deref().unwrap_or_default()))
            .collect();
        assert_eq!(
            found,
            [
                "5 the link `about/` is relative | it leads somewhere else from each page that shows this text: write `/about/`, from the site's root, if it is a page of the site",
                "17 the link `../timeline/` is relative | it leads somewhere else from each page that shows this text: write `/timeline/`, from the site's root, if it is a page of the site",
                "35 the link `www.example.org/x` is relative | it leads somewhere else from each page that shows this text: write `https://www.example.org/x`, if it is another site",
            ]
        );
    }

    #[test]
    fn a_destination_is_a_link_only_once_it_is_closed() {
        let src = SourceFile::new(
            "content/annotations/a.yaml",
            "[a](/x_(y)) [b](c [t](/s \"T\") [u](/open(\n[v](https://e.org/a_(b)) [w](/p/\n",
        );
        let links = markdown_links(&src);
        let site: Vec<&str> = links.site.iter().map(|l| l.path.as_str()).collect();
        assert_eq!(site, ["x_(y)", "s", "p/"], "balanced parentheses are the destination's; `/open(` is not closed");
        let relative: Vec<&str> = links.relative.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(relative, ["the link `c` is relative"]);
    }

    /// A line of `[a](` repeated (a scraped page's text, listed in an annotation by `briefgen
    /// new`): every destination ran to the end of the line, each a warning holding the rest of
    /// it. 50,000 of them took 19 GB and were killed.
    #[test]
    fn a_line_of_unclosed_links_is_no_link_and_read_once() {
        let src = SourceFile::new("content/annotations/a.yaml", format!("# {}\n", "[a](".repeat(20_000)));
        let start = std::time::Instant::now();
        let links = markdown_links(&src);
        assert!(links.site.is_empty() && links.relative.is_empty());
        assert!(start.elapsed() < std::time::Duration::from_secs(1), "{:?}", start.elapsed());
    }

    /// Each broken link looked for its closest path among every file of the site, folding
    /// and comparing each, and again for each link to the same path: 2,000 broken links in a
    /// site of 2,000 briefs (8,790 files) were 6 s of check. 600 here were 35 s (debug).
    #[test]
    fn many_broken_links_in_a_large_site_are_reported_quickly() {
        let written: Vec<String> = (0..20_000)
            .map(|i| match i % 3 {
                0 => format!("briefs/a-headline-of-some-length-number-{i}/index.html"),
                1 => format!("entities/ent-{i}/index.html"),
                _ => format!("search/records/{i}.json"),
            })
            .collect();
        let text: String = (0..300).map(|i| format!("[x](/entities/ent-{i}x/) [y](/topics/)\n")).collect();
        let links = markdown_links(&SourceFile::new("content/pages/a.md", text)).site;
        let start = std::time::Instant::now();
        let problems = broken(links.iter().map(|l| (l.path.as_str(), &l.if_missing)), &written);
        let took = start.elapsed();
        assert_eq!(problems.len(), 600);
        assert!(problems[2].help.as_deref().is_some_and(|h| h.starts_with("did you mean `/entities/ent-1/`?")));
        assert!(took < std::time::Duration::from_secs(10), "{took:?}");
    }

    #[test]
    fn markdown_links_from_the_root_are_found_and_checked() {
        let src = SourceFile::new(
            "content/pages/a.md",
            "See [t](/timline/#y) and [s](/search/),\n[h](//e.org/x) [r](about/) [f](/atom.xml) [x](https://e.org/).\n",
        );
        let links = markdown_links(&src).site;
        let found: Vec<(&str, u32, u32)> =
            links.iter().map(|l| (l.path.as_str(), l.if_missing.line, l.if_missing.col)).collect();
        assert_eq!(found, [("timline/#y", 1, 9), ("search/", 1, 30), ("atom.xml", 2, 32)]);
        let written: Vec<String> =
            ["index.html", "timeline/index.html", "search/index.html", "atom.xml"].map(String::from).into();
        let problems = broken(links.iter().map(|l| (l.path.as_str(), &l.if_missing)), &written);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].message, "no page of the site is at `/timline/#y`");
        assert!(
            problems[0].help.as_deref().is_some_and(|h| h.starts_with("did you mean `/timeline/`?")),
            "{problems:?}"
        );
    }
}
