//! Sites in other languages: the interface strings, dates, plural forms and direction of the
//! language `language:` names, in the pages, feeds, sitemap and JSON-LD; `strings:`
//! overrides; and what `check` says of strings a language leaves in English.

use crate::harness::SiteTest;

const NB: char = '\u{a0}';

#[test]
fn a_french_site_speaks_french_in_every_file() {
    let out = SiteTest::fixture("french").output();
    let brief = out.text("briefs/hidalgo-baignade-seine/index.html").unwrap();
    assert!(brief.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">"), "no dir attribute for a left-to-right language");
    assert!(brief.contains("<time datetime=\"2024-07-17\">17 juillet 2024</time>"));
    assert!(brief.contains("<h2 id=\"text-h\">L’article, avec 3 notes</h2>"));
    assert!(brief.contains("<h2 id=\"timeline-h\">Dans la chronologie</h2>"));
    // The default scale, translated, since the site gives none.
    assert!(brief.contains(&format!("Verdict{NB}: Plutôt faux</span>")), "{brief}");
    assert!(brief.contains("<a href=\"/seine/\" aria-current=\"page\">") || brief.contains(">Fiches</a>"));
    let home = out.text("index.html").unwrap();
    assert!(home.contains("· 2 notes</p>") && home.contains("<h2 id=\"latest-h\">Dernières fiches</h2>"));
    let timeline = out.text("timeline/index.html").unwrap();
    assert!(timeline.contains("<h3 id=\"m2024-07-h\">Juillet 2024</h3>"), "a month heading starts with a capital");
    assert!(
        timeline.contains(&format!("Radio Seine Info publie «{NB}Trois sites de baignade ouvrent dans la Seine{NB}»"))
    );
    // The Markdown page, the feed, the sitemap and the JSON-LD.
    let md = out.text("briefs/hidalgo-baignade-seine/index.md").unwrap();
    assert!(md.contains(&format!("**Vérification{NB}: Plutôt faux.**")), "{md}");
    let feed = out.text("atom.xml").unwrap();
    assert!(feed.contains("xml:lang=\"fr\"") && feed.contains("Vérification — Plutôt faux"), "{feed}");
    assert!(out.text("sitemap.xml").unwrap().contains("hreflang=\"fr\""));
    assert!(brief.contains("\"inLanguage\":\"fr\""));
    assert!(brief.contains("<meta property=\"og:locale\" content=\"fr_FR\">"), "OpenGraph's form of a locale");
    assert!(out.text("stories/baignade-seine/atom.xml").unwrap().contains(&format!("<title>Sujet{NB}: Le retour")));
}

#[test]
fn an_arabic_site_is_right_to_left_with_arabic_dates_and_plural_forms() {
    let out = SiteTest::fixture("arabic").output();
    let brief = out.text("briefs/astana-talks-open/index.html").unwrap();
    assert!(brief.starts_with("<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">"));
    assert!(brief.contains("<time datetime=\"2017-01-23\">23 يناير 2017</time>"));
    // Three notes: the "few" form; two notes: the dual.
    assert!(brief.contains("<h2 id=\"text-h\">المقال، مع 3 ملاحظات</h2>"), "{brief}");
    let home = out.text("index.html").unwrap();
    assert!(home.contains("· ملاحظتان</p>"), "{home}");
    assert!(brief.contains("الحكم: صحيح"), "the default scale in Arabic");
    // What a screen reader says of a note's number in the text.
    assert!(brief.contains("aria-label=\"الملاحظة 1\">1</a>") && !brief.contains("\"Note 1\""), "{brief}");
    let search = out.text("search/index.html").unwrap();
    assert!(search.contains("data-strings=\"{&quot;failed&quot;:&quot;البحث غير متاح"), "search.js's wording");
    assert!(out.text("atom.xml").unwrap().contains("xml:lang=\"ar\""));
}

#[test]
fn strings_override_the_theme_and_unknown_ones_are_errors() {
    let site = SiteTest::fixture("basic");
    site.replace(
        "briefgen.yaml",
        "title: Basic",
        "title: Basic\nstrings:\n  nav:\n    briefs: Checks\n  card:\n    notes: {one: \"{n} remark\", other: \"{n} remarks\"}\n  notes:\n    marker: \"Remark \\\"{n}\\\"\"",
    );
    let out = site.output();
    let home = out.text("index.html").unwrap();
    assert!(home.contains(">Checks</a></li>") && home.contains("· 2 remarks</p>"), "{home}");
    let brief = out.text("briefs/council-approves-the-new-bridge/index.html").unwrap();
    assert!(brief.contains("aria-label=\"Remark &quot;1&quot;\">1</a>"), "{brief}");
    site.replace("briefgen.yaml", "    briefs: Checks", "    brief: Checks");
    let run = site.run(&["check"]);
    run.assert_reports("briefgen.yaml:4:5", "error: unknown string `nav.brief`");
    assert!(run.stderr.contains("did you mean `nav.briefs`?"), "{}", run.stderr);
}

#[test]
fn a_string_named_like_a_plural_form_is_a_string_and_a_misspelt_form_is_one_error() {
    let site = SiteTest::fixture("basic");
    site.write("content/entities.yaml", "council:\n  name: City Council\n  kind: other\n");
    // `entity_groups.other` is one string of a group, not the forms of a counted text.
    site.replace("briefgen.yaml", "title: Basic", "title: Basic\nstrings:\n  entity_groups:\n    other: Bodies");
    let out = site.output();
    assert!(out.text("entities/index.html").unwrap().contains(">Bodies</h2>"), "the override is used");
    site.replace(
        "briefgen.yaml",
        "    other: Bodies",
        "    other: Bodies\n  card:\n    notes:\n      one: \"{n} remark\"\n      othr: \"{n} remarks\"",
    );
    let run = site.run(&["check"]);
    run.assert_reports("briefgen.yaml:8:7", "error: `othr` is not a plural form");
    assert!(run.stderr.contains("did you mean `other`?"), "{}", run.stderr);
    assert!(run.stderr.contains("check: 1 error, 0 warnings"), "not `one` an unknown string too: {}", run.stderr);
}

#[test]
fn a_language_without_a_catalogue_is_shown_in_english_with_one_warning() {
    let site = SiteTest::fixture("basic");
    site.replace("briefgen.yaml", "title: Basic", "title: Basic\nlanguage: tr\nstrings:\n  nav:\n    briefs: Özetler");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr.matches("warning:").count(), 1, "{}", run.stderr);
    // Nothing translates Turkish but the site's one string: what is left is listed, the
    // newsroom's list of what to translate.
    let at = run.stderr.find("interface strings have no `tr` translation and are shown in English: ").expect("listed");
    let listed = &run.stderr[at..];
    assert!(listed.contains("nav.timeline") && !listed.contains("nav.briefs"), "{}", run.stderr);
    assert!(run.stderr.contains("--> briefgen.yaml:2:11"), "at the value: {}", run.stderr);
    // With nothing translated, the list would be every string: they are counted.
    site.replace("briefgen.yaml", "strings:\n  nav:\n    briefs: Özetler", "");
    let run = site.run(&["check"]);
    let at = run.stderr.find("warning: the theme has no `tr` translation: ").expect("counted");
    let count: usize = run.stderr[at..].split(": ").nth(2).and_then(|c| c.split(' ').next()?.parse().ok()).unwrap();
    assert!(count > 100 && !run.stderr.contains("nav.timeline"), "{}", run.stderr);
    assert!(run.stderr.contains("themes/default/i18n/en.yaml in briefgen's source"), "{}", run.stderr);
    let out = site.output();
    assert!(out.text("index.html").unwrap().contains("<html lang=\"tr\">"));
    // A tag that is not one is an error with the code to write.
    site.replace("briefgen.yaml", "language: tr", "language: German");
    site.run(&["check"]).assert_reports("briefgen.yaml:2:11", "error: `German` is not a language tag");
}

#[test]
fn a_polish_counted_text_without_its_few_and_many_forms_is_a_warning() {
    let site = SiteTest::fixture("basic");
    let notes =
        "title: Basic\nlanguage: pl\nstrings:\n  card:\n    notes: {one: \"{n} notatka\", other: \"{n} notatki\"}";
    site.replace("briefgen.yaml", "title: Basic", notes);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.assert_reports(
        "briefgen.yaml:5:5",
        "warning: `card.notes` has no form `few` (2, 3, 4, 22…) nor `many` (0, 5, 6, 7…) for `pl`",
    );
    // With every form Polish counts with: 2 notatki, and no warning of it.
    site.replace(
        "briefgen.yaml",
        "one: \"{n} notatka\",",
        "one: \"{n} notatka\", few: \"{n} notatki\", many: \"{n} notatek\",",
    );
    let run = site.run(&["check"]);
    assert!(!run.stderr.contains("card.notes"), "{}", run.stderr);
    assert!(site.output().text("index.html").unwrap().contains("· 2 notatki</p>"));
    // The same in a theme's catalogue of the language.
    site.replace("briefgen.yaml", "language: pl", "language: pl\ntheme: mine");
    site.write("themes/mine/i18n/pl.yaml", "entities:\n  count: {one: \"{n} notka\", other: \"{n} notki\"}\n");
    let run = site.run(&["check"]);
    run.assert_reports("themes/mine/i18n/pl.yaml:2:3", "warning: `entities.count` has no form `few`");
}

#[test]
fn a_language_a_theme_translates_in_part_lists_what_is_left_in_english() {
    let site = SiteTest::fixture("basic");
    site.replace("briefgen.yaml", "title: Basic", "title: Basic\nlanguage: tr\ntheme: mine");
    site.write("themes/mine/i18n/tr.yaml", "nav:\n  briefs: Özetler\n  timeline: Kronoloji\n");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let at = run.stderr.find("interface strings have no `tr` translation and are shown in English: ").expect("listed");
    let listed = &run.stderr[at..];
    assert!(listed.contains("nav.entities") && !listed.contains("nav.timeline"), "{}", run.stderr);
}

#[test]
fn dates_are_written_as_each_language_writes_them() {
    let site = SiteTest::fixture("basic");
    site.replace("content/annotations/bridge.yaml", "published: 2018-03-05", "published: 2018-03-01");
    let date = |lang: &str| {
        site.write("briefgen.yaml", &format!("title: Basic\nbase_url: https://example.org/\nlanguage: {lang}\n"));
        let out = site.output();
        let page = out.text("briefs/council-approves-the-new-bridge/index.html").unwrap().to_owned();
        let at = page.find("<time datetime=\"2018-03-01\">").expect("the machine-readable date is ISO");
        page[at..].split('>').nth(1).unwrap().trim_end_matches("</time").to_owned()
    };
    assert_eq!(date("en"), "1 March 2018");
    assert_eq!(date("fr"), "1er mars 2018");
    assert_eq!(date("es-MX"), "1 de marzo de 2018");
    assert_eq!(date("de"), "1. März 2018");
    assert_eq!(date("ar"), "1 مارس 2018");
    assert_eq!(date("pt-BR"), "1 de março de 2018");
    assert_eq!(date("it"), "1º marzo 2018");
    assert_eq!(date("zh-Hans"), "2018年3月1日");
    assert_eq!(date("ja"), "2018年3月1日");
    assert_eq!(date("ru"), "1 марта 2018");
}

#[test]
fn titles_tags_and_quotes_in_other_scripts_make_transliterated_urls() {
    let site = SiteTest::fixture("arabic");
    let ann = "content/annotations/astana-opening.yaml";
    site.replace(ann, "slug: astana-talks-open\n", "tags: [سوريا, Дипломатия]\n");
    site.replace(ann, "  - id: ceasefire-date\n    quote:", "  - quote:");
    let out = site.output();
    let tag = out.text("tags/swry/index.html").expect("the Arabic tag has a page");
    assert!(tag.contains("سوريا"), "the page shows the tag as written");
    assert!(out.text("tags/diplomatiia/index.html").is_some());
    let briefs: Vec<&str> = out.paths().filter(|p| p.starts_with("briefs/") && p.ends_with("/index.html")).collect();
    let page = briefs.iter().filter_map(|p| out.text(p)).find(|t| t.contains("بدأ في 30 ديسمبر"));
    assert!(page.is_some_and(|t| t.contains("id=\"note-bd-fy-30-dysmbr\"")), "a note id from the quote: {briefs:?}");
}

#[test]
fn an_article_in_another_language_than_the_sites_keeps_its_own_on_its_page() {
    let site = SiteTest::demo();
    site.replace("briefgen.yaml", "\nlanguage: en\n", "\nlanguage: fr\n");
    let ann = "content/annotations/004_4adcc239e7605c19.yaml";
    site.replace(ann, "\npublished: 2017-01-09\n", "\npublished: 2017-01-09\nlanguage: en\n");
    let out = site.output();
    let brief = out.text("briefs/assad-says-army-will-liberate-every-inch/index.html").unwrap();
    assert!(brief.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">"), "the page is the site's");
    assert!(brief.contains("<h1 id=\"brief-title\" lang=\"en\" dir=\"ltr\">Syrian President"), "{brief}");
    assert!(brief.contains("<div class=\"block-text\" lang=\"en\" dir=\"ltr\">"), "{brief}");
    assert!(brief.contains("<h2 id=\"text-h\">L’article, avec"), "the rest in French");
    // Its title in every list: the home page, the archive, its story, its neighbour's prev/next.
    let card = "/briefs/assad-says-army-will-liberate-every-inch/\" lang=\"en\" dir=\"ltr\">Syrian President";
    for page in ["index.html", "briefs/index.html", "stories/assad-every-inch/index.html"] {
        assert!(out.text(page).unwrap().contains(card), "{page}");
    }
    // The other brief says nothing of its language: the site's is assumed.
    let other = out.text("briefs/assad-vows-to-retake-raqa-and-every-inch-of-syria/index.html");
    let feed = out.text("atom.xml").unwrap();
    assert!(feed.contains("<title xml:lang=\"en\">Syrian President"), "{feed}");
    let other = other.unwrap();
    assert!(other.contains("<span>Avant</span> <span lang=\"en\" dir=\"ltr\">Syrian President"), "{other}");
    assert!(other.contains("<h1 id=\"brief-title\">"), "not its own title");

    site.replace(ann, "\nlanguage: en\n", "\nlanguage: English\n");
    let check = site.run(&["check"]);
    assert_eq!(check.code, 1);
    check.assert_reports(&format!("{ann}:4:11"), "`English` is not a language tag");
    assert!(check.stderr.contains("`en`"), "the code is suggested: {}", check.stderr);
    check.assert_summary("1 error, 0 warnings");
}
