//! Extraction: the two demo seeds (fields and paragraphs), the scorer's JSON contract on a
//! few corpus cases kept as fixtures, and malformed seeds.

use briefgen::ingest;
use briefgen::model::{Article, BlockKind};

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
    assert_eq!(
        keys,
        ["body", "byline", "bylines", "dateline", "dropped", "language", "outlet", "published", "title", "url", "why"]
    );
    assert_eq!(v["dateline"], "Damascus");
    assert_eq!(v["bylines"], serde_json::json!([]));
    assert_eq!(v["why"]["title"], "the `# ` heading that opens the clipping");
    assert_eq!(v["why"]["outlet"], "the signature line \"**Radio Habana Cuba**\" below the text");
    assert_eq!(v["why"]["published"], serde_json::Value::Null);
    assert_eq!(v["published"], serde_json::Value::Null);
    assert_eq!(v["body"].as_array().unwrap().len(), 11);
    assert_eq!(v["dropped"][0]["reason"], "horizontal rule");
}

// --- The scorer's contract on corpus cases copied into tests/fixtures/extraction/ ---------
// (attribution: the LICENSE/NOTICE/PROVENANCE files beside each corpus folder there).

/// Words as the scorer counts them: runs of letters and digits, case-folded.
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric() && c != '_').filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// Token-level F1 of a body against the truth (a bag of words, as score-extraction does).
fn body_f1(got: &str, want: &str) -> f64 {
    use std::collections::HashMap;
    let count = |s: &str| {
        let mut m: HashMap<String, usize> = HashMap::new();
        for w in words(s) {
            *m.entry(w).or_default() += 1;
        }
        m
    };
    let (g, w) = (count(got), count(want));
    let overlap: usize = g.iter().map(|(k, n)| (*n).min(w.get(k).copied().unwrap_or(0))).sum();
    let (pg, pw) = (g.values().sum::<usize>(), w.values().sum::<usize>());
    if overlap == 0 {
        return 0.0;
    }
    let (p, r) = (overlap as f64 / pg as f64, overlap as f64 / pw as f64);
    2.0 * p * r / (p + r)
}

/// Folds case, quotes and surrounding punctuation, as the scorer compares titles and names.
fn fold(s: &str) -> String {
    let s: String = s.to_lowercase().chars().filter(|c| !"‘’“”\"'`".contains(*c)).collect();
    s.split_whitespace().collect::<Vec<_>>().join(" ").trim_matches(|c: char| " .,:;-|–—".contains(c)).to_owned()
}

fn ingest_json(site: &crate::harness::SiteTest, path: &std::path::Path) -> serde_json::Value {
    let run = site.run(&["ingest", "--format", "json", path.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}: {}", path.display(), run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

/// Each case, each input: the JSON contract's keys, and the fields the corpus scores.
#[test]
fn corpus_cases_meet_the_contract() {
    use serde_json::Value;
    let site = crate::harness::SiteTest::empty();
    let dir = repo().join("tests/fixtures/extraction");
    let cases = [
        "mozilla-readability/heise",
        "postlight-parser/www.americanow.com",
        "scrapinghub-aeb/aljazeera.com_7916ecca969f",
    ];
    for case in cases {
        let truth: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join(case).join("truth.json")).unwrap()).unwrap();
        let scored: Vec<&str> = truth["scored_fields"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
        for input in ["html", "txt"] {
            let got = ingest_json(&site, &dir.join(case).join(format!("source.{input}")));
            let keys: Vec<&str> = got.as_object().unwrap().keys().map(String::as_str).collect();
            assert_eq!(
                keys,
                [
                    "body",
                    "byline",
                    "bylines",
                    "dateline",
                    "dropped",
                    "language",
                    "outlet",
                    "published",
                    "title",
                    "url",
                    "why"
                ]
            );
            // Every field found says why; the byline's names are listed one by one.
            for key in ["title", "outlet", "byline", "published", "url"] {
                assert_eq!(got[key].is_null(), got["why"][key].is_null(), "{case} {input}: why.{key}: {}", got["why"]);
            }
            let names = got["bylines"].as_array().unwrap();
            assert_eq!(got["byline"].is_null(), names.is_empty(), "{case} {input}: bylines {names:?}");
            let body: Vec<&str> = got["body"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
            assert!(!body.is_empty() && body.iter().all(|p| !p.contains('<')), "{case} {input}: body is text");
            if let Some(want) = truth["body_text"].as_str() {
                let f1 = body_f1(&body.join("\n\n"), want);
                assert!(f1 >= 0.85, "{case} {input}: body F1 {f1:.3}");
            }
            if let Some(want) = truth["body_prefix"].as_str() {
                assert!(fold(&body.join(" ")).starts_with(&fold(want)), "{case} {input}: body starts {:?}", body[0]);
            }
            if scored.contains(&"published") {
                let want = truth["published"].as_str().unwrap();
                assert_eq!(got["published"].as_str(), Some(want), "{case} {input}: published");
            }
            if input == "html" {
                for (field, key) in [("title", "title"), ("site_name", "outlet"), ("byline", "byline")] {
                    if scored.contains(&field) {
                        let want = fold(truth[field].as_str().unwrap());
                        assert_eq!(got[key].as_str().map(fold).as_deref(), Some(want.as_str()), "{case} html: {key}");
                    }
                }
            }
            for d in got["dropped"].as_array().unwrap() {
                assert!(d["text"].is_string() && !d["reason"].as_str().unwrap().is_empty(), "{case} {input}: {d}");
            }
        }
    }
}

// --- Pages as browsers save them ---------------------------------------------------------

const PAGE: &str = "<html><head><title>Вести: мэр открыл мост</title></head><body><article><h1>Мэр открыл мост</h1><p class=\"byline\">By Anna Petrova</p><p>Мэр города в понедельник открыл новый мост через реку, сообщили в администрации.</p><p>Строительство заняло три года и обошлось в сорок миллионов рублей.</p></article></body></html>";

/// The title and first paragraph `ingest` finds in a seed of these bytes.
fn title_and_lede(name: &str, bytes: &[u8]) -> (String, String) {
    let run = ingest_bad(name, bytes);
    assert_eq!(run.code, 0, "{name}: {}", run.stderr);
    let got: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    (got["title"].as_str().unwrap().to_owned(), got["body"][0].as_str().unwrap().to_owned())
}

#[test]
fn a_page_in_the_charset_it_declares_reads_as_the_same_page_in_utf8() {
    let utf8 = title_and_lede("page.html", PAGE.as_bytes());
    assert_eq!(utf8.0, "Мэр открыл мост");
    // windows-1251, as a Russian outlet serves it: each letter one byte.
    let cp1251 = |page: &str| -> Vec<u8> {
        page.chars()
            .map(|c| match c {
                'А'..='я' => (c as u32 - 'А' as u32 + 0xC0) as u8,
                c => c as u8,
            })
            .collect()
    };
    let declared =
        PAGE.replace("<head>", "<head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">");
    assert_eq!(title_and_lede("page.html", &cp1251(&declared)), utf8);
    // Without a declaration the bytes must be UTF-8: a located error, not a guess.
    let run = ingest_bad("page.html", &cp1251(PAGE));
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("the seed is not valid UTF-8 (byte 19)"), "{}", run.stderr);
}

#[test]
fn a_page_saved_as_one_file_reads_as_the_page() {
    let utf8 = title_and_lede("page.html", PAGE.as_bytes());
    // Chrome's "Webpage, Single File": quoted-printable UTF-8, CRLF line ends, a picture part.
    let qp: String = PAGE
        .bytes()
        .map(|b| if b == b'=' || b >= 0x80 { format!("={b:02X}") } else { (b as char).to_string() })
        .collect::<Vec<_>>()
        .chunks(60)
        .map(|c| c.concat())
        .collect::<Vec<_>>()
        .join("=\r\n");
    let mhtml = format!(
        "From: <Saved by Blink>\r\nSnapshot-Content-Location: https://news.example/most\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\tboundary=\"----MultipartBoundary--z----\"\r\n\r\n------MultipartBoundary--z----\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable\r\nContent-Location: https://news.example/most\r\n\r\n{qp}\r\n------MultipartBoundary--z----\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n------MultipartBoundary--z------\r\n"
    );
    assert_eq!(title_and_lede("page.mhtml", mhtml.as_bytes()), utf8);
    let run = ingest_bad("page.mht", mhtml.as_bytes());
    let got: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(got["url"], "https://news.example/most", "the address it was saved from");
    let broken = ingest_bad("page.mhtml", b"Subject: not a saved page\n\nText.");
    assert_eq!(broken.code, 1);
    assert!(broken.stderr.contains("not a MIME message"), "{}", broken.stderr);
}

// --- Malformed seeds: a clear diagnostic naming the file, never a panic or a hang ---------

fn ingest_bad(name: &str, bytes: &[u8]) -> crate::harness::Run {
    let site = crate::harness::SiteTest::empty();
    let path = site.path(&format!("seeds/{name}"));
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    let started = std::time::Instant::now();
    let run = site.run(&["ingest", "--format", "json", path.to_str().unwrap()]);
    // Generous for debug builds; a release build reads 10 MB in well under a second.
    assert!(started.elapsed().as_secs() < 60, "{name} took {:?}", started.elapsed());
    assert!(!run.stderr.contains("panicked"), "{name}: {}", run.stderr);
    run
}

fn assert_error(name: &str, bytes: &[u8], message: &str) {
    let run = ingest_bad(name, bytes);
    assert_eq!(run.code, 1, "{name}: {}", run.stderr);
    assert!(run.stderr.contains(message), "{name}: {}", run.stderr);
    assert!(run.stderr.contains(name), "{name}: the diagnostic names the file: {}", run.stderr);
}

#[test]
fn empty_seeds_are_errors() {
    assert_error("empty.txt", b"", "the seed is empty");
    assert_error("blank.html", b"  \n\n", "the seed is empty");
}

#[test]
fn binary_and_invalid_utf8_seeds_are_errors() {
    assert_error("photo.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "binary file");
    assert_error("latin1.txt", b"caf\xe9 au lait", "latin1.txt:1:4");
    assert_error("latin1.html", b"<html><body>caf\xe9</body></html>", "not valid UTF-8");
}

#[test]
fn html_without_a_body_is_an_error() {
    assert_error("nobody.html", b"<html><head><title>Only a title</title></head></html>", "no body text");
    assert_error("text.html", b"just some words, no markup", "no HTML elements");
    let deep = format!("<html><body>{}x</body></html>", "<div>".repeat(100_000));
    assert_error("deep.html", deep.as_bytes(), "too deep");
}

#[test]
fn a_ten_megabyte_single_line_is_read_quickly() {
    let sentence = "The council said on Monday that the old bridge would close for repairs. ";
    let line = sentence.repeat(10_000_000 / sentence.len());
    let html = format!("<html><body><p>{line}</p></body></html>");
    let seeds = [("huge.txt", line.as_bytes()), ("huge.md", line.as_bytes()), ("huge.html", html.as_bytes())];
    std::thread::scope(|s| {
        for (name, bytes) in seeds {
            s.spawn(move || {
                let run = ingest_bad(name, bytes);
                assert_eq!(run.code, 0, "{name}: {}", run.stderr);
                let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
                assert_eq!(v["body"].as_array().unwrap().len(), 1, "{name}");
            });
        }
    });
}
