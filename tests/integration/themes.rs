//! Themes as a site uses them: one template overridden alone, branding from briefgen.yaml,
//! the second built-in theme, a theme folder of the site's own, and `theme eject` with the
//! upgrade warning of `check`.

use briefgen::site::Output;

use crate::harness::SiteTest;

const BRIEF: &str = "briefs/council-approves-the-new-bridge/index.html";

/// The HTML pages of a build, by path.
fn pages(out: &Output) -> Vec<(String, String)> {
    out.paths().filter(|p| p.ends_with(".html")).map(|p| (p.to_owned(), out.text(p).unwrap().to_owned())).collect()
}

#[test]
fn a_site_overrides_one_partial_and_brands_every_page() {
    let site = SiteTest::fixture("override");
    let out = site.output();
    let brief = out.text(BRIEF).unwrap();
    // The site's note partial, with the theme's strings.
    assert_eq!(brief.matches("class=\"note note-").count(), 2, "{brief}");
    assert_eq!(brief.matches(" site-note\"").count(), 2);
    assert!(brief.contains("Fact-check — <strong class=\"verdict verdict-mostly-true\">Mostly true</strong>"));
    // The branding, on every page: the logo, the favicon, the site's stylesheet, the accent (with a dark shade made
    // for dark mode), the extra link, the footer line and the social image.
    for (path, html) in pages(&out) {
        assert!(
            html.contains("<img class=\"site-logo\" src=\"/static/logo.svg\" alt=\"\">Riverton Checks</a>"),
            "{path}"
        );
        assert!(html.contains("<link rel=\"icon\" href=\"/static/favicon.svg\">"), "{path}");
        assert!(
            html.contains("<link rel=\"stylesheet\" href=\"/static/style.css\">\n<link rel=\"stylesheet\" href=\"/static/site.css\">"),
            "the site's stylesheet after the theme's: {path}"
        );
        assert!(html.contains("<style>:root { --accent: #8a1538; } @media (prefers-color-scheme: dark)"), "{path}");
        assert!(html.contains("<li><a href=\"https://example.org/support\">Support us</a></li>"), "{path}");
        assert!(html.contains("<em>Riverton Checks</em> under <a href=\"https://creativecommons.org/"), "{path}");
        assert!(
            html.contains("<meta property=\"og:image\" content=\"https://example.org/static/card.png\">"),
            "{path}"
        );
    }
    assert_eq!(out.get("static/logo.svg").map(<[u8]>::len), Some(site.read("static/logo.svg").len()));
    // Every other template is the built-in theme's: without the override, only the page
    // with notes changes.
    std::fs::remove_file(site.path("templates/partials/note.html")).unwrap();
    let plain = site.output();
    let changed: Vec<String> =
        pages(&out).into_iter().zip(pages(&plain)).filter(|(a, b)| a != b).map(|(a, _)| a.0).collect();
    assert_eq!(changed, [BRIEF]);
    assert!(plain.text(BRIEF).unwrap().contains("<span class=\"note-kind\">Fact-check</span>"));
}

#[test]
fn theme_eject_copies_without_overwriting_and_check_warns_on_an_outdated_copy() {
    let site = SiteTest::fixture("override");
    let run = site.run(&["theme", "eject", "partials/entry.html", "static/style.css", "partials/note.html"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("kept the existing templates/partials/note.html"), "{}", run.stderr);
    assert!(site.read("templates/partials/note.html").starts_with("{#- The site's own note"), "never overwritten");
    let entry = site.read("templates/partials/entry.html");
    assert!(
        entry
            .starts_with("{#- Copied by `briefgen theme eject` [briefgen-eject default:templates/partials/entry.html@")
    );
    assert!(site.read("static/style.css").starts_with("/* Copied by `briefgen theme eject`"));
    let check = site.run(&["check"]);
    assert_eq!((check.code, check.stderr.as_str()), (0, "check: 0 errors, 0 warnings\n"), "a current copy is quiet");
    // A copy made from an earlier built-in version: its fingerprint is not the current one's.
    let at = entry.find('@').unwrap();
    site.write("templates/partials/entry.html", &format!("{}0123456789abcdef{}", &entry[..=at], &entry[at + 17..]));
    let check = site.run(&["check"]);
    assert_eq!(check.code, 0, "a warning: {}", check.stderr);
    check.assert_reports(
        "templates/partials/entry.html:1:1",
        "warning: copied from an earlier version of the built-in `partials/entry.html` (`default` theme), which has changed since",
    );
    assert!(check.stderr.contains("run `briefgen theme eject partials/entry.html` to get the current one"));
    // Ejecting everything copies the rest, and keeps what is there.
    let all = site.run(&["theme", "eject"]);
    assert!(
        all.stderr.contains("copied templates/brief.html") && all.stderr.contains("kept the existing static/style.css")
    );
    let typo = site.run(&["theme", "eject", "partial/note.html"]);
    assert_eq!(typo.code, 2);
    assert!(typo.stderr.contains("did you mean `partials/note.html`?"), "{}", typo.stderr);
}

#[test]
fn theme_settings_mistakes_are_located_with_a_hint() {
    let site = SiteTest::fixture("override");
    site.replace("briefgen.yaml", "  logo: logo.svg", "  logo: logo.png\n  acent: \"#8a1538\"");
    site.replace("briefgen.yaml", "  accent: \"#8a1538\"", "  accent: \"#ffcc00\"");
    site.replace("briefgen.yaml", "favicon: favicon.svg", "favicon: favicon.ico");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    run.assert_reports("briefgen.yaml:6:9", "error: `logo`: there is no file `logo.png` in static/");
    run.assert_reports("briefgen.yaml:7:3", "error: unknown theme setting `acent`");
    run.assert_reports("briefgen.yaml:8:12", "error: `favicon`: there is no file `favicon.ico` in static/");
    assert!(run.stderr.contains("did you mean `favicon.svg`?"), "{}", run.stderr);
    assert!(run.stderr.contains(
        "did you mean `accent`? the `default` theme accepts: logo, favicon, stylesheet, accent, nav, footer, social_image"
    ));
    run.assert_reports(
        "briefgen.yaml:9:11",
        "error: `accent` #ffcc00 has a contrast of 1.48:1 with the theme's light background #fdfdfb; WCAG AA asks 4.5:1 for text",
    );
    assert!(
        run.stderr.contains("choose a darker colour; the nearest shade that passes is `\"#856a00\"`"),
        "{}",
        run.stderr
    );
}

#[test]
fn broadsheet_has_a_front_page_of_its_own_and_the_default_theme_elsewhere() {
    let site = SiteTest::demo();
    let default = site.output();
    site.replace("briefgen.yaml", "theme: default", "theme: broadsheet");
    let out = site.output();
    let front = out.text("index.html").unwrap();
    assert!(front.contains("<link rel=\"stylesheet\" href=\"/briefgen/static/broadsheet.css\">"));
    assert!(front.contains("<h2 class=\"rubric\" id=\"checks-h\">Latest fact-checks</h2>"), "{front}");
    assert!(front.contains("We don&#39;t do this, it&#39;s not our policy"), "the latest fact-checks");
    assert!(front.contains("<span class=\"tally-count\">2 fact-checks</span>"), "verdict counts");
    assert!(front.contains("Updated 16 February 2017"));
    // Every other page is the default theme's, but for the stylesheet.
    let restyled =
        |html: &str| html.replace("<link rel=\"stylesheet\" href=\"/briefgen/static/broadsheet.css\">\n", "");
    for (path, html) in pages(&out).into_iter().filter(|(p, _)| p != "index.html") {
        assert_eq!(restyled(&html), default.text(&path).unwrap(), "{path}");
    }
}

#[test]
fn a_theme_folder_of_the_site_falls_through_to_the_builtin_it_extends() {
    let site = SiteTest::fixture("basic");
    site.replace("briefgen.yaml", "title: Basic", "title: Basic\ntheme: riverside");
    site.write("themes/riverside/theme.yaml", "name: riverside\nextends: broadsheet\n");
    site.write(
        "themes/riverside/templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<h1 class=\"riverside\">{{ page.title }}</h1>{% endblock main %}",
    );
    site.write("content/pages/about.md", "---\ntitle: About\n---\nHello.\n");
    let out = site.output();
    assert!(out.text("about/index.html").unwrap().contains("<h1 class=\"riverside\">About</h1>"));
    assert!(out.text("index.html").unwrap().contains("class=\"front-grid\""), "broadsheet's front page");
    assert!(out.get("static/broadsheet.css").is_some());
    // An unknown built-in theme is an error at its line.
    site.write("themes/riverside/theme.yaml", "name: riverside\nextends: broadshet\n");
    let run = site.run(&["check"]);
    run.assert_reports("themes/riverside/theme.yaml:2:10", "error: there is no built-in theme `broadshet`");
    // A setting the built-in theme reads as links cannot become Markdown: an error at the
    // kind, and none in the built-in templates that read it.
    site.write(
        "themes/riverside/theme.yaml",
        "name: riverside\nextends: broadsheet\nsettings:\n  nav: {kind: markdown}\n",
    );
    let run = site.run(&["check"]);
    run.assert_reports(
        "themes/riverside/theme.yaml:4:15",
        "error: `nav` is a setting of the theme this one extends, of kind `links`",
    );
    run.assert_summary("1 error, 0 warnings");
}

#[test]
fn template_mistakes_found_on_loading_are_each_located() {
    let site = SiteTest::fixture("basic");
    // What Tera checks once every template parses: templates and filters that do not exist.
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}{{ 1 | nofilter }}\n{% include \"nope.html\" %}{% endblock %}\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.assert_reports("templates/page.html:2:24", "template error: Unknown filter `nofilter`");
    run.assert_reports("templates/page.html:3:12", "template error: Unknown template `nope.html`");
    assert!(run.stderr.contains("check: 2 errors"), "{}", run.stderr);
    // They are reported beside the content's own mistakes, not after these are fixed.
    site.write("content/pages/about.md", "---\ntitel: About\n---\nText.\n");
    let run = site.run(&["check"]);
    run.assert_reports("content/pages/about.md:2:1", "unknown key `titel`");
    run.assert_reports("templates/page.html:2:24", "template error: Unknown filter `nofilter`");
    assert!(run.stderr.contains("check: 3 errors"), "{}", run.stderr);
    // A loop of includes is located at the include that closes it.
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}{% include \"partials/loop.html\" %}{% endblock %}\n",
    );
    site.write("templates/partials/loop.html", "<p>\n  {% include \"partials/loop.html\" %}\n");
    let run = site.run(&["check"]);
    run.assert_reports("templates/partials/loop.html:2:14", "template error: Circular include detected");
    assert!(run.stderr.contains("cannot include or extend itself"), "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn theme_eject_writes_nothing_through_a_link_out_of_the_site() {
    let site = SiteTest::demo();
    let outside = site.path("../outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::create_dir_all(site.path("templates")).unwrap();
    std::os::unix::fs::symlink(&outside, site.path("templates/partials")).unwrap();
    let run = site.run(&["theme", "eject", "partials/note.html", "brief.html"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.assert_reports("templates/partials", "error: this is a link to a file or folder outside the site");
    assert!(site.path("templates/brief.html").is_file(), "the other file is copied");
    assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0, "nothing written outside the site");
}

#[cfg(unix)]
#[test]
fn theme_eject_writes_nothing_through_a_link_to_nothing() {
    // A link whose target does not exist yet: the copy was written where it pointed, outside
    // the site, as if the file were free.
    let site = SiteTest::demo();
    let outside = site.path("../outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::create_dir_all(site.path("templates/partials")).unwrap();
    std::os::unix::fs::symlink(outside.join("made.html"), site.path("templates/base.html")).unwrap();
    std::os::unix::fs::symlink(site.path("gone.html"), site.path("templates/partials/note.html")).unwrap();
    let run = site.run(&["theme", "eject", "base.html", "partials/note.html", "brief.html"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let refused = "error: this is a link to nothing; briefgen writes no copy through it";
    for link in ["templates/base.html", "templates/partials/note.html"] {
        assert!(run.stderr.contains(&format!("{refused}\n --> {link}\n")), "{link}: {}", run.stderr);
    }
    assert!(run.stderr.contains("help: remove the link"), "{}", run.stderr);
    assert!(site.path("templates/brief.html").is_file(), "the other file is copied");
    assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0, "nothing written outside the site");
    assert!(!site.path("gone.html").exists(), "nor inside it, through a link");
}

#[test]
fn theme_eject_leaves_a_file_the_sites_own_theme_has() {
    let site = SiteTest::demo();
    site.write("themes/mine/templates/partials/note.html", "{# mine #}");
    site.replace("briefgen.yaml", "theme: default", "theme: mine");
    let run = site.run(&["theme", "eject", "partials/note.html"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("the site's theme has its own, themes/mine/templates/partials/note.html"),
        "{}",
        run.stderr
    );
    assert!(!site.path("templates/partials/note.html").exists(), "no copy hides the theme's own");
}

#[test]
fn theme_eject_locates_the_mistake_that_stops_it() {
    let site = SiteTest::demo();
    site.write("themes/mine/theme.yaml", "name: mine\nextends: defualt\n");
    site.replace("briefgen.yaml", "theme: default", "theme: mine");
    let run = site.run(&["theme", "eject", "brief.html"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.assert_reports("themes/mine/theme.yaml:2:10", "there is no built-in theme `defualt`");
    assert!(!site.path("templates").exists());

    site.replace("briefgen.yaml", "theme: mine", "theme: mine\nthem: x");
    let run = site.run(&["theme", "eject", "brief.html"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error: unknown key `them`"), "the config's own error: {}", run.stderr);
}

#[test]
fn a_site_template_named_like_none_of_the_themes_is_pointed_out() {
    let site = SiteTest::demo();
    site.write("templates/partial/note.html", "<aside>{{ note.body }}</aside>");
    site.write("templates/partials/note.html", "{{ note.body | safe }}");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "warning: `partial/note.html` is not a template of the theme and no template uses it, so it changes nothing"
        ),
        "{}",
        run.stderr
    );
    // The real override is not pointed out.
    run.assert_summary("0 errors, 1 warning");
}

#[test]
fn theme_files_that_cannot_be_used_are_located_errors() {
    let site = SiteTest::demo();
    // Latin-1 in a template: a located error, not a replacement character on every page.
    std::fs::create_dir_all(site.path("templates")).unwrap();
    std::fs::write(
        site.path("templates/page.html"),
        b"{% extends \"base.html\" %}\n{% block main %}<h1>caf\xe9</h1>{% endblock main %}\n",
    )
    .unwrap();
    // A file larger than GitHub takes: an error, without reading it into memory.
    std::fs::create_dir_all(site.path("static")).unwrap();
    std::fs::File::create(site.path("static/video.mp4")).unwrap().set_len(101 << 20).unwrap();
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.assert_reports("templates/page.html:2:24", "error: the file is not valid UTF-8");
    run.assert_reports("static/video.mp4", "error: cannot read: it is 101.0 MB, more than the 100.0 MB briefgen reads");
    run.assert_summary("2 errors, 0 warnings");
}

#[test]
fn a_block_tag_left_open_is_reported_where_it_was_opened() {
    let site = SiteTest::demo();
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.title }}</h1>\n{% if page.body %}\n{{ page.body | safe }}\n{% endblock main %}\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.assert_reports("templates/page.html:4:1", "error: template error: this `{% if %}` is not closed");
    assert!(
        run.stderr.contains("close it with `{% endif %}`; the template stops making sense at line 6"),
        "{}",
        run.stderr
    );
}

#[test]
fn every_template_that_does_not_parse_is_reported_at_once() {
    // Tera stops at the first; the others would show one run at a time.
    let site = SiteTest::demo();
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}{{ page.title | }}{% endblock main %}\n",
    );
    site.write("templates/partials/note.html", "<aside>{% if %}</aside>\n");
    site.write(
        "templates/tag.html",
        "{% extends \"base.html\" %}\n{% block main %}{{ page.title }}{% endblock main %}\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.assert_reports("templates/page.html:2:33", "error: template error: Found `}}` but expected identifier");
    run.assert_reports("templates/partials/note.html:1:14", "error: template error: Found `%}`");
    run.assert_summary("2 errors, 0 warnings");
}

#[test]
fn a_template_that_does_not_finish_stops_the_build_and_is_named() {
    let site = SiteTest::demo();
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% for k in range(end=100000) %}{% endfor %}{% endfor %}{% endfor %}{% endblock main %}\n",
    );
    let mut cmd = site.command(&["build"]);
    cmd.env("BRIEFGEN_PAGE_SECONDS", "1");
    let run = crate::harness::run_with_timeout(cmd, std::time::Duration::from_secs(30));
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error: template error: a page made with the template `page.html` has rendered for over 1 s"),
        "{}",
        run.stderr
    );
    assert!(!site.path("public").exists(), "nothing was published");
}

#[test]
fn a_template_that_writes_without_end_stops_at_the_ceiling_of_a_page_and_is_named() {
    // A loop of loops that writes text: 10^10 lines took the machine's memory within seconds
    // (the watchdog's minute was far off) and ended in "memory allocation of 3053453312 bytes
    // failed", an abort naming no template.
    let site = SiteTest::demo();
    let runaway = "{% for i in range(end=100000) %}{% for j in range(end=100000) %}a line of the page, again and again\n{% endfor %}{% endfor %}";
    site.write("templates/partials/brief_card.html", runaway);
    let run = crate::harness::run_with_timeout(site.command(&["build"]), std::time::Duration::from_secs(60));
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.assert_reports(
        "templates/partials/brief_card.html",
        "error: template error: a page made with the template `partials/brief_card.html` passed 256 MB; briefgen stopped it",
    );
    let errors = run.stderr.lines().filter(|l| l.starts_with("error:")).count();
    assert_eq!(errors, 1, "one error, not one per card: {}", run.stderr);
    assert!(!site.path("public").exists(), "nothing was published");
}

#[test]
fn every_mistake_of_a_theme_setting_is_reported_and_the_sites_values_for_it_are_not() {
    let site = SiteTest::fixture("basic");
    site.replace(
        "briefgen.yaml",
        "title: Basic",
        "title: Basic\ntheme: riverside\ntheme_settings:\n  banner: \"#222\"\n  motto: \"Rivers *first*\"",
    );
    site.write(
        "themes/riverside/theme.yaml",
        "name: riverside\ndescription: [x]\nsettings:\n  banner:\n    kind: colr\n    descripton: The banner\n  motto:\n    kind: markdown\n",
    );
    let run = site.run(&["check"]);
    for (location, message) in [
        ("2:14", "error: wrong type for `description`: expected a text"),
        ("5:11", "error: unknown value `colr`"),
        ("6:5", "error: unknown key `descripton`"),
    ] {
        run.assert_reports(&format!("themes/riverside/theme.yaml:{location}"), message);
    }
    // `motto` is declared and `banner` declared with mistakes: neither is an unknown setting.
    run.assert_summary("3 errors, 0 warnings");
    // A `settings:` that is no mapping is one error, and the site's settings are not checked.
    site.write("themes/riverside/theme.yaml", "name: riverside\nsettings:\n  - banner\n  - motto\n");
    let run = site.run(&["check"]);
    run.assert_reports("themes/riverside/theme.yaml:3:3", "error: wrong type for `settings`: expected a mapping");
    run.assert_summary("1 error, 0 warnings");
}

/// A menu link to a path of the site is checked once the site is made: a typo is an error at
/// its `url:`, with the closest page, and the build fails rather than publish a link broken
/// on every page.
#[test]
fn a_menu_link_to_no_page_of_the_site_is_an_error() {
    let site = SiteTest::fixture("override");
    let support = "    - {title: Support us, url: \"https://example.org/support\"}";
    site.replace("briefgen.yaml", support, &format!("{support}\n    - {{title: Timeline, url: timline/}}"));
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.assert_reports("briefgen.yaml:11:30", "error: no page of the site is at `timline/`");
    assert!(run.stderr.contains("did you mean `/timeline/`?"), "{}", run.stderr);
    assert!(!site.path("public").exists(), "nothing published");
    site.replace("briefgen.yaml", "url: timline/}", "url: \"timeline/#2018\"}");
    assert_eq!(site.run(&["build"]).code, 0);
}

/// A menu link of `theme_settings:` to a page of the site is marked as the current page there,
/// as the site's own menu items are.
#[test]
fn a_menu_link_to_a_page_of_the_site_is_current_on_that_page() {
    let site = SiteTest::fixture("override");
    let support = "    - {title: Support us, url: \"https://example.org/support\"}";
    site.replace("briefgen.yaml", support, &format!("{support}\n    - {{title: Our team, url: team/}}"));
    site.write("content/pages/team.md", "---\ntitle: Our team\n---\nThree editors.\n");
    let out = site.output();
    let team = out.text("team/index.html").unwrap();
    assert!(team.contains("<li><a href=\"/team/\" aria-current=\"page\">Our team</a></li>"), "{team}");
    assert!(team.contains("<li><a href=\"https://example.org/support\">Support us</a></li>"), "{team}");
    let home = out.text("index.html").unwrap();
    assert!(home.contains("<li><a href=\"/team/\">Our team</a></li>"), "{home}");
}

/// A name a template uses that does not exist gets the closest that does, whether Tera finds
/// it when the templates load (an included template) or when a page is rendered (a field).
#[test]
fn a_misspelt_name_in_a_template_gets_a_did_you_mean() {
    let site = SiteTest::fixture("override");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}{% include \"note.html\" %}{% endblock main %}\n",
    );
    let run = site.run(&["check"]);
    run.assert_reports("templates/page.html:2:28", "template error: Unknown template `note.html`");
    assert!(
        run.stderr.contains("help: did you mean `partials/note.html`? include a template the theme has"),
        "{}",
        run.stderr
    );
    std::fs::remove_file(site.path("templates/page.html")).unwrap();
    site.replace("templates/partials/note.html", "{{ note.kind_label }}", "{{ note.kind_lable }}");
    let run = site.run(&["check"]);
    run.assert_reports("templates/partials/note.html:3:156", "template error: Field `kind_lable` is not defined");
    assert!(run.stderr.contains("help: did you mean `kind_label`? fix the template"), "{}", run.stderr);
}
