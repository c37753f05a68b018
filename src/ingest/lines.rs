//! Line-level rules shared by the text readers: what is site furniture rather than article,
//! what ends an article, what is a crosshead, and how to repair paragraphs a scraper split
//! mid-sentence.

use crate::model::{Block, BlockKind, Dropped};
pub use crate::text::collapse_spaces;

/// Lines that open a comment section: they end the article.
pub const COMMENT_OPENERS: &[&str] = &[
    "comments",
    "comment",
    "leave a comment",
    "leave a reply",
    "post a comment",
    "add a comment",
    "join the conversation",
];

/// Besides [`COMMENT_OPENERS`], lines that end the article: whatever follows is related
/// links or the footer.
const TERMINAL: &[&str] = &[
    "more related news",
    "related news",
    "related",
    "related articles",
    "related stories",
    "related content",
    "related coverage",
    "related topics",
    "you may also like",
    "you might also like",
    "recommended",
    "recommended for you",
    "more stories",
    "more from",
    "most popular",
    "most read",
    "most viewed",
    "trending",
    "trending now",
    "top stories",
    "top news",
    "latest news",
    "read next",
    "more on this story",
    "around the web",
    "sponsored content",
    "see also",
    "more news",
    "more in",
    "latest",
    "popular",
    "related posts",
    "recommended stories",
    "what to read next",
    "you may be interested in",
    "more from this section",
    "also read",
    "sur le même sujet",
    "à lire aussi",
    "lire aussi",
    "mehr zum thema",
    "weitere artikel",
];

/// Lines that are furniture wherever they appear.
const FURNITURE: &[&str] = &[
    "advertisement",
    "advertising",
    "ad",
    "sponsored",
    "share",
    "share this",
    "share this article",
    "share on facebook",
    "share on twitter",
    "tweet",
    "facebook",
    "twitter",
    "linkedin",
    "whatsapp",
    "reddit",
    "pinterest",
    "email",
    "e-mail",
    "print",
    "copy link",
    "skip to main content",
    "skip to content",
    "menu",
    "search",
    "subscribe",
    "sign in",
    "sign up",
    "log in",
    "login",
    "register",
    "close",
    "home",
    "cancel reply",
    "continue reading",
    "read more",
    "show comments",
    "hit \"like\"",
    "story continues below advertisement",
];

/// Why a line was classified as furniture, for the `dropped` list.
pub fn furniture_reason(line: &str) -> Option<&'static str> {
    let key = normalise(line);
    if key.is_empty() {
        return None;
    }
    if FURNITURE.contains(&key.as_str()) {
        return Some("site furniture (share buttons, menus, ads)");
    }
    if key.starts_with("©") || key.starts_with("copyright") || key.contains("all rights reserved") {
        return Some("copyright line");
    }
    if key.contains("cookie") && (key.contains("accept") || key.contains("consent") || key.contains("we use")) {
        return Some("cookie notice");
    }
    if key.starts_with("your email address will not be published") || key.starts_with("required fields are marked") {
        return Some("comment form");
    }
    // The key's words are one space apart: counted by its spaces, with SIMD (every line of
    // every seed is weighed).
    let words = 1 + memchr::memchr_iter(b' ', key.as_bytes()).count();
    if is_picture_credit(&key, words) {
        return Some("picture credit or caption");
    }
    if (words <= 14 && is_date_line(&key)) || (words <= 10 && is_timestamp(line)) {
        return Some("date line (the date is kept as metadata)");
    }
    if words <= 20 && is_call_to_action(&key) {
        return Some("call to action (newsletter, app, social media)");
    }
    if words <= 6 && is_contact_line(line) {
        return Some("contact line (e-mail, social-media handle)");
    }
    None
}

/// `paul.takahashi@chron.com twitter.com/paultakahashi`, `Nishant Kumar @Nishantopines`,
/// `Twitter: @annlee`, an embedded post's `@franceinfo`: an e-mail address, a handle or a
/// social-media profile, with at most a name or a label beside it — no sentence, and not a
/// post's text (`Here it is @annlee`).
fn is_contact_line(line: &str) -> bool {
    const PROFILES: &[&str] = &["twitter.com/", "x.com/", "instagram.com/", "facebook.com/", "linkedin.com/in/"];
    // Not `(@handle)`: an embedded post's signature (`— Ann Lee (@annlee) November 1, 2019`)
    // is kept with the post.
    let contact = |w: &str| {
        let w = w.trim_end_matches([',', ';']);
        (w.len() > 1 && w.starts_with('@'))
            || w.split_once('@').is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
            || PROFILES.iter().any(|p| w.contains(p))
    };
    let (contacts, rest): (Vec<&str>, Vec<&str>) = line.split_whitespace().partition(|w| contact(w));
    let name = rest.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase));
    let label = matches!(rest.as_slice(), [w] if w.ends_with(':'));
    !contacts.is_empty() && (name || label) && !line.trim_end().ends_with(['.', '!', '?', '"', '”'])
}

/// `Photo: Hau Dinh, AP`, `Image copyright Getty Images`, `Image caption …`, `Image 1 of 8`,
/// a caption ending with its credit (`… (Image: GETTY)`, `… [File: Reuters]`), `Natalie
/// Naccache | Bloomberg | Getty Images`.
fn is_picture_credit(key: &str, words: usize) -> bool {
    const STARTS: &[&str] = &[
        "photo:",
        "photo by ",
        "photos:",
        "photograph:",
        "image:",
        "images:",
        "image copyright",
        "image caption",
        "media caption",
        "media playback is unsupported",
        "picture:",
        "pictured:",
        "credit:",
        "photo credit",
    ];
    const CREDITS: &[&str] =
        &["(image:", "(images:", "(photo:", "(photo by", "(picture:", "(credit:", "[file:", "[image:", "(file:"];
    let gallery = || {
        let rest = key.trim_start_matches(|c: char| c.is_alphabetic() || c == ' ');
        let mut nums = rest.split(|c: char| !c.is_ascii_digit()).filter(|n| !n.is_empty());
        rest.contains(" of ") && nums.next().is_some() && nums.next().is_some() && nums.next().is_none()
    };
    STARTS.iter().any(|p| key.starts_with(p)) && words <= 30
        || (words <= 40
            && key.ends_with([')', ']'])
            && CREDITS.iter().any(|c| key.rfind(c).is_some_and(|at| !key[at..].contains(". "))))
        || (words <= 10 && key.contains("getty images") && !key.ends_with('.'))
        || key == "caption"
        || (words <= 5 && gallery())
}

/// `Updated 5:27 am CST, Wednesday, November 20, 2019`, `PUBLISHED: 10:48, Tue, Nov 19,
/// 2019`, `| UPDATED: …`: a line that only dates the article.
fn is_date_line(key: &str) -> bool {
    const STARTS: &[&str] =
        &["published", "updated", "posted", "last updated", "first published", "publié", "mis à jour"];
    STARTS.iter().any(|p| key.strip_prefix(p).is_some_and(|r| r.starts_with([' ', ':'])))
        && key.bytes().any(|b| b.is_ascii_digit())
}

/// `Nov. 20, 2019 5:52 AM EST`, `19.11.2019, 08:57`, `20 Nov, 2019 05:47`: a date and a
/// clock time, and nothing else but their separators, `AM`/`PM` and a time zone — a page's
/// timestamp. (A date alone is kept: articles head a day's events with it.)
fn is_timestamp(line: &str) -> bool {
    // Asked of every line: only a line with a clock time is looked at for a date.
    let clock = |w: &str| {
        let w = w.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '.');
        let mut parts = w.split(':');
        let hours = parts.next().is_some_and(|h| (1..=2).contains(&h.len()) && h.bytes().all(|b| b.is_ascii_digit()));
        hours && parts.all(|m| m.len() == 2 && m.bytes().all(|b| b.is_ascii_digit())) && w.contains(':')
    };
    let zone = |w: &str| {
        matches!(w.to_ascii_lowercase().as_str(), "am" | "pm" | "a.m." | "p.m.")
            || ((2..=4).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_uppercase()))
    };
    let separators = |c: char| c.is_whitespace() || ",|-–—·/".contains(c);
    if !line.split(separators).any(clock) {
        return false;
    }
    let Some(date) = super::dates::find_in_text(line) else { return false };
    let rest = [&line[..date.start], &line[date.end..]];
    rest.iter().flat_map(|r| r.split(separators)).filter(|w| !w.is_empty()).all(|w| clock(w) || zone(w))
}

/// `Sign up to our newsletter …`, `Follow Newsbeat on Instagram, Facebook …`, `Click here to
/// get the … app`, `Subscribe to …`, and a newsletter's pitch: `The news, but shorter,
/// delivered straight to your inbox`, `… delivered weekday mornings`.
fn is_call_to_action(key: &str) -> bool {
    const STARTS: &[&str] =
        &["sign up", "subscribe to", "click here", "download the", "get the latest", "join our", "like us on"];
    // Not `morning` or `daily`: `the parcels were delivered on Monday morning` is news.
    const DELIVERY: &[&str] = &["inbox", "newsletter", "weekday"];
    let social = || ["twitter", "facebook", "instagram", "youtube"].iter().any(|s| key.contains(s));
    let words = || key.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty());
    let delivered = || words().any(|w| w == "delivered") && words().any(|w| DELIVERY.contains(&w));
    STARTS.iter().any(|p| key.starts_with(p)) || (key.starts_with("follow ") && social()) || delivered()
}

/// The holder a copyright line names: `© 2017 The Daily. All rights reserved.` → `The
/// Daily`; `Copyright © 2010-2018 ACLU` → `ACLU`. `None` for a line that is not a copyright
/// line, or names no one (a bare `©`), or more than six words.
pub fn copyright_holder(line: &str) -> Option<String> {
    if furniture_reason(line) != Some("copyright line") {
        return None;
    }
    let mut rest = line.trim();
    loop {
        let before = rest;
        let lower = rest.to_lowercase();
        for prefix in ["copyright", "©", "(c)", "&copy;"] {
            if lower.starts_with(prefix) {
                rest = &rest[prefix.len()..];
            }
        }
        rest = rest.trim_start_matches(|c: char| c.is_ascii_digit() || " -–—,:.".contains(c));
        if rest == before {
            break;
        }
    }
    let end = rest.find([',', '|', '•', '·', '(']).unwrap_or(rest.len());
    let mut name = rest[..end].trim();
    // A sentence ends the name (`The Daily. All rights reserved.`), not an initial (`Inc.`).
    if let Some(dot) = name.find(". ") {
        name = &name[..dot];
    }
    let name = name.trim_end_matches(|c: char| c == '.' || c.is_whitespace());
    let lower = name.to_lowercase();
    let name = lower.find("all rights reserved").map_or(name, |at| name[..at].trim_end());
    let name = without_legal_form(name);
    let words = name.split_whitespace().count();
    let capital = name.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    ((1..=6).contains(&words) && capital).then(|| collapse_spaces(name))
}

/// `The New York Times Company` → `The New York Times`, `Mediagene Inc.` → `Mediagene`,
/// `Example Co., Ltd.` → `Example`: a company's name without its legal form, the name
/// readers know the outlet by. `Company` goes only with two words or more left (`Fast
/// Company` is the name).
pub fn without_legal_form(name: &str) -> &str {
    const FORMS: &[&str] = &[
        "inc",
        "incorporated",
        "llc",
        "l.l.c",
        "ltd",
        "limited",
        "corp",
        "corporation",
        "co",
        "gmbh",
        "ag",
        "plc",
        "pty",
        "s.a",
        "k.k",
    ];
    let mut kept = name;
    loop {
        let trimmed = kept.trim_end_matches(|c: char| c == '.' || c == ',' || c.is_whitespace());
        let Some((rest, last)) = trimmed.rsplit_once(' ') else { return kept };
        let rest = rest.trim_end_matches(|c: char| c == ',' || c.is_whitespace());
        let last = last.to_lowercase();
        let legal = FORMS.contains(&last.as_str()) || (last == "company" && rest.split_whitespace().count() >= 2);
        if !legal || rest.is_empty() {
            return kept;
        }
        kept = rest;
    }
}

/// Whether a line starts the comments, related links or footer after the article.
pub fn is_terminal(line: &str) -> bool {
    is_terminal_key(&normalise(line))
}

/// [`is_terminal`] of a line's [`normalise`]d key.
pub fn is_terminal_key(key: &str) -> bool {
    let key = key.trim_end_matches(|c: char| c.is_ascii_digit() || c == '(' || c == ')' || c == ' ');
    COMMENT_OPENERS.contains(&key)
        || TERMINAL.contains(&key)
        || key.starts_with("more related")
        || key.starts_with("comments (")
}

/// Lowercase with surrounding punctuation and bullets trimmed and spaces collapsed.
pub fn normalise(line: &str) -> String {
    let trimmed = line.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '•' | '·' | '|' | '>' | '»' | ':' | '-' | '–' | '—' | '*' | '_' | '#')
    });
    if trimmed.is_ascii() {
        // Every line of a page is normalised, mostly long paragraphs: words copied whole and
        // lowercased in place, not character by character.
        let mut out = collapse_spaces(trimmed);
        out.make_ascii_lowercase();
        return out;
    }
    collapse_spaces(trimmed).to_lowercase()
}

/// An AFP-style crosshead such as `- Winning hearts -`: returns its text.
pub fn crosshead(line: &str) -> Option<&str> {
    let t = line.trim();
    let inner = t.strip_prefix("- ")?.strip_suffix(" -")?.trim();
    let words = inner.split_whitespace().count();
    (words > 0 && words <= 10 && !inner.ends_with('.')).then_some(inner)
}

/// Whether a paragraph ends where a sentence can end.
pub fn ends_sentence(p: &str) -> bool {
    let t = p.trim_end();
    t.ends_with(['.', '!', '?', '"', '\'', '”', '’', ':', ')', '…', ']', ';', '»', '。', '！', '？', '」'])
}

/// Whether a paragraph starts mid-sentence (with a lowercase word), as a scraper split leaves it.
pub fn starts_mid_sentence(p: &str) -> bool {
    p.trim_start().chars().next().is_some_and(char::is_lowercase)
}

/// Rejoins paragraphs split mid-sentence: one that does not end a sentence, followed by one
/// that starts with a lowercase word. Hyphenated line breaks (`inter-` + `national`) are
/// closed up.
pub fn rejoin_split_paragraphs(paragraphs: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(paragraphs.len());
    for p in paragraphs {
        match out.last_mut() {
            Some(prev) if !ends_sentence(prev) && starts_mid_sentence(&p) => {
                if prev.ends_with('-') && !prev.ends_with(" -") {
                    prev.pop();
                } else {
                    prev.push(' ');
                }
                prev.push_str(p.trim_start());
            }
            _ => out.push(p),
        }
    }
    out
}

/// Drops a picture's caption printed twice beside itself with its toggle, as galleries do:
/// whole with a `less` link, and cut with a `... more` link (`… shake hands in Hanoi. less`,
/// `… shake hands in … more`). Only the pair is dropped: a paragraph that merely ends in
/// `less` or `more` is the article's.
pub fn drop_caption_toggles(blocks: &mut Vec<Block>, dropped: &mut Vec<Dropped>) {
    /// How many blocks apart the two copies may be.
    const NEAR: usize = 2;
    let mut toggled = vec![false; blocks.len()];
    for (i, b) in blocks.iter().enumerate() {
        let Some(whole) = b.text.strip_suffix(" less") else { continue };
        let near = i.saturating_sub(NEAR)..blocks.len().min(i + NEAR + 1);
        for j in near.filter(|&j| j != i) {
            if cut_caption(&blocks[j].text).is_some_and(|cut| whole.starts_with(cut)) {
                (toggled[i], toggled[j]) = (true, true);
            }
        }
    }
    if !toggled.contains(&true) {
        return;
    }
    let mut toggled = toggled.into_iter();
    blocks.retain(|b| {
        let drop = toggled.next().unwrap_or(false);
        if drop {
            dropped
                .push(Dropped::new(b.text.clone(), "picture caption (printed whole and cut, with a less/more toggle)"));
        }
        !drop
    });
}

/// `… shake hands in … more` → `… shake hands in`: a caption cut for its `more` link, of
/// five words at least.
fn cut_caption(text: &str) -> Option<&str> {
    let t = text.strip_suffix(" more")?.trim_end();
    let cut = t.strip_suffix("...").or_else(|| t.strip_suffix('…'))?.trim_end();
    (cut.split_whitespace().count() >= 5).then_some(cut)
}

/// Rejoins paragraphs split mid-sentence, leaving headings where they are.
pub fn rejoin_blocks(blocks: Vec<Block>) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len());
    let mut run: Vec<String> = Vec::new();
    for b in blocks {
        if b.kind == BlockKind::Heading {
            out.extend(rejoin_split_paragraphs(std::mem::take(&mut run)).into_iter().map(Block::paragraph));
            out.push(b);
        } else {
            run.push(b.text);
        }
    }
    out.extend(rejoin_split_paragraphs(run).into_iter().map(Block::paragraph));
    out
}

/// Whether a line reads like prose: long enough, with a sentence's punctuation.
pub fn is_sentence_like(line: &str) -> bool {
    let words = line.split_whitespace().count();
    words >= 12 || (words >= 5 && ends_sentence(line) && line.contains(' '))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caption_printed_whole_and_cut_with_its_toggle_is_dropped_and_prose_ending_so_is_kept() {
        let whole = "Esper, left, and Lich shake hands in Hanoi, Vietnam, on Wednesday. less";
        let cut = "Esper, left, and Lich shake hands in Hanoi, ... more";
        let prose = "The minister said the country needed more, not less";
        let texts = [whole, cut, "HANOI (AP) — Esper spoke on Wednesday.", prose, "Read on for more ... more"];
        let mut blocks: Vec<Block> = texts.iter().map(|t| Block::paragraph(*t)).collect();
        let mut dropped = Vec::new();
        drop_caption_toggles(&mut blocks, &mut dropped);
        let kept: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(kept, texts[2..]);
        assert_eq!(dropped.iter().map(|d| d.text.as_str()).collect::<Vec<_>>(), [whole, cut]);
        // More than two blocks apart, the two are no pair.
        let far = [whole, "One.", "Two.", "Three.", cut];
        let mut blocks: Vec<Block> = far.iter().map(|t| Block::paragraph(*t)).collect();
        drop_caption_toggles(&mut blocks, &mut dropped);
        assert_eq!(blocks.len(), 5);
    }

    #[test]
    fn normalised_lines_are_lowercase_with_spaces_collapsed() {
        assert_eq!(normalise("  • Share  on\tTwitter:  "), "share on twitter");
        assert_eq!(normalise("| ÉDITION  Abonnés |"), "édition abonnés");
        assert_eq!(normalise("—"), "");
        assert_eq!(normalise("Read\u{a0}More"), "read more");
    }

    #[test]
    fn spaces_collapse_alike_in_ascii_and_other_text() {
        assert_eq!(collapse_spaces(" a \t b\x0b\x0cc\r\n "), "a b c");
        assert_eq!(collapse_spaces(" é \u{a0} b\x0bc "), "é b c");
        assert_eq!(collapse_spaces(""), "");
    }

    #[test]
    fn furniture_lines() {
        for line in [
            "Advertisement",
            "  Share  ",
            "• Tweet",
            "© 2017 AFP",
            "Copyright 2017 Reuters. All rights reserved.",
            "We use cookies. Accept",
            "Your email address will not be published. Required fields are marked with *",
        ] {
            assert!(furniture_reason(line).is_some(), "{line:?}");
        }
        for line in [
            "Photo: Hau Dinh, AP",
            "Image copyright Getty Images",
            "Image caption Scooter Braun has managed Justin Bieber",
            "Image 1 of / 8",
            "Caption",
            "China has warned they will cease control of Hong Kong (Image: GETTY )",
            "Roughly 13,000 US troops remain in Afghanistan [File: Reuters]",
            "Natalie Naccache | Bloomberg | Getty Images",
            "Updated 5:27 am CST, Wednesday, November 20, 2019",
            "| UPDATED: 11:05, Tue, Nov 19, 2019",
            "Sign up to our newsletter for exclusive updates and enhanced content",
            "Follow Newsbeat on Instagram, Facebook, Twitter and YouTube.",
            "CLICK HERE TO GET THE FOX NEWS APP",
            "The news, but shorter, delivered straight to your inbox.",
            "Get breaking news alerts and special reports. The news and stories that matter, delivered weekday mornings.",
            "paul.takahashi@chron.com twitter.com/paultakahashi",
            "Nishant Kumar @Nishantopines",
            "@franceinfo",
            "Nov. 20, 2019 5:52 AM EST",
            "19.11.2019, 08:57",
            "20 Nov, 2019 05:47",
            "November 20, 2019 - 11:28 AMT",
            "Twitter: @annlee",
        ] {
            assert!(furniture_reason(line).is_some(), "{line:?}");
        }
        for line in [
            "Assad said the West was passive.",
            "Share prices fell sharply on Monday.",
            "Updated figures showed 3 percent growth in the quarter, the ministry said on Monday in a statement to reporters.",
            "The photo (image: a man on a bench) went viral before it was deleted, the agency said.",
            "Follow the money, the senator said.",
            "The parcels were delivered on Monday morning, the company said.",
            "Meals are delivered daily to 300 families.",
            "Write to ann@example.org with your questions.",
            "Governor @MattBevin has done a wonderful job!",
            "— Josh Apte (@joshapte) November 3, 2019",
            "Here it is @annlee",
            "Feb. 21, 2019",
            "At 5:30 pm on Nov. 20, 2019 the polls closed",
            "He won 3 of 4 races.",
        ] {
            assert_eq!(furniture_reason(line), None, "{line:?}");
        }
    }

    #[test]
    fn copyright_holders() {
        let check =
            |line: &str, expected: Option<&str>| assert_eq!(copyright_holder(line).as_deref(), expected, "{line:?}");
        check("© 2017 The Daily. All rights reserved.", Some("The Daily"));
        check("Copyright © 2010-2018 ACLU", Some("ACLU"));
        check("Copyright 2017 Reuters. All rights reserved.", Some("Reuters"));
        check("© Example Media Inc. All rights reserved", Some("Example Media"));
        check("© 2019 The New York Times Company", Some("The New York Times"));
        check("Copyright (C) 2019 Mynavi Corporation", Some("Mynavi"));
        check("© 2020 Example Co., Ltd.", Some("Example"));
        check("© 2018 Fast Company", Some("Fast Company"));
        check("© 2018 Inc.", Some("Inc"));
        assert_eq!(without_legal_form("U.S."), "U.S.", "a name without a legal form is as written");
        assert_eq!(without_legal_form("Spiceworks Inc."), "Spiceworks");
        check("©", None);
        check("All rights reserved", None);
        check("The Daily is a paper. Copyright 2017", None);
    }

    #[test]
    fn terminal_lines() {
        for line in ["COMMENTS", "More Related News", "Leave a Comment", "Related Articles:", "Comments (12)"] {
            assert!(is_terminal(line), "{line:?}");
        }
        assert!(!is_terminal("Comments by the minister drew criticism."));
    }

    #[test]
    fn crossheads() {
        assert_eq!(crosshead("- Winning hearts -"), Some("Winning hearts"));
        assert_eq!(crosshead("- a list item"), None);
    }

    #[test]
    fn split_paragraph_is_rejoined() {
        let ps = vec![
            "held in the Kazakh capital of Astana with the mediation".to_owned(),
            "of Russia, Turkey and Iran.".to_owned(),
            "Asked if the government".to_owned(),
        ];
        assert_eq!(
            rejoin_split_paragraphs(ps),
            [
                "held in the Kazakh capital of Astana with the mediation of Russia, Turkey and Iran.",
                "Asked if the government"
            ]
        );
    }

    #[test]
    fn complete_paragraphs_and_hyphenation() {
        let ps = vec!["He said \"no.\"".to_owned(), "then left".to_owned()];
        assert_eq!(rejoin_split_paragraphs(ps.clone()), ps);
        let ps = vec!["an inter-".to_owned(), "national force".to_owned()];
        assert_eq!(rejoin_split_paragraphs(ps), ["an international force"]);
    }
}
