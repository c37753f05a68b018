//! Dates as news gives them: a year, a month or a day ([`PartialDate`]), validated strictly
//! (`2017-02-30` is an error, not 2 March). Ordering puts a month before its days, so a
//! timeline lists "February 2017" ahead of "16 February 2017".

use std::fmt;

/// A calendar date known to the year, the month or the day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct PartialDate {
    pub year: i16,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

/// Why a date string was rejected, in words for the editor.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DateError(pub String);

pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The hint shown with every date error.
pub const DATE_HELP: &str = "write the date as YYYY-MM-DD, or YYYY-MM / YYYY when the day or month is unknown";

impl PartialDate {
    pub fn ymd(year: i16, month: u8, day: u8) -> Result<Self, DateError> {
        let d = PartialDate { year, month: Some(month), day: Some(day) };
        d.validate()?;
        Ok(d)
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` and checks the day exists.
    pub fn parse(s: &str) -> Result<Self, DateError> {
        let s = s.trim();
        let parts: Vec<&str> = s.split('-').collect();
        let shape_ok = matches!(parts.len(), 1..=3)
            && parts[0].len() == 4
            && parts[1..].iter().all(|p| p.len() == 2)
            && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
        if !shape_ok {
            return Err(DateError(format!("`{s}` is not a date")));
        }
        let num = |i: usize| parts.get(i).map(|p| p.parse::<u8>().unwrap_or(0));
        let d = PartialDate {
            year: parts[0].parse().map_err(|_| DateError(format!("`{s}` is not a date")))?,
            month: num(1),
            day: num(2),
        };
        d.validate()?;
        Ok(d)
    }

    fn validate(&self) -> Result<(), DateError> {
        if self.year == 0 {
            // ISO 8601's year 0000 is 1 BC; no news is dated so, and written, it is a typo.
            return Err(DateError("there is no year 0 (1 BC is followed by AD 1)".into()));
        }
        if let Some(m) = self.month
            && !(1..=12).contains(&m)
        {
            return Err(DateError(format!("month {m} does not exist (months are 01 to 12)")));
        }
        if let (Some(m), Some(d)) = (self.month, self.day) {
            let last = days_in_month(self.year, m);
            if d == 0 || d > last {
                return Err(DateError(format!(
                    "{} {} has {} days, so day {} does not exist",
                    MONTHS[m as usize - 1],
                    self.year,
                    last,
                    d
                )));
            }
        }
        Ok(())
    }

    /// `2017`, `2017-02` or `2017-02-16`.
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }

    /// `16 February 2017`, `February 2017` or `2017`.
    pub fn human(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{d} {} {}", MONTHS[m as usize - 1], self.year),
            (Some(m), None) => format!("{} {}", MONTHS[m as usize - 1], self.year),
            _ => self.year.to_string(),
        }
    }

    /// The first day the date can mean (1 January for a year).
    pub fn first_day(&self) -> jiff::civil::Date {
        jiff::civil::date(self.year, self.month.unwrap_or(1) as i8, self.day.unwrap_or(1) as i8)
    }

    /// An RFC 3339 timestamp at midnight UTC of the first day, for feeds and sitemaps.
    pub fn rfc3339(&self) -> String {
        format!("{}T00:00:00Z", self.first_day())
    }

    pub fn is_day(&self) -> bool {
        self.day.is_some()
    }

    /// Whether `other` falls within this date (`2017-02` contains `2017-02-16`).
    pub fn contains(&self, other: &PartialDate) -> bool {
        self.year == other.year
            && self.month.is_none_or(|m| other.month == Some(m))
            && self.day.is_none_or(|d| other.day == Some(d))
    }
}

/// A date more than this many days after the build's is taken for a mistyped year; a day or
/// two is not, for an article dated where the day has begun already, or built before midnight
/// UTC.
pub const FUTURE_DAYS: i64 = 2;

/// The year of the first printed newspaper (Strasbourg's *Relation*): a publication date
/// before it is taken for a mistyped year.
pub const FIRST_NEWSPAPER: i16 = 1605;

/// Why a date that exists is still, almost certainly, a mistyped one (docs/content.md,
/// "Dates").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Implausible {
    /// More than [`FUTURE_DAYS`] after the date of the build.
    Future,
    /// A publication date before [`FIRST_NEWSPAPER`].
    BeforeNewspapers,
}

impl PartialDate {
    /// Whether the date is implausible, as a publication date (`publication`) or an event's,
    /// for a build on `today`. Events may be of any past year; neither may be in the future.
    pub fn implausible(&self, today: jiff::civil::Date, publication: bool) -> Option<Implausible> {
        let latest = today.saturating_add(jiff::Span::new().days(FUTURE_DAYS));
        if self.first_day() > latest {
            Some(Implausible::Future)
        } else if publication && self.year < FIRST_NEWSPAPER {
            Some(Implausible::BeforeNewspapers)
        } else {
            None
        }
    }

    /// The date meant by an implausible one whose year has two neighbouring digits swapped
    /// (2062 → 2026, 2206 → 2026, 0218 → 2018): the latest such date that would be a
    /// plausible publication date (3026 did not mean the year 326, even for an event).
    pub fn year_swapped(&self, today: jiff::civil::Date, publication: bool) -> Option<PartialDate> {
        self.implausible(today, publication)?;
        let digits: Vec<u8> = format!("{:04}", self.year).into_bytes();
        (0..digits.len() - 1)
            .filter_map(|i| {
                let mut d = digits.clone();
                d.swap(i, i + 1);
                let year: i16 = std::str::from_utf8(&d).ok()?.parse().ok()?;
                let candidate = PartialDate { year, ..*self };
                candidate.validate().ok()?;
                (year != self.year && candidate.implausible(today, true).is_none()).then_some(candidate)
            })
            .max()
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

pub fn days_in_month(year: i16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// The month number of an English month name or its common abbreviation (`Feb`, `Sept.`).
pub fn month_from_name(word: &str) -> Option<u8> {
    // Called on every word of a page when looking for dates: no allocation, quick rejects.
    let w = word.trim_end_matches('.');
    if !(3..=9).contains(&w.len()) || !w.is_ascii() {
        return None;
    }
    // No month name starts with another letter.
    if !matches!(w.as_bytes()[0].to_ascii_lowercase(), b'j' | b'f' | b'm' | b'a' | b's' | b'o' | b'n' | b'd') {
        return None;
    }
    let abbreviation = w.len() == 3 || w.eq_ignore_ascii_case("sept");
    MONTHS
        .iter()
        .position(|m| {
            m.eq_ignore_ascii_case(w) || (abbreviation && m.get(..w.len()).is_some_and(|p| p.eq_ignore_ascii_case(w)))
        })
        .map(|i| i as u8 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Result<&str, &str>) {
        let got = PartialDate::parse(input).map(|d| d.iso()).map_err(|e| e.0);
        assert_eq!(got.as_deref().map_err(String::as_str), expected, "parse({input:?})");
    }

    #[test]
    fn parses_the_three_precisions() {
        check("2017-02-16", Ok("2017-02-16"));
        check("2017-02", Ok("2017-02"));
        check("2017", Ok("2017"));
        check("2016-02-29", Ok("2016-02-29"));
    }

    #[test]
    fn rejects_impossible_and_malformed_dates() {
        check("2017-02-30", Err("February 2017 has 28 days, so day 30 does not exist"));
        check("2017-13", Err("month 13 does not exist (months are 01 to 12)"));
        check("17-02-16", Err("`17-02-16` is not a date"));
        check("2017/02/16", Err("`2017/02/16` is not a date"));
        check("February 16", Err("`February 16` is not a date"));
        check("0000-03-05", Err("there is no year 0 (1 BC is followed by AD 1)"));
        check("0000", Err("there is no year 0 (1 BC is followed by AD 1)"));
        assert!(PartialDate::ymd(0, 1, 1).is_err());
    }

    /// What `date` is as a publication date built on 2026-12-07, and the date it likely meant.
    fn plausible(date: &str, publication: bool) -> (Option<Implausible>, Option<String>) {
        let today = jiff::civil::date(2026, 12, 7);
        let d = PartialDate::parse(date).unwrap();
        (d.implausible(today, publication), d.year_swapped(today, publication).map(|d| d.iso()))
    }

    #[test]
    fn dates_in_the_future_are_implausible_with_the_year_they_likely_meant() {
        use Implausible::*;
        assert_eq!(plausible("2062-03-05", true), (Some(Future), Some("2026-03-05".into())));
        assert_eq!(plausible("2206-03-05", false), (Some(Future), Some("2026-03-05".into())));
        assert_eq!(plausible("2027", true), (Some(Future), None));
        assert_eq!(plausible("3026-01", true), (Some(Future), None));
        assert_eq!(plausible("3026-01", false), (Some(Future), None), "not the year 326");
        // A day or two ahead is a time zone, not a typo; the month under way is not the future.
        assert_eq!(plausible("2026-12-09", true), (None, None));
        assert_eq!(plausible("2026-12-10", true), (Some(Future), None));
        assert_eq!(plausible("2026-12", true), (None, None));
        assert_eq!(plausible("2026", false), (None, None));
        // The swapped year must exist for the day: 2062-02-29 is not 2026-02-29.
        assert_eq!(plausible("2260-02-29", true), (Some(Future), None));
    }

    #[test]
    fn publication_dates_before_the_first_newspaper_are_implausible_events_are_history() {
        use Implausible::*;
        assert_eq!(plausible("0218-03-05", true), (Some(BeforeNewspapers), Some("2018-03-05".into())));
        assert_eq!(plausible("1018", true), (Some(BeforeNewspapers), None));
        assert_eq!(plausible("1605", true), (None, None));
        assert_eq!(plausible("0632-06-08", false), (None, None));
        assert_eq!(plausible("1871-03-18", true), (None, None));
    }

    #[test]
    fn months_sort_before_their_days() {
        let month = PartialDate::parse("2017-02").unwrap();
        let day = PartialDate::parse("2017-02-01").unwrap();
        assert!(month < day);
        assert!(month.contains(&day));
        assert!(!day.contains(&month));
    }

    #[test]
    fn human_and_machine_forms() {
        let d = PartialDate::parse("2017-01-09").unwrap();
        assert_eq!(d.human(), "9 January 2017");
        assert_eq!(d.rfc3339(), "2017-01-09T00:00:00Z");
    }

    #[test]
    fn month_names() {
        assert_eq!(month_from_name("January"), Some(1));
        assert_eq!(month_from_name("Sept."), Some(9));
        assert_eq!(month_from_name("Feb"), Some(2));
        assert_eq!(month_from_name("Ma"), None);
        assert_eq!(month_from_name("Mayday"), None);
    }
}
