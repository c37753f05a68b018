//! The starting annotation `briefgen new SEED` writes: what extraction found, as keys the
//! editor can correct, an empty notes list with a commented example, and the article's
//! paragraphs numbered in comments so quotes are easy to copy.

use std::fmt::Write as _;

use crate::date::MONTHS;
use crate::model::{Article, BlockKind};

/// Where the header sends the editor for every key: a section of briefgen's documentation.
const REFERENCE: (&str, &str) = ("docs/content.md", "Annotations");

/// The annotation text for an article. It parses as an annotation as it is.
pub fn scaffold(article: &Article) -> String {
    let x = &article.fields;
    let mut out = format!(
        "# Annotation of {} — every key is in briefgen's {}, \"{}\".\n\
         # The values below come from the extraction: correct them here if they are wrong.\n",
        // A control character in a file name (a newline) would end the comment.
        crate::diag::display_path(&article.source)
            .chars()
            .map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() })
            .collect::<String>(),
        REFERENCE.0,
        REFERENCE.1
    );
    let mut key = |name: &str, value: &Option<String>, missing: &str| match value {
        Some(v) => {
            let _ = writeln!(out, "{name}: {}", crate::yaml::quoted(v));
        }
        None => {
            let _ = writeln!(out, "# {name}: {missing}");
        }
    };
    key("title", &x.title, "… (extraction found no title; one is required)");
    key("outlet", &x.outlet, "… (an id from content/outlets.yaml, or the outlet's name)");
    key("byline", &x.byline, "…");
    key("url", &x.url, "https://… (the original article)");
    key("language", &x.language, "en (the article's language, when it is not the site's)");
    out.push_str(&published(article));
    out.push_str(TEMPLATE);
    out.push_str("\n# The article, paragraph by paragraph (copy quotes from here, word for word):\n");
    for (i, block) in x.blocks.iter().enumerate() {
        let mark = if block.kind == BlockKind::Heading { "## " } else { "" };
        let _ = writeln!(out, "# {:>3}. {mark}{}", i + 1, block.text.replace('\n', " "));
    }
    out
}

/// The `published:` line: the extracted date, or a commented hint with what the text gives.
fn published(article: &Article) -> String {
    let x = &article.fields;
    match (x.published, x.month_day) {
        (Some(d), _) => format!("published: {}\n", d.iso()),
        (None, Some((m, d))) => format!(
            "# published: YYYY-{m:02}-{d:02}   # required: the article says {} {d} but not the year\n",
            MONTHS[m as usize - 1]
        ),
        (None, None) => {
            "# published: YYYY-MM-DD   # required: the article gives no date (YYYY-MM or YYYY if unsure)\n".to_owned()
        }
    }
}

const TEMPLATE: &str = "\
# story: a-story-id          # briefs sharing a story are compared on one page
# tags: [a-tag, another]
# entities: [an-entity-id]   # added to those found by their aliases
# summary: |
#   Your brief: what the article says, and what the reader should know. Markdown.
notes: []
# Replace `notes: []` by a list of notes, each anchored to an exact quote:
# notes:
#   - quote: \"a passage copied from the article\"
#     kind: context            # context | fact-check | correction | definition
#     body: |
#       What the reader should know about this passage. Markdown.
#   - quote: \"a claim the article reports\"
#     kind: fact-check
#     claimant: an-entity-id
#     verdict: mostly-true     # from the scale in briefgen.yaml
#     body: …
#     sources: [https://…]
events: []
# events:
#   - date: YYYY-MM-DD
#     title: What happened
#     quote: \"where the article reports it\"
";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::schema::AnnotationFile;
    use crate::diag::SourceFile;
    use crate::model::{Block, Extracted, SeedFormat};

    fn article(fields: Extracted) -> Article {
        Article::new("x".into(), "seeds/x.txt".into(), SeedFormat::Text, fields)
    }

    fn parse(text: &str) -> AnnotationFile {
        crate::yaml::parse(&SourceFile::new("x.yaml", text)).unwrap_or_else(|d| panic!("{d:?}\n{text}"))
    }

    #[test]
    fn prefills_the_extracted_fields_and_parses() {
        let text = scaffold(&article(Extracted {
            title: Some("Assad: \"every inch\"".into()),
            outlet: Some("AFP".into()),
            published: crate::date::PartialDate::parse("2017-02-16").ok(),
            blocks: vec![Block::paragraph("First: one."), Block::heading("Cross"), Block::paragraph("Second.")],
            ..Extracted::default()
        }));
        let ann = parse(&text);
        assert_eq!(ann.title.as_deref(), Some("Assad: \"every inch\""));
        assert_eq!(ann.outlet.map(|o| o.value).as_deref(), Some("AFP"));
        assert_eq!(ann.published.map(|p| p.value).as_deref(), Some("2017-02-16"));
        assert!(ann.notes.is_empty());
        assert!(text.contains("\n#   1. First: one.\n#   2. ## Cross\n#   3. Second.\n"), "{text}");
    }

    /// Regression: the header sent editors to README.md, "Annotating an article", a section
    /// that no README has.
    #[test]
    fn the_header_names_a_section_the_documentation_has() {
        let (file, section) = REFERENCE;
        let text = scaffold(&article(Extracted::default()));
        assert!(text.lines().next().unwrap().ends_with(&format!("{file}, \"{section}\".")), "{text}");
        let doc = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file)).unwrap();
        let heading = |l: &str| l.starts_with('#') && l.trim_start_matches('#').trim_start().starts_with(section);
        assert!(doc.lines().any(heading), "{file} has no section {section}");
    }

    #[test]
    fn a_seed_named_with_a_newline_still_gives_yaml_that_parses() {
        let a = Article::new("a\nb".into(), "seeds/a\nb.txt".into(), SeedFormat::Text, Extracted::default());
        let text = scaffold(&a);
        assert!(text.starts_with("# Annotation of seeds/a\\nb.txt"), "{text}");
        parse(&text);
    }

    #[test]
    fn a_date_without_year_is_a_commented_hint() {
        let text = scaffold(&article(Extracted {
            month_day: Some((1, 9)),
            blocks: vec![Block::paragraph("Body.")],
            ..Extracted::default()
        }));
        assert!(text.contains("# published: YYYY-01-09   # required: the article says January 9 but not the year"));
        assert!(text.contains("# title: … (extraction found no title"), "{text}");
        assert!(parse(&text).published.is_none());
    }
}
