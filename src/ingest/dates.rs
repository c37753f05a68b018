//! Dates as pages write them, for the readers: machine dates (`2017-02-21T14:28:46Z`, the
//! path of a URL), English dates in running text (`January 9, 2017`, `Tue, Dec 20 2016`,
//! `9 January 2017`, `12/20/2016`, `December 2016`), and the resolution of partial and
//! relative dates (`January 9` with a year found elsewhere, `on Thursday` against the
//! publication date). Every result keeps the precision the source gives; a year that was
//! assumed is said so by the caller, never silently.

use jiff::civil::{Date, Weekday};

use crate::date::{PartialDate, month_from_name};

/// A machine-readable date: ISO 8601 / RFC 3339 (`2017-02-21`, `2017-02-21T14:28:46Z`,
/// `2017-02-21 14:28`), `2017/02/21`, or an English date. The date is taken as written,
/// before any time zone conversion, which is the publisher's local date.
pub fn parse_machine(s: &str) -> Option<PartialDate> {
    let s = s.trim();
    iso_prefix(s).or_else(|| find_in_text(s).map(|f| f.date))
}

/// A machine timestamp as its writer gave it: the date in the writer's own time zone and,
/// when given, the time of day and the offset from UTC. The date is never converted: a
/// `2017-02-23T20:00-08:00` is 23 February.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    pub date: PartialDate,
    /// Minutes after midnight, in the writer's time zone.
    pub minute: Option<u16>,
    /// Minutes east of UTC (`Z` is 0); `None` when the stamp gives no offset.
    pub offset: Option<i16>,
}

impl Stamp {
    /// A time given in UTC (`Z`, `+00:00`): often a local time converted by the publisher's
    /// software, so its date may be a day off the date the page states.
    pub fn is_utc(&self) -> bool {
        self.offset == Some(0) && self.minute.is_some()
    }

    /// The moment, in minutes since 1970 UTC, when time and offset are given.
    pub fn instant(&self) -> Option<i64> {
        let (minute, offset) = (self.minute?, self.offset?);
        Some(day_number(self.date)? * 1440 + i64::from(minute) - i64::from(offset))
    }

    /// Whether `date` can be this moment's local date somewhere (UTC−12 to UTC+14): a UTC
    /// time of 04:00 on the 24th is the 23rd in New York.
    pub fn may_be_local(&self, date: PartialDate) -> bool {
        let (Some(at), Some(day)) = (self.instant(), day_number(date)) else { return false };
        (at - 12 * 60).div_euclid(1440) <= day && day <= (at + 14 * 60).div_euclid(1440)
    }
}

/// Whether a line gives the date of a change rather than of publication (`Updated Dec.
/// 15, 2016`, `Last modified: …`, `Mis à jour le …`).
pub fn is_update(line: &str) -> bool {
    const WORDS: &[&str] = &[
        "updated",
        "last updated",
        "modified",
        "last modified",
        "mis à jour",
        "aktualisiert",
        "actualizado",
        "atualizado",
    ];
    let lower = line.trim_start().to_lowercase();
    WORDS.iter().any(|w| lower.strip_prefix(w).is_some_and(|r| r.starts_with([' ', ':'])))
}

/// The part of a line before it dates a change (`Published Nov 18, 2019 | Updated …`,
/// `Publié le 07 mai 2019 à 13h59 - Mis à jour le …`): the publication date's part.
pub fn before_update(line: &str) -> &str {
    const WORDS: &[&str] = &["updated", "mis à jour", "aktualisiert", "actualizado", "atualizado"];
    let lower = line.to_lowercase();
    let at = WORDS.iter().filter_map(|w| lower.find(w)).filter(|&at| at > 0).min();
    at.and_then(|at| line.get(..at)).map_or(line, |head| head.trim_end_matches(|c: char| !c.is_alphanumeric()))
}

/// Days since 1970-01-01 of a day-precise date.
pub fn day_number(d: PartialDate) -> Option<i64> {
    let (y, m, day) = (i64::from(d.year), i64::from(d.month?), i64::from(d.day?));
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// A machine timestamp (`2017-02-23T20:00:00-08:00`, `2017-02-24 04:00:00Z`), or a date
/// as [`parse_machine`] reads it, without a time.
pub fn parse_stamp(s: &str) -> Option<Stamp> {
    let s = s.trim();
    let date = parse_machine(s)?;
    let time = iso_prefix(s).filter(PartialDate::is_day).and_then(|_| s.get(10..)).and_then(time_and_offset);
    let (minute, offset) = time.unwrap_or((None, None));
    Some(Stamp { date, minute, offset })
}

/// `T20:00:00.000-08:00` → 20:00 and −480 minutes.
fn time_and_offset(s: &str) -> Option<(Option<u16>, Option<i16>)> {
    let s = s.strip_prefix(['T', 't', ' '])?;
    let b = s.as_bytes();
    let two = |i: usize| -> Option<u16> {
        let d = b.get(i..i + 2)?;
        d.iter().all(u8::is_ascii_digit).then(|| u16::from(d[0] - b'0') * 10 + u16::from(d[1] - b'0'))
    };
    let (h, m) = (two(0)?, two(3)?);
    if b.get(2) != Some(&b':') || h > 23 || m > 59 {
        return None;
    }
    let rest = s[5..].trim_start_matches(|c: char| c.is_ascii_digit() || c == ':' || c == '.' || c == ',');
    let rest = rest.trim_start();
    let offset = match rest.as_bytes().first() {
        Some(b'Z' | b'z') => Some(0),
        Some(&sign @ (b'+' | b'-')) => {
            let digits: String = rest[1..].chars().filter(char::is_ascii_digit).take(4).collect();
            let (oh, om) = match digits.len() {
                2 => (digits.parse::<i16>().ok()?, 0),
                4 => (digits[..2].parse::<i16>().ok()?, digits[2..].parse::<i16>().ok()?),
                _ => return Some((Some(h * 60 + m), None)),
            };
            let off = oh * 60 + om;
            (off <= 14 * 60).then_some(if sign == b'-' { -off } else { off })
        }
        _ => None,
    };
    Some((Some(h * 60 + m), offset))
}

/// `YYYY-MM-DD`, `YYYY-MM` or `YYYY/MM/DD` at the start of `s`.
fn iso_prefix(s: &str) -> Option<PartialDate> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r.clone()).is_some_and(|x| x.iter().all(u8::is_ascii_digit));
    if !digits(0..4) || !matches!(b.get(4), Some(b'-' | b'/')) || !digits(5..7) {
        return None;
    }
    let year: i16 = s[..4].parse().ok()?;
    let month: u8 = s[5..7].parse().ok()?;
    if b.get(7) == Some(&b[4]) && digits(8..10) && !b.get(10).is_some_and(u8::is_ascii_digit) {
        return PartialDate::ymd(year, month, s[8..10].parse().ok()?).ok();
    }
    let d = PartialDate { year, month: Some(month), day: None };
    ((1..=12).contains(&month) && !b.get(7).is_some_and(u8::is_ascii_digit)).then_some(d)
}

/// The date in a URL path: `/2016/12/20/` or `/2016-12-20-`; a year and month alone
/// (`/2016/12/`) give the month.
pub fn from_url(url: &str) -> Option<PartialDate> {
    let path = url.split_once("://").map_or(url, |(_, rest)| rest.split_once('/').map_or("", |(_, p)| p));
    let parts: Vec<&str> = path.split(['/', '-', '_', '.']).collect();
    for (i, w) in parts.iter().enumerate() {
        let year = match w.parse::<i16>() {
            Ok(y) if w.len() == 4 && (1990..=2099).contains(&y) => y,
            _ => continue,
        };
        let num = |k: usize| parts.get(k).filter(|p| p.len() == 2).and_then(|p| p.parse::<u8>().ok());
        if let Some(month) = num(i + 1).filter(|m| (1..=12).contains(m)) {
            if let Some(d) = num(i + 2).and_then(|day| PartialDate::ymd(year, month, day).ok()) {
                return Some(d);
            }
            return Some(PartialDate { year, month: Some(month), day: None });
        }
    }
    None
}

/// A date found in running text, and where.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found {
    pub date: PartialDate,
    /// Byte range of the date in the text.
    pub start: usize,
    pub end: usize,
}

/// A word of the text: letters or digits, with its byte range.
#[derive(Clone, Copy, Debug)]
struct Word<'a> {
    text: &'a str,
    start: usize,
    end: usize,
}

fn words(s: &str) -> Vec<Word<'_>> {
    // Every seed's text is split so, most of it ASCII: read byte by byte, characters decoded
    // only past ASCII. Each step gives whether it is part of a word, whether it is an ASCII
    // digit, and its length.
    let bytes = s.as_bytes();
    let step = |i: usize| match bytes[i] {
        b if b.is_ascii() => (b.is_ascii_alphanumeric(), b.is_ascii_digit(), 1),
        _ => s[i..].chars().next().map_or((false, false, 1), |c| (c.is_alphanumeric(), false, c.len_utf8())),
    };
    let mut out = Vec::with_capacity(s.len() / 6);
    let mut i = 0;
    while i < bytes.len() {
        let (word, digits, len) = step(i);
        let start = i;
        i += len;
        if !word {
            continue;
        }
        while i < bytes.len() {
            let (word, digit, len) = step(i);
            if !word || digit != digits {
                break;
            }
            i += len;
        }
        out.push(Word { text: &s[start..i], start, end: i });
    }
    out
}

/// The first complete or month-precise English date in `text`: `January 9, 2017`,
/// `Jan. 9th 2017`, `Tue, Dec 20 2016`, `9 January 2017`, `December 2016`, `2017-01-09`,
/// `01/09/2017` (month first), `09.01.2017` (day first). A month and day without a year
/// are not a date here: see [`find_month_day`].
pub fn find_in_text(text: &str) -> Option<Found> {
    let ws = words(text);
    (0..ws.len()).find_map(|i| date_at(text, &ws, i))
}

/// Every date in `text`, in order, found as they are asked for.
pub fn find_all(text: &str) -> impl Iterator<Item = Found> + '_ {
    let ws = words(text);
    let mut end = 0;
    (0..ws.len()).filter_map(move |i| {
        if ws[i].start < end {
            return None;
        }
        let f = date_at(text, &ws, i)?;
        end = f.end;
        Some(f)
    })
}

fn date_at(text: &str, ws: &[Word], i: usize) -> Option<Found> {
    // Asked of every word: only a month's name starts with a letter.
    if !ws[i].text.as_bytes()[0].is_ascii_digit() {
        return month_first_at(text, ws, i);
    }
    numeric_at(text, ws, i).or_else(|| cjk_at(ws, i)).or_else(|| day_first_at(text, ws, i))
}

/// `2019年04月21日`, as Chinese and Japanese pages write dates.
fn cjk_at(ws: &[Word], i: usize) -> Option<Found> {
    let w = ws.get(i..i + 6)?;
    let [y, n, m, g, d, r] = [w[0].text, w[1].text, w[2].text, w[3].text, w[4].text, w[5].text];
    if y.len() != 4 || n != "年" || g != "月" || !r.starts_with('日') {
        return None;
    }
    let date = PartialDate::ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()?;
    Some(found(date, ws, i, i + 5))
}

/// A year: four digits from 1900 to 2099. A select-all copy glues the time to the year
/// (`201610:32`), so five or six digits followed by `:` count too.
fn year_of(text: &str, w: &Word) -> Option<i16> {
    let glued_time = matches!(w.text.len(), 5 | 6) && text[w.end..].starts_with(':');
    if w.text.len() != 4 && !glued_time {
        return None;
    }
    // Not sliced blind: a word of letters can be five or six bytes too (`après:`).
    let y: i16 = w.text.get(..4)?.parse().ok()?;
    (1900..=2099).contains(&y).then_some(y)
}

fn day_of(w: &Word) -> Option<u8> {
    let d: u8 = w.text.parse().ok().filter(|_| w.text.len() <= 2)?;
    (1..=31).contains(&d).then_some(d)
}

/// Whether only spaces and light punctuation separate two words.
fn gap_ok(text: &str, a: &Word, b: &Word) -> bool {
    let gap = &text[a.end..b.start];
    gap.len() <= 4 && gap.chars().all(|c| c.is_whitespace() || ",.-".contains(c))
}

/// `th`, `st`, `nd`, `rd` after a day, and `of` in `9th of January`.
fn skip_ordinal(ws: &[Word], i: usize) -> usize {
    let mut k = i;
    if ws.get(k).is_some_and(|w| matches!(w.text, "th" | "st" | "nd" | "rd")) && ws[k].start == ws[k - 1].end {
        k += 1;
    }
    if ws.get(k).is_some_and(|w| w.text.eq_ignore_ascii_case("of")) {
        k += 1;
    }
    k
}

fn found(date: PartialDate, ws: &[Word], first: usize, last: usize) -> Found {
    Found { date, start: ws[first].start, end: ws[last].end }
}

/// `January 9, 2017`, `Jan. 9th 2017`, `Dec 20 201610:32`, `December 2016`.
fn month_first_at(text: &str, ws: &[Word], i: usize) -> Option<Found> {
    let month = month_word(&ws[i])?;
    let next = ws.get(i + 1).filter(|n| gap_ok(text, &ws[i], n))?;
    if let Some(day) = day_of(next) {
        let k = skip_ordinal(ws, i + 2);
        let y = ws.get(k).filter(|y| gap_ok(text, &ws[k - 1], y)).and_then(|y| year_of(text, y))?;
        return PartialDate::ymd(y, month, day).ok().map(|d| found(d, ws, i, k));
    }
    let year = year_of(text, next)?;
    Some(found(PartialDate { year, month: Some(month), day: None }, ws, i, i + 1))
}

/// `9 January 2017`, `9th of January, 2017`.
fn day_first_at(text: &str, ws: &[Word], i: usize) -> Option<Found> {
    let day = day_of(&ws[i])?;
    let m = skip_ordinal(ws, i + 1);
    let month =
        ws.get(m).filter(|w| gap_ok(text, &ws[m - 1], w)).and_then(|w| month_word(w).or_else(|| foreign_month(w)))?;
    let y = ws.get(m + 1).filter(|w| gap_ok(text, &ws[m], w)).and_then(|w| year_of(text, w))?;
    PartialDate::ymd(y, month, day).ok().map(|d| found(d, ws, i, m + 1))
}

/// `2017-01-09`, `2017/01/09`, `01/09/2017` (US order) and `09.01.2017` (day first).
fn numeric_at(text: &str, ws: &[Word], i: usize) -> Option<Found> {
    let (a, b, c) = (ws.get(i)?, ws.get(i + 1)?, ws.get(i + 2)?);
    let sep1 = &text[a.end..b.start];
    let sep2 = &text[b.end..c.start];
    if sep1 != sep2
        || !matches!(sep1, "-" | "/" | ".")
        || ![a, b, c].iter().all(|w| w.text.bytes().all(|x| x.is_ascii_digit()))
    {
        return None;
    }
    let n = |w: &Word| w.text.parse::<u16>().ok();
    let (x, y, z) = (n(a)?, n(b)?, n(c)?);
    let date = if a.text.len() == 4 {
        PartialDate::ymd(x as i16, u8::try_from(y).ok()?, u8::try_from(z).ok()?)
    } else if c.text.len() == 4 && sep1 == "." {
        PartialDate::ymd(z as i16, u8::try_from(y).ok()?, u8::try_from(x).ok()?)
    } else if c.text.len() == 4 && sep1 == "/" {
        PartialDate::ymd(z as i16, u8::try_from(x).ok()?, u8::try_from(y).ok()?)
    } else if c.text.len() == 2
        && sep1 == "/"
        && a.text.len() <= 2
        && b.text.len() <= 2
        && clock_follows(&text[c.end..])
    {
        // `12/16/16 12:21pm`: a two-digit year, month first, as a timestamp writes it.
        PartialDate::ymd(2000 + z as i16, u8::try_from(x).ok()?, u8::try_from(y).ok()?)
    } else {
        return None;
    };
    date.ok().filter(|d| (1900..=2099).contains(&d.year)).map(|d| found(d, ws, i, i + 2))
}

/// Whether `rest` opens with a clock time (`12:21pm`, ` 10:00AM`).
fn clock_follows(rest: &str) -> bool {
    let t = rest.trim_start_matches([' ', ',']);
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    (1..=2).contains(&digits) && t.as_bytes().get(digits) == Some(&b':')
}

/// Month names of the other languages news pages in Latin script often use, for dates
/// written day first (`30 avril 2015`, `7. Mai 2019`).
const FOREIGN_MONTHS: [&[&str]; 12] = [
    &["janvier", "januar", "enero", "janeiro", "gennaio"],
    &["février", "fevrier", "februar", "febrero", "fevereiro", "febbraio"],
    &["mars", "märz", "marzo", "março"],
    &["avril", "abril", "aprile"],
    &["mai", "mayo", "maio", "maggio"],
    &["juin", "juni", "junio", "junho", "giugno"],
    &["juillet", "juli", "julio", "julho", "luglio"],
    &["août", "aout", "agosto"],
    &["septembre", "septiembre", "setembro", "settembre"],
    &["octobre", "oktober", "octubre", "outubro", "ottobre"],
    &["novembre", "noviembre", "novembro"],
    &["décembre", "decembre", "dezember", "diciembre", "dezembro", "dicembre"],
];

fn foreign_month(w: &Word) -> Option<u8> {
    let t = w.text.to_lowercase();
    FOREIGN_MONTHS.iter().position(|names| names.contains(&t.as_str())).map(|i| i as u8 + 1)
}

fn month_word(w: &Word) -> Option<u8> {
    let t = w.text;
    // Asked of every word of a page: no month's name starts with another letter or is
    // longer (a word here has no dots).
    let first = t.as_bytes()[0].to_ascii_lowercase();
    if t.len() > 9 || !matches!(first, b'j' | b'f' | b'm' | b'a' | b's' | b'o' | b'n' | b'd') {
        return None;
    }
    let month = month_from_name(t)?;
    let first = t.chars().next()?;
    // Lower-case `may` and `march` are verbs far more often than months.
    if !first.is_uppercase() && !t.chars().all(char::is_lowercase) {
        return None;
    }
    if first.is_lowercase() && matches!(t, "may" | "march" | "jan" | "mar" | "sat" | "sun") {
        return None;
    }
    Some(month)
}

/// The four-digit years (1900–2099) in `text`, in order.
pub fn years(text: &str) -> Vec<i16> {
    words(text).iter().filter(|w| w.text.len() == 4).filter_map(|w| year_of(text, w)).collect()
}

/// A month and day without a year at the start of `s`: `January 9`, `Jan. 9`, `9 January`.
pub fn find_month_day(s: &str) -> Option<(u8, u8)> {
    let ws = words(s);
    let (a, b) = (ws.first()?, ws.get(1)?);
    if let (Some(m), Some(d)) = (month_word(a), day_of(b)) {
        return Some((m, d));
    }
    let m = skip_ordinal(&ws, 1);
    Some((ws.get(m).and_then(month_word)?, day_of(a)?))
}

/// A month and day completed with the year of `reference`: the nearest such date to it,
/// so `December 30` against `2017-01-02` is in 2016.
pub fn complete_month_day(month: u8, day: u8, reference: PartialDate) -> Option<PartialDate> {
    let y = reference.year;
    let Some(ref_month) = reference.month else { return PartialDate::ymd(y, month, day).ok() };
    let year = match (ref_month, month) {
        (1, 12) => y - 1,
        (12, 1) => y + 1,
        _ => y,
    };
    PartialDate::ymd(year, month, day).ok()
}

/// Which way a bare weekday points: news reports the past ("said on Thursday") unless the
/// verb says otherwise ("will vote on Thursday").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tense {
    Past,
    Future,
}

/// A relative date phrase (`today`, `yesterday`, `tomorrow`, `on Thursday`, `last Friday`,
/// `next Monday`, `3 days ago`) resolved against the publication date. A weekday equal to
/// the publication day's means that very day.
pub fn resolve_relative(phrase: &str, published: PartialDate, tense: Tense) -> Option<PartialDate> {
    let (y, m, d) = (published.year, published.month?, published.day?);
    let base = jiff::civil::date(y, m as i8, d as i8);
    let p = phrase.trim().to_lowercase();
    let words: Vec<&str> = p.split_whitespace().filter(|w| *w != "on").collect();
    let shift = |days: i64| base.checked_add(jiff::Span::new().days(days)).ok();
    let date = match words.as_slice() {
        ["today"] => Some(base),
        ["yesterday"] => shift(-1),
        ["tomorrow"] => shift(1),
        [n, "days" | "day", "ago"] => shift(-n.parse::<i64>().ok()?),
        ["last", w] => weekday(w).and_then(|w| nearest(base, w, Tense::Past, false)),
        ["next", w] => weekday(w).and_then(|w| nearest(base, w, Tense::Future, false)),
        [w] => weekday(w).and_then(|w| nearest(base, w, tense, true)),
        _ => None,
    }?;
    PartialDate::ymd(date.year(), date.month() as u8, date.day() as u8).ok()
}

fn nearest(base: Date, w: Weekday, tense: Tense, same_day: bool) -> Option<Date> {
    if same_day && base.weekday() == w {
        return Some(base);
    }
    let n = if tense == Tense::Past { -1 } else { 1 };
    base.nth_weekday(n, w).ok()
}

fn weekday(w: &str) -> Option<Weekday> {
    Some(match w.trim_end_matches(['.', ',']) {
        "monday" | "mon" => Weekday::Monday,
        "tuesday" | "tue" | "tues" => Weekday::Tuesday,
        "wednesday" | "wed" => Weekday::Wednesday,
        "thursday" | "thu" | "thurs" => Weekday::Thursday,
        "friday" | "fri" => Weekday::Friday,
        "saturday" | "sat" => Weekday::Saturday,
        "sunday" | "sun" => Weekday::Sunday,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fuzz_a_word_of_letters_where_a_year_glued_to_a_time_may_be_is_no_year() {
        // `après:` is six bytes before a colon, as `201610:` is: its first four bytes were
        // taken for a year, and they end inside `è`.
        assert_eq!(find_all("Le 5 mars après: la suite").count(), 0);
        assert_eq!(find_all("March 5 après: more").count(), 0);
        assert_eq!(find_all("Le 5 mars 201610:32").next().map(|f| f.date.iso()).as_deref(), Some("2016-03-05"));
    }

    fn iso(d: Option<PartialDate>) -> Option<String> {
        d.map(|d| d.iso())
    }

    fn check(text: &str, expected: Option<&str>) {
        assert_eq!(iso(find_in_text(text).map(|f| f.date)).as_deref(), expected, "text: {text:?}");
    }

    #[test]
    fn english_dates_in_text() {
        check("Published January 9, 2017 at 10:00", Some("2017-01-09"));
        check("Jan. 9th, 2017", Some("2017-01-09"));
        check("Tue, Dec 20 201610:32 AM EST", Some("2016-12-20"));
        check("Updated 9 January 2017", Some("2017-01-09"));
        check("the 9th of January 2017", Some("2017-01-09"));
        check("Posted: 12/20/2016", Some("2016-12-20"));
        check("By Sage Lazzaro • 12/16/16 12:21pm", Some("2016-12-16"));
        check("9/11/13 10:00AM", Some("2013-09-11"));
        check("He scored 3/4/16 in the three games.", None);
        check("20.12.2016 um 10:32", Some("2016-12-20"));
        check("2016-12-20T15:32:57.000Z", Some("2016-12-20"));
        check("In December 2016 the talks", Some("2016-12"));
        check("AFP 30 avril 2015 à 07:19", Some("2015-04-30"));
        check("Publié le 07 mai 2019 à 13h59", Some("2019-05-07"));
        check("2019年04月21日 12時00分更新", Some("2019-04-21"));
        check("It may 2017 happen", None);
        check("February 30, 2017", None);
        check("January 9 was a Monday", None);
    }

    #[test]
    fn the_publication_part_of_a_line() {
        assert_eq!(
            before_update("Publié le 07 mai 2019 à 13h59 - Mis à jour le 08 mai 2019"),
            "Publié le 07 mai 2019 à 13h59"
        );
        assert_eq!(before_update("Dec. 13, 2016, 12:31 PM UTC / Updated Dec. 13"), "Dec. 13, 2016, 12:31 PM UTC");
        assert_eq!(before_update("Updated Dec. 13"), "Updated Dec. 13");
        assert_eq!(before_update("Talks stall"), "Talks stall");
    }

    #[test]
    fn machine_dates() {
        let p = |s: &str| iso(parse_machine(s));
        assert_eq!(p("2017-02-21T14:28:46+01:00").as_deref(), Some("2017-02-21"));
        assert_eq!(p("2017-02-21 14:28").as_deref(), Some("2017-02-21"));
        assert_eq!(p("2017-02").as_deref(), Some("2017-02"));
        assert_eq!(p("2017/02/21").as_deref(), Some("2017-02-21"));
        assert_eq!(p("Tuesday, February 21, 2017").as_deref(), Some("2017-02-21"));
        assert_eq!(p("soon"), None);
    }

    #[test]
    fn stamps_keep_the_writers_date_and_offset() {
        let st = |s: &str| parse_stamp(s).map(|t| (t.date.iso(), t.minute, t.offset));
        assert_eq!(st("2017-02-23T20:00-08:00"), Some(("2017-02-23".into(), Some(1200), Some(-480))));
        assert_eq!(st("2017-02-24T04:00:00.000Z"), Some(("2017-02-24".into(), Some(240), Some(0))));
        assert_eq!(st("2017-02-24 04:00:00 +0530"), Some(("2017-02-24".into(), Some(240), Some(330))));
        assert_eq!(st("2017-02-24T04:00:00"), Some(("2017-02-24".into(), Some(240), None)));
        assert_eq!(st("2017-02-24"), Some(("2017-02-24".into(), None, None)));
        assert_eq!(st("February 24, 2017"), Some(("2017-02-24".into(), None, None)));
        let local = parse_stamp("2017-02-23T20:00-08:00").unwrap();
        let utc = parse_stamp("2017-02-24T04:00:00Z").unwrap();
        assert_eq!(local.instant(), utc.instant(), "the same moment");
        assert!(utc.is_utc() && !local.is_utc());
        let d = |s: &str| PartialDate::parse(s).unwrap();
        assert!(utc.may_be_local(d("2017-02-23")) && utc.may_be_local(d("2017-02-24")));
        assert!(!utc.may_be_local(d("2017-02-25")) && !utc.may_be_local(d("2017-02-22")));
        assert_eq!(day_number(d("1970-01-01")), Some(0));
        assert_eq!(day_number(d("2000-03-01")), Some(11_017));
    }

    #[test]
    fn dates_in_urls() {
        let u = |s: &str| iso(from_url(s));
        assert_eq!(u("http://www.cnbc.com/2016/12/20/coal.html").as_deref(), Some("2016-12-20"));
        assert_eq!(u("https://x.org/news/2017-01-09-talks").as_deref(), Some("2017-01-09"));
        assert_eq!(u("https://x.org/2016/12/story").as_deref(), Some("2016-12"));
        assert_eq!(u("https://x.org/story-2016"), None);
    }

    #[test]
    fn month_and_day_without_a_year() {
        assert_eq!(find_month_day("January 9 (RHC)"), Some((1, 9)));
        assert_eq!(find_month_day("9 Jan"), Some((1, 9)));
        assert_eq!(find_month_day("Monday"), None);
        let r = |m, d, refd: &str| iso(complete_month_day(m, d, PartialDate::parse(refd).unwrap()));
        assert_eq!(r(1, 9, "2017").as_deref(), Some("2017-01-09"));
        assert_eq!(r(12, 30, "2017-01-02").as_deref(), Some("2016-12-30"));
        assert_eq!(r(1, 2, "2016-12-30").as_deref(), Some("2017-01-02"));
        assert_eq!(r(2, 30, "2017"), None);
    }

    #[test]
    fn relative_dates() {
        // Tuesday 21 February 2017.
        let pubd = PartialDate::parse("2017-02-21").unwrap();
        let r = |p: &str, t| iso(resolve_relative(p, pubd, t));
        assert_eq!(r("on Thursday", Tense::Past).as_deref(), Some("2017-02-16"));
        assert_eq!(r("on Thursday", Tense::Future).as_deref(), Some("2017-02-23"));
        assert_eq!(r("Tuesday", Tense::Past).as_deref(), Some("2017-02-21"));
        assert_eq!(r("last Tuesday", Tense::Past).as_deref(), Some("2017-02-14"));
        assert_eq!(r("yesterday", Tense::Past).as_deref(), Some("2017-02-20"));
        assert_eq!(r("3 days ago", Tense::Past).as_deref(), Some("2017-02-18"));
        assert_eq!(r("next month", Tense::Past), None);
        assert_eq!(resolve_relative("today", PartialDate::parse("2017-02").unwrap(), Tense::Past), None);
    }
}
