//! Extraction of the two demo seeds: fields and paragraphs.

use briefgen::ingest::{self, Article, BlockKind};

use crate::harness::repo;

fn extract(id: &str) -> Article {
    let root = repo();
    let (seeds, diags) = ingest::read_seeds(&root);
    assert!(diags.is_empty());
    let seed = seeds.iter().find(|s| s.id == id).unwrap();
    ingest::extract(seed).unwrap()
}

#[test]
fn plain_text_scrape_000() {
    let a = extract("000_a00be4cd77ada471");
    let x = &a.fields;
    assert_eq!(x.title.as_deref(), Some("Assad vows to retake Raqa and 'every inch' of Syria"));
    assert_eq!(x.outlet.as_deref(), Some("AFP"));
    assert_eq!(x.dateline.as_deref(), Some("Paris"));
    assert_eq!((x.published, x.month_day, x.url.as_deref(), x.byline.as_deref()), (None, None, None, None));
    let paragraphs: Vec<&str> =
        x.blocks.iter().filter(|b| b.kind == BlockKind::Paragraph).map(|b| b.text.as_str()).collect();
    assert_eq!(paragraphs.len(), 21);
    assert!(paragraphs[0].starts_with("Paris (AFP) - President Bashar al-Assad on Thursday said Raqa"));
    assert_eq!(
        paragraphs[20],
        "The meeting in Geneva, the fifth time negotiators have gone to Switzerland, has been pushed back twice already, in part to give the opposition more time to form a unified delegation."
    );
    let headings: Vec<&str> =
        x.blocks.iter().filter(|b| b.kind == BlockKind::Heading).map(|b| b.text.as_str()).collect();
    assert_eq!(headings, ["Winning hearts"]);
}

#[test]
fn nothing_from_comments_onward_reaches_the_article() {
    let a = extract("000_a00be4cd77ada471");
    let body: String = a.fields.blocks.iter().map(|b| b.text.as_str()).collect::<Vec<_>>().join("\n");
    for furniture in
        ["COMMENTS", "More Related News", "CIA-backed", "Leave a Comment", "Marine Le Pen", "Hit \"Like\"", "Mattis"]
    {
        assert!(!body.contains(furniture), "{furniture:?} leaked into the body");
    }
    let dropped: Vec<&str> = a.fields.dropped.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(dropped.first(), Some(&"COMMENTS"));
    assert!(dropped.contains(&"Leave a Comment"));
    assert!(a.fields.dropped.iter().all(|d| !d.reason.is_empty()));
}

#[test]
fn markdown_clipping_004() {
    let a = extract("004_4adcc239e7605c19");
    let x = &a.fields;
    assert_eq!(
        x.title.as_deref(),
        Some("Syrian President Bashar al-Assad Says Army Will Liberate Every Inch of His Country")
    );
    assert_eq!(x.outlet.as_deref(), Some("Radio Habana Cuba"));
    assert_eq!(x.dateline.as_deref(), Some("Damascus"));
    assert_eq!(x.month_day, Some((1, 9)), "January 9, with no year");
    assert_eq!(x.published, None);
    assert_eq!(
        x.url.as_deref(),
        Some(
            "https://www.radiohc.cu/en/noticias/internacionales/117883-syrian-president-bashar-al-assad-says-army-will-liberate-every-inch-of-his-country"
        )
    );
    assert_eq!(x.blocks.len(), 11);
    assert!(x.blocks.iter().all(|b| b.kind == BlockKind::Paragraph));
}

#[test]
fn split_paragraph_of_004_is_rejoined() {
    let a = extract("004_4adcc239e7605c19");
    let texts: Vec<&str> = a.fields.blocks.iter().map(|b| b.text.as_str()).collect();
    assert!(texts.iter().any(|t| t.ends_with(
        "which is to be held in the Kazakh capital of Astana with the mediation of Russia, Turkey and Iran."
    )));
    assert!(!texts.iter().any(|t| t.starts_with("of Russia")));
    assert!(!texts.iter().any(|t| t.contains("**") || t.contains("<https")));
}

#[test]
fn ingest_command_prints_the_json_contract() {
    let site = crate::harness::SiteTest::demo();
    let run = site.run(&["ingest", "--format", "json", "seeds/004_4adcc239e7605c19.txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["body", "byline", "dateline", "dropped", "outlet", "published", "title", "url"]);
    assert_eq!(v["dateline"], "Damascus");
    assert_eq!(v["published"], serde_json::Value::Null);
    assert_eq!(v["body"].as_array().unwrap().len(), 11);
    assert_eq!(v["dropped"][0]["reason"], "horizontal rule");
}
