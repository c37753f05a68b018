//! Bylines as pages write them → the names. Shared by every reader: a `By:` label goes, a
//! job title (`Jane Doe, Senior Politics Editor`), the outlet's own name (`Tom Perry,
//! Reuters` on Reuters' page) and contact details are split off, and `A and B`, `A, B & C`
//! become a list. What is not a name at all (a URL, a sentence, a date) gives `None`.

use super::lines::collapse_spaces;

/// A cleaned byline: the names, and the text as written with only the names left.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Names {
    /// `Ann Lee and Bo Chen`: the names with the separators the page used between them.
    pub text: String,
    /// `["Ann Lee", "Bo Chen"]`.
    pub names: Vec<String>,
}

/// Labels that open a byline; matched without regard to case, followed by a space or `:`.
const LABELS: &[&str] = &[
    "written by",
    "posted by",
    "words by",
    "story by",
    "text by",
    "reporting by",
    "report by",
    "published by",
    "byby",
    "by",
    "authors",
    "author",
];

/// Labels of other languages, taken off only before a name of two words or more (`Von
/// Trapp` is a name).
const FOREIGN_LABELS: &[&str] = &["von", "par", "por"];

/// Labels of scripts written without spaces, followed by `：`, `:` or `●` (`著者：後藤大地`,
/// `文● オカモト`).
const CJK_LABELS: &[&str] = &["取材・文", "著者", "作者", "记者", "記者", "撰文", "执笔", "筆者", "文"];

/// What follows a byline label opening a line (`By Ann Lee`, `Written by: Ann Lee`,
/// `著者：後藤大地`, `Par Jean Dupont`), `None` when the line does not open with one.
pub fn after_label(line: &str) -> Option<&str> {
    let line = line.trim_start();
    let latin = |label: &&str| {
        let head = line.get(..label.len()).filter(|h| h.eq_ignore_ascii_case(label))?;
        let rest = line[head.len()..].strip_prefix([' ', '\t', ':'])?;
        Some(rest.trim_start_matches([' ', '\t', ':']))
    };
    let cjk = |label: &&str| {
        let rest = line.strip_prefix(label)?.strip_prefix(['：', ':', '●', '■'])?;
        Some(rest.trim_start())
    };
    LABELS
        .iter()
        .find_map(latin)
        .or_else(|| FOREIGN_LABELS.iter().find_map(latin).filter(|r| r.split_whitespace().count() >= 2))
        .or_else(|| CJK_LABELS.iter().find_map(cjk))
        .filter(|r| !r.is_empty())
}

/// A byline label alone on its line (`By`, `Author:`, `著者：`): the name is on the next.
pub fn is_label(line: &str) -> bool {
    let t = line.trim().trim_end_matches([':', '：', '●']).trim_end();
    LABELS.iter().chain(CJK_LABELS).any(|l| t.eq_ignore_ascii_case(l))
}

/// Words that make a part of a byline a job title rather than a name.
const ROLE_WORDS: &[&str] = &[
    "editor",
    "editors",
    "correspondent",
    "correspondents",
    "reporter",
    "reporters",
    "writer",
    "writers",
    "columnist",
    "contributor",
    "contributors",
    "contributing",
    "producer",
    "analyst",
    "staff",
    "senior",
    "chief",
    "deputy",
    "associate",
    "executive",
    "managing",
    "political",
    "politics",
    "bureau",
    "desk",
    "special",
    "freelance",
    "photographer",
    "journalist",
    "intern",
    "host",
    "founder",
    "ceo",
    "president",
    "director",
    "professor",
    "rédacteur",
    "rédactrice",
    "journaliste",
    "correspondant",
    "correspondante",
    "redakteur",
    "redakteurin",
    "korrespondent",
    "periodista",
    "corresponsal",
];

/// Words that open a job title glued after a name (`Jane Doe Senior Politics Editor`); a
/// desk or staff byline (`News Desk`, `Japan Staff`) is not cut.
const TITLE_STARTS: &[&str] = &[
    "editor",
    "correspondent",
    "reporter",
    "writer",
    "columnist",
    "contributor",
    "contributing",
    "producer",
    "analyst",
    "senior",
    "chief",
    "deputy",
    "associate",
    "executive",
    "managing",
    "political",
    "politics",
    "special",
    "freelance",
];

/// Words joining the last two names of a list.
const AND: &[&str] = &["and", "&", "und", "et", "y", "e", "och", "en"];

/// Cleans a byline; `outlet` (the page's site name, when known) is split off as well.
pub fn clean(s: &str, outlet: Option<&str>) -> Option<Names> {
    let s = collapse_spaces(s);
    let s = strip_label(&s);
    // Contact details and notes after a bar or slash: `Mike Cason | mcason@al.com`.
    let s = [" | ", " / ", " - ", " – ", " — ", "\t"].iter().find_map(|sep| s.split_once(sep)).map_or(s, |(a, _)| a);
    let s = s.trim().trim_end_matches([',', ';', '·', ':']).trim();
    if !plausible(s) {
        return None;
    }
    let outlet_key = outlet.map(key).filter(|k| !k.is_empty());
    let mut text = String::new();
    let mut names = Vec::new();
    for (i, (sep, part)) in parts(s).into_iter().enumerate() {
        // After the first name, a part holding a title word is the title (`Robert Burns, AP
        // National Security Writer`); a title glued to the first name is cut off it.
        if i > 0 && is_role(part.trim()) && !names.is_empty() {
            break;
        }
        let part = cut_role(part.trim());
        if part.is_empty() || is_role(part) || outlet_key.as_deref().is_some_and(|o| is_outlet_key(part, o)) {
            continue;
        }
        if !names.is_empty() {
            text.push_str(sep);
        }
        text.push_str(part);
        names.push(part.to_owned());
    }
    // Nothing but a desk, a title or the outlet (`BBC News`, `Mac & i`, `News Desk`): that
    // is the byline, as written.
    if names.is_empty() || !names.iter().all(|n| is_name(n)) {
        return is_name(s).then(|| Names { text: s.to_owned(), names: vec![s.to_owned()] });
    }
    Some(Names { text, names })
}

/// `By: Ann Lee` → `Ann Lee`; `著者：後藤大地` → `後藤大地` (a short label before a colon).
fn strip_label(s: &str) -> &str {
    let after = |label: &str| {
        let head = s.get(..label.len()).filter(|h| h.eq_ignore_ascii_case(label))?;
        let rest = s[head.len()..].strip_prefix([' ', ':', '：'])?;
        Some(rest.trim_start_matches([' ', ':', '：']).trim_start())
    };
    if let Some(rest) = LABELS.iter().find_map(|l| after(l)) {
        return rest;
    }
    if let Some(rest) = FOREIGN_LABELS.iter().find_map(|l| after(l)).filter(|r| r.split_whitespace().count() >= 2) {
        return rest;
    }
    // A one-word label before a colon (`Autor:`, `著者：`).
    if let Some((head, rest)) = s.split_once([':', '：'])
        && !rest.trim().is_empty()
        && !rest.starts_with('/')
        && head.chars().count() <= 12
        && head.chars().all(char::is_alphabetic)
    {
        return rest.trim_start();
    }
    s
}

/// Whether the text can be a byline at all: not a URL, an address, a sentence or a date.
fn plausible(s: &str) -> bool {
    let words = s.split_whitespace().count();
    let single_lower = words == 1 && s.chars().all(|c| c.is_ascii_lowercase());
    words > 0
        && words <= 14
        && !s.ends_with('.')
        && !s.contains("//")
        && !s.to_lowercase().contains("www.")
        && !s.contains('@')
        && !s.chars().any(|c| c.is_ascii_digit())
        && !single_lower
}

/// Splits `A, B and C` into `("", "A"), (", ", "B"), (" and ", "C")`.
fn parts(s: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut sep = "";
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        let found = if rest.starts_with(", ") || rest.starts_with("; ") || rest.starts_with("、") {
            Some(rest.chars().next().map_or(1, char::len_utf8) + usize::from(!rest.starts_with("、")))
        } else if rest.starts_with(' ') {
            AND.iter().find_map(|a| {
                let w = rest[1..].strip_prefix(a)?;
                w.starts_with(' ').then_some(a.len() + 2)
            })
        } else {
            None
        };
        match found {
            Some(n) => {
                out.push((sep, &s[start..i]));
                sep = &s[i..i + n];
                start = i + n;
                i += n;
            }
            None => i += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    out.push((sep, &s[start..]));
    out
}

/// `Jane Doe Senior Politics Editor` → `Jane Doe`, `Ann Lee for The Daily` → `Ann Lee`: a
/// job title or an outlet glued after a name of two words or more.
fn cut_role(part: &str) -> &str {
    let words: Vec<(usize, &str)> = part
        .split(' ')
        .scan(0, |at, w| {
            let start = *at;
            *at += w.len() + 1;
            Some((start, w))
        })
        .collect();
    let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let role_at = words.iter().enumerate().skip(2).find(|(i, (_, w))| {
        (TITLE_STARTS.contains(&w.to_lowercase().as_str()) && capital(w))
            || (*w == "for" && words.get(i + 1).is_some_and(|(_, n)| capital(n)))
    });
    match role_at.map(|(_, w)| w) {
        Some(&(at, _)) => part[..at].trim_end(),
        None => part,
    }
}

fn is_role_word(w: &str) -> bool {
    let w = w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
    ROLE_WORDS.contains(&w.as_str())
}

/// A part of a byline that is a job title: `Senior Politics Editor`, `Staff Writer`.
fn is_role(part: &str) -> bool {
    let lower = part.to_lowercase();
    part.split_whitespace().any(is_role_word) || lower.starts_with("for ") || lower.starts_with("special to ")
}

/// A comparison key: lower case, letters and digits only, single spaces.
fn key(s: &str) -> String {
    let words: Vec<String> =
        s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    words.join(" ")
}

/// Whether `name` is the outlet's name (or its domain).
pub fn is_outlet(name: &str, outlet: &str) -> bool {
    let o = key(outlet);
    !o.is_empty() && is_outlet_key(name, &o)
}

/// A part that is the outlet's name (or its domain), against the outlet's [`key`].
fn is_outlet_key(part: &str, outlet_key: &str) -> bool {
    let k = key(part);
    let squash = |s: &str| s.replace(' ', "");
    k == outlet_key || squash(&k) == squash(outlet_key) || squash(&k).trim_end_matches("com") == squash(outlet_key)
}

/// A name: one to six words, at least one starting with a capital (or written in a script
/// without capitals).
fn is_name(n: &str) -> bool {
    let words: Vec<&str> = n.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 6
        && words
            .iter()
            .any(|w| w.chars().next().is_some_and(|c| c.is_uppercase() || (c.is_alphabetic() && !c.is_lowercase())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, outlet: Option<&str>, expected: Option<(&str, &[&str])>) {
        let got = clean(input, outlet);
        let got = got.as_ref().map(|n| (n.text.as_str(), n.names.iter().map(String::as_str).collect::<Vec<_>>()));
        assert_eq!(got, expected.map(|(t, n)| (t, n.to_vec())), "input: {input:?}");
    }

    #[test]
    fn labels_go() {
        check("By Ann Lee", None, Some(("Ann Lee", &["Ann Lee"])));
        check("By: Ann Lee", None, Some(("Ann Lee", &["Ann Lee"])));
        check("BY ANN LEE", None, Some(("ANN LEE", &["ANN LEE"])));
        check("Written by Ann Lee", None, Some(("Ann Lee", &["Ann Lee"])));
        check("Byby JOSH HASKELL", None, Some(("JOSH HASKELL", &["JOSH HASKELL"])));
        check("著者：後藤大地", None, Some(("後藤大地", &["後藤大地"])));
        check("Par Sébastien Farcis", None, Some(("Sébastien Farcis", &["Sébastien Farcis"])));
    }

    #[test]
    fn lists_of_names() {
        check("Ann Lee and Bo Chen", None, Some(("Ann Lee and Bo Chen", &["Ann Lee", "Bo Chen"])));
        check(
            "By Ann Lee, Bo Chen & Cy Dee",
            None,
            Some(("Ann Lee, Bo Chen & Cy Dee", &["Ann Lee", "Bo Chen", "Cy Dee"])),
        );
    }

    #[test]
    fn titles_and_outlets_are_split_off() {
        check("Jane Doe, Senior Politics Editor", None, Some(("Jane Doe", &["Jane Doe"])));
        check("Jane Doe Senior Politics Editor", None, Some(("Jane Doe", &["Jane Doe"])));
        check("Tom Perry, Reuters", Some("Reuters"), Some(("Tom Perry", &["Tom Perry"])));
        check("Tom Perry, Reuters", None, Some(("Tom Perry, Reuters", &["Tom Perry", "Reuters"])));
        check("Ann Lee and Bo Chen, Staff Writers", None, Some(("Ann Lee and Bo Chen", &["Ann Lee", "Bo Chen"])));
        check("Mike Cason | mcason@al.com", None, Some(("Mike Cason", &["Mike Cason"])));
        check("Ann Lee for The Daily", None, Some(("Ann Lee", &["Ann Lee"])));
        check("Von Trapp", None, Some(("Von Trapp", &["Von Trapp"])));
        check("Par Sébastien Farcis", None, Some(("Sébastien Farcis", &["Sébastien Farcis"])));
    }

    #[test]
    fn labels_that_open_a_line() {
        assert_eq!(after_label("By Ann Lee"), Some("Ann Lee"));
        assert_eq!(after_label("Written by: Ann Lee"), Some("Ann Lee"));
        assert_eq!(after_label("By\tAnn Lee"), Some("Ann Lee"));
        assert_eq!(after_label("著者：後藤大地"), Some("後藤大地"));
        assert_eq!(after_label("文● オカモト／ASCII編集部"), Some("オカモト／ASCII編集部"));
        assert_eq!(after_label("Par Jean Dupont"), Some("Jean Dupont"));
        assert_eq!(after_label("Von Trapp"), None);
        assert_eq!(after_label("Bylines"), None);
        assert_eq!(after_label("文章を読む"), None);
        assert!(is_label("Author:") && is_label("By") && is_label("著者：") && !is_label("Ann Lee"));
    }

    #[test]
    fn what_is_not_a_name() {
        check("https://facebook.com/ann", None, None);
        check("//www.nytimes.com/by/jeffrey-gettleman", None, None);
        check("This is a sentence, not a name.", None, None);
        check("mikecason", None, None);
        check("Joe DavidsonWashington PostDec 13, 2016 at 3:45 pm", None, None);
        check("ZDNet Japan Staff", None, Some(("ZDNet Japan Staff", &["ZDNet Japan Staff"])));
        check("BBC News", Some("BBC News"), Some(("BBC News", &["BBC News"])));
        check("Mac & i", None, Some(("Mac & i", &["Mac & i"])));
        check("ROBERT BURNS, AP National Security Writer", None, Some(("ROBERT BURNS", &["ROBERT BURNS"])));
        check("BWW News Desk", None, Some(("BWW News Desk", &["BWW News Desk"])));
        check("", None, None);
    }
}
