//! The reader's side of the default theme: what works without JavaScript, and what the
//! scripts get to work with.

use briefgen::render::theme::colour::{AA_TEXT, Colour};

use crate::harness::{SiteTest, attr_values, repo};

#[test]
fn timeline_filters_enhance_a_timeline_that_works_without_js() {
    let out = SiteTest::demo().output_with(Some("https://example.github.io/briefgen/"));
    let page = out.text("timeline/index.html").unwrap();
    // Without JS: every entry is there, and the filter form is hidden.
    assert!(page.contains("<form class=\"timeline-filter\" id=\"timeline-filter\" hidden"), "{page}");
    assert_eq!(page.matches("<li id=\"").count(), 19);
    // With JS: the script exists, and each option matches ids the entries carry.
    let script = attr_values(page, "src").into_iter().find(|s| s.ends_with("timeline.js")).unwrap();
    assert_eq!(script, "/briefgen/static/timeline.js");
    assert!(out.get("static/timeline.js").is_some());
    let carried: Vec<&str> = ["data-entities", "data-outlets", "data-tags"]
        .iter()
        .flat_map(|a| attr_values(page, a))
        .flat_map(str::split_whitespace)
        .collect();
    for option in attr_values(page, "value").into_iter().filter(|v| !v.is_empty()) {
        assert!(carried.contains(&option), "filter option {option} matches no entry");
    }
    for outlet in ["afp", "rhc"] {
        assert!(attr_values(page, "value").contains(&outlet), "outlet {outlet} is offered");
    }
}

#[test]
fn verdicts_are_written_out_and_link_to_the_original_passage() {
    let out = SiteTest::demo().output();
    let page = out.text("briefs/assad-says-army-will-liberate-every-inch/index.html").unwrap();
    assert!(page.contains("Verdict: Misleading"), "verdicts are text, not colour alone");
    assert!(
        page.contains("#:~:text=which%20had%20fallen%20to,groups%20back%20in%202012\""),
        "a link to the quoted passage in the original"
    );
}

/// The custom properties (`--name: #hex;`) of the first `:root { … }` block of `css`.
fn palette(css: &str) -> Vec<(String, String)> {
    let start = css.find(":root {").expect("a :root block") + ":root {".len();
    let block = &css[start..start + css[start..].find('}').unwrap()];
    block
        .split(';')
        .filter_map(|decl| {
            let decl = decl.rsplit("*/").next().unwrap().trim();
            let (name, value) = decl.strip_prefix("--")?.split_once(':')?;
            Some((name.trim().to_owned(), value.trim().to_owned()))
        })
        .collect()
}

/// A theme's colours in light and dark mode: its own stylesheets' `:root` over those before.
fn schemes(sheets: &[&str]) -> [Vec<(String, String)>; 2] {
    const DARK: &str = "@media (prefers-color-scheme: dark) {";
    let mut light: Vec<(String, String)> = Vec::new();
    let mut dark: Vec<(String, String)> = Vec::new();
    for sheet in sheets {
        let css = std::fs::read_to_string(repo().join("themes").join(sheet)).unwrap();
        light.extend(palette(&css));
        dark.extend(palette(&css));
        dark.extend(palette(&css[css.find(DARK).expect("a dark scheme")..]));
    }
    [light, dark]
}

#[test]
fn text_colours_of_the_built_in_themes_have_aa_contrast_in_light_and_dark_mode() {
    let colour = |scheme: &[(String, String)], name: &str| {
        let value = &scheme.iter().rev().find(|(n, _)| n == name).unwrap_or_else(|| panic!("--{name}")).1;
        Colour::parse(value).unwrap_or_else(|| panic!("--{name}: {value}"))
    };
    let white = Colour::parse("#fff").unwrap();
    let themes: [&[&str]; 2] =
        [&["default/static/style.css"], &["default/static/style.css", "broadsheet/static/broadsheet.css"]];
    for sheets in themes {
        for (mode, scheme) in ["light", "dark"].iter().zip(schemes(sheets)) {
            let c = |name: &str| colour(&scheme, name);
            let mut pairs = Vec::new();
            // Text in the theme's colours, on the page and on panels (summaries, filters).
            for text in ["fg", "muted", "link", "link-visited", "context", "fact", "correction", "definition"] {
                for ground in ["bg", "panel"] {
                    pairs.push((text, c(text), ground, c(ground)));
                }
            }
            // Quoted passages: the text on its highlight.
            for ground in ["mark", "mark-fact", "mark-event"] {
                pairs.push(("fg", c("fg"), ground, c(ground)));
            }
            // Verdict badges: white text on the verdict's colour.
            for ground in ["good", "mid", "bad"] {
                pairs.push(("white", white, ground, c(ground)));
            }
            for (text, fg, ground, bg) in pairs {
                let ratio = fg.contrast(bg);
                assert!(ratio >= AA_TEXT, "{sheets:?}, {mode}: {text} {fg} on --{ground} {bg} is {ratio:.2}:1");
            }
        }
    }
}

/// The declarations of the rule for exactly `selector` in `css` (its first one).
fn rule<'a>(css: &'a str, selector: &str) -> &'a str {
    let at = css.match_indices(&format!("{selector} {{")).map(|(i, _)| i).find(|&i| i == 0 || css[..i].ends_with('\n'));
    let start = at.unwrap_or_else(|| panic!("no rule for `{selector}`")) + selector.len() + 2;
    &css[start..start + css[start..].find('}').unwrap()]
}

#[test]
fn long_words_and_urls_break_instead_of_widening_the_page() {
    // A quoted URL, a German compound or a hashtag longer than a phone's line made every page
    // that shows it (the brief, its cards, the timeline, the story) wider than the screen.
    // `anywhere` also lets grid columns and flex items (cards, entries) narrow to the screen.
    // (Checked in Chromium at 390, 768 and 1280 pixels; here, that the rules stay.)
    let css = std::fs::read_to_string(repo().join("themes/default/static/style.css")).unwrap();
    assert!(rule(&css, "body").contains("overflow-wrap: anywhere;"), "{}", rule(&css, "body"));
    // Code blocks and tables fit the column too, their lines wrapping (a code block that
    // scrolled on its own would be a region a keyboard cannot scroll).
    assert!(rule(&css, "pre").contains("white-space: pre-wrap;"));
    assert!(!rule(&css, "pre").contains("overflow"));
    assert!(rule(&css, "table").contains("max-inline-size: 100%;"));
}

#[test]
fn only_the_label_of_a_prev_next_link_is_set_as_a_label() {
    // "Earlier" / "Later" is the link's first span; a title marked with its language (a
    // span of its own) must not take the label's small capitals.
    let css = std::fs::read_to_string(repo().join("themes/default/static/style.css")).unwrap();
    assert!(rule(&css, ".prev-next a > span:first-child").contains("text-transform: uppercase;"));
    assert!(!css.contains(".prev-next span "), "a rule for every span of the link");
}
