//! Candidates that carry their evidence, and the choice between them by agreement. A page
//! often states a field in several places — JSON-LD, `<meta>` tags, visible markup, the
//! text, the URL — and these are independent witnesses: a value two of them agree on is
//! more likely right than one a single source states, whatever that source's rank. Each
//! place is a [`Family`]; each family speaks once (its first candidate, in order of
//! preference), and the value with the most support from families agreeing with it wins.
//! The list order only breaks ties. The reason is kept, for `ingest`'s `why`.

/// Independent places a page states its metadata in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// `<script type="application/ld+json">`.
    LinkedData,
    /// `<meta>` tags.
    Meta,
    /// What the page shows: elements that label themselves (`<time>`, `itemprop`, byline
    /// classes, `<h1>`) and the lines of text below the headline — one witness, since the
    /// line is most often the element's own text.
    Visible,
    /// The article's address.
    Url,
    /// The `<title>` element.
    TitleTag,
}

/// A value and where it was found.
#[derive(Clone, Debug)]
pub struct Candidate<T> {
    pub value: T,
    pub family: Family,
    /// Where, in words: `JSON-LD datePublished`, `<meta property="og:title">`.
    pub from: String,
}

impl<T> Candidate<T> {
    pub fn new(value: T, family: Family, from: impl Into<String>) -> Self {
        Candidate { value, family, from: from.into() }
    }
}

/// The outcome of an election: the winner, who agreed and who was outvoted.
#[derive(Debug)]
pub struct Elected<'a, T> {
    pub winner: &'a Candidate<T>,
    pub agreed: Vec<&'a Candidate<T>>,
    pub outvoted: Vec<&'a Candidate<T>>,
}

/// What an election weighs.
pub struct Rules<W, A> {
    /// The weight of a family's word.
    pub weight: W,
    /// Whether the first value supports the second.
    pub agree: A,
}

/// Elects among `candidates`, given in order of preference: each family's first candidate
/// speaks for it; the one whose value the most weight agrees with wins, the earlier on a tie.
pub fn elect<'a, T, W, A>(candidates: &'a [Candidate<T>], rules: &Rules<W, A>) -> Option<Elected<'a, T>>
where
    W: Fn(Family) -> f64,
    A: Fn(&T, &T) -> bool,
{
    let mut voters: Vec<&Candidate<T>> = Vec::new();
    for c in candidates {
        if !voters.iter().any(|v| v.family == c.family) {
            voters.push(c);
        }
    }
    let support = |c: &Candidate<T>| -> f64 {
        voters.iter().filter(|v| (rules.agree)(&v.value, &c.value)).map(|v| (rules.weight)(v.family)).sum()
    };
    let mut best: Option<(&Candidate<T>, f64)> = None;
    for v in &voters {
        let s = support(v);
        if best.is_none_or(|(_, b)| s > b + 1e-9) {
            best = Some((v, s));
        }
    }
    let (winner, _) = best?;
    let (agreed, outvoted) =
        voters.iter().filter(|v| !std::ptr::eq(**v, winner)).partition(|v| (rules.agree)(&v.value, &winner.value));
    Some(Elected { winner, agreed, outvoted })
}

impl<T> Elected<'_, T> {
    /// `JSON-LD datePublished; agreed by <time datetime>; preferred to <meta name="date">
    /// (2017-02-24)`, with `show` writing an outvoted value.
    pub fn reason(&self, show: impl Fn(&T) -> String) -> String {
        let mut out = self.winner.from.clone();
        if !self.agreed.is_empty() {
            let names: Vec<&str> = self.agreed.iter().map(|c| c.from.as_str()).collect();
            out.push_str(&format!("; agreed by {}", names.join(", ")));
        }
        if !self.outvoted.is_empty() {
            let names: Vec<String> = self.outvoted.iter().map(|c| format!("{} ({})", c.from, show(&c.value))).collect();
            out.push_str(&format!("; preferred to {}", names.join(", ")));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> Rules<impl Fn(Family) -> f64, impl Fn(&&str, &&str) -> bool> {
        Rules {
            weight: |f| match f {
                Family::LinkedData | Family::Meta => 3.0,
                _ => 2.0,
            },
            agree: |a: &&str, b: &&str| a == b,
        }
    }

    fn check(cands: &[(&'static str, Family)], expected: (&str, &str)) {
        let cs: Vec<Candidate<&str>> = cands.iter().map(|&(v, f)| Candidate::new(v, f, format!("{f:?}"))).collect();
        let e = elect(&cs, &rules()).unwrap();
        assert_eq!((e.winner.value, e.reason(|v| v.to_string()).as_str()), expected);
    }

    #[test]
    fn agreement_beats_rank() {
        use Family::*;
        check(
            &[("a", LinkedData), ("b", Meta), ("b", Visible)],
            ("b", "Meta; agreed by Visible; preferred to LinkedData (a)"),
        );
        check(&[("a", LinkedData), ("b", Visible)], ("a", "LinkedData; preferred to Visible (b)"));
        check(&[("a", LinkedData), ("b", Meta)], ("a", "LinkedData; preferred to Meta (b)"));
    }

    #[test]
    fn a_family_speaks_once() {
        use Family::*;
        check(&[("a", LinkedData), ("b", Visible), ("b", Visible)], ("a", "LinkedData; preferred to Visible (b)"));
        assert!(elect::<&str, _, _>(&[], &rules()).is_none());
    }
}
