//! Datelines: the place (and sometimes date and agency) that opens a news story, e.g.
//! `Paris (AFP) - `, `Damascus, January 9 (RHC)-- `, `BEIRUT/AMMAN (Reuters) - ` or
//! `SEOUL, South Korea — `. Recognised from the text alone.

use crate::date::month_from_name;

/// What a dateline says.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Dateline {
    /// The place as written, e.g. `Paris` or `SEOUL, South Korea`.
    pub place: String,
    /// The agency or outlet in parentheses, e.g. `AFP`.
    pub agency: Option<String>,
    /// Month and day when the dateline gives them (`January 9`), without a year.
    pub month_day: Option<(u8, u8)>,
    /// Byte length of the dateline at the start of the paragraph, dash included.
    pub len: usize,
}

/// Recognises a dateline at the start of a paragraph.
pub fn parse(paragraph: &str) -> Option<Dateline> {
    with_agency(paragraph).or_else(|| caps_with_dash(paragraph))
}

/// `Place[, Month Day] (AGENCY) -` with any dash or double hyphen.
fn with_agency(p: &str) -> Option<Dateline> {
    let open = p.find('(').filter(|&i| i > 1 && i <= 60)?;
    let close = open + p[open..].find(')')?;
    let agency = p[open + 1..close].trim();
    if agency.is_empty() || agency.len() > 25 || !agency.chars().next()?.is_uppercase() {
        return None;
    }
    let after = &p[close + 1..];
    let dash_len = leading_dash(after)?;
    let head = p[..open].trim();
    let (place, month_day) = split_place_date(head);
    if !is_place(place) {
        return None;
    }
    Some(Dateline { place: place.to_owned(), agency: Some(agency.to_owned()), month_day, len: close + 1 + dash_len })
}

/// `SEOUL, South Korea — ` or `WASHINGTON -- `: an upper-case place followed by a dash.
fn caps_with_dash(p: &str) -> Option<Dateline> {
    let limit = p.char_indices().nth(50).map_or(p.len(), |(i, _)| i);
    let (dash_at, _) = p[..limit].char_indices().find(|&(i, c)| {
        matches!(c, '—' | '–')
            || (c == '-' && p[i..].starts_with("--"))
            || (c == '-' && p[..i].ends_with(' ') && p[i + 1..].starts_with(' '))
    })?;
    let head = p[..dash_at].trim();
    let first = head.split(',').next()?.trim();
    let letters: Vec<char> = first.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() < 3 || letters.iter().any(|c| c.is_lowercase()) || !is_place(head) {
        return None;
    }
    let dash_len = leading_dash(&p[dash_at..])?;
    Some(Dateline { place: head.to_owned(), agency: None, month_day: None, len: dash_at + dash_len })
}

/// Byte length of spaces, a dash (`-`, `--`, `—`, `–`) and spaces at the start of `s`.
fn leading_dash(s: &str) -> Option<usize> {
    let trimmed = s.trim_start_matches([' ', '\u{a0}']);
    let lead = s.len() - trimmed.len();
    let dash = trimmed.len() - trimmed.trim_start_matches(['-', '—', '–']).len();
    if dash == 0 || dash > 6 {
        return None;
    }
    let rest = &trimmed[dash..];
    let tail = rest.len() - rest.trim_start_matches([' ', '\u{a0}']).len();
    Some(lead + dash + tail)
}

/// Splits `Damascus, January 9` into the place and the month/day.
fn split_place_date(head: &str) -> (&str, Option<(u8, u8)>) {
    if let Some((place, rest)) = head.rsplit_once(',') {
        let mut words = rest.split_whitespace();
        if let (Some(m), Some(d), None) = (words.next(), words.next(), words.next())
            && let (Some(month), Ok(day)) = (month_from_name(m), d.trim_end_matches('.').parse::<u8>())
            && (1..=31).contains(&day)
        {
            return (place.trim(), Some((month, day)));
        }
    }
    (head, None)
}

/// A place name: one to five capitalised words, letters and a little punctuation.
fn is_place(s: &str) -> bool {
    let words: Vec<&str> = s.split([' ', ',', '/']).filter(|w| !w.is_empty()).collect();
    !words.is_empty()
        && words.len() <= 5
        && words[0].chars().next().is_some_and(char::is_uppercase)
        && s.chars().all(|c| c.is_alphabetic() || " ,./'-".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Place, agency, month and day, and the text after the dateline.
    type Expected<'a> = Option<(&'a str, Option<&'a str>, Option<(u8, u8)>, &'a str)>;

    fn check(input: &str, expected: Expected) {
        let got = parse(input);
        let got = got.as_ref().map(|d| (d.place.as_str(), d.agency.as_deref(), d.month_day, &input[d.len..]));
        assert_eq!(got, expected, "input: {input:?}");
    }

    #[test]
    fn dateline_table() {
        check("Paris (AFP) - President Bashar", Some(("Paris", Some("AFP"), None, "President Bashar")));
        check(
            "Damascus, January 9 (RHC)-- Syrian President",
            Some(("Damascus", Some("RHC"), Some((1, 9)), "Syrian President")),
        );
        check(
            "BEIRUT/AMMAN (Reuters) - CIA-coordinated",
            Some(("BEIRUT/AMMAN", Some("Reuters"), None, "CIA-coordinated")),
        );
        check("BEIRUT (AP) — French far-right", Some(("BEIRUT", Some("AP"), None, "French far-right")));
        check("SEOUL, South Korea — North Korea fired", Some(("SEOUL, South Korea", None, None, "North Korea fired")));
        check("WASHINGTON -- The Senate", Some(("WASHINGTON", None, None, "The Senate")));
    }

    #[test]
    fn ordinary_sentences_are_not_datelines() {
        check("\"Raqa is a symbol,\" Assad said (in French) - then left.", None);
        check("The talks -- pushed by key Assad supporter Moscow -- are viewed", None);
        check("Russia and Iran have helped turn the tables", None);
        check("US - Iraq relations", None);
    }
}
