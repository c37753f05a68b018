use super::*;
use crate::config::Config;
use crate::link::highlights;
use crate::model::{Anchor, Note};
use crate::model::{Article, Block, Extracted, SeedFormat};

fn config() -> Config {
    let src = crate::diag::SourceFile::new("briefgen.yaml", "title: T\nbase_url: https://e.org/\n");
    Config::parse(&src).unwrap()
}

fn note(id: &str, block: usize, start: usize, end: usize, kind: NoteKind) -> Note {
    Note {
        id: id.into(),
        kind,
        quote: String::new(),
        prefix: None,
        suffix: None,
        anchor: Anchor { block, start, end },
        body: format!("About *{id}*."),
        sources: Vec::new(),
        claimant: None,
        verdict: (kind == NoteKind::FactCheck).then(|| "false".into()),
    }
}

fn brief(blocks: Vec<Block>, notes: Vec<Note>) -> Brief {
    Brief {
        article: std::sync::Arc::new(Article::new(
            "s".into(),
            "seeds/s.txt".into(),
            SeedFormat::Text,
            Extracted { blocks, ..Extracted::default() },
        )),
        annotation: "content/annotations/s.yaml".into(),
        slug: "a-b".into(),
        title: "A \"B\"".into(),
        outlet: None,
        byline: None,
        dateline: None,
        published: crate::date::PartialDate::parse("2017-02-16").unwrap(),
        url: None,
        story: None,
        summary: Some("The *gist*.".into()),
        summary_text: Some("The gist.".into()),
        tags: vec!["x".into()],
        entities: Vec::new(),
        notes,
        events: Vec::new(),
        language: None,
        draft: false,
    }
}

/// Renders a brief with a config and returns its Markdown page and the HTML of its blocks.
fn check_with(b: &Brief, config: &Config) -> (String, Vec<Option<String>>) {
    let meta = PageMeta { outlet: Some("AFP"), entities: vec!["raqqa"] };
    let strings = crate::i18n::english();
    let settings = DocSettings::new(config, &strings, 0);
    let input = DocInput { brief: b, highlights: &highlights(b), meta: &meta, settings: &settings };
    let markdown = brief_markdown(&input);
    let blocks = brief_doc(&input).blocks(b, &markdown);
    (markdown, blocks)
}

/// Renders a brief with the full body and returns its Markdown page and block HTML.
fn check(b: &Brief) -> (String, Vec<String>) {
    let (md, blocks) = check_with(b, &config());
    (md, blocks.into_iter().map(|b| b.expect("every block is published")).collect())
}

#[test]
fn page_has_front_matter_marks_markers_and_notes() {
    let b = brief(
        vec![Block::paragraph("Raqa is a *symbol*, he said."), Block::heading("Winning hearts")],
        vec![note("symbol", 0, 0, 18, NoteKind::FactCheck), note("raqa", 0, 0, 4, NoteKind::Context)],
    );
    let (md, html) = check(&b);
    assert_eq!(
        md,
        "---\ntitle: \"A \\\"B\\\"\"\nslug: \"a-b\"\nseed: \"s\"\npublished: 2017-02-16\noutlet: \"AFP\"\ntags: [\"x\"]\nentities: [\"raqqa\"]\nsummary: \"The *gist*.\"\n---\n\
        \n<mark id=\"q-symbol\" class=\"fact-check\"><mark id=\"q-raqa\" class=\"context\">Raqa</mark>[^raqa] is a \\*symbol\\*</mark>[^symbol], he said.\n\
        \n### Winning hearts\n\
        \n[^symbol]: **Fact-check: False.** About *symbol*.\n\
        \n[^raqa]: **Context.** About *raqa*.\n"
    );
    assert_eq!(html.len(), 2);
    assert!(html[0].starts_with("<p><mark id=\"q-symbol\" class=\"fact-check\"><mark id=\"q-raqa\" class=\"context\">Raqa</mark><sup class=\"note-ref\" id=\"ref-raqa\"><a href=\"#note-raqa\" aria-label=\"Note 2\">2</a></sup> is a *symbol*</mark>"), "{}", html[0]);
    assert_eq!(html[1], "<h3>Winning hearts</h3>");
}

#[test]
fn seed_html_is_escaped_in_the_page() {
    let b = brief(vec![Block::paragraph("<script>alert(1)</script> & <b>bold</b>")], Vec::new());
    let (_, html) = check(&b);
    assert_eq!(html, ["<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;</p>"]);
}

#[test]
fn excerpt_mode_publishes_only_annotated_paragraphs() {
    let b = brief(
        vec![
            Block::paragraph("First, unannotated."),
            Block::paragraph("Raqa is a symbol."),
            Block::paragraph("Third."),
            Block::paragraph("Fourth."),
        ],
        vec![note("raqa", 1, 0, 4, NoteKind::Context)],
    );
    let config = Config { publish_body: crate::config::PublishBody::Excerpts, ..config() };
    let (md, blocks) = check_with(&b, &config);
    assert!(!md.contains("First") && !md.contains("Third") && !md.contains("Fourth"), "{md}");
    assert_eq!(md.matches("\\[…\\]").count(), 2, "one omission mark per run: {md}");
    assert_eq!(blocks.iter().map(Option::is_some).collect::<Vec<_>>(), [false, true, false, false]);
    assert!(blocks[1].as_deref().unwrap().contains("<mark id=\"q-raqa\""), "{blocks:?}");
}
